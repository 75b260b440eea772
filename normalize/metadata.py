"""Report metadata: number, date, place, issuing body, subject, period, signer.

Read from the report's own header block ("Số: 1792 /BC-VP", "Quảng Ngãi, ngày 02
tháng 12 năm 2019", "BÁO CÁO" + subject line), its closing ("Văn phòng UBND tỉnh
báo cáo …", the signer's title and name), and, when the header was lost, from an
appendix caption ("Kèm theo Báo cáo số 492 /BC-VP ngày 08/5/2020 của Văn phòng
UBND tỉnh"). A Word report often lays its title block and its signature block out as
tables (normalize/furniture.py recognises them); their cells are read here too. The
period is the title's; a title naming none takes the window its preamble states, and a
"Số liệu tính đến ngày …" there ends either (normalize/preamble.py, flagged). Fields
the document does not state stay empty; nothing is guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Sequence

import regex

from .periods import Period, parse_period
from .preamble import preamble_period, stated_period

# patterns used in loops, compiled once (regex's module functions re-check their flags per call)
_SPACES = regex.compile(r"\s+")

_NUMBER = regex.compile(r"^\s*Số\s*:\s*(\d*)\s*/\s*([\p{Lu}Đ0-9][\p{Lu}Đ0-9\-]*)")
_ATTACHED = regex.compile(
    r"Kèm theo Báo cáo số\s*(\d*)\s*/\s*([\p{Lu}Đ0-9\-]+)\s*ngày\s*(\d{0,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\s*(?:của\s+(.+?))?\)?\s*$",
    regex.I)
_DATE_LINE = regex.compile(
    r"^\s*(?:([\p{L} .'-]{2,40}?)\s*,\s*)?ngày\s+(\d{0,2})\s*tháng\s+(\d{0,2})\s*năm\s+(\d{4})\s*$", regex.I)
_TITLE = regex.compile(r"^\s*B[ÁA]O C[ÁA]O\s*$", regex.I)
_CLOSING_BODY = regex.compile(r"^(.{4,90}?)\s+(?:kính\s+)?báo cáo\s+(?:công tác|kết quả|tình hình|việc)", regex.I)
_TITLES = (r"(?:CHÁNH VĂN PHÒNG|PHÓ CHÁNH VĂN PHÒNG|GIÁM ĐỐC|PHÓ GIÁM ĐỐC|CHỦ TỊCH|"
           r"PHÓ CHỦ TỊCH|TRƯỞNG PHÒNG|TRƯỞNG BAN|BỘ TRƯỞNG|THỨ TRƯỞNG|VIỆN TRƯỞNG|CỤC TRƯỞNG|ỦY BAN NHÂN DÂN)")
# "TM. ỦY BAN NHÂN DÂN" or, joined on one line (a Word paragraph with line breaks, a table
# cell), "KT. CHỦ TỊCH PHÓ CHỦ TỊCH": on behalf of the first, signed by the second.
_SIGNER_TITLE = regex.compile(rf"^(?:(?:KT|TM|TL|TUQ|Q)\.\s*)?{_TITLES}(?:\s+{_TITLES})?\s*$")
_TITLE_AND_NAME = regex.compile(
    r"^((?:(?:KT|TM|TL)\.\s*)?(?:CHÁNH VĂN PHÒNG|GIÁM ĐỐC|CHỦ TỊCH|PHÓ CHỦ TỊCH|PHÓ GIÁM ĐỐC))\s+"
    r"(\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}*){1,4})$")
# a signature table cell: the whole title block and the name, joined ("KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Ngọc Phúc")
_SIGNATURE_CELL = regex.compile(
    rf"^((?:(?:KT|TM|TL|TUQ|Q)\.\s*)?{_TITLES}(?:\s+{_TITLES})?)\s+(\p{{Lu}}\p{{Ll}}+(?:\s+\p{{Lu}}\p{{Ll}}*){{1,4}})$")
_NOT_A_BODY = regex.compile(r"^trên đây\b", regex.I)  # "Trên đây là báo cáo …": the body comes after "của"
_NAME = regex.compile(r"^(\p{Lu}\p{Ll}*)(\s+\p{Lu}\p{Ll}*){1,4}$")
_HEADER_BODY = regex.compile(r"^(UBND|ỦY BAN NHÂN DÂN|SỞ|VĂN PHÒNG|BỘ|BAN|CỤC|PHÒNG)\b")


@dataclass(frozen=True)
class ReportMeta:
    number: str | None = None  # "1792/BC-VP"; None when the number is left blank
    date: date | None = None
    date_text: str | None = None  # as printed, also when incomplete ("ngày tháng 9 năm 2023")
    place: str | None = None
    issuing_body: str | None = None
    subject: str | None = None
    period: Period | None = None
    signer: str | None = None
    signer_title: str | None = None
    # how `period` was read when not from the title: `period_from_preamble`, `period_cutoff`
    period_flags: tuple[str, ...] = ()
    cutoff: date | None = None  # "Số liệu tính đến ngày …" under the title or in the preamble


def _safe_date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day)) if day and month and year else None
    except ValueError:
        return None


def extract_metadata(paragraphs: list[str], extra_titles: list[str] = (),
                     title_block: Sequence[Sequence[str]] = (), signature: Sequence[Sequence[str]] = ()) -> ReportMeta:
    """Metadata from the document's paragraph texts, in order, and from its furniture
    tables (normalize/furniture.py) when it has them: `title_block` and `signature` are
    their grids of cell texts. The title block's left cell names the issuing body."""
    furniture_head = [t.strip() for row in title_block for t in row if t.strip()]
    lines = furniture_head + [p.strip() for p in paragraphs if p.strip()]
    head = lines[:60]
    number = date_ = date_text = place = body = subject = None
    for line in head:
        m = _NUMBER.match(line)
        if m and number is None:
            number = f"{m.group(1)}/{m.group(2)}" if m.group(1) else None
        m = _DATE_LINE.match(line)
        if m and date_text is None:
            place = m.group(1).strip() if m.group(1) else None
            date_, date_text = _safe_date(m.group(4), m.group(3), m.group(2)), line
    subject = _subject(head)
    for line in lines:
        m = _ATTACHED.search(line)
        if m:
            if number is None and m.group(1):
                number = f"{m.group(1)}/{m.group(2)}"
            if date_ is None and date_text is None:
                date_ = _safe_date(m.group(5), m.group(4), m.group(3))
            if body is None and m.group(6):
                body = m.group(6).strip()
            break
    body = body or _title_block_body(title_block) or _closing_body(lines) or _header_body(head)
    signer_title, signer = _signature_table(signature)
    if signer is None:
        signer_title, signer = _signer(lines)
    period = None
    for text in [subject or "", *extra_titles]:
        period = parse_period(text)
        if period:
            break
    # a title naming no period: the window the preamble states; either cut at its "số liệu tính đến"
    pre = preamble_period(lines)
    period, period_flags = stated_period(period, pre)
    return ReportMeta(number, date_, date_text, place, body, subject, period, signer, signer_title,
                      period_flags, pre.cutoff)


_LOWER_START = regex.compile(r"^\p{Ll}")
_REPORT_TITLE = regex.compile(r"^B[ÁA]O C[ÁA]O\s+(.{10,})$")


def _subject(head: list[str]) -> str | None:
    for i, line in enumerate(head):
        if _TITLE.match(line):
            parts = head[i + 1:i + 2]
            for nxt in head[i + 2:i + 5]:  # a subject wrapped over lines continues in lower case
                if not _LOWER_START.match(nxt):
                    break
                parts.append(nxt)
            return " ".join(parts) or None
        m = _REPORT_TITLE.match(line)
        if m:
            return m.group(1)
    return None


def _closing_body(lines: list[str]) -> str | None:
    for line in reversed(lines[-40:]):
        m = _CLOSING_BODY.match(line)
        if m and len(m.group(1).split()) <= 12 and not _NOT_A_BODY.match(m.group(1)):
            return m.group(1).strip()
    return None


def _title_block_body(grid: Sequence[Sequence[str]]) -> str | None:
    """The issuing body: the title block's first cell naming a body (left column, top)."""
    for row in grid:
        for text in row:
            text = _SPACES.sub(" ", text).strip()
            if _HEADER_BODY.match(text) and "CỘNG HÒA" not in text and "CỘNG HOÀ" not in text:
                return text
    return None


def _signature_table(grid: Sequence[Sequence[str]]) -> tuple[str | None, str | None]:
    """(title, name) from the signature table's cell that holds both."""
    for row in grid:
        for text in row:
            m = _SIGNATURE_CELL.match(_SPACES.sub(" ", text).strip())
            if m:
                return m.group(1), m.group(2)
    return None, None


def _header_body(head: list[str]) -> str | None:
    for line in head[:8]:
        if _HEADER_BODY.match(line) and "CỘNG HÒA" not in line:
            return line
    return None


def _signer(lines: list[str]) -> tuple[str | None, str | None]:
    for i, line in enumerate(lines):
        m = _TITLE_AND_NAME.match(line)  # PDF text can put the title and the name on one line
        if m:
            return m.group(1), m.group(2)
        if _SIGNER_TITLE.match(line):
            title = [line]
            for nxt in lines[i + 1:i + 5]:
                if _NAME.match(nxt) and not nxt.isupper():
                    # the whole title block as printed: "TM. ỦY BAN NHÂN DÂN" + "CHỦ TỊCH"
                    return " ".join(title), nxt
                if _SIGNER_TITLE.match(nxt) and len(title) < 2:
                    title.append(nxt)
    return None, None
