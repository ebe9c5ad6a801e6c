"""The bureau's side of the service: live 报送情况, and 汇总/审核/发布 run in the background."""

from __future__ import annotations

import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from xlperf.app.serve.store import Store, Upload
from xlperf.core.summary.records import RosterEntry
from xlperf.errors import XlperfError

#: What the bureau's buttons start (form purpose → Chinese name).
ACTIONS = {"consolidate": "汇总", "review": "审核", "publish": "发布审核结果"}
REVIEW_FOLDER = "审核"


@dataclass(frozen=True)
class Roster:
    """The units expected (from ``--roster``), and the file they came from."""

    entries: tuple[RosterEntry, ...] = ()
    path: Path | None = None

    def name_of(self, code: str) -> str | None:
        return next((e.name for e in self.entries if e.code == code), None)


@dataclass(frozen=True)
class StatusRow:
    """One row of the live 报送情况."""

    code: str
    name: str
    status: str  # 已报送 / 未报送 / 名录外
    latest: Upload | None = None
    versions: int = 0
    published: str | None = None

    def as_json(self) -> dict[str, object]:
        s = self.latest
        return {
            "单位编码": self.code, "单位名称": self.name, "报送状态": self.status,
            "版本数": self.versions,
            "最近报送": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(s.received))
            if s else None,
            "文件": s.stored if s else None,
            "错误": s.errors if s else None, "警告": s.warnings if s else None,
            "提示": s.infos if s else None, "建议结果": s.suggestion if s else None,
            "已发布结果": self.published,
        }


def status_rows(store: Store, roster: Roster) -> list[StatusRow]:
    """Every roster unit (sent or not), then units outside the roster that sent a file."""
    latest = store.latest()
    versions = store.counts()
    rows: list[StatusRow] = []
    for entry in roster.entries:
        sub = latest.get(entry.code)
        rows.append(StatusRow(entry.code, entry.name or "", "已报送" if sub else "未报送", sub,
                              versions.get(entry.code, 0), _published(store, entry.code)))
    listed = {e.code for e in roster.entries}
    for code, sub in sorted(latest.items()):
        if code not in listed:
            rows.append(StatusRow(code, sub.unit_name or "", "名录外" if roster.entries
                                  else "已报送", sub, versions.get(code, 0),
                                  _published(store, code)))
    return rows


def _published(store: Store, code: str) -> str | None:
    found = store.published(code)
    return found[0] if found else None


@dataclass
class _Runner:
    threads: list[threading.Thread] = field(default_factory=list)


_RUNNER = _Runner()


def start(store: Store, inbox: Path, roster: Roster, action: str) -> str | None:
    """Start a run in a background thread; the reason it cannot start, else None."""
    number = store.start_run(action)
    if number is None:
        return f"上一次{ACTIONS[action]}还在进行中，请稍后刷新页面查看结果。"
    thread = threading.Thread(target=_run, args=(store, inbox, roster, action, number),
                              name=f"xlperf-{action}-{number}", daemon=True)
    _RUNNER.threads.append(thread)
    thread.start()
    return None


def wait_for_runs(seconds: float = 300.0) -> None:
    """Wait for the started runs (tests, shutdown)."""
    for thread in list(_RUNNER.threads):
        thread.join(seconds)
    _RUNNER.threads.clear()


def _run(store: Store, inbox: Path, roster: Roster, action: str, number: int) -> None:
    from xlperf.app.actions import county, review

    folder = Path("outputs") / f"run-{number}"
    (store.folder / folder).mkdir(parents=True, exist_ok=True)
    try:
        if action == "consolidate":
            target = folder / "汇总.xlsx"
            done = county.consolidate([inbox], store.folder / target, roster=roster.path)
            store.finish_run(number, True, f"已汇总 {done.files} 个文件", str(target))
        else:
            review_folder = store.folder / REVIEW_FOLDER
            reviewed = review.review([inbox], review_folder, roster=roster.path)
            archive = shutil.make_archive(str(store.folder / folder / "审核结果"), "zip",
                                          review_folder)
            message = "；".join(review.result_lines(reviewed))
            if action == "publish":
                results = [(u.code, u.record.result or u.record.suggestion,
                            str(Path(REVIEW_FOLDER) / u.record.letter) if u.record.letter
                            else None)
                           for u in reviewed.plan.units if u.code and u.record is not None]
                store.publish(results)
                message = f"已向 {len(results)} 个单位发布审核结果；{message}"
            store.finish_run(number, True, message,
                             str(Path(archive).relative_to(store.folder)))
    except XlperfError as exc:
        store.finish_run(number, False, str(exc), None)
    except Exception as exc:  # noqa: BLE001 - a failed run is shown on the page, not lost
        store.finish_run(number, False, f"运行出错（{type(exc).__name__}）", None)
