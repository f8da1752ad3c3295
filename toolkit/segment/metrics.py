"""Scores of a segmentation against the truth, segmentations given as story start indices.

:func:`pk` (Beeferman et al. 1999) and :func:`window_diff` (Pevzner and Hearst 2002)
slide a window over the units (paragraphs or lines) and count the windows judged
differently, so a near miss costs less than a far one; :func:`boundary_prf` counts
exact matches only.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["boundary_prf", "pk", "window_diff"]


def _segment_ids(starts: Sequence[int], n: int) -> np.ndarray:
    labels = np.zeros(n, dtype=np.int64)
    for s in starts:
        if 0 < s < n:
            labels[s:] += 1
    return labels


def _default_k(reference: Sequence[int], n: int) -> int:
    n_segments = len({s for s in reference if 0 < s < n}) + 1
    return max(1, round(n / n_segments / 2))


def pk(reference: Sequence[int], hypothesis: Sequence[int], n: int, k: int | None = None) -> float:
    """Beeferman et al. (1999) Pk: how often a window's ends are misjudged as same/different story.

    A window of ``k`` units slides over the ``n`` units; Pk is the share of positions
    ``i`` (``0 <= i < n - k``) where units ``i`` and ``i + k`` are in one story by one
    segmentation but not by the other. 0 is perfect; a degenerate segmenter scores about
    0.5.

    Parameters
    ----------
    reference, hypothesis
        Story start indices (0 may be omitted).
    n
        Number of units (paragraphs or lines) segmented.
    k
        Window size; by default half the mean reference story length, rounded, at least 1.

    Returns
    -------
    float
        In [0, 1]; 0 when ``n <= k``, as no window fits.

    Examples
    --------
    >>> pk([0, 5], [0, 5], 10)
    0.0
    >>> pk([0, 5], [0, 6], 10)
    0.25
    """
    k = _default_k(reference, n) if k is None else k
    if n <= k:
        return 0.0
    ref, hyp = _segment_ids(reference, n), _segment_ids(hypothesis, n)
    same_ref = ref[:-k] == ref[k:]
    same_hyp = hyp[:-k] == hyp[k:]
    return float(np.mean(same_ref != same_hyp))


def window_diff(
    reference: Sequence[int], hypothesis: Sequence[int], n: int, k: int | None = None
) -> float:
    """Pevzner and Hearst (2002) WindowDiff: share of windows with a wrong boundary count.

    Like :func:`pk`, but a window counts as an error when the number of story starts
    inside it differs, so near misses and extra boundaries are both penalised.

    Parameters
    ----------
    reference, hypothesis
        Story start indices (0 may be omitted).
    n
        Number of units segmented.
    k
        Window size; by default half the mean reference story length, rounded, at least 1.

    Returns
    -------
    float
        In [0, 1]; 0 when ``n <= k``.

    Examples
    --------
    >>> window_diff([0, 5], [0, 5], 10)
    0.0
    >>> window_diff([0, 5], [0, 4, 5], 10)
    0.25
    """
    k = _default_k(reference, n) if k is None else k
    if n <= k:
        return 0.0
    ref, hyp = _segment_ids(reference, n), _segment_ids(hypothesis, n)
    return float(np.mean((ref[k:] - ref[:-k]) != (hyp[k:] - hyp[:-k])))


def boundary_prf(reference: Sequence[int], hypothesis: Sequence[int]) -> tuple[float, float, float]:
    """Precision, recall and F1 of story starts, counting only exact matches.

    The start at 0 is left out, as every segmentation has it. With nothing to find and
    nothing found, all three are 1.

    Parameters
    ----------
    reference, hypothesis
        Story start indices.

    Returns
    -------
    tuple of float
        ``(precision, recall, f1)``.

    Examples
    --------
    >>> boundary_prf([0, 5, 9], [0, 5, 8])
    (0.5, 0.5, 0.5)
    """
    ref = {s for s in reference if s > 0}
    hyp = {s for s in hypothesis if s > 0}
    hits = len(ref & hyp)
    precision = hits / len(hyp) if hyp else 1.0
    recall = hits / len(ref) if ref else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1
