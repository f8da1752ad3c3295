"""The first stage: local features of every gap between paragraphs.

Story boundaries are found by lexical cohesion, in the spirit of TextTiling (Hearst
1997), C99 (Choi 2000) and LCseg (Galley et al. 2003): the words on the two sides of a
gap between paragraphs of one story overlap; across a story boundary they do not. Each
gap gets 33 cheap local features (:func:`gap_features`, named in :data:`FEATURE_NAMES`):
tf-idf cosine of the paragraphs on either side at several window sizes and its depth,
the same in a topic space fitted on news (so that "striker" and "league" count as one
subject), lexical chains crossing the gap, which side each neighbouring paragraph fits
better, names that are new or that a lede introduces, and opening cues ("He", "However",
"The company", a quotation the previous paragraph left open, "Mr X" of a known X, a
lede's "has said" or "on Monday"). The first stage's trees turn them into log-odds of
"a story starts here" (:mod:`toolkit.segment.scores`).

Every feature costs O(n) in the number of paragraphs, whatever the window: window sums
of dot products come from prefix sums of the Gram matrix's diagonals
(:func:`_band_prefix`), names and chains from one sorted pass over the uses of each word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import partial

import numpy as np
import scipy.sparse as sp

from toolkit.segment.representation import ParagraphMatrices, represent

__all__ = ["FEATURE_NAMES", "gap_features", "gap_features_from"]

#: Names of the columns of :func:`gap_features` (first stage), in order.
FEATURE_NAMES = (
    "cos_1",
    "cos_2",
    "cos_4",
    "cos_8",
    "depth_4",
    "names_cos_3",
    "right_fits_right",
    "left_fits_left",
    "new_name_share",
    "known_honorific",
    "backward_opener",
    "the_noun_opener",
    "opens_quote",
    "quote_left_open",
    "log_words_right",
    "near_edge",
    "chains_3",
    "chains_8",
    "chains_8_depth",
    "chains_ending",
    "chains_starting",
    "pronoun_before_name",
    "introduced_names",
    "introduced_honorific",
    "topic_cos_1",
    "topic_cos_2",
    "topic_cos_4",
    "topic_cos_8",
    "topic_depth_4",
    "topic_right_fits_right",
    "topic_left_fits_left",
    "perfect_tense",
    "weekday",
)

# Marks a quotation may open with.
_QUOTE_MARKS = frozenset("\"“”‘’'")
# Gaps from the dump's edge beyond which near_edge stops decaying: past every window, so
# the middle of a long dump looks like the middle of the short ones fitted on.
_EDGE_REACH = 20
# Paragraphs before (after) a paragraph in which its names count as known (recurring).
_NAME_REACH = 8
# News ledes report in the present perfect ("has warned", "have agreed") and date the
# news ("on Monday"); later paragraphs do both less (BBC: 35% and 6% of story starts,
# 13% and 3% of other paragraphs). Looked for in a paragraph's first _LEDE_CHARS.
# Both open with a literal, which the regex engine scans for fast (a leading \b would
# make it try every position); _lede_cues checks that a hit starts a word.
_PERFECT = re.compile(
    r"ha(?:s|ve)[^\S\n]+(?:been[^\S\n]+)?"
    r"(?:\w+ed|said|been|won|made|told|given|taken|become|seen|found)\b"
)
_WEEKDAY = re.compile(r"on (?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b")
_LEDE_CHARS = 250
_WORD_CHAR = re.compile(r"\w")
# Gaps per block when summing windows (see _window_dots and _topic_features).
_GAP_BLOCK = 4096
# Rows per Gram matrix, here and in the second stage (toolkit.segment.scores): small
# enough that its O(rows^2) work stays cheap, large enough that few matrices are built.
RUN_ROWS = 128


def _band_prefix(matrix: sp.csr_matrix, reach: int) -> np.ndarray:
    """Prefix sums of the Gram matrix's diagonals: ``out[d, i]`` sums ``r_k . r_k+d`` over k < i.

    Window sums of dot products, and so window cosines, then cost O(n) each, whatever
    the window. The diagonals come from dense Gram blocks of ``RUN_ROWS`` rows, which
    is one sparse product per block instead of one per diagonal.
    """
    n = matrix.shape[0]
    diagonals = np.zeros((reach + 1, n + 1))
    for first in range(0, n, RUN_ROWS):
        last = min(first + RUN_ROWS, n)
        gram = (matrix[first:last] @ matrix[first : min(last + reach, n)].T).toarray()
        for d in range(min(reach + 1, gram.shape[1])):
            diagonal = np.diagonal(gram, offset=d)
            diagonals[d, first + 1 : first + 1 + len(diagonal)] = diagonal
    return np.cumsum(diagonals, axis=1)


def _window_dots(
    band: np.ndarray, windows: Sequence[tuple[tuple[int, int], tuple[int, int]]]
) -> np.ndarray:
    """Per pair of windows and gap g: dot product of the two windows' row sums.

    A window ``(lo, hi)`` holds rows ``g+lo .. g+hi-1``; in a pair ``(a, b)``, ``a`` must
    lie before ``b`` or be ``b``. Rows outside the matrix count as zero. ``band`` is from
    :func:`_band_prefix`. All pairs are summed in one gather, as a dump is often small
    and numpy's per-call cost would dominate.
    """
    n = band.shape[1] - 1
    terms = []
    for a, b in windows:
        if a == b:
            # Each unordered pair of rows once, doubled, plus the diagonal.
            d = np.arange(a[1] - a[0])
            terms.append((d, np.full(len(d), a[0]), a[1] - d, np.where(d == 0, 1.0, 2.0)))
        else:
            d = np.arange(b[0] - a[1] + 1, b[1] - a[0])
            terms.append(
                (d, np.maximum(a[0], b[0] - d), np.minimum(a[1], b[1] - d), np.ones(len(d)))
            )
    d, lo_offset, hi_offset, weight = (np.concatenate(column) for column in zip(*terms))
    firsts = np.cumsum([0] + [len(t[0]) for t in terms[:-1]])
    rows = d[:, None]
    # Row pairs (i, i + d) exist for 0 <= i < n - d.
    top = np.maximum(n - d, 0)[:, None]
    out = np.zeros((len(windows), n - 1))
    # Gaps in blocks, so that a long dump's index arrays stay a few MB.
    for block in range(1, n, _GAP_BLOCK):
        gaps = np.arange(block, min(block + _GAP_BLOCK, n))[None, :]
        lo = np.minimum(np.maximum(gaps + lo_offset[:, None], 0), top)
        hi = np.maximum(np.minimum(np.maximum(gaps + hi_offset[:, None], 0), top), lo)
        values = weight[:, None] * (band[rows, hi] - band[rows, lo])
        out[:, block - 1 : block - 1 + gaps.shape[1]] = np.add.reduceat(values, firsts, axis=0)
    return out


def _window_cosines(
    band: np.ndarray, pairs: Sequence[tuple[tuple[int, int], tuple[int, int]]]
) -> list[np.ndarray]:
    """Per gap, for each pair of windows: cosine of their row sums (see :func:`_window_dots`)."""
    single = list(dict.fromkeys(w for pair in pairs for w in pair))
    dots = _window_dots(band, [(w, w) for w in single] + list(pairs))
    norms = dict(zip(single, dots[: len(single)]))
    out = []
    for (a, b), dot in zip(pairs, dots[len(single) :]):
        den = np.sqrt(norms[a] * norms[b])
        out.append(np.divide(dot, den, out=np.zeros(len(den)), where=den > 0))
    return out


def _name_recurrence(
    names: sp.csr_matrix, honorific: sp.csr_matrix, reach: int
) -> tuple[np.ndarray, ...]:
    """Per paragraph: how its names relate to the ``reach`` paragraphs around it.

    Returns counts of its names; of those used in the ``reach`` paragraphs before it; of
    those new there but used in the ``reach`` after it (what a lede does); of "Mr X"
    with X among the names before it; and of new names that come back as "Mr X" within
    ``reach`` after it. Each use of a word is compared with its previous and next use, so
    the cost is linear in the number of uses.
    """
    n = names.shape[0]
    rows, cols = names.nonzero()
    order = np.argsort(cols.astype(np.int64) * (n + 1) + rows, kind="stable")
    rows, cols = rows[order], cols[order]
    keys = cols.astype(np.int64) * (n + 1) + rows
    close = (cols[1:] == cols[:-1]) & (rows[1:] - rows[:-1] <= reach)
    seen = np.concatenate([[False], close])
    again = np.concatenate([close, [False]])
    h_rows, h_cols = honorific.nonzero()
    h_keys = np.sort(h_cols.astype(np.int64) * (n + 1) + h_rows)
    # The next "Mr X" after each use of X, and the last use of X before each "Mr X".
    after = np.minimum(np.searchsorted(h_keys, keys, side="right"), max(len(h_keys) - 1, 0))
    next_title = h_keys[after] if len(h_keys) else keys
    titled = (next_title // (n + 1) == cols) & (next_title % (n + 1) - rows <= reach)
    titled &= next_title > keys
    before = np.searchsorted(keys, h_keys, side="left") - 1
    last_use = keys[np.maximum(before, 0)] if len(keys) else h_keys
    known = (before >= 0) & (last_use // (n + 1) == h_keys // (n + 1))
    known &= h_keys % (n + 1) - last_use % (n + 1) <= reach
    return (
        np.bincount(rows, minlength=n).astype(float),
        np.bincount(rows, weights=seen, minlength=n),
        np.bincount(rows, weights=~seen & again, minlength=n),
        np.bincount(h_keys % (n + 1), weights=known, minlength=n),
        np.bincount(rows, weights=~seen & titled, minlength=n),
    )


def _opening(paragraph: str) -> str:
    """The first ``_LEDE_CHARS`` characters of ``paragraph`` on one line, less a word cut
    at the end."""
    head = paragraph[: _LEDE_CHARS + 1].replace("\n", " ")
    return head if len(head) <= _LEDE_CHARS else head[: max(head.rfind(" "), 0)]


def _lede_cues(paragraphs: Sequence[str]) -> list[np.ndarray]:
    """Per paragraph: does its opening say "has said"... (``_PERFECT``), and "on
    Monday"... (``_WEEKDAY``)? One pass of each pattern over all openings, not one per
    paragraph. An opening ends at the last space within ``_LEDE_CHARS``, so that a word
    cut in two ("has won|derful") cannot pass for a whole one."""
    openings = [_opening(p) for p in paragraphs]
    ends = np.cumsum([len(opening) + 1 for opening in openings])
    text = "\n".join(openings)
    cues = []
    for pattern in (_PERFECT, _WEEKDAY):
        found = np.zeros(len(paragraphs), dtype=bool)
        hits = [
            match.start()
            for match in pattern.finditer(text)
            if match.start() == 0 or not _WORD_CHAR.match(text, match.start() - 1)
        ]
        found[np.searchsorted(ends, np.array(hits, dtype=np.int64), side="right")] = True
        cues.append(found)
    return cues


def _window_sum(prefix: np.ndarray, base: int, size: int, lo: int, hi: int) -> np.ndarray:
    """Rows ``g + lo .. g + hi - 1`` summed, from prefix sums in which row ``base + k`` sums
    the rows before the ``k``-th of ``size`` consecutive gaps ``g``."""
    return prefix[base + hi : base + hi + size] - prefix[base + lo : base + lo + size]


def _topic_features(topics: np.ndarray) -> list[np.ndarray]:
    """Per gap, from unit topic vectors per paragraph: cosines of the window sums either
    side (1, 2, 4, 8 paragraphs), the dip of the 4-paragraph one, and which side each
    neighbouring paragraph fits better (as ``right_fits_right`` and ``left_fits_left``)."""
    n, dims, reach = len(topics), topics.shape[1], 8

    def cosine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        dot = np.einsum("ij,ij->i", a, b)
        den = np.sqrt(np.einsum("ij,ij->i", a, a) * np.einsum("ij,ij->i", b, b))
        return np.divide(dot, den, out=np.zeros(len(den)), where=den > 0)

    columns = np.zeros((6, n - 1))
    # A block of gaps at a time, with prefix sums over the paragraphs its windows reach,
    # padded with their end values so that every window is a slice and windows running
    # off the dump are cut short. Local sums keep memory small and stay exact deep into
    # a long dump.
    for first in range(1, n, _GAP_BLOCK):
        last = min(first + _GAP_BLOCK, n)
        low, high = max(first - reach, 0), min(last + reach, n)
        prefix = np.zeros((high - low + 1 + 2 * reach, dims))
        np.cumsum(topics[low:high], axis=0, dtype=np.float64, out=prefix[reach + 1 : -reach])
        prefix[-reach:] = prefix[-reach - 1]
        window = partial(_window_sum, prefix, reach - low + first, last - first)
        rows = slice(first - 1, last - 1)
        for column, k in enumerate((1, 2, 4, 8)):
            columns[column, rows] = cosine(window(-k, 0), window(0, k))
        after, before = window(0, 1), window(-1, 0)
        columns[4, rows] = cosine(after, window(1, 5)) - cosine(after, window(-4, 0))
        columns[5, rows] = cosine(before, window(-5, -1)) - cosine(before, window(0, 4))
    return [*columns[:4], _depth(columns[2], 4), columns[4], columns[5]]


def _depth(curve: np.ndarray, reach: int) -> np.ndarray:
    """TextTiling depth: how far ``curve`` dips below the highest points within ``reach``."""
    pad = np.pad(curve, reach, mode="edge")
    windows = np.lib.stride_tricks.sliding_window_view(pad, 2 * reach + 1)
    left = windows[:, :reach].max(axis=1)
    right = windows[:, reach + 1 :].max(axis=1)
    return np.maximum(left - curve, 0) + np.maximum(right - curve, 0)


def _chains(weights: sp.csr_matrix, hiatus: int) -> tuple[np.ndarray, ...]:
    """Lexical chains (Galley et al. 2003): runs of one word with gaps of at most ``hiatus``.

    ``weights`` holds a weight for each use of a word in a paragraph. Returns, per gap
    ``g`` (1..n-1), the weight of the chains crossing it (a chain weighs what its first
    use does), and of the chains of two or more uses ending just before it and starting
    just after it (a word used once says nothing about where a topic starts or stops).
    """
    n = weights.shape[0]
    csc = weights.tocsc()
    csc.sort_indices()
    rows = csc.indices.astype(np.int64)
    cols = np.repeat(np.arange(csc.shape[1]), np.diff(csc.indptr))
    # A chain breaks where the word changes or its next use is too far away.
    breaks = np.ones(len(rows) + 1, dtype=bool)
    breaks[1:-1] = (cols[1:] != cols[:-1]) | (rows[1:] - rows[:-1] > hiatus)
    heads = np.flatnonzero(breaks[:-1])
    tails = np.flatnonzero(breaks[1:])
    start, end, w = rows[heads], rows[tails], csc.data[heads]
    crossing = np.cumsum(
        np.bincount(start + 1, weights=w, minlength=n + 1)
        - np.bincount(end + 1, weights=w, minlength=n + 1)
    )[1:n]
    w_long = np.where(end > start, w, 0.0)
    ending = np.bincount(end, weights=w_long, minlength=n)[: n - 1]
    starting = np.bincount(start, weights=w_long, minlength=n)[1:]
    return crossing, ending, starting


def _quote_left_open(paragraph: str) -> bool:
    """Whether ``paragraph`` opens a quotation it does not close (news continues it)."""
    curly_open = paragraph.count("“") - paragraph.count("”")
    return curly_open > 0 or paragraph.count('"') % 2 == 1


def gap_features_from(matrices: ParagraphMatrices, paragraphs: Sequence[str]) -> np.ndarray:
    """Stage-one features, one row per gap, from the dump's :func:`represent` matrices:
    see :func:`gap_features`."""
    n = matrices.n
    tfidf, names, weights = matrices.tfidf, matrices.names, matrices.weights

    cos_1, cos_2, cos_4, cos_8, right_right, right_left, left_left, left_right = _window_cosines(
        _band_prefix(tfidf, 15),
        [
            ((-1, 0), (0, 1)),
            ((-2, 0), (0, 2)),
            ((-4, 0), (0, 4)),
            ((-8, 0), (0, 8)),
            ((0, 1), (1, 5)),
            ((-4, 0), (0, 1)),
            ((-5, -1), (-1, 0)),
            ((-1, 0), (0, 4)),
        ],
    )
    (names_cos,) = _window_cosines(_band_prefix(names, 5), [((-3, 0), (0, 3))])

    recent = _name_recurrence(names, matrices.honorific, _NAME_REACH)
    n_right_names, n_known, introduced, known_honorific, introduced_honorific = (
        column[1:] for column in recent
    )
    new_share = np.divide(
        n_right_names - n_known, n_right_names, out=np.zeros(n - 1), where=n_right_names > 0
    )

    opens_quote = np.array([p.lstrip()[:1] in _QUOTE_MARKS for p in paragraphs[1:]], dtype=float)
    quote_open = np.array([_quote_left_open(p) for p in paragraphs[:-1]], dtype=float)
    log_words = np.log1p(matrices.n_content[1:])
    gaps = np.arange(1, n)
    near_edge = 1.0 / np.minimum(np.minimum(gaps, n - gaps), _EDGE_REACH)

    chains_3 = _chains(weights, 3)[0]
    chains_8, ending, starting = _chains(weights, 8)
    row_weight = np.asarray(weights.sum(axis=1)).ravel()
    left_weight, right_weight = row_weight[:-1], row_weight[1:]

    return np.column_stack(
        [
            cos_1,
            cos_2,
            cos_4,
            cos_8,
            _depth(cos_4, 4),
            names_cos,
            right_right - right_left,
            left_left - left_right,
            new_share,
            known_honorific > 0,
            matrices.backward_opener[1:],
            matrices.the_noun_opener[1:],
            opens_quote,
            quote_open,
            log_words,
            near_edge,
            np.log1p(chains_3),
            np.log1p(chains_8),
            _depth(np.log1p(chains_8), 4),
            np.divide(ending, left_weight, out=np.zeros(n - 1), where=left_weight > 0),
            np.divide(starting, right_weight, out=np.zeros(n - 1), where=right_weight > 0),
            matrices.pronoun_before_name[1:],
            np.log1p(introduced),
            introduced_honorific > 0,
            *_topic_features(matrices.topics),
            *(cue[1:] for cue in _lede_cues(paragraphs)),
        ]
    ).astype(float)


def gap_features(paragraphs: Sequence[str]) -> np.ndarray:
    """Local features of every gap between consecutive paragraphs (the first stage).

    Parameters
    ----------
    paragraphs
        Body paragraphs of one dump, in order.

    Returns
    -------
    numpy.ndarray
        Shape ``(len(paragraphs) - 1, len(FEATURE_NAMES))``; row ``g - 1`` describes the
        gap before paragraph ``g``. Columns are :data:`FEATURE_NAMES`:

        - ``cos_k``: cosine of the tf-idf sums of the ``k`` paragraphs before and after
          the gap (idf from the dump's own paragraphs nearby, sublinear tf);
        - ``depth_4``: how far ``cos_4`` dips below its highest values within 4 gaps;
        - ``names_cos_3``: the same as ``cos_k`` over names only (words the dump
          capitalises wherever they occur), 3 paragraphs a side;
        - ``right_fits_right`` / ``left_fits_left``: how much better the paragraph after
          (before) the gap matches the 4 paragraphs beyond it than the 4 across the gap;
        - ``new_name_share``: share of the names in the paragraph after the gap that the 8
          paragraphs before it do not use; ``known_honorific``: it says "Mr X" of an X
          they use;
        - ``backward_opener`` / ``the_noun_opener`` / ``opens_quote``: how it opens ("He",
          "However", "The company", a quotation mark); ``quote_left_open``: the paragraph
          before the gap leaves a quotation open, so the next one continues it;
        - ``log_words_right``: log length of the paragraph after the gap;
        - ``near_edge``: 1 at the dump's first or last gap, decaying with distance (as
          1 / distance, to 1/20), as the windows are cut short there;
        - ``chains_3`` / ``chains_8``: idf weight (log) of the lexical chains crossing the
          gap, a chain being a word's uses with at most 3 (8) paragraphs between them;
          ``chains_8_depth``: the dip of ``chains_8``; ``chains_ending`` /
          ``chains_starting``: idf share of the words before (after) the gap whose chain of
          two or more uses ends (starts) there;
        - ``pronoun_before_name``: the paragraph after the gap uses "he", "their"... before
          any name, so it leans on an earlier one;
        - ``introduced_names``: log(1 + number of names in the paragraph after the gap that
          the 8 paragraphs before it do not use and the 8 after it do), as a lede names
          what its story is about; ``introduced_honorific``: one of those comes back as
          "Mr X" within 8 paragraphs;
        - ``topic_*``: ``cos_k``, ``depth_4``, ``right_fits_right`` and
          ``left_fits_left`` again, over the paragraphs' vectors in a topic space fitted
          on news (latent semantic analysis, see
          :class:`toolkit.segment.models.TopicSpace`), so that two stories on different
          subjects part even when they share words, and one story told in changing words
          holds;
        - ``perfect_tense`` / ``weekday``: the paragraph after the gap opens with "has
          said", "have agreed"... or "on Monday"..., as ledes do.

    Examples
    --------
    >>> gap_features(["Rain in Leeds.", "Leeds rain again.", "Shares fell."]).shape
    (2, 33)
    """
    if len(paragraphs) < 2:
        return np.zeros((0, len(FEATURE_NAMES)))
    return gap_features_from(represent(paragraphs), paragraphs)
