"""Borderless tables on one page: columns from word alignment, rows from the lines
that carry values. Pure geometry in the layout frame (x right, y down, points)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from schemas.tokens import NUMBER_CELL, ROW_CODE_PDF

from .tables import CellBox, TableBox
from .text import Line, lines_text, split_line

# Without rules, columns come from x-alignment and rows from the lines that
# carry values ("anchors"). Labels wrapped over several lines ("tails") join the
# anchor row they belong to: between two anchors, the widest vertical gap in a
# column is the row border, which works for top- and centre-aligned cells alike.

Band = tuple[float, float]  # x-range of one column
NUMBER = re.compile(NUMBER_CELL)
YEAR = re.compile(r"^(?:năm\s*)?(?:19|20)\d\d$", re.IGNORECASE)
ROW_CODE = re.compile(ROW_CODE_PDF)
CHUNK_GAP = 0.6  # x font size: wider gaps than a justified word space separate columns
ROW_GAP = 2.5  # x font size: the widest blank between two lines of one table
TIGHT_GAP = 0.8  # x font size: lines closer than this belong to one cell or header


def is_number(text: str) -> bool:
    return bool(NUMBER.match(text.replace(" ", "")))


def _is_year(text: str) -> bool:
    return bool(YEAR.match(text))


def _is_row(chunks: Sequence[Line]) -> bool:
    """A seed row: several chunks, a number after the first, not a line of years (a header)."""
    if len(chunks) < 2 or all(_is_year(c.text) for c in chunks):
        return False
    return any(is_number(c.text) for c in chunks[1:])


def _is_anchor(chunks: Sequence[Line]) -> bool:
    """A line that starts a row: several cells, or a value / row code on its own."""
    return len(chunks) >= 2 or is_number(chunks[0].text) or bool(ROW_CODE.match(chunks[0].text))


def _text_size(line: Line) -> float:
    """The size most of the line's words are set in: one odd word (an OCR box taken from another
    line, a footnote mark) does not make a table row read as a caption in another size."""
    sizes = sorted(w.size for w in line.words)
    return sizes[len(sizes) // 2] if sizes else line.size


def _gap(upper: Line, lower: Line) -> float:
    return lower.top - upper.bottom


def _bands(intervals: Sequence[Band]) -> list[Band]:
    """Union of overlapping x-intervals: the columns every row agrees on."""
    out: list[list[float]] = []
    for a, b in sorted(intervals):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _overlaps(bands: Sequence[Band], x0: float, x1: float) -> list[int]:
    return [i for i, (a, b) in enumerate(bands) if x0 < b and x1 > a]


def _band_of(bands: Sequence[Band], x0: float, x1: float) -> tuple[int, int]:
    """First band and number of bands an interval overlaps (nearest band if none)."""
    hit = _overlaps(bands, x0, x1)
    if not hit:
        centre = (x0 + x1) / 2
        best = min(range(len(bands)), key=lambda i: min(abs(centre - bands[i][0]), abs(centre - bands[i][1])))
        return best, 1
    return hit[0], hit[-1] - hit[0] + 1


def _fits(chunks: Sequence[Line], bands: Sequence[Band]) -> bool:
    """No chunk bridges two columns (prose does, a table line does not)."""
    return all(len(_overlaps(bands, c.x0, c.x1)) <= 1 for c in chunks)


def _with(bands: Sequence[Band], chunks: Sequence[Line]) -> list[Band]:
    return _bands([*bands, *((c.x0, c.x1) for c in chunks)])


@dataclass
class _Region:
    top: int  # first line index (inclusive)
    bottom: int  # last line index (inclusive)
    bands: list[Band]


def may_hold_aligned_table(lines: Sequence[Line]) -> bool:
    """Cheap test before the search: does any line have a number standing off
    from the words before it? Narrative pages never do and skip the search."""
    for ln in lines:
        words = ln.words
        for prev, w in zip(words, words[1:]):
            if w.x0 - prev.x1 > CHUNK_GAP * w.size and is_number(w.text):
                return True
    return False


def lines_to_aligned_tables(lines: Sequence[Line], carried: Sequence[Band] | None = None) -> list[TableBox]:
    """Borderless tables: runs of lines whose chunks fall into consistent columns,
    seeded by rows with numbers. Prose never qualifies: its chunks bridge columns.

    `carried` are the columns of a borderless table that ended the previous page;
    a table at the top of this page matching them continues it and may be one row.
    """
    chunked = [split_line(ln, CHUNK_GAP) for ln in lines]
    tables: list[TableBox] = []
    k = 0
    floor = 0  # lines above belong to an earlier table
    while k < len(lines):
        if not _is_row(chunked[k]):
            k += 1
            continue
        region = _grow(lines, chunked, k, floor)
        continued = carried is not None and not tables and region.top == 0
        table = _region_to_table(lines, chunked, region, carried if continued else None, first=not tables)
        if table is None and continued:  # columns that moved on this page: a table of its own, stitching decides
            table = _region_to_table(lines, chunked, _grow(lines, chunked, k, floor), None, first=not tables)
        if table is None:
            k += 1
            continue
        tables.append(table)
        k = floor = region.bottom + 1
    return tables


def _grow(lines: Sequence[Line], chunked: Sequence[Sequence[Line]], seed: int, floor: int) -> _Region:
    """Lines around a seed row that keep to its columns."""
    bands = _with([], chunked[seed])
    size = _text_size(lines[seed])  # a title or caption in another size is not part of the table
    bottom = seed
    while bottom + 1 < len(lines) and _gap(lines[bottom], lines[bottom + 1]) <= ROW_GAP * lines[bottom].size:
        nxt = chunked[bottom + 1]
        if not _fits(nxt, bands) or len(_with(bands, nxt)) < len(bands) or abs(_text_size(lines[bottom + 1]) - size) > 0.5:
            break
        bands = _with(bands, nxt)
        bottom += 1
    top = seed
    while top - 1 >= floor and _gap(lines[top - 1], lines[top]) <= ROW_GAP * lines[top].size:
        prev = chunked[top - 1]
        if not _fits(prev, bands) or len(_with(bands, prev)) < len(bands) or abs(_text_size(lines[top - 1]) - size) > 0.5:
            break
        bands = _with(bands, prev)
        top -= 1
    return _Region(top, bottom, bands)


def _body_start(lines: Sequence[Line], chunked: Sequence[Sequence[Line]], region: _Region) -> int:
    """First line that reads as a table row (row code or a value); above it is header."""
    for k in range(region.top, region.bottom + 1):
        chunks = chunked[k]
        if all(_is_year(c.text) for c in chunks):
            continue
        first_band = _band_of(region.bands, chunks[0].x0, chunks[0].x1)[0]
        if first_band == 0 and ROW_CODE.match(chunks[0].text):
            return k
        if any(is_number(c.text) and _band_of(region.bands, c.x0, c.x1)[0] > 0 for c in chunks):
            return k
    return region.top


def _header_lines(lines: Sequence[Line], chunked: Sequence[Sequence[Line]], region: _Region, start: int) -> list[int]:
    """Header lines above the body: packed tightly, same text size, maybe spanning
    several columns (a group header such as "Thống kê" over the year columns)."""
    out: list[int] = []
    size = _text_size(lines[start])
    lo, hi = region.bands[0][0], region.bands[-1][1]
    k = start - 1
    while k >= 0 and len(out) < 6:
        ln = lines[k]
        limit = ROW_GAP if not out else TIGHT_GAP
        if _gap(ln, lines[k + 1]) > limit * ln.size or abs(_text_size(ln) - size) > 0.5:
            break
        if ln.x0 < lo - ln.size or ln.x1 > hi + ln.size:
            break
        if k < region.top:
            chunks = chunked[k]
            if len(chunks) == 1:
                b, n = _band_of(region.bands, chunks[0].x0, chunks[0].x1)
                if n < 2 or b == 0:
                    break  # one line over the first column: a caption, not a group header
        out.insert(0, k)
        k -= 1
    return out


def _anchors(
    chunked: Sequence[Sequence[Line]], lines: Sequence[Line], body: range, bands: Sequence[Band]
) -> list[list[int]]:
    """Row anchors, top down. Two anchor lines with cells in different columns,
    packed tightly, are one row whose cells sit at slightly different heights."""
    rows: list[list[int]] = []
    used: list[set[int]] = []
    for k in body:
        if not _is_anchor(chunked[k]):
            continue
        cols = {_band_of(bands, c.x0, c.x1)[0] for c in chunked[k]}
        if rows and not (cols & used[-1]) and _gap(lines[rows[-1][-1]], lines[k]) <= 0:
            rows[-1].append(k)
            used[-1] |= cols
        else:
            rows.append([k])
            used.append(cols)
    return rows


def _centre(lines: Sequence[Line], ks: Sequence[int]) -> float:
    return (min(lines[k].top for k in ks) + max(lines[k].bottom for k in ks)) / 2


def _assign_tails(lines: Sequence[Line], chunked: Sequence[Sequence[Line]], body: range, bands: Sequence[Band],
                  rows: list[list[int]], lead_row: bool) -> dict[int, int]:
    """Row index (-1: a leading row continued from the previous page) for each tail line."""
    anchor_of = {k: r for r, ks in enumerate(rows) for k in ks}
    centres = [_centre(lines, ks) for ks in rows]
    owner: dict[int, int] = {}
    tails = [k for k in body if k not in anchor_of]
    for k in tails:
        c = (lines[k].top + lines[k].bottom) / 2
        below = next((r for r, rc in enumerate(centres) if rc >= c), None)
        above = below - 1 if below is not None else len(rows) - 1
        if below is None:
            owner[k] = above
        elif above < 0:
            owner[k] = -1 if lead_row and _gap(lines[k], lines[rows[0][0]]) > TIGHT_GAP * lines[k].size else 0
        else:
            owner[k] = _cut_side(lines, chunked, bands, k, rows[above], rows[below], above, below)
    return owner


def _cut_side(lines: Sequence[Line], chunked: Sequence[Sequence[Line]], bands: Sequence[Band], k: int,
              upper: list[int], lower: list[int], above: int, below: int) -> int:
    """Which of two neighbouring rows a tail between them belongs to: split the
    column's lines between the two row centres at their widest gap."""
    band = _band_of(bands, chunked[k][0].x0, chunked[k][0].x1)[0]
    lo_c, hi_c = _centre(lines, upper), _centre(lines, lower)
    in_band = [
        j for j in range(min(upper), max(lower) + 1)
        if any(_band_of(bands, c.x0, c.x1)[0] == band for c in chunked[j])
    ]
    before = [j for j in in_band if (lines[j].top + lines[j].bottom) / 2 <= lo_c]
    after = [j for j in in_band if (lines[j].top + lines[j].bottom) / 2 >= hi_c]
    between = [j for j in in_band if lo_c < (lines[j].top + lines[j].bottom) / 2 < hi_c]
    if k not in between:
        return above if (lines[k].top + lines[k].bottom) / 2 <= lo_c else below
    seq = [before[-1] if before else upper[0], *between, after[0] if after else lower[0]]
    gaps = [_gap(lines[a], lines[b]) for a, b in zip(seq, seq[1:])]
    cut = max(range(len(gaps)), key=lambda n: (gaps[n], n))  # ties: stay with the row above
    return above if seq.index(k) <= cut else below


def _numeric_column(chunked: Sequence[Sequence[Line]], seeds: list[int], bands: Sequence[Band], b: int) -> bool:
    """Does column b hold a number in most seed rows?"""
    hits = sum(is_number(c.text) for k in seeds for c in chunked[k] if _band_of(bands, c.x0, c.x1)[0] == b)
    return hits >= 0.6 * len(seeds)


def _joined_in_columns(chunked: Sequence[Sequence[Line]], bands: Sequence[Band], first: int,
                       last: int) -> list[Sequence[Line]]:
    """Chunks of one line that fall in the same column are one cell's text: a justified label
    spreads its words wider than CHUNK_GAP, and left apart they would read as cells of their own
    (a new row) and be ordered by their glyph tops (the diacritics) instead of left to right."""
    out = list(chunked)
    for k in range(first, last + 1):
        chunks = chunked[k]
        if len(chunks) < 2:
            continue
        joined: list[Line] = []
        band_of_last = None
        for c in chunks:
            hit = _overlaps(bands, c.x0, c.x1)
            band = hit[0] if len(hit) == 1 else None
            if joined and band is not None and band == band_of_last:
                merged = Line([*joined[-1].words, *c.words])
                merged.tags |= c.tags
                joined[-1] = merged
            else:
                joined.append(c)
            band_of_last = band
        out[k] = joined
    return out


def _region_to_table(lines: Sequence[Line], chunked: Sequence[Sequence[Line]], region: _Region,
                     carried: Sequence[Band] | None, first: bool = False) -> TableBox | None:
    """`first`: the page's first table. Without a header, text above its first row may be the rest of
    a label cut by the page break (a leading row of its own, for stitching), as for `carried` columns:
    OCR reads each page alone and carries none."""
    bands = region.bands
    if carried:
        merged = _bands([*bands, *carried])
        if len(merged) != len(carried):
            return None
        bands = region.bands = merged
    if len(bands) < 2:
        return None
    chunked = _joined_in_columns(chunked, bands, max(0, region.top - 6), region.bottom)
    start = _body_start(lines, chunked, region)
    body = range(start, region.bottom + 1)
    seeds = [k for k in body if _is_row(chunked[k])]
    if len(seeds) < (1 if carried else 2):
        return None
    if not any(_numeric_column(chunked, seeds, bands, b) for b in range(1, len(bands))):
        return None
    rows = _anchors(chunked, lines, body, bands)
    # a tail below the last row must sit as tight as a wrapped label and start where the last row's
    # text in its column starts (not a caption or a centred signature block under the table)
    last = max(rows[-1])
    starts = {_band_of(bands, c.x0, c.x1)[0]: c.x0 for k in rows[-1] for c in reversed(chunked[k])}
    end = region.bottom
    for k in range(last + 1, region.bottom + 1):
        first = chunked[k][0]
        x0 = starts.get(_band_of(bands, first.x0, first.x1)[0])
        if _gap(lines[k - 1], lines[k]) > TIGHT_GAP * lines[k].size or (
                x0 is not None and abs(first.x0 - x0) > lines[k].size):
            end = k - 1
            break
    body = range(start, end + 1)
    header = _header_lines(lines, chunked, region, start) if not carried or start > region.top else []
    if header:
        bands = _with(bands, [c for k in header for c in chunked[k] if len(_overlaps(bands, c.x0, c.x1)) == 0])
        if carried and len(bands) != len(carried):
            return None
    owner = _assign_tails(lines, chunked, body, bands, rows, lead_row=(bool(carried) or first) and not header)
    grid: list[list[list[Line]]] = []
    spans: list[dict[int, tuple[int, int]]] = []
    _header_rows(lines, chunked, header, bands, grid, spans)
    lead = [k for k, r in owner.items() if r == -1]
    if lead:
        grid.append(_place([c for k in lead for c in chunked[k]], bands))
        spans.append({})
    for r, ks in enumerate(rows):
        members = sorted([*ks, *(k for k, o in owner.items() if o == r)])
        grid.append(_place([c for k in members for c in chunked[k]], bands))
        spans.append({})
    used = [lines[k] for k in sorted({*header, *body})]
    return _aligned_table(grid, spans, bands, used)


def _header_rows(lines: Sequence[Line], chunked: Sequence[Sequence[Line]], header: list[int], bands: Sequence[Band],
                 grid: list[list[list[Line]]], spans: list[dict[int, tuple[int, int]]]) -> None:
    """One header row, or two when a chunk spans columns: the spanning chunks and the
    columns outside them (merged down over both rows) on top, the columns under a
    spanning chunk below it."""
    if not header:
        return
    chunks = [c for k in header for c in chunked[k]]
    wide = [c for c in chunks if len(_overlaps(bands, c.x0, c.x1)) > 1]
    if not wide:
        grid.append(_place(chunks, bands))
        spans.append({})
        return
    under: set[int] = set()
    top: list[list[Line]] = [[] for _ in bands]
    bottom: list[list[Line]] = [[] for _ in bands]
    top_spans: dict[int, tuple[int, int]] = {}
    for w in wide:
        hit = _overlaps(bands, w.x0, w.x1)
        top[hit[0]].append(w)
        top_spans[hit[0]] = (1, hit[-1] - hit[0] + 1)
        under.update(hit)
    for c in chunks:
        if c in wide:
            continue
        b = _band_of(bands, c.x0, c.x1)[0]
        if b in under:
            bottom[b].append(c)
        else:
            top[b].append(c)
            top_spans[b] = (2, 1)
    grid.extend([top, bottom])
    spans.extend([top_spans, {}])


def _place(chunks: Sequence[Line], bands: Sequence[Band]) -> list[list[Line]]:
    cells: list[list[Line]] = [[] for _ in bands]
    for c in chunks:
        cells[_band_of(bands, c.x0, c.x1)[0]].append(c)
    return cells


def _aligned_table(grid: list[list[list[Line]]], spans: list[dict[int, tuple[int, int]]], bands: Sequence[Band],
                   used: list[Line]) -> TableBox:
    """Cells for every grid position not covered by a merged cell."""
    bounds = []
    for r, cols in enumerate(grid):
        parts = [c for col in cols for c in col]
        if parts:
            bounds.append((min(c.top for c in parts), max(c.bottom for c in parts)))
        else:
            bounds.append(bounds[-1] if bounds else (used[0].top, used[0].bottom))
    covered: set[tuple[int, int]] = set()
    cells: list[CellBox] = []
    for r, cols in enumerate(grid):
        for c in range(len(bands)):
            if (r, c) in covered:
                continue
            rs, cs = spans[r].get(c, (1, 1))
            for rr in range(r, r + rs):
                for cc in range(c, c + cs):
                    covered.add((rr, cc))
            chunks = sorted((x for col in cols[c:c + cs] for x in col), key=lambda x: (x.top, x.x0))
            bbox = (bands[c][0], bounds[r][0], bands[c + cs - 1][1], bounds[r + rs - 1][1])
            cells.append(CellBox(r, c, rs, cs, bbox, lines_text(chunks)))
    bbox = (min(ln.x0 for ln in used), min(ln.top for ln in used), max(ln.x1 for ln in used), max(ln.bottom for ln in used))
    return TableBox(bbox, cells, "aligned", len(grid), len(bands), list(used), list(bands))
