"""Read scanned pages into the document model by OCR (tesseract, Vietnamese).

Entry points:
    read_image(path)              .png / .jpg / .jpeg / .tif / .tiff (TIFF frames are pages)
    ocr_pdf_pages(path, pages)    PDF pages without a usable text layer (pdf/reader.py calls it)

One page, in a worker process:
    load or render (pypdfium2, at the embedded scan's own resolution)
    -> prepare_page (image.py: OCR resolution, even background, deskew, upright, rules)
    -> text blocks stacked into a mosaic, tesseract image_to_data ONCE on it: word boxes
       and confidences, mapped back onto the page (grid.Mosaic)
    -> ruled grids from the rule masks, each word placed in the cell holding its centre
    -> the other words: lines, borderless tables, paragraphs (extract/layout.py, as for PDF)
    -> second look, only for what came out as a garbled number: words such as "ả.4."
       or "Ø1" (a misread row code loses its row) and section numbers such as "VỊI-"
       or "VII-" for "VIII-" (the table would be filed under another section; the I's
       are counted in the image) before the layout, then
       numeric-column cells left empty (while inked) or unparseable; the crops are read
       again in one more tesseract call each (English model, digit or Roman whitelist)
    -> blocks; Cell.confidence = mean confidence / 100 of the cell's words
Over the document's pages: running headers and footers dropped, a sentence cut by a
page break joined, tables numbered. Fragments of a table continued over a page
break stay separate Table blocks for the shared stitching step (dispatch).

Coordinates: every Provenance.bbox of an OCR page is (x0, top, x1, bottom) in PIXELS
(Provenance.bbox_unit "px", with Provenance.dpi and the page size in pixels) of
the page image at the OCR resolution (OcrOptions.dpi unless the image had to be made
smaller; the document warnings name it), in the page's stored orientation: the deskew
and any 90°/180° turn are undone. For a PDF page that is the page as rendered by
pdfium (/Rotate applied) at that resolution; for an image file, the image as stored,
scaled by OCR dpi / image dpi.

Digits are never repaired here: a cell reads as OCR saw it, and normalize/numbers.py
repairs O/0, l/1, S/5, B/8 inside numeric cells (flag ocr_digit_repaired).
"""

from __future__ import annotations

import math
import multiprocessing
import os
import re
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

import cv2
import numpy as np

from ..layout import PageContent, drop_running_paragraphs, join_pages, mark_running_lines, page_blocks
from ..model import PX, BBox, Block, Document, Provenance, ReadError, ReadWarning, Table
from .grid import Mosaic, OcrWord, font_boxes, ink_below, mask_edges, split_open_cells, text_blocks, words_to_glyphs
from .tesseract import (  # noqa: F401  (OcrOptions, check_tesseract, tesseract_ready: the reader's API)
    DEFAULT_OPTIONS, OcrOptions, OcrTimeout, _digits_lang, check_tesseract, ocr_words, osd_turn, tesseract_ready,
)
from .image import (
    MAX_OCR_PIXELS, PageImage, PreparedPage, count_frames, load_frame, prepare_page, upright_strokes,
)
from ..pdf.tables import edges_to_grids, grid_to_table, inside
from .digits import (  # noqa: F401  (_worse: kept importable here)
    ROMAN, ROMANISH, balanced as _balanced, garbled_number, garbled_roman, glued_lead, holds_word, needs_second_look,
    one_figure, reads_as_number, reads_as_roman, worse_reading as _worse,
)
from .pairs import (  # noqa: F401  (_slash_pairs: kept importable here)
    PAIR_CONFIDENCE, SLASH_PAIR, TAIL_LOOKALIKES, one_digit_more, slash_pairs as _slash_pairs, split_digit_pairs,
)
from ..pdf.text import glyphs_to_lines, line_pitches, typical_pitch

RENDER_DPI = 300.0  # PDF pages with no embedded scan (e.g. text without a Unicode map)
RENDER_DPI_RANGE = (100.0, 600.0)
LOW_RES_DPI = 200.0  # scans stored below this get their numeric cells read again as digits
SECOND_LOOK_CHARS = "0123456789.,%()/+-"
ROMAN_CHARS = "IVXLC.-"
ALONE_CAP = 12  # cells of one table read alone at most (one tesseract call each)
_NUMERIC_SHARE = 0.5  # a column is numeric when this share of its filled body cells are numbers
_JUNK = re.compile(r"^[^\w%]+$")  # a "word" with no letter, digit or % (rule remnants, specks)
_DASHES = {"-", "–", "—"}  # ... except a dash, which is an empty-value cell


# ------------------------------------------------------------------ one page


@dataclass(frozen=True)
class PageTask:
    source: Path
    kind: str  # "pdf" or "image"
    index: int  # 0-based page (PDF) or frame (image)
    options: OcrOptions


@dataclass
class PageResult:
    number: int  # 1-based
    blocks: list[Block] = field(default_factory=list)
    warnings: list[ReadWarning] = field(default_factory=list)
    size: tuple[int, int] = (0, 0)  # (width, height) in pixels at the OCR resolution
    dpi: float = 0.0
    error: ReadWarning | None = None  # the page could not be read at all
    error_code: str = ""  # its ReadError code


def native_dpi(page) -> float | None:
    """Resolution of the largest image drawn on a PDF page (a scan's own resolution)."""
    import pypdfium2.raw as pdfium_c

    best, dpi = 0.0, None
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        get_px = getattr(obj, "get_px_size", None) or obj.get_size
        get_box = getattr(obj, "get_bounds", None) or obj.get_pos
        try:
            pw, ph = get_px()
            left, bottom, right, top = get_box()
        except Exception:
            continue
        w_in, h_in = (right - left) / 72, (top - bottom) / 72
        if w_in <= 0 or h_in <= 0 or w_in * h_in <= best:
            continue
        best = w_in * h_in
        dpi = max(pw / w_in, ph / h_in) if page.get_rotation() % 180 == 0 else max(pw / h_in, ph / w_in)
    return dpi


def render_pdf_page(path: Path, index: int, max_pixels: int = MAX_OCR_PIXELS) -> PageImage:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[index]
        try:
            w_pt, h_pt = page.get_size()
            dpi = min(max(native_dpi(page) or RENDER_DPI, RENDER_DPI_RANGE[0]), RENDER_DPI_RANGE[1])
            dpi = min(dpi, 72 * math.sqrt(max_pixels / max(1.0, w_pt * h_pt)))
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            gray = np.array(bitmap.to_pil().convert("L"))
            bitmap.close()
        finally:
            page.close()
    except pdfium.PdfiumError as e:
        raise ReadError("corrupt", f"corrupt or truncated PDF: page {index + 1} cannot be rendered ({e})") from e
    finally:
        pdf.close()
    return PageImage(gray, dpi)


def ocr_page(task: PageTask) -> PageResult:
    """Everything one page needs; runs in a worker process."""
    number = task.index + 1
    opts = task.options
    try:
        image = render_pdf_page(task.source, task.index, opts.max_pixels) if task.kind == "pdf" else \
            load_frame(task.source, task.index, opts.max_pixels)
        prepared = prepare_page(image, opts.dpi, opts.sharpen, osd=lambda im: osd_turn(im, opts))
    except ReadError as e:
        return PageResult(number, error=ReadWarning("page_unreadable", f"page {number}: {e}"), error_code=e.code)
    result = PageResult(number, size=prepared.source_size)
    if prepared.blank:
        result.warnings.append(ReadWarning("blank_page", f"page {number}: blank page, nothing to read"))
        return result
    result.dpi = prepared.dpi
    if prepared.quarters:
        how = "upside down" if prepared.quarters == 2 else "sideways"
        result.warnings.append(ReadWarning("turned_upright", f"page {number}: scanned {how}, turned upright for OCR"))
    if prepared.flattened:
        result.warnings.append(ReadWarning("flattened", f"page {number}: photographed sheet, its outline flattened for OCR"))
    try:
        words = page_words(prepared, opts)
    except OcrTimeout:
        result.warnings.append(ReadWarning("timeout", f"page {number}: OCR timed out after {opts.page_timeout:.0f} s, page skipped"))
        return result
    words = [w for w in words if not _JUNK.match(w.text) or w.text in _DASHES]
    if opts.second_look:
        words = _second_look_words(prepared, words, opts)
    if not words:
        result.warnings.append(ReadWarning("no_text", f"page {number}: no text recognised"))
        return result
    result.blocks = page_to_blocks(number, prepared, words, opts)
    return result


def page_words(prepared: PreparedPage, opts: OcrOptions) -> list[OcrWord]:
    """The page's words, in OCR-image pixels: its text blocks stacked into a mosaic and
    read by one tesseract call (see grid.py)."""
    rules = prepared.rules_h | prepared.rules_v if prepared.rules_h is not None else None
    boxes, em = text_blocks(prepared.ocr, rules)
    words: list[OcrWord] = []
    for mosaic in Mosaic.build(prepared.ocr, boxes, em) if boxes else []:
        words += mosaic.to_page(ocr_words(mosaic.image, prepared.dpi, opts))
    return font_boxes(words)


# ------------------------------------------------------------------ page -> blocks


def page_to_blocks(number: int, prepared: PreparedPage, words: list[OcrWord], opts: OcrOptions) -> list[Block]:
    dpi = prepared.dpi
    pt = 72.0 / dpi
    h, w = prepared.ocr.shape
    glyphs = words_to_glyphs(words, dpi)
    content = PageContent(number, (w * pt, h * pt))
    edges = mask_edges(prepared.rules_h, prepared.rules_v, dpi) if prepared.rules_h is not None else []
    for grid in edges_to_grids(edges) if len(edges) >= 4 else []:
        box = grid.bbox
        mine = [g for g in glyphs if inside(box, g.cx, g.cy, 1.0)]
        if not mine:
            continue  # an empty frame, a stamp or a drawing
        keep = set(map(id, mine))
        glyphs = [g for g in glyphs if id(g) not in keep]
        content.tables.append(grid_to_table(split_open_cells(grid, mine), mine))
    content.lines = glyphs_to_lines(glyphs)
    mark_running_lines([content])  # page numbers; repeated headers are judged over all pages later
    pitch = typical_pitch(line_pitches(content.lines))
    blocks, _ = page_blocks(content, None, pitch)
    conf = _WordIndex(words, pt)
    out: list[Block] = []
    for b in blocks:
        if isinstance(b, Table):
            b = _with_confidence(b, conf)
            if opts.second_look:
                b = _second_look(b, prepared, opts)
            out.append(_table_to_pixels(b, prepared, pt))
        else:
            out.append(replace(b, prov=_pixel_prov(number, b.prov.bbox, prepared, pt)))
    return out


class _WordIndex:
    """Word centres (points) and confidences, for 'the words inside this cell'."""

    def __init__(self, words: list[OcrWord], pt: float):
        self.cx = np.array([w.cx * pt for w in words])
        self.cy = np.array([w.cy * pt for w in words])
        self.conf = np.array([w.conf for w in words])

    def mean_conf(self, bbox: BBox) -> float | None:
        x0, y0, x1, y1 = bbox
        sel = (self.cx >= x0) & (self.cx <= x1) & (self.cy >= y0) & (self.cy <= y1)
        return float(self.conf[sel].mean()) / 100.0 if sel.any() else None


def _to_pixels(bbox: BBox | None, prepared: PreparedPage, pt: float) -> BBox | None:
    if bbox is None:
        return None
    box = prepared.to_source(tuple(v / pt for v in bbox))  # type: ignore[arg-type]
    return tuple(round(v, 1) for v in box)  # type: ignore[return-value]


def _with_confidence(table: Table, conf: _WordIndex) -> Table:
    """Each cell's confidence: the mean confidence of the words inside it (1.0 if none)."""
    rows = []
    for r in table.rows:
        cells = []
        for c in r:
            got = conf.mean_conf(c.prov.bbox) if c.prov.bbox else None
            cells.append(replace(c, confidence=round(got, 3)) if got is not None else c)
        rows.append(tuple(cells))
    return replace(table, rows=tuple(rows))


def _table_to_pixels(table: Table, prepared: PreparedPage, pt: float) -> Table:
    page = table.prov.page
    rows = tuple(tuple(replace(c, prov=_pixel_prov(page, c.prov.bbox, prepared, pt)) for c in r) for r in table.rows)
    return replace(table, rows=rows, prov=_pixel_prov(page, table.prov.bbox, prepared, pt))


def _pixel_prov(page: int | None, bbox: BBox | None, prepared: PreparedPage, pt: float) -> Provenance:
    """A box of the layout frame as pixels of the page image at the OCR resolution."""
    w, h = prepared.source_size
    return Provenance(page, bbox=_to_pixels(bbox, prepared, pt), bbox_unit=PX, page_width=float(w),
                      page_height=float(h), dpi=round(prepared.dpi, 3))


def _numeric_columns(table: Table, first: bool = False) -> set[int]:
    """Columns whose body cells are mostly numbers ("83,1/100" and "62/63" too). A number OCR
    garbled ("862. 1.266 (68. l %") counts for its column; a column with one filled cell
    (a table of one row) goes by that cell. The first column (row codes) only with `first`."""
    filled: dict[int, int] = defaultdict(int)
    numbers: dict[int, int] = defaultdict(int)
    for r in table.rows[1:]:
        for c in r:
            t = c.text.strip()
            if t and t not in _DASHES:
                filled[c.col] += 1
                numbers[c.col] += reads_as_number(t) or garbled_number(t)
    return {col for col, n in filled.items()
            if (col > 0 or first) and numbers[col] >= min(2, n) and numbers[col] >= _NUMERIC_SHARE * n}


def _worth_reading(text: str) -> bool:
    """A cell of a low-resolution scan's numeric column that holds something and no word."""
    t = text.strip()
    return bool(t) and t not in _DASHES and not holds_word(t)


def _second_look(table: Table, prepared: PreparedPage, opts: OcrOptions) -> Table:
    """Re-read, as digits, the numeric-column cells OCR left empty (while the cell holds
    ink) or unreadable as a number. Other cells are kept as read."""
    # on a page scanned below LOW_RES_DPI the Vietnamese model misreads digits that the
    # digits model reads right ("74,95%" as "74." "95%", "81" as "§I"): every numeric cell
    # holding no word is read again, and the first column's numbers too (a rank column
    # 'Thứ hạng' comes first; a row code "12" misread loses its row; "I", "II" stay)
    low_res = prepared.dpi / prepared.scale < LOW_RES_DPI
    numeric = _numeric_columns(table, first=low_res)
    if not numeric:
        return table
    pt = 72.0 / prepared.dpi
    todo = [c for r in table.rows[1:] for c in r
            if c.col in numeric and c.col_span == 1 and c.prov.bbox
            and (any(ch.isdigit() for ch in c.text) if c.col == 0
                 else needs_second_look(c.text) or (low_res and _worth_reading(c.text)))]
    inset = 2  # off the erased rule
    boxes = [(c.prov.bbox[0] / pt + inset, c.prov.bbox[1] / pt + inset, c.prov.bbox[2] / pt - inset,
              c.prov.bbox[3] / pt - inset) for c in todo]
    got = dict(zip(map(id, todo), reread(prepared, boxes, opts))) if todo else {}
    for c in todo:  # a clean first reading the second lost marks or digits of is kept
        if got[id(c)] and reads_as_number(c.text.strip()) and _worse(c.text, got[id(c)][0]):
            got[id(c)] = None
    # a third look, each crop read alone: among the stacked crops tesseract may read a cell worse
    # than by itself ("41,0, 80" again as "4) 0780" in the stack, "41,02/80" alone); only cells
    # that are still no one figure, and only an answer that is one (its confidence, however low, is
    # the cell's: a doubtful reading goes to review, as the second look's do)
    alone = [(c, b) for c, b in zip(todo, boxes) if any(ch.isdigit() for ch in c.text)
             and not one_figure((got[id(c)] or (c.text,))[0])][:ALONE_CAP]
    for (c, _), again in zip(alone, (reread(prepared, [b], opts)[0] for _, b in alone)):
        if again and one_figure(again[0]) and not (reads_as_number(c.text.strip()) and _worse(c.text, again[0])):
            got[id(c)] = again
    rows = []
    for i, r in enumerate(table.rows):
        cells = []
        for c in r:
            new = got.get(id(c))
            if new:
                c = replace(c, text=new[0], confidence=new[1])
            elif i and c.col in numeric and _balanced(c.text.strip()) != c.text.strip() \
                    and reads_as_number(_balanced(c.text.strip())):
                c = replace(c, text=_balanced(c.text.strip()))  # as a second look would have it
            cells.append(c)
        rows.append(tuple(cells))
    return replace(table, rows=tuple(rows))


def _second_look_words(prepared: PreparedPage, words: list[OcrWord], opts: OcrOptions) -> list[OcrWord]:
    """Re-read single words that came out as garbled numbers: digits with a stray mark
    ("ả.4.", "Ø1"; a row code misread this way no longer starts its row) and section
    numbers ("VỊI-", "VHII-", or "VII-" for "VIII-"; the table would be filed under
    another section): the I's of a numeral are counted in the image, anything else is
    read again as digits, or as Roman numerals."""
    first = {}
    for i, w in enumerate(words):
        if w.line not in first or w.x0 < words[first[w.line]].x0:
            first[w.line] = i
    out = list(words)
    for i in first.values():  # section numbers: count the strokes of the numeral
        fixed = _numeral_by_strokes(prepared, words[i])
        if fixed:
            out[i] = replace(words[i], text=fixed)
    words = out
    digits = [(i, i) for i, w in enumerate(words) if garbled_number(w.text) or glued_lead(w.text)]
    pairs = _slash_pairs(words)
    split = split_digit_pairs(words)  # "Š" "I,79%" for "51,79%"
    romans = [(i, i) for i in first.values() if garbled_roman(words[i].text)]
    out: list[OcrWord | None] = list(words)
    for todo, chars, accept in ((split + digits + pairs, SECOND_LOOK_CHARS, reads_as_number),
                                (romans, ROMAN_CHARS, reads_as_roman)):
        if not todo:
            continue
        boxes = []
        for i, j in todo:
            w, last = words[i], words[j]
            pad = 0.15 * (w.em or (w.bottom - w.top))
            boxes.append((w.x0 - pad, min(w.top, last.top), last.x1 + pad, max(w.bottom, last.bottom)))
        for (i, j), got in zip(todo, reread(prepared, boxes, opts, chars, accept)):
            if not got or out[i] is not words[i] or out[j] is not words[j]:  # a word already read again
                continue
            if i == j:
                if abs(len(got[0]) - len(words[i].text)) <= 1:
                    out[i] = replace(words[i], text=got[0], conf=100.0 * got[1])
                elif glued_lead(words[i].text) and got[1] >= PAIR_CONFIDENCE:  # "&§8%." -> "88%."
                    core = words[i].text.rstrip(".,:;")
                    if abs(len(got[0]) - len(core)) <= 1:
                        out[i] = replace(words[i], text=got[0] + words[i].text[len(core):], conf=100.0 * got[1])
                continue
            # "36, 124" or "L 15" read again as one: the slash the model took for a comma or a
            # space is kept only when the digits read the second number as it was read first;
            # "Š" "I,79%" read again as one number is kept when it is the second and one digit before
            m = SLASH_PAIR.match(got[0])
            tail = words[j].text.translate(TAIL_LOOKALIKES)
            if got[1] < PAIR_CONFIDENCE:
                continue
            if (i, j) in split:
                if one_digit_more(got[0], tail):
                    out[i] = replace(words[i], text=got[0] + tail[len(tail.rstrip(".,:;")):], conf=100.0 * got[1],
                                     x1=words[j].x1, top=min(words[i].top, words[j].top),
                                     bottom=max(words[i].bottom, words[j].bottom))
                    out[j] = None
            elif m and m["b"] == tail:
                w, em = words[i], words[i].em or (words[i].bottom - words[i].top)
                for k, other in enumerate(words):  # the words the crop held ("|" "L" "1Š" for "11/15")
                    if w.x0 <= other.cx <= words[j].x1 and abs(other.cy - w.cy) < 0.3 * em:
                        out[k] = None
                out[i] = replace(w, text=got[0], conf=100.0 * got[1], x1=words[j].x1,
                                 top=min(w.top, words[j].top), bottom=max(w.bottom, words[j].bottom))
    return [w for w in out if w is not None]


def _numeral_by_strokes(prepared: PreparedPage, word: OcrWord) -> str | None:
    """A section number with its I's counted in the image: the model for Vietnamese text
    drops or adds an I in bold "III-" / "VIII-" (read "II-", "VII-", "VHII-") and files
    the table under another section. The V and X are taken as read; only numerals with
    their I's last (I, II, III, V ... VIII, X ... XIII, XV ...) are counted."""
    m = ROMANISH.match(word.text.strip())
    if not m or not any(ch in "IVX" for ch in m.group(1)):
        return None
    read = m.group(1)
    skeleton = "".join(ch for ch in read if ch in "VXLC")
    lead = read[: len(read) - len(read.lstrip("IỊÌÍĨỈHTl1|"))]
    if lead and skeleton:
        return None  # IV, IX: I's before the V or X, not counted here
    strokes = upright_strokes(prepared.ocr, (word.x0, word.top, word.x1, word.bottom))
    if strokes is None:
        return None
    ones = strokes - 2 * sum(ch in "VX" for ch in skeleton)
    numeral = skeleton + "I" * ones
    if not 0 <= ones <= 3 or not ROMAN.match(numeral) or numeral == read:
        return None
    return numeral + word.text.strip()[-1]


def reread(prepared: PreparedPage, boxes: list[tuple[float, float, float, float]], opts: OcrOptions,
           chars: str = SECOND_LOOK_CHARS, accept: Callable[[str], bool] = reads_as_number,
           ) -> list[tuple[str, float] | None]:
    """Read boxes of the OCR image again with only `chars` allowed, all in ONE tesseract
    call (the crops stacked into a mosaic): (text, confidence 0..1) per box, None where
    nothing is printed or the reading is not `accept`ed."""
    h, w = prepared.ocr.shape
    crops: list[tuple[int, int, int, int] | None] = []
    for x0, y0, x1, y1 in boxes:
        x0, y0, x1, y1 = max(0, int(x0)), max(0, int(y0)), min(w, int(math.ceil(x1))), min(h, int(math.ceil(y1)))
        if x1 - x0 < 4 or y1 - y0 < 4:
            crops.append(None)
            continue
        ink = cv2.medianBlur(ink_below(prepared.ocr[y0:y1, x0:x1], 128), 3)
        crops.append((x0, y0, x1 - x0, y1 - y0) if cv2.countNonZero(ink) >= 15 else None)
    placed = [b for b in crops if b is not None]
    if not placed:
        return [None] * len(boxes)
    em = float(np.median([b[3] for b in placed]))
    found: dict[tuple[int, int, int, int], list[OcrWord]] = defaultdict(list)
    for mosaic in Mosaic.build(prepared.ocr, placed, em):
        try:
            words = ocr_words(mosaic.image, prepared.dpi, replace(opts, lang=_digits_lang(opts)), psm=6,
                              extra=f"-c tessedit_char_whitelist={chars}", timeout=opts.cell_timeout)
        except OcrTimeout:
            continue
        for word, back in zip(words, mosaic.to_page(words)):
            found[mosaic.boxes[back.line[0] - mosaic.first]].append(word)
    out: list[tuple[str, float] | None] = []
    for b in crops:
        ws = sorted(found.get(b, []), key=lambda w: (w.line, w.x0)) if b is not None else []  # line by line
        # a speck after the figure, or a comma before it
        text = _balanced(" ".join(w.text for w in ws).strip().rstrip(".,:;-_").lstrip(",:; "))
        out.append((text, round(min(w.conf for w in ws) / 100.0, 3)) if text and accept(text) else None)
    return out


# ------------------------------------------------------------------ document


def _workers(opts: OcrOptions, n_pages: int) -> int:
    n = opts.workers
    if n is None:
        env = os.environ.get("BAOCAO_OCR_WORKERS", "").strip()
        n = int(env) if env.isdigit() and int(env) > 0 else (os.cpu_count() or 1)
    return max(1, min(n, n_pages))


def run_pages(tasks: list[PageTask], opts: OcrOptions) -> list[PageResult]:
    """OCR pages, in parallel processes when there are several pages and cores."""
    workers = _workers(opts, len(tasks))
    if workers <= 1 or multiprocessing.current_process().daemon:  # a daemon process may not start children
        return [ocr_page(t) for t in tasks]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(ocr_page, tasks))


def _summary(results: list[PageResult]) -> ReadWarning | None:
    done = [r for r in results if r.dpi]
    if not done:
        return None
    dpis = sorted({round(r.dpi) for r in done})
    nums = _ranges([r.number for r in done])
    dpi_text = " / ".join(f"{d}" for d in dpis)
    return ReadWarning("ocr_read", f"page{'s' if len(done) > 1 else ''} {nums} read by OCR at {dpi_text} dpi "
                                   "(bbox in pixels at that resolution)")


def _ranges(numbers: list[int]) -> str:
    out, start, prev = [], None, None
    for n in sorted(numbers):
        if start is None:
            start = prev = n
        elif n == prev + 1:
            prev = n
        else:
            out.append(f"{start}" if start == prev else f"{start}-{prev}")
            start = prev = n
    if start is not None:
        out.append(f"{start}" if start == prev else f"{start}-{prev}")
    return ", ".join(out)


def _ocr_document(tasks: list[PageTask], opts: OcrOptions) -> tuple[list[PageResult], list[ReadWarning]]:
    check_tesseract(opts.lang)
    results = run_pages(tasks, opts)
    failed = [r for r in results if r.error]
    if failed and len(failed) == len(results):
        first = str(failed[0].error)
        raise ReadError(failed[0].error_code, first if len(failed) == 1 else f"{first} (and {len(failed) - 1} more pages)")
    kept = drop_running_paragraphs([(r.number, r.size[1], r.blocks) for r in results])
    for r, blocks in zip(results, kept):
        r.blocks = blocks
    warnings = [w for r in results for w in ([r.error] if r.error else r.warnings)]
    summary = _summary(results)
    return results, ([summary] if summary else []) + warnings


def ocr_pdf_pages(path: Path, pages: list[int], warnings: list[ReadWarning] | None = None,
                  options: OcrOptions | None = None) -> list[list[Block]]:
    """Blocks of the given PDF pages (1-based numbers) read by OCR, one list per page
    in the order given. Raises ReadError when OCR is not available; page-level
    problems (blank, timed out) are appended to `warnings`."""
    opts = options or DEFAULT_OPTIONS
    tasks = [PageTask(Path(path), "pdf", n - 1, opts) for n in pages]
    results, notes = _ocr_document(tasks, opts)
    if warnings is not None:
        warnings.extend(notes)
    return [r.blocks for r in results]


def read_image(path: Path, options: OcrOptions | None = None) -> Document:
    """Paragraphs and tables of a scanned page image (each TIFF frame is a page)."""
    path = Path(path)
    opts = options or DEFAULT_OPTIONS
    n = count_frames(path)
    results, warnings = _ocr_document([PageTask(path, "image", i, opts) for i in range(n)], opts)
    blocks = join_pages([r.blocks for r in results])
    return Document(source=path, kind="image", blocks=tuple(blocks), n_pages=n, warnings=tuple(warnings))
