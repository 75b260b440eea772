"""Write `values` and `reports` as Parquet, CSV and an SQLite database.

Every file is written to a temporary name in the output folder and moved into
place in one step, so a crash never leaves a half-written file and never
destroys the previous complete one.
"""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd

from schemas.contract import REPORTS_COLUMNS, VALUES_COLUMNS, column_names

_PANDAS_TYPES = {"string": "string", "int": "Int64", "float": "Float64", "date": "datetime64[ns]"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def to_frame(records: Iterable, columns: tuple[tuple[str, str, str], ...]) -> pd.DataFrame:
    rows = [dataclasses.asdict(r) for r in records]
    df = pd.DataFrame(rows, columns=column_names(columns))
    for name, typ, _ in columns:
        if typ == "date":
            df[name] = pd.to_datetime(df[name], errors="coerce").dt.date
        else:
            df[name] = df[name].astype(_PANDAS_TYPES[typ])
    return df


def excel_safe(df: pd.DataFrame) -> pd.DataFrame:
    """Text cells starting with = + - @ would run as formulas in Excel: prefix a quote."""
    out = df.copy()
    for name in out.columns:
        if out[name].dtype == "string":
            out[name] = out[name].map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v, na_action="ignore")
    return out


def _atomic(path: Path, write: Callable[[Path], None]) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _write_sqlite(path: Path, frames: dict[str, pd.DataFrame]) -> None:
    with sqlite3.connect(path) as con:
        for name, df in frames.items():
            df.to_sql(name, con, index=False, if_exists="replace")


def write_outputs(out_dir: Path, values: list, reports: list) -> dict[str, Path]:
    """Records in, every output file out (see write_outputs_frames)."""
    return write_outputs_frames(out_dir, to_frame(values, VALUES_COLUMNS), to_frame(reports, REPORTS_COLUMNS))


def write_outputs_frames(out_dir: Path, values_df: pd.DataFrame, reports_df: pd.DataFrame) -> dict[str, Path]:
    """Write the typed `values` and `reports` frames (as to_frame makes them) into out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    frames = {"values": values_df, "reports": reports_df}
    written: dict[str, Path] = {}
    for name, df in frames.items():
        pq = out_dir / f"{name}.parquet"
        _atomic(pq, lambda p, df=df: df.to_parquet(p, index=False))
        csv = out_dir / f"{name}.csv"
        # BOM so that Excel shows Vietnamese; formula-looking text made inert
        _atomic(csv, lambda p, df=df: excel_safe(df).to_csv(p, index=False, encoding="utf-8-sig"))
        written[f"{name}.parquet"], written[f"{name}.csv"] = pq, csv
    db = out_dir / "baocao.sqlite"
    _atomic(db, lambda p: _write_sqlite(p, frames))
    written["baocao.sqlite"] = db
    return written
