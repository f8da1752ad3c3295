"""The second stage: gap scores from whole story parts, and the log-odds to decode.

:func:`gap_scores` is what the third stage (:mod:`toolkit.segment.decode`) decodes
together with the word evidence of whole stories. It is made in two passes:

1. The first stage's trees turn the local features of each gap
   (:func:`toolkit.segment.features.gap_features`) into log-odds of "a story starts
   here", less a fixed cost right after a "More on X" tag (:data:`TAG_GAP_COST`: sites
   put the tag inside its story), and a dynamic programme
   (:func:`toolkit.segment.decode.decode_gaps`) picks the best boundaries that respect
   the tags (a story carries at most one): a first guess.
2. Given that first guess, each gap is rescored by comparing whole story parts rather
   than fixed windows (:func:`split_features`): a window of fixed size straddles
   neighbouring stories, the rest of a story does not. The second stage's trees take
   the first log-odds and these features (:data:`SPLIT_FEATURE_NAMES`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from toolkit.segment.decode import decode_gaps
from toolkit.segment.features import RUN_ROWS, gap_features_from
from toolkit.segment.models import shipped_trees
from toolkit.segment.representation import ParagraphMatrices, represent

__all__ = [
    "SPLIT_FEATURE_NAMES",
    "TAG_GAP_COST",
    "gap_scores",
    "gap_scores_from",
    "gaps_after_tags",
    "split_features",
    "split_features_from",
]

#: Inputs of the second stage: the first stage's log-odds, then :func:`split_features`.
SPLIT_FEATURE_NAMES = (
    "first_log_odds",
    "split_cos",
    "split_names_cos",
    "log_left_len",
    "log_right_len",
)

# Fitted by ``python benchmarks/bench_segment.py --refit`` (toolkit.segment.training):
# the first guess between the two stages' trees is decoded with the log-odds a gap needs
# and the extra cost of a 1- or 2-paragraph story other than the last. The first trees
# are fitted and these tuned without the tag prior TAG_GAP_COST below, which is added at
# decoding; the second trees are fitted on the first stage's tag-blind log-odds and split
# features under a first guess decoded with it.
_THRESHOLD = -0.25
_SHORT_PENALTY = (4.0, 2.0)
# Log-odds taken off a story start right after a "More on X" tag (see gaps_after_tags): a
# prior set by hand, as none of the 9637 such gaps in the refit's train dumps is a story
# start and a fitted weight would run off to -inf. On its 1000 val dumps, with the
# constants here, costs 0, 2, 4 and 8 give right story counts of 0.833, 0.835, 0.836 and
# 0.837 (F1 0.947 to 0.948; --refit prints these). Finite, so that strong evidence can
# still make a one-paragraph tagged story.
TAG_GAP_COST = 4.0
# Longest story part compared whole by the second stage; longer ones go in pieces.
_SPLIT_LIMIT = 100


def _gram_block_sum(
    prefix: np.ndarray, r0: np.ndarray, r1: np.ndarray, c0: np.ndarray, c1: np.ndarray
) -> np.ndarray:
    """From a Gram matrix's 2-D prefix sums: dot product of rows r0..r1-1 and c0..c1-1 summed."""
    return prefix[r1, c1] - prefix[r0, c1] - prefix[r1, c0] + prefix[r0, c0]


def _split_cohesion(
    matrices: Sequence[sp.csr_matrix], starts: Sequence[int]
) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    """Per gap: cosine of the story parts on its two sides, under a given segmentation.

    For a gap inside a story the parts are the story before and after the gap; for a gap
    where a story starts they are the two stories it separates (as if it were not a
    boundary). Stories longer than ``_SPLIT_LIMIT`` paragraphs are cut into pieces of
    that size first, which keeps the cost linear.

    Returns one cosine array per matrix, and the parts' lengths in paragraphs.
    """
    n = matrices[0].shape[0]
    edges = [int(s) for s in starts if 0 < s < n]
    bounds = np.array(
        [b for a, c in zip([0] + edges, edges + [n]) for b in range(a, c, _SPLIT_LIMIT)] + [n]
    )
    gaps = np.arange(1, n)
    piece = np.searchsorted(bounds, gaps, side="right") - 1
    at_edge = bounds[piece] == gaps
    first = bounds[piece - at_edge]
    last = bounds[piece + 1]
    cosines = [np.zeros(n - 1) for _ in matrices]
    # Both ends of the parts only grow with the gap, so the gaps whose parts fit in a run
    # of rows are contiguous. Runs of two or more pieces overlap by one piece, so that
    # neighbouring pieces always share a run; one Gram matrix per run.
    done = 0
    i = 0
    while done < n - 1:
        j = min(i + 1, len(bounds) - 2)
        while j + 2 < len(bounds) and bounds[j + 2] - bounds[i] <= RUN_ROWS:
            j += 1
        origin, end = bounds[i], bounds[j + 1]
        upto = int(np.searchsorted(last, end, side="right"))
        todo = slice(done, upto)
        a, g, c = first[todo] - origin, gaps[todo] - origin, last[todo] - origin
        for matrix, cosine in zip(matrices, cosines):
            block = matrix[origin:end]
            prefix = np.zeros((end - origin + 1,) * 2)
            prefix[1:, 1:] = (block @ block.T).toarray().cumsum(axis=0).cumsum(axis=1)

            left, right = _gram_block_sum(prefix, a, g, a, g), _gram_block_sum(prefix, g, c, g, c)
            den = np.sqrt(np.maximum(left, 0) * np.maximum(right, 0))
            cosine[todo] = np.divide(
                _gram_block_sum(prefix, a, g, g, c), den, out=np.zeros(len(a)), where=den > 0
            )
        done = upto
        i = max(j, i + 1)
    return cosines, gaps - first, last - gaps


def split_features_from(matrices: ParagraphMatrices, starts: Sequence[int]) -> np.ndarray:
    """Stage-two features, one row per gap, from the dump's :func:`represent` matrices:
    see :func:`split_features`."""
    (words, names), left_len, right_len = _split_cohesion([matrices.tfidf, matrices.names], starts)
    return np.column_stack([words, names, np.log(left_len), np.log(right_len)])


def split_features(paragraphs: Sequence[str], starts: Sequence[int]) -> np.ndarray:
    """Story-level features of every gap under a first segmentation (the second stage).

    A window of fixed size straddles neighbouring stories; comparing whole story parts
    does not. Given first-guess story starts, each gap is described by the two parts it
    would separate: the rest of its story on either side, or, where a story starts, the
    two whole stories it separates.

    Parameters
    ----------
    paragraphs
        Body paragraphs of one dump, in order.
    starts
        First-guess story starts.

    Returns
    -------
    numpy.ndarray
        Shape ``(len(paragraphs) - 1, len(SPLIT_FEATURE_NAMES) - 1)``, columns
        :data:`SPLIT_FEATURE_NAMES` after the first: tf-idf cosine of the two parts,
        cosine over names, log length in paragraphs of the left and right part.

    Examples
    --------
    >>> split_features(["Rain in Leeds.", "Leeds rain again.", "Shares fell."], [0, 2]).shape
    (2, 4)
    """
    if len(paragraphs) < 2:
        return np.zeros((0, len(SPLIT_FEATURE_NAMES) - 1))
    return split_features_from(represent(paragraphs), starts)


def gaps_after_tags(tags: Sequence[int], n: int) -> np.ndarray:
    """Indices into a dump's gap arrays of the gaps right after a "More on X" tag.

    Sites put the tag inside its story, after one of its paragraphs but the last (see the
    seed dump and :mod:`toolkit.load.synth`), so a story starts right after a tag only when
    the tagged story is a single paragraph. The gap-level features do not see tags, so
    this prior is added to their log-odds; a boundary there would also hand the tag, and
    so the topic, to the story before.
    """
    return np.array(sorted({int(t) - 1 for t in tags if 0 < t < n}), dtype=np.int64)


def gap_scores_from(
    matrices: ParagraphMatrices, paragraphs: Sequence[str], tags: Sequence[int]
) -> np.ndarray:
    """:func:`gap_scores` from the dump's :func:`represent` matrices."""
    first_trees, second_trees = shipped_trees()
    after_tag = gaps_after_tags(tags, len(paragraphs))
    first = first_trees.log_odds(gap_features_from(matrices, paragraphs))
    prior = first.copy()
    prior[after_tag] -= TAG_GAP_COST
    guess = decode_gaps(prior, tags, _THRESHOLD, _SHORT_PENALTY)
    # The second stage was fitted on the first stage's tag-blind log-odds.
    scores = second_trees.log_odds(np.column_stack([first, split_features_from(matrices, guess)]))
    scores[after_tag] -= TAG_GAP_COST
    return scores


def gap_scores(paragraphs: Sequence[str], tags: Sequence[int] = ()) -> np.ndarray:
    """Log-odds that a story starts at each paragraph after the first.

    These are the second-stage scores :func:`toolkit.segment.find_boundaries` decodes,
    together with the word evidence of whole stories: local cohesion
    (:func:`toolkit.segment.features.gap_features`) refined by story-level cohesion
    (:func:`split_features`) under a first segmentation that respects ``tags``, less a
    fixed cost for a start right after a tag (a tag sits inside its story, not at its
    end).

    Parameters
    ----------
    paragraphs
        Body paragraphs of one dump, in order.
    tags
        Gap positions of "More on X" lines, as for :func:`toolkit.segment.find_boundaries`.

    Returns
    -------
    numpy.ndarray
        Length ``len(paragraphs) - 1``; entry ``g - 1`` is for a start at paragraph ``g``.

    Examples
    --------
    >>> gap_scores(["Rain in Leeds.", "Leeds rain again."]).shape
    (1,)
    """
    if len(paragraphs) < 2:
        return np.zeros(0)
    return gap_scores_from(represent(paragraphs), paragraphs, tags)
