"""model → xlsx → model is exact, through both file readers."""

import pytest

from xlperf.app.actions import unit as actions
from xlperf.core.model.unit_workbook import UnitInfo, facts
from xlperf.core.workbook.reader import read_book
from xlperf.core.workbook.render import render_workbook
from xlperf.files import fastread, xlsx


@pytest.mark.parametrize("loader", [xlsx.load_grids, fastread.load_grids],
                         ids=["openpyxl", "calamine"])
def test_examples_round_trip(example, loader, out):
    name, book = example
    path = out / f"{name}.xlsx"
    xlsx.write_book(render_workbook(book), path)
    result = read_book(loader(path))
    assert result.findings == []
    assert facts(result.book) == facts(book)


def test_every_field_knows_its_cell(seed_book, out):
    path = out / "seed.xlsx"
    xlsx.write_book(render_workbook(seed_book), path)
    book = read_book(fastread.load_grids(path)).book
    grids = fastread.load_grids(path)
    for project in book.projects:
        sheet = grids[project.sheet]
        for field in ("code", "name", "budget", "fiscal_funds", "purpose"):
            value = sheet.text(*_rc(project.cells[field]))
            assert value == str(getattr(project, field))
        for indicator in project.indicators:
            assert sheet.text(*_rc(indicator.cells["name"])) == indicator.name
            assert sheet.text(*_rc(indicator.cells["value"])) == indicator.value.text
            assert sheet.text(*_rc(indicator.cells["level1"])) == indicator.level1


def _rc(ref):
    from xlperf.core.workbook.grid import parse_a1
    return parse_a1(ref)


def test_blank_workbook_round_trips(out):
    info = UnitInfo(code="712001", name="博野县示例局本级", year=2024, compiler="博野县示例局",
                    reviewer="博野县财政局")
    book = actions.new_unit(info, projects=5)
    path = actions.write_unit(book, out / "new.xlsx")
    result = actions.read_file(path)
    assert facts(result.book) == facts(book)
    assert len(result.book.projects) == 5
    assert [p.milestone for p in result.book.projects[4].spending_plan] == [
        "3月底", "6月底", "10月底", "12月底"]


def test_both_readers_give_the_same_model(example, out):
    name, book = example
    path = out / f"{name}.xlsx"
    xlsx.write_book(render_workbook(book), path)
    a = read_book(xlsx.load_grids(path)).book
    b = read_book(fastread.load_grids(path)).book
    assert a == b  # locations included


def test_writer_is_reproducible(seed_book, out):
    import time

    spec = render_workbook(seed_book)
    xlsx.write_book(spec, out / "a.xlsx")
    time.sleep(1.1)  # openpyxl stamps the save time: the bytes must not depend on it
    xlsx.write_book(spec, out / "b.xlsx")
    assert (out / "a.xlsx").read_bytes() == (out / "b.xlsx").read_bytes()


def test_written_files_get_normal_permissions_and_keep_replaced_ones(seed_book, out):
    import os
    import stat

    spec = render_workbook(seed_book)
    new = out / "new.xlsx"
    xlsx.write_book(spec, new)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~umask  # not the temp file's 0600
    new.chmod(0o640)
    xlsx.write_book(spec, new)
    assert stat.S_IMODE(new.stat().st_mode) == 0o640
    assert [p.name for p in out.iterdir()] == ["new.xlsx"]  # no temp file left behind
