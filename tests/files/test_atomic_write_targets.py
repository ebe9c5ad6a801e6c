"""An output is only ever a regular file: a link to a device, a pipe or a folder is refused.

As root, moving a finished temp file onto a link's target would replace even /dev/zero; the
write is refused before anything is made, and the target stays what it was.
"""

from __future__ import annotations

import os
import stat

import pytest

from xlperf.errors import OutputFileError
from xlperf.files.fileio import atomic_write


def _write(tmp):
    tmp.write_bytes(b"written")


@pytest.mark.parametrize("kind", ["fifo", "folder", "link-to-fifo"])
def test_a_target_that_is_not_a_regular_file_is_refused_and_left_as_it_was(tmp_path, kind):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    target = {"fifo": fifo, "folder": tmp_path / "out.xlsx",
              "link-to-fifo": tmp_path / "link.xlsx"}[kind]
    if kind == "folder":
        target.mkdir()
    if kind == "link-to-fifo":
        target.symlink_to(fifo)
    with pytest.raises(OutputFileError, match="不是普通文件"):
        atomic_write(target, _write)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        {"pipe", target.name})  # no temp file left behind


def test_a_link_to_a_regular_file_is_written_through(tmp_path):
    real = tmp_path / "real.xlsx"
    real.write_bytes(b"old")
    link = tmp_path / "link.xlsx"
    link.symlink_to(real)
    atomic_write(link, _write)
    assert link.is_symlink() and real.read_bytes() == b"written"
