"""Refit the artefacts segmentation ships, and tune its decoding constants.

:func:`refit` fits the topic space (:class:`~toolkit.segment.models.TopicSpace`) on half
of a train split's stories and the two boosted tree ensembles
(:class:`~toolkit.segment.models.Trees`) on synthetic dumps (:mod:`toolkit.load.synth`)
of the other half, counts content words over the whole split
(:class:`~toolkit.segment.models.Background`), and writes them over the shipped
``.npz`` files when asked. It tunes the decoding constants on dumps of a val split (the
first guess's in :mod:`toolkit.segment.scores`, the third stage's ``JOINT_*`` in
:mod:`toolkit.segment.decode`) and reports them to paste there; a test split stays
unseen. It also reports how the val scores move with the weight of the tags' words
(``JOINT_TAG_WEIGHT``, one of the tuned constants) and with the hand-set tag prior
``TAG_GAP_COST``, which it does not fit: no train gap right after a tag is a story
start, so a fitted weight would run off to -inf.

Why halves: the trees learn how far to trust topic similarity on stories the topic space
has not seen, as it will be at use (fitted on the same stories, it looks more telling
than it is: val F1 0.929 against 0.943 for the first stage, in the experiment that chose
this). ``benchmarks/bench_segment.py --refit`` runs it on the BBC corpus. scikit-learn
does the fitting and is imported only here, when fitting; the shipped models need
numpy alone.

Examples
--------
>>> fit_background(["Rain in Leeds.", "Rain again."]).counts.tolist()
[1, 2]
>>> refit(train_stories, val_stories, write=False)  # doctest: +SKIP
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd
import scipy.sparse as sp

from toolkit.load import body_and_tags, furniture_notes, tag_topic
from toolkit.load.synth import LabelledDump, sample_dumps
from toolkit.segment.decode import JointConstants, decode_gaps, decode_stories
from toolkit.segment.features import gap_features_from
from toolkit.segment.models import (
    BACKGROUND_FILE,
    MODEL_FILE,
    TOPIC_FILE,
    Background,
    TopicSpace,
    Trees,
)
from toolkit.segment.representation import ParagraphMatrices, represent, with_notes
from toolkit.segment.scores import TAG_GAP_COST, gaps_after_tags, split_features_from
from toolkit.segment.words import content_words

__all__ = [
    "LabelledView",
    "Refitted",
    "export_trees",
    "fit_background",
    "fit_topics",
    "labelled_view",
    "refit",
]

# Dimensions of the topic space (100 did better than 200, and as well as 50, on val dumps).
TOPIC_DIMS = 100
# Rows on which an exported ensemble must score as scikit-learn does.
_CHECK_ROWS = 2000

Report = Callable[[str], None]


class LabelledView(NamedTuple):
    """A dump as :func:`toolkit.segment.find_boundaries` takes it, with the truth."""

    paragraphs: list[str]
    tags: list[int]
    starts: list[int]
    topics: list[str]
    notes: list[tuple[int, str]]


def labelled_view(dump: LabelledDump) -> LabelledView:
    """Body paragraphs, tag gap positions, true story starts (paragraph indices), the
    tags' topics and the notes (video titles, captions), from the generator's line kinds,
    as the loader hands them to the segmenter."""
    body, tags = body_and_tags(dump.kinds)
    topics = [tag_topic(line) for line, kind in zip(dump.lines, dump.kinds) if kind == "topic_tag"]
    notes = furniture_notes(dump.lines, dump.kinds)
    starts = np.concatenate([[0], np.cumsum(dump.truth["n_paragraphs"].to_numpy())[:-1]])
    return LabelledView(
        [dump.lines[i] for i in body], tags, [int(s) for s in starts], topics, notes
    )


class _Example(NamedTuple):
    """A labelled dump ready to fit on: its view, first-stage features, which gaps are
    story starts (1.0) and its matrices."""

    view: LabelledView
    x: np.ndarray
    y: np.ndarray
    matrices: ParagraphMatrices


class Refitted(NamedTuple):
    """What :func:`refit` fits and tunes: both stages' trees, the topic space, the word
    counts, the first guess's ``(threshold, short_penalty)`` and the third stage's
    constants (see :func:`toolkit.segment.decode.decode_stories`)."""

    first: Trees
    second: Trees
    topics: TopicSpace
    background: Background
    first_guess: tuple[float, tuple[float, float]]
    joint: JointConstants


def _boosted_trees():
    """The learner of both stages: small boosted trees, which pick up what a linear model
    cannot (a wide window that looks cohesive because a short story sits between two
    related ones, say) while staying cheap to score with numpy."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(
        max_iter=100,
        learning_rate=0.2,
        max_leaf_nodes=15,
        min_samples_leaf=40,
        l2_regularization=1.0,
        early_stopping=False,
        random_state=0,
    )


def export_trees(model, x: np.ndarray) -> Trees:
    """``model`` as :class:`~toolkit.segment.models.Trees`, checked to score ``x`` as it
    does.

    Raises
    ------
    RuntimeError
        When the export scores differently: the shipped model would not be the fitted one.
    """
    trees = Trees.from_sklearn(model)
    if not np.allclose(trees.log_odds(x), model.decision_function(x), atol=1e-9):
        raise RuntimeError("exported trees disagree with scikit-learn; not writing the model")
    return trees


def fit_topics(texts: Sequence[str], dims: int = TOPIC_DIMS) -> TopicSpace:
    """The topic space: truncated SVD of the sublinear tf-idf matrix of ``texts`` over
    content words used in at least 3 of them, returned at the precision it is stored
    at, so the trees are fitted on the features users get."""
    from sklearn.decomposition import TruncatedSVD

    docs = [content_words(text) for text in texts]
    df = Counter(word for doc in docs for word in set(doc))
    index = {word: i for i, word in enumerate(sorted(w for w, c in df.items() if c >= 3))}
    rows, cols = zip(*((r, index[w]) for r, doc in enumerate(docs) for w in doc if w in index))
    x = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(docs), len(index)))
    x.sum_duplicates()
    idf = np.log(len(docs) / np.array([df[word] for word in index]))
    x.data = (1.0 + np.log(x.data)) * idf[x.indices]
    svd = TruncatedSVD(dims, random_state=0).fit(x)
    fitted = TopicSpace(index, idf, svd.components_.T)
    return TopicSpace.from_arrays(fitted.arrays())


def fit_background(texts: Sequence[str]) -> Background:
    """Content-word counts over ``texts``."""
    counts = Counter(word for text in texts for word in content_words(text))
    words = sorted(counts)
    return Background(
        {word: i for i, word in enumerate(words)},
        np.array([counts[word] for word in words], dtype=np.int64),
        sum(counts.values()),
    )


def _examples(
    stories: pd.DataFrame, n: int, rng: int, topics: TopicSpace, background: Background
) -> list[_Example]:
    """``n`` synthetic dumps of ``stories`` (of two paragraphs or more), represented with
    the given topic space and word counts."""
    examples = []
    for dump in sample_dumps(stories, n, rng=rng):
        view = labelled_view(dump)
        if len(view.paragraphs) > 1:
            y = np.zeros(len(view.paragraphs) - 1)
            y[np.array(view.starts[1:], dtype=int) - 1] = 1
            matrices = represent(view.paragraphs, topics, background)
            x = gap_features_from(matrices, view.paragraphs)
            examples.append(_Example(view, x, y, matrices))
    return examples


def _f1_and_count(pairs: list[tuple[list[int], list[int]]]) -> tuple[float, float]:
    """Micro boundary F1 over (truth, found) story starts of many dumps, and the share of
    dumps with the right story count."""
    tp = fp = fn = count = 0
    for ref, hyp in pairs:
        r, h = set(ref) - {0}, set(hyp) - {0}
        tp, fp, fn = tp + len(r & h), fp + len(h - r), fn + len(r - h)
        count += len(r) == len(h)
    return 2 * tp / max(2 * tp + fp + fn, 1), count / max(len(pairs), 1)


def _tune_first_guess(
    scored: list[tuple[np.ndarray, list[int], list[int]]],
) -> tuple[float, float, float, float, float]:
    """Decoding constants maximising F1 + share of right story counts on ``scored``
    (log-odds, tags, truth) dumps.

    Returns (threshold, penalty for 1-paragraph stories, for 2-paragraph stories, F1,
    share of dumps with the right count).
    """
    best: tuple[float, ...] = ()
    for threshold, short1, short2 in itertools.product(
        np.arange(-2.0, 2.01, 0.25), (0.0, 1.0, 2.0, 4.0, 8.0), (0.0, 1.0, 2.0, 4.0)
    ):
        f1, count = _f1_and_count(
            [(ref, decode_gaps(z, tags, threshold, (short1, short2))) for z, tags, ref in scored]
        )
        if not best or f1 + count > best[0]:
            best = (f1 + count, threshold, short1, short2, f1, count)
    return best[1:]


def _tune_joint(scored: list, grid: list | None = None) -> tuple:
    """Third-stage constants maximising F1 + share of right story counts on ``scored``
    (scores, tags, truth, matrices, tag topics) dumps: (constants, F1, share)."""
    best: tuple = ()
    # Around the best of wider searches (flat prior: alpha 0.03-4; background: mass
    # 100-3000, alpha 0.001-0.5), which preferred short-story costs of (4, 2).
    for constants in grid or itertools.product(
        (300.0, 1000.0),
        (0.0003, 0.001),
        (0.35, 0.5, 0.7),
        (1.0, 2.0, 3.0),
        ((4.0, 2.0),),
        (0.0, 3.0, 10.0),
    ):
        f1, count = _f1_and_count(
            [
                (ref, decode_stories(z, tags, matrices, constants, topics)[0])
                for z, tags, ref, matrices, topics in scored
            ]
        )
        if not best or f1 + count > best[0]:
            best = (f1 + count, constants, f1, count)
    return best[1:]


def _second_inputs(
    first: Trees, examples: list[_Example], guess: tuple[float, ...], cost: float = 0.0
) -> list[np.ndarray]:
    """Per dump, the second stage's inputs: the first stage's tag-blind log-odds and the
    split features under a first guess decoded with ``guess`` (threshold, short-story
    penalties) and the tag prior ``cost``."""
    rows = []
    for example in examples:
        view = example.view
        z = first.log_odds(example.x)
        prior = z.copy()
        prior[gaps_after_tags(view.tags, len(view.paragraphs))] -= cost
        guess_starts = decode_gaps(prior, view.tags, guess[0], (guess[1], guess[2]))
        rows.append(np.column_stack([z, split_features_from(example.matrices, guess_starts)]))
    return rows


def _scored(
    examples: list[_Example], first: Trees, second: Trees, guess: tuple, cost: float
) -> list[tuple]:
    """The second stage's scores of ``examples`` with the tag prior ``cost``, as the third
    stage tunes on them: (scores, tags, truth, matrices with the notes, tag topics)."""
    scored = []
    for example, x in zip(examples, _second_inputs(first, examples, guess, cost)):
        view = example.view
        scores = second.log_odds(x)
        scores[gaps_after_tags(view.tags, len(view.paragraphs))] -= cost
        # The third stage sees the notes' words too, as find_boundaries does.
        noted = with_notes(example.matrices, view.notes)
        scored.append((scores, view.tags, view.starts, noted, view.topics))
    return scored


def _starts_after_tags(examples: list[_Example]) -> str:
    """How many gaps right after a tag are story starts, as "k of n gaps"."""
    starts = gaps = 0
    for example in examples:
        after_tag = gaps_after_tags(example.view.tags, len(example.view.paragraphs))
        starts, gaps = starts + int(example.y[after_tag].sum()), gaps + len(after_tag)
    return f"{starts} of {gaps} gaps"


def _write(first: Trees, second: Trees, topics: TopicSpace, background: Background) -> str:
    """Write the models over the shipped files; says which, relative to the repository."""
    np.savez_compressed(MODEL_FILE, **first.arrays("first"), **second.arrays("second"))
    np.savez_compressed(TOPIC_FILE, **topics.arrays())
    np.savez_compressed(BACKGROUND_FILE, **background.arrays())
    root = MODEL_FILE.parents[2]
    written = (MODEL_FILE, TOPIC_FILE, BACKGROUND_FILE)
    return f"# Written: {', '.join(str(f.relative_to(root)) for f in written)}."


def _tune_third_stage(
    val: list[_Example], first: Trees, second: Trees, guess: tuple, report: Report
) -> JointConstants:
    """Tune the third stage on ``val`` with the tag prior as shipped, report its
    constants, then how other tag word weights and tag priors would do with them."""
    scored = _scored(val, first, second, guess, TAG_GAP_COST)
    constants, f1, count = _tune_joint(scored)
    mass, alpha, weight, threshold, short, tag_weight = constants
    report(f"# Third stage on the val dumps: F1 {f1:.3f}, right count {count:.3f}.")
    report(f"JOINT_MASS = {mass}")
    report(f"JOINT_ALPHA = {alpha}")
    report(f"JOINT_WEIGHT = {weight}")
    report(f"JOINT_THRESHOLD = {threshold}")
    report(f"JOINT_SHORT_PENALTY = {short}")
    report(f"JOINT_TAG_WEIGHT = {tag_weight}")
    report("# Tag words' weight on the val dumps (JOINT_TAG_WEIGHT: F1, right count):")
    for other in (0.0, 3.0, 10.0, 20.0):
        f1, count = _tune_joint(scored, [(*constants[:-1], other)])[1:]
        report(f"#   {other:3.0f}: {f1:.3f}, {count:.3f}")
    report("# Tag prior on the val dumps (TAG_GAP_COST: F1, right count):")
    for cost in (0.0, 2.0, 4.0, 8.0):
        f1, count = _tune_joint(_scored(val, first, second, guess, cost), [constants])[1:]
        report(f"#   {cost:3.0f}: {f1:.3f}, {count:.3f}")
    return constants


def refit(
    train_stories: pd.DataFrame,
    val_stories: pd.DataFrame,
    *,
    n_fit: int = 3000,
    n_tune: int = 1000,
    seed: int = 1000,
    adapt_stories: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
    write: bool = False,
    report: Report = print,
) -> Refitted:
    """Fit the topic space, the word counts and both stages' trees; tune decoding.

    Parameters
    ----------
    train_stories
        Stories with ``text`` and ``category`` columns, each text once and none that
        the val or test dumps hold, so that no story is on both sides of the halving nor
        in the dumps that tune or score the result.
    val_stories
        Stories of the same shape, for the dumps that tune the decoding constants.
    n_fit, n_tune
        Synthetic dumps to fit the trees on, and to tune on.
    seed
        Seeds the halving of ``train_stories`` and the dumps.
    adapt_stories
        Applied to the stories the dumps are made of (the trees' half and
        ``val_stories``), e.g. to cut off headlines a scraped dump would not have.
    write
        Write the models over the shipped ``.npz`` files (:mod:`toolkit.segment.models`).
    report
        Called with each line of the report: what was fitted on what, and the constants
        as lines to paste into :mod:`toolkit.segment.scores` (``_THRESHOLD``,
        ``_SHORT_PENALTY``) and :mod:`toolkit.segment.decode` (``JOINT_*``).

    Returns
    -------
    Refitted
    """
    order = np.random.default_rng((seed, 1)).permutation(len(train_stories))
    topic_half, tree_half = np.sort(order[: len(order) // 2]), np.sort(order[len(order) // 2 :])
    topics = fit_topics(train_stories["text"].astype(str).iloc[topic_half].tolist())
    # Only the third stage, tuned on val, uses the word counts: the whole split is fair.
    background = fit_background(train_stories["text"].astype(str).tolist())
    tree_stories = train_stories.iloc[tree_half]
    if adapt_stories is not None:
        tree_stories, val_stories = adapt_stories(tree_stories), adapt_stories(val_stories)
    train = _examples(tree_stories, n_fit, seed, topics, background)
    val = _examples(val_stories, n_tune, seed + 1, topics, background)

    y = np.concatenate([example.y for example in train])
    x1 = np.vstack([example.x for example in train])
    first = export_trees(_boosted_trees().fit(x1, y), x1[:_CHECK_ROWS])
    guess = _tune_first_guess([(first.log_odds(e.x), e.view.tags, e.view.starts) for e in val])
    x2 = np.vstack(_second_inputs(first, train, guess, TAG_GAP_COST))
    second = export_trees(_boosted_trees().fit(x2, y), x2[:_CHECK_ROWS])

    report(f"# Topic space: {len(topics.index)} words x {topics.vectors.shape[1]} dimensions from")
    report(f"# {len(topic_half)} stories of the train split; trees fitted on {len(y)} gaps")
    report(
        f"# ({int(y.sum())} story starts) of {len(train)} dumps of its other {len(tree_half)} stories"
    )
    report(
        f"# (seed {seed}); word counts of all {len(train_stories)} stories ({background.total} words);"
    )
    report(f"# decoding tuned on {len(val)} val dumps: first stage")
    report(f"# F1 {guess[3]:.3f}, right count {guess[4]:.2f}.")
    report(f"_THRESHOLD = {guess[0]:.2f}")
    report(f"_SHORT_PENALTY = ({guess[1]:.1f}, {guess[2]:.1f})")
    if write:
        report(_write(first, second, topics, background))
    # The tag prior is chosen by hand, not fitted (see the module's docstring). The
    # third stage is tuned with it, over the second stage's scores as
    # toolkit.segment.scores computes them; other costs are then tried with those
    # constants.
    report(f"# Story starts right after a tag in train: {_starts_after_tags(train)}.")
    joint = _tune_third_stage(val, first, second, guess, report)
    return Refitted(first, second, topics, background, (guess[0], guess[1:3]), joint)
