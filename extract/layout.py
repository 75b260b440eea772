"""Page layout shared by every paged reader (PDF text layer and OCR scans).

A paged reader turns each page into a `PageContent` (ruled tables already found,
the other text as lines, all in an upright layout frame) and leaves the rest here:

    all pages -> mark_running_lines     page numbers, headers/footers repeated on many pages
    each page -> page_blocks            borderless tables, paragraphs, in reading order
    all pages -> join_pages             a sentence cut by a page break joined; tables numbered

OCR pages are read in worker processes, one page each, so their running headers are
judged afterwards on paragraphs (drop_running_paragraphs); both paths decide with the
same rule (`repeated_at_same_height`).

Coordinates: a PageContent works in its own layout frame (PDF points; for OCR, points
at 72/dpi of the OCR image) and `to_display` maps a box back onto the page as shown.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterator, Sequence

from .model import PT, BBox, Block, Cell, Paragraph, Provenance, ReadWarning, Table
from .pdf.aligned import Band, lines_to_aligned_tables, may_hold_aligned_table
from .pdf.tables import TableBox
from .pdf.text import Line, lines_text, lines_to_paragraphs

MARGIN_ZONE = 0.12  # share of the page height where running headers and footers live
RUNNING_SHARE = 0.3  # a header repeated on this share of the pages (at least two) is a running header
PAGE_NUMBER = re.compile(
    r"^[-–—\s]*(?:trang|page)?\s*(?:\d{1,4}|[ivxlc]{1,6})(?:\s*(?:/|của|of)\s*\d{1,4})?[-–—\s]*$",
    re.IGNORECASE,
)


def _round_box(bbox: BBox) -> BBox:
    return tuple(round(v, 2) for v in bbox)  # type: ignore[return-value]


@dataclass
class PageContent:
    """What one page holds once read: inspectable, no file handles."""

    number: int  # 1-based
    size: tuple[float, float]  # (width, height) of the layout frame
    to_display: Callable[[BBox], BBox] = _round_box  # layout frame -> the page as displayed
    display_size: tuple[float, float] | None = None  # (width, height) of the page as displayed, in points
    tables: list[TableBox] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)  # text outside ruled tables
    warnings: list[ReadWarning] = field(default_factory=list)
    trusted: bool = True
    needs_ocr: bool = False  # no text layer, or one without Unicode: read by OCR (pdf/reader.py)

    @property
    def layout_size(self) -> tuple[float, float]:
        return self.size

    def prov(self, bbox: BBox) -> Provenance:
        """Provenance of a box of this page (layout frame) on the page as displayed, in points."""
        w, h = self.display_size or self.size
        return Provenance(page=self.number, bbox=self.to_display(bbox), bbox_unit=PT,
                          page_width=round(w, 2), page_height=round(h, 2))


# ------------------------------------------------------------ running lines


def running_key(text: str) -> str:
    """Headers and footers repeat with their digits changed ("Trang 3", "- 4 -")."""
    return re.sub(r"\d+", "#", text.casefold())


def repeated_at_same_height(hits: Sequence[tuple[int, float, str]], n_pages: int, tolerance: float) -> set[int]:
    """Indices of `hits` (page, height, text) whose text recurs at the same height
    (within `tolerance`) on enough of the document's pages to be a running header."""
    need = max(2, math.ceil(RUNNING_SHARE * n_pages))
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, (_, _, text) in enumerate(hits):
        by_key[running_key(text)].append(i)
    out: set[int] = set()
    for idx in by_key.values():
        if len({hits[i][0] for i in idx}) < need:
            continue
        for i in idx:
            y = hits[i][1]
            if len({hits[j][0] for j in idx if abs(hits[j][1] - y) <= tolerance}) >= need:
                out.add(i)
    return out


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
    hits: list[tuple[int, float, str]] = []
    lines: list[Line] = []
    for page in pages:
        for ln, space in _margin_lines(page):
            text = ln.text
            if PAGE_NUMBER.match(text) and space >= 0.5 * ln.size:
                ln.tags.add("page-number")
                continue
            hits.append((page.number, (ln.top + ln.bottom) / 2, text))
            lines.append(ln)
    for i in repeated_at_same_height(hits, len(pages), tolerance=3.0):  # points
        lines[i].tags.add("running")


def drop_running_paragraphs(pages: Sequence[tuple[int, float, list[Block]]]) -> list[list[Block]]:
    """Each page's blocks without the paragraphs repeated at the same height on many
    pages. `pages` holds (number, page height, blocks); heights are compared as a
    share of the page height, so pages scanned at different resolutions still agree."""
    hits: list[tuple[int, float, str]] = []
    found: list[int] = []
    for number, height, blocks in pages:
        for b in blocks:
            if isinstance(b, Paragraph) and b.prov.bbox:
                y = (b.prov.bbox[1] + b.prov.bbox[3]) / 2 / (height or 1)
                if y <= MARGIN_ZONE or y >= 1 - MARGIN_ZONE:
                    hits.append((number, y, b.text))
                    found.append(id(b))
    drop = {found[i] for i in repeated_at_same_height(hits, len(pages), tolerance=0.01)}
    return [[b for b in blocks if id(b) not in drop] for _, _, blocks in pages]


# --------------------------------------------------------------- blocks


def table_box_to_table(box: TableBox, page: PageContent) -> Table:
    rows: list[list[Cell]] = [[] for _ in range(box.n_rows)]
    for c in box.cells:
        rows[c.row].append(Cell(c.text, c.row, c.col, c.row_span, c.col_span, page.prov(c.bbox)))
    return Table(rows=tuple(tuple(sorted(r, key=lambda c: c.col)) for r in rows), prov=page.prov(box.bbox))


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
        placed.append((bbox[1], bbox[0], Paragraph(text, page.prov(bbox), bold=all(ln.bold for ln in para)), None))
    placed.sort(key=lambda p: (p[0], p[1]))
    last = placed[-1][3] if placed else None
    carry = last.columns if last is not None and last.kind == "aligned" else None
    return [p[2] for p in placed], carry


# --------------------------------------------------------------- pages -> document


def continues_sentence(prev: Block, nxt: Block) -> bool:
    """A paragraph cut by a page break: no closing punctuation, next page goes on in lower case."""
    if not (isinstance(prev, Paragraph) and isinstance(nxt, Paragraph)) or prev.bold != nxt.bold:
        return False
    return bool(prev.text) and prev.text[-1] not in ".:;!?)”\"" and nxt.text[:1].islower()


def join_paragraphs(prev: Paragraph, nxt: Paragraph) -> Paragraph:
    """One paragraph; its provenance stays with the first part (page and box)."""
    return Paragraph(f"{prev.text} {nxt.text}", prev.prov, prev.heading_level, prev.bold)


def join_pages(pages: Sequence[Sequence[Block]]) -> list[Block]:
    """The blocks of all pages in order: a paragraph cut by a page break joined, tables
    numbered in document order. Table fragments continued over a page break stay
    separate blocks for the shared stitching step (extract/stitch.py)."""
    blocks: list[Block] = []
    n_tables = 0
    for page in pages:
        page_out = list(page)
        if blocks and page_out and continues_sentence(blocks[-1], page_out[0]):
            blocks[-1] = join_paragraphs(blocks[-1], page_out.pop(0))  # type: ignore[arg-type]
        for b in page_out:
            if isinstance(b, Table):
                b = Table(b.rows, b.prov, index=n_tables)
                n_tables += 1
            blocks.append(b)
    return blocks
