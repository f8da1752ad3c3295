"""Saving and reading back the toolkit's frames (Parquet, CSV, JSON lines)."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from toolkit.errors import InputError

__all__ = ["check_output", "read_table", "write_table"]

_FORMATS = (".parquet", ".csv", ".jsonl")


def check_output(path: str | Path) -> Path:
    """``path``, if :func:`write_table` can write there; else an :class:`InputError` saying
    why.

    Nothing is created: the command line checks every output before a long analysis, so
    that a wrong suffix or folder fails in a second, not after the analysis.

    Raises
    ------
    InputError
        A path that is a folder; a suffix other than ``.parquet``, ``.csv`` or ``.jsonl``;
        a folder that cannot be created (a file in its way, no permission).

    Examples
    --------
    >>> check_output("out/stories.xlsx")
    Traceback (most recent call last):
    ...
    toolkit.errors.InputError: out/stories.xlsx: unknown output format '.xlsx'; valid: .parquet, .csv, .jsonl
    """
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give a file name ending in {', '.join(_FORMATS)}")
    suffix = path.suffix.lower()
    if suffix not in _FORMATS:
        raise InputError(f"{path}: unknown output format {suffix!r}; valid: {', '.join(_FORMATS)}")
    folder = path.absolute().parent
    while not folder.exists():  # the folder write_table would create: look at what is there
        folder = folder.parent
    if not folder.is_dir():
        why = f"{folder} is a file, not a folder"
    elif not os.access(folder, os.W_OK | os.X_OK):
        why = f"no permission to write in {folder}"
    else:
        return path
    raise InputError(
        f"{path}: cannot write the output there ({why}); give a path in a folder you can write to"
    )


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
    path = check_output(path)
    suffix = path.suffix.lower()
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
