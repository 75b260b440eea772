"""Read a PDF with a text layer into the document model.

Pipeline, one page at a time, then once over the whole document:

    pdfium page -> page_glyphs, page_drawing          (characters and strokes, PDF user space)
                -> Frame: turn into an upright layout frame (place_glyphs, segments_to_edges)
                -> edges_to_grids -> grid_to_table     (ruled tables)
                -> glyphs_to_lines                     (text outside ruled tables)   = PageContent
    all pages   -> mark_running_lines                  (page numbers, running headers/footers)
    each page   -> lines_to_aligned_tables             (borderless tables with numeric columns)
                -> lines_to_paragraphs -> blocks in reading order (page_blocks)

pypdfium2 does the parsing: it is C, so a text page costs a few milliseconds
(pdfminer needs tens). The fast path: only pages with at least a few straight
strokes get a ruled-table search, and only pages where a number stands apart
from the words before it (may_hold_aligned_table) get a borderless-table search;
narrative pages go straight to paragraphs.
Every bbox in the output is (x0, top, x1, bottom) in points on the page as
displayed (after /Rotate), origin top-left, like pdfplumber.
"""

from __future__ import annotations

import ctypes
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .model import BBox, Block, Cell, Document, Paragraph, Provenance, ReadError, Table
from .pdf_tables import (
    Band, Edge, TableBox, edges_to_grids, grid_to_table, inside, lines_to_aligned_tables, may_hold_aligned_table,
)
from .pdf_text import (
    COLUMN_GAP, Glyph, Line, attach_marks, glyphs_to_lines, line_pitches, lines_text, lines_to_paragraphs, split_line,
    typical_pitch,
)

MAX_PATH_SEGMENTS = 50_000  # a page drawn with more strokes is a chart or map, not a table
MARGIN_ZONE = 0.12  # share of the page height where headers and footers live
UNMAPPED_SHARE = 0.2  # share of glyphs without Unicode that makes a page untrustworthy
PAGE_NUMBER = re.compile(
    r"^[-–—\s]*(?:trang|page)?\s*(?:\d{1,4}|[ivxlc]{1,6})(?:\s*(?:/|của|of)\s*\d{1,4})?[-–—\s]*$",
    re.IGNORECASE,
)
# Text that digital-signature stamps print onto the page; the weak lines only
# count next to a strong one ("Cơ quan:" also starts ordinary form fields).
SIGNATURE_STAMP = re.compile(r"^(?:Ký bởi|Người ký|Thời gian ký|Signed by|Signature Not Verified)\s*:?", re.IGNORECASE)
SIGNATURE_STAMP_MORE = re.compile(r"^(?:Email|E-mail|Cơ quan|Chức vụ|Ngày ký|Date|Reason|Location)\s*:", re.IGNORECASE)
BOLD_FONT = re.compile(rb"bold|black|heavy|demi|semibold|,b(?:old)?(?:italic)?$", re.IGNORECASE)
FORCE_BOLD = 1 << 18  # font descriptor flags
ITALIC_FLAG = 1 << 6
ITALIC_FONT = re.compile(rb"italic|oblique|,i$", re.IGNORECASE)
_SPACE_CODES = {0x20, 0xA0, 0x3000}
_BREAK_CODES = {0x0D, 0x0A, 0x09, 0x0C}


# ------------------------------------------------------------------- opening


def open_pdf(path: Path) -> pdfium.PdfDocument:
    """Open a PDF or raise ReadError saying why it cannot be read."""
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(1024)
            f.seek(max(0, size - 1024**2))  # bytes after %%EOF are accepted (extract/limits.py warns)
            tail = f.read()
    except OSError as e:
        raise ReadError("not_found", f"cannot read file: {e.strerror or e}") from e
    if b"%PDF-" not in head:
        raise ReadError("unsupported", "not a PDF (no %PDF- header)")
    if b"%%EOF" not in tail:
        # pdfium would silently rebuild a cut file and lose its last pages
        raise ReadError("corrupt", "corrupt or truncated PDF: no %%EOF marker at the end")
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        code = getattr(e, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise ReadError("encrypted", "encrypted PDF (password required)") from e
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise ReadError("encrypted", "encrypted PDF (unsupported security handler)") from e
        raise ReadError("corrupt", f"corrupt or truncated PDF: {e}") from e
    if len(pdf) == 0:
        pdf.close()
        raise ReadError("corrupt", "corrupt or truncated PDF: no pages")
    return pdf


# -------------------------------------------------------------------- frames


@dataclass(frozen=True)
class Frame:
    """Maps PDF user space (y up) to the upright layout frame and to the
    displayed page. `text_rotation` is the clockwise turn that makes the page's
    text read left to right; normally it equals the page /Rotate."""

    left: float
    bottom: float
    right: float
    top: float
    rotation: int  # page /Rotate, clockwise
    text_rotation: int

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom

    def size(self, turn: int) -> tuple[float, float]:
        return (self.height, self.width) if turn in (90, 270) else (self.width, self.height)

    def _turn(self, x: float, t: float, turn: int) -> tuple[float, float]:
        w, h = self.width, self.height
        if turn == 90:
            return h - t, x
        if turn == 180:
            return w - x, h - t
        if turn == 270:
            return t, w - x
        return x, t

    def _unturn(self, x: float, y: float, turn: int) -> tuple[float, float]:
        w, h = self.width, self.height
        if turn == 90:
            return y, h - x
        if turn == 180:
            return w - x, h - y
        if turn == 270:
            return w - y, x
        return x, y

    def _box(self, corners: list[tuple[float, float]]) -> BBox:
        xs = [c[0] for c in corners]
        ys = [c[1] for c in corners]
        return (min(xs), min(ys), max(xs), max(ys))

    def user_to_layout(self, l: float, b: float, r: float, t: float) -> BBox:
        k = self.text_rotation
        x0, x1, t0, t1 = l - self.left, r - self.left, self.top - t, self.top - b
        if k == 0:
            return (x0, t0, x1, t1)
        return self._box([self._turn(x0, t0, k), self._turn(x1, t1, k)])

    def layout_to_display(self, bbox: BBox) -> BBox:
        k, rot = self.text_rotation, self.rotation
        if k == rot:
            return tuple(round(v, 2) for v in bbox)  # type: ignore[return-value]
        corners = [self._unturn(bbox[0], bbox[1], k), self._unturn(bbox[2], bbox[3], k)]
        box = self._box([self._turn(x, t, rot) for x, t in corners])
        return tuple(round(v, 2) for v in box)  # type: ignore[return-value]


# ------------------------------------------------------------ page reading


@dataclass
class PageGlyphs:
    """Characters as pdfium reports them, in PDF user space (y up)."""

    glyphs: list[Glyph]  # x0/top/x1/bottom hold left/bottom/right/top until placed in a Frame
    quarters: list[int | None]  # clockwise quarter turns of each glyph's text; None if skewed
    n_unmapped: int  # characters whose font has no Unicode map


def _quarter(angle: float) -> int | None:
    if angle < 0:
        return 0
    q = angle / (math.pi / 2)
    return int(round(q)) % 4 if abs(q - round(q)) < 0.06 else None


def page_glyphs(textpage: pdfium.PdfTextPage) -> PageGlyphs:
    """Every drawn character with its box; spaces only as word-break flags.

    Box and code are read per character; size, angle and font (for bold) per
    run of characters between spaces, which is where they change in practice
    and saves most of the calls into pdfium.
    """
    tp = textpage.raw
    n = pdfium_c.FPDFText_CountChars(tp)
    rect = pdfium_c.FS_RECTF()
    rect_p = ctypes.byref(rect)
    get_unicode = pdfium_c.FPDFText_GetUnicode
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    get_size = pdfium_c.FPDFText_GetFontSize
    get_angle = pdfium_c.FPDFText_GetCharAngle
    get_font = pdfium_c.FPDFText_GetFontInfo
    unmapped = pdfium_c.FPDFText_HasUnicodeMapError
    generated = pdfium_c.FPDFText_IsGenerated
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    flags_p = ctypes.byref(flags)
    styles: dict[bytes, tuple[bool, bool]] = {}  # font name -> (bold, italic)
    glyphs: list[Glyph] = []
    quarters: list[int | None] = []
    n_bad = n_sampled_unmapped = 0
    space = False
    run_start = True
    size, quarter, bold, italic = 0.0, 0, False, False
    for i in range(n):
        code = get_unicode(tp, i)
        if code in _SPACE_CODES:
            space = space or generated(tp, i) != 1  # spaces pdfium invents are not evidence
            run_start = True
            continue
        if code in _BREAK_CODES:
            run_start = True
            continue
        if code < 0x20 or 0xFFFD <= code <= 0xFFFF:
            n_bad += 1
            continue
        if i % 4 == 0 and unmapped(tp, i) == 1:  # a sample is enough to judge the page
            n_sampled_unmapped += 1
            continue
        if run_start:
            size = get_size(tp, i)
            quarter = _quarter(get_angle(tp, i))
            get_font(tp, i, name, 128, flags_p)
            font = name.value
            style = styles.get(font)
            if style is None:
                style = styles[font] = (
                    bool(BOLD_FONT.search(font)) or bool(flags.value & FORCE_BOLD),
                    bool(ITALIC_FONT.search(font)) or bool(flags.value & ITALIC_FLAG),
                )
            bold, italic = style
            run_start = False
        get_box(tp, i, rect_p)
        glyphs.append(Glyph(chr(code), rect.left, rect.bottom, rect.right, rect.top, size, i, space, bold, italic))
        quarters.append(quarter)
        space = False
    return PageGlyphs(glyphs, quarters, n_bad + 4 * n_sampled_unmapped)


def _matrix(obj: ctypes.c_void_p) -> tuple[float, ...]:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _visible(obj: ctypes.c_void_p) -> bool:
    """Stroked, or filled with something darker than white (page backgrounds)."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke):
        return False
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    if stroke.value:
        pdfium_c.FPDFPageObj_GetStrokeColor(obj, r, g, b, a)
        return a.value > 0 and min(r.value, g.value, b.value) < 240
    if fill.value:
        pdfium_c.FPDFPageObj_GetFillColor(obj, r, g, b, a)
        return a.value > 0 and min(r.value, g.value, b.value) < 240
    return False


def _path_segments(obj: ctypes.c_void_p, m: tuple[float, ...]) -> Iterator[tuple[float, float, float, float]]:
    """Straight pieces of a path in user space (curves are never table borders)."""
    x, y = ctypes.c_float(), ctypes.c_float()
    a, b, c, d, e, f = m
    start = prev = None
    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        pt = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = pt
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO and prev is not None:
            yield (*prev, *pt)
        prev = pt
        if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None and prev != start:
            yield (*prev, *start)
            prev = start


@dataclass
class PageDrawing:
    segments: list[tuple[float, float, float, float]] = field(default_factory=list)
    n_images: int = 0
    too_complex: bool = False


def page_drawing(page: pdfium.PdfPage) -> PageDrawing:
    """Straight strokes and image count, walking into form XObjects."""
    out = PageDrawing()
    budget = [MAX_PATH_SEGMENTS]

    def walk(objs: Iterator[ctypes.c_void_p], outer: tuple[float, ...]) -> None:
        for obj in objs:
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                n = pdfium_c.FPDFPath_CountSegments(obj)
                budget[0] -= n
                if budget[0] < 0:
                    out.too_complex = True
                    return
                if n <= 1 or not _visible(obj):
                    continue
                out.segments.extend(_path_segments(obj, _compose(_matrix(obj), outer)))
            elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                out.n_images += 1
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                count = pdfium_c.FPDFFormObj_CountObjects(obj)
                walk((pdfium_c.FPDFFormObj_GetObject(obj, i) for i in range(count)), _compose(_matrix(obj), outer))

    count = pdfium_c.FPDFPage_CountObjects(page.raw)
    walk((pdfium_c.FPDFPage_GetObject(page.raw, i) for i in range(count)), (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))
    if out.too_complex:
        out.segments = []
    return out


def segments_to_edges(segments: list[tuple[float, float, float, float]], frame: Frame) -> list[Edge]:
    """Horizontal and vertical strokes in the layout frame; diagonals dropped."""
    edges = []
    for x0, y0, x1, y1 in segments:
        bx = frame.user_to_layout(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
        w, h = bx[2] - bx[0], bx[3] - bx[1]
        if h <= 0.5 and w > 0:
            edges.append(Edge("h", (bx[1] + bx[3]) / 2, bx[0], bx[2]))
        elif w <= 0.5 and h > 0:
            edges.append(Edge("v", (bx[0] + bx[2]) / 2, bx[1], bx[3]))
    return edges


def text_rotation(raw: PageGlyphs, page_rotation: int) -> int:
    """Clockwise turn that makes most glyphs upright (pdfium angles are clockwise)."""
    counts = Counter(q for q in raw.quarters if q is not None)
    if not counts:
        return page_rotation
    best = max(counts.values())
    turns = [(360 - 90 * q) % 360 for q, c in counts.items() if c == best]
    return page_rotation if page_rotation in turns else turns[0]


def place_glyphs(raw: PageGlyphs, frame: Frame) -> tuple[list[Glyph], list[Glyph]]:
    """Move glyphs into the layout frame: the upright ones (marks re-attached)
    and the others (vertical or skewed text)."""
    upright_q = ((360 - frame.text_rotation) % 360) // 90
    upright, other = [], []
    for g, q in zip(raw.glyphs, raw.quarters):
        g.x0, g.top, g.x1, g.bottom = frame.user_to_layout(g.x0, g.top, g.x1, g.bottom)
        if not g.size:
            g.size = g.bottom - g.top
        (upright if q == upright_q else other).append(g)
    return attach_marks(upright), other


@dataclass
class PageContent:
    """What one page holds once read: inspectable, no PDF handles."""

    number: int  # 1-based
    frame: Frame
    tables: list[TableBox] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)  # text outside ruled tables
    warnings: list[str] = field(default_factory=list)
    trusted: bool = True
    needs_ocr: bool = False  # no text layer, or one without Unicode: read by OCR (read_pdf)

    @property
    def layout_size(self) -> tuple[float, float]:
        return self.frame.size(self.frame.text_rotation)


def read_page(pdf: pdfium.PdfDocument, index: int) -> PageContent:
    """Everything pdfium is needed for, then the page handle is closed."""
    try:
        page = pdf[index]
        try:
            textpage = page.get_textpage()
            try:
                raw = page_glyphs(textpage)
            finally:
                textpage.close()
            drawing = page_drawing(page)
            l, b, r, t = page.get_cropbox()
            rotation = page.get_rotation()
        finally:
            page.close()
    except pdfium.PdfiumError as e:
        raise ReadError(f"corrupt or truncated PDF: page {index + 1} cannot be read ({e})") from e
    frame = Frame(l, b, r, t, rotation, text_rotation(raw, rotation))
    return layout_page(index + 1, frame, raw, drawing)


def layout_page(number: int, frame: Frame, raw: PageGlyphs, drawing: PageDrawing) -> PageContent:
    """Ruled tables and text lines of one page, in the layout frame."""
    content = PageContent(number, frame)
    total = len(raw.glyphs) + raw.n_unmapped
    if raw.n_unmapped >= 5 and raw.n_unmapped >= UNMAPPED_SHARE * total:
        content.warnings.append(f"page {number}: no Unicode map (cid) — needs OCR")
        content.trusted = False
        content.needs_ocr = True
        return content
    if not raw.glyphs:
        if drawing.n_images:
            content.warnings.append(f"page {number}: no text layer (image only) — needs OCR")
            content.needs_ocr = True
        return content
    if drawing.too_complex:
        content.warnings.append(f"page {number}: too many drawing strokes, ruled tables not searched")
    glyphs, other = place_glyphs(raw, frame)
    edges = segments_to_edges(drawing.segments, frame) if len(drawing.segments) >= 4 else []
    for grid in edges_to_grids(edges) if edges else []:
        box = grid.bbox
        mine = [g for g in glyphs if inside(box, g.cx, g.cy, 1.0)]
        if not mine:
            continue  # an empty frame or a drawing, not a table of values
        keep = set(map(id, mine))
        glyphs = [g for g in glyphs if id(g) not in keep]
        content.tables.append(grid_to_table(grid, mine, [g for g in other if inside(box, g.cx, g.cy, 1.0)]))
    content.lines = drop_signature_stamps(glyphs_to_lines(glyphs))
    return content


def drop_signature_stamps(lines: list[Line]) -> list[Line]:
    """Remove the text block a digital signature prints ("Người ký: …", "Thời gian
    ký: …"), also where it shares a baseline with body text or a table row."""
    pieces = [(ln, split_line(ln, COLUMN_GAP)) for ln in lines]
    stamps = [s for _, segs in pieces for s in segs if SIGNATURE_STAMP.match(s.text)]
    if not stamps:
        return lines

    def in_stamp(s: Line) -> bool:
        if SIGNATURE_STAMP.match(s.text):
            return True
        return bool(SIGNATURE_STAMP_MORE.match(s.text)) and any(
            abs(s.x0 - t.x0) <= 2 * t.size and abs(s.top - t.top) <= 5 * t.size for t in stamps
        )

    out = []
    for ln, segs in pieces:
        keep = [s for s in segs if not in_stamp(s)]
        if len(keep) == len(segs):
            out.append(ln)
        elif keep:
            out.append(Line([w for s in keep for w in s.words]))
    return out


# ---------------------------------------------------- document-level cleanup


def _margin_lines(page: PageContent) -> Iterator[tuple[Line, float]]:
    """Lines in the top or bottom zone, with the blank between them and their
    nearest neighbour (a page number stands apart; a table's row code does not)."""
    height = page.layout_size[1]
    lines = page.lines
    for i, ln in enumerate(lines):
        if ln.bottom <= MARGIN_ZONE * height or ln.top >= (1 - MARGIN_ZONE) * height:
            above = ln.top - lines[i - 1].bottom if i > 0 else height
            below = lines[i + 1].top - ln.bottom if i + 1 < len(lines) else height
            yield ln, min(above, below)


def mark_running_lines(pages: list[PageContent]) -> None:
    """Tag page numbers and headers/footers repeated at the same place on many pages."""
    seen: dict[str, list[tuple[int, float, Line]]] = defaultdict(list)
    for page in pages:
        for ln, space in _margin_lines(page):
            text = ln.text
            if PAGE_NUMBER.match(text) and space >= 0.5 * ln.size:
                ln.tags.add("page-number")
                continue
            key = re.sub(r"\d+", "#", text.casefold())
            seen[key].append((page.number, (ln.top + ln.bottom) / 2, ln))
    need = max(2, math.ceil(0.3 * len(pages)))
    for hits in seen.values():
        if len({p for p, _, _ in hits}) < need:
            continue
        for _, y, ln in hits:
            near = {p for p, y2, _ in hits if abs(y2 - y) <= 3}
            if len(near) >= need:
                ln.tags.add("running")


# --------------------------------------------------------------- blocks


def table_box_to_table(box: TableBox, page: PageContent) -> Table:
    rows: list[list[Cell]] = [[] for _ in range(box.n_rows)]
    for c in box.cells:
        prov = Provenance(page=page.number, bbox=page.frame.layout_to_display(c.bbox))
        rows[c.row].append(Cell(c.text, c.row, c.col, c.row_span, c.col_span, prov))
    return Table(
        rows=tuple(tuple(sorted(r, key=lambda c: c.col)) for r in rows),
        prov=Provenance(page=page.number, bbox=page.frame.layout_to_display(box.bbox)),
    )


def _union(lines: list[Line]) -> BBox:
    return (
        min(ln.x0 for ln in lines), min(ln.top for ln in lines), max(ln.x1 for ln in lines), max(ln.bottom for ln in lines)
    )


def page_blocks(
    page: PageContent, carried: list[Band] | None = None, pitch: float | None = None
) -> tuple[list[Block], list[Band] | None]:
    """Tables and paragraphs of one page in reading order (top to bottom), and the
    columns of a borderless table that runs to the page end (for the next page)."""
    lines = [ln for ln in page.lines if not ln.tags]
    boxes = list(page.tables)
    if page.trusted and may_hold_aligned_table(lines):
        aligned = lines_to_aligned_tables(lines, carried)
        used = {id(ln) for t in aligned for ln in t.lines}
        lines = [ln for ln in lines if id(ln) not in used]
        boxes += aligned
    placed: list[tuple[float, float, Block, TableBox | None]] = []
    for box in boxes:
        if any(c.text for c in box.cells):
            placed.append((box.bbox[1], box.bbox[0], table_box_to_table(box, page), box))
    for para in lines_to_paragraphs(lines, pitch):
        text = lines_text(para)
        if not text:
            continue
        bbox = _union(para)
        prov = Provenance(page=page.number, bbox=page.frame.layout_to_display(bbox))
        placed.append((bbox[1], bbox[0], Paragraph(text, prov, bold=all(ln.bold for ln in para)), None))
    placed.sort(key=lambda p: (p[0], p[1]))
    last = placed[-1][3] if placed else None
    carry = last.columns if last is not None and last.kind == "aligned" else None
    return [p[2] for p in placed], carry


def continues_sentence(prev: Block, nxt: Block) -> bool:
    """A paragraph cut by a page break: no closing punctuation, next page goes on in lower case."""
    if not (isinstance(prev, Paragraph) and isinstance(nxt, Paragraph)) or prev.bold != nxt.bold:
        return False
    return bool(prev.text) and prev.text[-1] not in ".:;!?)”\"" and nxt.text[:1].islower()


def join_paragraphs(prev: Paragraph, nxt: Paragraph) -> Paragraph:
    """One paragraph; its provenance stays with the first part (page and box)."""
    return Paragraph(f"{prev.text} {nxt.text}", prev.prov, prev.heading_level, prev.bold)


def read_pdf(path: Path, ocr: bool = False) -> Document:
    """Paragraphs and tables of a text-layer PDF; table fragments continued over a
    page break stay separate Table blocks, in order, for the stitching step.

    With `ocr` (the dispatcher sets it), pages without a usable text layer are read
    by OCR (extract/ocr_reader.py); without it they are only flagged "needs OCR"."""
    path = Path(path)
    pdf = open_pdf(path)
    try:
        pages = [read_page(pdf, i) for i in range(len(pdf))]
    finally:
        pdf.close()
    mark_running_lines(pages)
    pitch = typical_pitch([p for page in pages for p in line_pitches(page.lines)])
    blocks: list[Block] = []
    warnings: list[str] = []
    n_tables = 0
    carried: list[Band] | None = None
    ocr_blocks, ocr_warnings = _ocr_pages(path, pages) if ocr else ({}, [])  # --- OCR: scanned pages
    for page in pages:
        if page.number in ocr_blocks:
            page_out, carried = list(ocr_blocks[page.number]), None
        else:
            warnings += page.warnings
            page_out, carried = page_blocks(page, carried, pitch)
        if blocks and page_out and continues_sentence(blocks[-1], page_out[0]):
            blocks[-1] = join_paragraphs(blocks[-1], page_out.pop(0))  # type: ignore[arg-type]
        for b in page_out:
            if isinstance(b, Table):
                b = Table(b.rows, b.prov, index=n_tables)
                n_tables += 1
            blocks.append(b)
    warnings += ocr_warnings
    return Document(source=path, kind="pdf", blocks=tuple(blocks), n_pages=len(pages), warnings=tuple(warnings))


# --- OCR: pages without a usable text layer go to extract/ocr_reader.py. Their bboxes
# are pixels at the OCR resolution (named in the warnings), not points.
def _ocr_pages(path: Path, pages: list[PageContent]) -> tuple[dict[int, list[Block]], list[str]]:
    todo = [p.number for p in pages if p.needs_ocr]
    if not todo:
        return {}, []
    from .ocr_reader import ocr_pdf_pages

    notes: list[str] = []
    try:
        per_page = ocr_pdf_pages(path, todo, notes)
    except ReadError as e:  # no tesseract, or no page readable: keep the "needs OCR" warnings
        return {}, [f"OCR not possible: {e}"]
    return dict(zip(todo, per_page)), notes
