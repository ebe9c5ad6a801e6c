"""The verbs on a unit's 绩效文本: export a workbook to Word (and PDF), import a document."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from xlperf.core.check.results import ExportGate
from xlperf.core.document.import_sheet import imported_workbook
from xlperf.core.document.parse import Imported
from xlperf.core.model.findings import Finding
from xlperf.core.model.unit_workbook import UnitWorkbook
from xlperf.errors import OutputFileError, XlperfError
from xlperf.files import fileio
from xlperf.files.docread import read_document
from xlperf.files.filetype import display_path
from xlperf.files.unitfile import check_unit_file, open_unit


@dataclass(frozen=True)
class Exported:
    """A 绩效文本 written from a unit workbook."""

    book: UnitWorkbook
    docx: Path
    pdf: Path | None
    unread: list[Finding]  # what the reader reported (report.export_notes: what was left out)
    gate: ExportGate  # the errors and warnings the workbook still has


class HasErrors(XlperfError):
    """A workbook with errors was not exported (``allow_errors`` was not given)."""

    def __init__(self, path: Path, gate: ExportGate) -> None:
        super().__init__(f"{display_path(str(path))}：未导出，还有{gate.remaining()}")
        self.path, self.gate = path, gate


def export_document(path: Path, docx_path: Path, *, pdf: bool = False, force: bool = False,
                    allow_errors: bool = False) -> Exported:
    """Write a unit workbook's 部门预算绩效文本 as Word (and PDF through LibreOffice).

    The workbook is checked first: with errors nothing is written unless ``allow_errors``.

    Raises:
        InputFileError, NotATemplateError: when the workbook cannot be used.
        HasErrors: when the workbook has errors and ``allow_errors`` is false.
        OutputFileError: when the Word file is not named .docx, an output exists (without
            ``force``) or cannot be written.
    """
    from xlperf.files import office, wordfile  # python-docx: loaded only when needed

    path, docx_path = Path(path), Path(docx_path)
    if docx_path.suffix.lower() != ".docx":
        raise OutputFileError(f"{docx_path}：Word 文档的扩展名应为 .docx，"
                              f"不能是“{docx_path.suffix or '无扩展名'}”")
    targets = [docx_path] + ([docx_path.with_suffix(".pdf")] if pdf else [])
    for target in targets:
        fileio.refuse_existing(target, force)
    checked = check_unit_file(open_unit(path))
    book, gate = checked.book, checked.gate
    if gate.blocked and not allow_errors:
        raise HasErrors(path, gate)
    fileio.atomic_write(docx_path, lambda tmp: wordfile.write_unit(book, tmp))
    pdf_path = office.convert_to_pdf(docx_path, targets[1]) if pdf else None
    return Exported(book, docx_path, pdf_path, checked.unread, gate)


def import_document(path: Path, output: Path, *, force: bool = False) -> Imported:
    """Read a 绩效文本 (.docx, .pdf, or text extracted from one) and write the unit workbook.

    Raises:
        InputFileError: when the document cannot be read.
        OutputFileError: when output exists (without ``force``) or cannot be written.
    """
    path, output = Path(path), Path(output)
    fileio.refuse_existing(output, force)
    imported = read_document(path)
    from xlperf.files import xlsx  # openpyxl: loaded only when needed

    xlsx.write_book(imported_workbook(imported, path.name), output)  # atomic itself
    return imported
