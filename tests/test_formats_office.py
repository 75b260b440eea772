"""Legacy office formats through LibreOffice: conversions, and clear errors when it is missing or fails."""

import os
import shutil
import stat
from pathlib import Path

import pytest

from baocao.pipeline import process_file
from extract import ReadError, read_document
from extract import office

ROOT = Path(__file__).resolve().parents[1]
XLSX = ROOT / "samples" / "formats" / "commune_bm3_2023.xlsx"
RTF = ROOT / "samples" / "formats" / "commune_borderless_2023.rtf"
needs_soffice = pytest.mark.skipif(office.soffice_path() is None, reason="LibreOffice not installed")


def _fake_soffice(tmp_path: Path, body: str) -> Path:
    exe = tmp_path / "fake-soffice"
    exe.write_text("#!/bin/sh\n" + body + "\n")
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    return exe


def test_missing_libreoffice_is_converter_unavailable(tmp_path, monkeypatch):
    monkeypatch.delenv("BAOCAO_SOFFICE", raising=False)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(ReadError, match="LibreOffice") as exc:
        read_document(RTF)
    assert exc.value.code == "converter_unavailable"
    result = process_file(RTF)  # the pipeline turns it into an error row, never a crash
    assert result.report.status == "error" and "LibreOffice" in result.report.error


def test_failed_conversion_is_conversion_failed(tmp_path, monkeypatch):
    monkeypatch.setenv("BAOCAO_SOFFICE", str(_fake_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2; exit 1")))
    with pytest.raises(ReadError, match="could not be loaded") as exc:
        read_document(RTF)
    assert exc.value.code == "conversion_failed"


def test_no_output_is_conversion_failed(tmp_path, monkeypatch):
    monkeypatch.setenv("BAOCAO_SOFFICE", str(_fake_soffice(tmp_path, "exit 0")))
    with pytest.raises(ReadError) as exc:
        read_document(RTF)
    assert exc.value.code == "conversion_failed"


def test_hung_conversion_times_out(tmp_path, monkeypatch):
    monkeypatch.setenv("BAOCAO_SOFFICE", str(_fake_soffice(tmp_path, "sleep 30")))
    with pytest.raises(ReadError, match="more than 0.5 s") as exc:
        office.read_converted(RTF, "rtf", timeout=0.5)
    assert exc.value.code == "timeout"


def test_each_conversion_gets_its_own_profile(tmp_path, monkeypatch):
    log = tmp_path / "calls.log"
    exe = _fake_soffice(tmp_path, f'echo "$@" >> {log}; exit 1')
    monkeypatch.setenv("BAOCAO_SOFFICE", str(exe))
    for _ in range(2):
        with pytest.raises(ReadError):
            read_document(RTF)
    profiles = [a for line in log.read_text().splitlines() for a in line.split() if a.startswith("-env:UserInstallation=")]
    assert len(profiles) == 2 and profiles[0] != profiles[1]
    assert all("--headless" in line for line in log.read_text().splitlines())


def test_xlsx_named_xls_is_read_directly(tmp_path):
    p = tmp_path / "bieu_mau.xls"
    shutil.copy(XLSX, p)
    doc = read_document(p)
    assert doc.kind == "xlsx" and doc.converted_from == ""
    assert any(w.code == "format_mismatch" for w in doc.warnings)


@needs_soffice
@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_real_xls_and_ods_go_through_libreoffice(tmp_path, fmt):
    # an Excel 97-2003 workbook / OpenDocument spreadsheet made from the sample .xlsx
    office_dir = tmp_path / "conv"
    office_dir.mkdir()
    os.system(f"cd {office_dir} && soffice -env:UserInstallation=file://{office_dir}/p --headless "
              f"--convert-to {fmt} --outdir {office_dir} {XLSX} >/dev/null 2>&1")
    sheet = office_dir / f"commune_bm3_2023.{fmt}"
    assert sheet.exists()
    result = process_file(sheet)
    assert result.report.status == "ok", result.report.error
    by_ref = {v.cell_ref: v for v in result.values}
    assert by_ref["BM3!D13"].value == 3214 and by_ref["BM3!D15"].value == 99.5 and by_ref["BM3!D15"].unit == "%"
    assert all(v.source_via == f"libreoffice:{fmt}" for v in result.values)
    assert result.report.source_via == f"libreoffice:{fmt}"


@needs_soffice
def test_rtf_named_doc_is_converted_as_rtf(tmp_path):
    p = tmp_path / "old_report.doc"
    shutil.copy(RTF, p)
    result = process_file(p)
    assert result.report.status == "ok" and result.values
    assert all(v.source_via == "libreoffice:rtf" for v in result.values)
    assert "format_mismatch" in result.report.warning_codes.split(";")


@needs_soffice
def test_word_web_page_saved_as_doc(tmp_path):
    """Word's "Web Page" save under a .doc name: HTML content, converted like a .doc."""
    page = tmp_path / "bao_cao.doc"
    page.write_text("<html><body><p>Biểu mẫu 1</p><table border=1><tr><td>STT</td><td>Chỉ tiêu</td>"
                    "<td>Năm 2023</td></tr><tr><td>1</td><td>Số nhiệm vụ được giao</td><td>12</td></tr>"
                    "</table></body></html>", encoding="utf-8")
    doc = read_document(page)
    assert doc.converted_from == "html" and doc.tables[0].texts()[1] == ["1", "Số nhiệm vụ được giao", "12"]


@needs_soffice
def test_two_conversions_at_once():
    """Each call has its own LibreOffice profile, so parallel batch workers do not block each other."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as pool:
        docs = list(pool.map(lambda _: read_document(RTF), range(2)))
    assert all(d.converted_from == "rtf" and len(d.tables) == len(docs[0].tables) > 0 for d in docs)
