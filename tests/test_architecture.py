"""The pure core knows no spreadsheet library; adapters stay at the edge."""

import ast
from pathlib import Path

import pytest
from helpers import ROOT

CORE = [
    "models", "values", "vocab", "grid", "layout", "sheetspec", "render", "reader", "findings",
    "errors", "examples", "filetype", "fileio", "edits", "toc", "formbuttons", "summary_book",
    "checks", "defaults", "annotate", "report", "rulesdoc", "progress", "consolidate",
    "summary_sheets", "fastmodel", "buttons", "document",
]
SPREADSHEET_LIBRARIES = {"openpyxl", "python_calamine", "xlwings", "xlsxwriter", "docx"}


def _sources(module: str) -> list[Path]:
    package = ROOT / "xlperf" / module
    return sorted(package.glob("*.py")) if package.is_dir() else [ROOT / "xlperf" / f"{module}.py"]


def _imports(module: str) -> set[str]:
    names = set()
    for node in (n for path in _sources(module) for n in ast.walk(ast.parse(path.read_text()))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            if node.module == "xlperf":
                names |= {f"xlperf.{a.name}" for a in node.names}
    return names


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_no_spreadsheet_library(module):
    seen, todo = set(), [module]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for name in _imports(current):
            assert name.split(".")[0] not in SPREADSHEET_LIBRARIES, f"{current} imports {name}"
            if name.startswith("xlperf.") and name.split(".")[1] != current:
                dependency = name.split(".")[1]
                assert dependency in CORE, f"core module {current} imports adapter {name}"
                todo.append(dependency)
