"""Table understanding: header rows, column roles, row codes, parents, periods.

Turns a `Table` grid into `TableValue` records, one per non-empty value cell,
each knowing its row label, the enclosing row's label, its unit and its period.
Numbers are not parsed here (see numbers.py) and labels are not matched (see
match.py): this stage only reads the layout.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import regex

from extract.model import Cell, Table, fast_init
from schemas.tokens import NUMERIC_CHARS, ROW_CODE
from schemas.load import cell_words, header_role_patterns

from .periods import Period, parse_period

# patterns used in loops, compiled once (regex's module functions re-check their flags per call)
_SPACES = regex.compile(r"\s+")
_BULLET_LABEL = regex.compile(r"^([-+–•])\s+(.*)$")
_DOTTED_CODE = regex.compile(r"^\d{1,2}(?:\.\d{1,2}){0,3}\.?$")
_ROMAN_CODE = regex.compile(r"^[IVX]{1,5}\.?$")


class TableError(Exception):
    """A table that cannot be read: the message says why, `code` is its stable slug
    (the read-error codes of extract/model.py: a header problem is 'no_header')."""

    def __init__(self, message: str, code: str = "no_header"):
        super().__init__(message)
        self.code = code


# Header words of each column role (schemas/headers.csv), in the order roles are tried.
ROLE_PATTERNS: tuple[tuple[str, regex.Pattern], ...] = header_role_patterns()
_CODE = regex.compile(ROW_CODE)
_NUMERIC = regex.compile(NUMERIC_CHARS)
FLAG_MERGED_SUB_LABEL = "sub_label_merged"  # the row's own label sits beside a label merged over rows
_LOWER_START = regex.compile(r"^[\W\d]*\p{Ll}")
# Value texts that are words, not labels (they sit in value columns).
_VALUE_WORDS = regex.compile(rf"^({'|'.join(cell_words('value_word'))})\b", regex.I)  # schemas/cell_words.csv
# Words a label cannot end on: cut there by a page break, it goes on at the top of the next page.
_UNFINISHED = regex.compile(rf"(?:^|\s)({'|'.join(cell_words('label_continues'))})$", regex.I)


@dataclass(frozen=True)
class Column:
    col: int
    role: str  # code|label|agency|unit|note|value|row_period|place|measure|extra
    header: str  # header texts joined top-down with " - "
    period: Period | None = None


@fast_init  # made per cell / value: extract/frozen.py
@dataclass(frozen=True)
class Row:
    grid_row: int
    code: str
    label: str
    unit: str
    agency: str
    note: str
    values: tuple[tuple[Column, Cell], ...]  # value cells as read (shift already applied)
    flags: tuple[str, ...] = ()
    parent: int | None = None  # index into the table's rows
    place: str = ""  # the place column ('Tỉnh, thành phố', 'Địa phương'): the row's entity
    page: int | None = None  # the page its cells are on (paged formats): a row cut by a page break has two


@fast_init  # made per cell / value: extract/frozen.py
@dataclass(frozen=True)
class TableValue:
    """One non-empty value cell in its context, not yet parsed or matched."""

    table_index: int
    grid_row: int
    grid_col: int
    row_code: str
    label: str
    parent_label: str
    parent_code: str
    unit_raw: str
    agency: str
    note: str
    column_header: str
    period: Period | None
    cell: Cell
    row_flags: tuple[str, ...]
    entity: str = ""  # the unit the value is about (matrix/ranking tables, table_shapes.py)
    measure_kind: str = ""  # 'score', 'rank', 'grade' when the column header says so


@dataclass(frozen=True)
class ReadTable:
    table: Table
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    values: tuple[TableValue, ...]
    transposed: bool
    shape: str = "indicator_list"  # or "matrix": read by table_shapes.read_shaped_table


# ---------------------------------------------------------------- header


def header_grid(table: Table) -> list[list[str]]:
    """Texts by (row, col): a cell's text at every column it spans in its own row (the rows
    below a cell spanning rows keep their own texts there)."""
    width = table.n_cols
    grid = [[""] * width for _ in table.rows]
    for line, row in zip(grid, table.rows):
        for c in row:
            # a cell spanning rows writes only its own row: below it the position keeps its text
            if c.row_span >= 1:
                for cc in range(c.col, min(c.col + c.col_span, width)):
                    line[cc] = c.text
    return grid


def _is_headerish(text: str) -> bool:
    t = text.strip()
    return bool(t) and (any(p.match(t) for _, p in ROLE_PATTERNS) or parse_period(t) is not None)


def count_header_rows(grid: list[list[str]]) -> int:
    """Leading rows that form the header (0 when the first row is not a header)."""
    if not grid or not any(_is_headerish(t) for t in grid[0]):
        return 0
    n = 1
    while n < len(grid) and n < 4:
        row = grid[n]
        first = row[0].strip() if row else ""
        label = row[1].strip() if len(row) > 1 else ""
        if first and _CODE.match(first) or any(_NUMERIC.match(t.strip()) for t in row[2:] if t.strip()):
            break
        if label and not _is_headerish(label):
            break
        if not any(t.strip() for t in row):
            break
        n += 1
    return n


def _spread_group_headers(grid: list[list[str]], n_header: int) -> list[list[str]]:
    """A group header over empty cells ("Thống kê" over the year columns) covers them
    where the row below has sub-headers."""
    out = [list(r) for r in grid[:n_header]]
    for r in range(n_header - 1):
        for c in range(1, len(out[r])):
            if not out[r][c].strip() and out[r + 1][c].strip() and out[r][c - 1].strip():
                out[r][c] = out[r][c - 1]
    return out


def columns_from_header(header: list[list[str]], width: int, context_period: Period | None) -> list[Column]:
    cols: list[Column] = []
    for c in range(width):
        texts: list[str] = []
        for row in header:
            t = _SPACES.sub(" ", row[c]).strip() if c < len(row) else ""
            if t and t not in texts:
                texts.append(t)
        cols.append(_column_role(c, texts, context_period))
    roles = [col.role for col in cols]
    if "code" not in roles and cols and not header[0][0].strip():
        cols[0] = Column(0, "code", "")
    if "label" not in roles and len(cols) > 1 and cols[1].role == "extra":
        cols[1] = Column(1, "label", cols[1].header)
    if "row_period" in roles:  # periods are rows: the other text columns are indicators
        cols = [Column(c.col, "measure", c.header) if c.role in ("value", "extra") and c.header else c for c in cols]
    return cols


def _column_role(c: int, texts: list[str], context_period: Period | None) -> Column:
    header = " - ".join(texts)
    for text in reversed(texts):  # the most specific (lowest) header text decides
        for role, pattern in ROLE_PATTERNS:
            if pattern.match(text):
                if role == "value":
                    return Column(c, "value", header, context_period)
                return Column(c, role, header)
        period = parse_period(text)
        if period is not None:
            return Column(c, "value", header, period)
    return Column(c, "extra", header)


# ---------------------------------------------------------------- rows


def _label_like(text: str) -> bool:
    t = text.strip()
    return (len(t.split()) >= 4 and not _NUMERIC.match(t) and not t[0].isdigit()
            and not _VALUE_WORDS.match(t))


def _cells_by_col(row: tuple[Cell, ...]) -> dict[int, Cell]:
    return {c.col: c for c in row}


def _sub_label_col(table: Table, columns: list[Column], n_header: int) -> int | None:
    """A second label column: the label header spans it ("Nội dung" over two columns), or it has no
    header and sits right of the label column holding text in the body. A label merged down over
    several rows in the first column ("Chia theo tên loại VBQPPL") then groups the rows whose own
    labels sit in this one."""
    labels = [c.col for c in columns if c.role == "label"]
    if not labels:
        return None
    if len(labels) > 1 and labels[1] == labels[0] + 1:
        return labels[1]
    nxt = next((c for c in columns if c.col == labels[0] + 1), None)
    if nxt is None or nxt.role != "extra" or nxt.header:
        return None
    body = [c.text.strip() for r in table.rows[n_header:] for c in r if c.col == nxt.col and c.text.strip()]
    return nxt.col if body and not any(_NUMERIC.match(t) for t in body) else None


def _merged_down(table: Table, col: int, n_header: int) -> dict[int, str]:
    """grid row -> text of a cell in `col` merged down over it from a row above (Word vMerge)."""
    out: dict[int, str] = {}
    for r in table.rows[n_header:]:
        for c in r:
            if c.col == col and c.row_span > 1 and c.text.strip():
                for rr in range(c.row + 1, c.row + c.row_span):
                    out[rr] = c.text.strip()
    return out


def read_rows(table: Table, columns: list[Column], n_header: int) -> list[Row]:
    by_role = {c.role: c.col for c in reversed(columns)}
    value_cols = [c for c in columns if c.role in ("value", "measure")]
    period_cols = [c for c in value_cols if c.period is not None]
    sub_col = _sub_label_col(table, columns, n_header)
    merged = _merged_down(table, by_role["label"], n_header) if sub_col is not None else {}
    group = ""  # the merged label in force (text tables print it on the first sub-row only)
    rows: list[Row] = []
    for grid_row in table.rows[n_header:]:
        cells = _cells_by_col(grid_row)
        text = lambda col: cells[col].text.strip() if col is not None and col in cells else ""  # noqa: E731
        code, label = text(by_role.get("code")), text(by_role.get("label"))
        if "label" not in by_role and not label:
            label = text(by_role.get("place"))  # rows named by their place only ('Địa phương')
        flags: list[str] = []
        if sub_col is not None:
            own, at = text(sub_col), grid_row[0].row if grid_row else 0
            if code or (label and not own):
                group = ""
            elif own:
                group = label or merged.get(at, "") or group
                if group:
                    if not rows or rows[-1].label != group or "merged_label" not in rows[-1].flags:
                        rows.append(Row(grid_row=at, code="", label=group, unit="", agency="", note="",
                                        values=(), flags=("merged_label",)))
                    label = own
                    flags.append(FLAG_MERGED_SUB_LABEL)
        if code and not _CODE.match(code):  # the row lost its first tab: the code cell holds the label
            label, code = (code + " " + label).strip(), ""
            flags.append("label_in_code_column")
        m = _BULLET_LABEL.match(label)
        if m:
            label, code = m.group(2), code or m.group(1)
        shift = 0
        if len(period_cols) >= 2 and _label_like(text(period_cols[0].col)):
            # a breakdown label in its own column (e.g. "Chia theo tên loại VBQPPL" | "Nghị quyết …"):
            # the values sit one column to the right
            label, shift = text(period_cols[0].col), 1
            flags.append("sub_label_column")
        values = tuple((col, cells[col.col + shift]) for col in value_cols
                       if col.col + shift in cells and cells[col.col + shift].text.strip())
        if not label and not code and not values:
            continue
        rows.append(Row(grid_row=grid_row[0].row if grid_row else 0, code=code, label=label,
                        unit=text(by_role.get("unit")), agency=text(by_role.get("agency")),
                        note=text(by_role.get("note")), values=values, flags=tuple(flags),
                        place=text(by_role.get("place")),
                        page=min((c.prov.page for c in grid_row if c.prov.page), default=None)))
    return join_continued_rows(rows)


def unfinished_label(label: str) -> bool:
    """A label that visibly goes on: an unclosed parenthesis, or a connecting word at its end."""
    t = label.strip()
    return t.count("(") > t.count(")") or bool(_UNFINISHED.search(t.rstrip(",")))


def _cut_by_page_break(prev: Row, row: Row) -> bool:
    """`row` is the rest of `prev`'s label, carried to the top of the next page: it opens the new
    page, has no code, the two parts do not both hold values, and the label above is unfinished."""
    if row.code or not row.label or prev.page is None or row.page is None or row.page <= prev.page:
        return False
    return not (row.values and prev.values) and unfinished_label(prev.label)


def _both_figures(prev: Row, row: Row) -> bool:
    """Both rows hold a figure in one column: a wrapped label does not bring a second figure
    for a column the line above already filled (joined, the two would make one cell of two
    numbers); it is a row of its own whose label reads in lower case ("trong đó: …", or an
    OCR'd row code "5" read as "s"). Text cells (notes, grades) do wrap with their label."""
    figures = {col.col for col, cell in prev.values if _NUMERIC.match(cell.text.strip())}
    return any(col.col in figures and _NUMERIC.match(cell.text.strip()) for col, cell in row.values)


def join_continued_rows(rows: list[Row]) -> list[Row]:
    """A row without a code whose label starts in lower case continues the row above
    (text wrapped onto the next line or page), unless both hold a figure in one column, and so does the
    code-less rest of a label cut by a page break (`_cut_by_page_break`)."""
    out: list[Row] = []
    for row in rows:
        if out and not row.code and ((_LOWER_START.match(row.label) and not _both_figures(out[-1], row))
                                     or _cut_by_page_break(out[-1], row)):
            prev = out[-1]
            merged = list(prev.values)
            for col, cell in row.values:
                idx = next((i for i, (c, _) in enumerate(merged) if c.col == col.col), None)
                if idx is None:
                    merged.append((col, cell))
                else:
                    old = merged[idx][1]
                    merged[idx] = (col, dataclasses.replace(old, text=f"{old.text} {cell.text}".strip()))
            out[-1] = dataclasses.replace(
                prev, label=f"{prev.label} {row.label}".strip(),
                unit=" ".join(x for x in (prev.unit, row.unit) if x),
                note=" ".join(x for x in (prev.note, row.note) if x),
                values=tuple(merged), flags=prev.flags + ("row_continued",))
            continue
        out.append(row)
    return out


def _code_tuple(code: str) -> tuple[int, ...] | None:
    if _DOTTED_CODE.match(code):
        return tuple(int(p) for p in code.strip(".").split("."))
    return None


def assign_parents(rows: list[Row]) -> list[Row]:
    """Parent by code ("3.1.1." under "3.1."), and "-"/"+"/empty rows under the last numbered row."""
    out: list[Row] = []
    last_numbered: int | None = None
    last_dash: int | None = None
    for i, row in enumerate(rows):
        t = _code_tuple(row.code)
        parent: int | None = None
        if t is not None:
            if len(t) > 1:
                parent = next((j for j in range(i - 1, -1, -1) if _code_tuple(rows[j].code) == t[:-1]), None)
            last_numbered, last_dash = i, None
        elif row.code == "+":
            parent = last_dash if last_dash is not None else last_numbered
        elif _ROMAN_CODE.match(row.code):
            last_numbered = last_dash = None
        else:
            parent = last_numbered
            if row.code in ("-", "–", "•"):
                last_dash = i
        out.append(dataclasses.replace(row, parent=parent))
    return out


# ---------------------------------------------------------------- table


def read_table(table: Table, context_period: Period | None = None) -> ReadTable:
    """Read one table; raise TableError when it has no recognisable header."""
    grid = header_grid(table)
    n_header = count_header_rows(grid)
    if n_header == 0:
        first = " | ".join(t for t in grid[0] if t.strip())[:80] if grid else ""
        raise TableError(f"table {table.index + 1}: no recognisable header row (first row: '{first}')")
    header = _spread_group_headers(grid, n_header)
    columns = columns_from_header(header, table.n_cols, context_period)
    if not any(c.role in ("value", "measure") for c in columns):
        raise TableError(f"table {table.index + 1}: header names no value column")
    transposed = any(c.role == "row_period" for c in columns)
    rows = _merged_label_parents(assign_parents(read_rows(table, columns, n_header)))
    values = tuple(_transposed_values(table, rows, columns) if transposed else _row_values(table, rows))
    return ReadTable(table, tuple(columns), tuple(rows), values, transposed)


def _merged_label_parents(rows: list[Row]) -> list[Row]:
    """Rows read beside a merged label hang under that label's row (itself under its numbered row)."""
    out: list[Row] = []
    current: int | None = None
    for i, row in enumerate(rows):
        if "merged_label" in row.flags:
            current = i
        elif FLAG_MERGED_SUB_LABEL in row.flags and current is not None:
            row = dataclasses.replace(row, parent=current)
        else:
            current = None
        out.append(row)
    return out


def _row_values(table: Table, rows: list[Row]) -> list[TableValue]:
    out = []
    for row in rows:
        parent = rows[row.parent] if row.parent is not None else None
        for col, cell in row.values:
            if cell.text.strip() in ("", "-", "–"):
                continue
            out.append(TableValue(
                table_index=table.index, grid_row=cell.row, grid_col=cell.col, row_code=row.code,
                label=row.label, parent_label=parent.label if parent else "", parent_code=parent.code if parent else "",
                unit_raw=row.unit, agency=row.agency or (parent.agency if parent else ""), note=row.note,
                column_header=col.header, period=col.period, cell=cell, row_flags=row.flags, entity=row.place))
    return out


def _transposed_values(table: Table, rows: list[Row], columns: list[Column]) -> list[TableValue]:
    """Periods are rows ("Giai đoạn 2011-2020"), indicators are the column headers."""
    period_col = next(c.col for c in columns if c.role == "row_period")
    out = []
    for row in rows:
        cells = {c.col: c for c in table.rows[row.grid_row]}
        period_text = cells[period_col].text if period_col in cells else ""
        period = parse_period(period_text)
        for col, cell in row.values:
            if cell.text.strip() in ("", "-", "–"):
                continue
            out.append(TableValue(
                table_index=table.index, grid_row=cell.row, grid_col=cell.col, row_code="",
                label=col.header, parent_label="", parent_code="", unit_raw="", agency="", note="",
                column_header=period_text, period=period, cell=cell,
                row_flags=() if period else ("period_unknown",), entity=row.place))
    return out
