"""CI: every lock resolves, from wheels, on Linux, macOS and Windows for Python 3.11-3.13.

For each platform and Python, ``uv pip compile LOCK --python-platform P --python-version V``
resolves the lock's own pins (their markers evaluated for that platform) and must find a
wheel for every package: building from source is refused, except for the packages in
SOURCE_ONLY on the Pythons named there (floret publishes no wheel for 3.13). It then
checks that the result is the lock's pins (nothing added, nothing moved) and that the
platform's own packages are there: appnope (macOS: ipykernel imports it when a kernel
starts), pywinpty (Windows terminals), and that neither is on the other platforms.

    python .ci/lock_check.py [requirements-runtime.lock requirements.lock]

Standard library plus the ``uv`` command (in the dev extra, so on the venv's PATH).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLATFORMS = {
    "x86_64-unknown-linux-gnu": {"needs": set(), "never": {"appnope", "pywinpty"}},
    "aarch64-apple-darwin": {"needs": {"appnope"}, "never": {"pywinpty"}},
    "x86_64-pc-windows-msvc": {"needs": {"pywinpty", "colorama"}, "never": {"appnope"}},
}
PYTHONS = ("3.11", "3.12", "3.13")
SOURCE_ONLY = {"floret": ("3.13",)}
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^\s;\\]+)", re.MULTILINE)


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(text: str) -> dict[str, str]:
    return {_norm(n): v for n, v in PIN.findall(text)}


def uv() -> str:
    found = shutil.which("uv") or shutil.which("uv", path=str(Path(sys.executable).parent))
    if not found:
        raise SystemExit("uv is not installed: pip install uv (it is in the dev extra)")
    return found


def check(lock: Path, platform: str, python: str) -> list[str]:
    locked = pins(lock.read_text(encoding="utf-8"))
    source_ok = {n for n, vs in SOURCE_ONLY.items() if python in vs}
    binary = [a for n in sorted(locked) if n not in source_ok for a in ("--only-binary", n)]
    cmd = [
        uv(),
        "pip",
        "compile",
        str(lock),
        "--python-platform",
        platform,
        "--python-version",
        python,
        "--no-header",
        "--no-annotate",
        "--quiet",
        *binary,
    ]
    done = subprocess.run(
        cmd, check=False, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"}
    )
    if done.returncode:
        return [f"does not resolve:\n{done.stderr.strip()[-2000:]}"]
    got = pins(done.stdout)
    problems = [
        f"{n}=={v} is not the locked {locked.get(n)}" for n, v in got.items() if locked.get(n) != v
    ]
    spec = PLATFORMS[platform]
    problems += [f"{n} missing" for n in sorted(spec["needs"] - set(got))]
    problems += [f"{n} should not be installed here" for n in sorted(spec["never"] & set(got))]
    return problems


def main(argv: list[str]) -> int:
    locks = [Path(a) for a in argv] or [
        ROOT / "requirements-runtime.lock",
        ROOT / "requirements.lock",
    ]
    failed = 0
    for lock in locks:
        for platform in PLATFORMS:
            for python in PYTHONS:
                start = time.perf_counter()
                problems = check(lock, platform, python)
                took = time.perf_counter() - start
                status = "ok" if not problems else "FAILED"
                print(f"{lock.name:28} {platform:26} {python}  {status} ({took:.1f} s)")
                for p in problems:
                    print("    " + p)
                failed += bool(problems)
    print(f"lock check: {failed} of {len(locks) * len(PLATFORMS) * len(PYTHONS)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
