"""Real-browser tests in headless Chromium (Debian's, driven by Playwright; never downloaded).

- The HTML report, opened as a file: charts draw marks, the console shows no errors, and a
  script inside a story does not run.
- JupyterLab on 127.0.0.1: notebook 05 opened, all cells run, charts draw marks, no errors.

Screenshots go to ``test-artifacts/`` (or ``$TOOLKIT_ARTIFACTS``); look at them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from conftest import ROOT, SEED

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
ARTIFACTS = Path(os.environ.get("TOOLKIT_ARTIFACTS", ROOT / "test-artifacts"))

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed"),
]
playwright_api = pytest.importorskip("playwright.sync_api")

HOSTILE = (
    "<script>window.__pwned = 1</script> The minister said <b>the plan</b> was sound "
    '<img src=x onerror="window.__pwned=2"> and **would** go ahead, \u202eRTL\u202c 😀 \x07.\n'
    "Critics said the plan would fail and the minister should resign over it.\n"
    "More on <script>window.__pwned=3</script>\n"
    "Related Topics:\n"
    "The debate continues in parliament on Tuesday, officials said.\n"
)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        profile = tempfile.mkdtemp(prefix="chromium-profile-")
        context = p.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=FLAGS, viewport={"width": 1280, "height": 900}
        )
        yield context
        context.close()
        shutil.rmtree(profile, ignore_errors=True)


def _watch(page) -> list[str]:
    problems: list[str] = []
    page.on(
        "console", lambda m: problems.append(f"{m.type}: {m.text}") if m.type == "error" else None
    )
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    return problems


def _marks(page, scope: str) -> int:
    return page.evaluate(
        f"""() => [...document.querySelectorAll('{scope} svg.marks, {scope} canvas.marks, {scope} .vega-embed svg, {scope} .vega-embed canvas')]
               .filter(el => el.tagName === 'canvas' || el.querySelectorAll('path, rect, line, text').length > 0).length"""
    )


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    from toolkit.report import build_report

    folder = tmp_path_factory.mktemp("report")
    dumps = folder / "dumps"
    dumps.mkdir()
    shutil.copy(SEED, dumps / SEED.name)
    (dumps / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    return build_report(dumps, folder / "out", progress=False)


def test_report_draws_charts_offline_without_errors(browser, report):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page()
    problems = _watch(page)
    # No network at all: any request leaving file:// fails the test.
    requests: list[str] = []
    page.on(
        "request",
        lambda r: (
            requests.append(r.url) if not r.url.startswith(("file:", "data:", "blob:")) else None
        ),
    )
    page.goto(report.as_uri())
    page.wait_for_function(
        "document.querySelectorAll('.toolkit-chart .vega-embed').length >= 8", timeout=30000
    )
    page.wait_for_timeout(1500)
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
    n_charts = page.evaluate("document.querySelectorAll('.toolkit-chart').length")
    assert n_charts >= 8
    assert _marks(page, ".toolkit-chart") >= n_charts
    assert problems == []
    assert requests == []
    page.close()


def test_script_in_a_story_does_not_run_in_the_report(browser, report):
    page = browser.new_page()
    page.goto(report.as_uri())
    page.wait_for_timeout(2000)
    assert page.evaluate("window.__pwned") is None
    body = page.inner_text("body")
    assert "<script>window.__pwned=3</script>" in body  # the topic tag, shown as text
    assert (
        "<script>window.__pwned = 1</script> The minister said <b>the plan</b>" in body
    )  # the lede
    assert page.evaluate("document.querySelectorAll('body b, body img[src=x]').length") == 0
    page.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    notebooks = ROOT / "notebooks"
    if not (notebooks / "05-compare-topics.ipynb").exists():
        pytest.fail("notebooks/05-compare-topics.ipynb is missing")
    port = _free_port()
    token = uuid.uuid4().hex
    log = tmp_path_factory.mktemp("lab") / "lab.log"
    # Lab autosaves: run a copy, so that outputs never land in the repository's notebooks.
    root = log.parent / "root"
    shutil.copytree(notebooks, root / "notebooks")
    shutil.copytree(ROOT / "data", root / "data")
    cmd = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
        f"--IdentityProvider.token={token}", "--allow-root", "--LabApp.expose_app_in_browser=True",
        f"--ServerApp.root_dir={root}", "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]  # fmt: skip
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(log.parent / "config"),
        "JUPYTERLAB_WORKSPACES_DIR": str(log.parent / "ws"),
    }
    with open(log, "w") as fh:
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, env=env, cwd=root)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.terminate()
        pytest.fail(f"JupyterLab did not start: {log.read_text()[-2000:]}")
    yield base, token
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_notebook_05_runs_in_jupyterlab(browser, lab):
    base, token = lab
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page()
    problems = _watch(page)
    page.goto(
        f"{base}/lab/workspaces/t{uuid.uuid4().hex[:8]}/tree/notebooks/05-compare-topics.ipynb?reset&token={token}"
    )
    page.wait_for_function(
        "window.jupyterapp && document.querySelector('.jp-Notebook .jp-Cell')", timeout=90000
    )
    page.wait_for_function(
        "window.jupyterapp.shell.currentWidget && window.jupyterapp.shell.currentWidget.sessionContext"
        " && window.jupyterapp.shell.currentWidget.sessionContext.session"
        " && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel",
        timeout=90000,
    )
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    # Done when every code cell has an execution count and the kernel is idle.
    page.wait_for_function(
        """() => {
            const w = window.jupyterapp.shell.currentWidget;
            const k = w.sessionContext.session && w.sessionContext.session.kernel;
            const cells = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
            return k && k.status === 'idle' && cells.length > 0
                && cells.every(c => /\\[\\d+\\]/.test(c.textContent));
        }""",
        timeout=300000,
    )
    page.wait_for_timeout(3000)
    page.screenshot(path=str(ARTIFACTS / "lab-05.png"), full_page=True)
    tracebacks = page.evaluate(
        "[...document.querySelectorAll('.jp-OutputArea-output')].filter(e => /Traceback|Error:/.test(e.textContent) && e.querySelector('.ansi-red-fg, .ansi-red-intense-fg')).length"
    )
    assert tracebacks == 0, "a cell raised"
    assert _marks(page, ".jp-OutputArea") >= 2, "no chart drew marks"
    assert [p for p in problems if "favicon" not in p] == []
    page.close()
