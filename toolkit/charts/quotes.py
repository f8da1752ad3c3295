"""Who is quoted, how often, and how positively."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import numpy as np
import pandas as pd

from toolkit.charts.base import (
    INK,
    LIST_TYPES,
    SENTIMENT_DOMAIN,
    axis,
    chart_title,
    color_by_topic,
    is_missing,
    need_columns,
    palette_for,
    records,
    shorten,
    topic_column,
    topic_labels,
)
from toolkit.errors import InputError
from toolkit.measures.quotations import is_named_speaker
from toolkit.schema import distinct_stories

__all__ = ["quotes_chart", "quotes_chart_data"]

_UNNAMED = "(no speaker named)"


def _is_named(speaker: pd.Series) -> pd.Series:
    return (speaker != _UNNAMED) & speaker.map(is_named_speaker)


def quotes_chart_data(analyzed: pd.DataFrame, *, repeats: str = "drop") -> pd.DataFrame:
    """Every quotation with its speaker: the numbers behind :func:`quotes_chart`.

    Parameters
    ----------
    analyzed
        From :func:`toolkit.analyze` with the ``quotes`` measure.
    repeats
        ``"drop"`` (default): leave out stories that repeat an earlier one
        (``duplicate_of``), so each counts once; ``"keep"``: draw every copy.

    Returns
    -------
    pandas.DataFrame
        One row per quotation, story by story: ``topic``, ``speaker`` (names differing
        only in case made one, spelled as most often written; ``"(no speaker named)"``
        when there is none), ``sentiment`` (-1 to +1, NaN when unscored) and ``quote``
        (its text on one line, cut to 120 characters).

    Examples
    --------
    >>> import pandas as pd
    >>> analyzed = pd.DataFrame(
    ...     {
    ...         "topic": ["politics", "politics"],
    ...         "quotes": [
    ...             [{"text": "We will win.", "speaker": "Keir Starmer", "sentiment": 0.6}],
    ...             [
    ...                 {"text": "No comment.", "speaker": "keir starmer", "sentiment": 0.0},
    ...                 {"text": "It is a disgrace.", "speaker": None, "sentiment": -0.7},
    ...             ],
    ...         ],
    ...     }
    ... )
    >>> quotes_chart_data(analyzed)
          topic             speaker  sentiment              quote
    0  politics        Keir Starmer        0.6       We will win.
    1  politics        Keir Starmer        0.0        No comment.
    2  politics  (no speaker named)       -0.7  It is a disgrace.
    """
    return _quotations(analyzed, "quotes_chart_data", repeats)


def _quotations(analyzed: pd.DataFrame, caller: str, repeats: str = "drop") -> pd.DataFrame:
    analyzed = distinct_stories(analyzed, repeats)
    hint = "analyze(stories, measures=['quotes', ...]) adds it"
    need_columns(analyzed, ["quotes"], caller, hint)
    rows = [
        {
            "topic": t,
            "speaker": _UNNAMED
            if is_missing(q.get("speaker"))
            else " ".join(str(q["speaker"]).split()) or _UNNAMED,
            "sentiment": float(q.get("sentiment"))
            if not is_missing(q.get("sentiment"))
            else np.nan,
            "quote": shorten(q.get("text"), 120),
        }
        for t, found in zip(topic_labels(topic_column(analyzed)), analyzed["quotes"])
        if isinstance(found, LIST_TYPES)
        for q in found
        if isinstance(q, Mapping)
    ]
    if not rows:
        raise InputError(f"{caller}(): no story has a quotation")
    data = pd.DataFrame(rows)
    # "They" and "they" are one speaker, shown as most often written.
    named = data["speaker"] != _UNNAMED
    key = data.loc[named, "speaker"].str.casefold()
    spelling = (
        data.loc[named, "speaker"].groupby(key).agg(lambda names: names.value_counts().index[0])
    )
    data.loc[named, "speaker"] = key.map(spelling)
    return data


def quotes_chart(
    analyzed: pd.DataFrame,
    *,
    top: int = 15,
    colors: Mapping[str, str] | None = None,
    repeats: str = "drop",
    descriptions: bool = False,
) -> alt.HConcatChart:
    """Who is quoted, how often, and how positively.

    Left: quotations per speaker, split by topic. Right: the mean sentiment of each
    speaker's quotations, with a line from their most negative to their most positive.
    The quotations are :func:`quotes_chart_data`.

    Parameters
    ----------
    analyzed
        From :func:`toolkit.analyze` with the ``quotes`` measure.
    top
        Speakers to show, most quoted first. Quotations with no speaker are left out (the
        subtitle counts them); names differing only in case are one speaker.
    colors
        Topic colours; default :func:`topic_colors` of the frame's topics.
    repeats
        ``"drop"`` (default): leave out stories that repeat an earlier one
        (``duplicate_of``), so each counts once; ``"keep"``: draw every copy.
    descriptions
        ``False`` (default): leave out speakers the text only describes, written in lower
        case by the quotations measure ("researchers", "report", "a spokesman"), since
        the same words in two stories stand for two sources; the subtitle counts them and
        names the commonest. ``True``: draw them as speakers too.

    Examples
    --------
    >>> chart = quotes_chart(analyzed, top=10)
    """
    data = _quotations(analyzed, "quotes_chart", repeats)
    palette = palette_for(topic_labels(topic_column(analyzed)), colors)
    unnamed = int((data["speaker"] == _UNNAMED).sum())
    described = data[(data["speaker"] != _UNNAMED) & ~_is_named(data["speaker"])]
    data = data[data["speaker"] != _UNNAMED] if descriptions else data[_is_named(data["speaker"])]
    if data.empty:
        raise InputError(
            f"quotes_chart(): none of the {unnamed + len(described)} quotations has a named "
            "speaker" + ("" if descriptions else "; descriptions=True draws the described ones")
        )
    speakers = data.groupby("speaker").agg(
        n=("quote", "size"),
        mean=("sentiment", "mean"),
        low=("sentiment", "min"),
        high=("sentiment", "max"),
        example=("quote", "first"),
    )
    speakers = speakers.sort_values(["n", "mean"], ascending=[False, False]).head(top).reset_index()
    order = speakers["speaker"].tolist()
    counts = (
        data[data["speaker"].isin(order)]
        .groupby(["speaker", "topic"])
        .size()
        .rename("n")
        .reset_index()
    )
    # The legend lists the topics drawn, in their usual colours.
    drawn = {t: c for t, c in palette.items() if t in set(counts["topic"])}
    return alt.hconcat(
        _how_often(counts, order, drawn), _how_positively(speakers, order), spacing=8
    ).properties(
        title=chart_title(
            "Who is quoted, how often, and how positively?",
            [
                (
                    f"The {len(order)} most quoted speakers; dots: mean sentiment of their quotations, "
                    "lines: from their most negative to their most positive."
                ),
                _not_shown(unnamed, described["speaker"], descriptions),
            ],
        )
    )


def _not_shown(unnamed: int, described: pd.Series, drawn: bool) -> str:
    """The subtitle's line on the quotations the bars leave out."""
    parts = [f"{unnamed} quotation{'s' * (unnamed != 1)} with no speaker named"] if unnamed else []
    if len(described) and not drawn:
        counts = described.value_counts()
        commonest = ", ".join(f"“{s}”" for s in counts.index[:3]) + "…" * (len(counts) > 3)
        parts.append(f"{len(described)} by a speaker only described ({commonest})")
    return f"Not shown: {'; '.join(parts)}." if parts else ""


def _how_often(counts: pd.DataFrame, order: list[str], palette) -> alt.Chart:
    """Quotations per speaker, a bar split by topic."""
    return (
        alt.Chart(records(counts))
        .mark_bar()
        .encode(
            y=alt.Y("speaker:N", sort=order, axis=axis(None, labelLimit=200)),
            x=alt.X("n:Q", axis=axis("Quotations", tickMinStep=1, format="d")),
            color=color_by_topic(palette),
            tooltip=[
                alt.Tooltip("speaker:N", title="Speaker"),
                alt.Tooltip("topic:N", title="Topic"),
                alt.Tooltip("n:Q", title="Quotations"),
            ],
        )
        .properties(width=240, height=alt.Step(20), title="How often")
    )


def _how_positively(speakers: pd.DataFrame, order: list[str]) -> alt.LayerChart:
    """Each speaker's mean sentiment, on a line from their lowest to their highest."""
    spread = alt.Chart(records(speakers))
    y = alt.Y("speaker:N", sort=order, axis=None)
    rule = spread.mark_rule(color="#999").encode(
        y=y, x=alt.X("low:Q", scale=alt.Scale(domain=SENTIMENT_DOMAIN)), x2="high:Q"
    )
    dots = spread.mark_circle(size=90, color=INK).encode(
        y=y,
        x=alt.X(
            "mean:Q",
            scale=alt.Scale(domain=SENTIMENT_DOMAIN),
            axis=axis("Sentiment of their quotations (-1 to +1)", values=[-1, -0.5, 0, 0.5, 1]),
        ),
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
    return alt.layer(zero, rule, dots).properties(
        width=260, height=alt.Step(20), title="How positively"
    )
