"""The period of one figure in a sentence: the nearest statement wins.

A 2011–2020 summary says "Riêng trong năm 2019, … đã tiếp nhận 8.217 hồ sơ": that
figure is 2019's, not the report's. For each figure the phrase that names its period is
the last period phrase before it in the sentence (not across a ';'), else the first one
after it in its own clause; the report's period applies only when the sentence names
none. Every reading other than "the text states exactly this period" leaves a flag.

The phrases are data: `schemas/period_phrases.csv` (kind, pattern, note; the order of its
rows decides between overlapping phrases); `{Y}` stands for a year and `{D}` for a day
d/m/yyyy in its patterns.
"""

from __future__ import annotations

import calendar
import functools
from dataclasses import dataclass
from datetime import date

import regex

from schemas.load import rows

from ..periods import Period
from .phrase_gate import NEVER, can_match
from .tails import TailPattern

# patterns used in loops, compiled once (regex's module functions re-check their flags per call)
_CLAUSE_PUNCT = regex.compile(r"[,;:.]")
_RUNNING_TOTAL = regex.compile(r"l(?:ũy|uỹ)\s+kế", regex.I)
_YEAR_AFTER = regex.compile(r"\s*(?:năm\s+)?((?:19|20)\d\d)")
_CLAUSE_END = regex.compile(r"[,;:()]")
_COMPARED_WITH = regex.compile(r"[^,;()]*\bso\s+với\b", regex.I)

_YEAR = r"(?:19|20)\d\d"
_Y = rf"({_YEAR})"
_D = rf"(\d{{1,2}})\s*[/.-]\s*(\d{{1,2}})\s*[/.-]\s*({_YEAR})"
# where neither slot can match (no year), the phrases that cannot match without one are not searched
_ANY_YEAR = regex.compile(_YEAR, regex.I | regex.V0)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
# kinds that are cues, not periods
_CUES = ("comparison_cue", "title_cue")
# "ngày 13 tháng 6 năm 2011" is a date of issue, neither the year nor the month of a figure
_DATE_BEFORE = {"year": regex.compile(r"tháng\s+\d{1,2}\s+$", regex.I),
                "month": regex.compile(r"ngày\s+\d{1,2}\s+$", regex.I)}
_RIGHT_AFTER = regex.compile(r"\s*(?:trong|vào|của)?\s*", regex.I)
_FIGURE_BEFORE = regex.compile(r"\d(?:[\d.,]*\d)?\s*%?\s*(?:trong|vào|của)?\s*$", regex.I)
_CHANGE_BEFORE = TailPattern.compile(r"\b(?:tăng|giảm|cao\s+hơn|thấp\s+hơn|nhiều\s+hơn|ít\s+hơn)(?:\s+\S+){0,3}\s*$",
                               regex.I)


@dataclass(frozen=True)
class PhraseHit:
    kind: str
    start: int
    end: int
    period: Period | None
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class FigurePeriod:
    period: Period | None
    source: str  # "text" (the sentence states it), "paragraph" (an earlier sentence does), "report", "none"
    flags: tuple[str, ...]
    phrase: str  # the words that named the period; empty when the report's applies


@functools.lru_cache(maxsize=4)
def load_phrases(root: str | None = None) -> tuple[tuple[str, regex.Pattern], ...]:
    """(kind, compiled pattern) in file order; the order is the priority among overlapping phrases.
    `root` is another schemas/ folder (tests); None reads the project's (or $BAOCAO_SCHEMAS)."""
    table = rows("period_phrases.csv", root, required=("kind", "pattern"))
    return tuple((r["kind"], regex.compile(r["pattern"].replace("{Y}", _Y).replace("{D}", _D), regex.I | regex.V0))
                 for r in table)


@functools.lru_cache(maxsize=4)
def year_only(root: str | None = None) -> tuple[bool, ...]:
    """Per phrase of load_phrases: it can match only text that holds a year (every way through
    its pattern passes {Y} or {D}; normalize/prose/phrase_gate.py)."""
    table = rows("period_phrases.csv", root, required=("kind", "pattern"))
    return tuple(not can_match(r["pattern"].replace("{Y}", NEVER).replace("{D}", NEVER)) for r in table)


# ---------------------------------------------------------------- periods from their parts


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def label_for(start: date, end: date) -> str:
    """The project's period labels: '2019', '2023-Q3', '2023-H1', '2023-6m', '2011-2020', else 'a..b'."""
    if start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31:
        return str(start.year) if start.year == end.year else f"{start.year}-{end.year}"
    if start.year == end.year and start.day == 1 and end == _month_end(end.year, end.month):
        months = end.month - start.month + 1
        if months == 3 and start.month % 3 == 1:
            return f"{start.year}-Q{(start.month + 2) // 3}"
        if start.month == 1:
            return f"{start.year}-H1" if months == 6 else f"{start.year}-{months}m"
        if end.month == 12:  # as normalize/periods.py labels "6 tháng cuối năm"
            return f"{start.year}-last{months}m"
        if months == 1:
            return f"{start.year}-{start.month:02d}"
    if start == end:
        return start.isoformat()
    return f"{start.isoformat()}..{end.isoformat()}"


def _period(start: date, end: date) -> Period | None:
    return Period(start, end, label_for(start, end)) if start <= end else None


def _day(d: str, m: str, y: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def _report_year(report: Period | None) -> int | None:
    return report.end.year if report else None


def shift_years(period: Period, year: int) -> Period | None:
    """The same part of another year (a quarter of 2025 -> that quarter of 2024)."""
    delta = year - period.end.year
    try:
        start = period.start.replace(year=period.start.year + delta)
        end = period.end.replace(year=year)
    except ValueError:  # 29 February
        end = _month_end(year, period.end.month)
        start = period.start.replace(year=period.start.year + delta, day=1)
    return _period(start, end)


def _resolve(kind: str, g: tuple, report: Period | None, text: str) -> tuple[Period | None, tuple[str, ...]]:
    """A phrase's groups into a period and the flags of what was assumed."""
    ry = _report_year(report)
    if kind == "date_range":
        a, b = _day(*g[0:3]), _day(*g[3:6])
        return (_period(a, b), ()) if a and b else (None, ("period_unknown",))
    if kind == "as_of_date":
        d = _day(*g[0:3])
        if d is None:
            return None, ("period_unknown",)
        if _RUNNING_TOTAL.search(text):  # a running total: from the start of its year, assumed
            return _period(date(d.year, 1, 1), d), ("period_start_assumed",)
        return Period(d, d, d.isoformat()), ("period_as_of",)
    if kind in ("cumulative_to_date", "year_to_date"):
        y = int(g[0]) if g and g[0] else ry
        if report is None or y is None:
            return None, ("period_unknown",)
        return _period(date(y, 1, 1), report.end), ("period_to_date",)
    if kind == "since_date":
        d = _day(*g[0:3])
        if report is None or d is None:
            return None, ("period_unknown",)
        return _period(d, report.end), ("period_to_date",)
    if kind == "since_month":
        m, y = int(g[0]), int(g[1])
        if report is None or not 1 <= m <= 12:
            return None, ("period_unknown",)
        return _period(date(y, m, 1), report.end), ("period_to_date",)
    if kind == "year_range":
        a, b = (int(x) for x in g if x)
        return (_period(date(a, 1, 1), date(b, 12, 31)), ()) if a < b else (None, ("period_unknown",))
    if kind == "since_year":
        if report is None:
            return None, ("period_unknown",)
        return _period(date(int(g[0]), 1, 1), report.end), ("period_to_date",)
    if kind in ("quarter", "quarter_no_year"):
        q = _ROMAN[g[0].lower()]
        year_given = kind == "quarter"
        y = int(g[1]) if year_given else ry
        if y is None:
            return None, ("period_unknown",)
        flags = () if year_given else ("period_year_from_report",)
        return _period(date(y, 3 * q - 2, 1), _month_end(y, 3 * q)), flags
    if kind == "this_quarter":
        if report and label_for(report.start, report.end).endswith(("Q1", "Q2", "Q3", "Q4")):
            return report, ()
        return None, ("period_unknown",)
    if kind in ("months_first", "months_last"):
        n = int(g[0])
        y = int(g[1]) if g[1] else ry
        if y is None or not 1 <= n <= 12:
            return None, ("period_unknown",)
        flags = () if g[1] else ("period_year_from_report",)
        if kind == "months_first":
            return _period(date(y, 1, 1), _month_end(y, n)), flags
        return _period(date(y, 13 - n, 1), date(y, 12, 31)), flags
    if kind == "month":
        m, y = int(g[0]), int(g[1])
        return (_period(date(y, m, 1), _month_end(y, m)), ()) if 1 <= m <= 12 else (None, ("period_unknown",))
    if kind == "to_date":
        return report, () if report else ("period_unknown",)
    if kind == "since_event":  # "từ khi phát động … đến nay": when it began is not stated
        return (report, ("period_to_date", "period_start_assumed")) if report else (None, ("period_unknown",))
    if kind == "year":
        y = int(g[0])
        flags = ("period_target",) if ry is not None and y > ry else ()
        return _period(date(y, 1, 1), date(y, 12, 31)), flags
    if kind == "same_period_last_year":
        if report is None:
            return None, ("period_unknown",)
        return shift_years(report, report.end.year - 1), ("period_comparison",)
    raise ValueError(f"unknown period phrase kind {kind!r}")


# ---------------------------------------------------------------- phrases in a sentence


def _in_title(sentence: str, start: int, titles: list[tuple[int, int]]) -> bool:
    """A period right after a document's name ("Kế hoạch CCHC năm 2023") names the document."""
    for a, b in titles:
        if b <= start and start - b <= 100 and not _CLAUSE_PUNCT.search(sentence[b:start]):
            return True
    return False


def period_phrases(sentence: str, report: Period | None, root: str | None = None) -> list[PhraseHit]:
    """Every period phrase of the sentence, overlaps resolved by the file's order, left to right."""
    return list(_period_phrases(sentence, report, root))


# Pure, and asked again for every figure of a sentence: memoised per (sentence, report period, root).
@functools.lru_cache(maxsize=1024)
def _period_phrases(sentence: str, report: Period | None, root: str | None) -> tuple[PhraseHit, ...]:
    found: list[tuple[int, int, int, str, tuple]] = []  # (start, end, priority, kind, groups)
    titles: list[tuple[int, int]] = []
    has_year = _ANY_YEAR.search(sentence) is not None
    for prio, ((kind, pattern), needs_year) in enumerate(zip(load_phrases(root), year_only(root))):
        if needs_year and not has_year:
            continue  # it could not match here
        for m in pattern.finditer(sentence):
            if kind == "title_cue":
                titles.append(m.span())
            elif kind not in _CUES:
                found.append((m.start(), m.end(), prio, kind, m.groups()))
    kept: list[tuple[int, int, int, str, tuple]] = []
    for hit in sorted(found, key=lambda h: (h[2], h[0])):
        if any(hit[0] < k[1] and k[0] < hit[1] for k in kept):
            continue
        kept.append(hit)
    out = []
    for start, end, _, kind, groups in sorted(kept):
        if kind in _DATE_BEFORE and _DATE_BEFORE[kind].search(sentence[max(0, start - 12):start]):
            continue
        if kind in ("year", "year_range", "quarter") and _in_title(sentence, start, titles):
            continue
        period, flags = _resolve(kind, groups, report, sentence[start:end])
        if kind == "same_period_last_year":
            year = _YEAR_AFTER.match(sentence[end:])
            if year and report:  # "cùng kỳ năm 2024": that year's same part
                period = shift_years(report, int(year.group(1)))
                end += year.end()
        out.append(PhraseHit(kind, start, end, period, flags))
    return tuple(h for h in out if not any(o is not h and o.start <= h.start and h.end <= o.end
                                           and o.kind == "same_period_last_year" for o in out))


# what may stand before a phrase that opens its sentence: a list marker ("a)", "-", "2.")
_OPENING = regex.compile(r"\s*(?:[a-zđ]\)|[-–+•*]|\d+(?:\.\d+)*[.)])?\s*(?:\p{L}+\s+){0,2}")


def _reaches(sentence: str, phrase_start: int, phrase_end: int, start: int) -> bool:
    """A phrase reaches a later figure unless a ';' ends its clause first; a phrase that
    introduces a list ("tính đến ngày 31/12/2019: …; …") or opens the sentence before a comma
    ("a) Tính đến ngày 15/11/2025, …; …") reaches every clause of it."""
    semi = sentence.find(";", phrase_end, start)
    if semi < 0:
        return True
    if _OPENING.fullmatch(sentence, 0, phrase_start) and sentence[phrase_end:phrase_end + 1] == ",":
        return True
    colon = sentence.find(":", phrase_end, semi)
    return colon >= 0 and sentence.rfind(":", colon + 1, start) < 0


def _comparison_before(sentence: str, lo: int, start: int, root: str | None) -> bool:
    cue = dict(load_phrases(root))["comparison_cue"]
    return any(lo <= m.end() <= start for m in cue.finditer(sentence, lo, start))


def figure_period(sentence: str, start: int, end: int, report: Period | None,
                  root: str | None = None) -> FigurePeriod:
    """The period of the figure at sentence[start:end]; `report` is the report's own period."""
    hits = period_phrases(sentence, report, root)
    clause_start = max(sentence.rfind(";", 0, start) + 1, 0)
    # "97,50% năm 2015 lên 99,28% năm 2019": a phrase right after a figure is that figure's
    right_after = [h for h in hits if h.start >= end and _RIGHT_AFTER.fullmatch(sentence[end:h.start])]
    before = [h for h in hits if h.end <= start and _reaches(sentence, h.start, h.end, start)
              and not _FIGURE_BEFORE.search(sentence[max(0, h.start - 24):h.start])]
    chosen = right_after[0] if right_after else (before[-1] if before else None)
    if chosen is None:
        clause_end = _CLAUSE_END.search(sentence, end)
        limit = clause_end.start() if clause_end else len(sentence)
        after = [h for h in hits if end <= h.start < limit]
        chosen = after[0] if after else None
    flags: list[str] = []
    if chosen is None:
        if report is None:
            return FigurePeriod(None, "none", ("period_unknown",), "")
        period, source, phrase = report, "report", ""
    else:
        period, source, phrase = chosen.period, "text", sentence[chosen.start:chosen.end]
        flags += chosen.flags
        if period is not None and period != report and "period_comparison" not in flags:
            flags.append("period_from_text")
        if chosen.start < start and _comparison_before(sentence, chosen.end, start, root) \
                and "period_comparison" not in flags:
            flags.append("period_comparison")  # "so với năm 2024 (1.200 hồ sơ)": the compared-with value
    tail = sentence[end:end + 60]
    if _CHANGE_BEFORE.found(sentence[clause_start:start]) and _COMPARED_WITH.match(tail):
        flags.append("period_change")  # "tăng 5% so với cùng kỳ": a difference between two periods
    if period is None and "period_unknown" not in flags:
        flags.append("period_unknown")
    return FigurePeriod(period, source if period else "none", tuple(dict.fromkeys(flags)), phrase)


_OPENS = ("", ".", ":", ";", ")")  # what may come before a phrase that sets the frame of a paragraph


def paragraph_period(lead_in: str, report: Period | None, root: str | None = None) -> FigurePeriod | None:
    """The period an earlier sentence of the paragraph sets for what follows: a phrase that
    opens a sentence or clause and is followed by a comma ("b) Đối với cải cách thể chế: Từ
    ngày 01/7/2025 đến nay, HĐND tỉnh đã …"), when it is the only such period and not the
    report's. For a figure whose own sentence names none; None when nothing is that clear."""
    found = []
    for h in period_phrases(lead_in, report, root):
        before, after = lead_in[:h.start].rstrip(), lead_in[h.end:].lstrip()
        if h.period is not None and h.period != report and after.startswith(",") \
                and (before[-1:] in _OPENS):
            found.append(h)
    if len({h.period for h in found}) != 1:
        return None
    h = found[-1]
    flags = tuple(dict.fromkeys((*h.flags, "period_from_paragraph")))
    return FigurePeriod(h.period, "paragraph", flags, lead_in[h.start:h.end])
