"""Measure the OCR path: seconds per page and peak memory, on one core and on all cores.

    python scripts/bench_ocr.py                       # samples/scans/*_200dpi.pdf
    python scripts/bench_ocr.py --scan-dpi 300
    python scripts/bench_ocr.py --ocr-dpi 200 300     # compare OCR resolutions
    python scripts/bench_ocr.py a.pdf b.png --workers 1 4

End to end: baocao.pipeline.process_file (render, clean-up, tesseract, tables, numbers,
indicator matching), wall time per page, after one untimed warm-up file. Each setting
runs in a fresh process so that its memory peak is its own: "main" is the peak RSS of
that process, "child" the largest peak of any child process (page workers, tesseract;
a child started by fork counts the parent's pages it shares, so with one worker this
repeats the main figure).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def measure(paths: list[Path], workers: int, ocr_dpi: float) -> dict:
    """One setting, in this process."""
    import dataclasses

    import extract.ocr.reader as ocr_reader
    from baocao.pipeline import process_file

    ocr_reader.DEFAULT_OPTIONS = dataclasses.replace(ocr_reader.DEFAULT_OPTIONS, workers=workers, dpi=ocr_dpi)
    process_file(paths[0])  # warm-up: imports, indicator list, tesseract's first start
    pages = 0
    per_file = {}
    start = time.perf_counter()
    for p in paths:
        t = time.perf_counter()
        result = process_file(p)
        per_file[p.name] = time.perf_counter() - t
        if result.report.status == "error":
            raise SystemExit(f"{p}: {result.report.error}")
        pages += result.report.n_pages or 0
    seconds = time.perf_counter() - start
    return {
        "workers": workers, "ocr_dpi": ocr_dpi, "pages": pages, "seconds": seconds,
        "seconds_per_page": seconds / pages if pages else 0.0, "per_file": per_file,
        "peak_main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak_child_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path, help="scans (default: samples/scans/*_<scan-dpi>dpi.pdf)")
    ap.add_argument("--scan-dpi", type=int, default=200, help="which sample scans to use (default 200)")
    ap.add_argument("--workers", type=int, nargs="+", help=f"page processes (default: 1 and {os.cpu_count()})")
    ap.add_argument("--ocr-dpi", type=float, nargs="+", help="OCR resolutions (default: the reader's)")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--one", help=argparse.SUPPRESS)  # internal: run one setting, print JSON
    args = ap.parse_args(argv)
    paths = args.files or sorted((ROOT / "samples" / "scans").glob(f"*_{args.scan_dpi}dpi.pdf"))
    if not paths:
        print("no scans found: run python scripts/make_scans.py", file=sys.stderr)
        return 2
    if args.one:
        workers, ocr_dpi = args.one.split(":")
        print(json.dumps(measure(paths, int(workers), float(ocr_dpi))))
        return 0

    from extract.ocr.reader import DEFAULT_OPTIONS, tesseract_ready

    if not tesseract_ready(DEFAULT_OPTIONS.lang):
        print("tesseract with Vietnamese data is not installed: bash scripts/system-deps.sh", file=sys.stderr)
        return 2
    workers = args.workers or sorted({1, os.cpu_count() or 1})
    dpis = args.ocr_dpi or [DEFAULT_OPTIONS.dpi]
    runs = []
    for dpi in dpis:
        for w in workers:
            out = subprocess.run([sys.executable, __file__, *map(str, paths), "--one", f"{w}:{dpi}"],
                                 capture_output=True, text=True, check=False)
            if out.returncode:
                print(out.stderr, file=sys.stderr)
                return out.returncode
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"{len(paths)} files, {runs[0]['pages']} pages ({', '.join(p.name for p in paths)})")
    print(f"{'OCR dpi':>7s} {'workers':>7s} {'s/page':>7s} {'pages/s':>8s} {'peak main MB':>13s} {'peak child MB':>14s}")
    for r in runs:
        print(f"{r['ocr_dpi']:7.0f} {r['workers']:7d} {r['seconds_per_page']:7.2f} {1 / r['seconds_per_page']:8.2f} "
              f"{r['peak_main_mb']:13.0f} {r['peak_child_mb']:14.0f}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(runs, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
