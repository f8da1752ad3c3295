"""Command line: ``python -m toolkit stories|analyze|report ...``.

Every command reads dumps the way :func:`toolkit.load_dump` does and writes a table whose
format follows the output's suffix (``.parquet``, ``.csv``, ``.jsonl``).
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from toolkit.errors import InputError, ToolkitError
from toolkit.load import load_dump

__all__ = ["main", "write_table"]

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
    >>> write_table(load_dump("data/"), "stories.parquet")  # doctest: +SKIP
    PosixPath('stories.parquet')
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


def _cmd_stories(args: argparse.Namespace) -> int:
    stories = load_dump(args.dumps)
    out = write_table(stories, args.output)
    print(f"{len(stories)} stories from {stories['source'].nunique()} file(s) -> {out}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m toolkit", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("stories", help="load dumps and write one row per story")
    p.add_argument("dumps", nargs="+", help="dump files, directories or globs")
    p.add_argument("-o", "--output", default="stories.parquet", help="output .parquet/.csv/.jsonl")
    p.set_defaults(func=_cmd_stories)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (2 for a toolkit error)."""
    args = _parser().parse_args(argv)
    with warnings.catch_warnings():
        warnings.simplefilter("default")
        try:
            return args.func(args)
        except ToolkitError as err:
            print(f"error: {err}", file=sys.stderr)
            return 2
