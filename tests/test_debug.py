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
