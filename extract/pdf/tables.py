"""Tables on one PDF page: ruled grids from drawn edges (borderless ones from word
alignment are in aligned.py). Pure geometry in the layout frame (x right, y down, points)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Sequence

from . import text as _text
from .text import Glyph, Line, glyphs_to_lines, lines_text, repair_text

BBox = tuple[float, float, float, float]

SNAP = 2.0  # edges this close are one border (double rules, thin filled rects)
MIN_EDGE = 3.0  # shorter strokes are glyph parts or tick marks, not borders
MIN_CELL = 4.0  # grid rows/columns thinner than this are border artefacts


@dataclass(frozen=True, slots=True)
class Edge:
    """A horizontal ("h": y fixed, x0..x1) or vertical ("v": x fixed, y0..y1) stroke."""

    orient: str
    pos: float
    start: float
    end: float


@dataclass(slots=True)
class CellBox:
    row: int
    col: int
    row_span: int
    col_span: int
    bbox: BBox
    text: str = ""


@dataclass(slots=True)
class TableBox:
    """A table found on a page, before it becomes a model.Table."""

    bbox: BBox
    cells: list[CellBox]
    kind: str  # "ruled" or "aligned"
    n_rows: int = 0
    n_cols: int = 0
    lines: list[Line] = field(default_factory=list)  # page lines it consumed (aligned tables)
    columns: list[tuple[float, float]] = field(default_factory=list)  # x-ranges (aligned tables)


# ---------------------------------------------------------------- ruled tables


def _cluster(values: Sequence[float], tol: float) -> list[float]:
    """Sorted representative positions of values closer than tol."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


def merge_edges(edges: Sequence[Edge]) -> list[Edge]:
    """Snap nearly collinear edges to one position and join touching pieces."""
    merged: list[Edge] = []
    for orient in ("h", "v"):
        group = sorted((e for e in edges if e.orient == orient), key=lambda e: e.pos)
        rows: list[list[Edge]] = []
        for e in group:
            if rows and e.pos - rows[-1][0].pos <= SNAP:
                rows[-1].append(e)
            else:
                rows.append([e])
        for row in rows:
            pos = sum(e.pos for e in row) / len(row)
            spans = sorted((e.start, e.end) for e in row)
            cur = list(spans[0])
            for s, t in spans[1:]:
                if s <= cur[1] + SNAP:
                    cur[1] = max(cur[1], t)
                else:
                    merged.append(Edge(orient, pos, cur[0], cur[1]))
                    cur = [s, t]
            merged.append(Edge(orient, pos, cur[0], cur[1]))
    return [e for e in merged if e.end - e.start >= MIN_EDGE]


def edges_to_components(edges: Sequence[Edge]) -> list[list[Edge]]:
    """Groups of edges that touch each other: one group per drawn table."""
    hs = [e for e in edges if e.orient == "h"]
    vs = sorted((e for e in edges if e.orient == "v"), key=lambda e: e.pos)
    v_pos = [e.pos for e in vs]
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(hs):
        for j in range(bisect_left(v_pos, h.start - SNAP), bisect_right(v_pos, h.end + SNAP)):
            if vs[j].start - SNAP <= h.pos <= vs[j].end + SNAP:
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, list[Edge]] = {}
    for i, e in enumerate(hs + vs):
        groups.setdefault(find(i), []).append(e)
    return [g for g in groups.values() if any(e.orient == "h" for e in g) and any(e.orient == "v" for e in g)]


def _covered(edges: Sequence[Edge], lo: float, hi: float) -> bool:
    """Do these edges (all at one boundary) draw a border over at least half of lo..hi?"""
    got = sum(max(0.0, min(e.end, hi) - max(e.start, lo)) for e in edges)
    return got >= 0.5 * (hi - lo)


def _drop_thin(bounds: list[float]) -> list[float]:
    out: list[float] = []
    for b in bounds:
        if not out or b - out[-1] >= MIN_CELL:
            out.append(b)
        else:
            out[-1] = (out[-1] + b) / 2
    return out


@dataclass(slots=True)
class Grid:
    """Column and row boundaries of a ruled table and its (merged) cell regions."""

    xs: list[float]
    ys: list[float]
    regions: list[tuple[int, int, int, int]]  # row0, col0, row_span, col_span

    @property
    def bbox(self) -> BBox:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    def region_bbox(self, r: int, c: int, rs: int, cs: int) -> BBox:
        return (self.xs[c], self.ys[r], self.xs[c + cs], self.ys[r + rs])


def component_to_grid(edges: Sequence[Edge]) -> Grid | None:
    """Boundaries from edge positions; units with no border between them merge
    into one region (a merged cell). None if it is not a table (a lone box)."""
    hs = [e for e in edges if e.orient == "h"]
    vs = [e for e in edges if e.orient == "v"]
    xs = [e.pos for e in vs]
    ys = [e.pos for e in hs]
    # Tables drawn without outer borders: the other edges' ends close the grid.
    xs += [min(e.start for e in hs), max(e.end for e in hs)]
    ys += [min(e.start for e in vs), max(e.end for e in vs)]
    xs = _drop_thin(_cluster(xs, SNAP))
    ys = _drop_thin(_cluster(ys, SNAP))
    if len(xs) < 2 or len(ys) < 2:
        return None
    n_r, n_c = len(ys) - 1, len(xs) - 1
    if n_r * n_c > 20_000:
        return None  # graph paper or a chart, not a table (and bounded work)
    v_at = [[e for e in vs if abs(e.pos - x) <= SNAP] for x in xs]
    h_at = [[e for e in hs if abs(e.pos - y) <= SNAP] for y in ys]
    parent = list(range(n_r * n_c))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(n_r):
        for c in range(n_c):
            if c + 1 < n_c and not _covered(v_at[c + 1], ys[r], ys[r + 1]):
                parent[find(r * n_c + c + 1)] = find(r * n_c + c)
            if r + 1 < n_r and not _covered(h_at[r + 1], xs[c], xs[c + 1]):
                parent[find((r + 1) * n_c + c)] = find(r * n_c + c)
    spans: dict[int, list[int]] = {}
    for r in range(n_r):
        for c in range(n_c):
            s = spans.setdefault(find(r * n_c + c), [r, c, r, c])
            s[0], s[1] = min(s[0], r), min(s[1], c)
            s[2], s[3] = max(s[2], r), max(s[3], c)
    regions = sorted({(r0, c0, r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in spans.values()})
    if len(regions) < 2:
        return None  # a frame around text, not a table
    return Grid(xs, ys, regions)


def edges_to_grids(edges: Sequence[Edge]) -> list[Grid]:
    grids = []
    for comp in edges_to_components(merge_edges(edges)):
        g = component_to_grid(comp)
        if g is not None:
            grids.append(g)
    return sorted(grids, key=lambda g: (g.ys[0], g.xs[0]))


def inside(bbox: BBox, x: float, y: float, pad: float = 0.0) -> bool:
    return bbox[0] - pad <= x <= bbox[2] + pad and bbox[1] - pad <= y <= bbox[3] + pad


def split_inside(glyphs: Sequence[Glyph], bbox: BBox, pad: float = 0.0) -> tuple[list[Glyph], list[Glyph]]:
    """The glyphs whose centre is inside bbox (see `inside`), and the others, each in order.
    The compiled loop (_chars.c: split_box) takes the same steps where it is built."""
    x0, y0, x1, y1 = bbox[0] - pad, bbox[1] - pad, bbox[2] + pad, bbox[3] + pad
    if _text._chars is not None:
        split = _text._chars.split_box(glyphs, x0, y0, x1, y1)
        if split is not None:  # None: glyphs not read from a PDF (ints, hand-made)
            return split
    return python_split_box(glyphs, x0, y0, x1, y1)


def python_split_box(glyphs: Sequence[Glyph], x0: float, y0: float, x1: float, y1: float
                     ) -> tuple[list[Glyph], list[Glyph]]:
    """split_inside in Python: where _chars is not built, and the reference it is tested against."""
    mine: list[Glyph] = []
    rest: list[Glyph] = []
    for g in glyphs:  # g.cx and g.cy written out: this runs per glyph and table
        (mine if x0 <= (g.x0 + g.x1) / 2 <= x1 and y0 <= (g.top + g.bottom) / 2 <= y1 else rest).append(g)
    return mine, rest


def grid_owner(grid: Grid) -> list[int]:
    """The region of every grid unit, row by row (-1 where no region covers it)."""
    n_c = len(grid.xs) - 1
    owner = [-1] * ((len(grid.ys) - 1) * n_c)
    for i, (r0, c0, rs, cs) in enumerate(grid.regions):
        for r in range(r0, r0 + rs):
            owner[r * n_c + c0:r * n_c + c0 + cs] = [i] * cs
    return owner


def grid_cells(grid: Grid, glyphs: Sequence[Glyph], owner: list[int]) -> list[list[Glyph]]:
    """Per region, the glyphs whose centre falls in it, in order. The compiled loop (_chars.c:
    grid_cells) takes the same steps where it is built."""
    if not glyphs:
        return [[] for _ in grid.regions]
    if _text._chars is not None:
        cells = _text._chars.grid_cells(glyphs, grid.xs, grid.ys, owner, len(grid.regions))
        if cells is not None:  # None: glyphs not read from a PDF (OCR words, hand-made)
            return cells
    return python_grid_cells(grid, glyphs, owner)


def python_grid_cells(grid: Grid, glyphs: Sequence[Glyph], owner: list[int]) -> list[list[Glyph]]:
    """grid_cells in Python: where _chars is not built, and the reference it is tested against."""
    cells: list[list[Glyph]] = [[] for _ in grid.regions]
    xs, ys = grid.xs, grid.ys
    n_r, n_c = len(ys) - 1, len(xs) - 1
    for g in glyphs:
        c = bisect_right(xs, (g.x0 + g.x1) / 2) - 1  # the glyph's centre
        r = bisect_right(ys, (g.top + g.bottom) / 2) - 1
        if 0 <= r < n_r and 0 <= c < n_c and owner[r * n_c + c] >= 0:
            cells[owner[r * n_c + c]].append(g)
    return cells


def grid_to_table(grid: Grid, glyphs: Sequence[Glyph], loose: Sequence[Glyph] = ()) -> TableBox:
    """Fill the grid's regions with the glyphs whose centres fall in them.

    `loose` are glyphs not upright in the layout frame (vertical header text);
    they are added to their cell in content order.
    """
    owner = grid_owner(grid)
    upright, other = grid_cells(grid, glyphs, owner), grid_cells(grid, loose, owner)
    cells = []
    for i, (r0, c0, rs, cs) in enumerate(grid.regions):
        text = lines_text(glyphs_to_lines(upright[i])) if upright[i] else ""
        if other[i]:
            extra = "".join(g.text for g in sorted(other[i], key=lambda g: g.seq))
            text = " ".join(t for t in (text, repair_text(extra)) if t)
        cells.append(CellBox(r0, c0, rs, cs, grid.region_bbox(r0, c0, rs, cs), text))
    return TableBox(grid.bbox, cells, "ruled", len(grid.ys) - 1, len(grid.xs) - 1)
