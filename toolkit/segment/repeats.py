"""Stories that repeat an earlier one: the same story saved by two daily scrapes, or saved
again after an edit.

A folder of daily dumps holds the same story many times; counted every time, its words
and quotations swamp a topic's statistics. :func:`find_repeats` marks each story that
repeats an earlier one (in load order, within a file or across files):

- an **exact copy** has the same text once white space, quote marks and case are
  normalised (``similarity`` 1);
- a **near copy** shares at least :data:`MIN_SIMILARITY` of its word 5-grams (words as
  white space separates them, punctuation included) with an
  earlier story (Jaccard similarity of the two sets, computed exactly): an edited
  sentence, an added or cut paragraph. Candidates are found with MinHash LSH
  (``datasketch``), so the work grows with the corpus, not with its square.

Two different stories on one subject share names and phrases but few runs of five words;
``benchmarks/bench_repeats.py`` measures both kinds of error on generated folders.

Examples
--------
>>> texts = ["Kosovo is open to talks on return hubs, its president said on Monday.",
...          "Kosovo is open to talks on return hubs, its president said on Monday. ",
...          "Chelsea won the final on Sunday."]
>>> find_repeats(texts, ["a", "b", "c"])
([None, 'a', None], [None, 1.0, None])
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
import unicodedata
from collections.abc import Sequence

import numpy as np
import pandas as pd
from datasketch import MinHash, MinHashLSH

__all__ = [
    "MIN_SIMILARITY",
    "NGRAM",
    "added_paragraphs",
    "find_repeats",
    "normalise",
]

#: Jaccard similarity of word 5-grams from which a story counts as a near copy. An edited
#: sentence in a 300-word story leaves about 0.85; two stories on one subject rarely 0.1.
MIN_SIMILARITY = 0.5
#: Words per shingle.
NGRAM = 5
# MinHash LSH: 32 permutations in 16 bands of 2 rows, so that a pair at MIN_SIMILARITY
# becomes a candidate with probability 1 - (1 - 0.5**2)**16 = 0.990 (0.997 at 0.55, 0.9997
# at 0.65; datasketch's own choice for a threshold of 0.35, 21 bands of 3, misses 6% at
# 0.5). A false candidate costs one exact check; stories sharing no 5-gram are almost
# never one. Each band costs a hash-table look-up per story, most of the LSH's time.
_NUM_PERM = 32
_BANDS = (16, 2)
# The sketch sees one shingle in _SAMPLE, chosen by its hash, so the same ones in every
# story: the Jaccard similarity of the samples estimates that of the whole sets at a
# quarter of the hashing (a story too short for 8 sampled shingles is sketched whole).
_SAMPLE = 4
_MIN_SAMPLED = 8
# Shingle hashes are 32-bit, which datasketch's 32-bit affine permutations take as they are.
_SCHEME = "affine32"
_QUOTES = {"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'",
           "′": "'", "″": '"'}  # fmt: skip
# Odd 32-bit multipliers that mix word hashes into one hash per 5-gram (polynomial hashing).
_MIX = np.array([0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F, 0x165667B1], dtype=np.uint64)


def normalise(text: str) -> str:
    """``text`` with white space collapsed, quote marks straightened and case folded: what
    two exact copies share.

    Examples
    --------
    >>> normalise("  “Open  to it,”\\n she said. ")
    '"open to it," she said.'
    """
    return " ".join(_words(text))


def _words(text: str) -> list[str]:
    if not text.isascii():  # most news is ASCII
        text = unicodedata.normalize("NFKC", text)
        # str.replace scans at C speed; translate() looks every character up in a dict.
        for mark, plain in _QUOTES.items():
            if mark in text:
                text = text.replace(mark, plain)
    return text.casefold().split()


def _shingles(words: list[list[str]]) -> list[np.ndarray]:
    """For each text's words, the sorted distinct 32-bit hashes of its word 5-grams (of
    all its words when it has fewer than five)."""
    ends = np.cumsum([len(w) for w in words])
    flat = np.array(list(itertools.chain.from_iterable(words)), dtype=object)
    # pandas hashes all the words in one call (SipHash with a fixed key: the same on every
    # run and machine); the five hashes of a 5-gram are then mixed into one.
    ids = pd.util.hash_array(flat, categorize=True) & np.uint64(0xFFFFFFFF)
    n = max(len(ids) - NGRAM + 1, 0)
    mixed = np.zeros(n, dtype=np.uint64)
    for k in range(NGRAM):
        mixed = (mixed + ids[k : k + n] * _MIX[k]) & np.uint64(0xFFFFFFFF)
    out = []
    for start, end in zip(itertools.chain([0], ends), ends):
        if end - start >= NGRAM:
            out.append(np.unique(mixed[start : end - NGRAM + 1]))
        elif end > start:
            short = ids[start:end] * _MIX[: end - start]
            out.append(np.array([short.sum() & np.uint64(0xFFFFFFFF)], dtype=np.uint64))
        else:
            out.append(np.zeros(0, dtype=np.uint64))
    return out


@functools.cache
def _permutations() -> np.ndarray:
    # Drawing the permutations is most of a MinHash's set-up cost: draw them once.
    return MinHash(num_perm=_NUM_PERM, scheme=_SCHEME).permutations


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / (len(a) + len(b) - shared)


def find_repeats(
    texts: Sequence[str], ids: Sequence[str], *, min_similarity: float = MIN_SIMILARITY
) -> tuple[list[str | None], list[float | None]]:
    """For each story, the id of the earlier story it repeats and how similar they are.

    Parameters
    ----------
    texts, ids
        The stories' texts and ids, in load order.
    min_similarity
        Jaccard similarity of word 5-grams from which a story is a near copy.

    Returns
    -------
    duplicate_of : list of str or None
        The id of the first story of its kind in load order (a copy of a copy points to
        the original when it is at least ``min_similarity`` like the original too, else to
        the copy it is like), ``None`` for an original.
    similarity : list of float or None
        1.0 for an exact copy, the 5-gram Jaccard similarity to the closest earlier story
        for a near copy, ``None`` for an original.
    """
    first_of: dict[str, int] = {}  # normalised text's digest -> first story with it
    original_of: list[int] = []
    duplicate_of: list[str | None] = []
    similarity: list[float | None] = []
    lsh = MinHashLSH(num_perm=_NUM_PERM, params=_BANDS)
    permutations = _permutations()
    words = [_words(text) for text in texts]
    digests = [hashlib.sha256(" ".join(w).encode("utf-8", "surrogatepass")).digest() for w in words]
    # Only the first of each text needs shingles: exact copies are known by their digest.
    firsts = {d: i for i, d in reversed(list(enumerate(digests)))}
    todo = sorted(i for i in firsts.values() if words[i])
    shingled = dict(zip(todo, _shingles([words[i] for i in todo])))
    kept: dict[int, np.ndarray] = {}
    for i, digest in enumerate(digests):
        match, score = None, None
        if digest in first_of:
            match, score = first_of[digest], 1.0
        elif words[i]:
            shingles = shingled[i]
            sketch = MinHash(_NUM_PERM, hashfunc=int, permutations=permutations, scheme=_SCHEME)
            sampled = shingles[shingles % _SAMPLE == 0]
            sketch.update_batch((sampled if len(sampled) >= _MIN_SAMPLED else shingles).tolist())
            best = max(((_jaccard(shingles, kept[j]), -j) for j in lsh.query(sketch)), default=None)
            if best is not None and best[0] >= min_similarity:
                match, score = -best[1], round(best[0], 4)
            kept[i] = shingles
            lsh.insert(i, sketch)
            first_of[digest] = i
        original = i if match is None else original_of[match]
        # Likeness is not transitive: point past the copy matched to its original only when
        # this story is like the original too.
        if (
            score is not None
            and score < 1
            and original != match
            and _jaccard(kept[i], kept[original]) < min_similarity
        ):
            original = match
        original_of.append(original)
        duplicate_of.append(None if match is None else ids[original])
        similarity.append(score)
    return duplicate_of, similarity


def added_paragraphs(copy: str, original: str, *, min_overlap: float = 0.5) -> list[int]:
    """Indices of the paragraphs of ``copy`` (joined by ``"\\n"``) that ``original`` has
    nothing like: no paragraph sharing ``min_overlap`` of their distinct words (Jaccard).
    An edited sentence keeps most words; a paragraph added, or another story's opening
    glued on by a wrong cut, shares few.

    Examples
    --------
    >>> added_paragraphs("Talks began.\\nThree teenagers were charged.", "Talks began today.")
    [1]
    """
    theirs = [_word_set(p) for p in original.split("\n") if p.strip()]
    out = []
    for i, paragraph in enumerate(copy.split("\n")):
        words = _word_set(paragraph)
        if words and not any(
            len(words & other) / len(words | other) >= min_overlap for other in theirs
        ):
            out.append(i)
    return out


def _word_set(text: str) -> set[str]:
    return set(re.findall(r"\w+", " ".join(_words(text))))
