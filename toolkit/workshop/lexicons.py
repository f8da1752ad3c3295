"""The sentiment lexicons behind ``toolkit.workshop.lexicon``: VADER's file as published
(mean, standard deviation and the ten raw ratings of each entry), the toolkit's news
reading of it, and TextBlob's polarity of a word on its own."""

from __future__ import annotations

import ast
from functools import cache
from importlib import resources

from toolkit.measures.sentiment import news_analyzer

NAN = float("nan")


@cache
def vader_entries() -> dict[str, tuple[float, float, list[int]]]:
    """``word -> (mean, sd, ratings)`` read from ``vaderSentiment/vader_lexicon.txt``."""
    text = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text("utf-8")
    entries = {}
    for line in text.splitlines():
        parts = line.strip().split("\t")
        if len(parts) == 4:
            entries[parts[0]] = (float(parts[1]), float(parts[2]), ast.literal_eval(parts[3]))
    return entries


def _textblob(word: str) -> float:
    from textblob import TextBlob

    return float(TextBlob(word).sentiment.polarity)


def rows(words) -> list[dict]:
    entries, news = vader_entries(), news_analyzer().lexicon
    out = []
    for word in words:
        key = word.lower()
        mean, sd, ratings = entries.get(key, (NAN, NAN, []))
        out.append(
            {
                "word": word,
                "vader": mean,
                "vader_sd": sd,
                "vader_ratings": ratings,
                "news_vader": float(news.get(key, NAN)),
                "textblob": _textblob(key) if key in _textblob_words() else NAN,
            }
        )
    return out


@cache
def _textblob_words() -> frozenset[str]:
    from textblob.en import sentiment

    sentiment("good")  # the lexicon loads on first use
    return frozenset(sentiment)
