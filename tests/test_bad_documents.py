"""Bad Word and PDF files in a batch: one clear error row each (or a clean empty result), the batch goes on."""

import zipfile
from pathlib import Path

import pandas as pd

from baocao.batch import run_batch
from test_pdf_reader import FIXTURES, PdfPage, write_pdf

ROOT = Path(__file__).resolve().parents[1]
GOOD = ROOT / "samples" / "province_office_q1_2024.docx"


def _prose_pdf(tmp_path: Path, n_pages: int) -> Path:
    pages = []
    for n in range(n_pages):
        page = PdfPage()
        for i in range(30):
            page.text(72, 770 - 20 * i, f"Đoạn văn {n}-{i}: cải cách hành chính được triển khai đồng bộ.", 12)
        pages.append(page)
    return write_pdf(tmp_path, pages, "long_prose.pdf")


def test_bad_word_and_pdf_files(tmp_path):
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes((FIXTURES / "ruled_table_merged_header.pdf").read_bytes()[:4000])
    renamed = tmp_path / "renamed.docx"
    renamed.write_bytes((FIXTURES / "ruled_table_merged_header.pdf").read_bytes())
    junk = tmp_path / "junk.docx"
    with zipfile.ZipFile(junk, "w") as z:
        z.writestr("random.bin", b"\x00\x01junk" * 100)
    long_prose = _prose_pdf(tmp_path, 300)
    files = [FIXTURES / "encrypted_password.pdf", truncated, renamed, junk, long_prose, GOOD]
    summary = run_batch(files, tmp_path / "out")
    reports = pd.read_parquet(tmp_path / "out" / "reports.parquet").set_index("source_file")
    expected = {
        FIXTURES / "encrypted_password.pdf": "encrypted PDF",
        truncated: "corrupt or truncated PDF",
        renamed: "this is a PDF file named .docx",
        junk: "zip archive without word/document.xml",
    }
    for f, reason in expected.items():
        row = reports.loc[str(f)]
        assert row.status == "error" and str(f) in row.error and reason in row.error
    assert reports.loc[str(long_prose)].status == "ok" and reports.loc[str(long_prose)].n_tables == 0
    assert reports.loc[str(long_prose)].n_pages == 300
    assert reports.loc[str(GOOD)].status == "ok" and reports.loc[str(GOOD)].n_values > 50
    assert summary["files_error"] == 4
