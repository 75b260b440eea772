"""Speed and peak memory of the whole pipeline (process_file), with camelot lattice for scale.

    python scripts/bench.py                # samples/*.pdf and samples/*.docx, 5 rounds
    python scripts/bench.py -n 20 --no-camelot

Jobs: baocao on every samples/*.pdf, camelot lattice on the same PDFs (skipped with a
message when camelot is not installed: pip install -e '.[peers]'), baocao on every
samples/*.docx. Each job runs in its own child process, because ru_maxrss is a high-water
mark of the whole process: in one shared process the second tool would inherit the first
one's peak. Within its process a job reads every file N times in a row.

Per job:
  rate         pages (PDF page count) or documents per second over the N timed rounds,
               after one untimed warm-up call (imports, first-use set-up)
  heap peak    tracemalloc peak of the Python heap while reading one file, the largest over
               the files; measured in one extra round, because tracing slows the code down
  RSS base     ru_maxrss after the imports and the warm-up call
  RSS peak     ru_maxrss at the end: includes C memory (pdfium, OpenCV) that tracemalloc misses

Every process is pinned to one CPU (os.sched_setaffinity) so that a library that spreads
work over several cores does not look faster than one that does not.
This is a measurement, not a test: nothing fails on a slow run.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quality import pdf_pages  # noqa: E402  (scripts/ is on sys.path when run as a script)

SAMPLES = ROOT / "samples"
JOBS = ("baocao-pdf", "camelot-lattice", "baocao-docx")


@dataclass
class JobResult:
    job: str
    files: int
    rounds: int
    units: int  # pages or documents read in the timed rounds
    unit_name: str  # "pages" | "docs"
    seconds: float
    heap_peak_mb: float
    rss_base_mb: float
    rss_peak_mb: float
    cpu: str

    @property
    def rate(self) -> float:
        return self.units / self.seconds if self.seconds else 0.0


# ------------------------------------------------------------------ child process: one job


def pin_one_cpu() -> str:
    """Run on CPU 0, or on the first CPU this process may use; say which."""
    try:
        allowed = os.sched_getaffinity(0)
        cpu = 0 if 0 in allowed else min(allowed)
        os.sched_setaffinity(0, {cpu})
        return str(cpu)
    except (AttributeError, OSError) as exc:  # not Linux, or not permitted
        return f"not pinned ({exc.__class__.__name__})"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux




def reader_for(job: str) -> Callable[[Path], object]:
    if job.startswith("baocao-"):
        from baocao.pipeline import process_file

        return process_file

    import camelot

    def lattice(path: Path) -> object:
        with warnings.catch_warnings():  # "no tables found" on text pages is expected
            warnings.simplefilter("ignore", UserWarning)
            return camelot.read_pdf(str(path), pages="all", flavor="lattice")

    return lattice


def job_files(job: str) -> list[Path]:
    return sorted(SAMPLES.glob("*.docx" if job == "baocao-docx" else "*.pdf"))


def timed_rounds(read: Callable[[Path], object], paths: list[Path], rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        for p in paths:
            read(p)
    return time.perf_counter() - start


def heap_peak_mb(read: Callable[[Path], object], paths: list[Path]) -> float:
    peak = 0
    tracemalloc.start()
    try:
        for p in paths:
            tracemalloc.reset_peak()
            result = read(p)
            peak = max(peak, tracemalloc.get_traced_memory()[1])
            del result
    finally:
        tracemalloc.stop()
    return peak / 2**20


def run_job(job: str, rounds: int) -> JobResult:
    cpu = pin_one_cpu()
    paths = job_files(job)
    read = reader_for(job)
    read(paths[0])  # warm-up: imports, indicator list, pdfium / OpenCV start-up
    rss_base = rss_mb()
    seconds = timed_rounds(read, paths, rounds)
    heap = heap_peak_mb(read, paths)
    per_round, unit_name = (len(paths), "docs") if job == "baocao-docx" else (sum(map(pdf_pages, paths)), "pages")
    return JobResult(job, len(paths), rounds, per_round * rounds, unit_name, seconds, heap, rss_base, rss_mb(), cpu)


# ------------------------------------------------------------------ parent process


def camelot_installed() -> bool:
    # find_spec, not import: Linux keeps ru_maxrss across fork and exec, so whatever the
    # parent loads would show up in every child's peak
    return importlib.util.find_spec("camelot") is not None


def run_in_child(job: str, rounds: int) -> JobResult:
    out = subprocess.run([sys.executable, __file__, "--job", job, "-n", str(rounds)],
                         capture_output=True, text=True, check=True)
    return JobResult(**json.loads(out.stdout.strip().splitlines()[-1]))


def format_table(results: list[JobResult]) -> str:
    head = f"{'job':16s} {'files':>5s} {'rounds':>6s} {'units':>11s} {'seconds':>8s} {'rate':>15s} " \
           f"{'heap peak':>10s} {'RSS base':>9s} {'RSS peak':>9s} {'cpu':>4s}"
    lines = [head, "-" * len(head)]
    for r in results:
        lines.append(f"{r.job:16s} {r.files:5d} {r.rounds:6d} {r.units:5d} {r.unit_name:5s} {r.seconds:8.2f} "
                     f"{r.rate:7.2f} {r.unit_name + '/s':7s} {r.heap_peak_mb:7.1f} MB {r.rss_base_mb:6.1f} MB "
                     f"{r.rss_peak_mb:6.1f} MB {r.cpu:>4s}")
    return "\n".join(lines)


def ratio_line(results: list[JobResult]) -> str:
    by_job = {r.job: r for r in results}
    if "baocao-pdf" not in by_job or "camelot-lattice" not in by_job:
        return ""
    ours, theirs = by_job["baocao-pdf"], by_job["camelot-lattice"]
    return (f"baocao / camelot lattice, PDF: speed x{ours.rate / theirs.rate:.2f} (pages/s ratio), "
            f"heap peak x{ours.heap_peak_mb / theirs.heap_peak_mb:.2f}, RSS peak x{ours.rss_peak_mb / theirs.rss_peak_mb:.2f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", "--rounds", type=int, default=5, help="times each file is read (default 5)")
    ap.add_argument("--no-camelot", action="store_true", help="leave out the camelot lattice job")
    ap.add_argument("--job", choices=JOBS, help=argparse.SUPPRESS)  # internal: run one job, print JSON
    args = ap.parse_args(argv)
    if args.rounds < 1:
        ap.error("--rounds must be at least 1")
    if args.job:
        print(json.dumps(asdict(run_job(args.job, args.rounds))))
        return 0

    jobs = [j for j in JOBS if j != "camelot-lattice" or not args.no_camelot]
    if "camelot-lattice" in jobs and not camelot_installed():
        print("camelot is not installed: skipping camelot lattice (pip install -e '.[peers]')")
        jobs.remove("camelot-lattice")
    for job in [j for j in jobs if not job_files(j)]:
        print(f"no input files for {job}: skipped")
        jobs.remove(job)
    results = [run_in_child(j, args.rounds) for j in jobs]
    print(format_table(results))
    if ratio := ratio_line(results):
        print(ratio)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
