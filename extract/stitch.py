"""Stitch table fragments back into whole tables, for every reader.

A table broken by a page break arrives as two fragments, the second often
starting with the header rows repeated. Fragments are joined when nothing but
page noise separates them (blank lines, page numbers, stray OCR marks such as
"sh" or "JK") and the second one either repeats the first one's header or has
no header of its own and the same columns. Fragments that carry cell boxes (PDF,
scans) have the same columns when their x-extents line up, column by column
(`column_map`); the continuation's cells then take the first fragment's column
numbers, so a column the second page leaves empty cannot shift the values.
Fragments without boxes (Word, text) are compared by their number of columns.
"""

from __future__ import annotations

import dataclasses

import regex

from schemas.load import header_words

from .model import Block, Cell, Paragraph, Table

# Words that only a header row contains; a fragment starting with such a row
# that is not a repeat of the previous header is a new table.
_HEADER_WORDS = regex.compile(rf"^({'|'.join(r['word'] for r in header_words() if r['stitch'] == 'yes')})\b", regex.I)
_NOISE = regex.compile(r"^(\W*[\p{L}]{0,4}\W*|\W*\d{1,3}\W*|handwritten signature|\[?signature\]?)$", regex.I)


def is_noise_paragraph(p: Paragraph) -> bool:
    """Page furniture between two fragments: page numbers, scan marks."""
    return bool(_NOISE.match(p.text.strip())) and p.heading_level == 0


_SPACES = regex.compile(r"\s+")


def row_key(cells: tuple[Cell, ...]) -> tuple[str, ...]:
    texts = [_SPACES.sub(" ", c.text).strip().casefold() for c in cells]
    while texts and not texts[-1]:
        texts.pop()
    return tuple(texts)


def looks_like_header(cells: tuple[Cell, ...]) -> bool:
    first = next((c.text for c in cells if c.text.strip()), "")
    return bool(_HEADER_WORDS.match(first.strip()))


def repeated_header_rows(prev: Table, nxt: Table) -> int:
    """How many leading rows of `nxt` repeat the leading rows of `prev`."""
    n = 0
    while n < min(len(prev.rows), len(nxt.rows), 4) and row_key(prev.rows[n]) == row_key(nxt.rows[n]):
        if not any(row_key(prev.rows[n])):
            break
        n += 1
    return n


OVERLAP = 0.5  # share of the narrower column two columns must overlap to be one column


def column_extents(table: Table) -> dict[int, tuple[float, float]] | None:
    """x-range (points) of each grid column, from the boxes of its one-column cells; None when
    the table's cells carry no boxes (Word, text) or a column has none."""
    ext: dict[int, tuple[float, float]] = {}
    for row in table.rows:
        for c in row:
            box = c.prov.bbox_points()
            if c.col_span != 1 or box is None:
                continue
            lo, hi = ext.get(c.col, (box[0], box[2]))
            ext[c.col] = (min(lo, box[0]), max(hi, box[2]))
    if not ext or len(ext) != table.n_cols:
        return None
    return ext


def column_map(prev: Table, nxt: Table) -> dict[int, int] | None:
    """Each column of `nxt` -> the column of `prev` it lines up with (x-extents overlapping by at
    least OVERLAP of the narrower), keeping left-to-right order; None when a column of `nxt`
    lines up with none or with several, or two take the same one."""
    a, b = column_extents(prev), column_extents(nxt)
    if a is None or b is None:
        return None
    out: dict[int, int] = {}
    for col, (x0, x1) in sorted(b.items()):
        hits = [pc for pc, (p0, p1) in a.items()
                if min(x1, p1) - max(x0, p0) >= OVERLAP * max(min(x1 - x0, p1 - p0), 1e-6)]
        if len(hits) != 1:
            return None
        out[col] = hits[0]
    targets = [out[c] for c in sorted(out)]
    return out if targets == sorted(set(targets)) else None


def continues(prev: Table, nxt: Table) -> int | None:
    """Rows to drop from `nxt` when it continues `prev`; None when it is a new table."""
    repeated = repeated_header_rows(prev, nxt)
    if repeated and looks_like_header(prev.rows[0]):
        return repeated
    if not nxt.rows or looks_like_header(nxt.rows[0]):
        return None
    if column_extents(prev) is not None and column_extents(nxt) is not None:
        return 0 if column_map(prev, nxt) is not None else None  # positions known: they decide
    return 0 if abs(prev.n_cols - nxt.n_cols) <= 1 else None


def join(prev: Table, nxt: Table, drop: int) -> Table:
    offset = len(prev.rows) - drop
    cols = column_map(prev, nxt) if drop == 0 else None
    moved = tuple(tuple(_moved(c, offset, cols) for c in row) for row in nxt.rows[drop:])
    return dataclasses.replace(prev, rows=prev.rows + moved)


def _moved(c: Cell, offset: int, cols: dict[int, int] | None) -> Cell:
    """The cell in the joined table: rows after the first fragment's, columns by position."""
    if not cols:
        return dataclasses.replace(c, row=c.row + offset)
    first, last = cols[c.col], cols.get(c.col + c.col_span - 1, cols[c.col])
    return dataclasses.replace(c, row=c.row + offset, col=first, col_span=max(1, last - first + 1))


def stitch_tables(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Table):
            prev_i = _previous_table_index(out)
            if prev_i is not None:
                drop = continues(out[prev_i], block)
                if drop is not None:
                    # page noise between the fragments is dropped with the break
                    out[prev_i:] = [join(out[prev_i], block, drop)]
                    continue
        out.append(block)
    index = 0
    for i, b in enumerate(out):
        if isinstance(b, Table):
            out[i] = dataclasses.replace(b, index=index)
            index += 1
    return out


def _previous_table_index(out: list[Block]) -> int | None:
    """Index of the last table if only page noise follows it."""
    for i in range(len(out) - 1, -1, -1):
        b = out[i]
        if isinstance(b, Table):
            return i
        if not is_noise_paragraph(b):
            return None
    return None
