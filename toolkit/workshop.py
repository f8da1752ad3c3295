"""Helpers for the workshop notebooks (``notebooks/workshop/``).

Exercise cells are left blank as ``answer = None``; :func:`check` then prints a hint
instead of failing, so a notebook with blank exercises still runs top to bottom.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["check"]


def check(answer: object, ok: Callable[[object], bool], hint: str) -> None:
    """Say whether an exercise's ``answer`` passes ``ok(answer)``; give the hint otherwise.

    Parameters
    ----------
    answer
        The participant's answer; ``None`` means not answered yet.
    ok
        A test of the answer.
    hint
        What to try, shown when the answer is missing or wrong.

    Prints one line and returns nothing, so that a cell ending in ``check(...)`` shows only
    that line.

    Examples
    --------
    >>> check(None, lambda a: a == 4, "count the stories")
    Not answered yet. Hint: count the stories
    >>> check(4, lambda a: a == 4, "count the stories")
    Correct.
    """
    if answer is None:
        print("Not answered yet. Hint:", hint)
        return
    try:
        passed = bool(ok(answer))
    except Exception:  # noqa: BLE001 - a malformed answer is a wrong answer, not a crash in class
        passed = False
    print("Correct." if passed else f"Not quite. Hint: {hint}")
