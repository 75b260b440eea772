"""Errors and warnings as data: every failure and every warning carries a stable code."""

from __future__ import annotations

import pickle
import zipfile
from pathlib import Path

import pytest

from baocao.batch import run_batch
from baocao.pipeline import process_file
from extract.model import ERROR_CODES, WARNING_CODES, ReadError, ReadWarning
from test_pdf_reader import FIXTURES, PdfPage, write_pdf

ROOT = Path(__file__).resolve().parents[1]


def test_codes_travel_between_processes():
    assert ReadError("only a message").code == "internal"  # old one-argument callers: an uncoded error is a bug
    err = pickle.loads(pickle.dumps(ReadError("corrupt", "bad bytes")))
    assert (err.code, str(err)) == ("corrupt", "bad bytes")
    w = pickle.loads(pickle.dumps(ReadWarning("blank_page", "page 1: blank page, nothing to read")))
    assert w.code == "blank_page" and w == "page 1: blank page, nothing to read"
    with pytest.raises(AttributeError):
        w.code = "other"  # type: ignore[misc]


def _bad_files(tmp: Path) -> dict[Path, str]:
    (tmp / "empty.txt").write_bytes(b"")
    (tmp / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp / "notes.xyz").write_text("not a report")
    (tmp / "folder.txt").mkdir()
    truncated = tmp / "truncated.pdf"
    truncated.write_bytes((FIXTURES / "ruled_table_merged_header.pdf").read_bytes()[:4000])
    renamed = tmp / "renamed.docx"
    renamed.write_bytes((FIXTURES / "ruled_table_merged_header.pdf").read_bytes())
    with zipfile.ZipFile(tmp / "junk.docx", "w") as z:
        z.writestr("random.bin", b"junk")
    (tmp / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    return {
        tmp / "missing.txt": "not_found",
        tmp / "folder.txt": "not_a_file",
        tmp / "empty.txt": "empty",
        tmp / "binary.txt": "unsupported",
        tmp / "notes.xyz": "unsupported",
        FIXTURES / "encrypted_password.pdf": "encrypted",
        truncated: "corrupt",
        renamed: "unsupported",
        tmp / "junk.docx": "corrupt",
        tmp / "scan.png": "corrupt",
    }


def test_every_bad_file_gets_its_code(tmp_path):
    for path, code in _bad_files(tmp_path).items():
        report = process_file(path).report
        assert (report.status, report.error_code) == ("error", code), (path.name, report.error)
        assert str(path) in report.error


def test_codes_reach_the_reports_file(tmp_path):
    import pandas as pd

    files = {p: c for p, c in _bad_files(tmp_path).items() if not p.is_dir()}  # a folder is walked, not read
    run_batch(list(files), tmp_path / "out")
    reports = pd.read_parquet(tmp_path / "out" / "reports.parquet").set_index("source_file")
    for path, code in files.items():
        assert reports.loc[str(path)].error_code == code


def test_table_of_words_only_is_a_warning_not_a_loss(tmp_path):
    text = (ROOT / "samples/province_office_q1_2024.txt").read_text(encoding="utf-8")
    path = tmp_path / "extra_table.txt"
    path.write_text(text + "\nabc\tdef\tghi\njkl\tmno\tpqr\n", encoding="utf-8")
    report = process_file(path).report
    # no header and no figure: nothing was lost, so the file stays ok with a coded warning
    assert report.status == "ok" and report.error_code == "" and "table_no_values" in report.warning_codes.split(";")


def test_docx_warning_codes(tmp_path):
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "lạc"
    table.cell(0, 0)._tc.get_or_add_tcPr().append(parse_xml(f'<w:vMerge {nsdecls("w")}/>'))
    path = tmp_path / "orphan.docx"
    document.save(str(path))
    report = process_file(path).report
    assert "merge_orphan" in report.warning_codes.split(";") and "vertical merge" in report.warnings


@pytest.fixture
def no_tesseract(monkeypatch):
    """A machine without the tesseract program: pytesseract cannot find it."""
    import pytesseract

    def missing(*a, **k):
        raise pytesseract.TesseractNotFoundError()

    from extract.ocr import tesseract

    monkeypatch.setattr(tesseract, "_READY", {})
    monkeypatch.setattr(pytesseract, "get_languages", missing)


def test_scanned_pdf_without_tesseract_is_an_error(no_tesseract):
    report = process_file(ROOT / "samples/scans/province_office_q1_2024_300dpi.pdf").report
    assert report.status == "error" and report.error_code == "ocr_unavailable" and report.n_values == 0
    assert "tesseract" in report.error


def test_scanned_image_without_tesseract_is_an_error(no_tesseract):
    report = process_file(ROOT / "samples/scans/commune_borderless_2023_200dpi.tif").report
    assert report.status == "error" and report.error_code == "ocr_unavailable"


def test_mixed_pdf_without_tesseract_is_partial(no_tesseract, tmp_path):
    text = PdfPage()
    text.text(72, 700, "Kết quả thực hiện: đã tiếp nhận 1.234 hồ sơ, đạt tỷ lệ 95,1%.", 12)
    scan = PdfPage()
    scan.image(0, 0, 595, 842)
    result = process_file(write_pdf(tmp_path, [text, scan]))
    report = result.report
    assert report.error_code == "ocr_unavailable" and report.status in ("partial", "error")
    assert report.warning_codes.split(";") == ["no_text_layer", "ocr_unavailable"]


def test_pdf_page_warnings_have_codes(tmp_path):
    scan = PdfPage()
    scan.image(0, 0, 595, 842)
    from extract.pdf.reader import read_pdf

    doc = read_pdf(write_pdf(tmp_path, [scan]))
    assert [w.code for w in doc.warnings] == ["no_text_layer"]
    assert all(w.code in WARNING_CODES for w in doc.warnings)


def test_every_code_is_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code in list(ERROR_CODES) + list(WARNING_CODES):
        assert f"`{code}`" in readme, code
