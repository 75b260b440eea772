"""Speed per core and peak memory of baocao next to its floors and peers, in one run.

    python scripts/bench.py                    # samples/ (PDF, DOCX, scans), 3 rounds
    python scripts/bench.py --dir FOLDER       # also every PDF and DOCX under FOLDER
    python scripts/bench.py -n 5 --repeat 1 --no-ocr --no-peers --no-big

Jobs, each in its own child process pinned to one CPU (os.sched_setaffinity), so that a
library that spreads work over cores does not look faster and every process has its own
memory peak:

  pdfium-text       pypdfium2 text of every page: the floor for a PDF with a text layer
  baocao-pdf        baocao.pipeline.process_file on the PDFs (read, tables, matching, values)
  pdfplumber-tables pdfplumber extract_tables on every page (peer)
  camelot-stream    camelot.read_pdf flavor=stream / lattice, all pages (peers; the
  camelot-lattice   'peers' extra: pip install -e '.[peers]')
  docx-cells        python-docx walking the text of every table cell: the DOCX floor
  baocao-docx       process_file on the DOCX files
  tesseract-page    one tesseract vie pass per page of samples/scans/*_200dpi.pdf rendered
                    at 200 dpi: the OCR floor
  baocao-scans      process_file on the same scans (one OCR worker)
  baocao-300p       process_file on a 300-page PDF made by repeating the sample pages
                    (memory per worker)
  start-number      the whole process `baocao number '98,96%'` (best of 3)
  start-match       the whole process `baocao match 'Tổng số TTHC của tỉnh'` (best of 3)

Per job: rate = units / CPU seconds of the process and its children (tesseract) over the
timed rounds, after one untimed warm-up file; CPU time rather than wall time because the
machine may be shared (wall time is printed too); warm-up = imports + first file, wall;
peak RSS = VmHWM of the job process (reset at exec, unlike ru_maxrss), plus the largest
child (tesseract) where there is one. OCR and 300-page jobs run one round.
Each job runs in --repeat processes (default 3; the OCR and 300-page jobs in one), the jobs
taking turns, and the table keeps each job's best (highest rate): the rates of all its processes
are printed under it, so the spread of a shared machine shows. Every process of a job is a
fresh one that reads the same files with the same warm-up, cold caches included.
The ratios the goals are stated in are printed last. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SAMPLES = ROOT / "samples"
OCR_JOBS = ("tesseract-page", "baocao-scans")
PEER_JOBS = ("pdfplumber-tables", "camelot-stream", "camelot-lattice")
FILE_JOBS = ("pdfium-text", "baocao-pdf", *PEER_JOBS, "docx-cells", "baocao-docx", *OCR_JOBS, "baocao-300p")
START_JOBS = {"start-number": ["number", "98,96%"], "start-match": ["match", "Tổng số TTHC của tỉnh"]}
BIG_PAGES = 300
# The floors hold nothing from one round to the next, and a few rounds of them take hundredths
# of a second, too short to time: they read on until FLOOR_MIN_CPU (the rate is per page or
# document, so more rounds only steady it).
FLOOR_JOBS = ("pdfium-text", "docx-cells")
FLOOR_MIN_CPU = 1.0
ONCE_JOBS = (*OCR_JOBS, "baocao-300p")  # minutes each, and steady over that long: one process


@dataclass
class JobResult:
    job: str
    folder: str
    files: int
    rounds: int
    units: int  # pages or documents in the timed rounds (1 process for start-up jobs)
    unit_name: str  # "pages" | "docs" | "runs"
    cpu_seconds: float
    wall_seconds: float
    warmup_seconds: float
    rss_peak_mb: float
    child_rss_mb: float
    cpu: str

    @property
    def rate(self) -> float:
        return self.units / self.cpu_seconds if self.cpu_seconds else 0.0


# ------------------------------------------------------------------ child process: one job


def pin_one_cpu() -> str:
    """Run on CPU $BENCH_CPU (default 0), or on the first CPU this process may use; say which."""
    try:
        allowed = os.sched_getaffinity(0)
        wanted = int(os.environ.get("BENCH_CPU", "0"))
        cpu = wanted if wanted in allowed else min(allowed)
        os.sched_setaffinity(0, {cpu})
        return str(cpu)
    except (AttributeError, OSError) as exc:  # not Linux, or not permitted
        return f"not pinned ({exc.__class__.__name__})"


def vm_hwm_mb() -> float:
    """Peak resident memory of this process since its exec (Linux), else ru_maxrss."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def pdf_pages(path: Path) -> int:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def reader_for(job: str) -> Callable[[Path], object]:
    if job.startswith("baocao-"):
        from baocao.pipeline import process_file

        return process_file
    if job == "pdfium-text":
        import pypdfium2

        def text(path: Path) -> object:
            pdf = pypdfium2.PdfDocument(str(path))
            try:
                out = []
                for page in pdf:
                    tp = page.get_textpage()
                    out.append(tp.get_text_range())
                    tp.close()
                    page.close()
                return out
            finally:
                pdf.close()

        return text
    if job == "pdfplumber-tables":
        import pdfplumber

        def tables(path: Path) -> object:
            with pdfplumber.open(str(path)) as pdf:
                return [page.extract_tables() for page in pdf.pages]

        return tables
    if job.startswith("camelot-"):
        import camelot

        flavor = job.split("-", 1)[1]

        def read(path: Path) -> object:
            with warnings.catch_warnings():  # "no tables found" on text pages is expected
                warnings.simplefilter("ignore")
                return camelot.read_pdf(str(path), pages="all", flavor=flavor)

        return read
    if job == "docx-cells":
        import docx

        def cells(path: Path) -> object:
            return [cell.text for table in docx.Document(str(path)).tables for row in table.rows for cell in row.cells]

        return cells
    if job == "tesseract-page":
        import pypdfium2
        import pytesseract

        def ocr(path: Path) -> object:
            pdf = pypdfium2.PdfDocument(str(path))
            try:
                return [pytesseract.image_to_data(page.render(scale=200 / 72).to_pil(), lang="vie")
                        for page in pdf]
            finally:
                pdf.close()

        return ocr
    raise ValueError(job)


def job_files(job: str, folder: Path, big_pdf: Path | None = None) -> list[Path]:
    if job == "baocao-300p":
        return [big_pdf] if big_pdf else []
    if job in OCR_JOBS:
        return sorted((folder / "scans").glob("*_200dpi.pdf")) if folder == SAMPLES else []
    pattern = "*.docx" if job in ("docx-cells", "baocao-docx") else "*.pdf"
    if folder == SAMPLES:  # the scans are measured by the OCR jobs only
        return sorted(folder.glob(pattern))
    return sorted(p for p in folder.rglob(pattern) if p.is_file())


def run_file_job(job: str, folder: Path, rounds: int, big_pdf: Path | None) -> JobResult:
    cpu = pin_one_cpu()
    if job == "baocao-scans":
        os.environ["BAOCAO_OCR_WORKERS"] = "1"  # one core: no page processes
    if job in OCR_JOBS:  # as extract.ocr_reader does: OpenMP threads on one pinned core only cost time
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    if job in OCR_JOBS or job == "baocao-300p":
        rounds = 1
    paths = job_files(job, folder, big_pdf)
    start = time.perf_counter()
    read = reader_for(job)
    read(paths[0])  # warm-up: imports, indicator list, pdfium / OpenCV / tesseract start-up
    warmup = time.perf_counter() - start
    cpu0, wall0 = cpu_seconds(), time.perf_counter()
    done = 0
    while done < rounds or (job in FLOOR_JOBS and cpu_seconds() - cpu0 < FLOOR_MIN_CPU):
        for p in paths:
            read(p)
        done += 1
    rounds = done
    cpu_s, wall_s = cpu_seconds() - cpu0, time.perf_counter() - wall0
    docs = job in ("docx-cells", "baocao-docx")
    per_round, unit = (len(paths), "docs") if docs else (sum(map(pdf_pages, paths)), "pages")
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return JobResult(job, folder.name, len(paths), rounds, per_round * rounds, unit, cpu_s, wall_s, warmup,
                     vm_hwm_mb(), child, cpu)


def run_start_job(job: str) -> JobResult:
    """Whole-process start-up of a CLI command, best of 3 (wall; the process is pinned)."""
    cpu = pin_one_cpu()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    best_wall, best_cpu = float("inf"), float("inf")
    for _ in range(3):
        c0, w0 = cpu_seconds(), time.perf_counter()
        subprocess.run([sys.executable, "-m", "baocao.cli", *START_JOBS[job]], env=env, check=True,
                       capture_output=True)
        best_wall, best_cpu = min(best_wall, time.perf_counter() - w0), min(best_cpu, cpu_seconds() - c0)
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return JobResult(job, "-", 0, 3, 1, "runs", best_cpu, best_wall, best_wall, child, child, cpu)


def make_big_pdf(out: Path, pages: int = BIG_PAGES) -> Path:
    """A PDF of `pages` pages: the sample PDFs' pages over and over."""
    import pypdfium2

    sources = [pypdfium2.PdfDocument(str(p)) for p in sorted(SAMPLES.glob("*.pdf"))]
    big = pypdfium2.PdfDocument.new()
    while len(big) < pages:
        for src in sources:
            take = min(len(src), pages - len(big))
            if take > 0:
                big.import_pages(src, list(range(take)))
    big.save(str(out))
    for pdf in (big, *sources):
        pdf.close()
    return out


# ------------------------------------------------------------------ parent process


def run_in_child(job: str, folder: Path, rounds: int, big_pdf: Path | None) -> JobResult | str:
    cmd = [sys.executable, __file__, "--job", job, "--job-dir", str(folder), "-n", str(rounds)]
    if big_pdf:
        cmd += ["--big-pdf", str(big_pdf)]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        last = (out.stderr.strip().splitlines() or ["failed"])[-1]
        return f"{job} ({folder.name}): {last}"
    return JobResult(**json.loads(out.stdout.strip().splitlines()[-1]))


def format_table(results: list[JobResult]) -> str:
    head = (f"{'job':17s} {'folder':10s} {'files':>5s} {'rnd':>3s} {'units':>11s} {'cpu s':>7s} {'wall s':>7s} "
            f"{'rate (per cpu s)':>17s} {'warm-up':>8s} {'peak RSS':>9s} {'child RSS':>9s} {'cpu':>3s}")
    lines = [head, "-" * len(head)]
    for r in results:
        lines.append(f"{r.job:17s} {r.folder[:10]:10s} {r.files:5d} {r.rounds:3d} {r.units:5d} {r.unit_name:5s} "
                     f"{r.cpu_seconds:7.2f} {r.wall_seconds:7.2f} {r.rate:9.2f} {r.unit_name + '/s':7s} "
                     f"{r.warmup_seconds:7.2f}s {r.rss_peak_mb:6.0f} MB {r.child_rss_mb:6.0f} MB {r.cpu:>3s}")
    return "\n".join(lines)


def ratio_lines(results: list[JobResult]) -> list[str]:
    out = []
    for folder in dict.fromkeys(r.folder for r in results if r.folder != "-"):
        by = {r.job: r for r in results if r.folder == folder}

        def ratio(a: str, b: str, goal: str, invert: bool = False) -> None:
            if a in by and b in by and by[a].rate and by[b].rate:
                x = by[b].rate / by[a].rate if invert else by[a].rate / by[b].rate
                out.append(f"  {folder}: {a} / {b}: {x:7.3f}   (goal {goal})")

        ratio("baocao-pdf", "pdfium-text", ">= 0.10")
        ratio("baocao-pdf", "pdfplumber-tables", "-")
        ratio("baocao-pdf", "camelot-stream", ">= 3")
        ratio("baocao-pdf", "camelot-lattice", ">= 20")
        ratio("baocao-docx", "docx-cells", ">= 0.8")
        ratio("baocao-scans", "tesseract-page", "<= 1.15 s per s", invert=True)
    by = {r.job: r for r in results}
    if "baocao-300p" in by:
        out.append(f"  {BIG_PAGES}-page PDF: peak RSS {by['baocao-300p'].rss_peak_mb:.0f} MB   (goal <= 300 MB per worker)")
    for job in START_JOBS:
        if job in by:
            out.append(f"  {job}: {by[job].wall_seconds:.3f} s whole process, {by[job].cpu_seconds:.3f} s CPU"
                       f"   (goal <= 0.5 s)")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", "--rounds", type=int, default=3, help="times each file is read (default 3)")
    ap.add_argument("--dir", action="append", default=[], help="another folder of PDF/DOCX files (repeatable)")
    ap.add_argument("--repeat", type=int, default=3,
                    help="processes per job, the jobs taking turns; the best is kept (default 3; the OCR jobs and "
                         "the 300-page PDF run once)")
    ap.add_argument("--no-ocr", action="store_true", help="leave out the tesseract and scan jobs (slow)")
    ap.add_argument("--no-peers", action="store_true", help="leave out pdfplumber and camelot")
    ap.add_argument("--no-big", action="store_true", help="leave out the 300-page PDF")
    ap.add_argument("--cpu", type=int, help="the CPU every job is pinned to (default 0)")
    ap.add_argument("--job", choices=(*FILE_JOBS, *START_JOBS), help=argparse.SUPPRESS)  # internal: one job
    ap.add_argument("--job-dir", help=argparse.SUPPRESS)
    ap.add_argument("--big-pdf", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.rounds < 1 or args.repeat < 1:
        ap.error("--rounds and --repeat must be at least 1")
    if args.job:
        big = Path(args.big_pdf) if args.big_pdf else None
        result = run_start_job(args.job) if args.job in START_JOBS else \
            run_file_job(args.job, Path(args.job_dir), args.rounds, big)
        print(json.dumps(asdict(result)))
        return 0

    if args.cpu is not None:
        os.environ["BENCH_CPU"] = str(args.cpu)  # inherited by the job processes
    skipped = set(OCR_JOBS if args.no_ocr else ()) | set(PEER_JOBS if args.no_peers else ())
    if args.no_big:
        skipped.add("baocao-300p")
    results: list[JobResult] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        big_pdf = None
        if "baocao-300p" not in skipped:  # made in a child: the parent stays small (RSS is inherited)
            big_pdf = Path(tmp) / f"repeated_{BIG_PAGES}_pages.pdf"
            subprocess.run([sys.executable, "-c", f"import sys; sys.path.insert(0, {str(ROOT / 'scripts')!r}); "
                            f"import bench; bench.make_big_pdf(__import__('pathlib').Path({str(big_pdf)!r}))"],
                           check=True)
        plan = [(folder, job) for folder in [SAMPLES, *map(Path, args.dir)] for job in FILE_JOBS
                if job not in skipped and not (job == "baocao-300p" and folder != SAMPLES)
                and job_files(job, folder, big_pdf)]
        runs: dict[tuple[Path, str], list[JobResult]] = {k: [] for k in plan}
        for rep in range(args.repeat):  # the jobs take turns, so a slow spell of the machine hits them all
            for folder, job in plan:
                if rep and job in ONCE_JOBS:
                    continue
                r = run_in_child(job, folder, args.rounds, big_pdf)
                (notes.append(r) if isinstance(r, str) else runs[(folder, job)].append(r))
        results = [max(rs, key=lambda r: r.rate) for rs in runs.values() if rs]  # the best process of each
        for job in START_JOBS:
            r = run_in_child(job, SAMPLES, 1, None)
            (notes.append(r) if isinstance(r, str) else results.append(r))
    print(format_table(results))
    spread = [f"  {job} ({folder.name}): " + ", ".join(f"{r.rate:.2f}" for r in rs)
              for (folder, job), rs in runs.items() if len(rs) > 1]
    if spread:
        print(f"rate of each of the {args.repeat} processes (the table shows the best):")
        print("\n".join(spread))
    print("ratios:")
    print("\n".join(ratio_lines(results)))
    for note in dict.fromkeys(notes):
        print("not measured:", note)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
