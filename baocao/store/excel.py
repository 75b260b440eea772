"""baocao.xlsx: one typed sheet per table and a README sheet.

Numbers are number cells, dates are date cells with an ISO format, text is written with
write_string (so a cell reading '=HYPERLINK(…)' stays text and no quote prefix is needed).
Cell types, not text, carry the numbers, so the file reads the same in a Vietnamese-locale
spreadsheet (comma decimals) as in an English one.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pandas as pd
import xlsxwriter

from schemas.contract import REPORTS_COLUMNS, VALUES_COLUMNS

from baocao.flags import ALL_FLAGS

Columns = tuple[tuple[str, str, str], ...]
MAX_ROWS = 1_048_576 - 1  # Excel's row limit, less the header
STREAM_ROWS = 300_000  # above this many rows the workbook is written row by row (memory stays flat)
_WIDTH = {"string": 24, "int": 8, "float": 12, "date": 11, "bool": 8, "list": 24}


def _blank(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def _cells(series: pd.Series, typ: str) -> list:
    """A column as the Python values its cells get, None where the cell stays empty (converted
    column by column: pandas' per-row iteration costs more than writing the cell)."""
    raw = series.to_numpy(dtype=object, na_value=None).tolist()
    if typ == "list":
        return [";".join(v) if v is not None and len(v) else None for v in raw]
    if typ in ("int", "float"):
        return [None if _blank(v) else float(v) for v in raw]
    if typ == "date":
        return [None if _blank(v) else dt.datetime.combine(v, dt.time()) for v in raw]
    if typ == "bool":
        return [None if _blank(v) else bool(v) for v in raw]
    return [None if _blank(v) else str(v) for v in raw]


def _write_sheet(wb: xlsxwriter.Workbook, name: str, df: pd.DataFrame, columns: Columns, fmt: dict) -> None:
    ws = wb.add_worksheet(name)
    for c, (col, typ, _) in enumerate(columns):
        ws.write_string(0, c, col, fmt["header"])
        ws.set_column(c, c, _WIDTH[typ], fmt.get(typ))
    write = {"list": ws.write_string, "string": ws.write_string, "int": ws.write_number,
             "float": ws.write_number, "bool": ws.write_boolean}
    cols = [(c, _cells(df[col], typ), write.get(typ)) for c, (col, typ, _) in enumerate(columns)]
    for r in range(len(df)):
        for c, cells, writer in cols:
            v = cells[r]
            if v is None:
                continue
            if writer is None:  # a date: its own format
                ws.write_datetime(r + 1, c, v, fmt["date"])
            else:
                writer(r + 1, c, v)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(df), 1), len(columns) - 1)


def _write_readme(wb: xlsxwriter.Workbook, fmt: dict) -> None:
    ws = wb.add_worksheet("README")
    ws.set_column(0, 0, 10)
    ws.set_column(1, 1, 28)
    ws.set_column(2, 2, 8)
    ws.set_column(3, 3, 110, fmt["wrap"])
    notes = [
        "baocao.xlsx: the dataset for Excel. Numbers, dates and text are typed cells, so decimals show in your "
        "own locale (98,75 in a Vietnamese Excel). The CSV files are en-US (dot decimals, UTF-8 with BOM): "
        "open this file instead of the CSV in a Vietnamese-locale Excel.",
        "facts: one row per value found; reports: one row per file. Each column is described below; "
        "flags are listed at the end.",
    ]
    for r, text in enumerate(notes):
        ws.write_string(r, 0, text)
    r0 = len(notes) + 1
    for c, h in enumerate(("table", "column", "type", "meaning")):
        ws.write_string(r0, c, h, fmt["header"])
    r = r0 + 1
    for table, cols in (("facts", VALUES_COLUMNS), ("reports", REPORTS_COLUMNS)):
        for name, typ, meaning in cols:
            for c, text in enumerate((table, name, typ, meaning)):
                ws.write_string(r, c, text)
            r += 1
    for slug, meaning in ALL_FLAGS.items():
        for c, text in enumerate(("flag", slug, "", meaning)):
            ws.write_string(r, c, text)
        r += 1
    ws.freeze_panes(r0 + 1, 0)
    ws.autofilter(r0, 0, r - 1, 3)


def write_xlsx(path: Path, sheets: dict[str, tuple[pd.DataFrame, Columns]]) -> None:
    # Up to STREAM_ROWS rows the cells are kept until the end and a text repeated in many rows (file,
    # section, flags, sentence) is written once, as a shared string: 30 % faster, about 3 KB more memory
    # per row. Larger datasets are written row by row (constant_memory). No string is ever turned into
    # a formula, number or link.
    streaming = sum(len(df) for df, _ in sheets.values()) > STREAM_ROWS
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": streaming, "strings_to_formulas": False,
                                         "strings_to_numbers": False, "strings_to_urls": False})
    fmt = {"header": wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1}),
           "date": wb.add_format({"num_format": "yyyy-mm-dd"}), "wrap": wb.add_format({"text_wrap": True})}
    for name, (df, cols) in sheets.items():
        parts = [df.iloc[i:i + MAX_ROWS] for i in range(0, max(len(df), 1), MAX_ROWS)]
        for n, part in enumerate(parts):
            _write_sheet(wb, name if n == 0 else f"{name} ({n + 1})", part, cols, fmt)
    _write_readme(wb, fmt)
    wb.close()
