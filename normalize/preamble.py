"""The period a report states in its preamble, and a cut-off for all its figures.

A report whose title names no period ("Tổng kết thực hiện Quyết định số …") often says in its
opening paragraph when the thing it reports on ran: "thời gian thực hiện thí điểm từ ngày 26/8/2025
đến hết ngày 30/9/2025", "kỳ báo cáo từ ngày 15/12/2024 đến ngày 14/6/2025". That window is the
report's period (flag `period_from_preamble`: read from a sentence, not from the title). A report
may also say, just under its title or in its opening, up to which day its figures run: "(Số liệu
tính đến ngày 15/11/2025)"; the report's period then ends that day (flag `period_cutoff`).

The preamble is the text before the first numbered section heading. The cue phrases and the
heading forms are data: `schemas/preamble_periods.csv` (kinds `window`, `cutoff`, `heading`); the
dates after a cue are fixed here: "từ (ngày) d/m/yyyy đến (hết) (ngày) d/m/yyyy" or "từ (tháng) m/yyyy
đến (hết) (tháng) m/yyyy" for a window, "đến (hết) (ngày) d/m/yyyy" or "đến (hết) tháng m/yyyy" for a
cut-off. Everything here is a pure function.
"""

from __future__ import annotations

import calendar
import functools
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Sequence

import regex

from schemas.load import rows

from .periods import Period
from .prose.periods import label_for

FLAG_PERIOD_FROM_PREAMBLE = "period_from_preamble"
FLAG_PERIOD_CUTOFF = "period_cutoff"
FLAG_PERIOD_START_ASSUMED = "period_start_assumed"

_Y = r"((?:19|20)\d\d)"
_D = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d\d)"
_M = r"(?:tháng\s+)?(\d{1,2})\s*[/.-]\s*((?:19|20)\d\d)"
_TO = r"\s+(?:đến|tới)\s+(?:hết\s+)?"
# what follows a cue: a window of two days or two months, or a cut-off day or month
_DATES = {
    ("window", "day"): rf"từ\s+(?:ngày\s+)?{_D}{_TO}(?:ngày\s+)?{_D}",
    ("window", "month"): rf"từ\s+{_M}{_TO}{_M}",
    ("cutoff", "day"): rf"(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?{_D}",
    ("cutoff", "month"): rf"(?:đến|tới)\s+(?:hết\s+)?tháng\s+(\d{{1,2}})\s*[/.-]\s*{_Y}",
}
_BETWEEN = r"\s*(?:[:(]\s*)?"  # "thời gian thí điểm: từ …", "kỳ báo cáo (từ …"
# "ngày 26 tháng 8 năm 2025" is "26/8/2025", "tháng 10 năm 2024" is "tháng 10/2024": rewritten before matching
_LONG_DATE = regex.compile(r"\b(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d\d)\b", regex.I)
_LONG_MONTH = regex.compile(r"\btháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d\d)\b", regex.I)
_MAX_LINES = 60  # a report with no heading at all: its first lines only
_NO_HEADING_LINES = 20


@dataclass(frozen=True)
class PreamblePeriod:
    window: Period | None = None  # the implementation / reporting window the preamble states
    cutoff: date | None = None  # "số liệu tính đến ngày …": the last day of the report's figures
    window_text: str = ""  # the words that stated them, for provenance
    cutoff_text: str = ""


@dataclass(frozen=True)
class _Cue:
    kind: str  # window | cutoff | heading
    unit: str  # "day" | "month" ("" for a heading)
    pattern: regex.Pattern


@functools.lru_cache(maxsize=4)
def load_cues(root: str | None = None) -> tuple[_Cue, ...]:
    """The cues of schemas/preamble_periods.csv, in file order, each compiled with the dates that follow it."""
    out = []
    for r in rows("preamble_periods.csv", root, required=("kind", "cue")):
        kind, cue = r["kind"], r["cue"]
        if kind == "heading":
            out.append(_Cue(kind, "", regex.compile(rf"^(?:{cue})", regex.I | regex.V0)))
        elif kind in ("window", "cutoff"):
            out += [_Cue(kind, unit, regex.compile(rf"(?<!\w)(?:{cue}){_BETWEEN}{_DATES[(kind, unit)]}", regex.I | regex.V0))
                    for unit in ("day", "month")]
        else:
            raise ValueError(f"preamble_periods.csv: unknown kind {kind!r}")
    return tuple(out)


def preamble_lines(lines: Sequence[str], root: str | None = None) -> list[str]:
    """The lines before the first numbered section heading ("I. CÔNG TÁC TRIỂN KHAI"); the first
    lines only when the report has no such heading."""
    headings = [c.pattern for c in load_cues(root) if c.kind == "heading"]
    out = []
    for line in list(lines)[:_MAX_LINES]:
        text = " ".join(line.split())
        if len(text) < 250 and any(p.match(text) for p in headings):
            return out
        out.append(text)
    return out[:_NO_HEADING_LINES]


def _day(d: str, m: str, y: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def _month_end(m: str, y: str) -> date | None:
    month, year = int(m), int(y)
    return date(year, month, calendar.monthrange(year, month)[1]) if 1 <= month <= 12 else None


def _window(unit: str, g: tuple) -> Period | None:
    if unit == "day":
        a, b = _day(*g[0:3]), _day(*g[3:6])
    else:
        a = _day("1", g[0], g[1]) if 1 <= int(g[0]) <= 12 else None
        b = _month_end(g[2], g[3])
    return Period(a, b, label_for(a, b)) if a and b and a <= b else None


def preamble_period(lines: Sequence[str], root: str | None = None) -> PreamblePeriod:
    """The first window and the first cut-off the preamble states (either may be missing)."""
    text = unicodedata.normalize("NFC", " ".join(preamble_lines(lines, root)))
    text = _LONG_MONTH.sub(r"tháng \1/\2", _LONG_DATE.sub(r"\1/\2/\3", text))
    found: dict[str, tuple[int, object, str]] = {}  # kind -> (position, value, words): the earliest wins
    for cue in load_cues(root):
        if cue.kind == "heading":
            continue
        for m in cue.pattern.finditer(text):
            g = m.groups()
            value = _window(cue.unit, g) if cue.kind == "window" else \
                _day(*g[0:3]) if cue.unit == "day" else _month_end(*g[0:2])
            if value is None:
                continue  # a misprinted date: the cue's next statement may be whole
            if cue.kind not in found or m.start() < found[cue.kind][0]:
                found[cue.kind] = (m.start(), value, m.group(0))
            break
    window, window_text = found.get("window", (0, None, ""))[1:]
    cutoff, cutoff_text = found.get("cutoff", (0, None, ""))[1:]
    return PreamblePeriod(window, cutoff, window_text, cutoff_text)


def cut_at(period: Period, cutoff: date | None) -> tuple[Period, tuple[str, ...]]:
    """The period ending on the cut-off day when that day falls inside it and before its end
    (flag `period_cutoff`); unchanged otherwise: a cut-off outside the period is not its end."""
    if cutoff is None or not period.start <= cutoff < period.end:
        return period, ()
    return Period(period.start, cutoff, f"{period.label} (to {cutoff.isoformat()})"), (FLAG_PERIOD_CUTOFF,)


def stated_period(title: Period | None, pre: PreamblePeriod) -> tuple[Period | None, tuple[str, ...]]:
    """The report's period from its own text: the title's, else the preamble's window, each cut at
    the preamble's cut-off; (None, ()) when neither names one (the caller falls back to the date)."""
    if title is not None:
        return cut_at(title, pre.cutoff)
    if pre.window is not None:
        period, flags = cut_at(pre.window, pre.cutoff)
        return period, (FLAG_PERIOD_FROM_PREAMBLE, *flags)
    return None, ()


def fallback_period(dated: Period | None, cutoff: date | None) -> tuple[Period | None, tuple[str, ...]]:
    """No period in the title or the preamble: the year of the report's date (`dated`, flagged by the
    caller), cut at the cut-off; with no date, the cut-off's year from 1 January (start assumed)."""
    if dated is not None:
        return cut_at(dated, cutoff)
    if cutoff is None:
        return None, ()
    start = date(cutoff.year, 1, 1)
    return Period(start, cutoff, label_for(start, cutoff)), (FLAG_PERIOD_START_ASSUMED, FLAG_PERIOD_CUTOFF)
