"""One running intake service per test module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

pytest.importorskip("starlette")

from serve_site import Site, start_site  # noqa: E402 - only once starlette is known to be there


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    # generous limits: these tests upload the same unit many times; the limit has its own test
    yield from start_site(tmp_path_factory.mktemp("serve"), per_token=1000, per_address=10000)
