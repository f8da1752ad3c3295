"""Read dump files: paths to files, bytes to text, text to lines.

Line numbers are the ones an editor or ``sed -n`` shows: a line ends at ``\\n`` only (an
``\\r`` before it is dropped), never at the other characters ``str.splitlines()`` breaks on
(vertical tab, form feed, ``\\x1c``-``\\x1e``, ``\\x85``, U+2028, U+2029).
"""

from __future__ import annotations

import glob
import hashlib
import os
import re
import sys
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import ftfy

from toolkit.errors import InputError, ToolkitWarning

__all__ = ["PathsLike", "RawFile", "read_file", "resolve_paths", "source_names", "warn_caller"]

PathsLike = str | os.PathLike | Iterable[str | os.PathLike]

_BINARY_SNIFF = 8192
_MOJIBAKE_HINT = re.compile("[\u0080-\u009f\u00c2-\u00f4]")
_FTFY_CONFIG = ftfy.TextFixerConfig(
    # Repair mojibake only; an author's quotes, ligatures and widths are their text.
    unescape_html=False,
    remove_terminal_escapes=False,
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    fix_line_breaks=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)


@dataclass
class RawFile:
    """A dump file as read: its lines after mojibake repair, and what repair changed."""

    lines: list[str]
    originals: list[str | None]  # the line before repair, None where repair changed nothing
    lines_sha256: str  # of its lines as read, so that a saved table knows the file it came from


_PACKAGE_DIR = str(Path(__file__).resolve().parents[1])


def warn_caller(message: str, hint: str | None = None, about: str | None = None) -> None:
    """Warn with a :class:`ToolkitWarning` that points at the first line outside the
    toolkit on the stack: the user's own call, however deep inside the toolkit the
    warning was found (``load_dump``, ``dump_lines``, ``build_report``, the command line).
    ``hint`` and ``about`` as for :class:`ToolkitWarning`."""
    frame = sys._getframe(1)
    level = 2
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame = frame.f_back
        level += 1
    warnings.warn(ToolkitWarning(message, hint, about), stacklevel=level)


# --------------------------------------------------------------------------- paths


def resolve_paths(paths: PathsLike) -> list[Path]:
    """The dump files ``paths`` names, in load order, each once.

    Accepts what :func:`toolkit.load_dump` accepts (a folder: its ``*.txt`` files in any
    case, in subfolders too, hidden ones aside); raises :class:`InputError` for a missing path,
    a folder without ``*.txt`` files or a glob that matches nothing.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    elif not isinstance(paths, Iterable):
        raise InputError(
            f"expected a path, a glob or a list of them, got {type(paths).__name__} {paths!r:.60}"
        )
    resolved: list[Path] = []
    for item in paths:
        if not isinstance(item, (str, os.PathLike)):
            raise InputError(
                f"expected a path, a glob or a list of them, got {type(item).__name__}"
            )
        path = Path(item)
        if path.is_dir():
            resolved.extend(_dumps_in(path))
        elif path.is_file():
            resolved.append(path)
        elif glob.has_magic(str(item)):
            found = sorted(Path(p) for p in glob.glob(str(item)) if Path(p).is_file())
            if not found:
                raise InputError(f"{item}: glob matches no files")
            resolved.extend(found)
        else:
            raise InputError(f"{path}: no such file or directory")
    if not resolved:
        raise InputError("no dump paths given; pass a file, a directory, a glob or a list")
    unique = list(dict.fromkeys(p.resolve() for p in resolved))
    return unique


def _dumps_in(folder: Path) -> list[Path]:
    """The ``*.txt`` files of ``folder``, in path order, the suffix in any case
    (``STORY.TXT``, as Windows often saves it)."""
    # Subfolders too (a folder per day or per site), but not hidden ones such as
    # .ipynb_checkpoints, whose copies would load as repeats.
    files = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    found = [p for p in files if p.suffix.lower() == ".txt"]
    if not found:
        there = ", ".join(p.relative_to(folder).as_posix() for p in files[:5])
        more = ", ..." if len(files) > 5 else ""
        raise InputError(
            f"{folder}: directory has no *.txt dumps"
            + (f" (it holds {there}{more}); save the dumps as .txt files" if files else "")
        )
    return found


def source_names(paths: Sequence[Path]) -> list[str]:
    """File names, or paths relative to the common folder when two names collide."""
    names = [p.name for p in paths]
    if len(set(names)) == len(names):
        return names
    root = Path(os.path.commonpath([str(p.parent) for p in paths]))
    return [p.relative_to(root).as_posix() for p in paths]


# --------------------------------------------------------------------------- reading


# How documents that are text but no dump begin (after white space): their markup would
# load as stories of junk.
_DOCUMENTS = (
    (re.compile(r"%PDF-"), "a PDF document", "export its text"),
    (re.compile(r"\{\\rtf"), "an RTF document", "save it as plain text"),
    (
        re.compile(r"<(?:!doctype\s+html|html[\s>]|\?xml\s)", re.IGNORECASE),
        "an HTML or XML page",
        "save the page's text",
    ),
)


# What may come before a saved page's <!DOCTYPE> or <html>: comments ("<!-- saved from
# url=... -->"), an XML declaration or processing instruction, and a template line or two.
_PREAMBLE = re.compile(r"\s*(?:<!--.*?-->|<\?.*?\?>)", re.DOTALL)
_PAGE_START = re.compile(r"\s*<(?:!doctype\s+html|html[\s>]|head[\s>]|\?xml\s)", re.IGNORECASE)
_PAGE_HEAD_LINES = 5


def _refuse_documents(start: str, path: Path) -> None:
    start = start.lstrip("\ufeff \t\r\n\xa0")
    after = start
    while m := _PREAMBLE.match(after):
        after = after[m.end() :]
    found = [(pattern, what, fix) for pattern, what, fix in _DOCUMENTS if pattern.match(start)]
    head = [line for line in after.lstrip().splitlines()[:_PAGE_HEAD_LINES] if line.strip()]
    if not found and any(_PAGE_START.match(line) for line in [after.lstrip(), *head]):
        found = [_DOCUMENTS[-1]]
    for _pattern, what, fix in found:
        raise InputError(
            f"{path}: looks like {what}, not a text dump; {fix}, one paragraph per line"
        )


def _decode(data: bytes, path: Path) -> str:
    if not data.strip():
        raise InputError(f"{path}: file is empty; a dump has one paragraph per line")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
        _refuse_documents(text[:_BINARY_SNIFF], path)
        return text
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    head = data[:_BINARY_SNIFF]
    if (utf16 := _utf16_without_bom(head)) is not None:
        return _decode_utf16(data, utf16, path)
    # Before the binary check, so that a PDF with binary streams is named as one.
    _refuse_documents(head.decode("latin-1"), path)
    if b"\x00" in head or _mostly_controls(head):
        raise InputError(
            f"{path}: looks like a binary file, not a text dump "
            f"(expected UTF-8 or cp1252 text with one paragraph per line)"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line_no = data.count(b"\n", 0, err.start) + 1
        warn_caller(f"{path}:{line_no}: not valid UTF-8; decoded the file as cp1252")
        # cp1252 leaves five bytes undefined; latin-1 maps them to C1 controls instead.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def _mostly_controls(codes: Sequence[int]) -> bool:
    """More than a tenth control codes (tab to carriage return aside): binary, not text."""
    return sum(c < 9 or 13 < c < 32 for c in codes) > 0.1 * len(codes)


def _utf16_without_bom(head: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` when ``head`` has the shape of UTF-16 text of
    Latin script saved without a byte-order mark (a NUL byte at most odd positions, or at
    most even ones, and next to none at the others), else ``None``."""
    pairs = len(head) // 2
    if pairs < 2:
        return None
    nul_even, nul_odd = head[0 : 2 * pairs : 2].count(0), head[1 : 2 * pairs : 2].count(0)
    if nul_odd >= 0.6 * pairs and nul_even <= 0.05 * pairs:
        return "utf-16-le"
    if nul_even >= 0.6 * pairs and nul_odd <= 0.05 * pairs:
        return "utf-16-be"
    return None


def _decode_utf16(data: bytes, encoding: str, path: Path) -> str:
    """``data`` decoded as ``encoding`` (UTF-16 without a byte-order mark), with a warning
    that says so; an :class:`InputError` when it does not decode to text."""
    fix = (
        f"save it as UTF-8 (in a text editor, or with "
        f"iconv -f {encoding.replace('-16-', '-16')} -t utf-8 {path.name} > "
        f"{path.stem}-utf8.txt)"
    )
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputError(
            f"{path}: looks like {encoding.upper()} text without a byte-order mark, but byte "
            f"{err.start} does not decode as {encoding.upper()}; {fix}"
        ) from err
    head = text[:_BINARY_SNIFF]
    if _mostly_controls([ord(c) for c in head]):
        raise InputError(f"{path}: looks like a binary file, not a text dump")
    _refuse_documents(head, path)
    warn_caller(
        f"{path}: looks like {encoding.upper()} text without a byte-order mark (a NUL byte "
        f"beside every letter); decoded it as {encoding.upper()}. To be sure it is read "
        f"right, {fix}"
    )
    return text


def _split_lines(text: str) -> list[str]:
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


def _repair(line: str) -> str:
    # UTF-8 read as Latin-1/cp1252 always leaves a lead byte's character (U+00C2-U+00F4)
    # or a C1 control behind; a line with neither has nothing for ftfy to fix.
    if line.isascii() or not _MOJIBAKE_HINT.search(line):
        return line
    return ftfy.fix_text(line, _FTFY_CONFIG)


def _warn_lost_characters(lines: list[str], path: Path) -> None:
    """Name the lines holding U+FFFD: a character some earlier decoding could not read
    and replaced, which no repair brings back ("“return hubs�")."""
    damaged = [n for n, line in enumerate(lines, 1) if "\ufffd" in line]
    if damaged:
        listed = ", ".join(map(str, damaged[:5])) + (", ..." if len(damaged) > 5 else "")
        warn_caller(
            f"{path}:{damaged[0]}: {len(damaged)} line(s) hold the replacement character "
            f"U+FFFD, a character lost before the file was saved; their text is damaged "
            f"there (lines {listed})"
        )


def read_file(path: Path) -> RawFile:
    """Read, decode and split one dump, repairing mojibake line by line.

    Raises :class:`InputError` for an unreadable, empty or binary file, or a PDF, RTF,
    HTML or XML document saved as text.
    """
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror})") from err
    text = _decode(data, path)
    originals_raw = _split_lines(text)
    lines = [_repair(line) for line in originals_raw]
    _warn_lost_characters(lines, path)
    originals = [o if o != r else None for o, r in zip(originals_raw, lines)]
    # Of the lines before repair: neither line endings, a BOM, the encoding nor a
    # newer ftfy changes it, and anything that moves or edits a line does.
    digest = hashlib.sha256("\n".join(originals_raw).encode("utf-8", "surrogatepass"))
    return RawFile(lines, originals, digest.hexdigest())
