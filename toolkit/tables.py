"""Saving and reading back the toolkit's frames (Parquet, CSV, JSON lines)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from toolkit.errors import InputError

__all__ = ["read_table", "write_table"]

_FORMATS = (".parquet", ".csv", ".jsonl")


def write_table(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write ``frame`` to ``path`` in the format its suffix names.

    Parameters
    ----------
    frame
        Any toolkit frame; list columns are kept in Parquet and JSON Lines and written as
        JSON text in CSV.
    path
        Ends with ``.parquet``, ``.csv`` or ``.jsonl``.

    Examples
    --------
    >>> write_table(stories, "out/stories.parquet")
    PosixPath('out/stories.parquet')
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in _FORMATS:
        raise InputError(f"{path}: unknown output format {suffix!r}; valid: {', '.join(_FORMATS)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".parquet":
        frame.to_parquet(path, index=False)
    elif suffix == ".jsonl":
        frame.to_json(path, orient="records", lines=True, force_ascii=False)
    else:
        import json

        flat = frame.copy()
        for col in flat.columns:
            if flat[col].dtype == object and flat[col].map(lambda v: isinstance(v, list)).any():
                flat[col] = flat[col].map(lambda v: json.dumps(v, ensure_ascii=False))
        flat.to_csv(path, index=False)
    return path


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a table written by :func:`write_table` (``.parquet``, ``.csv`` or ``.jsonl``).

    List columns come back as lists from Parquet and JSON Lines, as JSON text from CSV.

    Raises
    ------
    InputError
        A missing file, an unknown suffix, or a file that is not such a table.

    Examples
    --------
    >>> path = write_table(stories, "out/stories.csv")
    >>> read_table(path)["start_line"].tolist()
    [1, 31, 58, 87]
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in _FORMATS:
        raise InputError(f"{path}: unknown table format {suffix!r}; valid: {', '.join(_FORMATS)}")
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        if suffix == ".parquet":
            return pd.read_parquet(path)
        if suffix == ".jsonl":
            return pd.read_json(path, orient="records", lines=True)
        return pd.read_csv(path)
    except (ValueError, OSError) as err:  # pandas' and pyarrow's parse errors are ValueErrors
        raise InputError(f"{path}: cannot read it as a {suffix} table ({err})") from err
