"""Frames that follow the contract exactly: every column, in order, with its type.

A missing value is a null (never an empty string) so that Parquet, DuckDB and SQLite say
"unknown" the same way; `flags` is a list of slugs (empty when clean). CSV and Excel get the
text forms from `text_frame`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from schemas.contract import DEFAULTS

Columns = tuple[tuple[str, str, str], ...]

_ARROW = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "date": pa.date32(),
          "bool": pa.bool_(), "list": pa.list_(pa.string())}
_PANDAS = {"string": "string", "int": "Int64", "float": "Float64", "bool": "boolean"}


def as_list(v) -> list[str]:
    """Flags given as 'a;b', a list, a numpy array (read back from Parquet) or null -> ['a', 'b']."""
    if isinstance(v, (list, np.ndarray)):  # the common case: already a list (or read back from Arrow)
        return [str(p) for p in v if isinstance(p, str) and p]
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
        return []
    if isinstance(v, str):
        return [p for p in (s.strip() for s in v.split(";")) if p]
    if isinstance(v, Iterable):
        return [str(p) for p in v if isinstance(p, str) and p]
    raise TypeError(f"cannot read a list of flags from {v!r}")


def _as_date(v):
    # NaT (a missing date read back from the parts) is a datetime to isinstance: caught first
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and np.isnan(v)):
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    ts = pd.to_datetime(v, errors="coerce")
    return None if pd.isna(ts) else ts.date()


def conform(df: pd.DataFrame, columns: Columns) -> pd.DataFrame:
    """The contract's columns in order (missing ones added empty or with their default),
    typed; blank strings become null. Extra columns are dropped."""
    out = pd.DataFrame(index=df.index)
    for name, typ, _ in columns:
        col = df[name] if name in df.columns else pd.Series([DEFAULTS.get(name)] * len(df), index=df.index,
                                                            dtype=object)
        if typ == "string":
            out[name] = _blank_is_null(col)
        elif typ == "list":
            out[name] = _lists(col)
        elif typ == "date":
            out[name] = _dates(col)
        elif typ == "bool":
            out[name] = col.astype("boolean")
        else:
            if col.dtype == object:
                col = pd.to_numeric(col.replace("", None), errors="raise")
            out[name] = col.astype(_PANDAS[typ])
        if name in DEFAULTS:
            out[name] = out[name].fillna(DEFAULTS[name])
    return out.reset_index(drop=True)


def joined_text(arr: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """A list column (flags) as its ';'-joined text, null where the list is empty or missing: the
    form the CSV, the workbook and SQLite give it."""
    joined = pc.binary_join(arr, ";")
    return pc.if_else(pc.equal(joined, ""), pa.scalar(None, pa.string()), joined)


def _arrow_text(col: pd.Series) -> pa.ChunkedArray | None:
    if isinstance(col.dtype, pd.StringDtype) and col.dtype.storage == "pyarrow":
        return col.array.__arrow_array__()
    return None


def _blank_is_null(col: pd.Series) -> pd.Series:
    """Text typed as pandas' string, null where it is empty or only whitespace (str.strip's)."""
    arr = _arrow_text(col)
    if arr is None:
        s = col.astype("string")
        return s.mask(s.str.strip() == "")
    # Arrow text as it is (one chunk: later steps run once, not once per part): Arrow's whitespace
    # is str.strip's, so this is the plain path's answer without a stripped copy of every cell
    arr = arr.combine_chunks() if arr.num_chunks != 1 else arr.chunk(0)
    blank = pc.or_(pc.utf8_is_space(arr), pc.equal(pc.binary_length(arr), 0))
    if pc.any(blank).as_py():
        arr = pc.if_else(blank, pa.scalar(None, arr.type), arr)
    return pd.Series(pd.array(arr, dtype=col.dtype), index=col.index)


def _lists(col: pd.Series) -> pd.Series:
    """Flags as lists; the ';'-joined text of the parts is split once per distinct text."""
    if _arrow_text(col) is None:
        return pd.Series([as_list(v) for v in col], index=col.index, dtype=object)
    codes, distinct = pd.factorize(col)
    lists = [as_list(v) for v in distinct]
    return pd.Series([[] if c < 0 else list(lists[c]) for c in codes.tolist()], index=col.index, dtype=object)


def _dates(col: pd.Series) -> pd.Series:
    """Dates as datetime.date objects, None when missing."""
    values = col.to_numpy(dtype=object)
    missing = pd.isna(values)
    if col.dtype == object and all(type(v) is dt.date for v in values[~missing].tolist()):
        out = values.copy()  # already dates (read back from the parts): only the missing ones change
        out[missing] = None
        return pd.Series(out, index=col.index, dtype=object)
    return pd.Series([_as_date(v) for v in values.tolist()], index=col.index, dtype=object)


def arrow_schema(columns: Columns) -> pa.Schema:
    """Arrow schema whose fields carry the contract's meaning as `description` metadata."""
    return pa.schema([pa.field(n, _ARROW[t], nullable=True, metadata={"description": d}) for n, t, d in columns])


def to_arrow(df: pd.DataFrame, columns: Columns) -> pa.Table:
    """The frame as an Arrow table of the contract's schema; NaN is null. Columns are handed to
    Arrow whole (a Python loop per cell costs seconds on a large dataset)."""
    arrays = []
    for name, typ, _ in columns:
        s = df[name]
        typed = _typed_arrow(s, typ)
        if typed is not None:
            arrays.append(typed)
            continue
        if typ == "list":
            values = s.to_numpy(dtype=object).tolist()
        else:
            values = s.to_numpy(dtype=object, na_value=None)
            if typ == "float" or s.dtype == object:
                values = pd.Series(values, dtype=object).where(pd.notna(values), None).to_numpy()
            if typ == "int":
                values = [None if v is None else int(v) for v in values.tolist()] if s.dtype == object else values
        arrays.append(pa.chunked_array([pa.array(values, type=_ARROW[typ], from_pandas=True)], _ARROW[typ]))
    return pa.Table.from_arrays(arrays, schema=arrow_schema(columns)).combine_chunks()


def _typed_arrow(s: pd.Series, typ: str) -> pa.ChunkedArray | None:
    """A column already of the contract's pandas type, as Arrow without a Python object per cell
    (pandas' string type holds Arrow data already); None for any other column."""
    text = _arrow_text(s) if typ == "string" else None
    if text is not None:
        arr = text
    elif typ in _PANDAS and str(s.dtype) == _PANDAS[typ] and typ != "string":
        arr = s.array.__arrow_array__()
        if typ == "float":  # pandas' Float64 may hold NaN beside its nulls: null in the outputs
            arr = pc.if_else(pc.is_nan(arr), pa.scalar(None, pa.float64()), arr)
    else:
        return None
    arr = arr if isinstance(arr, pa.ChunkedArray) else pa.chunked_array([arr], arr.type)
    return arr.cast(_ARROW[typ])


def text_frame(df: pd.DataFrame, columns: Columns) -> pd.DataFrame:
    """The same frame for CSV: flags joined with ';', dates ISO, nulls left empty."""
    out = df.copy()
    for name, typ, _ in columns:
        if typ == "list":
            out[name] = out[name].map(lambda v: ";".join(v)).astype("string").mask(lambda s: s == "")
        elif typ == "date":
            out[name] = out[name].map(lambda v: v.isoformat() if v is not None else None).astype("string")
    return out
