"""Make scanned copies of the sample PDFs for the OCR tests (reproducible).

    python scripts/make_scans.py                 # every samples/*.pdf
    python scripts/make_scans.py --only commune_borderless_2023

Each page is rasterised (grayscale) at 200 and 300 dpi and degraded the way an
office scanner does it: turned by 0.3-1.5 degrees, slightly blurred, grey paper
with grain and a few specks, then stored as a JPEG. The pages go into an
image-only PDF, `samples/scans/<name>_<dpi>dpi.pdf`, with no text layer. One
sample is also written as a multi-page TIFF (grayscale, JPEG-compressed). The
scans have the same golden values as their originals.

(A bilevel fax-mode TIFF is not made: thresholding to one bit turns the hook above
of "ể"/"ổ" into an acute often enough that headings such as "Biểu mẫu" are misread;
scan reports in grayscale.)

The random numbers come from a fixed seed per file and the PDFs carry a fixed date,
so the output is byte for byte the same on every run.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
import zlib
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
OUT = SAMPLES / "scans"
DPIS = (200, 300)
TIFF_SAMPLE = "commune_borderless_2023"  # one sample also as a multi-page TIFF
TIFF_DPI = 200
JPEG_QUALITY = 40
SIZE_BUDGET = 15 * 2**20  # all scans together
FIXED_DATE = time.gmtime(1704067200)  # 2024-01-01


def render(page: pdfium.PdfPage, dpi: int) -> np.ndarray:
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    img = np.array(bitmap.to_pil().convert("L"))
    bitmap.close()
    return img


def degrade(img: np.ndarray, rng: np.random.Generator, dpi: int) -> np.ndarray:
    """Rotate, blur, grey paper with grain and specks: what a flatbed scan looks like."""
    h, w = img.shape
    angle = float(rng.uniform(0.3, 1.5) * rng.choice([-1, 1]))
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    out = cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255).astype(np.float32)
    # paper is not white and ink is not black; the light falls off a little towards one edge
    ramp = np.linspace(0, float(rng.uniform(-12, 12)), w, dtype=np.float32)[None, :]
    out = 30 + out * (205 / 255) + ramp
    # sensor grain, then the optics' blur over page and grain alike (blurred grain also keeps the JPEGs small)
    out += rng.normal(0, 5, out.shape).astype(np.float32)
    out = cv2.GaussianBlur(out, (0, 0), 0.5 * dpi / 200)
    specks = rng.random(out.shape) < 0.0003
    out[specks] = rng.uniform(40, 140, int(specks.sum()))
    return np.clip(out, 0, 255).astype(np.uint8)


def seed_for(name: str, dpi: int) -> int:
    return zlib.crc32(f"{name}:{dpi}".encode())


def scan_pages(pdf_path: Path, dpi: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed_for(pdf_path.stem, dpi))
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        return [degrade(render(pdf[i], dpi), rng, dpi) for i in range(len(pdf))]
    finally:
        pdf.close()


def write_pdf(pages: list[np.ndarray], dpi: int, path: Path) -> None:
    """Image-only PDF: one grayscale JPEG per page, page size from the resolution."""
    images = [Image.fromarray(p, "L") for p in pages]
    buf = io.BytesIO()
    images[0].save(buf, "PDF", save_all=True, append_images=images[1:], resolution=dpi,
                   quality=JPEG_QUALITY, optimize=True,
                   creationDate=FIXED_DATE, modDate=FIXED_DATE)  # else Pillow stamps the current time
    path.write_bytes(buf.getvalue())


def write_tiff(pages: list[np.ndarray], dpi: int, path: Path) -> None:
    """Multi-page grayscale TIFF, one JPEG-compressed page per frame."""
    images = [Image.fromarray(p, "L") for p in pages]
    images[0].save(path, save_all=True, append_images=images[1:], compression="jpeg", quality=JPEG_QUALITY,
                   dpi=(dpi, dpi))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", nargs="+", metavar="NAME", help="sample names (default: every samples/*.pdf)")
    args = ap.parse_args(argv)
    sources = sorted(SAMPLES.glob("*.pdf"))
    if args.only:
        sources = [p for p in sources if p.stem in args.only]
    if not sources:
        print("no sample PDFs found", file=sys.stderr)
        return 2
    OUT.mkdir(exist_ok=True)
    for src in sources:
        for dpi in DPIS:
            pages = scan_pages(src, dpi)
            out = OUT / f"{src.stem}_{dpi}dpi.pdf"
            write_pdf(pages, dpi, out)
            print(f"{out.relative_to(ROOT)}: {len(pages)} pages, {out.stat().st_size / 1024:.0f} KB")
        if src.stem == TIFF_SAMPLE:
            out = OUT / f"{src.stem}_{TIFF_DPI}dpi.tif"
            write_tiff(scan_pages(src, TIFF_DPI), TIFF_DPI, out)  # the same pages as its PDF scan
            print(f"{out.relative_to(ROOT)}: {out.stat().st_size / 1024:.0f} KB")
    total = sum(p.stat().st_size for p in OUT.iterdir() if p.suffix in (".pdf", ".tif"))
    print(f"total {total / 2**20:.1f} MB")
    if total > SIZE_BUDGET:
        print(f"scans exceed the {SIZE_BUDGET / 2**20:.0f} MB budget", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
