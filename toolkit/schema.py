"""Every frame the toolkit hands out: its columns, their dtypes, and where they come from.

One place for these facts, so that the loader, the engine, the comparisons and the charts
agree on them. The measure columns :func:`toolkit.analyze` adds are listed per measure in
:mod:`toolkit.measures.registry`, beside the code that computes them.

=====================  ==============================================  =====================
Frame                  Made by                                          Columns
=====================  ==============================================  =====================
stories                :func:`toolkit.load_dump`                        :data:`STORY_COLUMNS`
lines                  :func:`toolkit.dump_lines`                       :data:`LINE_COLUMNS`
sentences              :func:`toolkit.sentences`                        :data:`SENTENCE_COLUMNS`
entities               :func:`toolkit.entities`                         :data:`ENTITY_COLUMNS`
quotes                 :func:`toolkit.quotes`                           :data:`QUOTE_COLUMNS`
=====================  ==============================================  =====================

Examples
--------
>>> STORY_COLUMNS["cut_margin"]
'Float64'
>>> "topic_tag" in FURNITURE
True
"""

from __future__ import annotations

import hashlib
import warnings

import pandas as pd

from toolkit.errors import InputError, ToolkitWarning, check_name

__all__ = [
    "ENTITY_COLUMNS",
    "FURNITURE",
    "KINDS",
    "LINE_COLUMNS",
    "MAX_TEXT_CHARS",
    "PARAGRAPH_KINDS",
    "QUOTE_COLUMNS",
    "REPEATS",
    "SENTENCE_COLUMNS",
    "STORY_COLUMNS",
    "column_or_na",
    "distinct_stories",
    "is_missing",
    "story_ids",
    "story_texts",
]

#: Every value of ``dump_lines()["kind"]`` (computed in :mod:`toolkit.load.kinds`).
KINDS = (
    "body",
    "blank",
    "video_notice",
    "video_duration",
    "video_title",
    "topic_tag",
    "related_topics",
    "image_caption",
    "bullet",
    "timestamp",
    "read_more",
    "link",
    "subhead",
    "headline",
    "byline",
    "credit",
    "dateline",
    "promo",
)
#: Kinds whose lines are paragraphs of a story's ``text`` (a bullet without its marker).
PARAGRAPH_KINDS = frozenset({"body", "bullet"})
#: Kinds that are page furniture: never part of a story's ``text``.
FURNITURE = frozenset(KINDS) - PARAGRAPH_KINDS - {"blank"}

#: One row per story (:func:`toolkit.load_dump`, :mod:`toolkit.segment.stories`).
STORY_COLUMNS = {
    "story_id": "string",
    "source": "string",
    "story_no": "Int64",
    "start_line": "Int64",
    "end_line": "Int64",
    "topic": "string",
    "text": "string",
    "headline": "string",
    "lede": "string",
    "n_paragraphs": "Int64",
    "n_words": "Int64",
    "video_titles": "object",
    "image_captions": "object",
    "subheads": "object",
    "links": "object",
    "bylines": "object",
    "published": "string",
    "paragraph_lines": "object",
    "entry_times": "object",
    "furniture_guesses": "object",
    "cut_margin": "Float64",
    "lines_sha256": "string",
    "duplicate_of": "string",
    "similarity": "Float64",
}

#: One row per input line (:func:`toolkit.dump_lines`, :mod:`toolkit.segment.stories`).
LINE_COLUMNS = {
    "source": "string",
    "line_no": "Int64",
    "text": "string",
    "kind": pd.CategoricalDtype(KINDS),
    "story_id": "string",
    "paragraph_no": "Int64",
    "original": "string",
    "cut_margin": "Float64",
}

#: One row per sentence (:func:`toolkit.sentences`, :mod:`toolkit.analysis.frames`).
SENTENCE_COLUMNS = {
    "story_id": "string",
    "topic": "string",
    "paragraph_no": "Int64",
    "sentence_no": "Int64",
    "position": "float64",
    "line_no": "Int64",
    "entry_time": "string",
    "text": "string",
    "n_words_parsed": "Int64",
    "sentiment": "float64",
    "start_char": "Int64",
    "end_char": "Int64",
}

#: One row per (story, entity) (:func:`toolkit.entities`; counted in
#: :mod:`toolkit.measures.entities`).
ENTITY_COLUMNS = {
    "story_id": "string",
    "topic": "string",
    "text": "string",
    "label": "string",
    "count": "Int64",
}

#: One row per quotation (:func:`toolkit.quotes`; found in :mod:`toolkit.measures.quotations`).
QUOTE_COLUMNS = {
    "story_id": "string",
    "topic": "string",
    "source": "string",
    "line_no": "Int64",
    "entry_time": "string",
    "speaker": "string",
    "speaker_named": "boolean",
    "speaker_pronoun": "string",
    "cue": "string",
    "text": "string",
    "paragraph_no": "Int64",
    "start_char": "Int64",
    "end_char": "Int64",
    "sentiment": "float64",
}


#: The longest story text the toolkit measures: spaCy's ``max_length``, which the pipeline
#: keeps (:func:`toolkit.nlp.load_nlp`). Parsing needs about 1 GB of memory per 100,000
#: characters, and a million characters is a book, not a news story: most likely a whole
#: web page saved on one line.
MAX_TEXT_CHARS = 1_000_000


def story_texts(frame: object, caller: str, *, warn_empty: bool = False) -> list[str]:
    """The ``text`` column as strings (missing text as ``""``), after checking the frame.

    Parameters
    ----------
    frame
        The frame a public function was given.
    caller
        That function's name, for the messages.
    warn_empty
        Warn when stories have no text (missing, empty or only white space), naming them:
        their measures come out empty. The function that checks its input first asks for
        it, so that one call warns once.

    Raises
    ------
    InputError
        Not a DataFrame, no ``text`` column (the message lists the columns there are), no
        rows, a text that is not a string (a number: the message names the rows), or a
        text longer than :data:`MAX_TEXT_CHARS` (the message names its file and line
        where the frame has ``source`` and ``start_line``, else its row).

    Warns
    -----
    ToolkitWarning
        With ``warn_empty``: stories without text, how many and which.

    Examples
    --------
    >>> story_texts(pd.DataFrame({"text": ["One.", None]}), "analyze")
    ['One.', '']
    """
    if not isinstance(frame, pd.DataFrame):
        raise InputError(
            f"{caller}() takes a pandas DataFrame with a 'text' column, got {type(frame).__name__}"
        )
    if "text" not in frame.columns:
        listed = ", ".join(map(str, frame.columns)) or "none"
        raise InputError(
            f"{caller}(): the frame has no 'text' column (columns: {listed}); load_dump() makes one"
        )
    if frame.empty:
        raise InputError(f"{caller}(): the frame is empty; it needs at least one row with a 'text'")
    values = frame["text"].tolist()
    missing = [is_missing(v) for v in values]
    wrong = [i for i, v in enumerate(values) if not (missing[i] or isinstance(v, str))]
    if wrong:
        first = values[wrong[0]]
        raise InputError(
            f"{caller}(): {len(wrong)} of {len(values)} texts are not strings "
            f"({_rows(frame, wrong)}; the first is {type(first).__name__} {first!r}); 'text' "
            f"holds each story's text as a string, or a missing value for none. Drop those "
            f"rows, or make them text with frame['text'].astype('string')"
        )
    texts = ["" if gone else v for v, gone in zip(values, missing)]
    for i, text in enumerate(texts):
        if len(text) > MAX_TEXT_CHARS:
            raise InputError(f"{caller}(): {_where(frame, i)} is {len(text):,} characters long; a story may have at most {MAX_TEXT_CHARS:,} (spaCy's limit). Split it, or leave it out with stories[stories['text'].str.len() <= {MAX_TEXT_CHARS}]")  # fmt: skip
    empty = [i for i, text in enumerate(texts) if not text.strip()]
    if warn_empty and empty:
        warnings.warn(
            ToolkitWarning(
                f"{caller}(): {len(empty)} of {len(texts)} stories have no text (missing, "
                f"empty or only white space: {_rows(frame, empty)}); their measures are empty"
            ),
            stacklevel=3,
        )
    return texts


def is_missing(value: object) -> bool:
    """``None``, ``NaN``, ``pd.NA`` or ``NaT``; never a string, a list or other container.

    >>> [is_missing(v) for v in (None, float("nan"), pd.NA, "", ["a"])]
    [True, True, True, False, False]
    """
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # pd.isna of a list is an array
        return False


def _rows(frame: pd.DataFrame, rows: list[int]) -> str:
    """Rows as a reader finds them, the first five: ``"scrape_01.txt:12, ..."`` where the
    frame has ``source`` and ``start_line``, else ``"rows 1, 3"`` (the frame's index)."""
    shown = rows[:5]
    if {"source", "start_line"} <= set(frame.columns):
        listed = ", ".join(
            f"{frame['source'].iloc[i]}:{frame['start_line'].iloc[i]}" for i in shown
        )
    else:
        listed = ("row " if len(rows) == 1 else "rows ") + ", ".join(
            _label(frame, i) for i in shown
        )
    return listed + (", ..." if len(rows) > len(shown) else "")


def _where(frame: pd.DataFrame, i: int) -> str:
    """Row ``i`` as a reader finds it: ``"scrape_01.txt:12"``, else ``"row 3"``."""
    if {"source", "start_line"} <= set(frame.columns):
        return f"the story at {frame['source'].iloc[i]}:{frame['start_line'].iloc[i]}"
    return f"the text in row {_label(frame, i)}"


def _label(frame: pd.DataFrame, i: int) -> str:
    """Row ``i``'s index label as typed: ``3``, not ``np.int64(3)``; ``'a'`` quoted."""
    label = frame.index[i]
    return repr(label.item() if hasattr(label, "item") else label)


def story_ids(frame: pd.DataFrame) -> pd.Series:
    """The frame's ``story_id`` column, or ids made from each row's position and text.

    Every function that names stories (:func:`toolkit.analyze`, :func:`toolkit.kwic`,
    :func:`toolkit.dispersion`, ...) calls this, so a frame of your own without
    ``story_id`` gets the same ids from all of them.

    Examples
    --------
    >>> story_ids(pd.DataFrame({"text": ["One.", "Two."]})).tolist()
    ['0140f12872e9c1e0', '7f5544a7c86dc4f8']
    """
    if isinstance(frame, pd.DataFrame) and "story_id" in frame.columns:
        return frame["story_id"].astype("string")
    texts = story_texts(frame, "story_ids")  # ids made from text need text
    ids = [
        hashlib.sha256(f"{i}\0{t}".encode("utf-8", "surrogatepass")).hexdigest()[:16]
        for i, t in enumerate(texts)
    ]
    return pd.Series(ids, index=frame.index, dtype="string")


#: Values of the ``repeats`` keyword: count a story that repeats an earlier one (see
#: ``duplicate_of``) once, or every copy.
REPEATS = ("drop", "keep")


def distinct_stories(frame: pd.DataFrame, repeats: str = "drop") -> pd.DataFrame:
    """``frame`` without the stories that repeat an earlier one (``repeats="drop"``), or
    as it is (``"keep"``, or a frame without ``duplicate_of``).

    Examples
    --------
    >>> frame = pd.DataFrame({"text": ["A.", "A."], "duplicate_of": [None, "x"]})
    >>> len(distinct_stories(frame)), len(distinct_stories(frame, "keep"))
    (1, 2)
    """
    check_name("repeats", repeats, REPEATS)
    if repeats == "keep" or not isinstance(frame, pd.DataFrame) or "duplicate_of" not in frame:
        return frame  # a frame that is not one is the caller's to refuse
    return frame[frame["duplicate_of"].isna().to_numpy()]


def column_or_na(frame: pd.DataFrame, name: str) -> pd.Series:
    """``frame[name]``, or a column of ``<NA>`` where the frame lacks it (e.g. ``topic``)."""
    if name in frame.columns:
        return frame[name]
    return pd.Series(pd.NA, index=frame.index, dtype="string")
