"""The debugging views show the detected tables."""

from pathlib import Path

from baocao.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_html_view_marks_value_cells(tmp_path):
    out = tmp_path / "t.html"
    assert main(["debug", str(ROOT / "samples/province_office_q1_2024.txt"), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.count("<table>") == 3 and 'class="v"' in text and "Quý" not in text.split("<body>")[0]
    assert 'title="Tổng số nhiệm vụ được giao | 2024-Q1"' in text


def test_pdf_page_image(tmp_path):
    out = tmp_path / "p.png"
    assert main(["debug", str(ROOT / "samples/province_office_q1_2024.pdf"), "--page", "3", "--out", str(out)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 10_000


def test_page_image_draws_scan_pixels_at_their_dpi(tmp_path):
    """A scan's boxes are pixels at the OCR dpi: drawn at resolution/dpi, not resolution/72."""
    from PIL import Image

    from baocao.debug import debug_pdf_page
    from extract.model import Cell, Document, Provenance, Table

    path = ROOT / "samples/scans/province_office_q1_2024_200dpi.pdf"
    prov = Provenance(page=1, bbox=(150.0, 600.0, 600.0, 900.0), bbox_unit="px", page_width=2480.0,
                      page_height=3508.0, dpi=300.0)
    doc = Document(path, "pdf", (Table(rows=((Cell("x", 0, 0, prov=prov),),), prov=prov),), n_pages=1)
    out = debug_pdf_page(path, doc, 1, tmp_path / "scan.png", resolution=100)
    img = Image.open(out).convert("RGB")
    assert abs(img.size[0] - 595 * 100 / 72) <= 2  # the A4 page rendered at 100 dpi
    x = 150 * 100 / 300  # 50 px: the box's left edge at this resolution
    column = [img.getpixel((round(x), y)) for y in range(205, 295)]
    assert sum(1 for p in column if p == (150, 150, 150)) >= 80  # the grey outline of a non-value cell
    wrong_x = 150 * 100 / 72  # where a points reading would put it
    assert sum(1 for y in range(205, 295) if img.getpixel((round(wrong_x), y)) == (150, 150, 150)) < 10
