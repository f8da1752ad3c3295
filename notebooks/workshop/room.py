"""Build what a workshop room needs: the participant hand-out and an offline wheelhouse.

Standard library only, so it runs the same on Linux, macOS and Windows (no ``make``)::

    python notebooks/workshop/room.py handout            # build/workshop/handout + solutions
    python notebooks/workshop/room.py wheelhouse         # wheels for 3 platforms x 3 Pythons
    python notebooks/workshop/room.py room               # both: the hand-out carries the wheels
    python notebooks/workshop/room.py wheelhouse --platform linux --python 3.11 --out DIR

``handout`` writes two sibling folders under ``--out`` (default ``build/workshop``):

- ``handout/``: what participants get (copy it to a USB stick or share it): the exercise
  notebooks, ``data/`` (the seed dump and the sample corpus with its licences), the
  toolkit wheel, ``requirements.lock`` (the runtime lock, universal, with hashes),
  ``setup_workshop.py`` and ``START-HERE.md``; with ``room``, also ``wheelhouse/``;
- ``solutions/``: the solved notebooks, for the facilitator only; never inside ``handout/``.

``wheelhouse`` runs ``pip download --only-binary=:all: --platform ... --python-version ...``
on the runtime lock for each platform and Python, into one folder that pip can install
from with no network: ``pip install --no-index --find-links wheelhouse -r requirements.lock``.
floret (needed by textacy) publishes no wheel for Python 3.13; for 3.13 its source is
downloaded with the build tools it needs, so a laptop with a C++ compiler can build it
offline (see START-HERE.md).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DEFAULT_OUT = ROOT / "build" / "workshop"
RUNTIME_LOCK = ROOT / "requirements-runtime.lock"

#: pip's platform tags for each laptop kind. pip takes a wheel only for a tag named here,
#: so each kind lists every tag a laptop of that kind accepts (glibc 2.17-2.28 for Linux,
#: macOS 11-14 and universal2 wheels for Apple silicon).
PLATFORMS = {
    "linux": [f"manylinux_2_{v}_x86_64" for v in (28, 27, 26, 24, 17)]
    + ["manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64"],
    "macos": [f"macosx_{v}_0_{a}" for v in (14, 13, 12, 11) for a in ("arm64", "universal2")]
    + [f"macosx_10_{v}_universal2" for v in range(16, 8, -1)],
    "macos-intel": [f"macosx_{v}_0_x86_64" for v in (13, 12, 11)]
    + [f"macosx_10_{v}_{a}" for v in range(16, 8, -1) for a in ("x86_64", "universal2")],
    "windows": ["win_amd64"],
}
DEFAULT_PLATFORMS = ("linux", "macos", "windows")
PYTHONS = ("3.11", "3.12", "3.13")
#: Packages without a wheel for some Python: (package, Pythons), and the build
#: requirements their source needs.
SOURCE_ONLY = {"floret": ("3.13",)}
BUILD_TOOLS = ["setuptools>=61", "wheel", "pybind11>=2.2"]


def run(cmd: list[str], **kwargs) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, **kwargs)


def _lock_without(lock: Path, names: set[str], folder: Path) -> Path:
    """A copy of ``lock`` without the requirements (and their hash lines) of ``names``."""
    out, skipping = [], False
    for line in lock.read_text(encoding="utf-8").splitlines():
        head = re.match(r"^([A-Za-z0-9_.-]+)==", line)
        if head:
            skipping = head.group(1).lower() in names
        elif not line.startswith((" ", "\t")):
            skipping = False
        if not skipping:
            out.append(line)
    path = folder / f"{lock.stem}-without-{'-'.join(sorted(names))}.lock"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def _pinned(lock: Path, name: str) -> str:
    match = re.search(
        rf"^{re.escape(name)}==([^ ;\\\n]+)", lock.read_text(encoding="utf-8"), re.MULTILINE
    )
    if not match:
        raise SystemExit(f"{lock}: {name} is not pinned")
    return f"{name}=={match.group(1)}"


def wheelhouse(
    out: Path,
    platforms: list[str],
    pythons: list[str],
    lock: Path = RUNTIME_LOCK,
    pip: list[str] | None = None,
) -> Path:
    """Download every wheel of ``lock`` for each platform and Python into ``out``."""
    pip = pip or [sys.executable, "-m", "pip"]
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for platform in platforms:
            for python in pythons:
                source_only = {n for n, vs in SOURCE_ONLY.items() if python in vs}
                reqs = _lock_without(lock, source_only, Path(tmp)) if source_only else lock
                tags = [a for tag in PLATFORMS[platform] for a in ("--platform", tag)]
                run(
                    [
                        *pip,
                        "download",
                        "--quiet",
                        "--only-binary=:all:",
                        *tags,
                        "--python-version",
                        python,
                        "--implementation",
                        "cp",
                        "--require-hashes",
                        "--no-deps",
                        "-r",
                        reqs,
                        "-d",
                        out,
                    ]
                )
                for name in sorted(source_only):
                    run(
                        [
                            *pip,
                            "download",
                            "--quiet",
                            "--no-deps",
                            "--no-binary=:all:",
                            _pinned(lock, name),
                            "-d",
                            out,
                        ]
                    )
        if any(p in pythons for vs in SOURCE_ONLY.values() for p in vs):
            run([*pip, "download", "--quiet", "--only-binary=:all:", *BUILD_TOOLS, "-d", out])
        verify(out, platforms, pythons, lock, pip, Path(tmp))
    wheels = sorted(out.iterdir())
    size = sum(p.stat().st_size for p in wheels) / 1e6
    print(f"{out}: {len(wheels)} files, {size:.0f} MB")
    return out


def verify(out: Path, platforms, pythons, lock: Path, pip: list[str], tmp: Path) -> None:
    """Resolve the lock from ``out`` alone (no index) for each platform and Python: proof
    that a laptop of that kind can install with the network off."""
    for platform in platforms:
        for python in pythons:
            source_only = {n for n, vs in SOURCE_ONLY.items() if python in vs}
            reqs = _lock_without(lock, source_only, tmp) if source_only else lock
            tags = [a for tag in PLATFORMS[platform] for a in ("--platform", tag)]
            run(
                [
                    *pip,
                    "install",
                    "--quiet",
                    "--dry-run",
                    "--ignore-installed",
                    "--no-index",
                    "--find-links",
                    out,
                    "--only-binary=:all:",
                    *tags,
                    "--python-version",
                    python,
                    "--implementation",
                    "cp",
                    "--target",
                    tmp / "target",
                    "--require-hashes",
                    "--no-deps",  # the lock is complete (.ci/lock_check.py): one wheel each
                    "-r",
                    reqs,
                ]
            )
            for name in source_only:
                pinned = _pinned(lock, name).replace("==", "-")
                if not list(out.glob(f"{pinned}.tar.gz")):
                    raise SystemExit(f"{out}: no source of {pinned} for Python {python}")
    print(f"{out}: installs offline on {', '.join(platforms)} x Python {', '.join(pythons)}")


def toolkit_wheel(out: Path) -> Path:
    """Build the toolkit's own wheel (pure Python) into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("toolkit-*.whl"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--quiet",
                "--no-deps",
                "--no-build-isolation",
                "-w",
                tmp,
                str(ROOT),
            ]
        )
        (built,) = Path(tmp).glob("toolkit-*.whl")
        return Path(shutil.copy2(built, out / built.name))


def handout(out: Path, data: Path = ROOT / "data") -> tuple[Path, Path]:
    """Build ``out/handout`` (for participants) and ``out/solutions`` (not in it)."""
    sys.path.insert(0, str(HERE))
    import build  # notebooks/workshop/build.py

    hand, solutions = out / "handout", out / "solutions"
    for folder in (hand, solutions):
        if folder.exists():
            # keep a downloaded wheelhouse: it takes long to fetch again
            for child in folder.iterdir():
                if child.name != "wheelhouse":
                    shutil.rmtree(child) if child.is_dir() else child.unlink()
    build.write(hand, solutions)
    # sample/truth.csv goes too, though no exercise reads it: data/README.md's licence
    # section points to its source column for which lines are CC BY and which CC BY-SA.
    shutil.copytree(data, hand / "data", ignore=shutil.ignore_patterns("*.py", "__pycache__", ".*"))
    for name in ("setup_workshop.py", "START-HERE.md"):
        shutil.copy2(HERE / "handout" / name, hand / name)
    shutil.copy2(RUNTIME_LOCK, hand / "requirements.lock")
    toolkit_wheel(hand)
    print(f"hand-out: {hand}\nsolutions (keep them apart): {solutions}")
    return hand, solutions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["handout", "wheelhouse", "room"])
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help=f"default {DEFAULT_OUT} (wheelhouse alone: OUT/handout/wheelhouse)",
    )
    parser.add_argument(
        "--platform", nargs="+", choices=sorted(PLATFORMS), default=list(DEFAULT_PLATFORMS)
    )
    parser.add_argument("--python", nargs="+", default=list(PYTHONS))
    parser.add_argument("--lock", type=Path, default=RUNTIME_LOCK)
    args = parser.parse_args(argv)
    out = args.out or DEFAULT_OUT
    if args.what in ("handout", "room"):
        handout(out)
    if args.what in ("wheelhouse", "room"):
        target = out if (args.what == "wheelhouse" and args.out) else out / "handout" / "wheelhouse"
        wheelhouse(target, args.platform, args.python, args.lock)
    return 0


if __name__ == "__main__":
    sys.exit(main())
