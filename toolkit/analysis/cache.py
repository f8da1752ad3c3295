"""A folder of JSON results keyed by content, safe to share between processes.

Keys hash the text with everything that changes a result (see ``toolkit.analysis._keys``):
the model's name and version, the spaCy, textacy, vaderSentiment, textblob and toolkit
versions, a digest of the measuring code, the measures, methods and their settings.
Entries are JSON (no pickle: a cache file from elsewhere can't run code), written to a
temporary file and renamed into place, so a reader sees a whole entry or none, and two
processes writing the same key both write the same bytes. An entry that doesn't parse, or whose stored key differs from its name, is
treated as missing and recomputed.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import warnings
from pathlib import Path
from typing import Any

import platformdirs

from toolkit.errors import ToolkitWarning

__all__ = ["Cache", "default_cache_dir", "open_cache"]

# 2: readability's word count is n_words_parsed (it was n_words, which hid the loader's).
_SCHEMA = 2


def default_cache_dir() -> Path:
    """``<user cache dir>/toolkit/analyses``, e.g. ``~/.cache/toolkit/analyses`` on Linux."""
    return platformdirs.user_cache_path("toolkit") / "analyses"


class Cache:
    """Content-keyed JSON entries under ``folder``.

    Parameters
    ----------
    folder
        Where entries live; created on first write.

    Examples
    --------
    >>> cache = Cache("/tmp/toolkit-cache")
    >>> key = cache.key({"text": "Hello.", "model": "en_core_web_sm"})
    >>> cache.put(key, {"n_words": 1})
    >>> cache.get(key)
    {'n_words': 1}
    """

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        self._warned = False

    @staticmethod
    def key(payload: dict[str, Any]) -> str:
        """SHA-256 of ``payload`` as canonical JSON."""
        blob = json.dumps({"schema": _SCHEMA, **payload}, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> Any | None:
        """The value stored under ``key``, or ``None`` when absent or unreadable."""
        path = self._path(key)
        try:
            with open(path, encoding="utf-8") as fh:
                entry = json.load(fh)
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("key") != key or "value" not in entry:
            return None
        return entry["value"]

    def put(self, key: str, value: Any) -> None:
        """Store ``value`` atomically; a cache that can't be written only warns."""
        path = self._path(key)
        blob = json.dumps({"key": key, "value": value}, ensure_ascii=False, allow_nan=True)
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(blob)
            os.replace(tmp, path)
            tmp = None
        except OSError as err:
            if not self._warned:
                warnings.warn(
                    f"{self.folder}: cannot write the cache ({err.strerror}); results are "
                    f"computed but not kept. Pass cache=False or a writable folder.",
                    ToolkitWarning,
                    stacklevel=3,
                )
                self._warned = True
        finally:
            if tmp is not None:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass


def open_cache(cache: str | os.PathLike | bool | Cache | None) -> Cache | None:
    """``None`` or ``True``: the default folder; ``False``: no cache; a path: that folder."""
    if cache is False:
        return None
    if isinstance(cache, Cache):
        return cache
    if cache is None or cache is True:
        return Cache(os.environ.get("TOOLKIT_CACHE_DIR") or default_cache_dir())
    return Cache(cache)
