"""The chart of each topic's keyterms (from :func:`toolkit.analyze`'s ``keyterms``)."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import numpy as np
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
from toolkit.errors import InputError
from toolkit.schema import distinct_stories

__all__ = ["keyterms_by_topic", "keyterms_by_topic_data"]


def keyterms_by_topic_data(
    analyzed: pd.DataFrame, *, top: int = 10, min_ratio: float = 2.0, repeats: str = "drop"
) -> pd.DataFrame:
    """Each topic's keyterms, weighted over its stories: the bars of
    :func:`keyterms_by_topic`.

    Parameters
    ----------
    analyzed
        From :func:`toolkit.analyze` with the ``keyterms`` measure.
    top
        Terms per topic.
    min_ratio
        A term less than this many times as common among the topic's stories as among
        the other topics' (``ratio``) is left out: a country that runs through every
        topic of a national sample says little about any one. 2 (default) is twice as
        common, 1 in log ratio; 0 keeps every term. A corpus of one topic has no other
        stories, and keeps every term.
    repeats
        ``"drop"`` (default): leave out stories that repeat an earlier one
        (``duplicate_of``), so each counts once; ``"keep"``: draw every copy.

    Returns
    -------
    pandas.DataFrame
        Up to ``top`` rows per topic, by topic then weight: ``topic``, ``term``, ``weight``
        (the term's keyterm scores summed over the topic's stories; a story's best term
        scores 1), ``stories`` (stories it is a keyterm of), ``best`` (its highest score)
        and ``ratio`` (the share of the topic's stories it is a keyterm of, over that
        share among the other stories: ``inf`` if no other story has it, ``NaN`` with
        one topic). ``attrs["left_out"]``
        maps a topic to the terms ``min_ratio`` took from its top ``top``.

    Examples
    --------
    >>> import pandas as pd
    >>> analyzed = pd.DataFrame(
    ...     {
    ...         "topic": ["sport", "sport", "politics", "politics"],
    ...         "keyterms": [["cup final", "France"], ["cup final", "goal"],
    ...                      ["election", "France"], ["election"]],
    ...         "keyterm_scores": [[1.0, 0.5], [1.0, 0.4], [1.0, 0.8], [1.0]],
    ...     }
    ... )
    >>> keyterms_by_topic_data(analyzed)
          topic       term  weight  stories  best  ratio
    0  politics   election     2.0        2   1.0    inf
    1     sport  cup final     2.0        2   1.0    inf
    2     sport       goal     0.4        1   0.4    inf
    >>> keyterms_by_topic_data(analyzed).attrs["left_out"]
    {'politics': ['France'], 'sport': ['France']}
    """
    return _keyterm_weights(analyzed, top, min_ratio, "keyterms_by_topic_data", repeats)


def _keyterm_weights(
    analyzed: pd.DataFrame, top: int, min_ratio: float, caller: str, repeats: str = "drop"
) -> pd.DataFrame:
    if not (isinstance(min_ratio, (int, float)) and 0 <= min_ratio < np.inf):
        raise InputError(f"{caller}(): min_ratio must be a number, 0 or more; got {min_ratio!r}")
    analyzed = distinct_stories(analyzed, repeats)
    hint = "analyze(stories, measures=['keyterms', ...]) adds them"
    need_columns(analyzed, ["keyterms", "keyterm_scores"], caller, hint)
    topics = topic_labels(topic_column(analyzed))
    rows = [
        {"topic": t, "term": term, "score": float(score)}
        for t, terms, scores in zip(topics, analyzed["keyterms"], analyzed["keyterm_scores"])
        if isinstance(terms, LIST_TYPES) and isinstance(scores, LIST_TYPES)
        for term, score in zip(terms, scores)
    ]
    if not rows:
        raise InputError(f"{caller}(): no story has keyterms")
    agg = (
        pd.DataFrame(rows)
        .groupby(["topic", "term"])
        .agg(weight=("score", "sum"), stories=("score", "size"), best=("score", "max"))
        .reset_index()
        .sort_values(["topic", "weight", "term"], ascending=[True, False, True])
    )
    agg["ratio"] = _topic_ratio(agg, pd.Series(topics).value_counts())
    ranked = agg.groupby("topic").cumcount()
    kept = agg[~(agg["ratio"] < min_ratio)]
    out = kept.groupby("topic").head(top).reset_index(drop=True)
    dropped = agg[(agg["ratio"] < min_ratio) & (ranked < top)]
    out.attrs["left_out"] = dropped.groupby("topic")["term"].agg(list).to_dict()
    return out


def _topic_ratio(agg: pd.DataFrame, per_topic: pd.Series) -> pd.Series:
    """How many times as often a topic's stories have a term as the other stories do."""
    n_topic = agg["topic"].map(per_topic)
    n_other = per_topic.sum() - n_topic
    elsewhere = agg.groupby("term")["stories"].transform("sum") - agg["stories"]
    with np.errstate(divide="ignore"):
        ratio = (agg["stories"] / n_topic) / (elsewhere / n_other)
    return ratio.where(n_other > 0)


def keyterms_by_topic(
    analyzed: pd.DataFrame,
    *,
    top: int = 10,
    min_ratio: float = 2.0,
    colors: Mapping[str, str] | None = None,
    columns: int = 3,
    repeats: str = "drop",
) -> alt.FacetChart:
    """The keyterms that recur in each topic's stories and set it apart from the others.

    A term's weight in a topic is the sum of its keyterm scores over the topic's stories
    (each story's best term scores 1), so a term key to many stories, or top of a few,
    comes first. A term less than ``min_ratio`` times as common among the topic's stories
    as among the other topics' is left out, and the subtitle names it, as it names a
    topic left with no term. The bars are :func:`keyterms_by_topic_data`.

    Parameters
    ----------
    analyzed
        From :func:`toolkit.analyze` with the ``keyterms`` measure.
    top
        Terms per topic.
    min_ratio
        See :func:`keyterms_by_topic_data`; 0 draws every topic's most frequent terms.
    colors
        Topic colours; default :func:`topic_colors` of the frame's topics.
    columns
        Topic panels per row.
    repeats
        ``"drop"`` (default): leave out stories that repeat an earlier one
        (``duplicate_of``), so each counts once; ``"keep"``: draw every copy.

    Examples
    --------
    >>> chart = keyterms_by_topic(analyzed, top=8)
    """
    agg = _keyterm_weights(analyzed, top, min_ratio, "keyterms_by_topic", repeats)
    palette = palette_for(topic_labels(topic_column(analyzed)), colors)
    subtitle = [
        (
            f"Top {top} keyterms per topic. Weight: the term's keyterm scores summed over "
            "the topic's stories (a story's top term scores 1); each panel has its own scale."
        )
    ]
    left_out = _left_out_note(agg, min_ratio, topic_labels(topic_column(analyzed)))
    as_often = agg["ratio"].map(
        lambda r: "only this topic" if r == np.inf else "" if pd.isna(r) else f"{r:.1f} times"
    )
    return faceted_bars(
        agg.assign(as_often=as_often),
        palette,
        stories=topic_labels(topic_column(distinct_stories(analyzed, repeats))),
        x=alt.X("weight:Q", axis=axis("Keyterm weight")),
        tooltip=[
            alt.Tooltip("topic:N", title="Topic"),
            alt.Tooltip("term:N", title="Keyterm"),
            alt.Tooltip("weight:Q", title="Weight", format=".2f"),
            alt.Tooltip("stories:Q", title="Stories with it"),
            alt.Tooltip("as_often:N", title="As often as in other topics"),
        ],
        label="term",
        columns=columns,
        title=chart_title("What is each topic about? Its keyterms", subtitle + left_out),
    )


def _left_out_note(
    agg: pd.DataFrame, min_ratio: float, topics: list[str], limit: int = 6
) -> list[str]:
    """Subtitle lines naming the terms left out, and the topics left with no term."""
    left_out = agg.attrs["left_out"]
    lines = []
    if left_out:
        counts = pd.Series([t for terms in left_out.values() for t in terms]).value_counts()
        lines.append(
            f"Left out: terms less than {min_ratio:g} times as common among a topic's stories "
            f"as among the other topics': {_listed(counts.index.tolist(), limit)}."
        )
    empty = sorted(set(topics) - set(agg["topic"]))
    if empty:
        lines.append(f"No term sets apart: {_listed(empty, limit)}.")
    return lines


def _listed(names: list[str], limit: int) -> str:
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more
