"""The two real .doc files of the archive: a Word 97-2003 binary and a .docx saved under a .doc name.

Expected values were read by hand from the documents (the binary one converted with soffice)."""

from pathlib import Path

import pytest

from baocao.pipeline import process_file
from extract import read_document
from extract.office import soffice_path
from extract.sniff import sniff_file

REAL = Path(__file__).resolve().parents[2] / "shared" / "real"
DEAN06 = REAL / "lamdong-bcd-dean06-2025m11.doc"
PL1 = REAL / "lamdong-ubnd-chisocchc-2025-pl1.doc"
pytestmark = pytest.mark.skipif(not REAL.exists(), reason="real documents not available")


def test_contents_are_sniffed():
    assert sniff_file(DEAN06).kind == "doc"
    assert sniff_file(PL1).kind == "docx"


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice not installed")
def test_word_97_doc_comes_out_with_its_prose_figures():
    result = process_file(DEAN06)
    assert result.report.source_kind == "docx" and result.report.status in ("ok", "partial")
    values = result.values
    assert len(values) >= 60 and all(v.source_via == "libreoffice:doc" for v in values)
    got = {(v.value, v.unit) for v in values}
    # "cung cấp 2.184 dịch vụ công trực tuyến ... trực tuyến đạt 76,3%"
    assert (2184, "DVC") in got and (76.3, "%") in got
    # "104.462 hồ sơ trực tuyến/108.117 tổng hồ sơ tiếp nhận, đạt tỷ lệ 96,62%"
    assert (104462, "hồ sơ") in got and (96.62, "%") in got
    # "phát sinh 5.264 hồ sơ dịch vụ công liên thông (4.031 hồ sơ ... và 1.233 hồ sơ ..."
    assert {(5264, "hồ sơ"), (4031, "hồ sơ"), (1233, "hồ sơ")} <= got
    online = next(v for v in values if v.value == 104462)
    assert "104.462 hồ sơ trực tuyến/108.117" in online.sentence and online.measure == "online_submitted"


def test_docx_named_doc_is_read_as_docx():
    doc = read_document(PL1)
    assert doc.kind == "docx" and doc.converted_from == ""
    assert any(w.code == "format_mismatch" for w in doc.warnings)
    assert len(doc.tables) == 2
    rows = {r[1]: r for t in doc.tables for r in t.texts()}
    assert rows["Sở Tư pháp"][2:5] == ["89,00", "82,78", "93,01%"]
    assert rows["Sở Ngoại vụ"][2:6] == ["80,50", "48,65", "60,43%", "TRUNG BÌNH"]
    assert rows["Thanh tra tỉnh"][2:5] == ["81,00", "64,23", "79,30%"]
    units = [r for t in doc.tables for r in t.texts()[1:] if r[0].isdigit()]
    assert len(units) == 15
