"""Read an Excel .xlsx workbook into the shared document model.

openpyxl reads the cells in read-only mode (streaming, so a large sheet does not sit
in memory as objects). Read-only mode does not expose merged ranges, so they are
read from the sheet's own XML (<mergeCells>, with defusedxml).

Each sheet is split on fully empty rows and columns into regions. A region's leading
and trailing rows that hold a single text cell (the form title "Biểu mẫu 3 …", a
"Kèm theo báo cáo số …" line, a signature line) become Paragraphs, so sections and
titles work as for Word files; the rest of the region is one Table.

Numbers keep their typed value in `Cell.number` (no re-reading of their text); a
cell formatted as a percent (0.00%) holding 0.9896 is the percent 98.96
(`Cell.number_unit == "%"`). `Provenance.ref` is the sheet and cell, e.g. 'BM3!D14'.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
from defusedxml import ElementTree as SafeET
from openpyxl.utils.cell import get_column_letter, range_boundaries
from openpyxl.utils.exceptions import InvalidFileException

from .model import Block, Cell, Document, Paragraph, Provenance, ReadError, ReadWarning, Table

_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_MAX_CELLS = 2_000_000  # a sheet of more cells than this is not a report form


class _Value:
    """One non-empty cell while the sheet is laid out."""

    __slots__ = ("text", "number", "unit")

    def __init__(self, text: str, number: float | None, unit: str) -> None:
        self.text, self.number, self.unit = text, number, unit


def read_xlsx(path: Path) -> Document:
    # a file object, not the path: openpyxl refuses names not ending in .xlsx, and an .xlsx
    # saved under an .xls name is common
    try:
        with open(path, "rb") as fh:
            return _read_workbook(path, fh)
    except OSError as exc:
        raise ReadError("not_found", f"cannot read file: {exc.strerror or exc}") from exc


def _read_workbook(path: Path, fh) -> Document:
    try:
        wb = openpyxl.load_workbook(fh, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReadError("corrupt", f"damaged Excel workbook: {exc}") from exc
    blocks: list[Block] = []
    warnings: list[ReadWarning] = []
    try:
        merges = _merged_ranges(path, wb)
        for ws in wb.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible":
                warnings.append(ReadWarning("hidden_sheet", f"sheet '{ws.title}' is hidden and was not read"))
                continue
            ranges, unsaved = merges.get(ws.title, ([], {}))
            if unsaved:
                # no saved result (a file written by a program, never opened in Excel): the
                # formula is kept as the cell's text, so the value is reviewed, not lost
                warnings.append(ReadWarning("formula_without_value",
                                            f"sheet '{ws.title}': {len(unsaved)} formula cells have no saved result "
                                            f"(e.g. {_ref(ws.title, *next(iter(unsaved)))})"))
            blocks.extend(_sheet_blocks(ws, ranges, unsaved))
    finally:
        wb.close()
    tables = [b for b in blocks if isinstance(b, Table)]
    if not tables and not any(isinstance(b, Paragraph) for b in blocks):
        raise ReadError("empty", "the workbook has no filled cells")
    return Document(source=path, kind="xlsx", blocks=tuple(_renumber(blocks)), n_pages=None,
                    warnings=tuple(warnings))


def _renumber(blocks: list[Block]) -> list[Block]:
    out, n = [], 0
    for b in blocks:
        if isinstance(b, Table):
            b = Table(b.rows, b.prov, n)
            n += 1
        out.append(b)
    return out


# ---------------------------------------------------------------- merged cells


def _merged_ranges(path: Path, wb) -> dict[str, tuple[list[tuple[int, int, int, int]], dict[tuple[int, int], str]]]:
    """Sheet title -> (merged ranges as (min_col, min_row, max_col, max_row), formulas without a
    saved result by (row, col)), from the sheet XML."""
    out: dict[str, tuple[list, dict]] = {}
    with zipfile.ZipFile(path) as archive:
        for ws in wb.worksheets:
            part = getattr(ws, "_worksheet_path", None)  # openpyxl's read-only sheets know their part
            if not part:
                continue
            ranges: list[tuple[int, int, int, int]] = []
            unsaved: dict[tuple[int, int], str] = {}
            with archive.open(part.lstrip("/")) as fh:
                for _event, el in SafeET.iterparse(fh, events=("end",)):
                    if el.tag == f"{_MAIN_NS}c":
                        formula, value = el.find(f"{_MAIN_NS}f"), el.find(f"{_MAIN_NS}v")
                        if formula is not None and formula.text and (value is None or not value.text):
                            c0, r0, _, _ = range_boundaries(el.get("r"))
                            unsaved[(r0, c0)] = "=" + formula.text
                    elif el.tag == f"{_MAIN_NS}mergeCell" and el.get("ref"):
                        ranges.append(tuple(range_boundaries(el.get("ref"))))
                    elif el.tag == f"{_MAIN_NS}row":
                        el.clear()  # keep memory flat on big sheets
            out[ws.title] = (ranges, unsaved)
    return out


# ---------------------------------------------------------------- cells


def _cell_value(cell) -> _Value | None:
    value = cell.value
    if value is None:
        return None
    if isinstance(value, bool):
        return _Value("TRUE" if value else "FALSE", None, "")
    if isinstance(value, (int, float)):
        fmt = cell.number_format or ""
        if "%" in fmt:
            # stored as a fraction, shown as a percent: 0.9896 under 0.00% is 98.96 percent
            pct = Decimal(repr(value)) * 100
            return _Value(f"{_plain(pct)}%", float(pct), "%")
        return _Value(_plain(Decimal(repr(value))), float(value), "")
    if isinstance(value, (dt.datetime, dt.date)):
        text = value.date().isoformat() if isinstance(value, dt.datetime) and not value.time() else value.isoformat()
        return _Value(text, None, "")
    text = " ".join(str(value).split())
    return _Value(text, None, "") if text else None


def _plain(d: Decimal) -> str:
    """A decimal without exponent or trailing zeros: 124, 98.96, 0.5."""
    text = format(d.normalize(), "f")
    return text


# ---------------------------------------------------------------- sheet -> blocks


def _sheet_blocks(ws, merges: list[tuple[int, int, int, int]], unsaved: dict[tuple[int, int], str]) -> list[Block]:
    values: dict[tuple[int, int], _Value] = {pos: _Value(text, None, "") for pos, text in unsaved.items()}
    for row in ws.iter_rows():
        for cell in row:
            if getattr(cell, "row", None) is None:
                continue  # EmptyCell padding of read-only mode
            v = _cell_value(cell)
            if v is not None:
                values[(cell.row, cell.column)] = v
        if len(values) > _MAX_CELLS:
            raise ReadError("too_large", f"sheet '{ws.title}' has more than {_MAX_CELLS} filled cells")
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for c0, r0, c1, r1 in merges:
        spans[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    covered.add((r, c))
                    values.pop((r, c), None)  # Excel keeps only the anchor's value
    occupied = set(values) | covered | set(spans)
    blocks: list[Block] = []
    for r0, c0, r1, c1 in _regions(occupied):
        blocks.extend(_region_blocks(ws.title, values, spans, r0, c0, r1, c1))
    return blocks


def _regions(occupied: set[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """Split the occupied positions on fully empty rows and columns, recursively;
    regions as (first row, first col, last row, last col), top to bottom, left to right."""
    if not occupied:
        return []
    out: list[tuple[int, int, int, int]] = []
    stack = [(min(r for r, _ in occupied), min(c for _, c in occupied),
              max(r for r, _ in occupied), max(c for _, c in occupied))]
    while stack:
        r0, c0, r1, c1 = stack.pop()
        inside = [(r, c) for r, c in occupied if r0 <= r <= r1 and c0 <= c <= c1]
        rows = sorted({r for r, _ in inside})
        cols = sorted({c for _, c in inside})
        pieces = _runs(rows)
        if len(pieces) > 1:
            stack.extend((a, c0, b, c1) for a, b in pieces)
            continue
        pieces = _runs(cols)
        if len(pieces) > 1:
            stack.extend((rows[0], a, rows[-1], b) for a, b in pieces)
            continue
        out.append((rows[0], cols[0], rows[-1], cols[-1]))
    return sorted(out)


def _runs(indices: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs of sorted indices: [1,2,3,5,6] -> [(1,3),(5,6)]."""
    runs: list[tuple[int, int]] = []
    for i in indices:
        if runs and i == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _ref(sheet: str, r: int, c: int) -> str:
    name = sheet if sheet.replace("_", "").isalnum() else "'" + sheet.replace("'", "''") + "'"
    return f"{name}!{get_column_letter(c)}{r}"


def _region_blocks(sheet: str, values: dict, spans: dict, r0: int, c0: int, r1: int, c1: int) -> list[Block]:
    def row_cells(r: int) -> list[tuple[int, _Value]]:
        return [(c, values[(r, c)]) for c in range(c0, c1 + 1) if (r, c) in values]

    def is_title(r: int) -> bool:
        cells = row_cells(r)
        return len(cells) == 1 and cells[0][1].number is None

    top, bottom = r0, r1
    if c1 > c0:  # a one-column region is all paragraphs
        while top <= bottom and is_title(top):
            top += 1
        while bottom >= top and is_title(bottom):
            bottom -= 1
    else:
        top = bottom + 1
    if top == bottom:  # a single row is not a table: one paragraph per row
        top = bottom + 1
    before = [_paragraph(sheet, r, row_cells(r)) for r in range(r0, min(top, r1 + 1))]
    after = [_paragraph(sheet, r, row_cells(r)) for r in range(max(bottom + 1, top), r1 + 1)]
    blocks: list[Block] = [p for p in before if p is not None]
    if top <= bottom:
        blocks.append(_table(sheet, values, spans, top, c0, bottom, c1))
    blocks.extend(p for p in after if p is not None)
    return blocks


def _paragraph(sheet: str, r: int, cells: list[tuple[int, _Value]]) -> Paragraph | None:
    if not cells:
        return None
    text = " ".join(v.text for _, v in cells)
    return Paragraph(text, Provenance(line=r, ref=_ref(sheet, r, cells[0][0])))


def _table(sheet: str, values: dict, spans: dict, r0: int, c0: int, r1: int, c1: int) -> Table:
    rows = []
    for r in range(r0, r1 + 1):
        cells = []
        for c in range(c0, c1 + 1):
            v = values.get((r, c))
            span = spans.get((r, c))
            if v is None and span is None:
                continue
            rs, cs = span or (1, 1)
            # a merge reaching past the region (never expected) is cut at its edge
            rs, cs = min(rs, r1 - r + 1), min(cs, c1 - c + 1)
            cells.append(Cell(text=v.text if v else "", row=r - r0, col=c - c0, row_span=rs, col_span=cs,
                              prov=Provenance(line=r, ref=_ref(sheet, r, c)),
                              number=v.number if v else None, number_unit=v.unit if v else ""))
        rows.append(tuple(cells))
    return Table(rows=tuple(rows), prov=Provenance(line=r0, ref=_ref(sheet, r0, c0)))
