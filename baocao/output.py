"""Write the dataset: values/reports as Parquet and CSV, baocao.duckdb and baocao.sqlite
(tables `facts` and `reports`), baocao.xlsx and datapackage.json.

`write_outputs_frames` is the one place the combined output is assembled: whatever produced
the frames (a list of records, per-file Parquet parts), the dataset-wide columns (value_id,
report_key, is_preferred_source, same_as) are computed here, then `finalise_values` applies
the reviews, then every file is written.

Every file is written to a temporary name in the output folder and moved into place in one
step, so a crash never leaves a half-written file and never destroys the previous complete one.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from schemas.contract import REPORTS_COLUMNS, VALUES_COLUMNS, column_names

from .side_job import side_job
from .store import dedupe
from .store.csv_file import FORMULA_START, write_csv_table
from .store.databases import read_reviews, sqlite_rows, write_duckdb, write_sqlite
from .store.frames import conform, joined_text, text_frame, to_arrow

_UMASK = os.umask(0o22)
os.umask(_UMASK)
# written by the second process at jobs > 1: about half of the writing after the fork (on 111,660 values
# the workbook ~2.5 s + the CSV files ~0.9 s there; SQLite ~2.2 s + DuckDB ~0.8 s + Parquet ~0.1 s here)
SIDE_FILES = ("baocao.xlsx", "values.csv", "reports.csv")


def to_frame(records: Iterable, columns: tuple[tuple[str, str, str], ...]) -> pd.DataFrame:
    """Records (frozen dataclasses) as a frame typed by the contract; columns a record does
    not carry are added empty (or with their default)."""
    rows = [dataclasses.asdict(r) for r in records]
    return conform(pd.DataFrame(rows, columns=column_names(columns)), columns)


def excel_safe(df: pd.DataFrame) -> pd.DataFrame:
    """Text cells starting with = + - @ would run as formulas in a spreadsheet: prefix a quote (CSV only;
    the .xlsx writes text cells as text). Columns come back as plain objects. The pandas form of
    the CSV (`csv_reference`): write_csv makes the same bytes faster."""
    out = df.astype(object)
    for name in df.columns:
        if df[name].dtype == "string":
            risky = df[name].str.startswith(FORMULA_START).fillna(False).to_numpy(dtype=bool)
            if risky.any():
                out.loc[risky, name] = "'" + df.loc[risky, name].astype(object)
    return out


def write_csv(path: Path, df: pd.DataFrame, columns, table=None) -> None:
    """One table as CSV: BOM so that Excel shows Vietnamese; formula-looking text made inert; dot
    decimals (en-US). table: the same rows as Arrow (to_arrow), when at hand."""
    write_csv_table(path, to_arrow(df, columns) if table is None else table, columns)


def csv_reference(path: Path, df: pd.DataFrame, columns) -> None:
    """The CSV as pandas writes it: the definition write_csv's bytes are checked against."""
    excel_safe(text_frame(df, columns)).to_csv(path, index=False, encoding="utf-8-sig")


def sqlite_tables(values: pd.DataFrame, reports: pd.DataFrame,
                  arrow: dict[str, pa.Table] | None = None) -> dict[str, tuple[pd.DataFrame, list[list]]]:
    """What write_sqlite stores as `facts` and `reports`: text_frame's column types, and the values
    taken from the Arrow tables when given (the same values: flags ';'-text, dates ISO, null None)."""
    out = {}
    for table, name, df, cols in (("facts", "values", values, VALUES_COLUMNS), ("reports", "reports", reports,
                                                                              REPORTS_COLUMNS)):
        if arrow is None:
            out[table] = sqlite_rows(text_frame(df, cols))
        else:
            out[table] = (text_frame(df.iloc[:0], cols), [_sql_values(arrow[name].column(n), t) for n, t, _ in cols])
    return out


def _sql_values(col: pa.ChunkedArray, typ: str) -> list:
    if typ == "list":
        return joined_text(col).to_pylist()
    if typ == "date":
        return col.cast(pa.string()).to_pylist()
    return col.to_pylist()  # to_arrow made NaN null


def _atomic(path: Path, write: Callable[[Path], None]) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes the file private; outputs are for sharing
        write(Path(tmp))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def link_dataset(values_df: pd.DataFrame, reports_df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Typed frames with the dataset-wide columns filled: value_id, report_key (+ basis),
    is_preferred_source (reports and values) and same_as."""
    values = conform(values_df, VALUES_COLUMNS)
    reports = conform(reports_df, REPORTS_COLUMNS)
    values["value_id"] = dedupe.fill_value_ids(values)
    reports["report_key"], reports["report_key_basis"] = dedupe.report_keys(reports, values)
    reports["is_preferred_source"] = dedupe.preferred(reports, values)
    for col in ("report_key", "is_preferred_source"):
        values[col] = _per_file(values, reports, col)
    values["same_as"] = dedupe.same_as(values)
    return values, reports


def _per_file(values: pd.DataFrame, reports: pd.DataFrame, col: str) -> pd.Series:
    """A reports column for each value, by report_id and source_file (the same file given twice has
    one report_id and two paths), else by report_id alone."""
    keys = ["report_id", "source_file"]
    both = reports.drop_duplicates(keys).set_index(keys)[col]
    found = both.reindex(pd.MultiIndex.from_frame(values[keys].astype(object))).to_numpy()
    alone = values["report_id"].map(reports.drop_duplicates("report_id").set_index("report_id")[col]).to_numpy()
    out = pd.Series(found, index=values.index).fillna(pd.Series(alone, index=values.index))
    return out.astype(reports[col].dtype)


def finalise_values(values_df: pd.DataFrame, reviews_df: pd.DataFrame | None) -> pd.DataFrame:
    """The last step before writing: apply reviewers' decisions (`reviews` table of baocao.duckdb)
    to review_status / value_reviewed. Until decisions are applied every value is 'unreviewed'."""
    from .review.store import apply_reviews

    out = values_df.copy()
    if reviews_df is not None and len(reviews_df) and {"value_id", "decision"} <= set(reviews_df.columns):
        out = apply_reviews(out, reviews_df)
    out["review_status"] = out["review_status"].fillna("unreviewed")
    return out


def write_outputs_frames(out_dir: Path, values_df: pd.DataFrame, reports_df: pd.DataFrame,
                         jobs: int = 1) -> dict[str, Path]:
    """Assemble and write every output from the combined frames; returns file name -> path.
    jobs > 1: the files named in SIDE_FILES are written by a second process meanwhile."""
    from .store.datapackage import write_datapackage
    from .store.excel import write_xlsx

    out_dir.mkdir(parents=True, exist_ok=True)
    duck = out_dir / "baocao.duckdb"
    reviews = read_reviews(duck)  # before anything is written: a locked database stops the run here
    values, reports = link_dataset(values_df, reports_df)
    values = finalise_values(values, reviews)
    frames = {"values": (values, VALUES_COLUMNS), "reports": (reports, REPORTS_COLUMNS)}
    arrow = {name: to_arrow(df, cols) for name, (df, cols) in frames.items()}  # before the fork: both use them
    comments = {"facts": {n: d for n, _, d in VALUES_COLUMNS}, "reports": {n: d for n, _, d in REPORTS_COLUMNS}}
    writers: dict[str, Callable[[Path], None]] = {}
    for name, (df, cols) in frames.items():
        writers[f"{name}.parquet"] = lambda p, t=arrow[name]: _atomic(p, lambda tmp: pq.write_table(t, tmp))
        writers[f"{name}.csv"] = lambda p, d=df, c=cols, t=arrow[name]: _atomic(p, lambda tmp: write_csv(tmp, d, c, t))
    writers["baocao.duckdb"] = lambda p: write_duckdb(p, {"facts": arrow["values"], "reports": arrow["reports"]},
                                                      comments)
    writers["baocao.sqlite"] = lambda p: write_sqlite(p, sqlite_tables(values, reports, arrow), list(values.columns))
    writers["baocao.xlsx"] = lambda p: _atomic(p, lambda tmp: write_xlsx(tmp, {"facts": (arrow["values"], VALUES_COLUMNS),
                                                                          "reports": (arrow["reports"], REPORTS_COLUMNS)}))

    def side_files() -> None:
        for name in SIDE_FILES:
            writers[name](out_dir / name)

    side = side_job(side_files, parallel=jobs > 1)
    for name, write in writers.items():
        if name not in SIDE_FILES:
            write(out_dir / name)
    side()
    written = {name: out_dir / name for name in writers}
    dp = out_dir / "datapackage.json"
    _atomic(dp, lambda p: write_datapackage(p, out_dir))
    written["datapackage.json"] = dp
    return written


def write_outputs(out_dir: Path, values: list, reports: list) -> dict[str, Path]:
    """The record-list form of write_outputs_frames."""
    return write_outputs_frames(out_dir, to_frame(values, VALUES_COLUMNS), to_frame(reports, REPORTS_COLUMNS))
