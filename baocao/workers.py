"""The per-file job, run in a worker process, and the error rows for files no job could finish.

`read_one` is the one function every executor runs: the local pebble pool (baocao/batch.py)
and, on a Dask cluster, a fresh interpreter per file (`python -m baocao.workers`, see
`read_isolated`). It never raises for a bad file: every failure becomes that file's
error row with a stable code.
"""

from __future__ import annotations

import ctypes
import dataclasses
import gc
import hashlib
import os
import pickle
import resource
import signal
import subprocess
import sys
import time
import traceback
from pathlib import Path

from extract import ReadError, read_document

from . import EXTRACTOR_VERSION
from .pipeline import FileResult, ReportRecord, default_indicators, process_document

_PR_SET_PDEATHSIG = 1
_ROOT = Path(__file__).resolve().parents[1]
# Libraries that start one thread per core by default; N workers on N cores want one each.
THREAD_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OMP_THREAD_LIMIT": "1"}


def display_path(path: str | os.PathLike) -> str:
    """The path as text that every writer accepts: bytes that are not UTF-8 in a file name
    (kept by Python as surrogates) become backslash escapes such as '\\xff'."""
    s = os.fspath(path)
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return s.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def report_id(sha256: str, source: str) -> str:
    """First 16 hex digits of the file's SHA-256; of the path when the file has no content to hash."""
    if sha256:
        return sha256[:16]
    return hashlib.sha256(source.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def error_row(source: str, code: str, reason: str, sha256: str = "", seconds: float | None = None,
              kind: str = "") -> FileResult:
    """A file's error row; the error text names the file and the reason."""
    shown = display_path(source)
    return FileResult(ReportRecord(
        report_id=report_id(sha256, source), source_file=shown, source_kind=kind, status="error",
        error=f"{shown}: {reason}", error_code=code, seconds=None if seconds is None else round(seconds, 3),
        pages=0, sha256=sha256, extractor_version=EXTRACTOR_VERSION))


def init_worker(max_memory: int | None) -> None:
    """Worker start: a ceiling on the address space (an allocation past it raises MemoryError),
    Ctrl-C left to the parent, and death with the parent (no orphan keeps a CPU busy)."""
    if max_memory:
        resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the worker ends when its pipe closes instead
        pass


def _release_memory() -> None:
    """After a file ran out of memory its objects are gone; hand the freed heap back to the system
    so the worker takes its next file with its whole limit (glibc keeps freed pages otherwise)."""
    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


def read_one(source: str, sha256: str) -> FileResult:
    """Read one file into its result; every failure becomes an error row."""
    t0 = time.perf_counter()
    path = Path(source)
    try:
        doc = read_document(path)
        result = process_document(path, doc, default_indicators(), report_id(sha256, source) if sha256 else None)
    except ReadError as exc:
        return error_row(source, exc.code or "corrupt", str(exc), sha256, time.perf_counter() - t0)
    except MemoryError:
        _release_memory()
        return error_row(source, "memory_limit", "the file needed more memory than the worker's limit "
                         "(--max-memory)", sha256, time.perf_counter() - t0)
    except RecursionError:
        return error_row(source, "too_large", "structure nested too deeply to read", sha256,
                         time.perf_counter() - t0)
    except Exception as exc:  # the per-file boundary: any other failure is this file's error row
        last = traceback.extract_tb(exc.__traceback__)[-1]
        return error_row(source, "internal", f"internal error: {type(exc).__name__}: {exc} "
                         f"({Path(last.filename).name}:{last.lineno})", sha256, time.perf_counter() - t0)
    report = dataclasses.replace(
        result.report, report_id=report_id(sha256, source), seconds=round(time.perf_counter() - t0, 3),
        pages=doc.n_pages if doc.n_pages is not None else 1, sha256=sha256, extractor_version=EXTRACTOR_VERSION)
    result = FileResult(report, result.values)
    if display_path(source) != source:
        result = _escaped(result)
    return result


def _escaped(result: FileResult) -> FileResult:
    """Every text field with the file name's undecodable bytes escaped."""
    def fix(rec):
        changes = {f.name: display_path(v) for f in dataclasses.fields(rec)
                   if isinstance(v := getattr(rec, f.name), str) and display_path(v) != v}
        return dataclasses.replace(rec, **changes) if changes else rec
    return FileResult(fix(result.report), tuple(fix(v) for v in result.values))


# ----------------------------------------------------------------- one interpreter per file


def read_isolated(source: str, sha256: str, timeout: float | None, max_memory: int | None) -> FileResult:
    """read_one in a fresh interpreter with the same limits as a pool worker, for executors
    (Dask) whose workers cannot have child processes of their own kind."""
    env = {**os.environ, **{k: v for k, v in THREAD_ENV.items() if k not in os.environ}}
    env["PYTHONPATH"] = os.pathsep.join([str(_ROOT)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    t0 = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, "-m", "baocao.workers"], input=pickle.dumps((source, sha256)),
                              capture_output=True, timeout=timeout, env=env,
                              preexec_fn=lambda: init_worker(max_memory))
    except subprocess.TimeoutExpired:
        return error_row(source, "timeout", f"reading took longer than {timeout:g} s (--timeout)", sha256,
                         time.perf_counter() - t0)
    if proc.returncode == 0:
        try:
            return pickle.loads(proc.stdout)
        except (pickle.UnpicklingError, EOFError, ValueError):
            pass
    return error_row(source, "crashed", crash_reason(proc.returncode), sha256, time.perf_counter() - t0)


def crash_reason(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        hint = " (perhaps out of memory)" if exitcode == -signal.SIGKILL else ""
        return f"the worker reading this file died ({name}){hint}"
    return f"the worker reading this file exited unexpectedly (exit code {exitcode})"


def _main() -> None:
    source, sha256 = pickle.loads(sys.stdin.buffer.read())
    result = read_one(source, sha256)
    sys.stdout.buffer.write(pickle.dumps(result))
    sys.stdout.flush()


if __name__ == "__main__":
    _main()
