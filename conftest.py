"""Set-up shared by the tests and the docstring examples (``--doctest-modules``).

Docstring examples may use, without defining them, the names a reader of the docs would
have at hand: ``toolkit``, ``pd``, ``stories`` (the seed dump, loaded) and ``analyzed``
(it, analysed), and they run in a scratch folder with the project's ``data/`` and an empty
``out/``. Every run keeps its cache in a temporary folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
SEED = ROOT / "data" / "000_17ce1404ae1f217e.txt"


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    """Keep tests out of the user's cache folder."""
    folder = tmp_path_factory.mktemp("toolkit-cache")
    old = os.environ.get("TOOLKIT_CACHE_DIR")
    os.environ["TOOLKIT_CACHE_DIR"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("TOOLKIT_CACHE_DIR", None)
    else:
        os.environ["TOOLKIT_CACHE_DIR"] = old


@pytest.fixture(scope="session")
def _doc_frames(_private_cache):
    import toolkit

    stories = toolkit.load_dump(SEED)
    return stories, toolkit.analyze(stories, progress=False)


@pytest.fixture(autouse=True)
def _doctest_names(request, doctest_namespace):
    if not isinstance(request.node, pytest.DoctestItem):
        return
    import pandas as pd

    import toolkit

    stories, analyzed = request.getfixturevalue("_doc_frames")
    doctest_namespace.update(toolkit=toolkit, pd=pd, stories=stories, analyzed=analyzed)
    # Examples name files as a reader in the project folder would ("data/", "out/"); they
    # run in a folder of their own that sees the project's data/, so what they write is
    # thrown away.
    folder = request.getfixturevalue("tmp_path")
    (folder / "data").symlink_to(ROOT / "data", target_is_directory=True)
    (folder / "out").mkdir()
    request.getfixturevalue("monkeypatch").chdir(folder)
