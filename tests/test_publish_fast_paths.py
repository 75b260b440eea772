"""The publish step's fast paths give what their plain forms give: the CSV bytes pandas writes, the
same typed frames from conform, the same dataset-wide columns."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pandas as pd
import pytest

from baocao import output
from baocao.store.frames import conform, to_arrow
from schemas.contract import REPORTS_COLUMNS, VALUES_COLUMNS

_PIECES = ["a", "Tổng số", ",", '"', "\n", "\r", "\t", ";", " ", "=", "+", "-", "@", "'", "1,5", "\u2028", "đ",
           "\x0b", "x" * 40]
_FLOATS = [0.0, -0.0, 1.0, 100.0, 98.96, 0.1 + 0.2, 1e16, 1e-5, 123456789.125, -3.5, 1e15, 2.5e-7, float("inf"),
           float("nan")]
_DATES = [dt.date(2024, 1, 1), dt.date(2023, 12, 31), dt.date(1, 1, 1), dt.date(999, 7, 4), dt.date(9999, 12, 31)]


def _text(rng: random.Random) -> str | None:
    if rng.random() < 0.2:
        return None
    return "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 4)))


def _cell(rng: random.Random, typ: str):
    if rng.random() < 0.15 and typ != "list":
        return None
    if typ == "string":
        return _text(rng)
    if typ == "int":
        return rng.choice([0, 1, -7, 2**40, 33])
    if typ == "float":
        return rng.choice(_FLOATS)
    if typ == "date":
        return rng.choice(_DATES)
    if typ == "bool":
        return rng.random() < 0.5
    return rng.choice([[], ["ocr_read"], ["a", "b_c"], "x;y", None, ["-minus", "=eq"]])


def tricky_frame(columns, n: int = 400, seed: int = 7) -> pd.DataFrame:
    """Every column of the contract with nulls, quotes, commas, line breaks, formula starts and
    floats whose text differs between Python and other formatters."""
    rng = random.Random(seed)
    df = pd.DataFrame({name: pd.Series([_cell(rng, typ) for _ in range(n)], dtype=object)
                       for name, typ, _ in columns})
    return conform(df, columns)


@pytest.mark.parametrize("columns", [VALUES_COLUMNS, REPORTS_COLUMNS], ids=["values", "reports"])
@pytest.mark.parametrize("n", [0, 1, 400])
def test_csv_bytes_are_those_pandas_writes(tmp_path, columns, n):
    df = tricky_frame(columns, n)
    fast, slow = tmp_path / "fast.csv", tmp_path / "slow.csv"
    output.write_csv(fast, df, columns, to_arrow(df, columns))
    output.csv_reference(slow, df, columns)
    assert fast.read_bytes() == slow.read_bytes()


def test_csv_is_written_in_row_chunks_the_same(tmp_path, monkeypatch):
    from baocao.store import csv_file

    df = tricky_frame(VALUES_COLUMNS, 300, seed=3)
    output.csv_reference(tmp_path / "slow.csv", df, VALUES_COLUMNS)
    monkeypatch.setattr(csv_file, "CHUNK_ROWS", 7)
    output.write_csv(tmp_path / "fast.csv", df, VALUES_COLUMNS)
    assert (tmp_path / "fast.csv").read_bytes() == (tmp_path / "slow.csv").read_bytes()


def test_a_nan_float_is_an_empty_csv_field(tmp_path):
    df = tricky_frame(VALUES_COLUMNS, 5)
    df["value"] = pd.array([np.nan, 1.0, None, 2.0, np.nan], dtype="Float64")
    output.write_csv(tmp_path / "fast.csv", df, VALUES_COLUMNS)
    output.csv_reference(tmp_path / "slow.csv", df, VALUES_COLUMNS)
    assert (tmp_path / "fast.csv").read_bytes() == (tmp_path / "slow.csv").read_bytes()


@pytest.mark.parametrize("columns", [VALUES_COLUMNS, REPORTS_COLUMNS], ids=["values", "reports"])
def test_to_arrow_of_typed_columns_is_that_of_plain_objects(columns):
    df = tricky_frame(columns, 300)
    if "value" in df:  # a NaN that is not pandas' null: null in Arrow either way
        data = df["value"].to_numpy(dtype="float64", na_value=0.0)
        data[:5] = np.nan
        df["value"] = pd.arrays.FloatingArray(data, np.zeros(len(df), dtype=bool))
        assert not df["value"].isna().any()
    fast = to_arrow(df, columns)
    slow = to_arrow(df.astype(object), columns)
    assert fast.equals(slow, check_metadata=True)
    assert all(c.num_chunks == 1 for c in fast.columns)


def _as_read_back(df: pd.DataFrame, columns) -> pd.DataFrame:
    """A frame as parts.assemble gives it: flags as ';'-text in pandas' string type, missing dates NaT."""
    from baocao.parts import typed_frame

    out = df.copy()
    for name, typ, _ in columns:
        if typ == "list":
            out[name] = [";".join(v) if v else None for v in df[name]]
        elif typ == "string":
            out[name] = df[name].mask(df.index % 7 == 0, "  ")  # blanks the plain path turns into null
    return typed_frame(out, columns)


@pytest.mark.parametrize("columns", [VALUES_COLUMNS, REPORTS_COLUMNS], ids=["values", "reports"])
def test_conform_of_a_typed_frame_is_that_of_plain_objects(columns):
    typed = _as_read_back(tricky_frame(columns, 300, seed=11), columns)
    assert all(isinstance(typed[n].dtype, pd.StringDtype) for n, t, _ in columns if t in ("list", "string"))
    fast, slow = conform(typed, columns), conform(typed.astype(object), columns)
    pd.testing.assert_frame_equal(fast, slow)
    for name, typ, _ in columns:  # None and NaT, lists and their text, are told apart here
        assert fast[name].tolist() == slow[name].tolist() or typ in ("float", "int", "bool", "string"), name
        if typ in ("date", "list"):
            assert [type(v) for v in fast[name]] == [type(v) for v in slow[name]], name


def test_dates_fast_path_is_as_date_of_each():
    from baocao.store.frames import _as_date, _dates

    col = pd.Series([dt.date(2024, 1, 1), None, pd.NaT, np.nan, dt.date(999, 1, 2)], dtype=object)
    assert _dates(col).tolist() == [_as_date(v) for v in col] == [dt.date(2024, 1, 1), None, None, None,
                                                                      dt.date(999, 1, 2)]
    mixed = pd.Series([dt.date(2024, 1, 1), "2024-02-03", dt.datetime(2024, 3, 4, 5, 6)], dtype=object)
    assert _dates(mixed).tolist() == [dt.date(2024, 1, 1), dt.date(2024, 2, 3), dt.date(2024, 3, 4)]


def _archive(seed: int, n_files: int = 80) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Files of a few reports: numbers, dates and issuing bodies that agree, differ or are missing, and
    figures shared by several files (labels spelt differently, values equal once rounded)."""
    rng = random.Random(seed)
    reports, values = [], []
    templates = [[(rng.choice(["ind.a", "ind.b", "ind.c", None]), rng.choice(["Tổng số", "tổng  SỐ", "Số TTHC", None]),
                   rng.choice(_DATES[:2] + [None]), rng.choice([1.0, 2.5, 98.96, 1 / 3, 100.0]) + rng.randint(0, 3))
                  for _ in range(rng.randint(4, 25))] for _ in range(6)]
    for i in range(n_files):
        rid = f"{rng.randrange(16**6):06x}{i:04d}"
        reports.append({"report_id": rid, "source_file": f"f{i}.txt", "status": rng.choice(["ok", "ok", "partial"]),
                        "number": rng.choice(["1/BC", "1/bc ", "2/BC", "3/BC", None, ""]),
                        "date": rng.choice(_DATES[:2] + [None]), "issuing_body": rng.choice(["Sở A", "sở  a", "Sở B", None])})
        figures = rng.choice(templates)
        for k, (ind, label, start, value) in enumerate(figures):
            if rng.random() < 0.15:
                continue
            jitter = rng.choice([0.0, 0.0, 1e-9, 3e-7])
            values.append({"report_id": rid, "source_file": f"f{i}.txt", "origin": "table", "row": k, "col": 1,
                           "indicator_id": ind, "label_raw": label, "period_start": start, "period_end": start,
                           "value": None if rng.random() < 0.05 else value + jitter})
    return conform(pd.DataFrame(values), VALUES_COLUMNS), conform(pd.DataFrame(reports), REPORTS_COLUMNS)


@pytest.mark.parametrize("common", [50, 6])
@pytest.mark.parametrize("seed", range(6))
def test_report_keys_are_those_of_the_plain_loops(monkeypatch, seed, common):
    from baocao.store import dedupe
    from tests import dedupe_reference as plain

    monkeypatch.setattr(dedupe, "_COMMON_FIGURE", common)
    values, reports = _archive(seed)
    assert dedupe._content_pairs(values) == plain._content_pairs(values)
    fast, slow = dedupe.report_keys(reports, values), plain.report_keys(reports, values)
    pd.testing.assert_series_equal(fast[0], slow[0])
    pd.testing.assert_series_equal(fast[1], slow[1])
    if common == 50 and seed == 0:  # the data joins files both ways
        assert {"metadata", "content"} <= set(fast[1])


def _prose_and_cells(seed: int) -> pd.DataFrame:
    """Appendix cells and prose figures of a few files: the same measure once, twice (two candidate
    cells), for another entity, spelt otherwise, or told by several sentences."""
    rng = random.Random(seed)
    rows = []
    for f in range(12):
        for k in range(40):
            rows.append({"report_id": f"r{f % 9}", "origin": rng.choice(["table", "table", "inline", "text", None]),
                         "indicator_id": rng.choice(["ind.a", "ind.b", None]),
                         "period_start": rng.choice(_DATES[:2] + [None]), "period_end": _DATES[0],
                         "value": rng.choice([1.0, 1.0 + 1e-9, 2.5, None, 7.0]),
                         "entity": rng.choice(["Sở A", "sở  a", "Sở B", None, ""]),
                         "value_id": f"v{f}-{k}", "row": k})
    return conform(pd.DataFrame(rows), VALUES_COLUMNS)


@pytest.mark.parametrize("seed", range(8))
def test_same_as_is_that_of_the_plain_loop(seed):
    from baocao.store import dedupe
    from tests import dedupe_reference as plain

    values = _prose_and_cells(seed)
    fast, slow = dedupe.same_as(values), plain.same_as(values)
    pd.testing.assert_series_equal(fast, slow)
    assert fast.notna().sum() > 5
    without = values.drop(columns="entity")
    pd.testing.assert_series_equal(dedupe.same_as(without), plain.same_as(without))


def _cells(path) -> dict:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return {ws.title: [tuple(row) for row in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    finally:
        wb.close()


def test_workbook_cells_from_arrow_are_those_of_the_plain_sheet(tmp_path):
    from baocao.store import excel

    values = tricky_frame(VALUES_COLUMNS, 200, seed=5)
    values.loc[3, "sentence"] = "ắ" * (excel.MAX_TEXT + 5)
    values["entity"] = pd.array([None] * len(values), dtype="string")  # a column with no value at all
    sheets = {"facts": (values, VALUES_COLUMNS), "reports": (tricky_frame(REPORTS_COLUMNS, 30, seed=6), REPORTS_COLUMNS)}
    excel.write_xlsx(tmp_path / "fast.xlsx", sheets)
    excel.write_xlsx(tmp_path / "plain.xlsx", sheets, plain=True)
    fast = _cells(tmp_path / "fast.xlsx")
    assert fast == _cells(tmp_path / "plain.xlsx")
    assert len(fast["facts"][4][[c[0] for c in VALUES_COLUMNS].index("sentence")]) == excel.MAX_TEXT


def test_sqlite_rows_from_arrow_are_those_of_the_text_frame():
    import sqlite3

    values, reports = tricky_frame(VALUES_COLUMNS, 300, seed=8), tricky_frame(REPORTS_COLUMNS, 40, seed=9)
    arrow = {"values": to_arrow(values, VALUES_COLUMNS), "reports": to_arrow(reports, REPORTS_COLUMNS)}
    fast, plain = output.sqlite_tables(values, reports, arrow), output.sqlite_tables(values, reports)
    con = sqlite3.connect(":memory:")
    for name in ("facts", "reports"):
        assert pd.io.sql.get_schema(fast[name][0], name, con=con) == pd.io.sql.get_schema(plain[name][0], name, con=con)
        assert fast[name][1] == plain[name][1]
        assert [type(v) for col in fast[name][1] for v in col] == [type(v) for col in plain[name][1] for v in col]
