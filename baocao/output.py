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
import pyarrow.parquet as pq

from schemas.contract import REPORTS_COLUMNS, VALUES_COLUMNS, column_names

from .side_job import side_job
from .store import dedupe
from .store.csv_file import FORMULA_START, write_csv_table
from .store.databases import read_reviews, write_duckdb, write_sqlite
from .store.frames import conform, text_frame, to_arrow

_UMASK = os.umask(0o22)
os.umask(_UMASK)
# which process writes the CSV files and the SQLite file at jobs > 1 (the workbook is always "side")
CSV_PROCESS, SQLITE_PROCESS = "main", "side"


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


def sqlite_tables(values: pd.DataFrame, reports: pd.DataFrame, arrow=None) -> dict[str, pd.DataFrame]:
    """The frames write_sqlite stores as `facts` and `reports`."""
    return {"facts": text_frame(values, VALUES_COLUMNS), "reports": text_frame(reports, REPORTS_COLUMNS)}


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
    jobs > 1: the workbook and the SQLite file are written by a second process meanwhile."""
    from .store.datapackage import write_datapackage
    from .store.excel import write_xlsx

    out_dir.mkdir(parents=True, exist_ok=True)
    duck = out_dir / "baocao.duckdb"
    reviews = read_reviews(duck)  # before anything is written: a locked database stops the run here
    values, reports = link_dataset(values_df, reports_df)
    values = finalise_values(values, reviews)
    frames = {"values": (values, VALUES_COLUMNS), "reports": (reports, REPORTS_COLUMNS)}
    xlsx, db = out_dir / "baocao.xlsx", out_dir / "baocao.sqlite"

    def workbook_and_sqlite() -> None:  # about half of the writing, so a second process takes it
        _atomic(xlsx, lambda p: write_xlsx(p, {"facts": frames["values"], "reports": frames["reports"]}))
        write_sqlite(db, sqlite_tables(values, reports), list(values.columns))

    side = side_job(workbook_and_sqlite, parallel=jobs > 1)
    written: dict[str, Path] = {}
    arrow = {}
    for name, (df, cols) in frames.items():
        table = arrow[name] = to_arrow(df, cols)
        path = out_dir / f"{name}.parquet"
        _atomic(path, lambda p, t=table: pq.write_table(t, p))
        csv = out_dir / f"{name}.csv"
        _atomic(csv, lambda p, d=df, c=cols, t=table: write_csv(p, d, c, t))
        written[f"{name}.parquet"], written[f"{name}.csv"] = path, csv
    comments = {"facts": {n: d for n, _, d in VALUES_COLUMNS}, "reports": {n: d for n, _, d in REPORTS_COLUMNS}}
    write_duckdb(duck, {"facts": arrow["values"], "reports": arrow["reports"]}, comments)
    written["baocao.duckdb"] = duck
    side()
    written["baocao.sqlite"], written["baocao.xlsx"] = db, xlsx
    dp = out_dir / "datapackage.json"
    _atomic(dp, lambda p: write_datapackage(p, out_dir))
    written["datapackage.json"] = dp
    return written


def write_outputs(out_dir: Path, values: list, reports: list) -> dict[str, Path]:
    """The record-list form of write_outputs_frames."""
    return write_outputs_frames(out_dir, to_frame(values, VALUES_COLUMNS), to_frame(reports, REPORTS_COLUMNS))
