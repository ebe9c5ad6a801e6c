"""Taking in one upload: size limit, the isolated check, the unit's own code, the inbox write.

The check runs in a worker process with the same time and memory limits as ``consolidate``,
so a hostile upload costs only its own worker. A file is written into the inbox only once it
was read as a 绩效目标 workbook of the unit whose link sent it; a rejected upload leaves
nothing in the inbox.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xlperf.app.serve.store import Holder, Store, Upload
from xlperf.core.model.findings import Finding, Severity
from xlperf.core.review.rubric import Rubric
from xlperf.files import batch
from xlperf.files.fileio import atomic_write

#: What an upload may be: a workbook (.xlsm keeps the unit's buttons) or a 绩效文本 document.
SUFFIXES = (".xlsx", ".xlsm", ".docx", ".pdf")
#: The documents among them: their 校验 copy is a workbook made from them, and no fixed copy.
DOCUMENTS = (".docx", ".pdf")
MEGABYTE = 1024 * 1024
#: The copies of a version a unit can download, and the word added to the file's name.
COPIES = {"annotated": "校验", "fixed": "已修正"}


@dataclass(frozen=True)
class UploadLimits:
    """What one upload may cost."""

    upload_bytes: int = 20 * MEGABYTE
    seconds: float = 60.0
    memory: int | None = batch.WORKER_MEMORY


class Rejected(Exception):  # noqa: N818 - it is what happened to the upload
    """An upload that is not taken in, with the Chinese reason the page shows."""

    def __init__(self, reason: str, status: int = 400) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


@dataclass(frozen=True)
class _Job:
    path: str
    output: str | None = None  # a copy to write (downloads), else check only
    kind: str = "annotated"  # which copy: "annotated" (校验) or "fixed" (safe fixes applied)


def _check_in_worker(job: _Job) -> dict[str, Any]:
    """Read and check one upload (runs in an isolated worker process)."""
    from xlperf.app.actions import unit as actions

    if job.output is not None and job.kind == "fixed":
        from xlperf.app.actions.fixes import fix_file

        plan = fix_file(Path(job.path), Path(job.output))
        return {"changes": len(plan.changes)}
    checked = actions.check_file(Path(job.path), copies=False)
    if checked.skipped:
        return {"refused": checked.skipped}  # an output of xlperf's own, a letter with no 目标…
    if checked.book is None:
        return {"refused": checked.findings[0].message}
    if job.output is not None:
        actions.annotate_file(checked, Path(job.output))
    info = checked.book.info
    titles = {p.sheet or "": " ".join(t for t in (p.code, p.name) if t)
              for p in checked.book.projects}
    return {"code": info.code, "name": info.name, "year": info.year, "titles": titles,
            "findings": [f.model_dump(mode="json") for f in checked.findings]}


class Intake:
    """Uploads of many units at once, checked a few at a time."""

    def __init__(self, store: Store, inbox: Path, rubric: Rubric, limits: UploadLimits,
                 workers: int | None = None) -> None:
        self.store = store
        self.inbox = Path(inbox)
        self.rubric = rubric
        self.limits = limits
        self._slots = threading.BoundedSemaphore(workers or os.cpu_count() or 1)
        self._names = threading.Lock()

    def _isolated(self, job: _Job) -> dict[str, Any]:
        with self._slots:
            [outcome] = batch.run_isolated(_check_in_worker, [job], jobs=1,
                                           seconds=self.limits.seconds,
                                           memory=self.limits.memory)
        if isinstance(outcome, batch.Failure):
            raise Rejected(f"无法读取：{outcome.reason}")
        if "refused" in outcome:
            raise Rejected(str(outcome["refused"]))
        return outcome

    def accept(self, holder: Holder, upload: Path, original: str) -> Upload:
        """Check an upload (a temporary file in the store) and take it into the inbox.

        Raises:
            Rejected: it is not a readable workbook of this unit (nothing is stored then).
        """
        suffix = _suffix(upload, original)
        named = upload.with_suffix(suffix)  # the readers choose by the name: workbook or document
        upload.rename(named)
        try:
            result = self._isolated(_Job(str(named)))
            code = str(result["code"] or "").strip()
            return self._accepted(holder, named, original, suffix, result, code)
        finally:
            named.unlink(missing_ok=True)

    def _accepted(self, holder: Holder, upload: Path, original: str, suffix: str,
                  result: dict[str, Any], code: str) -> Upload:
        if holder.code is None:
            raise Rejected("财政局的链接用于查看和汇总，单位文件请用单位自己的链接上传", 403)
        if not code:
            raise Rejected("封面的“单位编码”未填写（文档中为第一行的“单位编码 单位名称”）；"
                           "请填写后再上传")
        if code != holder.code:
            raise Rejected(f"封面的单位编码是“{code}”，而本链接属于"
                           f"“{holder.code} {holder.name or ''}”；请上传本单位的文件", 403)
        findings = [Finding.model_validate(f) for f in result["findings"]]
        return self._store(holder, upload, original, suffix, result, findings)

    def _store(self, holder: Holder, upload: Path, original: str, suffix: str,
               result: dict[str, Any], findings: list[Finding]) -> Upload:
        assert holder.code is not None
        data = upload.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        previous = self.store.submissions(holder.code)
        with self._names:
            now = dt.datetime.now()
            stem = f"{_safe(holder.code)}_{now:%Y%m%d-%H%M%S}"
            name = _free_name(self.inbox, stem, suffix)
            version = Path("versions") / _safe(holder.code) / name
            (self.store.folder / version).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(upload, self.store.folder / version)
            atomic_write(self.inbox / name, lambda tmp: shutil.copyfile(upload, tmp))
        findings = [f.model_copy(update={"file": name}) for f in findings]  # not the temp path
        count = {s: sum(f.severity is s for f in findings) for s in Severity}
        suggestion = self.rubric.grade(self.rubric.counts(findings)).result.value
        number = self.store.add_submission(
            unit_code=holder.code, unit_name=result["name"] or holder.name,
            original=original[:200], stored=name, version=str(version),
            received=now.timestamp(), sha256=sha, kind=suffix.lstrip(".").upper(),
            errors=count[Severity.ERROR], warnings=count[Severity.WARNING],
            infos=count[Severity.INFO], fixable=sum(f.fix is not None for f in findings),
            suggestion=suggestion,
            report="[" + ",".join(f.model_dump_json() for f in findings) + "]",
            titles=json.dumps(result["titles"], ensure_ascii=False),
        )
        self._retire(previous)
        submission = self.store.submission(holder.code, number)
        assert submission is not None
        return submission

    def _retire(self, previous: list[Upload]) -> None:
        """The inbox keeps a unit's newest upload only; older ones the service wrote (and
        nobody changed since) are removed from it, their copies stay under ``versions``."""
        for old in previous:
            path = self.inbox / old.stored
            try:
                if path.is_file() and _sha256(path) == old.sha256:
                    path.unlink()
            except OSError:
                continue  # left in the inbox: consolidate takes the newer copy anyway

    def copy(self, submission: Upload, kind: str) -> Path:
        """A version's 校验 copy (``annotated``) or its safe-fixed copy (``fixed``), made on the
        first download in an isolated worker, then kept.

        Raises:
            Rejected: when it cannot be made.
        """
        folder = self.store.folder / "outputs" / f"sub-{submission.id}"
        stored = Path(submission.stored)
        if stored.suffix in DOCUMENTS and kind == "fixed":
            raise Rejected("Word 或 PDF 文档不能自动修正；请下载“_校验”工作簿，在工作簿中修改", 404)
        suffix = ".xlsx" if stored.suffix in DOCUMENTS else stored.suffix  # made from the text
        target = folder / f"{stored.stem}_{COPIES[kind]}{suffix}"
        if not target.is_file():
            folder.mkdir(parents=True, exist_ok=True)
            self._isolated(_Job(str(self.store.folder / submission.version), str(target), kind))
        return target


def _suffix(upload: Path, original: str) -> str:
    """The extension the upload is stored under, decided by its content, not its name.

    Raises:
        Rejected: for anything that is neither a workbook nor a 绩效文本 document.
    """
    with open(upload, "rb") as handle:
        head = handle.read(5)
    if head.startswith(b"%PDF"):
        return ".pdf"
    if not head.startswith(b"PK\x03\x04"):
        kind = "旧版 Excel（.xls）、旧版 Word（.doc）或加密文件" if head.startswith(
            b"\xd0\xcf\x11\xe0") else "既不是工作簿也不是 Word 或 PDF 文档"
        raise Rejected(f"上传的文件是{kind}；请上传 .xlsx/.xlsm 绩效目标工作簿，"
                       "或 Word（.docx）、PDF 格式的绩效文本")
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        suffix = Path(original).suffix.lower()  # damaged: the reader says how, by its name
        return suffix if suffix in SUFFIXES else ".xlsx"
    if "word/document.xml" in names:
        return ".docx"
    return ".xlsm" if "xl/vbaProject.bin" in names else ".xlsx"


_UNSAFE = re.compile(r"[^0-9A-Za-z_\-\u4e00-\u9fff]")


def _safe(code: str) -> str:
    """A unit code as part of a file name (codes are digits; anything else is replaced)."""
    return _UNSAFE.sub("_", code)[:40] or "_"


def _free_name(folder: Path, stem: str, suffix: str) -> str:
    name = stem + suffix
    number = 2
    while (folder / name).exists():
        name = f"{stem}-{number}{suffix}"
        number += 1
    return name


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(MEGABYTE), b""):
            h.update(block)
    return h.hexdigest()
