"""Story starts given by a user instead of the segmenter's: checked, per file.

A user fixes a cut by hand, or pins a published analysis's stories, by passing start
lines (a mapping or a saved stories frame) to :func:`toolkit.load_dump`. This module reads
them, refuses a start inside a furniture group (a video's duration or title, a tag's
"Related Topics:" line) and warns when a saved table's file has changed since.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit.errors import InputError
from toolkit.load.files import warn_caller
from toolkit.schema import PARAGRAPH_KINDS

__all__ = ["StartsLike", "check_pinned", "given_starts", "starts_by_source"]

StartsLike = Mapping[str, Iterable[int]] | pd.DataFrame

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
    after = next((j for j in range(start, len(kinds)) if kinds[j] in PARAGRAPH_KINDS), None)
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




def given_starts(
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
        if not PARAGRAPH_KINDS.intersection(kinds[lo:hi]):
            warn_caller(
                f"{path}:{lo + 1}: the story given to start here has no body paragraph "
                f"({f'line {hi} is' if hi == lo + 1 else f'lines {lo + 1}-{hi} are'} "
                f"furniture or blank)"
            )
        tags = [i + 1 for i in range(lo, hi) if kinds[i] == "topic_tag"]
        if len(tags) > 1:
            warn_caller(
                f"{path}:{lo + 1}: the story given to start here holds the tags at lines "
                f"{', '.join(map(str, tags))}; it takes the first one's topic (give a start "
                f"between them to keep both)"
            )
    return sorted(starts)


def starts_by_source(starts: StartsLike | None, sources: Sequence[str]) -> dict[str, list]:
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



def check_pinned(stories: list[dict], starts: StartsLike | None) -> None:
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
            warn_caller(
                f"{source}: the file has changed since the stories table was saved (its "
                f"lines' SHA-256 was {min(given_shas)[:12]}..., is {now_sha[source][:12]}...), "
                f"so the start lines given for it may point elsewhere than intended"
            )
    for source, given_ids in saved_ids.items():
        if (
            source not in saved_sha
            and len(given_ids) > 1
            and not given_ids & now_ids.get(source, set())
        ):
            warn_caller(
                f"{source}: none of the {len(given_ids)} stories given for it has its saved "
                f"story_id: the file has changed since the table was saved (or every cut in "
                f"it was edited), so its start lines may point elsewhere than intended"
            )

