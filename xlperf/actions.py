"""The verbs shared by the CLI, the Excel buttons and batch runs: files in, results out."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from xlperf import fastread, fileio, filetype, layout
from xlperf.checks import run_checks, selected, sort_findings
from xlperf.defaults import FillResult, fill_defaults
from xlperf.document import Imported
from xlperf.errors import InputFileError, NotATemplateError, OutputFileError, XlperfError
from xlperf.examples import example_names, load_example
from xlperf.findings import Finding
from xlperf.formbuttons import unit_buttons
from xlperf.grid import BookGrids
from xlperf.models import Project, UnitInfo, UnitWorkbook
from xlperf.reader import MISSING_COVER, MISSING_DEPARTMENT, UNREADABLE, ReadResult, read_book
from xlperf.render import render_toc, render_workbook
from xlperf.summary_book import SUMMARY_BOOK_NAME, render_summary_book, summary_buttons

Engine = Literal["calamine", "openpyxl"]

MISSING_SHEET_CODES = frozenset({MISSING_COVER.code, MISSING_DEPARTMENT.code})
TEMPLATE_NAME = "单位绩效目标模板.xlsx"
TEMPLATE_PROJECTS = 3


def load_grids(path: Path, engine: Engine = "calamine") -> BookGrids:
    """Read a workbook file's values with the chosen engine.

    Raises:
        InputFileError: when the file cannot be opened as a workbook.
    """
    if engine == "calamine":
        return fastread.load_grids(Path(path))
    from xlperf import xlsx  # openpyxl: loaded only when needed

    return xlsx.load_grids(Path(path))


def read_file(path: Path, engine: Engine = "calamine", *, complete: bool = False) -> ReadResult:
    """Read a unit workbook file into the model; findings carry the file name.

    With ``complete``, a workbook without its 封面 or 部门整体绩效目标 sheet is an input error
    rather than a finding.

    Raises:
        InputFileError: when the file cannot be opened as a workbook (or is incomplete).
        NotATemplateError: when it is a workbook but not a 绩效目标 workbook.
    """
    if engine == "calamine":  # the reader ignores the sheets xlperf generates: don't parse them
        grids = fastread.load_grids(Path(path), skip=layout.GENERATED_SHEETS)
    else:
        grids = load_grids(path, engine)
    try:
        result = read_book(grids)
    except NotATemplateError as exc:
        raise NotATemplateError(f"{path}：不是绩效目标工作簿，{exc}") from exc
    name = str(path)
    missing = [f.message for f in result.findings if f.code in MISSING_SHEET_CODES]
    if complete and missing:
        hint = "（请用 xlperf new 生成的模板补齐该工作表）"
        raise InputFileError(name, "；".join(missing) + hint)
    result.findings = [f.model_copy(update={"file": name}) for f in result.findings]
    return result


def write_unit(book: UnitWorkbook, path: Path, *, blank_projects: int = 0,
               overwrite: bool = False) -> Path:
    """Write a unit workbook; refuse to replace an existing file unless asked.

    Raises:
        OutputFileError: when path exists and overwrite is false, or cannot be written.
    """
    from xlperf import xlsx  # openpyxl: loaded only when needed

    path = Path(path)
    fileio.refuse_existing(path, overwrite)
    xlsx.write_book(render_workbook(book, blank_projects=blank_projects), path)
    return path


def new_unit(info: UnitInfo, projects: int) -> UnitWorkbook:
    """A blank unit workbook model with the given unit info and empty project tables."""
    return UnitWorkbook(info=info, projects=[Project.blank(info) for _ in range(projects)])


@dataclass(frozen=True)
class BuiltFile:
    """One generated workbook under ``workbooks/``."""

    path: Path
    what: str


def build_workbooks(folder: Path) -> list[BuiltFile]:
    """Generate every workbook users download: the blank template and the examples."""
    folder = Path(folder)
    (folder / "examples").mkdir(parents=True, exist_ok=True)
    built = [
        BuiltFile(
            write_unit(new_unit(UnitInfo(), TEMPLATE_PROJECTS), folder / TEMPLATE_NAME,
                       overwrite=True),
            f"空白单位模板（{TEMPLATE_PROJECTS} 张项目表）",
        )
    ]
    for name in example_names():
        path = write_unit(load_example(name), folder / "examples" / f"{name}.xlsx",
                          overwrite=True)
        built.append(BuiltFile(path, "示例单位"))
    return built + build_macro_workbooks(folder)


# --- macro workbooks (issue 5) ---
MACRO_TEMPLATE_NAME = "单位绩效目标模板.xlsm"


def build_macro_workbooks(folder: Path) -> list[BuiltFile]:
    """The .xlsm workbooks with buttons: the unit template and the county summary workbook."""
    from xlperf import xlsm  # openpyxl: loaded only when needed

    unit = render_workbook(new_unit(UnitInfo(), TEMPLATE_PROJECTS))
    unit_path = xlsm.write_macro_book(unit, Path(folder) / MACRO_TEMPLATE_NAME,
                                      xlsm.load_modules(xlsm.UNIT_MODULES), unit_buttons(unit))
    summary_path = xlsm.write_macro_book(render_summary_book(), Path(folder) / SUMMARY_BOOK_NAME,
                                         xlsm.load_modules(xlsm.SUMMARY_MODULES),
                                         summary_buttons())
    return [
        BuiltFile(unit_path, "空白单位模板，带按钮（填充默认值、校验、生成目录、导出 Word）"),
        BuiltFile(summary_path, "县级汇总工作簿，带“汇总”按钮"),
    ]


# --- toc (issue 5) ---
def refresh_toc_file(path: Path, output: Path | None = None, *, in_place: bool = False) -> int:
    """Regenerate the 目录 sheet of a workbook file (the CLI twin of the 生成目录 button).

    Writes ``output``, or the input itself with ``in_place``; returns the number of projects.

    Raises:
        InputFileError: when the file cannot be opened as a workbook.
        NotATemplateError: when it is not a 绩效目标 workbook.
        OutputFileError: when output is missing, equals the input without ``in_place``, or
            cannot be written.
    """
    from xlperf import xlsm  # openpyxl: loaded only when needed

    path = Path(path)
    target = _output_for(path, output, in_place)
    book = read_file(path, engine="openpyxl").book
    wb = xlsm.open_workbook(path)
    names = wb.sheetnames
    index = names.index(layout.COVER_SHEET) + 1 if layout.COVER_SHEET in names else 0
    xlsm.replace_sheet(wb, render_toc(book), index)
    xlsm.save_workbook(wb, target)
    return len(book.projects)


# --------------------------------------------------------------------------- check and fill
ANNOTATED_SUFFIX = "_校验"


def find_workbooks(paths: Sequence[Path], *, recursive: bool = True) -> list[Path]:
    """The workbooks to process: files as given, folders searched (recursively by default).

    Skips Office lock files (``~$…``), our own temp files and annotated copies (``…_校验``).

    Raises:
        InputFileError: when a given path does not exist.
    """
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(
                p for p in (path.rglob("*") if recursive else path.glob("*"))
                if p.suffix.lower() in (".xlsx", ".xlsm") and p.is_file()
                and not p.name.startswith(("~$", ".xlperf-"))
                and not p.stem.endswith(ANNOTATED_SUFFIX)
            )
        elif path.exists():
            found.append(path)
        else:
            raise InputFileError(str(path), "文件或文件夹不存在")
    return found


@dataclass
class Checked:
    """One workbook checked: its model (None when unreadable) and all its findings."""

    path: Path
    book: UnitWorkbook | None
    findings: list[Finding]
    unreadable: bool = False


def check_file(path: Path, *, select: Collection[str] | None = None,
               ignore: Collection[str] | None = None, engine: Engine = "calamine") -> Checked:
    """Read and check one workbook; an unusable file becomes one R011 finding, not an error."""
    try:
        result = read_file(path, engine)
    except XlperfError as exc:
        reason = exc.reason if isinstance(exc, InputFileError) else str(exc)
        reason = reason.removeprefix(f"{path}：")
        return Checked(Path(path), None, [UNREADABLE.at(file=str(path), reason=reason)], True)
    reading = [f for f in result.findings if selected(f.code, select, ignore)]
    findings = sort_findings(
        [*reading, *run_checks(result.book, file=str(path), select=select, ignore=ignore)],
        result.book,
    )
    return Checked(Path(path), result.book, findings)


def annotated_path(path: Path) -> Path:
    """Where ``check --annotate`` writes its copy: ``<name>_校验.xlsx`` beside the input."""
    return path.with_name(f"{path.stem}{ANNOTATED_SUFFIX}{path.suffix}")


def annotate_file(checked: Checked, output: Path) -> str:
    """Write a copy of a checked workbook with 校验结果 and marked cells; return the message.

    Raises:
        InputFileError: when the workbook cannot be opened for editing.
        OutputFileError: when the output cannot be written.
    """
    from xlperf import patchfile  # openpyxl: loaded only when needed

    wb = patchfile.open_for_edit(checked.path)
    message = patchfile.annotate_workbook(wb, checked.findings)
    patchfile.save(wb, Path(output))
    return message


def fill_file(path: Path, output: Path | None = None, *, in_place: bool = False) -> FillResult:
    """Fill the defaults of a workbook file into ``output`` (or the input with ``in_place``).

    Raises:
        InputFileError, NotATemplateError: when the input cannot be used.
        OutputFileError: when no output is given, it equals the input without ``in_place``, or
            cannot be written.
    """
    from xlperf import patchfile  # openpyxl: loaded only when needed

    path = Path(path)
    target = _output_for(path, output, in_place)
    grids = load_grids(path)
    result = fill_defaults(read_file(path).book, grids)
    if not result.fills and in_place:
        return result  # nothing to do: leave the user's file untouched
    wb = patchfile.open_for_edit(path)
    skipped = patchfile.apply_edit(wb, result.edit, blanks_only=True)
    result.fills = [f for f in result.fills if f"{f.sheet}!{f.cell}" not in skipped]
    patchfile.save(wb, target)
    return result


def _output_for(path: Path, output: Path | None, in_place: bool) -> Path:
    target = path if in_place else output
    if target is None:
        raise OutputFileError("请用 -o 指定输出文件，或加 --in-place 直接修改输入文件")
    if not in_place and Path(target).resolve() == path.resolve():
        raise OutputFileError(f"{target}：输出文件与输入文件相同；如需直接修改，请加 --in-place")
    return Path(target)


# --- export/import (issue 6) ---
@dataclass(frozen=True)
class Exported:
    """A 绩效文本 written from a unit workbook."""

    book: UnitWorkbook
    docx: Path
    pdf: Path | None
    findings: list[Finding]  # what the workbook reader could not read (left blank)


def export_document(path: Path, docx_path: Path, *, pdf: bool = False,
                    force: bool = False) -> Exported:
    """Write a unit workbook's 部门预算绩效文本 as Word (and PDF through LibreOffice).

    Raises:
        InputFileError, NotATemplateError: when the workbook cannot be used.
        OutputFileError: when an output exists (without ``force``) or cannot be written.
    """
    from xlperf import office, wordfile

    path, docx_path = Path(path), Path(docx_path)
    targets = [docx_path] + ([docx_path.with_suffix(".pdf")] if pdf else [])
    for target in targets:
        fileio.refuse_existing(target, force)
    result = read_file(path)
    book = result.book
    fileio.atomic_write(docx_path, lambda tmp: wordfile.write_unit(book, tmp))
    pdf_path = office.convert_to_pdf(docx_path, targets[1]) if pdf else None
    return Exported(book, docx_path, pdf_path, result.findings)


def import_document(path: Path, output: Path, *, force: bool = False) -> Imported:
    """Read a 绩效文本 (.docx, or text extracted from one) and write the unit workbook.

    Raises:
        InputFileError: when the document cannot be read.
        OutputFileError: when output exists (without ``force``) or cannot be written.
    """
    from xlperf import wordfile
    from xlperf.document import imported_workbook, parse_document, text_lines

    path, output = Path(path), Path(output)
    fileio.refuse_existing(output, force)
    kind = filetype.document_kind(path)
    if kind == "docx":
        try:
            lines, unit_line = wordfile.read_docx(path)
        except Exception as exc:  # python-docx raises many kinds on a damaged package
            raise InputFileError(str(path), "Word 文档已损坏或不是 .docx 格式，无法读取") from exc
        imported = parse_document(lines, unit_line=unit_line)
    else:
        imported = parse_document(text_lines(filetype.read_text(path)))
    if not (imported.book.projects or imported.book.department.overall
            or imported.book.department.measures or imported.book.department.sub_targets):
        raise InputFileError(str(path), "没有读到任何绩效目标内容（第一部分或项目绩效目标表），"
                                        "这不像是部门预算绩效文本")
    from xlperf import xlsx  # openpyxl: loaded only when needed

    xlsx.write_book(imported_workbook(imported, path.name), output)  # atomic itself
    return imported

