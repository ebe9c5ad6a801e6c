"""The 绩效文本 both ways: the seed text imports to its facts; Word export → import is exact."""

import json
import re
import subprocess
import zipfile
from decimal import Decimal

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from helpers import DATA, sha256

from xlperf.app.actions import unit as actions
from xlperf.app.cli import main
from xlperf.core.document import parse as document
from xlperf.core.document.import_sheet import imported_workbook
from xlperf.core.model.indicator_value import plain
from xlperf.core.model.unit_workbook import UnitInfo, facts
from xlperf.files import wordfile
from xlperf.files.examples import SEED, load_example

SEED_TEXT = DATA / "seed.txt"
CLEAN = "博野县卫生健康局_2023"
OTHER_COUNTY = DATA / "other_county.txt"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def parse_file(path):
    return document.parse_document(document.text_lines(path.read_text("utf-8")))


def export(book, path):
    return wordfile.write_unit(book, path)


# --------------------------------------------------------------------------- the seed
def test_seed_text_imports_to_exactly_its_known_facts():
    imported = parse_file(SEED_TEXT)
    assert facts(imported.book) == facts(load_example(SEED))
    assert imported.unplaced == [] and imported.findings == []
    # The two paragraphs the PDF cut at a page break are joined, and the user is told.
    assert [re.search(r"第 (\d+) 行", n).group(1) for n in imported.notes] == ["105", "115"]


def test_seed_facts_in_detail():
    book = parse_file(SEED_TEXT).book
    assert (book.info.code, book.info.name, book.info.year) == ("711001", "博野县总工会本级", 2023)
    assert [p.code for p in book.projects] == [
        "13063723P004287100744", "13063723P00428710008F", "13063723P00428710060R",
        "13063723P00428710007U"]
    assert [p.budget for p in book.projects] == [Decimal(x) for x in ("10.09", "4.68", "8.83",
                                                                      "3.39")]
    assert [len(p.indicators) for p in book.projects] == [8, 8, 8, 9]
    assert [len(p.spending_plan) for p in book.projects] == [3, 3, 4, 4]
    assert len(book.projects[2].targets) == 2  # two targets on one line, split
    assert book.projects[3].indicators[7].level1 == "效益指标"  # blank 一级 inherits


# --------------------------------------------------------------------------- nothing is lost
# The oracle is written here, independently of the importer: its own rule for item numbers, the
# words of the printed form listed by hand, and the page-furniture lines of each text by number.
_NUMBERED = re.compile(
    r"^\s*(?:[（(]\s*(?:[一二三四五六七八九十]{1,3}|\d{1,2})\s*[)）]|\d{1,2}\s*[.、．](?!\d)"
    r"|[一二三四五六七八九十]{1,3}、)\s*")
#: The form itself: headings, table labels and column titles as the two texts print them.
FORM_WORDS = [
    "目录", "第一部分部门整体绩效目标", "第二部分预算项目绩效目标", "部门预算绩效文本",
    "绩效目标表",
    "单位：万元", "单位:万元", "编制", "审核", "第一部分", "第二部分", "部门整体绩效目标",
    "预算项目绩效目标", "总体绩效目标", "分项绩效目标", "工作保障措施", "保障措施",
    "序号", "名称", "绩效目标", "绩效指标", "年度绩效目标",
    "项目编码", "项目名称", "预算规模及资金用途", "预算数", "其中：财政资金", "其中：财政拨款",
    "其他资金", "资金支出计划（%）", "一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值",
    "指标值确定依据", "指标值设定依据",
]
#: Lines that are page furniture (page numbers), by line number: dropped on purpose.
PAGE_FURNITURE = {SEED_TEXT: {}, OTHER_COUNTY: {12: "- 3 -", 48: "第 12 页"}}


def _accounted(text, corpus):
    """A cell is accounted for when each part of it (number, label, body) is in the corpus."""
    if re.fullmatch(r"\d+(\.\d+)?", text.strip()):
        return str(plain(Decimal(text.strip()))) in corpus
    body = _NUMBERED.sub("", text)
    body = re.sub(r"^(绩效目标|绩效指标)\s*[:：]", "", body)
    body = re.sub(r"^\d{4}\s*年度?|^\d{6}(?=\D)|绩效目标表$|(编制|审核)$", "",
                  "".join(body.split()))
    return not body.rstrip("%") or body.rstrip("%") in corpus


@pytest.mark.parametrize("path", [SEED_TEXT, OTHER_COUNTY], ids=["seed", "other_county"])
def test_every_line_ends_in_the_model_or_in_the_report(path):
    imported = parse_file(path)
    pieces = [json.dumps(facts(imported.book), ensure_ascii=False)]
    pieces += [u.text for u in imported.unplaced] + [f.message for _, f in imported.findings]
    pieces += imported.notes + FORM_WORDS
    corpus = "".join("".join(p.split()) for p in pieces).replace("\\n", "")
    corpus = corpus.replace("(", "（").replace(")", "）").replace(":", "：") + corpus
    lines = path.read_text("utf-8").splitlines()
    furniture = PAGE_FURNITURE[path]
    assert {n: lines[n - 1] for n in furniture} == furniture
    missing = [
        (n, cell) for n, line in enumerate(lines, 1) if n not in furniture
        for cell in line.split("\t")
        for piece in re.split(r"(?<=[。；;\s])\s*(?=\d{1,2}\s*[.、．])", cell)
        if piece.strip() and not _accounted(piece, corpus)
    ]
    assert missing == []


def test_a_document_from_another_county_reports_what_it_cannot_place():
    """Written here to look like another county's text: other numbering, aliases, a Part 1
    table, page numbers, no 目录, a table without a title, and stray lines."""
    imported = parse_file(OTHER_COUNTY)
    book = imported.book
    assert (book.info.code, book.info.year, book.info.compiler, book.info.reviewer) == (
        "812003", 2024, "青石县文化广电和旅游局", "青石县财政局")
    assert [i.number for i in book.department.overall] == ["（一）", "（二）"]
    assert [s.name for s in book.department.sub_targets] == ["文化惠民", "旅游推广"]
    assert book.department.sub_targets[0].indicators == "演出场次≥120场；群众满意度≥90%"
    assert book.department.measures[0].text.endswith("并接受社会监督检查。")  # joined
    first, second = book.projects
    assert (first.budget, first.fiscal_funds, first.other_funds) == (
        Decimal(36), Decimal(30), Decimal(6))
    assert [p.percent for p in first.spending_plan] == [Decimal(x) for x in (20, 50, 80, 100)]
    assert first.targets == ["全年完成送戏下乡演出120场以上。", "群众满意度达到90%以上。"]
    assert first.indicators[1].value.text == "≤2024年11月30日"
    assert first.indicators[1].basis == "年度工作计划"  # 指标值设定依据 is an alias
    assert second.code == "13052824P00100100022" and second.budget is None
    reported = {(u.line, u.text) for u in imported.unplaced}
    assert reported == {
        (3, "（内部资料 注意保存）"),
        (8, "说明：本文本依据县财政局统一格式编制。"),
        (37, "备注"), (37, "本项目由县文化馆具体实施"),
        (38, "注：指标值为年度目标值。"),
    }
    assert [(line, f.code) for line, f in imported.findings] == [(40, "R001")]
    assert "十二万" in imported.findings[0][1].message


# --------------------------------------------------------------------------- Word, both ways
def test_export_then_import_gives_back_the_same_model(example, out):
    name, book = example
    lines, unit_line = wordfile.read_docx(export(book, out / f"{name}.docx"))
    imported = document.parse_document(lines, unit_line=unit_line)
    assert facts(imported.book) == facts(book)
    assert imported.unplaced == [] and imported.findings == [] and imported.notes == []


def test_the_word_file_is_built_like_the_official_document(seed_book, out):
    path = export(seed_book, out / "seed.docx")
    doc = docx.Document(str(path))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert doc.core_properties.title == "博野县总工会 2023 年部门预算绩效文本"
    assert len(doc.tables) == len(seed_book.projects)
    body = doc.element.body.xml
    # Merged cells as in the official table: 项目编码 value over two columns, 一级 blocks.
    assert body.count("<w:gridSpan") >= 6 * len(seed_book.projects)
    assert body.count('<w:vMerge w:val="restart"/>') >= 3 * len(seed_book.projects)
    fonts = doc.element.body.iter(qn("w:rFonts"))
    east_asian = {f.get(qn("w:eastAsia")) for f in fonts}
    assert {"宋体", "仿宋", "黑体"} <= east_asian
    assert body.count("PAGEREF") == 3 + len(seed_book.projects)
    # The cover and the 目录 carry no page number; the body is numbered from 1.
    cover, body_section = doc.sections
    assert "PAGE" not in cover.footer.paragraphs[0]._p.xml
    assert "PAGE" in body_section.footer.paragraphs[0]._p.xml
    assert body_section._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    texts = [p.text for p in doc.paragraphs]
    for line in ("博野县总工会", "2023 年部门预算绩效文本", "博野县总工会编制",
                 "博野县财政局审核", "第一部分", "第二部分", "三、工作保障措施"):
        assert line in texts, line
    assert "711001 博野县总工会本级\t单位：万元" in texts
    first = [c.text for c in doc.tables[0].rows[0].cells]
    assert first[:2] == ["项目编码", "13063723P004287100744"] and first[3] == "项目名称"


def test_text_and_word_readers_agree_on_merged_rows(seed_book, out):
    """A Word row with merged cells reads like the seed's tab row: text once, then blanks."""
    lines, _ = wordfile.read_docx(export(seed_book, out / "seed.docx"))
    code_row = next(line for line in lines if line.cells[0] == "项目编码")
    assert code_row.cells == ("项目编码", "13063723P004287100744", "", "项目名称",
                              seed_book.projects[0].name, "", "")
    header = next(i for i, line in enumerate(lines) if line.cells[0] == "一级指标")
    level1 = [line.cells[0] for line in lines[header + 1:header + 9]]
    assert level1 == ["产出指标", "", "", "", "效益指标", "", "", "满意度指标"]


# --------------------------------------------------------------------------- command line
def test_import_command_writes_the_workbook(capsys, out):
    target = out / "单位.xlsx"
    code, stdout, _ = run(capsys, "import", SEED_TEXT, "-o", target)
    assert code == 0 and "4 张项目表、33 条指标" in stdout and "第 105 行" in stdout
    assert facts(actions.read_file(target).book) == facts(load_example(SEED))
    before = sha256(target)
    code, _, err = run(capsys, "import", SEED_TEXT, "-o", target)
    assert code == 2 and "已存在" in err and sha256(target) == before


def test_import_lists_unplaced_lines_and_returns_1(capsys, out):
    code, stdout, _ = run(capsys, "import", OTHER_COUNTY, "-o", out / "u.xlsx")
    assert code == 1
    assert "有 5 处内容未能归入工作簿" in stdout
    assert "第 37 行［项目表中无法对应到任何栏目的内容］备注" in stdout
    assert "第 40 行：预算数不是数字：“十二万”" in stdout
    assert len(actions.read_file(out / "u.xlsx").book.projects) == 2


def test_import_reads_gbk_text(capsys, out):
    gbk = out / "gbk.txt"
    gbk.write_bytes(OTHER_COUNTY.read_text("utf-8").encode("gb18030"))
    run(capsys, "import", OTHER_COUNTY, "-o", out / "a.xlsx")
    run(capsys, "import", gbk, "-o", out / "b.xlsx")
    assert facts(actions.read_file(out / "a.xlsx").book) == facts(
        actions.read_file(out / "b.xlsx").book)


@pytest.mark.parametrize("kind", ["xlsx", "doc", "pdf", "zip", "empty"])
def test_import_refuses_what_is_no_document_in_chinese(capsys, out, kind, seed_book):
    path = out / f"input.{kind}"
    if kind == "xlsx":
        actions.write_unit(seed_book, path)
    elif kind == "doc":
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    elif kind == "pdf":
        path.write_bytes(b"%PDF-1.7\n")
    elif kind == "zip":
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("a.txt", "x")
    else:
        path.write_bytes(b"")
    code, _, err = run(capsys, "import", path, "-o", out / "x.xlsx")
    assert code == 2 and err.startswith("错误：") and "Traceback" not in err
    assert not (out / "x.xlsx").exists()


def test_export_command(capsys, out):
    clean = load_example(CLEAN)
    unit = actions.write_unit(clean, out / "单位.xlsx")
    code, stdout, err = run(capsys, "export", unit)
    assert code == 0 and "3 张项目绩效目标表" in stdout and err == ""
    made = out / "单位.docx"
    lines, unit_line = wordfile.read_docx(made)
    assert facts(document.parse_document(lines, unit_line=unit_line).book) == facts(clean)
    before = sha256(made)
    code, _, err = run(capsys, "export", unit, "--docx", made)
    assert code == 2 and "已存在" in err and sha256(made) == before


def test_export_refuses_a_workbook_with_errors_unless_allowed(capsys, out, seed_book):
    unit = actions.write_unit(seed_book, out / "单位.xlsx")
    _, report, _ = run(capsys, "check", unit, "--format", "json")
    found = [f["severity"] for f in json.loads(report)]
    errors, warnings = found.count("error"), found.count("warning")
    assert errors and warnings
    code, stdout, err = run(capsys, "export", unit)
    assert code == 1 and not (out / "单位.docx").exists() and stdout == ""
    assert f"错误 {errors} 条" in err and f"警告 {warnings} 条" in err
    assert f"xlperf check {unit}" in err and "--allow-errors" in err
    code, stdout, err = run(capsys, "export", unit, "--allow-errors")
    assert code == 0 and (out / "单位.docx").exists() and "4 张项目绩效目标表" in stdout
    assert f"错误 {errors} 条" in err and f"xlperf check {unit}" in err


def test_export_mentions_warnings_without_refusing(capsys, out):
    book = load_example(CLEAN)
    first = book.projects[0]
    indicators = [first.indicators[0].model_copy(update={"basis": "文件要求"}),
                  *first.indicators[1:]]
    book = book.model_copy(update={"projects": [
        first.model_copy(update={"indicators": indicators}), *book.projects[1:]]})
    unit = actions.write_unit(book, out / "单位.xlsx")
    code, stdout, err = run(capsys, "export", unit)
    assert code == 0 and (out / "单位.docx").exists()
    assert "警告 1 条" in err and f"xlperf check {unit}" in err and "错误" not in err


def test_export_names_no_empty_place(capsys, out):
    """A finding without a sheet (no project table at all) is not printed as “! …”."""
    book = load_example(CLEAN).model_copy(update={"projects": []})
    unit = actions.write_unit(book, out / "单位.xlsx")
    code, _, err = run(capsys, "export", unit, "--allow-errors")
    assert code == 0 and "未找到任何预算项目绩效目标表" in err
    assert "!" not in err and "！" not in err


# --------------------------------------------------------------------------- LibreOffice
@pytest.mark.soffice
def test_exported_document_prints_like_the_seed(libreoffice, seed_book, out):
    pdf = libreoffice.convert(export(seed_book, out / "seed.docx"), "pdf", out / "pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    flowing = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                             check=True).stdout
    compact = "".join(flowing.split())
    for fact in ("博野县总工会2023年部门预算绩效文本", "博野县总工会编制", "目录",
                 "第一部分部门整体绩效目标", "711001博野县总工会本级", "单位：万元",
                 "13063723P00428710007U", "劳务派遣人员工资及保险绩效目标表", "服务对象满意度指标"):
        assert fact in compact, fact
    # The 目录 shows real page numbers (LibreOffice computes the PAGEREF fields), counted from
    # 第一部分 as page 1: each project table is on the page its entry names, and that page's
    # footer prints the same number.
    toc = [int(n) for n in re.findall(r"(?m)\.{3,}\s*(\d+)\s*$", text)]
    assert len(toc) == 3 + len(seed_book.projects) and toc == sorted(toc) and toc[0] == 1
    pages = text.split("\f")
    for project, listed in zip(seed_book.projects, toc[3:], strict=True):
        found = [n for n, page in enumerate(pages) if project.title in "".join(page.split())
                 and n > 1]
        assert found and found[0] - 1 == listed, (project.title, found, listed)
        assert re.search(rf"—\s*{listed}\s*—", pages[found[0]]), "the footer's page number"
    assert not re.search(r"—\s*\d+\s*—", pages[0] + pages[1]), "cover and 目录 unnumbered"
    last = text.count("\f")
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", str(last), "-l", str(last),
                    str(pdf), str(out / "page")], check=True)
    assert list(out.glob("page-*.png")), "the last table page did not render"


@pytest.mark.soffice
def test_a_word_file_saved_by_libreoffice_imports_the_same(libreoffice, seed_book, out):
    """Another program's .docx (LibreOffice opens ours and saves it anew) reads back the same."""
    ours = export(seed_book, out / "seed.docx")
    theirs = libreoffice.convert(ours, "docx:MS Word 2007 XML", out / "resaved")
    with zipfile.ZipFile(theirs) as z:
        assert b"<Application>LibreOffice" in z.read("docProps/app.xml")  # written anew
    lines, _ = wordfile.read_docx(theirs)
    imported = document.parse_document(lines)
    assert facts(imported.book) == facts(seed_book)
    assert imported.unplaced == []


@pytest.mark.soffice
def test_export_pdf_option(capsys, out, seed_book):
    unit = actions.write_unit(seed_book, out / "单位.xlsx")
    code, stdout, _ = run(capsys, "export", unit, "--docx", out / "文本.docx", "--pdf",
                          "--allow-errors")
    assert code == 0 and (out / "文本.pdf").read_bytes().startswith(b"%PDF")


# --------------------------------------------------------------------------- a foreign Word file
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TEXT_BOX = f"""<w:r xmlns:w="{_W}"
  xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
  xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
  xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent>
  <mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx><w:txbxContent>
    <w:p><w:r><w:t>青石县水利局</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></w:drawing>
  </mc:Choice>
  <mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>
    <w:p><w:r><w:t>青石县水利局</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict>
  </mc:Fallback></mc:AlternateContent></w:r>"""


def _foreign_docx(path):
    """A Word file laid out the way another county might: cover title in a text box, Word's
    automatic 目录 in a content control, tabs after item numbers, a Part 1 table, a section
    this tool does not know, and a project table with an extra column."""
    from lxml import etree

    doc = docx.Document()
    cover = doc.add_paragraph()
    cover._p.append(etree.fromstring(_TEXT_BOX))
    for text in ("2025年部门预算绩效文本", "青石县水利局编制", "青石县财政局审核"):
        doc.add_paragraph(text)
    sdt = etree.Element(qn("w:sdt"))
    doc.element.body.insert(len(doc.element.body) - 1, sdt)  # before the section properties
    content = etree.SubElement(sdt, qn("w:sdtContent"))
    for text in ("目  录", "一、总体绩效目标\t3", "1.农村饮水安全维修养护绩效目标表\t6"):
        content.append(doc.add_paragraph(text)._p)
    for text in ("第一部分 部门整体绩效目标", "一、部门总体绩效目标",
                 "1.\t完成农村饮水工程维修养护30处，保障12万农村人口安全饮水。",
                 "二、分项绩效目标"):
        doc.add_paragraph(text)
    sub = doc.add_table(rows=2, cols=4)
    for r, row in enumerate((("序号", "名称", "绩效目标", "绩效指标"),
                             ("1", "饮水安全", "维修养护30处。", "维修处数≥30处"))):
        for c, text in enumerate(row):
            sub.cell(r, c).text = text
    for text in ("三、保障措施", "1.\t加强资金监管，专款专用。", "四、其他事项",
                 "本文本经局党组会议研究通过。", "第二部分 预算项目绩效目标",
                 "1.农村饮水安全维修养护绩效目标表", "813002 青石县水利局本级\t单位：万元"):
        doc.add_paragraph(text)
    rows = [
        ("项目编码", "13052825P00200100033", "", "项目名称", "农村饮水安全维修养护", "", "", ""),
        ("预算规模及资金用途", "预算数", "45.50", "其中：财政资金", "45.50", "其他资金", "",
         "（备用）"),
        ("", "用于30处农村饮水工程维修养护。", "", "", "", "", "", ""),
        ("资金支出计划（%）", "3月底", "", "6月底", "10月底", "12月底", "", ""),
        ("", "10%", "", "40%", "80%", "100%", "", ""),
        ("绩效目标", "完成30处农村饮水工程维修养护。", "", "", "", "", "", ""),
        ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据", "", ""),
        ("产出指标", "数量指标", "维修处数", "完成维修养护的工程处数", "≥30处", "年度计划", "", ""),
        ("", "质量指标", "验收合格率", "维修工程验收合格率", "=100%", "行业标准", "", ""),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "受益群众满意度", "≥90%", "问卷调查",
         "", ""),
    ]
    table = doc.add_table(rows=len(rows), cols=8)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).text = text
    table.cell(0, 1).merge(table.cell(0, 2))
    table.cell(7, 0).merge(table.cell(8, 0))
    doc.save(str(path))
    return path


def test_a_word_file_from_elsewhere_is_read_and_what_is_left_is_reported(out):
    lines, unit_line = wordfile.read_docx(_foreign_docx(out / "foreign.docx"))
    assert [line.text for line in lines[:2]] == ["青石县水利局", ""]  # the text box, once
    imported = document.parse_document(lines, unit_line=unit_line)
    book = imported.book
    assert (book.info.code, book.info.year, book.info.compiler) == ("813002", 2025,
                                                                    "青石县水利局")
    assert [(i.number, i.text) for i in book.department.overall] == [
        ("1.", "完成农村饮水工程维修养护30处，保障12万农村人口安全饮水。")]
    assert [(s.name, s.indicators) for s in book.department.sub_targets] == [
        ("饮水安全", "维修处数≥30处")]
    assert [i.text for i in book.department.measures] == ["加强资金监管，专款专用。"]
    (project,) = book.projects
    assert (project.code, project.budget, project.fiscal_funds) == (
        "13052825P00200100033", Decimal("45.5"), Decimal("45.5"))
    assert [p.percent for p in project.spending_plan] == [Decimal(x) for x in (10, 40, 80, 100)]
    assert [i.level1 for i in project.indicators] == ["产出指标", "产出指标", "满意度指标"]
    assert {u.text for u in imported.unplaced} == {
        "四、其他事项", "本文本经局党组会议研究通过。", "（备用）"}
    assert imported.findings == []


def test_numbers_drawn_by_word_list_numbering_are_not_needed():
    """Word's automatic numbering leaves 一、 and 1. out of the text; the parts are still found."""
    text = "\n".join([
        "第一部分 部门整体绩效目标", "总体绩效目标", "全年完成农村饮水工程维修养护30处。",
        "分项绩效目标", "饮水安全", "绩效目标：维修养护30处。", "绩效指标：维修处数≥30处",
        "防汛抗旱", "绩效目标：汛期无重大险情。", "绩效指标：险情处置及时率=100%",
        "工作保障措施", "加强资金监管，专款专用。",
    ])
    imported = document.parse_document(document.text_lines(text))
    department = imported.book.department
    assert [i.text for i in department.overall] == ["全年完成农村饮水工程维修养护30处。"]
    assert [(s.number, s.name, s.indicators) for s in department.sub_targets] == [
        (None, "饮水安全", "维修处数≥30处"), (None, "防汛抗旱", "险情处置及时率=100%")]
    assert [i.text for i in department.measures] == ["加强资金监管，专款专用。"]
    assert imported.unplaced == []


def test_the_imported_workbook_keeps_what_could_not_be_placed(capsys, out):
    import openpyxl

    target = out / "u.xlsx"
    run(capsys, "import", OTHER_COUNTY, "-o", target)
    sheet = openpyxl.load_workbook(target)["导入说明"]
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=5, max_col=3)]
    assert (37, "项目表中无法对应到任何栏目的内容", "本项目由县文化馆具体实施") in rows
    assert (38, "项目表下方无法归入表格的文字", "注：指标值为年度目标值。") in rows
    assert any(r[0] == 40 and "十二万" in r[1] for r in rows)
    assert any("第 19 行接在上一段末尾" in str(r[0]) for r in rows)
    # Readers and checks ignore the sheet: the workbook reads as the import's model.
    assert facts(actions.read_file(target).book) == facts(parse_file(OTHER_COUNTY).book)
    code, _, _ = run(capsys, "import", DATA / "seed.txt", "-o", out / "seed.xlsx")
    assert code == 0
    names = openpyxl.load_workbook(out / "seed.xlsx", read_only=True).sheetnames
    assert names[:2] == ["封面", "导入说明"]  # only the two notes about joined paragraphs


def test_any_mixture_of_lines_imports_without_error():
    """Documents from elsewhere are unpredictable: shuffled, cut and mixed lines of the two texts
    (and bare labels) never raise, and always give a workbook that can be written."""
    import random

    pool = SEED_TEXT.read_text("utf-8").splitlines() + OTHER_COUNTY.read_text("utf-8").splitlines()
    pool += ["", "\t\t", "项目编码", "一级指标\t二级指标", "第二部分", "目 录", "（一）",
             "绩效目标:", "\t25%\tabc", "预算数\tabc", "资金支出计划（%）\t3月底", "某某编制"]
    rng = random.Random(20261201)
    for _ in range(300):
        lines = [rng.choice(pool) for _ in range(rng.randint(0, 80))]
        if rng.random() < 0.3:
            lines = [line[:rng.randint(0, len(line))] for line in lines]
        imported = document.parse_document(document.text_lines("\n".join(lines)))
        assert imported_workbook(imported, "x.txt").sheets


def test_a_blank_template_exports_as_a_form_and_imports_back_blank(out):
    """The blank form prints placeholders and the 一级/二级 framework; none of it is reported."""
    blank = actions.new_unit(UnitInfo(), 2)
    lines, unit_line = wordfile.read_docx(export(blank, out / "blank.docx"))
    assert "产出指标" in [line.cells[0] for line in lines]  # the framework is printed
    imported = document.parse_document(lines, unit_line=unit_line)
    assert facts(imported.book) == facts(blank)
    assert imported.unplaced == [] and imported.findings == []


def test_a_number_typed_as_a_plain_number_keeps_its_place_both_ways(capsys, out):
    """1 typed in a 序号 cell (not “1.”) is exported as its own number, not glued to the text
    (“1围绕…”), and comes back as the number."""
    unit = actions.write_unit(load_example(CLEAN), out / "单位.xlsx")
    dept = actions.read_file(unit).book.department
    wb = openpyxl.load_workbook(unit)
    ws = wb[dept.sheet]
    for n, item in enumerate(dept.measures, start=1):
        ws[item.cells["number"]] = n  # a number, as Excel stores a typed 1
    for n, item in enumerate(dept.sub_targets, start=1):
        ws[item.cells["number"]] = n
    for item, numeral in zip(dept.overall, "一二三四五六", strict=True):
        ws[item.cells["number"]] = numeral
    wb.save(unit)
    code, _, _ = run(capsys, "export", unit, "--docx", out / "文本.docx")
    assert code == 0
    lines, unit_line = wordfile.read_docx(out / "文本.docx")
    texts = [line.text for line in lines]
    first = dept.measures[0].text
    assert any(t.startswith(f"1.{first}") for t in texts), "1. set off from the text"
    assert not any(t.startswith(f"1{first}") for t in texts)
    back = document.parse_document(lines, unit_line=unit_line).book.department
    assert [(i.number, i.text) for i in back.measures] == [
        (f"{n}.", i.text) for n, i in enumerate(dept.measures, start=1)]
    assert [(i.number, i.name) for i in back.sub_targets] == [
        (f"{n}.", i.name) for n, i in enumerate(dept.sub_targets, start=1)]
    assert [(i.number, i.text) for i in back.overall] == [
        (f"{numeral}、", i.text) for i, numeral in zip(dept.overall, "一二三四五六", strict=True)]
