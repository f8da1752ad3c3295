"""toolkit: raw news dumps to stories, measures and topic comparisons, in Jupyter.

The data flows one way, one subpackage per stage; each imports only from the stages
before it (``tests/test_layout.py`` checks)::

    load/      raw lines      read files, name each line's kind (body or furniture)
    segment/   stories        load_dump / dump_lines: cut the lines into stories
    nlp/       parsed docs    the spaCy pipeline, loaded once
    measures/  measures       readability, diversity, sentiment, keyterms, entities,
                              quotations, topics; a registry of them
    analysis/  frames         analyze / sentences / entities / quotes (batches, cache)
    compare/   comparisons    keyness / kwic / dispersion
    charts/    charts         Altair charts of all the above, drawn offline
    report/    report         the one-command HTML report; cli.py is the command line

``schema.py`` lists every frame's columns and dtypes; ``errors.py`` the exceptions.

Examples
--------
>>> import toolkit
>>> stories = toolkit.load_dump("data/000_17ce1404ae1f217e.txt")
>>> analyzed = toolkit.analyze(stories, progress=False)
>>> analyzed["topic"].tolist()
['Kosovo', 'Online Safety Bill', 'Jeremy Corbyn', <NA>]
"""

from toolkit import charts
from toolkit.analysis import analyze, entities, quotes, sentences
from toolkit.compare import dispersion, keyness, kwic
from toolkit.errors import InputError, ToolkitError, ToolkitWarning, UnknownNameError
from toolkit.measures.keyterms import METHODS as KEYTERM_METHODS
from toolkit.measures.registry import MEASURES
from toolkit.measures.sentiment import METHODS as SENTIMENT_METHODS
from toolkit.measures.sentiment import score_sentences
from toolkit.measures.topics import infer_topics
from toolkit.schema import KINDS
from toolkit.segment import dump_lines, load_dump
from toolkit.tables import read_table, write_table
from toolkit.version import __version__

__all__ = [
    "KEYTERM_METHODS",
    "KINDS",
    "MEASURES",
    "SENTIMENT_METHODS",
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
    "read_table",
    "score_sentences",
    "sentences",
    "write_table",
]
