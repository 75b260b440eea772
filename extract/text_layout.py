"""Tables in text pulled out of a PDF, where columns are only spaces.

In such text a "Biểu mẫu" row is spread over several lines:

    5.3.
    Số nhiệm vụ đã hoàn thành nhưng
    quá hạn
    Nhiệm vụ 1

The row starts at a line opening with a row code; its text runs until the next
code. Within the joined text the unit cell (a known unit word, or an option
code such as "Có = 1; Không = 0"), the value that follows it and a trailing
note ("VP UBND tỉnh tổng hợp") are split off from the right; what remains is
the label. A repeated header after a page break is skipped, and a fragment
without a code (a row continued on the next page) is kept as a row with an
empty code for the table stage to join.

The result is a Table with the header row
STT | Chỉ tiêu thống kê | Đơn vị tính | Số liệu | Ghi chú.
"""

from __future__ import annotations

import regex

from schemas.tokens import OUTLINE_CODE

from .model import Cell, Provenance, Table

HEADER = ("STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu", "Ghi chú")

_START = regex.compile(r"^\s*STT\s*$")
_SPACES = regex.compile(r"\s+")
_END = regex.compile(r"^\s*(Biểu mẫu|BIỂU MẪU|Phụ lục|PHỤ LỤC)\b")
# A row code followed by nothing or by a capitalised label ("6 tháng, năm)" is header text).
_ROW = regex.compile(rf"^\s*({OUTLINE_CODE})(?:\s+(\p{{Lu}}.*))?\s*$")
_HEADER_LINE = regex.compile(
    r"^\s*(STT|Chỉ tiêu thống kê|\(Sử dụng trong kỳ.*|\d+ tháng, năm\)|tháng, năm\)|Kết quả thống kê.*|"
    r"Đơn vị tính.*|Đơn vị|tính|Số liệu.*|Ghi chú|VP UBND|tỉnh tổng|tỉnh và Sở|TT&TT|tổng hợp|hợp)\s*$"
)
_VALUE = r"(?:\d[\d.,]*\s*%?|-)"
_CODED_UNIT = r"(?:(?:\p{Lu}[\p{L} ]{0,20}?\s*=\s*\d\s*[;,]?\s*)+)"
_UNITS = (
    r"(?:Nhiệm vụ|Thủ tục|Hồ sơ|PAKN|DVC|DVCTT|Số lượng|Văn bản|Cuộc|Người|Lượt|Đơn vị|Cơ quan|Lớp|"
    r"Mô hình|Sáng kiến|Tin bài|Chữ ký số|%|" + _CODED_UNIT + r")"
)
_TAIL = regex.compile(rf"(?P<unit>{_UNITS})\s*(?P<value>{_VALUE})?\s*(?P<note>.*)$")
_NOTE = regex.compile(r"\s*((?:VP UBND|Văn phòng UBND|Sở \p{Lu}|UBND cấp)[^;]*?tổng\s+hợp.*)$")


def find_layout_table(lines: list[str], start: int) -> tuple[Table, int] | None:
    """If a space-laid-out table starts at `start`, parse it; return it and the next line index."""
    if not _START.match(lines[start]) or not _has_layout_header(lines, start):
        return None
    rows: list[tuple[int, list[str]]] = []
    prev_code: tuple[int, ...] | None = None
    after_header = False
    i = start
    while i < len(lines) and not _END.match(lines[i]):
        line = lines[i]
        if _START.match(line):
            i = _skip_header(lines, i)
            after_header = True
            continue
        m = _ROW.match(line)
        code = _code_tuple(m.group(1)) if m else None
        # A bare number is a value unless it is the code that can come next.
        if m and (m.group(2) or prev_code is None or code in _successors(prev_code)):
            rows.append((i + 1, [m.group(1), m.group(2) or ""]))
            prev_code, after_header = code, False
        elif line.strip():
            if rows and not after_header:
                rows[-1][1].append(line.strip())
            else:  # text continued from the previous page: a row without a code
                rows.append((i + 1, ["", line.strip()]))
            after_header = False
        i += 1
    if not rows:
        return None
    return _to_table(rows, start), i


def _code_tuple(code: str) -> tuple[int, ...]:
    return tuple(int(p) for p in code.strip(".").split("."))


def _successors(code: tuple[int, ...], max_jump: int = 3) -> set[tuple[int, ...]]:
    """Codes that may follow `code`: its first child or a later sibling of it or of an ancestor."""
    out = {code + (1,)}
    for k in range(1, len(code) + 1):
        for step in range(1, max_jump + 1):
            out.add(code[: k - 1] + (code[k - 1] + step,))
    return out


def _has_layout_header(lines: list[str], start: int) -> bool:
    window = " ".join(l.strip() for l in lines[start:start + 30])
    return "Số liệu" in window and "Đơn vị" in window


def _skip_header(lines: list[str], i: int) -> int:
    i += 1
    while i < len(lines) and (not lines[i].strip() or _HEADER_LINE.match(lines[i])):
        i += 1
    return i


def split_row_text(text: str) -> tuple[str, str, str, str]:
    """Split a row's joined text into label, unit, value and note (from the right)."""
    note = ""
    m_note = _NOTE.search(text)
    if m_note:
        note, text = m_note.group(1).strip(), text[: m_note.start()]
    best = None
    for m in _TAIL.finditer(text, overlapped=True):
        rest = m.group("note").strip()
        if m.start() == 0 or text[m.start() - 1] != " ":
            continue
        if (m.group("value") or not rest) and best is None:
            best = m  # the first unit followed by a value (or ending the row) wins: it is the longest
    if best is None:
        return text.strip(), "", "", note
    tail_note = best.group("note").strip()
    return (text[: best.start()].strip(), best.group("unit").strip(), (best.group("value") or "").strip(),
            " ".join(x for x in (tail_note, note) if x))


def _to_table(rows: list[tuple[int, list[str]]], start: int) -> Table:
    grid = [tuple(Cell(text=t, row=0, col=c, prov=Provenance(line=start + 1)) for c, t in enumerate(HEADER))]
    for r, (lineno, parts) in enumerate(rows, start=1):
        code = parts[0]
        joined = _SPACES.sub(" ", " ".join(p for p in parts[1:] if p)).strip()
        label, unit, value, note = split_row_text(joined)
        prov = Provenance(line=lineno)
        grid.append(tuple(Cell(text=t, row=r, col=c, prov=prov)
                          for c, t in enumerate((code, label, unit, value, note))))
    return Table(rows=tuple(grid), prov=Provenance(line=start + 1))
