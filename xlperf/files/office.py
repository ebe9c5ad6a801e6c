"""LibreOffice headless as a converter: ``.docx`` → ``.pdf`` (the ``export --pdf`` option)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from xlperf.errors import OutputFileError

#: Where LibreOffice installs itself when it is not on PATH.
CANDIDATES = (
    "soffice",
    "libreoffice",
    "/usr/bin/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
)
TIMEOUT = 300


def find_soffice() -> str | None:
    """The LibreOffice executable, or None."""
    for candidate in CANDIDATES:
        found = shutil.which(candidate) or (candidate if Path(candidate).is_file() else None)
        if found:
            return found
    return None


def convert_to_pdf(source: Path, target: Path) -> Path:
    """Convert a document to PDF with a private LibreOffice profile; replace target atomically.

    Raises:
        OutputFileError: when LibreOffice is missing, fails or times out.
    """
    soffice = find_soffice()
    if soffice is None:
        raise OutputFileError("未找到 LibreOffice（soffice），无法生成 PDF；Word 文档已写好，"
                              "可安装 LibreOffice 后重试，或在 Word/WPS 中另存为 PDF")
    with tempfile.TemporaryDirectory(prefix="xlperf-pdf-") as work:
        profile = Path(work) / "profile"
        try:
            subprocess.run(
                [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                 "--convert-to", "pdf", "--outdir", work, str(source)],
                capture_output=True, timeout=TIMEOUT, check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise OutputFileError(f"LibreOffice 转换 PDF 超时（{TIMEOUT} 秒）") from exc
        produced = Path(work) / f"{source.stem}.pdf"
        if not produced.exists():
            raise OutputFileError(f"LibreOffice 未能把 {source} 转换为 PDF")
        shutil.move(str(produced), str(target.with_name(f".xlperf-{target.name}.tmp")))
        os.replace(target.with_name(f".xlperf-{target.name}.tmp"), target)
    return target
