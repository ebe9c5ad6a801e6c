"""A one-line progress bar on stderr, shown only when stderr is a terminal (stdlib only)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Count work done; redraw at most ten times a second; silent when not a terminal."""

    def __init__(self, total: int, label: str, stream: TextIO | None = None) -> None:
        self.total, self.label, self.done = total, label, 0
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() and total > 1
        self._drawn = 0.0
        self._start = time.monotonic()

    def advance(self, steps: int = 1) -> None:
        """Record finished work and redraw the bar when it is time to."""
        self.done += steps
        now = time.monotonic()
        if self.enabled and (now - self._drawn > 0.1 or self.done >= self.total):
            self._drawn = now
            width = 30
            filled = width * self.done // max(self.total, 1)
            elapsed = now - self._start
            self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] "
                              f"{self.done}/{self.total}  {elapsed:.1f}s")
            self.stream.flush()

    def close(self) -> None:
        """End the bar's line."""
        if self.enabled and self.done:
            self.stream.write("\n")
            self.stream.flush()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
