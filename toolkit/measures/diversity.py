"""Lexical diversity of a parsed text, from :mod:`textacy.text_stats` (Voyant's
"vocabulary density"): ``ttr`` (types / tokens, falls with
length, so only comparable between texts of similar length) and ``mtld`` (McCarthy &
Jarvis 2010: mean length of runs that keep TTR above 0.72; stable across lengths).

Both need words enough to mean anything. MTLD divides the text's length by the number of
runs ("factors") it completes, counting the last, unfinished run as a fraction of one; a
short text completes none, so MTLD divides by a small fraction and explodes (13 words
give 1.3e7). McCarthy & Jarvis (2010, *Behavior Research Methods* 42(2)) validated MTLD
on texts of 100 words or more, and Koizumi & In'nami (2012, *System* 40(4)) found it
the least length-sensitive measure only from about 100 tokens on. Below :data:`MIN_WORDS` words (spaCy's
words less punctuation) ``ttr`` and ``mtld`` are NaN (``<NA>`` in the frames), so that a
fragment cannot wreck a topic's mean; ``n_unique_words`` is always given.
"""

from __future__ import annotations

import math

from spacy.tokens import Doc
from textacy.text_stats import basics, diversity, utils

__all__ = ["DIVERSITY_COLUMNS", "MIN_WORDS", "lexical_diversity"]

DIVERSITY_COLUMNS = ("n_unique_words", "ttr", "mtld")

#: Fewest words (spaCy's, punctuation aside) for which ``ttr`` and ``mtld`` are given.
MIN_WORDS = 100


def lexical_diversity(doc: Doc) -> dict[str, float]:
    """Type-token ratio and MTLD of ``doc`` (textacy's implementations); NaN for both
    below :data:`MIN_WORDS` words.

    Examples
    --------
    >>> from toolkit.nlp import load_nlp
    >>> lexical_diversity(load_nlp()("the cat and the dog"))
    {'n_unique_words': 4, 'ttr': nan, 'mtld': nan}
    >>> scores = lexical_diversity(load_nlp()(stories["text"].iloc[0]))  # the Kosovo story
    >>> round(scores["ttr"], 2), round(scores["mtld"], 1)
    (0.43, 102.6)
    """
    words = tuple(utils.get_words(doc))
    if len(words) < MIN_WORDS:
        unique = basics.n_unique_words(words) if words else 0
        return {"n_unique_words": unique, "ttr": math.nan, "mtld": math.nan}
    return {
        "n_unique_words": basics.n_unique_words(words),
        "ttr": float(diversity.ttr(words)),
        "mtld": float(diversity.mtld(words)),
    }
