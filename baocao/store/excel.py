"""baocao.xlsx: one typed sheet per table and a README sheet.

Numbers are number cells, dates are date cells with an ISO format, text is text cells (a cell
reading '=HYPERLINK(…)' stays text and needs no quote prefix). Cell types, not text, carry the
numbers, so the file reads the same in a Vietnamese-locale spreadsheet (comma decimals) as in
an English one.

Written by rustpy-xlsxwriter (Rust's rust_xlsxwriter): about six times faster than the pure
Python writer on a dataset of 100,000 values, and row by row, so memory stays flat. The workbook
is the slowest output of a batch, and the one the whole batch waits for.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import rustpy_xlsxwriter as rx

from schemas.contract import REPORTS_COLUMNS, VALUES_COLUMNS

from baocao.flags import ALL_FLAGS

from .frames import joined_text, to_arrow

Columns = tuple[tuple[str, str, str], ...]
MAX_ROWS = 1_048_576 - 1  # Excel's row limit, less the header
MAX_TEXT = 32_767  # Excel's limit for one cell's text: longer text is cut there
_WIDTH = {"string": 24, "int": 8, "float": 12, "date": 11, "bool": 8, "list": 24}
README_NOTES = (
    "baocao.xlsx: the dataset for Excel. Numbers, dates and text are typed cells, so decimals show in your "
    "own locale (98,75 in a Vietnamese Excel). The CSV files are en-US (dot decimals, UTF-8 with BOM): "
    "open this file instead of the CSV in a Vietnamese-locale Excel.",
    "facts: one row per value found; reports: one row per file. Each column is described below; "
    "flags are listed at the end.",
)


def _text(values: list) -> list:
    return [v if v is None or len(v) <= MAX_TEXT else v[:MAX_TEXT] for v in values]


def _cells(series: pd.Series, typ: str) -> pd.Series:
    """A column in the form the writer turns into typed cells; null stays an empty cell."""
    if typ == "list":
        return pd.Series(_text([";".join(v) if v is not None and len(v) else None
                                for v in series.to_numpy(dtype=object).tolist()]), dtype=object)
    if typ in ("int", "float"):
        return pd.Series(pd.to_numeric(series, errors="coerce").astype("float64").to_numpy(), dtype="float64")
    if typ == "date":
        return pd.Series(pd.to_datetime(series.to_numpy(dtype=object, na_value=None), errors="coerce"))
    values = series.to_numpy(dtype=object, na_value=None).tolist()
    if typ == "bool":
        return pd.Series([None if v is None else bool(v) for v in values], dtype=object)
    return pd.Series(_text([None if v is None else str(v) for v in values]), dtype=object)


def _sheet_frame(df: pd.DataFrame, columns: Columns) -> pd.DataFrame:
    """The plain form of a sheet (a Python value per cell): _sheet_table gives the same cells."""
    return pd.DataFrame({name: _cells(df[name].reset_index(drop=True), typ) for name, typ, _ in columns})


def _cut(arr: pa.Array) -> pa.Array:
    if len(arr) and (pc.max(pc.utf8_length(arr)).as_py() or 0) > MAX_TEXT:
        return pc.utf8_slice_codeunits(arr, 0, MAX_TEXT)  # counts characters, as str slicing does
    return arr


def _arrow_cells(arr: pa.Array, typ: str) -> pa.Array:
    """A contract column (as to_arrow gives it) in the types the writer makes typed cells of."""
    if typ == "list":
        return _cut(joined_text(arr))
    if typ in ("int", "float"):
        return pc.cast(arr, pa.float64())
    if typ == "date":
        return pc.cast(arr, pa.timestamp("s"))  # a date cell; pandas gives Python dates this unit too
    if typ == "bool":
        return arr
    return _cut(arr)


def _sheet_table(table: pa.Table, columns: Columns) -> pa.Table:
    """A sheet straight from the Arrow table: no Python object per cell."""
    return pa.Table.from_arrays([_arrow_cells(table.column(name).combine_chunks(), typ) for name, typ, _ in columns],
                                names=[name for name, _, _ in columns])


def _readme_frame() -> pd.DataFrame:
    rows = [(table, name, typ, meaning) for table, cols in (("facts", VALUES_COLUMNS), ("reports", REPORTS_COLUMNS))
            for name, typ, meaning in cols]
    rows += [("flag", slug, "", meaning) for slug, meaning in ALL_FLAGS.items()]
    return pd.DataFrame(rows, columns=["table", "column", "type", "meaning"], dtype=object)


def write_xlsx(path: Path, sheets: dict[str, tuple[pd.DataFrame | pa.Table, Columns]], plain: bool = False) -> None:
    """sheets: name -> (the rows, as a frame or as to_arrow's table; the contract's columns).
    plain: each cell made a Python value first (_sheet_frame), the form the fast one is checked against."""
    header = rx.Format().set_bold().set_background_color("#DDEBF7").set_border("thin")
    wrap = rx.Format().set_text_wrap()
    entries, widths, formats = [], {}, {}
    for name, (rows, cols) in sheets.items():
        table = rows if isinstance(rows, pa.Table) else to_arrow(rows, cols)
        for n, start in enumerate(range(0, max(len(table), 1), MAX_ROWS)):
            sheet = name if n == 0 else f"{name} ({n + 1})"
            part = table.slice(start, MAX_ROWS)
            entries.append((sheet, _sheet_frame(part.to_pandas(), cols) if plain else _sheet_table(part, cols)))
            widths[sheet] = {col: _WIDTH[typ] for col, typ, _ in cols}
    r0 = len(README_NOTES) + 1  # the notes, a blank row, then the README's table
    entries.append(("README", _readme_frame()))
    widths["README"] = {"table": 10, "column": 28, "type": 8, "meaning": 110}
    formats["README"] = {"meaning": wrap}
    freeze = {"general": {"row": 1, "col": 0}, "README": {"row": r0 + 1, "col": 0}}
    rx.write_worksheets(
        entries, str(path), freeze_panes=freeze, datetime_format="yyyy-mm-dd", column_widths=widths,
        column_formats=formats, header_format={"general": header}, autofilter={"general": True},
        header_row={"README": r0}, row_heights={"README": {r: 45.0 for r in range(len(README_NOTES))}},
        merge_ranges={"README": [(r, 0, r, 3, text, wrap) for r, text in enumerate(README_NOTES)]})
