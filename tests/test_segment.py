"""Tests for toolkit.segment: metrics, the tag constraint, and splitting real-looking text."""

from __future__ import annotations

import itertools
from itertools import pairwise
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import gammaln

import toolkit
from toolkit import segment
from toolkit.load import body_and_tags, synth
from toolkit.segment import (
    boundary_prf,
    decode,
    features,
    find_boundaries,
    models,
    pk,
    representation,
    segment_paragraphs,
    training,
    window_diff,
)
from toolkit.segment.decode import (
    candidate_starts,
    decode_gaps,
    decode_stories,
    story_evidence,
    story_values,
    tag_evidence,
)
from toolkit.segment.features import FEATURE_NAMES, gap_features
from toolkit.segment.models import (
    Background,
    TopicSpace,
    Trees,
    shipped_background,
    shipped_topic_space,
    shipped_trees,
)
from toolkit.segment.representation import represent, with_notes
from toolkit.segment.scores import (
    SPLIT_FEATURE_NAMES,
    TAG_GAP_COST,
    gap_scores,
    gap_scores_from,
    split_features,
)
from toolkit.segment.words import content_words

ROOT = Path(__file__).resolve().parents[1]
BBC_TEST = ROOT.parent / "shared" / "corpora" / "bbc" / "test.csv"
SEED = ROOT / "seeds" / "000_17ce1404ae1f217e.txt"

FOOTBALL = [
    (
        "Leeds United beat Sheffield Wednesday 3-1 at Elland Road on Saturday to climb into the "
        "Championship play-off places."
    ),
    (
        "Striker Patrick Bamford opened the scoring after 12 minutes, heading in a cross from winger "
        "Jack Harrison."
    ),
    (
        "Wednesday equalised before half-time through a penalty, but Leeds dominated the second half "
        "at Elland Road."
    ),
    (
        "Harrison added a second for Leeds with a curling shot, and substitute Joel Piroe sealed the "
        "win in stoppage time."
    ),
    (
        "Leeds manager Daniel Farke said the victory showed his squad could cope with the pressure of "
        "the promotion race."
    ),
]
BANK = [
    (
        "The Bank of England has held interest rates at 5.25% for a third month, as inflation "
        "continues to ease."
    ),
    (
        "Governor Andrew Bailey said the Monetary Policy Committee needed more evidence that price "
        "rises were slowing."
    ),
    (
        "Inflation fell to 4% in December, still double the bank's 2% target, according to the "
        "Office for National Statistics."
    ),
    (
        "Economists expect the first cut in borrowing costs in the summer, which would bring relief "
        "to mortgage holders."
    ),
    (
        "Mortgage lenders have already started to lower their fixed rates in anticipation of a cut "
        "by the bank."
    ),
]
WORDS = [
    "leeds",
    "goal",
    "bank",
    "rates",
    "inflation",
    "match",
    "striker",
    "mortgage",
    "Bailey",
    "Farke",
    "said",
    "the",
    "a",
]


def _satisfies_tags(starts: list[int], tags: list[int], n: int) -> bool:
    """No story holds two tags (tags clamped to gaps 1..n, as documented)."""
    cleaned = sorted({min(max(t, 1), n) for t in tags})
    return all(any(t1 <= b <= t2 - 1 for b in starts) for t1, t2 in pairwise(cleaned))


# --------------------------------------------------------------------------- metrics


def test_metrics_of_identical_segmentations_are_perfect():
    ref = [0, 4, 9, 15]
    assert pk(ref, ref, 20) == 0.0
    assert window_diff(ref, ref, 20) == 0.0
    assert boundary_prf(ref, ref) == (1.0, 1.0, 1.0)


def test_pk_counts_windows_judged_differently():
    # k defaults to half the mean reference story length: 10 / 2 / 2 -> 2.
    assert pk([0, 5], [0, 6], 10) == pytest.approx(2 / 8)
    assert pk([0, 5], [0], 10) == pytest.approx(2 / 8)
    assert pk([0, 5], [0, 5], 10, k=3) == 0.0
    # The start at 0 may be left out.
    assert pk([5], [6], 10) == pk([0, 5], [0, 6], 10)


def test_window_diff_penalises_extra_boundaries_that_pk_forgives():
    # An extra boundary right next to a true one: Pk sees one window, WindowDiff two.
    assert pk([0, 5], [0, 4, 5], 10) == pytest.approx(1 / 8)
    assert window_diff([0, 5], [0, 4, 5], 10) == pytest.approx(2 / 8)


def test_metrics_when_no_window_fits():
    assert pk([0], [0], 1) == 0.0
    assert window_diff([0], [0], 1) == 0.0


def test_boundary_prf_counts_exact_matches_only():
    assert boundary_prf([0, 5, 9], [0, 5, 8]) == (0.5, 0.5, 0.5)
    assert boundary_prf([0, 5], [0, 6]) == (0.0, 0.0, 0.0)
    assert boundary_prf([0], [0]) == (1.0, 1.0, 1.0)
    assert boundary_prf([0, 5], [0]) == (1.0, 0.0, 0.0)
    assert boundary_prf([0], [0, 5]) == (0.0, 1.0, 0.0)


# --------------------------------------------------------------------------- find_boundaries


def test_two_stories_with_different_vocabulary_split_where_the_second_starts():
    assert find_boundaries(FOOTBALL + BANK) == [0, 5]
    assert find_boundaries(BANK + FOOTBALL, tags=[2, 8]) == [0, 5]


def test_a_single_story_stays_whole():
    assert find_boundaries(FOOTBALL) == [0]


def test_trivial_inputs_give_one_story():
    assert find_boundaries([]) == [0]
    assert find_boundaries(["Only one paragraph."]) == [0]
    assert find_boundaries(["", ""]) == [0]


def test_tags_force_a_boundary_between_them():
    # One story's vocabulary throughout, but two tags: it must be cut between them.
    starts = find_boundaries(FOOTBALL, tags=[1, 4])
    assert any(1 <= b <= 3 for b in starts)


def test_a_start_right_after_a_tag_costs_a_fixed_prior():
    # "More on X" sits inside its story, so a story seldom starts right after it. Here
    # the tag does not move the first guess, so only the gap after it changes.
    paragraphs = FOOTBALL + BANK
    plain = gap_scores(paragraphs)
    tagged = gap_scores(paragraphs, tags=[3])
    assert tagged[2] == pytest.approx(plain[2] - TAG_GAP_COST)
    assert np.delete(tagged, 2) == pytest.approx(np.delete(plain, 2))
    # A tag before the first paragraph, or after the last, has no gap after it.
    assert gap_scores(paragraphs, tags=[0, len(paragraphs)]) == pytest.approx(plain)


def _brute_force_margins(paragraphs, tags):
    """The joint objective over every segmentation of the candidates, the slow way."""
    text = represent(paragraphs)
    scores = gap_scores_from(text, paragraphs, tags)
    cands, story, gain = story_values(scores, tags, text)
    inner = range(1, len(cands) - 1)
    values = {}
    for k in range(len(inner) + 1):
        for chosen in itertools.combinations(inner, k):
            path = [0, *chosen, len(cands) - 1]
            pieces = [
                story[a, b - a] if b - a < story.shape[1] else -np.inf for a, b in pairwise(path)
            ]
            values[chosen] = sum(pieces) + sum(gain[b] for b in chosen)
    margins = {}
    for b in inner:
        with_b = max(v for c, v in values.items() if b in c)
        without = max(v for c, v in values.items() if b not in c)
        margins[int(cands[b])] = with_b - without
    best = max(values, key=values.get)
    return [0, *(int(cands[b]) for b in best)], margins


def _joint_brute_force(paragraphs, tags, topics):
    """The joint decoding's best starts, by trying every set of candidate starts and
    adding up what :func:`toolkit.segment.decode.decode_stories` documents: gap log-odds
    less the threshold, weighted story and tag evidence, short-story penalties, no story
    with two tags, none longer than the evidence reaches."""
    mass, alpha, weight = decode.JOINT_MASS, decode.JOINT_ALPHA, decode.JOINT_WEIGHT
    prior = (alpha, decode.JOINT_VOCABULARY, mass)
    n = len(paragraphs)
    text = represent(paragraphs)
    scores = gap_scores_from(text, paragraphs, tags)
    padded = np.concatenate([[0.0], scores, [0.0]])
    cands = np.array([0, *candidate_starts(padded, tags, decode.JOINT_FLOOR)])
    order = np.argsort(text.token_word, kind="stable")
    evidence = story_evidence(text, cands, *prior[:2], mass, order)
    tagged = np.zeros_like(evidence)
    if topics is not None and tags:
        tagged = tag_evidence(text, tags, topics, cands, evidence.shape[1], prior, order)
    best, best_starts = -np.inf, None
    inner = range(1, len(cands) - 1)
    for k in range(len(inner) + 1):
        for chosen in itertools.combinations(inner, k):
            path = [0, *chosen, len(cands) - 1]
            if not _satisfies_tags([int(cands[i]) for i in path[:-1]], tags, n):
                continue
            total = sum(scores[cands[b] - 1] - decode.JOINT_THRESHOLD for b in chosen)
            for a, b in pairwise(path):
                if b - a >= evidence.shape[1] or not np.isfinite(evidence[a, b - a]):
                    total = -np.inf
                    break
                total += weight * (evidence[a, b - a] + decode.JOINT_TAG_WEIGHT * tagged[a, b - a])
                length = cands[b] - cands[a]
                if b < len(cands) - 1 and length in (1, 2):
                    total -= decode.JOINT_SHORT_PENALTY[length - 1]
            if total > best:
                best, best_starts = total, [int(cands[i]) for i in path[:-1]]
    return best_starts


@pytest.mark.parametrize(
    ("paragraphs", "tags", "topics"),
    [
        (FOOTBALL + BANK, [], None),
        (BANK + FOOTBALL, [2, 8], ["Bank of England", "Leeds United"]),
        (FOOTBALL[:3] + BANK[:3] + FOOTBALL[3:], [2, 8], None),
        (FOOTBALL[:2] + BANK + FOOTBALL[2:], [1, 4, 9], ["Leeds", "Bank", "Leeds"]),
    ],
)
def test_joint_decoding_finds_the_best_segmentation(paragraphs, tags, topics):
    assert find_boundaries(paragraphs, tags, topics) == _joint_brute_force(paragraphs, tags, topics)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=10), min_size=2, max_size=9),
    st.lists(st.integers(min_value=0, max_value=9), max_size=4),
)
def test_joint_decoding_finds_the_best_segmentation_of_random_dumps(words, tags):
    paragraphs = [" ".join(w) for w in words]
    tags = sorted(tags)
    assert find_boundaries(paragraphs, tags) == _joint_brute_force(paragraphs, tags, None)


@pytest.mark.parametrize("tags", [[], [2, 8]])
def test_cut_margins_are_the_best_with_a_cut_less_the_best_without(tags):
    paragraphs = FOOTBALL[:3] + BANK[:3] + FOOTBALL[3:]
    starts, margins = segment_paragraphs(paragraphs, tags, margins=True)
    expected_starts, expected = _brute_force_margins(paragraphs, tags)
    assert starts == expected_starts == find_boundaries(paragraphs, tags)
    weighed = np.flatnonzero(~np.isnan(margins))
    assert sorted(expected) == weighed.tolist()
    assert margins[weighed] == pytest.approx([expected[p] for p in weighed])
    # Positive exactly where a story starts; paragraph 0 is no decision.
    assert set(np.flatnonzero(margins > 0)) == set(starts) - {0}
    assert np.isnan(margins[0])


def test_a_forced_cut_is_certain_when_tags_force_it_and_a_guess_when_length_does():
    # One candidate start at paragraph 100 of 200: a story is scored whole only up to
    # JOINT_MAX_PARAGRAPHS, so the cut is made though nothing says it is right.
    paragraphs = (FOOTBALL * 40)[:200]
    text = represent(paragraphs)
    scores = np.full(199, -10.0)
    scores[99] = -3.0
    starts, margins = decode_stories(scores, [], text, margins=True)
    assert starts == [0, 100] and margins[100] == 0
    # Two tags with one paragraph between them leave the cut no other place.
    starts, margins = decode_stories(scores, [100, 101], text, margins=True)
    assert starts == [0, 100] and margins[100] == np.inf


def test_cut_margins_of_trivial_inputs_are_empty():
    assert segment_paragraphs([], margins=True)[1].shape == (0,)
    starts, margins = segment_paragraphs(["Only one paragraph."], margins=True)
    assert starts == [0] and np.isnan(margins).all()


def test_line_breaks_inside_paragraphs_do_not_shift_paragraphs():
    broken = [p.replace(" the ", "\nthe ", 1) for p in FOOTBALL + BANK]
    assert find_boundaries(broken) == find_boundaries(FOOTBALL + BANK)


def test_features_and_scores_have_one_row_per_gap():
    paragraphs = FOOTBALL + BANK
    local = gap_features(paragraphs)
    assert local.shape == (len(paragraphs) - 1, len(FEATURE_NAMES))
    assert np.isfinite(local).all()
    scores = gap_scores(paragraphs)
    assert scores.shape == (len(paragraphs) - 1,)
    assert int(np.argmax(scores)) + 1 == 5
    split = split_features(paragraphs, [0, 5])
    assert split.shape == (len(paragraphs) - 1, len(SPLIT_FEATURE_NAMES) - 1)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(WORDS), min_size=0, max_size=12), min_size=0, max_size=40),
    st.lists(st.integers(min_value=-2, max_value=45), max_size=12),
)
def test_result_is_sorted_starts_from_zero_and_respects_tags(words, tags):
    paragraphs = [" ".join(w) for w in words]
    tags = sorted(tags)
    starts = find_boundaries(paragraphs, tags)
    n = len(paragraphs)
    assert starts[0] == 0
    assert starts == sorted(set(starts))
    assert all(0 <= s < max(n, 1) for s in starts)
    assert _satisfies_tags(starts, tags, n)
    # The margins agree with the cuts (a tie, at zero, may go either way).
    same, margins = segment_paragraphs(paragraphs, tags, margins=True)
    assert same == starts and margins.shape == (n,)
    made = np.zeros(n, dtype=bool)
    made[starts[1:]] = True
    assert (margins[made] >= 0).all() and not (margins[~made] > 0).any()


def _objective(starts, scores, tags, threshold, penalty):
    n = len(scores) + 1
    total = sum(scores[b - 1] - threshold for b in starts[1:])
    for a, c in pairwise([*starts, n]):
        if c < n and c - a in (1, 2):
            total -= penalty[c - a - 1]
    return total


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.floats(min_value=-4, max_value=4), min_size=1, max_size=8),
    st.lists(st.integers(min_value=0, max_value=9), max_size=5),
    st.sampled_from([(0.0, 0.0), (4.0, 2.0), (1.0, 1.0)]),
)
def test_decoding_finds_the_best_allowed_segmentation(scores, tags, penalty):
    scores = np.array(scores)
    n = len(scores) + 1
    tags = sorted(tags)
    with pytest.MonkeyPatch.context() as patch:
        # Try every gap between tags, so that decoding is exact on these small inputs.
        patch.setattr(decode, "FORCED_CANDIDATES", 100)
        found = decode_gaps(scores, tags, 0.5, penalty)
    assert _satisfies_tags(found, tags, n)
    assert _satisfies_tags(decode_gaps(scores, tags, 0.5, penalty), tags, n)
    best = max(
        _objective([0, *chosen], scores, tags, 0.5, penalty)
        for r in range(n)
        for chosen in itertools.combinations(range(1, n), r)
        if _satisfies_tags([0, *chosen], tags, n)
    )
    assert _objective(found, scores, tags, 0.5, penalty) == pytest.approx(best)


_WORDS = [
    "rain",
    "flood",
    "river",
    "bank",
    "rates",
    "shares",
    "goal",
    "match",
    "striker",
    "court",
    "judge",
    "film",
]


def _dirichlet_multinomial(text, first, last, alpha, vocabulary, mass=0.0):
    """Log likelihood of the content words of paragraphs first..last-1, from the formula:
    words the paragraphs do not use add nothing, so only the prior's size is needed."""
    words = text.token_word[text.token_start[first] : text.token_start[last]]
    counts = np.bincount(words)
    prior = alpha + mass * text.word_probability[: len(counts)]
    total = mass + vocabulary * alpha
    return float(
        gammaln(total)
        - gammaln(counts.sum() + total)
        + (gammaln(counts + prior) - gammaln(prior)).sum()
    )


_paragraph_lists = st.lists(
    st.lists(st.sampled_from(_WORDS), min_size=0, max_size=6).map(" ".join),
    min_size=2,
    max_size=7,
)


# Background counts of _WORDS: some common in news, some rare, one never seen.
_BACKGROUND = Background(
    {content_words(word)[0]: i for i, word in enumerate(_WORDS[:-1])},
    np.array([500, 3, 40, 900, 60, 70, 80, 1, 5, 50, 20]),
    20_000,
)


@settings(max_examples=60, deadline=None)
@given(
    _paragraph_lists,
    st.sampled_from([0.001, 0.5, 1.0, 2.0]),
    st.sampled_from([0.0, 50.0, 1200.0]),
    st.sampled_from([0.0, 300.0]),
)
def test_story_evidence_is_the_dirichlet_multinomial_likelihood(
    paragraphs, alpha, vocabulary, mass
):
    text = represent(paragraphs, background=_BACKGROUND)
    n = len(paragraphs)
    evidence = story_evidence(text, np.arange(n + 1), alpha, vocabulary, mass)
    size = vocabulary or max(text.presence.shape[1], 1)
    for a in range(n):
        for b in range(a + 1, n + 1):
            expected = _dirichlet_multinomial(text, a, b, alpha, size, mass)
            assert evidence[a, b - a] == pytest.approx(expected)


def test_a_shared_rare_word_ties_stories_more_than_a_shared_common_word():
    def tie(word, mass):
        # Log likelihood gained by scoring two paragraphs as one story rather than two.
        text = represent([f"{word} film", f"{word} court"], background=_BACKGROUND)
        evidence = story_evidence(text, np.arange(3), 0.01, 1200.0, mass)
        return evidence[0, 2] - evidence[0, 1] - evidence[1, 1]

    assert tie("river", 300.0) > tie("rain", 300.0) > 0
    # A flat prior cannot tell them apart.
    assert tie("river", 0.0) == pytest.approx(tie("rain", 0.0))


def test_background_counts_round_trip_and_know_news_words():
    again = Background.from_arrays(_BACKGROUND.arrays())
    assert again.probability(["bank", "film", "zxqv"]).tolist() == pytest.approx(
        [900 / 20_000, 0.0, 0.0]
    )
    shipped = shipped_background()
    government, striker, unknown = shipped.probability(["government", "striker", "zxqvbnwob"])
    assert government > 3 * striker > 0
    assert unknown == 0.0


def _tag_log_probability(text, first, last, words, alpha, mass):
    """Log probability of a tag's words (dump word ids) appended to paragraphs
    first..last-1, word by word from the Dirichlet-multinomial predictive formula."""
    story = text.token_word[text.token_start[first] : text.token_start[last]]
    total = mass + decode.JOINT_VOCABULARY * alpha
    return sum(
        np.log(
            (np.sum(story == w) + alpha + mass * text.word_probability[w])
            / (len(story) + total + j)
        )
        for j, w in enumerate(sorted(words))
    )


@settings(max_examples=80, deadline=None)
@given(
    _paragraph_lists,
    st.data(),
    st.lists(st.integers(min_value=0, max_value=8), max_size=4),
    st.sampled_from([0.0, 10.0]),
)
def test_joint_decoding_finds_the_best_allowed_segmentation(paragraphs, data, tags, tag_weight):
    n = len(paragraphs)
    scores = np.array(
        data.draw(st.lists(st.floats(min_value=-3, max_value=3), min_size=n - 1, max_size=n - 1))
    )
    tags = sorted(tags)
    topics = [data.draw(st.sampled_from(_WORDS + ["Rain Court", "Unknown"])) for _ in tags]
    text = represent(paragraphs, background=_BACKGROUND)
    constants = (300.0, 0.01, 0.35, 0.5, (4.0, 2.0), tag_weight)
    mass, alpha, weight, threshold, penalty, _ = constants
    with pytest.MonkeyPatch.context() as patch:
        # Every gap is a candidate, so that decoding is exact on these small inputs.
        patch.setattr(decode, "FORCED_CANDIDATES", 100)
        patch.setattr(decode, "JOINT_FLOOR", -np.inf)
        found = decode_stories(scores, tags, text, constants, topics)[0]

    # Each tag's words, by the gap it is at (tags with no paragraph between count as one).
    tag_words: dict[int, set[int]] = {}
    for tag, topic in zip(tags, topics):
        words = (text.word_index.get(w) for w in content_words(topic))
        tag_words.setdefault(min(max(tag, 1), n), set()).update(w for w in words if w is not None)

    def objective(starts):
        value = _objective(starts, scores, tags, threshold, penalty)
        for a, b in pairwise([*starts, n]):
            value += weight * _dirichlet_multinomial(
                text, a, b, alpha, decode.JOINT_VOCABULARY, mass
            )
            held = [g for g in tag_words if a < g <= b]
            if held:
                words = tag_words[held[-1]]
                value += tag_weight * weight * _tag_log_probability(text, a, b, words, alpha, mass)
        return value

    assert _satisfies_tags(found, tags, n)
    best = max(
        objective([0, *chosen])
        for r in range(n)
        for chosen in itertools.combinations(range(1, n), r)
        if _satisfies_tags([0, *chosen], tags, n)
    )
    assert objective(found) == pytest.approx(best)


# Two stories, and between them a paragraph that shares "striker" with the second.
_RIVER_THEN_MATCH = [
    "Flood warnings on the river.",
    "River flood case.",
    "Judge and striker.",
    "Striker scores in the match.",
    "Goal in the final match.",
]


def test_a_tag_keeps_the_paragraphs_that_use_its_words():
    # Two tags force one cut, at paragraph 1, 2 or 3, and the gap scores cannot choose.
    # Paragraph 2 shares "striker" with the story after it, but names the judge the
    # first story's tag is about.
    paragraphs = _RIVER_THEN_MATCH
    text = represent(paragraphs, background=_BACKGROUND)
    constants = (300.0, 0.01, 0.35, 0.0, (0.0, 0.0), 10.0)

    def starts_with(topics=None):
        return decode_stories(np.zeros(4), [1, 4], text, constants, topics)[0]

    assert starts_with() == [0, 2]
    assert starts_with(["River", "Match"]) == [0, 2]
    assert starts_with(["Judge", "Match"]) == [0, 3]


def test_notes_add_their_known_words_to_the_paragraph_they_follow():
    paragraphs = ["Rain in Leeds.", "", "Shares fell in London.", "Bank rates."]
    text = represent(paragraphs)
    # Out of order, one before the first paragraph, one after an empty paragraph.
    notes = [(3, "Bank chiefs in London, zxqv"), (1, "Leeds rain again"), (-1, "Leeds flood")]
    noted = with_notes(text, notes)
    words = list(text.word_index)
    per_paragraph = [
        sorted(words[w] for w in noted.token_word[noted.token_start[i] : noted.token_start[i + 1]])
        for i in range(len(paragraphs))
    ]
    assert per_paragraph == [
        ["leed", "leed", "rain"],
        ["leed", "rain"],
        ["fell", "london", "share"],
        ["bank", "bank", "london", "rate"],
    ]
    assert with_notes(text, [(0, "zxqv wobble")]) is text


def test_a_caption_ties_its_paragraph_to_its_story():
    # Tags force one cut, at paragraph 1, 2 or 3; paragraph 2 leans to the story after it
    # until a caption under it names the river the first story is about.
    paragraphs = _RIVER_THEN_MATCH
    text = represent(paragraphs, background=_BACKGROUND)
    constants = (300.0, 0.01, 0.35, 0.0, (0.0, 0.0), 0.0)

    def starts_with(text):
        return decode_stories(np.zeros(4), [1, 4], text, constants)[0]

    assert starts_with(text) == [0, 2]
    assert starts_with(with_notes(text, [(2, "The flooded river")])) == [0, 3]


def test_topics_must_match_the_tags():
    with pytest.raises(toolkit.ToolkitError, match="2 topics for 1 tags"):
        segment.find_boundaries(["One.", "Two."], [1], ["A", "B"])


def _seed_body(path: Path) -> tuple[list[int], list[str], list[int]]:
    """Body line numbers, paragraphs and tag gaps of a dump in the seed's shapes."""
    lines = path.read_text(encoding="utf-8").splitlines()
    numbers: list[int] = []
    tags: list[int] = []
    video_left = 0
    for number, line in enumerate(lines, 1):
        if line in synth.VIDEO_NOTICES:
            video_left = 2
        elif video_left:
            video_left -= 1
        elif line.startswith("More on "):
            tags.append(len(numbers))
        elif not line.startswith(("Related Topics", "Image: ")):
            numbers.append(number)
    return numbers, [lines[i - 1] for i in numbers], tags


@pytest.mark.skipif(not SEED.exists(), reason="seed dump not in the repository")
def test_seed_dump_splits_where_its_stories_start():
    numbers, paragraphs, tags = _seed_body(SEED)
    starts = find_boundaries(paragraphs, tags)
    assert [numbers[s] for s in starts] == [1, 31, 58, 87]


@pytest.mark.skipif(not BBC_TEST.exists(), reason="BBC corpus not in ../shared")
def test_held_out_bbc_dumps_are_mostly_split_right():
    dumps = synth.sample_dumps(pd.read_csv(BBC_TEST), 25, rng=7)
    tp = fp = fn = 0
    pks = []
    for dump in dumps:
        body, tags = body_and_tags(dump.kinds)
        paragraphs = [dump.lines[i] for i in body]
        ref = np.concatenate([[0], np.cumsum(dump.truth["n_paragraphs"])[:-1]]).tolist()
        hyp = find_boundaries(paragraphs, tags)
        assert _satisfies_tags(hyp, tags, len(paragraphs))
        r, h = set(ref) - {0}, set(hyp) - {0}
        tp, fp, fn = tp + len(r & h), fp + len(h - r), fn + len(r - h)
        pks.append(pk(ref, hyp, len(paragraphs)))
    assert 2 * tp / (2 * tp + fp + fn) > 0.8
    assert np.mean(pks) < 0.1


@pytest.mark.skipif(not BBC_TEST.exists(), reason="BBC corpus not in ../shared")
def test_a_long_dump_is_split_as_well_as_its_parts():
    # Many dumps run together, far longer than any dump the weights were fitted on: word
    # weights and the story model must not drift with length (they once merged a quarter
    # of the stories of a 10 MB dump).
    paragraphs, tags, starts = [], [], []
    for dump in synth.sample_dumps(pd.read_csv(BBC_TEST), 60, rng=3):
        body, dump_tags = body_and_tags(dump.kinds)
        offset = len(paragraphs)
        tags += [offset + t for t in dump_tags]
        starts += (offset + np.cumsum([0, *dump.truth["n_paragraphs"][:-1]])).tolist()
        paragraphs += [dump.lines[i] for i in body]
    assert len(paragraphs) > 20 * representation.IDF_SPAN
    found = find_boundaries(paragraphs, sorted(set(tags)))
    assert abs(len(found) / len(starts) - 1) < 0.1
    assert boundary_prf(starts, found)[2] > 0.85


def test_idf_counts_the_paragraphs_nearby():
    # In a dump no longer than the span the idf is the usual dump-wide one.
    short = ["rain in leeds", "rain again", "shares fell"]
    weights = represent(short).weights.toarray()
    rain = weights[0][weights[1] > 0][0]
    assert rain == pytest.approx(np.log(4 / 3) + 1)
    # Far from a word's other uses, it is as rare as a word used once.
    # Each filler paragraph uses its own words (letters only: digits are not words).
    filler = [
        f"fill{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}{chr(97 + i // 676)}"
        for i in range(3 * representation.IDF_SPAN)
    ]
    long = ["rain in leeds", "rain again", *filler, "rain returns"]
    text = represent(long)
    last = text.weights.toarray()[-1]
    span = representation.IDF_SPAN
    assert last.max() == pytest.approx(np.log((span + 1) / 2) + 1)


def test_exported_trees_score_as_scikit_learn_does():
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(0)
    x = rng.normal(size=(600, 5))
    y = (x[:, 0] * x[:, 1] + x[:, 2] > 0.3).astype(int)
    model = HistGradientBoostingClassifier(max_iter=15, max_leaf_nodes=7, random_state=0)
    model.fit(x, y)
    trees = Trees.from_sklearn(model)
    fresh = rng.normal(size=(5000, 5))  # more rows than one block of _TREE_ROWS
    assert trees.log_odds(fresh) == pytest.approx(model.decision_function(fresh), abs=1e-9)
    again = Trees.from_arrays(trees.arrays("m"), "m")
    assert again.log_odds(fresh) == pytest.approx(trees.log_odds(fresh))


def test_shipped_trees_read_the_features_the_stages_make():
    first, second = shipped_trees()
    for trees, names in ((first, FEATURE_NAMES), (second, SPLIT_FEATURE_NAMES)):
        assert 0 <= trees.feature.min() and trees.feature.max() < len(names)
        assert np.isfinite(trees.value).all() and np.isfinite(trees.baseline)


def test_a_story_longer_than_the_joint_reach_loads():
    # One long story of repeated text has no candidate start within the reach of the
    # story model: it stays one story instead of failing (tags or none).
    paragraphs = ["The council met again to discuss the budget for the town."] * (
        decode.JOINT_MAX_PARAGRAPHS + 50
    )
    assert find_boundaries(paragraphs) == [0]
    assert find_boundaries(paragraphs, tags=[3]) == [0]


def test_topic_space_puts_a_subject_near_itself_in_other_words():
    # No word is shared between the two sport paragraphs, nor with the business one.
    paragraphs = [
        "The striker scored twice as the club won the league match.",
        "Fans cheered the goalkeeper after the cup final penalty shootout.",
        "Shares in the bank fell after profits dropped and investors sold.",
    ]
    topics = represent(paragraphs).topics
    assert topics[0] @ topics[1] > topics[0] @ topics[2] + 0.2
    assert np.allclose(np.linalg.norm(topics, axis=1), 1.0)


def test_topic_space_ignores_unknown_words_and_empty_paragraphs():
    text = represent(["Zxqvbn wobblefrotz.", "", "The minister resigned."])
    assert not text.topics[:2].any()
    assert np.linalg.norm(text.topics[2]) == pytest.approx(1.0)


def test_topic_space_round_trips_through_its_arrays():
    topics = shipped_topic_space()
    again = TopicSpace.from_arrays(topics.arrays())
    assert again.index == topics.index
    assert np.array_equal(again.vectors, topics.vectors)
    assert topics.vectors.shape == (len(topics.index), topics.vectors.shape[1])
    assert np.isfinite(topics.vectors).all() and (topics.idf > 0).all()


def test_lede_cues_read_the_opening_of_the_paragraph_after_the_gap():
    paragraphs = [
        "Rain fell in Leeds.",
        "The government has announced a review of rail fares on Monday.",
        "It said more later. " * 20 + "The firm has agreed a deal.",
        "Chas agreed to sell the horse he had bought on Mondays.",
        "They have been told to wait, and on Friday they did.",
    ]
    local = gap_features(paragraphs)
    perfect = local[:, FEATURE_NAMES.index("perfect_tense")]
    weekday = local[:, FEATURE_NAMES.index("weekday")]
    # The third paragraph's cue is past its opening; the fourth has the words inside
    # others ("Chas agreed", "Mondays").
    assert perfect.tolist() == [1.0, 0.0, 0.0, 1.0]
    assert weekday.tolist() == [1.0, 0.0, 0.0, 1.0]


@pytest.mark.parametrize("n", [2, 3, 9, 23])
def test_topic_features_match_windows_summed_directly(monkeypatch, n):
    # Small blocks, so that windows cross block edges and the dump's ends.
    monkeypatch.setattr(features, "_GAP_BLOCK", 4)
    rng = np.random.default_rng(n)
    topics = rng.normal(size=(n, 6))
    topics[::5] = 0.0  # paragraphs with no known word

    def window(g: int, lo: int, hi: int) -> np.ndarray:
        return topics[max(g + lo, 0) : max(min(g + hi, n), 0)].sum(axis=0)

    def cosine(a: np.ndarray, b: np.ndarray) -> float:
        den = np.linalg.norm(a) * np.linalg.norm(b)
        return float(a @ b / den) if den > 0 else 0.0

    gaps = range(1, n)
    spans = [[cosine(window(g, -k, 0), window(g, 0, k)) for g in gaps] for k in (1, 2, 4, 8)]
    right = [
        cosine(window(g, 0, 1), window(g, 1, 5)) - cosine(window(g, 0, 1), window(g, -4, 0))
        for g in gaps
    ]
    left = [
        cosine(window(g, -1, 0), window(g, -5, -1)) - cosine(window(g, -1, 0), window(g, 0, 4))
        for g in gaps
    ]
    expected = [*spans, features._depth(np.array(spans[2]), 4), right, left]
    for got, want in zip(features._topic_features(topics), expected):
        assert got == pytest.approx(np.asarray(want), abs=1e-12)


def test_labelled_view_hands_the_segmenter_what_the_loader_does():
    dump = synth.sample_dumps(
        pd.DataFrame({"text": [" ".join(FOOTBALL), " ".join(BANK)], "category": ["a", "b"]}),
        3,
        rng=0,
    )[0]
    view = training.labelled_view(dump)
    body, tags = body_and_tags(dump.kinds)
    assert view.paragraphs == [dump.lines[i] for i in body] and view.tags == tags
    assert len(view.topics) == len(view.tags)
    assert view.starts[0] == 0 and len(view.starts) == len(dump.truth)


@pytest.mark.slow
@pytest.mark.skipif(not BBC_TEST.exists(), reason="BBC corpus not in ../shared")
def test_refit_fits_writes_and_reports_models_the_segmenter_can_read(tmp_path, monkeypatch):
    corpus = BBC_TEST.parent
    folder = tmp_path / "toolkit" / "segment"
    folder.mkdir(parents=True)
    # Never over the shipped files.
    for name in ("MODEL_FILE", "TOPIC_FILE", "BACKGROUND_FILE"):
        monkeypatch.setattr(training, name, folder / getattr(models, name).name)
    lines: list[str] = []
    fitted = training.refit(
        pd.read_csv(corpus / "train.csv").drop_duplicates("text"),
        pd.read_csv(corpus / "val.csv"),
        n_fit=30,
        n_tune=6,
        write=True,
        report=lines.append,
    )
    assert fitted.topics.vectors.shape[1] == training.TOPIC_DIMS
    assert fitted.first.feature.max() < len(FEATURE_NAMES)
    assert fitted.second.feature.max() < len(SPLIT_FEATURE_NAMES)
    assert len(fitted.joint) == 6 and fitted.joint[4] == decode.JOINT_SHORT_PENALTY
    assert any(line.startswith("_THRESHOLD = ") for line in lines)
    assert any(line.startswith("JOINT_MASS = ") for line in lines)
    assert "# Written: toolkit/segment/segment_model.npz" in "\n".join(lines)
    with np.load(folder / "segment_model.npz") as data:
        again = Trees.from_arrays(dict(data), "second")
    x = np.random.default_rng(0).normal(size=(50, len(SPLIT_FEATURE_NAMES)))
    assert again.log_odds(x) == pytest.approx(fitted.second.log_odds(x))
    with np.load(folder / "segment_topics.npz") as data:
        assert TopicSpace.from_arrays(dict(data)).index == fitted.topics.index
    with np.load(folder / "segment_background.npz") as data:
        assert Background.from_arrays(dict(data)).total == fitted.background.total
