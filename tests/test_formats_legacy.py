"""TCVN3 / VNI legacy text and the text reader's encodings."""

import unicodedata
import zipfile
from pathlib import Path

import pytest

from extract import ReadError, read_document
from extract.legacy import decode_tcvn3, decode_vni, encode_tcvn3, encoding_for_font, guess_legacy, vni_table

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DOCX = ROOT / "samples" / "province_office_q1_2024.docx"
TEXT = "Báo cáo kết quả thực hiện công tác cải cách hành chính năm 2023: tỷ lệ đúng hạn đạt 99,50%, ưu tiên đổi mới"


def _vni(text: str) -> str:
    back = {u: l for l, u in vni_table().items()}
    return "".join(back.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def _cp1258(text: str) -> bytes:
    """Windows-1258 stores a toned letter as base (with â/ă/ơ… precomposed) plus a combining tone."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", ch)
            shape = [m for m in marks if m in "\u0302\u0306\u031b"]
            tone = [m for m in marks if m not in shape]
            out += unicodedata.normalize("NFC", base + "".join(shape)).encode("cp1258") + "".join(tone).encode("cp1258")
    return out


def test_tcvn3_round_trip_and_fonts():
    legacy = encode_tcvn3(TEXT)
    assert legacy.startswith("B¸o c¸o") and decode_tcvn3(legacy) == TEXT
    assert decode_tcvn3(encode_tcvn3("báo cáo"), upper=True) == "BÁO CÁO"
    assert decode_tcvn3("B¸O C¸O") == "BÁO CÁO"  # capitals typed in .VnTimeH, saved as text
    assert encoding_for_font(".VnTime") == "tcvn3" and encoding_for_font(".VnTimeH") == "tcvn3_upper"
    assert encoding_for_font(".VnArial") == "tcvn3" and encoding_for_font("VNI-Times") == "vni"
    assert encoding_for_font("Times New Roman") is None and encoding_for_font(None) is None


def test_vni_round_trip():
    legacy = _vni(TEXT)
    assert legacy.startswith("Baùo caùo") and decode_vni(legacy) == TEXT


@pytest.mark.parametrize("make,expected", [
    (encode_tcvn3, "tcvn3"), (_vni, "vni"), (lambda t: t, None),
])
def test_guess_legacy(make, expected):
    assert guess_legacy(make(TEXT)) == expected


def _txt(tmp_path, data: bytes) -> Path:
    p = tmp_path / "report.txt"
    p.write_bytes(data)
    return p


def test_text_files_in_every_encoding(tmp_path):
    for data, warning in [
        (TEXT.encode("utf-8"), None),
        (TEXT.encode("utf-16"), None),
        (TEXT.encode("utf-16-le"), "utf16_no_bom"),
        (TEXT.encode("utf-16-be"), "utf16_no_bom"),
        (encode_tcvn3(TEXT).encode("latin-1"), "legacy_encoding"),
        (_vni(TEXT).encode("cp1252"), "legacy_encoding"),
        (_cp1258(TEXT), "cp1258"),
    ]:
        doc = read_document(_txt(tmp_path, data))
        assert doc.paragraphs[0].text == TEXT, warning
        codes = [w.code for w in doc.warnings]
        assert codes == ([warning] if warning else []), codes


def test_undecodable_text_is_a_coded_error(tmp_path):
    with pytest.raises(ReadError, match="not UTF-8") as exc:
        read_document(_txt(tmp_path, "Bao cao \u00a4\u00a4 ".encode("latin-1") + b"\x81\x8d\x8f\x90" * 3))
    assert exc.value.code == "corrupt"


def test_vni_runs_in_a_word_file(tmp_path):
    """Runs in a VNI font inside an otherwise Unicode .docx are converted; the others are left alone."""
    with zipfile.ZipFile(SAMPLE_DOCX) as z:
        xml = z.read("word/document.xml").decode("utf-8")
        members = {i.filename: z.read(i.filename) for i in z.infolist()}
    legacy = _vni("Ủy ban nhân dân tỉnh Lâm Giang")
    run = (f'<w:p><w:r><w:rPr><w:rFonts w:ascii="VNI-Times" w:hAnsi="VNI-Times"/></w:rPr><w:t>{legacy}</w:t></w:r>'
           f'<w:r><w:t xml:space="preserve"> Baùo (Unicode)</w:t></w:r></w:p>')
    members["word/document.xml"] = xml.replace("<w:body>", "<w:body>" + run, 1).encode("utf-8")
    out = tmp_path / "vni.docx"
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    doc = read_document(out)
    assert doc.paragraphs[0].text == "Ủy ban nhân dân tỉnh Lâm Giang Baùo (Unicode)"
    assert any(w.code == "legacy_encoding" and "VNI" in w for w in doc.warnings)


def test_unicode_text_in_a_legacy_font_is_left_alone(tmp_path):
    """Unicode typed into a .VnTime document keeps the font: it must not be 'converted'."""
    with zipfile.ZipFile(SAMPLE_DOCX) as z:
        xml = z.read("word/document.xml").decode("utf-8")
        members = {i.filename: z.read(i.filename) for i in z.infolist()}
    run = ('<w:p><w:r><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr>'
           '<w:t>Báo cáo kết quả thực hiện</w:t></w:r></w:p>')
    members["word/document.xml"] = xml.replace("<w:body>", "<w:body>" + run, 1).encode("utf-8")
    out = tmp_path / "unicode_vntime.docx"
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    doc = read_document(out)
    assert doc.paragraphs[0].text == "Báo cáo kết quả thực hiện"
    assert not any(w.code == "legacy_encoding" for w in doc.warnings)


def test_the_hansi_font_decides_not_the_ascii_one(tmp_path):
    """Word shows letters above ASCII in the hAnsi font: a .VnTime ascii font beside a Unicode hAnsi
    font is never the one used, so its text is not converted; with no hAnsi font the ascii one is."""
    with zipfile.ZipFile(SAMPLE_DOCX) as z:
        xml = z.read("word/document.xml").decode("utf-8")
        members = {i.filename: z.read(i.filename) for i in z.infolist()}
    legacy = encode_tcvn3("báo cáo")
    runs = (f'<w:p><w:r><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi="Times New Roman"/></w:rPr><w:t>{legacy}</w:t></w:r></w:p>'
            f'<w:p><w:r><w:rPr><w:rFonts w:ascii=".VnTime"/></w:rPr><w:t>{legacy}</w:t></w:r></w:p>')
    members["word/document.xml"] = xml.replace("<w:body>", "<w:body>" + runs, 1).encode("utf-8")
    out = tmp_path / "ascii_vntime.docx"
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    doc = read_document(out)
    assert [p.text for p in doc.paragraphs[:2]] == [legacy, "báo cáo"]
    assert any(w.code == "legacy_encoding" and "1 runs" in w for w in doc.warnings)
