"""Named entities per story (spaCy NER), counted by text and label.

spaCy's small English model is the least reliable component of the pipeline (Voyant says
the same of its own NER): expect misses on names it has not seen and occasional wrong
labels, and read entity charts as a guide to where to look, not as counts to cite.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from spacy.tokens import Doc, Span, Token

from toolkit.measures import term_spans
from toolkit.measures.places import country_name, is_country
from toolkit.measures.term_words import (
    DEPARTMENTS,
    ORG_DESCRIPTIONS,
    ROLES,
    STORMS,
    TIME_WORDS,
    TITLES,
)

__all__ = ["LABELS", "entity_counts"]

#: Labels kept, with what a reader calls them: the ones news analysis asks about; dates
#: and numbers are left out.
LABELS = {
    "PERSON": "person", "ORG": "organisation", "GPE": "country, city", "NORP": "group",
    "LOC": "place", "FAC": "building", "EVENT": "event", "PRODUCT": "product",
    "WORK_OF_ART": "title", "LAW": "law",
}  # fmt: skip


# Words before a place, not a person: "in Calais", "outside Calais".
_LOCATIVE = frozenset({"in", "at", "near", "outside", "around", "across", "throughout"})
# Last words of a sports club's name: "Manchester United", "Bristol Rovers".
_CLUBS = frozenset(
    {
        "united",
        "city",
        "rovers",
        "athletic",
        "wanderers",
        "albion",
        "fc",
        "hotspur",
        "rangers",
        "celtic",
        "wednesday",
        "county",
        "town",
    }
)
# Of those, the words after a town that make a club's name of it and nothing else:
# spaCy may stop at the town ("Newcastle" of "Newcastle United's head coach"). Not
# "City", "County", "Town" (places' names too), "Wednesday" (a day), "Rangers" (the
# Texas police), "Celtic" (a word).
_CLUB_WORDS = _CLUBS - {"city", "county", "town", "wednesday", "rangers", "celtic"}
# First words of a place's name that spaCy may take for a person's ("County Durham",
# "Loch Lomond"), and last words ("Hudson River"); not "Lake", a surname too.
_PLACE_OPENERS = frozenset({"county", "loch", "lough", "lake", "mount", "isle"})
_PLACE_CLOSERS = frozenset({"river", "island", "islands", "mountains", "valley"})
# Offices a department's name may come before: "Health Secretary", "Home Secretary".
_OFFICES = frozenset({"secretary", "minister"})
# A team's roles, after its name: "Caloundra coach Geoff Ingram", "Bolton manager Sam
# Allardyce"; a modifier may come first ("head coach", "half back").
_TEAM_ROLES = frozenset(
    {
        "coach", "captain", "manager", "skipper", "back", "fullback", "winger", "striker",
        "goalkeeper", "keeper", "forward", "defender", "midfielder", "hooker", "prop",
        "flanker", "playmaker",
    }
)  # fmt: skip
_TEAM_ROLE_MODIFIERS = frozenset({"head", "assistant", "half", "full", "club", "team"})
# Words before "of" that make it a place's: "north of Bermuda".
_COMPASS = frozenset(
    {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"}
)
# Lower-case words inside a town's hyphenated name: "Stratford-upon-Avon",
# "Southend-on-Sea", "Newcastle-under-Lyme", "Frankfurt-am-Main".
_TOWN_JOINERS = frozenset({"upon", "on", "under", "in", "by", "le", "en", "sur", "am", "an"})
# What a person does that a place does not.
_SPEECH = frozenset({"say", "tell", "add", "write", "explain", "claim", "argue", "insist"})


def entity_counts(doc: Doc) -> list[dict[str, object]]:
    """Entities of ``doc`` with how often each (text, label) occurs, most frequent first.

    Parameters
    ----------
    doc
        A Doc processed by the ``ner`` component.

    Returns
    -------
    list of dict
        ``{"text": str, "label": str, "count": int}``. Names are read as keyterms read
        them (:func:`toolkit.measures.term_spans.names`): without "the", a possessive or
        a person's title, so that "the UK" and "UK" count together and "Ms Sultana" is
        Sultana. A surname counts for the one full name the story gives it ("Corbyn"
        for Jeremy Corbyn), whatever spaCy labelled it ("Ferguson" as an organisation
        beside Alex Ferguson), a country written short for its name ("US",
        "U.S.", "America" -> "United States",
        :func:`toolkit.measures.places.country_name`), and a text spaCy labels two ways
        in one story takes its commoner label, so that a chart shows one bar per name.
        Where spaCy's label is plainly wrong the story's own words correct it: a storm
        is an event ("Hurricane Humberto", and "Humberto" counts for it), a "person"
        named like a club or with a team's coach or player after it an organisation
        ("Manchester United", "Caloundra coach Geoff Ingram"), and a "person" the
        story only writes as a place a place (see :func:`_places_taken_for_people`).
        A town with a club's word, role or full name beside it is the club
        ("Newcastle" of "Newcastle United"; "Middlesbrough boss Michael Carrick"), a
        first name alone the one person it opens ("Alan" for Alan White), and a
        "person" in capitals or opening with "County" no person (see
        :func:`_relabelled`).

    Examples
    --------
    >>> from toolkit.nlp import load_nlp
    >>> entity_counts(load_nlp()("Kosovo said yes. Kosovo's president spoke."))
    [{'text': 'Kosovo', 'label': 'GPE', 'count': 2}]
    """
    ents = _without_overlaps([e for e in map(_relabelled, term_spans.names(doc)) if e])
    # "body mass index (BMI)": initials of a thing, not a name, wherever they recur.
    terms = {e.text for e in ents if _abbreviates_a_term(e)}
    ents = [e for e in ents if e.text not in terms]
    keys = [term_spans.key_of(e) for e in ents]
    texts = [_text(e) for e in ents]
    # A storm is an event, whatever spaCy says ("Storm Ciara", a person to it); a club
    # an organisation ("Manchester United").
    storms = {k for k in keys if len(k) > 1 and k[0] in STORMS}
    personal = {k for k, e in zip(keys, ents) if _personal(e)}
    clubs = (
        {
            k
            for k, e in zip(keys, ents)
            if e.label_ == "PERSON" and (len(k) > 1 and k[-1] in _CLUBS or _is_team(e))
        }
        - personal
    ) | _towns_taken_for_clubs(ents, keys)
    people = {k for k, e in zip(keys, ents) if e.label_ == "PERSON"} - storms - clubs
    teams = _short_club_names(ents, keys)
    # A person's name wins over a club's: "Charlton" beside Jack Charlton and Charlton
    # Athletic is Jack.
    full = (
        teams
        | {
            short: name
            for short, name in term_spans.short_names(ents, any_label=True).items()
            if name in people or name in storms
        }
        | _surnames_taken_for_places(ents, keys, people)
        | _first_names(keys, ents, people)
    )
    written: defaultdict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for key, text in zip(keys, texts):
        written[key][text] += 1
    labels: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for key, text, ent in zip(keys, texts, ents):
        if key in full:  # a surname is the person's, "Humberto" the hurricane's
            whole = written[full[key]].most_common(1)[0][0]
            kind = (
                "EVENT"
                if full[key] in storms
                else "ORG"
                if teams.get(key) == full[key]
                else "PERSON"
            )
            labels[whole][kind] += 1
        else:
            label = "EVENT" if key in storms else "ORG" if key in clubs else ent.label_
            labels[text][label] += 1
    for text in _places_taken_for_people(ents, texts, set(full.values()), written):
        if text in labels:  # not moved to a full name above
            labels[text] = Counter({"GPE": labels[text].total()})
    counts = {text: kinds.total() for text, kinds in labels.items()}
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [
        {"text": text, "label": labels[text].most_common(1)[0][0], "count": n}
        for text, n in ordered
    ]


def _places_taken_for_people(
    ents: list[Span],
    texts: list[str],
    full_names: set[tuple[str, ...]],
    written: dict[tuple[str, ...], Counter[str]],
) -> set[str]:
    """Names spaCy calls a person that the story only ever treats as a place: written
    after "in", "at", "near" and the like ("in Calais", "outside Calais"), or inside a
    town's hyphenated name ("Stratford" of "Stratford-upon-Avon"), never with a title,
    never saying anything, and not a full name whose surname the story uses alone
    ("Felix Baumgartner" ... "Baumgartner")."""
    surnamed = {written[k].most_common(1)[0][0] for k in full_names}
    placed, personal = set(), set()
    for ent, text in zip(ents, texts):
        if ent.label_ != "PERSON":
            continue
        if _personal(ent) or (len(ent) > 1 and _surname_alone(ent)):
            personal.add(text)  # "Mr X", "X said", "Richard III", "Felix ... Baumgartner"
        elif _written_as_place(ent):
            placed.add(text)
    return placed - personal - surnamed


def _surnames_taken_for_places(
    ents: list[Span], keys: list[tuple[str, ...]], people: set[tuple[str, ...]]
) -> dict[tuple[str, ...], tuple[str, ...]]:
    """One-word names spaCy calls a place that stand for the one person whose full name
    ends with them ("Tabata" -> Izumi Tabata, "Klobuchar" -> Amy Klobuchar): where the
    story never writes the name as a place (:func:`_written_as_place`), it names no
    country, and either a mention speaks ("says Tabata", "Pelosi said") or none reads
    like a place's, after a preposition or before a noun ("flew to Houston", "Phoenix
    police": a city beside Whitney Houston or Joaquin Phoenix)."""
    mentions: defaultdict[tuple[str, ...], list[Span]] = defaultdict(list)
    for key, ent in zip(keys, ents):
        if len(ent) == 1 and ent.label_ in ("GPE", "LOC"):
            mentions[key].append(ent)
    out = {}
    for key, found in mentions.items():
        longer = [p for p in people if len(p) > 1 and p[-1] == key[0]]
        if (
            len(longer) == 1
            and not any(_written_as_place(e) for e in found)
            and (any(_speaks(e) for e in found) or not any(_placelike(e) for e in found))
            and not is_country(found[0].text)
        ):
            out[key] = longer[0]
    return out


def _first_names(
    keys: list[tuple[str, ...]], ents: list[Span], people: set[tuple[str, ...]]
) -> dict[tuple[str, ...], tuple[str, ...]]:
    """One-word names spaCy always calls a person that open the one full name in the
    story and close none, as a first name does in a quotation ("Alan knows this club"
    after Alan White). Not a club ("Bolton" before "Bolton Kieron Dyer" of a results
    table), a country ("Lesotho"), nor before a possessive ("Pedego" of "Pedego's Don
    DiCostanza", "Ulster" of "Ulster Schools' Cup")."""
    labels: defaultdict[tuple[str, ...], set[str]] = defaultdict(set)
    for key, ent in zip(keys, ents):
        labels[key].add(ent.label_)
    full = [p for p in people if len(p) > 1 and not any("'" in w or "\u2019" in w for w in p)]
    out = {}
    for key, ent in zip(keys, ents):
        if len(key) != 1 or key not in people or labels[key] != {"PERSON"} or is_country(ent.text):
            continue
        opening = [p for p in full if p[0] == key[0]]
        if len(opening) == 1 and not any(len(p) > 1 and p[-1] == key[0] for p in people):
            out[key] = opening[0]
    return out


def _towns_taken_for_clubs(ents: list[Span], keys: list[tuple[str, ...]]) -> set[tuple[str, ...]]:
    """Towns spaCy calls a place that the story uses as a club's name: a mention with a
    team's role and a person's name after it ("Middlesbrough manager Michael Carrick"),
    and none written as a place ("in Middlesbrough", "Ohio voters", "Ohio governor"). A
    country is left a place: a national team ("England coach Andy Robinson") bears the
    country's name, and the place chart counts the country once."""
    teams, placed = set(), set()
    for key, ent in zip(keys, ents):
        if ent.label_ == "GPE":
            if _written_as_place(ent) or _town_use(ent):
                placed.add(key)
            elif _is_team(ent) and not is_country(ent.text):
                teams.add(key)
    return teams - placed


def _short_club_names(
    ents: list[Span], keys: list[tuple[str, ...]]
) -> dict[tuple[str, ...], tuple[str, ...]]:
    """One-word names that stand for the one club the story names in full
    ("Newcastle" -> Newcastle United, "Wigan" -> Wigan Athletic), where no mention of
    them is written as a place ("in Manchester", "Manchester mayor Andy Burnham") and
    they name no country. The club's name must be a club's by its last word and not a
    place to spaCy, which "Kansas City" is."""
    club_names = [
        k for k, e in zip(keys, ents) if len(k) > 1 and k[-1] in _CLUBS and e.label_ != "GPE"
    ]
    out = {}
    mentions: defaultdict[tuple[str, ...], list[Span]] = defaultdict(list)
    for key, ent in zip(keys, ents):
        if len(key) == 1:
            mentions[key].append(ent)
    for key, found in mentions.items():
        longer = {k for k in club_names if k[0] == key[0]}
        if (
            len(longer) == 1
            and not any(_written_as_place(e) or _town_use(e) for e in found)
            and not is_country(found[0].text)
        ):
            out[key] = longer.pop()
    return out


def _relabelled(ent: Span) -> Span | None:
    """The mention with the label its own words give it where spaCy's is plainly wrong,
    or None where it names nothing the charts count:

    - a town with a club's word after it is the club ("Newcastle" + "United");
    - a one-word "person" in capitals that neither speaks nor takes a title is no
      person: a country's initials are the country ("GB"), a time zone or a code with
      digits nothing ("BST", "COVID-19"), anything else a body ("LNER", "BAA"). Names of
      two words in capitals are people as often ("BORIS JOHNSON:" in a transcript);
    - a "person" opening with "County", "Loch" and the like, or closing with "River",
      is a place ("County Durham", "Loch Lomond");
    - a department's name before "Secretary" or "Minister" names the office ("Health"
      of "Health Secretary"; "Treasury" is a body on its own), as does a body's kind at
      a sentence's start before an office ("Council" of "Council leader").
    """
    doc, label = ent.doc, ent.label_
    after = doc[ent.end] if ent.end < len(doc) else None
    if label not in LABELS:
        return None
    if (
        after is not None
        and after.lower_ in _CLUB_WORDS
        and after.text[:1].isupper()
        and label in ("GPE", "LOC", "PERSON")
    ):
        return Span(doc, ent.start, ent.end + 1, label="ORG")
    if (
        label == "PERSON"
        and len(ent) == 1
        and _in_capitals(ent)
        and not ent.sent.text.isupper()
        and not (_personal(ent) or _speaks(ent) or (after is not None and after.text == ":"))
    ):
        if country_name(ent.text):
            return Span(doc, ent.start, ent.end, label="GPE")
        if ent.text.lower() in TIME_WORDS or any(c.isdigit() for c in ent.text):
            return None
        return Span(doc, ent.start, ent.end, label="ORG")
    if label == "PERSON" and len(ent) > 1:
        if ent[0].lower_ == "county":
            return Span(doc, ent.start, ent.end, label="GPE")
        if ent[0].lower_ in _PLACE_OPENERS or ent[-1].lower_ in _PLACE_CLOSERS:
            return Span(doc, ent.start, ent.end, label="LOC")
    if len(ent) == 1 and after is not None:
        word = ent[0].lower_
        if word in DEPARTMENTS - {"treasury"} and after.lower_ in _OFFICES:
            return None
        if word in ORG_DESCRIPTIONS and ent[0].is_sent_start and after.lower_ in ROLES:
            return None
    return ent


def _without_overlaps(ents: list[Span]) -> list[Span]:
    """Mentions in order, less any that starts inside the one before: "United" of
    "Cambridge United" once the town took it in (see :func:`_relabelled`)."""
    out: list[Span] = []
    for ent in ents:
        if not out or ent.start >= out[-1].end:
            out.append(ent)
    return out


def _town_use(ent: Span) -> bool:
    """A mention used as a place is, before a noun that is no team's role or before an
    office: "Ohio voters", "Manchester mayor Andy Burnham", "Texas governor"."""
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    return after is not None and (
        (after.pos_ == "NOUN" and after.lower_ not in _TEAM_ROLES | _TEAM_ROLE_MODIFIERS)
        or after.lower_ in ROLES
    )


def _abbreviates_a_term(ent: Span) -> bool:
    """Capitals in brackets right after the words in lower case whose initials they
    spell: "body mass index (BMI)", "automatic teller machine (ATM)", which spaCy calls
    bodies. Not "the World Health Organization (WHO)", a name's, nor "the existing (UN)
    resolution" or "Scotland's ruling party (SNP)", whose words spell no such thing, nor
    "the disaster relief agency (DRA)", a body by its last word."""
    doc, letters = ent.doc, ent.text.lower()
    if not (
        len(ent) == 1
        and _in_capitals(ent)
        and ent.start >= 2
        and ent.end < len(doc)
        and doc[ent.start - 1].text == "("
        and doc[ent.end].text == ")"
    ):
        return False
    before = doc[max(0, ent.start - 1 - 2 * len(letters)) : ent.start - 1]
    words = [t.text for t in before if t.is_alpha][-len(letters) :]
    return (
        len(words) == len(letters)
        and words[-1].islower()
        and words[-1] not in ORG_DESCRIPTIONS
        and "".join(w[0] for w in words).lower() == letters
    )


def _in_capitals(ent: Span) -> bool:
    """Whether a name is written in capitals only, two letters or more ("LNER")."""
    letters = [c for c in ent.text if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def _around(ent: Span) -> tuple[Token | None, Token | None]:
    """The tokens right before and right after a mention, None at the Doc's edges."""
    doc = ent.doc
    return (doc[ent.start - 1] if ent.start else None), (
        doc[ent.end] if ent.end < len(doc) else None
    )


def _placelike(ent: Span) -> bool:
    """A mention a place's name may have, and a person's seldom: after a preposition
    ("to Houston", "of Tabata") or before a noun ("Phoenix police")."""
    before, after = _around(ent)
    return (before is not None and before.pos_ == "ADP") or (
        after is not None and after.pos_ in ("NOUN", "PROPN")
    )


def _personal(ent: Span) -> bool:
    """A mention that marks a person: a title or office before it, speech or a number
    after it ("Mr X", "X said", "Richard III")."""
    before, after = _around(ent)
    return (before is not None and (before.lower_ in TITLES or before.lower_ in ROLES)) or (
        after is not None and (after.lemma_ in _SPEECH or _is_number(after))
    )


def _speaks(ent: Span) -> bool:
    """ "Pelosi said", or "says Tabata." with the name closing the clause."""
    before, after = _around(ent)
    if after is not None and after.lemma_ in _SPEECH:
        return True
    return before is not None and before.lemma_ in _SPEECH and (after is None or after.is_punct)


def _written_as_place(ent: Span) -> bool:
    """Whether a mention is written as a place: after "in", "at" and the like ("in
    Calais"), after "of" that follows a compass point or a name or title ("north of
    Bermuda", "Duchess of Cambridge"), inside a town's hyphenated name
    ("Stratford-upon-Avon", "Newcastle-upon-Tyne"); or, where spaCy already says place,
    after "the" with no noun after it ("the West": a band or a family, which spaCy calls
    people, takes "the" too). Not before a possessive ("in Gill's words")."""
    doc, i = ent.doc, ent.start
    previous, after = _around(ent)
    before = previous.lower_ if previous is not None else ""
    if after is not None and after.tag_ == "POS":
        return False
    of_place = (
        before == "of"
        and i > 1
        and (doc[i - 2].lower_ in _COMPASS or doc[i - 2].text[:1].isupper())
    )
    the_place = (
        before == "the"
        and ent.label_ != "PERSON"
        and (after is None or after.pos_ not in ("NOUN", "PROPN"))
    )
    return before in _LOCATIVE or of_place or the_place or _in_town_name(ent)


def _in_town_name(ent: Span) -> bool:
    """Whether the name is joined by "-upon-", "-on-" and the like to another word, as a
    town's is: "Stratford" and "Avon" of "Stratford-upon-Avon", "Tyne" of
    "Newcastle-upon-Tyne"."""
    doc, after, before = ent.doc, ent.end, ent.start
    return (
        after + 2 < len(doc)
        and doc[after].text == "-"
        and doc[after + 1].lower_ in _TOWN_JOINERS
        and doc[after + 2].text == "-"
        and not doc[after - 1].whitespace_
    ) or (
        before >= 2
        and doc[before - 1].text == "-"
        and doc[before - 2].lower_ in _TOWN_JOINERS
        and not doc[before - 1].whitespace_
    )


def _is_team(ent: Span) -> bool:
    """Whether a one-word name is followed by a team's role and a person's name, as a
    club's is ("Caloundra half back Jarrod Kidston"), not a person's ("Obama assistant
    Valerie Jarrett")."""
    doc, i = ent.doc, ent.end
    if len(ent) != 1:
        return False
    while i < len(doc) and i - ent.end < 2 and doc[i].lower_ in _TEAM_ROLE_MODIFIERS:
        i += 1
    return (
        i + 1 < len(doc)
        and doc[i].lower_ in _TEAM_ROLES
        and doc[i + 1].ent_type_ == "PERSON"
        and doc[i + 1].ent_iob_ == "B"
    )


def _is_number(tok: Token) -> bool:
    """A number after a name, digits or Roman: "Mach 1.24", "Richard III"."""
    return tok.like_num or (tok.text.isupper() and set(tok.text) <= set("IVX"))


def _surname_alone(ent: Span) -> bool:
    """Whether the story writes the name's last word on its own elsewhere, as one does
    a person's surname ("Baumgartner") and not a place's ("Alegre")."""
    last = ent[-1].text
    return any(t.text == last and not ent.start <= t.i < ent.end for t in ent.doc)


def _text(ent: Span) -> str:
    """An entity as a chart shows it: whitespace-normalised, a country by its name."""
    text = " ".join(ent.text.split())  # as written: "Rhys-Davies", "Fishmongers' Hall"
    if ent.label_ == "GPE":
        return country_name(text) or text
    return text
