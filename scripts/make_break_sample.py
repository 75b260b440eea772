"""The borderless appendix table that runs over a page break (samples/shapes/appendix_page_break.*).

A district report whose appendix table has no ruling lines at all (columns only by alignment), runs from
page 2 onto page 3 with its header printed once, a page number in the footer between the two parts, and
rows allowed to break across the page: the first page break cuts row 3.2.1.'s label in two, its first lines
and value at the bottom of page 2, the rest of the label at the top of page 3. Written as .txt
(tab-separated rows, each row whole), .docx (python-docx) and .pdf (the .docx printed by LibreOffice).
Called by scripts/make_shape_samples.py; the figures are invented, the expected values are
tests/golden/shapes/appendix_page_break.csv.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

NAME = "appendix_page_break"
FONT = "Times New Roman"
WIDTHS_CM = (1.7, 9.1, 2.4, 2.6)  # STT, Nội dung, Đơn vị tính, Số liệu

TITLE = ["ỦY BAN NHÂN DÂN HUYỆN NGỌC KHÊ", "Số: 87/BC-UBND", "BÁO CÁO",
         "Kết quả công tác cải cách hành chính năm 2024"]
PROSE = [
    "Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh về công tác cải cách hành chính, Ủy ban nhân dân huyện "
    "Ngọc Khê báo cáo kết quả thực hiện trong năm như sau.",
    "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH",
    "Ủy ban nhân dân huyện đã ban hành kế hoạch cải cách hành chính, kế hoạch tuyên truyền và kế hoạch "
    "kiểm tra công tác cải cách hành chính; phân công rõ trách nhiệm của từng cơ quan, đơn vị và gắn kết "
    "quả thực hiện với việc đánh giá, xếp loại người đứng đầu.",
    "Công tác kiểm tra được tiến hành theo đúng kế hoạch; các tồn tại, hạn chế sau kiểm tra được các cơ "
    "quan, đơn vị khắc phục kịp thời và báo cáo về Phòng Nội vụ huyện.",
    "II. KẾT QUẢ THỰC HIỆN",
    "Việc tiếp nhận, giải quyết hồ sơ thủ tục hành chính tại Bộ phận Một cửa huyện và các xã, thị trấn "
    "được thực hiện đúng quy trình; việc số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tiếp tục "
    "được đẩy mạnh. Kết quả cụ thể tại Phụ lục kèm theo báo cáo này.",
    "III. PHƯƠNG HƯỚNG, NHIỆM VỤ",
    "Tiếp tục nâng cao chất lượng giải quyết thủ tục hành chính, giảm hồ sơ quá hạn; đẩy mạnh thanh "
    "toán trực tuyến và cung cấp dịch vụ công trực tuyến toàn trình.",
]
APPENDIX = ["PHỤ LỤC", "Biểu mẫu 3. Kết quả cải cách thủ tục hành chính năm 2024"]
HEADER = ["STT", "Nội dung", "Đơn vị tính", "Số liệu"]
# LibreOffice breaks pages inside row 3.2.1. and after row 5.1.; the .txt and the .docx hold every row whole.
BODY = [
    ["1", "Thống kê TTHC", "", ""],
    ["1.1.", "Số TTHC công bố mới (bao gồm TTHC ban hành mới, sửa đổi, bổ sung thuộc thẩm quyền giải quyết "
             "trên địa bàn tỉnh)", "Thủ tục", "46"],
    ["1.2.", "Số TTHC bãi bỏ, thay thế theo các quyết định công bố của Chủ tịch UBND tỉnh trong kỳ báo cáo",
     "Thủ tục", "18"],
    ["1.3.", "Tổng số TTHC thuộc thẩm quyền giải quyết tại địa phương (cấp tỉnh, cấp huyện và cấp xã)",
     "Thủ tục", "1.874"],
    ["2", "Thực hiện cơ chế một cửa, một cửa liên thông", "", ""],
    ["2.1.", "Số TTHC được giải quyết theo hình thức liên thông giữa các cấp chính quyền (cấp tỉnh, cấp "
             "huyện, cấp xã)", "Thủ tục", "112"],
    ["2.2.", "Số TTHC được tiếp nhận hồ sơ, trả kết quả giải quyết qua dịch vụ bưu chính công ích theo quy "
             "định", "Thủ tục", "1.530"],
    ["3", "Kết quả giải quyết TTHC", "", ""],
    ["3.1.", "Tỷ lệ hồ sơ TTHC do UBND cấp huyện tiếp nhận được giải quyết đúng hạn trong kỳ báo cáo", "%",
     "98,75"],
    ["3.1.1.", "Tổng số hồ sơ TTHC đã tiếp nhận trong kỳ (gồm hồ sơ kỳ trước chuyển sang và hồ sơ tiếp "
               "nhận mới trong kỳ)", "Hồ sơ", "12.480"],
    ["3.1.2.", "Tổng số hồ sơ TTHC đã giải quyết xong trong kỳ (bao gồm hồ sơ giải quyết trước hạn, đúng "
               "hạn và quá hạn)", "Hồ sơ", "12.320"],
    ["3.1.3.", "Số hồ sơ TTHC giải quyết đúng hạn, trước hạn trong tổng số hồ sơ đã giải quyết xong",
     "Hồ sơ", "12.166"],
    ["3.2.", "Tỷ lệ hồ sơ TTHC do UBND cấp xã tiếp nhận được giải quyết đúng hạn trong kỳ báo cáo", "%",
     "99,42"],
    ["3.2.1.", "Tổng số hồ sơ TTHC đã tiếp nhận trong kỳ (gồm hồ sơ kỳ trước chuyển sang và hồ sơ tiếp "
               "nhận mới trong kỳ)", "Hồ sơ", "25.716"],
    ["3.2.2.", "Tổng số hồ sơ TTHC đã giải quyết xong trong kỳ (bao gồm hồ sơ giải quyết trước hạn, đúng "
               "hạn và quá hạn)", "Hồ sơ", "25.690"],
    ["3.2.3.", "Số hồ sơ TTHC giải quyết đúng hạn, trước hạn trong tổng số hồ sơ đã giải quyết xong "
               "(không kể hồ sơ trả lại, hồ sơ rút theo đề nghị của tổ chức, cá nhân)", "Hồ sơ", "25.541"],
    ["3.3.", "Tỷ lệ giải quyết phản ánh, kiến nghị (PAKN) của cá nhân, tổ chức về quy định hành chính và "
             "việc giải quyết TTHC", "%", "100"],
    ["3.3.1.", "Tổng số PAKN đã tiếp nhận (trực tiếp, do cơ quan có thẩm quyền chuyển đến hoặc qua Hệ thống "
               "tiếp nhận, trả lời PAKN)", "PAKN", "14"],
    ["3.3.2.", "Số PAKN đã giải quyết xong và công khai kết quả trả lời theo quy định", "PAKN", "14"],
    ["4", "Số hóa hồ sơ, kết quả giải quyết TTHC", "", ""],
    ["4.1.", "Tỷ lệ hồ sơ TTHC được số hóa, cấp bản sao điện tử kết quả giải quyết TTHC tại UBND cấp huyện",
     "%", "86,36"],
    ["4.1.1.", "Tổng số hồ sơ TTHC đã giải quyết xong tại UBND cấp huyện trong kỳ báo cáo", "Hồ sơ", "12.320"],
    ["4.1.2.", "Số hồ sơ TTHC có kết quả giải quyết được số hóa, ký số và lưu trữ điện tử theo quy định",
     "Hồ sơ", "10.640"],
    ["4.2.", "Tỷ lệ hồ sơ TTHC được số hóa, cấp bản sao điện tử kết quả giải quyết TTHC tại UBND cấp xã",
     "%", "74,01"],
    ["4.2.1.", "Tổng số hồ sơ TTHC đã giải quyết xong tại UBND cấp xã trong kỳ báo cáo", "Hồ sơ", "25.690"],
    ["4.2.2.", "Số hồ sơ TTHC có kết quả giải quyết được số hóa, ký số và lưu trữ điện tử theo quy định",
     "Hồ sơ", "19.013"],
    ["5", "Thanh toán trực tuyến nghĩa vụ tài chính", "", ""],
    ["5.1.", "Tỷ lệ hồ sơ có yêu cầu nghĩa vụ tài chính được thanh toán trực tuyến trên Cổng Dịch vụ công "
             "quốc gia", "%", "41,20"],
    ["5.1.1.", "Tổng số hồ sơ TTHC có yêu cầu nghĩa vụ tài chính (phí, lệ phí, thuế và các khoản thu khác) "
               "đã giải quyết xong", "Hồ sơ", "3.500"],
    ["5.1.2.", "Số hồ sơ TTHC có yêu cầu nghĩa vụ tài chính đã được thanh toán trực tuyến", "Hồ sơ", "1.442"],
]
SIGNATURE = ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Hoàng Văn Khải"]


def write_txt(out: Path) -> None:
    lines = TITLE + [""] + [p for para in PROSE for p in (para, "")] + APPENDIX + [""]
    lines += ["\t".join(HEADER)] + ["\t".join(r) for r in BODY] + [""] + SIGNATURE
    (out / f"{NAME}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _page_number_footer(section) -> None:
    """A centred PAGE field in the footer: the page number sits between the two parts of the table."""
    par = section.footer.paragraphs[0]
    par.alignment = 1
    run = par.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = " PAGE "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _para(d, text: str, bold: bool = False, centre: bool = False, size: float = 13):
    p = d.add_paragraph()
    p.alignment = 1 if centre else 3  # centre / justify
    p.paragraph_format.space_after = Pt(6)
    run = p.add_run(text)
    run.bold, run.font.size = bold, Pt(size)
    return p


def write_docx(out: Path) -> Path:
    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(13)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.left_margin, sec.right_margin, sec.top_margin, sec.bottom_margin = Mm(30), Mm(20), Mm(20), Mm(20)
    _page_number_footer(sec)
    for i, t in enumerate(TITLE):
        _para(d, t, bold=i != 1, centre=True)
    for t in PROSE:
        _para(d, t, bold=t[:2] in ("I.", "II", "IV") or t.startswith("III"))
    _para(d, APPENDIX[0], bold=True, centre=True).paragraph_format.page_break_before = True
    _para(d, APPENDIX[1], bold=True, centre=True).paragraph_format.keep_with_next = True
    rows = [HEADER] + BODY
    table = d.add_table(rows=len(rows), cols=len(HEADER))
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for j, w in enumerate(WIDTHS_CM):
        table.columns[j].width = Cm(w)  # the grid LibreOffice lays out by
        for i in range(len(rows)):
            table.cell(i, j).width = Cm(w)
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            p = table.cell(i, j).paragraphs[0]
            p.alignment = 3 if j == 1 and i else 1
            p.paragraph_format.space_after = Pt(3)
            run = p.add_run(text)
            run.font.size = Pt(12)
            run.bold = i == 0 or (j < 2 and row[0].isdigit())
    for t in SIGNATURE:
        _para(d, t, bold=True, centre=True).paragraph_format.keep_with_next = t != SIGNATURE[-1]
    path = out / f"{NAME}.docx"
    d.core_properties.created = d.core_properties.modified = datetime(2024, 12, 20, 8, 0)
    d.save(path)
    return path


def write_pdf(docx_path: Path) -> Path | None:
    """The .docx printed by LibreOffice, as offices make PDFs; None when soffice is missing."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("soffice (LibreOffice) not found: the PDF is left as it is")
        return None
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(docx_path.parent), str(docx_path)], check=True, capture_output=True)
    return docx_path.with_suffix(".pdf")


def build(out: Path, pdf: bool = True) -> None:
    write_txt(out)
    path = write_docx(out)
    if pdf:
        write_pdf(path)
