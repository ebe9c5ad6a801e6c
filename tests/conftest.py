"""Shared fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import LibreOffice, make_libreoffice

from xlperf.core.model.unit_workbook import UnitWorkbook
from xlperf.files.examples import SEED, example_names, load_example


@pytest.fixture(scope="session")
def libreoffice() -> Iterator[LibreOffice]:
    lo = make_libreoffice()
    yield lo
    lo.close()


@pytest.fixture(scope="session")
def seed_book() -> UnitWorkbook:
    return load_example(SEED)


@pytest.fixture(params=example_names())
def example(request: pytest.FixtureRequest) -> tuple[str, UnitWorkbook]:
    return request.param, load_example(request.param)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test that starts LibreOffice carries the soffice marker (``-m "not soffice"``)."""
    unmarked = [item.nodeid for item in items
                if "libreoffice" in getattr(item, "fixturenames", ())
                and item.get_closest_marker("soffice") is None]
    if unmarked:
        raise pytest.UsageError("LibreOffice tests without @pytest.mark.soffice: "
                                + ", ".join(unmarked))


@pytest.fixture(scope="session")
def bad_inbox(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    """A finance bureau's inbox: the four example units and every bad input of ``badfiles``."""
    from badfiles import make_inbox
    from helpers import ROOT

    folder = tmp_path_factory.mktemp("inbox") / "收件"
    bad = make_inbox(folder)
    for name in example_names():
        source = ROOT / "workbooks" / "examples" / f"{name}.xlsx"
        (folder / source.name).write_bytes(source.read_bytes())
    return folder, bad
