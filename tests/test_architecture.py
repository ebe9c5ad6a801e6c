"""The three layers show in the tree, and imports only go downward.

``xlperf.core`` is pure (no spreadsheet, Word or file library, no file I/O), ``xlperf.files``
adapts files and imports only the core, ``xlperf.app`` holds the front ends and may import both.
A module's layer is its package: no hand-kept list decides it. Inside the core the steps
(``CORE_STEPS``, lowest first) are ordered the same way: a step imports only itself and the
steps below it.
"""

import ast
from collections import Counter
from pathlib import Path

import pytest
from helpers import ROOT

PACKAGE = ROOT / "xlperf"
LAYERS = ("core", "files", "app")
#: What each layer may import of xlperf (errors.py is shared by every layer).
ALLOWED = {
    "core": {"core", "errors"},
    "files": {"core", "files", "errors"},
    "app": {"core", "files", "app", "errors"},
}
#: Third-party libraries that only adapters may touch.
ADAPTER_LIBRARIES = {"openpyxl", "python_calamine", "xlwings", "xlsxwriter", "docx", "yaml",
                     "ms_ovba", "ms_ovba_compression", "subprocess", "multiprocessing", "shutil",
                     "tempfile", "zipfile"}
#: Only one module may import xlwings.
XLWINGS_MODULE = "xlperf/app/excel.py"
MAX_LINES = 500


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _layer(path: Path) -> str | None:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 and parts[0] in LAYERS else None


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            if node.module == "xlperf":
                names |= {f"xlperf.{a.name}" for a in node.names}
    return names


def test_every_module_lives_in_a_layer():
    loose = [p.name for p in PACKAGE.glob("*.py")
             if p.name not in ("__init__.py", "__main__.py", "errors.py")]
    assert loose == []


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_go_downward_only(path):
    layer = _layer(path)
    if layer is None:
        return  # the package's own __init__/__main__/errors
    for name in _imports(path):
        parts = name.split(".")
        if parts[0] == "xlperf" and len(parts) > 1:
            assert parts[1] in ALLOWED[layer], f"{layer} module imports {name}"
        if layer == "core":
            assert parts[0] not in ADAPTER_LIBRARIES, f"core module imports {name}"
        if parts[0] == "xlwings":
            assert str(path.relative_to(ROOT)) == XLWINGS_MODULE, f"xlwings imported in {path}"


def test_the_core_opens_no_files():
    for path in (PACKAGE / "core").rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        calls = {n.func.attr if isinstance(n.func, ast.Attribute) else getattr(n.func, "id", "")
                 for n in ast.walk(tree) if isinstance(n, ast.Call)}
        assert not calls & {"open", "read_text", "read_bytes", "write_text", "write_bytes"}, path


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_over_500_lines(path):
    assert len(path.read_text("utf-8").splitlines()) <= MAX_LINES


#: The steps inside the core, one sub-package each (README, 开发), lowest first: a step imports
#: only itself and the steps before it.
CORE_STEPS = ("model", "workbook", "rules", "check", "document", "summary", "review")


def test_the_core_shows_its_steps():
    """core holds sub-packages by step, no loose modules."""
    core = PACKAGE / "core"
    assert [p.name for p in core.glob("*.py") if p.name != "__init__.py"] == []
    assert {p.name for p in core.iterdir() if (p / "__init__.py").exists()} == set(CORE_STEPS)


def _core_modules() -> list[Path]:
    return sorted((PACKAGE / "core").rglob("*.py"))


def _imported_names(path: Path) -> list[tuple[int, str]]:
    """Every module or name a module imports, anywhere in it (inside functions too), as
    absolute dotted names with their lines; relative imports resolved against the module."""
    package = path.relative_to(ROOT).parts[:-1]  # of a module and of an __init__.py alike
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            start = package[:len(package) - node.level + 1] if node.level else ()
            module = ".".join((*start, *([node.module] if node.module else [])))
            found += [(node.lineno, f"{module}.{a.name}") for a in node.names]
    return found


@pytest.mark.parametrize("path", _core_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_core_steps_import_downward_only(path):
    """A core step imports only itself and the steps below it (CORE_STEPS, lowest first)."""
    step = path.relative_to(PACKAGE / "core").parts[0]
    if step not in CORE_STEPS:
        return  # core/__init__.py
    upward = [f"line {line}: {name}" for line, name in _imported_names(path)
              if (parts := name.split("."))[:2] == ["xlperf", "core"] and len(parts) > 2
              and parts[2] in CORE_STEPS and CORE_STEPS.index(parts[2]) > CORE_STEPS.index(step)]
    assert upward == [], f"core step {step!r} imports a step above it: {upward}"


def test_no_name_twins():
    """No two modules and no two classes share a name (``Table`` and ``WordTable``, …)."""
    modules = Counter(p.stem for p in _modules() if p.name != "__init__.py")
    assert {name for name, n in modules.items() if n > 1} == set()
    classes = Counter(node.name for path in _modules()
                      for node in ast.walk(ast.parse(path.read_text("utf-8")))
                      if isinstance(node, ast.ClassDef))
    assert {name for name, n in classes.items() if n > 1} == set()
