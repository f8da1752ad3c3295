"""Lexical dispersion (an x-ray plot) of :func:`toolkit.compare.dispersion` hits."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from toolkit.charts.base import (
    axis,
    chart_title,
    color_by_topic,
    is_missing,
    need_columns,
    palette_for,
    records,
    topic_column,
    topic_labels,
)

__all__ = ["dispersion_chart", "dispersion_chart_data"]


def dispersion_chart_data(hits: pd.DataFrame, *, max_stories: int = 40) -> pd.DataFrame:
    """The hits of the stories :func:`dispersion_chart` shows, with the story labels it
    shows them under.

    Parameters
    ----------
    hits
        From :func:`toolkit.compare.dispersion`.
    max_stories
        Most stories to keep; above it, those with the most hits.

    Returns
    -------
    pandas.DataFrame
        One row per hit, in the order of ``hits``: ``story_id``, ``topic``, ``term``,
        ``offset`` (0 = the story's first word, 1 = its last), ``match`` (the text found),
        ``source`` and ``story_no`` (``None`` when ``hits`` lacks them) and ``story``
        (``"story 3 (Kosovo)"``; ``"scrape_04.txt, story 3 (Kosovo)"`` when the stories
        come from more than one file), one label per story.

    Examples
    --------
    >>> import pandas as pd
    >>> hits = pd.DataFrame(
    ...     {
    ...         "story_id": ["a1", "a1", "b2"],
    ...         "story_no": [1, 1, 2],
    ...         "topic": ["politics", "politics", None],
    ...         "term": ["asylum", "asylum", "asylum"],
    ...         "offset": [0.1, 0.8, 0.5],
    ...     }
    ... )
    >>> dispersion_chart_data(hits, max_stories=1)[["story", "term", "offset"]]
                      story    term  offset
    0  story 1 (politics)  asylum     0.1
    1  story 1 (politics)  asylum     0.8
    """
    return _hit_rows(hits, max_stories, "dispersion_chart_data")


def _hit_rows(hits: pd.DataFrame, max_stories: int, caller: str) -> pd.DataFrame:
    need_columns(
        hits, ["story_id", "term", "offset"], caller, "pass the frame dispersion() returns"
    )
    data = pd.DataFrame(
        {
            "story_id": hits["story_id"].astype(str).to_numpy(),
            "topic": topic_labels(topic_column(hits)),
            "term": hits["term"].astype(str).to_numpy(),
            "offset": pd.to_numeric(hits["offset"], errors="coerce").to_numpy(dtype=float),
            "match": hits["match"].astype(str).to_numpy()
            if "match" in hits
            else hits["term"].astype(str).to_numpy(),
            "source": hits["source"].to_numpy() if "source" in hits else None,
            "story_no": hits["story_no"].to_numpy() if "story_no" in hits else None,
        }
    )
    per_story = data.groupby("story_id").size().sort_values(ascending=False, kind="mergesort")
    data = data[data["story_id"].isin(set(per_story.index[:max_stories]))].copy()
    data["story"] = _story_labels(data)
    return data.reset_index(drop=True)


def _story_labels(data: pd.DataFrame) -> list[str]:
    """One row label per story: "story 3 (Kosovo)", with its file when the stories come
    from more than one ("scrape_04.txt, story 3 (Kosovo)"), as numbering restarts in each
    file; a label two stories would still share gets the story's id."""
    files = data["source"].dropna().nunique() > 1
    labels = [
        (f"{src}, " if files and not is_missing(src) else "")
        + (f"story {n}" if not is_missing(n) else sid[:8])
        + (f" {t}" if t.startswith("(") else f" ({t})")  # "(no topic)" has its brackets
        for src, n, t, sid in zip(data["source"], data["story_no"], data["topic"], data["story_id"])
    ]
    stories = pd.Series(data["story_id"].to_numpy()).groupby(labels).nunique()
    shared = set(stories[stories > 1].index)
    return [
        f"{label} {sid[:8]}" if label in shared else label
        for label, sid in zip(labels, data["story_id"])
    ]


def dispersion_chart(
    hits: pd.DataFrame,
    *,
    max_stories: int = 40,
    colors: Mapping[str, str] | None = None,
) -> alt.FacetChart:
    """Lexical dispersion (an x-ray plot): where each term occurs in each story.

    The ticks are :func:`dispersion_chart_data`.

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
    >>> chart = dispersion_chart(toolkit.dispersion(stories, ["asylum", "Ofcom"]))
    """
    data = _hit_rows(hits, max_stories, "dispersion_chart")
    palette = palette_for(topic_labels(topic_column(hits)), colors)
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
                axis=axis("Position in the story", format=".0%"),
            ),
            y=alt.Y("story:N", sort=order, axis=axis(None, labelLimit=320)),
            color=color_by_topic(palette),
            tooltip=[
                alt.Tooltip("story:N", title="Story"),
                alt.Tooltip("match:N", title="Found"),
                alt.Tooltip("offset:Q", title="Position", format=".0%"),
            ],
        )
        .properties(width=max(160, 560 // max(len(terms), 1)), height=alt.Step(18))
    )
    shown, with_hits = data["story_id"].nunique(), hits["story_id"].astype(str).nunique()
    note = (
        f"the {shown} stories with the most hits"
        if with_hits > shown
        else f"{shown} {'story' if shown == 1 else 'stories'} with a hit"
    )
    return alt.FacetChart(
        data=records(data.drop(columns=["story_id", "source", "story_no"])),
        spec=chart,
        facet=alt.Facet(
            "term:N",
            sort=terms,
            title=None,
            header=alt.Header(labelFontSize=13, labelFontWeight="bold"),
        ),
        columns=len(terms),
    ).properties(
        title=chart_title(
            "Where do the words occur? Lexical dispersion",
            [
                f"One tick per occurrence, from the first word of a story (0%) to its last (100%); {note}."
            ],
        )
    )
