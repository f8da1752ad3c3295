"""What produced a report: versions, inputs with their SHA-256, parameters, date, command.

A reader who reruns the same command on files with the same SHA-256 and the same versions
gets the same numbers.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import html
import platform
import shlex
import sys
from importlib import metadata
from pathlib import Path

import pandas as pd

from toolkit.load import PathsLike, StartsLike, resolve_paths
from toolkit.nlp import model_info
from toolkit.report.page import section_html, table_html
from toolkit.version import __version__, code_digest

__all__ = ["command_line", "given_starts_note", "provenance", "provenance_html"]

_LIBRARIES = (
    "spacy",
    "textacy",
    "numpy",
    "pandas",
    "pyarrow",
    "altair",
    "vl-convert-python",
    "vaderSentiment",
    "textblob",
    "ftfy",
    "scikit-learn",
    "scipy",
    "datasketch",
    "countryinfo",
)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def given_starts_note(stories: pd.DataFrame, starts: StartsLike) -> str:
    """Which files' story starts were given, with a digest of them: two reports with the
    same digest used the same cuts."""
    given = {str(s) for s in (starts["source"] if isinstance(starts, pd.DataFrame) else starts)}
    mine = stories[stories["source"].isin(given)]
    listed = "\n".join(f"{s}:{n}" for s, n in zip(mine["source"], mine["start_line"]))
    digest = hashlib.sha256(listed.encode()).hexdigest()[:16]
    n_files = stories["source"].nunique()
    which = "every file" if len(given) == n_files else f"{len(given)} of {n_files} files"
    rest = "" if len(given) == n_files else "; the segmenter found the others"
    return f"given for {which} ({len(mine)} stories, SHA-256 of source:line list {digest}){rest}"


def _shown_path(path: Path) -> str:
    """``path`` relative to the working folder when inside it, so that two clones' reports
    of the same inputs read the same."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def command_line() -> str:
    """The command line as one could type it again (``python -m toolkit ...``)."""
    if not sys.argv or not sys.argv[0]:
        return ""
    program = Path(sys.argv[0])
    if program.name == "__main__.py":
        return shlex.join(["python", "-m", program.parent.name, *sys.argv[1:]])
    return shlex.join(sys.argv)


def provenance(paths: PathsLike, parameters: dict) -> dict:
    """What produced a report: versions, inputs with SHA-256, parameters, date.

    Examples
    --------
    >>> made = provenance("data/000_17ce1404ae1f217e.txt", {"keyterm_method": "newsrank"})
    >>> made["inputs"][0]["bytes"], made["inputs"][0]["sha256"][:12]
    (11522, 'e5da4b2afa15')
    """
    # The version number stays while the code changes: the digest tells two runs apart.
    versions = {
        "toolkit": __version__,
        "toolkit code (SHA-256 of its files)": code_digest(),
        "python": platform.python_version(),
    }
    for name in _LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return {
        "date": _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "versions": versions,
        "model": model_info(),
        "inputs": [
            {"file": _shown_path(p), "bytes": p.stat().st_size, "sha256": _sha256(p)}
            for p in resolve_paths(paths)
        ],
        "parameters": parameters,
        "command": command_line(),
    }


def provenance_html(prov: dict) -> str:
    inputs = pd.DataFrame(prov["inputs"])
    versions = pd.DataFrame(
        [{"package": k, "version": v} for k, v in {**prov["versions"], **prov["model"]}.items()]
    )
    params = pd.DataFrame([{"parameter": k, "value": v} for k, v in prov["parameters"].items()])
    body = (
        "<h3>Inputs</h3>"
        + table_html(inputs)
        + "<h3>Parameters</h3>"
        + table_html(params)
        + "<h3>Versions</h3>"
        + table_html(versions)
        + f"<p>Command: <code>{html.escape(prov['command'])}</code></p>"
    )
    return section_html(
        "How this report was made",
        "Rerun the same command on files with the same SHA-256 "
        "and the same versions to get the same numbers.",
        body,
    )
