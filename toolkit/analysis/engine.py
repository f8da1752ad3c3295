"""The engine behind :func:`toolkit.analyze`: batches of stories parsed and measured in
this process, in forked workers or on a Dask cluster, each story's record cached.

Work is split into batches of stories; each batch is parsed and measured by this process or
a worker, each with spaCy loaded once, and only the small results are kept, so memory
does not grow with the corpus beyond the results themselves. Results are cached per story
(see :mod:`toolkit.analysis.cache`): a rerun parses nothing, and a story that repeats
another word for word is parsed once.
"""

from __future__ import annotations

import functools
import hashlib
import multiprocessing
import os
import queue
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

from tqdm.auto import tqdm

from toolkit import measures as _measures_package
from toolkit import nlp as _nlp_package
from toolkit import version
from toolkit.analysis.cache import Cache
from toolkit.errors import InputError, check_name
from toolkit.measures import keyterms, sentiment
from toolkit.measures.quotations import quotations_in
from toolkit.measures.registry import MEASURES, components_for, measure_doc
from toolkit.nlp import load_nlp, model_info, model_name, pipes_to_disable

__all__ = [
    "ENGINES",
    "Job",
    "cache_keys",
    "job_info",
    "make_job",
    "measure_texts",
    "n_processes",
]

#: Where :func:`toolkit.analyze` runs its batches.
ENGINES = ("local", "dask")
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
class Job:
    """What to measure and how: with the text, all a cached record depends on."""

    model: str
    measures: tuple[str, ...]
    keyterm_method: str
    sentiment_method: str
    n_keyterms: int


def make_job(
    measures: Iterable[str] | str | None,
    keyterm_method: str = keyterms.DEFAULT_METHOD,
    sentiment_method: str = sentiment.DEFAULT_METHOD,
    n_keyterms: int = 10,
) -> Job:
    """A checked :class:`Job` for the current model; ``measures=None`` means all."""
    if measures is None:
        measures = MEASURES
    elif isinstance(measures, str):
        measures = [measures]
    measures = list(measures)
    for measure in measures:
        check_name("measure", measure, MEASURES)
    check_name("keyterm method", keyterm_method, keyterms.METHODS)
    check_name("sentiment method", sentiment_method, sentiment.METHODS)
    if not isinstance(n_keyterms, int) or n_keyterms < 1:
        raise InputError(f"n_keyterms must be a positive integer, got {n_keyterms!r}")
    ordered = tuple(m for m in MEASURES if m in set(measures))
    return Job(model_name(), ordered, keyterm_method, sentiment_method, n_keyterms)


def _measure_batch(texts: list[str], job: Job) -> list[dict]:
    nlp = load_nlp(job.model)
    needed = components_for(job.measures, job.keyterm_method)
    with nlp.select_pipes(disable=pipes_to_disable(nlp, needed)):
        # A batch is a few thousand words, so holding its Docs is cheap; it lets the
        # sentences around all of its quotations be parsed in one go.
        docs = list(nlp.pipe(texts, batch_size=32))
        found = quotations_in(docs, nlp=nlp) if "quotes" in job.measures else [[]] * len(docs)
        return [
            measure_doc(
                doc,
                job.measures,
                keyterm_method=job.keyterm_method,
                sentiment_method=job.sentiment_method,
                n_keyterms=job.n_keyterms,
                quotations=quotes,
            )
            for doc, quotes in zip(docs, found)
        ]


@functools.lru_cache(maxsize=8)
def _warm(job: Job) -> None:
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


def n_processes(n_process: int | None) -> int:
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


def _dispatch(
    pending: list[tuple[int, str]], job: Job, *, n_words: int, n_process: int, engine: str, client
) -> Iterator[tuple[list[tuple[int, str]], list[dict]]]:
    """Yield (batch, records) as batches finish, on the engine asked for."""
    if engine == "dask":
        yield from _execute_dask(pending, job, n_process=n_process, client=client)
    elif n_process > 1 and n_words >= _PARALLEL_MIN_WORDS:
        yield from _execute_parallel(pending, job, n_process=n_process)
    else:
        for batch in _batches(pending, _BATCH_WORDS):
            yield batch, _measure_batch([t for _, t in batch], job)


def _execute_parallel(pending: list[tuple[int, str]], job: Job, *, n_process: int):
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


def _execute_dask(pending, job: Job, *, n_process: int, client):
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

# Libraries whose code shapes a measure's result, beside the toolkit's own measures and nlp.
_MEASURE_LIBRARIES = ("textacy", "vaderSentiment", "textblob")


@functools.lru_cache(maxsize=1)
def _code_version() -> dict[str, str]:
    """What, besides the model, makes a cached result stale: a digest of the measuring
    code's source (:mod:`toolkit.measures`, :mod:`toolkit.nlp`) and the versions of the
    libraries it calls.

    Part of every cache key, so that a changed formula is never served from an older
    run's cache: the package version does not change with every commit.
    """
    digest = hashlib.sha256()
    for package in (_measures_package, _nlp_package):
        for path in sorted(Path(package.__file__).parent.glob("*.py")):
            digest.update(path.read_bytes())
    out = {"code": digest.hexdigest()[:16]}
    for name in _MEASURE_LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def job_info(job: Job) -> dict:
    """The job, the model and the code version: what a frame's ``attrs`` records."""
    return {**asdict(job), **model_info(job.model), **_code_version()}


def cache_keys(texts: list[str], job: Job) -> list[str]:
    """One cache key per text: the text, the job, the model and the measuring code."""
    base = {**job_info(job), "toolkit": version.__version__}
    return [Cache.key({**base, "text": t}) for t in texts]


def measure_texts(
    texts: list[str],
    job: Job,
    *,
    cache: Cache | None,
    n_process: int,
    progress: bool,
    engine: str = "local",
    client=None,
) -> list[dict]:
    """Each text's record, from the cache or measured (each distinct text once)."""
    keys = cache_keys(texts, job)
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
        for batch, records in _dispatch(
            pending, job, n_words=n_words, n_process=n_process, engine=engine, client=client
        ):
            store(batch, records)
    finally:
        bar.close()
    return [r if r is not None else by_key[k] for r, k in zip(results, keys)]
