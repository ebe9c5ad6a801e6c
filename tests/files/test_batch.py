"""Isolated workers: a worker that aborts, runs out of memory or of time costs only its item."""

from __future__ import annotations

import os
import time
from pathlib import Path

from xlperf.app.actions.county import consolidate
from xlperf.core.summary.records import Status
from xlperf.files import batch
from xlperf.files.examples import example_names
from xlperf.files.pool import Failure, run_isolated

EXAMPLES = Path(__file__).resolve().parents[2] / "workbooks" / "examples"


def _task(item: str) -> str:
    """What a worker does with an item: most are fine, some are hostile."""
    if item == "abort":
        os.abort()  # as a Rust allocation failure does
    if item == "exit":
        os._exit(3)
    if item == "sleep":
        time.sleep(30)
    if item == "raise":
        raise ValueError("bad")
    if item == "hog":
        return str(len(bytearray(4 << 30)))  # beyond the worker's address-space limit
    return item.upper()


def test_each_failure_costs_only_its_item_and_the_order_holds():
    items = ["a", "abort", "b", "sleep", "c", "raise", "exit", "hog", "d"]
    start = time.monotonic()
    done = []
    results = run_isolated(_task, items, jobs=2, seconds=1.5, memory=1 << 30,
                           advance=done.append)
    assert time.monotonic() - start < 20  # the sleeper was not waited for
    assert [results[i] for i in (0, 2, 4, 8)] == ["A", "B", "C", "D"]
    reasons = {items[i]: r.reason for i, r in enumerate(results) if isinstance(r, Failure)}
    assert set(reasons) == {"abort", "sleep", "raise", "exit", "hog"}
    assert "异常终止" in reasons["abort"]
    assert "超过 2 秒" in reasons["sleep"]
    assert "意外错误（ValueError）" in reasons["raise"]
    assert "意外退出（代码 3）" in reasons["exit"]
    assert "内存不足" in reasons["hog"]
    assert len(done) == len(items)


def test_no_worker_is_left_behind():
    import multiprocessing

    run_isolated(_task, ["a", "sleep", "b"], jobs=2, seconds=0.5)
    assert multiprocessing.active_children() == []


def test_a_county_run_lists_a_file_whose_worker_died(tmp_path, monkeypatch):
    folder = tmp_path / "收件"
    folder.mkdir()
    for name in example_names():
        (folder / f"{name}.xlsx").write_bytes((EXAMPLES / f"{name}.xlsx").read_bytes())
    doomed = folder / f"{example_names()[0]}.xlsx"
    real = batch.unit_record

    def record(name: str):
        if name == str(doomed):
            os.abort()
        return real(name)

    monkeypatch.setattr(batch, "unit_record", record)  # the forked workers see it too
    result = consolidate([folder], tmp_path / "汇总.xlsx", jobs=2)
    rows = {Path(s.path).name: s for s in result.summary.submissions}
    assert rows[doomed.name].status == Status.UNREADABLE
    assert "异常终止" in rows[doomed.name].note
    assert len(result.summary.units) == len(example_names()) - 1
    assert (tmp_path / "汇总.xlsx").is_file()


def _collects(_item: str) -> bool:
    import gc

    return gc.isenabled()


def test_workers_collect_garbage_while_the_parent_pauses():
    import gc

    from xlperf.files.pool import collector_paused

    with collector_paused():
        assert not gc.isenabled()
        assert run_isolated(_collects, ["a", "b"], jobs=2) == [True, True]
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # left as it was
    finally:
        gc.enable()
