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

__all__ = ["country_name", "place_of"]

_NATIONALITY_ENDS = ("ian", "an", "n", "i", "ese", "ish")


class _Country(NamedTuple):
    name: str  # countryinfo's: "United States"
    spellings: frozenset[str]  # its name and other spellings, plain (see _plain)
    short: frozenset[str]  # initials and last words: "us", "usa", "america"
    initials: frozenset[str]  # "us", "usa"
    formal: frozenset[str]  # longer names holding the name: "islamic republic of iran"
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


@functools.cache
def _countries() -> tuple[_Country, ...]:
    out = []
    for country in countryinfo.all_countries():
        names, short, initials, formal = set(), set(), set(), set()
        name = f" {country.name().lower()} "
        for spelling in (country.name(), *country.alt_spellings()):
            if "," in spelling:
                continue  # a catalogue's "Virgin Islands, U.S."
            words = spelling.lower().split()
            names.add(_plain(words))
            if spelling.replace(".", "").isupper() and spelling.isascii():
                initials.add(_plain(words))  # "US", "USA", "UAE", "DRC"
            if len(words) <= 4:  # "britain" of "great britain", "america"
                short |= {
                    _plain(words[k:]) for k in range(1, len(words)) if words[k] not in STOP_WORDS
                }
            if f" {spelling.lower()} " != name and name in f" {spelling.lower()} ":
                formal.add(_plain(words))  # "Islamic Republic of Iran", "United States of America"
        demonyms = {
            d.strip().lower() for d in re.split(r"[,/]", country.demonym() or "") if d.strip()
        }
        short |= initials | formal
        out.append(
            _Country(
                country.name(),
                frozenset(names),
                frozenset(short),
                frozenset(initials),
                frozenset(formal),
                frozenset(demonyms),
            )
        )
    return tuple(out)


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
