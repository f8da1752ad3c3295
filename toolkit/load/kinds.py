"""Line kinds: which lines of a dump are story paragraphs and which are page furniture.

A dump mixes page furniture into the paragraphs: video-player notices followed by a
duration and the video's title, ``More on X`` topic tags followed by ``Related Topics:``,
``Image: ... Pic: ...`` captions, and on other sites live-blog time stamps, "Read more"
links, bare URLs, all-caps subheads, headlines, bylines, datelines and promotions.
:func:`classify_lines` names each line's kind (one of :data:`toolkit.schema.KINDS`) by its
shape (:mod:`toolkit.load.shapes`) and by the lines around it. It errs towards text: a
line that reads as a sentence is body unless its shape is beyond doubt, and a line that
is furniture only by its neighbours (a video's title) is marked as a guess.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Sequence

from toolkit.load.shapes import (
    bullet_text,
    furniture_shape,
    is_duration,
    is_read_more_label,
    is_title_case,
    label_removed,
    reads_as_sentence,
    wire_dateline_removed,
)
from toolkit.schema import FURNITURE, KINDS, PARAGRAPH_KINDS

__all__ = [
    "FURNITURE",
    "KINDS",
    "PARAGRAPH_KINDS",
    "STORY_ENDS",
    "body_and_tags",
    "classify_lines",
    "furniture_notes",
    "furniture_text",
    "is_headline_shaped",
    "line_kinds",
    "n_words",
    "paragraph_text",
    "tag_topic",
]

# Longer than any real notice, title or tag: a long line is body text whatever it says.
_MAX_FURNITURE_CHARS = 300
_MAX_TITLE_WORDS = 25
# A headline known by its shape and place alone is shorter than one a byline confirms.
_MAX_HEADLINE_WORDS = 16
#: Furniture that closes a story: a headline may follow it.
STORY_ENDS = frozenset({"topic_tag", "related_topics", "read_more", "link", "credit"})
_MAX_TOPIC_WORDS = 8
_MAX_LINKS = 5

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


def n_words(text: str) -> int:
    """Whitespace-separated words: the loader's ``n_words``."""
    return len(text.split())


def _is_short(line: str, max_words: int) -> bool:
    return len(line) <= _MAX_FURNITURE_CHARS and n_words(line) <= max_words


def classify_lines(lines: Sequence[str]) -> list[str]:
    """Kind of each line, by its shape and by the lines around it.

    Examples
    --------
    >>> classify_lines(["Ministers met.", "10:42", "The minister told MPs the plan had closed."])
    ['body', 'timestamp', 'body']
    """
    return line_kinds(lines)[0]


def line_kinds(lines: Sequence[str]) -> tuple[list[str], list[bool]]:
    """Kind of each line, and whether only its neighbours make it furniture.

    Returns
    -------
    kinds : list of str
        One of :data:`toolkit.schema.KINDS` per line.
    guessed : list of bool
        ``True`` for a line that is furniture by context alone (a video's title after its
        duration, a link's headline after a bare "Read more:"): on its own it would be
        story text. :func:`toolkit.load_dump` lists them per story in ``furniture_guesses``.
    """
    kinds = ["body"] * len(lines)
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    for i, line in enumerate(lines):
        if not line.strip():
            kinds[i] = "blank"
    following = dict(itertools.pairwise(nonblank))
    preceding = {b: a for a, b in following.items()}
    for i in nonblank:
        kinds[i] = _kind_by_shape(lines, i, following.get(i), preceding.get(i), kinds)
    guessed = [False] * len(lines)
    _titles(lines, kinds, nonblank, following, guessed)
    _headlines(lines, kinds, nonblank, following, guessed)
    _read_more_headlines(lines, kinds, following, guessed)
    _headlines_after_furniture(lines, kinds, nonblank, following, guessed)
    return kinds, guessed


def _kind_by_shape(
    lines: Sequence[str], i: int, nxt: int | None, prev: int | None, kinds: list[str]
) -> str:
    """The kind of line ``i`` from its own shape and its neighbours' shapes (``kinds`` is
    filled in line order, so the line before is already named)."""
    line = lines[i]
    if len(line) > _MAX_FURNITURE_CHARS:
        return "body"
    shape = furniture_shape(line)
    if shape == "time":
        # A duration belongs to a video notice; a time with no notice before it is a
        # live blog's time stamp, and the line after it stays text.
        if is_duration(line) and prev is not None and kinds[prev] == "video_notice":
            return "video_duration"
        return "timestamp"
    if _CAPTION.match(line):
        return "image_caption"
    if (m := _RELATED.fullmatch(line)) and n_words(m["rest"]) <= _MAX_TOPIC_WORDS:
        return "related_topics"
    if (m := _TOPIC_TAG.fullmatch(line)) and _is_tag(m["topic"], lines, nxt):
        return "topic_tag"
    if (
        _is_short(line, _MAX_TITLE_WORDS)
        and _NOTICE.search(line)
        and (not _TERMINAL.search(line) or (nxt is not None and is_duration(lines[nxt])))
    ):
        return "video_notice"
    if shape is not None:
        return shape
    if bullet_text(line) is not None:
        return "bullet"
    return "body"


def _titles(lines, kinds, nonblank, following, guessed) -> None:
    """A video's title is the first line after its duration (or after a notice with no
    duration): short, and not a sentence, whatever punctuation it ends with."""
    for i in nonblank:
        if kinds[i] not in ("video_duration", "video_notice"):
            continue
        nxt = following.get(i)
        if nxt is None or kinds[nxt] != "body" or not _is_short(lines[nxt], _MAX_TITLE_WORDS):
            continue
        if reads_as_sentence(lines[nxt]):
            continue
        if kinds[i] == "video_notice" and _TERMINAL.search(lines[nxt]):
            continue
        kinds[nxt] = "video_title"
        guessed[nxt] = True


def _headlines(lines, kinds, nonblank, following, guessed) -> None:
    """A story's headline is a short line with no final stop right before its dateline
    or byline ("Hospital waiting lists hit record high" / "Wednesday 4 March 2026"): on
    its own it would be the story's first paragraph."""
    for i in nonblank:
        nxt = following.get(i)
        if (
            kinds[i] == "body"
            and nxt is not None
            and kinds[nxt] in ("dateline", "byline")
            and _is_short(lines[i], _MAX_TITLE_WORDS)
            and not _TERMINAL.search(lines[i])
        ):
            kinds[i] = "headline"
            guessed[i] = True


def _headlines_after_furniture(lines, kinds, nonblank, following, guessed) -> None:
    """A headline with no byline or date after it: a short line with no final stop, no
    sentence, that opens the file or follows what ends a story (its tag, links, a
    wire's credit), with a sentence of text after it ("Related: ..." / "Bin collections
    moved after bank holiday" / "Household bin collections will run a day late...")."""
    previous = None
    for i in nonblank:
        nxt = following.get(i)
        if (
            kinds[i] == "body"
            and (previous is None or kinds[previous] in STORY_ENDS)
            and nxt is not None
            and kinds[nxt] == "body"
            and reads_as_sentence(lines[nxt])
            and is_headline_shaped(lines[i])
        ):
            kinds[i] = "headline"
            guessed[i] = True
        previous = i


def is_headline_shaped(line: str) -> bool:
    """Four to :data:`_MAX_HEADLINE_WORDS` words, no final stop, no sentence, opening
    with a capital: "Bin collections moved after bank holiday" (not "Analysis")."""
    return (
        _is_short(line, _MAX_HEADLINE_WORDS)
        and n_words(line) >= 4
        and not _TERMINAL.search(line)
        and not reads_as_sentence(line)
        and line.lstrip()[:1].isupper()
    )


def _read_more_headlines(lines, kinds, following, guessed) -> None:
    """The headlines after a bare "Read more:" label (up to five, each short and no
    sentence) are its links."""
    for i, kind in enumerate(kinds):
        if kind != "read_more" or not is_read_more_label(lines[i]):
            continue
        nxt = following.get(i)
        for _ in range(_MAX_LINKS):
            if nxt is None or kinds[nxt] not in ("body", "bullet", "link"):
                break
            if kinds[nxt] != "link":
                if not _is_short(lines[nxt], _MAX_TITLE_WORDS) or reads_as_sentence(lines[nxt]):
                    break
                kinds[nxt] = "read_more"
                guessed[nxt] = True
            nxt = following.get(nxt)


def _is_tag(topic: str, lines: Sequence[str], nxt: int | None) -> bool:
    """A "More on X" line is a tag when a "Related Topics:" line follows it, or when X
    is named like a topic ("Crime & Justice", not "Tuesday's vote below")."""
    if n_words(topic) > _MAX_TOPIC_WORDS or _TERMINAL.search(topic):
        return False
    if nxt is not None and _RELATED.fullmatch(lines[nxt]):
        return True
    return is_title_case(html.unescape(topic))


def body_and_tags(kinds: Sequence[str]) -> tuple[list[int], list[int]]:
    """Which lines are body paragraphs, and the gap of each topic tag among them.

    Parameters
    ----------
    kinds
        The kind of each line of a dump (see :data:`toolkit.schema.KINDS`).

    Returns
    -------
    body : list of int
        Indices of the ``"body"`` and ``"bullet"`` lines, i.e. the paragraphs :func:`toolkit.segment.find_boundaries` takes.
    tags : list of int
        For each ``"topic_tag"`` line, how many paragraphs come before it: its ``tags`` gap.

    Examples
    --------
    >>> body_and_tags(["body", "topic_tag", "related_topics", "body", "blank", "body"])
    ([0, 3, 5], [1])
    """
    body: list[int] = []
    tags: list[int] = []
    for i, kind in enumerate(kinds):
        if kind in PARAGRAPH_KINDS:
            body.append(i)
        elif kind == "topic_tag":
            tags.append(len(body))
    return body, tags


def furniture_notes(lines: Sequence[str], kinds: Sequence[str]) -> list[tuple[int, str]]:
    """Video titles, image captions (without "Image:" and the credit) and subheads with
    the body paragraph each follows, for :func:`toolkit.segment.find_boundaries`: their
    words are their story's."""
    notes = []
    paragraph = -1
    for line, kind in zip(lines, kinds):
        if kind in PARAGRAPH_KINDS:
            paragraph += 1
        elif kind == "video_title":
            notes.append((paragraph, line))
        elif kind == "subhead":
            notes.append((paragraph, label_removed(kind, line)))
        elif kind == "image_caption":
            label = _CAPTION_LABEL.match(line)
            notes.append((paragraph, _CREDIT.sub("", line[label.end() if label else 0 :])))
    return notes


def paragraph_text(line: str, kind: str) -> str:
    """What a paragraph line gives its story's ``text``: a bullet without its marker, a
    paragraph without a wire's dateline ("WASHINGTON (AP) — "), which
    ``dump_lines()["original"]`` keeps.

    >>> paragraph_text("• Fares rise in March", "bullet")
    'Fares rise in March'
    """
    if kind == "bullet":
        stripped = bullet_text(line)
        return line if stripped is None else stripped
    return wire_dateline_removed(line)


def furniture_text(line: str, kind: str) -> str:
    """What a furniture line says without its label, for the stories' columns."""
    return label_removed(kind, line)


def tag_topic(line: str) -> str:
    """X of a ``More on X`` line, HTML entities decoded (``Crime &amp; Justice`` is
    ``Crime & Justice``)."""
    m = _TOPIC_TAG.fullmatch(line)
    assert m is not None
    return html.unescape(m["topic"])
