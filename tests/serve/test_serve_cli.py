"""``xlperf serve``'s arguments are refused before anything starts or is written."""

from __future__ import annotations

import pytest

from xlperf.app.cli import main


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "收件"
    folder.mkdir()
    return folder


@pytest.mark.parametrize(("extra", "words"), [
    (["--port", "0"], "1–65535"),
    (["--port", "80000"], "1–65535"),
    (["--max-upload", "0"], "1–200"),
    (["--host", "a b"], "IP 地址"),
    (["--base-url", "jx.example"], "http://"),
    (["--roster", "没有这个文件.xlsx"], "不存在"),
    (["--issue-links", "links.csv"], ".xlsx"),
])
def test_bad_arguments_exit_2_with_a_chinese_reason(inbox, capsys, extra, words):
    with pytest.raises(SystemExit) as exit_:
        main(["serve", "--inbox", str(inbox), *extra])
    assert exit_.value.code == 2
    assert words in capsys.readouterr().err
    assert [p.name for p in inbox.parent.iterdir()] == ["收件"]  # no store was made


def test_an_inbox_that_is_not_a_folder_is_refused(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["serve", "--inbox", str(tmp_path / "没有")])
    assert exit_.value.code == 2 and "不存在" in capsys.readouterr().err


def test_links_need_a_roster_and_units_need_links(inbox, capsys):
    assert main(["serve", "--inbox", str(inbox), "--issue-links",
                 str(inbox.parent / "l.xlsx")]) == 2
    assert "--roster" in capsys.readouterr().err
    assert main(["serve", "--inbox", str(inbox), "--units", "711001"]) == 2
    assert "--issue-links" in capsys.readouterr().err
    assert not (inbox.parent / "l.xlsx").exists()


def test_reissuing_one_units_link_stops_only_its_old_link(tmp_path, capsys):
    from serve_site import _links, start_site

    for site in start_site(tmp_path / "s"):
        roster = site.inbox.parent / "单位名录.xlsx"
        old = dict(site.links)
        assert main(["serve", "--inbox", str(site.inbox), "--roster", str(roster),
                     "--issue-links", str(tmp_path / "new.xlsx"), "--units", "711001"]) == 0
        new = _links(tmp_path / "new.xlsx")
        assert list(new) == ["711001"] and new["711001"] != old["711001"]
        import httpx

        assert httpx.get(old["711001"]).status_code == 403
        assert httpx.get(new["711001"].replace(new["711001"].split("/u/")[0], site.url)) \
            .status_code == 200
        assert httpx.get(old["733001"]).status_code == 200
        assert main(["serve", "--inbox", str(site.inbox), "--roster", str(roster),
                     "--issue-links", str(tmp_path / "x.xlsx"), "--units", "999999"]) == 2
        assert "999999" in capsys.readouterr().err
