"""Shared fixtures: the seed dump, and ../shared (skipped cleanly when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_17ce1404ae1f217e.txt"
SHARED = ROOT.parent / "shared"
BBC = SHARED / "corpora" / "bbc"


def need_shared(path: Path) -> Path:
    """Return ``path`` under ../shared, or skip the test when it is absent."""
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return path


@pytest.fixture(scope="session")
def seed_stories():
    from toolkit.load import load_dump

    return load_dump(SEED)


@pytest.fixture(scope="session")
def seed_lines():
    from toolkit.load import dump_lines

    return dump_lines(SEED)


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    """Keep tests out of the user's cache folder."""
    import os

    folder = tmp_path_factory.mktemp("toolkit-cache")
    old = os.environ.get("TOOLKIT_CACHE_DIR")
    os.environ["TOOLKIT_CACHE_DIR"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("TOOLKIT_CACHE_DIR", None)
    else:
        os.environ["TOOLKIT_CACHE_DIR"] = old


@pytest.fixture(scope="session")
def seed_analyzed(seed_stories, tmp_path_factory):
    from toolkit.analysis import analyze

    return analyze(seed_stories, cache=tmp_path_factory.mktemp("seed-cache"), progress=False)
