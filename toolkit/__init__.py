"""toolkit: raw news dumps to stories, measures and topic comparisons, in Jupyter.

The data flows one way, one module per step::

    load_dump / dump_lines      (load.py, segment.py)  raw lines -> stories
    analyze / sentences         (analysis.py + nlp, readability, sentiment, keyterms,
                                 ner, quotations, cache)  stories -> measures
    keyness / kwic / infer_topics  (compare.py)        measures -> comparisons
    toolkit.charts              (charts.py)            comparisons -> Altair charts

Examples
--------
>>> import toolkit
>>> stories = toolkit.load_dump("data/")  # doctest: +SKIP
>>> analyzed = toolkit.analyze(stories)  # doctest: +SKIP
"""

from toolkit.errors import InputError, ToolkitError, ToolkitWarning, UnknownNameError

__version__ = "0.1.0"

from toolkit import charts
from toolkit.analysis import MEASURES, analyze, entities, quotes, sentences
from toolkit.compare import dispersion, infer_topics, keyness, kwic
from toolkit.load import KINDS, dump_lines, load_dump

__all__ = [
    "KINDS",
    "MEASURES",
    "InputError",
    "ToolkitError",
    "ToolkitWarning",
    "UnknownNameError",
    "__version__",
    "analyze",
    "charts",
    "dispersion",
    "dump_lines",
    "entities",
    "infer_topics",
    "keyness",
    "kwic",
    "load_dump",
    "quotes",
    "sentences",
]
