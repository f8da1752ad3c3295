"""Tests of toolkit.schema: one set of story ids and columns for every frame."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import toolkit
from toolkit.schema import SENTENCE_COLUMNS, STORY_COLUMNS, story_ids

FRAME = pd.DataFrame(
    {
        "text": [
            "Return hubs were announced on Monday. The minister defended the hubs.",
            "Chelsea won the final. Fans said the hubs of the city were full.",
        ]
    }
)


def test_a_frame_without_story_id_gets_the_same_ids_everywhere():
    expected = story_ids(FRAME).tolist()
    assert len(set(expected)) == 2
    analyzed = toolkit.analyze(
        FRAME, measures=["sentiment"], cache=False, progress=False, topics=False
    )
    assert analyzed["story_id"].tolist() == expected
    hits = toolkit.kwic(FRAME, "hub")
    assert set(hits["story_id"]) == set(expected)
    assert set(toolkit.dispersion(FRAME, ["hub"])["story_id"]) == set(expected)
    sents = toolkit.sentences(FRAME, cache=False, progress=False)
    assert sents["story_id"].unique().tolist() == expected


def test_ids_do_not_depend_on_the_frame_index():
    shifted = FRAME.set_axis([10, 20])
    assert story_ids(shifted).tolist() == story_ids(FRAME).tolist()
    assert story_ids(shifted).index.tolist() == [10, 20]


def test_a_given_story_id_column_is_kept():
    frame = FRAME.assign(story_id=["a", "b"])
    assert story_ids(frame).tolist() == ["a", "b"]


def test_frames_have_the_schemas_columns_and_dtypes():
    stories = toolkit.load_dump(Path(__file__).resolve().parents[1] / "data")
    assert list(stories.columns) == list(STORY_COLUMNS)
    assert {c: str(t) for c, t in stories.dtypes.items()} == {
        c: str(pd.api.types.pandas_dtype(t)) for c, t in STORY_COLUMNS.items()
    }
    sents = toolkit.sentences(stories.head(1), cache=False, progress=False)
    assert list(sents.columns) == list(SENTENCE_COLUMNS)


@pytest.mark.parametrize("bad", [None, pd.DataFrame({"body": ["x"]}), pd.DataFrame({"text": []})])
def test_story_ids_checks_the_frame(bad):
    with pytest.raises(toolkit.InputError):
        story_ids(bad)
