"""What the benchmarks measure with: core-seconds (user + system CPU time) of this process and of
the children it has waited for, so that a run with worker processes is counted whole."""

from __future__ import annotations

import resource


def children_cpu() -> float:
    """Core-seconds of every child process waited for so far (a command run as its own process)."""
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return kids.ru_utime + kids.ru_stime


def cpu() -> float:
    """Core-seconds so far: this process and every worker it has waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime + children_cpu()
