"""Reporting periods from Vietnamese column headers and report titles.

"Năm 2015" -> 2015-01-01..2015-12-31; "Năm 2020 (Tính đến 31/3)" -> 2020-01-01..2020-03-31;
"Quý III năm 2023" -> 2023-07-01..2023-09-30; "6 tháng đầu năm 2023" -> 2023-01-01..2023-06-30;
"giai đoạn 2011 - 2020" -> 2011-01-01..2020-12-31; "Giai đoạn 2011-2020 (Tính đến 12/2019)" ends 2019-12-31.
"""

from __future__ import annotations

import calendar
import unicodedata
from functools import lru_cache
from dataclasses import dataclass
from datetime import date

import regex

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR = r"((?:19|20)\d\d)"
_UNTIL_DAY = regex.compile(r"(?:tính\s+)?đến\s+(?:ngày\s+)?(\d{1,2})\s*[/.-]\s*(\d{1,2})(?!\d)(?:\s*[/.-]\s*(\d{4}))?", regex.I)
_UNTIL_MONTH = regex.compile(r"(?:tính\s+)?đến\s+(?:tháng\s+)?(\d{1,2})\s*[/.-]\s*(\d{4})", regex.I)
_RANGE = regex.compile(rf"(?:giai\s+đoạn|từ\s+năm|từ)?\s*{_YEAR}\s*[-–—]\s*(?:năm\s*)?{_YEAR}", regex.I)
_QUARTER = regex.compile(rf"quý\s+(iv|iii|ii|i|[1-4])\b\W*(?:năm\s*)?{_YEAR}", regex.I)
_MONTHS_FIRST = regex.compile(rf"(\d{{1,2}})\s+tháng\s+(?:đầu\s+)?(?:năm\s*)?{_YEAR}", regex.I)
_MONTHS_LAST = regex.compile(rf"(\d{{1,2}})\s+tháng\s+cuối\s+(?:năm\s*)?{_YEAR}", regex.I)
# "tháng 11/2025", "tháng 3 năm 2026" (not "đến tháng 6/2024": that cuts a period short)
_MONTH = regex.compile(rf"(?<!đến\s)(?<!tới\s)\btháng\s+(\d{{1,2}})\s*(?:/|năm)\s*{_YEAR}\b", regex.I)
_YEAR_ONLY = regex.compile(rf"\bnăm\s+{_YEAR}\b", regex.I)
_BARE_YEAR = regex.compile(rf"^\s*{_YEAR}\s*$")


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str  # e.g. "2015", "2023-Q3", "2023-H1", "2011-2020"


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _apply_until(text: str, period: Period) -> Period:
    """Cut a period short at "(Tính đến 31/3)" or "(Tính đến 12/2019)"."""
    m = _UNTIL_DAY.search(text)
    if m:
        day, month = int(m.group(1)), int(m.group(2))
        year = int(m.group(3)) if m.group(3) else period.end.year
        try:
            end = date(year, month, day)
        except ValueError:
            return period
        return Period(period.start, end, f"{period.label} (to {end.isoformat()})") if end < period.end else period
    m = _UNTIL_MONTH.search(text)
    if m:
        month, year = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12:
            end = _month_end(year, month)
            return Period(period.start, end, f"{period.label} (to {end.isoformat()})") if end < period.end else period
    return period


# Pure, and asked for the same headers, titles and labels again and again (every value of a
# column, every report of a template): memoised (Period is frozen, so sharing is safe).
@lru_cache(maxsize=16_384)
def parse_period(text: str) -> Period | None:
    """The period a header or title names, or None when it names none."""
    if not text:
        return None
    t = unicodedata.normalize("NFC", text)
    period = _match_period(t)
    return _apply_until(t, period) if period else None


def _match_period(t: str) -> Period | None:
    m = _QUARTER.search(t)
    if m:
        q, y = _ROMAN[m.group(1).lower()], int(m.group(2))
        return Period(date(y, 3 * q - 2, 1), _month_end(y, 3 * q), f"{y}-Q{q}")
    m = _MONTHS_LAST.search(t)
    if m:
        n, y = int(m.group(1)), int(m.group(2))
        if 1 <= n <= 12:
            return Period(date(y, 13 - n, 1), date(y, 12, 31), f"{y}-last{n}m")
    m = _MONTHS_FIRST.search(t)
    if m:
        n, y = int(m.group(1)), int(m.group(2))
        if 1 <= n <= 12:
            label = f"{y}-H1" if n == 6 else f"{y}-{n}m"
            return Period(date(y, 1, 1), _month_end(y, n), label)
    m = _RANGE.search(t)
    if m and int(m.group(1)) < int(m.group(2)):
        a, b = int(m.group(1)), int(m.group(2))
        return Period(date(a, 1, 1), date(b, 12, 31), f"{a}-{b}")
    m = _MONTH.search(t)
    if m and 1 <= int(m.group(1)) <= 12:
        n, y = int(m.group(1)), int(m.group(2))
        return Period(date(y, n, 1), _month_end(y, n), f"{y}-{n:02d}")
    m = _YEAR_ONLY.search(t) or _BARE_YEAR.match(t)
    if m:
        y = int(m.group(1))
        return Period(date(y, 1, 1), date(y, 12, 31), str(y))
    return None


_HEADER_YEAR = regex.compile(rf"(?<![\d/.-]){_YEAR}(?![\d/.-])")


@lru_cache(maxsize=16_384)
def header_period(text: str) -> Period | None:
    """The period a table header or group row names: what `parse_period` reads, or else a single
    year standing alone in the text ("PAR INDEX 2024", "Kết quả 2023"), not part of a date or number."""
    p = parse_period(text)
    if p is not None or not text:
        return p
    years = set(_HEADER_YEAR.findall(unicodedata.normalize("NFC", text)))
    if len(years) == 1:
        y = int(years.pop())
        return Period(date(y, 1, 1), date(y, 12, 31), str(y))
    return None
