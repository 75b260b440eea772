"""Rebuild samples/formats/: the same fictional reports in the other formats an archive holds.

    python scripts/make_format_samples.py          # needs LibreOffice (soffice) for .rtf/.odt

- `commune_bm3_2023.xlsx`: a Biểu mẫu 3 workbook (title lines, merged two-row header, numbers
  stored as numbers, a percent-formatted column, a three-decimal score);
- `commune_borderless_2023.rtf` / `.odt`: samples/commune_borderless_2023.docx converted by LibreOffice;
- `commune_borderless_2023_tcvn3.docx`: the same .docx retyped in TCVN3 (runs in .VnTime, capitals
  in .VnTimeH), as offices did before Unicode;
- `commune_borderless_2023_tcvn3.txt`: the sample text in TCVN3 bytes (capital toned letters have no
  TCVN3 byte: typists wrote them small, and so does this file).

Golden files: tests/golden/formats/<name>_values.csv. The xlsx golden is written from the data
below; the others are the hand-checked golden of samples/commune_borderless_2023 (same content).
Outputs are reproducible: fixed timestamps in the zip packages (LibreOffice may still vary the
view settings stored in the .odt; the text and tables do not change).
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import openpyxl
from lxml import etree
from openpyxl.styles import Alignment, Font

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.legacy import encode_tcvn3  # noqa: E402

OUT = ROOT / "samples" / "formats"
GOLDEN = ROOT / "tests" / "golden" / "formats"
BASE = "commune_borderless_2023"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FIXED_DATE = (2024, 1, 1, 0, 0, 0)

# ------------------------------------------------------------------ the workbook

SECTION = "Biểu mẫu 3"
PERIOD = ("2023-01-01", "2023-12-31")
# code, label, unit, value, number format (None: general), parent code
ROWS = [
    ("1.", "Thống kê TTHC", "", None, None, None),
    ("1.1.", "Tổng số TTHC thuộc thẩm quyền giải quyết của UBND xã", "Thủ tục", 124, None, "1."),
    ("1.2.", "Số TTHC được công khai tại Bộ phận Một cửa xã", "Thủ tục", 124, None, "1."),
    ("2.", "Kết quả giải quyết hồ sơ TTHC", "", None, None, None),
    ("2.1.", "Tổng số hồ sơ đã giải quyết", "Hồ sơ", 3214, None, "2."),
    ("2.2.", "Số hồ sơ giải quyết đúng hạn", "Hồ sơ", 3198, None, "2."),
    ("2.3.", "Tỷ lệ hồ sơ giải quyết đúng hạn", "%", 0.995, "0.00%", "2."),
    ("2.4.", "Tỷ lệ hồ sơ trực tuyến toàn trình", "%", 0.7762, "0.00%", "2."),
    ("2.5.", "Số hồ sơ tiếp nhận trực tuyến", "Hồ sơ", 1234, "#,##0", "2."),
    ("3.", "Điểm tự đánh giá Chỉ số CCHC của xã", "Điểm", 85.125, "0.000", None),
]


def make_xlsx(path: Path) -> list[dict]:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "BM3"
    ws["A1"] = "ỦY BAN NHÂN DÂN XÃ PHƯỚC LÂM"
    ws["A3"] = SECTION
    ws.merge_cells("A3:E3")
    ws["A4"] = "Kết quả cải cách thủ tục hành chính năm 2023"
    ws.merge_cells("A4:E4")
    ws["A5"] = "(Kèm theo Báo cáo số 26/BC-UBND ngày 12/12/2023 của UBND xã Phước Lâm)"
    ws.merge_cells("A5:E5")
    for ref, text in (("A7", "STT"), ("B7", "Chỉ tiêu thống kê"), ("C7", "Kết quả thống kê"),
                      ("C8", "Đơn vị tính"), ("D8", "Số liệu"), ("E7", "Ghi chú")):
        ws[ref] = text
        ws[ref].font = Font(bold=True)
        ws[ref].alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for rng in ("A7:A8", "B7:B8", "C7:D7", "E7:E8"):
        ws.merge_cells(rng)
    golden = []
    labels = {code: label for code, label, *_ in ROWS}
    for i, (code, label, unit, value, fmt, parent) in enumerate(ROWS):
        r = 9 + i
        ws.cell(r, 1, code)
        ws.cell(r, 2, label)
        if unit:
            ws.cell(r, 3, unit)
        if value is not None:
            c = ws.cell(r, 4, value)
            if fmt:
                c.number_format = fmt
            shown = round(value * 100, 10) if fmt and "%" in fmt else value
            golden.append({"section": SECTION, "row_code": code, "label": label,
                           "parent_label": labels.get(parent, "") if parent else "",
                           "period_start": PERIOD[0], "period_end": PERIOD[1],
                           "value": _plain(shown), "value_text": "", "unit": unit})
    ws.cell(9 + len(ROWS) + 2, 4, "Người lập biểu")
    wb.properties.created = wb.properties.modified = __import__("datetime").datetime(*FIXED_DATE)
    wb.save(path)
    _fix_zip_dates(path)
    return golden


def _plain(v) -> str:
    return format(v, "g") if isinstance(v, float) and v != int(v) else str(int(v))


# ------------------------------------------------------------------ TCVN3 docx and txt


def _needs_capitals_font(ch: str) -> bool:
    try:
        encode_tcvn3(ch)
        return False
    except ValueError:
        return True


def _split_for_fonts(text: str) -> list[tuple[str, str]]:
    """(TCVN3 text, font) pieces: capital toned letters have no byte in .VnTime, so they are
    written small in the capitals font .VnTimeH; spaces and digits stay with the piece they are in."""
    pieces: list[list[str]] = []
    for ch in text:
        if pieces and not ch.isalpha():
            font = pieces[-1][1]
        else:
            font = ".VnTimeH" if _needs_capitals_font(ch) else ".VnTime"
        if pieces and pieces[-1][1] == font:
            pieces[-1][0] += ch
        else:
            pieces.append([ch, font])
    return [(encode_tcvn3(t.lower()) if f == ".VnTimeH" else encode_tcvn3(t), f) for t, f in pieces]


def _set_font(run, font: str) -> None:
    rpr = run.find(f"{W}rPr")
    if rpr is None:
        rpr = etree.SubElement(run, f"{W}rPr")
        run.remove(rpr)
        run.insert(0, rpr)
    fonts = rpr.find(f"{W}rFonts")
    if fonts is None:
        fonts = etree.Element(f"{W}rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("ascii", "hAnsi", "cs"):
        fonts.set(f"{W}{attr}", font)


def tcvn3_docx(src: Path, dst: Path) -> None:
    with zipfile.ZipFile(src) as zin:
        root = etree.fromstring(zin.read("word/document.xml"))
        for run in list(root.iter(f"{W}r")):
            texts = run.findall(f"{W}t")
            if not texts or not texts[0].text:
                continue
            if len(texts) > 1:
                raise SystemExit("a run with several w:t elements: split it before encoding")
            others = [c for c in run if c.tag != f"{W}rPr"]
            if others[0] is not texts[0]:
                raise SystemExit("a run whose text is not its first content: split it before encoding")
            pieces = _split_for_fonts(texts[0].text)
            parent, index = run.getparent(), run.getparent().index(run)
            for offset, (text, font) in enumerate(pieces[:-1]):
                # earlier pieces: the run's properties and the text only (a w:br or tab stays at the end)
                new = etree.Element(f"{W}r")
                if run.find(f"{W}rPr") is not None:
                    new.append(etree.fromstring(etree.tostring(run.find(f"{W}rPr"))))
                t = etree.SubElement(new, f"{W}t")
                t.text = text
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                _set_font(new, font)
                parent.insert(index + offset, new)
            texts[0].text, font = pieces[-1]
            texts[0].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            _set_font(run, font)
        data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                body = data if info.filename == "word/document.xml" else zin.read(info.filename)
                zout.writestr(zipfile.ZipInfo(info.filename, FIXED_DATE), body, zipfile.ZIP_DEFLATED)


def tcvn3_txt(src: Path, dst: Path) -> None:
    text = src.read_text(encoding="utf-8")
    out = []
    for ch in text:
        try:
            out.append(encode_tcvn3(ch))
        except ValueError:
            out.append(encode_tcvn3(ch.lower()))  # no TCVN3 byte for a capital toned letter
    dst.write_bytes("".join(out).encode("latin-1"))


# ------------------------------------------------------------------ LibreOffice conversions


def convert(src: Path, target: str, dst: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
                        "--convert-to", target, "--outdir", tmp, str(src)], check=True, capture_output=True)
        shutil.copyfile(Path(tmp) / f"{src.stem}.{target}", dst)
    if target == "odt":
        _fix_zip_dates(dst)


def _fix_zip_dates(path: Path) -> None:
    """Rewrite a zip package with fixed member timestamps (the mimetype member first, stored)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(buf, "w") as zout:
        for info in zin.infolist():
            method = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time as 'modified'
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", data)
            zout.writestr(zipfile.ZipInfo(info.filename, FIXED_DATE), data, method)
    path.write_bytes(buf.getvalue())


def write_golden(name: str, rows: list[dict]) -> None:
    cols = ["section", "row_code", "label", "parent_label", "period_start", "period_end", "value", "value_text", "unit"]
    with (GOLDEN / f"{name}_values.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    GOLDEN.mkdir(parents=True, exist_ok=True)
    write_golden("commune_bm3_2023", make_xlsx(OUT / "commune_bm3_2023.xlsx"))
    base_golden = ROOT / "tests" / "golden" / "samples" / f"{BASE}_values.csv"
    tcvn3_docx(ROOT / "samples" / f"{BASE}.docx", OUT / f"{BASE}_tcvn3.docx")
    tcvn3_txt(ROOT / "samples" / f"{BASE}.txt", OUT / f"{BASE}_tcvn3.txt")
    convert(ROOT / "samples" / f"{BASE}.docx", "rtf", OUT / f"{BASE}.rtf")
    convert(ROOT / "samples" / f"{BASE}.docx", "odt", OUT / f"{BASE}.odt")
    for suffix in ("rtf", "odt", "tcvn3_docx", "tcvn3_txt"):
        shutil.copyfile(base_golden, GOLDEN / f"{BASE}_{suffix}_values.csv")
    print(f"wrote {sorted(p.name for p in OUT.iterdir())}")


if __name__ == "__main__":
    main()
