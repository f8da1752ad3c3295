"""Set up this workshop folder: a Python environment with everything the notebooks need.

Run it with Python 3.11, 3.12 or 3.13, from this folder:

    Windows:        py setup_workshop.py
    macOS, Linux:   python3 setup_workshop.py

It creates ``.venv`` here and installs the pinned packages of ``requirements.lock`` (with
their hashes) and the toolkit. When a ``wheelhouse`` folder is here it installs from it
alone, with no network (``pip install --no-index --find-links wheelhouse``); otherwise it
downloads from the Python package index. Then it checks the installation (the toolkit, the
language model, the data) and says how to start JupyterLab. Running it again is safe: it
only installs what is missing and checks again.

Options: ``--check`` only checks; ``--lab`` starts JupyterLab afterwards; ``--no-kernel``
does not register the "Python (toolkit workshop)" kernel for other Jupyter installations.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv"
WHEELHOUSE = HERE / "wheelhouse"
SUPPORTED = ((3, 11), (3, 12), (3, 13))
KERNEL = ("toolkit-workshop", "Python (toolkit workshop)")
CHECK = """
import sys, time, warnings
warnings.simplefilter("ignore")  # the notebooks show the loader's notes; here only errors count
t = time.perf_counter()
import toolkit
from toolkit.nlp import load_nlp
from toolkit.workshop import find_data
nlp = load_nlp()
stories = toolkit.load_dump(find_data("data"))
doc = nlp("The workshop starts at nine.")
print(f"toolkit {toolkit.__version__}, Python {sys.version.split()[0]}, model {nlp.meta['name']}"
      f" {nlp.meta['version']}, {len(stories)} stories in data/ ({time.perf_counter() - t:.0f} s)")
"""


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def say(text: str) -> None:
    print(f"\n== {text}", flush=True)


def fail(text: str) -> None:
    print(f"\nSETUP FAILED: {text}", file=sys.stderr)
    sys.exit(1)


def run(cmd: list, what: str) -> None:
    shown = " ".join(str(c) for c in cmd).split("\n")[0]
    print("  $", shown if len(shown) < 300 else shown[:300] + " ...", flush=True)
    if subprocess.run([str(c) for c in cmd], check=False, cwd=HERE).returncode:
        fail(what)


def install(offline: bool) -> None:
    py = venv_python()
    where = ["--no-index", "--find-links", WHEELHOUSE] if offline else []
    wheels = sorted(HERE.glob("toolkit-*.whl"))
    if not wheels:
        fail("no toolkit-*.whl in this folder: ask the facilitator for the full hand-out")
    say("installing packages" + (" from wheelhouse/ (no network)" if offline else " from PyPI"))
    floret = (
        ". On Python 3.13 the package floret is built from source and needs a C++ compiler"
        " (Windows: Visual Studio Build Tools; macOS: xcode-select --install); without one,"
        " install Python 3.12 and run this script with it"
        if sys.version_info[:2] == (3, 13)
        else ""
    )
    pip = [py, "-m", "pip", "install", "--disable-pip-version-check", *where]
    run(
        [*pip, "--require-hashes", "-r", HERE / "requirements.lock"],
        "pip could not install requirements.lock; see the message above" + floret,
    )
    run([*pip, "--no-deps", "--force-reinstall", wheels[-1]], "could not install the toolkit wheel")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check the installation")
    parser.add_argument("--lab", action="store_true", help="start JupyterLab when done")
    parser.add_argument("--no-kernel", action="store_true", help="do not register a kernel")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    if sys.version_info[:2] not in SUPPORTED:
        fail(
            f"this is Python {sys.version.split()[0]}; the workshop needs 3.11, 3.12 or 3.13"
            " (Windows: py -3.12 setup_workshop.py picks an installed 3.12)"
        )
    if not args.check:
        if not venv_python().exists():
            say(f"creating {VENV}")
            run([sys.executable, "-m", "venv", VENV], "could not create the environment")
        install(offline=WHEELHOUSE.is_dir())
        if not args.no_kernel:
            say("registering the Jupyter kernel 'Python (toolkit workshop)'")
            run(
                [
                    venv_python(),
                    "-m",
                    "ipykernel",
                    "install",
                    "--user",
                    "--name",
                    KERNEL[0],
                    "--display-name",
                    KERNEL[1],
                ],
                "could not register the kernel",
            )
    say("checking: toolkit, language model, data")
    if not venv_python().exists():
        fail("no .venv here yet: run this script without --check first")
    run([venv_python(), "-c", CHECK], "the check failed; show the facilitator the message above")
    jupyter = VENV / ("Scripts/jupyter.exe" if os.name == "nt" else "bin/jupyter")
    say(f"ready in {time.perf_counter() - start:.0f} s. Start JupyterLab with:")
    print(
        f"  {jupyter.relative_to(HERE)} lab\n"
        "and open 1-from-dump-to-stories.ipynb. Kernel: 'Python 3 (ipykernel)' (or"
        " 'Python (toolkit workshop)' in another Jupyter or VS Code)."
    )
    if args.lab:
        os.chdir(HERE)
        return subprocess.run([str(jupyter), "lab"], check=False).returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
