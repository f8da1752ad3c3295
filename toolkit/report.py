"""The one-command HTML report: dumps in, a standalone page of charts out, offline.

The page carries the Vega bundle once and every chart's data inline, so it opens from disk
with no network. It says what produced it (toolkit, model and library versions, each
input file with its SHA-256, the parameters, the date), so that a reader can reproduce it.
Every piece of story text is HTML-escaped: a story containing ``<script>`` shows as text.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import html
import platform
import shlex
import sys
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

import pandas as pd

import toolkit
from toolkit import charts
from toolkit.analysis import analyze, sentences
from toolkit.compare import dispersion, keyness
from toolkit.errors import ToolkitError
from toolkit.frames import write_table
from toolkit.load import PathsLike, StartsLike, load_dump, resolve_paths
from toolkit.nlp import model_info

__all__ = ["build_report", "provenance"]

_LIBRARIES = (
    "spacy",
    "textacy",
    "numpy",
    "pandas",
    "pyarrow",
    "altair",
    "vl-convert-python",
    "vaderSentiment",
    "textblob",
    "ftfy",
    "scikit-learn",
)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _given_starts_note(stories: pd.DataFrame, starts: StartsLike) -> str:
    """Which files' story starts were given, with a digest of them: two reports with the
    same digest used the same cuts."""
    given = {str(s) for s in (starts["source"] if isinstance(starts, pd.DataFrame) else starts)}
    mine = stories[stories["source"].isin(given)]
    listed = "\n".join(f"{s}:{n}" for s, n in zip(mine["source"], mine["start_line"]))
    digest = hashlib.sha256(listed.encode()).hexdigest()[:16]
    n_files = stories["source"].nunique()
    which = "every file" if len(given) == n_files else f"{len(given)} of {n_files} files"
    rest = "" if len(given) == n_files else "; the segmenter found the others"
    return f"given for {which} ({len(mine)} stories, SHA-256 of source:line list {digest}){rest}"


def _shown_path(path: Path) -> str:
    """``path`` relative to the working folder when inside it, so that two clones' reports
    of the same inputs read the same."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _command() -> str:
    """The command line as one could type it again (``python -m toolkit ...``)."""
    if not sys.argv or not sys.argv[0]:
        return ""
    program = Path(sys.argv[0])
    if program.name == "__main__.py":
        return shlex.join(["python", "-m", program.parent.name, *sys.argv[1:]])
    return shlex.join(sys.argv)


def provenance(paths: PathsLike, parameters: dict) -> dict:
    """What produced a report: versions, inputs with SHA-256, parameters, date.

    Examples
    --------
    >>> provenance("data/", {"keyterm_method": "newsrank"})["inputs"][0]["sha256"][:8]  # doctest: +SKIP
    '3b1f0c2a'
    """
    versions = {"toolkit": toolkit.__version__, "python": platform.python_version()}
    for name in _LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return {
        "date": _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "versions": versions,
        "model": model_info(),
        "inputs": [
            {"file": _shown_path(p), "bytes": p.stat().st_size, "sha256": _sha256(p)}
            for p in resolve_paths(paths)
        ],
        "parameters": parameters,
        "command": _command(),
    }


def _table(frame: pd.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for row in frame.itertuples(index=False):
        cells = "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row)
        rows.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    if value is None or value is pd.NA:
        return "–"
    return str(value)


def _section(title: str, note: str, body: str) -> str:
    return f"<section><h2>{html.escape(title)}</h2><p class='note'>{html.escape(note)}</p>{body}</section>"


_NOTES = {
    "readability": "One point per story. Higher Flesch reading ease means shorter sentences and shorter "
    "words; compare the spread inside a topic with the gaps between topics.",
    "formulas": "Each formula rescaled so that up is always harder. Where the lines cross, the formulas "
    "disagree: syllable-based and character-based formulas weigh long words differently.",
    "sentiment": "Every sentence scored from -1 to +1; the shading shows how sentences are spread, the dots "
    "each story's mean. Most news sentences are neutral.",
    "arc": "Mean sentence sentiment from the first to the last sentence of the stories in each topic.",
    "keyterms": "The terms the keyterm method ranks highest in each topic's stories.",
    "entities": "Who and what each topic names most (spaCy's small model: a guide, not a count to cite).",
    "quotes": "Speakers of direct quotations, how often, and how positive their words are.",
    "keyness": "Keyness: words much more frequent in this topic than in the others (log-likelihood G²; "
    "bars past the dashed line are significant at p < 0.05).",
    "scatter": "Each word placed by how often it appears in the target and in the rest, coloured by scaled "
    "F-score. Words far from the diagonal are the distinctive ones.",
    "dispersion": "Each tick is one occurrence, placed by its position in the story (0 = start, 1 = end).",
}


def _charts(analyzed: pd.DataFrame, sents: pd.DataFrame) -> list[tuple[str, str, object]]:
    colors = charts.topic_colors(analyzed["topic"])
    found: list[tuple[str, str, object]] = [
        ("Readability by topic", _NOTES["readability"], charts.readability_by_topic(analyzed, colors=colors)),
        ("Readability formulas side by side", _NOTES["formulas"], charts.readability_formulas(analyzed, colors=colors)),
        ("Sentiment by topic", _NOTES["sentiment"], charts.sentiment_by_topic(sents, colors=colors)),
        ("Sentiment arc", _NOTES["arc"], charts.sentiment_arc(analyzed, colors=colors)),
        ("Keyterms by topic", _NOTES["keyterms"], charts.keyterms_by_topic(analyzed, colors=colors)),
        ("Entities by topic", _NOTES["entities"], charts.entities_by_topic(analyzed, colors=colors)),
        ("Who is quoted", _NOTES["quotes"], charts.quotes_chart(analyzed, colors=colors)),
    ]  # fmt: skip
    topics = analyzed["topic"].dropna().value_counts()
    if len(topics) < 2:
        return found
    target = str(topics.index[0])
    key = keyness(analyzed, target=target, form="lower")
    found.append(
        (f"What sets “{target}” apart", _NOTES["keyness"], charts.keyness_bars(key, colors=colors))
    )
    found.append(
        (
            f"“{target}” against the other topics",
            _NOTES["scatter"],
            charts.term_scatter(key, colors=colors),
        )
    )
    top_terms = key.loc[key["g2"] > 0, "term"].head(3).tolist()
    hits = dispersion(analyzed, top_terms) if top_terms else None
    if hits is not None and len(hits):
        found.append(
            (
                "Where the key words fall",
                _NOTES["dispersion"],
                charts.dispersion_chart(hits, colors=colors),
            )
        )
    return found


_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #222; line-height: 1.45; }
h1 { margin-bottom: .2rem; } .note { color: #444; max-width: 60rem; }
table { border-collapse: collapse; font-size: 13px; margin: .5rem 0 1.5rem; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
td { max-width: 40rem; overflow-wrap: anywhere; }
section { margin: 2.5rem 0; } details { margin: 1rem 0; } code { font-size: 12px; }
"""


def _page(title: str, parts: list[str]) -> str:
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>"
        + "\n".join(parts)
        + "</body></html>\n"
    )


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

    Returns
    -------
    pathlib.Path
        The report's path.

    Examples
    --------
    >>> build_report("data/", "reports/")  # doctest: +SKIP
    PosixPath('reports/report.html')
    """
    from toolkit import keyterms as _keyterms
    from toolkit import sentiment as _sentiment

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    parameters = {
        "keyterm_method": keyterm_method or _keyterms.DEFAULT_METHOD,
        "sentiment_method": sentiment_method or _sentiment.DEFAULT_METHOD,
        "measures": list(toolkit.MEASURES),
    }
    stories = load_dump(paths, starts)
    if starts is not None:
        parameters["story_starts"] = _given_starts_note(stories, starts)
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
    # The package version does not change with every commit; this digest does.
    prov["versions"]["toolkit measure code"] = analyzed.attrs["toolkit"]["code"]
    title = "News analysis report"
    summary = (
        f"{len(analyzed)} stories, {len(sents)} sentences, from {len(prov['inputs'])} file(s). "
        f"Produced {prov['date']} by toolkit {toolkit.__version__}."
    )
    parts = [f"<h1>{html.escape(title)}</h1>", f"<p class='note'>{html.escape(summary)}</p>"]
    overview = (
        analyzed.assign(topic=analyzed["topic"].fillna("(no topic)"))
        .groupby("topic", dropna=False)
        .agg(stories=("story_id", "size"), words=("n_words", "sum"),
             reading_ease=("flesch_reading_ease", "mean"), sentiment=("sentiment", "mean"),
             quotes=("n_quotes", "sum"))
        .reset_index()
    )  # fmt: skip
    parts.append(
        _section(
            "Topics at a glance",
            "Stories per topic (tagged, or inferred from the nearest "
            "tagged topic), with mean reading ease and sentiment.",
            _table(overview),
        )
    )
    for i, (name, note, chart) in enumerate(_charts(analyzed, sents)):
        # Numbered, not random, ids: the same report rebuilt is the same file.
        drawn = charts.chart_html(chart, include_bundle=(i == 0), chart_id=f"toolkit-chart-{i + 1}")
        parts.append(_section(name, note, drawn))
    listing = analyzed[
        [
            "source",
            "start_line",
            "end_line",
            "cut_margin",
            "topic",
            "topic_source",
            "lede",
            "keyterms",
        ]
    ]
    parts.append(
        _section(
            "Stories",
            "Every story with its line range in the dump, so that any chart can be traced "
            "back to the text, and how sure the segmenter was of the cut that starts it "
            "(cut_margin: under 4 is a close call worth reading; empty for a file's first "
            "story and for starts given by hand).",
            _table(listing),
        )
    )
    parts.append(_provenance_html(prov))
    path = out / "report.html"
    path.write_text(_page(title, parts), encoding="utf-8")
    _say(progress, f"report -> {path}")
    return path


def _provenance_html(prov: dict) -> str:
    inputs = pd.DataFrame(prov["inputs"])
    versions = pd.DataFrame(
        [{"package": k, "version": v} for k, v in {**prov["versions"], **prov["model"]}.items()]
    )
    params = pd.DataFrame([{"parameter": k, "value": v} for k, v in prov["parameters"].items()])
    body = (
        "<h3>Inputs</h3>"
        + _table(inputs)
        + "<h3>Parameters</h3>"
        + _table(params)
        + "<h3>Versions</h3>"
        + _table(versions)
        + f"<p>Command: <code>{html.escape(prov['command'])}</code></p>"
    )
    return _section(
        "How this report was made",
        "Rerun the same command on files with the same SHA-256 "
        "and the same versions to get the same numbers.",
        body,
    )


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
