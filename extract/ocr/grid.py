"""Layout geometry of a scanned page: text blocks for OCR, and tables in the layout
frame the PDF reader uses.

Tesseract finds text lines across the whole width of a page, so in a table a value
centred beside a two-line label is cut into the label's lines and read as noise, and
short isolated snippets lose their dots. text_blocks finds the blocks of text
(ink grown by about half an em sideways, never across a ruling line: a table cell,
a borderless column, a paragraph) and Mosaic stacks them into one tall image with
blank space between, which tesseract reads in ONE call as a single column of text;
every word box is then mapped back onto the page.

Scanned pages are brought into the same frame as PDF text (x right, y down, in
points: pixels x 72 / dpi), so the PDF reader's table code does the rest:

* ruled tables: horizontal and vertical ink runs (morphological opening with long
  thin kernels) become Edges; pdf/tables.edges_to_grids finds row and column
  boundaries and merges cells where an internal rule is missing;
* OCR words become word-sized Glyphs; grid_to_table puts each into the cell that
  holds its centre, and pdf/aligned.lines_to_aligned_tables finds borderless tables
  from the x gaps between the words of the remaining lines.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

import cv2
import numpy as np

from schemas.tokens import NUMERIC_CHARS

from ..pdf.tables import Edge, Grid
from ..pdf.text import TABLE_TITLE, Glyph

H_RULE_INCHES = 0.3  # a horizontal ink run at least this long is a rule (longer than any dash)
V_RULE_INCHES = 0.2  # a vertical one at least this tall (taller than any letter stem)
MAX_RULE_INCHES = 0.06  # thicker runs are filled areas, not rules


@dataclass(frozen=True, slots=True)
class OcrWord:
    """One word as tesseract read it, in OCR-image pixels."""

    text: str
    conf: float  # 0..100
    x0: float
    top: float
    x1: float
    bottom: float
    line: tuple[int, int, int]  # (text block on the page, tesseract paragraph, line)
    em: float = 0.0  # font size in pixels, once font_boxes has estimated it

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


def ink_below(gray: np.ndarray, t: float) -> np.ndarray:
    """255 where a pixel is darker than `t`, else 0: np.where(gray < t, 255, 0) as uint8.

    For an 8-bit image cv2.threshold does the same in one pass over the page (about 100x
    faster than numpy's comparison, int64 result and cast): it keeps pixels above the
    floor of its threshold, and an integer pixel is below t exactly when it is not above
    ceil(t) - 1."""
    if gray.dtype != np.uint8:
        return np.where(gray < t, 255, 0).astype(np.uint8)
    return cv2.threshold(gray, math.ceil(t) - 1, 255, cv2.THRESH_BINARY_INV)[1]


def component_boxes(mask: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Bounding boxes (x, y, w, h) of the 8-connected components of a binary mask, top to
    bottom, left to right.

    The same boxes as cv2.connectedComponentsWithStats (the outer border of a component
    holds its extreme pixels; RETR_CCOMP puts every component's outer border at the top
    level, also one that sits in another's hole), found by tracing borders instead of
    labelling every pixel: a page mask is mostly background, and tracing is 5-50x
    faster there than the labelling of a full 300-dpi page (about 55 ms)."""
    contours, hierarchy = cv2.findContours(mask, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return []
    boxes = [cv2.boundingRect(c) for c, h in zip(contours, hierarchy[0]) if h[3] == -1]
    return sorted(boxes, key=lambda b: (b[1], b[0]))


def rule_masks(gray: np.ndarray, dpi: float) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical ruling lines (255) of an evened, deskewed page.

    The threshold is generous (light grey counts as ink): a thin rule blurred by the
    scanner stays one unbroken run, while text never forms runs this long.
    """
    ink = ink_below(gray, 190)
    kh = max(15, int(H_RULE_INCHES * dpi))
    kv = max(12, int(V_RULE_INCHES * dpi))
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (kh, 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, kv)))
    return horizontal, vertical


def mask_edges(horizontal: np.ndarray, vertical: np.ndarray, dpi: float) -> list[Edge]:
    """Each connected run of a rule mask as an Edge in points."""
    pt = 72.0 / dpi
    thick = max(3, int(MAX_RULE_INCHES * dpi))
    edges: list[Edge] = []
    for orient, mask in (("h", horizontal), ("v", vertical)):
        for x, y, w, h in component_boxes(mask):
            if orient == "h" and h <= thick:
                edges.append(Edge("h", (y + h / 2) * pt, x * pt, (x + w) * pt))
            elif orient == "v" and w <= thick:
                edges.append(Edge("v", (x + w / 2) * pt, y * pt, (y + h) * pt))
    return edges



_FIGURE = re.compile(NUMERIC_CHARS)


def split_open_cells(grid: Grid, glyphs: list[Glyph]) -> Grid:
    """Cells of a scanned table that a lost rule merged with the cell below, split again.

    A faint rule piece (a thin line at 100 dpi, JPEG grain) can be gone from the page
    image along one cell side while the rest of that row border is found; the table code
    then merges the two cells, and a header cell takes the first row's figure ("Tỷ lệ (%)
    83,009%"). A one-column cell spanning rows is cut at the border the other columns draw
    when its words fall apart there: words above with letters, and below only one figure,
    with no word across the border. A cell merged on purpose holds one text, centred."""
    starts = {(r0, c0) for r0, c0, _, _ in grid.regions}
    regions = []
    for r0, c0, rs, cs in grid.regions:
        cut = _open_border(grid, glyphs, r0, c0, rs, starts) if rs > 1 and cs == 1 else None
        regions += [(r0, c0, cut - r0, 1), (cut, c0, r0 + rs - cut, 1)] if cut else [(r0, c0, rs, cs)]
    return grid if len(regions) == len(grid.regions) else Grid(grid.xs, grid.ys, sorted(regions))


def _open_border(grid: Grid, glyphs: list[Glyph], r0: int, c0: int, rs: int, starts: set) -> int | None:
    x0, x1 = grid.xs[c0], grid.xs[c0 + 1]
    mine = [g for g in glyphs if x0 <= g.cx <= x1 and grid.ys[r0] <= g.cy <= grid.ys[r0 + rs]]
    for k in range(r0 + 1, r0 + rs):
        y = grid.ys[k]
        if not any((k, c) in starts for c in range(len(grid.xs) - 1) if c != c0):
            continue  # no other column draws this border
        # a word box is estimated from its ink and font metrics: a quarter of its height may pass the border
        above = [g for g in mine if g.bottom - y <= 0.25 * (g.bottom - g.top)]
        below = sorted((g for g in mine if y - g.top <= 0.25 * (g.bottom - g.top) and g.cy > y),
                       key=lambda g: (g.top, g.x0))
        if len(above) + len(below) < len(mine) or not below or not any(ch.isalpha() for g in above for ch in g.text):
            continue  # a word across the border, or nothing on one side
        if _FIGURE.match("".join(g.text for g in below)) and any(ch.isdigit() for g in below for ch in g.text):
            return k
    return None

# Glyph extents in em above and below the baseline (Times-like metrics), for reading a
# font size and a baseline off a word's ink box, whatever letters the word has.
X_HEIGHT, CAP_HEIGHT, MARK_TOP, CAP_MARK_TOP, DESCENT = 0.45, 0.68, 0.75, 0.9, 0.22
ASCENT_BOX, DESCENT_BOX = 0.891, 0.216  # a PDF glyph's font box, which line grouping expects
_TALL = set("bdfhklt0123456789%&?!#@$đ()[]{}/\\|'\"")
_DEEP = set("gjpqyQ()[]{}|")
_COMMA_DESCENT = 0.14
_MARKS_ABOVE = {"\u0300", "\u0301", "\u0302", "\u0303", "\u0306", "\u0309", "\u031b"}
_DOT_BELOW = "\u0323"
SAME_SIZE = 0.3  # line sizes within 30 % of the page's usual size are that size (one word misleads by 25 %)
# At 200 dpi 13 and 14 pt differ by about one pixel of x-height: too little to measure, so
# a line that reads as a table title ("Biểu mẫu 7") is taken to be printed larger, as it is.
TITLE_SIZE = 1.1


def _extent(text: str) -> tuple[float, float] | None:
    """How far the word's ink reaches above and below the baseline, in em."""
    top = bottom = 0.0
    seen = False
    for ch in text:
        base = unicodedata.normalize("NFD", ch)
        letter, marks = base[:1], set(base[1:])
        if letter in ",;":
            bottom = max(bottom, _COMMA_DESCENT)
            continue
        if not (letter.isalnum() or letter in _TALL):
            continue
        seen = True
        capital = letter.isupper() or letter.isdigit() or letter in _TALL
        t = CAP_HEIGHT if capital else X_HEIGHT
        if marks & _MARKS_ABOVE:
            t = CAP_MARK_TOP if capital else MARK_TOP
        elif letter in "ij":
            t = CAP_HEIGHT
        top = max(top, t)
        if letter in _DEEP or _DOT_BELOW in marks:
            bottom = DESCENT
    return (top, bottom) if seen else None


def font_boxes(words: list[OcrWord]) -> list[OcrWord]:
    """Words with a font size and a font box (baseline - 0.89 em .. baseline + 0.22 em)
    instead of their ink box, so that words of one line line up as PDF glyphs do
    ("124" has no descender, "quyết" has one; "-" is a sliver).

    Each line's size is the median of its words' (ink height / expected extent); sizes
    close to the page's usual one are set to it, so one font reads as one size, and a
    table title is set apart (TITLE_SIZE)."""
    lines: dict[tuple[int, int, int], list[int]] = {}
    for i, w in enumerate(words):
        lines.setdefault(w.line, []).append(i)
    extents = [_extent(w.text) for w in words]
    line_em: dict[tuple[int, int, int], float] = {}
    for key, idx in lines.items():
        ems = [(words[i].bottom - words[i].top) / sum(extents[i]) for i in idx if extents[i] and sum(extents[i]) > 0]
        if ems:
            line_em[key] = float(np.median(ems))
    if not line_em:
        return words
    usual = float(np.median([line_em[w.line] for w in words if w.line in line_em]))
    out = []
    for key, idx in lines.items():
        em = line_em.get(key, usual)
        if abs(em / usual - 1) <= SAME_SIZE:
            em = usual
        if TABLE_TITLE.match(" ".join(words[i].text for i in idx)):
            em = max(em, TITLE_SIZE * usual)  # set apart, as its larger print is in a PDF
        bases = [words[i].bottom - extents[i][1] * em for i in idx if extents[i]]
        base = float(np.median(bases)) if bases else float(np.median([words[i].bottom for i in idx]))
        for i in idx:
            w = words[i]
            out.append(OcrWord(w.text, w.conf, w.x0, base - ASCENT_BOX * em, w.x1, base + DESCENT_BOX * em, w.line, em))
    return out


def words_to_glyphs(words: list[OcrWord], dpi: float) -> list[Glyph]:
    """Word-sized glyphs in points. Every word starts with a space, and `seq` grows left
    to right, so the PDF text code never glues two OCR words together."""
    pt = 72.0 / dpi
    order = sorted(range(len(words)), key=lambda i: (words[i].x0, words[i].top))
    seq = {i: n for n, i in enumerate(order)}
    glyphs = []
    for i, w in enumerate(words):
        size = (w.em or (w.bottom - w.top)) * pt
        glyphs.append(Glyph(w.text, w.x0 * pt, w.top * pt, w.x1 * pt, w.bottom * pt, size, seq[i], True))
    return glyphs


BLOCK_GAP_EM = 0.6  # ink closer than this (sideways) is one block: a word space, not a column gap
LINE_GAP_EM = 0.35  # ... and closer than this (up or down): the next line of the same cell
MOSAIC_GAP_EM = 0.8  # blank between stacked blocks
MAX_MOSAIC_HEIGHT = 30_000  # pixels per tesseract call (a taller stack is read in parts)


def text_height(ink: np.ndarray) -> float:
    """Typical em in pixels: 1.6 x the median height of letter-sized ink components."""
    hs = np.asarray([b[3] for b in component_boxes(ink)], dtype=np.int64)
    hs = hs[(hs > 4) & (hs < 200)]
    return float(np.median(hs)) * 1.6 if len(hs) else 30.0


def text_blocks(ocr: np.ndarray, rules: np.ndarray | None) -> tuple[list[tuple[int, int, int, int]], float]:
    """Boxes (x, y, w, h) of the page's text blocks in reading order, and the em."""
    ink = ink_below(ocr, 128)
    em = text_height(ink)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, int(BLOCK_GAP_EM * em)), max(3, int(LINE_GAP_EM * em))))
    grown = cv2.dilate(ink, kernel)
    if rules is not None:
        grown[cv2.dilate(rules, np.ones((3, 3), np.uint8)) > 0] = 0  # a block never crosses a rule
    boxes = []
    for x, y, w, h in component_boxes(grown):
        if cv2.countNonZero(ink[y:y + h, x:x + w]) >= 12:
            boxes.append((int(x), int(y), int(w), int(h)))
    boxes = merge_overlapping(boxes)
    boxes.sort(key=lambda b: (b[1], b[0]))
    return boxes, em


def merge_overlapping(boxes: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Boxes (x, y, w, h) that overlap joined into one: the bounding boxes of two connected
    components can overlap, and ink inside both crops would be read twice ("55,22" coming
    out as "55.22" and "22")."""
    b = np.array(boxes, dtype=np.int64).reshape(-1, 4)
    while len(b) > 1:
        x0, y0, x1, y1 = b[:, 0], b[:, 1], b[:, 0] + b[:, 2], b[:, 1] + b[:, 3]
        hit = ((x0[:, None] < x1[None, :]) & (x0[None, :] < x1[:, None]) &
               (y0[:, None] < y1[None, :]) & (y0[None, :] < y1[:, None]))
        pairs = np.argwhere(np.triu(hit, 1))
        if not len(pairs):
            break
        root = list(range(len(b)))

        def find(i: int) -> int:
            while root[i] != i:
                root[i] = root[root[i]]
                i = root[i]
            return i

        for i, j in pairs.tolist():
            root[find(i)] = find(j)
        labels = np.array([find(i) for i in range(len(b))])
        b = np.array([[x0[m].min(), y0[m].min(), x1[m].max() - x0[m].min(), y1[m].max() - y0[m].min()]
                      for m in (labels == k for k in np.unique(labels))], dtype=np.int64)
    return [tuple(int(v) for v in row) for row in b]


@dataclass
class Mosaic:
    """Blocks of one page stacked into a column; maps mosaic pixels back to the page.

    (Blocks of one page row set side by side instead, for line context, read worse:
    87 % of the golden values of the 200 dpi sample scans right instead of 100 %.)
    """

    image: np.ndarray
    places: list[tuple[int, int, int, int]]  # per block: mosaic y, margin, page x, page y
    boxes: list[tuple[int, int, int, int]]  # per block: its (x, y, w, h) on the page
    first: int = 0  # index, among all the page's blocks, of this mosaic's first block

    @classmethod
    def build(cls, page: np.ndarray, boxes: list[tuple[int, int, int, int]], em: float) -> list["Mosaic"]:
        """One mosaic per MAX_MOSAIC_HEIGHT of stacked blocks (usually one per page)."""
        gap = max(8, int(MOSAIC_GAP_EM * em))
        out: list[Mosaic] = []
        part: list[tuple[int, int, int, int]] = []
        height = gap
        first = 0
        for b in boxes:
            if part and height + b[3] + gap > MAX_MOSAIC_HEIGHT:
                out.append(cls._stack(page, part, gap, first))
                first += len(part)
                part, height = [], gap
            part.append(b)
            height += b[3] + gap
        if part:
            out.append(cls._stack(page, part, gap, first))
        return out

    @classmethod
    def _stack(cls, page: np.ndarray, boxes: list[tuple[int, int, int, int]], gap: int, first: int) -> "Mosaic":
        width = max(b[2] for b in boxes) + 2 * gap
        height = sum(b[3] + gap for b in boxes) + gap
        canvas = np.full((height, width), 255, np.uint8)
        places = []
        y = gap
        for x0, y0, w, h in boxes:
            canvas[y:y + h, gap:gap + w] = page[y0:y0 + h, x0:x0 + w]
            places.append((y, gap, x0, y0))
            y += h + gap
        return cls(canvas, places, list(boxes), first)

    def to_page(self, words: list[OcrWord]) -> list[OcrWord]:
        """Words with their boxes moved from the mosaic back to the page; `line[0]` of
        each is the index of its block among all the page's blocks (first + index in
        `boxes`)."""
        starts = [p[0] for p in self.places]
        out = []
        for w in words:
            i = max(0, bisect_right(starts, w.cy) - 1)
            my, margin, x0, y0 = self.places[i]
            dx, dy = x0 - margin, y0 - my
            # tesseract numbers the mosaic's lines; keep each block's lines apart
            out.append(OcrWord(w.text, w.conf, w.x0 + dx, w.top + dy, w.x1 + dx, w.bottom + dy,
                               (self.first + i, w.line[1], w.line[2]), w.em))
        return out
