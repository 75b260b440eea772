"""Stitch table fragments back into whole tables, for every reader.

A table broken by a page break arrives as two fragments, the second often
starting with the header rows repeated. Fragments are joined when nothing but
page noise separates them (blank lines, page numbers, stray OCR marks such as
"sh" or "JK") and the second one either repeats the first one's header or has
no header of its own and a compatible width.
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


def row_key(cells: tuple[Cell, ...]) -> tuple[str, ...]:
    texts = [regex.sub(r"\s+", " ", c.text).strip().casefold() for c in cells]
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


def continues(prev: Table, nxt: Table) -> int | None:
    """Rows to drop from `nxt` when it continues `prev`; None when it is a new table."""
    repeated = repeated_header_rows(prev, nxt)
    if repeated and looks_like_header(prev.rows[0]):
        return repeated
    if not nxt.rows or looks_like_header(nxt.rows[0]):
        return None
    return 0 if abs(prev.n_cols - nxt.n_cols) <= 1 else None


def join(prev: Table, nxt: Table, drop: int) -> Table:
    offset = len(prev.rows) - drop
    moved = tuple(
        tuple(dataclasses.replace(c, row=c.row + offset) for c in row) for row in nxt.rows[drop:]
    )
    return dataclasses.replace(prev, rows=prev.rows + moved)


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
