"""Sentiment charts: how positive each topic is, and how the tone moves through a story."""

from __future__ import annotations

import json
from collections.abc import Mapping

import altair as alt
import numpy as np
import pandas as pd

from toolkit.charts.base import (
    FEW_STORIES,
    INK,
    LIST_TYPES,
    SENTIMENT_AXIS,
    SENTIMENT_DOMAIN,
    WIDTH,
    axis,
    chart_title,
    color_by_topic,
    jitter,
    mean_lines,
    need_columns,
    palette_for,
    records,
    seeded_sample,
    shorten,
    story_labels,
    topic_column,
    topic_labels,
)
from toolkit.errors import InputError, UnknownNameError
from toolkit.schema import distinct_stories, story_ids

__all__ = [
    "sentiment_arc",
    "sentiment_arc_data",
    "sentiment_by_topic",
    "sentiment_by_topic_data",
]


# --------------------------------------------------------------------------- by topic


def sentiment_by_topic_data(sentences: pd.DataFrame, *, bins: int = 21) -> pd.DataFrame:
    """How each topic's sentences spread over the sentiment scale: the shading of
    :func:`sentiment_by_topic`.

    Parameters
    ----------
    sentences
        From :func:`toolkit.sentences`: one row per sentence with ``story_id``, ``topic``,
        ``sentence_no`` and ``sentiment``.
    bins
        Number of equal bins over [-1, 1].

    Returns
    -------
    pandas.DataFrame
        One row per topic and bin holding a sentence, by topic then bin: ``topic``,
        ``bin`` (0 = the most negative), ``n`` (sentences), ``share`` (of the topic's
        sentences), ``start`` and ``end`` (the bin's edges) and ``range`` (them as text).

    Examples
    --------
    >>> import pandas as pd
    >>> sentences = pd.DataFrame(
    ...     {
    ...         "story_id": ["a", "a", "b"],
    ...         "topic": ["sport", "sport", "sport"],
    ...         "sentence_no": [1, 2, 1],
    ...         "sentiment": [-0.9, 0.8, 0.7],
    ...     }
    ... )
    >>> sentiment_by_topic_data(sentences, bins=2)
       topic  bin  n     share  start  end           range
    0  sport    0  1  0.333333   -1.0  0.0  -1.00 to +0.00
    1  sport    1  2  0.666667    0.0  1.0  +0.00 to +1.00
    """
    data = _sentence_scores(sentences, bins, "sentiment_by_topic_data")
    return _histogram(data, bins)


def _sentence_scores(sentences: pd.DataFrame, bins: int, caller: str) -> pd.DataFrame:
    hint = "pass toolkit.sentences(stories): one row per sentence"
    need_columns(sentences, ["story_id", "sentiment", "sentence_no"], caller, hint)
    if not isinstance(bins, int) or bins < 2:
        raise InputError(f"bins must be an integer >= 2, got {bins!r}")
    data = pd.DataFrame(
        {
            "topic": topic_labels(topic_column(sentences)),
            "story_id": sentences["story_id"].astype(str).to_numpy(),
            "sentence_no": pd.to_numeric(sentences["sentence_no"], errors="coerce").to_numpy(),
            "text": sentences["text"].to_numpy() if "text" in sentences else "",
            "sentiment": pd.to_numeric(sentences["sentiment"], errors="coerce").to_numpy(
                dtype=float
            ),
        }
    ).dropna(subset=["sentiment"])
    if data.empty:
        raise InputError(f"{caller}(): no sentence has a sentiment score")
    return data


def _histogram(data: pd.DataFrame, bins: int) -> pd.DataFrame:
    edges = np.linspace(-1.0, 1.0, bins + 1)
    which = np.clip(
        np.searchsorted(edges, data["sentiment"].clip(-1, 1), side="right") - 1, 0, bins - 1
    )
    hist = data.assign(bin=which).groupby(["topic", "bin"]).size().rename("n").reset_index()
    hist["share"] = hist["n"] / hist.groupby("topic")["n"].transform("sum")
    hist["start"], hist["end"] = edges[hist["bin"]], edges[hist["bin"] + 1]
    hist["range"] = [f"{a:+.2f} to {b:+.2f}" for a, b in zip(hist["start"], hist["end"])]
    return hist


def _story_means(data: pd.DataFrame, limit: int) -> pd.DataFrame:
    """Each story's mean, its sentences and first words; a seeded sample of ``limit``."""
    stories = (
        data.sort_values(["story_id", "sentence_no"])
        .groupby(["topic", "story_id"], sort=False)
        .agg(mean=("sentiment", "mean"), n=("sentiment", "size"), first=("text", "first"))
        .reset_index()
    )
    stories["story"] = [shorten(t, 50) for t in stories["first"]]
    return seeded_sample(stories.drop(columns=["first", "story_id"]), limit).assign(
        jitter=lambda d: jitter(len(d))
    )


def sentiment_by_topic(
    sentences: pd.DataFrame,
    *,
    colors: Mapping[str, str] | None = None,
    bins: int = 21,
    max_points: int = 1000,
) -> alt.LayerChart:
    """How positive each topic's sentences and stories are.

    Shading shows where a topic's sentences fall (darker = a larger share of its
    sentences; :func:`sentiment_by_topic_data`), dots are story means (a seeded sample
    above ``max_points``), the diamond is the topic's mean over all its sentences.
    Sentences are binned before charting, so the chart stays small on any number of
    sentences.

    Parameters
    ----------
    sentences
        From :func:`toolkit.sentences`: one row per sentence with ``story_id``, ``topic``
        and ``sentiment``.
    colors
        Topic colours; default :func:`topic_colors` of the frame's topics.
    bins
        Number of equal bins over [-1, 1]; with an odd number the middle one holds the
        neutral sentences (21 bins: -0.048 to +0.048, close to VADER's ±0.05).
    max_points
        Most story dots to draw.

    Examples
    --------
    >>> chart = sentiment_by_topic(toolkit.sentences(stories, progress=False))
    """
    data = _sentence_scores(sentences, bins, "sentiment_by_topic")
    palette = palette_for(data["topic"], colors)
    hist = _histogram(data, bins)
    stories = _story_means(data, max_points)
    topics = (
        data.groupby("topic")
        .agg(mean=("sentiment", "mean"), n=("sentiment", "size"), stories=("story_id", "nunique"))
        .reset_index()
    )
    order = topics.sort_values("mean", ascending=False)["topic"].tolist()
    y = alt.Y("topic:N", sort=order, axis=axis(None, labelLimit=220))
    dots = (
        alt.Chart(records(stories))
        .mark_circle(size=28, color=INK, opacity=0.65)
        .encode(
            x="mean:Q",
            y=y,
            yOffset=alt.YOffset("jitter:Q", scale=alt.Scale(domain=[-3, 3])),
            tooltip=[
                alt.Tooltip("topic:N", title="Topic"),
                alt.Tooltip("story:N", title="Story begins"),
                alt.Tooltip("mean:Q", title="Story mean", format="+.2f"),
                alt.Tooltip("n:Q", title="Sentences"),
            ],
        )
    )
    shown = (
        f"a sample of {len(stories)} stories"
        if len(stories) < data["story_id"].nunique()
        else "stories"
    )
    return alt.layer(_shading(hist, y, palette), _diamonds(topics, y), dots).properties(
        width=WIDTH,
        height=alt.Step(44),
        title=chart_title(
            "How positive is each topic? Sentences and stories",
            [
                (
                    "Shading: where a topic's sentences fall (darker = more of them). "
                    f"Dots: {shown}, each at its mean. Diamond: the topic's mean."
                ),
            ],
        ),
    )


def _shading(hist: pd.DataFrame, y: alt.Y, palette: Mapping[str, str]) -> alt.Chart:
    # Bars, not rects: a bar keeps to the middle of its band, where the jittered dots are.
    return (
        alt.Chart(records(hist.drop(columns=["bin"])))
        .mark_bar(size=34, stroke=None)
        .encode(
            x=alt.X("start:Q", scale=alt.Scale(domain=SENTIMENT_DOMAIN), axis=axis(SENTIMENT_AXIS)),
            x2="end:Q",
            y=y,
            color=color_by_topic(palette, legend=False),
            opacity=alt.Opacity(
                "share:Q",
                title="Share of the topic's sentences",
                scale=alt.Scale(range=[0.08, 0.95]),
                legend=alt.Legend(format=".0%"),
            ),
            tooltip=[
                alt.Tooltip("topic:N", title="Topic"),
                alt.Tooltip("range:N", title="Sentiment"),
                alt.Tooltip("n:Q", title="Sentences"),
                alt.Tooltip("share:Q", title="Share of topic", format=".0%"),
            ],
        )
    )


def _diamonds(topics: pd.DataFrame, y: alt.Y) -> alt.Chart:
    return (
        alt.Chart(records(topics))
        .mark_point(
            shape="diamond", size=180, filled=True, color="white", stroke="black", strokeWidth=1.5
        )
        .encode(
            x="mean:Q",
            y=y,
            tooltip=[
                alt.Tooltip("topic:N", title="Topic"),
                alt.Tooltip("mean:Q", title="Mean of all sentences", format="+.2f"),
                alt.Tooltip("n:Q", title="Sentences"),
                alt.Tooltip("stories:Q", title="Stories"),
            ],
        )
    )


# --------------------------------------------------------------------------- arc


def sentiment_arc_data(analyzed: pd.DataFrame, *, repeats: str = "drop") -> pd.DataFrame:
    """Each story's sentiment arc as rows: the numbers behind :func:`sentiment_arc`.

    Parameters
    ----------
    analyzed
        From :func:`toolkit.analyze` with the ``sentiment`` measure (its
        ``sentiment_arc`` column: ten points from the first sentence to the last).
    repeats
        ``"drop"`` (default): leave out stories that repeat an earlier one
        (``duplicate_of``), so each counts once; ``"keep"``: draw every copy.

    Returns
    -------
    pandas.DataFrame
        One row per story and point of its arc, story by story: ``topic``, ``story_key``
        (the ``story_id``, or the row number when there is none), ``story`` (``"story 3:
        First words…"``), ``position`` (0 = first sentence, 1 = last) and ``sentiment``.
        Stories with fewer than two points are left out.

    Examples
    --------
    >>> import pandas as pd
    >>> analyzed = pd.DataFrame(
    ...     {
    ...         "story_id": ["a1", "b2"],
    ...         "topic": ["sport", None],
    ...         "lede": ["We won.", "Rain."],
    ...         "sentiment_arc": [[0.2, 0.5, 0.9], [-0.4]],
    ...     }
    ... )
    >>> sentiment_arc_data(analyzed)
       topic story_key             story  position  sentiment
    0  sport        a1  story 1: We won.       0.0        0.2
    1  sport        a1  story 1: We won.       0.5        0.5
    2  sport        a1  story 1: We won.       1.0        0.9
    """
    return _arc_points(analyzed, "sentiment_arc_data", repeats)


def _arc_points(analyzed: pd.DataFrame, caller: str, repeats: str = "drop") -> pd.DataFrame:
    analyzed = distinct_stories(analyzed, repeats)
    hint = "analyze(stories, measures=['sentiment', ...]) adds it"
    need_columns(analyzed, ["sentiment_arc"], caller, hint)
    rows = [
        {
            "topic": t,
            "story_key": sid,
            "story": label,
            "position": i / (len(arc) - 1),
            "sentiment": float(v),
        }
        for t, sid, label, arc in zip(
            topic_labels(topic_column(analyzed)),
            story_ids(analyzed).tolist(),
            story_labels(analyzed),
            analyzed["sentiment_arc"],
        )
        if isinstance(arc, LIST_TYPES) and len(arc) > 1
        for i, v in enumerate(arc)
    ]
    long = pd.DataFrame(rows, columns=["topic", "story_key", "story", "position", "sentiment"])
    if long.empty:
        raise InputError(f"{caller}(): no story has a sentiment arc (every story is empty?)")
    return long


def sentiment_arc(
    analyzed: pd.DataFrame,
    *,
    story: str | None = None,
    topic: str | None = None,
    colors: Mapping[str, str] | None = None,
    max_stories: int = 200,
    repeats: str = "drop",
) -> alt.LayerChart:
    """How the tone moves from the start of a story to its end.

    Uses ``sentiment_arc``: ten points from the first sentence to the last
    (:func:`sentiment_arc_data`). With neither ``story`` nor ``topic``: one mean arc per
    topic. With ``topic``: that topic's stories as thin lines (a seeded sample above
    ``max_stories``) and their mean. With ``story`` (a ``story_id``): that story, and its
    topic's mean as a dashed line.

    Parameters
    ----------
    analyzed
        From :func:`toolkit.analyze` with the ``sentiment`` measure.
    story, topic
        What to show; see above.
    colors
        Topic colours; default :func:`topic_colors` of the frame's topics.
    max_stories
        Most single-story lines to draw for a topic.

    Raises
    ------
    UnknownNameError
        ``story`` or ``topic`` is not in the frame.
    repeats
        ``"drop"`` (default): leave out stories that repeat an earlier one
        (``duplicate_of``), so each counts once; ``"keep"``: draw every copy.

    Examples
    --------
    >>> chart = sentiment_arc(analyzed, topic="Kosovo")
    """
    long = _arc_points(analyzed, "sentiment_arc", repeats)
    palette = palette_for(topic_labels(topic_column(analyzed)), colors)
    means = (
        long.groupby(["topic", "position"])
        .agg(sentiment=("sentiment", "mean"), n=("story_key", "nunique"))
        .reset_index()
    )
    zero = (
        alt.Chart(pd.DataFrame({"sentiment": [0.0]}))
        .mark_rule(color="#999", strokeDash=[4, 4])
        .encode(y="sentiment:Q")
    )
    if story is not None:
        ids = story_ids(analyzed).tolist()
        if story not in ids:
            raise UnknownNameError("story_id", story, ids[:20] + (["..."] if len(ids) > 20 else []))
        layers, title = _one_story(long, means, story, palette)
    elif topic is not None:
        if topic not in palette:
            raise UnknownNameError("topic", topic, list(palette))
        layers, title = _one_topic(long, means, topic, palette, max_stories)
    else:
        layers, title = _all_topics(long, means, palette)
    return alt.layer(zero, *layers).properties(width=WIDTH, height=300, title=title)


def _all_topics(long, means, palette) -> tuple[list[alt.Chart], alt.TitleParams]:
    """Each topic's mean arc; a topic of few stories thin and dashed, as its mean is
    mostly one story's ups and downs."""
    x, y = _arc_axes()
    stories = long.groupby("topic")["story_key"].nunique()
    few = means["topic"].map(stories) < FEW_STORIES
    encoding = {"x": x, "y": y, "color": color_by_topic(palette), "tooltip": _mean_tooltip()}
    layers = mean_lines(means, few, encoding, 40)
    subtitle = ["Mean sentiment at each tenth of the story, by topic."]
    if few.any():
        subtitle.append(
            f"Dashed: topics of fewer than {FEW_STORIES} stories, whose mean is mostly one "
            "story's ups and downs."
        )
    title = chart_title("How the tone moves from the start of a story to its end", subtitle)
    return layers, title


def _arc_axes() -> tuple[alt.X, alt.Y]:
    x = alt.X(
        "position:Q",
        scale=alt.Scale(domain=[0, 1]),
        axis=axis("Position in the story (0% = first sentence, 100% = last)", format=".0%"),
    )
    y = alt.Y("sentiment:Q", scale=alt.Scale(domain=SENTIMENT_DOMAIN), axis=axis(SENTIMENT_AXIS))
    return x, y


def _mean_tooltip() -> list[alt.Tooltip]:
    return [
        alt.Tooltip("topic:N", title="Topic"),
        alt.Tooltip("position:Q", title="Position", format=".0%"),
        alt.Tooltip("sentiment:Q", title="Mean sentiment", format="+.2f"),
        alt.Tooltip("n:Q", title="Stories"),
    ]


def _story_tooltip() -> list[alt.Tooltip]:
    return [
        alt.Tooltip("story:N", title="Story"),
        alt.Tooltip("position:Q", title="Position", format=".0%"),
        alt.Tooltip("sentiment:Q", title="Sentiment", format="+.2f"),
    ]


def _one_story(long, means, story, palette) -> tuple[list[alt.Chart], alt.TitleParams]:
    """The story's arc, solid, over its topic's mean, dashed."""
    x, y = _arc_axes()
    one = long[long["story_key"] == story]
    its_topic = one["topic"].iloc[0]
    context = (
        alt.Chart(records(means[means["topic"] == its_topic]))
        .mark_line(strokeDash=[6, 4], strokeWidth=2, opacity=0.7)
        .encode(x=x, y=y, color=color_by_topic(palette), tooltip=_mean_tooltip())
    )
    line = (
        alt.Chart(records(one))
        .mark_line(strokeWidth=3, point=True)
        .encode(x=x, y=y, color=color_by_topic(palette), tooltip=_story_tooltip())
    )
    title = chart_title(
        f"How the tone moves through {one['story'].iloc[0].split(':')[0]} ({its_topic})",
        [
            shorten(one["story"].iloc[0], 110),
            "Solid: this story; dashed: the mean of its topic.",
        ],
    )
    return [context, line], title


def _one_topic(long, means, topic, palette, limit) -> tuple[list[alt.Chart], alt.TitleParams]:
    """The topic's stories, thin (a seeded sample of ``limit``), and their mean in black."""
    x, y = _arc_axes()
    mine = long[long["topic"] == topic]
    keys = pd.Series(mine["story_key"].unique())
    chosen = set(seeded_sample(keys.to_frame("k"), limit)["k"])
    thin = (
        _story_lines(mine[mine["story_key"].isin(chosen)])
        .mark_line(strokeWidth=1, opacity=0.35)
        .encode(
            x=x,
            y=y,
            detail="story_key:N",
            color=color_by_topic(palette, legend=False),
            tooltip=_story_tooltip(),
        )
    )
    thick = (
        alt.Chart(records(means[means["topic"] == topic]))
        .mark_line(strokeWidth=4, color="black")
        .encode(x=x, y=y, tooltip=_mean_tooltip())
    )
    shown = f"{len(chosen)} of {len(keys)}" if len(chosen) < len(keys) else f"{len(keys)}"
    title = chart_title(
        f"How the tone moves through a story about {topic}",
        [f"Thin lines: {shown} stories; black: their mean."],
    )
    return [thin, thick], title


def _story_lines(long: pd.DataFrame) -> alt.Chart:
    """A chart of one row per story, made long again in the browser: each story's label is
    stored once rather than once per point."""
    wide = long.pivot_table(
        index=["topic", "story_key", "story"], columns="position", values="sentiment"
    )
    positions = [round(float(p), 4) for p in wide.columns]
    columns = [f"p{i}" for i in range(len(positions))]
    wide.columns = columns
    return (
        alt.Chart(records(wide.reset_index()))
        .transform_fold(columns, as_=["point", "sentiment"])
        .transform_calculate(position=f"{json.dumps(positions)}[toNumber(slice(datum.point, 1))]")
    )
