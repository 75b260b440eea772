"""Run one writer in a second process while this one writes the others.

The child is forked, so it sees the frames already in memory without copying or pickling
them, and it dies with this process (a killed run leaves no writer behind). If the child
cannot start or fails, the job runs here instead: a second core only ever saves time.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from collections.abc import Callable

_PR_SET_PDEATHSIG = 1


def _child(job: Callable[[], None]) -> None:
    try:
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux
        pass
    job()


def side_job(job: Callable[[], None], parallel: bool) -> Callable[[], None]:
    """Start job() (in a forked child when parallel); returns the call that waits for it."""
    if not parallel or not hasattr(os, "fork"):
        return job
    try:
        proc = multiprocessing.get_context("fork").Process(target=_child, args=(job,), daemon=True)
        proc.start()
    except OSError:
        return job

    def wait() -> None:
        proc.join()
        if proc.exitcode != 0:  # the child failed or was killed: write it here, the error (if any) surfaces
            job()

    return wait
