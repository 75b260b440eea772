"""Accuracy of baocao and of img2table (tesseract backend) on the scanned samples.

    python scripts/quality_ocr.py                      # 200 and 300 dpi scans, both tools
    python scripts/quality_ocr.py --dpi 200 --tools baocao
    python scripts/quality_ocr.py --json output/quality_ocr.json

The scans are samples/scans/<name>_<dpi>dpi.pdf (scripts/make_scans.py); the reference is
tests/golden/samples/<name>_values.csv, as for the text PDFs (scripts/quality.py).

baocao is scored twice:
  strict   scripts/quality.py's score_records: the golden key (section, row code, label,
           parent label, period) must match exactly, so one misread letter of a label
           loses the value;
  tolerant tests/test_ocr.py's score_scan: section, period, row and value must be right,
           the label only close (the OCR test's measure of "exactly right").
img2table returns raw grids; they are scored with scripts/quality.py's score_grids
(the golden label contained in a cell of the row, the value in the period's column), so
its figure compares with baocao's strict one, and tolerantly: the row holds the label
when a cell is at least 90 % alike to it (rapidfuzz partial_ratio, texts compacted). img2table runs with tesseract (lang vie),
borderless tables and implicit rows on, in its own virtualenv: it needs
opencv-contrib-python, whose cv2 clashes with the opencv-python-headless baocao uses.
The virtualenv is made on first use (pip install img2table) at --peer-venv.

Speed is wall time per page of one call per file, after one untimed warm-up call.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts"), str(ROOT / "tests")]

from quality import pdf_pages  # noqa: E402

from baocao.pipeline import process_file  # noqa: E402
from golden_compare import load_golden  # noqa: E402
import quality  # noqa: E402
from quality import Score, compact, sample_years, score_grids, score_records  # noqa: E402
from rapidfuzz import fuzz  # noqa: E402
from test_ocr import score_scan  # noqa: E402

SCANS = ROOT / "samples" / "scans"
GOLDEN = ROOT / "tests" / "golden" / "samples"
DEFAULT_PEER_VENV = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "baocao" / "img2table-venv"

# Runs inside the img2table virtualenv: every table of every page as rows of cell texts.
IMG2TABLE_RUNNER = r"""
import json, sys, time
from img2table.document import PDF
from img2table.ocr import TesseractOCR
ocr = TesseractOCR(n_threads=1, lang="vie")
out = {}
for i, path in enumerate(sys.argv[1:]):
    if i == 0:
        PDF(path, pages=[0]).extract_tables(ocr=ocr, implicit_rows=True, borderless_tables=True)  # warm-up
    t = time.perf_counter()
    tables = PDF(path).extract_tables(ocr=ocr, implicit_rows=True, borderless_tables=True, min_confidence=50)
    secs = time.perf_counter() - t
    grids = [[[c.value or "" for c in row] for row in tb.content.values()]
             for page in sorted(tables) for tb in tables[page]]
    out[path] = {"seconds": secs, "grids": grids}
print(json.dumps(out, ensure_ascii=False))
"""


@contextlib.contextmanager
def close_labels():
    """score_grids with rows found by close labels instead of exact ones."""
    exact = quality.candidate_rows

    def holds(label: str, cell: str) -> bool:
        return bool(cell) and (label in cell or (len(cell) >= 0.6 * len(label) and fuzz.partial_ratio(label, cell) >= 90))

    def candidate_rows(g, rows):
        label, parent = compact(g["label"]), compact(g["parent_label"])
        cands = [i for i, r in enumerate(rows) if any(holds(label, c) for c in r.cells)]
        if len(cands) > 1 and g["row_code"] not in ("", "-"):
            cands = [i for i in cands if compact(g["row_code"]) in rows[i].cells] or cands
        if len(cands) > 1 and parent:
            def first_below_parent(i: int) -> bool:
                above = [j for j in range(i) if any(holds(parent, c) for c in rows[j].cells)]
                return bool(above) and not any(above[-1] < j < i for j in cands)
            cands = [i for i in cands if first_below_parent(i)] or cands
        return cands

    quality.candidate_rows = candidate_rows
    try:
        yield
    finally:
        quality.candidate_rows = exact


def peer_python(venv: Path) -> Path:
    """The img2table virtualenv's interpreter, made on first use."""
    python = venv / "bin" / "python"
    if not python.exists():
        print(f"making the img2table virtualenv at {venv} (once)", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "img2table"], check=True)
    return python


def img2table_grids(paths: list[Path], venv: Path) -> dict[Path, dict]:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")  # as baocao runs tesseract: one thread per call
    out = subprocess.run([str(peer_python(venv)), "-c", IMG2TABLE_RUNNER, *map(str, paths)],
                         capture_output=True, text=True, env=env, check=False)
    if out.returncode:
        raise SystemExit(f"img2table failed:\n{out.stderr[-2000:]}")
    return {Path(k): v for k, v in json.loads(out.stdout.strip().splitlines()[-1]).items()}




def main(argv: list[str] | None = None) -> int:
    names = sorted(p.name.removesuffix("_values.csv") for p in GOLDEN.glob("*_values.csv"))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dpi", type=int, nargs="+", default=[200, 300], help="scan resolutions (default 200 300)")
    ap.add_argument("--tools", nargs="+", choices=["baocao", "img2table"], default=["baocao", "img2table"])
    ap.add_argument("--peer-venv", type=Path, default=DEFAULT_PEER_VENV, help="virtualenv for img2table")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args(argv)

    from extract.ocr.reader import tesseract_ready

    if not tesseract_ready("vie"):
        print("tesseract with Vietnamese data is not installed: bash scripts/system-deps.sh", file=sys.stderr)
        return 2
    paths = {(n, d): SCANS / f"{n}_{d}dpi.pdf" for d in args.dpi for n in names}
    missing = [p for p in paths.values() if not p.exists()]
    if missing:
        print(f"missing scans ({missing[0].name}, ...): run python scripts/make_scans.py", file=sys.stderr)
        return 2
    peer = img2table_grids(list(paths.values()), args.peer_venv) if "img2table" in args.tools else {}
    if "baocao" in args.tools:
        process_file(next(iter(paths.values())))  # warm-up

    rows = []
    for (name, dpi), path in paths.items():
        golden = load_golden(GOLDEN / f"{name}_values.csv")
        pages = pdf_pages(path)
        if "baocao" in args.tools:
            t = time.perf_counter()
            result = process_file(path)
            secs = time.perf_counter() - t
            values = list(result.values)
            strict = score_records(golden, values)
            tolerant = score_scan(golden, values)
            rows.append({"sample": name, "dpi": dpi, "tool": "baocao", "pages": pages, "seconds": secs,
                         "strict": strict, "tolerant_right": len(tolerant.right),
                         "confident_wrong": len(tolerant.confident_wrong()), "golden": len(golden)})
        if path in peer:
            score = score_grids(golden, peer[path]["grids"], sample_years(name))
            with close_labels():
                tolerant_found = score_grids(golden, peer[path]["grids"], sample_years(name)).found
            rows.append({"sample": name, "dpi": dpi, "tool": "img2table", "pages": pages,
                         "seconds": peer[path]["seconds"], "strict": score, "tolerant_right": tolerant_found,
                         "confident_wrong": None, "golden": len(golden)})
    print(format_table(rows))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        data = [{**{k: v for k, v in r.items() if k != "strict"}, "found": r["strict"].found,
                 "precision": r["strict"].precision, "recall": r["strict"].recall} for r in rows]
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


def format_table(rows: list[dict]) -> str:
    head = (f"{'sample':28s} {'dpi':>3s} {'tool':9s} {'found':>8s} {'precision':>9s} {'recall':>6s} "
            f"{'tolerant':>8s} {'conf.wrong':>10s} {'s/page':>6s}")
    out = ["found/precision/recall: strict golden match (scripts/quality.py); tolerant: close labels "
           "(tests/test_ocr.py); conf.wrong: wrong values neither flagged nor below 0.8", "", head, "-" * len(head)]
    for r in rows:
        out.append(_line(r["sample"], r["dpi"], r["tool"], r["strict"], r["tolerant_right"], r["golden"],
                         r["confident_wrong"], r["seconds"] / r["pages"]))
    out += ["", "totals", "-" * len(head)]
    for dpi in sorted({r["dpi"] for r in rows}):
        for tool in dict.fromkeys(r["tool"] for r in rows):
            mine = [r for r in rows if r["dpi"] == dpi and r["tool"] == tool]
            tol = None if mine[0]["tolerant_right"] is None else sum(r["tolerant_right"] for r in mine)
            cw = None if mine[0]["confident_wrong"] is None else sum(r["confident_wrong"] for r in mine)
            out.append(_line("ALL", dpi, tool, sum((r["strict"] for r in mine), Score()), tol,
                             sum(r["golden"] for r in mine), cw,
                             sum(r["seconds"] for r in mine) / sum(r["pages"] for r in mine)))
    return "\n".join(out)


def _line(sample: str, dpi: int, tool: str, s: Score, tolerant: int | None, golden: int, confident_wrong: int | None,
          per_page: float) -> str:
    tol = f"{tolerant / golden:8.3f}" if tolerant is not None else f"{'-':>8s}"
    cw = f"{confident_wrong:10d}" if confident_wrong is not None else f"{'-':>10s}"
    return (f"{sample:28s} {dpi:3d} {tool:9s} {s.found:>4d}/{s.golden:<3d} {s.precision:9.3f} {s.recall:6.3f} "
            f"{tol} {cw} {per_page:6.2f}")


if __name__ == "__main__":
    raise SystemExit(main())
