"""Figures in a sentence: a number with a unit after it, and its qualifier."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

import regex

from normalize.numbers import parse_number
from normalize.prose.tails import TailPattern
from schemas.tokens import NUMBER_GROUPED
from schemas.load import alternation, measure_cues, prose_words, qualifiers, units

# patterns used in loops, compiled once (regex's module functions re-check their flags per call)
_AFTER_WORD = regex.compile(r"\p{Ll}\s+$")

# Prose qualifier words and the qualifier each one reports ("xấp xỉ" -> "khoảng").
_QUALIFIER_AS: dict[str, str] = {q["word"]: q["prose_as"] for q in qualifiers("prose")}
QUALIFIERS = tuple(dict.fromkeys(_QUALIFIER_AS.values()))

# (pattern, canonical unit, unit class). Longest first where one is a prefix of another.
UNITS: tuple[tuple[str, str, str], ...] = units().prose

# --------------------------------------------------------------------- figures

_NUM = NUMBER_GROUPED
# Not glued to letters, slashes, colons or dashes: "1231/QĐ-UBND", "9/63", "9001:2015", "05-CT/TW", "VTV8".
NUMBER = regex.compile(rf"(?<![\p{{L}}\p{{N}}.,/:\-–&])(?:{_NUM})(?![\p{{N}}/:\p{{L}}]|[.,]\p{{N}}|[\-–]\S)")
# Words that make the next number a label, a date or a reference, not a quantity.
# (schemas/prose_words.csv: label_before, label_list, label_range)
_LABEL_WORDS = "|".join(r"\b" + w for w in prose_words("label_before"))
_LABEL_BEFORE = TailPattern.compile(
    rf"(?:(?:{_LABEL_WORDS})\s*"
    # the rest of a list or range of labels: "mức độ 3, 4", "khoản 1, 2", "giai đoạn 2021 - 2025"
    rf"|\b(?:{'|'.join(prose_words('label_list'))})\s+\d+(?:\s*(?:,|và)\s*\d+)*\s*(?:,|và)\s*"
    rf"|\b(?:{'|'.join(prose_words('label_range'))})\s+\d{{4}}\s*[-–]\s*)$",
    regex.I,
)
_QUALIFIER_ALT = alternation(list(_QUALIFIER_AS))
_QUALIFIER_RE = regex.compile(_QUALIFIER_ALT)
# a whole word: "nhà nước đạt 32%" holds "ước đạt" but has no qualifier
_QUALIFIER_BEFORE = TailPattern.compile(rf"(?<!\p{{L}})(?:(?:{_QUALIFIER_ALT})\s+)+$", regex.I)
_PERCENT_AFTER = regex.compile(r"^\s?%")
_MONEY_AFTER = regex.compile(
    rf"^\s+(?:(?:{'|'.join(units().magnitudes)})\s+)?(?:(?:{'|'.join(units().currency)})(?!\s*chí))"  # not "đồng chí"
    rf"(?P<per>(?:/(?:{'|'.join(units().per)}))*)(?!\p{{L}})",  # "450.000 đồng/người/tháng"
    regex.I,
)
# Every unit in one pattern, tried in UNITS order: the first that fits wins, as a loop over
# them finds (each starts with a letter, so only the whole run of spaces before it can fit).
_UNIT_AFTER = regex.compile(
    r"\s+(?:" + "|".join(rf"(?P<u{i}>{pat})(?!\p{{L}})" for i, (pat, _, _) in enumerate(UNITS)) + ")", regex.I)
if _UNIT_AFTER.groups != len(UNITS):
    raise ValueError("a prose unit pattern of schemas/units.csv holds a capturing group: write (?:...)")


def bare_letters(text: str) -> str:
    """The text with its letters' diacritics dropped ('đ' as 'd'), one character for one, so
    offsets stay those of the text."""
    return "".join("d" if ch == "đ" else "D" if ch == "Đ" else unicodedata.normalize("NFD", ch)[0] for ch in text)


# the units as a scan may print them, diacritics lost or wrong ("2.594 hỏ sơ", "75 văn bán"):
# matched on bare letters, and only a unit no other unit shares its bare form with
_BARE_UNITS = [(bare_letters(pat), unit, cls) for pat, unit, cls in UNITS]
_BARE_LETTERS = 4  # shorter bare forms stand for several words ('so': sở, số, sổ, sơ; 'xa': xã, xa)
_UNIT_AFTER_BARE = [(regex.compile(rf"^\s+(?:{pat})(?!\p{{L}})", regex.I), unit, cls) for pat, unit, cls in _BARE_UNITS
                    if sum(p == pat for p, _, _ in _BARE_UNITS) == 1 and sum(ch.isalpha() for ch in pat) >= _BARE_LETTERS]
_BARE_MAGNITUDES = {bare_letters(w): w for w in units().magnitudes}
_MONEY_AFTER_BARE = regex.compile(
    rf"^\s+(?:(?P<mag>{'|'.join(_BARE_MAGNITUDES)})\s+)?(?:{'|'.join(map(bare_letters, units().currency))})"
    r"(?!\s*chi)(?![\p{L}/])", regex.I)  # no "đồng chí"; a rate "đồng/người" is left to the exact reading
FLAG_UNIT_OCR_READ = "unit_ocr_read"
# A footnote printed at the foot of a PDF page starts with its mark: a number, a space, a capital.
_FOOTNOTE_MARK = regex.compile(r"\s*")
_CAPITAL_NEXT = regex.compile(r"\s(?-i:\p{Lu})")
# the whole part and mark of a decimal a scan printed with a space after the mark: "98, 15%"
_SPACED_DECIMAL = regex.compile(r"(?<![\p{N}.,/])\d{1,3}, $")
# OCR noise stuck to a figure's first digit ("&§8%" for "88%"): the figure is kept, flagged
_GLUED_MARKS = frozenset(prose_words("glued_mark"))
_SHARED_LINK = regex.compile(r"^\s*(?:,|và)\s+(?:\p{Ll}+\s+){1,3}$")


@dataclass
class Figure:
    start: int  # value_text start in block text
    num_start: int
    num_end: int
    end: int  # value_text end
    unit: str
    cls: str
    qualifier_text: str
    flags: list[str] = field(default_factory=list)
    value: float | None = None
    parse_flags: tuple[str, ...] = ()
    parse_conf: float = 1.0
    measure: str = ""
    scope: str = ""
    scope_rank: int = 0
    sentence: tuple[int, int] = (0, 0)
    out_of: float | None = None  # a rank "xếp thứ 12/34": 34
    spelled: str = ""  # money words a scan printed without diacritics, as printed ("tỷ đồng" for "ty đông")


def unit_at(text: str, pos: int) -> tuple[int, str, str] | None:
    """(end, canonical unit, class) of the unit written at `pos`, if any."""
    rest = text[pos:]  # one copy for both patterns (they anchor at its start)
    m = _PERCENT_AFTER.match(rest)
    if m:
        return pos + m.end(), "%", "percent"
    m = _MONEY_AFTER.match(rest)
    if m:
        per = m.group("per").lower()
        return pos + m.end(), "đồng" + per, "income" if per else "money"
    m = _UNIT_AFTER.match(text, pos)
    if m:
        _, unit, cls = UNITS[int(m.lastgroup[1:])]
        return m.end(), unit, cls
    return None


def bare_unit_at(text: str, pos: int) -> tuple[int, str, str, str] | None:
    """unit_at for a scan that lost or misread the unit's diacritics ("2.594 hỏ sơ", "32.006 ty
    đông"): the unit whose bare letters are written at `pos`, and for money its words spelled
    as the number reader knows them ("tỷ đồng")."""
    bare = bare_letters(text[pos:pos + 60])
    m = _MONEY_AFTER_BARE.match(bare)
    if m:  # the magnitude as printed, for the number reader ("ty" -> "tỷ")
        mag = _BARE_MAGNITUDES[m["mag"].casefold()] + " " if m["mag"] else ""
        return pos + m.end(), "đồng", "money", f"{mag}đồng"
    for rx, unit, cls in _UNIT_AFTER_BARE:
        m = rx.match(bare)
        if m:
            return pos + m.end(), unit, cls, ""
    return None


def qualifier_word(text: str) -> str:
    words = _QUALIFIER_RE.findall(text.casefold())
    return _QUALIFIER_AS[words[-1]] if words else ""  # the word nearest the number bounds it


def find_figures(text: str, sentence: tuple[int, int], line_starts: frozenset[int] = frozenset(),
                 scanned: bool = False) -> list[Figure]:
    """Figures of one sentence of `text`; `line_starts` are the offsets where a joined line begins;
    `scanned`: the text was read by OCR (units are then also found without their diacritics)."""
    s0, s1 = sentence
    figures: list[Figure] = []
    bare: list[tuple[int, int]] = []
    spaced_from: set[int] = set()
    for m in NUMBER.finditer(text, s0, s1):
        before = text[s0 : m.start()]
        if _LABEL_BEFORE.found(before):
            continue
        unit, spelled = unit_at(text[:s1], m.end()), None
        if unit is None and scanned and (found := bare_unit_at(text[:s1], m.end())):
            *unit, spelled = found  # type: ignore[assignment]
        if unit is None:
            bare.append((m.start(), m.end()))
            continue
        suspect = False
        if _CAPITAL_NEXT.match(text, m.end()) and unit[2] != "percent":
            if _FOOTNOTE_MARK.fullmatch(before):
                continue  # "3 Hồ sơ nộp trực tuyến được tính …": a footnote's mark, not a count
            # a wrapped line that starts with one may be a footnote joined into a page-broken sentence
            suspect = m.start() in line_starts
        num_start = m.start()
        spaced = _SPACED_DECIMAL.search(before) if unit[2] == "percent" else None
        if spaced:  # "đúng hạn 98, 15%" as a scan prints "98,15%": one figure (parse_number flags it)
            num_start = s0 + spaced.start()
            before = text[s0:num_start]
            spaced_from.add(num_start)
        q = _QUALIFIER_BEFORE.search(before)
        start = s0 + q.start() if q else num_start
        fig = Figure(start, num_start, m.end(), unit[0], unit[1], unit[2], text[start:num_start])
        if suspect:
            fig.flags.append("footnote_mark_suspect")
        if spelled is not None:
            fig.flags.append(FLAG_UNIT_OCR_READ)
            fig.spelled = spelled
        if m.start() > 0 and text[m.start() - 1] in _GLUED_MARKS:
            fig.flags.append("figure_glued_mark")
        figures.append(fig)
    bare = [b for b in bare if b[0] not in spaced_from]  # the whole part of a spaced decimal
    figures.extend(_shared_unit_figures(text, bare, figures))
    figures.extend(_subject_unit_figures(text, bare, s0, s1))
    figures.extend(_rank_figures(text, s0, s1))
    figures.extend(_part_figures(text, s0, s1, figures))
    figures.sort(key=lambda f: f.start)
    for f in figures:
        f.sentence = sentence
    return figures


def _shared_unit_figures(text: str, bare: list[tuple[int, int]], figures: list[Figure]) -> list[Figure]:
    """'tạo mới 70, khôi phục 6 và hủy 31 thư điện tử': 70 and 6 share the unit of 31."""
    out: list[Figure] = []
    anchors = {f.num_start: f for f in figures}
    for a, b in reversed(bare):
        nxt = min((s for s in anchors if s > b), default=None)
        if nxt is None or not _SHARED_LINK.match(text[b:nxt]):
            continue
        if not _AFTER_WORD.search(text[max(0, a - 20) : a]):
            continue  # the number must follow a verb, as its partners do
        ref = anchors[nxt]
        if ref.cls in ("percent", "money", "income", "rank"):
            continue
        f = Figure(a, a, b, b, ref.unit, ref.cls, "", flags=["unit_shared"])
        anchors[a] = f
        out.append(f)
    return out


# "Số hồ sơ giải quyết trễ hạn là 2.318 (tỷ lệ 1,6%)": the unit is the noun of the subject. Only a
# subject that opens its clause with "(tổng) số (lượng) <unit>", and only a number that ends its
# phrase (no word after it that could be its own unit or a time word: "là 08 năm").
_SUBJECT_UNIT = regex.compile(
    r"(?:^|[;:(]|,\s)\s*(?:\p{L}+\s+){0,2}?(?:tổng\s+)?số(?:\s+lượng)?\s+(?P<unit>"
    + "|".join(f"(?P<u{i}>{pat})" for i, (pat, _, _) in enumerate(UNITS))
    + r")(?!\p{L})[^;:(),%]*?\blà\s*:?\s*$",
    regex.I,
)
_PHRASE_END = regex.compile(r"\s*(?:[,;.)(]|$)")


def _subject_unit_figures(text: str, bare: list[tuple[int, int]], s0: int, s1: int) -> list[Figure]:
    out: list[Figure] = []
    for a, b in bare:
        if not _PHRASE_END.match(text[b:s1]):
            continue
        m = _SUBJECT_UNIT.search(text, s0, a)
        if not m or m.end() != a:
            continue
        i = next(i for i in range(len(UNITS)) if m.group(f"u{i}"))
        _, unit, cls = UNITS[i]
        if cls in ("agency", "person"):
            continue  # "số cơ quan … là 14", "số người là 5": too often a label or a list position
        out.append(Figure(a, a, b, b, unit, cls, "", flags=["unit_from_subject"]))
    return out


# "xếp thứ 12/34", "đứng thứ hạng 5/63": a rank out of a number of units (the only ratio taken).
_RANK = regex.compile(
    r"(?<!\p{L})(?:xếp|đứng)\s+(?:thứ\s+(?:hạng\s+)?|hạng\s+(?:thứ\s+)?)"
    r"(?P<n>\d{1,3})\s*/\s*(?P<m>\d{1,3})(?![\p{N}/]|[.,]\p{N})",
    regex.I,
)


# A rank is only taken when its sentence names the index it ranks in (a rank cue of
# measure_cues.csv before it): "Cổng thông tin đứng thứ 9/63" is a portal ranking, not an index figure.
_RANK_INDEX = regex.compile("|".join(f"(?:{c.cue})" for c in measure_cues() if "rank" in c.classes), regex.I)


def _rank_figures(text: str, s0: int, s1: int) -> list[Figure]:
    out = []
    for m in _RANK.finditer(text, s0, s1):
        if not _RANK_INDEX.search(text, s0, m.start()):
            continue
        n, total = int(m.group("n")), int(m.group("m"))
        f = Figure(m.start("n"), m.start("n"), m.end("n"), m.end("m"), "hạng", "rank", "", out_of=float(total))
        if not 0 < n <= total:
            f.flags.append("rank_out_of_range")
        out.append(f)
    return out


# "39/45 nhiệm vụ", "9.548/9.976 biên chế": a count out of a total, the unit after the total
_PART = regex.compile(rf"(?<![\p{{L}}\p{{N}}.,/:\-–&])(?P<n>{_NUM})/(?P<m>{_NUM})(?![\p{{N}}/:\p{{L}}]|[.,]\p{{N}})")


def _part_figures(text: str, s0: int, s1: int, found: list[Figure]) -> list[Figure]:
    taken = [(f.num_start, f.end) for f in found]
    out = []
    for m in _PART.finditer(text, s0, s1):
        if any(a < m.end() and m.start() < b for a, b in taken) or _LABEL_BEFORE.found(text[s0 : m.start()]):
            continue
        unit = unit_at(text[:s1], m.end())
        if unit is None or unit[2] in ("percent", "money", "income"):
            continue  # "23/10" (a date), "32/45%": not a count of a total
        total = parse_number(m.group("m"), unit="số lượng").value
        part = parse_number(m.group("n"), unit=None if unit[2] == "score" else "số lượng").value
        if total is None or part is None or not 0 <= part <= total:
            continue  # "45/39 nhiệm vụ" is no part of a total: a reference, left alone
        # "12,15/15 điểm" is a score out of its maximum, "39/45 nhiệm vụ" a count out of a total
        kind = "score_of_max" if unit[2] == "score" else "part_of_total"
        f = Figure(m.start(), m.start("n"), m.end("n"), unit[0], unit[1], unit[2], "", flags=[kind], out_of=total)
        out.append(f)
    return out


def parse_value(text: str, f: Figure) -> None:
    if f.spelled:
        parsed = parse_number(f"{text[f.start : f.num_end]} {f.spelled}")
    elif f.cls in ("percent", "money", "income"):
        parsed = parse_number(text[f.start : f.end])
    elif f.cls == "score" and f.out_of:  # "10,564/15 điểm": its maximum rules out "10564"
        parsed = parse_number(text[f.num_start : f.num_end], maximum=f.out_of)
    else:
        # Counts are whole numbers: a "." before 3 digits groups thousands.
        parsed = parse_number(text[f.start : f.num_end], unit="số lượng")
    f.value = parsed.value
    f.parse_flags = parsed.flags
    f.parse_conf = parsed.confidence
