"""Every value says where it is, in a unit that is named: points for PDF pages, pixels (with
the dpi) for scans, and for Word a table/row/column a person can find in Word."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
import regex

from baocao.pipeline import process_file
from extract import read_document
from extract.ocr.reader import tesseract_ready
from test_reader_invariants import SCAN, read

ROOT = Path(__file__).resolve().parents[1]


def _table_values(path: Path):
    result = process_file(path)
    values = [v for v in result.values if v.origin == "table"]
    assert values, result.report.error
    return values


def test_pdf_values_are_in_points_on_an_a4_page():
    for v in _table_values(ROOT / "samples/province_office_q1_2024.pdf"):
        assert v.bbox_unit == "pt"
        assert v.page_width == pytest.approx(595.3, abs=1) and v.page_height == pytest.approx(841.9, abs=1)
        x0, top, x1, bottom = map(float, v.bbox.split(","))
        assert 0 <= x0 < x1 <= v.page_width and 0 <= top < bottom <= v.page_height


def test_pdf_paragraphs_carry_the_unit_too():
    doc = read_document(ROOT / "samples/province_office_q1_2024.pdf")
    assert {p.prov.bbox_unit for p in doc.paragraphs} == {"pt"}


@pytest.mark.skipif(not tesseract_ready(), reason="tesseract with Vietnamese data is not installed")
def test_scan_values_are_in_pixels_with_their_dpi():
    doc = read(SCAN)  # the same scan the invariant test reads, OCR'd once
    cells = [c for t in doc.tables for r in t.rows for c in r if c.prov.bbox]
    assert cells and {c.prov.bbox_unit for c in cells} == {"px"}
    for c in cells:
        p = c.prov
        # an A4 scan: its size in pixels at the OCR dpi is 8.27 x 11.69 inches
        assert p.page_width * 72 / p.dpi == pytest.approx(595, rel=0.03)
        assert p.page_height * 72 / p.dpi == pytest.approx(842, rel=0.03)
        x0, top, x1, bottom = p.bbox
        assert 0 <= x0 < x1 <= p.page_width and 0 <= top < bottom <= p.page_height
        pts = p.bbox_points()
        assert pts[2] == pytest.approx(x1 * 72 / p.dpi)


def test_docx_cell_ref_finds_the_cell_in_word():
    """python-docx counts tables, rows and grid columns as Word shows them (a merged cell
    repeats at every grid position): the cell named by cell_ref holds the value's text."""
    path = ROOT / "samples/province_office_q1_2024.docx"
    word = docx.Document(str(path))
    values = _table_values(path)
    for v in values:
        m = regex.fullmatch(r"bảng (\d+), hàng (\d+), cột (\d+)", v.cell_ref)
        assert m, v.cell_ref
        t, r, c = map(int, m.groups())
        assert word.tables[t - 1].rows[r - 1].cells[c - 1].text.strip() == v.value_raw.strip()
        assert v.bbox_unit == "" and v.page_width is None


def test_text_values_have_no_box_and_no_cell_ref():
    for v in _table_values(ROOT / "samples/province_office_q1_2024.txt"):
        assert v.bbox_unit == "" and v.cell_ref == "" and v.line
