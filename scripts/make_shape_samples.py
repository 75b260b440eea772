"""Rebuild samples/shapes/: small made-up reports with a matrix, a ranking table and merged labels.

Each sample is written twice, as .docx (python-docx, real merged cells: gridSpan across, vMerge down) and as
.txt (tab-separated, a merged label printed on its first row only). The figures are invented; the
expected values are in tests/golden/shapes/<name>.csv and checked by tests/test_table_shapes.py.

    PYTHONPATH=. python scripts/make_shape_samples.py            # also prints appendix_page_break.pdf
    PYTHONPATH=. python scripts/make_shape_samples.py --no-pdf   # without LibreOffice

appendix_page_break (a borderless table over a page break, also as .pdf) is written by make_break_sample.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_break_sample  # noqa: E402  (a sibling script, not a package)

OUT = Path(__file__).resolve().parents[1] / "samples" / "shapes"

SAMPLES = {
    # province × index: group headers name the index year (2024), the report is about 2025
    "province_index": {
        "title": ["BÁO CÁO", "Kết quả các chỉ số của tỉnh năm 2025", "I. KẾT QUẢ CÁC CHỈ SỐ NĂM 2024"],
        "header": [["Tỉnh", "PAR INDEX 2024", "", "SIPAS 2024", ""],
                   ["", "Điểm số", "Thứ hạng", "Chỉ số", "Thứ hạng"]],
        "merge_across": [(0, 1, 2), (0, 3, 4)],
        "body": [["Tỉnh Hòa Bình", "84,5/100", "40/63", "81,2%", "45/63"],
                 ["Tỉnh Sơn La", "87,9/100", "21/63", "84,6%", "18/63"]],
        "merge_down": [],
    },
    # department × Bộ chỉ số 766 groups, title names the year
    "matrix_766": {
        "title": ["BÁO CÁO", "Tình hình thực hiện Bộ chỉ số 766 năm 2025",
                  "Bảng 1. Điểm Bộ chỉ số 766 của các sở, ngành năm 2024"],
        "header": [["STT", "Đơn vị", "Công khai, minh bạch", "Tiến độ giải quyết", "Dịch vụ trực tuyến", "Tổng điểm"]],
        "merge_across": [],
        "body": [["1", "Sở Tư pháp", "17,5", "19,2", "10,4", "88,6/100"],
                 ["2", "UBND xã Hòa Lạc", "16,0", "18,1", "9,7", "81,3/100"],
                 ["", "Trung bình", "16,75", "18,65", "10,05", "84,95"]],
        "merge_down": [],
    },
    # ranking appendix: two-row header, rank column, summary rows
    "ranking_units": {
        "title": ["BÁO CÁO", "Kết quả thẩm định Chỉ số cải cách hành chính năm 2025",
                  "Kết quả chỉ số CCHC của các sở, ngành như sau:"],
        "header": [["Thứ hạng", "Đơn vị", "Kết quả", "", "", ""],
                   ["", "", "Điểm chuẩn tối đa", "Điểm tự đánh giá", "Điểm thẩm định", "Chỉ số"]],
        "merge_across": [(0, 2, 5)],
        "body": [["1", "Sở Xây dựng", "74,00", "70,10", "68,25", "92,23%"],
                 ["2", "Sở Y tế", "72,50", "69,00", "60,90", "84,000%"],
                 ["Chỉ số cao nhất", "", "", "", "", "92,23%"],
                 ["Chỉ số thấp nhất", "", "", "", "", "84,000%"]],
        "merge_down": [],
        "summary_across": True,
    },
    # indicator list whose breakdown label is merged down over the rows of its parts
    "merged_sublabels": {
        "title": ["BÁO CÁO", "Công tác cải cách thể chế năm 2024", "Biểu mẫu 2"],
        "header": [["STT", "Nội dung", "", "Đơn vị tính", "Số liệu"]],
        "merge_across": [(0, 1, 2)],
        "body": [["1", "Tổng số văn bản quy phạm pháp luật đã ban hành", "", "Văn bản", "11"],
                 ["", "Chia theo tên loại VBQPPL", "Nghị quyết của HĐND tỉnh", "Văn bản", "5"],
                 ["", "", "Quyết định của UBND tỉnh", "Văn bản", "6"],
                 ["2", "Số văn bản đã rà soát", "", "Văn bản", "30"]],
        "merge_down": [(1, 1, 2)],  # body rows 1..2, column 1
        "label_across": [0, 3],  # body rows whose label spans columns 1-2
    },
}


def write_txt(name: str, spec: dict) -> None:
    lines = list(spec["title"]) + [""]
    lines += ["\t".join(r) for r in spec["header"]]
    lines += ["\t".join(r) for r in spec["body"]]
    (OUT / f"{name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_docx(name: str, spec: dict) -> None:
    d = docx.Document()
    for t in spec["title"]:
        d.add_paragraph(t)
    rows = spec["header"] + spec["body"]
    n_cols = len(rows[0])
    table = d.add_table(rows=len(rows), cols=n_cols)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).text = text
    n_head = len(spec["header"])
    for hr, a, b in spec["merge_across"]:
        text = table.cell(hr, a).text
        table.cell(hr, a).merge(table.cell(hr, b)).text = text
    for c in range(n_cols):  # header cells with nothing below them span down
        if n_head > 1 and rows[0][c] and not any(rows[h][c] for h in range(1, n_head)):
            text = table.cell(0, c).text
            table.cell(0, c).merge(table.cell(n_head - 1, c)).text = text
    for br in spec.get("label_across", []):
        r = n_head + br
        text = table.cell(r, 1).text
        table.cell(r, 1).merge(table.cell(r, 2)).text = text
    for first, c, last in spec["merge_down"]:
        text = table.cell(n_head + first, c).text
        table.cell(n_head + first, c).merge(table.cell(n_head + last, c)).text = text
    if spec.get("summary_across"):
        for br, row in enumerate(spec["body"]):
            if not row[0].isdigit():
                r = n_head + br
                text = table.cell(r, 0).text
                table.cell(r, 0).merge(table.cell(r, n_cols - 2)).text = text
    d.save(OUT / f"{name}.docx")


def main(pdf: bool = False) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, spec in SAMPLES.items():
        write_txt(name, spec)
        write_docx(name, spec)
        print(OUT / name)
    make_break_sample.build(OUT, pdf=pdf)
    print(OUT / make_break_sample.NAME)


if __name__ == "__main__":
    main(pdf="--no-pdf" not in sys.argv)
