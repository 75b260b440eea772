"""The reader is chosen from the content, not the name; wrong or unsupported files get a coded error."""

import shutil
import zipfile
from pathlib import Path

import pytest

from baocao.batch import discover, run_batch
from extract import ReadError, read_document
from extract.sniff import sniff_bytes, sniff_file

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DOCX = ROOT / "samples" / "province_office_q1_2024.docx"
SAMPLE_PDF = ROOT / "samples" / "province_office_q1_2024.pdf"
SAMPLE_TXT = ROOT / "samples" / "province_office_q1_2024.txt"


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


@pytest.mark.parametrize("head,kind", [
    (b"%PDF-1.7\n", "pdf"),
    (b"\x00\x00junk before %PDF-1.4\n", "pdf"),
    (b"{\\rtf1\\ansi hello}", "rtf"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "png"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
    (b"II*\x00\x08\x00", "tiff"),
    ("Báo cáo công tác\n".encode("utf-8"), "text"),
    ("Báo cáo công tác\n".encode("utf-16-le"), "text"),
    ("Báo cáo công tác\n".encode("utf-16"), "text"),
    (bytes(range(256)), "binary"),
])
def test_magic_bytes(head, kind):
    assert sniff_bytes(head) == kind


def test_zip_members_decide(tmp_path):
    ct = b"<Types/>"
    assert sniff_file(_zip(tmp_path / "a", {"[Content_Types].xml": ct, "word/document.xml": b"<x/>"})).kind == "docx"
    assert sniff_file(_zip(tmp_path / "b", {"[Content_Types].xml": ct, "xl/workbook.xml": b"<x/>"})).kind == "xlsx"
    assert sniff_file(_zip(tmp_path / "c", {"[Content_Types].xml": ct, "ppt/presentation.xml": b"<x/>"})).kind == "pptx"
    odt = _zip(tmp_path / "d", {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
    assert sniff_file(odt).kind == "odt"
    assert sniff_file(_zip(tmp_path / "e", {"notes.txt": b"hello"})).kind == "zip"


def test_docx_named_doc_is_read_as_docx_with_a_warning(tmp_path):
    p = tmp_path / "report.doc"
    shutil.copy(SAMPLE_DOCX, p)
    doc = read_document(p)
    assert doc.kind == "docx" and doc.tables and doc.converted_from == ""
    assert any(w.code == "format_mismatch" and ".doc" in w for w in doc.warnings)


def test_pdf_named_docx_and_text_named_pdf_are_refused_with_a_code(tmp_path):
    pdf = tmp_path / "report.docx"
    shutil.copy(SAMPLE_PDF, pdf)
    with pytest.raises(ReadError, match="this is a PDF file named .docx") as exc:
        read_document(pdf)
    assert exc.value.code == "unsupported"
    txt = tmp_path / "report.pdf"
    shutil.copy(SAMPLE_TXT, txt)
    with pytest.raises(ReadError, match="^not a PDF.*the content looks like a text file") as exc:
        read_document(txt)
    assert exc.value.code


def test_unsupported_formats_are_named(tmp_path):
    pptx = _zip(tmp_path / "slides.pptx", {"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<x/>"})
    with pytest.raises(ReadError, match="a PowerPoint file") as exc:
        read_document(pptx)
    assert exc.value.code == "unsupported"
    archive = _zip(tmp_path / "bundle.zip", {"a.txt": b"x"})
    with pytest.raises(ReadError, match="a ZIP archive") as exc:
        read_document(archive)
    assert exc.value.code == "unsupported"
    with pytest.raises(ReadError) as exc:
        read_document(tmp_path / "missing.docx")
    assert exc.value.code == "not_found"


def test_old_one_argument_read_error_still_works():
    err = ReadError("empty file")
    assert str(err) == "empty file" and err.code
    err = ReadError("timeout", "took too long")
    assert str(err) == "took too long" and err.code == "timeout"


def test_folder_reads_documents_under_any_name_and_reports_unsupported(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLE_DOCX, folder / "renamed.doc")
    shutil.copy(SAMPLE_DOCX, folder / "no_suffix")
    _zip(folder / "slides.pptx", {"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<x/>"})
    (folder / "notes.xyz").write_text("not a report")
    (folder / "README.md").write_text("about")
    files, skipped = discover([folder])
    assert sorted(f.name for f in files) == ["no_suffix", "renamed.doc", "slides.pptx"]
    assert sorted(f.name for f in skipped) == ["README.md", "notes.xyz"]
    summary = run_batch([folder], tmp_path / "out")
    assert summary["files_ok"] == 2 and summary["files_error"] == 1
