"""Text reader: tab tables, markup, repeated headers, continued rows, PDF-text layout."""

from pathlib import Path

import pytest

from extract import ReadError, read_document
from extract.model import Paragraph
from extract.text_layout import split_row_text
from extract.text_reader import clean_inline, text_to_blocks


def test_markup_is_removed():
    assert clean_inline("<b>1.379</b>") == "1.379"
    assert clean_inline("Số TTHC đã thực hiện 4 tại chỗ <sup>1</sup>") == "Số TTHC đã thực hiện 4 tại chỗ"
    assert clean_inline("<i>Tổng số được giao</i>") == "Tổng số được giao"
    assert clean_inline("***b) Những tồn tại***") == "b) Những tồn tại"


def test_markdown_heading_and_bold():
    blocks = text_to_blocks(["### **III- Lĩnh vực cải cách thủ tục hành chính**"])
    assert isinstance(blocks[0], Paragraph)
    assert blocks[0].heading_level == 3 and blocks[0].bold
    assert blocks[0].text == "III- Lĩnh vực cải cách thủ tục hành chính"


def _read(tmp_path, text, name="r.txt") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_repeated_header_after_page_break_gives_one_table(tmp_path):
    header = "STT\tChỉ tiêu\tNăm 2022\tNăm 2023"
    text = "\n".join([header, "1\tTổng số TTHC\t10\t12", "", "7", "", header, "2\tSố TTHC cấp xã\t3\t4"])
    doc = read_document(_read(tmp_path, text))
    assert len(doc.tables) == 1
    rows = doc.tables[0].texts()
    assert [r[0] for r in rows] == ["STT", "1", "2"]
    assert [c.row for c in doc.tables[0].rows[2]] == [2, 2, 2, 2]


def test_heading_between_tables_keeps_them_apart(tmp_path):
    header = "STT\tChỉ tiêu\tNăm 2022"
    text = "\n".join([header, "1\tA b c\t1", "", "Biểu mẫu 3", "", header, "1\tD e f\t2"])
    assert len(read_document(_read(tmp_path, text)).tables) == 2


def test_noise_lines_between_fragments_are_dropped(tmp_path):
    header = "STT\tChỉ tiêu\tNăm 2022"
    text = "\n".join([header, "1\tA b c\t1", "", "th", "", header, "2\tD e f\t2"])
    doc = read_document(_read(tmp_path, text))
    assert len(doc.tables) == 1 and len(doc.tables[0].rows) == 3
    assert not any(p.text == "th" for p in doc.paragraphs)


def test_line_numbers_are_kept(tmp_path):
    doc = read_document(_read(tmp_path, "Tiêu đề\n\nSTT\tChỉ tiêu\tNăm 2022\n1\tA b c\t5\n"))
    cell = doc.tables[0].rows[1][2]
    assert cell.text == "5" and cell.prov.line == 4


@pytest.mark.parametrize("content,reason", [
    (b"", "empty file"),
    (b"   \n\n  ", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary content"),
])
def test_bad_text_files(tmp_path, content, reason):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    with pytest.raises(ReadError, match=reason):
        read_document(p)


def test_missing_file_and_unsupported_type(tmp_path):
    with pytest.raises(ReadError, match="file not found"):
        read_document(tmp_path / "nope.txt")
    odd = tmp_path / "x.xyz"
    odd.write_text("a")
    with pytest.raises(ReadError, match="unsupported file type"):
        read_document(odd)


@pytest.mark.parametrize("text,expected", [
    ("Tổng số nhiệm vụ được giao Nhiệm vụ 118", ("Tổng số nhiệm vụ được giao", "Nhiệm vụ", "118", "")),
    ("Số lượng phiếu khảo sát Số lượng 14.390", ("Số lượng phiếu khảo sát", "Số lượng", "14.390", "")),
    ("Khảo sát sự hài lòng của người dân Có = 1; Không = 0 1 VP UBND tỉnh tổng hợp",
     ("Khảo sát sự hài lòng của người dân", "Có = 1; Không = 0", "1", "VP UBND tỉnh tổng hợp")),
    ("Hình thức khảo sát Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2 2",
     ("Hình thức khảo sát", "Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2", "2", "")),
    ("Tỷ lệ TTHC đã tích hợp, công khai trên Cổng DVC quốc gia % 100",
     ("Tỷ lệ TTHC đã tích hợp, công khai trên Cổng DVC quốc gia", "%", "100", "")),
    ("Thống kê TTHC", ("Thống kê TTHC", "", "", "")),
])
def test_split_pdf_text_row(text, expected):
    assert split_row_text(text) == expected


def test_pdf_text_layout_rows_spread_over_lines(tmp_path):
    lines = ["Biểu mẫu 3", "STT ", "", "Chỉ tiêu thống kê ", "", "Kết quả thống kê Ghi chú ", "",
             "Đơn vị tính Số liệu ", "1.  Thống kê TTHC ", "1.1.  ", "Số TTHC công bố ", "mới ", "Thủ tục ",
             "", "7  ", "1.2.  Số TTHC bãi bỏ Thủ tục 3 ", "2 ", "Tổ chức đối thoại của lãnh đạo với Không = 0 1 ",
             "STT ", "Chỉ tiêu thống kê ", "Đơn vị tính Số liệu ", "người dân, doanh nghiệp ", "Có = 1 "]
    doc = read_document(_read(tmp_path, "\n".join(lines)))
    rows = doc.tables[0].texts()
    assert rows[0] == ["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu", "Ghi chú"]
    assert rows[2] == ["1.1.", "Số TTHC công bố mới", "Thủ tục", "7", ""]  # a bare "7" is a value, not a code
    assert rows[3] == ["1.2.", "Số TTHC bãi bỏ", "Thủ tục", "3", ""]
    assert rows[4][:4] == ["2", "Tổ chức đối thoại của lãnh đạo với", "Không = 0", "1"]
    assert rows[5][:3] == ["", "người dân, doanh nghiệp", "Có = 1"]  # continued after the repeated header
