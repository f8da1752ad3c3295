"""Tests for toolkit.measures.sentiment: sentence scores, per-story summaries and the NYT benchmark."""

from __future__ import annotations

import csv
import itertools
import math
from pathlib import Path

import numpy as np
import pytest

from toolkit.errors import UnknownNameError
from toolkit.measures.sentiment import DEFAULT_METHOD, METHODS, score_sentences, summarize

NYT = (
    Path(__file__).resolve().parents[2] / "shared" / "eval" / "vader" / "nyt_editorial_snippets.tsv"
)

POSITIVE = [
    "The volunteers did a wonderful job and the whole town is grateful.",
    "Her brilliant performance delighted the audience.",
    "The new clinic is a great success and patients love it.",
]
NEGATIVE = [
    "The attack killed twelve people and left the city in terror.",
    "Critics called the plan a disgraceful failure.",
    "The company's fraud hurt thousands of angry customers.",
]
NEUTRAL = [
    "The meeting is scheduled for Tuesday at the town hall.",
    "The report has four chapters and an appendix.",
]


@pytest.mark.parametrize("method", METHODS)
def test_scores_have_one_bounded_float_per_text(method):
    texts = POSITIVE + NEGATIVE + NEUTRAL + ["", "!!!", "WOW!!! Best day EVER :) :) :)"]
    scores = score_sentences(texts, method=method)
    assert isinstance(scores, np.ndarray)
    assert scores.dtype == float
    assert scores.shape == (len(texts),)
    assert np.all((scores >= -1) & (scores <= 1))


@pytest.mark.parametrize("method", METHODS)
def test_clear_sentences_get_the_right_sign(method):
    assert np.all(score_sentences(POSITIVE, method=method) > 0.05)
    assert np.all(score_sentences(NEGATIVE, method=method) < -0.05)
    assert np.all(np.abs(score_sentences(NEUTRAL, method=method)) <= 0.05)


@pytest.mark.parametrize("method", METHODS)
def test_empty_input_and_empty_strings(method):
    empty = score_sentences([], method=method)
    assert isinstance(empty, np.ndarray)
    assert empty.shape == (0,)
    assert score_sentences(["", ""], method=method).tolist() == [0.0, 0.0]


def test_default_method_is_listed_and_used():
    assert DEFAULT_METHOD in METHODS
    assert {"vader", "textblob"} <= set(METHODS)
    texts = POSITIVE + NEGATIVE
    assert score_sentences(texts).tolist() == score_sentences(texts, method=DEFAULT_METHOD).tolist()


def test_unknown_method_names_the_valid_ones():
    with pytest.raises(UnknownNameError) as caught:
        score_sentences(["Fine."], method="bert")
    message = str(caught.value)
    assert "sentiment method" in message
    assert "'bert'" in message
    for method in METHODS:
        assert repr(method) in message
    assert caught.value.valid == list(METHODS)


def test_news_vader_ignores_names_and_prepositional_like():
    vader, news = (
        score_sentences(["The United Nations met in Geneva.", "Cities like Boston grew."], method=m)
        for m in ("vader", "news_vader")
    )
    assert np.all(vader > 0.05)  # "united" and "like" are positive in VADER's lexicon
    assert news.tolist() == [0.0, 0.0]


def test_news_vader_keeps_the_verb_like_and_title_case_headlines():
    texts = ["We would like a fair deal.", "Senate Passes Great Bill"]
    assert np.all(score_sentences(texts, method="news_vader") > 0.05)


def test_news_vader_knows_regular_verb_forms():
    texts = ["The soldiers were dying.", "Neighbours helped the family."]
    assert score_sentences(texts, method="vader").tolist()[0] == 0.0
    news = score_sentences(texts, method="news_vader")
    assert news[0] < -0.05
    assert news[1] > 0.05


def test_summarize_known_scores():
    s = summarize([0.5, -0.5, 0.0, 1.0, 0.04])
    assert s["sentiment"] == pytest.approx(0.208)
    assert s["sentiment_min"] == -0.5
    assert s["sentiment_max"] == 1.0
    assert s["share_positive"] == pytest.approx(0.4)
    assert s["share_negative"] == pytest.approx(0.2)
    assert s["share_neutral"] == pytest.approx(0.4)
    assert s["share_positive"] + s["share_negative"] + s["share_neutral"] == pytest.approx(1)


def test_summarize_threshold_is_inclusive_neutral_band():
    s = summarize([0.05, -0.05, 0.3], neutral=0.05)
    assert s["share_neutral"] == pytest.approx(2 / 3)
    s = summarize([0.05, -0.05, 0.3], neutral=0.0)
    assert s["share_positive"] == pytest.approx(2 / 3)
    assert s["share_neutral"] == 0.0


def test_summarize_arc_runs_from_first_to_last_sentence():
    arc = summarize([1.0, 0.0, -1.0])["sentiment_arc"]
    assert len(arc) == 10
    assert arc[0] == 1.0 and arc[-1] == -1.0
    assert all(a >= b for a, b in itertools.pairwise(arc))
    assert summarize([0.3])["sentiment_arc"] == [0.3] * 10
    long = np.linspace(-1, 1, 101)
    assert summarize(long)["sentiment_arc"] == pytest.approx(np.linspace(-1, 1, 10).tolist())


def test_summarize_empty_is_nan_safe():
    s = summarize([])
    assert s["sentiment_arc"] == []
    for key in (
        "sentiment",
        "sentiment_min",
        "sentiment_max",
        "share_positive",
        "share_negative",
        "share_neutral",
    ):
        assert math.isnan(s[key])


def test_summarize_accepts_score_sentences_output():
    s = summarize(score_sentences(POSITIVE + NEGATIVE))
    assert s["share_positive"] == pytest.approx(0.5)
    assert s["share_negative"] == pytest.approx(0.5)


@pytest.mark.skipif(not NYT.is_file(), reason=f"{NYT} not found")
def test_default_reaches_published_vader_on_nyt_editorials():
    with NYT.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert len(rows) == 5190
    ratings = np.array([float(r["mean_rating"]) for r in rows])
    texts = [r["text"] or "" for r in rows]
    r_default = np.corrcoef(score_sentences(texts), ratings)[0, 1]
    r_vader = np.corrcoef(score_sentences(texts, method="vader"), ratings)[0, 1]
    # Hutto & Gilbert (2014) report r = 0.492 for VADER on these sentences.
    assert r_default >= 0.492
    assert r_default > r_vader
