"""The analysis cache: warm reruns, corrupt entries, versions, unwritable folders."""

from __future__ import annotations

import json
import multiprocessing
import os

import pandas as pd
import pytest

import toolkit
from toolkit import analyze
from toolkit.analysis.cache import Cache

FRAME = pd.DataFrame(
    {"story_id": ["a", "b"], "text": ["A good result for the team.", "Shares fell sharply."]}
)


def _entries(folder):
    return sorted(p for p in folder.rglob("*.json") if not p.name.startswith(".tmp"))


def _parse_counter(monkeypatch):
    from toolkit.analysis import engine as module

    calls = []
    original = module._measure_batch
    monkeypatch.setattr(
        module,
        "_measure_batch",
        lambda texts, job: calls.append(len(texts)) or original(texts, job),
    )
    return calls


def test_warm_rerun_parses_nothing(tmp_path, monkeypatch):
    calls = _parse_counter(monkeypatch)
    first = analyze(FRAME, measures=["sentiment", "readability"], cache=tmp_path, progress=False)
    assert sum(calls) == 2 and len(_entries(tmp_path)) == 2
    second = analyze(FRAME, measures=["sentiment", "readability"], cache=tmp_path, progress=False)
    assert sum(calls) == 2
    pd.testing.assert_frame_equal(first, second)


@pytest.mark.parametrize("damage", ["truncate", "garbage", "wrong_key", "empty"])
def test_damaged_entry_is_recomputed(tmp_path, monkeypatch, damage):
    good = analyze(FRAME, measures=["sentiment"], cache=tmp_path, progress=False)
    entry = _entries(tmp_path)[0]
    blob = entry.read_text()
    if damage == "truncate":
        entry.write_text(blob[: len(blob) // 2])
    elif damage == "garbage":
        entry.write_bytes(b"\x00\xff not json")
    elif damage == "empty":
        entry.write_text("")
    else:
        entry.write_text(json.dumps({"key": "0" * 64, "value": {"sentiment": 0.99}}))
    calls = _parse_counter(monkeypatch)
    again = analyze(FRAME, measures=["sentiment"], cache=tmp_path, progress=False)
    assert sum(calls) == 1
    pd.testing.assert_frame_equal(good, again)
    json.loads(entry.read_text())  # rewritten whole


def test_key_changes_with_model_toolkit_and_method(tmp_path, monkeypatch):
    analyze(FRAME, measures=["sentiment"], cache=tmp_path, progress=False)
    calls = _parse_counter(monkeypatch)
    analyze(FRAME, measures=["sentiment"], sentiment_method="vader", cache=tmp_path, progress=False)
    assert sum(calls) == 2
    monkeypatch.setattr(toolkit.version, "__version__", "999.0")
    analyze(FRAME, measures=["sentiment"], sentiment_method="vader", cache=tmp_path, progress=False)
    assert sum(calls) == 4


def test_leftover_temp_file_is_ignored(tmp_path):
    analyze(FRAME, measures=["sentiment"], cache=tmp_path, progress=False)
    entry = _entries(tmp_path)[0]
    (entry.parent / ".tmp-killed.json").write_text('{"key": "')
    again = analyze(FRAME, measures=["sentiment"], cache=tmp_path, progress=False)
    assert again["sentiment"].notna().all()


def test_unwritable_cache_warns_and_still_answers(tmp_path):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    with pytest.warns(toolkit.ToolkitWarning, match="cannot write the cache"):
        out = analyze(FRAME, measures=["sentiment"], cache=blocker, progress=False)
    assert out["sentiment"].notna().all()


def test_no_pickle_in_entries(tmp_path):
    analyze(FRAME, measures=["sentiment", "keyterms"], cache=tmp_path, progress=False)
    for entry in _entries(tmp_path):
        assert json.loads(entry.read_text())["value"]


def _worker(folder: str, out: multiprocessing.Queue) -> None:
    res = analyze(FRAME, measures=["sentiment"], cache=folder, n_process=1, progress=False)
    out.put(res["sentiment"].tolist())


def test_two_processes_share_a_cache(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(str(tmp_path), queue)) for _ in range(2)]
    for p in procs:
        p.start()
    results = [queue.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert results[0] == results[1]
    assert len(_entries(tmp_path)) == 2
    for entry in _entries(tmp_path):
        json.loads(entry.read_text())


def test_cache_roundtrip_and_key_is_content_based(tmp_path):
    cache = Cache(tmp_path)
    key = cache.key({"text": "x", "model": "m"})
    assert key == Cache.key({"model": "m", "text": "x"})
    assert cache.get(key) is None
    cache.put(key, {"v": [1, 2.5, None]})
    assert cache.get(key) == {"v": [1, 2.5, None]}
    assert not [p for p in tmp_path.rglob(".tmp*")]
    assert os.path.basename(str(_entries(tmp_path)[0])) == f"{key}.json"


_KILLED_RUN = """
import sys, pandas as pd, toolkit
texts = [f"Story {i}. The council met on Monday and agreed the budget, officials said." for i in range(400)]
toolkit.analyze(pd.DataFrame({"text": texts}), measures=["sentiment", "readability"], cache=sys.argv[1],
                n_process=1, progress=False)
"""


def test_process_killed_mid_run_leaves_a_usable_cache(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    folder = tmp_path / "cache"
    proc = subprocess.Popen([sys.executable, "-c", _KILLED_RUN, str(folder)])
    deadline = time.time() + 120
    while time.time() < deadline and len(_entries(folder)) < 5 and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    texts = [
        f"Story {i}. The council met on Monday and agreed the budget, officials said."
        for i in range(400)
    ]
    frame = pd.DataFrame({"text": texts})
    fresh = analyze(frame, measures=["sentiment", "readability"], cache=False, progress=False)
    reused = analyze(frame, measures=["sentiment", "readability"], cache=folder, progress=False)
    pd.testing.assert_frame_equal(fresh, reused)


def test_sentences_of_an_analysed_frame_reuse_its_cache(tmp_path, monkeypatch):
    from toolkit import sentences

    analysed = analyze(FRAME, measures=["sentiment", "readability"], cache=tmp_path, progress=False)
    calls = _parse_counter(monkeypatch)
    sents = sentences(analysed, cache=tmp_path, progress=False)
    assert sum(calls) == 0
    assert sents.groupby("story_id")["sentiment"].mean()["a"] == pytest.approx(
        analysed["sentiment"].iloc[0]
    )
    sentences(analysed, sentiment_method="vader", cache=tmp_path, progress=False)
    assert sum(calls) == 2  # another method: scored afresh
