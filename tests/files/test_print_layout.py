"""What users print, as LibreOffice prints it: the Word tables and the workbook's 目录 and pages.

LibreOffice lays the files out independently of xlperf; ``pdftotext`` reads back what it printed.
"""

import re
import subprocess

import openpyxl
import pytest

from xlperf.app.actions.unit import write_unit
from xlperf.core.model.unit_workbook import Indicator
from xlperf.files import wordfile
from xlperf.files.examples import SEED, load_example

pytestmark = pytest.mark.soffice

#: Where each vocabulary text of the seed's tables may be broken: after these many characters
#: (between its words). Any other break cuts a word ("满意度指/标", "其他资/金").
BREAKS = {
    "服务对象满意度指标": {4, 7},
    "经济效益指标": {4},
    "社会效益指标": {4},
    "可持续影响指标": {5},
    "满意度指标": {3},
    "其他资金": set(),
    "项目编码": set(),
    "项目名称": set(),
    "预算规模及资金用途": {2, 5, 7},
    "资金支出计划（%）": {2, 4, 6},
    "绩效指标描述": {2, 4},
    "指标值确定依据": {3, 5},
    "其中：财政资金": {3, 5},
}
#: 指标值 of the examples that must print whole.
VALUES = ("≥90%", "=100%", "≥85%", "≤150元/人", "≤8.9元/人", "≤12万元/台")


def _tokens(pdf, first=None, last=None):
    """Each run of text pdftotext finds on one line: a cell's line in a table."""
    pages = [] if first is None else ["-f", str(first), "-l", str(last)]
    out = subprocess.run(["pdftotext", *pages, "-bbox", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    return re.findall(r"<word [^>]*>([^<]*)</word>", out)


def test_word_tables_break_no_word_in_the_middle(libreoffice, tmp_path):
    # Not the seed: it has a 三级指标 named 服务对象满意度指标, which wraps as prose does.
    books = [load_example(name) for name in ("博野县卫生健康局_2023", "博野县教育和体育局_2023",
                                             "博野县农业农村局_2023")]
    pdfs = [libreoffice.convert(wordfile.write_unit(book, tmp_path / f"{n}.docx"), "pdf",
                                tmp_path / "pdf") for n, book in enumerate(books)]
    tokens = {t for pdf in pdfs for t in _tokens(pdf)}
    for text, allowed in BREAKS.items():
        cut = [(text[:k], text[k:]) for k in range(1, len(text))
               if k not in allowed and text[:k] in tokens and text[k:] in tokens]
        assert cut == [], f"{text} printed broken as {cut}"
    joined = "".join(tokens)
    for value in VALUES:
        if value in joined:
            assert value in tokens, f"{value} printed broken"


def _long_unit():
    """The seed with its first project grown to 36 indicators: that table needs two pages."""
    book = load_example(SEED)
    first = book.projects[0]
    extra = [Indicator(level1="产出指标", level2="数量指标", name=f"补充指标{n}", value="≥1人",
                       description="为测试分页补充的指标，说明文字较长，占满两行以上的单元格高度。",
                       basis="2022年实际完成值") for n in range(28)]
    grown = first.model_copy(update={"indicators": [*first.indicators[:4], *extra,
                                                    *first.indicators[4:]]})
    return book.model_copy(update={"projects": [grown, *book.projects[1:]]})


def test_the_printed_toc_names_the_pages_the_workbook_prints_on(libreoffice, tmp_path):
    path = write_unit(_long_unit(), tmp_path / "unit.xlsx")
    pdf = libreoffice.convert(path, "pdf", tmp_path / "pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = text.split("\f")
    footers = [re.findall(r"—\s*(\d+)\s*—", page) for page in pages]
    assert footers[0] == [] and footers[1] == [], "the cover and the 目录 carry no page number"
    printed = {n: int(f[-1]) for n, f in enumerate(footers) if f}
    assert sorted(printed.values()) == list(range(1, len(printed) + 1)), "numbered from 1"
    toc = openpyxl.load_workbook(path)["目录"]
    book = _long_unit()
    for number, project in enumerate(book.projects, start=1):
        row = next(r for r in toc.iter_rows(min_row=3) if r[0].value == f"{number}.{project.title}")
        title_page = next(n for n, page in enumerate(pages) if n > 1
                          and f"{project.title}" in "".join(page.split()))
        assert row[1].value == printed[title_page], project.title
    # The grown table needs more than one page; the next one starts after all of them.
    listed = [r[1].value for r in toc.iter_rows(min_row=8) if r[1].value]
    assert listed[1] - listed[0] >= 2
    # The 目录 prints dot leaders to its page numbers, not links.
    assert re.search(r"一、总体绩效目标\.{5,}\s+1\b", pages[1])
    assert "转到" not in pages[1]


def test_part1_tables_repeat_their_header_on_a_new_page(libreoffice, tmp_path):
    path = write_unit(load_example(SEED), tmp_path / "unit.xlsx")
    pdf = libreoffice.convert(path, "pdf", tmp_path / "pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    part1 = [page for page in text.split("\f") if re.search(r"—\s*[123]\s*—", page)]
    assert len(part1) == 3
    for page in part1[1:]:  # each continuation page begins with its table's header
        first = next(line for line in page.splitlines() if line.strip())
        assert re.match(r"\s*序号\s+(名称\s+绩效目标\s+绩效指标|内容)\s*$", first), first
