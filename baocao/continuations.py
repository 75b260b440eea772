"""A header-less table fragment that the stitching step could not join to the table before it.

extract/stitch.py joins a continuation when nothing but page noise separates the fragments and
their columns line up. One it cannot join (a footnote between them, columns that moved on the
new page) reaches the pipeline as a table with no header row of its own. Its figures are still
read: under the header rows of the table right before it, matched column by column (by position
when both carry cell boxes and they line up, else by count when the counts agree), and every
value is flagged `continuation_unstitched` for review. A fragment whose columns match neither
way stays a `no_header` error, never a silent drop.
"""

from __future__ import annotations

import dataclasses

from extract.model import Table
from extract.stitch import column_map
from normalize.tables import count_header_rows, header_grid

FLAG_CONTINUATION_UNSTITCHED = "continuation_unstitched"


def header_rows(table: Table) -> int:
    return count_header_rows(header_grid(table))


def with_borrowed_header(fragment: Table, previous: Table) -> tuple[Table, int] | None:
    """`fragment` under the header rows of `previous` (same index as the fragment) and the number of
    header rows put on top; None when `fragment` has a header of its own, `previous` has none, or
    their columns cannot be matched."""
    n_head = header_rows(previous)
    if not fragment.rows or n_head == 0 or header_rows(fragment) > 0:
        return None
    cols = column_map(previous, fragment)
    if cols is None:
        if fragment.n_cols != previous.n_cols:
            return None
        cols = {c: c for c in range(fragment.n_cols)}
    body = tuple(
        tuple(dataclasses.replace(c, row=c.row + n_head, col=cols[c.col],
                                  col_span=max(1, cols.get(c.col + c.col_span - 1, cols[c.col]) - cols[c.col] + 1))
              for c in row)
        for row in fragment.rows)
    return dataclasses.replace(fragment, rows=previous.rows[:n_head] + body), n_head


def flag_values(read, flag: str = FLAG_CONTINUATION_UNSTITCHED):
    """The read table with `flag` on every value (it reaches the records' flags and confidence)."""
    values = tuple(dataclasses.replace(v, row_flags=(*v.row_flags, flag)) for v in read.values)
    return dataclasses.replace(read, values=values)
