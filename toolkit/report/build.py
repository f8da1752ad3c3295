"""The one-command HTML report: dumps in, a standalone page of charts out, offline.

The page carries the Vega bundle once and every chart's data inline, so it opens from disk
with no network. It says what produced it (:mod:`toolkit.report.provenance`), so that a
reader can reproduce it. Every piece of story text is HTML-escaped
(:mod:`toolkit.report.page`).
"""

from __future__ import annotations

import html
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from toolkit import charts
from toolkit.analysis import analyze, sentences
from toolkit.compare import dispersion, keyness
from toolkit.errors import InputError, ToolkitError, UnknownNameError, check_name
from toolkit.load import PathsLike, StartsLike
from toolkit.measures import diversity, keyterms, sentiment
from toolkit.measures.registry import MEASURES
from toolkit.measures.topics import infer_topics
from toolkit.report.page import page_html, section_html, table_html
from toolkit.report.provenance import given_starts_note, provenance, provenance_html
from toolkit.schema import distinct_stories
from toolkit.segment import load_dump, require_stories
from toolkit.tables import write_table
from toolkit.version import __version__

__all__ = ["build_report", "run_notebooks"]

_NOTES = {
    "readability": "One point per story. Higher Flesch reading ease means shorter sentences and shorter "
    "words; compare the spread inside a topic with the gaps between topics.",
    "formulas": "Each formula rescaled so that up is always harder. Where the lines cross, the formulas "
    "disagree: syllable-based and character-based formulas weigh long words differently.",
    "sentiment": "Every sentence scored from -1 to +1; the shading shows how sentences are spread, the dots "
    "each story's mean. Most news sentences are neutral.",
    "arc": "Mean sentence sentiment from the first to the last sentence of the stories in each topic.",
    "keyterms": "The terms the keyterm method ranks highest in each topic's stories, leaving out "
    "those less than twice as common there as in the other topics' stories (named under the title).",
    "entities": "Who and what each topic names most (spaCy's small model: a guide, not a count to cite).",
    "quotes": "Speakers of direct quotations, how often, and how positive their words are.",
    "keyness": "Keyness: words much more frequent in this topic than in the others (log-likelihood G²; "
    "bars past the dashed line are significant at p < 0.05).",
    "scatter": "Each word placed by how often it appears in the target and in the rest, coloured by scaled "
    "F-score. Words far from the diagonal are the distinctive ones.",
    "dispersion": "Each tick is one occurrence, placed by its position in the story (0 = start, 1 = end).",
}


def _charts(
    analyzed: pd.DataFrame, sents: pd.DataFrame, target: str | None = None
) -> list[tuple[str, str, object]]:
    """Each section's name, note, and a function that draws its chart."""
    colors = charts.topic_colors(analyzed["topic"])
    found: list[tuple[str, str, object]] = [
        ("Readability by topic", _NOTES["readability"], lambda: charts.readability_by_topic(analyzed, colors=colors)),
        ("Readability formulas side by side", _NOTES["formulas"], lambda: charts.readability_formulas(analyzed, colors=colors)),
        ("Sentiment by topic", _NOTES["sentiment"], lambda: charts.sentiment_by_topic(sents, colors=colors)),
        ("Sentiment arc", _NOTES["arc"], lambda: charts.sentiment_arc(analyzed, colors=colors)),
        ("Keyterms by topic", _NOTES["keyterms"], lambda: charts.keyterms_by_topic(analyzed, colors=colors)),
        ("Entities by topic", _NOTES["entities"], lambda: charts.entities_by_topic(analyzed, colors=colors)),
        ("Who is quoted", _NOTES["quotes"], lambda: charts.quotes_chart(analyzed, colors=colors)),
    ]  # fmt: skip
    topics = analyzed["topic"].dropna().value_counts()
    if target is None and len(topics) < 2:
        return found
    if target is None:
        # The largest topic; among equals the first by name, not by load order.
        target = min(topics.index.astype(str), key=lambda t: (-topics[t], t))
    try:
        key = keyness(analyzed, target=target, form="lower")
    except UnknownNameError:
        raise
    except ToolkitError as err:
        # A topic with too few words to compare: say so where the charts would be.
        return [*found, (f"What sets “{target}” apart", _NOTES["keyness"], err)]
    found.append(
        (f"What sets “{target}” apart", _NOTES["keyness"], lambda: charts.keyness_bars(key, colors=colors))
    )  # fmt: skip
    found.append(
        (
            f"“{target}” against the other topics",
            _NOTES["scatter"],
            lambda: charts.term_scatter(key, colors=colors),
        )
    )
    top_terms = key.loc[key["g2"] > 0, "term"].head(3).tolist()
    hits = dispersion(analyzed, top_terms) if top_terms else None
    if hits is not None and len(hits):
        found.append(
            (
                "Where the key words fall",
                _NOTES["dispersion"],
                lambda: charts.dispersion_chart(hits, colors=colors),
            )
        )
    return found


# The overview's headers as a reader reads them.
_OVERVIEW_HEADERS = {
    "topic": "Topic",
    "stories": "Stories",
    "words": "Words",
    "reading_ease": "Reading ease (Flesch, mean)",
    "sentiment": "Sentiment (mean, -1 to 1)",
    "quotes": "Quotations",
}


def _overview(analyzed: pd.DataFrame) -> str:
    overview = (
        analyzed.assign(topic=analyzed["topic"].fillna("(no topic)"))
        .groupby("topic", dropna=False)
        .agg(stories=("story_id", "size"), words=("n_words", "sum"),
             reading_ease=("flesch_reading_ease", "mean"), sentiment=("sentiment", "mean"),
             quotes=("n_quotes", "sum"))
        .reset_index()
        .rename(columns=_OVERVIEW_HEADERS)
    )  # fmt: skip
    return section_html(
        "Topics at a glance",
        "Stories per topic (tagged, or inferred from the nearest "
        "tagged topic), with mean reading ease and sentiment.",
        table_html(overview),
    )


def _story_listing(analyzed: pd.DataFrame) -> str:
    columns = ["source", "start_line", "end_line", "cut_margin", "topic", "topic_source", "lede",
               "keyterms"]  # fmt: skip
    return section_html(
        "Stories",
        "Every story the charts count, with its line range in the dump, so that any chart "
        "can be traced back to the text, and how sure the segmenter was of the cut that "
        "starts it (cut_margin: under 4 is a close call worth reading; empty for a file's "
        "first story and for starts given by hand). Repeated copies are under Repeated "
        "stories, with their own cut margins.",
        table_html(analyzed[columns]),
    )


def _repeats(stories: pd.DataFrame) -> str:
    copies = stories[stories["duplicate_of"].notna()]
    if copies.empty:
        return section_html("Repeated stories", "No story repeats an earlier one.", "")
    where = dict(
        zip(stories["story_id"], stories["source"] + ":" + stories["start_line"].astype(str))
    )
    table = pd.DataFrame(
        {
            "story": copies["source"] + ":" + copies["start_line"].astype(str),
            "repeats": copies["duplicate_of"].map(where),
            "similarity": copies["similarity"],
            "cut_margin": copies["cut_margin"],
            "lede": copies["lede"],
        }
    )
    return section_html(
        "Repeated stories",
        f"{len(copies)} of {len(stories)} stories repeat an earlier one (file:line of the copy "
        "and of the first copy; similarity 1 for an exact copy, else the share of word "
        "5-grams the two share). Every chart and table above counts each story once.",
        table_html(table),
    )


def _chart_sections(
    analyzed: pd.DataFrame, sents: pd.DataFrame, target: str | None = None
) -> list[str]:
    sections = []
    bundled = False
    for i, (name, note, draw) in enumerate(_charts(analyzed, sents, target)):
        try:
            if isinstance(draw, Exception):
                raise draw
            chart = draw()
        except ToolkitError as err:
            # Too few words or stories for this chart (a topic of one short story): the
            # report says so in its place and goes on.
            sections.append(
                section_html(name, note, f"<p class='note'>Not drawn: {html.escape(str(err))}</p>")
            )
            continue
        # Numbered, not random, ids: the same report rebuilt is the same file.
        drawn = charts.chart_html(
            chart, include_bundle=not bundled, chart_id=f"toolkit-chart-{i + 1}"
        )
        bundled = True
        sections.append(section_html(name, note, drawn))
    return sections


def _too_short(analyzed: pd.DataFrame) -> str:
    """How many stories are too short for lexical diversity, for the summary."""
    if "mtld" not in analyzed.columns or "n_words_parsed" not in analyzed.columns:
        return ""
    short = int((analyzed["n_words_parsed"].fillna(0) < diversity.MIN_WORDS).sum())
    if not short:
        return ""
    return (
        f" {short} of {len(analyzed)} stories have fewer than {diversity.MIN_WORDS} words: "
        f"too short for lexical diversity, their ttr and mtld are left empty."
    )


def _output_folder(out_dir: str | Path) -> Path:
    """``out_dir``, created when missing; an :class:`InputError` when it cannot be."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError(
            f"{out}: is a file, not a folder; give the report a folder to write into (-o)"
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InputError(
            f"{out}: cannot create the report folder ({err.strerror or err}); give -o a "
            f"folder you can write to"
        ) from err
    return out


def build_report(
    paths: PathsLike,
    out_dir: str | Path = "reports",
    *,
    keyterm_method: str | None = None,
    sentiment_method: str | None = None,
    n_process: int | None = None,
    cache=None,
    progress: bool = True,
    starts: StartsLike | None = None,
    target: str | None = None,
    on_error: str = "raise",
) -> Path:
    """Load, analyse and chart dumps; write tables and ``report.html`` to ``out_dir``.

    Parameters
    ----------
    paths
        Dumps, as for :func:`toolkit.load_dump`.
    out_dir
        Folder for ``report.html``, ``stories.parquet``, ``analysis.parquet`` and
        ``sentences.parquet``; created when missing.
    keyterm_method, sentiment_method, n_process, cache, progress
        As for :func:`toolkit.analyze` (``None``: its defaults).
    starts
        Story starts to use instead of the segmenter's, as for :func:`toolkit.load_dump`;
        the report's parameters say for how many files they were given.
    target
        The topic the keyness charts describe against the others; default the topic
        with most stories (the first by name among equals). An unknown topic raises an
        error listing the topics.
    on_error
        As for :func:`toolkit.load_dump`: ``"skip"`` leaves out files that are no dump.

    Returns
    -------
    pathlib.Path
        The report's path.

    Examples
    --------
    >>> build_report("data/000_17ce1404ae1f217e.txt", "out/report", progress=False)
    PosixPath('out/report/report.html')
    """

    out = _output_folder(out_dir)
    parameters = {
        "keyterm_method": keyterm_method or keyterms.DEFAULT_METHOD,
        "sentiment_method": sentiment_method or sentiment.DEFAULT_METHOD,
        "measures": list(MEASURES),
    }
    stories = require_stories(load_dump(paths, starts, on_error=on_error), "report")
    if target is not None:
        # Checked before the long analysis, which infers the same topics from the same
        # stories: each counted once, as analyze() counts them.
        topics = infer_topics(distinct_stories(stories, "drop"))["topic"]
        check_name("topic", target, sorted(topics.dropna().unique()))
        parameters["keyness_target"] = target
    if stories.attrs.get("skipped"):
        parameters["skipped_files"] = "; ".join(stories.attrs["skipped"].values())
    if starts is not None:
        parameters["story_starts"] = given_starts_note(stories, starts)
    _say(progress, f"loaded {len(stories)} stories from {stories['source'].nunique()} file(s)")
    analyzed = analyze(
        stories, keyterm_method=parameters["keyterm_method"], sentiment_method=parameters["sentiment_method"],
        n_process=n_process, cache=cache, progress=progress,
    )  # fmt: skip
    sents = sentences(analyzed, n_process=n_process, cache=cache, progress=progress)
    write_table(stories, out / "stories.parquet")
    write_table(analyzed, out / "analysis.parquet")
    write_table(sents, out / "sentences.parquet")
    _say(progress, "analysed; drawing charts")

    prov = provenance(paths, parameters)
    title = "News analysis report"
    summary = (
        f"{len(analyzed)} stories, {len(sents)} sentences, from {len(prov['inputs'])} file(s). "
        f"Produced {prov['date']} by toolkit {__version__}." + _too_short(analyzed)
    )
    parts = [
        f"<h1>{html.escape(title)}</h1>",
        f"<p class='note'>{html.escape(summary)}</p>",
        _overview(analyzed),
        *_chart_sections(analyzed, sents, target),
        _repeats(stories),
        _story_listing(analyzed),
        provenance_html(prov),
    ]
    path = out / "report.html"
    path.write_text(page_html(title, parts), encoding="utf-8")
    _say(progress, f"report -> {path}")
    return path


def _say(progress: bool, message: str) -> None:
    if progress:
        print(message, file=sys.stderr, flush=True)


# The kernel's own log (e.g. ipykernel's notice that a local kernel talks over TCP without
# encryption) is not the notebook's output; warnings in cells still show in the notebook.
_QUIET_KERNEL = ["--IPKernelApp.log_level=ERROR"]


def run_notebooks(notebooks: Sequence[Path], out_dir: Path, parameters: dict) -> list[Path]:
    """Execute notebooks with papermill into ``out_dir`` (same names); returns their paths."""
    import papermill

    out_dir.mkdir(parents=True, exist_ok=True)
    done = []
    for i, nb in enumerate(notebooks, 1):
        target = out_dir / nb.name
        print(f"running notebook {i}/{len(notebooks)}: {nb.name}", file=sys.stderr, flush=True)
        try:
            papermill.execute_notebook(str(nb), str(target), parameters=parameters, cwd=str(nb.parent),
                                       progress_bar=False, kernel_name="python3",
                                       extra_arguments=_QUIET_KERNEL)  # fmt: skip
        except Exception as err:  # papermill wraps the cell's error; say which notebook
            raise ToolkitError(f"{nb}: notebook failed: {err}") from err
        done.append(target)
    return done
