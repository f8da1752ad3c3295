"""Where a story saved again begins and ends, from the paragraphs the dumps repeat.

A folder of daily scrapes holds the same story again and again, each time among other
stories. Two places that share a run of paragraphs in the same order hold one story (or
copies of it), and where the run's surroundings differ between the two places, the story
begins or ends there: a page is saved whole, but never with the same neighbours twice.
The segmenter weighs words alone and can merge a copy with its neighbour or split it;
:func:`repeat_priors` turns the repeats into log-odds the segmenter adds to its own:

- :data:`toolkit.segment.boundaries.FORCED` (a cut the segmenter must make) before a
  run's first paragraph, when no paragraph before it matches the other place's (an
  edited copy's changed lede still matches, as does a paragraph added or cut next to
  it: they are inside the story, not its edge);
- ``+END_BONUS`` after a run's last paragraph, likewise: only a nudge, because a story
  saved again often has paragraphs added at its end (a live story's updates) or cut
  there, which look the same as the next story's start;
- ``-JOIN_PENALTY`` between two paragraphs that follow each other in another place too.

A run is :data:`RUN` paragraphs at least, each of :data:`MIN_WORDS` words at least: a
page's own lines ("Follow us on Twitter for the latest news ...") recur next to every
story and are short. Paragraphs match when their normalised texts
(:func:`toolkit.segment.repeats.normalise`) are equal; the paragraphs around a run match
when most of the shorter one's words of four letters or more are in the other (share
:data:`SIMILAR`), so that an edited paragraph still counts as the same.

On 200 generated folders of daily dumps (``benchmarks/bench_repeats.py``, development
split), the repeats let the loader cut 92.0% of stories exactly, against 80.3% without
them, and find 0.97 of the copies, against 0.83.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from toolkit.segment.boundaries import FORCED
from toolkit.segment.repeats import normalise

__all__ = ["END_BONUS", "JOIN_PENALTY", "MIN_WORDS", "RUN", "SIMILAR", "repeat_priors"]

#: Log-odds added after a run's last paragraph.
END_BONUS = 8.0
#: Log-odds taken off a gap whose two paragraphs are neighbours in another place too.
JOIN_PENALTY = 8.0
#: Paragraphs shorter than this (in words) are not matched.
MIN_WORDS = 8
#: Matched paragraphs in a row that make a run.
RUN = 3
#: Share of the shorter paragraph's longer words in the other: the same paragraph, edited.
SIMILAR = 0.5
_LONG_WORD = re.compile(r"\w{4,}")
# How far around a run an added or cut paragraph may sit and still be inside the story.
_REACH = 2


def repeat_priors(files: Sequence[Sequence[str]]) -> list[np.ndarray]:
    """Log-odds for each gap between paragraphs, from the paragraphs the files repeat.

    Parameters
    ----------
    files
        Each file's body paragraphs, in order.

    Returns
    -------
    list of numpy.ndarray
        For each file, one value per paragraph (index ``p``: the gap before paragraph
        ``p``; index 0 is always 0): :data:`~toolkit.segment.boundaries.FORCED` where a
        story starts, ``END_BONUS`` after one likely ends, ``-JOIN_PENALTY`` where it
        likely goes on, 0 where the repeats say nothing (always, in a file whose
        paragraphs occur nowhere else).

    Examples
    --------
    >>> story = ["Kosovo will take failed asylum seekers from the UK, officials said.",
    ...          "The plan was announced in London on Monday by the home secretary.",
    ...          "Critics said the return hubs would break international law."]
    >>> other = ["Chelsea beat Arsenal two nil at Stamford Bridge on a cold Saturday."]
    >>> day1, day2 = repeat_priors([other + story, story + other])
    >>> day1.tolist()
    [0.0, 1000000.0, -8.0, -8.0]
    >>> day2.tolist()
    [0.0, -8.0, -8.0, 8.0]
    """
    keys = [[_key(p) for p in paragraphs] for paragraphs in files]
    where: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
    for f, file_keys in enumerate(keys):
        for i, key in enumerate(file_keys):
            if key is not None:
                where[key].append((f, i))
    words: dict[tuple[int, int], frozenset[str]] = {}

    def word_set(f: int, i: int) -> frozenset[str]:
        if (f, i) not in words:
            words[f, i] = _content_words(files[f][i])
        return words[f, i]

    def similar(a: tuple[int, int], b: tuple[int, int]) -> bool:
        key = keys[a[0]][a[1]]
        if key is not None and key == keys[b[0]][b[1]]:
            return True  # the same paragraph: no need to compare words
        x, y = word_set(*a), word_set(*b)
        return min(len(x), len(y)) > 0 and len(x & y) / min(len(x), len(y)) >= SIMILAR

    def edge(f: int, i: int, g: int, j: int, step: int) -> bool:
        """Whether the run through (f, i) and (g, j) ends on the ``step`` side (-1: it
        begins at i), no paragraph within reach there matching the other place's."""
        near = [(f, i + step * k) for k in range(1, _REACH + 1)]
        far = [(g, j + step * k) for k in range(1, _REACH + 1)]
        near = [(a, b) for a, b in near if 0 <= b < len(files[a])]
        far = [(a, b) for a, b in far if 0 <= b < len(files[a])]
        return not any(similar(a, b) for a in near for b in far)

    priors = []
    for f, file_keys in enumerate(keys):
        prior = np.zeros(len(file_keys))
        for i in range(1, len(file_keys)):
            before, after = file_keys[i - 1], file_keys[i]
            if len(where.get(before, ())) < 2 and len(where.get(after, ())) < 2:
                continue  # neither paragraph occurs anywhere else: most gaps
            joined = before is not None and any(
                _next_is(keys, g, j, after)
                for g, j in where.get(before, ())
                if (g, j) != (f, i - 1)
            )
            # Inside a run (the paragraph before matches too) nothing can start.
            starts = any(
                not _previous_is(keys, g, j, before)
                and _run(keys, f, i, g, j, 1) and edge(f, i, g, j, -1)
                for g, j in where.get(after, ()) if (g, j) != (f, i)
            )  # fmt: skip
            ends = not joined and any(
                _run(keys, f, i - 1, g, j, -1) and edge(f, i - 1, g, j, 1)
                for g, j in where.get(before, ()) if (g, j) != (f, i - 1)
            )  # fmt: skip
            if starts:
                prior[i] = FORCED
            elif ends:
                prior[i] = END_BONUS
            elif joined:
                prior[i] = -JOIN_PENALTY
        priors.append(prior)
    return priors


def _content_words(paragraph: str) -> frozenset[str]:
    # Words of four letters or more: "the", "and", "said" are in every paragraph.
    return frozenset(_LONG_WORD.findall(normalise(paragraph)))


def _key(paragraph: str) -> str | None:
    text = normalise(paragraph)
    return text if text.count(" ") + 1 >= MIN_WORDS else None


def _next_is(keys: list[list[str | None]], g: int, j: int, key: str | None) -> bool:
    return key is not None and j + 1 < len(keys[g]) and keys[g][j + 1] == key


def _previous_is(keys: list[list[str | None]], g: int, j: int, key: str | None) -> bool:
    return key is not None and j > 0 and keys[g][j - 1] == key


def _run(keys: list[list[str | None]], f: int, i: int, g: int, j: int, step: int) -> bool:
    """Whether :data:`RUN` paragraphs from (f, i) on, going ``step``, match those from
    (g, j) on."""
    for k in range(RUN):
        a, b = i + step * k, j + step * k
        if not (0 <= a < len(keys[f]) and 0 <= b < len(keys[g])):
            return False
        if keys[f][a] is None or keys[f][a] != keys[g][b]:
            return False
    return True
