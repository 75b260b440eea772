"""Run the pipeline over files and folders; one bad file never stops the batch.

Every file is read in a worker process (baocao/executors.py) with a time and a memory limit;
a file that hangs, crashes its worker or runs out of memory becomes its error row and the
batch goes on. Each finished file is saved at once as its part (baocao/parts.py), keyed by
the file's SHA-256 and EXTRACTOR_VERSION, so a re-run after Ctrl-C or kill -9 reads only
what is left (or changed), and a run adds to the dataset already in DIR. The combined
outputs are built from all parts at the end (baocao/publish.py).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import stat
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TextIO

from extract import SUPPORTED_SUFFIXES, ReadError, is_document
from extract.limits import regular_file_size

from . import DEFAULT_MAX_MEMORY, DEFAULT_TIMEOUT, EXTRACTOR_VERSION
from .executors import Task, default_jobs, run_dask, run_local
from .parts import PARTS_DIR, PartInfo, read_index, save_part
from .pipeline import FileResult
from .progress import BatchLog, BatchProgress
from .publish import STALE_PATTERNS, publish
from .workers import display_path, error_row, read_one

_HASH_CHUNK = 1024**2


class BatchError(Exception):
    """The batch cannot run at all (unwritable output folder, another run writing it)."""


@dataclass(frozen=True)
class BatchOptions:
    jobs: int | None = None  # worker processes; None: every core
    timeout: float | None = DEFAULT_TIMEOUT  # seconds per file
    max_memory: int | None = DEFAULT_MAX_MEMORY
    force: bool = False  # re-read files whose part is up to date
    prune: bool = False  # drop parts of files that are no longer among the inputs
    scheduler: str | None = None  # 'local' for a Dask LocalCluster, or a scheduler address tcp://HOST:PORT


@dataclass
class _Counts:
    read: int = 0
    unchanged: int = 0


def discover(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """Files to read, and files skipped in folders (README, hidden, not a document: see is_document).

    A path given explicitly is always read, so a missing or odd file gets its error row. In a
    folder, anything with a report's suffix is kept, FIFOs and broken links too (they get an
    error row, never a read); symlinked folders are not followed (no loops)."""
    files: list[Path] = []
    skipped: list[Path] = []
    for p in paths:
        if not p.is_dir():
            files.append(p)
            continue
        for root, dirs, names in os.walk(p, followlinks=False):
            dirs.sort()
            base = Path(root)
            skipped.extend(base / d for d in dirs if (base / d).is_symlink())
            for name in sorted(names):
                f = base / name
                if name.startswith(".") or name.lower().startswith("readme"):
                    skipped.append(f)
                elif f.suffix.lower() in SUPPORTED_SUFFIXES or (_regular(f) and is_document(f)):
                    # a report's suffix, or a document under any name (sniffed; FIFOs are never opened)
                    files.append(f)
                else:
                    skipped.append(f)
    seen: set[str] = set()
    unique = [f for f in files if not (str(f) in seen or seen.add(str(f)))]
    return unique, skipped


def _regular(path: Path) -> bool:
    """A regular file (lstat: a symlink, FIFO or device is not)."""
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def file_sha256(path: Path) -> str:
    """SHA-256 streamed in 1 MB pieces (memory stays flat for any size)."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_HASH_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _precheck(path: Path) -> tuple[str, ReadError | None]:
    """(sha256, None) for a regular file within the size cap, else ('', the error).
    Nothing but stat() touches a FIFO or a device."""
    try:
        regular_file_size(path)
        return file_sha256(path), None
    except ReadError as exc:
        return "", exc
    except OSError as exc:
        return "", ReadError("not_a_file", f"cannot read file: {exc.strerror or exc}")


def prepare_out_dir(out_dir: Path) -> int:
    """Create DIR, check it is writable, take its lock, remove leftovers of a killed run.
    Returns the lock's file descriptor (held until the process ends)."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / PARTS_DIR).mkdir(exist_ok=True)
        with tempfile.TemporaryFile(dir=out_dir):
            pass
        fd = os.open(out_dir / PARTS_DIR / ".lock", os.O_RDWR | os.O_CREAT, 0o666)  # beside the parts it guards
    except OSError as exc:
        raise BatchError(f"cannot write to the output folder {out_dir}: {exc.strerror or exc}") from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        raise BatchError(f"another baocao run is writing to {out_dir}") from exc
    for pattern in STALE_PATTERNS:
        for stale in list(out_dir.glob(pattern)) + list((out_dir / PARTS_DIR).glob(pattern)):
            if stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
            else:
                stale.unlink(missing_ok=True)
    return fd


def _unchanged(old: PartInfo | None, sha: str, err: ReadError | None, error_text: str) -> bool:
    if old is None or old.extractor_version != EXTRACTOR_VERSION:
        return False
    if err is not None:
        return old.sha256 == "" and old.error_code == err.code and old.error == error_text
    return old.sha256 == sha


def run_batch(paths: list[Path], out_dir: Path, fail_fast: bool = False, progress: TextIO | None = None,
              options: BatchOptions | None = None, job: Callable[[str, str], FileResult] = read_one) -> dict:
    """Read every file under paths into the dataset in out_dir; returns a summary.

    job: the per-file function the workers run (read_one; tests pass one that misbehaves)."""
    opts = options or BatchOptions()
    t0 = time.perf_counter()
    lock = prepare_out_dir(out_dir)
    try:
        return _run(paths, out_dir, opts, fail_fast, progress, job, t0)
    finally:
        os.close(lock)


def _run(paths, out_dir, opts, fail_fast, progress, job, t0) -> dict:
    parts_dir = out_dir / PARTS_DIR
    files, skipped = discover(paths)
    sources = [str(f) for f in files]
    index = read_index(parts_dir)
    log = BatchLog(out_dir / "baocao.log")
    counts = _Counts()
    with ThreadPoolExecutor(4) as hashers:  # hashing is I/O; hashlib releases the GIL
        checks = list(hashers.map(_precheck, files))
    tasks: list[Task] = []
    for source, (sha, err) in zip(sources, checks):
        old = index.get(source)
        if err is not None:
            result = error_row(source, err.code, str(err))
            if _unchanged(old, sha, err, result.report.error):
                counts.unchanged += 1
            else:
                index[source] = _logged(save_part(parts_dir, source, result), log, counts)
            continue
        if not opts.force and _unchanged(old, sha, None, ""):
            counts.unchanged += 1
            continue
        tasks.append(Task(source, sha))

    bar = BatchProgress(progress, len(tasks))
    failures: list[str] = []

    def started(task: Task, in_flight: list[str]) -> None:
        log.line("start", display_path(task.source))
        bar.started([Path(display_path(s)).name for s in in_flight])

    def finished(task: Task, result: FileResult | PartInfo) -> None:
        info = result if isinstance(result, PartInfo) else save_part(parts_dir, task.source, result)
        index[task.source] = info
        _logged(info, log, counts)
        bar.finished(info.report.get("pages") or 0, info.status == "error")
        if fail_fast and info.error_code == "internal":
            failures.append(info.error)

    try:
        if opts.scheduler:
            run_dask(tasks, opts.scheduler, opts.jobs, opts.timeout, opts.max_memory, started, finished,
                     stop=lambda: bool(failures))
        else:
            run_local(tasks, opts.jobs, opts.timeout, opts.max_memory, job, started, finished,
                      stop=lambda: bool(failures), parts_dir=parts_dir)
    finally:
        bar.close()
        log.close()
    if failures:
        raise RuntimeError(failures[0])

    current = set(sources)
    pruned = [s for s in index if s not in current] if opts.prune else []
    for s in pruned:
        index.pop(s).path.unlink(missing_ok=True)
    order = [index[s] for s in sources] + [index[s] for s in sorted(index) if s not in current]
    t_publish = time.perf_counter()
    written, totals = publish(out_dir, order, opts.jobs or default_jobs())
    mine = [index[s] for s in sources]
    return {
        "files": len(files),
        "files_ok": sum(p.status == "ok" for p in mine),
        "files_partial": sum(p.status == "partial" for p in mine),
        "files_error": sum(p.status == "error" for p in mine),
        "files_read": counts.read,
        "files_unchanged": counts.unchanged,
        "files_pruned": len(pruned),
        "skipped_in_folders": [display_path(s) for s in skipped],
        "values": sum(p.n_values for p in mine),
        "values_flagged": sum(p.n_flagged for p in mine),
        "errors_by_code": _by_code(mine),
        "dataset_files": totals["files"],
        "dataset_values": totals["values"],
        "seconds": round(time.perf_counter() - t0, 2),
        "seconds_writing": round(time.perf_counter() - t_publish, 2),  # assembling and writing the dataset
        "extractor_version": EXTRACTOR_VERSION,
        "outputs": {k: str(v) for k, v in written.items()},
    }


def _logged(info: PartInfo, log: BatchLog, counts: _Counts) -> PartInfo:
    r = info.report
    counts.read += 1
    log.line("end", display_path(info.source_file), seconds=r.get("seconds"), pages=r.get("pages"),
             status=info.status, code=info.error_code)
    return info


def _by_code(parts: list[PartInfo]) -> dict[str, int]:
    out: dict[str, int] = {}
    for p in parts:
        if p.status == "error":
            out[p.error_code] = out.get(p.error_code, 0) + 1
    return dict(sorted(out.items()))
