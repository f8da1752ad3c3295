"""infer_topics(), keyness(), kwic(), dispersion(): formulas by hand, the seed, bad input."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2 as chi2_dist
from scipy.stats import chi2_contingency

from conftest import SEED
from toolkit import dispersion, infer_topics, keyness, kwic
from toolkit.compare.keyness import _keyness_stats
from toolkit.errors import InputError, UnknownNameError

SEED_LINES = SEED.read_text(encoding="utf-8").split("\n")


def _frame(texts, topics=None):
    data = {"story_id": [f"s{i}" for i in range(len(texts))], "text": texts}
    if topics is not None:
        data["topic"] = pd.array(topics, dtype="string")
    return pd.DataFrame(data)


# --------------------------------------------------------------------------- statistics


def test_g2_and_chi2_by_hand_on_a_2x2_table():
    # Target: 10 of 100 tokens are "w"; reference: 5 of 200.
    a, b, n_target, n_reference = 10.0, 5.0, 100.0, 200.0
    c, d, n = n_target - a, n_reference - b, n_target + n_reference
    expected = [
        (a + b) * n_target / n,
        (a + b) * n_reference / n,
        (c + d) * n_target / n,
        (c + d) * n_reference / n,
    ]
    observed = [a, b, c, d]
    g2 = 2 * sum(o * math.log(o / e) for o, e in zip(observed, expected))
    delta = min(0.5, abs(a - expected[0]))
    chi2 = sum((abs(o - e) - delta) ** 2 / e for o, e in zip(observed, expected))

    stats = _keyness_stats(np.array([a, n_target - a]), np.array([b, n_reference - b]))
    assert stats["g2"][0] == pytest.approx(g2)
    assert stats["chi2"][0] == pytest.approx(chi2)
    # E = 5, 10, 95, 190: G² = 2 (10 ln 2 + 5 ln 0.5 + 90 ln(90/95) + 195 ln(195/190)).
    assert g2 == pytest.approx(7.3298, abs=1e-4)
    assert stats["log_ratio"][0] == pytest.approx(math.log2((10 / 100) / (5 / 200)))
    assert stats["p_value"][0] == pytest.approx(chi2_dist.sf(g2, 1))
    # The other row of the same table: used less by the target, so negative.
    assert stats["g2"][1] == pytest.approx(-g2)


def test_statistics_match_scipy_on_every_term():
    a = np.array([10.0, 0.0, 3.0, 7.0, 1.0])
    b = np.array([5.0, 8.0, 3.0, 20.0, 0.0])
    stats = _keyness_stats(a, b)
    for i in range(len(a)):
        table = np.array([[a[i], b[i]], [a.sum() - a[i], b.sum() - b[i]]])
        g2 = chi2_contingency(table, correction=False, lambda_="log-likelihood")[0]
        chi2 = chi2_contingency(table, correction=True)[0]
        assert abs(stats["g2"][i]) == pytest.approx(g2)
        assert abs(stats["chi2"][i]) == pytest.approx(chi2)
        expected_a = (a[i] + b[i]) * a.sum() / (a.sum() + b.sum())
        assert np.sign(stats["g2"][i]) == (1 if a[i] > expected_a else -1)


def test_log_ratio_takes_a_zero_count_as_half_an_occurrence_in_both_groups():
    stats = _keyness_stats(np.array([4.0, 6.0]), np.array([0.0, 10.0]))
    assert stats["log_ratio"][0] == pytest.approx(math.log2((4 / 10) / (0.5 / 20)))
    assert np.isfinite(stats["log_ratio"]).all()


def test_log_ratio_agrees_in_sign_with_g2_for_a_small_target():
    # A 12-word target never uses a word the 1,000-word reference uses twice: not typical
    # of the target, whatever the groups' sizes.
    stats = _keyness_stats(np.array([0.0, 12.0]), np.array([2.0, 998.0]))
    assert stats["log_ratio"][0] < 0 and stats["g2"][0] < 0
    rng = np.random.default_rng(0)
    a, b = rng.integers(0, 4, 500).astype(float), rng.integers(0, 40, 500).astype(float)
    stats = _keyness_stats(a, b)
    moved = stats["g2"] != 0
    assert (np.sign(stats["log_ratio"][moved]) == np.sign(stats["g2"][moved])).all()


def test_scaled_f_is_signed_towards_the_side_that_uses_the_word():
    a = np.array([30.0, 1.0, 5.0, 5.0])
    b = np.array([1.0, 30.0, 5.0, 6.0])
    scores = _keyness_stats(a, b)["scaled_f"]
    assert scores[0] > 0 > scores[1]
    assert (np.abs(scores) <= 1).all()


# --------------------------------------------------------------------------- keyness


@pytest.mark.parametrize("form", ["lower", "lemma"])
def test_kosovo_keyness_ranks_its_own_words_first(seed_stories, form):
    key = keyness(infer_topics(seed_stories), target="Kosovo", form=form)
    top = set(key["term"].head(8))
    assert {"asylum", "return", "kosovo"} <= top
    assert {"hub", "hubs"} & top
    assert key["g2"].is_monotonic_decreasing
    assert list(key.columns) == [
        "term",
        "n_target",
        "n_reference",
        "stories_target",
        "stories_reference",
        "g2",
        "chi2",
        "log_ratio",
        "p_value",
        "scaled_f",
    ]
    assert key.attrs["keyness"]["target"] == "Kosovo"


def test_keyness_removes_stop_words_numbers_punctuation_and_furniture():
    texts = [
        (
            "The hub of 2025 is here, and the hub's 12 staff were there!\nMore on Kosovo\n"
            "Please use Chrome browser for a more accessible video player"
        ),
        "A plain story about gardens and 3 gardens.",
    ]
    key = keyness(_frame(texts, ["a", "b"]), target="a", form="lower", min_count=1)
    terms = set(key["term"])
    assert "hub" in terms and "gardens" in terms
    assert not terms & {
        "the",
        "and",
        "of",
        "2025",
        "12",
        "3",
        "chrome",
        "browser",
        "video",
        "player",
    }
    assert not any(
        ch.isdigit() or not ch.isalpha()
        for t in terms
        for ch in t.replace("-", "").replace("'", "")
    )


def test_keyness_unknown_target_lists_the_topics(seed_stories):
    frame = infer_topics(seed_stories)
    with pytest.raises(UnknownNameError) as err:
        keyness(frame, target="Kosova", form="lower")
    assert "Kosovo" in str(err.value) and "Online Safety Bill" in str(err.value)
    with pytest.raises(InputError, match="target="):
        keyness(frame, form="lower")
    with pytest.raises(UnknownNameError, match="form"):
        keyness(frame, target="Kosovo", form="stem")
    with pytest.raises(UnknownNameError, match="column"):
        keyness(frame, by="section", target="Kosovo")


def test_keyness_without_a_topic_column_says_how_to_get_topics(seed_stories):
    frame = seed_stories.assign(keyterms=[["a"]] * len(seed_stories), score=1.5)
    with pytest.raises(UnknownNameError) as err:
        keyness(frame.drop(columns=["topic"]), target="Kosovo", form="lower")
    message = str(err.value)
    assert message.startswith(
        "unknown column 'topic'; the frame has no topics: give every story a topic with "
        "toolkit.infer_topics(stories) first, or name the column that holds the groups with by="
    )
    valid = err.value.valid  # the columns that could name groups, not numbers or lists
    assert "source" in valid and "score" not in valid and "keyterms" not in valid
    assert "start_line" not in valid and "video_titles" not in valid
    with pytest.raises(UnknownNameError, match="unknown column 'section'; name the column"):
        keyness(frame, by="section", target="Kosovo")


def test_keyness_reference_groups_and_min_count():
    frame = _frame(["cat cat dog", "dog dog bird", "fish fish fish"], ["a", "b", "c"])
    key = keyness(frame, target="a", reference="b", form="lower", min_count=1)
    assert set(key["term"]) == {"cat", "dog", "bird"}
    assert key.attrs["keyness"]["reference"] == "b"
    assert key.set_index("term").loc["cat", "n_target"] == 2
    assert "cat" not in set(
        keyness(frame, target="a", reference="b", form="lower", min_count=3)["term"]
    )
    with pytest.raises(InputError, match="both"):
        keyness(frame, target="a", reference=["a", "b"], form="lower")
    with pytest.raises(InputError, match="nothing to compare"):
        keyness(_frame(["x y"], ["a"]), target="a", form="lower")


def test_keyness_counts_the_stories_that_use_each_word():
    # "storm" in three stories is the topic's; "pylon" five times in one is one story's.
    frame = _frame(
        ["storm pylon pylon pylon pylon pylon", "storm rain", "storm flood", "vote vote", "vote"],
        ["weather", "weather", "weather", "politics", "politics"],
    )
    key = keyness(frame, target="weather", form="lower", min_count=1).set_index("term")
    assert key.loc["storm", ["stories_target", "stories_reference"]].tolist() == [3, 0]
    assert key.loc["pylon", ["n_target", "stories_target"]].tolist() == [5, 1]
    assert key.loc["vote", "stories_reference"] == 2


# --------------------------------------------------------------------------- kwic


def test_kwic_finds_return_hubs_on_their_dump_lines(seed_stories, seed_lines):
    hits = kwic(seed_stories, "return hub")
    assert len(hits) >= 8
    assert hits["match"].str.lower().str.startswith("return hub").all()
    assert (hits["match"].str.lower() == "return hubs").any() and (
        hits["match"].str.lower() == "return hub"
    ).any()
    for line_no, match in zip(hits["line_no"], hits["match"]):
        assert match in SEED_LINES[line_no - 1]
    # The lines the seed shows with `sed -n`: the first sentence, and the Tories' quote.
    assert {1, 4, 5, 30} <= set(hits["line_no"])
    exact = kwic(seed_stories, "return hub", lines=seed_lines)
    assert exact["line_no"].tolist() == hits["line_no"].tolist()


def test_kwic_window_is_in_words_and_context_is_right(seed_stories):
    hits = kwic(seed_stories, "asylum", window=3)
    assert len(hits) > 0
    assert (hits["left"].str.split().str.len() <= 3).all()
    assert (hits["right"].str.split().str.len() <= 3).all()
    first = hits.iloc[
        0
    ]  # line 1: "... the countries asked to take failed asylum seekers from the UK ..."
    assert (first["left"], first["right"]) == ("to take failed", "seekers from the")
    assert kwic(seed_stories, "asylum", window=0)["left"].eq("").all()


def test_kwic_whole_words_case_and_regex():
    frame = _frame(["Hub hubs hubbub HUB's Subhub", "return-hub return hubs"])
    assert kwic(frame, "hub")["match"].tolist() == ["Hub", "hubs", "HUB's", "hub", "hubs"]
    assert kwic(frame, "hub", ignore_case=False)["match"].tolist() == ["hubs", "hub", "hubs"]
    assert kwic(frame, "return hub")["match"].tolist() == ["return-hub", "return hubs"]
    regex_hits = kwic(frame, r"hub\w*", regex=True)["match"].tolist()
    assert regex_hits == ["Hub", "hubs", "hubbub", "HUB", "hub", "hub", "hubs"]
    assert kwic(frame, "zebra").empty
    assert kwic(frame, "hub")["line_no"].isna().all()  # no provenance in this frame
    with pytest.raises(InputError, match="regular expression"):
        kwic(frame, "hub(", regex=True)
    with pytest.raises(InputError, match="non-empty"):
        kwic(frame, "  ")


# --------------------------------------------------------------------------- dispersion


def test_dispersion_offsets_and_term_order(seed_stories):
    hits = dispersion(seed_stories, ["Corbyn", "asylum"])
    assert hits.attrs["dispersion"]["terms"] == ["Corbyn", "asylum"]
    assert set(hits["term"]) == {"Corbyn", "asylum"}
    assert hits["offset"].between(0, 1).all()


def test_dispersion_names_each_pattern_as_asked():
    hits = dispersion(
        _frame(["The hubs opened. A hub closed.", "No hubs here."]),
        {"hub": r"hubs?", "closed": r"clos\w+"},
        regex=True,
    )
    assert hits.attrs["dispersion"]["terms"] == ["hub", "closed"]
    assert hits.groupby("term").size().to_dict() == {"closed": 1, "hub": 3}
    assert set(hits["match"]) == {"hubs", "hub", "closed"}


def test_dispersion_offset_counts_words():
    hits = dispersion(_frame(["alpha beta gamma delta"]), "gamma")
    assert hits["offset"].tolist() == [0.5]
    assert hits["story_no"].tolist() == [1]


# --------------------------------------------------------------------------- topics


def test_infer_topics_fills_untagged_seed_story(seed_stories):
    topics = infer_topics(seed_stories, min_score=0)
    assert topics["topic"].notna().all()
    tagged = seed_stories["topic"].notna()
    assert (topics.loc[tagged, "topic_source"] == "tag").all()
    assert (topics.loc[tagged, "topic"] == seed_stories.loc[tagged, "topic"]).all()
    assert (topics.loc[~tagged, "topic_source"] == "inferred").all()
    assert set(topics.loc[~tagged, "topic"]) <= set(seed_stories["topic"].dropna())
    assert topics.loc[~tagged, "topic_score"].between(0, 1).all()
    assert "topic_source" not in seed_stories.columns


def test_unrelated_story_is_not_forced_into_a_topic(seed_stories):
    # The seed's last story (crypto regulation) resembles none of the tagged topics.
    topics = infer_topics(seed_stories)
    last = topics.iloc[-1]
    assert pd.isna(last["topic"]) and pd.isna(last["topic_source"])
    assert infer_topics(seed_stories, min_score=0)["topic"].notna().all()


def test_infer_topics_without_tags_uses_seeded_nmf(seed_stories):
    untagged = seed_stories.assign(topic=pd.NA)
    first, second = infer_topics(untagged), infer_topics(untagged)
    assert first["topic"].tolist() == second["topic"].tolist()
    assert (first["topic_source"] == "inferred").all()
    assert all(" / " in t for t in first["topic"])
    one = infer_topics(untagged.head(1))
    assert one["topic"].notna().all() and " / " in one["topic"].iloc[0]


def test_inferred_topics_are_not_named_after_how_news_reports_speech():
    # Police reports quote, match reports do not: "said" would name the first topic.
    texts = [
        "Police said the road was shut, said it was icy and said drivers should wait.",
        "Police said the bridge was shut, said the river was high, police told them.",
        "The striker scored twice as the team won the cup final in extra time.",
        "The goalkeeper saved a penalty and the team won the league title.",
    ]
    topics = infer_topics(_frame(texts, [None] * 4), n_topics=2)["topic"]
    words = {w for t in topics for w in t.split(" / ")}
    assert "police" in words and not words & {"said", "told"}, topics.tolist()


def test_infer_topics_user_mapping_wins():
    frame = _frame(["tax budget", "football goal", "tax rise"], ["economy", None, None])
    by_id = infer_topics(frame, {"s1": "sport", "s0": "money"})
    assert by_id["topic"].tolist()[:2] == ["money", "sport"]
    assert by_id["topic_source"].tolist() == ["user", "user", "inferred"]
    assert by_id["topic"].iloc[2] == "money"
    by_rule = infer_topics(frame, lambda row: "sport" if "goal" in row["text"] else None)
    assert by_rule["topic"].tolist() == ["economy", "sport", "economy"]
    with pytest.raises(InputError, match="s9"):
        infer_topics(frame, {"s9": "x"})
    with pytest.raises(InputError, match="dict"):
        infer_topics(frame, ["sport"])


def test_infer_topics_leaves_wordless_story_untagged():
    frame = _frame(["tax budget tax", "", "the and of"], ["economy", None, None])
    topics = infer_topics(frame)
    assert topics["topic"].isna().tolist() == [False, True, True]
    assert topics["topic_source"].isna().tolist() == [False, True, True]


def test_bad_frames_are_input_errors():
    for call in (
        infer_topics,
        lambda f: keyness(f, target="x"),
        lambda f: kwic(f, "x"),
        lambda f: dispersion(f, "x"),
    ):
        with pytest.raises(InputError, match="text"):
            call(pd.DataFrame({"body": ["x"]}))
        with pytest.raises(InputError):
            call("not a frame")
