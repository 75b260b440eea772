"""The embedded databases: baocao.duckdb (the analyst's) and baocao.sqlite (the portable copy).

Both hold the tables `facts` (one row per value) and `reports`, and the same views. The
`reviews` table that the review page keeps inside baocao.duckdb is carried over into every
new file, so re-running the extraction never loses a reviewer's decisions.
"""

from __future__ import annotations

import math
import os
import sqlite3
import uuid
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

REVIEW_THRESHOLD = 0.8  # as baocao.pipeline: below it a value needs a look

# name -> (meaning, DuckDB SQL, SQLite SQL). Flags are a list in DuckDB and ';'-text in SQLite.
VIEWS: dict[str, tuple[str, str, str]] = {
    "facts_preferred": (
        "Values of the preferred file of each report (one file per report_key).",
        "SELECT * FROM facts WHERE is_preferred_source",
        "SELECT * FROM facts WHERE is_preferred_source = 1"),
    "fact_once": (
        "Each fact once: the preferred file's values, without the prose figures that repeat an appendix "
        "cell (same_as). Rows that still share indicator, entity, period and report_key disagree: see "
        "fact_conflicts.",
        "SELECT * FROM facts WHERE is_preferred_source AND NOT (origin = 'inline' AND same_as IS NOT NULL)",
        "SELECT * FROM facts WHERE is_preferred_source = 1 AND NOT (origin = 'inline' AND same_as IS NOT NULL)"),
    "fact_conflicts": (
        "Indicator x entity x period x report_key with more than one distinct value in fact_once.",
        "SELECT report_key, indicator_id, {entity} AS entity, period, count(*) AS n_rows, "
        "count(DISTINCT value) AS n_values, list(DISTINCT value) AS values_found FROM fact_once "
        "WHERE indicator_id IS NOT NULL GROUP BY ALL HAVING count(DISTINCT value) > 1",
        "SELECT report_key, indicator_id, {entity} AS entity, period, count(*) AS n_rows, "
        "count(DISTINCT value) AS n_values, group_concat(DISTINCT value) AS values_found FROM fact_once "
        "WHERE indicator_id IS NOT NULL GROUP BY 1, 2, 3, 4 HAVING count(DISTINCT value) > 1"),
    "review_queue": (
        f"Values still unreviewed that carry a flag or have confidence below {REVIEW_THRESHOLD}, lowest "
        "confidence first.",
        f"SELECT * FROM facts WHERE (len(flags) > 0 OR confidence < {REVIEW_THRESHOLD}) "
        "AND coalesce(review_status, 'unreviewed') = 'unreviewed' ORDER BY confidence, source_file, value_id",
        f"SELECT * FROM facts WHERE (flags IS NOT NULL OR confidence < {REVIEW_THRESHOLD}) "
        "AND coalesce(review_status, 'unreviewed') = 'unreviewed' ORDER BY confidence, source_file, value_id"),
}


def _entity_expr(columns) -> str:
    return "entity" if "entity" in columns else "coalesce(agency, scope)"


def _temp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")


def _remove(*paths: Path) -> None:
    for p in paths:
        if p.exists():
            p.unlink()


class ReviewsUnreadable(RuntimeError):
    """The old database cannot be opened, so its reviews cannot be carried over: it is kept as it is."""


class ReviewsLocked(ReviewsUnreadable):
    """The old database is open in another program (the review page)."""


def read_reviews(path: Path) -> pd.DataFrame | None:
    """The `reviews` table of an existing baocao.duckdb, or None when there is none."""
    if not path.exists():
        return None
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise ReviewsLocked(f"{path}: open in another program; close it and run again, so that its "
                                f"reviews are carried over ({exc})") from exc
        raise ReviewsUnreadable(f"{path}: cannot be opened, so its reviews could not be carried over; move it "
                                f"away to start a new database ({exc})") from exc
    try:
        if not con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'reviews'").fetchone()[0]:
            return None
        return con.execute("SELECT * FROM reviews").df()
    finally:
        con.close()


CARRIED_TABLES = ("reviews", "review_sample")  # the review page's decisions and its random sample


def _copy_reviews(con: duckdb.DuckDBPyConnection, old: Path) -> None:
    """Copy the old file's review tables as they were created (constraints kept), with rows and indexes."""
    con.execute(f"ATTACH '{_sql_path(old)}' AS old_db (READ_ONLY)")
    try:
        for table in CARRIED_TABLES:
            _copy_table(con, table, first=table == CARRIED_TABLES[0])
    finally:
        con.execute("DETACH old_db")


def _copy_table(con: duckdb.DuckDBPyConnection, table: str, *, first: bool) -> None:
    found = con.execute("SELECT sql FROM duckdb_tables() WHERE database_name = 'old_db' "
                        "AND table_name = ?", [table]).fetchone()
    if found:
        # sequences first: a column may default to nextval('…'); they go on where they stopped
        for name, start, step, last in (con.execute(
                "SELECT sequence_name, start_value, increment_by, last_value FROM duckdb_sequences() "
                "WHERE database_name = 'old_db'").fetchall() if first else []):
            nxt = start if last is None else last + step
            con.execute(f'CREATE SEQUENCE "{name}" START WITH {int(nxt)} INCREMENT BY {int(step)}')
        con.execute(found[0])  # CREATE TABLE … in the new file's default schema
        con.execute(f'INSERT INTO "{table}" SELECT * FROM old_db."{table}"')
        for (sql,) in con.execute("SELECT sql FROM duckdb_indexes() WHERE database_name = 'old_db' "
                                  "AND table_name = ? AND sql IS NOT NULL", [table]).fetchall():
            con.execute(sql)


def _sql_path(p: Path) -> str:
    return str(p).replace("'", "''")


def _literal(text: str) -> str:
    """A SQL string literal (COMMENT ON takes no parameters)."""
    return "'" + text.replace("'", "''") + "'"


def write_duckdb(path: Path, tables: dict[str, pa.Table], comments: dict[str, dict[str, str]]) -> None:
    """Write a new file under a temporary name, carry `reviews` over, then move it into place."""
    tmp = _temp_name(path)
    try:
        con = duckdb.connect(str(tmp))
        try:
            for name, table in tables.items():
                con.register(f"_{name}_arrow", table)
                con.execute(f"CREATE TABLE {name} AS SELECT * FROM _{name}_arrow")
                con.unregister(f"_{name}_arrow")
                for col, text in comments.get(name, {}).items():
                    con.execute(f"COMMENT ON COLUMN {name}.{col} IS {_literal(text)}")
            entity = _entity_expr(tables["facts"].column_names)
            for view, (meaning, sql, _) in VIEWS.items():
                con.execute(f"CREATE VIEW {view} AS {sql.format(entity=entity)}")
                con.execute(f"COMMENT ON VIEW {view} IS {_literal(meaning)}")
            if path.exists():
                _copy_reviews(con, path)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, path)
        # a write-ahead log left by a crashed session belongs to the replaced file
        _remove(path.with_name(path.name + ".wal"))
    finally:
        _remove(tmp, tmp.with_name(tmp.name + ".wal"))


def _sql_column(s: pd.Series) -> list:
    """A column as the Python values sqlite3 stores: None for null and NaN, bool as 0/1."""
    values = s.to_numpy(dtype=object, na_value=None).tolist()
    return [None if v is None or (isinstance(v, float) and math.isnan(v)) else v for v in values]


def sqlite_rows(df: pd.DataFrame) -> tuple[pd.DataFrame, list[list]]:
    """A frame as write_sqlite takes it: no rows (its column types make the CREATE TABLE) and the columns."""
    return df.iloc[:0], [_sql_column(df[c]) for c in df.columns]


def write_sqlite(path: Path, tables: dict[str, tuple[pd.DataFrame, list[list]]], columns: list[str]) -> None:
    """tables: name -> (a frame whose column types give the table's, the columns' values) (sqlite_rows)."""
    tmp = _temp_name(path)
    try:
        with sqlite3.connect(tmp) as con:
            # a temporary file renamed into place when complete: no journal needed while it is written
            con.execute("PRAGMA journal_mode=OFF")
            con.execute("PRAGMA synchronous=OFF")
            for name, (types, values) in tables.items():
                # pandas' column types (its CREATE TABLE), rows inserted column-wise: to_sql's
                # per-row conversion costs seconds on a large dataset
                con.execute(pd.io.sql.get_schema(types, name, con=con))
                marks = ",".join("?" * len(types.columns))
                con.executemany(f'INSERT INTO "{name}" VALUES ({marks})', zip(*values))
            entity = _entity_expr(columns)
            for view, (_, _, sql) in VIEWS.items():
                con.execute(f"CREATE VIEW {view} AS {sql.format(entity=entity)}")
        con.close()
        os.replace(tmp, path)
    finally:
        _remove(tmp, tmp.with_name(tmp.name + "-journal"))
