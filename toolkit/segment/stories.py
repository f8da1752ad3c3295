"""Stories from dumps: read, classify, cut, and account for every line.

:func:`load_dump` returns one row per story and :func:`dump_lines` every input line
exactly once with its kind and its story. Both come from the same parse of each file
(:func:`toolkit.load.read_file`, :func:`toolkit.load.classify_lines`, then
:func:`toolkit.segment.find_boundaries` or the starts a user gave), so the accounting
between them is exact.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from toolkit.errors import InputError, ToolkitWarning, check_name
from toolkit.load import (
    PARAGRAPH_KINDS,
    PathsLike,
    RawFile,
    StartsLike,
    body_and_tags,
    check_pinned,
    furniture_notes,
    furniture_text,
    given_starts,
    line_kinds,
    n_words,
    paragraph_text,
    read_file,
    resolve_paths,
    source_names,
    starts_by_source,
    tag_topic,
    warn_caller,
)
from toolkit.schema import LINE_COLUMNS, STORY_COLUMNS
from toolkit.segment.anchors import repeat_priors
from toolkit.segment.boundaries import segment_paragraphs
from toolkit.segment.cues import page_cues, settle_headlines
from toolkit.segment.repeats import added_paragraphs, find_repeats

__all__ = ["ON_ERROR", "dump_lines", "load_dump", "require_stories"]

#: Values of ``on_error``: stop at the first file that is no dump, or skip it and go on.
ON_ERROR = ("raise", "skip")


@dataclass
class _ParsedFile:
    source: str
    lines: list[str]  # as they go into the frames: mojibake repaired, a bullet's marker off
    originals: list[str | None]  # the line as read, None where the loader changed nothing
    kinds: list[str]
    guessed: list[bool]  # furniture by context alone
    story_of_line: list[int]  # -1 for the lines of a file with no paragraph at all
    story_starts: list[int]  # 0-based line index where each story starts
    cut_margins: list[float | None]  # the segmenter's margin of each story's cut
    paragraph_of_line: list[int | None]
    margin_of_line: list[float | None]  # the segmenter's cut margin, None where none weighed
    lines_sha256: str  # of its lines as read, so that a saved table knows the file it came from


# Furniture that heads a story (a byline, a date, a subhead, a live blog's time): where a
# cut falls just after it, it goes with the story it heads, not the one before.
_LEAD_IN = frozenset({"byline", "dateline", "headline", "subhead", "timestamp"})
# The margin of a cut between two tags with no paragraph between them: the segmenter
# cannot weigh where the earlier story ends, so it is as unsure as a tie.
_TAG_CUT_MARGIN = 0.0


def _segmented_starts(
    lines: list[str], kinds: list[str], prior: np.ndarray | None = None
) -> tuple[list[int], list[float | None], list[float | None]]:
    """0-based story starts the segmenter finds, each cut's margin, and its margin on
    each line; ``prior``: log-odds per body paragraph from the other dumps."""
    body, tag_gaps = body_and_tags(kinds)
    if not body:
        return [], [], [None] * len(lines)
    tag_topics = [tag_topic(line) for line, kind in zip(lines, kinds) if kind == "topic_tag"]
    known = page_cues(lines, body, kinds)
    if known.any():
        prior = known if prior is None else prior + known
    starts_par, margins = segment_paragraphs(
        [lines[i] for i in body], tag_gaps, tag_topics, furniture_notes(lines, kinds),
        prior=prior,
    )  # fmt: skip
    margin_of_line: list[float | None] = [None] * len(lines)
    for line_idx, margin in zip(body, margins.tolist()):
        if not math.isnan(margin):
            margin_of_line[line_idx] = margin
    # A story starts at its first paragraph's line (or the byline, date or subhead right
    # before it); other furniture between two stories stays with the earlier one, and
    # anything before the first paragraph with the first story.
    cuts = {_lead_in(body[p], kinds): margin_of_line[body[p]] for p in starts_par if p > 0}
    cuts[0] = None
    cuts.update(_one_tag_per_story(sorted(cuts), kinds))
    starts = sorted(cuts)
    return starts, [cuts[s] for s in starts], margin_of_line


def _lead_in(start: int, kinds: Sequence[str]) -> int:
    """``start`` moved back over the bylines, dates and subheads (and blank lines among
    them) right before it."""
    j, head = start - 1, start
    while j > 0 and (kinds[j] == "blank" or kinds[j] in _LEAD_IN):
        if kinds[j] in _LEAD_IN:
            head = j
        j -= 1
    return head


def _parse_file(
    raw: RawFile,
    path: Path,
    source: str,
    classified: tuple[list[str], list[bool]],
    given: Sequence[int] | None = None,
    prior: np.ndarray | None = None,
) -> _ParsedFile:
    lines = raw.lines
    kinds, guessed = classified
    if given is not None:
        story_starts = given_starts(given, kinds, path, source)
        cut_margins: list[float | None] = [None] * len(story_starts)
        margin_of_line: list[float | None] = [None] * len(lines)
    else:
        story_starts, cut_margins, margin_of_line = _segmented_starts(lines, kinds, prior)
        settle_headlines(lines, kinds, guessed, story_starts)
        if not story_starts:
            warn_caller(
                f"{path}:1-{len(lines)}: no line of the file reads as story text (every "
                f"line is page furniture or blank), so it makes no story; dump_lines() "
                f"lists its lines with no story_id"
            )
    body_pos = set(body_and_tags(kinds)[0])
    story_of_line = [-1] * len(lines)
    paragraph_of_line: list[int | None] = [None] * len(lines)
    story = -1
    paragraph = 0
    for i in range(len(lines)):
        if story + 1 < len(story_starts) and i == story_starts[story + 1]:
            story += 1
            paragraph = 0
        story_of_line[i] = story
        if i in body_pos:
            paragraph += 1
            paragraph_of_line[i] = paragraph
    texts = [paragraph_text(line, kind) for line, kind in zip(lines, kinds)]
    originals = [
        original if original is not None else (line if text != line else None)
        for original, line, text in zip(raw.originals, lines, texts)
    ]
    return _ParsedFile(
        source, texts, originals, kinds, guessed, story_of_line, story_starts, cut_margins,
        paragraph_of_line, margin_of_line, raw.lines_sha256,
    )  # fmt: skip


def _one_tag_per_story(starts: list[int], kinds: Sequence[str]) -> dict[int, float]:
    """Cuts at a story's second tag, where a paragraph lies on either side of it.

    The segmenter keeps tags apart whenever body text lies between them; tags with no body
    between them ("More on X" twice in a row) can only be parted here. Each such cut is
    a close call (margin 0). A tag with no paragraph after it in its story (tags at the
    end of a file) stays with the story before: no story is made of furniture alone.
    """
    tags = [i for i, kind in enumerate(kinds) if kind == "topic_tag"]
    has_text = list(itertools.accumulate(kind in PARAGRAPH_KINDS for kind in kinds))
    has_text.insert(0, 0)  # has_text[i]: paragraphs before line i
    bounds = starts + [len(kinds)]
    extra = {}
    for lo, hi in itertools.pairwise(bounds):
        inside = tags[bisect.bisect_left(tags, lo) : bisect.bisect_left(tags, hi)]
        cut_from = lo
        for t in inside[1:]:
            if has_text[t] > has_text[cut_from] and has_text[hi] > has_text[t]:
                extra[t] = _TAG_CUT_MARGIN
                cut_from = t
    return extra


def _story_id(source: str, start_line: int, text: str) -> str:
    digest = hashlib.sha256(f"{source}\0{start_line}\0{text}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:16]


def _parse(
    paths: PathsLike, starts: StartsLike | None = None, on_error: str = "raise"
) -> tuple[list[_ParsedFile], dict[str, str]]:
    """The files parsed, and those skipped (``on_error="skip"``) with the reason."""
    check_name("on_error", on_error, ON_ERROR)
    resolved = resolve_paths(paths)
    names = source_names(resolved)
    given = starts_by_source(starts, names)
    raws, skipped = [], {}
    for path, name in zip(resolved, names):
        try:
            raws.append((read_file(path), path, name))
        except InputError as err:
            if on_error == "raise":
                raise
            skipped[name] = str(err)
    if skipped:
        if not raws:
            raise InputError(f"no file could be loaded: {'; '.join(skipped.values())}")
        unused = sorted(set(given) & set(skipped))
        if unused:
            raise InputError(
                f"starts names {', '.join(map(repr, unused))}, which could not be loaded: "
                f"{skipped[unused[0]]}"
            )
        listed = "; ".join(f"{name} ({why.split(': ', 1)[-1]})" for name, why in skipped.items())
        warn_caller(
            f"skipped {len(skipped)} of {len(resolved)} file(s) that could not be loaded: {listed}",
            "The frame's attrs['skipped'] lists them",
            about="skipped",
        )
    classified = [line_kinds(raw.lines) for raw, _, _ in raws]
    bodies = [
        [raw.lines[i] for i in body_and_tags(kinds)[0]]
        for (raw, _, _), (kinds, _) in zip(raws, classified)
    ]
    priors = repeat_priors(bodies)
    parsed = [
        _parse_file(raw, path, name, c, given.get(name), prior)
        for (raw, path, name), c, prior in zip(raws, classified, priors)
    ]
    return parsed, skipped


def _story_row(parsed: _ParsedFile, n: int, lo: int, hi: int) -> dict:
    paragraphs, line_nos, guesses, times = [], [], [], []
    found: dict[str, list[str]] = {kind: [] for kind in _COLUMN_OF}
    topic = time = None
    for i in range(lo, hi):
        kind = parsed.kinds[i]
        if kind in PARAGRAPH_KINDS:
            paragraphs.append(parsed.lines[i])
            line_nos.append(i + 1)
            times.append(time)
        elif kind == "timestamp":  # a live blog's entry starts: its paragraphs follow
            time = parsed.lines[i].strip()
        elif kind in _COLUMN_OF:
            said = furniture_text(parsed.lines[i], kind)
            if said or kind not in ("read_more", "subhead"):
                found[kind].append(said if kind not in _VERBATIM else parsed.lines[i])
        elif kind == "topic_tag" and topic is None:
            topic = tag_topic(parsed.lines[i])
        if parsed.guessed[i]:
            guesses.append(i + 1)
    text = "\n".join(paragraphs)
    columns: dict[str, list[str]] = {}
    for kind, column in _COLUMN_OF.items():
        columns.setdefault(column, []).extend(found[kind])
    return {
        "story_id": _story_id(parsed.source, lo + 1, text),
        "source": parsed.source,
        "story_no": n + 1,
        "start_line": lo + 1,
        "end_line": hi,
        "topic": topic,
        "text": text,
        "headline": columns["headline"][0] if columns["headline"] else None,
        "lede": paragraphs[0] if paragraphs else None,
        "n_paragraphs": len(paragraphs),
        "n_words": n_words(text),
        **{column: columns[column] for column in ("video_titles", "image_captions", "subheads",
                                                  "links", "bylines")},
        "published": columns["published"][0] if columns["published"] else None,
        "paragraph_lines": line_nos,
        "entry_times": times if time is not None else [],
        "furniture_guesses": guesses,
        "cut_margin": parsed.cut_margins[n],
        "lines_sha256": parsed.lines_sha256,
    }  # fmt: skip


# Furniture worth keeping, and the stories column it goes to (without its label).
_COLUMN_OF = {
    "video_title": "video_titles",
    "image_caption": "image_captions",
    "subhead": "subheads",
    "read_more": "links",
    "link": "links",
    "byline": "bylines",
    "credit": "bylines",
    "dateline": "published",
    "headline": "headline",
}
# Kept as they are, label and all (a caption's credit is part of what it says).
_VERBATIM = frozenset({"video_title", "image_caption"})


def _stories_of(parsed: _ParsedFile) -> list[dict]:
    bounds = parsed.story_starts + [len(parsed.lines)]
    return [_story_row(parsed, n, lo, hi) for n, (lo, hi) in enumerate(itertools.pairwise(bounds))]


def load_dump(
    paths: PathsLike, starts: StartsLike | None = None, *, on_error: str = "raise"
) -> pd.DataFrame:
    """Load one or more raw dumps into a frame with one row per story.

    Parameters
    ----------
    paths
        A file, a directory (its ``*.txt`` files, ``.TXT`` too, subfolders included,
        hidden ones aside), a glob, or a list of them.
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
    on_error
        ``"raise"`` (default): a file that is no dump (empty, binary, a saved web page,
        unreadable) stops the load with an :class:`InputError` naming it. ``"skip"``: such
        files are left out with one warning listing them and why; the frame's
        ``attrs["skipped"]`` maps each one's source name to the reason. Other errors
        (a missing path, bad ``starts``) still raise.

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
        ``video_titles``, ``image_captions``, ``subheads``, ``links``, ``bylines`` (list of str)
            Furniture worth keeping, in order: a link is a "Read more" headline or a
            bare URL; subheads, links and bylines without their label ("Read more:",
            "By", ``#``).
        ``published`` (string)
            The story's first date line ("Friday 11 September 2026 10:22, UK") without a
            "Published"/"Updated" label, as printed; ``<NA>`` when it has none.
        ``paragraph_lines`` (list of int)
            The line number of each paragraph of ``text``: provenance for sentences,
            keyword hits and quotations.
        ``entry_times`` (list of str or None)
            For a live blog (a story with time stamps such as "14:52" among its lines),
            the stamp of the entry each paragraph belongs to, as printed (None before the
            first); an empty list for a story with none.
        ``furniture_guesses`` (list of int)
            Line numbers of the story's lines that are furniture only by their
            neighbours (a video's title after its duration, a headline after a bare
            "Read more:"): on their own they would be text. Read them when a sentence
            seems missing.
        ``cut_margin`` (Float64)
            How sure the segmenter was of the cut that starts the story: the score of its
            best segmentation less that of the best one without this cut (log-odds
            units; under 4 is a close call worth reading, see :func:`dump_lines`).
            ``inf`` where two tags with one paragraph between them leave the cut no
            other place; 0 for a tie, for a story split off at a second tag with no
            paragraph between the two (where the earlier story ends is a guess), or for
            a cut made only because a story is scored whole up to 150 paragraphs and
            this one is longer. ``<NA>`` for a file's first story and for starts given
            in ``starts``.
        ``lines_sha256`` (string)
            SHA-256 of the file's lines as read, before repair (line endings, a BOM and
            the encoding do not change it): a saved table given back as ``starts`` warns
            when its file's lines have changed since.
        ``duplicate_of`` (string)
            For a story that repeats an earlier one (in load order, in the same file or
            another): the ``story_id`` of the first copy; ``<NA>`` for an original. See
            :mod:`toolkit.segment.repeats`: exact copies after normalising white space,
            quotes and case, and near copies (an edited sentence, an added or cut
            paragraph) sharing at least half their word 5-grams. The copies stay in the
            frame; :func:`toolkit.analyze`, :func:`toolkit.keyness` and the other
            functions count each story once unless given ``repeats="keep"``.
        ``similarity`` (Float64)
            For a repeat, the word 5-gram Jaccard similarity to the closest earlier
            story (1 for an exact copy); ``<NA>`` for an original.

    Every story has text: furniture before a file's first paragraph goes with its first
    story, furniture between stories with the story before (a byline, date, subhead or
    time stamp right before a story's first paragraph with that story), and a file with
    no paragraph at all makes no story (a warning names its lines).

    Raises
    ------
    InputError
        A missing path, a directory with no dumps, an empty or binary file, a PDF, RTF
        or HTML document saved as text (unless ``on_error="skip"``); ``starts`` naming a file that is not loaded, a
        line the file does not have, or a line inside a furniture group. Nothing is
        returned half-loaded.

    Warns
    -----
    ToolkitWarning
        A file that is not valid UTF-8 (it is decoded as cp1252); a file with no story
        text; files skipped with ``on_error="skip"``; given ``starts`` that
        make a story with no body paragraph or with two tags, or that come from a saved
        table whose file has changed since; stories that repeat earlier ones (once per
        load, with how many and how to list them).

    Examples
    --------
    >>> stories = load_dump("data/000_17ce1404ae1f217e.txt")
    >>> stories[["start_line", "end_line", "topic"]].head(2)
       start_line  end_line               topic
    0           1        30              Kosovo
    1          31        57  Online Safety Bill
    >>> fixed = load_dump("data/000_17ce1404ae1f217e.txt", starts=stories[["source", "start_line"]])
    """
    parsed_files, skipped = _parse(paths, starts, on_error)
    rows = [row for parsed in parsed_files for row in _stories_of(parsed)]
    check_pinned(rows, starts)
    _mark_repeats(rows)
    frame = pd.DataFrame(rows, columns=list(STORY_COLUMNS)).astype(STORY_COLUMNS)
    frame.attrs["skipped"] = skipped
    return frame


def _mark_repeats(rows: list[dict]) -> None:
    """Fill ``duplicate_of`` and ``similarity``, and warn once when there are repeats."""
    duplicate_of, similarity = find_repeats(
        [r["text"] for r in rows], [r["story_id"] for r in rows]
    )
    for row, original, score in zip(rows, duplicate_of, similarity):
        row["duplicate_of"], row["similarity"] = original, score
    n_exact = sum(score == 1.0 for score in similarity)
    n_near = sum(score is not None for score in similarity) - n_exact
    if n_exact or n_near:
        kinds = [f"{n} {one if n == 1 else many}" for n, one, many in
                 ((n_exact, "exact copy", "exact copies"), (n_near, "edited copy", "edited copies"))
                 if n]  # fmt: skip
        fact = (
            f"{n_exact + n_near} of {len(rows)} stories repeat an earlier one ({', '.join(kinds)})"
        )
        hint = (
            "analyze(), keyness() and the charts count each story once (repeats='keep' "
            "counts every copy). See them with stories[stories['duplicate_of'].notna()]"
        )
        about = "repeats"
        if added := _added(rows):
            about = "repeats_added"
            fact += (
                f"; {len(added)} edited {'copy holds' if len(added) == 1 else 'copies hold'} "
                f"paragraphs the original lacks, from {', '.join(added[:5])}"
                + (f" and {len(added) - 5} more" if len(added) > 5 else "")
            )
            hint += (
                ". Dropping a repeat drops those paragraphs too: read them (a wrong cut may "
                "have glued the next story on; starts= fixes it), or pass repeats='keep'"
            )
        warnings.warn(ToolkitWarning(fact, hint, about=about), stacklevel=3)


def _added(rows: list[dict]) -> list[str]:
    """file:line of the first paragraph each edited copy has that its original lacks:
    left out with the copy, it would vanish from every analysis unseen."""
    by_id = {r["story_id"]: r for r in rows}
    return [
        f"{row['source']}:{row['paragraph_lines'][i]}"
        for row in rows
        if row["duplicate_of"] is not None and row["similarity"] < 1
        for i in added_paragraphs(row["text"], by_id[row["duplicate_of"]]["text"])[:1]
    ]


def dump_lines(
    paths: PathsLike, starts: StartsLike | None = None, *, on_error: str = "raise"
) -> pd.DataFrame:
    """Every line of the dumps exactly once, with its kind and its story.

    Parameters
    ----------
    paths, starts, on_error
        As for :func:`load_dump`.

    Returns
    -------
    pandas.DataFrame
        One row per input line, with columns ``source``, ``line_no`` (1-based),
        ``text`` (the line, mojibake repaired, a bullet without its marker), ``kind``
        (one of :data:`KINDS`), ``story_id`` (as in :func:`load_dump`; ``<NA>`` for the
        lines of a file with no story text), ``paragraph_no`` (1-based position of a
        body or bullet line in its story's ``text``, ``<NA>`` for other kinds),
        ``original`` (the line as read, ``<NA>`` when the loader changed nothing) and
        ``cut_margin`` (Float64: on a body line where the segmenter weighed starting a
        story, the score of its best segmentation with a story starting there less that
        of the best one without: positive where one starts, negative where none does,
        near zero for a close call; ``inf`` and 0 as for :func:`load_dump`; ``<NA>`` on
        other lines, on line 1, and in files whose ``starts`` were given).

    Examples
    --------
    >>> lines = dump_lines("data/000_17ce1404ae1f217e.txt")
    >>> lines["kind"].value_counts()["video_notice"]
    np.int64(7)
    >>> close_calls = lines[lines["cut_margin"].abs() < 4]  # read the lines around them
    """
    frames = []
    rows = []
    parsed_files, skipped = _parse(paths, starts, on_error)
    for parsed in parsed_files:
        stories = _stories_of(parsed)
        rows += stories
        ids = [row["story_id"] for row in stories] + [None]  # [-1]: no story
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
    check_pinned(rows, starts)
    frame = pd.concat(frames, ignore_index=True).astype(LINE_COLUMNS)
    frame.attrs["skipped"] = skipped
    return frame


def require_stories(stories: pd.DataFrame, what: str) -> pd.DataFrame:
    """``stories`` from :func:`load_dump`, or :class:`InputError` if it holds none: a run
    that would only fail later, in a function the user never called.

    Examples
    --------
    >>> require_stories(pd.DataFrame({"text": []}), "the report")
    Traceback (most recent call last):
    ...
    toolkit.errors.InputError: the report: the file(s) given hold no story; every line is page furniture or blank. dump_lines() or `python -m toolkit lines` shows how each line was read
    """
    if stories.empty:
        skipped = stories.attrs.get("skipped") or {}
        also = f" ({len(skipped)} more file(s) skipped)" if skipped else ""
        raise InputError(
            f"{what}: the file(s) given hold no story; every line is page furniture or "
            f"blank{also}. dump_lines() or `python -m toolkit lines` shows how each line was read"
        )
    return stories
