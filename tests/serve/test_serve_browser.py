"""A real browser (Debian's chromium, driven by Playwright) through a unit's and the bureau's pages.

upload → report → download → resubmit → the bureau's 报送情况 → 审核 → 发布 → the unit sees it.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest
from helpers import unavailable
from serve_site import EXAMPLES, UNITS

sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        unavailable("chromium")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def _wait_for_runs(page, site, count: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        page.goto(site.links["财政局"])
        rows = page.locator("#runs tbody tr")
        if rows.count() >= count and "进行中" not in page.locator("#runs").inner_text():
            return
        time.sleep(0.5)
    raise AssertionError("the run did not finish")


def test_a_unit_and_the_bureau_in_a_browser(browser, site, tmp_path):
    from openpyxl import load_workbook

    page = browser.new_page(accept_downloads=True)
    page.goto(site.links["711001"])
    assert "711001" in page.locator("header").inner_text()
    assert "还没有上传过文件" in page.content()

    page.set_input_files("#file", str(EXAMPLES / UNITS["711001"]))
    page.click("#send")
    page.wait_for_url(re.compile(r"/v/\d+$"))
    tally = page.locator("#tally").inner_text()
    errors = int(re.search(r"错误 (\d+) 条", tally).group(1))
    assert errors > 0 and page.locator("table.findings tr.error").count() > 0

    with page.expect_download() as download:
        page.click("#annotated")
    annotated = tmp_path / download.value.suggested_filename
    download.value.save_as(annotated)
    assert annotated.name.endswith("_校验.xlsx")
    assert "校验结果" in load_workbook(annotated, read_only=True).sheetnames

    # the clerk corrects one amount and sends the file again
    fixed = tmp_path / "改过的.xlsx"
    wb = load_workbook(EXAMPLES / UNITS["711001"])
    wb["封面"]["B6"] = "博野县财政局"
    wb.save(fixed)
    page.goto(site.links["711001"])
    page.set_input_files("#file", str(fixed))
    page.click("#send")
    page.wait_for_url(re.compile(r"/v/\d+$"))
    page.goto(site.links["711001"])
    assert page.locator("#versions tbody tr").count() >= 2

    bureau = browser.new_page(accept_downloads=True)
    bureau.goto(site.links["财政局"])
    row = bureau.locator("#status tbody tr", has_text="711001")
    assert "已报送" in row.inner_text()
    assert "未报送" in bureau.locator("#status tbody tr", has_text="704001").inner_text()

    bureau.click("#do-consolidate")
    _wait_for_runs(bureau, site, 1)
    with bureau.expect_download() as download:
        bureau.locator("#runs a", has_text="下载").first.click()
    assert download.value.suggested_filename == "汇总.xlsx"

    bureau.click("#do-publish")
    _wait_for_runs(bureau, site, 2)
    assert "已向" in bureau.locator("#runs").inner_text()

    page.goto(site.links["711001"])
    assert page.locator("#result").inner_text() in ("优", "良", "中", "差")
    with page.expect_download() as download:
        page.click("#letter")
    assert Path(download.value.suggested_filename).suffix == ".docx"
