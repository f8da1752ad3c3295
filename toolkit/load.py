"""Load raw news dumps: files -> classified lines -> stories.

A dump is a text file with one paragraph per line and stories back to back, with page
furniture mixed in: video-player notices followed by a duration and the video's title,
``More on X`` topic tags followed by ``Related Topics:``, and ``Image: ... Pic: ...``
captions. :func:`dump_lines` returns every input line exactly once with its kind and the
story it belongs to; :func:`load_dump` returns one row per story. Both come from the same
parse, so the accounting between them is exact.

Line numbers are the ones an editor or ``sed -n`` shows: a line ends at ``\\n`` only (an
``\\r`` before it is dropped), never at the other characters ``str.splitlines()`` breaks on
(vertical tab, form feed, ``\\x1c``-``\\x1e``, ``\\x85``, U+2028, U+2029).
"""

from __future__ import annotations

import bisect
import glob
import hashlib
import itertools
import math
import os
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import ftfy
import numpy as np
import pandas as pd

from toolkit import segment
from toolkit.errors import InputError, ToolkitWarning

__all__ = [
    "FURNITURE",
    "KINDS",
    "PathsLike",
    "StartsLike",
    "ToolkitWarning",
    "dump_lines",
    "load_dump",
]

PathsLike = str | os.PathLike | Iterable[str | os.PathLike]
StartsLike = Mapping[str, Iterable[int]] | pd.DataFrame

#: Every value of ``dump_lines()["kind"]``.
KINDS = (
    "body",
    "blank",
    "video_notice",
    "video_duration",
    "video_title",
    "topic_tag",
    "related_topics",
    "image_caption",
)
#: Kinds that are page furniture: never part of a story's ``text``.
FURNITURE = frozenset(KINDS) - {"body", "blank"}

# Longer than any real notice, title or tag: a long line is body text whatever it says.
_MAX_FURNITURE_CHARS = 300
_MAX_TITLE_WORDS = 25
_MAX_TOPIC_WORDS = 8
_BINARY_SNIFF = 8192

_DURATION = re.compile(r"\s*(?:\d{1,2}:)?\d{1,2}:[0-5]\d\s*")
_NOTICE = re.compile(
    r"\b(?:video|media|audio)\s+player\b"
    r"|\bvideo\b.{0,60}\b(?:can ?not|could not|is not|isn't|unable to)\b.{0,20}\bplay"
    r"|\bbrowser\b.{0,80}\bvideo\b|\bvideo\b.{0,80}\bbrowser\b"
    r"|\benable\s+javascript\b",
    re.IGNORECASE,
)
_TOPIC_TAG = re.compile(r"\s*More\s+on\s+(?P<topic>\S.*?)\s*")
_RELATED = re.compile(r"\s*Related\s+topics\s*:?(?P<rest>.*)", re.IGNORECASE)
_CAPTION = re.compile(r"\s*(?:Image|Picture|Photo(?:graph)?|Pic)\s*\d*\s*:\s*\S", re.IGNORECASE)
_CAPTION_LABEL = re.compile(r"\s*(?:Image|Picture|Photo(?:graph)?|Pic)\s*\d*\s*:", re.IGNORECASE)
# A caption's credit ("Pic: PA") names who took the picture, not what it shows.
_CREDIT = re.compile(r"[.\s]*\b(?:Pic|Picture|Photo|Credit)(?:\s+credit)?\s*:.*$", re.IGNORECASE)
_TERMINAL = re.compile(r"[.!?;:,]['\"’”)\]]*\s*$")
_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")
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
class _ParsedFile:
    source: str
    lines: list[str]
    originals: list[str | None]
    kinds: list[str]
    story_of_line: list[int]
    story_starts: list[int]  # 0-based line index where each story starts
    paragraph_of_line: list[int | None]
    margin_of_line: list[float | None]  # the segmenter's cut margin, None where none weighed
    lines_sha256: str  # of its lines as read, so that a saved table knows the file it came from


# --------------------------------------------------------------------------- paths


def resolve_paths(paths: PathsLike) -> list[Path]:
    """The dump files ``paths`` names, in load order, each once.

    Accepts what :func:`load_dump` accepts; raises :class:`InputError` for a missing path,
    a folder without ``*.txt`` files or a glob that matches nothing.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    resolved: list[Path] = []
    for item in paths:
        if not isinstance(item, (str, os.PathLike)):
            raise InputError(
                f"expected a path, a glob or a list of them, got {type(item).__name__}"
            )
        path = Path(item)
        if path.is_dir():
            found = sorted(p for p in path.glob("*.txt") if p.is_file())
            if not found:
                raise InputError(f"{path}: directory has no *.txt dumps")
            resolved.extend(found)
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


def _source_names(paths: Sequence[Path]) -> list[str]:
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


def _refuse_documents(start: str, path: Path) -> None:
    start = start.lstrip("\ufeff \t\r\n\xa0")
    for pattern, what, fix in _DOCUMENTS:
        if pattern.match(start):
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
    # Before the binary check, so that a PDF with binary streams is named as one.
    _refuse_documents(head.decode("latin-1"), path)
    controls = sum(b < 9 or 13 < b < 32 for b in head)
    if b"\x00" in head or controls > 0.1 * len(head):
        raise InputError(
            f"{path}: looks like a binary file, not a text dump "
            f"(expected UTF-8 or cp1252 text with one paragraph per line)"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line_no = data.count(b"\n", 0, err.start) + 1
        warnings.warn(
            f"{path}:{line_no}: not valid UTF-8; decoded the file as cp1252",
            ToolkitWarning,
            stacklevel=4,
        )
        # cp1252 leaves five bytes undefined; latin-1 maps them to C1 controls instead.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


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


# --------------------------------------------------------------------------- classifying


def _n_words(text: str) -> int:
    return len(text.split())


def _is_short(line: str, max_words: int) -> bool:
    return len(line) <= _MAX_FURNITURE_CHARS and _n_words(line) <= max_words


def _classify(lines: Sequence[str]) -> list[str]:
    """Kind of each line, by its shape and by the lines around it."""
    kinds = ["body"] * len(lines)
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    for i, line in enumerate(lines):
        if not line.strip():
            kinds[i] = "blank"
    following = dict(itertools.pairwise(nonblank))

    for i in nonblank:
        line = lines[i]
        if len(line) > _MAX_FURNITURE_CHARS:
            continue
        nxt = following.get(i)
        if _DURATION.fullmatch(line):
            kinds[i] = "video_duration"
        elif _CAPTION.match(line):
            kinds[i] = "image_caption"
        elif (m := _RELATED.fullmatch(line)) and _n_words(m["rest"]) <= _MAX_TOPIC_WORDS:
            kinds[i] = "related_topics"
        elif (m := _TOPIC_TAG.fullmatch(line)) and _is_tag(m["topic"], lines, nxt):
            kinds[i] = "topic_tag"
        elif (
            _is_short(line, _MAX_TITLE_WORDS)
            and _NOTICE.search(line)
            and (
                not _TERMINAL.search(line) or (nxt is not None and _DURATION.fullmatch(lines[nxt]))
            )
        ):
            kinds[i] = "video_notice"

    # A video's title is the first line after its duration (or after a notice with no
    # duration); it is short, whatever punctuation it ends with.
    for i in nonblank:
        if kinds[i] not in ("video_duration", "video_notice"):
            continue
        nxt = following.get(i)
        if nxt is None or kinds[nxt] != "body" or not _is_short(lines[nxt], _MAX_TITLE_WORDS):
            continue
        if kinds[i] == "video_notice" and _DURATION.fullmatch(lines[nxt] or ""):
            continue
        if kinds[i] == "video_notice" and _TERMINAL.search(lines[nxt]):
            continue
        kinds[nxt] = "video_title"
    return kinds


def _is_tag(topic: str, lines: Sequence[str], nxt: int | None) -> bool:
    if _n_words(topic) > _MAX_TOPIC_WORDS or _TERMINAL.search(topic):
        return False
    if nxt is not None and _RELATED.fullmatch(lines[nxt]):
        return True
    return topic[:1].isupper()


def _segment_inputs(
    lines: Sequence[str], kinds: Sequence[str]
) -> tuple[list[int], list[int], list[str], list[tuple[int, str]]]:
    """What :func:`toolkit.segment.find_boundaries` takes from a file: the indices of its
    body lines, the tags' gaps among them, the tags' topics and the notes."""
    body, tags = segment.body_and_tags(kinds)
    topics = [_topic_of(line) for line, kind in zip(lines, kinds) if kind == "topic_tag"]
    return body, tags, topics, _notes(lines, kinds)


def _notes(lines: Sequence[str], kinds: Sequence[str]) -> list[tuple[int, str]]:
    """Video titles and image captions (without "Image:" and the credit) with the body
    paragraph each follows, for :func:`toolkit.segment.find_boundaries`."""
    notes = []
    paragraph = -1
    for line, kind in zip(lines, kinds):
        if kind == "body":
            paragraph += 1
        elif kind == "video_title":
            notes.append((paragraph, line))
        elif kind == "image_caption":
            label = _CAPTION_LABEL.match(line)
            notes.append((paragraph, _CREDIT.sub("", line[label.end() if label else 0 :])))
    return notes


def _topic_of(line: str) -> str:
    m = _TOPIC_TAG.fullmatch(line)
    assert m is not None
    return m["topic"]


# --------------------------------------------------------------------------- stories


def _parse_file(path: Path, source: str, given: Sequence[int] | None = None) -> _ParsedFile:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror})") from err
    text = _decode(data, path)
    originals_raw = _split_lines(text)
    lines = [_repair(line) for line in originals_raw]
    originals = [o if o != r else None for o, r in zip(originals_raw, lines)]
    kinds = _classify(lines)

    margin_of_line: list[float | None] = [None] * len(lines)
    if given is not None:
        body = segment.body_and_tags(kinds)[0]
        story_starts = _given_starts(given, kinds, path, source)
    else:
        body, tag_gaps, tag_topics, notes = _segment_inputs(lines, kinds)
        starts_par, margins = segment._segment(
            [lines[i] for i in body], tag_gaps, tag_topics, notes, margins=True
        )
        for line_idx, margin in zip(body, margins.tolist()):
            if not math.isnan(margin):
                margin_of_line[line_idx] = margin
        # A story starts at its first paragraph's line; furniture between two stories
        # stays with the earlier one, and anything before the first paragraph with the
        # first story.
        story_starts = [0] + [body[p] for p in starts_par if p > 0]
        story_starts = _one_tag_per_story(story_starts, kinds)
    body_pos = {line_idx: n for n, line_idx in enumerate(body)}

    story_of_line = [0] * len(lines)
    paragraph_of_line: list[int | None] = [None] * len(lines)
    story = 0
    paragraph = 0
    for i in range(len(lines)):
        if story + 1 < len(story_starts) and i == story_starts[story + 1]:
            story += 1
            paragraph = 0
        story_of_line[i] = story
        if i in body_pos:
            paragraph += 1
            paragraph_of_line[i] = paragraph
    return _ParsedFile(
        source,
        lines,
        originals,
        kinds,
        story_of_line,
        story_starts,
        paragraph_of_line,
        margin_of_line,
        # Of the lines before repair: neither line endings, a BOM, the encoding nor a
        # newer ftfy changes it, and anything that moves or edits a line does.
        hashlib.sha256("\n".join(originals_raw).encode("utf-8", "surrogatepass")).hexdigest(),
    )


def _one_tag_per_story(starts: list[int], kinds: Sequence[str]) -> list[int]:
    """Split a story holding two tags at its second tag's line.

    The segmenter keeps tags apart whenever body text lies between them; tags with no body
    between them ("More on X" twice in a row) can only be parted here.
    """
    tags = [i for i, kind in enumerate(kinds) if kind == "topic_tag"]
    bounds = starts + [len(kinds)]
    extra = []
    for lo, hi in itertools.pairwise(bounds):
        inside = tags[bisect.bisect_left(tags, lo) : bisect.bisect_left(tags, hi)]
        extra.extend(t for t in inside[1:] if t != lo)
    return sorted(set(starts) | set(extra))


# Furniture lines that belong to the line before them (blank lines aside), and what the
# group they continue is called.
_CONTINUES = {
    "video_duration": ("video_notice",),
    "video_title": ("video_notice", "video_duration"),
    "related_topics": ("topic_tag",),
}
_PART_NAMES = {
    "video_duration": "duration",
    "video_title": "title",
    "related_topics": '"Related Topics:" line',
}
_GROUP_NAMES = {
    "video_notice": "video",
    "video_duration": "video",
    "topic_tag": '"More on" tag',
}


def _furniture_head(i: int, kinds: Sequence[str]) -> int:
    """First line of the furniture group line ``i`` is part of (``i`` itself for a body
    line or a group's first line): a video's notice, duration and title, or a tag and its
    "Related Topics:" line, go together."""
    while kinds[i] in _CONTINUES:
        before = i - 1
        while before >= 0 and kinds[before] == "blank":
            before -= 1
        if before < 0 or kinds[before] not in _CONTINUES[kinds[i]]:
            break
        i = before
    return i


def _check_not_inside_furniture(start: int, kinds: Sequence[str], path: Path, source: str) -> None:
    """Refuse a given start that would split a furniture group, naming where it could go."""
    # A blank line splits the group that the next non-blank line belongs to.
    probe = next((j for j in range(start, len(kinds)) if kinds[j] != "blank"), None)
    if probe is None or (head := _furniture_head(probe, kinds)) >= start:
        return
    group = _GROUP_NAMES[kinds[head]]
    part = (
        "a blank line inside" if kinds[start] == "blank" else f"the {_PART_NAMES[kinds[start]]} of"
    )
    after = next((j for j in range(start, len(kinds)) if kinds[j] == "body"), None)
    options = []
    if head > 0 and after is not None:
        options.append(f"start at line {head + 1} (the {group} goes with the new story)")
    if after is not None:
        options.append(f"start at line {after + 1}, the next paragraph")
    options.append("drop this start")
    raise InputError(
        f"{path}:{start + 1}: starts gives line {start + 1} for {source!r}, which is {part} "
        f"the {group} at line {head + 1}; a story cannot start inside it: " + ", or ".join(options)
    )


def _given_starts(
    given: Sequence[object], kinds: Sequence[str], path: Path, source: str
) -> list[int]:
    """0-based story starts from the 1-based start lines a user gave for one file."""
    n_lines = len(kinds)
    starts = {0}
    for line in given:
        try:
            # Numbers as text too: a hand-edited CSV column with one typo is read as text.
            value = float(line)  # type: ignore[arg-type]
            whole = not isinstance(line, bool | np.bool_) and value.is_integer()
        except (TypeError, ValueError):
            whole = False
        if not whole or not 1 <= value <= n_lines:
            raise InputError(
                f"{path}: starts gives {line!r} for {source!r}, which is no line to start a "
                f"story at; valid start lines are whole numbers from 1 to {n_lines}"
            )
        start = int(value) - 1
        _check_not_inside_furniture(start, kinds, path, source)
        starts.add(start)
    bounds = sorted(starts) + [n_lines]
    for lo, hi in itertools.pairwise(bounds):
        if "body" not in kinds[lo:hi]:
            warnings.warn(
                f"{path}:{lo + 1}: the story given to start here has no body paragraph "
                f"({f'line {hi} is' if hi == lo + 1 else f'lines {lo + 1}-{hi} are'} "
                f"furniture or blank)",
                ToolkitWarning,
                stacklevel=5,
            )
        tags = [i + 1 for i in range(lo, hi) if kinds[i] == "topic_tag"]
        if len(tags) > 1:
            warnings.warn(
                f"{path}:{lo + 1}: the story given to start here holds the tags at lines "
                f"{', '.join(map(str, tags))}; it takes the first one's topic (give a start "
                f"between them to keep both)",
                ToolkitWarning,
                stacklevel=5,
            )
    return sorted(starts)


def _starts_by_source(starts: StartsLike | None, sources: Sequence[str]) -> dict[str, list]:
    """``starts`` as ``{source: [start lines]}``, checked against the loaded sources."""
    if starts is None:
        return {}
    if isinstance(starts, pd.DataFrame):
        missing = [c for c in ("source", "start_line") if c not in starts.columns]
        if missing:
            listed = ", ".join(map(str, starts.columns)) or "none"
            raise InputError(
                f"starts: the frame has no {' or '.join(map(repr, missing))} column "
                f"(columns: {listed}); a stories frame from load_dump() has both"
            )
        if starts.columns.duplicated().any():
            raise InputError("starts: the frame has two columns of one name; keep one of each")
        for column in ("source", "start_line"):
            if starts[column].isna().any():
                raise InputError(
                    f"starts: {column!r} has missing values in rows "
                    f"{', '.join(map(str, starts.index[starts[column].isna()][:5]))}; "
                    f"give a file and a line number per row"
                )
        by_source: dict[str, list] = {}
        for source, line in zip(starts["source"].astype(str), starts["start_line"]):
            by_source.setdefault(source, []).append(line)
    elif isinstance(starts, Mapping):
        by_source = {}
        for source, lines in starts.items():
            if isinstance(lines, str | bytes) or not isinstance(lines, Iterable):
                raise InputError(
                    f"starts[{source!r}] is {lines!r}; give a list of start lines, e.g. [31, 58]"
                )
            by_source[str(source)] = list(lines)
    else:
        raise InputError(
            f"starts takes a mapping of source to start lines or a frame with 'source' and "
            f"'start_line' columns, got {type(starts).__name__}"
        )
    unknown = sorted(set(by_source) - set(sources))
    if unknown:
        raise InputError(
            f"starts names {len(unknown)} file(s) not loaded here: "
            f"{', '.join(map(repr, unknown[:5]))}; loaded: {', '.join(map(repr, sources[:5]))}"
            f"{' ...' if len(sources) > 5 else ''}. Source names are relative to the files "
            f"loaded together; keep only the rows of the loaded files, "
            f"e.g. saved[saved['source'].isin(loaded)]"
        )
    return by_source


def _check_pinned(stories: list[dict], starts: StartsLike | None) -> None:
    """Warn when given starts come from a saved stories frame whose file has changed
    since: its line numbers may now point elsewhere.

    A file's ``lines_sha256`` in the frame says so exactly. For a file the frame has no
    hash for (a table from an earlier release, or made by hand), its ``story_id``
    values are the evidence: when none comes back, its lines have moved.
    """
    if not isinstance(starts, pd.DataFrame):
        return
    now_sha = {row["source"]: row["lines_sha256"] for row in stories}
    now_ids: dict[str, set] = {}
    for row in stories:
        now_ids.setdefault(row["source"], set()).add(row["story_id"])
    saved_sha: dict[str, set] = {}
    saved_ids: dict[str, set] = {}
    blank = pd.Series(pd.NA, index=starts.index, dtype="string")
    shas = starts.get("lines_sha256", blank).astype("string").str.strip().replace("", pd.NA)
    ids = starts.get("story_id", blank).astype("string")
    for source, sha, story_id in zip(starts["source"].astype(str), shas, ids):
        if not pd.isna(sha):
            saved_sha.setdefault(source, set()).add(sha)
        elif not pd.isna(story_id):
            saved_ids.setdefault(source, set()).add(story_id)
    for source, given_shas in saved_sha.items():
        if source in now_sha and given_shas != {now_sha[source]}:
            warnings.warn(
                f"{source}: the file has changed since the stories table was saved (its "
                f"lines' SHA-256 was {min(given_shas)[:12]}..., is {now_sha[source][:12]}...), "
                f"so the start lines given for it may point elsewhere than intended",
                ToolkitWarning,
                stacklevel=3,
            )
    for source, given_ids in saved_ids.items():
        if (
            source not in saved_sha
            and len(given_ids) > 1
            and not given_ids & now_ids.get(source, set())
        ):
            warnings.warn(
                f"{source}: none of the {len(given_ids)} stories given for it has its saved "
                f"story_id: the file has changed since the table was saved (or every cut in "
                f"it was edited), so its start lines may point elsewhere than intended",
                ToolkitWarning,
                stacklevel=3,
            )


def _story_id(source: str, start_line: int, text: str) -> str:
    digest = hashlib.sha256(f"{source}\0{start_line}\0{text}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:16]


def _parse(paths: PathsLike, starts: StartsLike | None = None) -> list[_ParsedFile]:
    resolved = resolve_paths(paths)
    names = _source_names(resolved)
    given = _starts_by_source(starts, names)
    return [_parse_file(p, name, given.get(name)) for p, name in zip(resolved, names)]


def _stories_of(parsed: _ParsedFile) -> list[dict]:
    rows = []
    bounds = parsed.story_starts + [len(parsed.lines)]
    for n, (lo, hi) in enumerate(itertools.pairwise(bounds)):
        paragraphs, line_nos, titles, captions, topic = [], [], [], [], None
        for i in range(lo, hi):
            kind = parsed.kinds[i]
            if kind == "body":
                paragraphs.append(parsed.lines[i])
                line_nos.append(i + 1)
            elif kind == "video_title":
                titles.append(parsed.lines[i])
            elif kind == "image_caption":
                captions.append(parsed.lines[i])
            elif kind == "topic_tag" and topic is None:
                topic = _topic_of(parsed.lines[i])
        text = "\n".join(paragraphs)
        rows.append(
            {
                "story_id": _story_id(parsed.source, lo + 1, text),
                "source": parsed.source,
                "story_no": n + 1,
                "start_line": lo + 1,
                "end_line": hi,
                "topic": topic,
                "text": text,
                "lede": paragraphs[0] if paragraphs else None,
                "n_paragraphs": len(paragraphs),
                "n_words": _n_words(text),
                "video_titles": titles,
                "image_captions": captions,
                "paragraph_lines": line_nos,
                "cut_margin": parsed.margin_of_line[lo] if n else None,
                "lines_sha256": parsed.lines_sha256,
            }
        )
    return rows


_STORY_DTYPES = {
    "story_id": "string",
    "source": "string",
    "story_no": "Int64",
    "start_line": "Int64",
    "end_line": "Int64",
    "topic": "string",
    "text": "string",
    "lede": "string",
    "n_paragraphs": "Int64",
    "n_words": "Int64",
    "video_titles": "object",
    "image_captions": "object",
    "paragraph_lines": "object",
    "cut_margin": "Float64",
    "lines_sha256": "string",
}


def load_dump(paths: PathsLike, starts: StartsLike | None = None) -> pd.DataFrame:
    """Load one or more raw dumps into a frame with one row per story.

    Parameters
    ----------
    paths
        A file, a directory (its ``*.txt`` files), a glob, or a list of them.
    starts
        Story starts to use instead of the segmenter's, for some or all files: a mapping
        of ``source`` (as in the result) to 1-based start lines, or a frame with
        ``source`` and ``start_line`` columns, such as a stories frame saved earlier.
        Line 1 always starts a story; each given line starts one (a story given two
        tags takes the first one's topic and warns; one given no body paragraph warns),
        except a line inside a furniture group (a video's duration or title, a tag's
        "Related Topics:" line), which raises :class:`InputError` naming the group's
        first line and the next paragraph; an empty list makes the file one story. Line numbers
        refer to the file as it is now: when a saved frame's ``lines_sha256`` differs
        from the file's (or, in a frame without that column, none of a file's
        ``story_id`` values comes back), the file has changed since, and a warning says
        so.
        Files it does not name are segmented as usual. Use it to fix a cut by hand, or to
        pin a published analysis's stories so that a later release's segmenter cannot
        move them.

    Returns
    -------
    pandas.DataFrame
        One row per story, in file and line order, with columns:

        ``story_id`` (string)
            16 hex digits, a hash of source, start line and text: the same on every run
            and machine for the same file.
        ``source`` (string)
            The file's name (its path relative to the common folder when names collide).
        ``story_no``, ``start_line``, ``end_line`` (Int64)
            Position of the story in its file; lines are 1-based and inclusive, as
            ``sed -n 'START,ENDp'`` shows them.
        ``topic`` (string)
            X of the story's ``More on X`` tag, ``<NA>`` when it has none.
        ``text`` (string)
            Body paragraphs joined by ``"\\n"``; furniture removed, mojibake repaired.
        ``lede`` (string)
            The first body paragraph.
        ``n_paragraphs``, ``n_words`` (Int64)
            Counts of body paragraphs and of whitespace-separated words in ``text``.
        ``video_titles``, ``image_captions`` (list of str)
            Furniture worth keeping, in order.
        ``paragraph_lines`` (list of int)
            The line number of each paragraph of ``text``: provenance for sentences,
            keyword hits and quotations.
        ``cut_margin`` (Float64)
            How sure the segmenter was of the cut that starts the story: the score of its
            best segmentation less that of the best one without this cut (log-odds
            units; under 4 is a close call worth reading, see :func:`dump_lines`).
            ``inf`` where two tags with one paragraph between them leave the cut no
            other place; 0 for a tie, or for a cut made only because a story is scored
            whole up to 150 paragraphs and this one is longer. ``<NA>`` for a file's
            first story, for a story split off at a second tag with no paragraph
            between the two, and for starts given in ``starts``.
        ``lines_sha256`` (string)
            SHA-256 of the file's lines as read, before repair (line endings, a BOM and
            the encoding do not change it): a saved table given back as ``starts`` warns
            when its file's lines have changed since.

    Raises
    ------
    InputError
        A missing path, a directory with no dumps, an empty or binary file, a PDF, RTF
        or HTML document saved as text; ``starts`` naming a file that is not loaded, a
        line the file does not have, or a line inside a furniture group. Nothing is
        returned half-loaded.

    Warns
    -----
    ToolkitWarning
        A file that is not valid UTF-8 (it is decoded as cp1252); given ``starts`` that
        make a story with no body paragraph or with two tags, or that come from a saved
        table whose file has changed since.

    Examples
    --------
    >>> stories = load_dump("data/")
    >>> stories[["start_line", "end_line", "topic"]].head(2)  # doctest: +SKIP
       start_line  end_line    topic
    0           1        30   Kosovo
    1          31        57   Online Safety Bill
    >>> fixed = load_dump("data/", starts=stories[["source", "start_line"]])  # doctest: +SKIP
    """
    rows = [row for parsed in _parse(paths, starts) for row in _stories_of(parsed)]
    _check_pinned(rows, starts)
    return pd.DataFrame(rows, columns=list(_STORY_DTYPES)).astype(_STORY_DTYPES)


_LINE_DTYPES = {
    "source": "string",
    "line_no": "Int64",
    "text": "string",
    "kind": pd.CategoricalDtype(KINDS),
    "story_id": "string",
    "paragraph_no": "Int64",
    "original": "string",
    "cut_margin": "Float64",
}


def dump_lines(paths: PathsLike, starts: StartsLike | None = None) -> pd.DataFrame:
    """Every line of the dumps exactly once, with its kind and its story.

    Parameters
    ----------
    paths, starts
        As for :func:`load_dump`.

    Returns
    -------
    pandas.DataFrame
        One row per input line, with columns ``source``, ``line_no`` (1-based),
        ``text`` (the line, mojibake repaired), ``kind`` (one of :data:`KINDS`),
        ``story_id`` (as in :func:`load_dump`), ``paragraph_no`` (1-based position of a
        body line in its story's ``text``, ``<NA>`` for other kinds), ``original``
        (the line before repair, ``<NA>`` when repair changed nothing) and
        ``cut_margin`` (Float64: on a body line where the segmenter weighed starting a
        story, the score of its best segmentation with a story starting there less that
        of the best one without: positive where one starts, negative where none does,
        near zero for a close call; ``inf`` and 0 as for :func:`load_dump`; ``<NA>`` on
        other lines, on line 1, and in files whose ``starts`` were given).

    Examples
    --------
    >>> lines = dump_lines("data/")
    >>> lines["kind"].value_counts()["video_notice"]  # doctest: +SKIP
    7
    >>> close_calls = lines[lines["cut_margin"].abs() < 4]  # read the lines around them
    """
    frames = []
    rows = []
    for parsed in _parse(paths, starts):
        stories = _stories_of(parsed)
        rows += stories
        ids = [row["story_id"] for row in stories]
        frames.append(
            pd.DataFrame(
                {
                    "source": parsed.source,
                    "line_no": range(1, len(parsed.lines) + 1),
                    "text": parsed.lines,
                    "kind": parsed.kinds,
                    "story_id": [ids[s] for s in parsed.story_of_line],
                    "paragraph_no": parsed.paragraph_of_line,
                    "original": parsed.originals,
                    "cut_margin": parsed.margin_of_line,
                }
            )
        )
    _check_pinned(rows, starts)
    return pd.concat(frames, ignore_index=True).astype(_LINE_DTYPES)
