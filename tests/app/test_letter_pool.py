"""The letter pool ends, always: a letter that fails (a unit name too long for a file name) while
others are being written used to leave ``multiprocessing.Pool.terminate`` waiting on a queue
lock a task thread held (issue 19, item 9: 3 hangs in ~290 runs). Letters now run in
``files.pool``: pipes and kill, no shared queue. Each run here is bounded by an alarm, so a hang
fails the test instead of stalling the suite."""

from __future__ import annotations

import multiprocessing
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from helpers import ROOT

from xlperf.app.actions.unit import read_file, write_unit
from xlperf.app.cli import main
from xlperf.files.returnpack import parallel_map

LONG = "博野县" + "长" * 80 + "本级"  # 86 characters: 258 bytes, over a file name's 255


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    def hung(*_: object) -> None:
        raise TimeoutError(f"still running after {seconds} s: the pool hangs")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _letter(index: int) -> bytes:
    if index % 5 == 3:
        raise OSError(36, "File name too long")
    return b"x" * 20_000  # more than a pipe holds at once


def test_a_failing_task_among_many_raises_here_and_leaves_no_worker():
    for _ in range(20):
        with deadline(120), pytest.raises(OSError, match="too long"):
            parallel_map(_letter, list(range(40)), workers=2)
        assert multiprocessing.active_children() == []


def test_results_come_back_in_order_from_the_pool():
    with deadline(120):
        assert parallel_map(abs, list(range(-20, 20)), workers=2) == [abs(n) for n in
                                                                        range(-20, 20)]


def test_a_review_with_many_letters_and_a_too_long_unit_name_ends(tmp_path, capsys):
    sys.path.insert(0, str(ROOT / "bench"))
    from make_county import make_county

    made = make_county(tmp_path / "收件", 12, seed=5, jobs=2)  # every unit gets a letter (中)
    first = sorted(Path(made.folder).rglob("*.xlsx"))[0]
    book = read_file(first).book
    book = book.model_copy(update={
        "info": book.info.model_copy(update={"name": LONG}),
        "projects": [p.model_copy(update={"unit_name": LONG}) for p in book.projects]})
    first.unlink()
    write_unit(book, Path(made.folder) / "长名.xlsx", overwrite=True)
    for n in range(2):
        with deadline(300):
            rc = main(["review", made.folder, "-o", str(tmp_path / f"审核{n}"), "--jobs", "2"])
        said = capsys.readouterr()
        assert rc in (0, 2), said
        assert "Traceback" not in said.out + said.err
        assert multiprocessing.active_children() == []
