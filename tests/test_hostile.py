"""The adversarial corpus of scripts/make_hostile.py in one batch: no abort, one reports row per
file with its code, every file within its limits, the good files complete, the canary nowhere."""

import importlib.util
import json
import os
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from baocao.batch import BatchOptions, discover, run_batch
from baocao.pipeline import process_file
from baocao.workers import display_path
from schemas.contract import REPORTS_COLUMNS, VALUES_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 60


def _make_hostile():
    spec = importlib.util.spec_from_file_location("make_hostile", ROOT / "scripts" / "make_hostile.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    expected = _make_hostile().build(base, tiny=5000)
    corpus = base / "corpus"
    out = base / "out"
    summary = run_batch([corpus], out, options=BatchOptions(jobs=2, timeout=TIMEOUT))
    token = json.loads((base / "expected.json").read_text())["canary"]
    return corpus, out, expected, summary, token


def test_one_row_per_file_with_its_code(hostile):
    corpus, out, expected, summary, _ = hostile
    reports = pd.read_parquet(out / "reports.parquet")
    files, _ = discover([corpus])
    assert len(reports) == len(files) == len(expected) and reports.source_file.is_unique
    by_name = {os.path.relpath(s, display_path(corpus)): r for s, r in zip(reports.source_file, reports.itertuples())}
    for name, code in expected.items():
        row = by_name[display_path(name)]
        if code == "ok":
            assert row.status == "ok", (name, row.error)
        elif code is not None:
            assert (row.status, row.error_code) == ("error", code), (name, row.error)
        if row.status == "error":
            assert row.error_code and display_path(corpus / name) in row.error, name
    assert summary["files"] == len(expected)


def test_every_file_within_its_limits(hostile):
    _, out, _, _, _ = hostile
    reports = pd.read_parquet(out / "reports.parquet")
    assert (reports.seconds.fillna(0) <= TIMEOUT + 5).all()
    assert not (reports.error_code.isin(["timeout", "crashed", "memory_limit", "internal"])).any(), \
        reports[reports.error_code != ""][["source_file", "error"]].to_string()


def test_warnings_for_what_was_read_anyway(hostile):
    corpus, out, _, _, _ = hostile
    r = pd.read_parquet(out / "reports.parquet").set_index("source_file")
    assert "invalid_bytes" in r.loc[str(corpus / "invalid_utf8.txt")].warning_codes
    assert "repaired" in r.loc[str(corpus / "repaired.pdf")].warning_codes
    assert r.loc[str(corpus / "trailing_junk.pdf")].status == "ok"
    odd = [s for s in r.index if "bao_cao_" in s]
    assert odd == [str(corpus) + "/bao_cao_\\xff\\xfe_latin1_\\xe9.txt"] and r.loc[odd[0]].n_values > 50


def test_good_files_beside_them_are_complete(hostile):
    corpus, out, _, _, _ = hostile
    values = pd.read_parquet(out / "values.parquet")
    for name in ("province_office_q1_2024.txt", "province_office_q1_2024.docx", "province_office_q1_2024.pdf"):
        alone = process_file(ROOT / "samples" / name)
        got = values[values.source_file == str(corpus / f"good_{name}")]
        assert len(got) == len(alone.values) > 50
        assert sorted(zip(got.label_raw, got.value_raw)) == sorted((v.label_raw, v.value_raw) for v in alone.values)


def test_the_canary_is_in_no_output_and_no_cell_is_a_formula(hostile):
    _, out, _, _, token = hostile
    for f in out.rglob("*"):
        if f.is_file():
            assert token.encode() not in f.read_bytes(), f
    with sqlite3.connect(out / "baocao.sqlite") as con:
        assert not con.execute("select count(*) from facts where sentence like ?", (f"%{token}%",)).fetchone()[0]
    for name in ("values.csv", "reports.csv"):
        df = pd.read_csv(out / name, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        columns = VALUES_COLUMNS if name == "values.csv" else REPORTS_COLUMNS
        for col, typ, _ in columns:  # text cells; numbers such as -7 are not formulas
            if typ == "string":
                assert not df[col].str.startswith(("=", "+", "-", "@")).any(), (name, col)
