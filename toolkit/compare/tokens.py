"""Terms of a text for counting: lower-cased words or lemmas, stop words removed.

Shared by :func:`toolkit.keyness` and the charts that count words, so that every count of
a term in the toolkit means the same thing.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from toolkit.load import FURNITURE, classify_lines
from toolkit.nlp import LEMMA_COMPONENTS, load_nlp

__all__ = ["FORMS", "terms_of"]

#: Ways :func:`keyness` turns text into terms.
FORMS = ("lemma", "lower")


# Letters only, with inner hyphens or apostrophes ("co-leader", "Kosovo's"): numbers,
# punctuation and symbols never become terms.
_LOWER_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’]s$")
# Contractions are function words in disguise ("don't", "they're").
_CONTRACTION = re.compile(r"(?:n['’]t|['’](?:re|ve|ll|d|m))$")


def terms_of(texts: list[str], form: str) -> list[list[str]]:
    """The terms of each text, in order: ``form`` is ``"lower"`` (words as written,
    lower-cased, a possessive 's dropped) or ``"lemma"`` (spaCy lemmas).

    Examples
    --------
    >>> terms_of(["Kosovo's president said it won't."], "lower")
    [['kosovo', 'president', 'said']]
    """
    texts = [_strip_furniture(t) for t in texts]
    if form == "lower":
        return [_lower_tokens(t) for t in texts]
    return _lemma_tokens(texts)


def _strip_furniture(text: str) -> str:
    # load_dump() already drops furniture; this guards texts from other sources.
    lines = text.split("\n")
    return "\n".join(
        line for line, kind in zip(lines, classify_lines(lines)) if kind not in FURNITURE
    )


def _keep(term: str) -> bool:
    return len(term) > 1 and term not in STOP_WORDS and not _CONTRACTION.search(term)


def _lower_tokens(text: str) -> list[str]:
    terms = (_POSSESSIVE.sub("", m.group().lower()) for m in _LOWER_TOKEN.finditer(text))
    return [t for t in terms if _keep(t)]


def _lemma_tokens(texts: list[str]) -> list[list[str]]:
    nlp = load_nlp()
    enabled = [name for name in LEMMA_COMPONENTS if name in nlp.pipe_names]
    out = []
    with nlp.select_pipes(enable=enabled):
        for doc in nlp.pipe(texts, batch_size=64):
            terms = (
                tok.lemma_.lower()
                for tok in doc
                if not (tok.is_stop or tok.is_punct or tok.is_space or tok.like_num)
                and any(ch.isalpha() for ch in tok.text)
            )
            out.append([t for t in terms if _keep(t) and _LOWER_TOKEN.fullmatch(t)])
    return out
