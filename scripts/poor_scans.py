"""Office-scanner copies of text-layer PDFs, and how many of their values survive OCR.

    python scripts/poor_scans.py                       # every PDF in ../shared/real
    python scripts/poor_scans.py a.pdf b.pdf --dpi 100 --out /tmp/poor
    python scripts/poor_scans.py a.pdf --missed        # and the values each scan does not give

Each PDF is rasterised at a low resolution (100 dpi by default: what office scanners
store), greyscale, turned by up to 1.5 degrees, given grain, specks and a round stamp,
and stored as a JPEG-in-PDF with no text layer. Both the original and the scan go
through the whole pipeline, and the script prints per file:

- `text values`: values the text-layer PDF gives;
- `found`: of those, values the scan gives too (same page, same number, and a row label
  and column header that agree within OCR error) -> `recall`;
- `wrong unflagged`: scan values that sit where text-layer values sit (same page,
  label and column) but hold a number none of them holds, with no flag and confidence >= 0.8:
  the failure that must stay at zero.

The scans are built in `--out` (never committed: the sources are real documents).
"""

from __future__ import annotations

import argparse
import io
import sys
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image
from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from make_scans import degrade, render  # noqa: E402  the same scanner model as the sample scans

REAL = ROOT.parent / "shared" / "real"
JPEG_QUALITY = 35
REVIEW = 0.8


def stamp(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A grey ring with a star where a seal sits (bottom right), as a red stamp scans in greyscale."""
    h, w = img.shape
    centre = (int(w * rng.uniform(0.6, 0.75)), int(h * rng.uniform(0.75, 0.85)))
    radius = int(min(w, h) * 0.09)
    out = img.copy()
    cv2.circle(out, centre, radius, 120, max(2, radius // 12))
    cv2.circle(out, centre, int(radius * 0.7), 150, max(1, radius // 20))
    return out


def make_scan(src: Path, dst: Path, dpi: int) -> int:
    rng = np.random.default_rng(zlib.crc32(f"{src.stem}:{dpi}:poor".encode()))
    pdf = pdfium.PdfDocument(str(src))
    try:
        pages = [degrade(render(pdf[i], dpi), rng, dpi) for i in range(len(pdf))]
    finally:
        pdf.close()
    pages[-1] = stamp(pages[-1], rng)
    images = [Image.fromarray(p, "L") for p in pages]
    buf = io.BytesIO()
    fixed = time.gmtime(1704067200)
    images[0].save(buf, "PDF", save_all=True, append_images=images[1:], resolution=dpi, quality=JPEG_QUALITY,
                   creationDate=fixed, modDate=fixed)
    dst.write_bytes(buf.getvalue())
    return len(pages)


@dataclass(frozen=True)
class Score:
    name: str
    text_values: int
    scan_values: int
    found: int
    wrong_unflagged: int

    @property
    def recall(self) -> float:
        return self.found / self.text_values if self.text_values else 1.0


def _same_place(a, b) -> bool:
    """Same page, and label and column header alike within OCR error."""
    if a.page != b.page or a.origin != b.origin:
        return False
    if a.origin == "inline":
        return fuzz.partial_ratio(a.label_raw[-60:], b.label_raw[-60:]) >= 75
    return fuzz.ratio(a.label_raw, b.label_raw) >= 75 and fuzz.ratio(a.column_header, b.column_header) >= 75


def _same_number(a, b) -> bool:
    if a.value is None or b.value is None:  # text cells ('TỐT'): the text baocao gives, not the raw OCR
        return a.value is None and b.value is None and \
            fuzz.ratio(a.value_text or a.value_raw, b.value_text or b.value_raw) >= 90
    return abs(a.value - b.value) < 1e-6


def missed(text_vals, scan_vals) -> list:
    """The text-layer values the scan does not give (matched as `score` matches them)."""
    out, used = [], set()
    for t in text_vals:
        j = next((j for j, s in enumerate(scan_vals) if j not in used and _same_number(t, s) and _same_place(t, s)), None)
        if j is None:
            out.append(t)
        else:
            used.add(j)
    return out


def score(name: str, text_vals, scan_vals) -> Score:
    found = 0
    used: set[int] = set()
    for t in text_vals:
        for j, s in enumerate(scan_vals):
            if j not in used and _same_number(t, s) and _same_place(t, s):
                used.add(j)
                found += 1
                break
    wrong = 0
    for j, s in enumerate(scan_vals):
        if j in used or s.flags or s.confidence < REVIEW:
            continue
        # wrong: where text-layer values sit (a sentence holds several), none has this number
        places = [t for t in text_vals if _same_place(t, s)]
        if places and not any(_same_number(t, s) for t in places):
            wrong += 1
    return Score(name, len(text_vals), len(scan_vals), found, wrong)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pdfs", nargs="*", type=Path, help=f"text-layer PDFs (default: {REAL}/*.pdf)")
    ap.add_argument("--dpi", type=int, default=100)
    ap.add_argument("--out", type=Path, default=Path("/tmp/baocao-poor-scans"))
    ap.add_argument("--missed", action="store_true", help="list the text-layer values each scan does not give")
    args = ap.parse_args(argv)
    from baocao.pipeline import process_file

    sources = args.pdfs or sorted(REAL.glob("*.pdf"))
    if not sources:
        print("no PDFs given and none found in ../shared/real", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    scores = []
    for src in sources:
        dst = args.out / f"{src.stem}_{args.dpi}dpi.pdf"
        pages = make_scan(src, dst, args.dpi)
        t0 = time.perf_counter()
        text = process_file(src)
        scan = process_file(dst)
        secs = time.perf_counter() - t0
        s = score(src.name, text.values, scan.values)
        scores.append(s)
        print(f"{s.name}: {pages} pages, scan status {scan.report.status} "
              f"{getattr(scan.report, 'error_code', '') or ''}, {secs:.0f} s", file=sys.stderr)
        for t in missed(text.values, scan.values) if args.missed else []:
            print(f"  missed p{t.page} {t.origin}: {t.label_raw[-60:]!r} | {t.column_header!r} | {t.value_raw!r}",
                  file=sys.stderr)
    print(f"{'file':46} {'text values':>11} {'scan values':>11} {'found':>6} {'recall':>7} {'wrong unflagged':>15}")
    for s in scores:
        print(f"{s.name:46} {s.text_values:11d} {s.scan_values:11d} {s.found:6d} {s.recall:7.1%} "
              f"{s.wrong_unflagged:15d}")
    total = Score("all", *(sum(getattr(s, f) for s in scores)
                           for f in ("text_values", "scan_values", "found", "wrong_unflagged")))
    print(f"{'all':46} {total.text_values:11d} {total.scan_values:11d} {total.found:6d} {total.recall:7.1%} "
          f"{total.wrong_unflagged:15d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
