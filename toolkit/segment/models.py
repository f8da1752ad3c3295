"""The fitted artefacts segmentation ships, as plain arrays scored with numpy alone.

- :class:`Trees`: a boosted ensemble of binary trees. Two of them, in
  ``segment_model.npz`` (:data:`MODEL_FILE`), give the log-odds of "a story starts
  here": the first from the local gap features (:data:`toolkit.segment.features.FEATURE_NAMES`),
  the second from those log-odds and the story-level split features
  (:data:`toolkit.segment.scores.SPLIT_FEATURE_NAMES`).
- :class:`TopicSpace`: content words as vectors in a small topic space (latent semantic
  analysis fitted on news stories), in ``segment_topics.npz`` (:data:`TOPIC_FILE`).
- :class:`Background`: how often news uses each content word, in
  ``segment_background.npz`` (:data:`BACKGROUND_FILE`), the prior of the third stage's
  story word model.

The trees were fitted on synthetic dumps made from the BBC corpus by
:mod:`toolkit.load.synth`, the topic space on other stories of the same corpus, the word
counts on all of its train split (see :mod:`toolkit.segment.training`, which
``benchmarks/bench_segment.py --refit`` runs). All ship as plain arrays (no pickle, no
download): they load in any version of numpy or scikit-learn and run no code when read.
:func:`shipped_trees`, :func:`shipped_topic_space` and :func:`shipped_background` read
them once per process.

Examples
--------
>>> first, second = shipped_trees()
>>> first.log_odds(np.zeros((2, first.feature.max() + 1))).shape
(2,)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import scipy.sparse as sp

__all__ = [
    "BACKGROUND_FILE",
    "MODEL_FILE",
    "TOPIC_FILE",
    "Background",
    "TopicSpace",
    "Trees",
    "shipped_background",
    "shipped_topic_space",
    "shipped_trees",
]

# Fitted by ``python benchmarks/bench_segment.py --refit`` (see toolkit.segment.training):
# the two boosted tree ensembles, "first" and "second" stage.
MODEL_FILE = Path(__file__).with_name("segment_model.npz")
# Word vectors of a topic space (see TopicSpace), fitted by the same refit.
TOPIC_FILE = Path(__file__).with_name("segment_topics.npz")
# How often news uses each content word (see Background), counted by the same refit.
BACKGROUND_FILE = Path(__file__).with_name("segment_background.npz")
# Rows scored at a time by Trees.log_odds: its index arrays are rows x trees.
_TREE_ROWS = 2048


@dataclass(frozen=True)
class Trees:
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
    def from_sklearn(cls, model: object) -> Trees:
        """Export a fitted binary ``HistGradientBoostingClassifier`` (numeric features).

        Nodes are renumbered breadth first, so that siblings sit side by side.
        """
        feature, threshold, left, value, roots, depths = [], [], [], [], [], []
        # scikit-learn keeps the fitted trees in private attributes; the refit checks that
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
    def from_arrays(cls, arrays: dict[str, np.ndarray], prefix: str) -> Trees:
        """Inverse of :meth:`arrays`."""
        values = {name: arrays[f"{prefix}_{name}"] for name in cls.__dataclass_fields__}
        values["baseline"] = float(values["baseline"])
        return cls(**values)


@lru_cache(maxsize=1)
def shipped_trees() -> tuple[Trees, Trees]:
    """The fitted first- and second-stage ensembles, read once per process."""
    with np.load(MODEL_FILE) as data:
        arrays = dict(data)
    return Trees.from_arrays(arrays, "first"), Trees.from_arrays(arrays, "second")


@dataclass(frozen=True)
class TopicSpace:
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
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> TopicSpace:
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
def shipped_topic_space() -> TopicSpace:
    """The shipped topic space, read once per process."""
    with np.load(TOPIC_FILE) as data:
        return TopicSpace.from_arrays(dict(data))


@dataclass(frozen=True)
class Background:
    """How often news uses each content word: counts over a corpus of stories.

    The third stage's story word model expects a word in proportion to its use here, so
    that two stories sharing "said" or "year" look no more alike than any two stories,
    while two sharing "Hodgson" or "turbine" do.

    Examples
    --------
    >>> Background({"rain": 0, "bank": 1}, np.array([1, 3]), 8).probability(["bank", "sun"])
    array([0.375, 0.   ])
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
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> Background:
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
def shipped_background() -> Background:
    """The shipped word counts, read once per process."""
    with np.load(BACKGROUND_FILE) as data:
        return Background.from_arrays(dict(data))
