"""baocao.xlsx: typed cells, text never a formula, Vietnamese intact, readable in a vi-VN spreadsheet."""

import csv
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from baocao.output import to_frame, write_outputs_frames
from baocao.pipeline import process_file
from schemas.contract import REPORTS_COLUMNS, VALUES_COLUMNS, column_names

ROOT = Path(__file__).resolve().parents[1]
FORMULA = '=HYPERLINK("http://example.invalid","bấm vào đây")'


def _write_sample(out: Path) -> Path:
    r = process_file(ROOT / "samples" / "province_office_q1_2024.txt")
    values = to_frame(r.values, VALUES_COLUMNS)
    odd = values.iloc[[0]].copy()  # a crafted row: formula-looking label, dot-decimal raw text
    odd["label_raw"], odd["value_raw"], odd["value"], odd["row"] = FORMULA, "98.75", 98.75, 999
    values = pd.concat([values, odd], ignore_index=True)
    write_outputs_frames(out, values, to_frame([r.report], REPORTS_COLUMNS))
    return out / "baocao.xlsx"


@pytest.fixture(scope="module")
def xlsx(tmp_path_factory):
    return _write_sample(tmp_path_factory.mktemp("xlsx"))


def test_sheets_header_and_typed_cells(xlsx):
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames == ["facts", "reports", "README"]
    ws = wb["facts"]
    header = [c.value for c in ws[1]]
    assert header == column_names(VALUES_COLUMNS)
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    col = {name: i for i, name in enumerate(header)}
    rows = list(ws.iter_rows(min_row=2))
    numeric = [r for r in rows if r[col["value"]].value is not None]
    assert len(numeric) > 40
    for r in numeric:
        for name in ("value", "confidence", "match_score"):
            assert r[col[name]].data_type == "n" and isinstance(r[col[name]].value, (int, float)), name
        assert r[col["period_start"]].is_date
        assert r[col["is_preferred_source"]].data_type == "b"
    ratio = [r for r in rows if r[col["numerator"]].value is not None]
    assert all(r[col["denominator"]].data_type == "n" for r in ratio)
    labels = [r[col["label_raw"]].value for r in rows]
    assert any("Tỷ lệ hồ sơ TTHC" in (t or "") for t in labels)  # Vietnamese intact
    formula = [r for r in rows if r[col["label_raw"]].value == FORMULA]
    assert len(formula) == 1 and formula[0][col["label_raw"]].data_type == "s"  # text, not a formula
    assert all(r[col["row_code"]].value != "'-" for r in rows)  # no quote prefix in the .xlsx
    flagged = [r[col["flags"]].value for r in rows if r[col["flags"]].value]
    assert flagged and all(isinstance(f, str) and "[" not in f for f in flagged)


def test_readme_sheet_explains_every_column_and_flag(xlsx):
    ws = openpyxl.load_workbook(xlsx)["README"]
    cells = [tuple(c.value for c in row) for row in ws.iter_rows()]
    described = {(t, c) for t, c, *_ in cells}
    for name in column_names(VALUES_COLUMNS):
        assert ("facts", name) in described, name
    for name in column_names(REPORTS_COLUMNS):
        assert ("reports", name) in described, name
    assert ("flag", "label_matched_by_context") in described
    assert any("dot decimals" in (row[0] or "") for row in cells)


_VI_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>vi-VN</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse"><value>vi-VN</value></prop></item>
</oor:items>
"""


def test_libreoffice_in_a_vietnamese_locale_reads_numbers_as_numbers(xlsx, tmp_path):
    soffice = shutil.which("soffice")
    if not soffice:
        pytest.skip("LibreOffice not installed")
    profile = tmp_path / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_VI_PROFILE, encoding="utf-8")
    # CSV export "as shown" (9th token true): number cells come out in the vi-VN form (comma
    # decimals), text cells exactly as stored; 76 = UTF-8, 1066 = Vietnamese
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1,,1066,false,true,true", "--outdir",
                    str(tmp_path), str(xlsx)], check=True, capture_output=True, timeout=180)
    with (tmp_path / "baocao.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    crafted = [r for r in rows if r["row"] == "999"]
    assert len(crafted) == 1
    assert crafted[0]["value"] == "98,75" and crafted[0]["value_raw"] == "98.75"  # number vs text cell
    assert crafted[0]["label_raw"] == FORMULA  # not evaluated
    assert any(r["confidence"].startswith("0,") for r in rows)
    assert all(r["period_start"] in ("", "2024-01-01") for r in rows)
    assert any("Tỷ lệ hồ sơ TTHC" in r["label_raw"] for r in rows)


def _cell(v, typ):
    """A dataset value as the workbook cell must hold it."""
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return None
    if typ == "list":
        return ";".join(v) or None
    if typ in ("int", "float"):
        return float(v)
    if typ == "date":
        return pd.Timestamp(v).to_pydatetime()
    return bool(v) if typ == "bool" else str(v)


def test_every_workbook_cell_holds_the_dataset_value(xlsx):
    values = pd.read_parquet(xlsx.parent / "values.parquet")
    rows = list(openpyxl.load_workbook(xlsx, read_only=True)["facts"].iter_rows(values_only=True))
    assert list(rows[0]) == column_names(VALUES_COLUMNS) and len(rows) - 1 == len(values)
    for got, (_, want) in zip(rows[1:], values.iterrows()):
        for (name, typ, _), cell in zip(VALUES_COLUMNS, got):
            expected = _cell(want[name], typ)
            assert (float(cell) if typ in ("int", "float") and cell is not None else cell) == expected, name


def test_a_table_over_the_row_limit_continues_on_a_second_sheet_and_long_text_is_cut(tmp_path, monkeypatch):
    from baocao.store import excel

    monkeypatch.setattr(excel, "MAX_ROWS", 2)
    r = process_file(ROOT / "samples" / "province_office_q1_2024.txt")
    values = to_frame(r.values[:3], VALUES_COLUMNS)
    values.loc[0, "sentence"] = "x" * (excel.MAX_TEXT + 10)
    path = tmp_path / "b.xlsx"
    excel.write_xlsx(path, {"facts": (values, VALUES_COLUMNS),
                            "reports": (to_frame([r.report], REPORTS_COLUMNS), REPORTS_COLUMNS)})
    wb = openpyxl.load_workbook(path, read_only=True)
    assert wb.sheetnames == ["facts", "facts (2)", "reports", "README"]
    first, second = (list(wb[n].iter_rows(values_only=True)) for n in ("facts", "facts (2)"))
    assert len(first) == 3 and len(second) == 2 and first[0] == second[0]
    col = column_names(VALUES_COLUMNS).index("sentence")
    assert len(first[1][col]) == excel.MAX_TEXT
