"""Tests of toolkit.segment.anchors: repeated paragraphs place the cuts of stories saved
again, and nothing else does."""

from __future__ import annotations

import itertools
import math
import random
import warnings
from pathlib import Path

import pytest

import toolkit
from toolkit.segment.anchors import END_BONUS, JOIN_PENALTY, RUN, repeat_priors
from toolkit.segment.boundaries import FORCED

SEED = Path(__file__).resolve().parents[1] / "data" / "000_17ce1404ae1f217e.txt"


def _story(name: str, n: int = 4) -> list[str]:
    """``n`` paragraphs of twelve made-up words each, different for every ``name``."""
    rng = random.Random(name)
    letters = "abcdefghijklmnopqrstuvwxyz"
    return [
        " ".join("".join(rng.choices(letters, k=rng.randint(4, 9))) for _ in range(12)) + "."
        for _ in range(n)
    ]


def test_a_file_whose_paragraphs_occur_nowhere_else_gets_no_prior():
    (prior,) = repeat_priors([_story("harbour") + _story("election")])
    assert prior.tolist() == [0.0] * 8


def test_a_story_among_new_neighbours_starts_where_its_run_starts():
    day1 = _story("harbour") + _story("flood") + _story("election")
    day2 = _story("budget") + _story("flood") + _story("match")
    first, second = repeat_priors([day1, day2])
    assert first[4] == second[4] == FORCED  # the flood story's first paragraph
    assert first[8] == second[8] == END_BONUS  # right after its last
    assert all(p == -JOIN_PENALTY for p in first[5:8])


def test_an_edited_lede_is_inside_the_story_not_its_edge():
    flood = _story("flood")
    words = flood[0].split()
    edited = [" ".join(words[:-2] + ["reworded", "ending."])] + flood[1:]
    day1 = _story("harbour") + flood
    day2 = _story("budget") + edited
    first, second = repeat_priors([day1, day2])
    # The run starts at the second paragraph, but the edited lede before it matches.
    assert first[5] != FORCED and second[5] != FORCED


def test_paragraphs_added_at_a_story_end_get_only_a_nudge():
    flood = _story("flood")
    day1 = _story("harbour") + flood + _story("election")
    day2 = _story("budget") + flood + ["An update: the river fell overnight and roads reopened."]
    _, second = repeat_priors([day1, day2])
    assert second[8] == END_BONUS  # the segmenter may still keep the update in the story
    assert END_BONUS < FORCED


@pytest.mark.parametrize(
    "shared",
    [
        ["Share this page.", "Read more.", "Follow us.", "Sign up."],  # short lines
        [  # two long lines a site puts after every story: shorter than a run
            "Follow our live coverage of this story on our website and on social media.",
            "Sign up for our morning newsletter to get the news in your inbox every day.",
        ],
    ],
    ids=["short", "boilerplate"],
)
def test_page_lines_shared_by_different_stories_force_no_cut(shared):
    assert len(shared) < RUN or all(len(p.split()) < 8 for p in shared)
    priors = repeat_priors([_story("harbour") + shared, _story("budget") + shared])
    assert all(p < FORCED for prior in priors for p in prior)


def test_a_story_saved_among_other_stories_is_cut_exactly_in_every_file(tmp_path):
    lines = SEED.read_text(encoding="utf-8").splitlines()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", toolkit.ToolkitWarning)
        seed = toolkit.load_dump(SEED)
    starts = [s - 1 for s in seed["start_line"]] + [len(lines)]
    stories = [lines[a:b] for a, b in itertools.pairwise(starts)]
    order = [2, 1, 0, 3][: len(stories)]  # no two stories side by side in both files
    (tmp_path / "day1.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    reordered = [line for k in order for line in stories[k]]
    (tmp_path / "day2.txt").write_text("\n".join(reordered) + "\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", toolkit.ToolkitWarning)
        loaded = toolkit.load_dump(tmp_path)
    day2 = loaded[loaded["source"] == "day2.txt"]
    expected = [1]
    for k in order[:-1]:
        expected.append(expected[-1] + len(stories[k]))
    assert day2["start_line"].tolist() == expected
    # The copies of the long stories start where their repeats say: forced cuts. The
    # one-paragraph story at the end is too short to repeat a run of paragraphs.
    assert all(math.isinf(m) for m in day2["cut_margin"].iloc[1:3])
    assert day2["duplicate_of"].notna().all()
