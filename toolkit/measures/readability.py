"""Readability of a parsed text, from :mod:`textacy.text_stats`.

Every formula is textacy's own; this module only gathers them, guards against empty
texts, and adds the counts behind them so that a reader can check a score by hand.

Where the formulas disagree, and why:

- Flesch reading ease (higher = easier) and Flesch-Kincaid grade weigh *syllables* per
  word; Coleman-Liau and the automated readability index weigh *characters* per word, so
  a text full of short but multi-syllable words ("area", "idea") scores harder by Flesch.
- Gunning fog and SMOG count only *polysyllabic* words (3+ syllables). SMOG was
  calibrated on 30-sentence samples and is unreliable on short stories (textacy warns
  below 30 sentences; here the ``n_sentences`` column says so).
- LIX counts *long* words (7+ characters) and is language-independent.
- All depend on sentence length, so they are sensitive to how sentences are split:
  headlines, lists and quotes without full stops make sentences look long.
- Syllables come from pyphen hyphenation patterns, which undercount some words; names
  and numbers are counted as words.
"""

from __future__ import annotations

import functools
import math

from spacy.tokens import Doc
from textacy.text_stats import utils

__all__ = ["EASIER_IF_HIGHER", "FORMULAS", "READABILITY_COLUMNS", "readability"]

#: Each formula's column, its name, and how a newcomer should read it.
FORMULAS = {
    "flesch_reading_ease": ("Flesch reading ease", "higher = easier; 60-70 is plain English"),
    "flesch_kincaid_grade": ("Flesch-Kincaid grade", "US school grade; lower = easier"),
    "gunning_fog": ("Gunning fog", "years of schooling; lower = easier"),
    "smog": ("SMOG", "US school grade; lower = easier"),
    "coleman_liau": ("Coleman-Liau", "US school grade; lower = easier"),
    "automated_readability_index": (
        "Automated readability index",
        "US school grade; lower = easier",
    ),
    "lix": ("LIX", "lower = easier; 40 is average prose"),
}
#: Formulas on which a higher score means an easier text.
EASIER_IF_HIGHER = frozenset({"flesch_reading_ease"})
READABILITY_COLUMNS = (
    *FORMULAS,
    "n_sentences",
    "n_words_parsed",
    "n_syllables",
    "n_long_words",
    "n_polysyllable_words",
    "mean_sentence_length",
)
def readability(doc: Doc) -> dict[str, float]:
    """Seven readability formulas and the counts behind them.

    The formulas are textacy's (``textacy.text_stats.readability``, English coefficients),
    evaluated on counts taken once: each textacy function walks the whole Doc again, which
    made readability cost a fifth of the parse, and syllables are counted once per word form. ``tests/test_readability.py`` checks that
    every value equals textacy's own function on the same Doc.

    Parameters
    ----------
    doc
        A spaCy Doc with sentence boundaries.

    Returns
    -------
    dict
        Keys :data:`READABILITY_COLUMNS`. Formulas are NaN for a text without words.
        ``n_words_parsed`` counts the words the formulas use: spaCy tokens that are not
        punctuation or space (textacy's ``n_words``; "Corbyn's" is two). It is named
        apart from the loader's whitespace count ``n_words``, which a stories frame keeps.
        ``n_long_words`` counts words of 7+ characters (LIX's definition).

    Examples
    --------
    >>> from toolkit.nlp import load_nlp
    >>> scores = readability(load_nlp()("The cat sat on the mat. It purred."))
    >>> round(scores["flesch_reading_ease"], 1)
    118.2
    """
    words = list(utils.get_words(doc))
    n_words = len(words)
    n_sents = sum(1 for _ in doc.sents) if n_words else 0
    syllables = [_syllables(w.lower_, doc.lang_) for w in words]
    n_syllables = sum(syllables)
    n_poly = sum(1 for n in syllables if n >= 3)
    chars = [len(w) for w in words]
    n_long = sum(1 for n in chars if n >= 7)
    n_chars = sum(chars)
    counts = {
        "n_sentences": n_sents,
        "n_words_parsed": n_words,
        "n_syllables": n_syllables,
        "n_long_words": n_long,
        "n_polysyllable_words": n_poly,
        "mean_sentence_length": n_words / n_sents if n_sents else math.nan,
    }
    if not n_words or not n_sents:
        return {**dict.fromkeys(FORMULAS, math.nan), **counts}
    per_sentence = n_words / n_sents
    scores = {
        "flesch_reading_ease": 206.835 - 1.015 * per_sentence - 84.6 * n_syllables / n_words,
        "flesch_kincaid_grade": 11.8 * n_syllables / n_words + 0.39 * per_sentence - 15.59,
        "gunning_fog": 0.4 * (per_sentence + 100 * n_poly / n_words),
        "smog": 1.0430 * math.sqrt(30 * n_poly / n_sents) + 3.1291,
        "coleman_liau": 5.879851 * n_chars / n_words - 29.587280 * n_sents / n_words - 15.800804,
        "automated_readability_index": 4.71 * n_chars / n_words + 0.5 * per_sentence - 21.43,
        "lix": per_sentence + 100 * n_long / n_words,
    }
    return {**scores, **counts}


@functools.lru_cache(maxsize=1 << 16)
def _syllables(word: str, lang: str) -> int:
    # textacy's count (hyphenation points + 1), once per word form rather than once per
    # occurrence: hyphenation is most of readability's cost. textacy's own per-Doc caches
    # are not used because they keep the last 128 Docs alive.
    return len(utils.load_hyphenator(lang=lang).positions(word)) + 1
