"""Read a PDF with a text layer into the document model.

Pipeline, one page at a time, then once over the whole document:

    pdfium page -> page_glyphs, page_drawing          (characters and strokes, PDF user space)
                -> Frame: turn into an upright layout frame (place_glyphs, segments_to_edges)
                -> edges_to_grids -> grid_to_table     (ruled tables)
                -> glyphs_to_lines                     (text outside ruled tables)   = PageContent
    then, shared with OCR in extract/layout.py:
    all pages   -> mark_running_lines                  (page numbers, running headers/footers)
    each page   -> page_blocks: lines_to_aligned_tables (borderless tables with numeric columns),
                   lines_to_paragraphs -> blocks in reading order
    all pages   -> join_pages                          (a sentence cut by a page break; tables numbered)

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
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..layout import PageContent, join_pages, mark_running_lines, page_blocks
from ..model import BBox, Block, Document, ReadError, ReadWarning, os_error
from .aligned import Band
from .tables import Edge, edges_to_grids, grid_to_table, inside
from .text import COLUMN_GAP, Glyph, Line, attach_marks, glyphs_to_lines, line_pitches, split_line, typical_pitch

MAX_PATH_SEGMENTS = 50_000  # a page drawn with more strokes is a chart or map, not a table
UNMAPPED_SHARE = 0.2  # share of glyphs without Unicode that makes a page untrustworthy
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
        raise os_error(e) from e
    if b"%PDF-" not in head:
        raise ReadError("corrupt", "not a PDF (no %PDF- header)")
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
    add_glyph, add_quarter, new_glyph = glyphs.append, quarters.append, Glyph  # bound once: called per character
    for i, code in enumerate(_page_codes(tp, n)):
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
        add_glyph(new_glyph(chr(code), rect.left, rect.bottom, rect.right, rect.top, size, i, space, bold, italic))
        add_quarter(quarter)
        space = False
    return PageGlyphs(glyphs, quarters, n_bad + 4 * n_sampled_unmapped)


def _page_codes(tp: ctypes.c_void_p, n: int) -> list[int]:
    """The Unicode value of every character, as FPDFText_GetUnicode gives it.

    One FPDFText_GetText call for the page instead of one call per character. That
    text is UTF-16 and writes control and unmapped characters as U+FFFE: when its
    length is not one unit per character (characters beyond the BMP) every character
    is asked for, and the units that are not plain characters are asked for again."""
    get_unicode = pdfium_c.FPDFText_GetUnicode
    buf = (ctypes.c_ushort * (n + 1))()
    if n == 0 or pdfium_c.FPDFText_GetText(tp, 0, n, buf) != n + 1:
        return [get_unicode(tp, i) for i in range(n)]
    codes = buf[:n]
    for i, code in enumerate(codes):
        if code < 0x20 or 0xD800 <= code <= 0xDFFF or code >= 0xFFFD:
            codes[i] = get_unicode(tp, i)
    return codes


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
    unturned = frame.text_rotation == 0  # the usual case: Frame.user_to_layout's arithmetic, inlined
    left, top = frame.left, frame.top
    for g, q in zip(raw.glyphs, raw.quarters):
        if unturned:
            g.x0, g.top, g.x1, g.bottom = g.x0 - left, top - g.bottom, g.x1 - left, top - g.top
        else:
            g.x0, g.top, g.x1, g.bottom = frame.user_to_layout(g.x0, g.top, g.x1, g.bottom)
        if not g.size:
            g.size = g.bottom - g.top
        (upright if q == upright_q else other).append(g)
    return attach_marks(upright), other


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
        raise ReadError("corrupt", f"corrupt or truncated PDF: page {index + 1} cannot be read ({e})") from e
    frame = Frame(l, b, r, t, rotation, text_rotation(raw, rotation))
    return layout_page(index + 1, frame, raw, drawing)


def layout_page(number: int, frame: Frame, raw: PageGlyphs, drawing: PageDrawing) -> PageContent:
    """Ruled tables and text lines of one page, in the layout frame."""
    content = PageContent(number, frame.size(frame.text_rotation), frame.layout_to_display, frame.size(frame.rotation))
    total = len(raw.glyphs) + raw.n_unmapped
    if raw.n_unmapped >= 5 and raw.n_unmapped >= UNMAPPED_SHARE * total:
        content.warnings.append(ReadWarning("no_unicode_map", f"page {number}: no Unicode map (cid) — needs OCR"))
        content.trusted = False
        content.needs_ocr = True
        return content
    if not raw.glyphs:
        if drawing.n_images:
            content.warnings.append(ReadWarning("no_text_layer", f"page {number}: no text layer (image only) — needs OCR"))
            content.needs_ocr = True
        return content
    if drawing.too_complex:
        content.warnings.append(ReadWarning("too_complex", f"page {number}: too many drawing strokes, ruled tables not searched"))
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


def read_pdf(path: Path, ocr: bool = False) -> Document:
    """Paragraphs and tables of a text-layer PDF; table fragments continued over a
    page break stay separate Table blocks, in order, for the stitching step.

    With `ocr` (the dispatcher sets it), pages without a usable text layer are read
    by OCR (extract/ocr/reader.py); without it they are only flagged "needs OCR"."""
    path = Path(path)
    pdf = open_pdf(path)
    try:
        pages = [read_page(pdf, i) for i in range(len(pdf))]
    finally:
        pdf.close()
    mark_running_lines(pages)
    pitch = typical_pitch([p for page in pages for p in line_pitches(page.lines)])
    warnings: list[ReadWarning] = []
    carried: list[Band] | None = None
    ocr_blocks, ocr_warnings = _ocr_pages(path, pages) if ocr else ({}, [])  # --- OCR: scanned pages
    per_page: list[list[Block]] = []
    for page in pages:
        if page.number in ocr_blocks:
            page_out, carried = list(ocr_blocks[page.number]), None
        else:
            warnings += page.warnings
            page_out, carried = page_blocks(page, carried, pitch)
        per_page.append(page_out)
    blocks = join_pages(per_page)
    warnings += ocr_warnings
    return Document(source=path, kind="pdf", blocks=tuple(blocks), n_pages=len(pages), warnings=tuple(warnings))


# --- OCR: pages without a usable text layer go to extract/ocr/reader.py. Their bboxes
# are pixels at the OCR resolution (named in the warnings), not points.
def _ocr_pages(path: Path, pages: list[PageContent]) -> tuple[dict[int, list[Block]], list[ReadWarning]]:
    """Blocks of the pages that need OCR. When OCR cannot run and no page has a text layer,
    the file is an error (never an empty success); with text pages beside, a warning."""
    todo = [p.number for p in pages if p.needs_ocr]
    if not todo:
        return {}, []
    from ..ocr.reader import ocr_pdf_pages

    notes: list[ReadWarning] = []
    try:
        per_page = ocr_pdf_pages(path, todo, notes)
    except ReadError as e:  # no tesseract, or no page readable
        if not any(p.lines or p.tables for p in pages):
            raise ReadError(e.code, f"scanned PDF ({len(todo)} of {len(pages)} pages need OCR): {e}") from e
        code = "ocr_unavailable" if e.code == "ocr_unavailable" else "page_unreadable"
        return {}, [ReadWarning(code, f"OCR not possible: {e}")]
    return dict(zip(todo, per_page)), notes
