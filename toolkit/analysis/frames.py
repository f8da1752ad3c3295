"""Turn a stories frame into measures: :func:`analyze` adds measure columns to it;
:func:`sentences` gives one row per sentence, :func:`entities` and :func:`quotes` one row
per entity or quotation, so that charts can show distributions inside a topic even when it
has few stories.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import fields

import numpy as np
import pandas as pd

from toolkit.analysis.cache import Cache, open_cache
from toolkit.analysis.engine import (
    ENGINES,
    Job,
    cache_keys,
    job_info,
    make_job,
    measure_texts,
    n_processes,
)
from toolkit.errors import InputError, check_name
from toolkit.measures import keyterms, sentiment
from toolkit.measures.quotations import is_named_speaker
from toolkit.measures.registry import COUNT_COLUMNS, LIST_COLUMNS, REGISTRY
from toolkit.measures.topics import infer_topics
from toolkit.schema import (
    ENTITY_COLUMNS,
    QUOTE_COLUMNS,
    SENTENCE_COLUMNS,
    column_or_na,
    distinct_stories,
    story_ids,
    story_texts,
)

__all__ = ["analyze", "entities", "quotes", "sentences"]


def analyze(
    stories: pd.DataFrame,
    *,
    measures: Iterable[str] | None = None,
    keyterm_method: str = keyterms.DEFAULT_METHOD,
    sentiment_method: str = sentiment.DEFAULT_METHOD,
    n_keyterms: int = 10,
    n_process: int | None = None,
    cache: str | os.PathLike | bool | None = None,
    progress: bool = True,
    engine: str = "local",
    client=None,
    topics: bool | Mapping | Callable = True,
    repeats: str = "drop",
) -> pd.DataFrame:
    """Add readability, diversity, sentiment, keyterm, entity and quotation columns.

    Parameters
    ----------
    stories
        Any frame with a ``text`` column, e.g. from :func:`toolkit.load_dump` or a CSV of
        your own; ``story_id`` and ``topic`` are kept when present.
    measures
        Subset of :data:`MEASURES`; default all. Pipeline components a measure does not
        need are not run (sentiment alone costs no parse).
    keyterm_method
        One of :data:`toolkit.KEYTERM_METHODS`.
    sentiment_method
        One of :data:`toolkit.SENTIMENT_METHODS`.
    n_keyterms
        How many keyterms per story.
    n_process
        Worker processes; default all cores. Small jobs run in this process.
    cache
        Folder for cached results; ``None`` uses ``$TOOLKIT_CACHE_DIR`` or the user cache
        dir (:func:`toolkit.analysis.default_cache_dir`), ``False`` disables caching.
    progress
        Show a progress bar (notebook-aware) when the work takes over a second.
    engine
        ``"local"`` (worker processes on this machine) or ``"dask"``: batches of stories
        go to the workers of a Dask cluster, each of which loads spaCy once. Results are
        identical; the cache is read and written by this process, so a warm rerun sends
        nothing to the cluster.
    client
        For ``engine="dask"``: a ``dask.distributed.Client``, or a scheduler address such
        as ``"tcp://10.0.0.5:8786"``; default a ``LocalCluster`` with ``n_process``
        single-threaded workers, closed afterwards. Workers need the toolkit and the
        spaCy model installed (the lock file), like any Dask worker needs its libraries.
        A ``dask.dataframe.DataFrame`` as ``stories`` is analysed partition by partition
        on its own cluster and returned lazily.
    topics
        ``True``: fill untagged stories' ``topic`` with :func:`toolkit.infer_topics` and add
        ``topic_source`` / ``topic_score``, so that no chart drops a story for lack of a
        tag; a dict or callable: your own topics (``topic_source == "user"``); ``False``:
        leave ``topic`` as it is.
    repeats
        ``"drop"``: leave out the stories that repeat an earlier one (``duplicate_of`` set
        by :func:`toolkit.load_dump`), so that every story counts once; ``"keep"``:
        analyse every copy (a word-for-word copy is still parsed only once).

    Returns
    -------
    pandas.DataFrame
        A copy of ``stories`` plus, by measure:

        - readability: ``flesch_reading_ease``, ``flesch_kincaid_grade``, ``gunning_fog``,
          ``smog``, ``coleman_liau``, ``automated_readability_index``, ``lix`` and the
          counts ``n_sentences``, ``n_words_parsed`` (the words the formulas count: spaCy
          tokens less punctuation, textacy's ``n_words``; the loader's whitespace count
          ``n_words`` stays as it was), ``n_syllables``, ``n_long_words``,
          ``n_polysyllable_words``, ``mean_sentence_length`` (see
          :mod:`toolkit.measures.readability` on where the formulas disagree);
        - diversity: ``n_unique_words``, ``ttr``, ``mtld``;
        - sentiment: ``sentiment`` (mean sentence score), ``sentiment_min``,
          ``sentiment_max``, ``share_positive``, ``share_negative``, ``share_neutral``,
          ``sentiment_arc`` (10 points from first to last sentence);
        - keyterms: ``keyterms`` (list of str), ``keyterm_scores`` (list of float);
        - entities: ``entities`` (list of {text, label, count}), ``n_entities``;
        - quotes: ``quotes`` (list of {speaker, cue, text, ..., sentiment}), ``n_quotes``.

    Raises
    ------
    toolkit.UnknownNameError
        An unknown measure or method; the message lists the valid ones.
    toolkit.InputError
        Not a frame, no ``text`` column, no rows, or a text that is not a string (the
        message names the rows).

    Warns
    -----
    toolkit.ToolkitWarning
        Stories without text (missing or empty), how many and which: their measures
        are empty.

    Examples
    --------
    >>> stories = toolkit.load_dump("data/000_17ce1404ae1f217e.txt")
    >>> measured = toolkit.analyze(stories, measures=["readability", "sentiment"], progress=False)
    >>> measured[["topic", "flesch_reading_ease", "sentiment"]].round(2)
                    topic  flesch_reading_ease  sentiment
    0              Kosovo                65.48      -0.16
    1  Online Safety Bill                57.86       0.13
    2       Jeremy Corbyn                56.42       0.27
    3                <NA>                52.56       0.32
    """
    check_name("engine", engine, ENGINES)
    if _is_dask_frame(stories):
        return _analyze_dask_frame(
            stories, measures=measures, keyterm_method=keyterm_method,
            sentiment_method=sentiment_method, n_keyterms=n_keyterms, cache=cache,
            repeats=repeats,
        )  # fmt: skip
    story_texts(stories, "analyze", warn_empty=True)
    stories = distinct_stories(stories, repeats)
    job = make_job(measures, keyterm_method, sentiment_method, n_keyterms)
    records = measure_texts(
        _texts_to_measure(stories), job, cache=open_cache(cache), n_process=n_processes(n_process),
        progress=progress, engine=engine, client=client,
    )  # fmt: skip
    if "keyterms" in job.measures:  # the frame is the corpus: rarity across its stories
        records = keyterms.rerank_keyterms(records, topn=job.n_keyterms)
    out = stories.copy()
    out["story_id"] = story_ids(stories)
    for measure in job.measures:
        for col in REGISTRY[measure].columns:
            values = [r.get(col) for r in records]
            if col in COUNT_COLUMNS:
                out[col] = pd.array(values, dtype="Int64")
            elif col in LIST_COLUMNS:
                out[col] = pd.Series(values, index=out.index, dtype=object)
            else:
                out[col] = pd.array([math.nan if v is None else v for v in values], dtype="float64")
    if topics is not False:
        out = infer_topics(out, None if topics is True else topics)
    out.attrs["toolkit"] = {"measures": list(job.measures), **job_info(job)}
    return out


def _texts_to_measure(stories: pd.DataFrame) -> list[str]:
    """Each story's text, except that an exact copy (``similarity`` 1: the same text up to
    white space, quote marks and case) takes its original's, so that it is measured from
    the original's cache entry instead of being parsed again."""
    texts = story_texts(stories, "analyze")
    if not {"duplicate_of", "similarity"} <= set(stories.columns):
        return texts
    by_id = dict(zip(story_ids(stories), texts))
    exact = (stories["similarity"] == 1.0).fillna(False).to_numpy(dtype=bool)
    originals = stories["duplicate_of"].tolist()
    return [by_id.get(originals[i], t) if exact[i] else t for i, t in enumerate(texts)]


def _is_dask_frame(frame) -> bool:
    return type(frame).__module__.startswith("dask")


def _analyze_dask_frame(stories, **kwargs):
    # Each partition runs the local engine in one process on its worker: the worker's
    # pipeline is loaded once and reused for every partition it gets. Topics are not
    # inferred: a partition sees only its own stories (run infer_topics on the result).
    kwargs["topics"] = False
    sample = analyze(
        stories._meta_nonempty, n_process=1, progress=False, **{**kwargs, "cache": False}
    )
    return stories.map_partitions(
        analyze, n_process=1, progress=False, meta=sample.iloc[:0], **kwargs
    )


def _analysed_sentences(frame: pd.DataFrame, texts: list[str], method: str, cache: Cache | None):
    """The sentence records :func:`analyze` already cached for ``frame``, else ``None``.

    An analysed frame remembers its job in ``attrs``; when that job scored sentiment with
    ``method`` and every story's entry is in the cache, no text is tokenised again.
    """
    done = frame.attrs.get("toolkit", {})
    if (
        cache is None
        or "sentiment" not in done.get("measures", ())
        or done.get("sentiment_method") != method
    ):
        return None
    try:
        job = Job(**{f.name: done[f.name] for f in fields(Job)})
        job = Job(**{**job.__dict__, "measures": tuple(job.measures)})
    except (KeyError, TypeError):
        return None
    records = [cache.get(k) for k in cache_keys(texts, job)]
    return records if all(r is not None for r in records) else None


def sentences(
    frame: pd.DataFrame,
    *,
    sentiment_method: str | None = None,
    n_process: int | None = None,
    cache: str | os.PathLike | bool | None = None,
    progress: bool = True,
    repeats: str = "drop",
) -> pd.DataFrame:
    """One row per sentence, with its sentiment, for distributions inside a topic.

    Sentences are split the same way as in :func:`analyze`, so a story's ``sentiment`` is
    the mean of its rows here. For a frame :func:`analyze` just produced (with the cache on)
    the rows come from its cache entries; otherwise they cost a tokenizer pass and the
    sentiment scorer, no parse.

    Parameters
    ----------
    frame
        A stories frame, analysed or not (a ``text`` column; ``story_id``, ``topic``,
        ``paragraph_lines`` and ``entry_times`` are used when present).
    sentiment_method
        Default: the one ``frame`` was analysed with, else
        :data:`toolkit.measures.sentiment.DEFAULT_METHOD`.
    n_process, cache, progress, repeats
        As for :func:`analyze`.

    Returns
    -------
    pandas.DataFrame
        Columns ``story_id``, ``topic``, ``paragraph_no``, ``sentence_no`` (1-based in the
        story), ``position`` (0 for the first sentence, 1 for the last), ``line_no`` (in the
        source dump, when the frame came from :func:`toolkit.load_dump`), ``entry_time``
        (a live blog's time stamp of the entry the sentence is in, as printed), ``text``,
        ``n_words_parsed`` (words as the readability formulas count them; a story's
        sentences sum to its ``n_words_parsed``), ``sentiment``, ``start_char`` and
        ``end_char`` (offsets in the story's ``text``).

    Examples
    --------
    >>> sents = toolkit.sentences(stories, progress=False)
    >>> sents.groupby("topic")["sentiment"].mean().round(2).to_dict()
    {'Jeremy Corbyn': 0.27, 'Kosovo': -0.16, 'Online Safety Bill': 0.13}
    """
    story_texts(frame, "sentences")
    frame = distinct_stories(frame, repeats)
    texts = story_texts(frame, "sentences")
    if sentiment_method is None:
        sentiment_method = frame.attrs.get("toolkit", {}).get(
            "sentiment_method", sentiment.DEFAULT_METHOD
        )
    job = make_job(["sentiment"], sentiment_method=sentiment_method)
    store = open_cache(cache)
    records = _analysed_sentences(frame, texts, sentiment_method, store) or measure_texts(
        texts, job, cache=store, n_process=n_processes(n_process), progress=progress
    )
    ids = story_ids(frame)
    topics = column_or_na(frame, "topic")
    lines = column_or_na(frame, "paragraph_lines")
    times = column_or_na(frame, "entry_times")
    rows = []
    for j, record in enumerate(records):
        sents = record["_sentences"]
        last = max(len(sents) - 1, 1)
        for s in sents:
            rows.append(
                {
                    "story_id": ids.iloc[j],
                    "topic": topics.iloc[j],
                    "paragraph_no": s["paragraph_no"],
                    "sentence_no": s["sentence_no"],
                    "position": (s["sentence_no"] - 1) / last if len(sents) > 1 else 0.0,
                    "line_no": _of_paragraph(lines.iloc[j], s["paragraph_no"]),
                    "entry_time": _of_paragraph(times.iloc[j], s["paragraph_no"]),
                    "text": s["text"],
                    "n_words_parsed": s["n_words"],
                    "sentiment": s["sentiment"],
                    "start_char": s["start_char"],
                    "end_char": s["end_char"],
                }
            )
    return pd.DataFrame(rows, columns=list(SENTENCE_COLUMNS)).astype(SENTENCE_COLUMNS)


def _explode(analyzed: pd.DataFrame, column: str, columns: dict[str, str]) -> pd.DataFrame:
    # The column and the function that explodes it share a name: entities(), quotes().
    if not isinstance(analyzed, pd.DataFrame) or column not in analyzed.columns:
        raise InputError(f"{column}() needs a frame from analyze() with the {column!r} measure")
    fields = [name for name in columns if name not in ("story_id", "topic")]
    rows = [
        {"story_id": sid, "topic": topic, **{k: item.get(k) for k in fields}}
        for sid, topic, items in zip(
            analyzed["story_id"], column_or_na(analyzed, "topic"), analyzed[column]
        )
        # A frame read back from Parquet holds arrays where analyze() put lists.
        if isinstance(items, list | tuple | np.ndarray)
        for item in items
    ]
    return pd.DataFrame(rows, columns=list(columns)).astype(columns)


def entities(analyzed: pd.DataFrame) -> pd.DataFrame:
    """One row per (story, entity): ``story_id``, ``topic``, ``text``, ``label``, ``count``.

    Examples
    --------
    >>> found = toolkit.entities(analyzed)
    >>> found[found["topic"] == "Kosovo"].groupby("label")["count"].sum().idxmax()
    'GPE'
    """
    return _explode(analyzed, "entities", ENTITY_COLUMNS)


def quotes(analyzed: pd.DataFrame) -> pd.DataFrame:
    """One row per quotation: ``story_id``, ``topic``, ``source`` and ``line_no`` (the dump
    file and line where the quotation starts, from ``paragraph_lines``; ``<NA>`` without
    it), ``entry_time`` (a live blog's time stamp of its entry), ``speaker``, ``speaker_named``, ``speaker_pronoun``, ``cue``, ``text``,
    ``paragraph_no``, ``start_char`` and ``end_char`` (offsets in the story's ``text``),
    ``sentiment``. ``speaker`` is ``<NA>`` when no one is found, and ``speaker_named`` is
    False when the text only describes them ("researchers", "report"; see
    :func:`toolkit.measures.quotations.is_named_speaker`).

    Examples
    --------
    >>> "Downing Street" in set(toolkit.quotes(analyzed)["speaker"].dropna())
    True
    """
    found = _explode(analyzed, "quotes", QUOTE_COLUMNS)
    found["speaker_named"] = found["speaker"].map(is_named_speaker).astype("boolean")
    if "source" in analyzed.columns:
        found["source"] = found["story_id"].map(dict(zip(analyzed["story_id"], analyzed["source"])))
    for column, per_paragraph in (("line_no", "paragraph_lines"), ("entry_time", "entry_times")):
        if per_paragraph in analyzed.columns:
            values = dict(zip(analyzed["story_id"], analyzed[per_paragraph]))
            found[column] = [
                _of_paragraph(values.get(sid), p)
                for sid, p in zip(found["story_id"], found["paragraph_no"])
            ]
    return found.astype({"source": "string", "line_no": "Int64", "entry_time": "string"})


def _of_paragraph(per_paragraph: object, paragraph_no: object) -> object:
    """A story's value for its ``paragraph_no``-th paragraph (1-based) in a per-paragraph
    list (``paragraph_lines``, ``entry_times``), None if unknown."""
    if pd.isna(paragraph_no) or not isinstance(per_paragraph, list | tuple | np.ndarray):
        return None
    if paragraph_no > len(per_paragraph):
        return None
    value = per_paragraph[paragraph_no - 1]
    return int(value) if isinstance(value, int | np.integer) else value
