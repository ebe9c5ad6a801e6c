"""Read a PDF 绩效文本 with pdfplumber: glyphs and ruled tables in, document lines out.

pdfplumber finds tables by their ruling lines (the ``lines`` strategy); the page geometry is
then read into lines by :mod:`xlperf.core.document.pdfpages`. A PDF without a text layer (a
scan) has nothing to read and is refused with advice to run OCR first. The size of what is read
is bounded: pages, glyphs per page and in all, and ruling lines per page.
"""

from __future__ import annotations

from pathlib import Path

from xlperf.core.document.pdfpages import Glyph, Grid, Page, PdfLines, document_lines
from xlperf.errors import InputFileError
from xlperf.files.filetype import display_path, read_regular

#: A unit's 绩效文本 runs to tens of pages; a county's printed volume to a few hundred.
MAX_PAGES = 500
#: A PDF file larger than this is no 绩效文本.
MAX_BYTES = 50 << 20
#: Glyphs on one page (a dense A4 page holds about 2,000) and in the whole document.
MAX_PAGE_GLYPHS = 20_000
MAX_GLYPHS = 2_000_000
#: Ruling lines and rectangles on one page (a table page has tens to a few hundred), and the
#: table cells found on it (a project table has about a hundred).
MAX_PAGE_EDGES = 2_000
MAX_PAGE_CELLS = 5_000
TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def read_pdf(path: Path) -> PdfLines:
    """The lines of a PDF 绩效文本 (see :func:`~xlperf.core.document.pdfpages.document_lines`).

    Raises:
        InputFileError: when the file is no readable PDF, is too large, is encrypted, or has no
            text layer on some of its pages (a scan).
    """
    import pdfplumber  # loaded only when a PDF is read
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    name = display_path(str(path))
    read_regular(path, MAX_BYTES)  # a regular file within the size limit, or a Chinese reason
    try:
        pdf = pdfplumber.open(str(path))
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise InputFileError(name, "PDF 设置了打开密码，请先去掉密码再导入") from exc
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds on a damaged file
        raise InputFileError(name, "PDF 文件已损坏或格式无法识别，无法读取") from exc
    with pdf:
        try:
            count = len(pdf.pages)
        except Exception as exc:  # noqa: BLE001
            raise InputFileError(name, "PDF 文件已损坏（页面目录无法读取），无法读取") from exc
        if count > MAX_PAGES:
            raise InputFileError(name, f"PDF 有 {count} 页，超过 {MAX_PAGES} 页的上限，"
                                       "不像是一个单位的绩效文本，未导入")
        pages: list[Page] = []
        blank: list[int] = []
        total = 0
        for number, page in enumerate(pdf.pages, start=1):
            try:
                read = _page(page, number)
            except InputFileError as exc:
                raise InputFileError(name, exc.reason) from exc
            except Exception as exc:  # noqa: BLE001
                raise InputFileError(name, f"PDF 第 {number} 页已损坏，无法读取") from exc
            finally:
                page.close()  # pdfplumber caches each page's objects until closed
            total += len(read.glyphs)
            if total > MAX_GLYPHS:
                raise InputFileError(name, f"PDF 的文字超过 {MAX_GLYPHS // 10_000} 万字，"
                                           "远超绩效文本的篇幅，未导入")
            if not any(g.text.strip() for g in read.glyphs):
                blank.append(number)
            pages.append(read)
    if blank and len(blank) == len(pages):
        raise InputFileError(name, "PDF 没有文字层（多半是扫描件或图片），读不到任何文字；"
                                   "请先用 OCR（文字识别）软件转换为可复制文字的 PDF 或 Word，"
                                   "或改用原始的 Word 文件导入")
    lines = document_lines(pages)
    if blank:
        shown = "、".join(str(n) for n in blank[:10]) + ("等" if len(blank) > 10 else "")
        lines.notes.append(f"第 {shown} 页没有文字（空白页或扫描页）；如是扫描页，"
                           "其内容未能导入，请核对")
    return lines


def _page(page: object, number: int) -> Page:
    chars = page.chars  # type: ignore[attr-defined]
    if len(chars) > MAX_PAGE_GLYPHS:
        raise InputFileError("", f"PDF 第 {number} 页有 {len(chars)} 个字符，超过每页 "
                                 f"{MAX_PAGE_GLYPHS} 个的上限，不像是绩效文本，未导入")
    edges = len(page.lines) + len(page.rects) + len(page.curves)  # type: ignore[attr-defined]
    if edges > MAX_PAGE_EDGES:
        raise InputFileError("", f"PDF 第 {number} 页有 {edges} 条线框，超过每页 "
                                 f"{MAX_PAGE_EDGES} 条的上限，不像是绩效文本，未导入")
    glyphs = tuple(Glyph(c["x0"], c["x1"], c["top"], c["bottom"], c["text"]) for c in chars
                   if c.get("upright", True))
    tables = tuple(Grid(tuple(tuple(cell for cell in row.cells) for row in table.rows))
                   for table in page.find_tables(TABLE_SETTINGS))  # type: ignore[attr-defined]
    cells = sum(1 for table in tables for row in table.rows for cell in row if cell)
    if cells > MAX_PAGE_CELLS:
        raise InputFileError("", f"PDF 第 {number} 页的表格有 {cells} 个单元格，超过每页 "
                                 f"{MAX_PAGE_CELLS} 个的上限，不像是绩效文本，未导入")
    return Page(number, float(page.width), float(page.height),  # type: ignore[attr-defined]
                glyphs, tables)


#: The longest reading one PDF may take, and the memory its reader may take beyond its start
#: (a unit's 绩效文本 takes about a second and tens of megabytes).
PDF_SECONDS = 60.0
PDF_MEMORY = 1 << 30


def read_pdf_isolated(path: Path, *, seconds: float = PDF_SECONDS) -> PdfLines:
    """:func:`read_pdf` in a worker process: a PDF that makes the reader hang, abort or swell
    costs only that worker (see :func:`xlperf.files.batch.run_isolated`).

    Raises:
        InputFileError: as :func:`read_pdf`, and when the worker fails or runs out of time.
    """
    from xlperf.files.batch import Failure, run_isolated

    (result,) = run_isolated(_read_or_reason, [str(path)], jobs=1, seconds=seconds,
                             memory=PDF_MEMORY)
    if isinstance(result, Failure | str):
        reason = result.reason if isinstance(result, Failure) else result
        raise InputFileError(display_path(str(path)), reason)
    return result


def _read_or_reason(name: str) -> PdfLines | str:
    """A worker's task: the lines, or the Chinese reason the PDF cannot be read."""
    try:
        return read_pdf(Path(name))
    except InputFileError as exc:
        return exc.reason
