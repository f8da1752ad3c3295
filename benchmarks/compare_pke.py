"""Published rankers (pke's MultipartiteRank, TopicRank, PositionRank) on the keyterm
benchmark's sets, scored as ``bench_keyterms.py`` scores newsrank.

Usage::

    pip install --target /tmp/pke pke-tool==1.8.1 unidecode --no-deps
    PYTHONPATH=/tmp/pke python benchmarks/compare_pke.py [--split test] [--sets ...]

A comparison only: pke (Boudin 2016) is GPL-3 and no dependency of the toolkit. Its
rankers are the published baselines the issue names for news with phrase-level
keyphrases (Boudin 2018; Florescu and Caragea 2017), with the parameters of their papers.

Two departures from pke's defaults, both because nothing may download here:
- pke reads nltk's English stop-word list, which is a download; scikit-learn's English
  list (318 words, against nltk's 179) stands in, written to a temporary ``NLTK_DATA``.
- pke 1.8.1 calls ``networkx.pagerank_scipy``, gone from networkx 3; ``pagerank`` is
  the same computation.
Texts are tagged by the same spaCy model as newsrank's (tagger, no parser), with the
sentencizer, as pke's own reader does.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_keyterms as bench

RANKERS = ("MultipartiteRank", "TopicRank", "PositionRank")


def _prepare_pke():
    """Import pke with a stop-word list on disk and networkx 3's PageRank."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    folder = Path(tempfile.mkdtemp(prefix="nltk_data_")) / "corpora" / "stopwords"
    folder.mkdir(parents=True)
    (folder / "english").write_text("\n".join(sorted(ENGLISH_STOP_WORDS)) + "\n")
    # For this process only, which ends after the table; the folder is a few bytes in /tmp.
    os.environ["NLTK_DATA"] = str(folder.parents[1])
    import networkx as nx

    nx.pagerank_scipy = nx.pagerank
    import pke

    return pke


def _terms(pke, nlp, ranker: str, text: str, stoplist: list[str]) -> list[str]:
    extractor = getattr(pke.unsupervised, ranker)()
    extractor.load_document(input=text, language="en", spacy_model=nlp)
    extractor.stoplist = stoplist
    if ranker == "MultipartiteRank":
        extractor.candidate_selection(pos={"NOUN", "PROPN", "ADJ"})
        extractor.candidate_weighting(alpha=1.1, threshold=0.74, method="average")
    elif ranker == "PositionRank":
        extractor.candidate_selection()
        extractor.candidate_weighting(window=10)
    else:
        extractor.candidate_selection()
        extractor.candidate_weighting()
    return [term for term, _ in extractor.get_n_best(10)]


def main(argv: list[str] | None = None) -> int:
    """Print one table row per ranker and set; return the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=bench.DEFAULT_DATA)
    parser.add_argument("--kpcrowd", type=Path, default=bench.DEFAULT_KPCROWD)
    parser.add_argument("--sets", nargs="+", choices=bench.SETS, default=list(bench.SETS))
    parser.add_argument("--split", choices=["test", "dev"], default="test")
    parser.add_argument("--n", type=int, default=200)
    args = parser.parse_args(argv)
    if importlib.util.find_spec("pke") is None:
        print("skipped: pke is not installed (see this script's docstring)")
        return 0
    pke = _prepare_pke()
    import spacy
    from nltk.stem import PorterStemmer
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    nlp = spacy.load(bench.MODEL, disable=["parser", "ner"])
    nlp.add_pipe("sentencizer")
    stoplist = sorted(ENGLISH_STOP_WORDS)
    stem = PorterStemmer().stem
    print("| set | docs | method | F1@5 | F1@10 | words/s |")
    print("|---|---:|---|---:|---:|---:|")
    for name in args.sets:
        rows = bench.load_set(name, args.data, args.kpcrowd)
        rows = bench.split_rows(name, rows, args.split, args.n) if rows else []
        if not rows:
            continue
        n_words = sum(len(r["text"].split()) for r in rows)
        for ranker in RANKERS:
            t0 = time.perf_counter()
            terms = [_terms(pke, nlp, ranker, r["text"], stoplist) for r in rows]
            seconds = time.perf_counter() - t0  # tagging included: pke tags as it loads
            cells = [bench.f1_cell(bench.f1_scores(terms, rows, stem, k)) for k in (5, 10)]
            print(
                f"| {name} | {len(rows)} | {ranker} | {cells[0]} | {cells[1]} "
                f"| {n_words / seconds:,.0f} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
