"""Benchmark story segmentation on synthetic dumps built from held-out BBC stories.

Usage::

    python benchmarks/bench_segment.py [--n 1000] [--split test] [--seed 0]
                                       [--level auto|paragraph|line] [--speed-mb 2]
                                       [--headlines keep|drop|mix]
    python benchmarks/bench_segment.py --refit [--n-fit 3000] [--dry-run] [--headlines ...]

Dumps come from :func:`toolkit.load.synth.sample_dumps` (3-8 stories, neighbours often of
one category, furniture, "More on X" tags, mid-article starts, a cut-short last story).
Prints a markdown table: Pk, WindowDiff, exact-boundary precision/recall/F1 (micro over
all dumps), share of dumps with the right story count, share of tagged stories whose
topic lands on the right story (matched by overlap), how often cuts are wrong by their
margin (``cut_margin``), and speed.

``--headlines drop`` cuts off the headline the corpus glues to each lede (a scraped dump
has none; see ``bbc.split_headline``) before the dumps are made, ``mix`` half of them.

``--level paragraph`` segments the generator's body paragraphs directly;
``--level line`` writes each dump to a file and reads it back with
``toolkit.load_dump``, which is what users see (story starts compared in lines);
``auto`` (default) does both. The seed dump in ``/work/shared/seeds`` (or ``seeds/``) is
segmented too and its story starts printed.

``--refit`` runs :func:`toolkit.segment.training.refit` on the BBC corpus: it fits the
topic space on half the train split's stories and the two boosted tree ensembles on
dumps of the other half, counts content words over the whole split, and writes them to
``toolkit/segment/segment_topics.npz``, ``toolkit/segment/segment_model.npz`` and
``toolkit/segment/segment_background.npz`` (``--dry-run``: not), tunes the decoding
constants (the first guess's and the joint third stage's) on the val split and prints
them to paste into ``toolkit/segment/scores.py`` and ``toolkit/segment/decode.py``; the
test split stays unseen. It also prints how the val scores move with the weight of the
tags' words (``JOINT_TAG_WEIGHT``, one of the tuned constants) and with the hand-set tag
prior ``TAG_GAP_COST``, which it does not fit. Exits 0 with a message when the corpus is
absent.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from itertools import pairwise
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from toolkit import segment
from toolkit.load import body_and_tags, classify_lines, furniture_notes, synth, tag_topic
from toolkit.segment import training

sys.path.insert(0, str(ROOT / "benchmarks"))
from bbc import without_headlines

BBC = ROOT.parent / "shared" / "corpora" / "bbc"
SEEDS = [ROOT.parent / "shared" / "seeds", ROOT / "seeds"]
SEED_FILE = "000_17ce1404ae1f217e.txt"


class View(training.LabelledView):
    """A dump as :func:`toolkit.segment.find_boundaries` takes it, with the truth."""

    __slots__ = ()

    def find(self) -> list[int]:
        return segment.find_boundaries(self.paragraphs, self.tags, self.topics, self.notes)


def paragraph_view(dump: synth.LabelledDump) -> View:
    """Body paragraphs, tag gap positions, true story starts (paragraph indices), the
    tags' topics and the notes (video titles, captions), from the generator's line kinds
    (see :func:`toolkit.segment.training.labelled_view`)."""
    return View(*training.labelled_view(dump))


def _spans(starts: list[int], n: int) -> list[tuple[int, int]]:
    return list(pairwise([*starts, n]))


def topic_hits(
    truth_spans: list[tuple[int, int]],
    truth_topics: list[str | None],
    hyp_spans: list[tuple[int, int]],
    hyp_topics: list[str | None],
) -> tuple[int, int]:
    """(right, tagged): a tagged truth story is right when the predicted story overlapping
    it most carries its topic."""
    right = tagged = 0
    for (a, b), topic in zip(truth_spans, truth_topics):
        if topic is None:
            continue
        tagged += 1
        overlaps = [max(0, min(b, d) - max(a, c)) for c, d in hyp_spans]
        right += hyp_topics[int(np.argmax(overlaps))] == topic
    return right, tagged


Result = tuple[list[int], list[int], int, tuple[int, int], int, float]


def _paragraph_result(dump: synth.LabelledDump) -> Result:
    """Truth and found starts in paragraphs, units, topic hits, bytes, seconds."""
    view = paragraph_view(dump)
    paragraphs, tags, ref, tag_topics, _ = view
    started = time.process_time()
    hyp = view.find()
    elapsed = time.process_time() - started
    n = len(paragraphs)
    hyp_spans = _spans(hyp, n)
    # A found story gets the topic of the tag it holds (a tag before paragraph 0 counts
    # as after it), as the loader does.
    hyp_topics = [
        next((x for t, x in zip(tags, tag_topics) if c < max(t, 1) <= d), None)
        for c, d in hyp_spans
    ]
    truth_topics = [None if pd.isna(t) else t for t in dump.truth["topic"]]
    hits = topic_hits(_spans(ref, n), truth_topics, hyp_spans, hyp_topics)
    size = sum(len(p.encode()) + 1 for p in paragraphs)
    return ref, hyp, n, hits, size, elapsed


def _line_result(
    dump: synth.LabelledDump, load_dump: Callable[[list[Path]], pd.DataFrame], folder: Path
) -> Result:
    """Like _paragraph_result, in lines, through ``load_dump`` on a written file."""
    path = folder / "dump.txt"
    path.write_text("\n".join(dump.lines) + "\n", encoding="utf-8")
    started = time.process_time()
    stories = load_dump([path]).sort_values("start_line")
    elapsed = time.process_time() - started
    n = len(dump.lines)
    ref = [int(s) - 1 for s in dump.truth["start_line"]]
    hyp = [int(s) - 1 for s in stories["start_line"]]
    truth_topics = [None if pd.isna(t) else t for t in dump.truth["topic"]]
    hyp_topics = [None if pd.isna(t) else t for t in stories["topic"]]
    hits = topic_hits(_spans(ref, n), truth_topics, _spans(hyp, n), hyp_topics)
    return ref, hyp, n, hits, path.stat().st_size, elapsed


def evaluate(
    dumps: list[synth.LabelledDump], level: str, counts: list[bool] | None = None
) -> dict[str, float]:
    """Scores of the segmenter (``paragraph``) or of ``load_dump`` (``line``) on ``dumps``;
    whether each dump's story count is right is appended to ``counts`` when given."""
    pks, wds = [], []
    tp = fp = fn = right_count = right_topics = tagged = 0
    size = elapsed = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        if level == "line":
            from toolkit.segment import load_dump
        for dump in dumps:
            if level == "line":
                ref, hyp, n, hits, nbytes, secs = _line_result(dump, load_dump, Path(tmp))
            else:
                ref, hyp, n, hits, nbytes, secs = _paragraph_result(dump)
            pks.append(segment.pk(ref, hyp, n))
            wds.append(segment.window_diff(ref, hyp, n))
            r, h = set(ref) - {0}, set(hyp) - {0}
            tp, fp, fn = tp + len(r & h), fp + len(h - r), fn + len(r - h)
            right_count += len(r) == len(h)
            if counts is not None:
                counts.append(len(r) == len(h))
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


def _run_together(dumps: list[synth.LabelledDump]) -> View:
    """The views of ``dumps`` run together as one dump."""
    whole = View([], [], [], [], [])
    for dump in dumps:
        view = paragraph_view(dump)
        offset = len(whole.paragraphs)
        whole.tags.extend(offset + t for t in view.tags)
        whole.starts.extend(offset + s for s in view.starts)
        whole.topics.extend(view.topics)
        whole.notes.extend((offset + i, note) for i, note in view.notes)
        whole.paragraphs.extend(view.paragraphs)
    return whole


def _speed(dumps: list[synth.LabelledDump], megabytes: float) -> tuple[float, float]:
    """(MB, MB/s) segmenting one long dump of the given dumps, cycled to ``megabytes``."""
    chosen, size = [], 0
    for dump in itertools.cycle(dumps):
        if size >= megabytes * 1e6:
            break
        chosen.append(dump)
        size += sum(len(line.encode()) + 1 for line in dump.lines)
    whole = _run_together(chosen)
    megabytes = sum(len(p.encode()) + 1 for p in whole.paragraphs) / 1e6
    started = time.process_time()
    whole.find()
    return megabytes, megabytes / (time.process_time() - started)


def _count_breakdown(dumps: list[synth.LabelledDump], counts: list[bool]) -> str:
    """The share of right story counts with its 95% Wilson interval, and by how many of
    a dump's stories carry no tag (tags force a cut between their stories; untagged
    neighbours have only cohesion to go on)."""

    def share(right: list[bool]) -> str:
        n, k, z = len(right), sum(right), 1.96
        centre = (k + z * z / 2) / (n + z * z)
        half = z * np.sqrt(k * (n - k) / n + z * z / 4) / (n + z * z)
        return f"{k / n:.1%} ({centre - half:.1%}-{centre + half:.1%}, n={n})"

    untagged = [min(int(dump.truth["topic"].isna().sum()), 3) for dump in dumps]
    by = {u: [c for c, v in zip(counts, untagged) if v == u] for u in sorted(set(untagged))}
    parts = ", ".join(f"{'3+' if u == 3 else u}: {share(right)}" for u, right in by.items())
    return f"Right story count {share(counts)}; by untagged stories in the dump: {parts}"


def _long_dump(dumps: list[synth.LabelledDump]) -> str:
    """One line on segmenting all ``dumps`` run together as one long dump, as when a user
    concatenates many pages: the story count and boundary scores should hold."""
    whole = _run_together(dumps)
    paragraphs, starts = whole.paragraphs, whole.starts
    found = whole.find()
    p, r, f1 = segment.boundary_prf(starts, found)
    return (
        f"All {len(dumps)} dumps as one ({len(paragraphs)} paragraphs): {len(found)} stories "
        f"found of {len(starts)}; boundary P {p:.3f}, R {r:.3f}, F1 {f1:.3f}, "
        f"Pk {segment.pk(starts, found, len(paragraphs)):.3f}"
    )


_MARGIN_BANDS = (0.0, 1.0, 2.0, 4.0, 8.0, np.inf)


def _in_band(size: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Which margin sizes fall in ``(lo, hi]``; a margin of exactly 0 (a tie, or a cut
    forced by length) falls in the first band."""
    return ((size >= lo) if lo == 0 else (size > lo)) & (size <= hi)


def _margin_report(dumps: list[synth.LabelledDump], check: float = 4.0) -> str:
    """How far the cut margins (the ``cut_margin`` of ``load_dump`` and ``dump_lines``)
    tell a right decision from a wrong one: per band of margin, the share of the cuts
    made that are wrong and of the cuts weighed but not made that are true starts; what
    checking every decision within ``check`` of zero would find."""
    made, weighed = [], []
    count_right, confident = [], []
    missed_unweighed = 0
    for dump in dumps:
        view = paragraph_view(dump)
        if len(view.paragraphs) < 2:
            continue
        hyp, margins = segment.segment_paragraphs(
            view.paragraphs, view.tags, view.topics, view.notes, margins=True
        )
        truth = set(view.starts)
        for p in np.flatnonzero(~np.isnan(margins)):
            (made if p in hyp else weighed).append((margins[p], p in truth))
        missed_unweighed += sum(1 for p in truth - {0} if np.isnan(margins[p]))
        count_right.append(len(hyp) == len(view.starts))
        confident.append(bool(np.all(np.abs(margins[~np.isnan(margins)]) >= check)))
    cut, not_cut = np.array(made), np.array(weighed)
    lines = [
        "Cut margins (paragraph level):",
        "",
        "| \\|margin\\| | cuts made | of them wrong | cuts weighed, not made | of them true starts |",
        "|---|---:|---:|---:|---:|",
    ]
    for lo, hi in itertools.pairwise(_MARGIN_BANDS):
        a = cut[_in_band(cut[:, 0], lo, hi)]
        b = not_cut[_in_band(-not_cut[:, 0], lo, hi)]
        band = f"{lo:g}-{hi:g}" if np.isfinite(hi) else f"over {lo:g}"
        wrong_share = 1 - a[:, 1].mean() if len(a) else 0.0
        true_share = b[:, 1].mean() if len(b) else 0.0
        lines.append(f"| {band} | {len(a)} | {wrong_share:.1%} | {len(b)} | {true_share:.1%} |")
    wrong = cut[:, 1] == 0
    near_cut, near_not = np.abs(cut[:, 0]) < check, np.abs(not_cut[:, 0]) < check
    missed = int(not_cut[:, 1].sum()) + missed_unweighed
    confident_a, right_a = np.array(confident), np.array(count_right)
    close = (
        f"Checking the {int(near_cut.sum() + near_not.sum())} decisions within {check:g} of"
        f" zero ({(near_cut.sum() + near_not.sum()) / len(count_right):.2f} per dump) finds"
        f" {int((near_cut & wrong).sum())} of the {int(wrong.sum())} wrong cuts and"
        f" {int(not_cut[near_not, 1].sum())} of the {missed} missed starts"
        f" ({missed_unweighed} of them never weighed). Dumps with no decision that close:"
        f" {confident_a.mean():.0%}, count right in {right_a[confident_a].mean():.1%}"
        f" (others {right_a[~confident_a].mean():.1%})."
    )
    return "\n".join([*lines, "", close])


def _seed_check() -> None:
    for folder in SEEDS:
        path = folder / SEED_FILE
        if path.exists():
            break
    else:
        return
    lines = path.read_text(encoding="utf-8").splitlines()
    # The loader's line kinds, and the paragraphs, tags and notes it would hand on.
    kinds = classify_lines(lines)
    body, tags = body_and_tags(kinds)
    topics = [tag_topic(line) for line, kind in zip(lines, kinds) if kind == "topic_tag"]
    notes = furniture_notes(lines, kinds)
    starts = segment.find_boundaries([lines[i] for i in body], tags, topics, notes)
    body_lines = [i + 1 for i in body]
    print(
        f"\nSeed {SEED_FILE}: stories start at lines {[body_lines[s] for s in starts]} "
        "(truth: [1, 31, 58, 87])"
    )


def _read(split: str, headlines: str) -> pd.DataFrame:
    """A split of the corpus, its headlines kept or cut off (``"drop"``)."""
    frame = pd.read_csv(BBC / f"{split}.csv")
    if headlines == "keep":
        return frame
    return without_headlines(frame, 0.5 if headlines == "mix" else 1.0)


def _refit(n_fit: int, n_tune: int, seed: int, write: bool, headlines: str = "keep") -> None:
    """:func:`toolkit.segment.training.refit` on the BBC corpus: fit on the train split,
    tune on val, print the constants (and write the models when ``write``).

    The corpus repeats some texts, within the train split and across splits: the train
    stories keep one copy, and none that val or test also hold, so that no story is on
    both sides of the halving nor in the dumps that tune or score the result.
    """
    held_out = pd.concat([pd.read_csv(BBC / f"{split}.csv") for split in ("val", "test")])
    corpus = pd.read_csv(BBC / "train.csv").drop_duplicates("text")
    corpus = corpus[~corpus["text"].isin(held_out["text"])].reset_index(drop=True)
    adapt = None
    if headlines != "keep":
        adapt = partial(without_headlines, share=0.5 if headlines == "mix" else 1.0)
    training.refit(
        corpus,
        pd.read_csv(BBC / "val.csv"),
        n_fit=n_fit,
        n_tune=n_tune,
        seed=seed,
        adapt_stories=adapt,
        write=write,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="dumps to evaluate (or tune) on")
    parser.add_argument("--split", default="test", choices=["test", "val", "train"])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--level", default="auto", choices=["auto", "paragraph", "line"])
    parser.add_argument("--speed-mb", type=float, default=2.0, help="size of the speed dump")
    parser.add_argument(
        "--refit",
        action="store_true",
        help="refit the topic space, word counts and trees, write them, print constants",
    )
    parser.add_argument("--n-fit", type=int, default=3000, help="train dumps for --refit")
    parser.add_argument(
        "--dry-run", action="store_true", help="with --refit: print, do not write the models"
    )
    parser.add_argument(
        "--headlines",
        default="keep",
        choices=["keep", "drop", "mix"],
        help="keep the corpus's headlines glued to each lede, cut them off as a dump has none,"
        " or cut half of them",
    )
    args = parser.parse_args(argv)
    if not (BBC / "train.csv").exists():
        print(f"BBC corpus not found under {BBC}; nothing to do.")
        return 0
    if args.refit:
        _refit(args.n_fit, args.n, args.seed + 1000, not args.dry_run, args.headlines)
        return 0
    levels = ["paragraph", "line"] if args.level == "auto" else [args.level]
    corpus = _read(args.split, args.headlines)
    dumps = synth.sample_dumps(corpus, args.n, rng=args.seed)
    kb = np.mean([sum(len(line.encode()) + 1 for line in d.lines) for d in dumps]) / 1e3
    print(
        f"{args.n} dumps ({kb:.0f} KB each on average) from the BBC {args.split} split, "
        f"seed {args.seed}, headlines: {args.headlines}\n"
    )
    counts: list[bool] = []
    rows = {
        level: evaluate(dumps, level, counts if level == levels[0] else None) for level in levels
    }
    names = list(next(iter(rows.values())))
    print("| level | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    for level, result in rows.items():
        cells = [f"{v:.1f}" if k == "MB/s" else f"{v:.3f}" for k, v in result.items()]
        print(f"| {level} | " + " | ".join(cells) + " |")
    print("\nMB/s is CPU time per dump: of find_boundaries at paragraph level, of the whole")
    print("load_dump (reading, repair, line kinds, segmentation) at line level.")
    print(f"At {levels[0]} level: " + _count_breakdown(dumps, counts))
    print(_long_dump(dumps))
    print(_margin_report(dumps))
    mb, speed = _speed(dumps, args.speed_mb)
    print(f"find_boundaries on one {mb:.1f} MB dump: {speed:.1f} MB/s (CPU time)")
    _seed_check()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
