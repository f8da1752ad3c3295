"""Synthetic raw news dumps with known truth, for testing and measuring story segmentation.

A real dump (see ``seeds/``) is one paragraph per line, stories back to back with no
separator, with page furniture in between: video blocks (a player notice, a duration, the
video's title), "More on X" topic tags followed by "Related Topics:", and image captions.
:func:`make_dump` builds such a dump from whole stories (one string each, e.g. a corpus
row) and returns, beside the lines, a frame saying where each story starts and ends, so a
loader or segmenter can be scored on text it has never seen.

What is generated, and why:

- Stories are cut into news-style paragraphs of 1-3 sentences; the lede is one sentence.
  Where the source re-opens a quotation (``Michalak. "He does``) the original paragraph
  break is restored, since that is how news continues a quote over paragraphs.
- A story may start mid-article (its first paragraphs dropped, as when a scraper misses
  the top of a page) and the last story may be cut short, as in the seed.
- A tagged story carries exactly one "More on X" line, placed after one of its paragraphs
  but never after its last (unless it has only one), because that is where sites put it.
- Furniture only ever follows a body paragraph, so furniture between two stories belongs
  to the previous one, which is the convention of :func:`toolkit.segment.find_boundaries`.
- Quotes are straight or typographic per dump; the stories' own dirt (mojibake) is kept.

The headline of a corpus story that glues its headline to the body (the BBC corpus does)
stays glued to the lede: it cannot be split off reliably.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

from toolkit.errors import InputError

__all__ = [
    "IMAGE_CREDITS",
    "VIDEO_NOTICES",
    "LabelledDump",
    "make_dump",
    "make_labelled_dump",
    "sample_dumps",
    "split_paragraphs",
    "split_sentences",
]

#: Player notices seen above embedded videos; the first is the seed's.
VIDEO_NOTICES = (
    "Please use Chrome browser for a more accessible video player",
    "This video can not be played",
    "Use a different browser to watch this video",
    "This video is not available in your browser",
)
_NOTICE_WEIGHTS = (0.55, 0.15, 0.15, 0.15)

#: Photo agencies named after "Pic:" in image captions.
IMAGE_CREDITS = (
    "PA",
    "Reuters",
    "AP",
    "AFP",
    "Getty Images",
    "EPA",
    "Sky News",
    "PA Wire",
    "Shutterstock",
    "Handout",
)

_SENTENCE_END = re.compile(r'(?<=[.!?])\s+(?=["“‘\'(]?[A-Z0-9])|(?<=[.!?]["”’])\s+(?=\S)')
_WORD = re.compile(r"\S+")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:[-'’][A-Za-z]+)?\b")
_NAME_RUN = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\b")
# Capitalised words that start sentences or name days and months; never a topic.
_NOT_TOPIC = frozenset(
    (  # noqa: SIM905 - a word list reads best as words
        "The A An In On At It He She They We I But And Or If As For With This That These Those "
        "His Her Their Its Our Mr Mrs Ms Dr Sir Lord Monday Tuesday Wednesday Thursday Friday "
        "Saturday Sunday January February March April May June July August September October "
        "November December BBC News"
    ).split()
)
# Words a headline-like fragment should not end on.
_DANGLING = frozenset(
    "a an the of to in on at as by for from with and or but that than is was".split()  # noqa: SIM905
)
_SENTENCES_PER_PARAGRAPH = (1, 2, 3)
_SENTENCE_WEIGHTS = (0.45, 0.4, 0.15)


class LabelledDump(NamedTuple):
    """A generated dump: its lines, the truth per story, and the kind of every line.

    Attributes
    ----------
    lines
        The dump's lines, without line ends.
    truth
        One row per story, see :func:`make_dump`.
    kinds
        One of :data:`toolkit.schema.KINDS` per line.
    """

    lines: list[str]
    truth: pd.DataFrame
    kinds: list[str]


def split_sentences(text: str) -> list[str]:
    """Split running news text into sentences with a punctuation-and-capital rule.

    Parameters
    ----------
    text
        One story or paragraph.

    Returns
    -------
    list of str
        Sentences, stripped; a closing quote stays with its sentence.

    Examples
    --------
    >>> split_sentences('He left. "I am done," he said. Then it rained.')
    ['He left.', '"I am done," he said.', 'Then it rained.']
    """
    return [s.strip() for s in _SENTENCE_END.split(" ".join(text.split())) if s.strip()]


def split_paragraphs(text: str, rng: np.random.Generator | int) -> list[str]:
    """Cut one story into news paragraphs: a one-sentence lede, then 1-3 sentences each.

    A sentence that re-opens a quotation already open (straight quotes: ``x. "Next``)
    always starts a paragraph, because that is where the source had a paragraph break;
    elsewhere a paragraph never ends inside a quotation.

    Parameters
    ----------
    text
        The story as one string.
    rng
        Random generator or seed.

    Returns
    -------
    list of str
        Paragraphs in order; empty for an empty text.

    Examples
    --------
    >>> split_paragraphs('A lede. He said: "One. "Two." End.', 0)[:2]
    ['A lede.', 'He said: "One.']
    """
    rng = np.random.default_rng(rng)
    sentences = split_sentences(text)
    paragraphs: list[str] = []
    current: list[str] = []
    target = 1
    quote_open = False
    for sentence in sentences:
        reopens = quote_open and sentence.startswith('"')
        # Inside a quotation news breaks only where the quote is re-opened.
        if current and (reopens or (not quote_open and len(current) >= target)):
            paragraphs.append(" ".join(current))
            current = []
            target = int(rng.choice(_SENTENCES_PER_PARAGRAPH, p=_SENTENCE_WEIGHTS))
        current.append(sentence)
        # A re-opening mark repeats the quote already open rather than closing it.
        marks = sentence.count('"') - (1 if reopens else 0)
        quote_open = quote_open != (marks % 2 == 1)
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def _curl_quotes(text: str) -> str:
    """Straight quotes to typographic ones: opening after a space or bracket, else closing."""
    text = re.sub(r'(^|[\s(\[—–-])"', "\\1“", text)
    text = text.replace('"', "”")
    text = re.sub(r"(^|[\s(\[—–-])'", "\\1‘", text)
    return text.replace("'", "’")


def _fragment(sentence: str, rng: np.random.Generator, lo: int, hi: int) -> str:
    """A run of ``lo..hi`` words of ``sentence``, headline-like: capitalised, no end stop."""
    words = _WORD.findall(sentence)
    size = int(rng.integers(lo, hi + 1))
    start = 0 if rng.random() < 0.5 else int(rng.integers(0, max(1, len(words) - size + 1)))
    words = words[start : start + size]
    while len(words) > 2 and words[-1].lower().strip(",;:") in _DANGLING:
        words.pop()
    piece = " ".join(words).strip(" \"“”‘’'.,;:!?-—–()")
    return piece[:1].upper() + piece[1:] if piece else "Watch"


def _duration(rng: np.random.Generator) -> str:
    """A video length as players print it: mostly "m:ss", some "mm:ss" and "h:mm:ss"."""
    seconds = int(
        rng.choice(
            [rng.integers(15, 600), rng.integers(600, 3600), rng.integers(3600, 7200)],
            p=[0.75, 0.17, 0.08],
        )
    )
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _guess_topic(text: str) -> str:
    """The story's most frequent multi-word name, else its most frequent capitalised word
    (in its full form, "Tony Blair" for "Blair", when the story has one)."""
    runs = Counter(
        " ".join(w for w in run.split() if w not in _NOT_TOPIC) for run in _NAME_RUN.findall(text)
    )
    runs.pop("", None)
    multi = [(n, r) for r, n in runs.items() if " " in r and n >= 2]
    if multi:
        return max(multi)[1]
    singles = Counter(w for w in _CAPITALISED.findall(text) if w not in _NOT_TOPIC)
    if not singles:
        return "News"
    word = singles.most_common(1)[0][0]
    full = [(n, r) for r, n in runs.items() if r.endswith(" " + word)]
    return max(full)[1] if full else word


def _furniture(kind: str, sentences: list[str], rng: np.random.Generator) -> list[tuple[str, str]]:
    """(line, kind) pairs of a video block or an image caption about the story."""
    if kind == "video":
        notice = VIDEO_NOTICES[int(rng.choice(len(VIDEO_NOTICES), p=_NOTICE_WEIGHTS))]
        title = _fragment(sentences[int(rng.integers(len(sentences)))], rng, 3, 8)
        return [
            (notice, "video_notice"),
            (_duration(rng), "video_duration"),
            (title, "video_title"),
        ]
    caption = "Image: " + _fragment(sentences[int(rng.integers(len(sentences)))], rng, 5, 16)
    if rng.random() < 0.8:
        caption += ". Pic: " + IMAGE_CREDITS[int(rng.integers(len(IMAGE_CREDITS)))]
    return [(caption, "image_caption")]


def make_labelled_dump(
    stories: Sequence[str],
    *,
    rng: np.random.Generator | int,
    topics: Sequence[str | None] | None = None,
    p_tag: float = 0.6,
    p_mid_start: float = 0.25,
    p_video: float = 0.08,
    p_caption: float = 0.04,
    p_truncated_last: float = 0.3,
    p_curly: float = 0.5,
) -> LabelledDump:
    """Like :func:`make_dump`, and also return the kind of every line.

    The kinds are the truth for a line classifier such as the one in :mod:`toolkit.load`.

    Examples
    --------
    >>> dump = make_labelled_dump(["One story. It has words.", "Another one. Fine."], rng=1)
    >>> len(dump.lines) == len(dump.kinds)
    True
    """
    rng = np.random.default_rng(rng)
    if topics is not None and len(topics) != len(stories):
        raise InputError(f"got {len(topics)} topics for {len(stories)} stories; give one per story")
    curly = rng.random() < p_curly
    lines: list[tuple[str, str]] = []
    rows = []
    last = len(stories) - 1
    for i, story in enumerate(stories):
        paragraphs = split_paragraphs(story, rng)
        if not paragraphs:
            continue
        if curly:
            paragraphs = [_curl_quotes(p) for p in paragraphs]
        sentences = split_sentences(" ".join(paragraphs))
        if len(paragraphs) > 3 and rng.random() < p_mid_start:
            paragraphs = paragraphs[int(rng.integers(1, len(paragraphs) // 2 + 1)) :]
        if i == last and i > 0 and rng.random() < p_truncated_last:
            paragraphs = paragraphs[: int(rng.choice([1, 2, 3], p=[0.6, 0.25, 0.15]))]
        if topics is not None:
            topic = topics[i]
        else:
            topic = _guess_topic(story) if rng.random() < p_tag else None
        # After which paragraph the tag goes: any but the last, so it sits inside the story.
        tag_after = int(rng.integers(0, max(1, len(paragraphs) - 1))) if topic is not None else -1
        start = len(lines) + 1
        tag_line: int | None = None
        for j, paragraph in enumerate(paragraphs):
            lines.append((paragraph, "body"))
            extras: list[list[tuple[str, str]]] = []
            if rng.random() < p_video:
                extras.append(_furniture("video", sentences, rng))
            if rng.random() < p_caption:
                extras.append(_furniture("caption", sentences, rng))
            if j == tag_after:
                extras.insert(
                    int(rng.integers(len(extras) + 1)),
                    [(f"More on {topic}", "topic_tag"), ("Related Topics:", "related_topics")],
                )
            for block in extras:
                if block[0][1] == "topic_tag":
                    tag_line = len(lines) + 1
                lines.extend(block)
        rows.append(
            {
                "story": i,
                "start_line": start,
                "end_line": -1,
                "topic": topic,
                "tag_line": tag_line,
                "n_paragraphs": len(paragraphs),
            }
        )
    for row, nxt in zip(rows, rows[1:] + [None]):
        row["end_line"] = nxt["start_line"] - 1 if nxt else len(lines)
    truth = pd.DataFrame(
        rows, columns=["story", "start_line", "end_line", "topic", "tag_line", "n_paragraphs"]
    )
    truth = truth.astype(
        {
            "story": "int64",
            "start_line": "int64",
            "end_line": "int64",
            "topic": "string",
            "tag_line": "Int64",
            "n_paragraphs": "int64",
        }
    )
    return LabelledDump([text for text, _ in lines], truth, [kind for _, kind in lines])


def make_dump(
    stories: Sequence[str],
    *,
    rng: np.random.Generator | int,
    topics: Sequence[str | None] | None = None,
    p_tag: float = 0.6,
    p_mid_start: float = 0.25,
    p_video: float = 0.08,
    p_caption: float = 0.04,
    p_truncated_last: float = 0.3,
    p_curly: float = 0.5,
) -> tuple[list[str], pd.DataFrame]:
    """Build one raw dump from whole stories, in the given order, with furniture.

    Parameters
    ----------
    stories
        Story texts, one string each (paragraph breaks need not survive).
    rng
        Random generator or seed; the same seed gives the same dump.
    topics
        Per story, the X of its "More on X" line, or None for an untagged story. When
        omitted, each story is tagged with probability ``p_tag`` under its most frequent
        name (e.g. "Tony Blair").
    p_tag
        Share of tagged stories when ``topics`` is omitted.
    p_mid_start
        Share of stories (of 4+ paragraphs) whose first paragraphs are missing.
    p_video, p_caption
        Chance of a video block (notice, duration, title) or an image caption after
        each paragraph.
    p_truncated_last
        Chance that the last story (of two or more) keeps only its first 1-3 paragraphs.
    p_curly
        Chance that the dump uses typographic quotes (“ ” ‘ ’) instead of straight ones.

    Returns
    -------
    lines : list of str
        The dump, one line each, without line ends.
    truth : pandas.DataFrame
        One row per story in dump order: ``story`` (index into ``stories``),
        ``start_line`` and ``end_line`` (1-based, inclusive; the rows partition the
        dump), ``topic`` (string, <NA> when untagged), ``tag_line`` (line of its
        "More on" tag, <NA> when untagged) and ``n_paragraphs`` (body paragraphs). Empty
        stories are skipped.

    Examples
    --------
    >>> lines, truth = make_dump(
    ...     ["Rain fell on Leeds. It was wet. Fans left early.", "Shares rose. Traders cheered."],
    ...     rng=7, topics=["Leeds", None], p_mid_start=0, p_truncated_last=0)
    >>> len(truth), truth["topic"].tolist()
    (2, ['Leeds', <NA>])
    """
    lines, truth, _ = make_labelled_dump(
        stories,
        rng=rng,
        topics=topics,
        p_tag=p_tag,
        p_mid_start=p_mid_start,
        p_video=p_video,
        p_caption=p_caption,
        p_truncated_last=p_truncated_last,
        p_curly=p_curly,
    )
    return lines, truth


def sample_dumps(
    corpus: pd.DataFrame,
    n: int,
    *,
    rng: np.random.Generator | int,
    stories_per_dump: tuple[int, int] = (3, 8),
    p_same_category: float = 0.5,
    p_category_topic: float = 0.3,
    **options: float,
) -> list[LabelledDump]:
    """Draw ``n`` labelled dumps from a corpus frame with ``text`` and ``category`` columns.

    Neighbouring stories share a category with probability ``p_same_category``, as on a
    news site's section page, which makes the cut harder than a random mix would.

    Parameters
    ----------
    corpus
        Frame with a ``text`` column and a ``category`` column.
    n
        Number of dumps.
    rng
        Random generator or seed.
    stories_per_dump
        Inclusive range of stories per dump.
    p_same_category
        Chance that a story is drawn from the previous story's category.
    p_category_topic
        Share of tagged stories tagged with their category (e.g. "More on Politics")
        rather than their most frequent name.
    **options
        Passed to :func:`make_labelled_dump` (``p_tag``, ``p_video``, ...).

    Returns
    -------
    list of LabelledDump

    Examples
    --------
    >>> corpus = pd.DataFrame({"text": ["A b. C d.", "E f. G h.", "I j. K l."],
    ...                        "category": ["x", "y", "x"]})
    >>> len(sample_dumps(corpus, 2, rng=0, stories_per_dump=(2, 3)))
    2
    """
    rng = np.random.default_rng(rng)
    texts = corpus["text"].astype(str).to_numpy()
    categories = corpus["category"].astype(str).to_numpy()
    by_category = {c: np.flatnonzero(categories == c) for c in np.unique(categories)}
    p_tag = options.get("p_tag", 0.6)
    dumps = []
    for _ in range(n):
        k = min(int(rng.integers(stories_per_dump[0], stories_per_dump[1] + 1)), len(texts))
        chosen = [int(rng.integers(len(texts)))]
        while len(chosen) < k:
            pool = (
                by_category[categories[chosen[-1]]]
                if rng.random() < p_same_category
                else np.arange(len(texts))
            )
            pick = int(rng.choice(pool))
            if pick not in chosen:
                chosen.append(pick)
        topics: list[str | None] = []
        for i in chosen:
            if rng.random() >= p_tag:
                topics.append(None)
            elif rng.random() < p_category_topic:
                topics.append(categories[i].title())
            else:
                topics.append(_guess_topic(texts[i]))
        dumps.append(
            make_labelled_dump([texts[i] for i in chosen], rng=rng, topics=topics, **options)
        )
    return dumps
