"""Tests of toolkit.segment.repeats: stories saved again and again are found, and counted
once by every function downstream."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import toolkit
from toolkit.segment.repeats import find_repeats, normalise

SEED = Path(__file__).resolve().parents[1] / "data" / "000_17ce1404ae1f217e.txt"
LINES = SEED.read_text(encoding="utf-8").splitlines()


def _write(folder: Path, name: str, lines: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def _edited(lines: list[str]) -> list[str]:
    """The seed as a later scrape saves it: a sentence reworded in the first story, the
    second story's last paragraph cut, curly quotes straightened, a space doubled."""
    out = list(lines)
    out[2] = out[2].replace("no formal talks", "no formal discussions")
    del out[55]  # the second story's last paragraph (the story runs to line 57)
    return [line.replace("“", '"').replace("”", '"').replace(". ", ".  ") for line in out]


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    once = tmp_path_factory.mktemp("once")
    _write(once, "day1.txt", LINES)
    repeated = tmp_path_factory.mktemp("repeated")
    _write(repeated, "day1.txt", LINES)
    _write(repeated, "day2.txt", LINES)  # saved again unchanged
    _write(repeated, "day3.txt", _edited(LINES))  # saved again after edits
    return once, repeated


def _load(folder):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", toolkit.ToolkitWarning)
        return toolkit.load_dump(folder)


def test_exact_and_edited_copies_point_to_the_first_copy(folders):
    _, repeated = folders
    with pytest.warns(
        toolkit.ToolkitWarning,
        match=r"8 of 12 stories repeat .*\(6 exact copies, 2 edited copies\)",
    ):
        stories = toolkit.load_dump(repeated)
    first = stories[stories["source"] == "day1.txt"]
    assert first["duplicate_of"].isna().all() and first["similarity"].isna().all()
    for day in ("day2.txt", "day3.txt"):
        copies = stories[stories["source"] == day]
        assert copies["duplicate_of"].tolist() == first["story_id"].tolist()
    assert (stories.loc[stories["source"] == "day2.txt", "similarity"] == 1.0).all()
    edited = stories.loc[stories["source"] == "day3.txt", "similarity"]
    # Straightened quotes and doubled spaces are no edit; a reworded sentence and a cut
    # paragraph are, and leave the stories clearly alike.
    assert edited.iloc[2] == 1.0 and edited.iloc[3] == 1.0
    assert 0.5 <= edited.iloc[0] < 1.0 and 0.5 <= edited.iloc[1] < 1.0


def test_an_edited_copy_with_a_paragraph_its_original_lacks_is_named(tmp_path):
    # A later scrape's copy of the seed's first story with a paragraph added after its
    # third: dropped as a repeat, that paragraph would leave every analysis unseen. A
    # reworded sentence (the edited copy of the fixture above) adds none.
    added = "Three teenagers were charged on Friday after a fire destroyed a sports hall."
    _write(tmp_path, "day1.txt", LINES)
    _write(tmp_path, "day2.txt", [*LINES[:3], added, *LINES[3:]])
    _write(tmp_path, "day3.txt", _edited(LINES))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        toolkit.load_dump(tmp_path)
    named = [str(w.message) for w in caught if "repeat an earlier one" in str(w.message)]
    assert len(named) == 1 and "; 1 edited copy holds" in named[0], named
    assert "day2.txt:4" in named[0] and "day3.txt" not in named[0], named


def test_a_folder_with_repeats_gives_the_same_keyness_as_without(folders):
    once, repeated = folders
    plain = toolkit.keyness(_load(once), target="Kosovo", form="lower")
    deduped = toolkit.keyness(_load(repeated), target="Kosovo", form="lower")
    pd.testing.assert_frame_equal(plain, deduped)
    assert deduped.attrs["keyness"]["n_target_stories"] == 1
    kept = toolkit.keyness(_load(repeated), target="Kosovo", form="lower", repeats="keep")
    assert kept.attrs["keyness"]["n_target_stories"] == 3


def test_kwic_dispersion_and_sentences_count_each_story_once(folders):
    once, repeated = folders
    assert len(toolkit.kwic(_load(repeated), "hub")) == len(toolkit.kwic(_load(once), "hub"))
    assert len(toolkit.kwic(_load(repeated), "hub", repeats="keep")) > len(
        toolkit.kwic(_load(once), "hub")
    )
    hits = toolkit.dispersion(_load(repeated), ["hub"])
    assert set(hits["source"]) == {"day1.txt"}
    sents = toolkit.sentences(_load(repeated), cache=False, progress=False)
    assert sents["story_id"].nunique() == 4


def test_analyze_drops_copies_and_parses_an_exact_copy_once(folders, tmp_path, monkeypatch):
    from toolkit.analysis import engine

    _, repeated = folders
    stories = _load(repeated)
    analyzed = toolkit.analyze(stories, measures=["sentiment"], cache=tmp_path, progress=False)
    assert len(analyzed) == 4 and analyzed["duplicate_of"].isna().all()
    parsed = []
    original = engine._measure_batch
    monkeypatch.setattr(
        engine, "_measure_batch", lambda texts, job: parsed.extend(texts) or original(texts, job)
    )
    kept = toolkit.analyze(
        stories, measures=["sentiment"], cache=tmp_path, progress=False, repeats="keep"
    )
    assert len(kept) == 12
    # Exact copies (quotes and spaces aside) come from the cache; only edited texts are new.
    assert len(parsed) == 2


def test_different_stories_on_one_subject_are_not_copies():
    a = (
        "Kosovo will be one of the countries asked to take failed asylum seekers from the UK "
        "as part of the government's plan for return hubs abroad, according to reports."
    )
    b = (
        "Albania's prime minister rejected the idea of a UK return hub in his country, "
        "saying failed asylum seekers would not be sent there under any plan."
    )
    assert find_repeats([a, b], ["a", "b"]) == ([None, None], [None, None])


def test_normalise_ignores_quotes_spaces_and_case():
    assert normalise("“Open”  to\tIT") == normalise('"open" to it')


def test_repeats_takes_only_known_values(folders):
    with pytest.raises(toolkit.UnknownNameError, match="drop"):
        toolkit.keyness(_load(folders[0]), target="Kosovo", repeats="skip")


def test_charts_draw_each_story_once():
    from toolkit import charts

    frame = pd.DataFrame(
        {
            "story_id": ["a", "b", "c"],
            "topic": ["Kosovo", "Kosovo", "Chelsea"],
            "text": ["Talks.", "Talks.", "Goal."],
            "n_words": [1, 1, 1],
            "flesch_reading_ease": [50.0, 50.0, 90.0],
            "keyterms": [["talks"], ["talks"], ["goal"]],
            "keyterm_scores": [[1.0], [1.0], [1.0]],
            "duplicate_of": [None, "a", None],
        }
    )
    assert len(charts.readability_by_topic_data(frame)) == 2
    assert len(charts.readability_by_topic_data(frame, repeats="keep")) == 3
    stories = charts.keyterms_by_topic_data(frame).set_index("term")["stories"]
    kept = charts.keyterms_by_topic_data(frame, repeats="keep").set_index("term")["stories"]
    assert (stories["talks"], kept["talks"]) == (1, 2)
