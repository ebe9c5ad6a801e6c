"""Read a 绩效文本 — Word, PDF or text — into the model, and check it as a workbook is checked.

The one place a document becomes an :class:`~xlperf.core.document.parse.Imported`, for
``xlperf import``, ``check`` and the county's inbox. A document's findings name where they are
in the document: the table and its row, or the part of 第一部分 (a document has no cells).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import replace
from pathlib import Path

from xlperf.core.document import pdftext
from xlperf.core.document.parse import Imported, Line, parse_document, text_lines
from xlperf.core.document.places import document_place, import_findings, located
from xlperf.core.rules import run_checks, selected, sort_findings
from xlperf.errors import InputFileError, NotATemplateError
from xlperf.files import filetype, textfile, xlsxguard
from xlperf.files.fileio import digest
from xlperf.files.filetype import display_path
from xlperf.files.unitfile import Checked

NO_CONTENT = "没有读到任何绩效目标内容（第一部分或项目绩效目标表），这不像是部门预算绩效文本"


class NoContentError(InputFileError):
    """A readable document without any 绩效目标 content: not a 绩效文本 (a cover letter …)."""


def read_document(path: Path) -> Imported:
    """A 绩效文本 (.docx, .pdf or text) read into the model, with what could not be placed.

    Raises:
        InputFileError: when the document cannot be read; :class:`NoContentError` when it holds
            no 绩效目标 content.
    """
    imported, pages = _read(path)
    if pages:  # a PDF's line numbers are the reader's own: say the page too
        imported.unplaced = [replace(u, reason=f"{u.reason}（PDF 第 {pages[u.line]} 页）")
                             if u.line in pages else u for u in imported.unplaced]
    return imported


def _read(path: Path) -> tuple[Imported, dict[int, int] | None]:
    """The document read, and for a PDF the page of each line."""
    from xlperf.files import wordfile  # python-docx: loaded only when needed

    kind = filetype.document_kind(path)
    pages = None
    if kind == "pdf":
        imported, pages = read_pdf_document(path)
    elif kind == "docx":
        xlsxguard.check_document(path)  # sizes and CRCs first: no zip bomb reaches python-docx
        try:
            lines, unit_line = wordfile.read_docx(path)
        except InputFileError:
            raise  # a bound of the reader's own (a table too long), with its reason
        except Exception as exc:  # python-docx raises many kinds on a damaged package
            raise InputFileError(str(path), "Word 文档已损坏或不是 .docx 格式，无法读取") from exc
        if sum(len(cell) for line in lines for cell in line.cells) > textfile.TEXT_CHARS:
            raise InputFileError(str(path), f"文档的文字超过 {textfile.TEXT_CHARS // 10_000} 万字，"
                                            "远超绩效文本的篇幅，未导入")
        imported = _parse(path, lines, unit_line)
    else:
        imported = read_text_document(path, textfile.read_text(path))
    if not (imported.book.projects or imported.book.department.overall
            or imported.book.department.measures or imported.book.department.sub_targets):
        raise NoContentError(str(path), NO_CONTENT)
    return imported, pages


def read_text_document(path: Path, text: str) -> Imported:
    """Text read into the model: tab-separated as is, text taken from a PDF normalised first
    (its project tables, whose structure is lost, are reported line by line, never guessed).

    Raises:
        InputFileError: when nothing but lost tables is left to import.
    """
    if not pdftext.from_pdf(text):
        return _parse(path, text_lines(text))
    read = pdftext.pdf_text_lines(text)
    imported = _parse(path, read.lines, read.unit_line)
    imported.unplaced = sorted(imported.unplaced + read.unplaced, key=lambda u: u.line)
    imported.notes = read.notes + imported.notes
    department = imported.book.department
    if read.unplaced and not (department.overall or department.sub_targets
                              or department.measures):
        raise InputFileError(str(path), f"{pdftext.LOST_TABLE}（共 {len(read.unplaced)} 行）")
    return imported


def read_pdf_document(path: Path) -> tuple[Imported, dict[int, int]]:
    """A PDF 绩效文本 read into the model, and the page of each line.

    Raises:
        InputFileError: when the PDF cannot be read (a scan, damaged, too large, too slow).
    """
    from xlperf.files import pdffile

    read = pdffile.read_pdf_isolated(path)
    imported = _parse(path, read.lines)
    imported.notes = read.notes + imported.notes
    return imported, read.pages


def _parse(path: Path, lines: Iterable[Line], unit_line: str | None = None) -> Imported:
    try:
        return parse_document(lines, unit_line=unit_line)
    except NotATemplateError as exc:  # too many tables
        raise InputFileError(str(path), str(exc)) from exc


def check_document(path: Path, *, select: Collection[str] | None = None,
                   ignore: Collection[str] | None = None) -> Checked:
    """Read and check a 绩效文本 in memory; an unusable file becomes one R011 finding.

    A readable document without any 绩效目标 content is not checked (``skipped`` says why).
    """
    from xlperf.core.workbook import reading

    name = display_path(str(path))
    try:
        imported, pages = _read(Path(path))
    except NoContentError as exc:
        return Checked(Path(path), None, [], skipped=f"{exc.reason}，未校验")
    except InputFileError as exc:
        return Checked(Path(path), None, [reading.UNREADABLE.at(file=name, reason=exc.reason)],
                       reason=exc.reason)
    book, grids = located(imported.book)
    found = import_findings(imported, pages, file=name)
    found += [document_place(f, book, grids)
              for f in run_checks(book, file=name, select=select, ignore=ignore)]
    found = [f for f in found if selected(f.code, select, ignore)]
    # the review's fingerprint of what was read: a changed resubmission opens a new round
    return Checked(Path(path), book, sort_findings(found, book),
                   digest=digest(Path(path).read_bytes()))


def write_annotated_workbook(path: Path, target: Path, *, annotated: bool = False) -> None:
    """Write the workbook made from a document (as ``xlperf import`` makes it), annotated with
    its findings as ``check --annotate`` marks a workbook: the unit goes on in the template.
    With ``annotated`` its properties mark it as an annotated copy (not a unit's submission).

    Raises:
        InputFileError: when the document cannot be read.
        OutputFileError: when the target cannot be written.
    """
    import tempfile

    from xlperf.core.document.import_sheet import imported_workbook
    from xlperf.files import patch, xlsm, xlsx  # openpyxl: loaded only when needed
    from xlperf.files.unitfile import check_file

    imported = read_document(path)
    with tempfile.TemporaryDirectory(prefix="xlperf-document-") as work:
        made = Path(work) / "made.xlsx"
        xlsx.write_book(imported_workbook(imported, path.name), made)
        checked = check_file(made)
        wb = xlsm.open_workbook(made)
        patch.annotate_workbook(wb, checked.findings)
        if annotated:
            from xlperf.files.discover import ANNOTATED_CATEGORY

            wb.properties.category = ANNOTATED_CATEGORY
        xlsm.save_workbook(wb, target)
