"""The notebooks: they run top to bottom offline, are committed without outputs, carry a
papermill ``parameters`` cell; the workshop's hand-out, copied elsewhere, runs every
exercise notebook blank and solved.

Every notebook runs in a ``python3`` kernel of this interpreter, with its own folder as the
working directory (as JupyterLab and papermill run it) and the session's private
``TOOLKIT_CACHE_DIR``, so notebooks that analyse the same stories share cached results.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

import toolkit
from conftest import ROOT, SEED

NOTEBOOKS = ROOT / "notebooks"
WORKSHOP = NOTEBOOKS / "workshop"
TOP = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
PARTS = sorted(p.stem for p in (WORKSHOP / "src").glob("*.py"))
RUNNABLE = TOP
KERNEL = "python3"
CELL_TIMEOUT = 300


def _id(path: Path) -> str:
    return path.relative_to(NOTEBOOKS).as_posix()


def _all_notebooks() -> list[Path]:
    return sorted(p for p in NOTEBOOKS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def _kernel_env() -> dict[str, str]:
    # The autouse fixture in conftest.py has set TOOLKIT_CACHE_DIR in os.environ.
    assert os.environ.get("TOOLKIT_CACHE_DIR"), "conftest.py's _private_cache fixture did not run"
    return {**os.environ, "TOOLKIT_CACHE_DIR": os.environ["TOOLKIT_CACHE_DIR"]}


def _execute(nb: nbformat.NotebookNode, folder: Path, name: str) -> nbformat.NotebookNode:
    client = NotebookClient(
        nb, timeout=CELL_TIMEOUT, kernel_name=KERNEL, resources={"metadata": {"path": str(folder)}}
    )
    try:
        client.execute(env=_kernel_env())
    except CellExecutionError as err:
        pytest.fail(f"{name} failed:\n{str(err)[-3000:]}", pytrace=False)
    return nb


def _outputs(nb: nbformat.NotebookNode) -> list[dict]:
    return [out for cell in nb.cells if cell.cell_type == "code" for out in cell.get("outputs", [])]


def _text(output: dict) -> str:
    if output.get("output_type") == "stream":
        return output.get("text", "")
    data = output.get("data", {})
    return str(data.get("text/html", "")) + str(data.get("text/plain", ""))


def _committed(path: Path) -> str:
    """The version git would commit (the index), else the file itself when untracked."""
    rel = path.relative_to(ROOT).as_posix()
    try:
        shown = subprocess.run(
            ["git", "-C", str(ROOT), "show", f":{rel}"],
            capture_output=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        shown = None
    if shown is not None and shown.returncode == 0:
        return shown.stdout.decode("utf-8")
    return path.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- static checks


def test_there_are_notebooks():
    assert [p.name[:2] for p in TOP] == ["01", "02", "03", "04", "05"]
    assert [p[0] for p in PARTS] == ["1", "2", "3", "4"]
    assert (WORKSHOP / "GUIDE.md").is_file()


@pytest.mark.parametrize("path", _all_notebooks(), ids=_id)
def test_committed_without_outputs(path):
    nb = nbformat.reads(_committed(path), as_version=4)
    dirty = [
        i
        for i, cell in enumerate(nb.cells, start=1)
        if cell.cell_type == "code"
        and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]
    assert not dirty, (
        f"{_id(path)}: cells {dirty} have outputs or execution counts; strip them with "
        f"`jupyter nbconvert --clear-output --inplace {path.relative_to(ROOT)}` before committing"
    )
    assert nb.metadata.get("kernelspec", {}).get("name") == KERNEL


@pytest.mark.parametrize("path", TOP, ids=_id)
def test_opens_with_a_parameters_cell(path):
    nb = nbformat.read(path, as_version=4)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    tagged = [cell for cell in code if "parameters" in cell.metadata.get("tags", [])]
    assert len(tagged) == 1, f"{_id(path)} needs exactly one cell tagged 'parameters'"
    assert tagged[0] is code[0], f"{_id(path)}: the parameters cell must be the first code cell"
    assert "dump = " in tagged[0].source
    # papermill must see every parameter (it skips lines with a second "=", e.g. in a comment).
    assigned = [
        n.targets[0].id for n in ast.parse(tagged[0].source).body if isinstance(n, ast.Assign)
    ]
    assert list(papermill.inspect_notebook(str(path))) == assigned


def test_workshop_sources_build():
    # Nothing built is committed: build.py --check builds every source in memory and fails
    # on a solution left in an exercise or a check() with no check behind it.
    done = subprocess.run(
        [sys.executable, str(WORKSHOP / "build.py"), "--check", "--out", str(ROOT / "build" / "-")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


# --------------------------------------------------------------------------- running


def test_kernel_is_this_python_with_the_test_cache():
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "import os, sys\nprint(sys.prefix)\nprint(os.environ['TOOLKIT_CACHE_DIR'])"
            )
        ]
    )
    nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": "Python 3", "language": "python"}
    _execute(nb, NOTEBOOKS, "kernel check")
    printed = _text(nb.cells[0].outputs[0]).split("\n")
    assert Path(printed[0]).resolve() == Path(sys.prefix).resolve(), (
        f"kernel {KERNEL!r} runs {printed[0]}, not this environment ({sys.prefix}); "
        f"run {sys.executable} -m ipykernel install --sys-prefix"
    )
    assert printed[1] == os.environ["TOOLKIT_CACHE_DIR"]


def _check_run(nb: nbformat.NotebookNode, name: str, allowed_warning: str = "") -> list[dict]:
    outputs = _outputs(nb)
    assert not [o for o in outputs if o.get("output_type") == "error"]
    warned = [
        _text(o)[:300]
        for o in outputs
        if o.get("name") == "stderr"
        and ("Warning" in _text(o) or "Traceback" in _text(o))
        and not (allowed_warning and allowed_warning in _text(o) and "Traceback" not in _text(o))
    ]
    assert not warned, f"{name} printed warnings: {warned}"
    html = [str(o.get("data", {}).get("text/html", "")) for o in outputs]
    # Charts draw offline: the Vega bundle is in the page exactly once and nothing loads from
    # the network.
    assert sum(h.count('<script type="module">') for h in html) == 1, (
        "the Vega bundle should be embedded once"
    )
    assert sum(h.count('class="toolkit-chart"') for h in html) >= 1, "no chart was drawn"
    assert not any("<script src=" in h or "cdn.jsdelivr" in h for h in html)
    return outputs


@pytest.mark.parametrize("path", RUNNABLE, ids=_id)
def test_runs_top_to_bottom(path):
    _check_run(_execute(nbformat.read(path, as_version=4), path.parent, _id(path)), _id(path))


@pytest.fixture(scope="module")
def handout_copy(room, tmp_path_factory):
    """The hand-out as participants get it, copied away from the repository, plus the
    solution notebooks dropped into the copy (a participant given them after a part)."""
    built = room
    copy = tmp_path_factory.mktemp("laptop") / "workshop"
    shutil.copytree(built / "handout", copy)
    for solution in (built / "solutions").glob("*.ipynb"):
        shutil.copy2(solution, copy / f"solved-{solution.name}")
    return copy


# The loader's note on stories saved twice is part of the lesson (Part 1's stretch task).
REPEATS_NOTE = "repeat an earlier one"


@pytest.mark.parametrize("version", ["blank", "solved"])
@pytest.mark.parametrize("part", PARTS)
def test_handout_runs_anywhere(handout_copy, part, version):
    name = f"{part}.ipynb" if version == "blank" else f"solved-{part}.ipynb"
    nb = _execute(nbformat.read(handout_copy / name, as_version=4), handout_copy, name)
    outputs = _check_run(nb, name, REPEATS_NOTE)
    texts = "\n".join(_text(o) for o in outputs if o.get("output_type") == "stream")
    if version == "blank":
        assert (
            "Not answered yet" in texts and "Not quite" not in texts and "Correct." not in texts
        ), "a blank exercise should only give hints"
    else:
        assert "Not answered yet" not in texts and "Not quite" not in texts, (
            "a solution fails its own check"
        )
        assert texts.count("Correct.") >= 4


def test_papermill_reruns_05_on_another_dump(tmp_path):
    out = tmp_path / "05-seed.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOKS / "05-compare-topics.ipynb"),
        str(out),
        parameters={"dump": str(SEED)},
        cwd=str(NOTEBOOKS),
        kernel_name=KERNEL,
        progress_bar=False,
        execution_timeout=CELL_TIMEOUT,
    )
    nb = nbformat.read(out, as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and str(SEED) in injected[0].source
    printed = "\n".join(_text(o) for o in _outputs(nb))
    assert f"dump: {SEED}" in printed
    assert not [o for o in _outputs(nb) if o.get("output_type") == "error"]


def test_papermill_runs_01_with_starts_given(tmp_path):
    # The notebooks take the stories table a report was pinned to (report --starts).
    stories = toolkit.load_dump(SEED)
    stories[stories["start_line"] != 58].to_csv(tmp_path / "pinned.csv", index=False)
    out = tmp_path / "01-pinned.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOKS / "01-load-and-inspect.ipynb"),
        str(out),
        parameters={"dump": str(SEED), "starts": str(tmp_path / "pinned.csv")},
        cwd=str(NOTEBOOKS),
        kernel_name=KERNEL,
        progress_bar=False,
        execution_timeout=CELL_TIMEOUT,
    )
    nb = nbformat.read(out, as_version=4)
    assert not [o for o in _outputs(nb) if o.get("output_type") == "error"]
    table = next(c for c in nb.cells if "stories = toolkit.load_dump(DUMP" in c.source)
    shown = "\n".join(str(o.get("data", {}).get("text/html", "")) for o in table.outputs)
    # Story 2 now runs from line 31 to 86: the cut at 58 is gone.
    assert "<td>31</td>" in shown and "<td>86</td>" in shown and "<td>58</td>" not in shown
