"""analyze(), sentences(), entities(), quotes(): columns, consistency and bad arguments."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import toolkit
from conftest import SEED
from toolkit import MEASURES, analyze, entities, load_dump, quotes, sentences
from toolkit.measures.diversity import DIVERSITY_COLUMNS
from toolkit.measures.entities import LABELS
from toolkit.measures.readability import READABILITY_COLUMNS

MEASURE_COLUMNS = [
    *READABILITY_COLUMNS, *DIVERSITY_COLUMNS,
    "sentiment", "sentiment_min", "sentiment_max", "share_positive", "share_negative",
    "share_neutral", "sentiment_arc", "keyterms", "keyterm_scores", "entities", "n_entities",
    "quotes", "n_quotes",
]  # fmt: skip


def test_seed_gets_every_column(seed_stories, seed_analyzed):
    assert len(seed_analyzed) == len(seed_stories)
    for col in MEASURE_COLUMNS:
        assert col in seed_analyzed.columns, col
    assert seed_analyzed["story_id"].tolist() == seed_stories["story_id"].tolist()
    assert seed_analyzed["flesch_reading_ease"].dtype == "float64"
    assert seed_analyzed["n_sentences"].dtype == "Int64"
    long_stories = seed_analyzed[seed_analyzed["n_paragraphs"] > 3]
    assert long_stories[MEASURE_COLUMNS].notna().all().all()


def test_input_frame_is_not_modified(seed_stories, seed_analyzed):
    assert "sentiment" not in seed_stories.columns


def test_keyterms_name_the_subjects(seed_analyzed):
    tagged = seed_analyzed[seed_analyzed["topic_source"] == "tag"]
    by_topic = tagged.set_index("topic", drop=False)
    kosovo = " ".join(by_topic.loc["Kosovo", "keyterms"]).lower()
    assert "return hub" in kosovo
    safety = " ".join(by_topic.loc["Online Safety Bill", "keyterms"]).lower()
    assert "online safety act" in safety
    corbyn = " ".join(by_topic.loc["Jeremy Corbyn", "keyterms"]).lower()
    assert "leadership contest" in corbyn or "leadership" in corbyn
    for terms in seed_analyzed["keyterms"]:
        joined = " ".join(terms).lower()
        assert "video player" not in joined and "related topics" not in joined


def test_quotes_on_the_seed_do_not_crash_and_find_speakers(seed_analyzed):
    found = quotes(seed_analyzed)
    assert list(found.columns) == [
        "story_id",
        "topic",
        "source",
        "line_no",
        "entry_time",
        "speaker",
        "speaker_named",
        "speaker_pronoun",
        "cue",
        "text",
        "paragraph_no",
        "start_char",
        "end_char",
        "sentiment",
    ]
    speakers = set(found["speaker"].dropna())
    assert {"Vjosa Osmani", "Chris Philp"} <= speakers
    assert found.loc[found["speaker"] == "Vjosa Osmani", "speaker_named"].all()
    assert not found.loc[found["speaker"].isna(), "speaker_named"].any()
    osmani = found[found["speaker"] == "Vjosa Osmani"].iloc[0]
    # The quotation runs over two paragraphs, each opening with a quote mark.
    assert "no formal talks" in osmani["text"] and "open to discussing it" in osmani["text"]
    # Traced back to its file and line, and to its place in the story's text.
    line = SEED.read_text(encoding="utf-8").splitlines()[osmani["line_no"] - 1]
    opening = osmani["text"][:25]  # "There’s been no formal ta"
    assert osmani["source"] == SEED.name and opening in line, line
    story = seed_analyzed.set_index("story_id").loc[osmani["story_id"], "text"]
    assert story[osmani["start_char"] : osmani["end_char"]].startswith(opening)


def test_entities_long_frame(seed_analyzed):
    ents = entities(seed_analyzed)
    kosovo = ents[
        (ents["story_id"] == seed_analyzed["story_id"].iloc[0]) & (ents["text"] == "Kosovo")
    ]
    assert kosovo["count"].sum() >= 3
    assert set(ents["label"]) <= set(LABELS)


def test_sentences_agree_with_story_sentiment(seed_stories, seed_analyzed, tmp_path):
    sents = sentences(seed_analyzed, cache=tmp_path)
    assert {
        "story_id",
        "topic",
        "paragraph_no",
        "sentence_no",
        "text",
        "sentiment",
        "n_words_parsed",
        "line_no",
    } <= set(sents.columns)
    means = sents.groupby("story_id", sort=False)["sentiment"].mean()
    for story_id, value in seed_analyzed.set_index("story_id")["sentiment"].items():
        assert means[story_id] == pytest.approx(value)
    counts = sents.groupby("story_id", sort=False).size()
    for story_id, n in seed_analyzed.set_index("story_id")["n_sentences"].items():
        assert counts[story_id] == n
    words = sents.groupby("story_id", sort=False)["n_words_parsed"].sum()
    for story_id, n in seed_analyzed.set_index("story_id")["n_words_parsed"].items():
        assert words[story_id] == n


def test_analysis_keeps_the_loaders_word_count(seed_stories, seed_analyzed):
    # The readability formulas count words differently ("Corbyn's" is two): that count
    # gets its own column, so a story's n_words means the same before and after.
    assert seed_analyzed["n_words"].tolist() == seed_stories["n_words"].tolist()
    assert (seed_analyzed["n_words_parsed"] != seed_analyzed["n_words"]).any()


def test_sentence_provenance_points_at_dump_lines(seed_stories, seed_lines, tmp_path):
    sents = sentences(seed_stories, cache=tmp_path)
    line_text = seed_lines.set_index("line_no")["text"]
    for row in sents.itertuples():
        assert row.text in line_text[row.line_no]
    first = sents[sents["story_id"] == seed_stories["story_id"].iloc[1]].iloc[0]
    assert first["line_no"] == 31 and first["paragraph_no"] == 1 and first["position"] == 0.0


def test_a_live_blogs_sentences_and_quotes_carry_their_entrys_time(tmp_path):
    path = tmp_path / "live.txt"
    path.write_text(
        "Storm live: trains cancelled\nBy Priya Kaur\n14:52\nThe operator cancelled every train north of "
        "York.\n"
        'A spokeswoman said: "Fallen trees have blocked the line in four places."\n'
        "14:30\nThe Met Office extended its wind warning until Wednesday morning.\n",
        encoding="utf-8",
    )
    stories = load_dump(path)
    analyzed = analyze(stories, measures=["quotes"], progress=False, cache=False)
    sents = sentences(stories, progress=False, cache=False)
    assert sents["entry_time"].tolist() == ["14:52", "14:52", "14:30"]
    assert quotes(analyzed)[["line_no", "entry_time"]].values.tolist() == [[5, "14:52"]]
    # A story without stamps has none.
    assert sentences(load_dump(SEED), progress=False, cache=False)["entry_time"].isna().all()


def test_a_plain_csv_frame_works(tmp_path):
    frame = pd.DataFrame({"text": ["A good day. A great win.", "A bad loss.", None]})
    out = analyze(frame, measures=["sentiment", "readability"], cache=tmp_path, progress=False)
    assert out["story_id"].is_unique
    assert out["sentiment"].iloc[0] > 0 > out["sentiment"].iloc[1]
    assert math.isnan(out["flesch_reading_ease"].iloc[2])
    assert "keyterms" not in out.columns


def test_changed_measuring_code_is_not_served_from_the_cache(tmp_path, monkeypatch):
    from toolkit.analysis import engine as module

    frame = pd.DataFrame({"text": ["A good day. A great win."]})
    analyze(frame, measures=["sentiment"], topics=False, cache=tmp_path, progress=False)
    assert len(list(tmp_path.rglob("*.json"))) == 1
    analyze(frame, measures=["sentiment"], topics=False, cache=tmp_path, progress=False)
    assert len(list(tmp_path.rglob("*.json"))) == 1
    # The package version stays 0.1.0 across commits; the code digest does not.
    changed = {**module._code_version(), "code": "0" * 16}
    monkeypatch.setattr(module, "_code_version", lambda: changed)
    out = analyze(frame, measures=["sentiment"], topics=False, cache=tmp_path, progress=False)
    assert len(list(tmp_path.rglob("*.json"))) == 2
    assert out.attrs["toolkit"]["code"] == "0" * 16


def test_measures_run_without_a_parse(tmp_path, monkeypatch):
    from toolkit.analysis import engine as module

    seen = []
    original = module.pipes_to_disable
    monkeypatch.setattr(
        module, "pipes_to_disable", lambda nlp, m: seen.append(original(nlp, m)) or seen[-1]
    )
    analyze(pd.DataFrame({"text": ["Fine."]}), measures=["sentiment"], cache=False, progress=False)
    assert {"parser", "tagger", "ner", "tok2vec"} <= set(seen[0])


@pytest.mark.parametrize(
    "kwargs, valid",
    [
        ({"measures": ["readability", "bogus"]}, "'readability', 'diversity'"),
        ({"keyterm_method": "bert"}, "'textrank'"),
        ({"sentiment_method": "flair"}, "'vader'"),
    ],
)
def test_unknown_names_list_the_valid_ones(kwargs, valid):
    frame = pd.DataFrame({"text": ["x"]})
    with pytest.raises(toolkit.UnknownNameError, match=valid):
        analyze(frame, cache=False, **kwargs)


@pytest.mark.parametrize(
    "frame, message",
    [
        (pd.DataFrame({"body": ["x"]}), "no 'text' column \\(columns: body\\)"),
        (pd.DataFrame({"text": []}), "the frame is empty"),
        ("not a frame", "takes a pandas DataFrame"),
    ],
)
def test_bad_frames(frame, message):
    with pytest.raises(toolkit.InputError, match=message):
        analyze(frame, cache=False)


def test_bad_n_process():
    with pytest.raises(toolkit.InputError, match="n_process"):
        analyze(pd.DataFrame({"text": ["x"]}), n_process=0, cache=False)


def test_measures_constant_is_public():
    assert toolkit.MEASURES == MEASURES


def test_parallel_batches_cover_every_story_once_longest_first_and_shrink():
    from toolkit.analysis.engine import _guided_batches

    items = [(i, "word " * n) for i, n in enumerate([50, 700, 20, 300] * 30)]
    batches = _guided_batches(items, 2)
    assert sorted(i for batch in batches for i, _ in batch) == list(range(len(items)))
    sizes = [sum(len(t.split()) for _, t in batch) for batch in batches]
    assert len(batches[0][0][1]) == max(len(t) for _, t in items)
    assert sizes[-1] < sizes[0] / 2


@pytest.mark.parametrize("n_process", [2, 3])
def test_parallel_run_equals_one_process(seed_stories, n_process):
    # Enough words for worker processes; this process takes batches too.
    frame = pd.concat(
        [seed_stories.assign(text=seed_stories["text"] + f"\nCopy {i}.") for i in range(3)],
        ignore_index=True,
    ).drop(columns="story_id")
    one = analyze(frame, n_process=1, cache=False, progress=False)
    many = analyze(frame, n_process=n_process, cache=False, progress=False)
    pd.testing.assert_frame_equal(one, many)


def test_entities_and_quotes_of_a_frame_read_back_from_parquet(seed_analyzed, tmp_path):
    from toolkit import read_table, write_table

    back = read_table(write_table(seed_analyzed, tmp_path / "analysis.parquet"))
    assert len(quotes(back)) == len(quotes(seed_analyzed)) > 0
    assert len(entities(back)) == len(entities(seed_analyzed)) > 0


def test_a_story_too_long_to_parse_is_named_before_any_work(tmp_path):
    # A web page saved on one line makes a 2-million-character "story": spaCy refuses it
    # deep inside a worker; the user needs the file and line instead.
    dump = tmp_path / "dumps"
    dump.mkdir()
    (dump / "page.txt").write_text(
        "Kosovo will take failed asylum seekers, the minister said.\nMore on Kosovo\n"
        + "Ofcom said "
        + "the rules apply. " * 120_000
        + "\nMore on Ofcom\n",
        encoding="utf-8",
    )
    stories = toolkit.load_dump(dump)
    with pytest.raises(toolkit.InputError, match=r"page\.txt:3 is 2,040,011 characters.*1,000,000"):
        analyze(stories, measures=["sentiment"], progress=False, cache=False)
    with pytest.raises(toolkit.InputError, match=r"row 1 .*1,000,000"):
        sentences(stories[["text"]], progress=False, cache=False)
    short = stories[stories["text"].str.len() <= 1_000_000]
    assert len(analyze(short, measures=["sentiment"], progress=False, cache=False)) == 1


def test_a_text_that_is_no_string_is_named_and_missing_text_warns_once():
    frame = pd.DataFrame({"text": ["A short story about the council.", None, 5, ""]})
    with pytest.raises(
        toolkit.InputError, match=r"1 of 4 texts are not strings \(row 2; the first is int 5\)"
    ):
        analyze(frame, cache=False, progress=False)
    with pytest.warns(toolkit.ToolkitWarning) as caught:
        out = analyze(frame.drop(index=2), measures=["sentiment"], cache=False, progress=False)
    said = [str(w.message) for w in caught if "no text" in str(w.message)]
    expected = (
        "analyze(): 2 of 3 stories have no text (missing, empty or only white space: rows 1, "
        "3); their measures are empty"
    )
    assert said == [expected]
    assert len(out) == 3 and out["sentiment"].iloc[1:].isna().all()
    assert out["sentiment"].notna().iloc[0]
