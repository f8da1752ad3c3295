"""Property tests: for any text, load_dump/dump_lines give the toolkit's own error or an
exact line accounting whose story line ranges partition the file."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import toolkit
from toolkit.load import dump_lines, load_dump

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
        assert story["text"] == "\n".join(group.loc[group["kind"] == "body", "text"])
        assert (
            list(story["video_titles"])
            == group.loc[group["kind"] == "video_title", "text"].tolist()
        )
        assert (
            list(story["image_captions"])
            == group.loc[group["kind"] == "image_caption", "text"].tolist()
        )
        tags = group.loc[group["kind"] == "topic_tag"]
        assert len(tags) <= 1
        assert pd.notna(story["topic"]) == (len(tags) == 1)


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
