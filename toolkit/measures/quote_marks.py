"""Which double quote marks hold a quotation, paired as news paragraphs pair them.

A quote that runs over several paragraphs opens each paragraph with “ and closes only at
the end of the last one; single quotes (‘return hubs’) and apostrophes (hubs’) are no
quote marks here. A pair holds a quotation if it holds three words or more, not a Title
In Quotes; or two words that judge rather than name, which
:mod:`toolkit.measures.quotations` keeps only where a reporting verb gives them a
speaker. Needs no parse.
"""

from __future__ import annotations

import functools

from spacy.tokens import Doc, Span, Token
from textacy import constants

__all__ = ["Chain", "paragraph_starts", "quotation_chains", "quoted_tokens", "reporting_verbs"]

_OPEN = {"“", "„", "«"}
_CLOSE = {"”", "»"}
_BOTH = {'"', "''", "``"}

#: A quotation's (open, close) token indices, one pair per paragraph.
Chain = list[tuple[int, int]]


def paragraph_starts(doc: Doc) -> list[int]:
    """Token index of each paragraph's first token (paragraphs joined by ``"\\n"``).

    Examples
    --------
    >>> from toolkit.nlp import load_nlp
    >>> paragraph_starts(load_nlp()("One paragraph.\\nAnother one."))
    [0, 4]
    """
    return [0] + [t.i for t in doc[1:] if "\n" in doc[t.i - 1].text_with_ws and not t.is_space]


def _pair_quotes(doc: Doc) -> list[Chain]:
    """Quotation chains as lists of (open, close) token indices, one pair per paragraph."""
    starts = set(paragraph_starts(doc))
    chains: list[Chain] = []
    current: list[tuple[int, int]] = []
    open_at: int | None = None
    last_in_paragraph: int | None = None
    for tok in doc:
        if tok.i in starts and open_at is not None:
            # The quote ran to the end of its paragraph: it continues only if this
            # paragraph reopens it, as news style does.
            current.append((open_at, last_in_paragraph or open_at))
            open_at = None
            if tok.text not in _OPEN | _BOTH:
                chains.append(current)
                current = []
        if not tok.is_space:
            last_in_paragraph = tok.i
        text = tok.text
        if open_at is None and (text in _OPEN or text in _BOTH):
            open_at = tok.i
        elif open_at is not None and (text in _CLOSE or text in _BOTH):
            current.append((open_at, tok.i))
            chains.append(current)
            current, open_at = [], None
    if open_at is not None:
        current.append((open_at, last_in_paragraph or open_at))
    if current:
        chains.append(current)
    return chains


def _is_quotation(span: Span) -> bool:
    # textacy's filter (not a Title In Quotes), and three words at least, so that scare
    # quotes around a phrase (‘return hubs’) are not taken for someone's words.
    words = _words(span)
    return len(words) >= 3 and not _is_title(words)


def _is_partial_quote(span: Span) -> bool:
    """Two quoted words that are a judgement, not a term: "intimately involved", "huge
    boost", "dreadfully slow", but not "control orders" or "Blair Babes" (nouns alone
    name a thing, as scare quotes do), nor "he said." (marks paired across a quotation's
    end), nor one hyphenated word ("pro-life"), nor a name for a thing (after "so-called"
    or "the", or before a noun). They count as a quotation only where a reporting verb
    gives them a speaker, and not as its subject (see :mod:`toolkit.measures.quotations`).
    """
    words = _words(span)
    doc = span.doc
    verbs = reporting_verbs(doc.lang_)
    before = doc[span.start - 1].lower_ if span.start else ""
    after = doc[span.end] if span.end < len(doc) else None
    return (
        len(words) == 2
        and len(span[1:-1].text.split()) == 2
        and not _is_title(words)
        and not all(t.pos_ in ("NOUN", "PROPN") for t in words)
        and not any(t.pos_ == "PRON" or t.lemma_ in verbs for t in words)
        # A named thing, not a judgement: "so-called “hostile environment”", "the
        # “nuclear option”", "the “affordable housing” target".
        and before not in ("so-called", "called", "the")
        and not (after is not None and after.pos_ in ("NOUN", "PROPN"))
    )


@functools.cache
def reporting_verbs(lang: str) -> frozenset[str]:
    """Lemmas of the verbs that report speech: textacy's list, and for English "call"
    ("called it “a huge boost”"), which textacy's lacks.

    Examples
    --------
    >>> {"say", "call"} <= reporting_verbs("en")
    True
    """
    verbs = frozenset(constants.REPORTING_VERBS.get(lang, set()))
    return verbs | {"call"} if lang == "en" else verbs


def _words(span: Span) -> list[Token]:
    return [t for t in span if not (t.is_punct or t.is_space)]


def _is_title(words: list[Token]) -> bool:
    content = [t for t in words if not t.is_stop]
    return bool(content) and all(t.is_title for t in content)


def quotation_chains(
    doc: Doc, *, partial: bool = False
) -> tuple[list[tuple[Chain, list[Span], bool]], set[int]]:
    """The quotations in ``doc``, and every token inside a pair of double quote marks.

    Parameters
    ----------
    doc
        A Doc with tags and lemmas whose paragraphs are joined by ``"\\n"``.
    partial
        Also keep two-word partial quotes, which need a speaker to count.

    Returns
    -------
    tuple
        A list of ``(chain, parts, partial)``: the quotation's :data:`Chain`, its text
        spans without the marks, and whether it is a two-word partial quote; and the set
        of token indices inside any pair of marks, quotation or not, which can be neither
        a speaker nor a reporting verb.

    Examples
    --------
    >>> from toolkit.nlp import load_nlp
    >>> doc = load_nlp()("The plan for “return hubs” was “not a deterrent at all”.")
    >>> [str(parts[0]) for _, parts, _ in quotation_chains(doc)[0]]
    ['not a deterrent at all']
    """
    kept = []
    inside: set[int] = set()
    for chain in _pair_quotes(doc):
        inside.update(i for a, b in chain for i in range(a, b + 1))
        if not chain:
            continue
        parts = [
            doc[a + 1 : b] if doc[b].text in _CLOSE | _BOTH else doc[a + 1 : b + 1]
            for a, b in chain
        ]
        parts = [p for p in parts if len(p)]
        if not parts:
            continue
        span = doc[chain[0][0] : chain[-1][1] + 1]
        if _is_quotation(span):
            kept.append((chain, parts, False))
        elif partial and len(chain) == 1 and _is_partial_quote(span):
            kept.append((chain, parts, True))
    return kept, inside


def quoted_tokens(doc: Doc) -> list[bool]:
    """Whether each token of ``doc`` sits inside a direct quotation (quote marks paired
    as news paragraphs pair them; three words at least, so not scare quotes around a
    phrase). Needs no parse.

    Examples
    --------
    >>> from toolkit.nlp import load_nlp
    >>> doc = load_nlp()("“We would be open to it,” the president said.")
    >>> [t.text for t, inside in zip(doc, quoted_tokens(doc)) if inside]
    ['We', 'would', 'be', 'open', 'to', 'it', ',']
    """
    inside = [False] * len(doc)
    for _, parts, _ in quotation_chains(doc)[0]:
        for part in parts:
            inside[part.start : part.end] = [True] * len(part)
    return inside
