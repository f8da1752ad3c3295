"""Offices and titles, which newsrank (:mod:`toolkit.measures.keyterms`) leaves out of a
story's terms: an office that does not say whose ("president", "Foreign Secretary"), and
a phrase only ever written as a name's title ("head coach Eddie Howe"): the name is the
term.
"""

from __future__ import annotations

from spacy.tokens import Doc

from toolkit.measures.term_words import DEPARTMENTS, ROLES

__all__ = ["offices"]

# Names that say whose an office is: "Albanian prime minister", "Labour leader".
_WHOSE = frozenset({"NORP", "GPE", "ORG", "PERSON", "LOC", "FAC"})
# Names a common noun phrase may be written before as a title: "head coach Eddie Howe",
# "Train operator LNER" (which spaCy may call a person).
_TITLED = frozenset({"PERSON", "ORG"})


def offices(doc: Doc, occurrences: dict[tuple, set[int]]) -> set[tuple[str, ...]]:
    """Keys of ``occurrences`` (term key -> start indices in ``doc``) that are no terms:

    - offices that do not say whose ("president", "Prime Minister", "Foreign Secretary":
      whose?) or only ever come before the holder's name ("Iranian President" of
      "Iranian President Hassan Rouhani"); an office that says whose is a term:
      "Albanian prime minister", "Labour leader";
    - common noun phrases only ever written as a name's title ("head coach Eddie Howe",
      "Chief meteorologist Helen Carter", "Train operator LNER"), which describe it;
    - the words only ever written inside either ("Prime", "Foreign").

    Examples
    --------
    >>> from toolkit.nlp import load_nlp
    >>> doc = load_nlp()("Chief meteorologist Helen Carter said the storm would pass.")
    >>> sorted(offices(doc, {("chief", "meteorologist"): {0}, ("storm",): {7}}))
    [('chief', 'meteorologist')]
    """
    found, covered = set(), set()
    for key, starts in occurrences.items():
        ends = [at + len(key) for at in starts]
        # spaCy keeps a proper noun's plural: "Prime Ministers" is an office too.
        if key[-1] in ROLES or key[-1].removesuffix("s") in ROLES:
            whose = any(
                doc[i].ent_type_ in _WHOSE and doc[i].lower_ not in DEPARTMENTS
                for at in starts
                for i in range(at, at + len(key) - 1)
            )
            no_term = not whose or all(
                end < len(doc) and doc[end].ent_type_ == "PERSON" for end in ends
            )
        else:
            no_term = all(_title_of_name(doc, at, end) for at, end in zip(starts, ends))
        if no_term:
            found.add(key)
            covered.update(i for at in starts for i in range(at, at + len(key)))
    return found | {
        key
        for key, starts in occurrences.items()
        if all(at in covered and at + len(key) - 1 in covered for at in starts)
    }


def _title_of_name(doc: Doc, start: int, end: int) -> bool:
    """Whether ``doc[start:end]``, no name itself, is written as a title of the person's
    or body's name right after it ("false titles" in newsroom style): with no article
    before it, as "head coach Eddie Howe" and "Newcastle's head coach Eddie Howe" have
    and "After the penalty shootout Southgate said" has not. Tags only: newsrank runs
    without the parse."""
    return (
        end < len(doc)
        and doc[end].ent_iob_ == "B"
        and doc[end].ent_type_ in _TITLED
        and not any(doc[i].ent_type_ for i in range(start, end))
        and all(doc[i].pos_ in ("NOUN", "ADJ", "PROPN") for i in range(start, end))
        and (start == 0 or doc[start - 1].pos_ != "DET")
    )
