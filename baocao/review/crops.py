"""The source beside each value: a page crop with the cell boxed, the table, or the sentence.

Page crops. PDF pages are rendered by pypdfium2 at RENDER_SCALE pixels per point (144 dpi)
and cached in DIR/.review-cache/; image files (PNG/JPEG/TIFF) are cropped from the image
as stored. A value's bbox is converted into those page pixels:
    - columns `bbox_unit` ('pt' | 'px') and `page_width`/`page_height` when the values carry them;
    - else inferred: an image file, or a PDF page the report's warnings say was read by OCR
      ("pages 1-3 read by OCR at 300 dpi") or whose text layer is empty, is in pixels at
      that OCR dpi (default OcrOptions.dpi, 300); other PDF pages are in points.
An image file's OCR pixels are the stored image scaled by OCR dpi / image dpi (extract/ocr/reader.py),
so they map back by image dpi / OCR dpi, the image dpi read as the OCR reader reads it.
"""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from PIL import Image, ImageDraw, ImageOps

RENDER_SCALE = 2.0  # pdfium pixels per PDF point (144 dpi): sharp enough to read digits, small enough to cache
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
OCR_DPI = 300.0  # extract.ocr.reader.OcrOptions.dpi, the resolution scans are read at
BOX_COLOUR = (220, 30, 30)
_OCR_PAGES = re.compile(r"pages? ([\d,\s\-–]+) read by OCR at ([\d.\s/]+) dpi")
_render_lock = threading.Lock()  # pdfium is not thread-safe


@dataclass(frozen=True)
class CropGeometry:
    """All in pixels of the page image the crop is cut from (`page_size` wide/high)."""

    page_size: tuple[int, int]
    scale: float  # page pixels per bbox unit
    unit: str  # 'pt' or 'px'
    box: tuple[float, float, float, float]  # the cell, as drawn
    crop: tuple[int, int, int, int]  # the part of the page shown

    def as_dict(self) -> dict:
        return {"page_size": list(self.page_size), "scale": self.scale, "unit": self.unit,
                "box": [round(v, 2) for v in self.box], "crop": list(self.crop)}


def parse_bbox(text: object) -> tuple[float, float, float, float] | None:
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        parts = tuple(float(p) for p in text.split(","))
    except ValueError:
        return None
    return parts if len(parts) == 4 else None  # type: ignore[return-value]


def ocr_pages(warnings: object) -> dict[int, float]:
    """page -> OCR dpi, from a report's warnings ('pages 1-3 read by OCR at 300 dpi').
    Several dpis in one warning cannot be told apart per page: those pages get OCR_DPI."""
    out: dict[int, float] = {}
    for m in _OCR_PAGES.finditer(warnings if isinstance(warnings, str) else ""):
        dpis = [float(d) for d in m.group(2).replace("/", " ").split()]
        dpi = dpis[0] if len(dpis) == 1 else OCR_DPI
        for part in m.group(1).replace("–", "-").split(","):
            a, _, b = part.strip().partition("-")
            if a.strip().isdigit():
                for p in range(int(a), int(b or a) + 1):
                    out[p] = dpi
    return out


def box_geometry(bbox, scale: float, unit: str, page_size: tuple[int, int]) -> CropGeometry:
    """The cell box in page pixels, and a crop around it: the full page width (the row's
    label and neighbours stay in view) and a few cell heights above and below."""
    box = tuple(v * scale for v in bbox)
    w, h = page_size
    pad = max(60.0, 3 * (box[3] - box[1]))
    crop = (0, max(0, int(box[1] - pad)), w, min(h, int(box[3] + pad) + 1))
    return CropGeometry(page_size, scale, unit, box, crop)  # type: ignore[arg-type]


def _get(row: pd.Series, name: str):
    v = row.get(name) if name in row.index else None
    return None if v is None or (not isinstance(v, str) and pd.isna(v)) else v


class SourceViews:
    """Renders and caches what a value is shown beside. Paths come from values.parquet only."""

    def __init__(self, out_dir: Path, reports: pd.DataFrame):
        self.out_dir = Path(out_dir)
        self.cache = self.out_dir / ".review-cache"
        self.warnings = dict(zip(reports["source_file"], reports["warnings"])) if len(reports) else {}

    def source_path(self, source_file: str) -> Path | None:
        """The file as given to the run (relative to the working folder), else next to DIR."""
        p = Path(source_file)
        for cand in (p, self.out_dir / p, self.out_dir.parent / p):
            if cand.is_file():
                return cand
        return None

    # ---------------------------------------------------------------- crops

    def _unit_and_scale(self, row: pd.Series, path: Path, page_px: tuple[int, int]) -> tuple[str, float]:
        is_image = path.suffix.lower() in IMAGE_SUFFIXES
        unit = _get(row, "bbox_unit")
        width = _get(row, "page_width")
        dpi = ocr_pages(self.warnings.get(row["source_file"])).get(int(row["page"]))
        if unit is None:
            image_only = not is_image and dpi is None and not _has_text_layer(path, int(row["page"]))
            unit = "px" if is_image or row.get("source_kind") == "image" or dpi or image_only else "pt"
        if width:  # the reader said how wide the page is in bbox units: no dpi needed
            return unit, page_px[0] / float(width)
        if unit == "pt":
            return unit, RENDER_SCALE if not is_image else page_px[0] / 595.0
        ocr_dpi = dpi or OCR_DPI
        if is_image:
            return unit, self._image_dpi(path, int(row["page"])) / ocr_dpi
        return unit, RENDER_SCALE * 72.0 / ocr_dpi

    @staticmethod
    def _image_dpi(path: Path, page: int) -> float:
        from extract.ocr.image import _resolution  # the same reading of the declared dpi as the OCR reader

        with Image.open(path) as im:
            if page > 1:
                im.seek(page - 1)
            return _resolution(im.info.get("dpi"), *im.size)

    def page_image(self, path: Path, report_id: str, page: int) -> Image.Image:
        """The page as an RGB image: a cached pdfium render, or the image file's frame."""
        if path.suffix.lower() in IMAGE_SUFFIXES:
            with Image.open(path) as im:
                if page > 1:
                    im.seek(page - 1)
                frame = ImageOps.exif_transpose(im) if im.format == "JPEG" else im
                return frame.convert("RGB")
        self.cache.mkdir(exist_ok=True)
        cached = self.cache / f"{report_id}-p{page}.png"
        if not cached.exists():
            import pypdfium2 as pdfium

            with _render_lock:
                pdf = pdfium.PdfDocument(str(path))
                try:
                    pil = pdf[page - 1].render(scale=RENDER_SCALE).to_pil().convert("RGB")
                finally:
                    pdf.close()
            tmp = cached.with_suffix(".tmp.png")
            pil.save(tmp)
            tmp.replace(cached)
        with Image.open(cached) as im:
            return im.convert("RGB")

    def crop(self, row: pd.Series) -> tuple[CropGeometry, Path] | None:
        """Geometry and the PNG (cached by value id) of the value's page crop; None without a box."""
        bbox, page = parse_bbox(_get(row, "bbox")), _get(row, "page")
        path = self.source_path(row["source_file"])
        if bbox is None or page is None or path is None:
            return None
        if path.suffix.lower() not in IMAGE_SUFFIXES + (".pdf",):
            return None
        img = self.page_image(path, row["report_id"], int(page))
        unit, scale = self._unit_and_scale(row, path, img.size)
        geo = box_geometry(bbox, scale, unit, img.size)
        self.cache.mkdir(exist_ok=True)
        out = self.cache / f"{row['value_id']}.png"
        if not out.exists():
            part = img.crop(geo.crop)
            x0, y0 = geo.crop[0], geo.crop[1]
            b = geo.box
            ImageDraw.Draw(part).rectangle((b[0] - x0 - 2, b[1] - y0 - 2, b[2] - x0 + 2, b[3] - y0 + 2),
                                           outline=BOX_COLOUR, width=3)
            tmp = out.with_suffix(".tmp.png")
            part.save(tmp)
            tmp.replace(out)
        return geo, out

    # ---------------------------------------------------------------- tables

    def table(self, row: pd.Series, header_rows: int) -> dict | None:
        """The value's table: header rows, the rows around the value, the cell marked."""
        ti, r, c = _get(row, "table_index"), _get(row, "row"), _get(row, "col")
        path = self.source_path(row["source_file"])
        if ti is None or r is None or path is None:
            return None
        doc = _read(path, path.stat().st_mtime_ns)
        tables = [t for t in doc.tables if t.index == int(ti)]
        if not tables:
            return None
        grid = tables[0].texts()
        r = int(r)
        shown = sorted(set(range(min(header_rows, len(grid)))) | set(range(max(0, r - 2), min(len(grid), r + 3))))
        return {"rows": [{"index": i, "cells": grid[i], "header": i < header_rows, "current": i == r}
                         for i in shown],
                "row": r, "col": None if c is None else int(c), "n_rows": len(grid)}


@functools.lru_cache(maxsize=256)
def _has_text_layer(path: Path, page: int) -> bool:
    """A PDF page with no characters in its text layer was read by OCR (bbox in pixels)."""
    import pypdfium2 as pdfium

    with _render_lock:
        pdf = pdfium.PdfDocument(str(path))
        try:
            return pdf[page - 1].get_textpage().count_chars() > 0
        finally:
            pdf.close()


@functools.lru_cache(maxsize=8)
def _read(path: Path, mtime_ns: int):
    """Re-read a file for its tables (kept for the last few files: reading is the slow part)."""
    from extract import read_document

    return read_document(path)
