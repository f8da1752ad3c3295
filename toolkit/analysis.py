"""Turn a stories frame into measures: one call, parallel, cached.

:func:`analyze` adds measure columns to the stories frame; :func:`sentences` gives one row
per sentence, :func:`entities` and :func:`quotes` one row per entity or quotation, so that
charts can show distributions inside a topic even when it has few stories.

Work is split into batches of stories; each batch is parsed and measured by this process or
a forked worker, each with spaCy loaded once, and only the small results are kept, so memory
does not grow with the corpus beyond the results themselves. Results are cached per story (see
:mod:`toolkit.cache`): a rerun parses nothing.
"""

from __future__ import annotations

import functools
import hashlib
import math
import multiprocessing
import os
import queue
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, fields, replace
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd
from spacy.attrs import IS_PUNCT, IS_SPACE
from tqdm.auto import tqdm

import toolkit
from toolkit import keyterms as _keyterms
from toolkit import sentiment as _sentiment
from toolkit.cache import Cache, open_cache
from toolkit.errors import InputError, check_name
from toolkit.frames import story_texts
from toolkit.ner import entity_counts
from toolkit.nlp import load_nlp, model_info, model_name, pipes_for
from toolkit.quotations import quotations_in
from toolkit.readability import (
    DIVERSITY_COLUMNS,
    READABILITY_COLUMNS,
    lexical_diversity,
    readability,
)

__all__ = ["ENGINES", "MEASURES", "analyze", "entities", "quotes", "sentences"]

#: Where :func:`analyze` runs its batches.
ENGINES = ("local", "dask")
#: Every measure :func:`analyze` knows, in the order its columns are added.
MEASURES = ("readability", "diversity", "sentiment", "keyterms", "entities", "quotes")
_SENTIMENT_COLUMNS = (
    "sentiment", "sentiment_min", "sentiment_max",
    "share_positive", "share_negative", "share_neutral", "sentiment_arc",
)  # fmt: skip
_COUNT_COLUMNS = {
    "n_sentences", "n_words_parsed", "n_syllables", "n_long_words", "n_polysyllable_words",
    "n_unique_words", "n_entities", "n_quotes",
}  # fmt: skip
# Below this many words to parse, starting worker processes costs more than it saves.
_PARALLEL_MIN_WORDS = 4000
_BATCH_WORDS = 3000
# Guided scheduling: each batch takes this share of the words left per worker, so batches
# shrink towards the end and the last one to finish leaves a core idle only briefly.
_GUIDED_SHARE = 0.5
_MIN_BATCH_WORDS = 300
# Forked workers inherit the pipeline this process already loaded (as spaCy's own
# n_process does on Linux); elsewhere each worker loads it once.
_START_METHOD = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


@dataclass(frozen=True)
class _Job:
    model: str
    measures: tuple[str, ...]
    keyterm_method: str
    sentiment_method: str
    n_keyterms: int


# --------------------------------------------------------------------------- per story


def _measure(doc, job: _Job, found: list | None) -> dict:
    # ``found``: the doc's quotations (from quotations_in, run on the whole batch).
    record: dict = {}
    if "readability" in job.measures:
        record.update(readability(doc))
    if "diversity" in job.measures:
        record.update(lexical_diversity(doc))
    if "sentiment" in job.measures:
        # Running counts of non-space tokens and of words (textacy's: no punctuation) give
        # each sentence's counts without another pass over its tokens in Python.
        flags = doc.to_array([IS_SPACE, IS_PUNCT]).astype(bool).reshape(-1, 2)
        solid = np.concatenate([[0], np.cumsum(~flags[:, 0])])
        words = np.concatenate([[0], np.cumsum(~(flags[:, 0] | flags[:, 1]))])
        sents = [s for s in doc.sents if solid[s.end] > solid[s.start]]
        texts = [s.text.strip() for s in sents]
        scores = _sentiment.score_sentences(texts, method=job.sentiment_method)
        record.update(_sentiment.summarize(scores))
        paragraph = 1
        rows = []
        text = doc.text
        last = 0
        for n, (sent, sent_text, score) in enumerate(zip(sents, texts, scores), start=1):
            paragraph += text.count("\n", last, sent.start_char)
            last = sent.start_char
            rows.append(
                {
                    "paragraph_no": paragraph,
                    "sentence_no": n,
                    "text": sent_text,
                    "start_char": sent.start_char,
                    "end_char": sent.end_char,
                    "n_words": int(words[sent.end] - words[sent.start]),
                    "sentiment": float(score),
                }
            )
        record["_sentences"] = rows
    if "keyterms" in job.measures:
        terms = _keyterms.extract_keyterms(doc, method=job.keyterm_method, topn=job.n_keyterms)
        record["keyterms"] = [t for t, _ in terms]
        record["keyterm_scores"] = [float(s) for _, s in terms]
    if "entities" in job.measures:
        ents = entity_counts(doc)
        record["entities"] = ents
        record["n_entities"] = sum(e["count"] for e in ents)
    if "quotes" in job.measures:
        scores = _sentiment.score_sentences([q.text for q in found], method=job.sentiment_method)
        record["quotes"] = [{**asdict(q), "sentiment": float(s)} for q, s in zip(found, scores)]
        record["n_quotes"] = len(found)
    return record


def _measure_batch(texts: list[str], job: _Job) -> list[dict]:
    nlp = load_nlp(job.model)
    parse = "keyterms" in job.measures and job.keyterm_method in _keyterms.PARSED_METHODS
    with nlp.select_pipes(disable=pipes_for(nlp, job.measures, keep=["parser"] if parse else [])):
        # A batch is a few thousand words, so holding its Docs is cheap; it lets the
        # sentences around all of its quotations be parsed in one go.
        docs = list(nlp.pipe(texts, batch_size=32))
        found = quotations_in(docs, nlp=nlp) if "quotes" in job.measures else [None] * len(docs)
        return [_measure(doc, job, quotes) for doc, quotes in zip(docs, found)]


@functools.lru_cache(maxsize=8)
def _warm(job: _Job) -> None:
    # First use of each measure loads something (hyphenation patterns, the VADER lexicon,
    # textacy modules). Done once in this process before forking, every worker inherits it
    # instead of paying for it on every run; with spawn, each worker does it once.
    _measure_batch(["Warm up: “the pipeline,” she said, in London."], job)


# --------------------------------------------------------------------------- running


def _batches(items: Sequence[tuple[int, str]], words: int) -> Iterator[list[tuple[int, str]]]:
    """Consecutive batches of about ``words`` words each."""
    batch: list[tuple[int, str]] = []
    size = 0
    for item in items:
        batch.append(item)
        size += len(item[1].split())
        if size >= words:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _guided_batches(
    items: Sequence[tuple[int, str]], n_workers: int
) -> list[list[tuple[int, str]]]:
    """Longest stories first, in batches that shrink as the work left shrinks.

    Workers take batches in order as they free up; long stories early and small batches
    late make them finish together (guided self-scheduling).
    """
    ordered = sorted(items, key=lambda item: -len(item[1]))
    sizes = [len(text.split()) for _, text in ordered]
    left = sum(sizes)
    batches: list[list[tuple[int, str]]] = []
    batch: list[tuple[int, str]] = []
    size = 0
    for item, n in zip(ordered, sizes):
        if not batch:
            target = min(_BATCH_WORDS, max(_MIN_BATCH_WORDS, _GUIDED_SHARE * left / n_workers))
        batch.append(item)
        size += n
        left -= n
        if size >= target:
            batches.append(batch)
            batch, size = [], 0
    if batch:
        batches.append(batch)
    return batches


def _n_process(n_process: int | None) -> int:
    if n_process is None:
        return (
            len(os.sched_getaffinity(0))
            if hasattr(os, "sched_getaffinity")
            else os.cpu_count() or 1
        )
    if not isinstance(n_process, int) or n_process < 1:
        raise InputError(
            f"n_process must be a positive integer or None (all cores), got {n_process!r}"
        )
    return n_process


def _execute(
    pending: list[tuple[int, str]], job: _Job, *, n_words: int, n_process: int, engine: str, client
) -> Iterator[tuple[list[tuple[int, str]], list[dict]]]:
    """Yield (batch, records) as batches finish, on the engine asked for."""
    if engine == "dask":
        yield from _execute_dask(pending, job, n_process=n_process, client=client)
    elif n_process > 1 and n_words >= _PARALLEL_MIN_WORDS:
        yield from _execute_parallel(pending, job, n_process=n_process)
    else:
        for batch in _batches(pending, _BATCH_WORDS):
            yield batch, _measure_batch([t for _, t in batch], job)


def _execute_parallel(pending: list[tuple[int, str]], job: _Job, *, n_process: int):
    """Run batches on ``n_process - 1`` worker processes and in this process too.

    This process is warm (its pipeline's caches and memory are in place from earlier
    calls), where a freshly forked worker pays for copying pages and filling caches on
    every call; so it takes its share of the batches instead of waiting. Workers are fed
    one batch at a time from the same queue, from a callback, so none waits for this
    process to finish a batch of its own.
    """
    todo = deque(_guided_batches(pending, n_process))
    n_batches = len(todo)
    finished: queue.SimpleQueue = queue.SimpleQueue()
    context = multiprocessing.get_context(_START_METHOD)
    if _START_METHOD == "fork":
        _warm(job)
    with ProcessPoolExecutor(
        n_process - 1, mp_context=context, initializer=_warm, initargs=(job,)
    ) as pool:

        def feed() -> None:
            try:
                batch = todo.popleft()
            except IndexError:
                return
            future = pool.submit(_measure_batch, [t for _, t in batch], job)
            future.add_done_callback(lambda f, b=batch: (finished.put((b, f)), feed()))

        try:
            for _ in range(n_process - 1):
                feed()
            for _ in range(n_batches):
                # A worker's finished batch first; else one of our own; else wait.
                batch = None
                if finished.empty():
                    try:
                        batch = todo.popleft()
                    except IndexError:
                        pass
                if batch is not None:
                    yield batch, _measure_batch([t for _, t in batch], job)
                else:
                    batch, future = finished.get()
                    yield batch, future.result()
        finally:
            todo.clear()  # on an error, feed nothing more to the workers


def _execute_dask(pending, job: _Job, *, n_process: int, client):
    from dask.distributed import Client, LocalCluster
    from dask.distributed import as_completed as dask_completed

    owned = []
    if client is None:
        cluster = LocalCluster(n_workers=n_process, threads_per_worker=1, dashboard_address=None)
        client = Client(cluster)
        owned = [client, cluster]
    elif isinstance(client, str):
        client = Client(client)
        owned = [client]
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})) or n_process)
        batches = _guided_batches(pending, n_workers)
        futures = client.map(
            _measure_batch, [[t for _, t in b] for b in batches], job=job, pure=False
        )
        index = {f.key: b for f, b in zip(futures, batches)}
        for future in dask_completed(futures):
            yield index[future.key], future.result()
    finally:
        for thing in owned:
            thing.close()


# Modules whose code shapes a measure's result (with the libraries they call).
_MEASURE_MODULES = ("analysis", "keyterms", "ner", "nlp", "quotations", "readability", "sentiment")
_MEASURE_LIBRARIES = ("textacy", "vaderSentiment", "textblob")


@functools.lru_cache(maxsize=1)
def _code_version() -> dict[str, str]:
    """What, besides the model, makes a cached result stale: a digest of the measuring
    modules' source and the versions of the libraries they call.

    Part of every cache key, so that a changed formula is never served from an older
    run's cache: the package version does not change with every commit.

    Examples
    --------
    >>> sorted(_code_version())  # doctest: +SKIP
    ['code', 'textacy', 'textblob', 'vaderSentiment']
    """
    digest = hashlib.sha256()
    for name in _MEASURE_MODULES:
        digest.update(Path(__file__).with_name(f"{name}.py").read_bytes())
    out = {"code": digest.hexdigest()[:16]}
    for name in _MEASURE_LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def _keys(texts: list[str], job: _Job) -> list[str]:
    base = {
        **asdict(job), **model_info(job.model), **_code_version(), "toolkit": toolkit.__version__
    }  # fmt: skip
    return [Cache.key({**base, "text": t}) for t in texts]


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
        job = _Job(**{f.name: done[f.name] for f in fields(_Job)})
    except (KeyError, TypeError):
        return None
    job = replace(job, measures=tuple(job.measures))
    records = [cache.get(k) for k in _keys(texts, job)]
    return records if all(r is not None for r in records) else None


def _run(
    texts: list[str],
    job: _Job,
    *,
    cache: Cache | None,
    n_process: int,
    progress: bool,
    engine: str = "local",
    client=None,
) -> list[dict]:
    keys = _keys(texts, job)
    results: list[dict | None] = [cache.get(k) if cache else None for k in keys]
    todo: dict[str, tuple[int, str]] = {}
    for i, (key, result) in enumerate(zip(keys, results)):
        if result is None and key not in todo:
            todo[key] = (i, texts[i])
    by_key: dict[str, dict] = {}
    pending = list(todo.values())
    n_words = sum(len(t.split()) for _, t in pending)
    bar = tqdm(
        total=n_words,
        unit="word",
        unit_scale=True,
        desc="analyze",
        delay=1.0,
        disable=not progress or not pending,
    )

    def store(batch: list[tuple[int, str]], records: list[dict]) -> None:
        for (i, text), record in zip(batch, records):
            key = keys[i]
            by_key[key] = record
            if cache:
                cache.put(key, record)
            bar.update(len(text.split()))

    try:
        for batch, records in _execute(
            pending, job, n_words=n_words, n_process=n_process, engine=engine, client=client
        ):
            store(batch, records)
    finally:
        bar.close()
    return [r if r is not None else by_key[k] for r, k in zip(results, keys)]


# --------------------------------------------------------------------------- frames


def _story_ids(frame: pd.DataFrame, texts: list[str]) -> pd.Series:
    if "story_id" in frame.columns:
        return frame["story_id"].astype("string")
    ids = [
        hashlib.sha256(f"{i}\0{t}".encode("utf-8", "surrogatepass")).hexdigest()[:16]
        for i, t in enumerate(texts)
    ]
    return pd.Series(ids, index=frame.index, dtype="string")


def _job(measures, keyterm_method, sentiment_method, n_keyterms) -> _Job:
    if measures is None:
        measures = MEASURES
    elif isinstance(measures, str):
        measures = [measures]
    for measure in measures:
        check_name("measure", measure, MEASURES)
    check_name("keyterm method", keyterm_method, _keyterms.METHODS)
    check_name("sentiment method", sentiment_method, _sentiment.METHODS)
    if not isinstance(n_keyterms, int) or n_keyterms < 1:
        raise InputError(f"n_keyterms must be a positive integer, got {n_keyterms!r}")
    ordered = tuple(m for m in MEASURES if m in set(measures))
    return _Job(model_name(), ordered, keyterm_method, sentiment_method, n_keyterms)


def analyze(
    stories: pd.DataFrame,
    *,
    measures: Iterable[str] | None = None,
    keyterm_method: str = _keyterms.DEFAULT_METHOD,
    sentiment_method: str = _sentiment.DEFAULT_METHOD,
    n_keyterms: int = 10,
    n_process: int | None = None,
    cache: str | os.PathLike | bool | None = None,
    progress: bool = True,
    engine: str = "local",
    client=None,
    topics: bool | Mapping | Callable = True,
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
        One of :data:`toolkit.keyterms.METHODS`.
    sentiment_method
        One of :data:`toolkit.sentiment.METHODS`.
    n_keyterms
        How many keyterms per story.
    n_process
        Worker processes; default all cores. Small jobs run in this process.
    cache
        Folder for cached results; ``None`` uses ``$TOOLKIT_CACHE_DIR`` or the user cache
        dir (:func:`toolkit.cache.default_cache_dir`), ``False`` disables caching.
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
          :mod:`toolkit.readability` on where the formulas disagree);
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
        Not a frame, no ``text`` column, or no rows.

    Examples
    --------
    >>> stories = toolkit.load_dump("data/")  # doctest: +SKIP
    >>> analyzed = toolkit.analyze(stories, measures=["readability", "sentiment"])  # doctest: +SKIP
    >>> analyzed[["topic", "flesch_reading_ease", "sentiment"]]  # doctest: +SKIP
    """
    check_name("engine", engine, ENGINES)
    if _is_dask_frame(stories):
        return _analyze_dask_frame(
            stories, measures=measures, keyterm_method=keyterm_method,
            sentiment_method=sentiment_method, n_keyterms=n_keyterms, cache=cache,
        )  # fmt: skip
    texts = story_texts(stories, "analyze")
    job = _job(measures, keyterm_method, sentiment_method, n_keyterms)
    records = _run(
        texts, job, cache=open_cache(cache), n_process=_n_process(n_process),
        progress=progress, engine=engine, client=client,
    )  # fmt: skip
    out = stories.copy()
    out["story_id"] = _story_ids(stories, texts)
    columns: list[str] = []
    if "readability" in job.measures:
        columns += READABILITY_COLUMNS
    if "diversity" in job.measures:
        columns += DIVERSITY_COLUMNS
    if "sentiment" in job.measures:
        columns += _SENTIMENT_COLUMNS
    if "keyterms" in job.measures:
        columns += ["keyterms", "keyterm_scores"]
    if "entities" in job.measures:
        columns += ["entities", "n_entities"]
    if "quotes" in job.measures:
        columns += ["quotes", "n_quotes"]
    for col in columns:
        values = [r.get(col) for r in records]
        if col in _COUNT_COLUMNS:
            out[col] = pd.array(values, dtype="Int64")
        elif col in ("sentiment_arc", "keyterms", "keyterm_scores", "entities", "quotes"):
            out[col] = pd.Series(values, index=out.index, dtype=object)
        else:
            out[col] = pd.array([math.nan if v is None else v for v in values], dtype="float64")
    if topics is not False:
        from toolkit.compare import infer_topics

        out = infer_topics(out, None if topics is True else topics)
    out.attrs["toolkit"] = {
        "measures": list(job.measures), **asdict(job), **model_info(job.model), **_code_version()
    }  # fmt: skip
    return out


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


def sentences(
    frame: pd.DataFrame,
    *,
    sentiment_method: str | None = None,
    n_process: int | None = None,
    cache: str | os.PathLike | bool | None = None,
    progress: bool = True,
) -> pd.DataFrame:
    """One row per sentence, with its sentiment, for distributions inside a topic.

    Sentences are split the same way as in :func:`analyze`, so a story's ``sentiment`` is
    the mean of its rows here. For a frame :func:`analyze` just produced (with the cache on)
    the rows come from its cache entries; otherwise they cost a tokenizer pass and the
    sentiment scorer, no parse.

    Parameters
    ----------
    frame
        A stories frame, analysed or not (a ``text`` column; ``story_id``, ``topic`` and
        ``paragraph_lines`` are used when present).
    sentiment_method
        Default: the one ``frame`` was analysed with, else
        :data:`toolkit.sentiment.DEFAULT_METHOD`.
    n_process, cache, progress
        As for :func:`analyze`.

    Returns
    -------
    pandas.DataFrame
        Columns ``story_id``, ``topic``, ``paragraph_no``, ``sentence_no`` (1-based in the
        story), ``position`` (0 for the first sentence, 1 for the last), ``line_no`` (in the
        source dump, when the frame came from :func:`toolkit.load_dump`), ``text``,
        ``n_words_parsed`` (words as the readability formulas count them; a story's
        sentences sum to its ``n_words_parsed``), ``sentiment``, ``start_char`` and
        ``end_char`` (offsets in the story's ``text``).

    Examples
    --------
    >>> sents = toolkit.sentences(toolkit.load_dump("data/"))  # doctest: +SKIP
    >>> sents.groupby("topic")["sentiment"].describe()  # doctest: +SKIP
    """
    texts = story_texts(frame, "sentences")
    if sentiment_method is None:
        sentiment_method = frame.attrs.get("toolkit", {}).get(
            "sentiment_method", _sentiment.DEFAULT_METHOD
        )
    job = _job(["sentiment"], _keyterms.DEFAULT_METHOD, sentiment_method, 10)
    store = open_cache(cache)
    records = _analysed_sentences(frame, texts, sentiment_method, store) or _run(
        texts, job, cache=store, n_process=_n_process(n_process), progress=progress
    )
    ids = _story_ids(frame, texts)
    topics = frame["topic"] if "topic" in frame.columns else pd.Series(pd.NA, index=frame.index)
    lines = frame["paragraph_lines"] if "paragraph_lines" in frame.columns else None
    rows = []
    for j, record in enumerate(records):
        sents = record["_sentences"]
        last = max(len(sents) - 1, 1)
        for s in sents:
            line_no = None
            if lines is not None:
                paragraph_lines = lines.iloc[j]
                if isinstance(paragraph_lines, (list, tuple)) and s["paragraph_no"] <= len(
                    paragraph_lines
                ):
                    line_no = paragraph_lines[s["paragraph_no"] - 1]
            rows.append(
                {
                    "story_id": ids.iloc[j],
                    "topic": topics.iloc[j],
                    "paragraph_no": s["paragraph_no"],
                    "sentence_no": s["sentence_no"],
                    "position": (s["sentence_no"] - 1) / last if len(sents) > 1 else 0.0,
                    "line_no": line_no,
                    "text": s["text"],
                    "n_words_parsed": s["n_words"],
                    "sentiment": s["sentiment"],
                    "start_char": s["start_char"],
                    "end_char": s["end_char"],
                }
            )
    dtypes = {
        "story_id": "string", "topic": "string", "paragraph_no": "Int64", "sentence_no": "Int64",
        "position": "float64", "line_no": "Int64", "text": "string", "n_words_parsed": "Int64",
        "sentiment": "float64", "start_char": "Int64", "end_char": "Int64",
    }  # fmt: skip
    return pd.DataFrame(rows, columns=list(dtypes)).astype(dtypes)


def _explode(
    analyzed: pd.DataFrame, column: str, caller: str, fields: dict[str, str]
) -> pd.DataFrame:
    if not isinstance(analyzed, pd.DataFrame) or column not in analyzed.columns:
        raise InputError(f"{caller}() needs a frame from analyze() with the {column!r} measure")
    topics = (
        analyzed["topic"] if "topic" in analyzed.columns else pd.Series(pd.NA, index=analyzed.index)
    )
    rows = [
        {"story_id": sid, "topic": topic, **{k: item.get(k) for k in fields}}
        for sid, topic, items in zip(analyzed["story_id"], topics, analyzed[column])
        if isinstance(items, list)
        for item in items
    ]
    dtypes = {"story_id": "string", "topic": "string", **fields}
    return pd.DataFrame(rows, columns=list(dtypes)).astype(dtypes)


def entities(analyzed: pd.DataFrame) -> pd.DataFrame:
    """One row per (story, entity): ``story_id``, ``topic``, ``text``, ``label``, ``count``.

    Examples
    --------
    >>> toolkit.entities(analyzed).groupby(["topic", "label"])["count"].sum()  # doctest: +SKIP
    """
    return _explode(
        analyzed, "entities", "entities", {"text": "string", "label": "string", "count": "Int64"}
    )


def quotes(analyzed: pd.DataFrame) -> pd.DataFrame:
    """One row per quotation: ``story_id``, ``topic``, ``speaker``, ``cue``, ``text``,
    ``paragraph_no``, ``sentiment``; ``speaker`` is ``<NA>`` when no one is named.

    Examples
    --------
    >>> toolkit.quotes(analyzed)["speaker"].value_counts().head()  # doctest: +SKIP
    """
    fields = {
        "speaker": "string",
        "cue": "string",
        "text": "string",
        "paragraph_no": "Int64",
        "sentiment": "float64",
    }
    return _explode(analyzed, "quotes", "quotes", fields)
