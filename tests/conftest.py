"""Shared fixtures: the seed dump, and ../shared (skipped cleanly when absent). The
private cache folder is set up in the project's root ``conftest.py``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_17ce1404ae1f217e.txt"
SHARED = ROOT.parent / "shared"
BBC = SHARED / "corpora" / "bbc"
WORKSHOP = ROOT / "notebooks" / "workshop"


def need_shared(path: Path) -> Path:
    """Return ``path`` under ../shared, or skip the test when it is absent."""
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return path


@pytest.fixture(scope="session")
def seed_stories():
    from toolkit import load_dump

    return load_dump(SEED)


@pytest.fixture(scope="session")
def seed_lines():
    from toolkit import dump_lines

    return dump_lines(SEED)


@pytest.fixture(scope="session")
def seed_analyzed(seed_stories, tmp_path_factory):
    from toolkit.analysis import analyze

    return analyze(seed_stories, cache=tmp_path_factory.mktemp("seed-cache"), progress=False)


@pytest.fixture(scope="session")
def room(tmp_path_factory):
    """The workshop built once per run: ``handout/`` and ``solutions/`` (room.py)."""
    out = tmp_path_factory.mktemp("room")
    subprocess.run(
        [sys.executable, str(WORKSHOP / "room.py"), "handout", "--out", str(out)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return out
