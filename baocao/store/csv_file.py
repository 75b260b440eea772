"""values.csv / reports.csv from the Arrow table, byte for byte what pandas' to_csv writes for
`excel_safe(text_frame(df))` (the reference form, kept in baocao/output.py and compared in the tests).

pandas hands every cell to Python's csv module, which costs seconds on a large dataset; here each
column becomes its CSV text in Arrow compute kernels and the rows are joined there too. The rules
followed are those of csv.writer with pandas' settings (QUOTE_MINIMAL, '"' doubled, lineterminator
'\\n'): a field is quoted when it holds ',', '"' or '\\n' (a lone '\\r' is not quoted); nulls are empty;
numbers and booleans read as Python's str() gives them (repr for floats: '100.0', '1e-05').
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .frames import joined_text

Columns = tuple[tuple[str, str, str], ...]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # text a spreadsheet would run: a quote goes before it
_NEEDS_QUOTES = '[,"\n]'
BOM = "\ufeff".encode("utf-8")
CHUNK_ROWS = 32_768


def quote_text(text: str) -> str:
    """One header or text field as csv.writer writes it."""
    return f'"{text.replace(chr(34), chr(34) * 2)}"' if any(c in text for c in ',"\n') else text


def _text_field(arr: pa.Array) -> pa.Array:
    """Text cells: the formula guard, then the quoting (each rewrite only where it is needed: few cells)."""
    risky = pc.starts_with(arr, FORMULA_START[0])
    for start in FORMULA_START[1:]:
        risky = pc.or_(risky, pc.starts_with(arr, start))
    arr = _rewrite(arr, risky, lambda a: pc.binary_join_element_wise("'", a, ""))
    needs = pc.match_substring_regex(arr, _NEEDS_QUOTES)
    return _rewrite(arr, needs, lambda a: pc.binary_join_element_wise('"', pc.replace_substring(a, '"', '""'), '"', ""))


def _rewrite(arr: pa.Array, where: pa.Array, how) -> pa.Array:
    where = pc.fill_null(where, False)
    if not pc.any(where).as_py():
        return arr
    return pc.replace_with_mask(arr, where, how(arr.filter(where)))


def _float_field(arr: pa.Array) -> pa.Array:
    # Arrow's own float text differs from Python's ('123' for 123.0), so repr: of each distinct value once
    distinct = pc.unique(arr.drop_null())
    text = pa.array([repr(v) for v in distinct.to_pylist()], pa.string())
    return pc.take(text, pc.index_in(arr, distinct))


def field_text(arr: pa.Array, typ: str) -> pa.Array:
    """A contract column as its CSV fields (null for an empty field)."""
    if typ == "list":
        return _text_field(joined_text(arr))
    if typ == "string":
        return _text_field(arr)
    if typ == "float":
        return _float_field(arr)
    if typ == "bool":
        return pc.if_else(arr, "True", "False")
    return pc.cast(arr, pa.string())  # int: decimal digits; date: ISO, as date.isoformat()


def csv_body(table: pa.Table, columns: Columns) -> pa.Buffer:
    """The rows (no header), each ended by '\\n', as one UTF-8 buffer."""
    if not len(table):
        return pa.py_buffer(b"")
    fields = [pc.fill_null(field_text(table.column(name).combine_chunks(), typ), "") for name, typ, _ in columns]
    lines = pc.binary_join_element_wise(*fields, ",")
    lines = pc.binary_join_element_wise(lines, "", "\n")  # line + '\n' + ''
    _, offsets, data = lines.buffers()
    bounds = np.frombuffer(offsets, dtype=np.int32)[lines.offset:lines.offset + len(lines) + 1]
    return data[int(bounds[0]):int(bounds[-1])]


def write_csv_table(path: Path, table: pa.Table, columns: Columns) -> None:
    """UTF-8 with a BOM (Excel then shows Vietnamese), a header row, then the rows."""
    header = ",".join(quote_text(name) for name, _, _ in columns) + "\n"
    with open(path, "wb") as fh:
        fh.write(BOM + header.encode("utf-8"))
        # in row chunks: bounded memory, and text offsets that fit in 32 bits
        fh.writelines(csv_body(table.slice(at, CHUNK_ROWS), columns) for at in range(0, len(table), CHUNK_ROWS))
