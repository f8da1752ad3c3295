"""Stage 5, frames of measures: :func:`analyze` (one row per story), :func:`sentences`,
:func:`entities`, :func:`quotes`.

- :mod:`toolkit.analysis.frames`: the functions above.
- :mod:`toolkit.analysis.engine`: batching, worker processes, Dask, cache keys.
- :mod:`toolkit.analysis.cache`: the per-story result cache on disk.
"""

from toolkit.analysis.cache import Cache, default_cache_dir, open_cache
from toolkit.analysis.engine import ENGINES
from toolkit.analysis.frames import analyze, entities, quotes, sentences

__all__ = [
    "ENGINES",
    "Cache",
    "analyze",
    "default_cache_dir",
    "entities",
    "open_cache",
    "quotes",
    "sentences",
]
