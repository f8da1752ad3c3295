"""What every chart shares: the topic palette, titles, axes, input checks, story labels.

The chart modules (:mod:`~toolkit.charts.readability`, :mod:`~toolkit.charts.sentiment`,
...) import these by their public names; only :data:`PALETTE` and :func:`topic_colors` are
part of :mod:`toolkit.charts` itself.

Examples
--------
>>> topic_labels(["sport", None])
['sport', '(no topic)']
>>> shorten("A very long sentence about nothing at all", 20)
'A very long sentenc…'
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence

import altair as alt
import numpy as np
import pandas as pd

from toolkit.errors import InputError
from toolkit.schema import is_missing

__all__ = [
    "FEW_STORIES",
    "INK",
    "LIST_TYPES",
    "PALETTE",
    "SENTIMENT_AXIS",
    "SENTIMENT_DOMAIN",
    "WIDTH",
    "axis",
    "chart_title",
    "color_by_topic",
    "faceted_bars",
    "is_missing",
    "jitter",
    "mean_lines",
    "need_columns",
    "palette_for",
    "records",
    "seeded_sample",
    "shorten",
    "story_labels",
    "topic_colors",
    "topic_column",
    "topic_labels",
]

#: Topic colours in the order sorted topic names take them: Tableau 10 without its grey,
#: then light blue and light orange, olive, cyan, plum and lilac (hues the first nine lack,
#: so a corpus of 10-15 topics gets no two look-alikes), and last the light shades of teal,
#: red and pink, which are close to the first nine; past 18 topics they repeat.
PALETTE = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#a0cbe8", "#ffbe7d", "#bcbd22", "#17becf", "#7b4173", "#d4a6c8",
    "#86bcb6", "#ff9d9a", "#fabfd2",
)  # fmt: skip
#: Dark grey for marks that are not a topic's (medians, story dots, labels).
INK = "#333333"
#: Width in pixels of a single-panel chart.
WIDTH = 560
#: Sentiment scale and axis title, shared by every chart of sentiment.
SENTIMENT_DOMAIN = [-1.0, 1.0]
SENTIMENT_AXIS = "Sentiment (-1 = very negative, +1 = very positive)"
#: A topic of fewer stories than this has its mean drawn thin and dashed in charts of
#: topic means: its mean is mostly one story's ups and downs.
FEW_STORIES = 5
#: What a list column holds per row: lists in memory, numpy arrays once read from parquet.
LIST_TYPES = (list, tuple, np.ndarray)

_NO_TOPIC = "(no topic)"
_NO_TOPIC_COLOR = "#b0b0b0"
_LABEL_CHARS = 70
_KEY_SEP = "␟"  # a printable "unit separator": valid in the SVG, unlikely in a topic


# --------------------------------------------------------------------------- colours


def topic_colors(topics: Iterable[object]) -> dict[str, str]:
    """The colour of each topic: sorted names take :data:`PALETTE` in order.

    Missing topics (``<NA>``) are shown as ``"(no topic)"`` in grey.

    Parameters
    ----------
    topics
        Topic names, repeats allowed (e.g. a frame's ``topic`` column).

    Examples
    --------
    >>> topic_colors(["sport", "business", "sport"])
    {'business': '#4e79a7', 'sport': '#f28e2b'}
    """
    topics = list(topics)
    names = sorted({str(t) for t in topics if not is_missing(t)} - {_NO_TOPIC})
    colors = {name: color for name, color in zip(names, itertools.cycle(PALETTE))}
    if any(is_missing(t) or t == _NO_TOPIC for t in topics):
        colors[_NO_TOPIC] = _NO_TOPIC_COLOR
    return colors


def topic_column(frame: pd.DataFrame) -> pd.Series:
    """The frame's ``topic`` column, or all ``<NA>`` when it has none."""
    if "topic" in frame.columns:
        return frame["topic"]
    return pd.Series(pd.NA, index=frame.index, dtype="string")


def topic_labels(values: Iterable[object]) -> list[str]:
    """Topic names as charts show them: ``"(no topic)"`` for a missing one."""
    return [_NO_TOPIC if is_missing(v) else str(v) for v in values]


def color_by_topic(
    colors: Mapping[str, str], *, title: str = "Topic", legend: bool = True
) -> alt.Color:
    """The ``topic`` colour channel with the topics' fixed colours."""
    domain = list(colors)
    return alt.Color(
        "topic:N",
        title=title,
        scale=alt.Scale(domain=domain, range=[colors[t] for t in domain]),
        legend=alt.Legend(orient="right", symbolOpacity=1) if legend else None,
    )


def palette_for(topics: Iterable[object], colors: Mapping[str, str] | None) -> dict[str, str]:
    """The colours of ``topics``: from ``colors`` when given (it must name every topic),
    else :func:`topic_colors`."""
    found = topic_colors(topics)
    if colors is None:
        return found
    missing = [t for t in found if t not in colors]
    if missing:
        raise InputError(f"colors= has no colour for topic(s) {', '.join(map(repr, missing))}")
    return {t: colors[t] for t in found}


# --------------------------------------------------------------------------- checks, text


def need_columns(frame: object, columns: Sequence[str], caller: str, hint: str) -> pd.DataFrame:
    """``frame`` if it is a non-empty DataFrame with ``columns``, else an
    :class:`~toolkit.errors.InputError` naming ``caller()`` and ending with ``hint``."""
    if not isinstance(frame, pd.DataFrame):
        raise InputError(f"{caller}() takes a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(
            f"{caller}(): the frame has no {', '.join(map(repr, missing))} column; {hint}"
        )
    if frame.empty:
        raise InputError(f"{caller}(): the frame is empty")
    return frame


def chart_title(text: str, subtitle: str | Sequence[str] | None = None) -> alt.TitleParams:
    """A chart title, left-aligned, with subtitle lines (empty ones dropped)."""
    lines = [subtitle] if isinstance(subtitle, str) else [line for line in subtitle or [] if line]
    return alt.TitleParams(
        text=text,
        subtitle=lines,
        anchor="start",
        fontSize=16,
        subtitleFontSize=12,
        subtitleColor="#555",
    )


def axis(title: str | None, **kwargs) -> alt.Axis:
    """An axis with the charts' type sizes."""
    return alt.Axis(title=title, labelFontSize=11, titleFontSize=12, **kwargs)


def shorten(text: object, limit: int = _LABEL_CHARS) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    text = "" if is_missing(text) else " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def story_labels(frame: pd.DataFrame) -> list[str]:
    """``story 3: First words of the lede…`` for tooltips."""
    nos = frame["story_no"] if "story_no" in frame.columns else pd.Series(range(1, len(frame) + 1))
    if "lede" in frame.columns:
        firsts = list(frame["lede"])
    elif "text" in frame.columns:
        firsts = [None if is_missing(t) else str(t).split("\n", 1)[0] for t in frame["text"]]
    else:
        firsts = [None] * len(frame)
    return [
        f"story {n}: {shorten(first, 60)}" if not is_missing(first) else f"story {n}"
        for n, first in zip(nos, firsts)
    ]


# --------------------------------------------------------------------------- data


def jitter(n: int) -> np.ndarray:
    """``n`` offsets in [-1, 1], seeded so that the same frame draws the same picture."""
    return np.random.default_rng(0).uniform(-1, 1, n).round(3)


def records(frame: pd.DataFrame) -> pd.DataFrame:
    """Plain Python values (no pd.NA, no infinity) and rounded floats: smaller, valid JSON."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_float_dtype(out[col]):
            values = out[col].astype("float64").round(3)
            out[col] = values.where(np.isfinite(values))
        elif pd.api.types.is_integer_dtype(out[col]):
            out[col] = (
                out[col].astype("float64") if out[col].isna().any() else out[col].astype("int64")
            )
        else:
            out[col] = out[col].astype(object).where(out[col].notna(), None)
    return out


def seeded_sample(frame: pd.DataFrame, limit: int) -> pd.DataFrame:
    """At most ``limit`` rows of ``frame``, a seeded sample kept in the frame's order."""
    if len(frame) <= limit:
        return frame
    return frame.sample(limit, random_state=0).sort_index()


# --------------------------------------------------------------------------- shared charts


def faceted_bars(data, palette, *, x, tooltip, label, columns, title, stories) -> alt.FacetChart:
    """One panel of horizontal bars per topic, each panel sorted by its own bars.

    ``data`` has a ``topic`` column and the ``label`` column that names each bar;
    ``stories`` holds each drawn story's topic. Bars add up over a topic's stories, so a
    big topic's would dwarf a small one's: each panel has its own x scale, and its title
    says how many stories it adds up ("Kosovo (1 story)").
    """
    # Labels are made unique per topic so that each panel sorts its own bars; the axis
    # shows the part after the separator.
    data = data.assign(key=lambda d: d["topic"] + _KEY_SEP + d[label])
    topics = sorted(set(data["topic"]))
    counts = pd.Series(list(stories)).value_counts()
    headers = {
        t: f"{t} ({counts.get(t, 0)} {'story' if counts.get(t, 0) == 1 else 'stories'})"
        for t in topics
    }
    data = data.assign(panel=data["topic"].map(headers))
    per_topic = data.groupby("topic").size().max()
    chart = (
        alt.Chart()
        # Bars as thick as in a full panel, so a topic with two entries shows two bars,
        # not two blocks filling its panel.
        .mark_bar(size=14)
        .encode(
            y=alt.Y(
                "key:N",
                sort="-x",
                axis=axis(
                    None,
                    labelExpr=f"slice(datum.label, indexof(datum.label, '{_KEY_SEP}') + 1)",
                    labelLimit=180,
                ),
            ),
            x=x,
            color=color_by_topic(palette, legend=False),
            tooltip=tooltip,
        )
        .properties(width=180, height=alt.Step(16) if per_topic > 12 else 18 * max(per_topic, 3))
    )
    return (
        alt.FacetChart(
            data=records(data),
            spec=chart,
            facet=alt.Facet(
                "panel:N",
                title=None,
                sort=[headers[t] for t in topics],
                header=alt.Header(labelFontSize=13, labelFontWeight="bold"),
            ),
            columns=columns,
        )
        .resolve_scale(y="independent", x="independent")
        .properties(title=title)
    )


def mean_lines(means: pd.DataFrame, few: pd.Series, encoding: dict, point_size: int) -> list:
    """Topic means as lines: thick with points, or thin and dashed where ``few`` marks a
    topic of fewer than :data:`FEW_STORIES` stories; no layer for an empty part."""
    lines = []
    if (~few).any():
        lines.append(
            alt.Chart(records(means[~few]))
            .mark_line(strokeWidth=3, point=alt.OverlayMarkDef(size=point_size))
            .encode(**encoding)
        )
    if few.any():
        lines.append(
            alt.Chart(records(means[few]))
            .mark_line(strokeWidth=1.5, strokeDash=[5, 4], opacity=0.8)
            .encode(**encoding)
        )
    return lines
