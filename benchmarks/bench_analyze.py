"""Speed and memory of the analysis on BBC stories: load, cold, warm, bare nlp.pipe.

Each size runs in a fresh process so that peak RSS is per size. Prints a markdown table.

    python benchmarks/bench_analyze.py --sizes 120 500 2225
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def _rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def _one(size: int, bare: bool, engine: str, repeat: int) -> dict:
    import spacy
    from bbc import bbc_stories

    import toolkit
    from toolkit.nlp import load_nlp, model_name

    stories = bbc_stories(size)
    texts = stories["text"].tolist()
    n_words = sum(len(t.split()) for t in texts)
    result = {"stories": size, "words": n_words}
    options = {"engine": engine} if engine != "local" else {}
    load_nlp()
    bare_nlp = None
    colds, bares = [], []
    # Cold and bare alternate and the best of each counts: this machine's speed drifts by
    # 10-30% from minute to minute (shared host), which would otherwise decide the ratio.
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as cache:
            t = time.perf_counter()
            toolkit.analyze(stories, cache=cache, progress=False, **options)
            colds.append(time.perf_counter() - t)
            t = time.perf_counter()
            toolkit.analyze(stories, cache=cache, progress=False)
            result["warm_s"] = time.perf_counter() - t
        if "rss_main_mb" not in result:
            # Before the bare pipeline is loaded: peak memory of the analysis alone.
            result["rss_main_mb"] = _rss_mb(resource.RUSAGE_SELF)
            result["rss_workers_mb"] = _rss_mb(resource.RUSAGE_CHILDREN)
        if bare:
            if bare_nlp is None:
                bare_nlp = spacy.load(model_name())
                list(bare_nlp.pipe(texts[:5]))  # warm up, as the analysis pipeline was
            t = time.perf_counter()
            for _ in bare_nlp.pipe(texts, batch_size=32):
                pass
            bares.append(time.perf_counter() - t)
    result["cold_s"] = min(colds)
    if bares:
        result["bare_s"] = min(bares)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[120, 500, 2225])
    parser.add_argument("--no-bare", action="store_true", help="skip the bare nlp.pipe baseline")
    parser.add_argument("--engine", default="local")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per size below 1,000 stories (best counts)"
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from bbc import bbc_stories

    if bbc_stories(1) is None:
        print("BBC corpus not found under ../shared/corpora/bbc; nothing to measure")
        return 0
    if args.one:
        repeat = args.repeat if args.one < 1000 else 1
        print(json.dumps(_one(args.one, not args.no_bare, args.engine, repeat)))
        return 0
    rows = []
    for size in args.sizes:
        cmd = [sys.executable, __file__, "--one", str(size), "--engine", args.engine]
        cmd += ["--repeat", str(args.repeat)] + (["--no-bare"] if args.no_bare else [])
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
        print(rows[-1], file=sys.stderr)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(
        "| stories | words | bare nlp.pipe w/s | cold w/s | cold / bare | warm s | warm speed-up | peak RSS main MB | peak RSS worker MB |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        bare = r["words"] / r["bare_s"] if "bare_s" in r else float("nan")
        cold = r["words"] / r["cold_s"]
        print(
            f"| {r['stories']} | {r['words']} | {bare:,.0f} | {cold:,.0f} | {cold / bare:.2f}x | "
            f"{r['warm_s']:.2f} | {r['cold_s'] / r['warm_s']:,.0f}x | {r['rss_main_mb']:,.0f} | {r['rss_workers_mb']:,.0f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
