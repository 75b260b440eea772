"""The .xlsx reader: regions, title lines, merged cells, typed numbers and percents."""

from pathlib import Path

import openpyxl
import pytest

from baocao.pipeline import process_file
from extract import ReadError, read_document
from extract.model import Paragraph


def _book(tmp_path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Biểu 1"
    ws["A1"] = "Biểu mẫu 1"
    ws.merge_cells("A1:C1")
    ws["A3"], ws["B3"], ws["C3"] = "STT", "Chỉ tiêu", "Năm 2022"
    ws["A4"], ws["B4"], ws["C4"] = "1", "Số nhiệm vụ", 1234
    ws["A5"], ws["B5"], ws["C5"] = "2", "Tỷ lệ hoàn thành", 0.9896
    ws["C5"].number_format = "0.00%"
    # a second table to the right, after an empty column, with a merged two-row header
    ws["E3"], ws["F3"] = "Chỉ tiêu", "Kết quả"
    ws.merge_cells("F3:G3")
    ws["F4"], ws["G4"] = "Năm 2022", "Năm 2023"
    ws["E5"], ws["F5"], ws["G5"] = "Điểm", 12.345, 7
    hidden = wb.create_sheet("Nháp")
    hidden["A1"] = "draft"
    hidden.sheet_state = "hidden"
    p = tmp_path / "book.xlsx"
    wb.save(p)
    return p


def test_regions_titles_and_merges(tmp_path):
    doc = read_document(_book(tmp_path))
    assert doc.kind == "xlsx"
    assert isinstance(doc.blocks[0], Paragraph) and doc.blocks[0].text == "Biểu mẫu 1"
    assert doc.blocks[0].prov.ref == "'Biểu 1'!A1"
    left, right = doc.tables
    assert left.texts()[0] == ["STT", "Chỉ tiêu", "Năm 2022"] and left.prov.ref == "'Biểu 1'!A3"
    head = right.rows[0][1]
    assert (head.text, head.col_span, head.row_span) == ("Kết quả", 2, 1)
    assert right.texts()[1] == ["", "Năm 2022", "Năm 2023"]
    assert any(w.code == "hidden_sheet" for w in doc.warnings)


def test_typed_numbers_and_percents(tmp_path):
    doc = read_document(_book(tmp_path))
    count, rate = doc.tables[0].rows[1][2], doc.tables[0].rows[2][2]
    assert (count.number, count.number_unit, count.prov.ref) == (1234, "", "'Biểu 1'!C4")
    assert (rate.number, rate.number_unit, rate.text) == (98.96, "%", "98.96%")
    score = doc.tables[1].rows[2][1]
    assert score.number == 12.345 and score.text == "12.345"


def test_pipeline_uses_the_typed_number(tmp_path):
    values = {v.cell_ref: v for v in process_file(_book(tmp_path)).values}
    assert values["'Biểu 1'!C4"].value == 1234
    assert values["'Biểu 1'!C5"].value == 98.96 and values["'Biểu 1'!C5"].unit == "%"
    # "12.345" as text would read as twelve thousand; the typed cell is 12.345
    assert values["'Biểu 1'!F5"].value == 12.345 and "separator_ambiguous" not in values["'Biểu 1'!F5"].flags


def test_damaged_and_empty_workbooks(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(ReadError):
        read_document(bad)
    empty = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(empty)
    with pytest.raises(ReadError) as exc:
        read_document(empty)
    assert exc.value.code == "empty"


def test_formula_without_saved_result_is_kept_as_text(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["STT", "Chỉ tiêu", "Năm 2023"])
    ws.append(["1", "Số hồ sơ tiếp nhận", 10])
    ws.append(["2", "Số hồ sơ giải quyết", 8])
    ws.append(["3", "Tổng", "=C2+C3"])  # openpyxl saves no result for a formula
    p = tmp_path / "formula.xlsx"
    wb.save(p)
    doc = read_document(p)
    assert doc.tables[0].texts()[3] == ["3", "Tổng", "=C2+C3"]
    assert any(w.code == "formula_without_value" and "Sheet!C4" in w for w in doc.warnings)
    value = next(v for v in process_file(p).values if v.cell_ref == "Sheet!C4")
    assert value.value is None and value.value_raw == "=C2+C3"
