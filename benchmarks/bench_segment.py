"""Benchmark story segmentation on synthetic dumps built from held-out BBC stories.

Usage::

    python benchmarks/bench_segment.py [--n 200] [--split test] [--seed 0]
                                       [--level auto|paragraph|line] [--speed-mb 2]
    python benchmarks/bench_segment.py --refit [--n-fit 600]

Dumps come from :func:`toolkit.synth.sample_dumps` (3-8 stories, neighbours often of
one category, furniture, "More on X" tags, mid-article starts, a cut-short last story).
Prints a markdown table: Pk, WindowDiff, exact-boundary precision/recall/F1 (micro over
all dumps), share of dumps with the right story count, share of tagged stories whose
topic lands on the right story (matched by overlap), and speed.

``--level paragraph`` segments the generator's body paragraphs directly;
``--level line`` writes each dump to a file and reads it back with
``toolkit.load.load_dump``, which is what users see; ``auto`` (default) does the latter
when ``toolkit.load`` has ``load_dump``. The seed dump in ``/work/shared/seeds`` (or
``seeds/``) is segmented too and its story starts printed.

``--refit`` fits the logistic weights of :mod:`toolkit.segment` on dumps from the train
split, tunes the decoding constants on the val split, and prints the constants to paste
into ``toolkit/segment.py``; the test split stays unseen. Exits 0 with a message when the
corpus is absent.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from toolkit import segment, synth  # noqa: E402

BBC = ROOT.parent / "shared" / "corpora" / "bbc"
SEEDS = [ROOT.parent / "shared" / "seeds", ROOT / "seeds"]
SEED_FILE = "000_17ce1404ae1f217e.txt"


def paragraph_view(dump: synth.LabelledDump) -> tuple[list[str], list[int], list[int]]:
    """Body paragraphs, tag gap positions and true story starts (paragraph indices)."""
    paragraphs: list[str] = []
    tags: list[int] = []
    for line, kind in zip(dump.lines, dump.kinds):
        if kind == "body":
            paragraphs.append(line)
        elif kind == "topic_tag":
            tags.append(len(paragraphs))
    starts = np.concatenate([[0], np.cumsum(dump.truth["n_paragraphs"].to_numpy())[:-1]])
    return paragraphs, tags, [int(s) for s in starts]


def _spans(starts: list[int], n: int) -> list[tuple[int, int]]:
    bounds = list(starts) + [n]
    return list(zip(bounds[:-1], bounds[1:]))


def topic_hits(truth_spans, truth_topics, hyp_spans, hyp_topics) -> tuple[int, int]:
    """(right, tagged): a tagged truth story is right when the predicted story overlapping it
    most carries its topic."""
    right = tagged = 0
    for (a, b), topic in zip(truth_spans, truth_topics):
        if topic is None:
            continue
        tagged += 1
        overlaps = [max(0, min(b, d) - max(a, c)) for c, d in hyp_spans]
        best = int(np.argmax(overlaps))
        right += hyp_topics[best] == topic
    return right, tagged


def _paragraph_result(dump: synth.LabelledDump) -> tuple[list[int], list[int], int, tuple[int, int], int, float]:
    paragraphs, tags, ref = paragraph_view(dump)
    started = time.perf_counter()
    hyp = segment.find_boundaries(paragraphs, tags)
    elapsed = time.perf_counter() - started
    n = len(paragraphs)
    ref_spans, hyp_spans = _spans(ref, n), _spans(hyp, n)
    truth_topics = [None if pd.isna(t) else t for t in dump.truth["topic"]]
    tag_topics = [truth_topics[i] for i, (a, b) in enumerate(ref_spans) for t in tags
                  if a < max(t, 1) <= b]
    hyp_topics: list[str | None] = []
    for c, d in hyp_spans:
        inside = [i for i, t in enumerate(tags) if c < max(t, 1) <= d]
        hyp_topics.append(tag_topics[inside[0]] if inside else None)
    hits = topic_hits(ref_spans, truth_topics, hyp_spans, hyp_topics)
    size = sum(len(p.encode()) + 1 for p in paragraphs)
    return ref, hyp, n, hits, size, elapsed


def _line_result(dump: synth.LabelledDump, load_dump, folder: Path, i: int):
    path = folder / f"dump_{i:04d}.txt"
    path.write_text("\n".join(dump.lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    stories = load_dump([path])
    elapsed = time.perf_counter() - started
    n = len(dump.lines)
    ref = [int(s) - 1 for s in dump.truth["start_line"]]
    hyp = sorted(int(s) - 1 for s in stories["start_line"])
    truth_topics = [None if pd.isna(t) else t for t in dump.truth["topic"]]
    hyp_topics = [None if pd.isna(t) else t for t in stories.sort_values("start_line")["topic"]]
    hits = topic_hits(_spans(ref, n), truth_topics, _spans(hyp, n), hyp_topics)
    return ref, hyp, n, hits, path.stat().st_size, elapsed


def evaluate(dumps: list[synth.LabelledDump], level: str) -> dict[str, float]:
    """Scores of the segmenter (``paragraph``) or of ``load_dump`` (``line``) on ``dumps``."""
    pks, wds = [], []
    tp = fp = fn = right_count = right_topics = tagged = 0
    size = elapsed = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        if level == "line":
            from toolkit.load import load_dump
        for i, dump in enumerate(dumps):
            if level == "line":
                ref, hyp, n, hits, nbytes, secs = _line_result(dump, load_dump, Path(tmp), i)
            else:
                ref, hyp, n, hits, nbytes, secs = _paragraph_result(dump)
            pks.append(segment.pk(ref, hyp, n))
            wds.append(segment.window_diff(ref, hyp, n))
            r, h = set(ref) - {0}, set(hyp) - {0}
            tp, fp, fn = tp + len(r & h), fp + len(h - r), fn + len(r - h)
            right_count += len(r) == len(h)
            right_topics, tagged = right_topics + hits[0], tagged + hits[1]
            size, elapsed = size + nbytes, elapsed + secs
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {
        "Pk": float(np.mean(pks)),
        "WindowDiff": float(np.mean(wds)),
        "P": precision,
        "R": recall,
        "F1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "count right": right_count / len(dumps),
        "topic right": right_topics / tagged if tagged else 1.0,
        "MB/s": size / 1e6 / elapsed if elapsed else float("inf"),
    }


def _speed(dumps: list[synth.LabelledDump], megabytes: float) -> tuple[float, float]:
    """(MB, MB/s) segmenting one long dump made of the given dumps' paragraphs, repeated."""
    paragraphs: list[str] = []
    tags: list[int] = []
    size = 0
    while size < megabytes * 1e6:
        for dump in dumps:
            body, dump_tags, _ = paragraph_view(dump)
            tags.extend(len(paragraphs) + t for t in dump_tags)
            paragraphs.extend(body)
            size += sum(len(p.encode()) + 1 for p in body)
            if size >= megabytes * 1e6:
                break
    started = time.perf_counter()
    segment.find_boundaries(paragraphs, sorted(set(tags)))
    return size / 1e6, size / 1e6 / (time.perf_counter() - started)


def _seed_check() -> None:
    for folder in SEEDS:
        path = folder / SEED_FILE
        if path.exists():
            break
    else:
        return
    lines = path.read_text(encoding="utf-8").splitlines()
    body_lines: list[int] = []
    tags: list[int] = []
    in_video = 0
    for number, line in enumerate(lines, 1):
        # Minimal furniture filter for the seed's own shapes; the loader does this properly.
        if line.startswith("Please use Chrome browser"):
            in_video = 2
        elif in_video:
            in_video -= 1
        elif line.startswith("More on "):
            tags.append(len(body_lines))
        elif line.startswith(("Related Topics", "Image: ")) or not line.strip():
            continue
        else:
            body_lines.append(number)
    starts = segment.find_boundaries([lines[i - 1] for i in body_lines], tags)
    print(f"\nSeed {SEED_FILE}: stories start at lines {[body_lines[s] for s in starts]} "
          "(truth: [1, 31, 58, 87])")


def _fit(n_fit: int, n_tune: int, seed: int) -> None:
    from sklearn.linear_model import LogisticRegression

    train = pd.read_csv(BBC / "train.csv")
    val = pd.read_csv(BBC / "val.csv")
    x_parts, y_parts = [], []
    for dump in synth.sample_dumps(train, n_fit, rng=seed):
        paragraphs, _, starts = paragraph_view(dump)
        if len(paragraphs) < 2:
            continue
        x_parts.append(segment.gap_features(paragraphs))
        y = np.zeros(len(paragraphs) - 1)
        y[np.array(starts[1:], dtype=int) - 1] = 1
        y_parts.append(y)
    x, y = np.vstack(x_parts), np.concatenate(y_parts)
    model = LogisticRegression(C=1.0, max_iter=5000).fit(x, y)
    segment._WEIGHTS = model.coef_[0]
    segment._INTERCEPT = float(model.intercept_[0])

    tune = synth.sample_dumps(val, n_tune, rng=seed + 1)
    views = [paragraph_view(d) for d in tune]
    scored = [(segment.gap_scores(p), t, s) for p, t, s in views if len(p) > 1]
    best = None
    for threshold in np.arange(-2.0, 2.01, 0.25):
        for short1 in (0.0, 1.0, 2.0, 4.0, 8.0):
            for short2 in (0.0, 1.0, 2.0, 4.0):
                tp = fp = fn = count = 0
                for scores, tags, ref in scored:
                    hyp = segment._decode(scores, tags, threshold, (short1, short2))
                    r, h = set(ref) - {0}, set(hyp) - {0}
                    tp, fp, fn = tp + len(r & h), fp + len(h - r), fn + len(r - h)
                    count += len(r) == len(h)
                f1 = 2 * tp / (2 * tp + fp + fn)
                objective = f1 + count / len(scored)
                if best is None or objective > best[0]:
                    best = (objective, threshold, short1, short2, f1, count / len(scored))
    _, threshold, short1, short2, f1, count = best
    print(f"# fitted on {len(y)} gaps ({int(y.sum())} boundaries) from {n_fit} train dumps; "
          f"decoding tuned on {n_tune} val dumps (F1 {f1:.3f}, count right {count:.2f})")
    weights = ", ".join(f"{w:.4f}" for w in model.coef_[0])
    print(f"_WEIGHTS = np.array([{weights}])")
    print(f"_INTERCEPT = {model.intercept_[0]:.4f}")
    print(f"_THRESHOLD = {threshold:.2f}")
    print(f"_SHORT_PENALTY = ({short1:.1f}, {short2:.1f})")
    for name, w in zip(segment.FEATURE_NAMES, model.coef_[0]):
        print(f"#   {name:18s} {w:+.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=200, help="dumps to evaluate on")
    parser.add_argument("--split", default="test", choices=["test", "val", "train"])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--level", default="auto", choices=["auto", "paragraph", "line"])
    parser.add_argument("--speed-mb", type=float, default=2.0, help="size of the speed dump")
    parser.add_argument("--refit", action="store_true", help="refit weights and print them")
    parser.add_argument("--n-fit", type=int, default=600, help="train dumps for --refit")
    args = parser.parse_args(argv)
    if not (BBC / "train.csv").exists():
        print(f"BBC corpus not found under {BBC}; nothing to do.")
        return 0
    if args.refit:
        _fit(args.n_fit, args.n, args.seed + 1000)
        return 0
    level = args.level
    if level == "auto":
        try:
            from toolkit.load import load_dump  # noqa: F401
            level = "line"
        except ImportError:
            level = "paragraph"
    corpus = pd.read_csv(BBC / f"{args.split}.csv")
    dumps = synth.sample_dumps(corpus, args.n, rng=args.seed)
    result = evaluate(dumps, level)
    mb, speed = _speed(dumps, args.speed_mb)
    print(f"{args.n} dumps from the BBC {args.split} split, seed {args.seed}, {level} level\n")
    print("| " + " | ".join(result) + " |")
    print("|" + "---|" * len(result))
    print("| " + " | ".join(f"{v:.3f}" if k != "MB/s" else f"{v:.1f}" for k, v in result.items()) + " |")
    print(f"\nSegmenting one {mb:.1f} MB dump: {speed:.1f} MB/s")
    _seed_check()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
