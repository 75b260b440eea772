"""Measure the PDF reader: pages per second and peak memory, in one process.

    python scripts/bench_pdf.py                  # every samples/*.pdf, 5 rounds
    python scripts/bench_pdf.py a.pdf b.pdf -n 20
    python scripts/bench_pdf.py --tracemalloc    # Python-heap peak too (slows the run)

Peak RSS (resource.getrusage) covers pdfium's C memory as well; the tracemalloc
figure is the Python heap only and is measured in a separate, slower pass.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.pdf.reader import read_pdf  # noqa: E402


def peak_rss_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    return kb / 1024


def bench(paths: list[Path], rounds: int) -> tuple[int, float, dict[Path, float]]:
    pages = 0
    per_file: dict[Path, float] = {}
    start = time.perf_counter()
    for _ in range(rounds):
        for p in paths:
            t = time.perf_counter()
            doc = read_pdf(p)
            per_file[p] = per_file.get(p, 0.0) + time.perf_counter() - t
            pages += doc.n_pages or 0
    return pages, time.perf_counter() - start, per_file


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pdfs", nargs="*", type=Path, help="PDF files (default: samples/*.pdf)")
    ap.add_argument("-n", "--rounds", type=int, default=5, help="times each file is read (default 5)")
    ap.add_argument("--tracemalloc", action="store_true", help="also report the Python-heap peak of one round")
    args = ap.parse_args(argv)
    paths = args.pdfs or sorted((ROOT / "samples").glob("*.pdf"))
    if not paths:
        print("no PDF files given and none in samples/", file=sys.stderr)
        return 2

    read_pdf(paths[0])  # warm up imports and pdfium before timing
    pages, seconds, per_file = bench(paths, args.rounds)
    for p in paths:
        doc = read_pdf(p)
        secs = per_file[p] / args.rounds
        print(f"{p.name:45s} {doc.n_pages:4d} pages {secs * 1000:8.1f} ms  {doc.n_pages / secs:7.1f} pages/s  "
              f"{len(doc.tables)} tables")
    print(f"total: {pages} pages in {seconds:.2f} s over {args.rounds} rounds = {pages / seconds:.1f} pages/s (one core)")
    print(f"peak RSS: {peak_rss_mb():.1f} MB")
    if args.tracemalloc:
        tracemalloc.start()
        for p in paths:
            read_pdf(p)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"peak Python heap while reading (tracemalloc): {peak / 2**20:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
