"""The fast letter writer spells a letter exactly as python-docx does (wordfile.write_docx).

The oracle is python-docx itself: the same blocks written by ``wordfile.write_docx`` and by
``LetterWriter`` must give the same document body, element for element.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from xlperf.core.document.blocks import Cell, Paragraph, WordTable
from xlperf.core.review.letter import LetterFacts, letter_blocks
from xlperf.core.review.state import Memory, Submitted, plan_review
from xlperf.files.letterfile import LetterWriter
from xlperf.files.rubricfile import load_rubric
from xlperf.files.unitfile import check_file
from xlperf.files.wordfile import CENTERED_CELLS, LOOKS, write_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SEED = Path(__file__).resolve().parents[2] / "workbooks" / "examples" / "博野县总工会_2023.xlsx"


def _body(data: bytes) -> list[bytes]:
    """The body's children but the section properties, canonicalised."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    body = root.find(f"{W}body")
    return [etree.tostring(child, method="c14n") for child in body if child.tag != f"{W}sectPr"]


def _both(blocks, tmp_path: Path) -> tuple[list[bytes], list[bytes]]:
    slow = write_docx(blocks, tmp_path / "slow.docx", title="标题")
    return _body(slow.read_bytes()), _body(LetterWriter().render(blocks, title="标题"))


def test_every_look_and_cell_style_is_spelled_as_python_docx_does(tmp_path):
    tricky = "  首尾空格 \t制表符<与>&号\n第二行\r第三段“引号”"
    blocks = [Paragraph(f"{style}：{tricky}", style) for style in LOOKS]
    blocks.append(Paragraph("另起一页", "letter_body", new_page=True))
    blocks.append(Paragraph("", "letter_body"))
    styles = sorted(CENTERED_CELLS | {"input", "input_money", "header"})
    blocks.append(WordTable(
        (tuple(Cell(s, "header") for s in styles),
         tuple(Cell(f"{s}\n{tricky}", s) for s in styles),
         tuple(Cell("", s) for s in styles)),
        (), tuple(range(1, len(styles) + 1))))
    slow, fast = _both(blocks, tmp_path)
    assert fast == slow


def test_a_real_letter_is_spelled_as_python_docx_does(tmp_path):
    checked = check_file(SEED)
    unit = Submitted("711001", "711001", "博野县总工会本级", str(SEED), 0.0, "x",
                     checked.findings)
    plan = plan_review(Memory(), [unit], [], load_rubric(), "2024-11-20")
    review = plan.units[0]
    assert review.record is not None
    review.record.opinion = "第一段意见。\n第二段意见。"
    review.record.deadline = "2024-12-10"
    # Without an attachment the letter ends with the table of every problem.
    blocks = letter_blocks(review, LetterFacts(2023, "博野县财政局"))
    slow, fast = _both(blocks, tmp_path)
    assert sum(b"<w:tbl" in part[:8] for part in fast) == 1 and fast == slow


def test_the_package_opens_and_the_same_blocks_give_the_same_bytes():
    writer = LetterWriter()
    blocks = [Paragraph("审核意见书", "letter_title"), Paragraph("正文", "letter_body")]
    data = writer.render(blocks, title="2023年度审核意见书", subject="711001", date="2024-11-20")
    assert writer.render(blocks, title="2023年度审核意见书", subject="711001",
                         date="2024-11-20") == data
    document = docx.Document(io.BytesIO(data))
    assert [p.text for p in document.paragraphs] == ["审核意见书", "正文"]
    assert document.core_properties.title == "2023年度审核意见书"
    assert document.core_properties.subject == "711001"
    section = document.sections[0]
    assert not section.different_first_page_header_footer  # a letter numbers its first page
    assert "PAGE" in section.footer._element.xml


def test_what_a_letter_does_not_use_is_refused():
    with pytest.raises(ValueError):
        LetterWriter().render([Paragraph("目录", "toc_entry", page_of="p1")], title="x")
    with pytest.raises(ValueError):
        LetterWriter().render([WordTable(((Cell("a", "input"), Cell("", "input")),),
                                     ((0, 0, 0, 1),), (1, 1))], title="x")
