"""Where the per-file job runs: a local pebble process pool, or a Dask cluster.

Both keep each file isolated: a file that hangs past the timeout, kills its worker
(segfault, os._exit, SIGKILL) or exhausts the worker's memory becomes its error row
(`timeout`, `crashed`, `memory_limit`); the worker is replaced and the batch goes on.
A few tasks per worker are in flight at a time, so memory does not grow with the archive.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import FIRST_COMPLETED, TimeoutError as FutureTimeout, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from pebble import ProcessExpired, ProcessPool

from .parts import PartInfo, save_part
from .pipeline import FileResult
from .workers import THREAD_ENV, crash_reason, error_row, init_worker, read_isolated

_IN_FLIGHT_PER_WORKER = 2
_PRELOAD = ["baocao.workers", "baocao.warm", "extract.pdf.reader", "extract.docx_reader"]


@dataclass(frozen=True)
class Task:
    source: str  # the path as given to the run
    sha256: str


Started = Callable[[Task, list[str]], None]
Finished = Callable[[Task, "FileResult | PartInfo"], None]


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _context() -> multiprocessing.context.BaseContext:
    """forkserver: workers fork from a clean process that has the readers imported (a replaced
    worker starts in milliseconds), never from the batch process with its threads."""
    for k, v in THREAD_ENV.items():
        os.environ.setdefault(k, v)
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(_PRELOAD)
    return ctx


def _outcome(future, task: Task, timeout: float | None, started_at: float | None) -> FileResult:
    elapsed = time.perf_counter() - started_at if started_at else None
    try:
        return future.result()
    except FutureTimeout:
        return error_row(task.source, "timeout", f"reading took longer than {timeout:g} s (--timeout)",
                         task.sha256, timeout)
    except ProcessExpired as exc:
        return error_row(task.source, "crashed", crash_reason(exc.exitcode), task.sha256, elapsed)
    except MemoryError:
        return error_row(task.source, "memory_limit", "the result needed more memory than the worker's limit",
                         task.sha256, elapsed)
    except Exception as exc:  # the result could not come back (e.g. not picklable): this file's error
        return error_row(task.source, "internal", f"internal error: {type(exc).__name__}: {exc}", task.sha256,
                         elapsed)


def read_and_save(job: Callable[[str, str], FileResult], parts_dir: str, source: str, sha256: str) -> PartInfo:
    """The pool's task: job(source, sha256), then its part written by the worker itself, so the
    batch process neither unpickles the values nor converts and writes them (it would be one
    serial step for all workers)."""
    return save_part(Path(parts_dir), source, job(source, sha256))


def run_local(tasks: list[Task], jobs: int | None, timeout: float | None, max_memory: int | None,
              job: Callable[[str, str], FileResult], started: Started, finished: Finished,
              stop: Callable[[], bool] = lambda: False, parts_dir: Path | None = None) -> None:
    """Run job(source, sha256) for every task in a pebble pool of `jobs` worker processes.
    With parts_dir, each worker writes its file's part and `finished` gets its PartInfo;
    a file no worker finished (timeout, crash) reaches `finished` as its error row."""
    if not tasks:
        return
    jobs = min(jobs or default_jobs(), len(tasks))
    todo = iter(tasks)
    running: dict = {}  # future -> (task, time it was seen running)
    with ProcessPool(max_workers=jobs, initializer=init_worker, initargs=(max_memory,),
                     context=_context()) as pool:
        try:
            while True:
                while len(running) < jobs * _IN_FLIGHT_PER_WORKER and not stop():
                    task = next(todo, None)
                    if task is None:
                        break
                    fn, args = ((read_and_save, (job, str(parts_dir), task.source, task.sha256)) if parts_dir
                                else (job, (task.source, task.sha256)))
                    running[pool.schedule(fn, args=args, timeout=timeout)] = [task, None]
                if not running:
                    break
                done, _ = wait(list(running), timeout=0.25, return_when=FIRST_COMPLETED)
                _note_started(running, started)
                for f in done:
                    task, t_start = running.pop(f)
                    finished(task, _outcome(f, task, timeout, t_start))
        except BaseException:
            pool.stop()  # Ctrl-C or a fatal error: the workers go at once, finished parts stay
            raise


def _note_started(running: dict, started: Started) -> None:
    fresh = [entry for f, entry in running.items() if entry[1] is None and (f.running() or f.done())]
    if not fresh:
        return
    now = time.perf_counter()
    for entry in fresh:
        entry[1] = now
    in_flight = [entry[0].source for f, entry in running.items() if entry[1] is not None and not f.done()]
    for entry in fresh:
        started(entry[0], in_flight)


def run_dask(tasks: list[Task], scheduler: str, jobs: int | None, timeout: float | None, max_memory: int | None,
             started: Started, finished: Finished, stop: Callable[[], bool] = lambda: False) -> None:
    """The same job on a Dask cluster ('local': a LocalCluster of `jobs` single-threaded worker
    processes here; else a scheduler address). Each file runs in a fresh interpreter on the Dask
    worker (read_isolated) with the time and memory limits: Dask workers are daemon processes and
    cannot own a pool. The input paths must be readable by the workers (a shared file system);
    results come back here and are saved as parts by this process."""
    if not tasks:
        return
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler == "local":
        cluster = LocalCluster(n_workers=min(jobs or default_jobs(), len(tasks)), threads_per_worker=1,
                               processes=True, dashboard_address=None)
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        todo = iter(tasks)
        by_future: dict = {}
        queue = as_completed()

        def submit() -> bool:
            task = next(todo, None)
            if task is None or stop():
                return False
            f = client.submit(read_isolated, task.source, task.sha256, timeout, max_memory, pure=False,
                              key=f"baocao-read-{task.sha256[:16]}-{len(by_future)}")
            by_future[f.key] = (task, time.perf_counter())
            started(task, [task.source])
            queue.add(f)
            return True

        for _ in range(n_workers * _IN_FLIGHT_PER_WORKER):
            if not submit():
                break
        for f in queue:
            task, t_start = by_future.pop(f.key)
            try:
                result = f.result()
            except Exception as exc:  # the Dask worker itself was lost (KilledWorker) or the task failed
                result = error_row(task.source, "crashed", f"the Dask worker reading this file was lost "
                                   f"({type(exc).__name__}: {exc})", task.sha256, time.perf_counter() - t_start)
            finished(task, result)
            submit()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
