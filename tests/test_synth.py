"""Tests for toolkit.load.synth: generated dumps look like the seed and their truth is consistent."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.errors import InputError
from toolkit.load.synth import (
    VIDEO_NOTICES,
    make_dump,
    make_labelled_dump,
    sample_dumps,
    split_paragraphs,
    split_sentences,
)
from toolkit.schema import KINDS

BBC_TRAIN = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "bbc" / "train.csv"

STORIES = [
    (
        'Tony Blair has pledged more aid for Africa. The prime minister said: "We must act now. '
        '"The world is watching us." Mr Blair spoke in London on Monday. He will visit Ghana next '
        "week. Critics said the pledge came too late. Aid agencies welcomed the move."
    ),
    (
        "Chelsea beat Arsenal 2-1 at Stamford Bridge. Frank Lampard scored twice for the hosts. "
        "Arsenal had led through Thierry Henry. Chelsea stay top of the table. Their manager praised "
        "the team. The sides meet again in April."
    ),
    (
        "Apple has cut the price of its iPod mini. The firm said demand had been strong. Analysts "
        "expect rivals to follow. Shares in Apple rose 3% on the news."
    ),
    "Oil prices fell on Friday. Traders cited rising US stocks.",
]
SENTENCE = st.from_regex(r"[A-Z][a-z]{1,8}( [a-z]{1,8}){2,10}\.", fullmatch=True)


def _check_truth(lines: list[str], truth: pd.DataFrame, kinds: list[str]) -> None:
    assert len(lines) == len(kinds)
    assert set(kinds) <= set(KINDS)
    # Stories partition the dump, each starting on a body line.
    assert truth["start_line"].iloc[0] == 1
    assert truth["end_line"].iloc[-1] == len(lines)
    assert (
        truth["start_line"].iloc[1:].to_numpy() == truth["end_line"].iloc[:-1].to_numpy() + 1
    ).all()
    assert (truth["start_line"] <= truth["end_line"]).all()
    for row in truth.itertuples():
        story_kinds = kinds[row.start_line - 1 : row.end_line]
        assert story_kinds[0] == "body"
        assert story_kinds.count("body") == row.n_paragraphs
        assert story_kinds.count("topic_tag") == (0 if pd.isna(row.topic) else 1)
        if pd.isna(row.topic):
            assert pd.isna(row.tag_line)
        else:
            # The tag sits inside its story: after a body paragraph and, unless the story
            # has only one, before another.
            assert row.start_line < row.tag_line < row.end_line
            assert lines[row.tag_line - 1] == f"More on {row.topic}"
            assert kinds[row.tag_line] == "related_topics"
            if row.n_paragraphs > 1:
                assert "body" in story_kinds[row.tag_line - row.start_line :]
    for i, kind in enumerate(kinds):
        if kind == "video_notice":
            assert lines[i] in VIDEO_NOTICES
            assert kinds[i + 1 : i + 3] == ["video_duration", "video_title"]
            assert re.fullmatch(r"(\d+:)?\d{1,2}:\d\d", lines[i + 1])
        if kind == "image_caption":
            assert lines[i].startswith("Image: ")
        if kind != "body":
            assert i > 0, "furniture never opens a dump"


def test_split_sentences_keeps_closing_quotes_with_their_sentence():
    text = 'He left. "I am done," he said. "It is over." Then it rained! Did it? Yes.'
    assert split_sentences(text) == [
        "He left.",
        '"I am done," he said.',
        '"It is over."',
        "Then it rained!",
        "Did it?",
        "Yes.",
    ]


def test_split_paragraphs_breaks_quotes_only_where_they_reopen():
    text = 'A lede here. He said: "One. Two. "Three." Four. Five. Six. Seven.'
    for seed in range(20):
        paragraphs = split_paragraphs(text, seed)
        assert paragraphs[0] == "A lede here."
        assert " ".join(paragraphs) == text
        # The open quote is continued by a paragraph re-opening it, never mid-quote.
        quoted = next(p for p in paragraphs if p.startswith("He said"))
        assert quoted.endswith("Two.")
        assert paragraphs[paragraphs.index(quoted) + 1].startswith('"Three."')


def test_make_dump_truth_is_consistent_and_reproducible():
    lines, truth = make_dump(STORIES, rng=3, topics=["Tony Blair", None, "Apple", None])
    again, truth_again = make_dump(STORIES, rng=3, topics=["Tony Blair", None, "Apple", None])
    assert lines == again
    pd.testing.assert_frame_equal(truth, truth_again)
    assert list(truth.columns) == [
        "story",
        "start_line",
        "end_line",
        "topic",
        "tag_line",
        "n_paragraphs",
    ]
    assert truth["topic"].dtype == "string"
    assert truth["topic"].isna().tolist() == [False, True, False, True]


def test_labelled_dump_matches_make_dump():
    dump = make_labelled_dump(STORIES, rng=5, p_video=0.5, p_caption=0.5)
    lines, truth = make_dump(STORIES, rng=5, p_video=0.5, p_caption=0.5)
    assert dump.lines == lines
    pd.testing.assert_frame_equal(dump.truth, truth)
    _check_truth(dump.lines, dump.truth, dump.kinds)
    assert {"video_notice", "image_caption"} <= set(dump.kinds)


def test_topics_must_match_stories():
    with pytest.raises(InputError, match="one per story"):
        make_dump(STORIES, rng=0, topics=["Only one"])


def test_topics_default_to_a_name_from_the_story():
    _, truth = make_dump(STORIES[:2], rng=0, p_tag=1.0)
    assert truth["topic"].tolist() == ["Tony Blair", "Chelsea"]


def test_furniture_shapes_vary():
    dump = make_labelled_dump(STORIES * 10, rng=1, p_video=0.9, p_caption=0.9)
    notices = {line for line, kind in zip(dump.lines, dump.kinds) if kind == "video_notice"}
    captions = [line for line, kind in zip(dump.lines, dump.kinds) if kind == "image_caption"]
    assert len(notices) > 1
    assert any(". Pic: " in c for c in captions) and any(". Pic: " not in c for c in captions)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.lists(SENTENCE, min_size=1, max_size=12).map(" ".join), min_size=1, max_size=6),
    st.integers(min_value=0, max_value=2**32 - 1),
    st.floats(min_value=0, max_value=1),
)
def test_truth_is_consistent_for_any_stories(stories, seed, p):
    dump = make_labelled_dump(
        stories, rng=seed, p_tag=p, p_mid_start=p, p_video=p, p_caption=p, p_truncated_last=p
    )
    _check_truth(dump.lines, dump.truth, dump.kinds)
    assert len(dump.truth) == len(stories)


def test_sample_dumps_draws_several_stories_per_dump():
    corpus = pd.DataFrame(
        {
            "text": [f"Story {i} starts. It goes on about item {i}. It ends." for i in range(12)],
            "category": ["a", "b", "c"] * 4,
        }
    )
    dumps = sample_dumps(corpus, 5, rng=0, stories_per_dump=(3, 5))
    for dump in dumps:
        assert 3 <= len(dump.truth) <= 5
        assert dump.truth["story"].is_unique
        _check_truth(dump.lines, dump.truth, dump.kinds)


@pytest.mark.skipif(not BBC_TRAIN.exists(), reason="BBC corpus not in ../shared")
def test_bbc_dumps_have_the_seed_shape():
    corpus = pd.read_csv(BBC_TRAIN)
    dumps = sample_dumps(corpus, 20, rng=np.random.default_rng(11))
    tagged = untagged = 0
    for dump in dumps:
        _check_truth(dump.lines, dump.truth, dump.kinds)
        tagged += int(dump.truth["topic"].notna().sum())
        untagged += int(dump.truth["topic"].isna().sum())
    assert tagged and untagged
