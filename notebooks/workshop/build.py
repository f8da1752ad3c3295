"""Build the workshop's exercise and solution notebooks from one source.

Sources are jupytext percent-format scripts in ``src/``. Inside a code cell, the lines
between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` are the solution:

- ``solutions/`` keeps them (without the markers);
- ``exercises/`` replaces them with a placeholder: ``# PLACEHOLDER: <code>`` lines in the
  block if there are any, else ``name = None  # your code here`` for each name the
  solution assigns, else ``# your code here``.

``PLACEHOLDER`` lines never appear in solutions. Both versions are written with empty
outputs, no execution counts, stable cell ids and the ``python3`` kernel, so a rebuild
gives identical files and git diffs show only real changes.

Usage::

    python notebooks/workshop/build.py            # write exercises/ and solutions/
    python notebooks/workshop/build.py --check    # exit 1 if they are out of date
    python notebooks/workshop/build.py --out DIR  # write DIR/exercises and DIR/solutions
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path

import jupytext
import nbformat

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
VERSIONS = ("exercises", "solutions")
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
BEGIN, END = "# BEGIN SOLUTION", "# END SOLUTION"
PLACEHOLDER = re.compile(r"^(\s*)# PLACEHOLDER: ?(.*)$")
BANNER = {
    "exercises": "exercises",
    "solutions": "solutions",
}


def _placeholder(block: list[str], indent: str) -> list[str]:
    explicit = [m.group(1) + m.group(2) for line in block if (m := PLACEHOLDER.match(line))]
    if explicit:
        return explicit
    code = "\n".join(
        line[len(indent) :] if line.startswith(indent) else line.lstrip() for line in block
    )
    names: list[str] = []
    for node in ast.parse(code).body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        for target in targets:
            if isinstance(target, ast.Name) and target.id not in names:
                names.append(target.id)
    if not names:
        return [f"{indent}# your code here"]
    return [f"{indent}{name} = None  # your code here" for name in names]


def render(source: str, version: str) -> str:
    """The cell source of ``version`` ("exercises" or "solutions")."""
    out: list[str] = []
    block: list[str] | None = None
    indent = ""
    for number, line in enumerate(source.split("\n"), start=1):
        stripped = line.strip()
        if stripped == BEGIN:
            if block is not None:
                raise ValueError(f"line {number}: {BEGIN} inside a solution block")
            block, indent = [], line[: len(line) - len(line.lstrip())]
        elif stripped == END:
            if block is None:
                raise ValueError(f"line {number}: {END} without {BEGIN}")
            if version == "solutions":
                out += [b for b in block if not PLACEHOLDER.match(b)]
            else:
                out += _placeholder(block, indent)
            block = None
        elif block is not None:
            block.append(line)
        else:
            out.append(line)
    if block is not None:
        raise ValueError(f"{BEGIN} without {END}")
    return "\n".join(out)


def build_notebook(src: Path, version: str) -> str:
    """The .ipynb text of one source in one version."""
    nb = jupytext.read(src, fmt="py:percent")
    nb.metadata = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    titled = False
    for i, cell in enumerate(nb.cells):
        try:
            cell.source = render(cell.source, version)
        except ValueError as err:
            raise SystemExit(f"{src.name}, cell {i + 1}: {err}") from None
        if cell.cell_type == "markdown" and not titled and cell.source.startswith("# "):
            first, _, rest = cell.source.partition("\n")
            cell.source = f"{first} ({BANNER[version]})\n{rest}".rstrip("\n")
            titled = True
        cell.id = f"{src.stem[:40]}-{i:02d}"
        cell.metadata = {"tags": cell.metadata["tags"]} if cell.metadata.get("tags") else {}
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nb.nbformat, nb.nbformat_minor = 4, 5
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


def build(out: Path) -> dict[Path, str]:
    """Every target file under ``out`` and its text."""
    files = {}
    for src in sorted(SRC.glob("*.py")):
        for version in VERSIONS:
            files[out / version / f"{src.stem}.ipynb"] = build_notebook(src, version)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out", type=Path, default=HERE, help="folder for exercises/ and solutions/"
    )
    parser.add_argument(
        "--check", action="store_true", help="only report notebooks that are out of date"
    )
    args = parser.parse_args(argv)
    files = build(args.out)
    stale = [
        p for p, text in files.items() if not p.exists() or p.read_text(encoding="utf-8") != text
    ]
    expected = {p.resolve() for p in files}
    extra = [
        p
        for v in VERSIONS
        for p in sorted((args.out / v).glob("*.ipynb"))
        if p.resolve() not in expected
    ]
    if args.check:
        for path in stale:
            print(f"out of date: {path}")
        for path in extra:
            print(f"no source for: {path}")
        if stale or extra:
            print("run: python notebooks/workshop/build.py")
        return 1 if stale or extra else 0
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if path in stale:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    for path in extra:
        print(f"warning: {path} has no source in src/; delete it if it is obsolete")
    return 0


if __name__ == "__main__":
    sys.exit(main())
