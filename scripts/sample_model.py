"""The sample reports' model: typed values (count, percent, ratio, quantity, text) that print
as a Vietnamese report prints them, paragraphs and tables, and the checks that totals and
rates agree with their parts before anything is written (scripts/make_samples.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal


# --------------------------------------------------------------------------- number printing


def vn_int(n: int) -> str:
    """12480 -> '12.480' (Vietnamese thousands separator)."""
    return f"{n:,}".replace(",", ".")


def vn_dec(d: Decimal) -> str:
    """Decimal as printed, keeping its places: Decimal('98.10') -> '98,10'."""
    sign, digits, exp = d.as_tuple()
    if exp >= 0:
        return vn_int(int(d))
    whole, frac = f"{d:f}".split(".")
    return f"{vn_int(int(whole))},{frac}"


def plain(d: Decimal | int) -> str:
    """Golden form: '.' decimal point, no grouping, no trailing zeros, integers bare."""
    d = Decimal(d)
    if d == d.to_integral_value():
        return str(int(d))
    return f"{d.normalize():f}"


def rate(num: int, den: int) -> Decimal:
    """Percentage rounded half-up to 2 places, as the forms print it."""
    return (Decimal(num) * 100 / Decimal(den)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --------------------------------------------------------------------------- typed cell values


@dataclass(frozen=True)
class Num:
    n: int
    pad: int = 0  # offices often write small counts as "05"

    def printed(self) -> str:
        return str(self.n).zfill(self.pad) if self.pad and 0 < self.n < 10 else vn_int(self.n)


@dataclass(frozen=True)
class Pct:
    d: Decimal
    sign: bool = True  # forms with a "%" unit column print the number alone

    def printed(self) -> str:
        body = "100" if self.d == 100 else vn_dec(self.d)
        return body + ("%" if self.sign else "")


@dataclass(frozen=True)
class Ratio:
    """'97,50% (3.900/4.000)': on-time over received, with the rate in front."""

    num: int
    den: int

    @property
    def d(self) -> Decimal:
        return rate(self.num, self.den)

    def printed(self) -> str:
        return f"{vn_dec(self.d)}% ({vn_int(self.num)}/{vn_int(self.den)})"


@dataclass(frozen=True)
class Qty:
    n: int
    word: str

    def printed(self) -> str:
        return f"{vn_int(self.n)} {self.word}"


@dataclass(frozen=True)
class Text:
    text: str

    def printed(self) -> str:
        return self.text


DASH = "-"  # printed "-": nothing to report, not a value


def printed(v) -> str:
    if v is None:
        return ""
    if v == DASH:
        return DASH
    return v.printed()


def p(x: str) -> Pct:
    return Pct(Decimal(x))


def nums(*xs, pad: int = 0) -> list:
    return [x if isinstance(x, str) else Num(x, pad) for x in xs]


# --------------------------------------------------------------------------- document model


@dataclass
class Para:
    text: str  # "\n" = line break inside the paragraph
    align: str = "justify"  # left | center | right | justify
    bold: bool = False
    italic: bool = False
    indent: bool = True  # first-line indent for body text
    size: float | None = None
    page_break_before: bool = False
    keep_with_next: bool = False  # set for captions so they stay on the page of their table


def body(text: str) -> Para:
    return Para(text)


def head(text: str) -> Para:
    return Para(text, align="left", bold=True, indent=True)


def centre(text: str, bold: bool = True, size: float | None = None) -> Para:
    return Para(text, align="center", bold=bold, indent=False, size=size)


@dataclass
class Col:
    kind: str  # code | label | agency | unit | value | note
    width_cm: float
    period: tuple[dt.date, dt.date] | None = None


@dataclass
class HCell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Row:
    code: str
    label: str
    values: list
    agency: str = ""
    unit: str = ""
    note: str = ""
    key: str = ""  # name for consistency relations
    bold: bool = False


@dataclass
class Table:
    section: str  # table identifier used in the golden file
    columns: list[Col]
    header: list[HCell]
    n_header_rows: int
    rows: list[Row]
    borderless: bool = False
    font_size: float = 11
    # consistency relations between rows, by key:
    #   ("sum", total, [parts])      every column: total == sum(parts)
    #   ("rate", r, num, den)        r == num / den * 100 (2 places), num <= den
    #   ("le", small, big)           every column: small <= big
    relations: list[tuple] = field(default_factory=list)


@dataclass
class Report:
    name: str
    period_phrase: str
    period: tuple[dt.date, dt.date]
    date: dt.date
    author: str
    subject: str
    blocks: list  # Para | Table, in reading order
    landscape_appendix_from: int | None = None  # block index where a landscape section starts


# --------------------------------------------------------------------------- table builders


def year_columns(years: list[str]) -> list[tuple[str, tuple[dt.date, dt.date]]]:
    out = []
    for y in years:
        year = int(y.split()[1])
        if "31/3" in y:
            out.append((y, (dt.date(year, 1, 1), dt.date(year, 3, 31))))
        else:
            out.append((y, (dt.date(year, 1, 1), dt.date(year, 12, 31))))
    return out


SUMMARY_YEARS = ["Năm 2015", "Năm 2016", "Năm 2017", "Năm 2018", "Năm 2019", "Năm 2020 (Tính đến 31/3)"]


def summary_table(section: str, rows: list[Row], *, agency: bool, label_cm: float,
                  value_cm: float, relations=None) -> Table:
    """STT | Chỉ tiêu | [Cơ quan] | Thống kê (merged over the year columns, second header row)."""
    cols = [Col("code", 1.3), Col("label", label_cm)]
    header = [HCell("STT", 0, 0, rowspan=2), HCell("Chỉ tiêu", 0, 1, rowspan=2)]
    if agency:
        cols.append(Col("agency", 3.4))
        header.append(HCell("Cơ quan chủ trì, thống kê báo cáo", 0, 2, rowspan=2))
    first = len(cols)
    years = year_columns(SUMMARY_YEARS)
    header.append(HCell("Thống kê", 0, first, colspan=len(years)))
    for i, (text, period) in enumerate(years):
        cols.append(Col("value", value_cm, period))
        header.append(HCell(text, 1, first + i))
    return Table(section, cols, header, 2, rows, relations=relations or [])


def form_table(section: str, rows: list[Row], period, *, note_header: str = "Ghi chú",
               label_cm: float = 7.6, borderless: bool = False, font_size: float = 12,
               relations=None) -> Table:
    """STT | Chỉ tiêu thống kê | Kết quả thống kê (Đơn vị tính, Số liệu) | Ghi chú."""
    cols = [Col("code", 1.4), Col("label", label_cm), Col("unit", 2.3),
            Col("value", 2.2, period), Col("note", 16.0 - 1.4 - label_cm - 2.3 - 2.2)]
    header = [
        HCell("STT", 0, 0, rowspan=2),
        HCell("Chỉ tiêu thống kê (Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)", 0, 1, rowspan=2),
        HCell("Kết quả thống kê", 0, 2, colspan=2),
        HCell(note_header, 0, 4, rowspan=2),
        HCell("Đơn vị tính", 1, 2),
        HCell("Số liệu", 1, 3),
    ]
    return Table(section, cols, header, 2, rows, borderless=borderless, font_size=font_size,
                 relations=relations or [])


def eval_table(section: str, rows: list[Row], period) -> Table:
    cols = [Col("code", 1.3), Col("label", 14.8), Col("agency", 4.6), Col("value", 4.6, period)]
    header = [
        HCell("STT", 0, 0),
        HCell("Các mục tiêu cải cách", 0, 1),
        HCell("Cơ quan chủ trì, tham mưu đánh giá", 0, 2),
        HCell("Đánh giá kết quả đạt được (Đạt/Không đạt)", 0, 3),
    ]
    return Table(section, cols, header, 1, rows)


def rate_block(code: str, label: str, sub_labels: list[str], counts: list[int], unit: str,
               key: str, num_index: int, den_index: int, note: str = "") -> tuple[list[Row], list]:
    """A rate row followed by its numbered count rows; the rate is computed from two of them."""
    subs = [Row(f"{code}{i + 1}.", lbl, [Num(n)], unit=unit, key=f"{key}.{i + 1}")
            for i, (lbl, n) in enumerate(zip(sub_labels, counts))]
    r = rate(counts[num_index], counts[den_index])
    head_row = Row(code, label, [Pct(r, sign=False)], unit="%", key=key, note=note)
    rel = [("rate", key, subs[num_index].key, subs[den_index].key)]
    # received >= resolved >= on time when the block lists all three
    for a, b in zip(range(len(subs) - 1, 0, -1), range(len(subs) - 2, -1, -1)):
        rel.append(("le", subs[a].key, subs[b].key))
    return [head_row, *subs], rel


# --------------------------------------------------------------------------- consistency check


def value_number(v):
    if isinstance(v, (Num, Qty)):
        return Decimal(v.n)
    if isinstance(v, (Pct, Ratio)):
        return v.d
    return None


def verify(report: Report) -> None:
    problems = []
    for t in (b for b in report.blocks if isinstance(b, Table)):
        by_key = {r.key: r for r in t.rows if r.key}
        n_values = sum(1 for c in t.columns if c.kind == "value")
        for r in t.rows:
            if len(r.values) != n_values:
                problems.append(f"{t.section} {r.code} {r.label!r}: {len(r.values)} values, {n_values} columns")
            for v in r.values:
                if isinstance(v, (Pct, Ratio)) and not (0 <= v.d <= 100):
                    problems.append(f"{t.section} {r.code}: percent out of range {v.printed()}")
                if isinstance(v, Ratio) and v.num > v.den:
                    problems.append(f"{t.section} {r.code}: ratio {v.printed()} above 1")
        for rel in t.relations:
            kind = rel[0]
            if kind == "sum":
                total, parts = by_key[rel[1]], [by_key[k] for k in rel[2]]
                for i, v in enumerate(total.values):
                    if isinstance(v, Ratio):
                        if v.num != sum(pp.values[i].num for pp in parts) or v.den != sum(pp.values[i].den for pp in parts):
                            problems.append(f"{t.section} {total.label!r} col {i}: ratio total != parts")
                    elif value_number(v) is not None and value_number(v) != sum(value_number(pp.values[i]) or 0 for pp in parts):
                        problems.append(f"{t.section} {total.label!r} col {i}: total != sum of parts")
            elif kind == "rate":
                r, num, den = by_key[rel[1]], by_key[rel[2]], by_key[rel[3]]
                n, d = num.values[0].n, den.values[0].n
                if n > d or r.values[0].d != rate(n, d):
                    problems.append(f"{t.section} {r.code}: rate {r.values[0].printed()} != {n}/{d}")
            elif kind == "le":
                small, big = by_key[rel[1]], by_key[rel[2]]
                for a, b in zip(small.values, big.values):
                    if value_number(a) is not None and value_number(b) is not None and value_number(a) > value_number(b):
                        problems.append(f"{t.section} {small.label!r} > {big.label!r}")
    if problems:
        raise SystemExit(f"{report.name}: inconsistent sample data:\n  " + "\n  ".join(problems))


# --------------------------------------------------------------------------- rendering: grid


def grid(t: Table) -> list[list[str]]:
    """Printed cell texts on the table grid; a merged cell's text sits in its first grid cell."""
    width = len(t.columns)
    out = [[""] * width for _ in range(t.n_header_rows)]
    for h in t.header:
        out[h.row][h.col] = h.text
    for r in t.rows:
        line, values = [], iter(r.values)
        for c in t.columns:
            if c.kind == "code":
                line.append(r.code)
            elif c.kind == "label":
                line.append(r.label)
            elif c.kind == "agency":
                line.append(r.agency)
            elif c.kind == "unit":
                line.append(r.unit)
            elif c.kind == "note":
                line.append(r.note)
            else:
                line.append(printed(next(values)))
        out.append(line)
    return out
