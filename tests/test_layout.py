"""The package's layout stays true: imports follow the data flow, no module reaches into
another's private names, and modules and functions stay small enough to read.

Imports are read with ``ast`` (function-level imports too), so the check needs no import
of the package and fails on the line that breaks the rule.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "toolkit"

# The stages in data-flow order: a module may import from its own stage or an earlier one.
STAGES = (
    ("toolkit.errors", "toolkit.version", "toolkit.schema", "toolkit.tables"),
    ("toolkit.load",),
    ("toolkit.segment",),
    ("toolkit.nlp",),
    ("toolkit.measures",),
    ("toolkit.analysis",),
    ("toolkit.compare",),
    ("toolkit.charts",),
    ("toolkit.report",),
    ("toolkit.cli", "toolkit.workshop", "toolkit.__main__", "toolkit"),
)
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80
# A function may run longer when a comment right above it says why it must be one piece.
ONE_PIECE = "one piece"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _stage(module: str) -> int:
    best, rank = -1, None
    for i, names in enumerate(STAGES):
        for name in names:
            if (module == name or module.startswith(name + ".")) and len(name) > best:
                best, rank = len(name), i
    assert rank is not None, f"{module} is in no stage of tests/test_layout.py"
    return rank


def _is_module(name: str) -> bool:
    dotted = ROOT.joinpath(*name.split("."))
    return dotted.with_suffix(".py").is_file() or (dotted / "__init__.py").is_file()


def _sources(*folders: Path) -> list[Path]:
    return sorted(p for folder in folders for p in folder.rglob("*.py"))


def _imports(tree: ast.AST) -> list[tuple[int, str, str | None]]:
    """(line, module, imported name or None) for every toolkit import in ``tree``."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [
                (node.lineno, a.name, None) for a in node.names if a.name.startswith("toolkit")
            ]
        elif (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and node.module
            and (node.module == "toolkit" or node.module.startswith("toolkit."))
        ):
            found += [(node.lineno, node.module, a.name) for a in node.names]
    return found


def _private(name: str | None) -> bool:
    return name is not None and name.startswith("_") and not name.startswith("__")


def test_every_import_follows_the_data_flow():
    wrong = []
    for path in _sources(PACKAGE):
        me = _module_name(path)
        for line, module, name in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            target = f"{module}.{name}" if name and _is_module(f"{module}.{name}") else module
            if me != "toolkit" and _stage(target) > _stage(me):
                wrong.append(
                    f"{path.relative_to(ROOT)}:{line}: {me} imports {target}, a later stage"
                )
    assert not wrong, "\n".join(wrong)


def test_no_module_uses_another_modules_private_names():
    wrong = []
    for path in _sources(PACKAGE, ROOT / "benchmarks"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules: set[str] = set()  # local names bound to toolkit modules
        for line, module, name in _imports(tree):
            if _private(name):
                wrong.append(f"{path.relative_to(ROOT)}:{line}: imports {module}.{name}")
            if name is None:
                modules.add(module.split(".")[0])
            elif _is_module(f"{module}.{name}"):
                modules.add(name)
        for node in ast.walk(tree):
            if isinstance(node, ast.alias) and node.asname and node.name in modules:
                modules.add(node.asname)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and _private(node.attr)
                and isinstance(node.value, ast.Name)
                and node.value.id in modules
            ):
                wrong.append(
                    f"{path.relative_to(ROOT)}:{node.lineno}: uses {node.value.id}.{node.attr}"
                )
    assert not wrong, "\n".join(wrong)


def _code_lines(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    lines = node.end_lineno - node.lineno + 1
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        lines -= body[0].end_lineno - body[0].lineno + 1
    return lines


@pytest.mark.parametrize("path", _sources(PACKAGE), ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_and_functions_stay_small(path):
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    assert len(lines) <= MAX_MODULE_LINES, f"{len(lines)} lines; split the module"
    long = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            above = lines[max(0, first - 4) : first - 1]
            if _code_lines(node) > MAX_FUNCTION_LINES and not any(ONE_PIECE in a for a in above):
                long.append(f"{node.name} (line {node.lineno}): {_code_lines(node)} lines of code")
    assert not long, "split these, or say above them why each is one piece:\n" + "\n".join(long)


def test_the_layout_check_sees_a_wrong_import(tmp_path):
    # The checks above pass vacuously if _imports finds nothing; make sure it finds these.
    tree = ast.parse(
        "from toolkit.charts import x\nimport toolkit.report\nfrom toolkit.load import _y\n"
    )
    assert _imports(tree) == [
        (1, "toolkit.charts", "x"),
        (2, "toolkit.report", None),
        (3, "toolkit.load", "_y"),
    ]
    assert _stage("toolkit.charts.base") > _stage("toolkit.measures.readability")
    assert _private("_y") and not _private("__version__")
