"""python -m toolkit: stories and analyze write tables; errors exit 2 with a message."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
from conftest import SEED

from toolkit.cli import main


def test_stories_parquet_and_csv(tmp_path, capsys):
    assert main(["stories", str(SEED), "-o", str(tmp_path / "s.parquet")]) == 0
    assert "stories from 1 file(s)" in capsys.readouterr().out
    stories = pd.read_parquet(tmp_path / "s.parquet")
    assert stories["start_line"].iloc[0] == 1
    assert main(["stories", str(SEED), "-o", str(tmp_path / "s.csv")]) == 0
    csv = pd.read_csv(tmp_path / "s.csv")
    assert len(csv) == len(stories)
    assert csv["video_titles"].iloc[0].startswith("[")


def test_analyze_with_sentences(tmp_path):
    code = main([
        "analyze", str(SEED), "-o", str(tmp_path / "a.parquet"), "--sentences", str(tmp_path / "s.parquet"),
        "--measures", "readability,sentiment", "--cache", str(tmp_path / "cache"),
    ])  # fmt: skip
    assert code == 0
    analyzed = pd.read_parquet(tmp_path / "a.parquet")
    assert {"flesch_reading_ease", "sentiment"} <= set(analyzed.columns)
    assert len(pd.read_parquet(tmp_path / "s.parquet")) == analyzed["n_sentences"].sum()


def test_errors_exit_2_with_the_file_named(tmp_path, capsys):
    assert main(["stories", str(tmp_path / "missing.txt")]) == 2
    assert "missing.txt: no such file" in capsys.readouterr().err
    assert main(["stories", str(SEED), "-o", str(tmp_path / "x.xlsx")]) == 2
    assert "valid: .parquet, .csv, .jsonl" in capsys.readouterr().err
    assert main(["analyze", str(SEED), "--measures", "nope", "-o", str(tmp_path / "a.csv")]) == 2
    assert "unknown measure 'nope'" in capsys.readouterr().err


def test_module_entry_point(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "toolkit", "stories", str(SEED), "-o", str(tmp_path / "s.jsonl")],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "-> " in out.stdout
    assert len(pd.read_json(tmp_path / "s.jsonl", lines=True)) >= 1
