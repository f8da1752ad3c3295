"""Read the shared BBC corpus (never copied into the repo) as a stories frame."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

BBC = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "bbc"


def bbc_stories(n: int | None = None, *, seed: int = 0) -> pd.DataFrame | None:
    """``n`` BBC stories (all 2,225 when ``None``) as ``story_id, topic, text``, or None."""
    files = [BBC / f"{split}.csv" for split in ("train", "val", "test")]
    if not all(f.exists() for f in files):
        return None
    frame = pd.concat([pd.read_csv(f) for f in files], ignore_index=True)
    if n is not None:
        frame = frame.sample(n=n, random_state=seed).reset_index(drop=True)
    return pd.DataFrame(
        {
            "story_id": [f"bbc{i:04d}" for i in range(len(frame))],
            "topic": frame["category"].astype("string"),
            "text": frame["text"].astype("string"),
        }
    )
