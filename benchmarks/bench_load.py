"""Loader speed and memory: MB/s of load_dump on a ~10 MB dump generated from BBC stories.

    python benchmarks/bench_load.py [--mb 10] [--repeat 3]

The dump is built with toolkit.load.synth from the shared BBC corpus (never copied into the
repo), written to a temporary file, and loaded in fresh processes so that peak RSS is the
loader's own; the fastest of ``--repeat`` runs is reported.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _measure(path: str) -> dict:
    import toolkit

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t = time.perf_counter()
    stories = toolkit.load_dump(path)
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    lines = toolkit.dump_lines(path)
    lines_s = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"load_s": load_s, "lines_s": lines_s, "stories": len(stories), "lines": len(lines),
            "rss_before_mb": before, "rss_peak_mb": peak}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0)
    parser.add_argument(
        "--repeat", type=int, default=3, help="fresh processes to time; the fastest counts"
    )
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.measure:
        print(json.dumps(_measure(args.measure)))
        return 0
    sys.path.insert(0, str(HERE))
    import pandas as pd
    from bbc import BBC

    from toolkit.load.synth import sample_dumps

    if not (BBC / "train.csv").exists():
        print("BBC corpus not found under ../shared/corpora/bbc; nothing to measure")
        return 0
    corpus = pd.concat(
        [pd.read_csv(BBC / f"{s}.csv") for s in ("train", "val", "test")], ignore_index=True
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.txt"
        size = 0
        seed = 0
        with open(path, "w", encoding="utf-8") as fh:
            while size < args.mb * 1e6:
                for dump in sample_dumps(corpus, 50, rng=seed):
                    blob = "\n".join(dump.lines) + "\n"
                    fh.write(blob)
                    size += len(blob.encode("utf-8"))
                seed += 1
        runs = []
        for _ in range(args.repeat):
            out = subprocess.run([sys.executable, __file__, "--measure", str(path)], check=True,
                                 capture_output=True, text=True).stdout  # fmt: skip
            runs.append(json.loads(out.strip().splitlines()[-1]))
        # Shared machines add noise that only ever slows a run down: the fastest is the
        # best estimate of the code's own speed (as timeit reports). Memory is the worst.
        r = dict(min(runs, key=lambda run: run["load_s"]))
        r["lines_s"] = min(run["lines_s"] for run in runs)
        worst = max(runs, key=lambda run: run["rss_peak_mb"])
        r["rss_peak_mb"], r["rss_before_mb"] = worst["rss_peak_mb"], worst["rss_before_mb"]
    mb = size / 1e6
    print(
        "| dump MB | stories | lines | load_dump s | MB/s | dump_lines s | peak RSS MB (import baseline) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {mb:.1f} | {r['stories']} | {r['lines']} | {r['load_s']:.2f} | {mb / r['load_s']:.1f} | "
          f"{r['lines_s']:.2f} | {r['rss_peak_mb']:.0f} ({r['rss_before_mb']:.0f}) |")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
