"""Batch runs: outputs, error rows for bad input, the batch always completes."""

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from baocao.batch import run_batch
from baocao.cli import main
from schemas.contract import REPORTS_COLUMNS, VALUES_COLUMNS, column_names

ROOT = Path(__file__).resolve().parents[1]
GOOD = ROOT / "samples" / "province_office_q1_2024.txt"


@pytest.fixture()
def bad_inputs(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (tmp_path / "noheader.txt").write_text("BÁO CÁO\nCông tác năm 2023\n\n1\tTổng số TTHC\t10\n2\tSố TTHC cấp xã\t4\n",
                                           encoding="utf-8")
    return tmp_path


def test_bad_input_gives_one_error_row_each_and_the_batch_completes(bad_inputs, tmp_path):
    out = tmp_path / "out"
    missing = bad_inputs / "missing.txt"
    files = [GOOD, missing, bad_inputs / "empty.txt", bad_inputs / "image.txt", bad_inputs / "noheader.txt"]
    summary = run_batch(files, out)
    reports = pd.read_parquet(out / "reports.parquet")
    assert len(reports) == 5 and summary["files_error"] == 4
    by_file = dict(zip(reports.source_file, zip(reports.status, reports.error)))
    assert by_file[str(GOOD)][0] == "ok" and pd.isna(by_file[str(GOOD)][1])  # no error: null, not ""
    for f, reason in [(missing, "file not found"), (bad_inputs / "empty.txt", "empty file"),
                      (bad_inputs / "image.txt", "binary content"),
                      (bad_inputs / "noheader.txt", "no recognisable header row")]:
        status, error = by_file[str(f)]
        assert status == "error" and str(f) in error and reason in error
    values = pd.read_parquet(out / "values.parquet")
    assert set(values.source_file) == {str(GOOD)}
    assert (values.origin == "table").sum() == len(list(csv.DictReader((ROOT / "tests/golden/samples/province_office_q1_2024_values.csv")
                                                  .open(encoding="utf-8"))))


def test_outputs_follow_the_contract(tmp_path):
    run_batch([GOOD], tmp_path)
    for name, cols in [("values", VALUES_COLUMNS), ("reports", REPORTS_COLUMNS)]:
        assert list(pd.read_parquet(tmp_path / f"{name}.parquet").columns) == column_names(cols)
        raw = (tmp_path / f"{name}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel shows Vietnamese
        assert list(pd.read_csv(tmp_path / f"{name}.csv", encoding="utf-8-sig").columns) == column_names(cols)
    import sqlite3
    with sqlite3.connect(tmp_path / "baocao.sqlite") as con:
        assert con.execute("select count(*) from reports").fetchone()[0] == 1
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary files left behind


def test_csv_cells_cannot_run_as_formulas(tmp_path):
    run_batch([GOOD], tmp_path)
    with (tmp_path / "values.csv").open(encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            for v in row.values():
                assert not v.startswith(("=", "+", "-", "@")), v


def test_metadata_of_a_report(tmp_path):
    run_batch([GOOD], tmp_path)
    r = pd.read_parquet(tmp_path / "reports.parquet").iloc[0]
    assert r.number == "142/BC-SNV" and r.period == "2024-Q1"
    assert str(r.period_start) == "2024-01-01" and str(r.period_end) == "2024-03-31"


def test_folder_is_walked_and_readme_skipped(tmp_path):
    import shutil

    folder = tmp_path / "in" / "nested"
    folder.mkdir(parents=True)
    for name in ("province_office_q1_2024.txt", "province_office_q1_2024.docx", "README.md"):
        shutil.copy(ROOT / "samples" / name, folder / name)
    (folder / "notes.xyz").write_text("not a report")
    summary = run_batch([tmp_path / "in"], tmp_path / "out")
    assert summary["files"] == 2 and summary["files_error"] == 0
    assert sorted(Path(s).name for s in summary["skipped_in_folders"]) == ["README.md", "notes.xyz"]


def test_readme_documents_every_column():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in column_names(VALUES_COLUMNS) + column_names(REPORTS_COLUMNS):
        assert f"`{name}`" in readme, name


def test_cli_number_and_match(capsys):
    assert main(["number", "85,27% (653.763/766.722)", "56+3+7"]) == 0
    lines = [json.loads(l) for l in capsys.readouterr().out.splitlines()]
    assert lines[0]["kind"] == "ratio" and lines[0]["numerator"] == 653763 and lines[0]["value"] == 85.27
    assert lines[1]["value"] == 66 and "summed_parts" in lines[1]["flags"]
    assert main(["match", "Tổng số được giao", "--parent", "Tổng số biên chế viên chức"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["indicator_id"] and "candidates" in out
