"""engine="dask": the same columns and values as the local engine."""

from __future__ import annotations

import sys

import pandas as pd
import pytest

import toolkit
from conftest import ROOT

distributed = pytest.importorskip("dask.distributed")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None)
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def _bbc(n):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bbc import bbc_stories

    stories = bbc_stories(n, seed=1)
    if stories is None:
        pytest.skip("../shared/corpora/bbc is absent")
    return stories


def test_seed_equal_to_local(client, seed_stories, tmp_path):
    local = toolkit.analyze(seed_stories, cache=tmp_path / "local", progress=False)
    remote = toolkit.analyze(
        seed_stories, engine="dask", client=client, cache=False, progress=False
    )
    pd.testing.assert_frame_equal(local, remote)


def test_bbc_100_equal_to_local(client, tmp_path):
    stories = _bbc(100)
    local = toolkit.analyze(stories, cache=False, progress=False)
    remote = toolkit.analyze(stories, engine="dask", client=client, cache=tmp_path, progress=False)
    pd.testing.assert_frame_equal(local, remote)
    # A warm rerun is served by the cache, with nothing sent to the cluster.
    warm = toolkit.analyze(stories, engine="dask", client=client, cache=tmp_path, progress=False)
    pd.testing.assert_frame_equal(local, warm)


def test_dask_dataframe_in_dask_dataframe_out(client, seed_stories):
    import dask.dataframe as dd

    measures = ["readability", "sentiment"]
    frame = dd.from_pandas(seed_stories[["story_id", "topic", "text"]], npartitions=2)
    lazy = toolkit.analyze(frame, measures=measures, cache=False)
    assert isinstance(lazy, dd.DataFrame)
    local = toolkit.analyze(
        seed_stories[["story_id", "topic", "text"]],
        measures=measures,
        cache=False,
        progress=False,
        topics=False,
    )
    got = lazy.compute().reset_index(drop=True)
    pd.testing.assert_frame_equal(local.reset_index(drop=True), got, check_dtype=False)


def test_unknown_engine():
    with pytest.raises(toolkit.UnknownNameError, match="'local', 'dask'"):
        toolkit.analyze(pd.DataFrame({"text": ["x"]}), engine="spark")
