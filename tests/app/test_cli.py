"""The command line: commands, Chinese errors, exit codes, untouched inputs."""

import argparse
import json
import re
import shutil
import subprocess
import sys
import zipfile

import openpyxl
import pytest
from helpers import DATA, ROOT, sha256

from xlperf.app.cli import build_parser, main
from xlperf.core.model.unit_workbook import facts
from xlperf.core.summary.tables import SUMMARY_SHEETS
from xlperf.files.examples import SEED, example_names

SEED_FILE = ROOT / "workbooks" / "examples" / "博野县总工会_2023.xlsx"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_new_makes_a_blank_workbook_and_never_overwrites(capsys, out):
    path = out / "单位.xlsx"
    code, stdout, _ = run(capsys, "new", "-o", path, "--code", "711001", "--name", "某单位本级",
                          "--year", "2024", "--projects", "3")
    assert code == 0 and "已生成" in stdout
    code, stdout, _ = run(capsys, "dump", path, "--no-cells")
    data = json.loads(stdout)
    assert data["info"]["code"] == "711001" and data["info"]["year"] == 2024
    assert len(data["projects"]) == 3 and data["projects"][2]["unit_name"] == "某单位本级"
    before = sha256(path)
    code, _, err = run(capsys, "new", "-o", path)
    assert code == 2 and "已存在" in err and sha256(path) == before
    code, _, _ = run(capsys, "new", "-o", path, "--projects", "1", "--force")
    assert code == 0 and sha256(path) != before


def test_dump_prints_the_model_with_cells(capsys, out, seed_book):
    from xlperf.app.actions.unit import write_unit

    path = write_unit(seed_book, out / "seed.xlsx")
    code, stdout, err = run(capsys, "dump", path)
    data = json.loads(stdout)
    assert code == 0 and err == ""
    assert data["projects"][0]["cells"]["code"] == "B3"
    assert data["projects"][0]["indicators"][0]["cells"]["value"] == "E10"
    code, stdout, _ = run(capsys, "dump", path, "--no-cells", "--engine", "openpyxl")
    assert json.loads(stdout) == facts(seed_book)


def _not_a_template(path):
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "年龄"])
    wb.save(path)


def _docx_like(path):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")


@pytest.mark.parametrize(("maker", "reason"), [
    (lambda p: p.write_text("hello", "utf-8"), "不是 Excel 工作簿"),
    (lambda p: p.write_bytes(b""), "空的"),
    (lambda p: p.write_bytes(b"PK\x03\x04broken"), "已损坏"),
    (_docx_like, "Word 文档"),
    (_not_a_template, "未找到封面"),
])
def test_bad_input_gets_a_chinese_error_and_exit_2(capsys, out, maker, reason):
    path = out / "来自单位.xlsx"
    maker(path)
    before = sha256(path)
    code, stdout, err = run(capsys, "dump", path)
    assert code == 2 and stdout == ""
    assert reason in err and str(path) in err and "Traceback" not in err
    assert sha256(path) == before


def test_encrypted_workbook_is_refused(capsys, out, seed_book):
    from msoffcrypto.format.ooxml import OOXMLFile

    from xlperf.app.actions.unit import write_unit

    plain = write_unit(seed_book, out / "plain.xlsx")
    path = out / "加密.xlsx"
    with plain.open("rb") as src, path.open("wb") as dst:
        OOXMLFile(src).encrypt("secret", dst)  # real ECMA-376 agile encryption
    before = sha256(path)
    code, _, err = run(capsys, "dump", path)
    assert code == 2 and "已加密" in err and sha256(path) == before


def test_missing_sheet_is_unusable_input(capsys, out, seed_book):
    from xlperf.app.actions.unit import write_unit

    path = write_unit(seed_book, out / "单位.xlsx")
    wb = openpyxl.load_workbook(path)
    del wb["封面"]
    wb.save(path)
    before = sha256(path)
    code, stdout, err = run(capsys, "dump", path)
    assert code == 2 and stdout == "" and sha256(path) == before
    assert "未找到单位信息（封面）工作表" in err and str(path) in err


def test_missing_file_and_folder(capsys, out):
    code, err = _exit(capsys, "dump", out / "nope.xlsx")
    assert code == 2 and "文件不存在" in err
    code, err = _exit(capsys, "dump", out)
    assert code == 2 and "文件夹" in err


def test_usage_errors_are_chinese(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["new"])
    assert exit_info.value.code == 2
    assert "缺少参数：-o/--output" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["frobnicate"])
    assert "不能取“frobnicate”" in capsys.readouterr().err


def test_demo_reads_back_every_example(capsys, out):
    code, stdout, _ = run(capsys, "demo", "-o", out / "demo")
    assert code == 0
    for name in example_names():
        assert (out / "demo" / f"{name}.xlsx").exists()
    assert "26.99" in stdout and "博野县总工会本级" in stdout
    assert SEED in stdout


def test_schema(capsys):
    code, stdout, _ = run(capsys, "schema")
    assert code == 0 and json.loads(stdout)["title"] == "UnitWorkbook"


def test_module_entry_point():
    proc = subprocess.run([sys.executable, "-m", "xlperf", "-h"], capture_output=True,
                          text=True)
    assert proc.returncode == 0 and "用法：" in proc.stdout


def _exit(capsys, *argv):
    """Exit code and stderr of a command, whether argparse or the handler refused it."""
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:
        code = exc.code
    return code, capsys.readouterr().err


CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize(("argv", "named"), [
    (["check", "--select", "ZZZ", SEED_FILE], ["ZZZ"]),
    (["check", "--ignore", "I1,QQ9", SEED_FILE], ["QQ9"]),
    (["check", "--select", "，", SEED_FILE], ["--select"]),
    (["check", "--annotate", "--in-place", "-o", "{out}/x.xlsx", SEED_FILE], ["--in-place"]),
    (["check", "--annotate", "-o", "{out}/x.txt", SEED_FILE], [".xlsx"]),
    (["consolidate", "{out}", "-o", "{out}/汇总.xlsx", "--jobs", "0"], ["--jobs"]),
    (["consolidate", "{out}", "-o", "{out}/汇总.xlsx", "--jobs", "-3"], ["--jobs"]),
    (["consolidate", "{out}", "-o", "{out}/汇总.txt"], [".xlsx"]),
    (["new", "-o", "{out}/x.xlsx", "--year", "20245"], ["--year", "20245"]),
    (["new", "-o", "{out}/x.xlsx", "--year", "24"], ["--year"]),
    (["new", "-o", "{out}/x.xlsx", "--projects", "0"], ["--projects"]),
    (["new", "-o", "{out}/x.xlsx", "--projects", "-2"], ["--projects"]),
    (["new", "-o", "{out}/x.txt"], [".xlsx"]),
    (["fill", SEED_FILE, "-o", "{out}/x.txt"], [".xlsx"]),
    (["toc", SEED_FILE, "-o", "{out}/x.docx"], [".xlsx"]),
    (["export", SEED_FILE, "--docx", "{out}/x.pdf"], [".docx"]),
    (["import", DATA / "seed.txt", "-o", "{out}/x.txt"], [".xlsx"]),
    (["roster", "-o", "{out}/名录.csv"], [".xlsx"]),
    (["demo", "-o", SEED_FILE], ["文件夹"]),
    (["build", SEED_FILE], ["文件夹"]),
    # numbers: every --jobs alike
    (["review", "{out}", "-o", "{out}/审核", "--jobs", "-3"], ["--jobs"]),
    (["review", "{out}", "-o", "{out}/审核", "--jobs", "x"], ["--jobs"]),
    # outputs
    (["review", "{out}", "-o", SEED_FILE], ["文件夹"]),
    (["rubric", "-o", "{out}/规则.txt"], [".yaml"]),
    # inputs: a named file must be a file, a named path must exist
    (["dump", "{out}/无此文件.xlsx"], ["无此文件.xlsx", "文件不存在"]),
    (["toc", "{out}/无此文件.xlsx", "--in-place"], ["文件不存在"]),
    (["fill", "{out}", "--in-place"], ["文件夹"]),
    (["export", "{out}/无此文件.xlsx"], ["文件不存在"]),
    (["import", "{out}/无此文件.docx", "-o", "{out}/x.xlsx"], ["文件不存在"]),
    (["build", "{out}/模板", "--vba-from", "{out}/无此文件.xlsm"], ["文件不存在"]),
    (["consolidate", "{out}", "-o", "{out}/汇总.xlsx", "--roster", "{out}/无名录.xlsx"],
     ["--roster", "文件不存在"]),
    (["review", "{out}", "-o", "{out}/审核", "--roster", "{out}/无名录.xlsx"], ["文件不存在"]),
    (["review", "{out}", "-o", "{out}/审核", "--rubric", "{out}"], ["--rubric", "文件夹"]),
    (["check", "{out}/无此文件夹"], ["文件或文件夹不存在"]),
    (["consolidate", "{out}/无此文件夹", "-o", "{out}/汇总.xlsx"], ["文件或文件夹不存在"]),
    (["review", "{out}/无此文件夹", "-o", "{out}/审核"], ["文件或文件夹不存在"]),
    (["roster", "-o", "{out}/名录.xlsx", "--from", "{out}/无此文件夹"], ["文件或文件夹不存在"]),
])
def test_nonsense_arguments_are_refused_before_any_work(capsys, out, argv, named):
    unit = out / "单位.xlsx"
    shutil.copy(SEED_FILE, unit)
    argv = [str(unit) if a == SEED_FILE else str(a).replace("{out}", str(out)) for a in argv]
    before = sorted(out.iterdir()), sha256(unit)
    code, err = _exit(capsys, *argv)
    assert code == 2 and all(n in err for n in named) and CJK.search(err)
    assert not re.search(r"\b(argument|invalid|expected|usage)\b", err)
    assert (sorted(out.iterdir()), sha256(unit)) == before  # nothing written


#: Options whose value is free text (a name the user types), and so no validator's business.
FREE_TEXT = {("new", "code"), ("new", "name"), ("new", "compiler"), ("new", "reviewer")}


def test_every_value_is_validated_by_argtypes():
    """Every argument that takes a value goes through one validator of ``argtypes`` (or a fixed
    choice): no bare ``Path``/``int`` that would let nonsense reach the work."""
    from xlperf.app import argtypes

    validators = {v for v in vars(argtypes).values() if callable(v) and getattr(
        v, "__module__", "") == argtypes.__name__}
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    loose = [f"{name} {action.dest}" for name, sub in commands.choices.items()
             for action in sub._actions
             if action.nargs != 0 and not action.choices and action.dest != "help"
             and (name, action.dest) not in FREE_TEXT and action.type not in validators]
    assert loose == []


def test_every_argument_and_option_has_chinese_help():
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    missing = [f"{name} {action.dest}" for name, sub in commands.choices.items()
               for action in sub._actions
               if not (action.help and CJK.search(action.help))]
    assert missing == []


def test_consolidate_help_names_every_result_sheet(capsys):
    with pytest.raises(SystemExit):
        main(["consolidate", "-h"])
    text = capsys.readouterr().out
    assert all(name in text for name in SUMMARY_SHEETS)


def _damaged_workbook(path):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook>not really</workbook>")


@pytest.mark.parametrize("argv", [["fill", "{file}", "-o", "{out}/填充.xlsx"],
                                  ["toc", "{file}", "-o", "{out}/目录.xlsx"],
                                  ["dump", "{file}", "--engine", "openpyxl"],
                                  ["dump", "{file}"],
                                  ["check", "{file}", "--engine", "openpyxl"]])
def test_a_damaged_workbook_gets_a_chinese_reason_not_a_class_name(capsys, out, argv):
    path = out / "来自单位.xlsx"
    _damaged_workbook(path)
    code, stdout, err = run(capsys, *[a.format(file=path, out=out) for a in argv])
    assert code == 2 and "已损坏" in stdout + err
    assert not re.search(r"Error|Exception|[A-Z][a-z]+[A-Z][a-z]+|not found|File", stdout + err)


def test_a_workbook_named_txt_is_read_by_content_everywhere(capsys, out):
    path = out / "单位.txt"
    shutil.copy(SEED_FILE, path)
    code, _, err = run(capsys, "fill", path, "-o", out / "填充.xlsx")
    assert code == 0 and err == ""
    code, _, err = run(capsys, "toc", path, "-o", out / "目录.xlsx")
    assert code == 0 and err == ""
    code, stdout, _ = run(capsys, "check", path, "--engine", "openpyxl")
    assert code == 1 and "共检查 1 个文件" in stdout


def test_latin_words_in_chinese_messages_are_set_off_by_spaces(capsys, out):
    code, _, err = run(capsys, "import", SEED_FILE, "-o", out / "x.xlsx")
    assert code == 2 and "这是 Excel 工作簿，" in err
    _docx_like(out / "a.xlsx")
    code, _, err = run(capsys, "dump", out / "a.xlsx")
    assert code == 2 and "这是 Word 文档，" in err


def test_a_file_system_error_is_told_in_chinese_not_as_a_traceback(capsys, monkeypatch):
    """Whatever the operating system refuses (permissions, a full disk) reaches the user as a
    Chinese reason naming the file, with exit 2, never as an English strerror or a trace."""
    from xlperf.app import cli

    def refuse(args):
        raise PermissionError(13, "Permission denied", "单位.xlsx")

    monkeypatch.setattr(cli, "cmd_schema", refuse)
    code, _, err = run(capsys, "schema")
    assert code == 2 and "单位.xlsx" in err and "没有权限" in err
    assert "Permission" not in err and "Traceback" not in err


def test_help_headings_use_chinese_punctuation(capsys):
    with pytest.raises(SystemExit):
        main(["check", "-h"])
    text = capsys.readouterr().out
    assert "参数：" in text and "选项：" in text and "参数:" not in text
