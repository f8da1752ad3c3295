"""What segmentation counts as a word, and what a token says about how a paragraph opens.

Segmentation compares paragraphs by their *content words*: lower-cased, lightly stemmed
("hubs"/"hub", "played"/"plays" meet), with function words and words every news story
uses dropped, as they are no evidence of a shared topic. The topic space and the word
counts shipped in :mod:`toolkit.segment.models` are fitted on the same words
(:func:`content_words`), so this module is the one definition of a word for all of them.

Besides its content word, each token carries the :data:`FLAGS` the first stage's opening
cues read (:mod:`toolkit.segment.representation`): is it capitalised, a personal
pronoun, an honorific ("Mr"), a word that refers back ("He", "However"), "The", or a noun
that points back after "The" ("The company said").

Examples
--------
>>> content_words("The strikers played well, Mr Bamford said.")
['striker', 'play', 'bamford']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

__all__ = ["FLAGS", "content_words", "surface", "tokenize"]

# Words, and "\n" for the end of a paragraph.
_TOKEN_OR_BREAK = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\n")
_HONORIFICS = frozenset({"Mr", "Mrs", "Ms", "Miss", "Dr"})

# Function words, and words every news story uses; not evidence of a shared topic.
_STOP = frozenset(
    """a about above after again against all almost also although always am among an and
    another any are around as at away back be became because become been before being below
    between both but by came can cannot come could did do does doing done down during each
    either else even ever every few for from further get gets getting give given go going
    gone got had has have having he her here hers herself him himself his how however i if
    in into is it its itself just last least less let like made make makes making many may
    me might more most much must my myself near nearly neither never new next no nor not
    now of off often on once one only onto or other others otherwise our ours ourselves out
    over own per perhaps put quite rather really said say saying says see seen she should
    since so some something still such take taken than that the their theirs them
    themselves then there these they thing things this those though through thus till to
    told too toward towards under until up upon us very via was way we well were what
    whatever when where whether which while who whom whose why will with within without
    would yet you your yours yourself mr mrs ms miss dr sir year years time times week weeks
    day days month months people two three four five six seven eight nine ten first second
    third added told according including already""".split()  # noqa: SIM905 - a word list reads best as words
)
# Openers that refer back to something already said: rare as the first words of a story.
_BACKWARD_OPENERS = frozenset(
    """he she they it its his her their them this these those that there we our i you but
    however and also meanwhile yet so still instead nevertheless moreover furthermore
    additionally then later both another such while although though despite because
    earlier previously again separately elsewhere overall indeed asked speaking others
    other if or nor""".split()  # noqa: SIM905 - a word list reads best as words
)
# Personal pronouns; one before any name means the paragraph leans on an earlier one.
_PRONOUNS = frozenset(["he", "she", "him", "his", "her", "hers", "they", "them", "their", "theirs"])
# "The <noun>" openers that point back to an entity named before ("The company said").
_BACKWARD_NOUNS = frozenset(
    """company firm group club team side player players minister spokesman spokeswoman
    report move deal plan study survey star singer band film show actor actress court
    judge bank agency regulator source sources official officials government party
    president chancellor couple pair man woman boy girl decision figures statement
    organisation association union""".split()  # noqa: SIM905 - a word list reads best as words
)

#: What :func:`surface` says about a token besides its content word, in this order.
FLAGS = ("capitalised", "pronoun", "honorific", "backward_opener", "the", "backward_noun")

# Characters of text tokenised at a time (see tokenize).
_CHUNK_CHARS = 1 << 20


def content_words(text: str) -> list[str]:
    """The content words segmentation compares, in order: lower-cased, lightly stemmed,
    function words dropped (what the topic space is fitted on).

    Examples
    --------
    >>> content_words("Rain again in Leeds")
    ['rain', 'leed']
    """
    words = (surface(token)[0] for token in _TOKEN_OR_BREAK.findall(text.replace("\n", " ")))
    return [word for word in words if word]


def _stem(word: str) -> str:
    """Fold plurals and common verb endings so "hubs"/"hub", "played"/"plays" meet."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


# Dumps share most of their vocabulary, so surface forms are analysed once per process.
@lru_cache(maxsize=1 << 17)
def surface(token: str) -> tuple[str | None, tuple[bool, ...]]:
    """The content word behind a token (None for a function word), and its :data:`FLAGS`.

    Examples
    --------
    >>> surface("However")
    (None, (True, False, False, True, False, False))
    """
    if token == "\n":
        return None, (False,) * len(FLAGS)
    lower = token.lower().replace("’", "'")
    bare = lower.split("'")[0]
    flags = (
        token[0].isupper(),
        lower in _PRONOUNS,
        token in _HONORIFICS,
        bare in _BACKWARD_OPENERS,
        bare == "the",
        bare in _BACKWARD_NOUNS,
    )
    word = lower.removesuffix("'s")
    if len(word) < 2 or word in _STOP or "'" in word:
        return None, flags
    return _stem(word), flags


def tokenize(paragraphs: Sequence[str]) -> tuple[dict[str, int], np.ndarray]:
    """The tokens of ``paragraphs`` as ids of their distinct surface forms.

    Returns the surface forms (each mapped to its id, in order of first use) and the id
    of every token, a ``"\\n"`` token ending each paragraph. A line break inside a
    paragraph counts as a space, so that paragraphs stay paragraphs.

    Regex passes go over ~1 MB of paragraphs at a time and only one chunk's token
    strings are alive at a time; everything after is array work.

    Examples
    --------
    >>> types, ids = tokenize(["Rain, rain.", "Sun"])
    >>> list(types), ids.tolist()
    (['Rain', 'rain', '\\n', 'Sun'], [0, 1, 2, 3, 2])
    """
    n = len(paragraphs)
    types: dict[str, int] = {}
    chunks = []
    first = 0
    while first < n:
        size, last = 0, first
        while last < n and (last == first or size < _CHUNK_CHARS):
            size += len(paragraphs[last])
            last += 1
        text = "\n".join(paragraphs[first:last]) + "\n"
        if text.count("\n") != last - first:
            text = "\n".join(p.replace("\n", " ") for p in paragraphs[first:last]) + "\n"
        tokens = _TOKEN_OR_BREAK.findall(text)
        for token in dict.fromkeys(tokens):
            types.setdefault(token, len(types))
        chunks.append(
            np.fromiter(map(types.__getitem__, tokens), dtype=np.int32, count=len(tokens))
        )
        first = last
    token_type = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int32)
    return types, token_type
