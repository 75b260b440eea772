"""The period a report states in its preamble, and a cut-off for all its figures.

A report whose title names no period ("Tổng kết thực hiện Quyết định số …") often says in its
opening paragraph when the thing it reports on ran: "thời gian thực hiện thí điểm từ ngày 26/8/2025
đến hết ngày 30/9/2025", "kỳ báo cáo từ ngày 15/12/2024 đến ngày 14/6/2025". That window is the
report's period (flag `period_from_preamble`: read from a sentence, not from the title). A report
may also say, just under its title or in its opening, up to which day its figures run: "(Số liệu
tính đến ngày 15/11/2025)"; the report's period then ends that day (flag `period_cutoff`).

The preamble is the text before the first numbered section heading. The cue phrases and the
heading forms are data: `schemas/preamble_periods.csv` (kinds `window`, `cutoff`, `heading`);
`{D}` stands for a day d/m/yyyy and `{RANGE}` for the two-day range of `period_phrases.csv`'s
`date_range` row. Everything here is a pure function.
"""

from __future__ import annotations

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

_D = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d\d)"
# "ngày 26 tháng 8 năm 2025" is the same day as "26/8/2025": written out before the cues are tried
_LONG_DATE = regex.compile(r"\b(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d\d)\b", regex.I)
_MAX_LINES = 60  # a report with no heading at all: its first lines only
_NO_HEADING_LINES = 20


@dataclass(frozen=True)
class PreamblePeriod:
    window: Period | None = None  # the implementation / reporting window the preamble states
    cutoff: date | None = None  # "số liệu tính đến ngày …": the last day of the report's figures
    window_text: str = ""  # the words that stated them, for provenance
    cutoff_text: str = ""


@functools.lru_cache(maxsize=4)
def load_cues(root: str | None = None) -> tuple[tuple[str, regex.Pattern], ...]:
    """(kind, compiled pattern) of schemas/preamble_periods.csv, in file order."""
    span = next(r["pattern"] for r in rows("period_phrases.csv", root, required=("kind", "pattern"))
                if r["kind"] == "date_range")
    out = []
    for r in rows("preamble_periods.csv", root, required=("kind", "pattern")):
        if r["kind"] not in ("window", "cutoff", "heading"):
            raise ValueError(f"preamble_periods.csv: unknown kind {r['kind']!r}")
        pattern = r["pattern"].replace("{RANGE}", span).replace("{D}", _D)
        out.append((r["kind"], regex.compile(pattern, regex.I | regex.V0)))
    return tuple(out)


def preamble_lines(lines: Sequence[str], root: str | None = None) -> list[str]:
    """The lines before the first numbered section heading ("I. CÔNG TÁC TRIỂN KHAI"); the first
    lines only when the report has no such heading."""
    headings = [p for k, p in load_cues(root) if k == "heading"]
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


def preamble_period(lines: Sequence[str], root: str | None = None) -> PreamblePeriod:
    """The first window and the first cut-off the preamble states (either may be missing)."""
    text = unicodedata.normalize("NFC", " ".join(preamble_lines(lines, root)))
    text = _LONG_DATE.sub(r"\1/\2/\3", text)
    window = cutoff = None
    window_text = cutoff_text = ""
    for kind, pattern in load_cues(root):
        if kind == "heading":
            continue
        for m in pattern.finditer(text):
            g = m.groups()
            if kind == "window" and window is None:
                a, b = _day(*g[0:3]), _day(*g[3:6])
                if a and b and a <= b:
                    window, window_text = Period(a, b, label_for(a, b)), m.group(0)
            elif kind == "cutoff" and cutoff is None:
                cutoff = _day(*g[0:3])
                cutoff_text = m.group(0) if cutoff else ""
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
