"""Readability charts: one formula by topic, and every formula side by side.

The formulas' names and how to read them come from
:data:`toolkit.measures.readability.FORMULAS`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import altair as alt
import numpy as np
import pandas as pd

from toolkit.charts.base import (
    FEW_STORIES,
    INK,
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
    story_labels,
    topic_column,
    topic_labels,
)
from toolkit.errors import InputError, UnknownNameError
from toolkit.measures.readability import EASIER_IF_HIGHER, FORMULAS
from toolkit.schema import distinct_stories

__all__ = [
    "readability_by_topic",
    "readability_by_topic_data",
    "readability_formulas",
    "readability_formulas_data",
]

_HINT = "pass the frame analyze() returns"


def _formulas_in(frame: pd.DataFrame, caller: str) -> list[str]:
    present = [c for c in FORMULAS if c in frame.columns]
    if not present:
        raise InputError(
            f"{caller}() needs readability columns: analyze(stories, measures=['readability', ...])"
        )
    return present


# --------------------------------------------------------------------------- one formula


def readability_by_topic_data(
    analyzed: pd.DataFrame, measure: str = "flesch_reading_ease", *, repeats: str = "drop"
) -> pd.DataFrame:
    """One row per story with a score: the numbers behind :func:`readability_by_topic`.

    Parameters
    ----------
    analyzed
        From :func:`toolkit.analyze` with the ``readability`` measure.
    measure
        A readability column, e.g. ``"flesch_kincaid_grade"``.
    repeats
        ``"drop"`` (default): leave out stories that repeat an earlier one
        (``duplicate_of``), so each counts once; ``"keep"``: draw every copy.

    Returns
    -------
    pandas.DataFrame
        ``topic`` (``"(no topic)"`` when missing), ``story`` (``"story 3: First words…"``),
        ``value`` (the story's ``measure``) and ``words`` (words the formula counted, NaN
        when the frame does not say); stories without a score are left out.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame(
    ...     {
    ...         "topic": ["sport", None, "sport"],
    ...         "text": ["Goal!", "Rain at noon.", "No score."],
    ...         "n_words": [1, 3, 2],
    ...         "flesch_reading_ease": [90.0, 75.5, None],
    ...     }
    ... )
    >>> readability_by_topic_data(frame)
            topic                     story  value  words
    0       sport          story 1: Goal!   90.0    1.0
    1  (no topic)  story 2: Rain at noon.   75.5    3.0
    """
    return _story_scores(analyzed, measure, "readability_by_topic_data", repeats)


def _story_scores(
    analyzed: pd.DataFrame, measure: str, caller: str, repeats: str = "drop"
) -> pd.DataFrame:
    analyzed = distinct_stories(analyzed, repeats)
    need_columns(analyzed, ["text"], caller, _HINT)
    if measure not in (present := _formulas_in(analyzed, caller)):
        raise UnknownNameError("readability measure", measure, present)
    # The words the formula counted; a frame without them may still have the loader's.
    words = next((c for c in ("n_words_parsed", "n_words") if c in analyzed), None)
    data = pd.DataFrame(
        {
            "topic": topic_labels(topic_column(analyzed)),
            "story": story_labels(analyzed),
            "value": pd.to_numeric(analyzed[measure], errors="coerce").to_numpy(dtype=float),
            "words": pd.to_numeric(analyzed[words], errors="coerce").to_numpy(dtype=float)
            if words
            else np.nan,
        }
    ).dropna(subset=["value"])
    if data.empty:
        raise InputError(f"{caller}(): no story has a {measure!r} value")
    return data.reset_index(drop=True)


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


def readability_by_topic(
    analyzed: pd.DataFrame,
    measure: str = "flesch_reading_ease",
    *,
    colors: Mapping[str, str] | None = None,
    max_points: int = 1000,
    repeats: str = "drop",
) -> alt.LayerChart:
    """How easy each topic's stories are to read: one dot per story over a box per topic.

    The box spans the middle half of the topic's stories, the black tick is the median and
    the whiskers reach the furthest story within 1.5 box-lengths. Boxes are computed from
    every story; above ``max_points`` stories a seeded sample of dots is drawn. The
    stories' scores are :func:`readability_by_topic_data`.

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
    repeats
        ``"drop"`` (default): leave out stories that repeat an earlier one
        (``duplicate_of``), so each counts once; ``"keep"``: draw every copy.

    Examples
    --------
    >>> chart = readability_by_topic(analyzed, "gunning_fog")
    """
    data = _story_scores(analyzed, measure, "readability_by_topic", repeats)
    name, reading = FORMULAS[measure]
    palette = palette_for(data["topic"], colors)
    boxes = _box_stats(data, "value")
    order = boxes.sort_values("median", ascending=measure not in EASIER_IF_HIGHER)["topic"].tolist()
    points = seeded_sample(data, max_points).assign(jitter=lambda d: jitter(len(d)))
    y = alt.Y("topic:N", sort=order, axis=axis(None, labelLimit=220))
    scale = alt.Scale(zero=False, nice=True)
    dots = (
        alt.Chart(records(points))
        .mark_circle(size=45, opacity=0.8, stroke="white", strokeWidth=0.5)
        .encode(
            y=y,
            x=alt.X("value:Q", scale=scale),
            yOffset=alt.YOffset("jitter:Q", scale=alt.Scale(domain=[-3, 3])),
            color=color_by_topic(palette, legend=False),
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
    boxes = _box_layers(boxes, y, scale, palette, x_title=f"{name} ({reading})")
    return alt.layer(*boxes, dots).properties(
        width=WIDTH,
        height=alt.Step(44),
        title=chart_title(
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


def _box_layers(boxes, y, scale, palette, *, x_title) -> list[alt.Chart]:
    """Whiskers, box and median tick of each topic."""
    base = alt.Chart(records(boxes))
    whiskers = base.mark_rule(color=INK).encode(
        y=y, x=alt.X("low:Q", scale=scale, axis=axis(x_title)), x2="high:Q"
    )
    box = base.mark_bar(size=26, opacity=0.25).encode(
        y=y,
        x="q1:Q",
        x2="q3:Q",
        color=color_by_topic(palette, legend=False),
        tooltip=[
            alt.Tooltip("topic:N", title="Topic"),
            alt.Tooltip("n:Q", title="Stories"),
            alt.Tooltip("median:Q", title="Median", format=".1f"),
            alt.Tooltip("q1:Q", title="Lower quartile", format=".1f"),
            alt.Tooltip("q3:Q", title="Upper quartile", format=".1f"),
        ],
    )
    median = base.mark_tick(color="black", thickness=3, size=26).encode(y=y, x="median:Q")
    return [whiskers, box, median]


# --------------------------------------------------------------------------- all formulas


def readability_formulas_data(analyzed: pd.DataFrame, *, repeats: str = "drop") -> pd.DataFrame:
    """Every story's score on every formula, raw and on one common scale: the numbers
    behind :func:`readability_formulas`.

    Each formula is standardised over the stories that have every score (0 = the average
    story, 1 = one standard deviation harder), Flesch reading ease turned round so that a
    higher ``z`` always means harder.

    Parameters
    ----------
    analyzed
        From :func:`toolkit.analyze` with the ``readability`` measure.
    repeats
        ``"drop"`` (default): leave out stories that repeat an earlier one
        (``duplicate_of``), so each counts once; ``"keep"``: draw every copy.

    Returns
    -------
    pandas.DataFrame
        One row per story and formula, story by story, formulas in the order of
        :data:`~toolkit.measures.readability.FORMULAS`: ``story_key`` (0, 1, ... over the
        stories kept), ``topic``, ``story`` (``"story 3: First words…"``), ``measure`` (the
        column, e.g. ``"gunning_fog"``), ``formula`` (its name as charted), ``raw`` (the
        score) and ``z`` (standardised, up = harder). Stories missing any score are left out.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame(
    ...     {
    ...         "topic": ["sport", "politics"],
    ...         "text": ["Goal!", "The chancellor's statement."],
    ...         "flesch_reading_ease": [90.0, 30.0],
    ...         "gunning_fog": [2.0, 14.0],
    ...     }
    ... )
    >>> readability_formulas_data(frame)[["topic", "formula", "raw", "z"]]
          topic                               formula   raw    z
    0     sport  Flesch reading ease (turned round)  90.0 -1.0
    1     sport                          Gunning fog   2.0 -1.0
    2  politics  Flesch reading ease (turned round)  30.0  1.0
    3  politics                          Gunning fog  14.0  1.0
    """
    return _formula_scores(analyzed, "readability_formulas_data", repeats)


def _formula_scores(analyzed: pd.DataFrame, caller: str, repeats: str = "drop") -> pd.DataFrame:
    analyzed = distinct_stories(analyzed, repeats)
    need_columns(analyzed, ["text"], caller, _HINT)
    present = _formulas_in(analyzed, caller)
    wide = (
        analyzed[present].apply(pd.to_numeric, errors="coerce").astype(float).reset_index(drop=True)
    )
    keep = wide.notna().all(axis=1).to_numpy()
    if not keep.any():
        raise InputError(f"{caller}(): no story has readability scores")
    topics = np.array(topic_labels(topic_column(analyzed)), dtype=object)[keep]
    labels = np.array(story_labels(analyzed), dtype=object)[keep]
    wide = wide[keep].reset_index(drop=True)
    spread = wide.std(ddof=0).replace(0, np.nan)
    z = ((wide - wide.mean()) / spread).fillna(0.0)
    for col in EASIER_IF_HIGHER & set(present):
        z[col] = -z[col]
    names = [FORMULAS[c][0] + (" (turned round)" if c in EASIER_IF_HIGHER else "") for c in present]
    k = len(present)
    return pd.DataFrame(
        {
            "story_key": np.repeat(np.arange(len(wide)), k),
            "topic": np.repeat(topics, k),
            "story": np.repeat(labels, k),
            "measure": present * len(wide),
            "formula": names * len(wide),
            "raw": wide.to_numpy().reshape(-1),
            "z": z.to_numpy().reshape(-1),
        }
    )


def readability_formulas(
    analyzed: pd.DataFrame,
    *,
    colors: Mapping[str, str] | None = None,
    max_stories: int = 100,
    repeats: str = "drop",
) -> alt.LayerChart:
    """Do the readability formulas agree? Every formula side by side on one scale.

    Each formula is standardised over the corpus (0 = the average story, 1 = one standard
    deviation harder) and Flesch reading ease is turned round so that up always means
    harder. A thick line per topic joins its mean on every formula, and a thin line per
    story (up to ``max_stories``) its own scores. Where a line is flat the formulas agree;
    where lines cross, the formulas rank the stories or topics differently. The scores are
    :func:`readability_formulas_data`.

    Parameters
    ----------
    analyzed
        From :func:`toolkit.analyze` with the ``readability`` measure.
    colors
        Topic colours; default :func:`topic_colors` of the frame's topics.
    max_stories
        Most stories to draw a thin line for; above it a seeded sample.
    repeats
        ``"drop"`` (default): leave out stories that repeat an earlier one
        (``duplicate_of``), so each counts once; ``"keep"``: draw every copy.

    Examples
    --------
    >>> chart = readability_formulas(analyzed)
    """
    long = _formula_scores(analyzed, "readability_formulas", repeats)
    names = list(dict.fromkeys(long["formula"]))
    palette = palette_for(long["topic"], colors)
    means = (
        long.groupby(["topic", "formula"], sort=False)
        .agg(z=("z", "mean"), raw=("raw", "mean"), n=("raw", "size"))
        .reset_index()
    )
    x = alt.X("formula:N", sort=names, axis=axis(None, labelAngle=-25, labelLimit=200))
    zero = (
        alt.Chart(pd.DataFrame({"z": [0.0]}))
        .mark_rule(color="#999", strokeDash=[4, 4])
        .encode(y="z:Q")
    )
    encoding = {
        "x": x,
        "y": alt.Y("z:Q", axis=axis("Difficulty (0 = corpus average, up = harder)")),
        "color": color_by_topic(palette),
        "tooltip": [
            alt.Tooltip("topic:N", title="Topic"),
            alt.Tooltip("formula:N", title="Formula"),
            alt.Tooltip("raw:Q", title="Mean score", format=".1f"),
            alt.Tooltip("z:Q", title="Vs corpus (sd)", format="+.2f"),
            alt.Tooltip("n:Q", title="Stories"),
        ],
    }
    few = means["n"] < FEW_STORIES
    lines = mean_lines(means, few, encoding, 60)
    thin, shown, n_stories = _formula_story_lines(long, names, x, palette, max_stories)
    sample = (
        f"a sample of {shown} of {n_stories} stories" if shown < n_stories else "single stories"
    )
    subtitle = [
        "Each formula rescaled to this corpus: 0 = the average story, 1 = one standard deviation harder.",
        f"Thick lines: topic means; thin lines: {sample}. Flat = the formulas agree; crossing = they disagree.",
    ]  # fmt: skip
    if few.any():
        subtitle.append(f"Dashed: the means of topics of fewer than {FEW_STORIES} stories.")
    return alt.layer(zero, thin, *lines).properties(
        width=WIDTH, height=320, title=chart_title("Do the readability formulas agree?", subtitle)
    )


def _formula_story_lines(long, names, x, palette, limit) -> tuple[alt.Chart, int, int]:
    """A thin line per story (a seeded sample of ``limit``), the number drawn and of all."""
    # One row per story, made long in the browser: the story's label is stored once, not
    # once per formula. ``long`` holds each story's formulas in a block, in ``names`` order.
    k = len(names)
    columns = [f"z{i}" for i in range(k)]
    per_story = pd.DataFrame(long["z"].to_numpy().reshape(-1, k), columns=columns).assign(
        topic=long["topic"].to_numpy()[::k],
        story=long["story"].to_numpy()[::k],
        story_key=long["story_key"].to_numpy()[::k],
    )
    shown = seeded_sample(per_story, limit)
    chart = (
        alt.Chart(records(shown))
        .transform_fold(columns, as_=["column", "z"])
        .transform_calculate(formula=f"{json.dumps(names)}[toNumber(slice(datum.column, 1))]")
        .mark_line(strokeWidth=1, opacity=0.3)
        .encode(
            x=x,
            y="z:Q",
            detail="story_key:N",
            color=color_by_topic(palette),
            tooltip=[
                alt.Tooltip("story:N", title="Story"),
                alt.Tooltip("formula:N", title="Formula"),
                alt.Tooltip("z:Q", title="Vs corpus (sd)", format="+.2f"),
            ],
        )
    )
    return chart, len(shown), len(per_story)
