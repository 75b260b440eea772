"""Title blocks and signature blocks laid out as tables are furniture: no warning, and they
feed the report metadata. Expected values below were read from the documents by eye."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import pytest

from baocao.pipeline import process_file
from normalize.furniture import furniture_kind
from normalize.metadata import extract_metadata

ROOT = Path(__file__).resolve().parents[1]

TITLE = [["ỦY BAN NHÂN DÂN TỈNH LÂM GIANG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc"],
         ["Số: 77/BC-UBND", "Lâm Giang, ngày 09 tháng 10 năm 2025"]]
SIGNATURE = [["Nơi nhận: - Bộ Nội vụ; - Lưu: VT.", "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Trần Minh Đức"]]


def test_furniture_kinds():
    assert furniture_kind(TITLE) == "title_block"
    assert furniture_kind([["UBND XÃ AN PHÚ", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"]]) == "title_block"
    assert furniture_kind(SIGNATURE) == "signature"
    assert furniture_kind([["TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Lê Văn Hòa"]]) == "signature"
    assert furniture_kind([["Chỉ tiêu", "Số liệu"], ["Số hồ sơ", "12"]]) is None
    assert furniture_kind([["Bộ phận nhận hồ sơ", "12"]]) is None  # "nhận" inside a label is not "Nơi nhận"


def test_metadata_from_furniture_grids():
    meta = extract_metadata(["BÁO CÁO", "Kết quả cải cách hành chính quý III năm 2025"],
                            title_block=TITLE, signature=SIGNATURE)
    assert meta.number == "77/BC-UBND" and meta.date == date(2025, 10, 9) and meta.place == "Lâm Giang"
    assert meta.issuing_body == "ỦY BAN NHÂN DÂN TỈNH LÂM GIANG"
    assert (meta.signer, meta.signer_title) == ("Trần Minh Đức", "KT. CHỦ TỊCH PHÓ CHỦ TỊCH")


def _table(document, grid):
    table = document.add_table(rows=len(grid), cols=len(grid[0]))
    for r, row in enumerate(grid):
        for c, text in enumerate(row):
            table.cell(r, c).text = text


def test_word_report_framed_by_furniture_tables_is_ok(tmp_path):
    document = docx.Document()
    _table(document, TITLE)
    document.add_paragraph("BÁO CÁO")
    document.add_paragraph("Kết quả cải cách hành chính quý III năm 2025")
    document.add_paragraph("Trên đây là báo cáo công tác cải cách hành chính quý III năm 2025 của UBND tỉnh./.")
    _table(document, SIGNATURE)
    document.add_paragraph("Biểu mẫu 1")
    _table(document, [["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu"],
                      ["1", "Số văn bản chỉ đạo CCHC đã ban hành", "Văn bản", "12"]])
    path = tmp_path / "framed.docx"
    document.save(str(path))
    result = process_file(path)
    r = result.report
    assert (r.status, r.error, r.error_code, r.warnings) == ("ok", "", "", "")
    assert r.n_tables == 3 and [v.value for v in result.values if v.origin == "table"] == [12.0]
    assert (r.number, r.date, r.place) == ("77/BC-UBND", date(2025, 10, 9), "Lâm Giang")
    assert (r.issuing_body, r.signer) == ("ỦY BAN NHÂN DÂN TỈNH LÂM GIANG", "Trần Minh Đức")


def test_headerless_table_that_is_not_furniture_keeps_its_cells_flagged(tmp_path):
    document = docx.Document()
    _table(document, [["abc", "def"], ["ghi", "12"]])
    path = tmp_path / "odd.docx"
    document.save(str(path))
    result = process_file(path)
    # not furniture: its figure is kept with its raw labels, flagged and below the review threshold
    assert [v.value for v in result.values] == [12.0]
    assert result.values[0].flags and result.values[0].confidence < 0.8


# (number, date, place, issuing body, signer, signer title) as printed in each sample
SAMPLES = {
    "commune_borderless_2023": ("26/BC-UBND", date(2023, 12, 12), "Phước Lâm", "UBND xã Phước Lâm",
                                "Đinh Văn Sáng", "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH"),
    "district_2011_2020_summary": ("87/BC-UBND", date(2020, 5, 6), "Ngọc Khê", "UBND huyện Ngọc Khê",
                                   "Phạm Quang Vinh", "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH"),
    "province_office_6m_2024": ("318/BC-VP", date(2024, 6, 14), "Lâm Giang", "Văn phòng UBND tỉnh",
                                "Lê Hoàng Phúc", "CHÁNH VĂN PHÒNG"),
    "province_office_q1_2024": ("142/BC-SNV", date(2024, 4, 5), "Lâm Giang", "Sở Nội vụ tỉnh Lâm Giang",
                                "Hoàng Thị Thu Trang", "GIÁM ĐỐC"),
}


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
@pytest.mark.parametrize("stem", sorted(SAMPLES))
def test_samples_are_ok_with_their_metadata(stem, suffix):
    r = process_file(ROOT / "samples" / f"{stem}{suffix}").report
    assert (r.status, r.error) == ("ok", "")
    assert (r.number, r.date, r.place, r.issuing_body, r.signer, r.signer_title) == SAMPLES[stem]


def test_real_word_report_is_ok_with_its_metadata(shared_real):
    r = process_file(shared_real / "lamdong-ubnd-cchc-2026q1.docx").report
    assert (r.status, r.error, r.error_code) == ("ok", "", "")
    assert r.n_values > 100
    # its title block leaves the number and the day blank ("Số: /BC-UBND", "ngày tháng 3 năm 2026")
    assert r.number == "" and r.date is None and r.date_text.endswith("tháng 3 năm 2026")
    assert r.place == "Lâm Đồng" and r.issuing_body == "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"
    assert (r.signer, r.signer_title) == ("Nguyễn Ngọc Phúc", "KT. CHỦ TỊCH PHÓ CHỦ TỊCH")
