"""Loading dumps: the seed's stories, furniture, line accounting and bad input."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import toolkit
from conftest import SEED
from toolkit import ToolkitWarning, dump_lines, load_dump
from toolkit.load import furniture_notes
from toolkit.schema import FURNITURE, KINDS

STORY_COLUMNS = [
    "story_id",
    "source",
    "start_line",
    "end_line",
    "topic",
    "text",
    "lede",
    "n_paragraphs",
    "n_words",
    "video_titles",
    "image_captions",
]


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def _accounted(stories: pd.DataFrame, lines: pd.DataFrame) -> None:
    """Every line sits in exactly one story's range and in its text or a furniture column."""
    for source, group in lines.groupby("source"):
        mine = stories[stories["source"] == source].sort_values("start_line")
        assert mine["start_line"].iloc[0] == 1
        assert mine["end_line"].iloc[-1] == len(group)
        assert (
            mine["start_line"].iloc[1:].to_numpy() == mine["end_line"].iloc[:-1].to_numpy() + 1
        ).all()
        assert list(group["line_no"]) == list(range(1, len(group) + 1))
    by_id = stories.set_index("story_id")
    for story_id, group in lines.groupby("story_id"):
        story = by_id.loc[story_id]
        body = group[group["kind"] == "body"]["text"].tolist()
        assert story["text"] == "\n".join(body)
        assert list(story["video_titles"]) == group[group["kind"] == "video_title"]["text"].tolist()
        assert (
            list(story["image_captions"])
            == group[group["kind"] == "image_caption"]["text"].tolist()
        )
        assert set(group["line_no"]) == set(range(story["start_line"], story["end_line"] + 1))


# --------------------------------------------------------------------------- the seed


def test_seed_loads_as_four_stories(seed_stories):
    assert list(seed_stories["start_line"]) == [1, 31, 58, 87]
    assert list(seed_stories["end_line"]) == [30, 57, 86, 87]
    assert seed_stories["topic"].tolist()[:3] == ["Kosovo", "Online Safety Bill", "Jeremy Corbyn"]
    assert seed_stories["topic"].isna().tolist() == [False, False, False, True]


def test_seed_columns_and_dtypes(seed_stories):
    assert list(seed_stories.columns[: len(STORY_COLUMNS) + 1]) != []
    for col in STORY_COLUMNS:
        assert col in seed_stories.columns
    for col in ("story_id", "source", "topic", "text", "lede"):
        assert seed_stories[col].dtype == "string", col
    for col in ("start_line", "end_line", "n_paragraphs", "n_words"):
        assert seed_stories[col].dtype == "Int64", col
    assert seed_stories["source"].unique().tolist() == [SEED.name]


def test_seed_texts_have_no_furniture(seed_stories):
    for text in seed_stories["text"]:
        assert "video player" not in text
        assert "More on" not in text
        assert "Related Topics" not in text
        assert "Image:" not in text
        assert not any(line.strip() in {"1:30", "3:53", "5:23"} for line in text.split("\n"))


def test_seed_furniture_goes_to_its_columns(seed_stories):
    kosovo = seed_stories.iloc[0]
    assert kosovo["video_titles"] == [
        "PM confirms ‘return hubs’ plan",
        "Are ‘return hubs’ the new Rwanda plan?",
    ]
    assert len(kosovo["image_captions"]) == 1 and kosovo["image_captions"][0].startswith("Image: ")
    assert kosovo["lede"].startswith("Kosovo will be one of the countries")
    assert seed_stories.iloc[3]["n_paragraphs"] == 1


def test_seed_line_kinds(seed_lines):
    kinds = seed_lines.set_index("line_no")["kind"]
    assert kinds[6] == "topic_tag" and kinds[7] == "related_topics"
    assert (
        kinds[9] == "video_notice" and kinds[10] == "video_duration" and kinds[11] == "video_title"
    )
    assert kinds[23] == "image_caption"
    assert set(seed_lines["kind"].cat.categories) == set(KINDS)


def test_seed_every_line_accounted_for(seed_stories, seed_lines):
    assert len(seed_lines) == 87
    _accounted(seed_stories, seed_lines)


def test_story_ids_are_stable(seed_stories):
    again = load_dump(SEED)
    assert again["story_id"].tolist() == seed_stories["story_id"].tolist()
    assert seed_stories["story_id"].is_unique


def test_paths_file_directory_glob_and_list(tmp_path):
    a = _write(tmp_path, "a.txt", "First story paragraph.\nSecond paragraph.\n")
    b = _write(tmp_path, "b.txt", "Another story.\n")
    _write(tmp_path, "notes.md", "not a dump\n")
    assert load_dump(a)["source"].tolist() == ["a.txt"]
    assert load_dump(tmp_path)["source"].tolist() == ["a.txt", "b.txt"]
    assert load_dump(str(tmp_path / "*.txt"))["source"].tolist() == ["a.txt", "b.txt"]
    assert load_dump([b, a])["source"].tolist() == ["b.txt", "a.txt"]


def test_colliding_file_names_stay_distinct(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    _write(tmp_path / "x", "dump.txt", "One.\n")
    _write(tmp_path / "y", "dump.txt", "Two.\n")
    stories = load_dump([tmp_path / "x", tmp_path / "y"])
    assert stories["source"].tolist() == ["x/dump.txt", "y/dump.txt"]


# --------------------------------------------------------------------------- line numbers


def test_lines_end_at_newline_only(tmp_path):
    weird = "a\x0bb\x0cc\x1cd\x1de\x1ef\x85g\u2028h\u2029i"
    path = _write(tmp_path, "w.txt", f"First line.\n{weird}\nThird line.")
    lines = dump_lines(path)
    assert lines["line_no"].tolist() == [1, 2, 3]
    assert lines["text"].tolist()[::2] == ["First line.", "Third line."]
    # ftfy reads a stray C1 control (\x85) as the cp1252 ellipsis; the raw line is kept.
    assert lines["original"].iloc[1] == weird


def test_crlf_and_bom(tmp_path):
    path = _write(
        tmp_path, "crlf.txt", b"\xef\xbb\xbfOne paragraph.\r\nTwo paragraph.\r\n\r\nThree.\r\n"
    )
    lines = dump_lines(path)
    assert lines["text"].tolist() == ["One paragraph.", "Two paragraph.", "", "Three."]
    assert lines["kind"].tolist()[2] == "blank"
    assert load_dump(path)["text"].iloc[0].startswith("One paragraph.")


def test_cp1252_decodes_with_a_warning(tmp_path):
    path = _write(
        tmp_path, "cp.txt", "Prices rose to €5 – “sharply”, said the café.\n".encode("cp1252")
    )
    with pytest.warns(ToolkitWarning, match=r"cp\.txt:1: not valid UTF-8"):
        stories = load_dump(path)
    assert stories["text"].iloc[0] == "Prices rose to €5 – “sharply”, said the café."


def test_mojibake_is_repaired_and_original_kept(tmp_path):
    path = _write(tmp_path, "m.txt", "The deal was worth Â£5m, it said.\nIt\u2019s fine.\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        lines = dump_lines(path)
    assert lines["text"].iloc[0] == "The deal was worth £5m, it said."
    assert lines["original"].iloc[0] == "The deal was worth Â£5m, it said."
    assert pd.isna(lines["original"].iloc[1])
    assert "£5m" in load_dump(path)["text"].iloc[0]


def test_characters_lost_before_saving_are_named(tmp_path):
    # "”" read as cp1252 and then saved with its last byte lost: no repair brings it
    # back, so the user hears where the text is damaged.
    path = _write(
        tmp_path, "lost.txt", "Ministers want “return hubs\ufffd abroad.\nKosovo agreed.\n"
    )
    with pytest.warns(ToolkitWarning, match=r"lost\.txt:1: 1 line\(s\) hold .*U\+FFFD"):
        stories = load_dump(path)
    assert "return hubs\ufffd" in stories["text"].iloc[0]


def test_ten_megabyte_line(tmp_path):
    big = ("word " * 2_000_000).strip()
    path = _write(tmp_path, "big.txt", f"Short lede.\n{big}\nLast.\n")
    lines = dump_lines(path)
    assert len(lines) == 3 and lines["text"].iloc[1] == big


# --------------------------------------------------------------------------- furniture shapes


def test_furniture_recognised_by_shape_not_exact_strings(tmp_path):
    dump = "\n".join(  # noqa: FLY002 - one item per dump line
        [
            "Ministers met in Brussels on Monday to agree a new budget for farming.",
            "This video can not be played",
            "12:03",
            "Farmers protest in the capital",
            "Image: Tractors blocked roads near parliament. Picture: Reuters",
            "More on EU budget",
            "Related topics",
            "The talks continue on Tuesday.",
            "Use a different browser to watch this video",
            "0:45",
            "Why farmers are angry.",
            "The commissioner said the budget was final.",
        ]
    )
    lines = dump_lines(_write(tmp_path, "shape.txt", dump))
    assert lines["kind"].tolist() == [
        "body",
        "video_notice",
        "video_duration",
        "video_title",
        "image_caption",
        "topic_tag",
        "related_topics",
        "body",
        "video_notice",
        "video_duration",
        "video_title",
        "body",
    ]
    story = load_dump(tmp_path / "shape.txt").iloc[0]
    assert story["topic"] == "EU budget"
    assert story["video_titles"] == ["Farmers protest in the capital", "Why farmers are angry."]


def test_segmentation_reads_titles_and_captions_without_labels_or_credits():
    # Their words are evidence of which story they sit in; "Image", "Pic" and the
    # agency are on every caption of every story, so they would tie stories together.
    lines = [
        "Image: A caption before any paragraph. Pic: PA",
        "Ministers met in Brussels.",
        "Farmers protest in the capital",
        "Image 2: Tractors blocked roads. Picture: Reuters",
        "The talks continue.",
    ]
    kinds = ["image_caption", "body", "video_title", "image_caption", "body"]
    assert furniture_notes(lines, kinds) == [
        (-1, " A caption before any paragraph"),
        (0, "Farmers protest in the capital"),
        (0, " Tractors blocked roads"),
    ]


def test_body_lines_that_mention_furniture_words_stay_body(tmp_path):
    dump = "\n".join(  # noqa: FLY002 - one item per dump line
        [
            "The firm launched a video player for its smart televisions last year.",
            "More on that decision is expected from the regulator next week.",
            "Image quality has improved, reviewers said.",
        ]
    )
    kinds = dump_lines(_write(tmp_path, "b.txt", dump))["kind"].tolist()
    assert kinds == ["body", "body", "body"]


def test_no_furniture_reaches_text(tmp_path):
    dump = "A paragraph.\nPlease use Chrome browser for a more accessible video player\n1:30\nA title\nMore on Tax\nRelated Topics:\nEnd.\n"
    lines = dump_lines(_write(tmp_path, "f.txt", dump))
    story = load_dump(tmp_path / "f.txt").iloc[0]
    for text in lines[lines["kind"].isin(FURNITURE)]["text"]:
        assert text not in story["text"].split("\n")


# --------------------------------------------------------------------------- given starts


def test_saved_story_starts_reload_the_same_stories(seed_stories):
    # A published analysis pins its stories: a later segmenter cannot move them. Its
    # cuts are no longer the segmenter's, so they have no margin.
    again = load_dump(SEED, starts=seed_stories[["source", "start_line"]])
    pd.testing.assert_frame_equal(
        again.drop(columns="cut_margin"), seed_stories.drop(columns="cut_margin")
    )
    assert again["cut_margin"].isna().all()
    assert dump_lines(SEED, starts=seed_stories)["cut_margin"].isna().all()


def test_cut_margins_say_how_sure_each_cut_is(seed_stories, seed_lines):
    # A file's first story has no cut; each other cut the segmenter made has a positive
    # margin, the same in both frames.
    assert seed_stories["cut_margin"].dtype == "Float64"
    assert seed_lines["cut_margin"].dtype == "Float64"
    assert pd.isna(seed_stories["cut_margin"].iloc[0])
    assert (seed_stories["cut_margin"].iloc[1:] > 0).all()
    weighed = seed_lines.dropna(subset=["cut_margin"])
    assert set(weighed["kind"]) == {"body"}
    made = weighed[weighed["cut_margin"] > 0]
    assert made["line_no"].tolist() == seed_stories["start_line"].iloc[1:].tolist()
    assert made["cut_margin"].tolist() == seed_stories["cut_margin"].iloc[1:].tolist()
    # Body lines where no cut was made but one was weighed have negative margins.
    assert len(weighed) > len(made) and (weighed.drop(made.index)["cut_margin"] < 0).all()


def test_given_starts_replace_the_segmenters_in_their_file_only(tmp_path):
    first = _write(tmp_path, "a.txt", SEED.read_bytes())
    _write(tmp_path, "b.txt", SEED.read_bytes())
    # The second story now holds two tags: it takes the first one's topic, and says so.
    with pytest.warns(ToolkitWarning, match=r"a.txt:31: .* holds the tags at lines 41, 66"):
        stories = load_dump(tmp_path, starts={"a.txt": [31, 87]})
    mine = stories[stories["source"] == "a.txt"]
    assert mine["start_line"].tolist() == [1, 31, 87]
    assert mine["end_line"].tolist() == [30, 86, 87]
    assert mine["topic"].tolist()[:2] == ["Kosovo", "Online Safety Bill"]
    assert stories[stories["source"] == "b.txt"]["start_line"].tolist() == [1, 31, 58, 87]
    with pytest.warns(ToolkitWarning, match="holds the tags"):
        lines = dump_lines(tmp_path, starts={"a.txt": [31, 87]})
    _accounted(stories, lines)
    # Line 1 is a start whether given or not; a repeated line counts once.
    with pytest.warns(ToolkitWarning, match="holds the tags"):
        once = load_dump(first, starts={"a.txt": [1, 31, 31]})
    assert once["start_line"].tolist() == [1, 31]


def test_given_starts_may_be_text_from_an_edited_table():
    name = SEED.name
    assert load_dump(SEED, starts={name: ["31", " 58 ", 87.0]})["start_line"].tolist() == [
        1,
        31,
        58,
        87,
    ]


def test_given_start_on_furniture_warns_of_a_story_without_paragraphs():
    with pytest.warns(ToolkitWarning, match=r":6: the story given to start here has no body"):
        stories = load_dump(SEED, starts={SEED.name: [6, 8, 31, 58]})
    assert stories["n_paragraphs"].tolist()[1] == 0


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (7, """:7: starts gives line 7 for '000_17ce1404ae1f217e.txt', which is the "Related Topics:" line of the "More on" tag at line 6; a story cannot start inside it: start at line 6 (the "More on" tag goes with the new story), or start at line 8, the next paragraph, or drop this start"""),
        (10, "which is the duration of the video at line 9; a story cannot start inside it: start at line 9 (the video goes with the new story), or start at line 12, the next paragraph, or drop this start"),
        (11, "which is the title of the video at line 9"),
    ],
)  # fmt: skip
def test_given_start_inside_a_furniture_group_names_where_it_could_start(line, message):
    # A video's notice, duration and title, or a tag and its "Related Topics:" line, are
    # one group: a story starting between them would take half of it.
    with pytest.raises(toolkit.InputError) as err:
        load_dump(SEED, starts={SEED.name: [line]})
    assert message in str(err.value)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (2, "line 2 for 'x.txt', which is a blank line inside the \"More on\" tag at line 1; a story cannot start inside it: start at line 4, the next paragraph, or drop this start"),
        (6, "which is a blank line inside the video at line 5; a story cannot start inside it: drop this start"),
        (7, "which is the duration of the video at line 5; a story cannot start inside it: drop this start"),
    ],
)  # fmt: skip
def test_blank_lines_inside_a_furniture_group_belong_to_it(tmp_path, line, message):
    lines = [
        "More on Leeds",
        "",
        "Related Topics:",
        "The library will close.",
        "Please use Chrome browser for a more accessible video player",
        "",
        "2:10",
    ]
    path = _write(tmp_path, "x.txt", ("\n".join(lines) + "\n").encode())
    with pytest.raises(toolkit.InputError) as err:
        load_dump(path, starts={"x.txt": [line]})
    assert message in str(err.value)


@pytest.mark.parametrize(
    "change",
    [
        lambda data: b"A new first paragraph.\n" + data,  # every line moves
        lambda data: data + b"One more line at the end.\n",  # only the last story changes
        lambda data: data.replace(b"Western Balkan", b"western Balkan", 1),  # one word
    ],
)
def test_pinning_a_changed_file_warns(tmp_path, change):
    path = _write(tmp_path, "x.txt", SEED.read_bytes())
    saved = load_dump(path)
    path.write_bytes(change(SEED.read_bytes()))
    message = "x.txt: the file has changed since the stories table was saved"
    with pytest.warns(ToolkitWarning, match=message):
        load_dump(path, starts=saved)
    with pytest.warns(ToolkitWarning, match=message):
        dump_lines(path, starts=saved)


def test_each_story_carries_its_files_lines_hash(tmp_path):
    import hashlib

    data = SEED.read_bytes()
    _write(tmp_path, "a.txt", data)
    _write(tmp_path, "b.txt", b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"))  # same lines
    _write(tmp_path, "c.txt", data + b"More.\n")
    stories = load_dump(tmp_path)
    sha = {name: set(rows["lines_sha256"]) for name, rows in stories.groupby("source")}
    lines = data.decode("utf-8").removesuffix("\n")
    assert sha["a.txt"] == {hashlib.sha256(lines.encode("utf-8")).hexdigest()}
    assert sha["b.txt"] == sha["a.txt"]
    assert sha["c.txt"] != sha["a.txt"]


def test_line_endings_alone_do_not_count_as_a_change(tmp_path):
    path = _write(tmp_path, "x.txt", SEED.read_bytes())
    saved = load_dump(path)
    path.write_bytes(SEED.read_bytes().replace(b"\n", b"\r\n"))  # a Windows checkout
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_dump(path, starts=saved)


def test_rows_without_a_hash_fall_back_to_story_ids(tmp_path):
    # A table from an earlier release concatenated with a new one: blank hashes.
    path = _write(tmp_path, "x.txt", SEED.read_bytes())
    saved = load_dump(path).assign(lines_sha256=pd.NA)
    path.write_bytes(b"A new first paragraph.\n" + SEED.read_bytes())
    with pytest.warns(ToolkitWarning, match="x.txt: none of the 4 stories given for it"):
        load_dump(path, starts=saved)


def test_pinning_with_a_table_saved_without_hashes_judges_by_story_ids(tmp_path):
    path = _write(tmp_path, "x.txt", SEED.read_bytes())
    saved = load_dump(path).drop(columns="lines_sha256")
    path.write_bytes(b"A new first paragraph.\n" + SEED.read_bytes())
    with pytest.warns(ToolkitWarning, match="x.txt: none of the 4 stories given for it"):
        load_dump(path, starts=saved)


def test_hand_edits_to_a_saved_table_do_not_warn():
    edited = load_dump(SEED)
    edited.loc[edited["start_line"] == 31, "start_line"] = 32
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_dump(SEED, starts=edited[edited["start_line"] != 87])


@pytest.mark.parametrize(
    ("starts", "message"),
    [
        ({"other.txt": [3]}, "starts names 1 file(s) not loaded here: 'other.txt'; loaded: 'seed.txt'"),
        ({"seed.txt": [0]}, "seed.txt: starts gives 0 for 'seed.txt', which is no line to start a story at; valid start lines are whole numbers from 1 to 87"),
        ({"seed.txt": [88]}, "starts gives 88 for 'seed.txt'"),
        ({"seed.txt": [2.5]}, "starts gives 2.5 for 'seed.txt'"),
        ({"seed.txt": ["58a"]}, "starts gives '58a' for 'seed.txt'"),
        ({"seed.txt": [True]}, "starts gives True for 'seed.txt'"),
        ({"seed.txt": 31}, "starts['seed.txt'] is 31; give a list of start lines"),
        ({"seed.txt": "31, 58"}, "starts['seed.txt'] is '31, 58'; give a list"),
        (pd.DataFrame({"source": ["seed.txt"]}), "no 'start_line' column (columns: source)"),
        (pd.DataFrame({"source": ["seed.txt"], "start_line": [None]}), "'start_line' has missing values in rows 0"),
        (pd.DataFrame({"source": [None, "x.txt"], "start_line": [31, 58]}), "'source' has missing values in rows 0"),
        ([31], "starts takes a mapping of source to start lines or a frame"),
    ],
)  # fmt: skip
def test_bad_given_starts_name_the_file_and_line(tmp_path, starts, message):
    _write(tmp_path, "seed.txt", SEED.read_bytes())
    with pytest.raises(toolkit.ToolkitError) as err:
        load_dump(tmp_path / "seed.txt", starts=starts)
    assert message in str(err.value)


# --------------------------------------------------------------------------- bad input


def test_missing_path():
    with pytest.raises(toolkit.ToolkitError, match="no-such-file.txt: no such file"):
        load_dump("no-such-file.txt")


def test_directory_without_dumps(tmp_path):
    with pytest.raises(toolkit.InputError, match="has no \\*.txt dumps"):
        load_dump(tmp_path)


def test_glob_without_matches(tmp_path):
    with pytest.raises(toolkit.InputError, match="glob matches no files"):
        load_dump(str(tmp_path / "*.txt"))


@pytest.mark.parametrize("content", [b"", b"\n\n  \r\n"])
def test_empty_file(tmp_path, content):
    path = _write(tmp_path, "empty.txt", content)
    with pytest.raises(toolkit.InputError, match="empty.txt: file is empty"):
        load_dump(path)


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "a PDF document"),
        (b"{\\rtf1\\ansi {\\fonttbl {\\f0 Times;}}\nKosovo will be asked.\n}", "an RTF document"),
        (b"\xef\xbb\xbf\n<!DOCTYPE html>\n<html><body><p>A story.</p></body></html>\n", "an HTML or XML page"),
        ("\ufeff<html lang=en>\n<p>A story.</p>\n".encode("utf-16-le"), "an HTML or XML page"),
        (b'<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN">\n', "an HTML or XML page"),
    ],
)  # fmt: skip
def test_text_documents_that_are_not_dumps(tmp_path, content, what):
    # Plain ASCII, so the binary check passes them: their markup would load as stories.
    path = _write(tmp_path, "saved.txt", content)
    with pytest.raises(toolkit.InputError, match=f"saved.txt: looks like {what}, not a text dump"):
        load_dump(path)


def test_binary_file(tmp_path):
    path = _write(tmp_path, "pic.txt", bytes(range(256)) * 40)
    with pytest.raises(toolkit.InputError, match="pic.txt: looks like a binary file"):
        dump_lines(path)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_read_with_a_warning_saying_how_to_fix_it(tmp_path, encoding):
    text = (
        "Kosovo will be asked to take migrants.\nMore on Kosovo\nThe caf\u00e9 \u201cwon\u201d.\n"
    )
    path = _write(tmp_path, "x.txt", text.encode(encoding))
    name = encoding.replace("-16-", "-16")
    with pytest.warns(ToolkitWarning, match=f"x.txt: looks like {encoding.upper()} text without a byte-order mark.*iconv -f {name} -t utf-8") as caught:  # fmt: skip
        lines = dump_lines(path)
    assert len(caught) == 1
    assert lines["text"].tolist() == text.splitlines()
    page = _write(tmp_path, "page.txt", "<!DOCTYPE html>\n<p>A story.</p>\n".encode(encoding))
    with pytest.raises(toolkit.InputError, match="page.txt: looks like an HTML or XML page"):
        load_dump(page)
    cut = _write(tmp_path, "cut.txt", text.encode(encoding)[:-1])  # half a character
    with pytest.raises(toolkit.InputError, match=f"cut.txt: looks like {encoding.upper()}.*save it as UTF-8"):  # fmt: skip
        load_dump(cut)


def test_a_folder_reads_txt_in_any_case_and_names_what_it_holds_without(tmp_path):
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    _write(tmp_path / "a", "STORY.TXT", "Kosovo will be asked to take migrants.\n")
    _write(tmp_path / "a", "b.txt", "The council met on Monday.\n")
    _write(tmp_path / "a", "c.Txt", "The mayor spoke on Tuesday.\n")
    assert load_dump(tmp_path / "a")["source"].tolist() == ["STORY.TXT", "b.txt", "c.Txt"]
    _write(tmp_path / "b", "story.docx", b"PK")
    with pytest.raises(toolkit.InputError, match=r"no \*.txt dumps \(it holds story.docx\)"):
        load_dump(tmp_path / "b")


def test_one_bad_file_fails_the_whole_load(tmp_path):
    _write(tmp_path, "a.txt", "Fine story.\n")
    _write(tmp_path, "b.txt", b"")
    with pytest.raises(toolkit.InputError, match="b.txt"):
        load_dump(tmp_path)


@pytest.mark.parametrize("paths", [[42], 42, None])
def test_not_a_path(paths):
    with pytest.raises(toolkit.InputError, match="expected a path"):
        load_dump(paths)


# --------------------------------------------------------------------------- real pages (issue 21)

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"


@pytest.mark.parametrize(
    "name",
    ["live_blog", "explainer", "news_page", "furniture_only", "wire_stories", "local_day1",
     "sport_page"],
)  # fmt: skip
def test_page_fixtures_give_every_line_its_expected_kind(name):
    expected = (PAGES / f"{name}.kinds").read_text().split()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ToolkitWarning)
        lines = dump_lines(PAGES / f"{name}.txt")
    assert lines["kind"].astype(str).tolist() == expected
    assert set(expected) <= set(KINDS)


def test_a_time_stamp_is_no_video_duration_and_the_sentence_after_it_stays_text():
    stories = load_dump(PAGES / "live_blog.txt")
    sentence = (
        "The transport secretary told MPs that the consultation had closed and the responses "
        "were being read."
    )
    assert sentence in stories["text"].iloc[0].split("\n")
    assert stories["video_titles"].iloc[0] == []


def test_headlines_with_no_byline_after_them_head_their_stories():
    # A local paper: a headline after the last story's "Related:" link; a sports page:
    # a headline straight after the last story's text. Neither is a lede.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ToolkitWarning)
        stories = load_dump([PAGES / "local_day1.txt", PAGES / "sport_page.txt"])
    assert stories["start_line"].tolist() == [1, 14, 1, 9]
    assert stories["headline"].tolist() == [
        "Council approves plans for new leisure centre on former bus depot site",
        "Rescued owl returned to the wild after six weeks in care",
        "Leeds 2-1 Everton: Late Moreno header keeps Leeds top of the table",
        "Wigan Athletic appoint former Bolton defender as head coach",
    ]
    assert (
        stories["lede"]
        .str.startswith(("Plans for", "A tawny owl", "Leeds came", "Wigan Athletic have"))
        .all()
    )
    assert "Millbridge town centre parking charges to rise in April" in stories["links"].iloc[0]


def test_a_story_saved_after_an_edited_copy_is_no_part_of_the_copy():
    # Day 2 holds the leisure-centre story again, edited, then a new story under its own
    # headline: the new story must not be glued onto the copy and dropped with it.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ToolkitWarning)
        stories = load_dump([PAGES / "local_day1.txt", PAGES / "local_day2.txt"])
    day2 = stories[stories["source"] == "local_day2.txt"]
    assert day2["start_line"].tolist() == [1, 14]
    assert day2["duplicate_of"].notna().tolist() == [True, False]
    assert day2["headline"].iloc[1] == "Bin collections moved after bank holiday"


def test_a_headline_after_a_tag_starts_a_story_and_a_subhead_after_links_does_not(tmp_path):
    # A tag ends a story for certain; "Read more" links may sit inside one, with a subhead
    # after them. A line taken for a headline that opens no story is no story's headline.
    lines = [
        "Millbridge council has set out its spending plans, with a 4.99% rise in council tax.",
        "The budget includes £3m of new investment in the town centre and its parks.",
        "Opposition councillors said the rise would hit families and called for reserves to be used.",
        "More on Millbridge",
        "Man jailed for garden shed burglaries",
        "A man has been jailed for four years after a series of burglaries at garden sheds.",
        "Daniel Hope, 34, of Mill Lane, admitted 11 counts of burglary at Millbridge Crown Court.",
        "More on Crime",
    ]  # fmt: skip
    stories = load_dump(_write(tmp_path, "tagged.txt", "\n".join(lines) + "\n"))
    assert stories["start_line"].tolist() == [1, 5]
    assert stories["headline"].isna().tolist() == [True, False]
    lines = [
        "Firefighters spent six hours tackling a blaze at a block of flats on Wednesday night.",
        "Twelve crews were called to Mercer House, and about 40 residents were evacuated.",
        "Nobody was seriously hurt, although two people were treated for smoke inhalation.",
        "Read more: Fire service warns over chip pan fires",
        "Questions over cladding and inspections",
        "The building was inspected by the council in 2021, and a report recommended new panels.",
        "Ministers have promised to speed up the removal of unsafe panels from tall buildings.",
    ]  # fmt: skip
    stories = load_dump(_write(tmp_path, "inside.txt", "\n".join(lines) + "\n"))
    assert len(stories) == 1 and pd.isna(stories["headline"].iloc[0])
    assert stories["subheads"].iloc[0] == ["Questions over cladding and inspections"]


def test_a_broken_first_line_or_a_sentence_naming_a_contributor_stays_text(tmp_path):
    lines = [
        "Hundreds of homes across Millbridge and Ashford",
        "were left without power on Sunday after high winds brought down lines.",
        "Food North East, which contributed to this report, said the discount must be extended.",
        "By Sunday Bloomberg reported the deal was off",
    ]  # fmt: skip
    path = _write(tmp_path, "t.txt", "\n".join(lines) + "\n")
    assert dump_lines(path)["kind"].tolist() == ["body"] * 4


def test_a_wire_storys_byline_and_credit_are_no_text():
    stories = load_dump(PAGES / "wire_stories.txt")
    assert stories["bylines"].tolist() == [
        ["JANE DOE Associated Press",
         "Associated Press writer Robert Klein in Omaha, Nebraska, contributed to this report."],
        ["MARCUS HILL AP Sports Writer"],
    ]  # fmt: skip
    assert not stories["text"].str.contains("contributed to this report|^By ", regex=True).any()
    # The wire's dateline is where and from whom, not the story: the line keeps it.
    assert stories["lede"].str.startswith(("A Senate committee", "Quinn Ellery threw")).all()
    lines = dump_lines(PAGES / "wire_stories.txt")
    assert lines["original"].dropna().str.startswith(("WASHINGTON (AP) — ", "DALLAS (AP) — ")).all()


def test_a_live_blogs_paragraphs_keep_the_time_of_their_entry():
    stories = load_dump([PAGES / "live_blog.txt", PAGES / "news_page.txt"])
    live, page = stories.iloc[0], stories.iloc[1]
    assert live["entry_times"] == ["10:42", "10:42", "09:58", "09:58", "09:31 BST"]
    assert len(live["entry_times"]) == len(live["paragraph_lines"])
    assert page["entry_times"] == []  # no stamps, no times


def test_a_live_blogs_entries_are_one_story_whatever_each_is_about():
    # A flood, then the trains, then the forecast: time-stamped entries of one page. The
    # segmenter alone cut the page at its second entry (a close call, margin 0.6).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ToolkitWarning)
        stories = load_dump(PAGES / "live_blog_two_subjects.txt")
    assert stories["start_line"].tolist() == [1, 18]
    assert stories["topic"].tolist() == ["Weather", "Transport"]


def test_a_sentence_after_a_video_duration_is_no_title(tmp_path):
    path = _write(tmp_path, "v.txt", "Ministers met on Monday.\nThis video can not be played\n"
                  "1:30\nThe minister told MPs that the plan would be published next week.\n")  # fmt: skip
    assert dump_lines(path)["kind"].tolist() == ["body", "video_notice", "video_duration", "body"]


def test_page_furniture_leaves_text_and_fills_its_columns():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ToolkitWarning)
        stories = load_dump(
            [PAGES / "explainer.txt", PAGES / "news_page.txt", PAGES / "live_blog.txt"]
        )
    text = "\n".join(stories["text"])
    for furniture in ("Read more", "https://", "KEY POINTS", "WHAT HAPPENS NEXT?", "By Martin",
                      "Follow us", "newsletter", "Download the", "10:42", "2026 10:22", "•"):  # fmt: skip
        assert furniture not in text, furniture
    explainer = stories[stories["source"] == "explainer.txt"].iloc[0]
    assert explainer["subheads"] == ["KEY POINTS", "WHAT HAPPENS NEXT?"]
    assert explainer["links"] == [
        "Why are water bills going up?", "Sewage spills reach a record high",
        "https://www.example.org/news/water-bills-explained",
    ]  # fmt: skip
    assert explainer["published"] == "3 March 2026"
    assert "Bills rise by an average of 4.1% from 1 April" in explainer["text"].split("\n")
    # Headlines after a bare "Read more:" are furniture by context only: listed as guesses.
    assert explainer["furniture_guesses"] == [12, 13]
    news = stories[stories["source"] == "news_page.txt"].iloc[0]
    assert news["bylines"] == ["Martin Delaney"] and news["published"] == "2 hours ago"
    assert news["links"] == ["Housing targets raised for every council"]
    live = stories[stories["source"] == "live_blog.txt"].iloc[0]
    assert live["bylines"] == ["Priya Okafor and Tom Hale, transport reporters"]
    assert live["published"] == "Friday 11 September 2026 10:22, UK"


def test_bullets_keep_their_text_without_the_marker(tmp_path):
    path = _write(
        tmp_path, "b.txt", "Fares will rise in March.\n• Fares rise by 4.6%\n- Season tickets too\n"
    )
    lines = dump_lines(path)
    assert lines["kind"].tolist() == ["body", "bullet", "bullet"]
    assert lines["text"].tolist()[1:] == ["Fares rise by 4.6%", "Season tickets too"]
    assert lines["original"].tolist()[1:] == ["• Fares rise by 4.6%", "- Season tickets too"]
    assert load_dump(path)["text"].iloc[0].split("\n")[1:] == lines["text"].tolist()[1:]


def test_html_entities_in_a_tag_are_decoded(tmp_path):
    path = _write(
        tmp_path,
        "t.txt",
        "Police made three arrests.\nMore on Crime &amp; Justice\nRelated Topics:\n",
    )
    assert load_dump(path)["topic"].tolist() == ["Crime & Justice"]


def test_a_body_line_starting_more_on_is_no_tag(tmp_path):
    path = _write(
        tmp_path,
        "t.txt",
        "MPs vote on Tuesday.\nMore on Tuesday's vote below\nThe vote is close.\n",
    )
    assert dump_lines(path)["kind"].tolist() == ["body", "body", "body"]
    assert load_dump(path)["topic"].isna().all()


def test_a_cut_forced_by_adjacent_tags_is_a_close_call(tmp_path):
    path = _write(tmp_path, "t.txt", "\n".join([
        "Kosovo will take failed asylum seekers, the minister said.", "More on Kosovo",
        "Related Topics:", "More on Chelsea", "Related Topics:",
        "Chelsea beat Arsenal 2-0 at Stamford Bridge on Saturday.",
    ]) + "\n")  # fmt: skip
    stories = load_dump(path)
    assert stories["topic"].tolist() == ["Kosovo", "Chelsea"]
    assert stories["start_line"].tolist() == [1, 4]
    assert stories["cut_margin"].iloc[1] == 0.0  # among the close calls (|margin| < 4)


def test_furniture_only_file_makes_no_story_and_warns_naming_its_lines():
    with pytest.warns(ToolkitWarning, match=r"furniture_only.txt:1-5: no line of the file"):
        stories = load_dump(PAGES / "furniture_only.txt")
    assert stories.empty
    with pytest.warns(ToolkitWarning):
        lines = dump_lines(PAGES / "furniture_only.txt")
    assert len(lines) == 5 and lines["story_id"].isna().all()


def test_tags_at_the_end_of_a_file_make_no_empty_story():
    stories = load_dump(PAGES / "news_page.txt")
    assert (stories["text"].str.len() > 0).all()
    assert stories["end_line"].iloc[-1] == 21 and stories["topic"].iloc[-1] == "Pay"


def test_a_byline_and_date_before_a_story_go_with_it(tmp_path):
    path = _write(tmp_path, "b.txt", "\n".join([
        "Kosovo will take failed asylum seekers, the minister said on a visit to Pristina.",
        "The Kosovo president said talks with the minister had gone well in Pristina.",
        "More on Kosovo", "By Jane Smith", "Monday 5 January 2026",
        "Chelsea beat Arsenal two nil at Stamford Bridge as the striker scored twice.",
        "The Chelsea manager praised the striker and the Stamford Bridge crowd.", "More on Chelsea",
    ]) + "\n")  # fmt: skip
    stories = load_dump(path)
    assert stories["start_line"].tolist() == [1, 4]
    assert stories["bylines"].tolist() == [[], ["Jane Smith"]]
    assert stories["published"].tolist()[1] == "Monday 5 January 2026"
    assert stories["cut_margin"].iloc[1] > 4  # the cut's margin, from its first paragraph


def test_a_headline_before_a_dateline_or_byline_is_no_paragraph(tmp_path):
    path = _write(tmp_path, "h.txt", "\n".join([
        "Hospital waiting lists hit a record high",
        "Wednesday 4 March 2026 07:00, UK",
        "The number of patients waiting more than a year rose again in March, figures show.",
        "The hospital trust said it had opened two new wards to cut the waits.",
        "More on Health",
        "Chelsea beat Arsenal in the derby",
        "By Jane Smith",
        "Chelsea beat Arsenal two nil at Stamford Bridge as the striker scored twice.",
        "The Chelsea manager praised the striker and the Stamford Bridge crowd.",
        # A sentence before a byline stays text: it ends with a full stop.
        "The club said the ground was full.",
        "By Tom Hughes",
        "More on Chelsea",
    ]) + "\n")  # fmt: skip
    stories = load_dump(path)
    assert stories["headline"].tolist() == [
        "Hospital waiting lists hit a record high", "Chelsea beat Arsenal in the derby"
    ]  # fmt: skip
    assert stories["start_line"].tolist() == [1, 6]
    assert stories["lede"].iloc[0].startswith("The number of patients")
    assert "Hospital waiting" not in stories["text"].iloc[0]
    assert "The club said the ground was full." in stories["text"].iloc[1]
    assert 1 in stories["furniture_guesses"].iloc[0]  # known by its neighbours only
    lines = dump_lines(path)
    assert lines.loc[lines["line_no"].isin([1, 6]), "kind"].tolist() == ["headline"] * 2


@pytest.mark.parametrize("name", ["saved_page.txt", "template_page.txt"])
def test_saved_web_pages_are_refused(name):
    with pytest.raises(toolkit.InputError, match=rf"{name}: looks like an HTML or XML page"):
        load_dump(PAGES / name)


def test_on_error_skip_goes_past_bad_files_and_lists_them(tmp_path):
    good = _write(tmp_path, "good.txt", "The council met on Monday to agree the budget.\n")
    _write(tmp_path, "empty.txt", "")
    _write(tmp_path, "page.txt", (PAGES / "saved_page.txt").read_bytes())
    with pytest.raises(toolkit.InputError, match="empty.txt"):
        load_dump(tmp_path)  # strict by default
    with pytest.warns(
        ToolkitWarning, match=r"skipped 2 of 3 file\(s\).*empty.txt.*page.txt"
    ) as caught:
        stories = load_dump(tmp_path, on_error="skip")
    assert caught[0].filename == __file__
    assert stories["source"].tolist() == ["good.txt"]
    assert set(stories.attrs["skipped"]) == {"empty.txt", "page.txt"}
    with pytest.warns(ToolkitWarning):
        assert dump_lines(tmp_path, on_error="skip")["source"].unique().tolist() == ["good.txt"]
    with pytest.raises(toolkit.InputError, match="no file could be loaded"):
        load_dump([tmp_path / "empty.txt"], on_error="skip")
    with pytest.raises(toolkit.UnknownNameError):
        load_dump(good, on_error="ignore")


@pytest.mark.parametrize("load", [load_dump, dump_lines])
def test_cp1252_warning_points_at_the_callers_line(tmp_path, load):
    path = _write(tmp_path, "w.txt", "The caf\xe9 opened on Monday.\n".encode("cp1252"))
    with pytest.warns(ToolkitWarning, match="not valid UTF-8") as caught:
        load(path)
    assert caught[0].filename == __file__
