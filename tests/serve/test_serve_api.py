"""The service's HTTP surface: who may see what, uploads refused with reasons, the JSON API.

Expected values come from the command line run on the same file (``xlperf check --format
json``), never from the service's own code.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile

import httpx
import pytest
from serve_site import EXAMPLES, UNITS

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _csrf(page: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)


def _refusal(page: str) -> str:
    return re.search(r"未接收：([^<]*)", page).group(1)


def _cli_findings(path) -> list[dict]:
    done = subprocess.run([sys.executable, "-m", "xlperf", "check", str(path), "--format", "json"],
                          capture_output=True, text=True, check=False)
    return [{k: v for k, v in f.items() if k != "file"} for f in json.loads(done.stdout)]


def _upload(site, code: str, name: str | None = None, content: bytes | None = None,
            token_of: str | None = None) -> httpx.Response:
    data = content if content is not None else (EXAMPLES / (name or UNITS[code])).read_bytes()
    return httpx.post(f"{site.url}/api/upload", files={"file": (name or UNITS[code], data)},
                      headers={"Authorization": f"Bearer {site.token(token_of or code)}"})


def test_api_upload_returns_what_check_prints_and_stores_the_file_once(site):
    before = set(site.inbox.iterdir())
    response = _upload(site, "711001")
    assert response.status_code == 200
    body = response.json()
    stored = site.inbox / body["stored"]
    assert set(site.inbox.iterdir()) - before == {stored}
    assert re.fullmatch(r"711001_\d{8}-\d{6}(-\d+)?\.xlsx", body["stored"])
    assert stored.read_bytes() == (EXAMPLES / UNITS["711001"]).read_bytes()
    expected = _cli_findings(EXAMPLES / UNITS["711001"])
    assert [{k: v for k, v in f.items() if k != "file"} for f in body["findings"]] == expected
    assert {f["file"] for f in body["findings"]} == {body["stored"]}  # never a server path
    assert expected  # the example has findings: the comparison is not of two empty lists


def test_a_unit_token_cannot_read_another_units_versions(site):
    mine = _upload(site, "733001").json()["version"]
    other = site.links["711001"]
    assert httpx.get(f"{site.links['733001']}/v/{mine}").status_code == 200
    for kind in ("", "/annotated", "/original"):
        response = httpx.get(f"{other}/v/{mine}{kind}")
        assert response.status_code in (403, 404), kind
        assert "733001" not in response.text
    # and the bureau's API is not a unit's
    status = httpx.get(f"{site.url}/api/status",
                       headers={"Authorization": f"Bearer {site.token('733001')}"})
    assert status.status_code == 403


def test_a_workbook_of_another_unit_is_refused_and_not_stored(site):
    before = sorted(p.name for p in site.inbox.iterdir())
    response = _upload(site, "711001", name=UNITS["733001"])
    assert response.status_code == 403
    assert "733001" in response.json()["error"] and "711001" in response.json()["error"]
    assert sorted(p.name for p in site.inbox.iterdir()) == before


@pytest.mark.parametrize("path", [
    "/u/{token}/v/1/../../../../etc/passwd",
    "/u/{token}/v/1/%2e%2e%2f%2e%2e%2fintake.sqlite3",
    "/u/{token}/v/1/..%2Fintake.sqlite3",
    "/u/{token}/v/1/annotated?path=/etc/passwd",
    "/static/../intake.sqlite3",
    "/static/%2e%2e/store.py",
])
def test_a_path_in_a_download_request_is_refused(site, path):
    response = httpx.get(site.url + path.format(token=site.token("711001")))
    assert response.status_code in (400, 403, 404) or "SQLite" not in response.text
    assert b"SQLite format" not in response.content and b"root:" not in response.content
    assert b"class Store" not in response.content


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 << 20))
    return buffer.getvalue()


@pytest.mark.parametrize(("content", "words"), [
    (b"%PDF-1.7 not a workbook", "PDF"),
    (b"\xd0\xcf\x11\xe0" + b"\0" * 600, "旧版 Excel"),
    (b"PK\x03\x04truncated", "已损坏"),
    (_bomb(), "压缩"),
    (b"", "空"),
])
def test_a_hostile_or_wrong_upload_is_refused_with_its_reason(site, content, words):
    before = sorted(p.name for p in site.inbox.iterdir())
    response = _upload(site, "721001", content=content)
    assert response.status_code == 400
    assert words in response.json()["error"]
    assert sorted(p.name for p in site.inbox.iterdir()) == before
    assert not list((site.store / "tmp").iterdir())  # the temporary copy is gone too


def test_an_upload_over_the_limit_is_refused_before_it_is_read(site):
    limit = site.service.intake.limits.upload_bytes
    response = _upload(site, "721001", content=b"PK\x03\x04" + b"\0" * (limit + 1))
    assert response.status_code == 413 and "上传上限" in response.json()["error"]


def test_unknown_and_revoked_tokens_open_nothing(site):
    assert httpx.get(f"{site.url}/u/not-a-token").status_code == 403
    assert httpx.get(f"{site.url}/b/{site.token('711001')}").status_code == 403
    assert httpx.get(f"{site.url}/u/{site.token('财政局')}").status_code == 403
    site.service.store.revoke(["704001"])
    assert httpx.get(site.links["704001"]).status_code == 403
    assert _upload(site, "704001").status_code == 403


def test_a_form_without_the_pages_token_is_refused(site):
    link = site.links["721001"]
    data = (EXAMPLES / UNITS["721001"]).read_bytes()
    for csrf in ("", "0" * 64, _csrf(httpx.get(site.links["711001"]).text)):
        response = httpx.post(f"{link}/upload", data={"csrf": csrf},
                              files={"file": ("a.xlsx", data)})
        assert response.status_code == 403 and "页面已过期" in _refusal(response.text)
    good = httpx.post(f"{link}/upload", data={"csrf": _csrf(httpx.get(link).text)},
                      files={"file": ("a.xlsx", data)})
    assert good.status_code == 303


def test_text_from_a_units_file_is_escaped_in_every_page(site, tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "x.xlsx"
    wb = load_workbook(EXAMPLES / UNITS["721001"])
    project = next(ws for ws in wb.worksheets if ws.title.startswith("项目"))
    project["B3"] = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    wb.save(path)
    version = _upload(site, "721001", content=path.read_bytes()).json()["version"]
    page = httpx.get(f"{site.links['721001']}/v/{version}")
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;" in page.text or "script" not in page.text
    assert "script-src" not in page.headers["content-security-policy"]  # no script at all


def test_uploads_over_the_rate_limit_are_refused(tmp_path_factory):
    from serve_site import start_site

    for site in start_site(tmp_path_factory.mktemp("rate"), per_token=2):
        codes = [_upload(site, "711001").status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        assert _upload(site, "733001").status_code == 200  # another link is not held back


def _values(path) -> dict:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    return {(ws.title, c.coordinate): c.value for ws in wb.worksheets for row in ws.iter_rows()
            for c in row if c.value is not None}


def test_the_fixed_copy_equals_what_xlperf_fix_writes(site, tmp_path):
    version = _upload(site, "711001").json()["version"]
    response = httpx.get(f"{site.links['711001']}/v/{version}/fixed")
    assert response.status_code == 200
    assert "%E5%B7%B2%E4%BF%AE%E6%AD%A3" in response.headers["content-disposition"]  # 已修正
    served = tmp_path / "served.xlsx"
    served.write_bytes(response.content)
    expected = tmp_path / "cli.xlsx"
    subprocess.run([sys.executable, "-m", "xlperf", "fix", str(EXAMPLES / UNITS["711001"]),
                    "-o", str(expected)], check=True, capture_output=True)
    assert _values(served) == _values(expected)
    assert _values(served) != _values(EXAMPLES / UNITS["711001"])  # something was fixed


def test_a_word_document_is_checked_like_check_and_stored_under_its_kind(site, tmp_path):
    document = tmp_path / "总工会绩效文本.docx"
    assert subprocess.run([sys.executable, "-m", "xlperf", "export",
                           str(EXAMPLES / UNITS["711001"]), "--docx", str(document),
                           "--allow-errors"], capture_output=True).returncode == 0
    response = _upload(site, "711001", name=document.name, content=document.read_bytes())
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["stored"].endswith(".docx") and (site.inbox / body["stored"]).is_file()
    expected = _cli_findings(document)
    assert [{k: v for k, v in f.items() if k != "file"} for f in body["findings"]] == expected
    annotated = httpx.get(f"{site.links['711001']}/v/{body['version']}/annotated")
    assert annotated.status_code == 200
    assert ".xlsx" in annotated.headers["content-disposition"]  # the workbook made from it
    assert zipfile.ZipFile(io.BytesIO(annotated.content)).testzip() is None
    assert httpx.get(f"{site.links['711001']}/v/{body['version']}/fixed").status_code == 404
