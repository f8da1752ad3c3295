"""Words newsrank (:mod:`toolkit.measures.keyterms`) never takes as a term on its own.

Lower case; a token matches by its lower-cased text or lemma.
"""

from __future__ import annotations

__all__ = ["BUILDINGS", "COURTESY_TITLES", "DEPARTMENTS", "GENERIC_ADJECTIVES", "GENERIC_NOUNS", "MONTHS", "NAME_PARTICLES", "NAME_PREFIXES", "ORG_DESCRIPTIONS", "PLURAL_NOUNS", "REGNAL", "ROLES", "STORMS", "TIME_WORDS", "TITLES"]

#: Titles only a person takes: a name that opens with one is a person's ("Mr Farage"),
#: whatever spaCy labels it; "Dr Martens" and "Lady Margaret Hall" may be a firm and a
#: college. "St" is no title: "St Louis", "St Paul" are names as written.
COURTESY_TITLES = frozenset(["mr", "mrs", "ms", "miss", "mx", "mr.", "mrs.", "ms.", "messrs"])

#: Words that are never a term on their own nor inside one: titles, and time words below.
TITLES = COURTESY_TITLES | frozenset(
    ["dr", "sir", "dame", "lord", "lady", "prof", "professor", "rev", "revd", "dr.", "prof.", "rev."]
    # Abbreviated offices and ranks (AP style: "Sens. Chuck Schumer", "Lt. Col. Smith"),
    # with the period where the bare word means something else ("Gen Z", "sales rep").
    + ["sen.", "sens", "sens.", "rep.", "reps", "reps.", "gov.", "govs.", "gen.", "lt", "lt.", "col.", "maj.", "sgt", "sgt.", "capt", "capt.", "cpl", "cpl.", "cmdr", "cmdr.", "adm.", "supt", "supt.", "insp", "insp.", "det.", "cllr", "cllr.", "atty.", "pres."]
)
#: Months (not "may", far more often a verb): time words in capitals only ("the march").
MONTHS = frozenset(["january", "february", "march", "april", "june", "july", "august", "september", "october", "november", "december"])
TIME_WORDS = MONTHS | frozenset(
    ["yesterday", "today", "tomorrow", "tonight", "now", "time", "times", "day", "days", "week", "weeks", "weekend", "month", "months", "year", "years", "decade", "decades", "century", "hour", "hours", "minute", "minutes", "second", "seconds", "morning", "afternoon", "evening", "night", "nights", "moment", "period", "date", "spring", "summer", "autumn", "winter", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "utc", "gmt", "bst", "cet", "cest", "edt", "pst", "pdt"]
)
#: Nouns too general to be a term on their own (they may sit inside one).
GENERIC_NOUNS = frozenset(
    ["people", "thing", "things", "way", "ways", "lot", "lots", "part", "parts", "number", "numbers", "kind", "sort", "type", "percent", "cent", "per", "cent", "end", "side", "case", "fact", "issue", "issues", "point", "place", "area", "group", "member", "members", "man", "men", "woman", "women", "person", "other", "others"]
)
#: Adjectives that add nothing at the start of a phrase ("recent talks" -> "talks").
GENERIC_ADJECTIVES = frozenset(
    ["new", "old", "former", "last", "recent", "current", "other", "many", "several", "such", "same", "own", "big", "small", "large", "major", "key", "main", "first", "second", "third", "next", "previous", "certain", "significant", "further", "possible", "latest", "early", "late", "good", "bad", "great", "little", "long", "few", "more", "most", "less", "least", "much", "various", "different", "particular", "whole", "total", "general", "real", "true", "full", "clear", "important", "subsequent", "outside", "stable", "famed", "precious", "incumbent"]
)
#: Plurals that are words of their own: spaCy's lemmatiser would make them "specie",
#: "medium", "datum", "politic", "right", which no reader writes ("animal rights").
PLURAL_NOUNS = frozenset(
    ["species", "media", "data", "politics", "measles", "news", "series", "means", "headquarters", "economics", "physics", "mathematics", "athletics", "ethics", "logistics", "rights", "arms", "goods", "clothes", "savings", "earnings", "proceeds", "remains", "premises", "outskirts", "surroundings", "belongings", "odds", "thanks", "customs", "forces", "troops", "talks", "olympics", "paralympics", "diabetes", "mumps", "rabies", "herpes", "crossroads", "barracks", "whereabouts"]
)
#: Roles: never a term alone ("president"), though inside one ("President George Bush",
#: "Albanian prime minister").
ROLES = frozenset(
    ["president", "senator", "queen", "king", "prince", "princess", "governor", "mayor", "chancellor", "minister", "secretary", "chairman", "chairwoman", "spokesman", "spokeswoman", "spokesperson", "premier", "pope", "judge", "justice", "general", "chief", "director", "commissioner", "ambassador", "leader", "official", "executive", "archbishop", "bishop", "cardinal", "sergeant", "captain", "colonel", "commander", "lieutenant", "detective", "inspector", "constable", "superintendent", "councillor", "councilwoman", "councilman", "representative", "deputy", "vice"]
)
#: Prefixes that make an adjective of a name: a hyphen after them does not join a name
#: ("anti-Brexit", "pro-Russian", "ex-Tory"), as it does in "Rhys-Davies".
NAME_PREFIXES = frozenset(
    ["anti", "pro", "non", "ex", "post", "pre", "co", "mid", "neo", "pan", "semi", "sub", "super", "ultra", "multi", "inter", "trans", "counter", "self", "all", "cross", "far"]
)
#: Lower-case words inside a surname ("Joran van der Sloot", "Ursula von der Leyen"): a
#: name does not end with one, so spaCy's entity that does runs on into the next one.
NAME_PARTICLES = frozenset(["van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "bin", "ibn", "al", "el", "ter", "ten", "dos", "das", "y"])
#: Roles that belong to the name they come with, as readers write it: "Prince Harry",
#: "Pope Francis", "Queen Elizabeth" (not "President | Zelensky").
REGNAL = frozenset(["king", "queen", "prince", "princess", "pope", "duke", "duchess", "emperor", "empress", "sheikh", "sultan", "emir"])
#: Words that open a storm's name: "Hurricane Humberto", "Storm Ciara" (which spaCy may
#: call a person).
STORMS = frozenset(["hurricane", "storm", "typhoon", "cyclone", "tropical"])
#: Nouns that name a building or place after its owner's possessive: "St Paul's
#: Cathedral", "Fishmongers' Hall", "St Thomas' Hospital" (which spaCy cuts after "'s").
BUILDINGS = frozenset(["cathedral", "church", "chapel", "abbey", "basilica", "minster", "hospital", "college", "school", "academy", "university", "hall", "park", "square", "gardens", "bridge", "wharf", "station", "palace", "castle", "cemetery", "stadium", "ground", "theatre", "market", "inn", "field", "fields", "green", "common", "wood", "hill", "island", "bay"])
#: A government department's word before an office says which office, not whose (spaCy
#: may call it an organisation): "Transport Secretary" is "Foreign Secretary"'s kind.
DEPARTMENTS = frozenset(["transport", "health", "home", "foreign", "defence", "defense", "education", "justice", "culture", "environment", "treasury", "business", "energy", "housing", "trade", "interior", "agriculture", "commerce", "communities", "digital", "media", "sport", "pensions", "work", "science", "technology", "veterans", "homeland", "security", "finance"])
#: What a firm or body is, written before its name at a sentence start ("Regulator
#: Ofcom", "Retailer Tesco"), where spaCy takes the pair for a person.
ORG_DESCRIPTIONS = frozenset(["regulator", "watchdog", "broadcaster", "retailer", "supermarket", "airline", "carmaker", "automaker", "chipmaker", "drugmaker", "insurer", "lender", "bank", "charity", "union", "council", "club", "firm", "company", "group", "agency", "network", "publisher", "operator", "developer", "manufacturer", "giant", "brand", "party", "campaigners", "thinktank", "startup", "website", "platform"])
