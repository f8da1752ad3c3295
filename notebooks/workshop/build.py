"""Build the workshop's exercise and solution notebooks from one source.

Sources are jupytext percent-format scripts in ``src/``. Inside a code cell, the lines
between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` are the solution:

- the solution notebooks keep them (without the markers);
- the exercise notebooks replace them with a placeholder: ``# PLACEHOLDER: <code>`` lines
  in the block if there are any, else ``name = None  # your code here`` for each name the
  solution assigns, else ``# your code here``.

``PLACEHOLDER`` lines never appear in solutions. Both versions are written with empty
outputs, no execution counts, stable cell ids and the ``python3`` kernel, so a rebuild
gives identical files. Nothing built is committed: the exercises go into the participants'
hand-out folder, the solutions into a sibling folder that the hand-out does not contain
(``room.py handout`` adds the data, the toolkit wheel and the setup script).

Usage::

    python notebooks/workshop/build.py            # build/workshop/{handout,solutions}/*.ipynb
    python notebooks/workshop/build.py --out DIR  # DIR/handout and DIR/solutions
    python notebooks/workshop/build.py --check    # exit 1 if a source does not build, an
                                                  # exercise shows a solution, a check is
                                                  # missing, or DIR holds stale notebooks
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
ROOT = HERE.parents[1]
SRC = HERE / "src"
DEFAULT_OUT = ROOT / "build" / "workshop"
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


def build() -> dict[str, dict[str, str]]:
    """``{version: {file name: notebook text}}`` for every source."""
    return {
        version: {
            f"{src.stem}.ipynb": build_notebook(src, version) for src in sorted(SRC.glob("*.py"))
        }
        for version in VERSIONS
    }


def write(exercises: Path, solutions: Path) -> list[Path]:
    """Write the exercise notebooks into ``exercises`` and the solutions into ``solutions``."""
    written = []
    for version, folder in zip(VERSIONS, (exercises, solutions)):
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in build()[version].items():
            (folder / name).write_text(text, encoding="utf-8")
            written.append(folder / name)
    return written


CHECK_CALL = re.compile(r"""check\(\s*["']([0-9]+\.[0-9]+)["']""")


def problems(built: dict[str, dict[str, str]]) -> list[str]:
    """What is wrong with the built notebooks, independent of any folder."""
    sys.path.insert(0, str(ROOT))
    from toolkit.workshop import CHECKS

    found = []
    used = set()
    for name, text in built["exercises"].items():
        if "# your code here" not in text:
            found.append(f"{name}: the exercise version has no placeholder")
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "PLACEHOLDER"):
            if marker in text or marker in built["solutions"][name]:
                found.append(f"{name}: {marker} left in a built notebook")
        code = "\n".join(c.source for c in nbformat.reads(text, 4).cells if c.cell_type == "code")
        for exercise in CHECK_CALL.findall(code):
            used.add(exercise)
            if exercise not in CHECKS:
                found.append(f"{name}: check({exercise!r}) has no check in toolkit.workshop")
    unused = sorted(set(CHECKS) - used - {"demo"})
    found += [f"toolkit.workshop has a check for {e} that no notebook uses" for e in unused]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help="folder for handout/ (exercises) and solutions/",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="only check the sources, and the notebooks already in --out",
    )
    args = parser.parse_args(argv)
    built = build()
    folders = {"exercises": args.out / "handout", "solutions": args.out / "solutions"}
    if args.check:
        found = problems(built)
        for version, folder in folders.items():
            for name, text in built[version].items():
                path = folder / name
                if folder.is_dir() and (
                    not path.exists() or path.read_text(encoding="utf-8") != text
                ):
                    found.append(
                        f"out of date: {path} (run python notebooks/workshop/room.py handout)"
                    )
        for problem in found:
            print(problem)
        return 1 if found else 0
    for path in write(folders["exercises"], folders["solutions"]):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
