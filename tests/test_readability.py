"""Readability and diversity equal textacy's own functions on the same text."""

from __future__ import annotations

import math

import pytest
from textacy import text_stats

from toolkit.measures.diversity import lexical_diversity
from toolkit.measures.readability import readability
from toolkit.measures.registry import components_for
from toolkit.nlp import load_nlp, pipes_to_disable


@pytest.fixture(scope="module")
def doc(seed_stories):
    nlp = load_nlp()
    with nlp.select_pipes(disable=pipes_to_disable(nlp, components_for(["readability"]))):
        return nlp(seed_stories["text"].iloc[0])


def test_formulas_equal_textacy(doc):
    scores = readability(doc)
    assert scores["flesch_reading_ease"] == pytest.approx(text_stats.flesch_reading_ease(doc))
    assert scores["flesch_kincaid_grade"] == pytest.approx(
        text_stats.flesch_kincaid_grade_level(doc)
    )
    assert scores["gunning_fog"] == pytest.approx(text_stats.gunning_fog_index(doc))
    assert scores["smog"] == pytest.approx(text_stats.smog_index(doc))
    assert scores["coleman_liau"] == pytest.approx(text_stats.coleman_liau_index(doc))
    assert scores["automated_readability_index"] == pytest.approx(
        text_stats.automated_readability_index(doc)
    )
    assert scores["lix"] == pytest.approx(text_stats.lix(doc))
    assert scores["n_sentences"] == text_stats.n_sents(doc)
    assert scores["n_words_parsed"] == text_stats.n_words(doc)
    assert scores["mean_sentence_length"] == pytest.approx(
        scores["n_words_parsed"] / scores["n_sentences"]
    )


def test_paragraphs_are_sentences_and_blank_lines_are_not(doc):
    n_paragraphs = doc.text.count("\n") + 1
    assert all(not s.text.isspace() for s in doc.sents)
    assert readability(doc)["n_sentences"] >= n_paragraphs


def test_diversity_equals_textacy(doc):
    div = lexical_diversity(doc)
    assert div["ttr"] == pytest.approx(text_stats.diversity.ttr(doc))
    assert div["mtld"] == pytest.approx(text_stats.diversity.mtld(doc))


def test_empty_text_is_nan_not_an_error():
    empty = load_nlp()("")
    assert math.isnan(readability(empty)["flesch_reading_ease"])
    assert readability(empty)["n_words_parsed"] == 0
    assert math.isnan(lexical_diversity(empty)["ttr"])


def test_diversity_is_nan_below_the_minimum_length():
    from toolkit.measures.diversity import MIN_WORDS

    nlp = load_nlp()
    short = lexical_diversity(nlp("The council met on Monday and agreed the new budget at last."))
    assert math.isnan(short["mtld"]) and math.isnan(short["ttr"])  # textacy: mtld 1e7-ish
    assert short["n_unique_words"] > 0
    words = " ".join(f"word{i % 60}" for i in range(MIN_WORDS))
    enough = lexical_diversity(nlp(words))
    assert enough["mtld"] == pytest.approx(text_stats.diversity.mtld(nlp(words)))
