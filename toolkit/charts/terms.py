"""Charts of the words that set one topic apart from another (from
:func:`toolkit.compare.keyness`)."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import numpy as np
import pandas as pd

from toolkit.charts.base import (
    FEW_STORIES,
    INK,
    PALETTE,
    WIDTH,
    axis,
    chart_title,
    jitter,
    need_columns,
    records,
    shorten,
)
from toolkit.errors import InputError, UnknownNameError

__all__ = [
    "keyness_bars",
    "keyness_bars_data",
    "label_span",
    "term_scatter",
    "term_scatter_data",
]

# Most a point moves from its rank, as a share of the axis.
_MAX_JITTER = 0.02

_NEUTRAL = "#e3e3e3"
_REFERENCE_COLOR = "#6f6f6f"  # "all other stories": grey, darker than neutral
_P05 = 3.84  # G² above this: p < 0.05 with one degree of freedom
_LEFT_OF_POINT = 0.8  # term scatter: words right of this are named left of their point
_SCATTER_PX = 460  # term scatter's width and height
_MEASURES = {
    "g2": "Log-likelihood G² (signed)",
    "chi2": "Chi-squared (signed)",
    "log_ratio": "Log ratio (log2 of relative frequencies)",
    "scaled_f": "Scaled F-score (signed)",
}


# --------------------------------------------------------------------------- keyness


def _keyness_info(table: pd.DataFrame, caller: str) -> dict:
    need_columns(
        table,
        ["term", "n_target", "n_reference", "g2", "scaled_f"],
        caller,
        "pass the frame keyness() returns",
    )
    info = dict(table.attrs.get("keyness", {}))
    info.setdefault("target", "target")
    info.setdefault("reference", "reference")
    return info


def _side_colors(info: dict, colors: Mapping[str, str] | None) -> tuple[str, str]:
    target, reference = str(info["target"]), str(info["reference"])
    palette = dict(colors) if colors is not None else {}
    target_color = palette.get(target, PALETTE[0])
    reference_color = palette.get(reference, _REFERENCE_COLOR)
    return target_color, reference_color


def keyness_bars_data(
    keyness_table: pd.DataFrame, *, top: int = 15, measure: str = "g2"
) -> pd.DataFrame:
    """The words most typical of each side of a keyness comparison: the bars of
    :func:`keyness_bars`.

    Parameters
    ----------
    keyness_table
        A :func:`~toolkit.compare.keyness` result.
    top
        Words per side.
    measure
        What ranks them: ``"g2"``, ``"chi2"``, ``"log_ratio"`` or ``"scaled_f"``.

    Returns
    -------
    pandas.DataFrame
        Up to ``top`` words leaning to the target (``measure`` > 0, strongest first), then
        up to ``top`` leaning to the reference (weakest first): ``term``, ``n_target``,
        ``n_reference``, ``g2``, ``log_ratio`` and ``p_value`` (those the table has),
        ``side`` (the target's or the reference's name) and ``measure``'s column.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame(
    ...     {
    ...         "term": ["goal", "vote", "said"],
    ...         "n_target": [9, 0, 5],
    ...         "n_reference": [1, 8, 5],
    ...         "g2": [8.2, -9.1, 0.0],
    ...         "scaled_f": [0.9, -0.9, 0.0],
    ...     }
    ... )
    >>> table.attrs["keyness"] = {"target": "sport", "reference": "politics"}
    >>> keyness_bars_data(table)
       term  n_target  n_reference   g2      side
    0  goal         9            1  8.2     sport
    1  vote         0            8 -9.1  politics
    """
    info = _keyness_info(keyness_table, "keyness_bars_data")
    return _leaning_words(keyness_table, info, top, measure, "keyness_bars_data")


def _leaning_words(table, info, top, measure, caller) -> pd.DataFrame:
    if measure not in _MEASURES or measure not in table.columns:
        raise UnknownNameError(
            "keyness measure", measure, [m for m in _MEASURES if m in table.columns]
        )
    target, reference = str(info["target"]), str(info["reference"])
    ordered = table.sort_values([measure, "term"], ascending=[False, True], kind="mergesort")
    positive = ordered[ordered[measure] > 0].head(top)
    negative = ordered[ordered[measure] < 0].tail(top)
    data = pd.concat([positive, negative]).drop_duplicates("term")
    if data.empty:
        raise InputError(f"{caller}(): no word leans either way")
    data = data.assign(side=np.where(data[measure] > 0, target, reference))
    keep = ["term", "n_target", "n_reference", "stories_target", "stories_reference", "g2",
            "log_ratio", "p_value", "side", measure]  # fmt: skip
    return data[[c for c in dict.fromkeys(keep) if c in data.columns]].reset_index(drop=True)


def _one_story(data: pd.DataFrame, target: str) -> pd.Series:
    """Whether each bar's word comes from a single story of the side it leans to."""
    if not {"stories_target", "stories_reference"} <= set(data.columns):
        return pd.Series(False, index=data.index)
    stories = data["stories_target"].where(data["side"] == target, data["stories_reference"])
    return stories <= 1


def keyness_bars(
    keyness_table: pd.DataFrame,
    *,
    top: int = 15,
    measure: str = "g2",
    colors: Mapping[str, str] | None = None,
) -> alt.LayerChart:
    """Diverging bars: the words most typical of the target (right) and of the reference
    (left), from :func:`toolkit.compare.keyness`; the words are :func:`keyness_bars_data`.

    Parameters
    ----------
    keyness_table
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
    >>> from toolkit.charts import topic_colors
    >>> table = toolkit.keyness(stories, target="Kosovo")
    >>> chart = keyness_bars(table, colors=topic_colors(stories["topic"]))
    """
    info = _keyness_info(keyness_table, "keyness_bars")
    data = _leaning_words(keyness_table, info, top, measure, "keyness_bars")
    target, reference = str(info["target"]), str(info["reference"])
    target_color, reference_color = _side_colors(info, colors)
    order = data.sort_values(measure, ascending=False)["term"].astype(str).tolist()
    data = data.assign(one_story=_one_story(data, target))
    bars = (
        alt.Chart(records(data))
        .mark_bar()
        .encode(
            opacity=alt.condition("datum.one_story", alt.value(0.35), alt.value(1.0)),
            y=alt.Y("term:N", sort=order, axis=axis(None, labelLimit=200)),
            x=alt.X(
                f"{measure}:Q",
                axis=axis(
                    f"{_MEASURES[measure]}: right = more in {shorten(target, 30)}, left = more in {shorten(reference, 30)}"
                ),
            ),
            color=alt.Color(
                "side:N",
                title="Used more in",
                scale=alt.Scale(domain=[target, reference], range=[target_color, reference_color]),
            ),
            tooltip=[
                alt.Tooltip("term:N", title="Word"),
                alt.Tooltip("n_target:Q", title=f"Count in {shorten(target, 30)}"),
                alt.Tooltip("n_reference:Q", title=f"Count in {shorten(reference, 30)}"),
                *[
                    alt.Tooltip(f"{c}:Q", title=f"Stories using it in {shorten(side, 30)}")
                    for c, side in (("stories_target", target), ("stories_reference", reference))
                    if c in data.columns
                ],
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
    subtitle += _few_stories_note(info, target, bool(data["one_story"].any()))
    if measure == "g2":
        cut = pd.DataFrame({"g2": [_P05, -_P05]})
        layers.append(alt.Chart(cut).mark_rule(strokeDash=[4, 4], color="#777").encode(x="g2:Q"))
        subtitle.append(
            "Dashed lines: G² = ±3.84; beyond them a difference this large has p < 0.05."
        )
    return alt.layer(*layers).properties(
        width=WIDTH - 100,
        height=alt.Step(16),
        title=chart_title(
            f"Words that set {shorten(target, 40)} apart from {shorten(reference, 40)}", subtitle
        ),
    )


def _few_stories_note(info: dict, target: str, pale: bool) -> list[str]:
    """The subtitle's warnings: a target of few stories, words of one story."""
    notes = []
    n = info.get("n_target_stories")
    if n is not None and n < FEW_STORIES:
        whose = "that story's" if n == 1 else "those stories'"
        notes.append(
            f"{shorten(target, 40)} has only {n} stor{'y' if n == 1 else 'ies'}: its words "
            f"may be {whose} rather than the topic's, whatever their G²."
        )
    if pale:
        notes.append("Pale bars: words that only one story of their side uses.")
    return notes


# --------------------------------------------------------------------------- term scatter


def term_scatter_data(
    keyness_table: pd.DataFrame, *, max_terms: int = 1500, labels: int = 8
) -> pd.DataFrame:
    """Every word placed by how often each side uses it: the points of :func:`term_scatter`.

    Parameters
    ----------
    keyness_table
        A :func:`~toolkit.compare.keyness` result.
    max_terms
        Most words to keep, the most frequent.
    labels
        Words to name on each side.

    Returns
    -------
    pandas.DataFrame
        One row per word, most frequent first: ``term``, ``n_target``, ``n_reference``,
        ``g2``, ``scaled_f``, ``x`` and ``y`` (frequency rank in the reference and in the
        target scaled to 0-1, slightly jittered) and ``label_rank`` (0, 1, ... for the words
        the chart names, the target's strongest by G² first, then the reference's; ``<NA>``
        for the rest).

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame(
    ...     {
    ...         "term": ["goal", "vote", "said"],
    ...         "n_target": [9, 0, 5],
    ...         "n_reference": [1, 8, 5],
    ...         "g2": [8.2, -9.1, 0.0],
    ...         "scaled_f": [0.9, -0.9, 0.0],
    ...     }
    ... )
    >>> term_scatter_data(table)[["term", "label_rank"]]
       term  label_rank
    0  goal           0
    1  said        <NA>
    2  vote           1
    """
    _keyness_info(keyness_table, "term_scatter_data")
    return _placed_words(keyness_table, max_terms, labels)


def _placed_words(table: pd.DataFrame, max_terms: int, labels: int) -> pd.DataFrame:
    data = table.assign(total=table["n_target"] + table["n_reference"])
    data = (
        data.sort_values(["total", "term"], ascending=[False, True], kind="mergesort")
        .head(max_terms)
        .reset_index(drop=True)
    )
    shift = jitter(len(data))
    for side, column in (("x", "n_reference"), ("y", "n_target")):
        ranks = data[column].rank(method="dense").to_numpy()
        top_rank = max(ranks.max() - 1, 1)
        # A third of a rank step at most, and 2% of the axis: with few distinct counts
        # a rank step is a fifth of the axis, and a wider jitter would read as another
        # count.
        spread = min(0.35 / top_rank, _MAX_JITTER)
        data[side] = ((ranks - 1) / top_rank + shift * spread).clip(0, 1)
        shift = np.roll(shift, 1)  # a different jitter on each axis
    named = []
    for ascending in (False, True):
        leaning = data[data["g2"] < 0] if ascending else data[data["g2"] > 0]
        named += _clear_of_each_other(
            leaning.sort_values(["g2", "term"], ascending=[ascending, True]), labels
        )
    data["label_rank"] = pd.Series(range(len(named)), index=named, dtype="Int64")
    columns = ["term", "n_target", "n_reference", "g2", "scaled_f", "x", "y", "label_rank"]
    return data[columns]


def term_scatter(
    keyness_table: pd.DataFrame,
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
    (skipping any whose label would overlap one already placed). The points are
    :func:`term_scatter_data`.

    Parameters
    ----------
    keyness_table
        A :func:`~toolkit.compare.keyness` result.
    max_terms
        Most words to draw.
    labels
        Words to name on each side.
    colors
        Topic colours, as for :func:`keyness_bars`.

    Examples
    --------
    >>> chart = term_scatter(toolkit.keyness(stories, target="Kosovo", form="lower"))
    """
    info = _keyness_info(keyness_table, "term_scatter")
    target, reference = str(info["target"]), str(info["reference"])
    data = _placed_words(keyness_table, max_terms, labels)
    points = _scatter_points(data.drop(columns=["label_rank"]), info, colors)
    labelled = data[data["label_rank"].notna()].sort_values("label_rank")[["term", "x", "y"]]
    # Words near the right edge are named to the left of their point, so the plot does
    # not clip them ("said" in a scatter of two news topics).
    near_edge = labelled["x"] > _LEFT_OF_POINT
    texts = [
        alt.Chart(records(labelled[side]))
        .mark_text(align=align, dx=dx, dy=-4, fontSize=11, color=INK)
        .encode(x="x:Q", y="y:Q", text="term:N")
        for side, align, dx in ((~near_edge, "left", 6), (near_edge, "right", -6))
        if side.any()
    ]
    return alt.layer(points, *texts).properties(
        width=_SCATTER_PX,
        height=_SCATTER_PX,
        title=chart_title(
            f"{shorten(target, 40)} vs {shorten(reference, 40)}: every word by how often each side uses it",
            [
                (
                    f"Top left: frequent in {shorten(target, 30)}, rare in {shorten(reference, 30)}; bottom right: the opposite; "
                    "the diagonal: used alike."
                ),
                f"The {len(data)} most frequent words; colour: scaled F-score; named: the strongest of each side by G² whose labels fit without overlapping.",
            ],
        ),
    )


def _scatter_points(data: pd.DataFrame, info: dict, colors) -> alt.Chart:
    target, reference = str(info["target"]), str(info["reference"])
    target_color, reference_color = _side_colors(info, colors)
    return (
        alt.Chart(records(data))
        .mark_circle(size=30, opacity=0.75)
        .encode(
            x=alt.X(
                "x:Q",
                scale=alt.Scale(domain=[0, 1]),
                axis=axis(f"How often in {shorten(reference, 40)} (frequency rank)", format=".0%"),
            ),
            y=alt.Y(
                "y:Q",
                scale=alt.Scale(domain=[0, 1]),
                axis=axis(f"How often in {shorten(target, 40)} (frequency rank)", format=".0%"),
            ),
            color=alt.Color(
                "scaled_f:Q",
                title=[
                    "Leans to",
                    f"{shorten(target, 20)} (+) or",
                    f"{shorten(reference, 20)} (-)",
                ],
                scale=alt.Scale(domain=[-1, 0, 1], range=[reference_color, _NEUTRAL, target_color]),
            ),
            tooltip=[
                alt.Tooltip("term:N", title="Word"),
                alt.Tooltip("n_target:Q", title=f"Count in {shorten(target, 30)}"),
                alt.Tooltip("n_reference:Q", title=f"Count in {shorten(reference, 30)}"),
                alt.Tooltip("scaled_f:Q", title="Scaled F (signed)", format="+.2f"),
                alt.Tooltip("g2:Q", title="G²", format="+.1f"),
            ],
        )
    )


def label_span(term: str, x: float) -> tuple[float, float]:
    """Left and right ends of ``term``'s label at ``x`` in :func:`term_scatter`, in plot
    widths: named to the right of its point, or to the left near the right edge (11 px
    type: about 7 px a character, and 6 px from the point).

    Examples
    --------
    >>> label_span("vote", 0.5)  # doctest: +ELLIPSIS
    (0.5, 0.576...)
    """
    width = (7 * len(term) + 7) / _SCATTER_PX
    return (x - width, x) if x > _LEFT_OF_POINT else (x, x + width)


def _clear_of_each_other(ranked: pd.DataFrame, limit: int) -> list:
    """Index of up to ``limit`` rows, best first, whose labels would not overlap."""
    kept: list = []
    placed: list[tuple[float, float, float]] = []
    for index, term, x, y in zip(ranked.index, ranked["term"], ranked["x"], ranked["y"]):
        left, right = label_span(str(term), x)
        # A label is about a twenty-fifth of the plot high.
        if all(right < pl or left > pr or abs(y - py) > 0.04 for pl, pr, py in placed):
            kept.append(index)
            placed.append((left, right, y))
            if len(kept) == limit:
                break
    return kept
