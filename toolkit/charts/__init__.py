"""Stage 7, charts of the toolkit's frames: Altair, offline, small, one colour per topic.

Every chart function takes a frame the toolkit made and returns an :class:`altair.Chart`
(or a layered, faceted or concatenated chart) with a title, axis titles in plain words and
tooltips. Topics get their colours from :func:`topic_colors`: the sorted topic names take
the palette in order, so a topic has the same colour in every chart of the same corpus.

Each chart has a data function, ``<chart>_data``, that returns the numbers it draws as a
tidy DataFrame (documented columns), for a table or a chart of your own. Data is
aggregated before it goes into a chart (distributions as bins, at most a few thousand
points), so a chart's spec stays small on a corpus of any size.

One module per family of charts:

- :mod:`~toolkit.charts.base`: the palette, :func:`topic_colors` and what charts share.
- :mod:`~toolkit.charts.readability`: :func:`readability_by_topic`,
  :func:`readability_formulas`.
- :mod:`~toolkit.charts.sentiment`: :func:`sentiment_by_topic`, :func:`sentiment_arc`.
- :mod:`~toolkit.charts.keyterms`: :func:`keyterms_by_topic`.
- :mod:`~toolkit.charts.terms`: :func:`keyness_bars`, :func:`term_scatter`.
- :mod:`~toolkit.charts.entities`: :func:`entities_by_topic`.
- :mod:`~toolkit.charts.quotes`: :func:`quotes_chart`.
- :mod:`~toolkit.charts.dispersion`: :func:`dispersion_chart`.
- :mod:`~toolkit.charts.render`: offline display, :func:`setup`, :func:`chart_html`,
  :func:`to_html`, :func:`save`.

Examples
--------
>>> from toolkit import charts
>>> charts.setup()
toolkit charts: offline renderer enabled
>>> chart = charts.readability_by_topic(analyzed)
>>> charts.readability_by_topic_data(analyzed).groupby("topic")["value"].median().round()
topic
(no topic)            53.0
Jeremy Corbyn         56.0
Kosovo                65.0
Online Safety Bill    58.0
Name: value, dtype: float64
"""

from toolkit.charts.base import PALETTE, topic_colors
from toolkit.charts.dispersion import dispersion_chart, dispersion_chart_data
from toolkit.charts.entities import entities_by_topic, entities_by_topic_data
from toolkit.charts.keyterms import keyterms_by_topic, keyterms_by_topic_data
from toolkit.charts.quotes import quotes_chart, quotes_chart_data
from toolkit.charts.readability import (
    readability_by_topic,
    readability_by_topic_data,
    readability_formulas,
    readability_formulas_data,
)
from toolkit.charts.render import chart_html, save, setup, to_html
from toolkit.charts.sentiment import (
    sentiment_arc,
    sentiment_arc_data,
    sentiment_by_topic,
    sentiment_by_topic_data,
)
from toolkit.charts.terms import (
    keyness_bars,
    keyness_bars_data,
    term_scatter,
    term_scatter_data,
)

__all__ = [
    "PALETTE",
    "chart_html",
    "dispersion_chart",
    "dispersion_chart_data",
    "entities_by_topic",
    "entities_by_topic_data",
    "keyness_bars",
    "keyness_bars_data",
    "keyterms_by_topic",
    "keyterms_by_topic_data",
    "quotes_chart",
    "quotes_chart_data",
    "readability_by_topic",
    "readability_by_topic_data",
    "readability_formulas",
    "readability_formulas_data",
    "save",
    "sentiment_arc",
    "sentiment_arc_data",
    "sentiment_by_topic",
    "sentiment_by_topic_data",
    "setup",
    "term_scatter",
    "term_scatter_data",
    "to_html",
    "topic_colors",
]
