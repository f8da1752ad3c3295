"""Command line: ``python -m toolkit stories|lines|analyze|report ...``.

Every command reads dumps the way :func:`toolkit.load_dump` does and writes a table whose
format follows the output's suffix (``.parquet``, ``.csv``, ``.jsonl``).
"""

from __future__ import annotations

import argparse
import glob
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

from toolkit.errors import InputError, ToolkitError, ToolkitWarning
from toolkit.segment import dump_lines, load_dump, require_stories
from toolkit.tables import check_output, read_table, write_table

__all__ = ["main"]

# Of the cuts made with a smaller margin on generated dumps, 42% were wrong (README).
_CLOSE_CALL = 4.0


def _starts(args: argparse.Namespace):
    return read_table(args.starts) if args.starts else None


def _on_error(args: argparse.Namespace) -> str:
    return "skip" if args.skip_bad_files else "raise"


def _write(table, path: str | Path) -> Path:
    """:func:`write_table`, with a path that cannot be written an :class:`InputError`."""
    try:
        return write_table(table, path)
    except OSError as err:
        raise InputError(
            f"{path}: cannot write the output there ({err.strerror or err}); give a path in "
            f"a folder you can write to"
        ) from err


def _check_outputs(**paths: str | None) -> None:
    """Refuse an output that could not be written before any dump is read: otherwise a
    wrong suffix or folder would fail only after the whole analysis, or after the first
    of two outputs had been written. ``paths`` maps an option's name (``o``,
    ``sentences``) to its value."""
    seen: dict[Path, str] = {}
    for name, path in paths.items():
        if path is None:
            continue
        option = f"-{name}" if len(name) == 1 else f"--{name}"
        try:
            checked = check_output(path).absolute()
        except InputError as err:
            raise InputError(f"{option} {err}") from None
        if checked in seen:
            raise InputError(
                f"{seen[checked]} and {option} both name {path}; give each its own file"
            )
        seen[checked] = option


def _measures(text: str | None) -> list[str] | None:
    """``--measures`` as names: commas with or without spaces, empty items ignored."""
    if not text:
        return None
    return [name.strip() for name in text.split(",") if name.strip()] or None


def _close_calls(frame, margins, line_column: str, what: str) -> None:
    """Name the rows of ``frame`` whose ``margins`` are close calls, as ``file:line``."""
    close = frame[margins < _CLOSE_CALL]
    if len(close):
        where = ", ".join(f"{s}:{n}" for s, n in zip(close["source"], close[line_column]))
        print(f"{len(close)} {what} under {_CLOSE_CALL:g}: read them first ({where})")


# What a hand editor of story starts needs: one line per story in a CSV (no multi-line
# text), with enough to tell the stories apart and to warn if the file changes.
_STARTS_COLUMNS = [
    "source", "story_no", "start_line", "end_line", "topic", "cut_margin", "story_id",
    "lines_sha256", "lede",
]  # fmt: skip
# What str.splitlines() and some editors break a line at, though a dump's line ends at
# "\n" only (see toolkit.load): a lede holding one would split its row.
_EDITOR_BREAKS = r"[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]"


def _cmd_stories(args: argparse.Namespace) -> int:
    _check_outputs(o=args.output)
    stories = load_dump(args.dumps, _starts(args), on_error=_on_error(args))
    table = stories
    if args.starts_only:
        table = stories[_STARTS_COLUMNS].assign(
            lede=stories["lede"].str.replace(_EDITOR_BREAKS, " ", regex=True)
        )
    out = _write(table, args.output)
    print(f"{len(stories)} stories from {stories['source'].nunique()} file(s) -> {out}")
    _close_calls(stories, stories["cut_margin"], "start_line", "close cut(s), cut_margin")
    return 0


def _cmd_lines(args: argparse.Namespace) -> int:
    _check_outputs(o=args.output)
    lines = dump_lines(args.dumps, _starts(args), on_error=_on_error(args))
    out = _write(lines, args.output)
    print(f"{len(lines)} lines from {lines['source'].nunique()} file(s) -> {out}")
    margin = lines["cut_margin"]
    made = int(((margin.abs() < _CLOSE_CALL) & (margin > 0)).sum())
    what = f"close call(s) ({made} cut(s) made, the rest not), |cut_margin|"
    _close_calls(lines, margin.abs(), "line_no", what)
    return 0


def _cmd_analyze(args: argparse.Namespace) -> int:
    from toolkit.analysis import analyze, sentences
    from toolkit.analysis.engine import make_job

    _check_outputs(o=args.output, sentences=args.sentences)
    measures = _measures(args.measures)
    # A misspelt measure fails now, not after a corpus has been read.
    make_job(measures, args.keyterm_method, args.sentiment_method)
    stories = load_dump(args.dumps, _starts(args), on_error=_on_error(args))
    require_stories(stories, "analyze")
    cache = False if args.no_cache else args.cache
    analyzed = analyze(
        stories,
        measures=measures,
        keyterm_method=args.keyterm_method,
        sentiment_method=args.sentiment_method,
        n_process=args.n_process,
        cache=cache,
    )
    out = _write(analyzed, args.output)
    print(f"{len(analyzed)} stories analysed -> {out}")
    if args.sentences:
        # From the analysed frame, as the report does: its topics, and its cached parses.
        sents = sentences(
            analyzed, sentiment_method=args.sentiment_method, n_process=args.n_process, cache=cache
        )
        print(f"{len(sents)} sentences -> {_write(sents, args.sentences)}")
    return 0


def _notebooks(args: argparse.Namespace) -> list[Path]:
    """The notebooks ``--notebooks`` names, checked before the report is built."""
    if not args.notebooks:
        return []
    if len(args.dumps) != 1:
        raise InputError("--notebooks takes one dump path (a file, a folder or a glob)")
    notebooks = sorted(Path(args.notebooks).glob("[0-9][0-9]-*.ipynb"))
    if not notebooks:
        raise InputError(
            f"--notebooks {args.notebooks}: no numbered notebooks (01-name.ipynb, ...) there; "
            f"give the folder that holds them, e.g. notebooks"
        )
    return notebooks


def _cmd_report(args: argparse.Namespace) -> int:
    from toolkit.report import build_report, run_notebooks

    notebooks = _notebooks(args)
    cache = False if args.no_cache else args.cache
    path = build_report(
        args.dumps, args.output, keyterm_method=args.keyterm_method,
        sentiment_method=args.sentiment_method, n_process=args.n_process, cache=cache,
        starts=_starts(args), target=args.target, on_error=_on_error(args),
    )  # fmt: skip
    stories = read_table(path.parent / "stories.parquet")
    _close_calls(stories, stories["cut_margin"], "start_line", "close cut(s), cut_margin")
    if notebooks:
        dump = (
            args.dumps[0] if glob.has_magic(args.dumps[0]) else str(Path(args.dumps[0]).resolve())
        )
        starts = str(Path(args.starts).resolve()) if args.starts else None
        run_notebooks(notebooks, Path(args.output) / "notebooks", {"dump": dump, "starts": starts})
    print(f"open {path.resolve()} in a browser (works offline)")
    return 0


def _analysis_options(p: argparse.ArgumentParser) -> None:
    from toolkit.measures import keyterms, sentiment

    p.add_argument("--keyterm-method", default=keyterms.DEFAULT_METHOD, choices=keyterms.METHODS)
    p.add_argument(
        "--sentiment-method", default=sentiment.DEFAULT_METHOD, choices=sentiment.METHODS
    )
    p.add_argument(
        "--n-process", type=int, default=None, help="worker processes (default: all cores)"
    )
    p.add_argument(
        "--cache",
        default=None,
        help="cache folder (default: $TOOLKIT_CACHE_DIR, else the user cache dir)",
    )
    p.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")


def _starts_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--skip-bad-files",
        action="store_true",
        help="leave out files that are no dump (empty, binary, a saved web page), with a "
        "warning listing them, instead of stopping at the first",
    )
    p.add_argument(
        "--starts",
        help="table (.parquet/.csv/.jsonl) with source and start_line columns, e.g. a stories "
        "file edited by hand: story starts to use instead of the segmenter's for its files",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m toolkit", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("stories", help="load dumps and write one row per story")
    p.add_argument("dumps", nargs="+", help="dump files, directories or globs")
    p.add_argument("-o", "--output", default="stories.parquet", help="output .parquet/.csv/.jsonl")
    p.add_argument(
        "--starts-only",
        action="store_true",
        help="write one line per story (lines, topic, cut_margin, lede; no text): a table "
        "to edit by hand and give back with --starts",
    )
    _starts_option(p)
    p.set_defaults(func=_cmd_stories)

    p = sub.add_parser(
        "lines", help="write every input line once, with its kind, story and cut margin"
    )
    p.add_argument("dumps", nargs="+", help="dump files, directories or globs")
    p.add_argument("-o", "--output", default="lines.parquet", help="output .parquet/.csv/.jsonl")
    _starts_option(p)
    p.set_defaults(func=_cmd_lines)

    p = sub.add_parser("analyze", help="load dumps and write one row per story with every measure")
    p.add_argument("dumps", nargs="+", help="dump files, directories or globs")
    p.add_argument("-o", "--output", default="analysis.parquet", help="output .parquet/.csv/.jsonl")
    p.add_argument("--sentences", help="also write one row per sentence to this file")
    p.add_argument(
        "--measures",
        help="comma-separated subset of measures, e.g. 'sentiment, readability' (default: all)",
    )
    _analysis_options(p)
    _starts_option(p)
    p.set_defaults(func=_cmd_analyze)

    p = sub.add_parser("report", help="analyse dumps and write an offline HTML report with charts")
    p.add_argument("dumps", nargs="+", help="dump files, directories or globs")
    p.add_argument("-o", "--output", default="reports", help="output folder")
    p.add_argument(
        "--notebooks", help="also run the numbered notebooks of this folder on the dumps"
    )
    p.add_argument(
        "--target",
        help="the topic the keyness charts describe against the rest (default: the topic "
        "with most stories)",
    )
    _analysis_options(p)
    _starts_option(p)
    p.set_defaults(func=_cmd_report)
    return parser


def _hints(args: argparse.Namespace) -> dict[str, str]:
    """Where the command's output shows what a warning is ``about``: said in place of the
    warning's Python hint (``stories[...]``, ``attrs``), which means nothing here."""
    output = args.output
    # An edited copy's own paragraphs go with it: where a wrong cut glued the next story
    # on, that story would vanish unseen.
    added = (
        ". Counting the copy once drops those paragraphs too: read them (a wrong cut may "
        "have glued the next story on; --starts FILE fixes it)"
    )
    if args.command == "report":
        repeats = (
            f"The report counts each story once and lists the repeats; the duplicate_of "
            f"column of {Path(output) / 'stories.parquet'} marks them"
        )
        return {
            "repeats": repeats,
            "repeats_added": repeats + added,
            "skipped": "The report's parameters list them too",
        }
    if args.command == "analyze":
        repeats = (
            f"{output} holds each story once (the first copy); `python -m toolkit stories` "
            f"writes every copy, with a duplicate_of column naming the story it repeats"
        )
    elif args.command == "lines":
        repeats = "`python -m toolkit stories` marks them in its duplicate_of column"
    elif args.starts_only:
        repeats = "Without --starts-only, the output's duplicate_of column marks them"
    else:
        repeats = f"The duplicate_of column of {output} marks them"
    # Only analyze drops the copies; stories and lines write every one.
    dropped = repeats + added if args.command == "analyze" else repeats
    return {"repeats": repeats, "repeats_added": dropped, "skipped": ""}


def _plain_warnings(fallback: Callable[..., None], hints: dict[str, str]) -> Callable[..., None]:
    """A ``warnings.showwarning`` that prints a toolkit warning as ``warning: <message>``
    (it names the dump's file and line itself; the toolkit's own source line would only
    be noise), with the command's own hint where ``hints`` has one for what the warning
    is about, and leaves other warnings to ``fallback``."""

    def show(message, category, filename, lineno, file=None, line=None) -> None:
        if not issubclass(category, ToolkitWarning):
            fallback(message, category, filename, lineno, file, line)
            return
        about = getattr(message, "about", None)
        if about in hints:
            message = f"{message.fact}. {hints[about]}" if hints[about] else message.fact
        print(f"warning: {message}", file=sys.stderr)

    return show


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (2 for a toolkit error)."""
    args = _parser().parse_args(argv)
    with warnings.catch_warnings():
        warnings.simplefilter("default")
        warnings.showwarning = _plain_warnings(warnings.showwarning, _hints(args))
        try:
            return args.func(args)
        except ToolkitError as err:
            print(f"error: {err}", file=sys.stderr)
            return 2
