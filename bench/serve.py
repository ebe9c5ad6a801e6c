"""Load bench of the intake service: 100 units upload at once, each gets its report.

Starts ``xlperf serve`` as its own process on a free loopback port, issues links for a
generated county's units, then sends every unit's workbook at the same moment through
``POST /api/upload`` (one thread per unit). Prints the time from upload to report (p50, p95,
max), checks that every file was stored exactly once and that ``/api/status`` lists every unit,
and times a single upload on the idle service.

    .venv/bin/python bench/serve.py [--units 100] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from make_county import make_county
from openpyxl import load_workbook

HERE = Path(__file__).parent
XLPERF = [sys.executable, "-m", "xlperf"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="xlperf-serve-"))
    county = make_county(work / "county", args.units, broken=0, duplicates=0)
    files = {Path(p).name.split("_")[0]: Path(p)
             for p in Path(county.folder).rglob("*.xlsx")}
    inbox = work / "收件"
    inbox.mkdir(exist_ok=True)
    roster = work / "单位名录.xlsx"
    subprocess.run([*XLPERF, "roster", "-o", str(roster), "--force", "--from",
                    str(county.folder)], check=True, capture_output=True)
    port = _port()
    base = f"http://127.0.0.1:{port}"
    serve = [*XLPERF, "serve", "--inbox", str(inbox), "--roster", str(roster),
             "--port", str(port)]
    subprocess.run([*serve, "--issue-links", str(work / "links.xlsx")], check=True,
                   capture_output=True)
    rows = list(load_workbook(work / "links.xlsx", read_only=True).active
                .iter_rows(values_only=True))[2:]
    tokens = {str(r[0]): str(r[2]).rsplit("/", 1)[1] for r in rows}
    server = subprocess.Popen(serve, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait(base)
        _run(base, tokens, files, inbox)
    finally:
        server.terminate()
        server.wait(10)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def _wait(base: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(base + "/", timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit("the service did not start")


def _upload(base: str, token: str, path: Path) -> tuple[float, int, dict]:
    start = time.perf_counter()
    response = httpx.post(f"{base}/api/upload", files={"file": (path.name, path.read_bytes())},
                          headers={"Authorization": f"Bearer {token}"}, timeout=120)
    return time.perf_counter() - start, response.status_code, response.json()


def _run(base: str, tokens: dict[str, str], files: dict[str, Path], inbox: Path) -> None:
    codes = [c for c in files if c in tokens]
    # idle: one upload at a time (the first warms the service up and is not counted)
    idle = [_upload(base, tokens[codes[k]], files[codes[k]])[0] for k in range(6)][1:]
    for path in inbox.iterdir():  # start the concurrent round from an empty inbox
        path.unlink()
    results: dict[str, tuple[float, int, dict]] = {}
    barrier = threading.Barrier(len(codes))

    def one(code: str) -> None:
        barrier.wait()
        results[code] = _upload(base, tokens[code], files[code])

    threads = [threading.Thread(target=one, args=(c,)) for c in codes]
    wall = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - wall
    times = [r[0] for r in results.values()]
    ok = [c for c, r in results.items() if r[1] == 200 and "findings" in r[2]]
    stored = sorted(p.name.split("_")[0] for p in inbox.iterdir())
    status = httpx.get(f"{base}/api/status",
                       headers={"Authorization": f"Bearer {tokens['财政局']}"}).json()
    sent = {row["单位编码"] for row in status if row["报送状态"] in ("已报送", "名录外")}
    print(f"load: {os.getloadavg()[0]:.2f} (1-min average, {os.cpu_count()} cores)")
    print(f"idle service, one upload at a time: median {statistics.median(idle) * 1000:.0f} ms "
          f"(5 uploads)")
    print(f"{len(codes)} concurrent uploads of distinct units: p50 {_percentile(times, .5):.2f} s, "
          f"p95 {_percentile(times, .95):.2f} s, max {max(times):.2f} s; all done in {wall:.2f} s")
    print(f"answered with a report: {len(ok)}/{len(codes)}; stored in the inbox: {len(stored)} "
          f"files, {len(set(stored))} units; listed as sent by /api/status: "
          f"{len(sent & set(codes))}/{len(codes)}")
    if len(ok) != len(codes) or stored != sorted(codes) or not set(codes) <= sent:
        raise SystemExit("FAILED: not every upload was stored once and listed")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    main()
