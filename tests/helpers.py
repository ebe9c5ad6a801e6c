"""Test helpers: LibreOffice as the independent spreadsheet client, hashing, grids."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

HERE = Path(__file__).parent
ROOT = HERE.parent
DATA = HERE / "data"
REQUIRE_SOFFICE = os.environ.get("XLPERF_REQUIRE_SOFFICE") == "1"


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _uno_python() -> str | None:
    for candidate in ("/usr/bin/python3", shutil.which("python3")):
        if candidate and subprocess.run(
            [candidate, "-c", "import uno"], capture_output=True
        ).returncode == 0:
            return candidate
    return None


def unavailable(what: str) -> None:
    """Skip locally, fail in CI (XLPERF_REQUIRE_SOFFICE=1): CI must run every LO test."""
    if REQUIRE_SOFFICE:
        pytest.fail(f"{what} is required in CI but missing")
    pytest.skip(f"{what} not installed")


class LibreOffice:
    """soffice --headless with a private profile, plus the UNO job runner in lo/uno_ops.py."""

    def __init__(self, soffice: str, uno_python: str | None) -> None:
        self.soffice = soffice
        self.uno_python = uno_python
        self.profile = Path(tempfile.mkdtemp(prefix="xlperf-lo-profile-"))

    def convert(self, path: Path, fmt: str, outdir: Path) -> Path:
        """Convert one file (e.g. to "pdf" or "xlsx"); return the output path."""
        (out,) = self.convert_many([path], fmt, outdir)
        return out

    def convert_many(self, paths: list[Path], fmt: str, outdir: Path) -> list[Path]:
        """Convert several files with one LibreOffice start (each start costs 1-3 s); return
        the output paths in the order of ``paths``. Their names must differ without suffix."""
        paths = [Path(p) for p in paths]
        stems = [p.stem for p in paths]
        assert len(set(stems)) == len(stems), f"two outputs would share a name: {stems}"
        outdir.mkdir(parents=True, exist_ok=True)
        outs = [outdir / f"{stem}.{fmt.split(':')[0]}" for stem in stems]
        for out in outs:  # an old output must not pass for a new one
            assert out.resolve() not in {p.resolve() for p in paths}, f"{out} is an input"
            out.unlink(missing_ok=True)
        proc = subprocess.run(
            [self.soffice, f"-env:UserInstallation=file://{self.profile}", "--headless",
             "--convert-to", fmt, "--outdir", str(outdir), *map(str, paths)],
            capture_output=True, text=True, timeout=120 + 60 * len(paths),
        )
        missing = [str(p) for p, out in zip(paths, outs, strict=True) if not out.exists()]
        assert not missing, f"LibreOffice did not convert {missing}: {proc.stdout} {proc.stderr}"
        return outs

    def job(self, job: dict, tmp: Path) -> list:
        """Run a UNO job (see lo/uno_ops.py); return the answers to its queries."""
        return self._uno(job, tmp / "job.json", 300)["queries"]

    def jobs(self, jobs: list[dict], tmp: Path) -> list[list]:
        """Run several UNO jobs in one LibreOffice start; return each job's answers."""
        return self._uno({"jobs": jobs}, tmp / "jobs.json", 120 + 60 * len(jobs))["jobs"]

    def _uno(self, payload: dict, job_file: Path, timeout: int) -> dict:
        if self.uno_python is None:
            unavailable("python3-uno")
        job_file.write_text(json.dumps(payload, ensure_ascii=False), "utf-8")
        proc = subprocess.run(
            [self.uno_python, str(HERE / "lo" / "uno_ops.py"), str(job_file)],
            capture_output=True, text=True, timeout=timeout,
        )
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout.strip().splitlines()[-1])

    def close(self) -> None:
        shutil.rmtree(self.profile, ignore_errors=True)


def make_libreoffice() -> LibreOffice:
    soffice = shutil.which("soffice")
    if soffice is None:
        unavailable("LibreOffice (soffice)")
    return LibreOffice(soffice, _uno_python())


def spec_grids(spec, *, formulas: bool = False):
    """A BookSpec as the grids a reader would get from a saved file (no cached formula values)."""
    from xlperf.core.workbook.grid import BookGrids, SheetGrid

    sheets = []
    for sheet in spec.sheets:
        rows = [[None] * max(c for _, c in sheet.cells) for _ in range(sheet.last_row)]
        for (r, c), cell in sheet.cells.items():
            value = cell.value
            if type(value).__name__ == "Formula" and not formulas:
                value = None
            rows[r - 1][c - 1] = value
        sheets.append(SheetGrid(sheet.name, rows))
    return BookGrids(tuple(sheets))


def text_grid(text: str):
    """Tab-separated lines (as in the seed text) → rows of cells."""
    return [[c or None for c in line.split("\t")] for line in text.strip("\n").split("\n")]
