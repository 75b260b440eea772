"""Tests for the PDF reader.

Two kinds of input: small PDFs printed by LibreOffice from Word files
(tests/fixtures/pdf, rebuilt by make_fixtures.py there) and PDFs written here by
a tiny pure-Python writer, for what an office suite never produces on demand:
detached diacritics, fake bold, fonts without a Unicode map, rotated pages,
borders drawn as thin filled rectangles, 300 pages of prose.
"""

from __future__ import annotations

import unicodedata
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from extract.model import Document, ReadError, Table
from extract.pdf.reader import read_pdf
from extract.pdf.text import Glyph, attach_marks, glyphs_to_lines, repair_text
from extract.stitch import stitch_tables

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "pdf"
SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.pdf"))


# ----------------------------------------------------------------- tiny PDF writer


@dataclass
class PdfPage:
    """One page to write. Coordinates are PDF points, y up, like the PDF itself."""

    width: float = 595
    height: float = 842
    rotate: int = 0
    cm: tuple[float, ...] | None = None  # content transform (content drawn for a rotated page)
    ops: list[tuple] = field(default_factory=list)

    def text(self, x: float, y: float, s: str, size: float = 12, font: str = "U") -> None:
        self.tj(x, y, [s], size, font)

    def tj(self, x: float, y: float, items: list, size: float = 12, font: str = "U") -> None:
        """A TJ array: strings and kerning numbers (thousandths of an em; positive moves left)."""
        self.ops.append(("tj", x, y, items, size, font))

    def line(self, x0: float, y0: float, x1: float, y1: float, width: float = 0.5) -> None:
        self.ops.append(("line", x0, y0, x1, y1, width))

    def rect(self, x: float, y: float, w: float, h: float) -> None:
        """A filled rectangle: how Word draws thin table borders."""
        self.ops.append(("rect", x, y, w, h))

    def image(self, x: float, y: float, w: float, h: float) -> None:
        self.ops.append(("image", x, y, w, h))


def _glyph_name(ch: str) -> str:
    base = unicodedata.normalize("NFD", ch)[0]
    if base == " ":
        return "space"
    if base.isascii() and base.isalpha():
        return base
    if base.isascii() and base.isdigit():
        return ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"][int(base)]
    return "quoteright" if unicodedata.combining(ch) else "x"


def build_pdf(pages: list[PdfPage]) -> bytes:
    """Font "U": a simple font whose codes map to any Unicode through a ToUnicode
    CMap (glyph shapes borrowed from Helvetica). Font "C": a CID font with no
    Unicode map at all, as a reader sees a font that needs OCR."""
    chars = sorted({ch for p in pages for op in p.ops if op[0] == "tj" for it in op[3] if isinstance(it, str) for ch in it} - {" "})
    assert len(chars) <= 200, "too many distinct characters for one simple font"
    code = {" ": 32, **{ch: (33 + i if i < 94 else 161 + i - 94) for i, ch in enumerate(chars)}}
    objs: list[bytes] = []

    def add(body: bytes | str) -> int:
        objs.append(body.encode("latin-1") if isinstance(body, str) else body)
        return len(objs)

    def stream(data: bytes, extra: str = "") -> int:
        return add(b"<< /Length %d %s>>stream\n" % (len(data), extra.encode()) + data + b"\nendstream")

    bfchars = "".join(f"<{c:02X}> <{ch.encode('utf-16-be').hex().upper()}>\n" for ch, c in code.items())
    cmap = stream((
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /T def "
        "1 begincodespacerange <00> <FF> endcodespacerange\n"
        f"{len(code)} beginbfchar\n{bfchars}endbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode())
    widths = [0] * 224
    for ch, c in code.items():
        widths[c - 32] = 0 if unicodedata.combining(ch) else (250 if ch == " " else 500)
    diffs = " ".join(f"{c} /{_glyph_name(ch)}" for ch, c in sorted(code.items(), key=lambda kv: kv[1]))
    font_u = add(
        f"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 32 /LastChar 255 "
        f"/Widths [{' '.join(map(str, widths))}] /Encoding << /Type /Encoding /Differences [{diffs}] >> "
        f"/ToUnicode {cmap} 0 R >>"
    )
    cid = add("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Arial /CIDSystemInfo << /Registry (Adobe) "
              "/Ordering (Identity) /Supplement 0 >> /DW 500 >>")
    font_c = add(f"<< /Type /Font /Subtype /Type0 /BaseFont /Arial /Encoding /Identity-H /DescendantFonts [{cid} 0 R] >>")
    image = stream(zlib.compress(b"\x80"), "/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
                                          "/BitsPerComponent 8 /Filter /FlateDecode ")
    pages_id = len(objs) + 2 * len(pages) + 1
    kids = []
    for p in pages:
        out = [] if p.cm is None else ["q " + " ".join(f"{v:g}" for v in p.cm) + " cm"]
        for op in p.ops:
            if op[0] == "tj":
                _, x, y, items, size, font = op
                parts = []
                for it in items:
                    if not isinstance(it, str):
                        parts.append(f"{it:g}")
                    elif font == "C":
                        parts.append("<" + "".join(f"{ord(ch) % 200 + 3:04X}" for ch in it) + ">")
                    else:
                        parts.append("<" + "".join(f"{code[ch]:02X}" for ch in it) + ">")
                out.append(f"BT /{font} {size:g} Tf {x:.2f} {y:.2f} Td [{' '.join(parts)}] TJ ET")
            elif op[0] == "line":
                _, x0, y0, x1, y1, w = op
                out.append(f"{w:g} w {x0:.2f} {y0:.2f} m {x1:.2f} {y1:.2f} l S")
            elif op[0] == "rect":
                out.append("{:.2f} {:.2f} {:.2f} {:.2f} re f".format(*op[1:]))
            else:
                _, x, y, w, h = op
                out.append(f"q {w:g} 0 0 {h:g} {x:g} {y:g} cm /Im Do Q")
        if p.cm is not None:
            out.append("Q")
        content = stream(zlib.compress("\n".join(out).encode("latin-1")), "/Filter /FlateDecode ")
        rotate = f" /Rotate {p.rotate}" if p.rotate else ""
        kids.append(add(
            f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {p.width:g} {p.height:g}]{rotate} "
            f"/Contents {content} 0 R /Resources << /Font << /U {font_u} 0 R /C {font_c} 0 R >> "
            f"/XObject << /Im {image} 0 R >> >> >>"
        ))
    assert add(f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>") == pages_id
    root = add(f"<< /Type /Catalog /Pages {pages_id} 0 R >>")
    buf = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(buf))
        buf += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(buf)
    buf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    buf += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    buf += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, root, xref)
    return bytes(buf)


def write_pdf(tmp_path: Path, pages: list[PdfPage], name: str = "t.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(build_pdf(pages))
    return path


def draw_grid(page: PdfPage, xs: list[float], ys: list[float], rows: list[list[str]], size: float = 11,
              as_rects: bool = False) -> None:
    """A ruled table; ys run top down (PDF y values, decreasing)."""
    for y in ys:
        if as_rects:
            page.rect(xs[0], y - 0.25, xs[-1] - xs[0], 0.5)
        else:
            page.line(xs[0], y, xs[-1], y)
    for x in xs:
        if as_rects:
            page.rect(x - 0.25, ys[-1], 0.5, ys[0] - ys[-1])
        else:
            page.line(x, ys[0], x, ys[-1])
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            page.text(xs[c] + 4, ys[r] - size - 3, text, size)


def all_text(doc: Document) -> str:
    parts = [b.text for b in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row]
    return "\n".join(parts)


# ---------------------------------------------------------------- ruled tables


def test_ruled_table_cells_at_grid_positions():
    doc = read_pdf(FIXTURES / "ruled_table_merged_header.pdf")
    assert doc.kind == "pdf" and doc.n_pages == 1 and not doc.warnings
    (table,) = doc.tables
    assert table.texts() == [
        ["STT", "Chỉ tiêu", "Thống kê", "", ""],
        ["", "", "2022", "2023", "2024"],
        ["1", "Số thủ tục hành chính được công bố", "1.842", "1.905", "1.967"],
        ["2", "Tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn trên tổng số hồ sơ tiếp nhận của các cơ quan "
              "hành chính cấp tỉnh", "97,5%", "98,2%", "99,1%"],
        ["3", "Số dịch vụ công trực tuyến toàn trình", "412", "658", "1.021"],
    ]


def test_merged_header_spans():
    table = read_pdf(FIXTURES / "ruled_table_merged_header.pdf").tables[0]
    top = {c.text: c for c in table.rows[0]}
    assert (top["Thống kê"].col, top["Thống kê"].col_span, top["Thống kê"].row_span) == (2, 3, 1)
    assert (top["STT"].row_span, top["Chỉ tiêu"].row_span) == (2, 2)
    assert [c.col for c in table.rows[1]] == [2, 3, 4]  # the cells under the merged ones are not repeated


def test_wrapped_label_stays_one_cell():
    table = read_pdf(FIXTURES / "ruled_table_merged_header.pdf").tables[0]
    label = table.rows[3][1]
    assert label.text.startswith("Tỷ lệ hồ sơ") and label.text.endswith("cấp tỉnh")
    assert "  " not in label.text and "\n" not in label.text
    assert label.prov.bbox[3] - label.prov.bbox[1] > 3 * 13  # it really wrapped over several lines


def test_cells_carry_page_and_bbox():
    doc = read_pdf(FIXTURES / "ruled_table_merged_header.pdf")
    table = doc.tables[0]
    x0, top, x1, bottom = table.prov.bbox
    assert table.prov.page == 1
    for row in table.rows:
        for cell in row:
            assert cell.prov.page == 1 and cell.confidence == 1.0
            cx0, ctop, cx1, cbottom = cell.prov.bbox
            assert x0 - 1 <= cx0 < cx1 <= x1 + 1 and top - 1 <= ctop < cbottom <= bottom + 1
    merged = table.rows[0][2]
    years = table.rows[1]
    assert merged.prov.bbox[0] == pytest.approx(years[0].prov.bbox[0], abs=1)
    assert merged.prov.bbox[2] == pytest.approx(years[-1].prov.bbox[2], abs=1)
    for p in doc.paragraphs:
        assert p.prov.page == 1 and p.prov.bbox is not None


def test_word_style_borders_drawn_as_filled_rects(tmp_path):
    page = PdfPage()
    draw_grid(page, [72, 250, 350, 450], [700, 680, 660, 640],
              [["Chỉ tiêu", "Kế hoạch", "Thực hiện"], ["Hồ sơ trực tuyến", "1.200", "1.350"], ["Tỷ lệ", "80%", "85,5%"]],
              as_rects=True)
    (table,) = read_pdf(write_pdf(tmp_path, [page])).tables
    assert table.texts() == [["Chỉ tiêu", "Kế hoạch", "Thực hiện"], ["Hồ sơ trực tuyến", "1.200", "1.350"],
                             ["Tỷ lệ", "80%", "85,5%"]]


def test_a_frame_around_text_is_not_a_table(tmp_path):
    page = PdfPage()
    page.line(70, 700, 500, 700)
    page.line(70, 650, 500, 650)
    page.line(70, 700, 70, 650)
    page.line(500, 700, 500, 650)
    page.text(80, 670, "Ghi chú: số liệu tính đến ngày 30/11/2024.")
    doc = read_pdf(write_pdf(tmp_path, [page]))
    assert not doc.tables
    assert doc.paragraphs[0].text == "Ghi chú: số liệu tính đến ngày 30/11/2024."


# ------------------------------------------------------------ borderless tables


def test_borderless_table_from_alignment():
    doc = read_pdf(FIXTURES / "borderless_table.pdf")
    (table,) = doc.tables
    assert table.texts() == [
        ["Đơn vị", "Tiếp nhận", "Đúng hạn", "Tỷ lệ"],
        ["Sở Tài nguyên và Môi trường tỉnh Điện Biên", "6.874", "6.512", "94,7%"],  # label wrapped in the PDF
        ["Sở Tư pháp", "8.215", "8.210", "99,9%"],
        ["Ban Quản lý các khu kinh tế", "312", "310", "99,4%"],
        ["Cộng", "15.401", "15.032", "97,6%"],
    ]
    assert all(c.prov.page == 1 and c.prov.bbox for row in table.rows for c in row)
    texts = [p.text for p in doc.paragraphs]
    assert "Kết quả giải quyết hồ sơ theo đơn vị:" in texts  # the caption stays a paragraph
    assert any(t.startswith("Các đơn vị còn hồ sơ quá hạn") for t in texts)
    # the signature block (two side-by-side columns, no numbers) is not a table
    assert "Nơi nhận:" in texts and "Lò Văn Tiến" in texts


def test_prose_with_numbers_is_not_a_table(tmp_path):
    page = PdfPage()
    lines = [
        "Năm 2024, toàn tỉnh tiếp nhận 125.430 hồ sơ, đã giải quyết 124.112",
        "hồ sơ, trong đó đúng hạn 123.950 hồ sơ, đạt 99,87%; quá hạn 162",
        "hồ sơ; số hồ sơ trực tuyến là 87.211, chiếm 69,5% tổng số hồ sơ",
        "tiếp nhận, tăng 12,4% so với năm 2023 và vượt 4,5% kế hoạch năm.",
    ]
    for i, text in enumerate(lines):
        page.text(72, 700 - 15 * i, text, 12)
    doc = read_pdf(write_pdf(tmp_path, [page]))
    assert not doc.tables
    assert len(doc.paragraphs) == 1 and doc.paragraphs[0].text.endswith("kế hoạch năm.")


def test_aligned_columns_without_rules(tmp_path):
    page = PdfPage()
    rows = [("Đơn vị", "Tiếp nhận", "Đúng hạn"), ("Sở Tư pháp", "8.215", "8.210"),
            ("Sở Y tế", "4.120", "4.100"), ("Sở Xây dựng", "2.010", "1.998")]
    for i, row in enumerate(rows):
        for x, text in zip((72, 260, 380), row):
            page.text(x, 700 - 18 * i, text, 12)
    (table,) = read_pdf(write_pdf(tmp_path, [page])).tables
    assert table.texts() == [list(r) for r in rows]


# ------------------------------------------------- page breaks and page furniture


def test_table_over_page_break_gives_two_fragments_without_page_furniture():
    doc = read_pdf(FIXTURES / "ruled_table_page_break.pdf")
    assert doc.n_pages == 2
    first, second = doc.tables
    assert (first.prov.page, second.prov.page) == (1, 2)
    assert (first.index, second.index) == (0, 1)
    header = ["STT", "Đơn vị", "Số hồ sơ", "Tỷ lệ đúng hạn"]
    assert first.texts()[0] == header and second.texts()[0] == header  # repeated, left for stitching
    body = first.texts()[1:] + second.texts()[1:]
    assert [r[0] for r in body] == [str(i) for i in range(1, 31)]
    assert body[-1] == ["30", "Xã số 30 huyện Điện Biên Đông", "310", "90,0%"]
    # page numbers and the running header are neither rows nor paragraphs
    text = all_text(doc)
    assert "BÁO CÁO CCHC NĂM 2024" not in text
    assert not any(p.text.strip().isdigit() for p in doc.paragraphs)
    # nothing separates the fragments, so the shared stitching step joins them
    (whole,) = [b for b in stitch_tables(list(doc.blocks)) if isinstance(b, Table)]
    assert len(whole.rows) == 31
    assert [p.text for p in doc.paragraphs][-2:] == ["Người lập biểu", "(Ký, ghi rõ họ tên)"]


def test_running_headers_and_page_numbers_dropped(tmp_path):
    pages = []
    for n in range(1, 5):
        page = PdfPage()
        page.text(150, 815, "UBND TỈNH LÂM GIANG - BÁO CÁO CẢI CÁCH HÀNH CHÍNH", 10)
        for i in range(5):
            page.text(72, 760 - 15 * i, f"Nội dung trang {n}, dòng {i + 1} của báo cáo tổng hợp về kết quả thực hiện", 12)
        page.text(290, 30, f"- {n} -", 11)
        pages.append(page)
    doc = read_pdf(write_pdf(tmp_path, pages))
    text = all_text(doc)
    assert "UBND TỈNH LÂM GIANG" not in text
    assert "- 2 -" not in text and not any(p.text in {"1", "2", "3", "4"} for p in doc.paragraphs)
    assert sum("Nội dung trang" in p.text for p in doc.paragraphs) >= 4


def test_page_number_between_table_fragments_is_not_a_row(tmp_path):
    pages = []
    for n in (1, 2):
        page = PdfPage()
        ys = [780 - 20 * i for i in range(6)]
        rows = [["STT", "Chỉ tiêu", "Số liệu"]] + [[str(5 * (n - 1) + i), f"Chỉ tiêu {5 * (n - 1) + i}", f"{10 * i},5"] for i in range(1, 5)]
        draw_grid(page, [72, 120, 400, 500], ys, rows)
        page.text(295, 40, str(n), 11)  # page number under the table
        pages.append(page)
    doc = read_pdf(write_pdf(tmp_path, pages))
    assert [type(b).__name__ for b in doc.blocks] == ["Table", "Table"]
    assert all(len(t.rows) == 5 for t in doc.tables)


def test_signature_stamp_text_does_not_split_a_table(tmp_path):
    pages = []
    for n in (1, 2):
        page = PdfPage()
        rows = [["STT", "Chỉ tiêu", "Số liệu"]] + [[str(4 * (n - 1) + i), f"Chỉ tiêu {4 * (n - 1) + i}", "12"] for i in range(1, 4)]
        draw_grid(page, [72, 120, 400, 500], [780, 760, 740, 720, 700], rows)
        if n == 1:  # the text a digital signature prints, here under the table
            for i, text in enumerate(["Người ký: Sở Nội vụ tỉnh Lâm Giang", "Email: snv@lamgiang.gov.vn",
                                      "Cơ quan: Tỉnh Lâm Giang", "Thời gian ký: 05.04.2024 08:30:12 +07:00"]):
                page.text(360, 120 - 11 * i, text, 8)
        pages.append(page)
    doc = read_pdf(write_pdf(tmp_path, pages))
    assert [type(b).__name__ for b in doc.blocks] == ["Table", "Table"]


def test_row_code_at_page_top_is_not_a_page_number(tmp_path):
    # a borderless table continued at the very top of a page: the row code "5" sits
    # alone on its line, centred beside a two-line label, much like a page number
    page = PdfPage()
    page.text(120, 815, "Tổng số hồ sơ tiếp nhận", 12)
    page.text(300, 815, "Hồ sơ", 12)
    page.text(420, 815, "3.214", 12)
    page.text(80, 808, "5", 12)
    page.text(120, 801, "trong kỳ báo cáo", 12)
    page.text(80, 780, "6", 12)
    page.text(120, 780, "Số hồ sơ giải quyết đúng hạn", 12)
    page.text(300, 780, "Hồ sơ", 12)
    page.text(420, 780, "3.198", 12)
    (table,) = read_pdf(write_pdf(tmp_path, [page])).tables
    assert table.texts() == [["5", "Tổng số hồ sơ tiếp nhận trong kỳ báo cáo", "Hồ sơ", "3.214"],
                             ["6", "Số hồ sơ giải quyết đúng hạn", "Hồ sơ", "3.198"]]


# ------------------------------------------------------------------ Vietnamese text


def test_vietnamese_text_is_whole_and_nfc():
    doc = read_pdf(FIXTURES / "vietnamese_diacritics.pdf")
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "ĐIỀU KHOẢN THI HÀNH" and doc.paragraphs[0].bold
    assert texts[1] == "Nghiêm túc thực hiện; tiếp tục đẩy mạnh ứng dụng công nghệ thông tin, chuyển đổi số."
    assert "một số cán bộ, công chức chưa thường xuyên cập nhật kiến thức, kỹ năng." in texts[2]
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)


def test_detached_diacritics_are_reattached(tmp_path):
    page = PdfPage()
    # tone marks drawn as separate zero-width glyphs, pulled back over their letter
    page.tj(72, 740, ["ĐIÊ", 300, "\u0300", -300, "U KHOA", 350, "\u0309", -350, "N"], 12)
    # marks drawn right after the letter without pull-back, NFD order
    page.tj(72, 710, ["chu", "\u0309", " nhiê", "\u0323", "m"], 12)
    doc = read_pdf(write_pdf(tmp_path, [page]))
    assert [p.text for p in doc.paragraphs] == ["ĐIỀU KHOẢN", "chủ nhiệm"]


def test_stacked_marks_do_not_interleave_lines(tmp_path):
    page = PdfPage()
    page.text(72, 700, "Tưởng thưởng Ưu đãi ĐIỀU KHOẢN", 12)
    page.text(72, 687, "Quỹ hỗ trợ Ẩm thực Ỷ lại", 12)  # tight pitch: stacked marks overlap the line above
    doc = read_pdf(write_pdf(tmp_path, [page]))
    assert doc.paragraphs[0].text == "Tưởng thưởng Ưu đãi ĐIỀU KHOẢN Quỹ hỗ trợ Ẩm thực Ỷ lại"


def test_fake_bold_doubles_removed(tmp_path):
    page = PdfPage()
    for dx, y in ((0.3, 700), (0.9, 660)):
        page.text(72, y, "Kiến nghị, đề xuất", 12)
        page.text(72 + dx, y + 0.2, "Kiến nghị, đề xuất", 12)
    doc = read_pdf(write_pdf(tmp_path, [page]))
    assert [p.text for p in doc.paragraphs] == ["Kiến nghị, đề xuất", "Kiến nghị, đề xuất"]


def test_page_without_unicode_map_is_flagged_and_untrusted(tmp_path):
    good = PdfPage()
    good.text(72, 700, "Trang này đọc được bình thường.", 12)
    bad = PdfPage()
    draw_grid(bad, [72, 200, 300], [700, 680, 660], [["a", "1"], ["b", "2"]])  # drawn with the normal font...
    bad.ops = [op for op in bad.ops if op[0] != "tj"]
    for i, (x, y) in enumerate(((76, 685), (204, 685), (76, 665), (204, 665))):
        bad.text(x, y, f"ô số {i}", 11, font="C")  # ...but the cell text has no Unicode map
    bad.text(72, 600, "Nội dung không có bảng mã Unicode", 12, font="C")
    doc = read_pdf(write_pdf(tmp_path, [good, bad]))
    assert doc.warnings == ("page 2: no Unicode map (cid) — needs OCR",)
    assert not doc.tables
    assert [(p.prov.page, p.text) for p in doc.paragraphs] == [(1, "Trang này đọc được bình thường.")]


def test_image_only_page_is_flagged(tmp_path):
    scan = PdfPage()
    scan.image(0, 0, 595, 842)
    doc = read_pdf(write_pdf(tmp_path, [scan]))
    assert doc.warnings == ("page 1: no text layer (image only) — needs OCR",)
    assert doc.blocks == ()


def test_sentence_cut_by_a_page_break_is_one_paragraph(tmp_path):
    first, second = PdfPage(), PdfPage()
    first.text(72, 100, "Về kết quả giải quyết hồ sơ: các sở, ngành đã giải quyết xong 12.480 hồ sơ, trong", 12)
    first.text(72, 85, "đó đúng hạn 12.324 hồ sơ, đạt 98,75%; số hồ sơ quá hạn của các", 12)
    second.text(72, 770, "cơ quan đều đã có văn bản xin lỗi tổ chức, cá nhân.", 12)
    second.text(72, 748, "Trong quý, không có phản ánh mới.", 12)
    doc = read_pdf(write_pdf(tmp_path, [first, second]))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0].endswith("quá hạn của các cơ quan đều đã có văn bản xin lỗi tổ chức, cá nhân.")
    assert doc.paragraphs[0].prov.page == 1  # provenance stays with the first part
    assert texts[1] == "Trong quý, không có phản ánh mới."


# ---------------------------------------------------------------- page geometry


def test_landscape_page():
    doc = read_pdf(FIXTURES / "landscape_table.pdf")
    (table,) = doc.tables
    assert table.texts()[0] == ["Lĩnh vực", "Điểm tối đa", "2020", "2021", "2022", "2023", "2024"]
    assert table.texts()[2] == ["Cải cách thủ tục hành chính", "10", "8,5", "8,75", "9", "9,25", "9,5"]
    assert table.prov.bbox[2] > 612  # wider than a portrait page


@pytest.mark.parametrize("rotate", [90, 270])
def test_rotated_page_reads_upright_with_display_bboxes(tmp_path, rotate):
    # landscape content (842 x 595) drawn on a portrait page that viewers turn by /Rotate
    cm = (0, 1, -1, 0, 595, 0) if rotate == 90 else (0, -1, 1, 0, 0, 842)
    page = PdfPage(595, 842, rotate=rotate, cm=cm)
    page.text(72, 540, "Bảng ngang: chỉ số năm 2024", 12)
    draw_grid(page, [72, 300, 420, 540], [520, 500, 480, 460],
              [["Lĩnh vực", "Điểm", "Xếp hạng"], ["Cải cách thể chế", "8,5", "12"], ["Tài chính công", "9,0", "3"]])
    doc = read_pdf(write_pdf(tmp_path, [page]))
    (table,) = doc.tables
    assert table.texts() == [["Lĩnh vực", "Điểm", "Xếp hạng"], ["Cải cách thể chế", "8,5", "12"],
                             ["Tài chính công", "9,0", "3"]]
    # bboxes are in the page as displayed: 842 wide, 595 high, table near the top
    assert table.prov.bbox == pytest.approx((72, 75, 540, 135), abs=0.5)
    assert doc.paragraphs[0].text == "Bảng ngang: chỉ số năm 2024"


# ------------------------------------------------------------------ bad input


def test_encrypted_pdf_raises():
    with pytest.raises(ReadError, match=r"^encrypted PDF \(password required\)$"):
        read_pdf(FIXTURES / "encrypted_password.pdf")


@pytest.mark.parametrize("keep", [0.5, 0.97])
def test_truncated_pdf_raises(tmp_path, keep):
    data = (FIXTURES / "ruled_table_merged_header.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(ReadError, match=r"^corrupt or truncated PDF: "):
        read_pdf(path)


def test_corrupt_pdf_raises(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\nstartxref\n123\n%%EOF\n")
    with pytest.raises(ReadError, match=r"^corrupt or truncated PDF: "):
        read_pdf(path)


@pytest.mark.parametrize("content", [b"", "Báo cáo\tSố liệu\n".encode(), b"PK\x03\x04 a zip file"])
def test_not_a_pdf_raises(tmp_path, content):
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    with pytest.raises(ReadError, match=r"^not a PDF"):
        read_pdf(path)


# -------------------------------------------------------------------- size and speed


def test_300_page_prose_reads_quickly_without_tables(tmp_path):
    words = ("Thực hiện kế hoạch cải cách hành chính năm 2024 của Ủy ban nhân dân tỉnh các sở ban ngành "
             "đã tập trung chỉ đạo triển khai đồng bộ nhiệm vụ cải cách thể chế thủ tục hành chính tổ chức "
             "bộ máy chế độ công vụ tài chính công chuyển đổi số").split()
    pages, k = [], 0
    for n in range(300):
        page = PdfPage()
        page.text(200, 810, "BÁO CÁO CẢI CÁCH HÀNH CHÍNH NĂM 2024", 10)
        for i in range(40):
            line = []
            while sum(len(w) + 1 for w in line) < 80:
                line.append(words[k % len(words)])
                k += 1
            page.text(100 if i % 10 == 0 else 72, 770 - 17 * i, " ".join(line), 12)
        page.text(290, 40, str(n + 1), 11)
        pages.append(page)
    path = write_pdf(tmp_path, pages)
    doc = read_pdf(path)  # speed is measured by scripts/bench_pdf.py, not asserted here
    assert doc.n_pages == 300 and not doc.tables and not doc.warnings
    assert len(doc.paragraphs) >= 300
    assert not any(p.text.isdigit() or "BÁO CÁO CẢI CÁCH" in p.text for p in doc.paragraphs)


# --------------------------------------------------------------------- samples


@pytest.mark.skipif(not SAMPLES, reason="no sample PDFs")
@pytest.mark.parametrize("pdf", SAMPLES, ids=lambda p: p.stem)
def test_sample_tables_match_their_text_version(pdf):
    """The samples ship a .txt with each table as tab-separated rows."""
    expected, current = [], []
    for line in pdf.with_suffix(".txt").read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            current.append([c.strip() for c in line.split("\t")])
        elif current:
            expected.append(current)
            current = []
    if current:
        expected.append(current)
    doc = read_pdf(pdf)
    tables = [b for b in stitch_tables(list(doc.blocks)) if isinstance(b, Table)]
    got = [[row + [""] * (len(exp[0]) - len(row)) for row in t.texts()] for t, exp in zip(tables, expected)]
    assert got == expected
    assert len(tables) == len(expected)


# ------------------------------------------------ text functions on hand-made glyphs


def _g(text: str, x0: float, bottom: float, width: float = 6.0, size: float = 12.0, seq: int = 0, space: bool = False) -> Glyph:
    return Glyph(text, x0, bottom - size, x0 + width, bottom, size, seq, space)


def test_attach_marks_uses_position_not_order():
    glyphs = [_g("\u0301", 73, 100, width=0, seq=0), _g("a", 72, 100, seq=1), _g("n", 78, 100, seq=2)]
    assert [g.text for g in attach_marks(glyphs)] == ["a\u0301", "n"]


def test_glyphs_to_lines_keeps_lines_apart_and_words_whole():
    glyphs = [_g(ch, 72 + 6 * i, 100, seq=i) for i, ch in enumerate("Ước")]
    glyphs += [_g(ch, 72 + 6 * i, 113, seq=10 + i, space=(ch == "B")) for i, ch in enumerate("AB")]
    glyphs.append(_g("s", 90, 101.5, seq=20))  # a glyph a little off the first baseline
    lines = glyphs_to_lines(glyphs)
    assert [ln.text for ln in lines] == ["Ướcs", "A B"]


def test_repair_text():
    assert repair_text("Ð\u00adiê\u0300u  khoa\u0309n") == "Điều khoản"
    assert repair_text("nhiê\u0323\u0323m") == "nhiệm"  # a mark drawn twice (fake bold)
    assert repair_text("\uf0b7 Bộ Nội vụ") == "• Bộ Nội vụ"  # Symbol-font bullet from Word
