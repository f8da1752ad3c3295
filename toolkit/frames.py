"""The check every function that takes a stories frame starts with."""

from __future__ import annotations

import pandas as pd

from toolkit.errors import InputError

__all__ = ["story_texts"]


def story_texts(frame: object, caller: str) -> list[str]:
    """The ``text`` column as strings (missing text as ``""``), after checking the frame.

    Raises
    ------
    InputError
        Not a DataFrame, no ``text`` column (the message lists the columns there are), or no
        rows.

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
    return ["" if pd.isna(t) else str(t) for t in frame["text"]]
