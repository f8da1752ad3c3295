"""Every chart: its Vega-Lite spec, an SVG rendered offline, size on big data, safe HTML."""

from __future__ import annotations

import json
import re
import shutil

import altair as alt
import numpy as np
import pandas as pd
import pytest
import vl_convert
from conftest import BBC, SEED, need_shared

import toolkit
from toolkit import charts
from toolkit.charts.render import vl_version
from toolkit.charts.terms import label_span
from toolkit.compare import dispersion, keyness
from toolkit.errors import InputError, UnknownNameError
from toolkit.measures.readability import FORMULAS
from toolkit.measures.topics import infer_topics
from toolkit.tables import write_table

HOSTILE = '</script><script>window.__pwned = 1</script><!-- <b>bold</b> & "quotes"'
KB = 1024


# --------------------------------------------------------------------------- helpers


def _units(spec: dict) -> list[dict]:
    """Every single-view spec inside a layered, faceted or concatenated one."""
    found = []
    if "mark" in spec:
        found.append(spec)
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for child in spec.get(key, []):
            found += _units(child)
    if isinstance(spec.get("spec"), dict):
        found += _units(spec["spec"])
    return found


def _mark(unit: dict) -> str:
    return unit["mark"] if isinstance(unit["mark"], str) else unit["mark"]["type"]


def _drawn(chart: alt.TopLevelMixin) -> dict[str, int]:
    """Render to SVG with vl-convert (no browser, no network): marks drawn, by Vega type."""
    svg = vl_convert.vegalite_to_svg(chart.to_dict(), vl_version=vl_version())
    groups = re.findall(r'class="mark-(\w+) role-mark[^"]*"[^>]*>(.*?)</g>', svg, flags=re.DOTALL)
    counts: dict[str, int] = {}
    for kind, body in groups:
        counts[kind] = counts.get(kind, 0) + len(re.findall(r"<(?:path|line|text)\b", body))
    return counts


def _title_text(spec: dict) -> str:
    title = spec["title"]
    return title["text"] if isinstance(title, dict) else title


def _tooltip_fields(unit: dict) -> set[str]:
    tooltip = unit["encoding"].get("tooltip", [])
    return {t["field"] for t in (tooltip if isinstance(tooltip, list) else [tooltip])}


def _topic_scale(spec: dict) -> dict[str, str]:
    for unit in _units(spec):
        color = unit.get("encoding", {}).get("color", {})
        if color.get("field") == "topic":
            return dict(zip(color["scale"]["domain"], color["scale"]["range"]))
    raise AssertionError("no topic colour scale")


def _size(chart: alt.TopLevelMixin) -> int:
    return len(json.dumps(chart.to_dict()))


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    cache = tmp_path_factory.mktemp("charts-seed-cache")
    stories = toolkit.load_dump(SEED)
    analyzed = toolkit.analyze(stories, cache=cache, progress=False)
    return {
        "stories": stories,
        "analyzed": analyzed,
        # From the analysed frame, so that sentences carry the same (inferred) topics.
        "sentences": toolkit.sentences(analyzed, cache=cache, progress=False),
        "keyness": keyness(infer_topics(stories), target="Kosovo", form="lower"),
    }


@pytest.fixture(autouse=True)
def _default_renderer():
    yield
    alt.renderers.enable("default")


# --------------------------------------------------------------------------- each chart on the seed


def test_readability_by_topic(seed):
    chart = charts.readability_by_topic(seed["analyzed"])
    spec = chart.to_dict()
    units = _units(spec)
    assert [_mark(u) for u in units] == ["rule", "bar", "tick", "circle"]
    dots = units[-1]
    assert dots["encoding"]["x"]["field"] == "value" and dots["encoding"]["y"]["field"] == "topic"
    assert {"topic", "story", "value"} <= _tooltip_fields(dots)
    assert "Flesch reading ease" in _title_text(spec)
    assert "higher = easier" in units[0]["encoding"]["x"]["axis"]["title"]
    drawn = _drawn(chart)
    assert drawn["symbol"] == len(seed["analyzed"]) and drawn["rect"] > 0 and drawn["rule"] > 0
    grade = charts.readability_by_topic(seed["analyzed"], "flesch_kincaid_grade").to_dict()
    assert "grade" in _title_text(grade)
    with pytest.raises(UnknownNameError, match="gunning_fog"):
        charts.readability_by_topic(seed["analyzed"], "fog")
    with pytest.raises(InputError, match="readability"):
        charts.readability_by_topic(seed["stories"])


def test_readability_formulas(seed):
    chart = charts.readability_formulas(seed["analyzed"])
    spec = chart.to_dict()
    marks = [_mark(u) for u in _units(spec)]
    assert marks == ["rule", "line", "line"]
    means = _units(spec)[-1]
    assert means["encoding"]["x"]["field"] == "formula" and means["encoding"]["y"]["field"] == "z"
    assert {"topic", "formula", "raw", "z"} <= _tooltip_fields(means)
    assert "agree" in _title_text(spec)
    assert _drawn(chart)["line"] >= 3


def test_sentiment_by_topic(seed):
    chart = charts.sentiment_by_topic(seed["sentences"])
    spec = chart.to_dict()
    units = _units(spec)
    assert [_mark(u) for u in units] == ["bar", "point", "circle"]
    shading, _diamonds, dots = units
    assert shading["encoding"]["opacity"]["field"] == "share"
    assert {"topic", "story", "mean", "n"} <= _tooltip_fields(dots)
    assert "-1 = very negative" in shading["encoding"]["x"]["axis"]["title"]
    drawn = _drawn(chart)
    assert drawn["symbol"] >= len(seed["analyzed"]) and drawn["rect"] > 0
    with pytest.raises(InputError, match="sentences"):
        charts.sentiment_by_topic(seed["analyzed"])


def test_sentiment_arc_all_one_topic_one_story(seed):
    analyzed = seed["analyzed"]
    overall = charts.sentiment_arc(analyzed)
    assert _units(overall.to_dict())[-1]["encoding"]["x"]["field"] == "position"
    topic = analyzed["topic"].dropna().iloc[0]
    one_topic = charts.sentiment_arc(analyzed, topic=topic)
    assert topic in _title_text(one_topic.to_dict())
    story = analyzed["story_id"].iloc[0]
    one_story = charts.sentiment_arc(analyzed, story=story)
    assert "story 1" in _title_text(one_story.to_dict())
    for chart in (overall, one_topic, one_story):
        assert _drawn(chart)["line"] >= 1
    with pytest.raises(UnknownNameError, match=re.escape(repr(topic))):
        charts.sentiment_arc(analyzed, topic="Kosova")
    with pytest.raises(UnknownNameError, match="story_id"):
        charts.sentiment_arc(analyzed, story="nope")


def test_a_topic_of_few_stories_has_its_mean_drawn_dashed():
    # One story's zigzag must not read like a topic's trend: its mean is thin and dashed.
    arcs = [[0.1, 0.2, 0.1, 0.0]] * 6 + [[0.9, -0.8, 0.9, -0.8]]
    analyzed = pd.DataFrame(
        {
            "story_id": [f"s{i}" for i in range(7)],
            "topic": ["Politics"] * 6 + ["Kosovo"],
            "text": [f"Story {i} said little." for i in range(7)],
            "sentiment_arc": arcs,
            **{f: [10.0 + i for i in range(7)] for f in FORMULAS},
        }
    )
    for chart in (charts.sentiment_arc(analyzed), charts.readability_formulas(analyzed)):
        spec = chart.to_dict()
        means = [u for u in _units(spec) if _mark(u) == "line" and "topic" in _tooltip_fields(u)]
        dashed = [u for u in means if isinstance(u["mark"], dict) and u["mark"].get("strokeDash")]
        assert len(means) == 2 and len(dashed) == 1
        rows = spec["datasets"][dashed[0]["data"]["name"]]
        assert {row["topic"] for row in rows} == {"Kosovo"}
        assert any("fewer than 5 stories" in line for line in spec["title"]["subtitle"])


@pytest.mark.parametrize("make", [charts.keyterms_by_topic, charts.entities_by_topic])
def test_topic_panels_have_their_own_scale_and_story_count(seed, make):
    # Bars add up over a topic's stories: each panel has its own scale and says how many
    # stories it sums, so a one-story topic is not drawn as stubs.
    spec = make(seed["analyzed"]).to_dict()
    assert spec["facet"]["field"] == "panel"
    assert spec["resolve"]["scale"]["x"] == "independent"
    per_topic = seed["analyzed"]["topic"].value_counts()
    one = per_topic[per_topic == 1].index[0]
    assert f"{one} (1 story)" in spec["facet"]["sort"]


def _topics_sharing_a_country() -> pd.DataFrame:
    # "United Kingdom" is a keyterm of every story of both topics: it says nothing
    # about either, though it outweighs each topic's own terms.
    return pd.DataFrame(
        {
            "topic": ["Health", "Health", "Sports", "Sports"],
            "keyterms": [
                ["United Kingdom", "measles"],
                ["United Kingdom", "vaccine", "measles"],
                ["United Kingdom", "cup final"],
                ["United Kingdom", "goal"],
            ],
            "keyterm_scores": [[1.0, 0.6], [1.0, 0.9, 0.5], [1.0, 0.7], [1.0, 0.8]],
        }
    )


def test_keyterms_by_topic_leave_out_terms_common_to_other_topics():
    analyzed = _topics_sharing_a_country()
    data = charts.keyterms_by_topic_data(analyzed)
    assert "United Kingdom" not in set(data["term"])
    assert data.groupby("topic")["term"].agg(list).to_dict() == {
        "Health": ["measles", "vaccine"],
        "Sports": ["goal", "cup final"],
    }
    assert data.attrs["left_out"] == {"Health": ["United Kingdom"], "Sports": ["United Kingdom"]}
    spec = charts.keyterms_by_topic(analyzed).to_dict()
    assert any("United Kingdom" in line for line in spec["title"]["subtitle"])
    assert "United Kingdom" not in {row["term"] for row in _rows(spec, spec)}
    json.dumps(spec, allow_nan=False)  # a term only one topic has: no Infinity in the page
    every = charts.keyterms_by_topic_data(analyzed, min_ratio=0)
    assert (every.groupby("topic")["term"].first() == "United Kingdom").all()


def test_keyterms_by_topic_name_a_topic_left_with_no_term_and_check_min_ratio():
    analyzed = pd.DataFrame(
        {
            "topic": ["A", "B", "B"],
            "keyterms": [["UK"], ["UK", "goal"], ["UK"]],
            "keyterm_scores": [[1.0], [1.0, 0.5], [1.0]],
        }
    )
    spec = charts.keyterms_by_topic(analyzed).to_dict()
    assert "No term sets apart: A." in spec["title"]["subtitle"]
    for bad in (float("nan"), -1, "2"):
        with pytest.raises(InputError, match="min_ratio"):
            charts.keyterms_by_topic_data(analyzed, min_ratio=bad)


def test_keyterms_by_topic_of_one_topic_keep_every_term():
    analyzed = _topics_sharing_a_country().assign(topic="Health")
    data = charts.keyterms_by_topic_data(analyzed)
    assert data["term"].iloc[0] == "United Kingdom" and data["ratio"].isna().all()
    assert not data.attrs["left_out"]


def test_keyterms_by_topic(seed):
    chart = charts.keyterms_by_topic(seed["analyzed"], top=5)
    spec = chart.to_dict()
    unit = _units(spec)[0]
    assert _mark(unit) == "bar" and unit["encoding"]["x"]["field"] == "weight"
    assert {"topic", "term", "weight", "stories"} <= _tooltip_fields(unit)
    assert _drawn(chart)["rect"] >= 5


def test_keyness_bars(seed):
    key = seed["keyness"]
    palette = charts.topic_colors(infer_topics(seed["stories"])["topic"])
    chart = charts.keyness_bars(key, top=10, colors=palette)
    spec = chart.to_dict()
    bars, cut = _units(spec)
    assert _mark(bars) == "bar" and _mark(cut) == "rule"
    assert bars["encoding"]["x"]["field"] == "g2"
    assert {"term", "n_target", "n_reference", "g2", "log_ratio", "p_value"} <= _tooltip_fields(
        bars
    )
    assert bars["encoding"]["color"]["scale"]["range"][0] == palette["Kosovo"]
    assert "Kosovo" in _title_text(spec)
    assert _drawn(chart)["rect"] >= 10
    ratio = charts.keyness_bars(key, measure="log_ratio").to_dict()
    assert _units(ratio)[0]["encoding"]["x"]["field"] == "log_ratio"
    with pytest.raises(UnknownNameError, match="g2"):
        charts.keyness_bars(key, measure="pmi")


def test_term_scatter(seed):
    chart = charts.term_scatter(seed["keyness"], labels=5)
    spec = chart.to_dict()
    points, *texts = _units(spec)
    assert _mark(points) == "circle" and texts and all(_mark(t) == "text" for t in texts)
    # Words near the right edge are named to the left of their point, the rest to the
    # right, so no label runs off the plot.
    named = []
    for unit in texts:
        rows = spec["datasets"][unit["data"]["name"]]
        assert all((row["x"] > 0.8) == (unit["mark"]["align"] == "right") for row in rows)
        named += rows
    # No two labels on one line overlap, whichever side of its point each is on.
    spans = [(*label_span(row["term"], row["x"]), row["y"]) for row in named]
    for i, (left, right, y) in enumerate(spans):
        for other_left, other_right, other_y in spans[:i]:
            assert right < other_left or left > other_right or abs(y - other_y) > 0.04
    assert points["encoding"]["color"]["field"] == "scaled_f"
    assert {"term", "n_target", "n_reference", "scaled_f"} <= _tooltip_fields(points)
    assert "Kosovo" in points["encoding"]["y"]["axis"]["title"]
    drawn = _drawn(chart)
    assert drawn["symbol"] == min(len(seed["keyness"]), 1500) and 1 <= drawn["text"] <= 10


def test_term_scatter_names_each_side_by_the_sign_of_g2():
    # Scaled F and G² may disagree on a word's side; the names follow G², as the
    # subtitle says ("party": G² -22, scaled F +0.1).
    table = pd.DataFrame(
        {
            "term": ["virus", "party", "vote"],
            "n_target": [30, 2, 1],
            "n_reference": [1, 40, 9],
            "g2": [40.0, -22.0, -5.0],
            "scaled_f": [0.9, 0.1, -0.8],
        }
    )
    table.attrs["keyness"] = {"target": "Health", "reference": "all other stories"}
    data = charts.term_scatter_data(table, labels=1)
    named = data.dropna(subset=["label_rank"]).sort_values("label_rank")["term"].tolist()
    assert named == ["virus", "party"]


def test_entities_by_topic(seed):
    chart = charts.entities_by_topic(seed["analyzed"], top=5)
    unit = _units(chart.to_dict())[0]
    assert unit["encoding"]["x"]["field"] == "mentions"
    assert {"entity", "type", "mentions", "stories"} <= _tooltip_fields(unit)
    assert _drawn(chart)["rect"] >= 3
    people = charts.entities_by_topic(seed["analyzed"], labels=["PERSON"]).to_dict()
    assert all("(person)" in row["name"] for row in next(iter(people["datasets"].values())))
    with pytest.raises(UnknownNameError, match="PERSON"):
        charts.entities_by_topic(seed["analyzed"], labels=["PEOPLE"])


def test_a_name_labelled_two_ways_is_one_bar_under_its_commoner_label():
    # spaCy calls "Trump" a person in one story and an organisation in another: a reader
    # asking who the topic mentions wants one bar, and filtering to people must find it.
    analyzed = pd.DataFrame(
        {
            "topic": ["politics"] * 3,
            "entities": [
                [{"text": "Trump", "label": "PERSON", "count": 3}],
                [{"text": "Trump", "label": "ORG", "count": 1}],
                [{"text": "Senate", "label": "ORG", "count": 2}],
            ],
        }
    )
    bars = charts.entities_by_topic_data(analyzed)
    assert bars[["entity", "type", "mentions", "stories"]].values.tolist() == [
        ["Trump", "PERSON", 4, 2],
        ["Senate", "ORG", 2, 1],
    ]
    people = charts.entities_by_topic_data(analyzed, labels=["PERSON"])
    assert people["entity"].tolist() == ["Trump"] and people["mentions"].tolist() == [4]


def test_faceted_bars_are_equally_thick_in_every_panel(seed):
    # The untagged seed story names two entities: its panel must show two bars of the
    # same thickness as the others', not two blocks that fill the panel.
    chart = charts.entities_by_topic(seed["analyzed"])
    svg = vl_convert.vegalite_to_svg(chart.to_dict(), vl_version=vl_version())
    thickness = {
        float(v) for v in re.findall(r'aria-roledescription="bar" d="M[^"]*?v([\d.]+)h', svg)
    }
    assert len(thickness) == 1, thickness


def test_quotes_chart(seed):
    chart = charts.quotes_chart(seed["analyzed"], top=8)
    spec = chart.to_dict()
    assert len(spec["hconcat"]) == 2
    marks = [_mark(u) for u in _units(spec)]
    assert marks == ["bar", "rule", "rule", "circle"]
    dots = _units(spec)[-1]
    assert {"speaker", "n", "mean", "example"} <= _tooltip_fields(dots)
    assert "quoted" in _title_text(spec)
    drawn = _drawn(chart)
    assert drawn["rect"] >= 1 and drawn["symbol"] >= 1


def test_dispersion_chart(seed):
    hits = dispersion(seed["stories"], ["asylum", "Corbyn"])
    chart = charts.dispersion_chart(hits)
    spec = chart.to_dict()
    assert spec["facet"]["field"] == "term" and spec["facet"]["sort"] == ["asylum", "Corbyn"]
    unit = _units(spec)[0]
    assert _mark(unit) == "tick" and unit["encoding"]["x"]["field"] == "offset"
    assert {"story", "match", "offset"} <= _tooltip_fields(unit)
    assert _drawn(chart)["rect"] == len(hits)


def test_dispersion_draws_one_row_per_story_across_files(tmp_path):
    # Story numbers restart in each file: "story 2" of two dumps must be two rows.
    texts = {
        "day1.txt": [
            ("Ofcom", "Ofcom fined a website that ignored the asylum rules on adverts."),
            ("Kosovo", "Kosovo will take failed asylum seekers, its president said."),
        ],
        "day2.txt": [
            ("Ofcom", "Broadcasters must label claims about asylum costs, Ofcom ruled."),
            ("Albania", "Albania rejected a plan for asylum centres near Tirana."),
        ],
    }
    for name, pairs in texts.items():
        (tmp_path / name).write_text(
            "".join(f"{text}\nMore on {topic}\n" for topic, text in pairs), encoding="utf-8"
        )
    stories = toolkit.load_dump(tmp_path)
    hits = dispersion(stories, ["asylum"])
    rows = charts.dispersion_chart_data(hits)
    assert rows.groupby("story")["story_id"].nunique().max() == 1
    assert rows["story"].nunique() == rows["story_id"].nunique() == 4
    assert "day2.txt, story 2 (Albania)" in set(rows["story"])
    one_file = charts.dispersion_chart_data(
        dispersion(stories[stories["source"] == "day1.txt"], ["asylum"])
    )
    assert set(one_file["story"]) == {"story 1 (Ofcom)", "story 2 (Kosovo)"}


def test_quotes_chart_leaves_out_speakers_it_only_has_descriptions_for():
    # "report" in two stories is two reports: no bar would say who spoke.
    quote = {"text": "It will cost more.", "sentiment": 0.0}
    analyzed = pd.DataFrame(
        {
            "topic": ["a", "b", "b"],
            "quotes": [
                [{**quote, "speaker": "report"}, {**quote, "speaker": "WWF report"}],
                [{**quote, "speaker": "report"}, {**quote, "speaker": "Barack Obama"}],
                [{**quote, "speaker": "researchers"}, {**quote, "speaker": None}],
            ],
        }
    )
    spec = charts.quotes_chart(analyzed).to_dict()
    assert {r["speaker"] for r in _rows(spec, _units(spec)[0])} == {"WWF report", "Barack Obama"}
    subtitle = " ".join(spec["title"]["subtitle"])
    assert "1 quotation with no speaker named; 3 by a speaker only described" in subtitle
    assert "(“report”, “researchers”)" in subtitle
    spec = charts.quotes_chart(analyzed, descriptions=True).to_dict()
    drawn = {r["speaker"] for r in _rows(spec, _units(spec)[0])}
    assert drawn == {"WWF report", "Barack Obama", "report", "researchers"}
    only = analyzed.assign(quotes=[[{**quote, "speaker": "report"}]] * 3)
    with pytest.raises(InputError, match="descriptions=True"):
        charts.quotes_chart(only)


def test_quotes_chart_counts_in_whole_quotations_and_lists_only_topics_drawn():
    quote = {"text": "It will cost more.", "sentiment": 0.0}
    analyzed = pd.DataFrame(
        {
            "topic": ["a", "b", "c"],
            "quotes": [[{**quote, "speaker": "Ann Lee"}], [{**quote, "speaker": "Bo Ek"}], []],
        }
    )
    bars = _units(charts.quotes_chart(analyzed).to_dict())[0]["encoding"]
    assert bars["color"]["scale"]["domain"] == ["a", "b"]
    assert bars["x"]["axis"]["format"] == "d"  # "1", not "0.0, 0.5, 1.0"


def test_entities_chart_counts_in_whole_mentions(seed):
    bars = _units(charts.entities_by_topic(seed["analyzed"]).to_dict())[0]["encoding"]
    assert bars["x"]["axis"]["format"] == "d" and bars["x"]["axis"]["tickMinStep"] == 1


def test_keyness_bars_warn_of_a_small_target_and_pale_one_story_words():
    frame = pd.DataFrame(
        {
            "text": ["storm pylon pylon pylon pylon", "vote vote ballot", "vote ballot"],
            "topic": ["weather", "politics", "politics"],
        }
    )
    key = toolkit.keyness(frame, target="weather", form="lower", min_count=1)
    spec = charts.keyness_bars(key).to_dict()
    subtitle = " ".join(spec["title"]["subtitle"])
    assert "weather has only 1 story" in subtitle and "Pale bars" in subtitle
    rows = {r["term"]: r["one_story"] for r in _rows(spec, _units(spec)[0])}
    assert rows["pylon"] and rows["storm"] and not rows["vote"] and not rows["ballot"]


def _rows(spec: dict, unit: dict) -> list[dict]:
    """The data rows a unit (or its facet parent) draws."""
    name = (unit.get("data") or spec.get("data"))["name"]
    return spec["datasets"][name]


def test_data_functions_give_the_numbers_each_chart_draws(seed):
    analyzed, sents, key = seed["analyzed"], seed["sentences"], seed["keyness"]

    scores = charts.readability_by_topic_data(analyzed)
    assert list(scores.columns) == ["topic", "story", "value", "words"]
    spec = charts.readability_by_topic(analyzed).to_dict()
    dots = _rows(spec, _units(spec)[-1])
    assert [(r["story"], r["value"]) for r in dots] == list(
        zip(scores["story"], scores["value"].round(3))
    )

    long = charts.readability_formulas_data(analyzed)
    assert list(long.columns) == ["story_key", "topic", "story", "measure", "formula", "raw", "z"]
    assert set(long["measure"]) == set(FORMULAS) & set(analyzed.columns)
    spec = charts.readability_formulas(analyzed).to_dict()
    means = long.groupby(["topic", "formula"])["z"].mean().round(3)
    drawn = {(r["topic"], r["formula"]): r["z"] for r in _rows(spec, _units(spec)[-1])}
    assert drawn == means.to_dict()

    hist = charts.sentiment_by_topic_data(sents)
    assert list(hist.columns) == ["topic", "bin", "n", "share", "start", "end", "range"]
    assert hist.groupby("topic")["share"].sum().round(6).eq(1).all()
    assert hist["n"].sum() == sents["sentiment"].notna().sum()
    spec = charts.sentiment_by_topic(sents).to_dict()
    shading = _rows(spec, _units(spec)[0])
    assert [(r["topic"], r["n"]) for r in shading] == list(zip(hist["topic"], hist["n"]))

    arc = charts.sentiment_arc_data(analyzed)
    assert list(arc.columns) == ["topic", "story_key", "story", "position", "sentiment"]
    assert set(arc["story_key"]) == set(analyzed["story_id"])
    spec = charts.sentiment_arc(analyzed).to_dict()
    means = arc.groupby(["topic", "position"])["sentiment"].mean().round(3)
    drawn = {(r["topic"], r["position"]): r["sentiment"] for r in _rows(spec, _units(spec)[-1])}
    assert drawn == {(t, round(p, 3)): v for (t, p), v in means.items()}

    for data, chart, label in (
        (
            charts.keyterms_by_topic_data(analyzed, top=5),
            charts.keyterms_by_topic(analyzed, top=5),
            "term",
        ),
        (charts.entities_by_topic_data(analyzed), charts.entities_by_topic(analyzed), "name"),
    ):
        spec = chart.to_dict()
        assert [(r["topic"], r[label]) for r in _rows(spec, spec)] == list(
            zip(data["topic"], data[label])
        )

    bars = charts.keyness_bars_data(key, top=10)
    assert {"term", "n_target", "n_reference", "g2", "side"} <= set(bars.columns)
    assert set(bars["side"]) <= {"Kosovo", "all other stories"}
    spec = charts.keyness_bars(key, top=10).to_dict()
    assert [r["term"] for r in _rows(spec, _units(spec)[0])] == bars["term"].tolist()

    placed = charts.term_scatter_data(key, labels=5)
    spec = charts.term_scatter(key, labels=5).to_dict()
    points, *texts = _units(spec)
    assert len(_rows(spec, points)) == len(placed) == min(len(key), 1500)
    named = placed.dropna(subset=["label_rank"])
    assert sorted(named["label_rank"]) == list(range(len(named)))
    assert sorted(r["term"] for t in texts for r in _rows(spec, t)) == sorted(named["term"])

    quotes = charts.quotes_chart_data(analyzed)
    assert list(quotes.columns) == ["topic", "speaker", "sentiment", "quote"]
    spec = charts.quotes_chart(analyzed, top=100, descriptions=True).to_dict()
    counts = _rows(spec, _units(spec)[0])
    named = quotes[quotes["speaker"] != "(no speaker named)"]
    assert sum(r["n"] for r in counts) == len(named)
    assert {r["speaker"] for r in counts} == set(named["speaker"])

    hits = dispersion(seed["stories"], ["asylum", "Corbyn"])
    ticks = charts.dispersion_chart_data(hits)
    assert {"story_id", "topic", "term", "offset", "match", "story"} <= set(ticks.columns)
    spec = charts.dispersion_chart(hits).to_dict()
    assert [r["story"] for r in _rows(spec, spec)] == ticks["story"].tolist()


def test_data_functions_check_their_input_like_the_charts(seed):
    with pytest.raises(InputError, match=r"readability_by_topic_data\(\)"):
        charts.readability_by_topic_data(seed["stories"])
    with pytest.raises(InputError, match=r"sentiment_by_topic_data\(\).*sentences"):
        charts.sentiment_by_topic_data(seed["analyzed"])
    with pytest.raises(UnknownNameError, match="g2"):
        charts.keyness_bars_data(seed["keyness"], measure="pmi")
    with pytest.raises(UnknownNameError, match="PERSON"):
        charts.entities_by_topic_data(seed["analyzed"], labels=["PEOPLE"])


def test_each_chart_module_keeps_to_itself():
    # Chart modules share helpers only by public names, and the package exports every
    # chart with its data function.
    import ast
    import importlib
    import pkgutil
    from pathlib import Path

    package = importlib.import_module("toolkit.charts")
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"toolkit.charts.{info.name}")
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("toolkit"):
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, f"{info.name} imports {private} from {node.module}"
        assert all(hasattr(module, name) for name in module.__all__), info.name
    assert all(hasattr(charts, name) for name in charts.__all__)
    chart_functions = [n for n in charts.__all__ if n + "_data" in charts.__all__]
    assert len(chart_functions) == 10


def test_keyness_charts_take_the_table_by_position_or_keyword(seed):
    key = seed["keyness"]
    assert charts.keyness_bars(key).to_dict() == charts.keyness_bars(keyness_table=key).to_dict()
    assert charts.term_scatter(key).to_dict() == charts.term_scatter(keyness_table=key).to_dict()


def test_one_colour_per_topic_in_every_chart(seed):
    analyzed = seed["analyzed"]
    expected = charts.topic_colors(analyzed["topic"])
    assert list(expected)[-1] == "(no topic)" or analyzed["topic"].notna().all()
    for chart in (
        charts.readability_by_topic(analyzed),
        charts.readability_formulas(analyzed),
        charts.sentiment_by_topic(seed["sentences"]),
        charts.sentiment_arc(analyzed),
        charts.keyterms_by_topic(analyzed),
        charts.entities_by_topic(analyzed),
    ):
        assert _topic_scale(chart.to_dict()) == expected
    # The quotes chart's legend lists the topics its speakers' bars draw, in their colours.
    quotes = _topic_scale(charts.quotes_chart(analyzed).to_dict())
    assert quotes and quotes == {t: expected[t] for t in quotes}
    assert charts.topic_colors(["b", "a", None]) == {
        "a": charts.PALETTE[0],
        "b": charts.PALETTE[1],
        "(no topic)": "#b0b0b0",
    }


# --------------------------------------------------------------------------- size on big data


def _synthetic_sentences(n_sentences: int, n_stories: int) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    story = np.arange(n_sentences) % n_stories
    return pd.DataFrame(
        {
            "story_id": [f"story-{s:05d}" for s in story],
            "topic": [f"topic {s % 7}" for s in story],
            "sentence_no": np.arange(n_sentences) // n_stories + 1,
            "text": [
                f"Sentence {i} of a long story about nothing in particular, told at length."
                for i in range(n_sentences)
            ],
            "sentiment": rng.uniform(-1, 1, n_sentences).round(4),
        }
    )


def test_sentiment_chart_of_20000_sentences_stays_small():
    chart = charts.sentiment_by_topic(_synthetic_sentences(20_000, 2_000))
    assert _size(chart) < 300 * KB
    assert _drawn(chart)["symbol"] == 1000 + 7  # sampled story dots + one diamond per topic


def test_story_charts_of_5000_stories_stay_small():
    rng = np.random.default_rng(2)
    n = 5000
    analyzed = pd.DataFrame(
        {
            "story_id": [f"s{i}" for i in range(n)],
            "topic": [f"topic {i % 9}" for i in range(n)],
            "lede": ["A lede that goes on for quite a while, as ledes do."] * n,
            "text": ["text"] * n,
            "n_words": rng.integers(100, 900, n),
            **{col: rng.normal(50, 10, n) for col in FORMULAS},
            "sentiment_arc": [list(rng.uniform(-1, 1, 10)) for _ in range(n)],
        }
    )
    for chart in (
        charts.readability_by_topic(analyzed),
        charts.readability_formulas(analyzed),
        charts.sentiment_arc(analyzed),
        charts.sentiment_arc(analyzed, topic="topic 3"),
    ):
        assert _size(chart) < 300 * KB


def test_term_scatter_of_20000_terms_stays_small():
    rng = np.random.default_rng(3)
    n = 20_000
    key = pd.DataFrame(
        {
            "term": [f"word{i}" for i in range(n)],
            "n_target": rng.poisson(3, n),
            "n_reference": rng.poisson(3, n),
            "g2": rng.normal(0, 3, n),
            "scaled_f": rng.uniform(-1, 1, n),
        }
    )
    assert _size(charts.term_scatter(key)) < 300 * KB


# --------------------------------------------------------------------------- offline HTML


def _json_blocks(html: str) -> list[str]:
    return re.findall(r'<script type="application/json">(.*?)</script>', html, flags=re.DOTALL)


def test_hostile_story_text_cannot_escape_the_script():
    stories = pd.DataFrame(
        {
            "story_id": ["a", "b"],
            "topic": [HOSTILE, "plain"],
            "lede": [HOSTILE, "fine"],
            "text": [HOSTILE, "fine"],
            "flesch_reading_ease": [50.0, 60.0],
        }
    )
    fragment = charts.chart_html(charts.readability_by_topic(stories))
    assert fragment.lower().count("</script") == 2  # the JSON block's and the code's own
    assert "<!--" not in fragment and "<b>" not in fragment
    (block,) = _json_blocks(fragment)
    assert "&" not in block and "<" not in block
    rows = next(iter(json.loads(block)["datasets"].values()))
    assert HOSTILE in {row["topic"] for row in rows}
    page = charts.to_html([charts.readability_by_topic(stories)], title=HOSTILE)
    assert page.lower().count("</script") == 1 + 2
    assert "<!--" not in page and "<title>&lt;/script&gt;" in page


def test_pages_load_nothing_from_the_network(seed):
    page = charts.to_html(charts.readability_by_topic(seed["analyzed"]))
    assert page.count("window.vegaEmbed=") == 1
    # Outside the bundle's own code (whose strings hold HTML templates), no tag fetches.
    markup = re.sub(r'<script type="module">.*?</script>', "", page, flags=re.DOTALL)
    assert not re.search(
        r"<(?:script|link|img|iframe)[^>]*\s(?:src|href)=", markup, flags=re.IGNORECASE
    )
    assert "cdn.jsdelivr" not in page


def test_ten_chart_page_stays_under_2mb(seed, tmp_path):
    analyzed, sents = seed["analyzed"], seed["sentences"]
    ten = [
        charts.readability_by_topic(analyzed),
        charts.readability_formulas(analyzed),
        charts.sentiment_by_topic(sents),
        charts.sentiment_arc(analyzed),
        charts.keyterms_by_topic(analyzed),
        charts.keyness_bars(seed["keyness"]),
        charts.term_scatter(seed["keyness"]),
        charts.entities_by_topic(analyzed),
        charts.quotes_chart(analyzed),
        charts.dispersion_chart(dispersion(seed["stories"], ["asylum", "online"])),
    ]
    path = tmp_path / "ten.html"
    page = charts.to_html(ten, path, title="Ten charts")
    assert path.read_text(encoding="utf-8") == page
    assert len(page.encode()) < 2 * KB * KB
    assert page.count("window.vegaEmbed=") == 1 and len(_json_blocks(page)) == 10


def _html_of(chart: alt.TopLevelMixin) -> str:
    bundle = chart._repr_mimebundle_()
    return (bundle[0] if isinstance(bundle, tuple) else bundle)["text/html"]


def test_renderer_sends_the_bundle_once(seed):
    chart = charts.sentiment_arc(seed["analyzed"])
    shown = charts.setup()
    assert alt.renderers.active == "toolkit"
    first, second = _html_of(chart), _html_of(chart)
    assert first.count("window.vegaEmbed=") == 1 and '<script type="module">' in first
    assert "window.vegaEmbed=" not in second and len(second) < 20 * KB
    # A displayed setup() carries the bundle itself; charts after it do not.
    charts.setup()
    assert "window.vegaEmbed=" in shown._repr_html_()
    assert "window.vegaEmbed=" not in _html_of(chart)
    # Each chart waits for the bundle, so it may come later in the page.
    assert "window.vegaEmbed" in second and "setTimeout" in second


def test_save_png_svg_pdf_html(seed, tmp_path):
    chart = charts.dispersion_chart(dispersion(seed["stories"], "asylum"))
    assert charts.save(chart, tmp_path / "c.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert charts.save(chart, tmp_path / "c.svg").read_text(encoding="utf-8").startswith("<svg")
    assert charts.save(chart, tmp_path / "c.pdf").read_bytes()[:4] == b"%PDF"
    assert "window.vegaEmbed=" in charts.save(chart, tmp_path / "c.html").read_text(
        encoding="utf-8"
    )
    with pytest.raises(UnknownNameError, match=".png"):
        charts.save(chart, tmp_path / "c.gif")


# --------------------------------------------------------------------------- in a real browser


def _chromium() -> str:
    path = (
        shutil.which("chromium")
        or shutil.which("chromium-browser")
        or shutil.which("google-chrome")
    )
    if path is None:
        pytest.skip("no Chromium on this machine")
    return path


@pytest.mark.browser
def test_page_draws_every_chart_offline_in_chromium(seed, tmp_path):
    executable = _chromium()
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    analyzed = seed["analyzed"]
    path = tmp_path / "page.html"
    charts.to_html([charts.readability_by_topic(analyzed), charts.quotes_chart(analyzed)], path)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        page = browser.new_page()
        requests: list[str] = []
        page.route("http*://**", lambda route: (requests.append(route.request.url), route.abort()))
        errors: list[str] = []
        page.on("pageerror", lambda err: errors.append(str(err)))
        page.goto(path.as_uri())
        page.wait_for_function(
            "document.querySelectorAll('.toolkit-chart-view svg.marks').length == 2", timeout=30_000
        )
        browser.close()
    assert requests == [] and errors == []


# JupyterLab puts an output's HTML in with innerHTML, then re-creates its <script>s.
_NOTEBOOK = """<!DOCTYPE html><html><body><script>
function addOutput(html) {
  var host = document.createElement('div');
  host.innerHTML = html;
  document.body.appendChild(host);
  Array.from(host.getElementsByTagName('script')).forEach(function (old) {
    var s = document.createElement('script');
    for (var i = 0; i < old.attributes.length; i++) s.setAttribute(old.attributes[i].name, old.attributes[i].value);
    s.textContent = old.textContent;
    old.parentNode.replaceChild(s, old);
  });
}
</script></body></html>"""


@pytest.mark.browser
def test_notebook_outputs_draw_whatever_comes_first(seed, tmp_path):
    executable = _chromium()
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    stories = pd.DataFrame({"story_id": ["a"], "topic": ["x"], "text": [HOSTILE + " asylum"]})
    chart = charts.dispersion_chart(dispersion(stories, "asylum"))
    charts.setup()
    with_bundle, without = _html_of(chart), _html_of(chart)
    shown = charts.setup()
    later_bundle = shown._repr_html_()
    shell = tmp_path / "notebook.html"
    shell.write_text(_NOTEBOOK, encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        # First chart carries the bundle; then a chart drawn before the bundle arrives.
        for outputs in ([with_bundle, without], [without, later_bundle]):
            page = browser.new_page()
            page.goto(shell.as_uri())
            for html in outputs:
                page.evaluate("addOutput", html)
            n = sum("toolkit-chart-view" in h for h in outputs)
            page.wait_for_function(
                f"document.querySelectorAll('.toolkit-chart-view svg.marks').length == {n}",
                timeout=30_000,
            )
            assert page.evaluate("window.__pwned") is None
            page.close()
        browser.close()


# --------------------------------------------------------------------------- 200 BBC stories


@pytest.fixture(scope="module")
def bbc(tmp_path_factory):
    path = need_shared(BBC / "train.csv")
    raw = pd.read_csv(path)
    sample = raw.groupby("category").head(40).reset_index(drop=True)
    stories = pd.DataFrame({"text": sample["text"], "topic": sample["category"]})
    cache = tmp_path_factory.mktemp("charts-bbc-cache")
    analyzed = toolkit.analyze(
        stories, measures=["readability", "sentiment"], cache=cache, progress=False
    )
    return {
        "stories": stories,
        "analyzed": analyzed,
        "sentences": toolkit.sentences(analyzed, cache=cache, progress=False),
        "cache": cache,
    }


@pytest.mark.slow
def test_bbc_charts_without_the_parse(bbc):
    analyzed = bbc["analyzed"]
    assert len(analyzed) == 200 and analyzed["topic"].nunique() == 5
    key = keyness(analyzed, target="politics", reference="sport", form="lower")
    assert {"government", "labour", "election"} & set(key["term"].head(15))
    made = [
        charts.readability_by_topic(analyzed, "gunning_fog"),
        charts.readability_formulas(analyzed),
        charts.sentiment_by_topic(bbc["sentences"]),
        charts.sentiment_arc(analyzed),
        charts.sentiment_arc(analyzed, topic="sport"),
        charts.keyness_bars(key, colors=charts.topic_colors(analyzed["topic"])),
        charts.term_scatter(key),
        charts.dispersion_chart(dispersion(analyzed, ["election", "film", "game"])),
    ]
    for chart in made:
        assert _size(chart) < 300 * KB
        assert sum(_drawn(chart).values()) > 0
    assert len(charts.to_html(made).encode()) < 2 * KB * KB


@pytest.mark.slow
def test_bbc_charts_that_need_the_parse(bbc):
    analyzed = toolkit.analyze(
        bbc["stories"],
        measures=["keyterms", "entities", "quotes"],
        cache=bbc["cache"],
        progress=False,
    )
    colors = charts.topic_colors(analyzed["topic"])
    assert set(colors) == {"business", "entertainment", "politics", "sport", "tech"}
    for chart in (
        charts.keyterms_by_topic(analyzed),
        charts.entities_by_topic(analyzed),
        charts.quotes_chart(analyzed),
    ):
        assert _size(chart) < 300 * KB
        drawn = _drawn(chart)
        assert drawn.get("rect", 0) >= 5
        scale = _topic_scale(chart.to_dict())
        # Every topic in its one colour; the quotes chart's legend lists only the topics
        # its bars draw (the top speakers may all come from three).
        assert scale == {t: colors[t] for t in scale} and len(scale) >= 3
        if "hconcat" not in chart.to_dict():
            assert scale == colors


def test_charts_read_an_analysis_saved_to_parquet(seed, tmp_path):
    # make report writes analysis.parquet; read back, list columns hold numpy arrays.
    path = tmp_path / "analysis.parquet"
    write_table(seed["analyzed"], path)
    back = pd.read_parquet(path)
    for make in (charts.keyterms_by_topic, charts.entities_by_topic, charts.quotes_chart):
        assert _drawn(make(back)) == _drawn(make(seed["analyzed"]))


def test_chart_ids_are_random_in_notebooks_and_numbered_in_pages():
    spec = {"mark": "point", "data": {"values": [{"a": 1}]}, "encoding": {}}
    ids = [re.search(r'id="([^"]+)"', charts.chart_html(spec)).group(1) for _ in range(2)]
    # A notebook output must not clash with one saved from an earlier session.
    assert ids[0] != ids[1]
    # A page built in one go numbers its charts: built again, it is the same file.
    page = charts.to_html([spec, spec], title="twice")
    assert re.findall(r'<div class="toolkit-chart" id="([^"]+)"', page) == [
        "toolkit-chart-1",
        "toolkit-chart-2",
    ]
    assert charts.to_html([spec, spec], title="twice") == page


def test_term_scatter_jitter_never_reads_as_another_count():
    # Three distinct counts make a rank step half the axis: a point stays near its rank.
    table = pd.DataFrame(
        {
            "term": [f"w{i}" for i in range(30)],
            "n_target": [1, 2, 3] * 10,
            "n_reference": [3, 1, 2] * 10,
            "g2": [float(i % 7 - 3) for i in range(30)],
            "scaled_f": [0.0] * 30,
        }
    )
    table.attrs["keyness"] = {"target": "Health", "reference": "all other stories"}
    data = charts.term_scatter_data(table)
    for side, column in (("x", "n_reference"), ("y", "n_target")):
        rank = (data[column] - 1) / 2
        assert (data[side] - rank).abs().max() <= 0.02, data[[column, side]]
