"""Direct quotations: never crash on unbalanced quote marks; speakers found."""

from __future__ import annotations

import pytest

from toolkit.nlp import load_nlp
from toolkit.quotations import direct_quotations, quotations_in


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def test_simple_quote_with_speaker(nlp):
    doc = nlp("“We would be open to discussing it,” the president of Kosovo said on Monday.")
    (quote,) = direct_quotations(doc)
    assert quote.text.startswith("We would be open to discussing it")
    assert quote.cue == "said"
    assert "president" in quote.speaker


def test_quote_over_paragraphs_is_one_quotation(nlp):
    text = (
        "Vjosa Osmani said: “There’s been no formal talks with the UK on this issue.\n"
        "“We would be open to discussing it, however I can’t say more than that.”\n"
        "The talks continue."
    )
    (quote,) = direct_quotations(nlp(text))
    assert quote.speaker == "Vjosa Osmani"
    assert "no formal talks" in quote.text and "can’t say more" in quote.text
    assert quote.paragraph_no == 1


@pytest.mark.parametrize(
    "text",
    [
        "He said: “This never closes.",
        "“One” and “two” and “three",
        "The ‘return hubs’ plan and the hubs’ costs were “not a deterrent”, they said.",
        "”Backwards“ quotes, she said.",
        '"Straight quotes" he said, "and an odd one.',
        "",
        "“",
    ],
)
def test_unbalanced_quote_marks_never_raise(nlp, text):
    direct_quotations(nlp(text))


def test_textacy_itself_raises_where_we_do_not(nlp):
    from textacy.extract.triples import direct_quotations as textacy_quotes

    doc = nlp("He said: “This opens here.\n“And closes here,” he added.")
    with pytest.raises(ValueError):
        list(textacy_quotes(doc))
    assert len(direct_quotations(doc)) == 1


def test_scare_quotes_are_not_quotations(nlp):
    assert (
        direct_quotations(nlp("The government’s plan for “return hubs” abroad was announced."))
        == []
    )


def test_pronoun_speaker_resolves_to_the_last_named_person(nlp):
    doc = nlp("Chris Philp criticised the plan.\n“It will not work as a deterrent,” he said.")
    (quote,) = direct_quotations(doc)
    assert quote.speaker == "Chris Philp"


def test_seed_quotes_do_not_crash(nlp, seed_stories):
    for text in seed_stories["text"]:
        for q in direct_quotations(nlp(text)):
            assert q.text and q.start_char < q.end_char


def test_parsing_only_around_quotations_gives_the_full_parse_result(nlp, seed_stories):
    from toolkit.nlp import pipes_for

    texts = list(seed_stories["text"])
    full = [direct_quotations(doc) for doc in nlp.pipe(texts)]
    with nlp.select_pipes(disable=pipes_for(nlp, ["quotes"])):
        unparsed = list(nlp.pipe(texts))
        assert not any(doc.has_annotation("DEP") for doc in unparsed)
        windowed = [direct_quotations(doc, nlp=nlp) for doc in unparsed]
        batched = quotations_in(unparsed, nlp=nlp)
    assert sum(map(len, full)) >= 10
    assert windowed == full
    assert batched == full


def test_an_unparsed_doc_needs_the_pipeline(nlp):
    from toolkit.nlp import pipes_for

    with nlp.select_pipes(disable=pipes_for(nlp, ["quotes"])):
        doc = nlp("“The plan will fail badly,” she said.")
    with pytest.raises(ValueError, match="parsed Doc"):
        direct_quotations(doc)
    assert direct_quotations(nlp.make_doc("No quotation here.")) == []
