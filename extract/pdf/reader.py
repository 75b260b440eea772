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

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..layout import PageContent, join_pages, mark_running_lines, page_blocks
from ..model import BBox, Block, Document, ReadError, ReadWarning, os_error
from .aligned import Band
from .pdfium_page import _page_codes, PageDrawing, PageGlyphs, page_drawing, page_glyphs  # noqa: F401  (_page_codes: imported from here by tests)
from .tables import Edge, edges_to_grids, grid_to_table, split_inside
from .text import COLUMN_GAP, Glyph, Line, attach_marks, glyphs_to_lines, line_pitches, split_line, typical_pitch

UNMAPPED_SHARE = 0.2  # share of glyphs without Unicode that makes a page untrustworthy
# Text that digital-signature stamps print onto the page; the weak lines only
# count next to a strong one ("Cơ quan:" also starts ordinary form fields).
SIGNATURE_STAMP = re.compile(r"^(?:Ký bởi|Người ký|Thời gian ký|Signed by|Signature Not Verified)\s*:?", re.IGNORECASE)
SIGNATURE_STAMP_MORE = re.compile(r"^(?:Email|E-mail|Cơ quan|Chức vụ|Ngày ký|Date|Reason|Location)\s*:", re.IGNORECASE)


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
            return (round(bbox[0], 2), round(bbox[1], 2), round(bbox[2], 2), round(bbox[3], 2))
        corners = [self._unturn(bbox[0], bbox[1], k), self._unturn(bbox[2], bbox[3], k)]
        box = self._box([self._turn(x, t, rot) for x, t in corners])
        return tuple(round(v, 2) for v in box)  # type: ignore[return-value]


# ------------------------------------------------------------ page reading


def segments_to_edges(segments: list[tuple[float, float, float, float]], frame: Frame) -> list[Edge]:
    """Horizontal and vertical strokes in the layout frame; diagonals dropped."""
    edges = []
    add = edges.append
    unturned = frame.text_rotation == 0  # the usual case: Frame.user_to_layout's arithmetic, inlined
    left, top, to_layout = frame.left, frame.top, frame.user_to_layout
    for x0, y0, x1, y1 in segments:
        lo_x, hi_x = (x1, x0) if x1 < x0 else (x0, x1)
        lo_y, hi_y = (y1, y0) if y1 < y0 else (y0, y1)
        if unturned:
            bx = (lo_x - left, top - hi_y, hi_x - left, top - lo_y)
        else:
            bx = to_layout(lo_x, lo_y, hi_x, hi_y)
        w, h = bx[2] - bx[0], bx[3] - bx[1]
        if h <= 0.5 and w > 0:
            add(Edge("h", (bx[1] + bx[3]) / 2, bx[0], bx[2]))
        elif w <= 0.5 and h > 0:
            add(Edge("v", (bx[0] + bx[2]) / 2, bx[1], bx[3]))
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
    """Glyphs in the layout frame: the upright ones (marks re-attached) and the
    others (vertical or skewed text). A glyph without a font size takes its height."""
    upright_q = ((360 - frame.text_rotation) % 360) // 90
    if frame.text_rotation:  # page_glyphs placed them for unturned text: place them again
        to_layout = frame.user_to_layout
        for g, (l, b, r, t, size) in zip(raw.glyphs, raw.boxes.tolist()):
            g.x0, g.top, g.x1, g.bottom = to_layout(l, b, r, t)
            g.size = size or g.bottom - g.top
    upright = [g for g, q in zip(raw.glyphs, raw.quarters) if q == upright_q]
    other = [g for g, q in zip(raw.glyphs, raw.quarters) if q != upright_q]
    return attach_marks(upright), other


def read_page(pdf: pdfium.PdfDocument, index: int) -> PageContent:
    """Everything pdfium is needed for, then the page handle is closed."""
    try:
        page = pdf[index]
        try:
            l, b, r, t = page.get_cropbox()
            rotation = page.get_rotation()
            textpage = page.get_textpage()
            try:
                raw = page_glyphs(textpage, l, t)
            finally:
                textpage.close()
            drawing = page_drawing(page)
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
        mine, rest = split_inside(glyphs, grid.bbox, 1.0)
        if not mine:
            continue  # an empty frame or a drawing, not a table of values
        glyphs = rest
        content.tables.append(grid_to_table(grid, mine, split_inside(other, grid.bbox, 1.0)[0]))
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
