"""The people, organisations and places each topic mentions most.

Entity types and what a reader calls them come from
:data:`toolkit.measures.entities.LABELS`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import altair as alt
import pandas as pd

from toolkit.charts.base import (
    LIST_TYPES,
    axis,
    chart_title,
    faceted_bars,
    need_columns,
    palette_for,
    topic_column,
    topic_labels,
)
from toolkit.errors import InputError, UnknownNameError
from toolkit.measures.entities import LABELS as ENTITY_LABELS
from toolkit.schema import distinct_stories

__all__ = ["entities_by_topic", "entities_by_topic_data"]


def entities_by_topic_data(
    analyzed: pd.DataFrame,
    *,
    top: int = 10,
    labels: Iterable[str] | None = None,
    repeats: str = "drop",
) -> pd.DataFrame:
    """Each topic's most mentioned names: the bars of :func:`entities_by_topic`.

    Parameters
    ----------
    analyzed
        From :func:`toolkit.analyze` with the ``entities`` measure.
    top
        Entities per topic.
    labels
        Entity types to keep, e.g. ``["PERSON", "ORG"]``; default all named types.
    repeats
        ``"drop"`` (default): leave out stories that repeat an earlier one
        (``duplicate_of``), so each counts once; ``"keep"``: draw every copy.

    Returns
    -------
    pandas.DataFrame
        Up to ``top`` rows per topic, by topic then mentions: ``topic``, ``entity`` (the
        name), ``type`` (e.g. ``"PERSON"``), ``mentions`` (over the topic's stories),
        ``stories`` (stories naming it) and ``name`` (``"Keir Starmer (person)"``).

    Examples
    --------
    >>> import pandas as pd
    >>> analyzed = pd.DataFrame(
    ...     {
    ...         "topic": ["politics", "politics"],
    ...         "entities": [
    ...             [{"text": "Ofcom", "label": "ORG", "count": 2}],
    ...             [{"text": "Ofcom", "label": "ORG", "count": 1}],
    ...         ],
    ...     }
    ... )
    >>> entities_by_topic_data(analyzed)
          topic entity type  mentions  stories                  name
    0  politics  Ofcom  ORG         3        2  Ofcom (organisation)
    """
    return _mentions(analyzed, top, labels, "entities_by_topic_data", repeats)


def _mentions(analyzed, top, labels, caller, repeats: str = "drop") -> pd.DataFrame:
    analyzed = distinct_stories(analyzed, repeats)
    hint = "analyze(stories, measures=['entities', ...]) adds it"
    need_columns(analyzed, ["entities"], caller, hint)
    wanted = set(ENTITY_LABELS) if labels is None else set(labels)
    for label in wanted:
        if label not in ENTITY_LABELS:
            raise UnknownNameError("entity label", label, list(ENTITY_LABELS))
    rows = [
        {
            "topic": t,
            "entity": str(e.get("text")),
            "type": str(e.get("label")),
            "count": int(e.get("count") or 1),
        }
        for t, ents in zip(topic_labels(topic_column(analyzed)), analyzed["entities"])
        if isinstance(ents, LIST_TYPES)
        for e in ents
        if isinstance(e, Mapping) and e.get("label") in ENTITY_LABELS
    ]
    frame = pd.DataFrame(rows, columns=["topic", "entity", "type", "count"])
    # One bar per name: a name spaCy labels differently from story to story ("Trump" a
    # person here, an organisation there) takes the label of most of its mentions.
    votes = frame.groupby(["entity", "type"])["count"].sum().reset_index()
    votes = votes.sort_values(["count", "type"], ascending=[False, True])
    frame["type"] = frame["entity"].map(votes.drop_duplicates("entity").set_index("entity")["type"])
    frame = frame[frame["type"].isin(wanted)]
    if frame.empty:
        raise InputError(f"{caller}(): no story has entities of the chosen types")
    agg = (
        frame.groupby(["topic", "entity", "type"])
        .agg(mentions=("count", "sum"), stories=("count", "size"))
        .reset_index()
    )
    agg = (
        agg.sort_values(["topic", "mentions", "entity"], ascending=[True, False, True])
        .groupby("topic")
        .head(top)
        .reset_index(drop=True)
    )
    agg["name"] = agg["entity"] + " (" + agg["type"].map(ENTITY_LABELS) + ")"
    return agg


def entities_by_topic(
    analyzed: pd.DataFrame,
    *,
    top: int = 10,
    labels: Iterable[str] | None = None,
    colors: Mapping[str, str] | None = None,
    columns: int = 3,
    repeats: str = "drop",
) -> alt.FacetChart:
    """The people, organisations and places each topic mentions most.

    The bars are :func:`entities_by_topic_data`.

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
    repeats
        ``"drop"`` (default): leave out stories that repeat an earlier one
        (``duplicate_of``), so each counts once; ``"keep"``: draw every copy.

    Examples
    --------
    >>> chart = entities_by_topic(analyzed, labels=["PERSON"])
    """
    agg = _mentions(analyzed, top, labels, "entities_by_topic", repeats)
    palette = palette_for(topic_labels(topic_column(analyzed)), colors)
    return faceted_bars(
        agg,
        palette,
        stories=topic_labels(topic_column(distinct_stories(analyzed, repeats))),
        x=alt.X("mentions:Q", axis=axis("Mentions", tickMinStep=1, format="d")),
        tooltip=[
            alt.Tooltip("topic:N", title="Topic"),
            alt.Tooltip("entity:N", title="Name"),
            alt.Tooltip("type:N", title="Type"),
            alt.Tooltip("mentions:Q", title="Mentions"),
            alt.Tooltip("stories:Q", title="Stories"),
        ],
        label="name",
        columns=columns,
        title=chart_title(
            "Who and what does each topic mention?",
            [
                (
                    f"Top {top} named people, organisations and places per topic; each panel has "
                    "its own scale."
                )
            ],
        ),
    )
