"""The package type-checks: mypy on xlperf, strict on the core (settings in pyproject.toml).

mypy keeps its cache in ``.mypy_cache``: the first run takes a few seconds, later ones well
under one.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _mypy(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mypy", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=600, check=False)


def test_mypy_is_clean() -> None:
    done = _mypy("xlperf")
    assert done.returncode == 0, f"mypy finds problems in xlperf:\n{done.stdout}{done.stderr}"


def test_core_is_checked_strictly(tmp_path: Path) -> None:
    """An unannotated function is an error in the core, and allowed in an adapter."""
    probe = "def probe(x):\n    return x\n"
    for module, strict in (("xlperf/core/workbook/toc.py", True), ("xlperf/files/vml.py", False)):
        source = ROOT / module
        shadow = tmp_path / source.name
        shadow.write_text(source.read_text(encoding="utf-8") + "\n\n" + probe, encoding="utf-8")
        done = _mypy("--shadow-file", str(source), str(shadow), "xlperf")
        flagged = "[no-untyped-def]" in done.stdout
        assert flagged == strict, f"{module}:\n{done.stdout}{done.stderr}"
