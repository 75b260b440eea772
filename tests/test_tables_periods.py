"""Table understanding and periods."""

from datetime import date

import pytest

from extract.stitch import stitch_tables
from extract.text_reader import text_to_blocks
from normalize.periods import parse_period
from normalize.tables import TableError, read_table


@pytest.mark.parametrize("text,start,end", [
    ("Năm 2015", date(2015, 1, 1), date(2015, 12, 31)),
    ("Năm 2020 (Tính đến 31/3)", date(2020, 1, 1), date(2020, 3, 31)),
    ("Quý III năm 2023", date(2023, 7, 1), date(2023, 9, 30)),
    ("Công tác cải cách hành chính Quý I/2024", date(2024, 1, 1), date(2024, 3, 31)),
    ("6 tháng đầu năm 2023", date(2023, 1, 1), date(2023, 6, 30)),
    ("9 tháng năm 2022", date(2022, 1, 1), date(2022, 9, 30)),
    ("03 tháng cuối năm 2023", date(2023, 10, 1), date(2023, 12, 31)),
    ("Công tác cải cách hành chính năm 2019", date(2019, 1, 1), date(2019, 12, 31)),
    ("giai đoạn 2011 - 2020, định hướng giai đoạn 2021 - 2030", date(2011, 1, 1), date(2020, 12, 31)),
    ("Giai đoạn 2011-2020 (Tính đến 12/2019)", date(2011, 1, 1), date(2019, 12, 31)),
    ("Năm 2024 (Tính đến 29/2)", date(2024, 1, 1), date(2024, 2, 29)),
])
def test_periods(text, start, end):
    p = parse_period(text)
    assert (p.start, p.end) == (start, end)


@pytest.mark.parametrize("text", ["Số liệu", "Chỉ tiêu thống kê (Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)",
                                  "Ghi chú", "", "Tính đến 31/3"])
def test_no_period(text):
    assert parse_period(text) is None


def _table(lines):
    blocks = stitch_tables(text_to_blocks(lines))
    return [b for b in blocks if hasattr(b, "rows")][0]


def test_merged_group_header_codes_parents_and_continuation():
    t = _table([
        "STT\tChỉ tiêu\tThống kê\t",
        "\t\tNăm 2022\tNăm 2023 (Tính đến 30/6)",
        "1\tTổng số TTHC\t10\t12",
        "\t- Số TTHC cấp huyện\t6\t7",
        "-\tSố TTHC cấp xã\t4\t5",
        "2\tSố dịch vụ công trực\t1\t2",
        "\ttuyến mức độ 4\t\t",
        "\tBộ tiêu chí đánh giá\t\t3",
    ])
    read = read_table(t)
    assert [c.role for c in read.columns] == ["code", "label", "value", "value"]
    assert read.columns[3].period.end == date(2023, 6, 30)
    assert read.columns[2].header == "Thống kê - Năm 2022"
    labels = [(r.code, r.label, read.rows[r.parent].label if r.parent is not None else "") for r in read.rows]
    assert labels == [("1", "Tổng số TTHC", ""), ("-", "Số TTHC cấp huyện", "Tổng số TTHC"),
                      ("-", "Số TTHC cấp xã", "Tổng số TTHC"), ("2", "Số dịch vụ công trực tuyến mức độ 4", ""),
                      ("", "Bộ tiêu chí đánh giá", "Số dịch vụ công trực tuyến mức độ 4")]
    assert len(read.values) == 9


def test_dotted_codes_unit_and_single_value_column():
    t = _table([
        "STT\tChỉ tiêu thống kê\tKết quả thống kê\t\tGhi chú",
        "\t\tĐơn vị tính\tSố liệu\t",
        "3.\tKết quả giải quyết TTHC\t\t\t",
        "3.1.\tTỷ lệ hồ sơ đúng hạn\t%\t98,5\t",
        "3.1.1.\tTổng số hồ sơ đã giải quyết\tHồ sơ\t1.000\t",
    ])
    from normalize.periods import Period
    q1 = Period(date(2024, 1, 1), date(2024, 3, 31), "2024-Q1")
    read = read_table(t, q1)
    roles = [c.role for c in read.columns]
    assert roles == ["code", "label", "unit", "value", "note"]
    by_code = {v.row_code: v for v in read.values}
    assert by_code["3.1.1."].parent_label == "Tỷ lệ hồ sơ đúng hạn"
    assert by_code["3.1."].parent_label == "Kết quả giải quyết TTHC"
    assert by_code["3.1."].unit_raw == "%" and by_code["3.1."].period == q1


def test_sub_label_column_shifts_values():
    t = _table([
        "\tNhiệm vụ/tiêu chí\tNăm 2018\tNăm 2019\tNăm 2020\t",
        "1\tTổng số văn bản đã ban hành\t1\t3\t4\t",
        "\tChia theo tên loại\tNghị quyết của Hội đồng nhân dân tỉnh\t\t1\t1",
        "\t\tQuyết định của Ủy ban nhân dân tỉnh\t1\t2\t3",
    ])
    read = read_table(t)
    vals = {(v.label, v.period.label): v.cell.text for v in read.values}
    assert vals[("Nghị quyết của Hội đồng nhân dân tỉnh", "2019")] == "1"
    assert vals[("Quyết định của Ủy ban nhân dân tỉnh", "2018")] == "1"
    assert vals[("Quyết định của Ủy ban nhân dân tỉnh", "2020")] == "3"
    assert all(v.parent_label == "Tổng số văn bản đã ban hành" for v in read.values if v.row_code == "")


def test_transposed_table_periods_as_rows():
    t = _table([
        "Tỉnh, thành phố\tGiai đoạn\tSố phòng chuyên môn\tSố đơn vị sự nghiệp",
        "\tGiai đoạn 2001-2010 (Tính đến 12/2010)\t13\t12",
        "\tGiai đoạn 2011-2020 (Tính đến 12/2019)\t12\t6",
    ])
    read = read_table(t)
    assert read.transposed
    got = {(v.label, v.period.end.isoformat()): v.cell.text for v in read.values}
    assert got == {("Số phòng chuyên môn", "2010-12-31"): "13", ("Số đơn vị sự nghiệp", "2010-12-31"): "12",
                   ("Số phòng chuyên môn", "2019-12-31"): "12", ("Số đơn vị sự nghiệp", "2019-12-31"): "6"}


def test_table_without_header_is_an_error():
    t = _table(["1\tTổng số TTHC\t10", "2\tSố TTHC cấp xã\t4"])
    with pytest.raises(TableError, match="no recognisable header"):
        read_table(t)


def _report(tmp_path, lines):
    from pathlib import Path  # noqa: F401

    from baocao.pipeline import process_document
    from extract import read_document
    from normalize.match import load_indicators

    path = tmp_path / "r.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return process_document(path, read_document(path), load_indicators())


_TABLE = ["STT\tChỉ tiêu\tĐơn vị tính\tSố liệu\tNăm 2024",
          "1\tTổng số hồ sơ tiếp nhận\tHồ sơ\t1.520\t1.310",
          "2\tSố hồ sơ giải quyết đúng hạn\tHồ sơ\t1.498\t1.290"]


def test_table_in_a_report_with_a_preamble_window_takes_it_flagged(tmp_path):
    result = _report(tmp_path, [
        "ỦY BAN NHÂN DÂN XÃ AN PHÚ", "An Phú, ngày 04 tháng 11 năm 2025", "BÁO CÁO",
        "Tổng kết mô hình Bộ phận Một cửa không giấy",
        "Thời gian thực hiện thí điểm từ ngày 03/3/2025 đến hết ngày 30/4/2025.", "I. KẾT QUẢ", "", *_TABLE])
    table = [v for v in result.values if v.origin == "table"]
    generic = [v for v in table if v.column_header == "Số liệu"]
    own = [v for v in table if v.column_header == "Năm 2024"]
    assert generic and own
    for v in generic:
        assert (v.period_start, v.period_end) == (date(2025, 3, 3), date(2025, 4, 30))
        assert "period_from_preamble" in v.flags.split(";")
    for v in own:  # the header names the column's period: the report's does not apply
        assert v.period == "2024" and "period_from_preamble" not in v.flags


def test_table_in_a_report_with_a_cut_off_ends_there_flagged(tmp_path):
    result = _report(tmp_path, [
        "ỦY BAN NHÂN DÂN XÃ AN PHÚ", "An Phú, ngày 20 tháng 11 năm 2025", "BÁO CÁO",
        "Kết quả công tác cải cách hành chính năm 2025", "(Số liệu tính đến ngày 15/11/2025)",
        "I. KẾT QUẢ", "1. Tiếp nhận và giải quyết hồ sơ", "Kết quả cụ thể như sau:", "", *_TABLE])
    generic = [v for v in result.values if v.origin == "table" and v.column_header == "Số liệu"]
    assert generic
    for v in generic:
        assert (v.period_start, v.period_end) == (date(2025, 1, 1), date(2025, 11, 15))
        assert "period_cutoff" in v.flags.split(";")


def test_table_title_period_in_a_report_with_no_period_nor_date(tmp_path):
    """Nothing to fall back on at the report level: the table's own title still gives its period."""
    result = _report(tmp_path, ["BÁO CÁO", "Tổng kết mô hình Bộ phận Một cửa không giấy", "I. KẾT QUẢ",
                                "Kết quả tiếp nhận hồ sơ năm 2024 như sau:", "", *_TABLE])
    generic = [v for v in result.values if v.origin == "table" and v.column_header == "Số liệu"]
    assert generic
    for v in generic:
        assert v.period == "2024" and "period_from_table_title" in v.flags.split(";")
