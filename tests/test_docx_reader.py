"""Tests for the .docx reader; documents are built on the fly with python-docx."""

from __future__ import annotations

import copy
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from extract.docx_reader import read_docx
from extract.model import Paragraph, ReadError, Table

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.docx"))


def _save(document, tmp_path: Path, name: str = "report.docx") -> Path:
    path = tmp_path / name
    document.save(str(path))
    return path


def _stats_table(document):
    """STT merged over two header rows, "Thống kê" merged over three year columns."""
    table = document.add_table(rows=3, cols=4)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "STT"
    table.cell(0, 1).merge(table.cell(0, 3)).text = "Thống kê"
    for col, year in enumerate(["2022", "2023", "2024"], start=1):
        table.cell(1, col).text = year
    for col, value in enumerate(["1", "10", "20", "30"]):
        table.cell(2, col).text = value
    return table


# --------------------------------------------------------------------------- order and paragraphs


def test_blocks_in_body_order_with_provenance(tmp_path):
    document = docx.Document()
    document.add_heading("Báo cáo cải cách hành chính", level=1)
    document.add_paragraph("Đoạn mở đầu")
    document.add_table(rows=1, cols=2).cell(0, 0).text = "A"
    document.add_paragraph("")  # empty: no block, but still counts as a body element
    document.add_paragraph("Đoạn giữa")
    document.add_table(rows=1, cols=1).cell(0, 0).text = "B"
    document.sections[0].header.paragraphs[0].text = "TIÊU ĐỀ TRANG"
    document.sections[0].footer.paragraphs[0].text = "Trang 1"

    result = read_docx(_save(document, tmp_path))

    assert result.kind == "docx"
    assert result.n_pages is None
    kinds = [(type(b).__name__, b.text if isinstance(b, Paragraph) else b.index) for b in result.blocks]
    assert kinds == [
        ("Paragraph", "Báo cáo cải cách hành chính"),
        ("Paragraph", "Đoạn mở đầu"),
        ("Table", 0),
        ("Paragraph", "Đoạn giữa"),
        ("Table", 1),
    ]
    assert [b.prov.line for b in result.blocks] == [1, 2, 3, 5, 6]
    assert all(b.prov.page is None and b.prov.bbox is None for b in result.blocks)
    texts = " ".join(p.text for p in result.paragraphs)
    assert "TIÊU ĐỀ TRANG" not in texts and "Trang 1" not in texts


def test_heading_level_and_bold(tmp_path):
    document = docx.Document()
    document.add_heading("Tiêu đề", level=0)  # "Title" style
    document.add_heading("Phần I", level=1)
    document.add_heading("Mục 1", level=2)
    bold = document.add_paragraph()
    bold.add_run("Toàn bộ ").bold = True
    bold.add_run("in đậm").bold = True
    mixed = document.add_paragraph()
    mixed.add_run("Một phần ").bold = True
    mixed.add_run("in đậm")
    document.add_paragraph("Thường")

    paragraphs = read_docx(_save(document, tmp_path)).paragraphs

    assert [p.heading_level for p in paragraphs] == [1, 1, 2, 0, 0, 0]
    assert [p.bold for p in paragraphs[3:]] == [True, False, False]


def test_outline_level_counts_as_heading(tmp_path):
    document = docx.Document()
    p = document.add_paragraph("Chương tùy chỉnh")
    p._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="1"/>'))

    assert read_docx(_save(document, tmp_path)).paragraphs[0].heading_level == 2


def test_paragraphs_inside_content_controls(tmp_path):
    document = docx.Document()
    document.add_paragraph("Trước")
    after = document.add_paragraph("Sau")
    sdt = parse_xml(
        f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent>"
        "<w:p><w:r><w:t>Trong điều khiển nội dung</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
    )
    after._p.addprevious(sdt)

    result = read_docx(_save(document, tmp_path))

    assert [p.text for p in result.paragraphs] == ["Trước", "Trong điều khiển nội dung", "Sau"]
    assert [p.prov.line for p in result.paragraphs] == [1, 2, 3]


def test_text_is_nfc_and_whitespace_collapsed(tmp_path):
    nfd = unicodedata.normalize("NFD", "Thống kê thủ tục hành chính")
    document = docx.Document()
    document.add_paragraph(f"  {nfd}\t\u00a0 cuối  ")
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.text = f"{nfd}\ndòng hai"
    cell.add_paragraph("đoạn   ba")

    result = read_docx(_save(document, tmp_path))

    assert result.paragraphs[0].text == "Thống kê thủ tục hành chính cuối"
    assert unicodedata.is_normalized("NFC", result.paragraphs[0].text)
    assert result.tables[0].rows[0][0].text == "Thống kê thủ tục hành chính dòng hai đoạn ba"


# --------------------------------------------------------------------------- tables


def test_merged_header_grid(tmp_path):
    document = docx.Document()
    _stats_table(document)

    table = read_docx(_save(document, tmp_path)).tables[0]

    header, years, data = table.rows
    assert [(c.text, c.row, c.col, c.row_span, c.col_span) for c in header] == [
        ("STT", 0, 0, 2, 1),
        ("Thống kê", 0, 1, 1, 3),
    ]
    # The STT continuation cell is not emitted: row 1 starts at grid column 1.
    assert [(c.text, c.col, c.row_span, c.col_span) for c in years] == [
        ("2022", 1, 1, 1),
        ("2023", 2, 1, 1),
        ("2024", 3, 1, 1),
    ]
    assert [(c.text, c.col) for c in data] == [("1", 0), ("10", 1), ("20", 2), ("30", 3)]
    assert table.n_cols == 4
    assert table.texts()[1] == ["", "2022", "2023", "2024"]


def test_cell_provenance_points_at_table(tmp_path):
    document = docx.Document()
    document.add_paragraph("Mở đầu")
    _stats_table(document)

    table = read_docx(_save(document, tmp_path)).tables[0]

    assert table.index == 0
    assert table.prov.line == 2
    assert {c.prov.line for row in table.rows for c in row} == {2}
    assert all(c.confidence == 1.0 for row in table.rows for c in row)


def test_grid_before_shifts_row(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for col, text in enumerate(["A", "B", "C"]):
        table.cell(0, col).text = text
    tr = table.rows[1]._tr
    tr.remove(tr.tc_lst[0])
    tr.insert(0, parse_xml(f'<w:trPr {nsdecls("w")}><w:gridBefore w:val="1"/></w:trPr>'))
    tr.tc_lst[0].clear_content()
    tr.tc_lst[0].append(parse_xml(f"<w:p {nsdecls('w')}><w:r><w:t>x</w:t></w:r></w:p>"))

    rows = read_docx(_save(document, tmp_path)).tables[0].rows

    assert [(c.text, c.col) for c in rows[1]] == [("x", 1), ("", 2)]


def test_repeated_header_row_emitted_once(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Chỉ tiêu", "Kết quả"
    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
    table.cell(1, 0).text, table.cell(2, 0).text = "a", "b"

    result = read_docx(_save(document, tmp_path))

    assert len(result.tables) == 1
    assert [r[0].text for r in result.tables[0].rows] == ["Chỉ tiêu", "a", "b"]


def test_table_split_by_page_break_stays_two_tables(tmp_path):
    document = docx.Document()
    for part in ("đầu", "cuối"):
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text = "Chỉ tiêu"
        table.cell(1, 0).text = part
        if part == "đầu":
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    tables = read_docx(_save(document, tmp_path)).tables

    assert [t.index for t in tables] == [0, 1]
    assert [t.rows[1][0].text for t in tables] == ["đầu", "cuối"]


def test_nested_table(tmp_path):
    document = docx.Document()
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "Ngoài"
    host = outer.cell(0, 1)
    host.text = "Chứa bảng"
    inner = host.add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "trong 1", "trong 2"
    document.add_paragraph("Sau bảng")
    document.add_table(rows=1, cols=1).cell(0, 0).text = "Bảng sau"

    result = read_docx(_save(document, tmp_path))

    kinds = [type(b).__name__ for b in result.blocks]
    assert kinds == ["Table", "Table", "Paragraph", "Table"]
    outer_t, inner_t, _, last = result.blocks
    assert [t.index for t in (outer_t, inner_t, last)] == [0, 1, 2]
    assert outer_t.rows[0][1].text == "Chứa bảng trong 1 trong 2"
    assert inner_t.texts() == [["trong 1", "trong 2"]]
    assert inner_t.prov.line == outer_t.prov.line == 1
    assert last.prov.line == 3


def test_vertical_merge_without_anchor_warns(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "lạc"
    table.cell(0, 0)._tc.get_or_add_tcPr().append(parse_xml(f'<w:vMerge {nsdecls("w")}/>'))

    result = read_docx(_save(document, tmp_path))

    assert result.tables[0].rows[0][0].text == "lạc"
    assert len(result.warnings) == 1 and "vertical merge" in result.warnings[0]


def test_deleted_text_and_rows_are_skipped(tmp_path):
    document = docx.Document()
    p = document.add_paragraph("giữ ")
    p._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="1" w:author="x"><w:r><w:delText>bỏ</w:delText></w:r></w:del>'
        )
    )
    table = document.add_table(rows=2, cols=1)
    table.cell(0, 0).text, table.cell(1, 0).text = "còn", "xóa"
    table.rows[1]._tr.get_or_add_trPr().append(
        parse_xml(f'<w:del {nsdecls("w")} w:id="2" w:author="x"/>')
    )

    result = read_docx(_save(document, tmp_path))

    assert result.paragraphs[0].text == "giữ"
    assert result.tables[0].texts() == [["còn"]]


def test_legacy_horizontal_merge(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    table.cell(0, 0).text, table.cell(0, 2).text = "Tổng", "z"
    for col, val in ((0, "restart"), (1, "continue")):
        tc_pr = table.cell(0, col)._tc.get_or_add_tcPr()
        tc_pr.append(parse_xml(f'<w:hMerge {nsdecls("w")} w:val="{val}"/>'))

    row = read_docx(_save(document, tmp_path)).tables[0].rows[0]

    assert [(c.text, c.col, c.col_span) for c in row] == [("Tổng", 0, 2), ("z", 2, 1)]


_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
_VML = "urn:schemas-microsoft-com:vml"


def test_text_box_read_once_after_its_paragraph(tmp_path):
    document = docx.Document()
    host = document.add_paragraph("Neo")
    box = "<w:txbxContent><w:p><w:r><w:t>Biểu số 01</w:t></w:r></w:p></w:txbxContent>"
    host._p.append(
        parse_xml(
            f'<w:r {nsdecls("w")} xmlns:v="{_VML}" xmlns:mc="{_MC}" xmlns:wps="{_WPS}"><mc:AlternateContent>'
            f"<mc:Choice Requires=\"wps\"><w:drawing><wps:txbx>{box}</wps:txbx></w:drawing></mc:Choice>"
            f"<mc:Fallback><w:pict><v:textbox>{box}</v:textbox></w:pict></mc:Fallback>"
            "</mc:AlternateContent></w:r>"
        )
    )
    document.add_paragraph("Tiếp")

    result = read_docx(_save(document, tmp_path))

    assert [(p.text, p.prov.line) for p in result.paragraphs] == [
        ("Neo", 1),
        ("Biểu số 01", 1),
        ("Tiếp", 2),
    ]



def _box_run(inner: str) -> str:
    return (f'<w:r {nsdecls("w")} xmlns:v="{_VML}" xmlns:mc="{_MC}" xmlns:wps="{_WPS}"><mc:AlternateContent>'
            f"<mc:Choice Requires=\"wps\"><w:drawing><wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx>"
            f"</w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>{inner}</w:txbxContent>"
            "</v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>")


def test_text_boxes_in_a_cell_and_inside_a_text_box_are_each_read_once(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).paragraphs[0].add_run("Ô")
    table.cell(0, 0).paragraphs[0]._p.append(parse_xml(_box_run("<w:p><w:r><w:t>Hộp trong ô</w:t></w:r></w:p>")))
    table.cell(0, 1).paragraphs[0].add_run("12")
    host = document.add_paragraph("Neo")
    inner = _box_run("<w:p><w:r><w:t>Hộp con</w:t></w:r></w:p>").replace(f' {nsdecls("w")}', "", 1)
    outer = f'<w:p><w:r><w:t>Hộp ngoài</w:t></w:r>{inner}</w:p>'
    host._p.append(parse_xml(_box_run(outer)))

    result = read_docx(_save(document, tmp_path))

    assert [c.text for c in result.tables[0].rows[0]] == ["Ô Hộp trong ô", "12"]
    assert [p.text for p in result.paragraphs] == ["Neo", "Hộp ngoài", "Hộp con"]


# --------------------------------------------------------------------------- bad input


def _write(tmp_path: Path, data: bytes, name: str = "bad.docx") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "not a Word .docx file (not a zip archive)"),
        (bytes(range(256)) * 4, "not a Word .docx file (not a zip archive)"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "this is a PDF file named .docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "encrypted or legacy .doc file"),
        (b"{\\rtf1\\ansi Bao cao}", "this is an RTF file named .docx"),
    ],
    ids=["empty", "random-bytes", "pdf", "cfb", "rtf"],
)
def test_bad_bytes_raise_read_error(tmp_path, data, reason):
    with pytest.raises(ReadError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        read_docx(_write(tmp_path, data))


def test_zip_without_document_xml(tmp_path):
    path = tmp_path / "junk.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "không phải Word")
    with pytest.raises(ReadError, match="zip archive without word/document.xml"):
        read_docx(path)


def _rewrite_member(source: Path, target: Path, member: str, data: bytes) -> None:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            dst.writestr(copy.copy(info), data if info.filename == member else src.read(info))


def test_corrupt_document_xml(tmp_path):
    good = _save(docx.Document(), tmp_path, "good.docx")
    bad = tmp_path / "bad.docx"
    _rewrite_member(good, bad, "word/document.xml", b"<w:document><w:body><w:p></w:body>")
    with pytest.raises(ReadError, match="corrupt XML"):
        read_docx(bad)


def test_missing_content_types_is_read_error(tmp_path):
    good = _save(docx.Document(), tmp_path, "good.docx")
    bad = tmp_path / "bad.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            if info.filename != "[Content_Types].xml":
                dst.writestr(info, src.read(info))
    with pytest.raises(ReadError, match="damaged .docx package"):
        read_docx(bad)


def test_missing_file_is_read_error(tmp_path):
    with pytest.raises(ReadError, match="cannot read file"):
        read_docx(tmp_path / "absent.docx")


# --------------------------------------------------------------------------- samples


@pytest.mark.parametrize("path", SAMPLES or [None], ids=[p.name for p in SAMPLES] or ["no-samples"])
def test_samples_read(path):
    if path is None:
        pytest.skip("no samples/*.docx yet")
    result = read_docx(path)
    assert result.tables, f"{path.name}: no table found"
    assert all(isinstance(t, Table) for t in result.tables)
