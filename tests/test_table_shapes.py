"""Matrix, ranking and score tables; merged-down labels; scores and ranks 'a/b'; table periods."""

from __future__ import annotations

import csv
import importlib.util
import sys
from datetime import date
from pathlib import Path

import pytest

from baocao.pipeline import process_document, process_file
from extract.model import Cell, Document, Paragraph, Table
from extract.stitch import stitch_tables
from extract.text_reader import text_to_blocks
from normalize.match import load_indicators
from normalize.measures import load_rules, measure_indicator
from normalize.numbers import parse_out_of
from normalize.periods import header_period
from normalize.table_shapes import compose_headers, normalise_entity, read_shaped_table
from normalize.tables import TableError

ROOT = Path(__file__).resolve().parents[1]
SHAPES = ROOT / "samples" / "shapes"
GOLDEN = ROOT / "tests" / "golden" / "shapes"
NAMES = sorted(p.stem for p in GOLDEN.glob("*.csv"))


def _num(text: str) -> float | None:
    return float(text) if text else None


def _row_key(v) -> tuple:
    return (v.label_raw, v.parent_label, v.entity, v.column_header, str(v.period_start or ""),
            str(v.period_end or ""), v.value, v.value_kind, v.max_value, v.rank_of, v.indicator_id)


@pytest.mark.parametrize("fmt", ["txt", "docx"])
@pytest.mark.parametrize("name", NAMES)
def test_shape_sample_reproduces_golden(name, fmt):
    result = process_file(SHAPES / f"{name}.{fmt}")
    assert result.report.status == "ok", result.report.error
    got = [v for v in result.values if v.origin == "table"]
    with (GOLDEN / f"{name}.csv").open(encoding="utf-8") as fh:
        golden = list(csv.DictReader(fh))
    want = [(g["label"], g["parent_label"], g["entity"], g["column_header"], g["period_start"], g["period_end"],
             float(g["value"]), g["value_kind"], _num(g["max_value"]), _num(g["rank_of"]), g["indicator_id"])
            for g in golden]
    assert sorted(map(_row_key, got), key=str) == sorted(want, key=str)
    by_key = {_row_key(v): v for v in got}
    for g, w in zip(golden, want):
        if g["flag"]:
            assert g["flag"] in by_key[w].flags.split(";"), (w, by_key[w].flags)


def test_shape_samples_are_current(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("make_shape_samples", ROOT / "scripts" / "make_shape_samples.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["make_shape_samples"] = mod
    spec.loader.exec_module(mod)
    monkeypatch.setattr(mod, "OUT", tmp_path)
    mod.main()
    for name in NAMES:
        assert (tmp_path / f"{name}.txt").read_text(encoding="utf-8") == (SHAPES / f"{name}.txt").read_text(encoding="utf-8")
        assert (tmp_path / f"{name}.docx").exists()


def _cell(text, row, col, rs=1, cs=1):
    return Cell(text, row, col, rs, cs)


def _pdf_like_table() -> Table:
    """Header words split over grid rows and inside a word, as a PDF text layer gives them; values
    spanning three grid columns; the last row laid out one column to the right (another page)."""
    rows = (
        (_cell("STT", 0, 0, 3), _cell("Đơn vị", 0, 1, 3), _cell("Điểm", 0, 3), _cell("Đ", 0, 5, 3),
         _cell("iểm tự", 0, 6), _cell("Chỉ số", 0, 9, 3)),
        (_cell("chuẩn", 1, 3), _cell("đánh", 1, 6)),
        (_cell("tối đa", 2, 3), _cell("giá", 2, 6)),
        (_cell("1", 3, 0), _cell("UBND xã Tân Hà", 3, 1), _cell("74,00", 3, 2, 1, 3), _cell("70,10", 3, 5, 1, 3),
         _cell("90,99%", 3, 9)),
        (_cell("2", 4, 0), _cell("Sở Nội vụ", 4, 1), _cell("72,00", 4, 2, 1, 3), _cell("69,16", 4, 5, 1, 3),
         _cell("92,56%", 4, 9)),
        (_cell("3", 5, 0, 1, 2), _cell("Thanh tra tỉnh", 5, 2, 1, 2), _cell("66,00", 5, 4, 1, 3),
         _cell("52,50", 5, 7, 1, 2), _cell("78,03%", 5, 10)),
        (_cell("Chỉ số cao nhất", 6, 0, 1, 9), _cell("92,56%", 6, 9)),
    )
    return Table(rows=rows, index=0)


def test_split_header_words_join_and_values_follow_their_columns():
    t = _pdf_like_table()
    cols = compose_headers(list(t.rows[:3]), t.n_cols)
    assert cols[3] == ["Điểm chuẩn tối đa"] and cols[6] == ["Điểm tự đánh giá"]
    read = read_shaped_table(t)
    got = {(v.entity, v.column_header): v.cell.text for v in read.values}
    assert got[("xã Tân Hà", "Điểm tự đánh giá")] == "70,10"
    assert got[("Sở Nội vụ", "Chỉ số")] == "92,56%"
    # the shifted row is mapped by position onto the usual columns, and says so
    shifted = [v for v in read.values if v.entity == "Thanh tra tỉnh"]
    assert [v.column_header for v in shifted] == ["Điểm chuẩn tối đa", "Điểm tự đánh giá", "Chỉ số"]
    assert all("column_by_position" in v.row_flags for v in shifted)
    summary = [v for v in read.values if v.label == "Chỉ số cao nhất"]
    assert len(summary) == 1 and summary[0].column_header == "Chỉ số" and "summary_row" in summary[0].row_flags
    assert summary[0].entity == ""


def _text_table(lines):
    blocks = stitch_tables(text_to_blocks(lines))
    return [b for b in blocks if hasattr(b, "rows")][0]


def test_unknown_shape_keeps_cells_with_raw_labels_and_a_flag():
    t = _text_table(["Đơn vị\t\t", "Sở Tài chính\t5\t7"])
    read = read_shaped_table(t)
    assert [(v.label, v.column_header, v.cell.text) for v in read.values] == [
        ("Sở Tài chính", "cột 2", "5"), ("Sở Tài chính", "cột 3", "7")]
    assert all("table_shape_unknown" in v.row_flags for v in read.values)


def test_title_block_without_figures_is_furniture_and_silent():
    doc = Document(Path("x.txt"), "text", (
        Paragraph("BÁO CÁO"), Paragraph("Công tác cải cách hành chính năm 2025"),
        Table(rows=((_cell("ỦY BAN NHÂN DÂN TỈNH", 0, 0), _cell("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 0, 1)),
                    (_cell("Số: /BC-UBND", 1, 0), _cell("Lâm Đồng, ngày tháng 3 năm 2026", 1, 1))), index=0)))
    result = process_document(Path("x.txt"), doc, load_indicators())
    assert result.report.status == "ok" and result.report.error == ""
    assert result.report.warning_codes == ""  # a title block feeds the metadata; it is no lost table


def test_table_without_figures_is_a_warning_with_a_code():
    doc = Document(Path("x.txt"), "text", (
        Paragraph("BÁO CÁO"), Paragraph("Công tác cải cách hành chính năm 2025"),
        Table(rows=((_cell("Nội dung", 0, 0), _cell("Ghi chú", 0, 1)),
                    (_cell("Rà soát thủ tục", 1, 0), _cell("Đang thực hiện", 1, 1))), index=0)))
    result = process_document(Path("x.txt"), doc, load_indicators())
    assert result.report.status == "ok" and result.report.error == ""
    assert result.report.warning_codes == "table_no_values"


def test_headerless_table_stays_an_error():
    t = _text_table(["1\tTổng số TTHC\t10", "2\tSố TTHC cấp xã\t4"])
    with pytest.raises(TableError, match="no recognisable header"):
        read_shaped_table(t)


def test_group_row_names_the_period_of_the_rows_below():
    t = _text_table(["Đơn vị\tĐiểm đạt được\tChỉ số", "Năm 2023\t\t", "Sở Y tế\t60,5\t80,1%",
                     "Năm 2024\t\t", "Sở Y tế\t62,0\t82,7%"])
    read = read_shaped_table(t, context_period=None)
    got = {(v.period.label, v.column_header): v.cell.text for v in read.values}
    assert got == {("2023", "Điểm đạt được"): "60,5", ("2023", "Chỉ số"): "80,1%",
                   ("2024", "Điểm đạt được"): "62,0", ("2024", "Chỉ số"): "82,7%"}
    assert all(v.parent_label == "" and v.entity == "Sở Y tế" for v in read.values)


def test_title_period_beats_report_period_and_is_flagged():
    t = _text_table(["Tỉnh\tPAR Index", "\tĐiểm số", "Lâm Đồng\t83,1/100"])
    p2024 = header_period("năm 2024")
    p2025 = header_period("năm 2025")
    (v,) = read_shaped_table(t, context_period=p2025, title_period=p2024, context_flag="period_from_report").values
    assert v.period == p2024 and "period_from_table_title" in v.row_flags
    (v,) = read_shaped_table(t, context_period=p2025, context_flag="period_from_report").values
    assert v.period == p2025 and "period_from_report" in v.row_flags


def test_report_without_period_takes_its_date_year_with_a_flag():
    doc = Document(Path("x.txt"), "text", (
        Paragraph("SỞ NỘI VỤ"), Paragraph("Lâm Đồng, ngày 05 tháng 11 năm 2025"), Paragraph("BÁO CÁO"),
        Paragraph("Tổng kết thực hiện thí điểm các mô hình"),
        Table(rows=((_cell("Đơn vị", 0, 0), _cell("Điểm đạt được", 0, 1)),
                    (_cell("Sở Tư pháp", 1, 0), _cell("8,5", 1, 1))), index=0)))
    result = process_document(Path("x.txt"), doc, load_indicators())
    (v,) = [v for v in result.values if v.origin == "table"]
    assert (v.period_start, v.period_end) == (date(2025, 1, 1), date(2025, 12, 31))
    assert "period_from_report_date" in v.flags.split(";")


@pytest.mark.parametrize("text,expected", [
    ("UBND xã Đức Trọng", "xã Đức Trọng"), ("Ủy ban nhân dân phường Mũi Né", "phường Mũi Né"),
    ("Xã Hàm Liêm", "xã Hàm Liêm"), ("Sở Nội vụ", "Sở Nội vụ"), ("Đặc khu Phú Quý", "đặc khu Phú Quý"),
])
def test_entity_names_are_normalised(text, expected):
    assert normalise_entity(text) == expected


@pytest.mark.parametrize("text,kind,value,out_of,flag", [
    ("83,1/100", "score", 83.1, 100, None), ("41,02/80", "score", 41.02, 80, None),
    ("62/63", "rank", 62, 63, None), ("7,37/10", "score", 7.37, 10, None),
    ("64/63", "rank", 64, 63, "rank_above_total"), ("74,00", "score", 74.0, None, None),
])
def test_scores_and_ranks_are_not_ratios(text, kind, value, out_of, flag):
    parsed, got = parse_out_of(text, kind)
    assert parsed.value == pytest.approx(value) and got == out_of
    assert parsed.numerator is None and parsed.denominator is None
    assert (flag in parsed.flags) if flag else "derived_from_ratio" not in parsed.flags


@pytest.mark.parametrize("text,year", [("PAR INDEX 2024", 2024), ("Kết quả năm 2023", 2023), ("Điểm số", None),
                                       ("ngày 12/3/2024", None), ("Số 2024/QĐ-UBND", None)])
def test_header_period(text, year):
    p = header_period(text)
    assert (p.start.year if p else None) == year


def test_measure_rules_name_existing_indicators():
    ids = {i.id for i in load_indicators().indicators}
    assert all(r.indicator_id in ids for r in load_rules())
    assert measure_indicator("SIPAS · Thứ hạng", context="các chỉ số PAR Index, SIPAS") == "index.sipas.rank"
    assert measure_indicator("Chỉ số", "Kết quả chỉ số CCHC năm 2025") == "cchc_index.index"
    assert measure_indicator("Chỉ số", "Kết quả khảo sát") is None  # no context: no guess


def test_cell_with_parts_named_by_the_header_gives_one_value_per_part(tmp_path):
    from extract import read_document

    path = tmp_path / "parts.txt"
    path.write_text("BÁO CÁO\nKết quả thí điểm năm 2025\n\n"
                    "TT\tTên TTHC\tSố lượng hồ sơ hỗ trợ/Tổng hồ sơ trực tuyến/Tổng số hồ sơ\n"
                    "1\tĐăng ký kết hôn\t1.700/2.912/3.141\n", encoding="utf-8")
    result = process_document(path, read_document(path), load_indicators())
    got = [(v.column_header.split(" · ")[-1], v.value, v.value_raw, "split_by_header" in v.flags)
           for v in result.values if v.origin == "table"]
    assert got == [("Số lượng hồ sơ hỗ trợ", 1700, "1.700/2.912/3.141", True),
                   ("Tổng hồ sơ trực tuyến", 2912, "1.700/2.912/3.141", True),
                   ("Tổng số hồ sơ", 3141, "1.700/2.912/3.141", True)]


def test_a_header_slash_a_scan_read_as_a_letter_still_names_the_parts(tmp_path):
    from extract import read_document

    path = tmp_path / "parts.txt"
    path.write_text("BÁO CÁO\nKết quả thí điểm năm 2025\n\n"
                    "TT\tĐịa phương\tSố lượng hồ sơ hỗ trợfTổng hồ sơ trực tuyến/Tổng số hồ sơ\n"
                    "1\tXã Hàm Liêm\t02/08/08\n", encoding="utf-8")
    result = process_document(path, read_document(path), load_indicators())
    got = [(v.column_header.split(" · ")[-1], v.value, "header_slash_ocr_read" in v.flags.split(";"))
           for v in result.values if v.origin == "table"]
    assert got == [("Số lượng hồ sơ hỗ trợ", 2, True), ("Tổng hồ sơ trực tuyến", 8, True), ("Tổng số hồ sơ", 8, True)]


def _doc(*blocks) -> Document:
    return Document(Path("x.txt"), "text", tuple(blocks))


def test_indicator_table_takes_its_title_period_and_place_column_entity():
    table = _text_table(["STT\tChỉ tiêu\tĐịa phương\tSố liệu", "1\tSố TTHC cấp xã\tXã Hàm Liêm\t45"])
    doc = _doc(Paragraph("BÁO CÁO"), Paragraph("Công tác cải cách hành chính năm 2025"),
               Paragraph("Kết quả năm 2024 như sau:"), table)
    (v,) = [v for v in process_document(Path("x.txt"), doc, load_indicators()).values if v.origin == "table"]
    assert v.period == "2024" and "period_from_table_title" in v.flags.split(";")
    assert v.entity == "xã Hàm Liêm" and v.value == 45


def test_part_of_an_index_named_above_the_table_picks_the_part_indicator():
    above = "2. Nội dung đánh giá qua khảo sát ĐTXHH lấy ý kiến cán bộ, công chức. Kết quả cụ thể như sau:"
    assert measure_indicator("Điểm đạt được (điểm chuẩn tối đa: 15đ)", "Kết quả cụ thể như sau:",
                             "Chỉ số cải cách hành chính năm 2025", above) == "cchc_index.survey.score"
    # the nearest cue wins: a later heading on citizen satisfaction overrides the earlier survey part
    later = above + " 3. Đánh giá qua khảo sát mức độ hài lòng của người dân. Kết quả:"
    assert measure_indicator("Chỉ số", "Kết quả:", "cải cách hành chính", later) == "cchc_index.satisfaction.index"
    # a SIPAS title does not turn a maximum-score column into the SIPAS score
    assert measure_indicator("Điểm chuẩn tối đa", "Không đánh giá Chỉ số SIPAS trong năm 2025",
                             "Chỉ số cải cách hành chính") == "cchc_index.max_score"


def test_indicator_table_with_empty_value_cells_is_a_warning():
    table = _text_table(["STT\tChỉ tiêu\tSố liệu", "1\tSố TTHC cấp xã\t", "2\tSố TTHC cấp tỉnh\t-"])
    doc = _doc(Paragraph("BÁO CÁO"), Paragraph("Công tác cải cách hành chính năm 2025"), table)
    result = process_document(Path("x.txt"), doc, load_indicators())
    assert result.report.status == "ok" and result.report.warning_codes == "table_no_values"
    assert "no figures" in result.report.warnings


def test_units_as_columns_give_the_entity_and_the_row_is_the_measure():
    table = _text_table(["Tiêu chí\tSở Tư pháp\tUBND xã Hòa Lạc", "Công khai, minh bạch\t17,5\t16,0",
                         "Tiến độ giải quyết\t19,2\t18,1"])
    doc = _doc(Paragraph("BÁO CÁO"), Paragraph("Bộ chỉ số 766 năm 2025"),
               Paragraph("Điểm Bộ chỉ số 766 theo nhóm chỉ số:"), table)
    got = {(v.entity, v.label_raw): (v.value, v.indicator_id)
           for v in process_document(Path("x.txt"), doc, load_indicators()).values if v.origin == "table"}
    assert got == {("Sở Tư pháp", "Công khai, minh bạch"): (17.5, "index.service766.transparency"),
                   ("xã Hòa Lạc", "Công khai, minh bạch"): (16.0, "index.service766.transparency"),
                   ("Sở Tư pháp", "Tiến độ giải quyết"): (19.2, "index.service766.progress"),
                   ("xã Hòa Lạc", "Tiến độ giải quyết"): (18.1, "index.service766.progress")}


def test_group_label_merged_down_in_a_ranking_table_is_the_parent_of_each_unit():
    rows = (
        (_cell("Nhóm", 0, 0), _cell("Đơn vị", 0, 1), _cell("Điểm đạt được", 0, 2), _cell("Chỉ số", 0, 3)),
        (_cell("Nhóm 1", 1, 0, 2), _cell("Sở Tư pháp", 1, 1), _cell("82,78", 1, 2), _cell("93,01%", 1, 3)),
        (_cell("Sở Nội vụ", 2, 1), _cell("78,95", 2, 2), _cell("90,75%", 2, 3)),
        (_cell("Nhóm 2", 3, 0), _cell("Thanh tra tỉnh", 3, 1), _cell("64,23", 3, 2), _cell("79,30%", 3, 3)),
    )
    read = read_shaped_table(Table(rows=rows, index=0))
    got = {(v.entity, v.column_header): (v.parent_label, v.cell.text) for v in read.values}
    assert got[("Sở Tư pháp", "Chỉ số")] == ("Nhóm 1", "93,01%")
    assert got[("Sở Nội vụ", "Điểm đạt được")] == ("Nhóm 1", "78,95")
    assert got[("Thanh tra tỉnh", "Chỉ số")] == ("Nhóm 2", "79,30%")
