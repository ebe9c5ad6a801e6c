"""The intake service on a real socket for tests: links from a real roster, uvicorn in a thread."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from helpers import ROOT

EXAMPLES = ROOT / "workbooks" / "examples"
UNITS = {"711001": "博野县总工会_2023.xlsx", "733001": "博野县卫生健康局_2023.xlsx",
         "704001": "博野县教育和体育局_2023.xlsx", "721001": "博野县农业农村局_2023.xlsx"}


@dataclass
class Site:
    """A running service: its address, its folders and the links issued for it."""

    url: str
    inbox: Path
    store: Path
    links: dict[str, str]  # unit code (or 财政局) → link
    service: object

    def token(self, code: str) -> str:
        return self.links[code].rsplit("/", 1)[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _links(path: Path) -> dict[str, str]:
    from openpyxl import load_workbook

    rows = list(load_workbook(path, read_only=True).active.iter_rows(values_only=True))[2:]
    return {str(r[0]): str(r[2]) for r in rows}


def start_site(folder: Path, **rates: int) -> Iterator[Site]:
    """Roster → links → uvicorn on a free loopback port, in a thread; stopped at the end."""
    import uvicorn

    from xlperf.app import serve
    from xlperf.app.actions.county import write_roster
    from xlperf.app.serve.guard import Rates

    inbox = folder / "收件"
    inbox.mkdir(parents=True)
    source = folder / "来源"
    source.mkdir()
    for name in UNITS.values():
        shutil.copyfile(EXAMPLES / name, source / name)
    roster = folder / "单位名录.xlsx"
    write_roster(roster, [source])
    port = _free_port()
    settings = serve.Settings(inbox=inbox, roster=roster, rates=Rates(**rates))
    serve.write_links(settings, folder / "links.xlsx", f"http://127.0.0.1:{port}")
    app, service = serve.open_service(settings)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the service did not start")
        time.sleep(0.05)
    try:
        yield Site(f"http://127.0.0.1:{port}", inbox, service.store.folder,
                   _links(folder / "links.xlsx"), service)
    finally:
        server.should_exit = True
        thread.join(10)
        service.store.close()
