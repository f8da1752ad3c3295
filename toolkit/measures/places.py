"""Countries as newsrank (:mod:`toolkit.measures.keyterms`) names them: which place a
nationality speaks of ("French" -> France) and one name for each country across stories
("US", "U.S.", "America" -> United States), from ``countryinfo``'s table.

Keys are a term's words in lower case, as :func:`toolkit.measures.term_spans.key_of`
gives them: ``("united", "states")``.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import NamedTuple

import countryinfo
from spacy.lang.en.stop_words import STOP_WORDS

__all__ = ["country_name", "is_country", "place_of"]

_NATIONALITY_ENDS = ("ian", "an", "n", "i", "ese", "ish")
# Words that open a country's formal name without naming it: "Great Britain" is Britain
# and "United States of America" America, but "South Africa" is not Africa nor "El
# Salvador" Salvador.
_OPENINGS = frozenset(
    {"great", "united", "states", "state", "kingdom", "republic", "federal", "federated",
     "democratic", "islamic", "people's", "commonwealth", "plurinational", "bolivarian",
     "socialist", "arab", "of", "the"}
)  # fmt: skip


class _Country(NamedTuple):
    name: str  # countryinfo's: "United States"
    spellings: frozenset[str]  # its name and other spellings, plain (see _plain)
    short: frozenset[str]  # what stands for its name: "us", "america", "great britain"
    initials: frozenset[str]  # "us", "usa"
    formal: frozenset[str]  # names with a formal opening: "islamic republic of iran"
    demonyms: frozenset[str]  # "american"


def place_of(
    nationality: tuple[str, ...], places: Counter[tuple[str, ...]]
) -> tuple[str, ...] | None:
    """The key of the place in ``places`` (the story's place keys, counted) that a
    nationality speaks of, or None: the one one-word place it is spelled from (the
    name plus -n, -an, -ian, -i, -ese or -ish, four letters or more in common: "Iranian"
    -> Iran, "British" -> Britain); failing that, the place the story names most for the
    one country of that nationality ("French" -> France, "American" -> US). A plural
    counts as its singular ("Mexicans").

    Examples
    --------
    >>> from collections import Counter
    >>> place_of(("french",), Counter({("paris",): 2, ("france",): 1}))
    ('france',)
    """
    word = " ".join(nationality)
    if word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]  # "Mexicans" -> Mexico as "Mexican" does; not "Swiss"
    stems = {word[: -len(end)] for end in _NATIONALITY_ENDS if word.endswith(end)}
    spelled = [
        p for p in places if len(p) == 1 and any(len(s) >= 4 and p[0].startswith(s) for s in stems)
    ]
    if spelled:  # "Chinese" -> China even where Hong Kong (also Chinese) is named
        return spelled[0] if len(spelled) == 1 else None
    named = [
        found
        for country in _countries()
        if word in country.demonyms
        and (found := [p for p in places if _plain(p) in country.spellings | country.short])
    ]
    if len(named) != 1:
        return None
    return max(named[0], key=lambda p: places[p])


def country_name(written: str) -> str | None:
    """The country's name for a place written as its initials, a short form of its name
    or a formal name holding it ("US", "U.S.", "America", "United States of America" ->
    "United States"; "UK", "Britain" -> "United Kingdom"; "Islamic Republic of Iran" ->
    "Iran"), so that one country is one term in every story; None for anything else, a
    country's own name and other names included ("France", "Myanmar", "Holland").
    Initials count only in capitals: "US", not "us".

    Examples
    --------
    >>> country_name("U.S."), country_name("Britain"), country_name("France")
    ('United States', 'United Kingdom', None)
    """
    plain = _plain(written.lower().split())
    if plain.replace(" ", "") in _initials() and not written.replace(".", "").isupper():
        return None
    return _short_forms().get(plain)


def is_country(written: str) -> bool:
    """Whether ``written`` names a country in countryinfo's table, by its own name or as
    :func:`country_name` reads it. The table's countries are sovereign states and some
    territories: "Scotland" and "Wales" are in it; "England", "Northern Ireland" and
    "Kosovo", which field national teams too, are added.

    Parameters
    ----------
    written
        A place's name as a story writes it.

    Returns
    -------
    bool

    Examples
    --------
    >>> is_country("Greece"), is_country("UK"), is_country("Cambridge")
    (True, True, False)
    """
    return country_name(written) is not None or _plain(written.lower().split()) in _spellings()


# Countries countryinfo's table lacks that their people and national teams are named for.
_NOT_IN_TABLE = ("england", "northern ireland", "kosovo")


@functools.cache
def _spellings() -> frozenset[str]:
    table = (s for country in _countries() for s in country.spellings)
    return frozenset((*table, *(_plain(name.split()) for name in _NOT_IN_TABLE)))


@functools.cache
def _countries() -> tuple[_Country, ...]:
    out = []
    for country in countryinfo.all_countries():
        # A catalogue's "Virgin Islands, U.S." is no way to write a country.
        spellings = [s for s in (country.name(), *country.alt_spellings()) if "," not in s]
        spelled = {_initials_of(s) for s in spellings if len(s.split()) > 1}
        names, short, initials, formal = set(), set(), set(), set()
        for spelling in spellings:
            words = spelling.lower().split()
            names.add(_plain(words))
            if spelling.replace(".", "").isupper() and _plain(words) in spelled:
                initials.add(_plain(words))  # "US", "UAE", "DRC"; not the codes "LA", "CA"
            k = 0
            while k < len(words) - 1 and words[k] in _OPENINGS:
                k += 1
            if k and words[k] not in _OPENINGS:
                short.add(_plain(words[k:]))  # "britain", "america", "iran"
                formal.add(_plain(words))  # "great britain", "islamic republic of iran"
        demonyms = {
            d.strip().lower() for d in re.split(r"[,/]", country.demonym() or "") if d.strip()
        }
        out.append(
            _Country(
                country.name(),
                frozenset(names),
                frozenset(short | initials | formal),
                frozenset(initials),
                frozenset(formal),
                frozenset(demonyms),
            )
        )
    return tuple(out)


def _initials_of(name: str) -> str:
    """ "United States of America" -> "usa": the first letters of its words, stop words
    skipped."""
    return "".join(w[0] for w in name.lower().split() if w not in STOP_WORDS)


@functools.cache
def _short_forms() -> dict[str, str]:
    """Each short form that belongs to one country only, and is no country's full name
    or spelling, mapped to that country's name."""
    owners: defaultdict[str, set[str]] = defaultdict(set)
    for country in _countries():
        for form in country.short:
            owners[form].add(country.name)
    taken = {n for c in _countries() for n in c.spellings - c.initials - c.formal}
    return {
        form: next(iter(who)) for form, who in owners.items() if len(who) == 1 and form not in taken
    }


@functools.cache
def _initials() -> frozenset[str]:
    return frozenset(form for country in _countries() for form in country.initials)


def _plain(words: Sequence[str]) -> str:
    """A place's key as one string without full stops: ("u.s.",) -> "us"."""
    return " ".join(words).replace(".", "")
