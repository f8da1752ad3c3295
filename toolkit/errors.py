"""The toolkit's exceptions (one base class, a few subclasses named for what went wrong)
and its one warning class.

Messages name the file and line when there is one, and say what would be valid, so that a
workshop participant can fix the input without reading a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["InputError", "ToolkitError", "ToolkitWarning", "UnknownNameError"]


class ToolkitError(Exception):
    """Base class of every error the toolkit raises on purpose."""


class ToolkitWarning(UserWarning):
    """Input was usable but needed a repair, or a choice, the user should know about.

    Parameters
    ----------
    fact
        What was found, e.g. how many stories repeat earlier ones.
    hint
        Where to look next in Python (``"See them with stories[...]"``), appended to the
        message. Kept apart so that the command line, which has no frame to index, can
        point to its output file instead.
    about
        A short name for what ``fact`` is about (``"repeats"``), by which the command
        line finds its own wording of the hint.

    Examples
    --------
    >>> str(ToolkitWarning("3 files skipped", "The frame's attrs['skipped'] lists them"))
    "3 files skipped. The frame's attrs['skipped'] lists them"
    """

    def __init__(self, fact: str = "", hint: str | None = None, about: str | None = None):
        super().__init__(f"{fact}. {hint}" if hint else fact)
        self.fact, self.hint, self.about = fact, hint, about


class InputError(ToolkitError, ValueError):
    """A dump, frame or argument that cannot be used as given."""


class UnknownNameError(ToolkitError, ValueError):
    """A measure, method, topic or column name that does not exist.

    Parameters
    ----------
    kind
        What was being named, e.g. ``"measure"``.
    name
        The name the caller gave.
    valid
        The names that would have worked; listed in the message.
    hint
        What to do instead, said before the list (which may be long).

    Examples
    --------
    >>> raise UnknownNameError("method", "bert", ["textrank", "yake"])
    Traceback (most recent call last):
    ...
    toolkit.errors.UnknownNameError: unknown method 'bert'; valid: 'textrank', 'yake'
    """

    def __init__(self, kind: str, name: object, valid: Iterable[object], hint: str | None = None):
        self.kind = kind
        self.name = name
        self.valid = list(valid)
        listed = ", ".join(repr(v) for v in self.valid)
        hint = f"; {hint}" if hint else ""
        super().__init__(f"unknown {kind} {name!r}{hint}; valid: {listed}")


def check_name(kind: str, name: str, valid: Iterable[str]) -> str:
    """Return ``name`` if it is in ``valid``, else raise :class:`UnknownNameError`."""
    valid = list(valid)
    if name not in valid:
        raise UnknownNameError(kind, name, valid)
    return name
