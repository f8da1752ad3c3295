"""Benchmark the sentiment methods against the NYT editorial sentences of the VADER paper.

Data: ``../shared/eval/vader/nyt_editorial_snippets.tsv`` (see ``../shared/eval/README.md``):
5,190 sentences from NYT opinion editorials, each rated by 20 people on -4..+4. Nothing here
is fitted to these ratings; the script only measures.

Metrics, one row per method:

- Pearson r and Spearman rho between the score and ``mean_rating``.
- 3-class macro F1 (positive / neutral / negative, averaged over the three classes). The
  predicted class uses VADER's convention, score > 0.05 positive and < -0.05 negative. The
  gold class uses the same convention on the rating mapped to the same [-1, 1] scale,
  ``mean_rating / 4``, i.e. ``mean_rating > 0.2`` positive and ``< -0.2`` negative. (The paper
  does not state its gold thresholds or how it averages F1 over classes; other choices change
  F1 but not r or rho, so compare F1 between rows rather than with the paper.)
- Sentences per second for ``score_sentences`` over the whole file, after one warm-up call so
  that loading the lexicons is not counted.

Published for comparison (Hutto & Gilbert, ICWSM 2014, Table 4): VADER r = 0.492, F1 = 0.55;
a single human rater r = 0.745.

Usage::

    python benchmarks/bench_sentiment.py [--tsv PATH] [--ablation]

``--ablation`` adds rows for ``news_vader`` with some of its changes switched off (see
``toolkit.measures.sentiment``). Below the table, the gain in r of the default method over VADER
comes with a 95% bootstrap interval that resamples whole editorials.
Exits 0 with a message when the data file is absent.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from toolkit.measures import sentiment

DEFAULT_TSV = ROOT.parent / "shared" / "eval" / "vader" / "nyt_editorial_snippets.tsv"
NEUTRAL = 0.05
RATING_SCALE = 4.0


def load(path: Path) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Return the sentence texts, their mean ratings and their editorial ids."""
    import pandas as pd

    frame = pd.read_csv(path, sep="\t", quoting=csv.QUOTE_NONE, dtype={"id": str, "text": str})
    texts = frame["text"].fillna("").astype(str).tolist()
    # Ids are "<editorial>_<sentence>".
    editorials = frame["id"].str.split("_").str[0].to_numpy()
    return texts, frame["mean_rating"].to_numpy(dtype=float), editorials


def classes(x: np.ndarray, threshold: float) -> np.ndarray:
    """-1, 0 or 1 by the symmetric neutral band ``[-threshold, threshold]``."""
    return np.where(x > threshold, 1, np.where(x < -threshold, -1, 0))


def macro_f1(gold: np.ndarray, pred: np.ndarray) -> float:
    """Unweighted mean of the per-class F1 over the classes -1, 0 and 1."""
    f1s = []
    for c in (-1, 0, 1):
        tp = np.sum((pred == c) & (gold == c))
        fp = np.sum((pred == c) & (gold != c))
        fn = np.sum((pred != c) & (gold == c))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0)
    return float(np.mean(f1s))


def evaluate(scores: np.ndarray, ratings: np.ndarray) -> tuple[float, float, float]:
    """Pearson r, Spearman rho and 3-class macro F1 of ``scores`` against ``ratings``."""
    from scipy.stats import pearsonr, spearmanr

    gold = classes(ratings / RATING_SCALE, NEUTRAL)
    pred = classes(scores, NEUTRAL)
    return (
        float(pearsonr(scores, ratings)[0]),
        float(spearmanr(scores, ratings)[0]),
        macro_f1(gold, pred),
    )


def timed(score, texts: list[str]) -> tuple[np.ndarray, float]:
    """Scores and sentences per second, after a one-sentence warm-up."""
    score(texts[:1])
    start = time.perf_counter()
    scores = np.asarray(score(texts), dtype=float)
    return scores, len(texts) / (time.perf_counter() - start)


def ablation_rows() -> list[tuple[str, object]]:
    """``news_vader`` with one or more of its three changes switched off."""
    steps = [
        ("news_vader, names only", {"like": False, "inflections": False}),
        ("news_vader, 'like' only", {"names": False, "inflections": False}),
        ("news_vader, -ed/-ing only", {"names": False, "like": False}),
        ("news_vader without -ed/-ing", {"inflections": False}),
    ]
    rows = []
    for label, switches in steps:
        analyzer = sentiment.news_analyzer(**switches)

        def score(texts, analyzer=analyzer):
            return [analyzer.polarity_scores(t)["compound"] if t else 0.0 for t in texts]

        rows.append((label, score))
    return rows


def bootstrap_gain(
    a: np.ndarray, b: np.ndarray, ratings: np.ndarray, groups: np.ndarray, n: int = 2000
) -> tuple[float, float]:
    """95% interval of r(a) - r(b), resampling whole editorials (sentences of one are alike)."""
    rng = np.random.default_rng(0)
    labels, index = np.unique(groups, return_inverse=True)
    members = [np.flatnonzero(index == k) for k in range(labels.size)]
    gains = []
    for _ in range(n):
        take = np.concatenate([members[k] for k in rng.integers(0, labels.size, labels.size)])
        y = ratings[take]
        gains.append(np.corrcoef(a[take], y)[0, 1] - np.corrcoef(b[take], y)[0, 1])
    low, high = np.percentile(gains, [2.5, 97.5])
    return float(low), float(high)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tsv", type=Path, default=DEFAULT_TSV, help="ratings file")
    parser.add_argument("--ablation", action="store_true", help="add news_vader's steps")
    args = parser.parse_args(argv)
    if not args.tsv.is_file():
        print(f"skipped: {args.tsv} not found (see ../shared/eval/README.md)")
        return 0

    texts, ratings, groups = load(args.tsv)
    rows = [
        (method, lambda t, m=method: sentiment.score_sentences(t, method=m))
        for method in sentiment.METHODS
    ]
    if args.ablation:
        rows += ablation_rows()

    print(f"{len(texts)} sentences from {args.tsv.name}; gold classes: |mean_rating| > 0.2\n")
    print("| method | Pearson r | Spearman rho | 3-class macro F1 | sentences/s |")
    print("|---|---:|---:|---:|---:|")
    all_scores = {}
    for name, score in rows:
        scores, speed = timed(score, texts)
        all_scores[name] = scores
        r, rho, f1 = evaluate(scores, ratings)
        print(f"| {name} | {r:.3f} | {rho:.3f} | {f1:.3f} | {speed:,.0f} |")
    print("| *published VADER (Hutto & Gilbert 2014)* | 0.492 | | 0.55 | |")
    print("| *published single human rater* | 0.745 | | | |")

    best, plain = all_scores[sentiment.DEFAULT_METHOD], all_scores["vader"]
    gain = np.corrcoef(best, ratings)[0, 1] - np.corrcoef(plain, ratings)[0, 1]
    low, high = bootstrap_gain(best, plain, ratings, groups)
    print(
        f"\nPearson r, {sentiment.DEFAULT_METHOD} minus vader: {gain:+.3f} "
        f"(95% interval {low:+.3f} to {high:+.3f}, bootstrap over {np.unique(groups).size} "
        "editorials)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
