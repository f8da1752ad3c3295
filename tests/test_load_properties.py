"""Property tests: for any text, load_dump/dump_lines give the toolkit's own error or an
exact line accounting whose story line ranges partition the file."""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import toolkit
from toolkit import dump_lines, load_dump
from toolkit.schema import PARAGRAPH_KINDS

FRAGMENTS = [
    "Please use Chrome browser for a more accessible video player",
    "1:30", "12:03:44", "More on Kosovo", "More on", "Related Topics:",
    "Image: A caption. Pic: PA", "“He said it", "was fine,” she said.", "The minister said.",
    "Kosovo will be one of the countries asked to take failed asylum seekers.",
    "Shares in the bank fell sharply on Monday after profits dropped.",
    "", " ", "\t", "Â£5m", "<script>alert(1)</script>", "\u200f\u202eRTL", "😀",
]  # fmt: skip
BREAKERS = ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029", "\r"]

line = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.text(min_size=0, max_size=40),
    st.builds(
        lambda a, b, c: a + b + c,
        st.sampled_from(FRAGMENTS),
        st.sampled_from(BREAKERS),
        st.sampled_from(FRAGMENTS),
    ),
)
newline = st.sampled_from(["\n", "\r\n"])


@st.composite
def dumps(draw):
    lines = draw(st.lists(line, min_size=0, max_size=60))
    ends = [draw(newline) for _ in lines]
    text = "".join(a + b for a, b in zip(lines, ends))
    if draw(st.booleans()) and text.endswith("\n"):
        text = text[:-2] if text.endswith("\r\n") else text[:-1]
    return text


def _expected_lines(text: str) -> list[str]:
    parts = text.split("\n")
    if text.endswith("\n"):
        parts.pop()
    return [p.removesuffix("\r") for p in parts]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=dumps(), bom=st.booleans())
def test_any_text_loads_exactly_or_fails_cleanly(text, bom):
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8", "surrogatepass")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "d.txt"
        path.write_bytes(data)
        try:
            lines = dump_lines(path)
            stories = load_dump(path)
        except toolkit.ToolkitError as err:
            assert "d.txt" in str(err)
            return
    expected = _expected_lines(text)
    assert lines["line_no"].tolist() == list(range(1, len(expected) + 1))
    originals = [o if isinstance(o, str) else t for o, t in zip(lines["original"], lines["text"])]
    assert originals == expected
    paragraphs = lines["kind"].isin(PARAGRAPH_KINDS)
    if stories.empty:
        # A file with no story text makes no story; its lines are all still listed.
        assert not paragraphs.any() and lines["story_id"].isna().all()
        return
    assert paragraphs.any() and lines["story_id"].notna().all()
    assert (stories["text"].str.len() > 0).all()  # no story of furniture alone
    # story ranges partition the file
    assert stories["start_line"].iloc[0] == 1
    assert stories["end_line"].iloc[-1] == len(expected)
    assert (
        stories["start_line"].iloc[1:].to_numpy() == stories["end_line"].iloc[:-1].to_numpy() + 1
    ).all()
    # every line lands in its story's text or a furniture column
    by_id = stories.set_index("story_id")
    for story_id, group in lines.groupby("story_id", sort=False):
        story = by_id.loc[story_id]
        assert story["text"] == "\n".join(group.loc[group["kind"].isin(PARAGRAPH_KINDS), "text"])
        assert (
            list(story["video_titles"])
            == group.loc[group["kind"] == "video_title", "text"].tolist()
        )
        assert (
            list(story["image_captions"])
            == group.loc[group["kind"] == "image_caption", "text"].tolist()
        )
        tags = group.loc[group["kind"] == "topic_tag"]
        assert pd.notna(story["topic"]) == (len(tags) >= 1)
        if len(tags) > 1:
            # A second tag stays in a story only where no paragraph lies on one side of it.
            second = tags["line_no"].iloc[1]
            text_lines = group.loc[group["kind"].isin(PARAGRAPH_KINDS), "line_no"]
            assert not ((text_lines < second).any() and (text_lines > second).any())


@settings(max_examples=60, deadline=None)
@given(data=st.binary(min_size=0, max_size=400))
def test_any_bytes_load_or_fail_cleanly(data):
    import warnings

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "b.txt"
        path.write_bytes(data)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", toolkit.ToolkitWarning)
                lines = dump_lines(path)
        except toolkit.ToolkitError as err:
            assert "b.txt" in str(err)
            return
    assert lines["line_no"].tolist() == list(range(1, len(lines) + 1))


# --------------------------------------------------------------------------- sentences survive

SUBJECTS = ["The minister", "Union leaders", "By Tuesday the council", "More on Tuesday's vote, MPs",
            "Read more about it: the report", "Follow-up talks", "At 10:42 the police",
            "KEY workers", "Residents", "The NHS trust"]  # fmt: skip
VERBS = ["said", "told MPs", "confirmed", "had agreed", "will decide", "warned"]
OBJECTS = ["that the consultation had closed and the responses were being read",
           "the plan would cost more than expected", "talks would resume on Monday",
           "the bridge could not cope with the extra traffic"]  # fmt: skip
FURNITURE_LINES = [
    "10:42", "09.58am", "Please use Chrome browser for a more accessible video player", "1:30",
    "Read more:", "Read more: Housing targets raised", "https://example.org/a", "KEY POINTS",
    "By Jane Smith", "Friday 11 September 2026 10:22, UK", "Follow us on X", "More on Kosovo",
    "Related Topics:", "Image: A bridge. Pic: PA", "", "Short headline here",
]  # fmt: skip

sentence = st.builds(
    lambda s, v, o, end: f"{s} {v} {o}{end}",
    st.sampled_from(SUBJECTS), st.sampled_from(VERBS), st.sampled_from(OBJECTS),
    st.sampled_from([".", "!", ".”"]),
)  # fmt: skip


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(sentence, st.sampled_from(FURNITURE_LINES)), min_size=1, max_size=30))
def test_any_line_that_reads_as_a_sentence_ends_up_in_a_storys_text(page):
    from toolkit.load import reads_as_sentence

    page = [*page, "The minister said the talks would resume on Monday."]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.txt"
        path.write_text("\n".join(page) + "\n", encoding="utf-8")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", toolkit.ToolkitWarning)
            stories = load_dump(path)
    texts = {p for text in stories["text"] for p in text.split("\n")}
    for line in page:
        if reads_as_sentence(line):
            assert line in texts, line
