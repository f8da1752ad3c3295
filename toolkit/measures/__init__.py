"""Stage 4, measures of a parsed story: one module per measure, and a registry of them.

- :mod:`toolkit.measures.readability`, :mod:`~toolkit.measures.diversity`,
  :mod:`~toolkit.measures.sentiment`, :mod:`~toolkit.measures.keyterms`,
  :mod:`~toolkit.measures.entities`, :mod:`~toolkit.measures.quotations`: what each
  column of :func:`toolkit.analyze` is computed from;
- :mod:`toolkit.measures.topics`: :func:`infer_topics`, a topic for every story;
- :mod:`toolkit.measures.registry`: which measures there are, the pipeline components and
  the columns of each.
"""
