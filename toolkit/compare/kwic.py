"""Where a word occurs: every hit with its context and its line in the dump
(:func:`kwic`), and each hit's position in its story (:func:`dispersion`, an x-ray plot).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Mapping

import numpy as np
import pandas as pd
from textacy.extract.kwic import keyword_in_context

from toolkit.errors import InputError
from toolkit.schema import column_or_na, distinct_stories, story_ids, story_texts

__all__ = ["dispersion", "kwic"]

# The last word of a plain kwic term may be plural or possessive ("hub" finds "hubs").
_SUFFIX = r"(?:e?s|['’]s|s['’])?"
_WORD = re.compile(r"\S+")


def _story_nos(frame: pd.DataFrame) -> pd.Series:
    if "story_no" in frame.columns:
        return frame["story_no"].astype("Int64")
    return pd.Series(range(1, len(frame) + 1), index=frame.index, dtype="Int64")


def _pattern(term: str, *, regex: bool, ignore_case: bool) -> re.Pattern:
    if not isinstance(term, str) or not term.strip():
        raise InputError(f"a search term must be a non-empty string, got {term!r}")
    flags = re.IGNORECASE if ignore_case else 0
    if regex:
        try:
            return re.compile(term, flags)
        except re.error as err:
            raise InputError(f"{term!r} is not a valid regular expression: {err}") from err
    words = [re.escape(w) for w in re.split(r"[\s-]+", term.strip()) if w]
    return re.compile(r"(?<!\w)" + r"[\s-]+".join(words) + _SUFFIX + r"(?!\w)", flags)


def _line_lookup(
    frame: pd.DataFrame, lines: pd.DataFrame | None
) -> Callable[[int, str, int], object]:
    """``(row, story_id, paragraph_no) -> line_no`` from the best source available."""
    if lines is not None:
        needed = {"story_id", "paragraph_no", "line_no"}
        if not isinstance(lines, pd.DataFrame) or not needed <= set(lines.columns):
            raise InputError(
                "lines= takes the frame dump_lines() returns (story_id, paragraph_no, line_no)"
            )
        body = lines.dropna(subset=["paragraph_no"])
        table = {
            (str(s), int(p)): int(n)
            for s, p, n in zip(body["story_id"], body["paragraph_no"], body["line_no"])
        }
        return lambda row, story_id, paragraph: table.get((story_id, paragraph), pd.NA)
    if "paragraph_lines" in frame.columns:
        column = list(frame["paragraph_lines"])

        def from_column(row: int, story_id: str, paragraph: int) -> object:
            found = column[row]
            if isinstance(found, (list, tuple, np.ndarray)) and paragraph <= len(found):
                return int(found[paragraph - 1])
            return pd.NA

        return from_column
    return lambda row, story_id, paragraph: pd.NA


def kwic(
    frame: pd.DataFrame,
    term: str,
    window: int = 8,
    *,
    regex: bool = False,
    ignore_case: bool = True,
    lines: pd.DataFrame | None = None,
    repeats: str = "drop",
) -> pd.DataFrame:
    """Every occurrence of ``term`` with ``window`` words of context on each side.

    Built on :func:`textacy.extract.kwic.keyword_in_context`. A plain ``term`` matches
    whole words only, its words separated by any spaces or hyphens, and its last word may
    carry a plural or possessive ending: ``"return hub"`` finds ``return hubs``,
    ``Return hub's`` and ``return-hub``, not ``return hubris``. For other forms pass a
    regular expression with ``regex=True`` (e.g. ``r"deport\\w*"``).

    Parameters
    ----------
    frame
        Stories with ``text``; ``story_id``, ``topic``, ``source`` and ``paragraph_lines``
        (from :func:`toolkit.load_dump`) are used when present.
    term
        A word, a phrase, or with ``regex=True`` a regular expression.
    window
        Words of context on each side (textacy counts characters; the context here is cut
        to whole words). Context runs across paragraph breaks.
    regex
        Treat ``term`` as a regular expression.
    ignore_case
        Match regardless of case (default).
    lines
        Output of :func:`toolkit.dump_lines` for the same dumps: the exact line of every
        paragraph. Without it the frame's ``paragraph_lines`` column is used; a frame with
        neither gets ``<NA>`` line numbers.
    repeats
        ``"drop"`` (default): a story that repeats an earlier one (``duplicate_of`` from
        :func:`toolkit.load_dump`) counts once; ``"keep"``: every copy counts.

    Returns
    -------
    pandas.DataFrame
        One row per hit, in story order: ``story_id``, ``topic``, ``source``,
        ``paragraph_no`` (1-based in the story's text), ``line_no`` (in the source dump, as
        ``sed -n`` counts), ``left``, ``match`` (as written in the story), ``right``.

    Raises
    ------
    InputError
        Not a frame with ``text``, an empty term, a bad regular expression or window.

    Examples
    --------
    >>> hits = kwic(stories, "return hub")
    >>> hits[["line_no", "match"]].head(2).values.tolist()
    [[1, 'return hubs'], [4, 'return hubs']]
    """
    story_texts(frame, "kwic")
    frame = distinct_stories(frame, repeats)
    if not isinstance(window, int) or window < 0:
        raise InputError(f"window must be a whole number of words >= 0, got {window!r}")
    pattern = _pattern(term, regex=regex, ignore_case=ignore_case)
    line_of = _line_lookup(frame, lines)
    ids, topics, sources = (
        story_ids(frame),
        column_or_na(frame, "topic"),
        column_or_na(frame, "source"),
    )
    rows = []
    for row, text in enumerate(story_texts(frame, "toolkit")):
        # A window as long as the text makes the left context the whole prefix, so its
        # length is the match's offset: the paragraph, and so the line, follow exactly.
        for left, match, right in keyword_in_context(text, pattern, window_width=len(text)):
            if not match:
                continue
            paragraph = left.count("\n") + 1
            story_id = ids.iloc[row]
            rows.append(
                {
                    "story_id": story_id,
                    "topic": topics.iloc[row],
                    "source": sources.iloc[row],
                    "paragraph_no": paragraph,
                    "line_no": line_of(row, story_id, paragraph),
                    "left": " ".join(left.rsplit(None, window)[-window:]) if window else "",
                    "match": match,
                    "right": " ".join(right.split(None, window)[:window]),
                }
            )
    dtypes = {
        "story_id": "string", "topic": "string", "source": "string", "paragraph_no": "Int64",
        "line_no": "Int64", "left": "string", "match": "string", "right": "string",
    }  # fmt: skip
    return pd.DataFrame(rows, columns=list(dtypes)).astype(dtypes)


def dispersion(
    frame: pd.DataFrame,
    terms: str | Iterable[str] | Mapping[str, str],
    *,
    regex: bool = False,
    ignore_case: bool = True,
    repeats: str = "drop",
) -> pd.DataFrame:
    """Where in each story each term occurs: the data of quanteda's ``textplot_xray``.

    Terms match as in :func:`kwic`. ``offset`` is the number of words before the hit
    divided by the story's words (whitespace-separated), so 0 is the first word and values
    near 1 the end, comparable across stories of any length.

    Parameters
    ----------
    frame
        Stories with ``text``; ``story_id``, ``story_no``, ``source`` and ``topic`` are
        used when present.
    terms
        One term or several; or a mapping from the name to show for each to what to find,
        such as ``{"hub": r"hubs?"}`` with ``regex=True``.
    regex, ignore_case, repeats
        As for :func:`kwic`.

    Returns
    -------
    pandas.DataFrame
        One row per hit: ``story_id``, ``source``, ``story_no`` (the frame's, else the
        1-based row), ``topic``, ``term`` (as given, or its name), ``match`` (as written),
        ``offset``.
        ``attrs["dispersion"]["terms"]`` keeps the terms in the order asked.

    Examples
    --------
    >>> dispersion(stories, ["asylum", "Ofcom"]).groupby("term")["offset"].median().round(2)
    term
    Ofcom     0.86
    asylum    0.27
    Name: offset, dtype: float64
    """
    story_texts(frame, "dispersion")
    frame = distinct_stories(frame, repeats)
    if isinstance(terms, Mapping):
        asked = {str(name): term for name, term in terms.items()}
    else:
        asked = {t: t for t in ([terms] if isinstance(terms, str) else list(terms))}
    if not asked:
        raise InputError("dispersion() needs at least one term")
    patterns = {
        name: _pattern(term, regex=regex, ignore_case=ignore_case) for name, term in asked.items()
    }
    ids, nos = story_ids(frame), _story_nos(frame)
    topics, sources = column_or_na(frame, "topic"), column_or_na(frame, "source")
    rows = []
    for row, text in enumerate(story_texts(frame, "toolkit")):
        starts = [m.start() for m in _WORD.finditer(text)]
        for term, pattern in patterns.items():
            for m in pattern.finditer(text):
                if not m.group():
                    continue
                rows.append(
                    {
                        "story_id": ids.iloc[row],
                        "source": sources.iloc[row],
                        "story_no": nos.iloc[row],
                        "topic": topics.iloc[row],
                        "term": term,
                        "match": m.group(),
                        "offset": bisect.bisect_left(starts, m.start()) / max(len(starts), 1),
                    }
                )
    dtypes = {
        "story_id": "string", "source": "string", "story_no": "Int64", "topic": "string",
        "term": "string", "match": "string", "offset": "float64",
    }  # fmt: skip
    out = pd.DataFrame(rows, columns=list(dtypes)).astype(dtypes)
    out.attrs["dispersion"] = {"terms": list(asked)}
    return out
