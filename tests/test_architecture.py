"""The pure core knows no spreadsheet library; adapters stay at the edge."""

import ast
from pathlib import Path

import pytest
from helpers import ROOT

CORE = ["fileio", "models", "values", "vocab", "grid", "layout", "sheetspec", "render", "reader",
        "findings", "errors", "examples", "filetype",
        "edits", "toc", "formbuttons", "summary_book"]
SPREADSHEET_LIBRARIES = {"openpyxl", "python_calamine", "xlwings", "xlsxwriter"}


def _imports(module: str) -> set[str]:
    tree = ast.parse((ROOT / "xlperf" / f"{module}.py").read_text("utf-8"))
    names = set()
    for node in ast.walk(tree):
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
            if name.startswith("xlperf."):
                dependency = name.split(".")[1]
                assert dependency in CORE, f"core module {current} imports adapter {name}"
                todo.append(dependency)
