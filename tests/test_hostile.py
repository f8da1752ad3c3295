"""Hostile text through the whole pipeline: load, analyse, sentences, quotes, keyness, charts.

Nothing may crash, lose a line, or turn story text into markup: frames keep it verbatim,
chart specs carry it as data, and the HTML report escapes it (the browser test checks that
a script in a story does not run).
"""

from __future__ import annotations

import json

import pytest

import toolkit
from toolkit import charts

LONG = " ".join(["The committee said the long report was thorough and fair."] * 1700)  # ~100k chars
HOSTILE_LINES = [
    "<script>alert('x')</script> The mayor said <b>bold</b> things on **Markdown** day.",
    "Control \x01\x07\x1b[31m characters and \u202eright-to-left\u202c marks, emoji 😀🇬🇧, and \ufeff BOMs.",
    "“An unclosed quotation that never ends, the councillor said,",
    LONG,
    "More on <img src=x onerror=alert(1)>",
    "Related Topics:",
    '‘Single’ ‘quotes’ and hubs’ apostrophes and "straight" ones, the mayor added.',
]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "hostile.txt"
    path.write_text("\n".join(HOSTILE_LINES) + "\n", encoding="utf-8")
    return path


def test_loads_every_line_verbatim(hostile):
    lines = toolkit.dump_lines(hostile)
    assert len(lines) == len(HOSTILE_LINES)
    assert lines["text"].iloc[0] == HOSTILE_LINES[0]
    assert lines["text"].iloc[3] == LONG
    stories = toolkit.load_dump(hostile)
    assert stories["topic"].dropna().tolist() == ["<img src=x onerror=alert(1)>"]
    assert "<script>alert('x')</script>" in stories["text"].iloc[0]
    assert sum(len(t) for t in stories["text"]) > len(LONG)


def test_analysis_survives_and_keeps_text(hostile, tmp_path):
    stories = toolkit.load_dump(hostile)
    analyzed = toolkit.analyze(stories, cache=tmp_path, progress=False)
    assert analyzed["n_sentences"].sum() > 1700
    assert analyzed["flesch_reading_ease"].notna().all()
    sents = toolkit.sentences(analyzed, cache=tmp_path, progress=False)
    assert sents["text"].str.contains("<script>", regex=False).any()
    toolkit.quotes(analyzed)
    toolkit.entities(analyzed)


def test_charts_carry_hostile_text_as_data(hostile, tmp_path):
    stories = toolkit.load_dump(hostile)
    analyzed = toolkit.analyze(
        stories, measures=["readability", "sentiment", "keyterms"], cache=tmp_path, progress=False
    )
    chart = charts.readability_by_topic(analyzed)
    spec = json.dumps(chart.to_dict())
    assert "<img src=x onerror=alert(1)>" in spec  # as a topic name in the data, not markup
    page = charts.to_html([chart])
    assert "<img src=x onerror" not in page  # escaped inside the page's JSON
    charts.save(chart, tmp_path / "hostile.svg")


def test_keyness_without_topics_says_how_to_get_them():
    import pandas as pd

    frame = pd.DataFrame({"text": ["The council met.", "The mayor spoke."], "topic": [None, None]})
    with pytest.raises(toolkit.InputError, match=r"no groups.*toolkit.infer_topics"):
        toolkit.keyness(frame, target="Kosovo", form="lower")
