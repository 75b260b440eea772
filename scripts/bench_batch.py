"""Batch speed at archive scale: files/s and pages/s with --jobs 1 and --jobs 2, peak RSS per
worker, a no-change re-run's time as % of the first run, and one changed file re-read alone.

    python scripts/bench_batch.py [ARCHIVE] [--files 1000] [--jobs 1,2] [--repeat 3]

Without ARCHIVE a synthetic one is made with scripts/make_archive.py in a temporary folder.
Each worker count runs --repeat times from an empty output folder, the counts taking turns
(1, 2, 1, 2, ...), so that a slow spell of a shared machine hits both; the speed-up is given
per round and on the best time of each count (the usual way to read a noisy machine).
Goals: --jobs 2 at least 1.7x --jobs 1 on 2 idle cores; a no-change re-run at most 5% of the first.
"""

from __future__ import annotations

import argparse
import functools
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from baocao.batch import BatchOptions, run_batch  # noqa: E402
from baocao.workers import read_one  # noqa: E402

def measured_job(rss_log: str, source: str, sha256: str):
    """read_one, then the worker's peak RSS so far appended to rss_log."""
    result = read_one(source, sha256)
    with open(rss_log, "a") as fh:
        fh.write(f"{os.getpid()} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\n")
    return result


def _pages(out: Path) -> int:
    import pandas as pd

    return int(pd.read_parquet(out / "reports.parquet").pages.fillna(0).sum())


def _run(archive: Path, out: Path, jobs: int, rss_log: Path | None = None) -> tuple[float, dict]:
    t0 = time.perf_counter()
    summary = run_batch([archive], out, options=BatchOptions(jobs=jobs),
                        job=functools.partial(measured_job, str(rss_log)) if rss_log is not None else read_one)
    return time.perf_counter() - t0, summary


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("archive", nargs="?", type=Path)
    ap.add_argument("--files", type=int, default=1000, help="size of the generated archive (default 1000)")
    ap.add_argument("--jobs", default="1,2", help="worker counts to compare (default 1,2)")
    ap.add_argument("--repeat", type=int, default=3, help="full runs of each worker count (default 3)")
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="baocao-bench-"))
    archive = args.archive
    if archive is None:
        sys.path.insert(0, str(ROOT / "scripts"))
        from make_archive import build

        archive = tmp / "archive"
        build(archive, args.files)
    n_files = sum(1 for p in archive.rglob("*") if p.is_file())
    print(f"archive: {archive} ({n_files} files); load average now {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores")
    counts = [int(j) for j in args.jobs.split(",")]
    times: dict[int, list[float]] = {j: [] for j in counts}
    for r in range(1, args.repeat + 1):
        for jobs in counts:
            out = tmp / f"out-{jobs}"
            shutil.rmtree(out, ignore_errors=True)
            rss = tmp / f"rss-{jobs}.txt"
            rss.unlink(missing_ok=True)
            secs, summary = _run(archive, out, jobs, rss)
            pages = _pages(out)
            times[jobs].append(secs)
            peaks: dict[str, int] = {}
            for line in rss.read_text().splitlines():
                pid, kb = line.split()
                peaks[pid] = max(peaks.get(pid, 0), int(kb))
            print(f"round {r} --jobs {jobs}: {secs:7.1f} s  {summary['files'] / secs:6.2f} files/s  "
                  f"{pages / secs:6.2f} pages/s  errors {summary['files_error']}  peak RSS per worker "
                  f"{max(peaks.values()) / 1024:.0f} MB (workers: {len(peaks)}); of it writing the dataset "
                  f"{summary['seconds_writing']:.1f} s", flush=True)
    first = {j: min(t) for j, t in times.items()}
    jobs = max(first)
    if len(first) > 1:
        lo = min(first)
        rounds = ", ".join(f"{a / b:.2f}x" for a, b in zip(times[lo], times[jobs]))
        print(f"best of {args.repeat}: " + ", ".join(f"--jobs {j} {first[j]:.1f} s" for j in counts))
        print(f"speed-up --jobs {jobs} vs --jobs {lo}: {first[lo] / first[jobs]:.2f}x on the best times "
              f"(per round: {rounds}; goal >= 1.7x)")
    out = tmp / f"out-{jobs}"
    secs, summary = _run(archive, out, jobs)
    print(f"no-change re-run: {secs:.2f} s = {100 * secs / first[jobs]:.1f}% of the first run "
          f"(read {summary['files_read']}, goal <= 5%)")
    changed = next(p for p in sorted(archive.rglob("*.txt")))
    changed.write_text(changed.read_text(encoding="utf-8") + "\nGhi chú bổ sung.\n", encoding="utf-8")
    secs, summary = _run(archive, out, jobs)
    print(f"one changed file: {secs:.2f} s, files read {summary['files_read']} ({changed.name}); "
          f"of it writing the dataset {summary['seconds_writing']:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
