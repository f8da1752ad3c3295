"""Sentence-level sentiment scores and their per-story summary.

Three methods are offered. Each returns one float per sentence, from -1 (most negative) to +1
(most positive):

``"vader"``
    VADER's ``compound`` score (Hutto & Gilbert 2014). VADER looks words up in a lexicon of
    about 7,500 words, emoticons and slang rated by crowd workers on -4..+4, adjusts them by
    rules (negation: "not good"; boosters: "very good"; a contrastive "but"; capitals;
    exclamation marks), sums the adjusted valences and squashes the sum with
    ``x / sqrt(x**2 + 15)``. More sentiment words therefore give a stronger score.
``"textblob"``
    TextBlob's pattern-based polarity: the mean polarity of the words found in a lexicon of
    about 2,900 mostly adjectives drawn from product reviews, with its own negation and
    intensifier rules. It needs no corpus download.
``"news_vader"`` (the default)
    VADER with its lexicon read as a news reader would. It changes nothing that was fitted to
    rated sentences; every change follows from how words are used in edited prose:

    1. A capitalised word inside a sentence is part of a name ("United Nations", "Justice
       Department", "Liberty Bell"), not the adjective or noun the crowd rated, and scores 0.
       Title Case headlines, where every word is capitalised, keep their words.
    2. "like" scores 0 as a preposition ("leaders like him", "Like many cities, ...");
       only after a subject or auxiliary ("voters like", "would like") is it the verb VADER
       rated.
    3. Regular "-ed"/"-ing" forms of lexicon verbs that the lexicon lacks ("helped",
       "delaying", "protecting") take the valence of their base form, as many such forms in
       the lexicon already do ("killed", "killing").

    Otherwise it is VADER: same rules, same sum and squash. Two other changes were tried and
    dropped because they lowered the correlation with human ratings of news sentences (see
    ``benchmarks/bench_sentiment.py``): averaging the word valences instead of summing them
    (readers do rate sentences with more sentiment words as stronger), and using TextBlob
    where VADER finds no sentiment word (there TextBlob is barely related to the ratings).

Why the methods disagree: they use different lexicons (VADER's social-media words and
emoticons versus TextBlob's review adjectives; news prose is written mostly in neither), they
aggregate differently (VADER sums, TextBlob averages, so a long sentence with several mild
words is strong for VADER and mild for TextBlob), and they handle negation and contrast with
different rules. A sentence that neither lexicon covers scores 0 although a reader may find it
clearly negative ("The factory closed and 300 people lost their jobs" has one VADER word,
"lost"). On the NYT editorial sentences of the VADER paper (``benchmarks/bench_sentiment.py``),
the scores correlate with the mean of 20 human ratings at about r = 0.5 for VADER and
``news_vader`` and r = 0.3 for TextBlob, against r = 0.75 for a single human: read any one
sentence's score as a noisy reading, and compare averages over many sentences.

Examples
--------
>>> from toolkit.measures.sentiment import score_sentences, summarize
>>> scores = score_sentences(["The rescue was a wonderful success.", "Prices rose."])
>>> bool(scores[0] > 0.05), float(scores[1])
(True, 0.0)
>>> summarize(scores)["share_positive"]
0.5
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache

import numpy as np

from toolkit.errors import check_name

__all__ = [
    "ARC_POINTS",
    "DEFAULT_METHOD",
    "METHODS",
    "SENTIMENT_COLUMNS",
    "news_analyzer",
    "score_sentences",
    "summarize",
]

METHODS: tuple[str, ...] = ("news_vader", "vader", "textblob")
DEFAULT_METHOD = "news_vader"
#: The keys of :func:`summarize`: a story's sentiment columns.
SENTIMENT_COLUMNS = (
    "sentiment", "sentiment_min", "sentiment_max",
    "share_positive", "share_negative", "share_neutral", "sentiment_arc",
)  # fmt: skip

#: Length of the ``sentiment_arc`` returned by :func:`summarize`: one point per tenth of a
#: story, so that stories of different lengths line up on one chart.
ARC_POINTS = 10

# Words before "like" that make it the verb; after anything else it is a preposition.
_LIKE_VERB_CUES = frozenset(
    {
        "i", "we", "you", "they", "he", "she", "who", "people",
        "would", "to", "do", "does", "did", "don't", "doesn't", "didn't", "not", "never",
        "really", "also", "still", "might", "may", "will", "can", "could", "should",
    }
)  # fmt: skip

# Words that style guides leave lower case in Title Case headlines.
_TITLE_CASE_LOWER = frozenset(
    {
        "a", "an", "the", "and", "or", "nor", "but", "for", "so", "yet", "of", "in", "on",
        "at", "to", "by", "up", "as", "from", "with", "into", "over", "vs",
    }
)  # fmt: skip
_PUNCTUATION = "\"'“”‘’()[]{},.;:!?-–—"

# After a token ending in one of these, a capital may start a clause or a quotation.
_CLAUSE_END = tuple(".:;!?\"'“”‘’([")


def score_sentences(texts: Sequence[str], *, method: str = DEFAULT_METHOD) -> np.ndarray:
    """Score each sentence from -1 (most negative) to +1 (most positive).

    Parameters
    ----------
    texts
        One sentence per item; the caller splits stories into sentences. Empty strings
        score 0.
    method
        One of :data:`METHODS`; the module docstring says what each does.

    Returns
    -------
    numpy.ndarray
        Float scores, one per text, in [-1, 1].

    Raises
    ------
    toolkit.errors.UnknownNameError
        If ``method`` is not in :data:`METHODS`.

    Examples
    --------
    >>> s = score_sentences(["A great victory.", "A terrible loss."], method="vader")
    >>> [bool(x > 0) for x in s]
    [True, False]
    """
    check_name("sentiment method", method, METHODS)
    if method == "textblob":
        scores = [_textblob_polarity(t) for t in texts]
    else:
        analyzer = _vader() if method == "vader" else news_analyzer()
        scores = [analyzer.polarity_scores(t)["compound"] if t else 0.0 for t in texts]
    return np.clip(np.asarray(scores, dtype=float).reshape(-1), -1.0, 1.0)


def summarize(scores: Sequence[float], *, neutral: float = 0.05) -> dict:
    """Aggregate one story's sentence scores.

    Parameters
    ----------
    scores
        Sentence scores in story order, e.g. from :func:`score_sentences`.
    neutral
        Scores within ``[-neutral, neutral]`` count as neutral; 0.05 is VADER's convention.

    Returns
    -------
    dict
        ``sentiment`` (mean), ``sentiment_min``, ``sentiment_max``, ``share_positive``
        (share of scores > neutral), ``share_negative`` (< -neutral), ``share_neutral``
        (the rest), and ``sentiment_arc``: a list of :data:`ARC_POINTS` (10) floats, the
        scores linearly interpolated at 10 evenly spaced positions from the first sentence
        (position 0) to the last (position 1). A fixed length puts stories of any length on
        one "sentiment by position in the story" axis; interpolation keeps every sentence's
        score rather than smoothing it away, so a single sharp sentence still shows. A
        one-sentence story gives ten equal points. With no sentences every number is NaN and
        the arc is ``[]``.

    Examples
    --------
    >>> s = summarize([0.5, -0.5, 0.0, 1.0])
    >>> s["sentiment"], s["share_positive"], s["share_neutral"]
    (0.25, 0.5, 0.25)
    >>> len(s["sentiment_arc"]), s["sentiment_arc"][0], s["sentiment_arc"][-1]
    (10, 0.5, 1.0)
    >>> summarize([])["sentiment_arc"]
    []
    """
    x = np.asarray(scores, dtype=float).reshape(-1)
    if x.size == 0:
        nan = float("nan")
        return {
            "sentiment": nan,
            "sentiment_min": nan,
            "sentiment_max": nan,
            "share_positive": nan,
            "share_negative": nan,
            "share_neutral": nan,
            "sentiment_arc": [],
        }
    return {
        "sentiment": float(np.mean(x)),
        "sentiment_min": float(np.min(x)),
        "sentiment_max": float(np.max(x)),
        "share_positive": float(np.mean(x > neutral)),
        "share_negative": float(np.mean(x < -neutral)),
        "share_neutral": float(np.mean(np.abs(x) <= neutral)),
        "sentiment_arc": _resample(x, ARC_POINTS),
    }


def _resample(x: np.ndarray, n: int) -> list[float]:
    if x.size == 1:
        return [float(x[0])] * n
    where = np.linspace(0.0, 1.0, n)
    return [float(v) for v in np.interp(where, np.linspace(0.0, 1.0, x.size), x)]


@lru_cache(maxsize=1)
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@cache
def news_analyzer(names: bool = True, like: bool = True, inflections: bool = True):
    """The VADER analyzer behind ``news_vader``, with each of its three changes switchable
    (the benchmark's ablation switches them off; :func:`score_sentences` uses all three).

    Examples
    --------
    >>> round(news_analyzer().polarity_scores("A good day.")["compound"], 2)
    0.44
    """
    return _news_analyzer_class()(names=names, like=like, inflections=inflections)


def _textblob_polarity(text: str) -> float:
    if not text:
        return 0.0
    # The pattern analyzer behind TextBlob(text).sentiment, without building a TextBlob.
    from textblob.en import sentiment as pattern_sentiment

    return float(pattern_sentiment(text)[0])


@lru_cache(maxsize=1)
def _news_analyzer_class():
    # Defined on first use so that importing toolkit.measures.sentiment does not import vaderSentiment.
    from vaderSentiment.vaderSentiment import (
        BOOSTER_DICT,
        NEGATE,
        SentimentIntensityAnalyzer,
    )

    class NewsAnalyzer(SentimentIntensityAnalyzer):
        """VADER that skips sentiment-free senses and knows regular verb inflections."""

        def __init__(self, *, names: bool, like: bool, inflections: bool):
            super().__init__()
            self.names = names
            self.like = like
            if inflections:
                # Modifiers and negators must stay out of the lexicon: VADER only treats a
                # word as a modifier of the next one when the word itself is not a lexicon entry.
                taken = set(self.lexicon) | set(BOOSTER_DICT) | set(NEGATE)
                extra = {}
                for word, valence in self.lexicon.items():
                    for form in _verb_inflections(word):
                        if form not in taken:
                            extra.setdefault(form, valence)
                self.lexicon.update(extra)

        def sentiment_valence(self, valence, sentitext, item, i, sentiments):
            if _sentiment_free_sense(sentitext, item, i, names=self.names, like=self.like):
                sentiments.append(0.0)
                return sentiments
            return super().sentiment_valence(valence, sentitext, item, i, sentiments)

    return NewsAnalyzer


def _verb_inflections(word: str) -> list[str]:
    """Regular past and present participles of ``word`` ("-ed", "-ing")."""
    # Plural "-s" is left out on purpose: it turns adjectives into nouns with another sense
    # ("goods", "fines", "justices").
    if len(word) < 3 or not word.isalpha() or not word.islower():
        return []
    if word.endswith("ie"):
        return [word + "d", word[:-2] + "ying"]
    if word.endswith("ee"):
        return [word + "d", word + "ing"]
    if word.endswith("e"):
        return [word + "d", word[:-1] + "ing"]
    if re.search(r"[^aeiou]y$", word):
        return [word[:-1] + "ied", word + "ing"]
    forms = [word + "ed", word + "ing"]
    # Short consonant-vowel-consonant verbs double the consonant: stop, stopped, stopping.
    if len(word) <= 5 and re.search(r"[^aeiou][aeiou][bdgklmnprt]$", word):
        forms += [word + word[-1] + "ed", word + word[-1] + "ing"]
    return forms


def _sentiment_free_sense(sentitext, item: str, i: int, *, names: bool, like: bool) -> bool:
    raw = getattr(sentitext, "_toolkit_raw", None)
    if raw is None:
        # VADER splits on whitespace too, so raw tokens line up with VADER's word positions.
        raw = sentitext.text.split()
        sentitext._toolkit_raw = raw
        sentitext._toolkit_headline = _is_title_case(raw)
    if i >= len(raw):
        return False
    if item.lower() == "like":
        if not like:
            return False
        if i == 0:
            return True
        previous = raw[i - 1].lower().replace("’", "'")
        return previous not in _LIKE_VERB_CUES and not previous.endswith("'d")
    if not names or i == 0 or sentitext._toolkit_headline:
        return False
    return (
        raw[i][:1].isupper()
        # All capitals is VADER's emphasis rule, not a name.
        and not item.isupper()
        and not raw[i - 1].endswith(_CLAUSE_END)
    )


def _is_title_case(raw: list[str]) -> bool:
    # In a Title Case headline every capital would look like a name. A sentence is one when no
    # word after the first is lower case, short function words apart.
    words = (w.strip(_PUNCTUATION) for w in raw[1:])
    return not any(w[:1].islower() and w.lower() not in _TITLE_CASE_LOWER for w in words)
