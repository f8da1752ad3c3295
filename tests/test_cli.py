"""python -m toolkit: stories and analyze write tables; errors exit 2 with a message."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

import toolkit
from conftest import SEED
from toolkit.cli import main
from toolkit.version import code_digest


def test_stories_parquet_and_csv(tmp_path, capsys):
    assert main(["stories", str(SEED), "-o", str(tmp_path / "s.parquet")]) == 0
    assert "stories from 1 file(s)" in capsys.readouterr().out
    stories = pd.read_parquet(tmp_path / "s.parquet")
    assert stories["start_line"].iloc[0] == 1
    assert main(["stories", str(SEED), "-o", str(tmp_path / "s.csv")]) == 0
    csv = pd.read_csv(tmp_path / "s.csv")
    assert len(csv) == len(stories)
    assert csv["video_titles"].iloc[0].startswith("[")


def test_stories_names_the_close_cuts(tmp_path, capsys, monkeypatch):
    import toolkit.cli

    stories = toolkit.cli.load_dump(SEED)
    assert main(["stories", str(SEED), "-o", str(tmp_path / "s.csv")]) == 0
    assert "close cut" not in capsys.readouterr().out  # the seed's cuts are all clear
    unsure = stories.assign(
        cut_margin=stories["cut_margin"].where(stories["start_line"] != 58, 1.5)
    )
    monkeypatch.setattr(toolkit.cli, "load_dump", lambda *args, **kwargs: unsure)
    assert main(["stories", str(SEED), "-o", str(tmp_path / "s.csv")]) == 0
    assert f"1 close cut(s), cut_margin under 4: read them first ({SEED.name}:58)" in (
        capsys.readouterr().out
    )


def test_lines_writes_every_line_with_its_margin(tmp_path, capsys):
    assert main(["lines", str(SEED), "-o", str(tmp_path / "l.csv")]) == 0
    assert "87 lines from 1 file(s)" in capsys.readouterr().out
    lines = pd.read_csv(tmp_path / "l.csv")
    assert lines["line_no"].tolist() == list(range(1, 88))
    assert lines.loc[lines["cut_margin"] > 0, "line_no"].tolist() == [31, 58, 87]
    # Fixing a cut in an edited stories table shows in the lines too.
    assert main(["stories", str(SEED), "-o", str(tmp_path / "s.csv")]) == 0
    stories = pd.read_csv(tmp_path / "s.csv")
    stories[stories["start_line"] != 58].to_csv(tmp_path / "fixed.csv", index=False)
    out = tmp_path / "l2.parquet"
    assert main(["lines", str(SEED), "-o", str(out), "--starts", str(tmp_path / "fixed.csv")]) == 0
    fixed = pd.read_parquet(out)
    assert fixed["story_id"].nunique() == 3 and fixed["cut_margin"].isna().all()


def test_lines_names_the_close_calls(tmp_path, capsys, monkeypatch):
    import toolkit.cli

    lines = toolkit.cli.dump_lines(SEED)
    unsure = lines.assign(cut_margin=lines["cut_margin"].mask(lines["line_no"] == 51, -2.5))
    monkeypatch.setattr(toolkit.cli, "dump_lines", lambda *args, **kwargs: unsure)
    assert main(["lines", str(SEED), "-o", str(tmp_path / "l.csv")]) == 0
    assert (
        f"1 close call(s) (0 cut(s) made, the rest not), |cut_margin| under 4: read them first "
        f"({SEED.name}:51)" in capsys.readouterr().out
    )


def test_stories_with_starts_from_an_edited_stories_file(tmp_path):
    assert main(["stories", str(SEED), "-o", str(tmp_path / "s.csv")]) == 0
    edited = pd.read_csv(tmp_path / "s.csv")
    edited[edited["start_line"] != 58].to_csv(tmp_path / "fixed.csv", index=False)
    out = tmp_path / "s2.parquet"
    assert (
        main(["stories", str(SEED), "-o", str(out), "--starts", str(tmp_path / "fixed.csv")]) == 0
    )
    assert pd.read_parquet(out)["start_line"].tolist() == [1, 31, 87]


def test_unreadable_starts_table_exits_2(tmp_path, capsys):
    (tmp_path / "empty.csv").write_text("")
    assert main(["stories", str(SEED), "--starts", str(tmp_path / "empty.csv")]) == 2
    assert "empty.csv: cannot read it as a .csv table" in capsys.readouterr().err


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


def test_report_writes_tables_and_a_page_that_says_how_it_was_made(tmp_path):
    import hashlib

    # Pinned to the seed's own cuts, as a reproduction of a published report would be.
    assert main(["stories", str(SEED), "-o", str(tmp_path / "pinned.csv")]) == 0
    assert main([
        "report", str(SEED), "-o", str(tmp_path / "r"), "--cache", str(tmp_path / "c"),
        "--starts", str(tmp_path / "pinned.csv"),
    ]) == 0  # fmt: skip
    page = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert "given for every file (4 stories, SHA-256 of source:line list " in page
    assert f"<td>toolkit code (SHA-256 of its files)</td><td>{code_digest()}</td>" in page
    assert "<th>cut_margin</th>" in page  # empty here: the cuts were given, not weighed
    assert hashlib.sha256(SEED.read_bytes()).hexdigest() in page
    for needle in (
        "en_core_web_sm",
        "textacy",
        "news_vader",
        "newsrank",
        "How this report was made",
    ):
        assert needle in page
    assert page.count("window.vegaEmbed=") <= 1  # the bundle once
    for table in ("stories", "analysis", "sentences"):
        assert len(pd.read_parquet(tmp_path / "r" / f"{table}.parquet")) > 0


def test_report_notebooks_need_one_dump(tmp_path, capsys):
    assert (
        main(["report", str(SEED), str(SEED), "-o", str(tmp_path), "--notebooks", "notebooks"]) == 2
    )
    assert "--notebooks takes one dump path" in capsys.readouterr().err


def test_toolkit_warnings_print_plainly(tmp_path, capsys):
    dump = tmp_path / "cp.txt"
    dump.write_bytes("Caf\xe9 owner \x93wins\x94 award.\nShe said so.\n".encode("latin-1"))
    assert main(["stories", str(dump), "-o", str(tmp_path / "s.csv")]) == 0
    err = capsys.readouterr().err
    assert err.startswith(f"warning: {dump}:1: not valid UTF-8; decoded the file as cp1252")
    assert "load.py" not in err


def test_report_command_reads_as_typed(monkeypatch):
    from toolkit.report.provenance import command_line

    monkeypatch.setattr(sys, "argv", ["/x/toolkit/__main__.py", "report", "my data/", "-o", "r"])
    assert command_line() == "python -m toolkit report 'my data/' -o r"


def test_starts_only_table_edits_line_by_line(tmp_path):
    out = tmp_path / "starts.csv"
    assert main(["stories", str(SEED), "-o", str(out), "--starts-only"]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 + 4  # a header and one line per story
    # Delete the third story's line, as one would in a text editor: its cut goes.
    (out.parent / "edited.csv").write_text("\n".join(lines[:3] + lines[4:]) + "\n")
    fixed = tmp_path / "fixed.csv"
    assert (
        main(["stories", str(SEED), "-o", str(fixed), "--starts", str(out.parent / "edited.csv")])
        == 0
    )
    assert pd.read_csv(fixed)["start_line"].tolist() == [1, 31, 87]


def test_given_starts_note_names_the_files_and_digests_the_cuts(tmp_path):
    from pathlib import Path

    from toolkit import load_dump
    from toolkit.report.provenance import given_starts_note

    (tmp_path / "a.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "b.txt").write_bytes(SEED.read_bytes())
    starts = {Path("a.txt"): [31, 58, 87]}  # keys as Paths, as load_dump accepts them
    stories = load_dump(tmp_path, starts=starts)
    note = given_starts_note(stories, starts)
    assert note.startswith("given for 1 of 2 files (4 stories, SHA-256 of source:line list ")
    assert note.endswith("; the segmenter found the others")
    moved = load_dump(tmp_path, starts={"a.txt": [31, 58]})
    assert given_starts_note(moved, {"a.txt": [31, 58]})[-40:] != note[-40:]


def test_starts_only_rows_stay_on_one_line_in_an_editor(tmp_path):
    dump = tmp_path / "cr.txt"
    dump.write_bytes(b"A first story\rwith a lone carriage return in its lede.\nMore of it.\n")
    out = tmp_path / "starts.csv"
    assert main(["stories", str(dump), "-o", str(out), "--starts-only"]) == 0
    assert len(out.read_bytes().splitlines()) == 2  # bytes.splitlines breaks at \r too


def test_measures_list_may_have_spaces(tmp_path):
    from toolkit.cli import _measures

    assert _measures("sentiment, readability") == ["sentiment", "readability"]
    assert _measures(" sentiment ,, ") == ["sentiment"]
    out = tmp_path / "a.parquet"
    assert main(["analyze", str(SEED), "-o", str(out), "--measures", "sentiment, readability",
                 "--no-cache", "--n-process", "1"]) == 0  # fmt: skip
    assert "flesch_reading_ease" in pd.read_parquet(out).columns


def test_unwritable_outputs_are_input_errors_naming_the_path(tmp_path, capsys):
    afile = tmp_path / "afile"
    afile.write_text("x")
    assert main(["report", str(SEED), "-o", str(afile)]) == 2
    assert f"{afile}: is a file, not a folder" in capsys.readouterr().err
    assert main(["stories", str(SEED), "-o", str(afile / "sub" / "s.csv")]) == 2
    assert f"{afile / 'sub' / 's.csv'}: cannot write the output there" in capsys.readouterr().err


def test_skip_bad_files_goes_on_and_lists_them(tmp_path, capsys):
    (tmp_path / "good.txt").write_text("The council met on Monday to agree the budget.\n")
    (tmp_path / "empty.txt").write_text("")
    assert main(["stories", str(tmp_path), "-o", str(tmp_path / "s.csv")]) == 2
    assert "empty.txt" in capsys.readouterr().err
    assert main(["stories", str(tmp_path), "-o", str(tmp_path / "s.csv"), "--skip-bad-files"]) == 0
    captured = capsys.readouterr()
    assert "1 stories from 1 file(s)" in captured.out
    assert "warning: skipped 1 of 2 file(s)" in captured.err and "empty.txt" in captured.err


def test_report_takes_a_target_and_names_the_close_cuts(tmp_path, capsys, monkeypatch):
    import toolkit.cli
    import toolkit.report

    seen = {}

    def fake_report(paths, out_dir, **options):
        seen.update(options)
        out = toolkit.cli._write(toolkit.cli.load_dump(paths).assign(
            cut_margin=lambda f: f["cut_margin"].where(f["start_line"] != 58, 1.5)),
            tmp_path / "stories.parquet")  # fmt: skip
        return out.parent / "report.html"

    monkeypatch.setattr(toolkit.report, "build_report", fake_report)
    assert main(["report", str(SEED), "-o", str(tmp_path), "--target", "Kosovo"]) == 0
    assert seen["target"] == "Kosovo" and seen["on_error"] == "raise"
    assert f"1 close cut(s), cut_margin under 4: read them first ({SEED.name}:58)" in (
        capsys.readouterr().out
    )


def test_report_with_an_unknown_target_stops_before_analysing(tmp_path, capsys, monkeypatch):
    import toolkit.report.build

    def no_analysis(*args, **kwargs):
        raise AssertionError("analysed before the target was checked")

    monkeypatch.setattr(toolkit.report.build, "analyze", no_analysis)
    assert main(["report", str(SEED), "-o", str(tmp_path / "out"), "--target", "Sport"]) == 2
    err = capsys.readouterr().err
    assert "unknown topic 'Sport'" in err and "Kosovo" in err, err
    assert not list((tmp_path / "out").glob("*")) if (tmp_path / "out").exists() else True


def test_report_takes_an_inferred_topic_of_a_folder_with_repeats(tmp_path, capsys):
    # Untagged dumps: the topics are inferred, from each story once (the copy saved on day
    # 2 dropped), before analysis and after it alike.
    from pathlib import Path

    from toolkit.measures.topics import infer_topics
    from toolkit.schema import distinct_stories

    pages = Path(__file__).resolve().parent / "fixtures" / "pages"
    dumps = [str(pages / f"{name}.txt") for name in ("local_day1", "local_day2", "sport_page")]
    with pytest.warns(toolkit.ToolkitWarning, match="repeat"):
        stories = toolkit.load_dump(dumps)
    topics = infer_topics(distinct_stories(stories, "drop"))["topic"].dropna().unique()
    target = next(t for t in topics if "owl" not in t and "wigan" not in t)
    assert main(["report", *dumps, "-o", str(tmp_path / "out"), "--target", target]) == 0, (
        capsys.readouterr().err
    )
    assert target in (tmp_path / "out" / "report.html").read_text()


def test_the_repeats_warning_says_how_to_fix_a_cut_at_the_command_line(tmp_path, capsys):
    # An edited copy with a paragraph its original lacks: analyze counts the copy once and
    # drops that paragraph, so the warning names it and says how to fix a wrong cut here.
    day1 = tmp_path / "day1.txt"
    day1.write_text(
        "The council approved plans for a new leisure centre on the old bus depot site.\n"
        "Councillors voted nine to three in favour of the scheme on Monday night.\n"
        "The centre will include a pool, a gym and a sports hall, due to open in 2027.\n"
    )
    day2 = tmp_path / "day2.txt"
    day2.write_text(
        day1.read_text() + "A spokesman for the council said work would begin in the spring "
        "once the old depot had been cleared and the contractors had been appointed.\n"
    )
    argv = ["analyze", str(day1), str(day2), "-o", str(tmp_path / "a.csv"),
            "--measures", "sentiment", "--no-cache", "--n-process", "1"]  # fmt: skip
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert "day2.txt:4" in err and "--starts FILE fixes it" in err and "starts=" not in err, err
    # The stories command writes every copy: nothing is dropped, nothing to fix.
    assert main(["stories", str(day1), str(day2), "-o", str(tmp_path / "s.csv")]) == 0
    assert "day2.txt:4" in (err := capsys.readouterr().err) and "drops" not in err, err


@pytest.mark.parametrize("command", ["report", "analyze"])
def test_files_with_no_story_say_so_not_an_inner_function(tmp_path, capsys, command):
    from pathlib import Path

    dump = Path(__file__).resolve().parent / "fixtures" / "pages" / "furniture_only.txt"
    out = tmp_path / ("out" if command == "report" else "a.csv")
    assert main([command, str(dump), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "hold no story" in err and "analyze()" not in err, err


def test_report_with_a_furniture_only_file_and_a_short_topic_is_written(tmp_path):
    from pathlib import Path

    from toolkit.report import build_report

    pages = Path(__file__).resolve().parent / "fixtures" / "pages"
    short = tmp_path / "short.txt"
    short.write_text("Kosovo talks went well.\nMore on Kosovo\n")
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        path = build_report([SEED, pages / "furniture_only.txt", short], tmp_path / "out",
                            cache=tmp_path / "cache", progress=False, n_process=1,
                            target="Kosovo")  # fmt: skip
    page = path.read_text()
    assert "stories have fewer than 100 words" in page


def test_a_misspelt_measure_fails_before_the_dumps_are_read(tmp_path, capsys, monkeypatch):
    import toolkit.cli

    def no_reading(*args, **kwargs):
        raise AssertionError("the dumps were read before the measures were checked")

    monkeypatch.setattr(toolkit.cli, "load_dump", no_reading)
    out = tmp_path / "a.parquet"
    assert main(["analyze", str(SEED), "-o", str(out), "--measures", "sentimnet"]) == 2
    err = capsys.readouterr().err
    assert "sentimnet" in err and "sentiment" in err


def test_report_headers_read_as_words_and_copies_keep_their_cut_margins(tmp_path):
    import re
    import shutil
    import warnings

    from toolkit.report import build_report

    shutil.copy(SEED, tmp_path / "first.txt")
    shutil.copy(SEED, tmp_path / "again.txt")  # the same scrape saved twice
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        page = build_report([tmp_path / "first.txt", tmp_path / "again.txt"], tmp_path / "out",
                            cache=tmp_path / "cache", progress=False, n_process=1,
                            ).read_text(encoding="utf-8")  # fmt: skip
    glance = re.search(r"<h2>Topics at a glance</h2>.*?</section>", page, re.DOTALL).group(0)
    assert "<th>Reading ease (Flesch, mean)</th>" in glance and "reading_ease" not in glance
    repeated = re.search(r"<h2>Repeated stories</h2>.*?</section>", page, re.DOTALL).group(0)
    assert "<th>cut_margin</th>" in repeated


def test_outputs_are_checked_before_the_dumps_are_read(tmp_path, capsys, monkeypatch):
    import toolkit.cli
    import toolkit.report

    def no_reading(*args, **kwargs):
        raise AssertionError("the dumps were read before the outputs were checked")

    for name in ("load_dump", "dump_lines"):
        monkeypatch.setattr(toolkit.cli, name, no_reading)
    monkeypatch.setattr(toolkit.report, "build_report", no_reading)
    afile = tmp_path / "afile"
    afile.write_text("x")
    out = tmp_path / "out.parquet"
    for argv, expected in [
        (["stories", "-o", str(tmp_path / "x.xlsx")], "-o {}: unknown output format '.xlsx'"),
        (["lines", "-o", str(afile / "l.csv")], "-o {}: cannot write the output there"),
        (["analyze", "-o", str(tmp_path / "x.xlsx"), "--no-cache"], "unknown output format"),
        (["analyze", "-o", str(out), "--sentences", str(tmp_path / "s.xlsx")],
         "--sentences {}: unknown output format '.xlsx'; valid: .parquet, .csv, .jsonl"),
        (["analyze", "-o", str(out), "--sentences", str(out)], "-o and --sentences both name"),
        (["analyze", "-o", str(tmp_path)], "is a folder"),
        (["report", "-o", str(tmp_path / "r"), "--notebooks", str(tmp_path)],
         "no numbered notebooks"),
    ]:  # fmt: skip
        assert main([argv[0], str(SEED), *argv[1:]]) == 2, argv
        path = argv[argv.index("--sentences") + 1 if "--sentences" in argv else 2]
        assert expected.format(path) in capsys.readouterr().err, argv
    assert not out.exists()  # nothing half written


def test_warnings_point_to_the_output_not_to_python(tmp_path, capsys):
    import shutil
    import warnings

    import toolkit

    folder = tmp_path / "dumps"
    folder.mkdir()
    for name in ("day1.txt", "day2.txt"):
        shutil.copy(SEED, folder / name)
    (folder / "empty.txt").write_text("")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        toolkit.load_dump(folder, on_error="skip")
    said = " ".join(str(w.message) for w in caught)
    assert "stories[stories['duplicate_of'].notna()]" in said  # Python keeps its hint
    assert "attrs['skipped'] lists them" in said
    out = tmp_path / "s.csv"
    assert main(["stories", str(folder), "-o", str(out), "--skip-bad-files"]) == 0
    err = capsys.readouterr().err
    assert "4 of 8 stories repeat an earlier one (4 exact copies). " in err
    assert f"The duplicate_of column of {out} marks them" in err
    assert "warning: skipped 1 of 3 file(s)" in err and "empty.txt" in err
    assert "stories[" not in err and "attrs[" not in err and "repeats='keep'" not in err
    argv = ["analyze", str(folder), "-o", str(tmp_path / "a.csv"), "--skip-bad-files",
            "--measures", "sentiment", "--no-cache", "--n-process", "1"]  # fmt: skip
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert f"{tmp_path / 'a.csv'} holds each story once" in err and "stories[" not in err
    from toolkit.cli import _hints, _parser

    report = _hints(_parser().parse_args(["report", str(folder), "-o", "r"]))
    assert "report counts each story once" in report["repeats"]
    assert "report's parameters list them" in report["skipped"]
