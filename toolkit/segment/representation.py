"""A dump's paragraphs as word matrices and token arrays, built once for every stage.

:func:`represent` tokenises the dump once (:mod:`toolkit.segment.words`) and returns a
:class:`ParagraphMatrices`:

- tf-idf weights, with the dump's own paragraphs around each one as documents (see
  :data:`IDF_SPAN`), so that no background corpus is needed, words rare in that stretch
  (names, topics) count most, and a word weighs the same in a dump of a few stories as
  in one of thousands;
- names: words the dump capitalises (nearly) everywhere but at paragraph starts, where
  capitals say nothing, and the surnames that follow an honorific ("Mr Corbyn");
- how each paragraph opens ("He", "However", "The company"), and whether a personal
  pronoun comes before any name in it;
- each paragraph's unit vector in the shipped topic space, and each word's share of
  news text (:mod:`toolkit.segment.models`);
- the content words of each paragraph in order, which the third stage's story word
  model counts. :func:`with_notes` adds the words of video titles and image captions to
  the paragraph they follow, as that model sees the dump.

Examples
--------
>>> matrices = represent(["Rain in Leeds.", "Leeds rain again.", "Shares fell."])
>>> matrices.n, matrices.tfidf.shape
(3, (3, 4))
>>> sorted(matrices.word_index)
['fell', 'leed', 'rain', 'share']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp

from toolkit.segment.models import (
    Background,
    TopicSpace,
    shipped_background,
    shipped_topic_space,
)
from toolkit.segment.words import FLAGS, content_words, surface, tokenize

__all__ = ["IDF_SPAN", "ParagraphMatrices", "represent", "with_notes"]

# Paragraphs that count as the documents of a word's idf (see _local_idf): about the
# length of the longest dumps the weights were fitted on.
IDF_SPAN = 101


@dataclass
class ParagraphMatrices:
    """A dump's paragraphs as word matrices, built once for all scoring stages.

    Matrices are paragraphs x content words (the dump's own, numbered as in
    ``word_index``). ``weights`` holds each word's local idf where a paragraph uses it,
    ``presence`` 1 there, ``tfidf`` the unit-length sublinear tf-idf rows, ``names`` 1
    for the words that are names, ``honorific`` 1 for a name right after "Mr"... in the
    paragraph. Per paragraph: ``n_content`` content words, ``pronoun_before_name``,
    ``backward_opener`` ("He", "However"), ``the_noun_opener`` ("The company") and its
    unit vector in the topic space (``topics``, zero when it has no word the space knows).
    ``token_word`` are the content words of all paragraphs in order, paragraph ``p``'s
    at ``token_start[p]:token_start[p + 1]``; ``word_probability`` is each word's share
    of news text.
    """

    n: int
    weights: sp.csr_matrix
    presence: sp.csr_matrix
    tfidf: sp.csr_matrix
    names: sp.csr_matrix
    honorific: sp.csr_matrix
    n_content: np.ndarray
    pronoun_before_name: np.ndarray
    backward_opener: np.ndarray
    the_noun_opener: np.ndarray
    token_word: np.ndarray
    token_start: np.ndarray
    topics: np.ndarray
    word_probability: np.ndarray
    word_index: dict[str, int]


class _Tokens(NamedTuple):
    """The tokens of a dump, paragraph breaks removed, as arrays: per token its content
    word (-1 for a function word), its surface form and its paragraph, and whether it is
    the first of its paragraph; per surface form its :data:`FLAGS` (rows); the content
    words by id."""

    word: np.ndarray
    token_type: np.ndarray
    para: np.ndarray
    first_in_para: np.ndarray
    flags: np.ndarray
    word_ids: dict[str, int]

    def flag(self, name: str, tokens: np.ndarray | slice = slice(None)) -> np.ndarray:
        """Flag ``name`` of the given tokens (by default all)."""
        return self.flags[self.token_type[tokens], FLAGS.index(name)]


def _tokens(paragraphs: Sequence[str]) -> _Tokens:
    """Tokenise ``paragraphs``: each distinct surface form is analysed once (see
    :func:`toolkit.segment.words.surface`), and everything after is array work."""
    types, token_type = tokenize(paragraphs)
    analysed = [surface(t) for t in types]
    word_ids: dict[str, int] = {}
    type_word = np.array(
        [-1 if word is None else word_ids.setdefault(word, len(word_ids)) for word, _ in analysed],
        dtype=np.int32,
    )
    flags = np.array([f for _, f in analysed], dtype=bool).reshape(len(types), len(FLAGS))
    if "\n" in types:
        type_word[types["\n"]] = -2
    word = type_word[token_type]
    breaks = word == -2
    para = np.cumsum(breaks, dtype=np.int32)[~breaks]
    word, token_type = word[~breaks], token_type[~breaks]
    first_in_para = np.ones(len(para), dtype=bool)
    first_in_para[1:] = para[1:] != para[:-1]
    return _Tokens(word, token_type, para, first_in_para, flags, word_ids)


def _names(tokens: _Tokens, n_words: int) -> np.ndarray:
    """Which words are names: words the dump capitalises (nearly) everywhere but at
    paragraph starts, where capitals say nothing."""
    word = tokens.word
    counted = (word >= 0) & ~tokens.first_in_para
    upper = np.bincount(
        word[counted], weights=tokens.flag("capitalised", counted), minlength=n_words
    )
    total = np.bincount(word[counted], minlength=n_words)
    return (total > 0) & (upper >= 0.8 * total)


def _pronoun_before_name(tokens: _Tokens, is_name: np.ndarray, n: int) -> np.ndarray:
    """Per paragraph: does a personal pronoun come before any name in it?"""
    word, para, content = tokens.word, tokens.para, tokens.word >= 0
    names_so_far = np.cumsum(content & is_name[np.maximum(word, 0)])
    before_para = names_so_far - (content & is_name[np.maximum(word, 0)])
    para_base = np.zeros(n, dtype=np.int64)
    para_base[para[tokens.first_in_para]] = before_para[tokens.first_in_para]
    pronouns = np.flatnonzero(tokens.flag("pronoun"))
    unnamed = names_so_far[pronouns] == para_base[para[pronouns]]
    out = np.zeros(n, dtype=bool)
    out[para[pronouns[unnamed]]] = True
    return out


def _local_idf(presence: sp.csr_matrix) -> np.ndarray:
    """Inverse document frequency of each (paragraph, word) entry of ``presence``.

    The documents are the ``IDF_SPAN`` paragraphs around the paragraph (all of a
    shorter dump), so that a word's weight means the same in a dump of a few stories as
    in one of thousands; dump-wide counts would make every word rarer, and every
    feature weighted by idf larger, the longer the dump.
    """
    n = presence.shape[0]
    span = min(n, IDF_SPAN)
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(presence.indptr))
    cols = presence.indices.astype(np.int64)
    first = np.clip(rows - IDF_SPAN // 2, 0, n - span)
    keys = np.sort(cols * (n + 1) + rows)
    df = np.searchsorted(keys, cols * (n + 1) + first + span) - np.searchsorted(
        keys, cols * (n + 1) + first
    )
    return np.log((span + 1) / (df + 1)) + 1.0


def _word_matrices(
    tokens: _Tokens, n: int, n_words: int, is_name: np.ndarray
) -> tuple[sp.csr_matrix, ...]:
    """``(counts, presence, weights, tfidf, names, honorific)``, paragraphs x words."""
    word, para, content = tokens.word, tokens.para, tokens.word >= 0
    counts = sp.csr_matrix(
        (np.ones(int(content.sum())), (para[content], word[content])), shape=(n, n_words)
    )
    counts.sum_duplicates()
    presence = counts.copy()
    presence.data[:] = 1.0
    weights = presence.copy()
    weights.data = _local_idf(presence)
    tfidf = counts.copy()
    tfidf.data = (1.0 + np.log(tfidf.data)) * weights.data
    norms = np.sqrt(
        np.bincount(
            np.repeat(np.arange(n), np.diff(tfidf.indptr)), weights=tfidf.data**2, minlength=n
        )
    )
    tfidf.data /= np.repeat(np.where(norms > 0, norms, 1.0), np.diff(tfidf.indptr))
    names = presence.copy()
    names.data = is_name[names.indices].astype(float)
    names.eliminate_zeros()
    # "Mr Corbyn": the surname right after an honorific, in the same paragraph.
    after = np.flatnonzero(tokens.flag("honorific", slice(None, -1))) + 1
    after = after[(para[after] == para[after - 1]) & (word[after] >= 0)]
    after = after[tokens.flag("capitalised", after)]
    honorific = sp.csr_matrix((np.ones(len(after)), (para[after], word[after])), shape=(n, n_words))
    honorific.data[:] = 1.0
    return counts, presence, weights, tfidf, names, honorific


def _openers(tokens: _Tokens, n: int) -> tuple[np.ndarray, np.ndarray]:
    """How each paragraph opens: with a word that refers back ("He", "However"), and
    with "The" and a noun that points back ("The company")."""
    para = tokens.para
    heads = np.flatnonzero(tokens.first_in_para)
    backward_opener = np.zeros(n, dtype=bool)
    backward_opener[para[heads]] = tokens.flag("backward_opener", heads)
    heads = heads[tokens.flag("the", heads) & (heads + 1 < len(para))]
    heads = heads[para[heads + 1] == para[heads]]
    the_noun_opener = np.zeros(n, dtype=bool)
    the_noun_opener[para[heads]] = tokens.flag("backward_noun", heads + 1)
    return backward_opener, the_noun_opener


def represent(
    paragraphs: Sequence[str],
    topics: TopicSpace | None = None,
    background: Background | None = None,
) -> ParagraphMatrices:
    """Tokenise the dump once and build what every stage needs from it.

    Content words are lower-cased, lightly stemmed and stripped of function words;
    weights are tf-idf with the dump's own paragraphs around each one as documents (see
    :func:`_local_idf`), so no background corpus is needed and words rare in that
    stretch (names, topics) count most. Each paragraph also gets a unit vector (zero
    when it has no word the space knows) in the ``topics`` space, and each word its
    share of news text in ``background`` (by default the shipped ones).
    """
    n = len(paragraphs)
    tokens = _tokens(paragraphs)
    n_words = max(len(tokens.word_ids), 1)
    is_name = _names(tokens, n_words)
    counts, presence, weights, tfidf, names, honorific = _word_matrices(tokens, n, n_words, is_name)
    backward_opener, the_noun_opener = _openers(tokens, n)
    content = tokens.word >= 0
    n_content = np.bincount(tokens.para[content], minlength=n)
    token_start = np.concatenate([[0], np.cumsum(n_content)])
    words = list(tokens.word_ids)
    return ParagraphMatrices(
        n,
        weights,
        presence,
        tfidf,
        names,
        honorific,
        n_content,
        _pronoun_before_name(tokens, is_name, n),
        backward_opener,
        the_noun_opener,
        tokens.word[content].astype(np.int64),
        token_start,
        (topics or shipped_topic_space()).embed(counts, words),
        (background or shipped_background()).probability(words),
        tokens.word_ids,
    )


def with_notes(matrices: ParagraphMatrices, notes: Sequence[tuple[int, str]]) -> ParagraphMatrices:
    """``matrices`` with each note's words added to the paragraph it follows, as the
    story word model (:func:`toolkit.segment.decode.story_evidence`,
    :func:`toolkit.segment.decode.tag_evidence`) sees the dump.

    A note is a video title or an image caption: a page puts it inside its story, and it
    shows what the story is about ("Are 'return hubs' the new Rwanda plan?"), so its
    words tie that paragraph to the rest of the story. Words the paragraphs never use
    are left out: they could tie nothing together. ``notes`` are ``(i, text)``, ``i``
    the paragraph the note follows (clamped to the paragraphs).

    Examples
    --------
    >>> matrices = represent(["Rain in Leeds.", "Shares fell."])
    >>> with_notes(matrices, [(1, "Shares and rain")]).token_word.tolist()
    [0, 1, 2, 3, 2, 0]
    >>> with_notes(matrices, [(0, "Nothing known")]) is matrices
    True
    """
    owner: list[int] = []
    words: list[int] = []
    # In paragraph order, so that words inserted at one place (after empty paragraphs)
    # stay with their own paragraph.
    for after, note in sorted(
        ((min(max(int(i), 0), matrices.n - 1), t) for i, t in notes), key=lambda x: x[0]
    ):
        for word in content_words(note):
            if (i := matrices.word_index.get(word)) is not None:
                owner.append(after)
                words.append(i)
    if not words:
        return matrices
    added = np.bincount(owner, minlength=matrices.n)
    return replace(
        matrices,
        token_word=np.insert(matrices.token_word, matrices.token_start[np.array(owner) + 1], words),
        token_start=matrices.token_start + np.concatenate([[0], np.cumsum(added)]),
    )
