"""Helpers for the workshop notebooks (``notebooks/workshop/``): checks, data, lexicons.

An exercise cell leaves its answer as ``None`` until the participant fills it in;
``check("1.4", answer, ...)`` then says one of three things:

- ``Not answered yet. Where to start: ...``: a nudge (what to look at, which function),
  never the answer;
- ``Not quite. ...``: what this particular wrong answer looks like it is (a row label for a
  ``story_no``, one direction of a two-sided condition, ...) and what to look at next;
- ``Correct. ...``: with one thing worth noticing.

The checks live here, out of the notebook: each computes what it needs from the data the
notebook passes in, so the notebook shows no answer and works on any dump. The checks are
in :mod:`toolkit.workshop.checks`, one per exercise, each tested with a blank, a typical
wrong and a right answer (``tests/test_workshop.py``).

Examples
--------
>>> check("demo", None)
Not answered yet. Where to start: add 2 and 2.
>>> check("demo", 5)
Not quite. 5 is one too many: count again.
>>> check("demo", 4)
Correct. Two and two make four.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from toolkit.errors import InputError
from toolkit.workshop.checks import CHECKS, Check

__all__ = ["CHECKS", "check", "find_data", "lexicon", "verdict"]


def verdict(exercise: str, answer: object, *data: object) -> tuple[str, str]:
    """``(status, message)`` of an answer: status is ``"blank"``, ``"wrong"`` or ``"right"``.

    A malformed answer (one that makes the check itself fail) is a wrong answer with the
    exercise's nudge, never a crash in class.
    """
    try:
        spec: Check = CHECKS[exercise]
    except KeyError:
        raise KeyError(f"no check for exercise {exercise!r}; there are {sorted(CHECKS)}") from None
    if answer is None:
        return "blank", f"Not answered yet. Where to start: {spec.nudge}"
    try:
        problem = spec.judge(answer, *data)
    except Exception as err:  # noqa: BLE001 - a malformed answer is a wrong answer
        problem = f"the check could not read this answer ({type(err).__name__}). {spec.nudge}"
    if problem:
        return "wrong", f"Not quite. {problem}"
    return "right", f"Correct. {spec.praise}"


def check(exercise: str, answer: object, *data: object) -> None:
    """Print whether ``answer`` to ``exercise`` is blank, wrong or right, and what next.

    ``data`` are the notebook's frames the check needs (each exercise's cell passes them).
    Prints one line and returns nothing, so a cell ending in ``check(...)`` shows only it.
    """
    print(verdict(exercise, answer, *data)[1])


def find_data(path: str | os.PathLike = "data") -> Path:
    """The folder (or file) ``path``, looked for here and then in each folder above.

    A hand-out's notebooks sit next to its ``data/`` folder, but a notebook copied one
    level down (``exercises/``), or a solution notebook run inside the repository, still
    finds it. An absolute path or one that exists as given is returned as it is.

    Examples
    --------
    >>> find_data("data").name
    'data'
    """
    given = Path(path)
    if given.exists():
        return given
    if not given.is_absolute():
        here = Path.cwd()
        for folder in (here, *here.parents):
            if (folder / given).exists():
                return folder / given
    raise InputError(
        f"{path}: not found in {Path.cwd()} or any folder above it. The notebooks look for "
        "the data/ folder that comes with them: keep the notebooks and data/ in the same "
        "folder (as the hand-out is), or set dump in the first code cell to the full path."
    )


def lexicon(*words: str) -> pd.DataFrame:
    """How each sentiment lexicon rates each word: one row per word.

    Columns: ``vader`` (VADER's rating: the mean of ten crowd workers' ratings from -4 to
    +4), ``vader_sd`` and ``vader_ratings`` (the ten ratings, as Hutto & Gilbert collected
    them), ``news_vader`` (the toolkit's default: VADER's rating, or the base word's for an
    -ed/-ing form VADER lacks) and ``textblob`` (the word's polarity alone, -1 to +1).
    A word missing from a lexicon has NaN there: the method gives it no sentiment. A
    capitalised word inside a sentence ("Party") scores 0 in ``news_vader`` whatever its
    rating here (a name, not the word).

    Examples
    --------
    >>> lexicon("lost", "jobs")[["vader", "news_vader"]]
          vader  news_vader
    word
    lost   -1.3        -1.3
    jobs    NaN         NaN
    """
    from toolkit.workshop.lexicons import rows

    return pd.DataFrame(rows(words)).set_index("word")
