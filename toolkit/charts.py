"""Charts of the toolkit's frames: Altair, offline, small, one colour per topic everywhere.

Every function takes a frame the toolkit made and returns an :class:`altair.Chart` (or a
layered, faceted or concatenated chart) with a title, axis titles in plain words and
tooltips. Topics get their colours from :func:`topic_colors`: the sorted topic names take
the palette in order, so a topic has the same colour in every chart of the same corpus.

Data is aggregated before it goes into a chart (distributions as bins, at most a few
thousand points), so a chart's spec stays small on a corpus of any size.

Offline display
---------------
Altair's default renderer loads Vega from a CDN, which fails without internet, and
JupyterLab's own Vega extension only knows Vega-Lite 5. :func:`setup` enables a renderer
that ships the Vega, Vega-Lite and vega-embed bundle of ``vl-convert`` (about 0.9 MB) in
the first chart it shows, or in its own output, and only once per kernel; every chart then
draws itself with ``window.vegaEmbed``, waiting for the bundle if it comes later in the
page. A notebook with ten charts stays near 1 MB, and the charts still draw in the HTML
that ``jupyter nbconvert`` exports. :func:`to_html` writes a standalone page with the
bundle once; :func:`save` writes PNG, SVG or PDF through ``vl-convert``.

Each notebook output must share the page's ``window`` (JupyterLab, Notebook 7, VS Code and
exported HTML do). Text from stories goes into the page as JSON with ``<``, ``>`` and
``&`` escaped, so a story containing ``</script>`` or HTML cannot break out of it.

Examples
--------
>>> from toolkit import charts
>>> charts.setup()  # doctest: +SKIP
>>> charts.readability_by_topic(analyzed)  # doctest: +SKIP
"""

from __future__ import annotations

import functools
import html
import itertools
import json
import os
import uuid
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd

from toolkit.errors import InputError, UnknownNameError

__all__ = [
    "PALETTE",
    "chart_html",
    "dispersion_chart",
    "entities_by_topic",
    "keyness_bars",
    "keyterms_by_topic",
    "quotes_chart",
    "readability_by_topic",
    "readability_formulas",
    "save",
    "sentiment_arc",
    "sentiment_by_topic",
    "setup",
    "term_scatter",
    "to_html",
    "topic_colors",
]

#: Topic colours in the order sorted topic names take them (Tableau 10 without its grey,
#: then the lighter shades); past 18 topics they repeat.
PALETTE = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#a0cbe8", "#ffbe7d", "#ff9d9a", "#86bcb6", "#8cd17d", "#f1ce63", "#d4a6c8",
    "#fabfd2", "#d7b5a6",
)  # fmt: skip
_NO_TOPIC = "(no topic)"
_NO_TOPIC_COLOR = "#b0b0b0"
_NEUTRAL = "#e3e3e3"
_REFERENCE_COLOR = "#6f6f6f"  # "all other stories": grey, darker than neutral
_INK = "#333333"

#: Readability columns of :func:`toolkit.analyze` and what a newcomer should read them as.
_FORMULAS = {
    "flesch_reading_ease": ("Flesch reading ease", "higher = easier; 60-70 is plain English"),
    "flesch_kincaid_grade": ("Flesch-Kincaid grade", "US school grade; lower = easier"),
    "gunning_fog": ("Gunning fog", "years of schooling; lower = easier"),
    "smog": ("SMOG", "US school grade; lower = easier"),
    "coleman_liau": ("Coleman-Liau", "US school grade; lower = easier"),
    "automated_readability_index": (
        "Automated readability index",
        "US school grade; lower = easier",
    ),
    "lix": ("LIX", "lower = easier; 40 is average prose"),
}
# Formulas on which a higher score means an easier text.
_EASIER_IF_HIGHER = frozenset({"flesch_reading_ease"})
_ENTITY_LABELS = {
    "PERSON": "person", "ORG": "organisation", "GPE": "country, city", "NORP": "group",
    "LOC": "place", "FAC": "building", "EVENT": "event", "PRODUCT": "product",
    "WORK_OF_ART": "title", "LAW": "law", "LANGUAGE": "language",
}  # fmt: skip
_P05 = 3.84  # G² above this: p < 0.05 with one degree of freedom
_LABEL_CHARS = 70
_LEFT_OF_POINT = 0.8  # term scatter: words right of this are named left of their point
_SCATTER_PX = 460  # term scatter's width and height
_UNNAMED = "(no speaker named)"
_KEY_SEP = "␟"  # a printable "unit separator": valid in the SVG, unlikely in a topic
_WIDTH = 560
_SENTIMENT_DOMAIN = [-1.0, 1.0]
_SENTIMENT_AXIS = "Sentiment (-1 = very negative, +1 = very positive)"


# What a list column holds per row: lists in memory, numpy arrays once read from parquet.
_LISTS = (list, tuple, np.ndarray)


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
    names = sorted({str(t) for t in topics if not _missing(t)} - {_NO_TOPIC})
    colors = {name: color for name, color in zip(names, itertools.cycle(PALETTE))}
    if any(_missing(t) or t == _NO_TOPIC for t in topics):
        colors[_NO_TOPIC] = _NO_TOPIC_COLOR
    return colors


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _topic_labels(values: Iterable[object]) -> list[str]:
    return [_NO_TOPIC if _missing(v) else str(v) for v in values]


def _color(colors: Mapping[str, str], *, title: str = "Topic", legend: bool = True) -> alt.Color:
    domain = list(colors)
    return alt.Color(
        "topic:N",
        title=title,
        scale=alt.Scale(domain=domain, range=[colors[t] for t in domain]),
        legend=alt.Legend(orient="right", symbolOpacity=1) if legend else None,
    )


def _colors_for(topics: Iterable[object], colors: Mapping[str, str] | None) -> dict[str, str]:
    found = topic_colors(topics)
    if colors is None:
        return found
    missing = [t for t in found if t not in colors]
    if missing:
        raise InputError(f"colors= has no colour for topic(s) {', '.join(map(repr, missing))}")
    return {t: colors[t] for t in found}


# --------------------------------------------------------------------------- helpers


def _need(frame: object, columns: Sequence[str], caller: str, hint: str) -> pd.DataFrame:
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


def _title(text: str, subtitle: str | Sequence[str] | None = None) -> alt.TitleParams:
    lines = [subtitle] if isinstance(subtitle, str) else [line for line in subtitle or [] if line]
    return alt.TitleParams(
        text=text,
        subtitle=lines,
        anchor="start",
        fontSize=16,
        subtitleFontSize=12,
        subtitleColor="#555",
    )


def _axis(title: str, **kwargs) -> alt.Axis:
    return alt.Axis(title=title, labelFontSize=11, titleFontSize=12, **kwargs)


def _short(text: object, limit: int = _LABEL_CHARS) -> str:
    text = "" if _missing(text) else " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _story_labels(frame: pd.DataFrame) -> list[str]:
    """``story 3: First words of the lede…`` for tooltips."""
    nos = frame["story_no"] if "story_no" in frame.columns else pd.Series(range(1, len(frame) + 1))
    if "lede" in frame.columns:
        firsts = list(frame["lede"])
    elif "text" in frame.columns:
        firsts = [None if _missing(t) else str(t).split("\n", 1)[0] for t in frame["text"]]
    else:
        firsts = [None] * len(frame)
    return [
        f"story {n}: {_short(first, 60)}" if not _missing(first) else f"story {n}"
        for n, first in zip(nos, firsts)
    ]


def _jitter(n: int) -> np.ndarray:
    # Seeded so that the same frame draws the same picture every time.
    return np.random.default_rng(0).uniform(-1, 1, n).round(3)


def _records(frame: pd.DataFrame) -> pd.DataFrame:
    """Plain Python values (no pd.NA) and rounded floats: smaller, valid JSON."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_float_dtype(out[col]):
            out[col] = out[col].astype("float64").round(3)
        elif pd.api.types.is_integer_dtype(out[col]):
            out[col] = (
                out[col].astype("float64") if out[col].isna().any() else out[col].astype("int64")
            )
        else:
            out[col] = out[col].astype(object).where(out[col].notna(), None)
    return out


def _sample(frame: pd.DataFrame, limit: int) -> pd.DataFrame:
    if len(frame) <= limit:
        return frame
    return frame.sample(limit, random_state=0).sort_index()


# --------------------------------------------------------------------------- readability


def _formulas_in(frame: pd.DataFrame, caller: str) -> list[str]:
    present = [c for c in _FORMULAS if c in frame.columns]
    if not present:
        raise InputError(
            f"{caller}() needs readability columns: analyze(stories, measures=['readability', ...])"
        )
    return present


def readability_by_topic(
    analyzed: pd.DataFrame,
    measure: str = "flesch_reading_ease",
    *,
    colors: Mapping[str, str] | None = None,
    max_points: int = 1000,
) -> alt.LayerChart:
    """How easy each topic's stories are to read: one dot per story over a box per topic.

    The box spans the middle half of the topic's stories, the black tick is the median and
    the whiskers reach the furthest story within 1.5 box-lengths. Boxes are computed from
    every story; above ``max_points`` stories a seeded sample of dots is drawn.

    Parameters
    ----------
    analyzed
        From :func:`toolkit.analyze` with the ``readability`` measure.
    measure
        A readability column, e.g. ``"flesch_kincaid_grade"``.
    colors
        Topic colours; default :func:`topic_colors` of the frame's topics.
    max_points
        Most story dots to draw.

    Examples
    --------
    >>> readability_by_topic(analyzed, "gunning_fog")  # doctest: +SKIP
    """
    _need(analyzed, ["text"], "readability_by_topic", "pass the frame analyze() returns")
    if measure not in (present := _formulas_in(analyzed, "readability_by_topic")):
        raise UnknownNameError("readability measure", measure, present)
    name, reading = _FORMULAS[measure]
    # The words the formula counted; a frame without them may still have the loader's.
    words = next((c for c in ("n_words_parsed", "n_words") if c in analyzed), None)
    data = pd.DataFrame(
        {
            "topic": _topic_labels(_topic_column(analyzed)),
            "story": _story_labels(analyzed),
            "value": pd.to_numeric(analyzed[measure], errors="coerce").to_numpy(dtype=float),
            "words": pd.to_numeric(analyzed[words], errors="coerce").to_numpy(dtype=float)
            if words
            else np.nan,
        }
    ).dropna(subset=["value"])
    if data.empty:
        raise InputError(f"readability_by_topic(): no story has a {measure!r} value")
    palette = _colors_for(data["topic"], colors)
    boxes = _box_stats(data, "value")
    order = boxes.sort_values("median", ascending=measure not in _EASIER_IF_HIGHER)[
        "topic"
    ].tolist()
    points = _sample(data, max_points).assign(jitter=lambda d: _jitter(len(d)))
    y = alt.Y("topic:N", sort=order, axis=_axis(None, labelLimit=220))
    x_title = f"{name} ({reading})"
    scale = alt.Scale(zero=False, nice=True)

    base_box = alt.Chart(_records(boxes))
    whiskers = base_box.mark_rule(color=_INK).encode(
        y=y, x=alt.X("low:Q", scale=scale, axis=_axis(x_title)), x2="high:Q"
    )
    box = base_box.mark_bar(size=26, opacity=0.25).encode(
        y=y,
        x="q1:Q",
        x2="q3:Q",
        color=_color(palette, legend=False),
        tooltip=[
            alt.Tooltip("topic:N", title="Topic"),
            alt.Tooltip("n:Q", title="Stories"),
            alt.Tooltip("median:Q", title="Median", format=".1f"),
            alt.Tooltip("q1:Q", title="Lower quartile", format=".1f"),
            alt.Tooltip("q3:Q", title="Upper quartile", format=".1f"),
        ],
    )
    median = base_box.mark_tick(color="black", thickness=3, size=26).encode(y=y, x="median:Q")
    dots = (
        alt.Chart(_records(points))
        .mark_circle(size=45, opacity=0.8, stroke="white", strokeWidth=0.5)
        .encode(
            y=y,
            x=alt.X("value:Q", scale=scale),
            yOffset=alt.YOffset("jitter:Q", scale=alt.Scale(domain=[-3, 3])),
            color=_color(palette, legend=False),
            tooltip=[
                alt.Tooltip("topic:N", title="Topic"),
                alt.Tooltip("story:N", title="Story"),
                alt.Tooltip("value:Q", title=name, format=".1f"),
                alt.Tooltip("words:Q", title="Words", format=","),
            ],
        )
    )
    shown = (
        f"{len(points)} of {len(data)} stories"
        if len(points) < len(data)
        else f"{len(data)} stories"
    )
    return alt.layer(whiskers, box, median, dots).properties(
        width=_WIDTH,
        height=alt.Step(44),
        title=_title(
            f"How easy are the stories to read? {name} by topic",
            [
                (
                    f"Each dot is a story ({shown}); the box holds the middle half of a topic's stories, "
                    "the black tick is the median."
                ),
                f"{name}: {reading}.",
            ],
        ),
    )


def _box_stats(data: pd.DataFrame, column: str) -> pd.DataFrame:
    rows = []
    for topic, values in data.groupby("topic", sort=True)[column]:
        q1, median, q3 = np.percentile(values, [25, 50, 75])
        reach = 1.5 * (q3 - q1)
        inside = values[(values >= q1 - reach) & (values <= q3 + reach)]
        rows.append(
            {
                "topic": topic,
                "n": len(values),
                "q1": q1,
                "median": median,
                "q3": q3,
                "low": inside.min(),
                "high": inside.max(),
            }
        )
    return pd.DataFrame(rows)


def readability_formulas(
    analyzed: pd.DataFrame,
    *,
    colors: Mapping[str, str] | None = None,
    max_stories: int = 100,
) -> alt.LayerChart:
    """Do the readability formulas agree? Every formula side by side on one scale.

    Each formula is standardised over the corpus (0 = the average story, 1 = one standard
    deviation harder) and Flesch reading ease is turned round so that up always means
    harder. A thick line per topic joins its mean on every formula, and a thin line per
    story (up to ``max_stories``) its own scores. Where a line is flat the formulas agree;
    where lines cross, the formulas rank the stories or topics differently.

    Parameters
    ----------
    analyzed
        From :func:`toolkit.analyze` with the ``readability`` measure.
    colors
        Topic colours; default :func:`topic_colors` of the frame's topics.
    max_stories
        Most stories to draw a thin line for; above it a seeded sample.

    Examples
    --------
    >>> readability_formulas(analyzed)  # doctest: +SKIP
    """
    _need(analyzed, ["text"], "readability_formulas", "pass the frame analyze() returns")
    present = _formulas_in(analyzed, "readability_formulas")
    wide = (
        analyzed[present].apply(pd.to_numeric, errors="coerce").astype(float).reset_index(drop=True)
    )
    keep = wide.notna().all(axis=1).to_numpy()
    if not keep.any():
        raise InputError("readability_formulas(): no story has readability scores")
    topics = np.array(_topic_labels(_topic_column(analyzed)), dtype=object)[keep]
    labels = np.array(_story_labels(analyzed), dtype=object)[keep]
    wide = wide[keep].reset_index(drop=True)
    spread = wide.std(ddof=0).replace(0, np.nan)
    z = ((wide - wide.mean()) / spread).fillna(0.0)
    for col in _EASIER_IF_HIGHER & set(present):
        z[col] = -z[col]
    palette = _colors_for(topics, colors)
    names = [
        _FORMULAS[c][0] + (" (turned round)" if c in _EASIER_IF_HIGHER else "") for c in present
    ]
    long = pd.DataFrame(
        {
            "topic": np.repeat(topics, len(present)),
            "formula": names * len(wide),
            "z": z.to_numpy().reshape(-1),
            "raw": wide.to_numpy().reshape(-1),
        }
    )
    means = (
        long.groupby(["topic", "formula"], sort=False)
        .agg(z=("z", "mean"), raw=("raw", "mean"), n=("raw", "size"))
        .reset_index()
    )
    x = alt.X("formula:N", sort=names, axis=_axis(None, labelAngle=-25, labelLimit=200))
    y_axis = _axis("Difficulty (0 = corpus average, up = harder)")
    zero = (
        alt.Chart(pd.DataFrame({"z": [0.0]}))
        .mark_rule(color="#999", strokeDash=[4, 4])
        .encode(y="z:Q")
    )
    lines = (
        alt.Chart(_records(means))
        .mark_line(strokeWidth=3, point=alt.OverlayMarkDef(size=60))
        .encode(
            x=x,
            y=alt.Y("z:Q", axis=y_axis),
            color=_color(palette),
            tooltip=[
                alt.Tooltip("topic:N", title="Topic"),
                alt.Tooltip("formula:N", title="Formula"),
                alt.Tooltip("raw:Q", title="Mean score", format=".1f"),
                alt.Tooltip("z:Q", title="Vs corpus (sd)", format="+.2f"),
                alt.Tooltip("n:Q", title="Stories"),
            ],
        )
    )
    # One row per story, made long in the browser: the story's label is stored once, not
    # once per formula.
    columns = [f"z{i}" for i in range(len(present))]
    per_story = pd.DataFrame(z.to_numpy(), columns=columns).assign(
        topic=topics, story=labels, story_key=np.arange(len(wide))
    )
    shown = _sample(per_story, max_stories)
    thin = (
        alt.Chart(_records(shown))
        .transform_fold(columns, as_=["column", "z"])
        .transform_calculate(formula=f"{json.dumps(names)}[toNumber(slice(datum.column, 1))]")
        .mark_line(strokeWidth=1, opacity=0.3)
        .encode(
            x=x,
            y="z:Q",
            detail="story_key:N",
            color=_color(palette),
            tooltip=[
                alt.Tooltip("story:N", title="Story"),
                alt.Tooltip("formula:N", title="Formula"),
                alt.Tooltip("z:Q", title="Vs corpus (sd)", format="+.2f"),
            ],
        )
    )
    sample = (
        f"a sample of {len(shown)} of {len(per_story)} stories"
        if len(shown) < len(per_story)
        else "single stories"
    )
    return alt.layer(zero, thin, lines).properties(
        width=_WIDTH,
        height=320,
        title=_title(
            "Do the readability formulas agree?",
            [
                "Each formula rescaled to this corpus: 0 = the average story, 1 = one standard deviation harder.",
                f"Thick lines: topic means; thin lines: {sample}. Flat = the formulas agree; crossing = they disagree.",
            ],
        ),
    )


# --------------------------------------------------------------------------- sentiment


def sentiment_by_topic(
    sentences: pd.DataFrame,
    *,
    colors: Mapping[str, str] | None = None,
    bins: int = 21,
    max_points: int = 1000,
) -> alt.LayerChart:
    """How positive each topic's sentences and stories are.

    Shading shows where a topic's sentences fall (darker = a larger share of its
    sentences), dots are story means (a seeded sample above ``max_points``), the diamond is
    the topic's mean over all its sentences. Sentences are binned before charting, so the
    chart stays small on any number of sentences.

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
    >>> sentiment_by_topic(toolkit.sentences(stories))  # doctest: +SKIP
    """
    hint = "pass toolkit.sentences(stories): one row per sentence"
    _need(sentences, ["story_id", "sentiment", "sentence_no"], "sentiment_by_topic", hint)
    if not isinstance(bins, int) or bins < 2:
        raise InputError(f"bins must be an integer >= 2, got {bins!r}")
    data = pd.DataFrame(
        {
            "topic": _topic_labels(_topic_column(sentences)),
            "story_id": sentences["story_id"].astype(str).to_numpy(),
            "sentence_no": pd.to_numeric(sentences["sentence_no"], errors="coerce").to_numpy(),
            "text": sentences["text"].to_numpy() if "text" in sentences else "",
            "sentiment": pd.to_numeric(sentences["sentiment"], errors="coerce").to_numpy(
                dtype=float
            ),
        }
    ).dropna(subset=["sentiment"])
    if data.empty:
        raise InputError("sentiment_by_topic(): no sentence has a sentiment score")
    palette = _colors_for(data["topic"], colors)
    edges = np.linspace(-1.0, 1.0, bins + 1)
    data["bin"] = np.clip(
        np.searchsorted(edges, data["sentiment"].clip(-1, 1), side="right") - 1, 0, bins - 1
    )
    hist = data.groupby(["topic", "bin"]).size().rename("n").reset_index()
    hist["share"] = hist["n"] / hist.groupby("topic")["n"].transform("sum")
    hist["start"], hist["end"] = edges[hist["bin"]], edges[hist["bin"] + 1]
    hist["range"] = [f"{a:+.2f} to {b:+.2f}" for a, b in zip(hist["start"], hist["end"])]
    stories = (
        data.sort_values(["story_id", "sentence_no"])
        .groupby(["topic", "story_id"], sort=False)
        .agg(mean=("sentiment", "mean"), n=("sentiment", "size"), first=("text", "first"))
        .reset_index()
    )
    stories["story"] = [_short(t, 50) for t in stories["first"]]
    stories = _sample(stories.drop(columns=["first", "story_id"]), max_points).assign(
        jitter=lambda d: _jitter(len(d))
    )
    topics = (
        data.groupby("topic")
        .agg(mean=("sentiment", "mean"), n=("sentiment", "size"), stories=("story_id", "nunique"))
        .reset_index()
    )
    order = topics.sort_values("mean", ascending=False)["topic"].tolist()
    y = alt.Y("topic:N", sort=order, axis=_axis(None, labelLimit=220))
    x_scale = alt.Scale(domain=_SENTIMENT_DOMAIN)

    # Bars, not rects: a bar keeps to the middle of its band, where the jittered dots are.
    shading = (
        alt.Chart(_records(hist.drop(columns=["bin"])))
        .mark_bar(size=34, stroke=None)
        .encode(
            x=alt.X("start:Q", scale=x_scale, axis=_axis(_SENTIMENT_AXIS)),
            x2="end:Q",
            y=y,
            color=_color(palette, legend=False),
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
    dots = (
        alt.Chart(_records(stories))
        .mark_circle(size=28, color=_INK, opacity=0.65)
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
    diamonds = (
        alt.Chart(_records(topics))
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
    shown = (
        f"a sample of {len(stories)} stories"
        if len(stories) < data["story_id"].nunique()
        else "stories"
    )
    return alt.layer(shading, diamonds, dots).properties(
        width=_WIDTH,
        height=alt.Step(44),
        title=_title(
            "How positive is each topic? Sentences and stories",
            [
                (
                    "Shading: where a topic's sentences fall (darker = more of them). "
                    f"Dots: {shown}, each at its mean. Diamond: the topic's mean."
                ),
            ],
        ),
    )


def sentiment_arc(
    analyzed: pd.DataFrame,
    *,
    story: str | None = None,
    topic: str | None = None,
    colors: Mapping[str, str] | None = None,
    max_stories: int = 200,
) -> alt.LayerChart:
    """How the tone moves from the start of a story to its end.

    Uses ``sentiment_arc``: ten points from the first sentence to the last. With neither
    ``story`` nor ``topic``: one mean arc per topic. With ``topic``: that topic's stories
    as thin lines (a seeded sample above ``max_stories``) and their mean. With ``story``
    (a ``story_id``): that story, and its topic's mean as a dashed line.

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

    Examples
    --------
    >>> sentiment_arc(analyzed, topic="Kosovo")  # doctest: +SKIP
    """
    _need(
        analyzed,
        ["sentiment_arc"],
        "sentiment_arc",
        "analyze(stories, measures=['sentiment', ...]) adds it",
    )
    topics = _topic_labels(_topic_column(analyzed))
    palette = _colors_for(topics, colors)
    ids = (
        [str(s) for s in analyzed["story_id"]]
        if "story_id" in analyzed
        else [str(i) for i in range(len(analyzed))]
    )
    labels = _story_labels(analyzed)
    rows = [
        {
            "topic": t,
            "story_key": sid,
            "story": label,
            "position": i / (len(arc) - 1),
            "sentiment": float(v),
        }
        for t, sid, label, arc in zip(topics, ids, labels, analyzed["sentiment_arc"])
        if isinstance(arc, _LISTS) and len(arc) > 1
        for i, v in enumerate(arc)
    ]
    long = pd.DataFrame(rows, columns=["topic", "story_key", "story", "position", "sentiment"])
    if long.empty:
        raise InputError("sentiment_arc(): no story has a sentiment arc (every story is empty?)")
    means = (
        long.groupby(["topic", "position"])
        .agg(sentiment=("sentiment", "mean"), n=("story_key", "nunique"))
        .reset_index()
    )
    x = alt.X(
        "position:Q",
        scale=alt.Scale(domain=[0, 1]),
        axis=_axis("Position in the story (0% = first sentence, 100% = last)", format=".0%"),
    )
    y = alt.Y("sentiment:Q", scale=alt.Scale(domain=_SENTIMENT_DOMAIN), axis=_axis(_SENTIMENT_AXIS))
    zero = (
        alt.Chart(pd.DataFrame({"sentiment": [0.0]}))
        .mark_rule(color="#999", strokeDash=[4, 4])
        .encode(y="sentiment:Q")
    )
    mean_tooltip = [
        alt.Tooltip("topic:N", title="Topic"),
        alt.Tooltip("position:Q", title="Position", format=".0%"),
        alt.Tooltip("sentiment:Q", title="Mean sentiment", format="+.2f"),
        alt.Tooltip("n:Q", title="Stories"),
    ]
    story_tooltip = [
        alt.Tooltip("story:N", title="Story"),
        alt.Tooltip("position:Q", title="Position", format=".0%"),
        alt.Tooltip("sentiment:Q", title="Sentiment", format="+.2f"),
    ]
    if story is not None:
        if story not in ids:
            raise UnknownNameError("story_id", story, ids[:20] + (["..."] if len(ids) > 20 else []))
        one = long[long["story_key"] == story]
        its_topic = one["topic"].iloc[0]
        context = (
            alt.Chart(_records(means[means["topic"] == its_topic]))
            .mark_line(strokeDash=[6, 4], strokeWidth=2, opacity=0.7)
            .encode(x=x, y=y, color=_color(palette), tooltip=mean_tooltip)
        )
        line = (
            alt.Chart(_records(one))
            .mark_line(strokeWidth=3, point=True)
            .encode(x=x, y=y, color=_color(palette), tooltip=story_tooltip)
        )
        title = _title(
            f"How the tone moves through {one['story'].iloc[0].split(':')[0]} ({its_topic})",
            [
                _short(one["story"].iloc[0], 110),
                "Solid: this story; dashed: the mean of its topic.",
            ],
        )
        layers = [zero, context, line]
    elif topic is not None:
        if topic not in palette:
            raise UnknownNameError("topic", topic, list(palette))
        mine = long[long["topic"] == topic]
        keys = pd.Series(mine["story_key"].unique())
        chosen = set(_sample(keys.to_frame("k"), max_stories)["k"])
        thin = (
            _story_lines(mine[mine["story_key"].isin(chosen)])
            .mark_line(strokeWidth=1, opacity=0.35)
            .encode(
                x=x,
                y=y,
                detail="story_key:N",
                color=_color(palette, legend=False),
                tooltip=story_tooltip,
            )
        )
        thick = (
            alt.Chart(_records(means[means["topic"] == topic]))
            .mark_line(strokeWidth=4, color="black")
            .encode(x=x, y=y, tooltip=mean_tooltip)
        )
        shown = f"{len(chosen)} of {len(keys)}" if len(chosen) < len(keys) else f"{len(keys)}"
        title = _title(
            f"How the tone moves through a story about {topic}",
            [f"Thin lines: {shown} stories; black: their mean."],
        )
        layers = [zero, thin, thick]
    else:
        lines = (
            alt.Chart(_records(means))
            .mark_line(strokeWidth=3, point=alt.OverlayMarkDef(size=40))
            .encode(x=x, y=y, color=_color(palette), tooltip=mean_tooltip)
        )
        title = _title(
            "How the tone moves from the start of a story to its end",
            ["Mean sentiment at each tenth of the story, by topic."],
        )
        layers = [zero, lines]
    return alt.layer(*layers).properties(width=_WIDTH, height=300, title=title)


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
        alt.Chart(_records(wide.reset_index()))
        .transform_fold(columns, as_=["point", "sentiment"])
        .transform_calculate(position=f"{json.dumps(positions)}[toNumber(slice(datum.point, 1))]")
    )


# --------------------------------------------------------------------------- keyterms


def keyterms_by_topic(
    analyzed: pd.DataFrame,
    *,
    top: int = 10,
    colors: Mapping[str, str] | None = None,
    columns: int = 3,
) -> alt.FacetChart:
    """The keyterms that recur in each topic's stories.

    A term's weight in a topic is the sum of its keyterm scores over the topic's stories
    (each story's best term scores 1), so a term key to many stories, or top of a few,
    comes first.

    Parameters
    ----------
    analyzed
        From :func:`toolkit.analyze` with the ``keyterms`` measure.
    top
        Terms per topic.
    colors
        Topic colours; default :func:`topic_colors` of the frame's topics.
    columns
        Topic panels per row.

    Examples
    --------
    >>> keyterms_by_topic(analyzed, top=8)  # doctest: +SKIP
    """
    _need(
        analyzed,
        ["keyterms", "keyterm_scores"],
        "keyterms_by_topic",
        "analyze(stories, measures=['keyterms', ...]) adds them",
    )
    topics = _topic_labels(_topic_column(analyzed))
    palette = _colors_for(topics, colors)
    rows = [
        {"topic": t, "term": term, "score": float(score)}
        for t, terms, scores in zip(topics, analyzed["keyterms"], analyzed["keyterm_scores"])
        if isinstance(terms, _LISTS) and isinstance(scores, _LISTS)
        for term, score in zip(terms, scores)
    ]
    if not rows:
        raise InputError("keyterms_by_topic(): no story has keyterms")
    long = pd.DataFrame(rows)
    agg = (
        long.groupby(["topic", "term"])
        .agg(weight=("score", "sum"), stories=("score", "size"), best=("score", "max"))
        .reset_index()
    )
    agg = (
        agg.sort_values(["topic", "weight", "term"], ascending=[True, False, True])
        .groupby("topic")
        .head(top)
    )
    return _faceted_bars(
        agg,
        palette,
        x=alt.X("weight:Q", axis=_axis("Keyterm weight")),
        tooltip=[
            alt.Tooltip("topic:N", title="Topic"),
            alt.Tooltip("term:N", title="Keyterm"),
            alt.Tooltip("weight:Q", title="Weight", format=".2f"),
            alt.Tooltip("stories:Q", title="Stories with it"),
        ],
        label="term",
        columns=columns,
        title=_title(
            "What is each topic about? Its most frequent keyterms",
            [
                (
                    f"Top {top} keyterms per topic. Weight: the term's keyterm scores summed over the topic's stories "
                    "(a story's top term scores 1)."
                ),
            ],
        ),
    )


def _faceted_bars(data, palette, *, x, tooltip, label, columns, title) -> alt.FacetChart:
    # Labels are made unique per topic so that each panel sorts its own bars; the axis
    # shows the part after the separator.
    data = data.assign(key=lambda d: d["topic"] + _KEY_SEP + d[label])
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
                axis=_axis(
                    None,
                    labelExpr=f"slice(datum.label, indexof(datum.label, '{_KEY_SEP}') + 1)",
                    labelLimit=180,
                ),
            ),
            x=x,
            color=_color(palette, legend=False),
            tooltip=tooltip,
        )
        .properties(width=180, height=alt.Step(16) if per_topic > 12 else 18 * max(per_topic, 3))
    )
    return (
        alt.FacetChart(
            data=_records(data),
            spec=chart,
            facet=alt.Facet(
                "topic:N", title=None, header=alt.Header(labelFontSize=13, labelFontWeight="bold")
            ),
            columns=columns,
        )
        .resolve_scale(y="independent")
        # Each panel draws its own x axis (same scale): a wrapped facet otherwise draws one
        # under the empty cells of its last row too.
        .resolve_axis(x="independent")
        .properties(title=title)
    )


# --------------------------------------------------------------------------- keyness


def _keyness_info(key: pd.DataFrame, caller: str) -> dict:
    _need(
        key,
        ["term", "n_target", "n_reference", "g2", "scaled_f"],
        caller,
        "pass the frame keyness() returns",
    )
    info = dict(key.attrs.get("keyness", {}))
    info.setdefault("target", "target")
    info.setdefault("reference", "reference")
    return info


def _side_colors(info: dict, colors: Mapping[str, str] | None) -> tuple[str, str]:
    target, reference = str(info["target"]), str(info["reference"])
    palette = dict(colors) if colors is not None else {}
    target_color = palette.get(target, PALETTE[0])
    reference_color = palette.get(reference, _REFERENCE_COLOR)
    return target_color, reference_color


def keyness_bars(
    key: pd.DataFrame,
    *,
    top: int = 15,
    measure: str = "g2",
    colors: Mapping[str, str] | None = None,
) -> alt.LayerChart:
    """Diverging bars: the words most typical of the target (right) and of the reference
    (left), from :func:`toolkit.compare.keyness`.

    Parameters
    ----------
    key
        A :func:`~toolkit.compare.keyness` result.
    top
        Words per side.
    measure
        Bar length: ``"g2"``, ``"chi2"``, ``"log_ratio"`` or ``"scaled_f"``.
    colors
        Topic colours (e.g. ``topic_colors(stories["topic"])``) so that the target takes
        its topic colour; by default the target is blue and the reference grey.

    Examples
    --------
    >>> keyness_bars(keyness(stories, target="Kosovo"), colors=topic_colors(stories["topic"]))  # doctest: +SKIP
    """
    info = _keyness_info(key, "keyness_bars")
    measures = {
        "g2": "Log-likelihood G² (signed)",
        "chi2": "Chi-squared (signed)",
        "log_ratio": "Log ratio (log2 of relative frequencies)",
        "scaled_f": "Scaled F-score (signed)",
    }
    if measure not in measures or measure not in key.columns:
        raise UnknownNameError(
            "keyness measure", measure, [m for m in measures if m in key.columns]
        )
    target, reference = str(info["target"]), str(info["reference"])
    ordered = key.sort_values([measure, "term"], ascending=[False, True], kind="mergesort")
    positive = ordered[ordered[measure] > 0].head(top)
    negative = ordered[ordered[measure] < 0].tail(top)
    data = pd.concat([positive, negative]).drop_duplicates("term")
    if data.empty:
        raise InputError("keyness_bars(): no word leans either way")
    data = data.assign(side=np.where(data[measure] > 0, target, reference))
    target_color, reference_color = _side_colors(info, colors)
    keep = ["term", "n_target", "n_reference", "g2", "log_ratio", "p_value", "side", measure]
    data = data[[c for c in dict.fromkeys(keep) if c in data.columns]]
    order = data.sort_values(measure, ascending=False)["term"].astype(str).tolist()
    bars = (
        alt.Chart(_records(data))
        .mark_bar()
        .encode(
            y=alt.Y("term:N", sort=order, axis=_axis(None, labelLimit=200)),
            x=alt.X(
                f"{measure}:Q",
                axis=_axis(
                    f"{measures[measure]}: right = more in {_short(target, 30)}, left = more in {_short(reference, 30)}"
                ),
            ),
            color=alt.Color(
                "side:N",
                title="Used more in",
                scale=alt.Scale(domain=[target, reference], range=[target_color, reference_color]),
            ),
            tooltip=[
                alt.Tooltip("term:N", title="Word"),
                alt.Tooltip("n_target:Q", title=f"Count in {_short(target, 30)}"),
                alt.Tooltip("n_reference:Q", title=f"Count in {_short(reference, 30)}"),
                alt.Tooltip("g2:Q", title="G²", format="+.1f"),
                alt.Tooltip("log_ratio:Q", title="Log ratio", format="+.2f"),
                alt.Tooltip("p_value:Q", title="p", format=".3g"),
            ],
        )
    )
    layers = [bars]
    subtitle = [
        f"The {top} words most typical of each side ({info.get('form', 'lemma')} forms, stop words removed)."
    ]
    if measure == "g2":
        cut = pd.DataFrame({"g2": [_P05, -_P05]})
        layers.append(alt.Chart(cut).mark_rule(strokeDash=[4, 4], color="#777").encode(x="g2:Q"))
        subtitle.append(
            "Dashed lines: G² = ±3.84; beyond them a difference this large has p < 0.05."
        )
    return alt.layer(*layers).properties(
        width=_WIDTH - 100,
        height=alt.Step(16),
        title=_title(
            f"Words that set {_short(target, 40)} apart from {_short(reference, 40)}", subtitle
        ),
    )


def term_scatter(
    key: pd.DataFrame,
    *,
    max_terms: int = 1500,
    labels: int = 8,
    colors: Mapping[str, str] | None = None,
) -> alt.LayerChart:
    """Scattertext-style plot of every word: frequency in the target against the reference.

    Axes are frequency ranks scaled to 0-100 % (rare words at 0, the most frequent at
    100 %), slightly jittered so that words with equal counts do not hide each other; the
    colour is the signed scaled F-score (target colour: typical of the target; reference
    colour: of the reference; light grey: neither). The ``max_terms`` most frequent words
    are drawn, and up to ``labels`` words of each side with the largest G² are named
    (skipping any whose label would overlap one already placed).

    Parameters
    ----------
    key
        A :func:`~toolkit.compare.keyness` result.
    max_terms
        Most words to draw.
    labels
        Words to name on each side.
    colors
        Topic colours, as for :func:`keyness_bars`.

    Examples
    --------
    >>> term_scatter(keyness(stories, target="politics", reference="sport", form="lower"))  # doctest: +SKIP
    """
    info = _keyness_info(key, "term_scatter")
    target, reference = str(info["target"]), str(info["reference"])
    data = key.assign(total=key["n_target"] + key["n_reference"])
    data = (
        data.sort_values(["total", "term"], ascending=[False, True], kind="mergesort")
        .head(max_terms)
        .copy()
    )
    jitter = _jitter(len(data)) * 0.35
    for side, column in (("x", "n_reference"), ("y", "n_target")):
        ranks = data[column].rank(method="dense").to_numpy()
        top_rank = max(ranks.max() - 1, 1)
        data[side] = ((ranks - 1 + jitter) / top_rank).clip(0, 1)
        jitter = np.roll(jitter, 1)  # a different jitter on each axis
    named = []
    for ascending in (False, True):
        leaning = data[data["scaled_f"] < 0] if ascending else data[data["scaled_f"] > 0]
        named += _clear_of_each_other(
            leaning.sort_values(["g2", "term"], ascending=[ascending, True]), labels
        )
    data = data[["term", "n_target", "n_reference", "g2", "scaled_f", "x", "y"]]
    target_color, reference_color = _side_colors(info, colors)
    axis_format = ".0%"
    points = (
        alt.Chart(_records(data))
        .mark_circle(size=30, opacity=0.75)
        .encode(
            x=alt.X(
                "x:Q",
                scale=alt.Scale(domain=[0, 1]),
                axis=_axis(
                    f"How often in {_short(reference, 40)} (frequency rank)", format=axis_format
                ),
            ),
            y=alt.Y(
                "y:Q",
                scale=alt.Scale(domain=[0, 1]),
                axis=_axis(
                    f"How often in {_short(target, 40)} (frequency rank)", format=axis_format
                ),
            ),
            color=alt.Color(
                "scaled_f:Q",
                title=["Leans to", f"{_short(target, 20)} (+) or", f"{_short(reference, 20)} (-)"],
                scale=alt.Scale(domain=[-1, 0, 1], range=[reference_color, _NEUTRAL, target_color]),
            ),
            tooltip=[
                alt.Tooltip("term:N", title="Word"),
                alt.Tooltip("n_target:Q", title=f"Count in {_short(target, 30)}"),
                alt.Tooltip("n_reference:Q", title=f"Count in {_short(reference, 30)}"),
                alt.Tooltip("scaled_f:Q", title="Scaled F (signed)", format="+.2f"),
                alt.Tooltip("g2:Q", title="G²", format="+.1f"),
            ],
        )
    )
    labelled = data.loc[named, ["term", "x", "y"]]
    # Words near the right edge are named to the left of their point, so the plot does
    # not clip them ("said" in a scatter of two news topics).
    near_edge = labelled["x"] > _LEFT_OF_POINT
    texts = [
        alt.Chart(_records(labelled[side]))
        .mark_text(align=align, dx=dx, dy=-4, fontSize=11, color=_INK)
        .encode(x="x:Q", y="y:Q", text="term:N")
        for side, align, dx in ((~near_edge, "left", 6), (near_edge, "right", -6))
        if side.any()
    ]
    return alt.layer(points, *texts).properties(
        width=_SCATTER_PX,
        height=_SCATTER_PX,
        title=_title(
            f"{_short(target, 40)} vs {_short(reference, 40)}: every word by how often each side uses it",
            [
                (
                    f"Top left: frequent in {_short(target, 30)}, rare in {_short(reference, 30)}; bottom right: the opposite; "
                    "the diagonal: used alike."
                ),
                f"The {len(data)} most frequent words; colour: scaled F-score; named: the strongest of each side by G².",
            ],
        ),
    )


def _label_span(term: str, x: float) -> tuple[float, float]:
    """Left and right ends of ``term``'s label at ``x``, in plot widths: named to the
    right of its point, or to the left near the right edge (11 px type: about 7 px a
    character, and 6 px from the point)."""
    width = (7 * len(term) + 7) / _SCATTER_PX
    return (x - width, x) if x > _LEFT_OF_POINT else (x, x + width)


def _clear_of_each_other(ranked: pd.DataFrame, limit: int) -> list:
    """Index of up to ``limit`` rows, best first, whose labels would not overlap."""
    kept: list = []
    placed: list[tuple[float, float, float]] = []
    for index, term, x, y in zip(ranked.index, ranked["term"], ranked["x"], ranked["y"]):
        left, right = _label_span(str(term), x)
        # A label is about a twenty-fifth of the plot high.
        if all(right < pl or left > pr or abs(y - py) > 0.04 for pl, pr, py in placed):
            kept.append(index)
            placed.append((left, right, y))
            if len(kept) == limit:
                break
    return kept


# --------------------------------------------------------------------------- entities, quotes


def entities_by_topic(
    analyzed: pd.DataFrame,
    *,
    top: int = 10,
    labels: Iterable[str] | None = None,
    colors: Mapping[str, str] | None = None,
    columns: int = 3,
) -> alt.FacetChart:
    """The people, organisations and places each topic mentions most.

    Parameters
    ----------
    analyzed
        From :func:`toolkit.analyze` with the ``entities`` measure.
    top
        Entities per topic.
    labels
        Entity types to keep, e.g. ``["PERSON", "ORG"]``; default all named types (dates,
        numbers and amounts are left out).
    colors
        Topic colours; default :func:`topic_colors` of the frame's topics.
    columns
        Topic panels per row.

    Examples
    --------
    >>> entities_by_topic(analyzed, labels=["PERSON"])  # doctest: +SKIP
    """
    _need(
        analyzed,
        ["entities"],
        "entities_by_topic",
        "analyze(stories, measures=['entities', ...]) adds it",
    )
    wanted = set(_ENTITY_LABELS) if labels is None else set(labels)
    for label in wanted:
        if label not in _ENTITY_LABELS:
            raise UnknownNameError("entity label", label, list(_ENTITY_LABELS))
    topics = _topic_labels(_topic_column(analyzed))
    palette = _colors_for(topics, colors)
    rows = [
        {
            "topic": t,
            "entity": str(e.get("text")),
            "type": str(e.get("label")),
            "count": int(e.get("count") or 1),
        }
        for t, ents in zip(topics, analyzed["entities"])
        if isinstance(ents, _LISTS)
        for e in ents
        if isinstance(e, Mapping) and e.get("label") in wanted
    ]
    if not rows:
        raise InputError("entities_by_topic(): no story has entities of the chosen types")
    long = pd.DataFrame(rows)
    agg = (
        long.groupby(["topic", "entity", "type"])
        .agg(mentions=("count", "sum"), stories=("count", "size"))
        .reset_index()
    )
    agg = (
        agg.sort_values(["topic", "mentions", "entity"], ascending=[True, False, True])
        .groupby("topic")
        .head(top)
    )
    agg["name"] = agg["entity"] + " (" + agg["type"].map(_ENTITY_LABELS) + ")"
    return _faceted_bars(
        agg,
        palette,
        x=alt.X("mentions:Q", axis=_axis("Mentions")),
        tooltip=[
            alt.Tooltip("topic:N", title="Topic"),
            alt.Tooltip("entity:N", title="Name"),
            alt.Tooltip("type:N", title="Type"),
            alt.Tooltip("mentions:Q", title="Mentions"),
            alt.Tooltip("stories:Q", title="Stories"),
        ],
        label="name",
        columns=columns,
        title=_title(
            "Who and what does each topic mention?",
            [f"Top {top} named people, organisations and places per topic."],
        ),
    )


def quotes_chart(
    analyzed: pd.DataFrame,
    *,
    top: int = 15,
    colors: Mapping[str, str] | None = None,
) -> alt.HConcatChart:
    """Who is quoted, how often, and how positively.

    Left: quotations per speaker, split by topic. Right: the mean sentiment of each
    speaker's quotations, with a line from their most negative to their most positive.

    Parameters
    ----------
    analyzed
        From :func:`toolkit.analyze` with the ``quotes`` measure.
    top
        Speakers to show, most quoted first. Quotations with no named speaker are left out
        (the subtitle counts them); names differing only in case are one speaker.
    colors
        Topic colours; default :func:`topic_colors` of the frame's topics.

    Examples
    --------
    >>> quotes_chart(analyzed, top=10)  # doctest: +SKIP
    """
    _need(
        analyzed, ["quotes"], "quotes_chart", "analyze(stories, measures=['quotes', ...]) adds it"
    )
    topics = _topic_labels(_topic_column(analyzed))
    palette = _colors_for(topics, colors)
    rows = [
        {
            "topic": t,
            "speaker": _UNNAMED
            if _missing(q.get("speaker"))
            else " ".join(str(q["speaker"]).split()) or _UNNAMED,
            "sentiment": float(q.get("sentiment")) if not _missing(q.get("sentiment")) else np.nan,
            "quote": _short(q.get("text"), 120),
        }
        for t, found in zip(topics, analyzed["quotes"])
        if isinstance(found, _LISTS)
        for q in found
        if isinstance(q, Mapping)
    ]
    if not rows:
        raise InputError("quotes_chart(): no story has a quotation")
    long = pd.DataFrame(rows)
    unnamed = int((long["speaker"] == _UNNAMED).sum())
    long = long[long["speaker"] != _UNNAMED]
    if long.empty:
        raise InputError(f"quotes_chart(): none of the {unnamed} quotations has a named speaker")
    # "They" and "they" are one speaker, shown as most often written.
    key = long["speaker"].str.casefold()
    spelling = long.groupby(key)["speaker"].agg(lambda names: names.value_counts().index[0])
    long["speaker"] = key.map(spelling)
    speakers = long.groupby("speaker").agg(
        n=("quote", "size"),
        mean=("sentiment", "mean"),
        low=("sentiment", "min"),
        high=("sentiment", "max"),
        example=("quote", "first"),
    )
    speakers = speakers.sort_values(["n", "mean"], ascending=[False, False]).head(top).reset_index()
    order = speakers["speaker"].tolist()
    counts = (
        long[long["speaker"].isin(order)]
        .groupby(["speaker", "topic"])
        .size()
        .rename("n")
        .reset_index()
    )
    y = alt.Y("speaker:N", sort=order, axis=_axis(None, labelLimit=200))
    left = (
        alt.Chart(_records(counts))
        .mark_bar()
        .encode(
            y=y,
            x=alt.X("n:Q", axis=_axis("Quotations", tickMinStep=1)),
            color=_color(palette),
            tooltip=[
                alt.Tooltip("speaker:N", title="Speaker"),
                alt.Tooltip("topic:N", title="Topic"),
                alt.Tooltip("n:Q", title="Quotations"),
            ],
        )
        .properties(width=240, height=alt.Step(20), title="How often")
    )
    spread = alt.Chart(_records(speakers))
    x = alt.X(
        "mean:Q",
        scale=alt.Scale(domain=_SENTIMENT_DOMAIN),
        axis=_axis("Sentiment of their quotations (-1 to +1)", values=[-1, -0.5, 0, 0.5, 1]),
    )
    rule = spread.mark_rule(color="#999").encode(
        y=alt.Y("speaker:N", sort=order, axis=None),
        x=alt.X("low:Q", scale=alt.Scale(domain=_SENTIMENT_DOMAIN)),
        x2="high:Q",
    )
    dots = spread.mark_circle(size=90, color=_INK).encode(
        y=alt.Y("speaker:N", sort=order, axis=None),
        x=x,
        tooltip=[
            alt.Tooltip("speaker:N", title="Speaker"),
            alt.Tooltip("n:Q", title="Quotations"),
            alt.Tooltip("mean:Q", title="Mean sentiment", format="+.2f"),
            alt.Tooltip("low:Q", title="Most negative", format="+.2f"),
            alt.Tooltip("high:Q", title="Most positive", format="+.2f"),
            alt.Tooltip("example:N", title="For example"),
        ],
    )
    zero = (
        alt.Chart(pd.DataFrame({"mean": [0.0]}))
        .mark_rule(color="#bbb", strokeDash=[4, 4])
        .encode(x="mean:Q")
    )
    right = alt.layer(zero, rule, dots).properties(
        width=260, height=alt.Step(20), title="How positively"
    )
    return alt.hconcat(left, right, spacing=8).properties(
        title=_title(
            "Who is quoted, how often, and how positively?",
            [
                (
                    f"The {len(order)} most quoted speakers; dots: mean sentiment of their quotations, "
                    "lines: from their most negative to their most positive."
                ),
                f"Not shown: {unnamed} quotations with no speaker named." if unnamed else "",
            ],
        )
    )


# --------------------------------------------------------------------------- dispersion


def dispersion_chart(
    hits: pd.DataFrame,
    *,
    max_stories: int = 40,
    colors: Mapping[str, str] | None = None,
) -> alt.FacetChart:
    """Lexical dispersion (an x-ray plot): where each term occurs in each story.

    Parameters
    ----------
    hits
        From :func:`toolkit.compare.dispersion`.
    max_stories
        Most stories (rows) to show; above it, those with the most hits.
    colors
        Topic colours; default :func:`topic_colors` of the hits' topics.

    Examples
    --------
    >>> dispersion_chart(dispersion(stories, ["asylum", "Ofcom"]))  # doctest: +SKIP
    """
    _need(
        hits,
        ["story_id", "term", "offset"],
        "dispersion_chart",
        "pass the frame dispersion() returns",
    )
    data = pd.DataFrame(
        {
            "story_id": hits["story_id"].astype(str).to_numpy(),
            "topic": _topic_labels(_topic_column(hits)),
            "term": hits["term"].astype(str).to_numpy(),
            "offset": pd.to_numeric(hits["offset"], errors="coerce").to_numpy(dtype=float),
            "match": hits["match"].astype(str).to_numpy()
            if "match" in hits
            else hits["term"].astype(str).to_numpy(),
            "source": hits["source"].to_numpy() if "source" in hits else None,
            "story_no": hits["story_no"].to_numpy() if "story_no" in hits else None,
        }
    )
    palette = _colors_for(data["topic"], colors)
    per_story = data.groupby("story_id").size().sort_values(ascending=False, kind="mergesort")
    kept = set(per_story.index[:max_stories])
    data = data[data["story_id"].isin(kept)].copy()
    data["story"] = [
        f"story {n} ({t})" if not _missing(n) else f"{sid[:8]} ({t})"
        for n, t, sid in zip(data["story_no"], data["topic"], data["story_id"])
    ]
    order = (
        data.sort_values(["source", "story_no", "story_id"], na_position="last")["story"]
        .drop_duplicates()
        .tolist()
    )
    terms = list(
        hits.attrs.get("dispersion", {}).get("terms", dict.fromkeys(hits["term"].astype(str)))
    )
    chart = (
        alt.Chart()
        .mark_tick(thickness=2, size=14)
        .encode(
            x=alt.X(
                "offset:Q",
                scale=alt.Scale(domain=[0, 1]),
                axis=_axis("Position in the story", format=".0%"),
            ),
            y=alt.Y("story:N", sort=order, axis=_axis(None, labelLimit=220)),
            color=_color(palette),
            tooltip=[
                alt.Tooltip("story:N", title="Story"),
                alt.Tooltip("match:N", title="Found"),
                alt.Tooltip("offset:Q", title="Position", format=".0%"),
            ],
        )
        .properties(width=max(160, 560 // max(len(terms), 1)), height=alt.Step(18))
    )
    note = (
        f"the {len(kept)} stories with the most hits"
        if len(per_story) > len(kept)
        else f"{len(kept)} {'story' if len(kept) == 1 else 'stories'} with a hit"
    )
    return alt.FacetChart(
        data=_records(data.drop(columns=["story_id", "source", "story_no"])),
        spec=chart,
        facet=alt.Facet(
            "term:N",
            sort=terms,
            title=None,
            header=alt.Header(labelFontSize=13, labelFontWeight="bold"),
        ),
        columns=len(terms),
    ).properties(
        title=_title(
            "Where do the words occur? Lexical dispersion",
            [
                f"One tick per occurrence, from the first word of a story (0%) to its last (100%); {note}."
            ],
        )
    )


def _topic_column(frame: pd.DataFrame) -> pd.Series:
    if "topic" in frame.columns:
        return frame["topic"]
    return pd.Series(pd.NA, index=frame.index, dtype="string")


# --------------------------------------------------------------------------- display


_RENDERER = "toolkit"
_sent = {"bundle": False}
_EMBED_OPTIONS = {
    "renderer": "svg",
    "actions": {"export": True, "source": False, "compiled": False, "editor": False},
}
# Polls for window.vegaEmbed, so a chart above the bundle in a page still draws once the
# bundle (a deferred module script) has run.
_CHART_JS = """(function () {
  var root = document.currentScript ? document.currentScript.parentNode : document.getElementById(%(id)s);
  var view = root.querySelector(".toolkit-chart-view");
  var spec = JSON.parse(root.querySelector("script[type='application/json']").textContent);
  var waited = 0;
  function draw() {
    if (window.vegaEmbed) {
      window.vegaEmbed(view, spec, %(options)s).catch(function (err) {
        view.textContent = "Chart error: " + err;
      });
    } else if (waited < 60000) {
      waited += 100;
      setTimeout(draw, 100);
    } else {
      view.textContent = "The chart library is not loaded in this page: run toolkit.charts.setup() " +
        "as the last line of a cell, then run this cell again.";
    }
  }
  draw();
})();"""


def _vl_version() -> str:
    # vl-convert names versions "v6_4"; Altair's schema version is "v6.4.1".
    return "_".join(alt.SCHEMA_VERSION.split(".")[:2])


@functools.lru_cache(maxsize=1)
def _bundle() -> str:
    import vl_convert

    code = vl_convert.javascript_bundle(vl_version=_vl_version())
    # The bundle is inlined in a <script>: keep it from ending the element early. Both
    # sequences only ever occur inside JS strings, where these escapes mean the same.
    return code.replace("</script", "<\\/script").replace("<!--", "<\\x21--")


def _bundle_html() -> str:
    return f'<script type="module">{_bundle()}</script>'


def _json_for_html(spec: dict) -> str:
    text = json.dumps(spec, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=str)
    # Story text in the data must never close the <script> it sits in, open a comment, or
    # be read as a character reference: these escapes are plain JSON.
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def _spec(chart: alt.TopLevelMixin | dict) -> dict:
    if isinstance(chart, dict):
        return chart
    if not isinstance(chart, alt.TopLevelMixin):
        raise InputError(
            f"expected an Altair chart or a Vega-Lite dict, got {type(chart).__name__}"
        )
    return chart.to_dict()


def chart_html(
    chart: alt.TopLevelMixin | dict, *, include_bundle: bool = False, chart_id: str | None = None
) -> str:
    """An HTML fragment that draws ``chart`` offline, for pages you assemble yourself.

    Parameters
    ----------
    chart
        An Altair chart or a Vega-Lite spec as a dict.
    include_bundle
        Put the Vega bundle (about 0.9 MB) before the chart. A page needs it once,
        anywhere: charts wait for it.
    chart_id
        The chart's HTML id, unique in its page: a page built in one go can number its
        charts, so that rebuilding it gives the same file. By default a random one, as a
        notebook's output must not clash with outputs of earlier sessions.

    Examples
    --------
    >>> parts = [chart_html(c, include_bundle=(i == 0)) for i, c in enumerate(charts)]  # doctest: +SKIP
    """
    spec = _json_for_html(_spec(chart))
    div_id = chart_id or f"toolkit-chart-{uuid.uuid4().hex[:12]}"
    script = _CHART_JS % {"id": json.dumps(div_id), "options": json.dumps(_EMBED_OPTIONS)}
    fragment = (
        f'<div class="toolkit-chart" id="{div_id}"><div class="toolkit-chart-view"></div>'
        f'<script type="application/json">{spec}</script>'
        f"<script>{script}</script></div>"
    )
    return (_bundle_html() + fragment) if include_bundle else fragment


def _render(spec: dict, **metadata) -> dict:
    include = not _sent["bundle"]
    _sent["bundle"] = True
    return {"text/html": chart_html(spec, include_bundle=include), "text/plain": "<toolkit chart>"}


class _Bundle:
    """Displays the Vega bundle; the output of :func:`setup`."""

    def _repr_html_(self) -> str:
        _sent["bundle"] = True
        return (
            _bundle_html()
            + '<div style="color:#555;font-size:12px">Charts ready (offline Vega-Lite).</div>'
        )

    def __repr__(self) -> str:
        return "toolkit charts: offline renderer enabled"


def setup() -> _Bundle:
    """Show charts in Jupyter without internet; call once per notebook.

    Enables an Altair renderer that puts the Vega, Vega-Lite and vega-embed libraries from
    ``vl-convert`` into the page once per kernel: in this call's output when it is the last
    line of a cell, else in the first chart shown. Later charts reuse ``window.vegaEmbed``.
    After a kernel restart the first chart carries the bundle again. After reloading the
    page without restarting the kernel, run ``setup()`` again.

    Returns
    -------
    object
        Shows the bundle (and a one-line note) when displayed.

    Examples
    --------
    >>> from toolkit import charts
    >>> charts.setup()  # doctest: +SKIP
    Charts ready (offline Vega-Lite).
    """
    alt.renderers.register(_RENDERER, _render)
    alt.renderers.enable(_RENDERER)
    _sent["bundle"] = False
    return _Bundle()


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%(title)s</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #222; }
.toolkit-chart { margin: 1.5rem 0 2.5rem; }
</style>
</head>
<body>
<h1>%(title)s</h1>
%(bundle)s
%(charts)s
</body>
</html>
"""


def to_html(
    charts: alt.TopLevelMixin | Sequence[alt.TopLevelMixin],
    path: str | os.PathLike | None = None,
    *,
    title: str = "Charts",
) -> str:
    """A standalone HTML page with the charts, working offline; the bundle is in it once.

    Parameters
    ----------
    charts
        One chart or a list of them, shown in order.
    path
        Where to write the page (UTF-8); ``None`` only returns it.
    title
        The page's title and heading (escaped).

    Returns
    -------
    str
        The page.

    Examples
    --------
    >>> to_html([readability_by_topic(analyzed), quotes_chart(analyzed)], "out/charts.html")  # doctest: +SKIP
    """
    items = [charts] if isinstance(charts, (alt.TopLevelMixin, dict)) else list(charts)
    page = _PAGE % {
        "title": html.escape(title),
        "bundle": _bundle_html(),
        "charts": "\n".join(
            chart_html(c, chart_id=f"toolkit-chart-{i}") for i, c in enumerate(items, 1)
        ),
    }
    if path is not None:
        Path(path).write_text(page, encoding="utf-8")
    return page


_SAVE_FORMATS = (".png", ".svg", ".pdf", ".html")


def save(chart: alt.TopLevelMixin, path: str | os.PathLike, *, scale: float = 2.0) -> Path:
    """Write a chart to PNG, SVG or PDF with ``vl-convert`` (no browser, no internet), or
    to a standalone HTML page.

    Parameters
    ----------
    chart
        An Altair chart.
    path
        The file; its suffix picks the format.
    scale
        Pixel density of PNGs (2 = sharp on high-resolution screens).

    Returns
    -------
    pathlib.Path
        The file written.

    Examples
    --------
    >>> save(readability_by_topic(analyzed), "out/readability.png")  # doctest: +SKIP
    """
    import vl_convert

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in _SAVE_FORMATS:
        raise UnknownNameError("file type", suffix or path.name, _SAVE_FORMATS)
    if suffix == ".html":
        to_html(chart, path, title=_plain_title(chart))
        return path
    spec = _spec(chart)
    if suffix == ".png":
        path.write_bytes(vl_convert.vegalite_to_png(spec, vl_version=_vl_version(), scale=scale))
    elif suffix == ".svg":
        path.write_text(
            vl_convert.vegalite_to_svg(spec, vl_version=_vl_version()), encoding="utf-8"
        )
    else:
        path.write_bytes(vl_convert.vegalite_to_pdf(spec, vl_version=_vl_version()))
    return path


def _plain_title(chart: alt.TopLevelMixin) -> str:
    title = _spec(chart).get("title", "Chart")
    if isinstance(title, dict):
        title = title.get("text", "Chart")
    return title if isinstance(title, str) else " ".join(map(str, title))
