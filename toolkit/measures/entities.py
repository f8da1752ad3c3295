"""Named entities per story (spaCy NER), counted by text and label.

spaCy's small English model is the least reliable component of the pipeline (Voyant says
the same of its own NER): expect misses on names it has not seen and occasional wrong
labels, and read entity charts as a guide to where to look, not as counts to cite.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc

__all__ = ["LABELS", "entity_counts"]

#: Labels kept, with what a reader calls them: the ones news analysis asks about; dates
#: and numbers are left out.
LABELS = {
    "PERSON": "person", "ORG": "organisation", "GPE": "country, city", "NORP": "group",
    "LOC": "place", "FAC": "building", "EVENT": "event", "PRODUCT": "product",
    "WORK_OF_ART": "title", "LAW": "law",
}  # fmt: skip


def entity_counts(doc: Doc) -> list[dict[str, object]]:
    """Entities of ``doc`` with how often each (text, label) occurs, most frequent first.

    Parameters
    ----------
    doc
        A Doc processed by the ``ner`` component.

    Returns
    -------
    list of dict
        ``{"text": str, "label": str, "count": int}``; texts are whitespace-normalised and
        a leading "the" is dropped so that "the UK" and "UK" count together.

    Examples
    --------
    >>> from toolkit.nlp import load_nlp
    >>> entity_counts(load_nlp()("Kosovo said yes. Kosovo's president spoke."))
    [{'text': 'Kosovo', 'label': 'GPE', 'count': 2}]
    """
    counts: Counter[tuple[str, str]] = Counter()
    for ent in doc.ents:
        if ent.label_ not in LABELS:
            continue
        tokens = [t for t in ent if not t.is_space]
        while tokens and tokens[0].lower_ == "the":
            tokens = tokens[1:]
        while tokens and (tokens[-1].is_punct or tokens[-1].lower_ in ("'s", "’s")):
            tokens = tokens[:-1]
        if tokens:
            text = " ".join(t.text for t in tokens)
            counts[(text, ent.label_)] += 1
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [{"text": text, "label": label, "count": n} for (text, label), n in ordered]
