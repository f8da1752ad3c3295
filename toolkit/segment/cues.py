"""What a page's furniture says about where its stories start, beside the segmenter's
word statistics (:func:`toolkit.segment.segment_paragraphs` adds these log-odds to its
own): a live blog's time-stamped entries are one story whatever each is about, and a
headline heads a new one.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from toolkit.load import PARAGRAPH_KINDS, is_headline_shaped, reads_as_sentence

__all__ = ["page_cues", "settle_headlines"]

# Log-odds against a cut between two entries of a live blog (see _live_entries): more
# than the margin of any close call (under 4), less than what two tags force.
_LIVE_ENTRY = -8.0
# Log-odds for a cut at a headline (see _headed), by what stands around it. After what
# ends a story (a tag, a wire's credit) a headline all but forces one. With a byline or
# date after it, it is likely. After links, which some sites put inside a story too
# (where a subhead may follow them), or at a file's start, it counts less. A body line
# only shaped like a headline nudges a close call.
_HEADLINE_AFTER_END = 12.0
_HEADLINE_BYLINED = 8.0
_HEADLINE = 4.0
_HEADLINE_SHAPED = 2.0
# What ends a story for certain; links may sit inside one.
_HARD_ENDS = frozenset({"topic_tag", "related_topics", "credit"})


def page_cues(lines: Sequence[str], body: list[int], kinds: Sequence[str]) -> np.ndarray:
    """Log-odds for a cut before each body paragraph (``body``: their line indices) from
    the page's furniture: :func:`_live_entries` and :func:`_headed` added up."""
    return _live_entries(body, kinds) + _headed(lines, body, kinds)


def _live_entries(body: list[int], kinds: Sequence[str]) -> np.ndarray:
    """Log-odds against a cut before each body paragraph: :data:`_LIVE_ENTRY` where a
    time stamp heads it and another headed an earlier paragraph with no topic tag
    between. Those are a live blog's entries, one story whatever each is about (a flood,
    then the trains); a first time stamp may still head a new story."""
    out = np.zeros(len(body))
    live = "timestamp" in kinds[: body[0]] if body else False
    for p in range(1, len(body)):
        between = kinds[body[p - 1] + 1 : body[p]]
        if "topic_tag" in between:
            live = False
        if "timestamp" in between:
            out[p] = _LIVE_ENTRY if live else 0.0
            live = True
    return out


def _headed(lines: Sequence[str], body: list[int], kinds: Sequence[str]) -> np.ndarray:
    """Log-odds for a cut before each body paragraph where a headline heads it (see the
    constants above for how much, by what stands before and after it), or where the
    paragraph is itself shaped like one and a sentence follows it; 0 elsewhere."""
    out = np.zeros(len(body))
    for p in range(1, len(body)):
        gap = range(body[p - 1] + 1, body[p])
        heads = [i for i in gap if kinds[i] == "headline"]
        if heads:
            around = [kinds[i] for i in gap if kinds[i] != "blank"]
            at = around.index("headline")
            before, after = around[:at], around[at + 1 :]
            if before and before[-1] in _HARD_ENDS:
                out[p] = _HEADLINE_AFTER_END
            elif after and after[0] in ("byline", "dateline"):
                out[p] = _HEADLINE_BYLINED
            else:
                out[p] = _HEADLINE
        elif (
            p + 1 < len(body)
            and is_headline_shaped(lines[body[p]])
            and reads_as_sentence(lines[body[p + 1]])
        ):
            out[p] = _HEADLINE_SHAPED
    return out


def settle_headlines(
    lines: Sequence[str], kinds: list[str], guessed: list[bool], starts: Sequence[int]
) -> None:
    """Headlines once the stories are cut, in place: a story's first line shaped like a
    headline, with a sentence after it, is its headline, not its lede ("Wigan Athletic
    appoint former Bolton defender as head coach"), where the segmenter cut before it
    with no furniture to say so; a line taken for a headline that opens no story (no
    cut was made there) is a subhead of the story it sits in, whose headline it is not."""
    ends = [*starts[1:], len(lines)]
    for start, end in zip(starts, ends):
        body = [i for i in range(start, end) if kinds[i] in PARAGRAPH_KINDS]
        for i in range(body[0] + 1 if body else end, end):
            if kinds[i] == "headline":
                kinds[i] = "subhead"
        if (
            len(body) > 1
            and kinds[body[0]] == "body"
            and is_headline_shaped(lines[body[0]])
            and reads_as_sentence(lines[body[1]])
            and "headline" not in kinds[start : body[0]]
        ):
            kinds[body[0]] = "headline"
            guessed[body[0]] = True
