"""Split the body paragraphs of a raw news dump into stories, and score such splits.

:func:`find_boundaries` finds where stories start by lexical cohesion, in the spirit of
TextTiling (Hearst 1997), C99 (Choi 2000) and LCseg (Galley et al. 2003): the words on the
two sides of a gap between paragraphs of one story overlap; across a story boundary they
do not. It works in three stages, each linear in the length of the dump:

1. Each gap gets 33 cheap local features (:func:`gap_features`): tf-idf cosine
   of the paragraphs on either side at several window sizes and its depth, the same in a
   topic space fitted on news (so that "striker" and "league" count as one subject),
   lexical chains crossing the gap, which side each neighbouring paragraph fits better,
   names that are new or that a lede introduces, and opening cues ("He", "However", "The
   company", a quotation the previous paragraph left open, "Mr X" of a known X, a lede's
   "has said" or "on Monday"). Small boosted
   trees turn them into log-odds of "a story starts here", less a fixed cost right after a
   "More on X" tag (sites put the tag inside its story), and a dynamic programme picks
   the best boundaries that respect the tags (a story carries at most one).
2. Given that first guess, each gap is rescored by comparing whole story parts rather
   than fixed windows (:func:`split_features`).
3. The final decoding weighs those gap scores together with how well each candidate
   story's words fit one word distribution of their own (the Dirichlet-multinomial
   segment likelihood of BayesSeg, Eisenstein and Barzilay 2008, with a prior that
   expects each word as often as news uses it, so that shared rare words tie a story
   together and shared common ones do not), so that whole stories, not just the
   paragraphs next to a gap, decide where the cuts go. A "More on X" tag's own words
   count as words of the story holding it (the paragraphs about X belong to it), and
   a video title or image caption as words of the paragraph it follows.

The trees were fitted on synthetic dumps made from the BBC corpus by :mod:`toolkit.synth`,
the topic space on other stories of the same corpus, the word counts on all of its train
split; all ship as plain arrays (``segment_model.npz``, ``segment_topics.npz``,
``segment_background.npz``: no pickle, no download), and
``benchmarks/bench_segment.py --refit`` refits them.

:func:`pk`, :func:`window_diff` and :func:`boundary_prf` score a segmentation against the
truth, with segmentations given as story start indices.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache, partial
from itertools import pairwise
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from scipy.special import gammaln

from toolkit.errors import InputError

__all__ = [
    "FEATURE_NAMES",
    "SPLIT_FEATURE_NAMES",
    "body_and_tags",
    "boundary_prf",
    "find_boundaries",
    "gap_features",
    "gap_scores",
    "pk",
    "split_features",
    "window_diff",
]

_TOKEN_OR_BREAK = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\n")
_HONORIFICS = frozenset({"Mr", "Mrs", "Ms", "Miss", "Dr"})
_QUOTE_MARKS = frozenset("\"“”‘’'")

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

#: Inputs of the second stage: the first stage's log-odds, then :func:`split_features`.
SPLIT_FEATURE_NAMES = (
    "first_log_odds",
    "split_cos",
    "split_names_cos",
    "log_left_len",
    "log_right_len",
)

# Fitted by ``python benchmarks/bench_segment.py --refit`` (see there): two boosted tree
# ensembles in _MODEL_FILE give the log-odds of a story start, the first from
# FEATURE_NAMES, the second from SPLIT_FEATURE_NAMES; the first guess between them is
# decoded with the log-odds a gap needs and the extra cost of a 1- or 2-paragraph story
# other than the last. The first trees are fitted and these tuned without the tag prior
# _TAG_GAP_COST below, which is added at decoding; the second trees are fitted on the
# first stage's tag-blind log-odds and split features under a first guess decoded with it.
_MODEL_FILE = Path(__file__).with_name("segment_model.npz")
# Word vectors of a topic space (see _Topics), fitted by the same refit.
_TOPIC_FILE = Path(__file__).with_name("segment_topics.npz")
# How often news uses each content word (see _Background), counted by the same refit.
_BACKGROUND_FILE = Path(__file__).with_name("segment_background.npz")
_THRESHOLD = -0.25
_SHORT_PENALTY = (4.0, 2.0)
# Log-odds taken off a story start right after a "More on X" tag (see _after_tags): a
# prior set by hand, as none of the 9637 such gaps in the refit's train dumps is a story
# start and a fitted weight would run off to -inf. On its 1000 val dumps, with the
# constants here, costs 0, 2, 4 and 8 give right story counts of 0.833, 0.835, 0.836 and
# 0.837 (F1 0.947 to 0.948; --refit prints these). Finite, so that strong evidence can
# still make a one-paragraph tagged story.
_TAG_GAP_COST = 4.0
# Third stage (see _decode_joint), tuned on 1000 val dumps over the second stage's scores
# by ``benchmarks/bench_segment.py --refit``: the Dirichlet prior of the story word model
# (its mass spread over words as news uses them, see _story_evidence, and the flat part
# every word gets), the weight of its log likelihood against the gap log-odds, the
# log-odds a gap needs, and the extra cost of a 1- or 2-paragraph story other than the
# last.
_JOINT_MASS = 300.0
_JOINT_ALPHA = 0.0003
_JOINT_WEIGHT = 0.5
_JOINT_THRESHOLD = 1.0
_JOINT_SHORT_PENALTY = (4.0, 2.0)
# How many times a "More on X" tag's own words count as words of the story that holds it
# (see _tag_evidence): on the same val dumps, 0 (tags as positions only), 3, 10 and 20
# gave right story counts of 0.829, 0.834, 0.836 and 0.829 (F1 0.947 to 0.949).
_JOINT_TAG_WEIGHT = 10.0
# Vocabulary size of the story word model's Dirichlet prior: fixed, about twice the
# content words of a dump of a few stories, rather than the dump's own vocabulary,
# which grows with the dump until the prior drowns the evidence and every story merges
# with its neighbours (on one 10 MB dump: 3,742 stories found of 4,933).
_JOINT_VOCABULARY = 1200.0
# Gaps whose second-stage log-odds are lower are never story starts (unless two tags
# force one): on val dumps no decoding within the floor chose one, and skipping them
# keeps the third stage's work in proportion to the plausible starts.
_JOINT_FLOOR = -4.0
# Longest story the third stage scores whole, in paragraphs (the BBC's longest is about
# 100); a longer run of paragraphs is cut at its best candidate, or kept whole when it
# has none.
_JOINT_MAX_PARAGRAPHS = 150
# Gaps tried between two tags when none gains anything on its own (see _candidates).
_FORCED_CANDIDATES = 3
# Longest story part compared whole by the second stage; longer ones go in pieces.
_SPLIT_LIMIT = 100
# Gaps from the dump's edge beyond which near_edge stops decaying: past every window, so
# the middle of a long dump looks like the middle of the short ones fitted on.
_EDGE_REACH = 20
# Paragraphs that count as the documents of a word's idf (see _local_idf): about the
# length of the longest dumps the weights were fitted on.
_IDF_SPAN = 101
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
# Characters of text tokenised at a time (see _represent).
_CHUNK_CHARS = 1 << 20
# Gaps per block when summing windows (see _window_dots and _topic_features).
_GAP_BLOCK = 4096
# Rows scored at a time by _Trees.log_odds: its index arrays are rows x trees.
_TREE_ROWS = 2048
# Rows per Gram matrix in the second stage: small enough that its O(rows^2) work stays
# cheap, large enough that few matrices are built.
_RUN_ROWS = 128


@dataclass(frozen=True)
class _Trees:
    """A boosted ensemble of binary trees as flat node arrays, scored with numpy alone.

    Node ``i`` sends a row to ``left[i]`` when ``row[feature[i]] <= threshold[i]``, else
    to its sibling ``left[i] + 1``; a leaf has an infinite threshold and ``left[i] ==
    i``, so it keeps the row. Rows go down all trees in lockstep, and the trees, ordered
    deepest first by ``depths``, drop out of the walk once they are all at leaves. The
    log-odds are ``baseline`` plus the ``value`` of the leaf reached in each tree. Plain
    arrays rather than a pickled scikit-learn model: they load in any version and run
    no code when read.
    """

    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    value: np.ndarray
    roots: np.ndarray
    depths: np.ndarray
    baseline: float

    def log_odds(self, x: np.ndarray) -> np.ndarray:
        """Log-odds for each row of ``x`` (rows by features, finite: the export keeps no
        missing-value branches, and the segmentation features never are NaN)."""
        out = np.empty(len(x))
        n_features = x.shape[1]
        for first in range(0, len(x), _TREE_ROWS):
            block = np.ascontiguousarray(x[first : first + _TREE_ROWS], dtype=float)
            # Flat indices into the block are cheaper than a 2-D gather.
            row_start = (np.arange(len(block), dtype=np.int64) * n_features)[:, None]
            values = block.ravel()
            node = np.tile(self.roots, (len(block), 1))
            for step in range(int(self.depths[0]) if len(self.depths) else 0):
                walking = node[:, : np.count_nonzero(self.depths > step)]
                goes_right = values[row_start + self.feature[walking]] > self.threshold[walking]
                node[:, : walking.shape[1]] = self.left[walking] + goes_right
            out[first : first + len(block)] = self.value[node].sum(axis=1)
        return out + self.baseline

    @classmethod
    def from_sklearn(cls, model: object) -> _Trees:
        """Export a fitted binary ``HistGradientBoostingClassifier`` (numeric features).

        Nodes are renumbered breadth first, so that siblings sit side by side.
        """
        feature, threshold, left, value, roots, depths = [], [], [], [], [], []
        # scikit-learn keeps the fitted trees in private attributes; --refit checks that
        # the export scores as ``decision_function`` does before writing it.
        for (predictor,) in model._predictors:
            nodes = predictor.nodes
            roots.append(len(feature))
            queue = [0]
            for old in queue:
                new = len(feature)
                if nodes["is_leaf"][old]:
                    feature.append(0)
                    threshold.append(np.inf)
                    left.append(new)
                    value.append(float(nodes["value"][old]))
                else:
                    feature.append(int(nodes["feature_idx"][old]))
                    threshold.append(float(nodes["num_threshold"][old]))
                    # Children are numbered in the order they join the queue.
                    left.append(roots[-1] + len(queue))
                    value.append(0.0)
                    queue += [int(nodes["left"][old]), int(nodes["right"][old])]
            depths.append(int(nodes["depth"].max()))
        deepest_first = np.argsort(depths, kind="stable")[::-1]
        return cls(
            np.array(feature, dtype=np.int32),
            np.array(threshold, dtype=float),
            np.array(left, dtype=np.int32),
            np.array(value, dtype=float),
            np.array(roots, dtype=np.int32)[deepest_first],
            np.array(depths, dtype=np.int32)[deepest_first],
            float(np.ravel(model._baseline_prediction)[0]),
        )

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        """The fields as named arrays, for ``numpy.savez``."""
        return {
            f"{prefix}_{name}": np.asarray(getattr(self, name))
            for name in self.__dataclass_fields__
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], prefix: str) -> _Trees:
        """Inverse of :meth:`arrays`."""
        values = {name: arrays[f"{prefix}_{name}"] for name in cls.__dataclass_fields__}
        values["baseline"] = float(values["baseline"])
        return cls(**values)


@lru_cache(maxsize=1)
def _models() -> tuple[_Trees, _Trees]:
    """The fitted first- and second-stage ensembles, read once per process."""
    with np.load(_MODEL_FILE) as data:
        arrays = dict(data)
    return _Trees.from_arrays(arrays, "first"), _Trees.from_arrays(arrays, "second")


@dataclass(frozen=True)
class _Topics:
    """Content words as vectors in a small topic space: latent semantic analysis
    (truncated SVD of a tf-idf story-word matrix) fitted on news stories.

    Two paragraphs about the same subject in different words ("striker", "league") get
    close vectors, which exact word overlap misses; a change of subject between two
    stories that share few words shows as a change of direction.
    """

    index: dict[str, int]
    idf: np.ndarray
    vectors: np.ndarray

    def arrays(self) -> dict[str, np.ndarray]:
        """The model as arrays for ``numpy.savez`` (strings as a unicode array, no pickle)."""
        return {
            "words": np.array(list(self.index)),
            "idf": self.idf.astype(np.float32),
            "vectors": self.vectors.astype(np.float16),
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> _Topics:
        """Inverse of :meth:`arrays`; vectors are stored at half precision, used at single."""
        index = {str(word): i for i, word in enumerate(arrays["words"])}
        return cls(index, arrays["idf"].astype(np.float32), arrays["vectors"].astype(np.float32))

    def embed(self, counts: sp.csr_matrix, words: Sequence[str]) -> np.ndarray:
        """Unit topic vector per row of ``counts`` (paragraphs x ``words``), weighting each
        known word by sublinear tf times its idf in the fitting corpus; zero when a row
        has no known word."""
        # The dump's own words as rows (``counts`` may have a spare column): unknown ones
        # stay zero.
        row = np.full(counts.shape[1], -1, dtype=np.int64)
        row[: len(words)] = [self.index.get(w, -1) for w in words]
        known = row >= 0
        table = np.zeros((len(row), self.vectors.shape[1]), dtype=np.float32)
        table[known] = self.vectors[row[known]] * self.idf[row[known], None]
        tf = counts.astype(np.float32)
        tf.data = 1.0 + np.log(tf.data)
        vectors = np.asarray(tf @ table)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        vectors /= np.where(norms > 0, norms, 1.0)
        return vectors


@lru_cache(maxsize=1)
def _topic_model() -> _Topics:
    """The shipped topic space, read once per process."""
    with np.load(_TOPIC_FILE) as data:
        return _Topics.from_arrays(dict(data))


@dataclass(frozen=True)
class _Background:
    """How often news uses each content word: counts over a corpus of stories.

    The third stage's story word model expects a word in proportion to its use here, so
    that two stories sharing "said" or "year" look no more alike than any two stories,
    while two sharing "Hodgson" or "turbine" do.
    """

    index: dict[str, int]
    counts: np.ndarray
    total: int

    def arrays(self) -> dict[str, np.ndarray]:
        """The model as arrays for ``numpy.savez`` (strings as a unicode array, no pickle)."""
        return {
            "words": np.array(list(self.index)),
            "counts": self.counts.astype(np.int32),
            "total": np.array(self.total, dtype=np.int64),
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> _Background:
        """Inverse of :meth:`arrays`."""
        index = {str(word): i for i, word in enumerate(arrays["words"])}
        return cls(index, arrays["counts"].astype(np.int64), int(arrays["total"]))

    def probability(self, words: Sequence[str]) -> np.ndarray:
        """Share of the corpus's content-word tokens that each of ``words`` is (0 when
        the corpus never used it)."""
        rows = np.array([self.index.get(w, -1) for w in words], dtype=np.int64)
        found = rows >= 0
        out = np.zeros(len(rows))
        out[found] = self.counts[rows[found]] / max(self.total, 1)
        return out


@lru_cache(maxsize=1)
def _background_model() -> _Background:
    """The shipped word counts, read once per process."""
    with np.load(_BACKGROUND_FILE) as data:
        return _Background.from_arrays(dict(data))


def _content_words(text: str) -> list[str]:
    """The content words segmentation compares, in order: lower-cased, lightly stemmed,
    function words dropped (what the topic space is fitted on)."""
    words = (_surface(token)[0] for token in _TOKEN_OR_BREAK.findall(text.replace("\n", " ")))
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


# What _surface says about a token besides its content word, in this order.
_FLAGS = ("capitalised", "pronoun", "honorific", "backward_opener", "the", "backward_noun")


# Dumps share most of their vocabulary, so surface forms are analysed once per process.
@lru_cache(maxsize=1 << 17)
def _surface(token: str) -> tuple[str | None, tuple[bool, ...]]:
    """The content word behind a token (None for a function word), and its _FLAGS."""
    if token == "\n":
        return None, (False,) * len(_FLAGS)
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


def _band_prefix(matrix: sp.csr_matrix, reach: int) -> np.ndarray:
    """Prefix sums of the Gram matrix's diagonals: ``out[d, i]`` sums ``r_k . r_k+d`` over k < i.

    Window sums of dot products, and so window cosines, then cost O(n) each, whatever
    the window. The diagonals come from dense Gram blocks of ``_RUN_ROWS`` rows, which
    is one sparse product per block instead of one per diagonal.
    """
    n = matrix.shape[0]
    diagonals = np.zeros((reach + 1, n + 1))
    for first in range(0, n, _RUN_ROWS):
        last = min(first + _RUN_ROWS, n)
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


@dataclass
class _Text:
    """A dump's paragraphs as word matrices, built once for both scoring stages."""

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


def _local_idf(presence: sp.csr_matrix) -> np.ndarray:
    """Inverse document frequency of each (paragraph, word) entry of ``presence``.

    The documents are the ``_IDF_SPAN`` paragraphs around the paragraph (all of a
    shorter dump), so that a word's weight means the same in a dump of a few stories as
    in one of thousands; dump-wide counts would make every word rarer, and every
    feature weighted by idf larger, the longer the dump.
    """
    n = presence.shape[0]
    span = min(n, _IDF_SPAN)
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(presence.indptr))
    cols = presence.indices.astype(np.int64)
    first = np.clip(rows - _IDF_SPAN // 2, 0, n - span)
    keys = np.sort(cols * (n + 1) + rows)
    df = np.searchsorted(keys, cols * (n + 1) + first + span) - np.searchsorted(
        keys, cols * (n + 1) + first
    )
    return np.log((span + 1) / (df + 1)) + 1.0


def _represent(
    paragraphs: Sequence[str],
    topics: _Topics | None = None,
    background: _Background | None = None,
) -> _Text:
    """Tokenise the dump once and build what both stages need from it.

    Content words are lower-cased, lightly stemmed and stripped of function words;
    weights are tf-idf with the dump's own paragraphs around each one as documents (see
    :func:`_local_idf`), so no background corpus is needed and words rare in that
    stretch (names, topics) count most. Each paragraph also gets a unit vector (zero when it
    has no word the space knows) in the ``topics`` space, and each word its share of
    news text in ``background`` (by default the shipped ones).
    """
    n = len(paragraphs)
    # Regex passes over ~1 MB of paragraphs at a time, each ended by "\n" so that "\n"
    # tokens mark paragraph ends; only one chunk's token strings are alive at a time.
    # Each distinct surface form gets a type id, and everything after is array work.
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
    analysed = [_surface(t) for t in types]
    word_ids: dict[str, int] = {}
    type_word = np.array(
        [-1 if word is None else word_ids.setdefault(word, len(word_ids)) for word, _ in analysed],
        dtype=np.int32,
    )
    flags = np.array([f for _, f in analysed], dtype=bool).reshape(len(types), len(_FLAGS))
    if "\n" in types:
        type_word[types["\n"]] = -2
    type_upper, type_pronoun, type_honorific, type_backward, type_the, type_noun = flags.T
    n_words = max(len(word_ids), 1)
    word = type_word[token_type]
    breaks = word == -2
    para = np.cumsum(breaks, dtype=np.int32)[~breaks]
    word, token_type = word[~breaks], token_type[~breaks]
    first_in_para = np.ones(len(para), dtype=bool)
    first_in_para[1:] = para[1:] != para[:-1]
    content = word >= 0

    # A name is a word the dump capitalises (nearly) everywhere but at paragraph starts,
    # where capitals say nothing.
    counted = content & ~first_in_para
    upper = np.bincount(word[counted], weights=type_upper[token_type[counted]], minlength=n_words)
    total = np.bincount(word[counted], minlength=n_words)
    is_name = (total > 0) & (upper >= 0.8 * total)

    # Does a personal pronoun come before any name in its paragraph?
    names_so_far = np.cumsum(content & is_name[np.maximum(word, 0)])
    before_para = names_so_far - (content & is_name[np.maximum(word, 0)])
    para_base = np.zeros(n, dtype=np.int64)
    para_base[para[first_in_para]] = before_para[first_in_para]
    pronouns = np.flatnonzero(type_pronoun[token_type])
    unnamed = names_so_far[pronouns] == para_base[para[pronouns]]
    pronoun_before_name = np.zeros(n, dtype=bool)
    pronoun_before_name[para[pronouns[unnamed]]] = True

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
    after = np.flatnonzero(type_honorific[token_type[:-1]]) + 1
    after = after[(para[after] == para[after - 1]) & (word[after] >= 0)]
    after = after[type_upper[token_type[after]]]
    honorific = sp.csr_matrix((np.ones(len(after)), (para[after], word[after])), shape=(n, n_words))
    honorific.data[:] = 1.0
    # How each paragraph opens: its first word, and the second after "The".
    heads = np.flatnonzero(first_in_para)
    backward_opener = np.zeros(n, dtype=bool)
    backward_opener[para[heads]] = type_backward[token_type[heads]]
    heads = heads[type_the[token_type[heads]] & (heads + 1 < len(para))]
    heads = heads[para[heads + 1] == para[heads]]
    the_noun_opener = np.zeros(n, dtype=bool)
    the_noun_opener[para[heads]] = type_noun[token_type[heads + 1]]
    n_content = np.bincount(para[content], minlength=n)
    token_start = np.concatenate([[0], np.cumsum(n_content)])
    return _Text(
        n,
        weights,
        presence,
        tfidf,
        names,
        honorific,
        n_content,
        pronoun_before_name,
        backward_opener,
        the_noun_opener,
        word[content].astype(np.int64),
        token_start,
        (topics or _topic_model()).embed(counts, list(word_ids)),
        (background or _background_model()).probability(list(word_ids)),
        word_ids,
    )


def _local_features(text: _Text, paragraphs: Sequence[str]) -> np.ndarray:
    """Stage-one features, one row per gap: see :func:`gap_features`."""
    n = text.n
    tfidf, names, weights = text.tfidf, text.names, text.weights

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

    recent = _name_recurrence(names, text.honorific, _NAME_REACH)
    n_right_names, n_known, introduced, known_honorific, introduced_honorific = (
        column[1:] for column in recent
    )
    new_share = np.divide(
        n_right_names - n_known, n_right_names, out=np.zeros(n - 1), where=n_right_names > 0
    )

    opens_quote = np.array([p.lstrip()[:1] in _QUOTE_MARKS for p in paragraphs[1:]], dtype=float)
    quote_open = np.array([_quote_left_open(p) for p in paragraphs[:-1]], dtype=float)
    log_words = np.log1p(text.n_content[1:])
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
            text.backward_opener[1:],
            text.the_noun_opener[1:],
            opens_quote,
            quote_open,
            log_words,
            near_edge,
            np.log1p(chains_3),
            np.log1p(chains_8),
            _depth(np.log1p(chains_8), 4),
            np.divide(ending, left_weight, out=np.zeros(n - 1), where=left_weight > 0),
            np.divide(starting, right_weight, out=np.zeros(n - 1), where=right_weight > 0),
            text.pronoun_before_name[1:],
            np.log1p(introduced),
            introduced_honorific > 0,
            *_topic_features(text.topics),
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
          on news (latent semantic analysis, see :class:`_Topics`), so that two stories
          on different subjects part even when they share words, and one story told in
          changing words holds;
        - ``perfect_tense`` / ``weekday``: the paragraph after the gap opens with "has
          said", "have agreed"... or "on Monday"..., as ledes do.

    Examples
    --------
    >>> gap_features(["Rain in Leeds.", "Leeds rain again.", "Shares fell."]).shape
    (2, 33)
    """
    if len(paragraphs) < 2:
        return np.zeros((0, len(FEATURE_NAMES)))
    return _local_features(_represent(paragraphs), paragraphs)


def _rect(
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
        while j + 2 < len(bounds) and bounds[j + 2] - bounds[i] <= _RUN_ROWS:
            j += 1
        origin, end = bounds[i], bounds[j + 1]
        upto = int(np.searchsorted(last, end, side="right"))
        todo = slice(done, upto)
        a, g, c = first[todo] - origin, gaps[todo] - origin, last[todo] - origin
        for matrix, cosine in zip(matrices, cosines):
            block = matrix[origin:end]
            prefix = np.zeros((end - origin + 1,) * 2)
            prefix[1:, 1:] = (block @ block.T).toarray().cumsum(axis=0).cumsum(axis=1)

            left, right = _rect(prefix, a, g, a, g), _rect(prefix, g, c, g, c)
            den = np.sqrt(np.maximum(left, 0) * np.maximum(right, 0))
            cosine[todo] = np.divide(
                _rect(prefix, a, g, g, c), den, out=np.zeros(len(a)), where=den > 0
            )
        done = upto
        i = max(j, i + 1)
    return cosines, gaps - first, last - gaps


def _split_features(text: _Text, starts: Sequence[int]) -> np.ndarray:
    """Stage-two features, one row per gap: see :func:`split_features`."""
    (words, names), left_len, right_len = _split_cohesion([text.tfidf, text.names], starts)
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
    return _split_features(_represent(paragraphs), starts)


def _after_tags(tags: Sequence[int], n: int) -> np.ndarray:
    """Indices into a dump's gap arrays of the gaps right after a "More on X" tag.

    Sites put the tag inside its story, after one of its paragraphs but the last (see the
    seed dump and :mod:`toolkit.synth`), so a story starts right after a tag only when
    the tagged story is a single paragraph. The gap-level features do not see tags, so
    this prior is added to their log-odds; a boundary there would also hand the tag, and
    so the topic, to the story before.
    """
    return np.array(sorted({int(t) - 1 for t in tags if 0 < t < n}), dtype=np.int64)


def _scores(text: _Text, paragraphs: Sequence[str], tags: Sequence[int]) -> np.ndarray:
    first_trees, second_trees = _models()
    after_tag = _after_tags(tags, len(paragraphs))
    first = first_trees.log_odds(_local_features(text, paragraphs))
    prior = first.copy()
    prior[after_tag] -= _TAG_GAP_COST
    guess = _decode(prior, tags, _THRESHOLD, _SHORT_PENALTY)
    # The second stage was fitted on the first stage's tag-blind log-odds.
    scores = second_trees.log_odds(np.column_stack([first, _split_features(text, guess)]))
    scores[after_tag] -= _TAG_GAP_COST
    return scores


def gap_scores(paragraphs: Sequence[str], tags: Sequence[int] = ()) -> np.ndarray:
    """Log-odds that a story starts at each paragraph after the first.

    These are the second-stage scores :func:`find_boundaries` decodes, together with
    the word evidence of whole stories: local cohesion (:func:`gap_features`) refined by
    story-level cohesion (:func:`split_features`) under a first segmentation that
    respects ``tags``, less a fixed cost for a start right after a tag (a tag sits
    inside its story, not at its end).

    Parameters
    ----------
    paragraphs
        Body paragraphs of one dump, in order.
    tags
        Gap positions of "More on X" lines, as for :func:`find_boundaries`.

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
    return _scores(_represent(paragraphs), paragraphs, tags)


def _clean_tags(tags: Sequence[int], n: int) -> list[int]:
    """Tags clamped to gaps 1..n; tags with no paragraph between them count as one."""
    return sorted({min(max(int(t), 1), n) for t in tags})


def _lowest_starts(tags: Sequence[int], n: int) -> np.ndarray:
    """``out[j]``: the smallest allowed start of a story that ends before paragraph ``j``.

    A story ``[i, j)`` holds the tags ``t`` with ``i < t <= j``; it may hold one, so ``i``
    must be at least the second-largest tag ``<= j``.
    """
    tag_list = _clean_tags(tags, n)
    lowest = np.zeros(n + 1, dtype=np.int64)
    lowest[tag_list[1:]] = tag_list[:-1]
    return np.maximum.accumulate(lowest)


def _candidates(gain: np.ndarray, tags: Sequence[int], floor: float) -> list[int]:
    """Gaps a decoder tries, then ``n``: those whose ``gain`` (indexed by paragraph, with
    ``gain[0]`` and ``gain[n]`` unused) is above ``floor``, and the best few between each
    pair of tags, where a story must start even if no gap looks good."""
    n = len(gain) - 1
    chosen = set(np.flatnonzero(gain[1:n] > floor) + 1)
    for a, b in pairwise(_clean_tags(tags, n)):
        chosen.update(a + np.argsort(-gain[a:b])[:_FORCED_CANDIDATES])
    return sorted(int(c) for c in chosen if 0 < c < n) + [n]


def _decode(
    scores: np.ndarray,
    tags: Sequence[int],
    threshold: float,
    short_penalty: tuple[float, float],
) -> list[int]:
    """Best boundary set under the tag constraint, by dynamic programming over gaps.

    Maximises the sum of ``score - threshold`` over chosen gaps minus ``short_penalty``
    for each 1- or 2-paragraph story other than the last, such that no story holds two
    tags. A story ``[i, j)`` holds the tags ``t`` with ``i < t <= j``, so it is allowed
    when ``i`` is at least the second-largest tag ``<= j``.

    Only gaps that gain something, and the best few between each pair of tags, are tried:
    any other boundary only costs, unless a tag pair forces one.
    """
    n = len(scores) + 1
    lowest = _lowest_starts(tags, n)
    gain = np.concatenate([[0.0], scores - threshold, [0.0]])
    order = _candidates(gain, tags, 0.0)
    # Plain lists: the loop does scalar work only.
    lowest_at = lowest.tolist()
    gain_at = gain.tolist()
    best = [-np.inf] * (n + 1)
    back = [0] * (n + 1)
    best[0] = 0.0
    # Monotone deque (by best) of starts at least 3 paragraphs back: "long" predecessors.
    queue: list[int] = []
    head = 0
    pending = [0] + order
    entered = 0
    for j in order:
        while entered < len(pending) and pending[entered] <= j - 3:
            i = pending[entered]
            while len(queue) > head and best[queue[-1]] <= best[i]:
                queue.pop()
            queue.append(i)
            entered += 1
        floor = lowest_at[j]
        while head < len(queue) and queue[head] < floor:
            head += 1
        choice, value = -1, -np.inf
        if head < len(queue):
            choice, value = queue[head], best[queue[head]]
        for length, penalty in ((1, short_penalty[0]), (2, short_penalty[1])):
            i = j - length
            if i >= floor and i >= 0:
                cost = 0.0 if j == n else penalty
                if best[i] - cost > value:
                    choice, value = i, best[i] - cost
        back[j] = choice
        best[j] = value + gain_at[j]
    starts = []
    j = back[n]
    while j > 0:
        starts.append(j)
        j = back[j]
    return [0] + starts[::-1]


def _story_evidence(
    text: _Text,
    cands: np.ndarray,
    alpha: float,
    vocabulary: float = 0.0,
    mass: float = 0.0,
    order: np.ndarray | None = None,
) -> np.ndarray:
    """Log marginal likelihood of each candidate story under its own word distribution.

    Returns ``out[a, d]``: the Dirichlet-multinomial log likelihood of the content words
    of paragraphs ``cands[a] .. cands[a + d] - 1``, for stories of at most
    ``_JOINT_MAX_PARAGRAPHS`` paragraphs (``-inf`` beyond). This is the segment score of
    Eisenstein and Barzilay's BayesSeg (2008): a story whose words repeat each other
    scores high, so splitting a story costs likelihood and joining two stories costs more.

    The prior gives word ``w`` the pseudo-count ``mass * p(w) + alpha``, with ``p(w)``
    its share of news text (``text.word_probability``), over ``vocabulary`` words (by
    default the dump's); ``alpha`` must be positive, or a word news never used would be
    impossible. BayesSeg's prior is flat (``mass`` 0); with a background, a
    word every story uses ("said") is expected anyway and ties little together, while
    a rare one repeated (a name) ties a lot: on 1000 val dumps the right story count
    rose from 0.78 to 0.81.

    With ``k`` earlier uses of a word in the story, its next use adds
    ``log(prior + k)``. Sorting the tokens once by (word, position) numbers each word's
    uses in order, so ``k`` is a token's number less that of its word's first use in the
    story: a linear pass per candidate start. ``order`` is that sort if already made
    (``numpy.argsort(text.token_word, kind="stable")``).
    """
    words, offsets = text.token_word, text.token_start
    n_tokens, n_types = len(words), max(text.presence.shape[1], 1)
    vocabulary = vocabulary or n_types
    pseudo = alpha + mass * text.word_probability[words] if mass else np.full(n_tokens, alpha)
    if order is None:
        order = np.argsort(words, kind="stable")
    place = np.empty(n_tokens, dtype=np.int64)
    place[order] = np.arange(n_tokens)
    # The previous use of the same word, -1 for a word's first use in the dump.
    previous = np.full(n_tokens, -1, dtype=np.int64)
    same = words[order[1:]] == words[order[:-1]]
    previous[order[1:][same]] = order[:-1][same]
    first_place = np.zeros(n_types, dtype=np.int64)
    reach = np.searchsorted(cands, cands + _JOINT_MAX_PARAGRAPHS, side="right") - 1
    width = int(np.max(reach - np.arange(len(cands)))) + 1 if len(cands) else 1
    out = np.full((len(cands), width), -np.inf)
    total = mass + vocabulary * alpha
    prior = gammaln(total)
    for a in range(len(cands) - 1):
        first, last = offsets[cands[a]], offsets[cands[reach[a]]]
        window = words[first:last]
        opening = previous[first:last] < first
        first_place[window[opening]] = place[first:last][opening]
        earlier = place[first:last] - first_place[window]
        cumulative = np.concatenate([[0.0], np.cumsum(np.log(pseudo[first:last] + earlier))])
        ends = offsets[cands[a + 1 : reach[a] + 1]] - first
        out[a, 1 : len(ends) + 1] = prior - gammaln(ends + total) + cumulative[ends]
    return out


def _tag_evidence(
    text: _Text,
    tags: Sequence[int],
    topics: Sequence[str],
    cands: np.ndarray,
    width: int,
    prior: tuple[float, float, float],
    order: np.ndarray,
) -> np.ndarray:
    """Log probability of each tag's own words under the word model of a story holding it.

    A site tags a story with its subject ("More on Tony Blair", "More on Kosovo"), so the
    tag's words say which paragraphs are its story: the one holding it should be the
    one that talks about Blair. Each tag's content words are scored as if appended to
    the candidate story, with the Dirichlet-multinomial predictive probability of
    :func:`_story_evidence` (``prior`` is its ``(alpha, vocabulary, mass)``): a word the
    story uses often is likely, one it never uses is as unlikely as its prior makes it.
    Every tag is held by exactly one story, so only how this differs between
    segmentations matters.

    ``order`` sorts the tokens by word, stably (see :func:`_story_evidence`).
    Returns ``out[a, d]`` for the story from candidate ``a`` to candidate ``a + d``,
    shaped like :func:`_story_evidence`'s table: the log probability of the words of the
    tag it holds (the latest at or before its end), 0 when it holds none.
    """
    alpha, vocabulary, mass = prior
    total = mass + vocabulary * alpha
    by_gap: dict[int, set[int]] = {}
    for gap, topic in zip(tags, topics):
        ids = (text.word_index.get(word) for word in _content_words(topic))
        by_gap.setdefault(min(max(int(gap), 1), text.n), set()).update(
            i for i in ids if i is not None
        )
    out = np.zeros((len(cands), width))
    sorted_words = text.token_word[order]
    gaps = np.array(sorted(by_gap), dtype=np.int64)
    # Stories ending at candidate b hold the latest tag at or before it, if they start
    # before that tag.
    tag_of = np.searchsorted(gaps, cands, side="right") - 1
    for k, gap in enumerate(gaps.tolist()):
        words = sorted(by_gap[gap])
        ends = np.flatnonzero(tag_of == k)
        ends = ends[ends > 0]
        if not words or not len(ends):
            continue
        first = max(int(ends[0]) - width + 1, 0)
        offsets = text.token_start[cands[first : ends[-1] + 1]]
        b = ends[:, None] - first
        a = b - np.arange(1, width)[None, :]
        valid = a >= 0
        a = np.where(valid, a, 0)
        valid &= cands[a + first] < gap
        length = offsets[b] - offsets[a]
        score = np.zeros(a.shape)
        for j, word in enumerate(words):
            positions = order[
                np.searchsorted(sorted_words, word) : np.searchsorted(sorted_words, word, "right")
            ]
            seen = np.searchsorted(positions, offsets)
            pseudo = alpha + mass * text.word_probability[word]
            score += np.log((seen[b] - seen[a] + pseudo) / (length + total + j))
        rows, steps = (a + first)[valid], np.broadcast_to(np.arange(1, width), a.shape)[valid]
        out[rows, steps] += score[valid]
    return out


def _with_notes(text: _Text, notes: Sequence[tuple[int, str]]) -> _Text:
    """``text`` with each note's words added to the paragraph it follows, as the story
    word model (:func:`_story_evidence`, :func:`_tag_evidence`) sees the dump.

    A note is a video title or an image caption: a page puts it inside its story, and it
    shows what the story is about ("Are 'return hubs' the new Rwanda plan?"), so its
    words tie that paragraph to the rest of the story. Words the paragraphs never use
    are left out: they could tie nothing together.
    """
    owner: list[int] = []
    words: list[int] = []
    # In paragraph order, so that words inserted at one place (after empty paragraphs)
    # stay with their own paragraph.
    for after, note in sorted(
        ((min(max(int(i), 0), text.n - 1), t) for i, t in notes), key=lambda x: x[0]
    ):
        for word in _content_words(note):
            if (i := text.word_index.get(word)) is not None:
                owner.append(after)
                words.append(i)
    if not words:
        return text
    added = np.bincount(owner, minlength=text.n)
    return replace(
        text,
        token_word=np.insert(text.token_word, text.token_start[np.array(owner) + 1], words),
        token_start=text.token_start + np.concatenate([[0], np.cumsum(added)]),
    )


# (mass, alpha, weight, threshold, short_penalty, tag_weight): see _decode_joint.
_JointConstants = tuple[float, float, float, float, tuple[float, float], float]


def _story_values(
    scores: np.ndarray,
    tags: Sequence[int],
    text: _Text,
    constants: _JointConstants | None = None,
    topics: Sequence[str] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What the joint decoding adds up: ``(cands, story, gain)``.

    ``cands`` are the candidate starts (0 first, ``n`` last); ``story[a, d]`` is the value
    of a story from ``cands[a]`` to ``cands[a + d]`` (``-inf`` when not allowed) and
    ``gain[b]`` that of a story starting at ``cands[b]``. See :func:`_decode_joint`.
    """
    mass, alpha, weight, threshold, short_penalty, tag_weight = constants or (
        _JOINT_MASS,
        _JOINT_ALPHA,
        _JOINT_WEIGHT,
        _JOINT_THRESHOLD,
        _JOINT_SHORT_PENALTY,
        _JOINT_TAG_WEIGHT,
    )
    n = len(scores) + 1
    gain = np.concatenate([[0.0], scores - threshold, [0.0]])
    cands = np.array([0, *_candidates(np.concatenate([[0.0], scores, [0.0]]), tags, _JOINT_FLOOR)])
    lowest = _lowest_starts(tags, n)[cands]
    # Tokens by word, in order: both story word models count uses of a word with it.
    order = np.argsort(text.token_word, kind="stable")
    story = _story_evidence(text, cands, alpha, _JOINT_VOCABULARY, mass, order)
    story[np.isfinite(story)] *= weight
    width = story.shape[1]
    if topics is not None and tag_weight and len(tags):
        prior = (alpha, _JOINT_VOCABULARY, mass)
        tagged = _tag_evidence(text, tags, topics, cands, width, prior, order)
        story += tag_weight * weight * tagged
    m = len(cands)
    if width < 2:
        # Every story is longer than the reach: room for the fallback below.
        story = np.hstack([story, np.full((m, 2 - width), -np.inf)])
        width = 2
    a, d = np.meshgrid(np.arange(m), np.arange(width), indexing="ij")
    length = cands[np.minimum(a + d, m - 1)] - cands[a]
    inside = (a + d < m - 1) & (d > 0)
    story -= np.where(
        inside & (length == 1),
        short_penalty[0],
        np.where(inside & (length == 2), short_penalty[1], 0.0),
    )
    story[(a + d < m) & (cands[a] < lowest[np.minimum(a + d, m - 1)])] = -np.inf
    story[:, 0] = -np.inf
    story[a + d >= m] = -np.inf
    # Where no allowed story fits in reach of an end, one starts at the candidate before.
    reached = np.bincount((a + d)[np.isfinite(story)], minlength=m) > 0
    stuck = np.flatnonzero(~reached[1:]) + 1
    story[stuck - 1, 1] = 0.0
    return cands, story, gain[cands]


def _forward(story: np.ndarray, gain: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Best value of a segmentation of everything before each candidate that starts a
    story there (``best``), and the start of that story's predecessor (``back``)."""
    m, width = story.shape
    best = np.full(m, -np.inf)
    best[0] = 0.0
    back = np.zeros(m, dtype=np.int64)
    for b in range(1, m):
        a = np.arange(max(0, b - width + 1), b)
        value = best[a] + story[a, b - a]
        k = int(np.argmax(value))
        best[b] = value[k] + gain[b]
        back[b] = a[k]
    return best, back


def _decode_joint(
    scores: np.ndarray,
    tags: Sequence[int],
    text: _Text,
    constants: _JointConstants | None = None,
    topics: Sequence[str] | None = None,
    margins: bool = False,
) -> tuple[list[int], np.ndarray]:
    """Best story starts by gap evidence and story-level word evidence together, and
    with ``margins`` how close each call was: ``(starts, margin per paragraph)``.

    Maximises, over segmentations that respect the tags and start stories only at
    :func:`_candidates` (log-odds above ``_JOINT_FLOOR``, or forced between tags), with
    no story scored whole beyond ``_JOINT_MAX_PARAGRAPHS``, the sum of ``score -
    threshold`` over story starts plus ``weight`` times the :func:`_story_evidence` of
    every story, less a penalty for each 1- or 2-paragraph story but the last. Gap
    scores see a few paragraphs either side; the story term sees whole stories, so it
    keeps apart two stories whose edges happen to share words and joins the halves of
    one whose middle changes subject. With the tags' ``topics``, a story also scores
    ``tag_weight`` times :func:`_tag_evidence` of its tag (times ``weight``).
    ``constants`` is ``(mass, alpha, weight, threshold, short_penalty, tag_weight)``, by
    default the fitted ``_JOINT_*`` values.

    The margin of paragraph ``p`` is the value of the best segmentation that starts a
    story at ``p`` less that of the best one that does not (max-marginals, from a
    forward and a backward pass): positive where a story starts, by how much its
    value would fall without that cut; negative elsewhere, by how much it would fall with
    one; NaN at paragraph 0 and where no cut was weighed (log-odds under
    ``_JOINT_FLOOR``). Without ``margins``, all NaN. A cut two tags force (one paragraph
    between them) has margin ``inf``; one forced only because a story is scored whole up
    to ``_JOINT_MAX_PARAGRAPHS`` and this one is longer has 0, as unsure as a tie.
    """
    cands, story, gain = _story_values(scores, tags, text, constants, topics)
    best, back = _forward(story, gain)
    starts = []
    b = int(back[-1])
    while b > 0:
        starts.append(int(cands[b]))
        b = int(back[b])
    out = np.full(len(scores) + 1, np.nan)
    m, width = story.shape
    if margins and m > 2:
        after = np.full(m, -np.inf)
        after[-1] = 0.0
        for a in range(m - 2, -1, -1):
            c = np.arange(a + 1, min(m, a + width))
            after[a] = np.max(story[a, c - a] + gain[c] + after[c])
        # through[a, d]: the best segmentation with a story from cands[a] to cands[a + d];
        # its running maximum over d >= k is the best with one that starts at a and
        # reaches past a + k - 1.
        ends = np.minimum(np.arange(m)[:, None] + np.arange(width)[None, :], m - 1)
        through = best[:, None] + story + gain[ends] + after[ends]
        past = np.maximum.accumulate(through[:, ::-1], axis=1)[:, ::-1]
        b = np.arange(1, m - 1)[:, None]
        back_by = np.arange(1, width - 1)[None, :]
        a = b - back_by
        spans = np.where(a >= 0, past[np.maximum(a, 0), back_by + 1], -np.inf)
        without = spans.max(axis=1) if spans.shape[1] else np.full(m - 2, -np.inf)
        margin = (best + after)[1:-1] - without
        # Sums in different orders differ in the last bits: a tie is a tie.
        margin[np.abs(margin) < 1e-9] = 0.0
        # No segmentation without this cut: certain when two tags leave it no other
        # place; when only the limit on a story's length forces it, it is a guess.
        tight = [t for t, u in pairwise(_clean_tags(tags, len(scores) + 1)) if u - t == 1]
        margin[np.isposinf(margin) & ~np.isin(cands[1:-1], tight)] = 0.0
        margin[np.isneginf(margin)] = np.nan
        out[cands[1:-1]] = margin
    return [0] + starts[::-1], out


def body_and_tags(kinds: Sequence[str]) -> tuple[list[int], list[int]]:
    """Which lines are body paragraphs, and the gap of each topic tag among them.

    Parameters
    ----------
    kinds
        The kind of each line of a dump (see :data:`toolkit.load.KINDS`).

    Returns
    -------
    body : list of int
        Indices of the ``"body"`` lines, i.e. the paragraphs :func:`find_boundaries` takes.
    tags : list of int
        For each ``"topic_tag"`` line, how many paragraphs come before it: its ``tags`` gap.

    Examples
    --------
    >>> body_and_tags(["body", "topic_tag", "related_topics", "body", "blank", "body"])
    ([0, 3, 5], [1])
    """
    body: list[int] = []
    tags: list[int] = []
    for i, kind in enumerate(kinds):
        if kind == "body":
            body.append(i)
        elif kind == "topic_tag":
            tags.append(len(body))
    return body, tags


def find_boundaries(
    paragraphs: Sequence[str],
    tags: Sequence[int] = (),
    topics: Sequence[str] | None = None,
    notes: Sequence[tuple[int, str]] = (),
) -> list[int]:
    """Find where stories start among the body paragraphs of one dump.

    Parameters
    ----------
    paragraphs
        Body paragraphs of one dump in order, furniture removed.
    tags
        Gap positions of its "More on X" lines, ascending: a tag at gap ``t`` sits after
        paragraph ``t - 1``, and belongs to the story that holds that paragraph (a tag
        before the first paragraph belongs to the first story). No story gets two tags,
        so between tags at ``t1 < t2`` a story starts at some ``b`` with
        ``t1 <= b <= t2 - 1``. Tags with no paragraph between them cannot be told apart
        and count as one.
    topics
        The X of each tag, in the order of ``tags``. Optional: a tag names its story's
        subject, so the paragraphs that use its words are likelier to be that story's.
        The words of tags that count as one (see ``tags``) are pooled.
    notes
        ``(i, text)`` for each video title or image caption, ``i`` being the paragraph
        it follows. Optional: a page puts them inside their story and they show its
        subject, so their words count as words of paragraph ``i`` (``i`` outside the
        paragraphs is clamped to them: -1, before the first, counts as the first).

    Returns
    -------
    list of int
        Sorted story start indices into ``paragraphs``, always beginning with 0 (also for
        no paragraphs, so that furniture alone still forms one story).

    Raises
    ------
    toolkit.errors.InputError
        When ``topics`` is given but not one per tag.

    Examples
    --------
    >>> paragraphs = ["Kosovo talks.", "Kosovo said no.", "Chelsea won 2-0.", "Chelsea fans cheered."]
    >>> find_boundaries(paragraphs, tags=[1, 3])
    [0, 2]
    >>> find_boundaries(paragraphs, tags=[1, 3], topics=["Kosovo", "Chelsea"],
    ...                 notes=[(2, "Chelsea fans at the ground")])
    [0, 2]
    """
    if topics is not None and len(topics) != len(tags):
        raise InputError(f"got {len(topics)} topics for {len(tags)} tags; give one per tag")
    return _segment(paragraphs, tags, topics, notes)[0]


def _segment(
    paragraphs: Sequence[str],
    tags: Sequence[int] = (),
    topics: Sequence[str] | None = None,
    notes: Sequence[tuple[int, str]] = (),
    margins: bool = False,
) -> tuple[list[int], np.ndarray]:
    """:func:`find_boundaries` (inputs checked there), and each paragraph's margin (see
    :func:`_decode_joint`)."""
    if len(paragraphs) < 2:
        return [0], np.full(len(paragraphs), np.nan)
    text = _represent(paragraphs)
    scores = _scores(text, paragraphs, tags)
    return _decode_joint(scores, tags, _with_notes(text, notes), topics=topics, margins=margins)


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
