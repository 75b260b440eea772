"""Outputs: nulls not empty strings, typed Parquet with descriptions, DuckDB/SQLite tables and views,
reviews carried over a rewrite, the data package validates, polars reads the CSV."""

import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from baocao.batch import run_batch
from baocao.ids import value_id
from baocao.output import write_outputs_frames
from baocao.store.databases import VIEWS, ReviewsLocked
from schemas.contract import REPORTS_COLUMNS, VALUES_COLUMNS, column_names

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = [ROOT / "samples" / "province_office_q1_2024.txt", ROOT / "samples" / "province_office_q1_2024.docx",
           ROOT / "samples" / "district_2011_2020_summary.txt"]
STRING_COLUMNS = {"facts": [n for n, t, _ in VALUES_COLUMNS if t == "string"],
                  "reports": [n for n, t, _ in REPORTS_COLUMNS if t == "string"]}


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    d = tmp_path_factory.mktemp("out")
    run_batch(SAMPLES, d)
    return d


def test_every_output_is_written_and_no_temporary_file_is_left(out):
    for name in ("values.parquet", "values.csv", "reports.parquet", "reports.csv", "baocao.duckdb",
                 "baocao.sqlite", "baocao.xlsx", "datapackage.json"):
        assert (out / name).stat().st_size > 0, name
    assert not list(out.glob(".*"))


def test_missing_text_is_null_never_an_empty_string(out):
    for name, table in (("values", "facts"), ("reports", "reports")):
        df = pd.read_parquet(out / f"{name}.parquet")
        for col in STRING_COLUMNS[table]:
            assert not (df[col] == "").any(), (name, col)
            assert not df[col].map(lambda v: isinstance(v, str) and not v.strip()).any(), (name, col)
        assert df[STRING_COLUMNS[table]].isna().any().any()  # there are missing values, and they are null
    with duckdb.connect(str(out / "baocao.duckdb"), read_only=True) as con:
        for table, cols in STRING_COLUMNS.items():
            blank = " OR ".join(f"{c} = ''" for c in cols)
            assert con.execute(f"SELECT count(*) FROM {table} WHERE {blank}").fetchone()[0] == 0, table
    import sqlite3
    with sqlite3.connect(out / "baocao.sqlite") as con:
        for table, cols in STRING_COLUMNS.items():
            blank = " OR ".join(f"{c} = ''" for c in cols)
            assert con.execute(f"SELECT count(*) FROM {table} WHERE {blank}").fetchone()[0] == 0, table
        assert con.execute("SELECT count(*) FROM facts WHERE agency IS NULL").fetchone()[0] > 0


def test_parquet_is_typed_and_carries_the_column_meanings(out):
    schema = pq.read_schema(out / "values.parquet")
    assert schema.names == column_names(VALUES_COLUMNS)
    assert schema.field("flags").type == pa.list_(pa.string())
    assert schema.field("value").type == pa.float64() and schema.field("period_start").type == pa.date32()
    assert schema.field("is_preferred_source").type == pa.bool_()
    for name, _, meaning in VALUES_COLUMNS:
        assert schema.field(name).metadata[b"description"].decode("utf-8") == meaning
    flags = pd.read_parquet(out / "values.parquet")["flags"]
    assert any("label_matched_by_context" in list(f) for f in flags)
    assert all(";" not in s for f in flags for s in f)


def test_duckdb_tables_views_and_one_row_per_fact(out):
    with duckdb.connect(str(out / "baocao.duckdb"), read_only=True) as con:
        names = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        assert {"facts", "reports", *VIEWS} <= names
        assert con.execute("SELECT data_type FROM information_schema.columns WHERE table_name = 'facts' "
                           "AND column_name = 'flags'").fetchone()[0] == "VARCHAR[]"
        n_facts, n_preferred, n_once = (con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                                        for t in ("facts", "facts_preferred", "fact_once"))
        # the .txt and .docx are one report: the docx is preferred, its prose figures that repeat a cell go
        linked = con.execute("SELECT count(*) FROM facts_preferred WHERE origin = 'inline' AND same_as IS NOT NULL"
                             ).fetchone()[0]
        assert linked > 0 and n_once == n_preferred - linked and n_preferred < n_facts
        assert con.execute("SELECT count(DISTINCT report_key) FROM reports").fetchone()[0] == 2
        assert con.execute("SELECT source_kind FROM reports WHERE is_preferred_source AND source_file LIKE "
                           "'%province_office_q1_2024%'").fetchall() == [("docx",)]
        dup = con.execute("SELECT count(*) FROM (SELECT report_key, indicator_id, period, value FROM fact_once "
                          "WHERE indicator_id IS NOT NULL GROUP BY ALL HAVING count(*) > 1 AND "
                          "count(DISTINCT origin) > 1)").fetchone()[0]
        assert dup == 0  # no prose figure left beside the cell it repeats
        queue = con.execute("SELECT min(len(flags) > 0 OR confidence < 0.8) FROM review_queue").fetchone()[0]
        assert queue is True
        comment = con.execute("SELECT comment FROM duckdb_columns() WHERE table_name = 'facts' "
                              "AND column_name = 'value'").fetchone()[0]
        assert comment == dict((n, d) for n, _, d in VALUES_COLUMNS)["value"]


def test_sqlite_has_the_same_tables_and_views(out):
    import sqlite3
    with sqlite3.connect(out / "baocao.sqlite") as con:
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
        assert {"facts", "reports", *VIEWS} <= names
        with duckdb.connect(str(out / "baocao.duckdb"), read_only=True) as duck:
            for view in ("facts", "facts_preferred", "fact_once", "review_queue"):
                assert con.execute(f"SELECT count(*) FROM {view}").fetchone()[0] == \
                    duck.execute(f"SELECT count(*) FROM {view}").fetchone()[0], view
        flags = con.execute("SELECT flags FROM facts WHERE flags LIKE '%;%' OR flags IS NOT NULL LIMIT 1").fetchone()
        assert flags and "[" not in flags[0]  # ';'-joined text, not a Python list


def test_value_id_and_same_as(out):
    v = pd.read_parquet(out / "values.parquet")
    assert v.value_id.notna().all() and not v.value_id.duplicated().any()
    r = v.iloc[0]
    py = lambda x: None if pd.isna(x) else int(x)
    assert r.value_id == value_id(r.report_id, r.origin, py(r.table_index), py(r["row"]), py(r.col),
                                  py(r.char_start), py(r.char_end), py(r.line), py(r.page))
    by_id = v.set_index("value_id")
    linked = v[v.same_as.notna() & (v.origin == "inline")]
    assert len(linked) > 0
    for _, x in linked.iterrows():
        cell = by_id.loc[x.same_as]
        assert cell.origin == "table" and cell.indicator_id == x.indicator_id and cell.value == x.value
        assert cell.period_start == x.period_start and cell.report_id == x.report_id
        assert cell.same_as == x.value_id  # both ways
    assert (v.review_status == "unreviewed").all() and v.value_reviewed.isna().all()


def test_frames_read_back_from_parquet_give_the_same_dataset(out, tmp_path):
    """The batch may assemble the dataset from Parquet parts: flags then arrive as arrays."""
    values, reports = pd.read_parquet(out / "values.parquet"), pd.read_parquet(out / "reports.parquet")
    write_outputs_frames(tmp_path, values, reports)
    again = pd.read_parquet(tmp_path / "values.parquet")
    pd.testing.assert_frame_equal(again, values)
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "reports.parquet"), reports)


def _reviews_db(path: Path) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE reviews (value_id VARCHAR PRIMARY KEY, report_id VARCHAR, status VARCHAR, "
                    "value_reviewed DOUBLE, note VARCHAR, reviewed_at TIMESTAMP)")
        con.execute("INSERT INTO reviews VALUES ('abc', 'r1', 'corrected', 12.5, 'sửa theo bản ký', "
                    "TIMESTAMP '2026-01-02 03:04:05')")


def test_the_reviews_table_survives_a_rewrite(out, tmp_path):
    values, reports = pd.read_parquet(out / "values.parquet"), pd.read_parquet(out / "reports.parquet")
    write_outputs_frames(tmp_path, values, reports)
    _reviews_db(tmp_path / "baocao.duckdb")
    write_outputs_frames(tmp_path, values, reports)
    with duckdb.connect(str(tmp_path / "baocao.duckdb")) as con:
        assert con.execute("SELECT * FROM reviews").fetchall() == [
            ("abc", "r1", "corrected", 12.5, "sửa theo bản ký", pd.Timestamp("2026-01-02 03:04:05").to_pydatetime())]
        assert con.execute("SELECT count(*) FROM facts").fetchone()[0] == len(values)
        with pytest.raises(duckdb.ConstraintException):  # the table kept its primary key
            con.execute("INSERT INTO reviews (value_id) VALUES ('abc')")
    assert not (tmp_path / "baocao.duckdb.wal").exists() and not list(tmp_path.glob(".*"))


def test_a_database_open_elsewhere_is_left_alone(out, tmp_path):
    values, reports = pd.read_parquet(out / "values.parquet"), pd.read_parquet(out / "reports.parquet")
    write_outputs_frames(tmp_path, values.head(3), reports)
    _reviews_db(tmp_path / "baocao.duckdb")
    before = (tmp_path / "baocao.duckdb").read_bytes()
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import duckdb, sys, time
        con = duckdb.connect({str(tmp_path / "baocao.duckdb")!r})
        print("ready", flush=True)
        sys.stdin.read()
        """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(ReviewsLocked, match="baocao.duckdb"):
            write_outputs_frames(tmp_path, values, reports)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert (tmp_path / "baocao.duckdb").read_bytes() == before


def test_datapackage_validates_and_polars_reads_the_csv(out):
    frictionless = pytest.importorskip("frictionless")
    pl = pytest.importorskip("polars")
    report = frictionless.validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    import json
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    fields = {r["name"]: r["schema"]["fields"] for r in package["resources"]}
    assert [f["name"] for f in fields["values-csv"]] == column_names(VALUES_COLUMNS)
    assert {f["name"]: f["type"] for f in fields["values-parquet"]}["flags"] == "array"
    assert any(f["slug"] == "label_matched_by_context" for f in package["flags"])
    df = pl.read_csv(out / "values.csv")
    assert df.columns == column_names(VALUES_COLUMNS)
    assert df.schema["value"] == pl.Float64 and df.schema["confidence"] == pl.Float64
    assert df.filter(pl.col("label_raw").str.contains("hồ sơ")).height > 0  # Vietnamese intact, BOM gone


def test_an_unreadable_old_database_is_kept_and_named(out, tmp_path):
    from baocao.store.databases import ReviewsUnreadable

    (tmp_path / "baocao.duckdb").write_bytes(b"not a database" * 100)
    values, reports = pd.read_parquet(out / "values.parquet"), pd.read_parquet(out / "reports.parquet")
    with pytest.raises(ReviewsUnreadable, match="baocao.duckdb"):
        write_outputs_frames(tmp_path, values, reports)
    assert (tmp_path / "baocao.duckdb").read_bytes() == b"not a database" * 100


def test_a_reviews_table_numbered_by_a_sequence_goes_on_counting(out, tmp_path):
    values, reports = pd.read_parquet(out / "values.parquet"), pd.read_parquet(out / "reports.parquet")
    write_outputs_frames(tmp_path, values.head(5), reports)
    with duckdb.connect(str(tmp_path / "baocao.duckdb")) as con:
        con.execute("CREATE SEQUENCE review_seq START 1")
        con.execute("CREATE TABLE reviews (id INTEGER DEFAULT nextval('review_seq') PRIMARY KEY, value_id VARCHAR)")
        con.execute("INSERT INTO reviews (value_id) VALUES ('a'), ('b')")
    write_outputs_frames(tmp_path, values.head(5), reports)
    with duckdb.connect(str(tmp_path / "baocao.duckdb")) as con:
        con.execute("INSERT INTO reviews (value_id) VALUES ('c')")
        assert con.execute("SELECT id, value_id FROM reviews ORDER BY id").fetchall() == [(1, "a"), (2, "b"), (3, "c")]


def test_a_missing_date_read_back_from_the_parts_is_empty_not_nat(tmp_path):
    import sqlite3

    bad = tmp_path / "in" / "broken.pdf"
    bad.parent.mkdir()
    bad.write_bytes(b"garbage")
    out = tmp_path / "out"
    run_batch([bad, SAMPLES[0]], out)
    assert "NaT" not in (out / "reports.csv").read_text(encoding="utf-8-sig")
    con = sqlite3.connect(out / "baocao.sqlite")
    try:
        assert con.execute("SELECT count(*) FROM reports WHERE date IS NULL").fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM reports WHERE date = 'NaT' OR period_start = 'NaT'").fetchone()[0] == 0
    finally:
        con.close()
