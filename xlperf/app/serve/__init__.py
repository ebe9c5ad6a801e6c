"""``xlperf serve``: the bureau's intake service, a page every unit can use in a browser.

An app-layer adapter over the same verbs as the command line: uploads go through the check
of ``actions.check_file`` in an isolated worker, accepted files land in the inbox folder that
``consolidate`` and ``review`` read, and the bureau's buttons run those two verbs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from xlperf.app.serve.bureau import Roster
from xlperf.app.serve.guard import Rates
from xlperf.app.serve.intake import MEGABYTE, Intake, UploadLimits
from xlperf.app.serve.store import Store, new_token, store_folder
from xlperf.errors import InputFileError, XlperfError
from xlperf.files.discover import LINKS_TITLE

if TYPE_CHECKING:  # starlette is an optional dependency (xlperf[serve])
    from starlette.applications import Starlette

    from xlperf.app.serve.web import Service

__all__ = ["MEGABYTE", "UploadLimits", "Settings", "open_service", "write_links"]


@dataclass(frozen=True)
class Settings:
    """Everything ``xlperf serve`` is started with."""

    inbox: Path
    roster: Path | None = None
    limits: UploadLimits = UploadLimits()
    rates: Rates = Rates()
    trust_proxy: bool = False
    store: Path | None = None  # default: beside the inbox
    workers: int | None = None  # checks at once (default: one per CPU)


def open_service(settings: Settings) -> tuple[Starlette, Service]:
    """The service's Starlette app and its :class:`~xlperf.app.serve.web.Service`.

    Raises:
        InputFileError: the inbox is not a folder, or the roster cannot be read.
    """
    from xlperf.app.serve.web import Service, create_app
    from xlperf.files.rosterfile import read_roster
    from xlperf.files.rubricfile import load_rubric, rubric_beside

    inbox = Path(settings.inbox)
    if not inbox.is_dir():
        raise InputFileError(str(inbox), "收件文件夹不存在或不是文件夹")
    roster = Roster(tuple(read_roster(settings.roster)), settings.roster) if settings.roster \
        else Roster()
    store = Store(settings.store or store_folder(inbox))
    store.abandon_runs()
    intake = Intake(store, inbox, load_rubric(rubric_beside(settings.roster)), settings.limits,
                    settings.workers)
    service = Service(intake, roster, settings.rates, settings.trust_proxy)
    return create_app(service), service


def write_links(settings: Settings, output: Path, base_url: str,
                codes: list[str] | None = None) -> int:
    """Issue new links (every roster unit and the bureau, or only ``codes``) into a workbook.

    The links issued before to the same holders stop working. Returns the number of links.

    Raises:
        InputFileError: no roster, or a code not in it.
        OutputFileError: the workbook cannot be written.
    """
    from xlperf.core.summary.tables import Column, Table
    from xlperf.files.rosterfile import read_roster
    from xlperf.files.xlsxstream import write_tables

    if settings.roster is None:
        raise XlperfError("生成单位访问链接需要单位名录（--roster）")
    entries = read_roster(settings.roster)
    if codes:
        known = {e.code for e in entries} | {"财政局"}
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise InputFileError(str(settings.roster),
                                 f"单位名录中没有这些单位编码：{'、'.join(unknown)}")
    base = base_url.rstrip("/")
    holders: list[tuple[str, str | None, str | None, str]] = [
        ("unit", e.code, e.name, new_token()) for e in entries if not codes or e.code in codes]
    if not codes or "财政局" in codes:
        holders.append(("bureau", None, None, new_token()))
    rows = [(code or "财政局", name or ("财政局（报送情况、汇总、审核）" if code is None else ""),
             f"{base}/{'u' if role == 'unit' else 'b'}/{token}")
            for role, code, name, token in holders]
    table = Table("单位访问链接", "单位访问链接（每个单位只发给本单位；重新生成后旧链接失效）",
                  (Column("单位编码", 12), Column("单位名称", 30), Column("访问链接", 70)), rows)
    # the file first: if it cannot be written, the links handed out before still work
    write_tables([table], output, title=LINKS_TITLE)
    store = Store(settings.store or store_folder(Path(settings.inbox)))
    try:
        for role, code, name, token in holders:
            store.issue(role, code, name, token)
    finally:
        store.close()
    return len(rows)
