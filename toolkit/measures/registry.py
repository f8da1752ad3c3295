"""Which measures there are, what each needs from the pipeline, and the columns it adds.

:func:`toolkit.analyze` reads this table to trim the spaCy pipeline to what the asked
measures need, and :func:`measure_doc` computes one story's record. A column's name leads
here, and from here to the module that computes it.

Examples
--------
>>> REGISTRY["entities"].columns
('entities', 'n_entities')
>>> sorted(components_for(["sentiment"]))
[]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

import numpy as np
from spacy.attrs import IS_PUNCT, IS_SPACE
from spacy.tokens import Doc

from toolkit.errors import check_name
from toolkit.measures import keyterms, sentiment
from toolkit.measures.diversity import DIVERSITY_COLUMNS, lexical_diversity
from toolkit.measures.entities import entity_counts
from toolkit.measures.quotations import Quotation
from toolkit.measures.readability import READABILITY_COLUMNS, readability
from toolkit.nlp import LEMMA_COMPONENTS

__all__ = [
    "COUNT_COLUMNS",
    "LIST_COLUMNS",
    "MEASURES",
    "REGISTRY",
    "Measure",
    "components_for",
    "measure_doc",
]


@dataclass(frozen=True)
class Measure:
    """One measure: the spaCy components it needs beyond the sentence rules, the columns
    it adds to a stories frame, and the module that computes them."""

    components: tuple[str, ...]
    columns: tuple[str, ...]
    module: str


# No measure needs the dependency parse of a whole story: quotation attribution parses the
# sentences around each quotation itself (:mod:`toolkit.measures.quotations`), and the
# default keyterm method reads tags, lemmas and entities only.
REGISTRY: dict[str, Measure] = {
    "readability": Measure((), READABILITY_COLUMNS, "toolkit.measures.readability"),
    "diversity": Measure((), DIVERSITY_COLUMNS, "toolkit.measures.diversity"),
    "sentiment": Measure((), sentiment.SENTIMENT_COLUMNS, "toolkit.measures.sentiment"),
    "keyterms": Measure(
        (*LEMMA_COMPONENTS, "ner"), ("keyterms", "keyterm_scores"), "toolkit.measures.keyterms"
    ),
    # Names are read as keyterms read them (titles, possessives, surnames): tags and lemmas.
    "entities": Measure(
        (*LEMMA_COMPONENTS, "ner"), ("entities", "n_entities"), "toolkit.measures.entities"
    ),
    "quotes": Measure(
        (*LEMMA_COMPONENTS, "ner"), ("quotes", "n_quotes"), "toolkit.measures.quotations"
    ),
}
#: Every measure :func:`toolkit.analyze` knows, in the order its columns are added.
MEASURES = tuple(REGISTRY)
#: Measure columns that hold counts (``Int64``).
COUNT_COLUMNS = frozenset({
    "n_sentences", "n_words_parsed", "n_syllables", "n_long_words", "n_polysyllable_words",
    "n_unique_words", "n_entities", "n_quotes",
})  # fmt: skip
#: Measure columns that hold a list per story (``object``); the others are ``float64``.
LIST_COLUMNS = frozenset({"sentiment_arc", "keyterms", "keyterm_scores", "entities", "quotes"})


def components_for(measures: Iterable[str], keyterm_method: str | None = None) -> set[str]:
    """The spaCy components ``measures`` need (textacy's keyterm methods also the parser).

    Raises :class:`toolkit.UnknownNameError` for a measure not in :data:`MEASURES`.
    """
    measures = list(measures)
    needed: set[str] = set()
    for name in measures:
        needed.update(REGISTRY[check_name("measure", name, REGISTRY)].components)
    if keyterm_method in keyterms.PARSED_METHODS and "keyterms" in measures:
        needed.add("parser")
    return needed


def measure_doc(
    doc: Doc,
    measures: Sequence[str],
    *,
    keyterm_method: str = keyterms.DEFAULT_METHOD,
    sentiment_method: str = sentiment.DEFAULT_METHOD,
    n_keyterms: int = 10,
    quotations: Sequence[Quotation] = (),
) -> dict:
    """One story's record: the columns of ``measures``, plus ``_sentences`` (one dict per
    sentence) when sentiment is measured.

    ``quotations`` are the doc's, from :func:`toolkit.measures.quotations.quotations_in`
    run on a whole batch of docs (it parses their quotations' sentences together).
    """
    record: dict = {}
    if "readability" in measures:
        record.update(readability(doc))
    if "diversity" in measures:
        record.update(lexical_diversity(doc))
    if "sentiment" in measures:
        record.update(_sentiment_record(doc, sentiment_method))
    if "keyterms" in measures:
        # Also keeps newsrank's candidates, which keyterms.rerank_keyterms ranks again
        # with their rarity in the whole frame once every story is measured.
        record.update(keyterms.keyterm_record(doc, method=keyterm_method, topn=n_keyterms))
    if "entities" in measures:
        ents = entity_counts(doc)
        record["entities"] = ents
        record["n_entities"] = sum(e["count"] for e in ents)
    if "quotes" in measures:
        scores = sentiment.score_sentences([q.text for q in quotations], method=sentiment_method)
        record["quotes"] = [
            {**asdict(q), "sentiment": float(s)} for q, s in zip(quotations, scores)
        ]
        record["n_quotes"] = len(quotations)
    return record


def _sentiment_record(doc: Doc, method: str) -> dict:
    # Running counts of non-space tokens and of words (textacy's: no punctuation) give
    # each sentence's counts without another pass over its tokens in Python.
    flags = doc.to_array([IS_SPACE, IS_PUNCT]).astype(bool).reshape(-1, 2)
    solid = np.concatenate([[0], np.cumsum(~flags[:, 0])])
    words = np.concatenate([[0], np.cumsum(~(flags[:, 0] | flags[:, 1]))])
    sents = [s for s in doc.sents if solid[s.end] > solid[s.start]]
    texts = [s.text.strip() for s in sents]
    scores = sentiment.score_sentences(texts, method=method)
    record = sentiment.summarize(scores)
    paragraph = 1
    rows = []
    last = 0
    for n, (sent, sent_text, score) in enumerate(zip(sents, texts, scores), start=1):
        paragraph += doc.text.count("\n", last, sent.start_char)
        last = sent.start_char
        rows.append(
            {
                "paragraph_no": paragraph,
                "sentence_no": n,
                "text": sent_text,
                "start_char": sent.start_char,
                "end_char": sent.end_char,
                "n_words": int(words[sent.end] - words[sent.start]),
                "sentiment": float(score),
            }
        )
    record["_sentences"] = rows
    return record
