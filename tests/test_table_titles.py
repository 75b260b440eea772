"""table_titles: the lead-in of each table, the period it names and the longer text above it."""

from pathlib import Path

from baocao.table_records import table_titles
from extract.model import Cell, Document, Paragraph, Table


def _table(index: int, *header: str) -> Table:
    return Table(rows=(tuple(Cell(text, 0, i) for i, text in enumerate(header)),), index=index)


def _doc(*blocks) -> Document:
    return Document(Path("x.docx"), "docx", tuple(blocks))


def test_lead_in_is_the_last_three_paragraphs_and_the_history_the_last_twelve():
    prose = [Paragraph(f"Đoạn số {i} nói về kết quả.") for i in range(40)]
    doc = _doc(*prose[:20], _table(0, "STT", "Nội dung"), *prose[20:], _table(1, "TT", "Chỉ tiêu"))
    titles = table_titles(doc)
    assert titles[0][0] == "Đoạn số 17 nói về kết quả. Đoạn số 18 nói về kết quả. Đoạn số 19 nói về kết quả."
    assert titles[0][2] == " ".join(f"Đoạn số {i} nói về kết quả." for i in range(8, 20))
    assert titles[1][2] == " ".join(f"Đoạn số {i} nói về kết quả." for i in range(28, 40))


def test_history_reaches_across_earlier_tables_and_skips_date_lines_and_empty_paragraphs():
    doc = _doc(
        Paragraph("II. CHỈ SỐ SIPAS NĂM 2024"),
        Paragraph("Bảng 1: Kết quả quý III năm 2025"),
        _table(0, "STT", "Đơn vị", "Điểm"),
        Paragraph("   "),
        Paragraph("Lâm Đồng, ngày 10 tháng 10 năm 2025"),
        Paragraph("Bảng 2:   kết quả\n6 tháng đầu năm 2025"),
        _table(1, "TT", "Chỉ tiêu", "Số liệu"),
    )
    titles = table_titles(doc)
    assert titles[0][0] == "II. CHỈ SỐ SIPAS NĂM 2024 Bảng 1: Kết quả quý III năm 2025"
    assert titles[0][1].label == "2025-Q3"  # the nearest paragraph's period
    assert titles[1][0] == "Bảng 2: kết quả 6 tháng đầu năm 2025"  # the date line is not the title
    assert titles[1][1].label == "2025-H1"
    assert titles[1][2] == ("II. CHỈ SỐ SIPAS NĂM 2024 Bảng 1: Kết quả quý III năm 2025 "
                            "Bảng 2: kết quả 6 tháng đầu năm 2025")


def test_a_table_continued_with_the_same_header_keeps_the_first_part_title():
    doc = _doc(
        Paragraph("Bảng 1: Kết quả quý III năm 2025"),
        _table(0, "STT", "Đơn vị"),
        Paragraph("1 Ghi chú cuối trang"),
        _table(1, "STT", "Đơn vị"),  # the same header again: the same table after a footnote
        *[Paragraph(f"Đoạn {i}.") for i in range(4)],
        _table(2, "STT", "Đơn vị"),  # more than three paragraphs between: a table of its own
    )
    titles = table_titles(doc)
    assert titles[1] == titles[0]
    assert titles[2][0] == "Đoạn 1. Đoạn 2. Đoạn 3."
    assert titles[2][1] is None
