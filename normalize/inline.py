"""Figures written in the prose of a report ("đã tiếp nhận 61.294 hồ sơ").

Appendix tables carry the official indicators; the prose carries many more, and
often the only ones for a district or a department. This module reads them with
rules, trading recall for precision: a figure is only taken when a unit word
(or a percent sign, or a money amount) follows the number, and every reading
that is a guess leaves a flag.

Steps, all pure functions of the paragraphs:

1. Lines are joined into blocks. PDF text wraps a sentence over several lines
   and each line arrives as its own paragraph: a line that does not end a
   sentence continues on the next one, unless that one starts a list item
   ("a)", "-", "+", "2.", "III."). A next line starting with a capital only
   continues a line that fills the page width (a short line ending without a
   full stop is a heading). Bare page numbers are dropped.
2. Only the result sections are read: from a roman heading whose title says
   "Kết quả" to the next roman heading (tasks for the next period are not
   results). Without such a heading the whole body is read up to a heading on
   tasks/directions. Reading always stops at "Nơi nhận" and at the appendix.
3. Figures: a number, not glued to a slash, colon or letters (legal references,
   dates, ratios "9/63", "24/24 giờ", "9001:2015"), not right after a word that
   makes it a label ("năm 2019", "Đề án 06", "mức độ 3, 4", "số 13"), followed
   by "%", a money amount ("21,1 tỷ đồng") or a unit of :data:`UNITS`. Time
   words and titles are no units ("08 năm", "02 Trưởng phòng"). Numbers of a
   list that share the unit of the last one ("tạo mới 70, khôi phục 6 và hủy 31
   thư điện tử") take that unit and the ``unit_shared`` flag. Targets ("mục
   tiêu … là 100% …") are not results and are dropped.
4. Measure (:data:`MEASURES`): from rate/count links first ("…, chiếm 98,96%" is
   the rate of the count before it; "đạt 99,8% với 14.390 lượt" the count behind
   the rate), then from keywords of the figure's unit class, nearest first: the
   words before it back to the previous figure or comma, the words right after
   it (first for a percent: "98% hồ sơ đúng hạn"), then the rest of the clause
   (after the last ";", or inside its parenthesis). Specific keywords (channel:
   "trực tuyến", "bưu điện", "tại chỗ"; kind of change: "sửa đổi", "bãi bỏ")
   beat generic ones. An item of a short list with no keyword of its own takes
   the measure of the item before ("Sở Tư pháp đạt 95%; Sở Xây dựng 91,8%").
   "giảm 8,9% tin, bài" is a change measure (:data:`CHANGE_SUFFIXES`). Without a
   keyword the measure stays empty and flagged.
5. Scope (:data:`SCOPES`): a department named right before the figure ("Sở Tư
   pháp đạt 95%"), a unit named right after it ("1.063 hồ sơ TTHC liên thông về
   Văn phòng UBND tỉnh"), the nearest scope phrase earlier in the block, the
   nearest enclosing heading, then - for one-stop measures - the previous
   sibling item, and for the office's own work (staff, news, PAKN) the unit
   that signs the report. A figure repeated elsewhere with a firmer scope takes
   that one (summary figures are restated).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Sequence

import regex

from extract.model import Paragraph
from normalize.numbers import parse_number
from normalize.tokens import NUMBER_GROUPED, PAGE_NUMBER_PROSE, ROMAN_SHORT
from schemas.load import (
    alternation, flag_factor, flags, furniture, measure_cues, measures, qualifiers, scopes, units,
)

__all__ = [
    "CHANGE_SUFFIXES",
    "DEPARTMENTS",
    "FLAGS",
    "InlineFigure",
    "MEASURES",
    "QUALIFIERS",
    "SCOPES",
    "UNITS",
    "extract_inline",
    "measure_meaning",
]

# ------------------------------------------------------------------ vocabulary

# The vocabulary is data in schemas/ (see schemas/README.md): measures.csv, measure_cues.csv,
# units.csv, scopes.csv, qualifiers.csv, furniture.csv.
_MEASURES = measures()
MEASURES: dict[str, str] = {slug: m.meaning for slug, m in _MEASURES.measures.items()}
# A change is written "giảm 8,9% tin, bài": the measure is the base measure plus a suffix.
CHANGE_SUFFIXES: dict[str, str] = dict(_MEASURES.changes)

# Named units have built slugs besides SCOPES: a Land Registration Office branch
# ("vpdkdd_thanh_pho", "vpdkdd_huyen_<name>"), a district named with its People's
# Committee ("huyen_<name>", "thanh_pho_<name>", "xa_<name>", …), a department of DEPARTMENTS.
SCOPES: dict[str, str] = {**scopes().meanings, "": "unknown"}

# Prose qualifier words and the qualifier each one reports ("xấp xỉ" -> "khoảng").
_QUALIFIER_AS: dict[str, str] = {q["word"]: q["prose_as"] for q in qualifiers("prose")}
QUALIFIERS = tuple(dict.fromkeys(_QUALIFIER_AS.values()))

# Meanings and confidence factors are the registry's (schemas/flags.csv, stage "prose").
FLAGS: dict[str, str] = {slug: f.meaning for slug, f in flags(stage="prose").items()}

# (pattern, canonical unit, unit class). Longest first where one is a prefix of another.
UNITS: tuple[tuple[str, str, str], ...] = units().prose

# ------------------------------------------------------------------- public type


@dataclass(frozen=True)
class InlineFigure:
    value: float | None
    value_text: str  # the figure as printed, e.g. "61.294 hồ sơ", "95,1%", "gần 21,1 tỷ đồng"
    unit: str  # canonical unit: "hồ sơ", "%", "đồng", "TTHC", "tin bài", ... (see UNITS)
    measure: str  # a key of MEASURES (or a change suffix of one); "" when unknown
    scope: str  # see SCOPES; "" when unknown
    qualifier: str  # one of QUALIFIERS or ""
    sentence: str  # the whole sentence (provenance)
    span: tuple[int, int]  # character span of value_text within sentence
    line: int | None  # line of the paragraph where the sentence starts
    page: int | None
    flags: tuple[str, ...]  # from parse_number, plus FLAGS
    confidence: float


def measure_meaning(slug: str) -> str | None:
    """Meaning of a measure slug, including change measures ("news_posts_decrease_rate")."""
    if slug in MEASURES:
        return MEASURES[slug]
    for suffix in sorted(CHANGE_SUFFIXES, key=len, reverse=True):
        base = slug[: -len(suffix)]
        if slug.endswith(suffix) and base in MEASURES:
            return CHANGE_SUFFIXES[suffix].format(MEASURES[base])
    return None


# ---------------------------------------------------------------------- blocks


@dataclass(frozen=True)
class _Block:
    text: str
    starts: tuple[tuple[int, int | None, int | None], ...]  # (offset in text, line, page) per joined line
    marker: str  # list-marker kind ("roman", "num1", "alpha", "dash", ...) or ""

    def where(self, offset: int) -> tuple[int | None, int | None]:
        line = page = None
        for start, ln, pg in self.starts:
            if start > offset:
                break
            line, page = ln, pg
        return line, page


_MARKER = regex.compile(
    r"""^(?:
      (?P<roman>[IVX]{1,4}\s*[.\-–/:)]\s)
    | (?P<num>\d{1,2}(?:\.\d{1,2})*[.)]\s)
    | (?P<alpha>[a-zđ]\)\s?)
    | (?P<star>\*+\s?)
    | (?P<dash>[-–—]\s)
    | (?P<plus>\+\s)
    | (?P<bullet>[•●▪◦]\s?)
    )""",
    regex.X,
)
_PAGE_NUMBER = regex.compile(PAGE_NUMBER_PROSE)
_SENTENCE_END = regex.compile(r"[.!?…](?:[\"”’)*\]]*)$")


def _marker_kind(text: str) -> str:
    m = _MARKER.match(text)
    if not m:
        return ""
    kind = m.lastgroup or ""
    if kind == "num":
        return f"num{m.group('num').count('.') or 1}"
    return kind


def _full_width(lengths: list[int]) -> int:
    """Length of a line that fills the page: the upper quartile of line lengths."""
    if not lengths:
        return 0
    ordered = sorted(lengths)
    return ordered[(3 * (len(ordered) - 1)) // 4]


def _continues(prev: str, nxt: str, full: int) -> bool:
    """Does `nxt` carry on the sentence that `prev` leaves unfinished?"""
    if _SENTENCE_END.search(prev) or _MARKER.match(nxt):
        return False
    first = nxt[0]
    if first.islower() or first.isdigit() or first in "(,;:)%":
        return True
    # A capital after a short unfinished line starts a new paragraph (that line was a heading).
    return len(prev) >= 0.8 * full


def _join_lines(paragraphs: Sequence[Paragraph]) -> list[_Block]:
    lines: list[tuple[str, Paragraph]] = []
    for p in paragraphs:
        text = regex.sub(r"\s+", " ", p.text).strip()  # readers hand over NFC text without markup
        if text and not _PAGE_NUMBER.match(text):
            lines.append((text, p))
    full = _full_width([len(t) for t, _ in lines])
    blocks: list[_Block] = []
    parts: list[str] = []
    starts: list[tuple[int, int | None, int | None]] = []

    def flush() -> None:
        if parts:
            text = " ".join(parts)
            blocks.append(_Block(text, tuple(starts), _marker_kind(text)))
        parts.clear()
        starts.clear()

    for text, p in lines:
        if parts and not _continues(parts[-1], text, full):
            flush()
        offset = sum(len(x) + 1 for x in parts)
        starts.append((offset, p.prov.line, p.prov.page))
        parts.append(text)
    flush()
    return blocks


# -------------------------------------------------------------------- sections

_ROMAN_HEADING = regex.compile(rf"^({ROMAN_SHORT})\s*[.\-–/:)]\s*(\S.*)$")
_RESULTS_TITLE = regex.compile(r"kết quả", regex.I)
_TASKS_TITLE = regex.compile(r"phương hướng|nhiệm vụ|kiến nghị|đề xuất|giải pháp", regex.I)
_STOP = regex.compile(rf"^(?:{'|'.join(furniture('recipients') + furniture('appendix'))})\b", regex.I)
_ANNEX_NOTE = regex.compile(rf"^(?:{'|'.join(furniture('annex_note'))})\b", regex.I)


def _is_roman_heading(block: _Block) -> bool:
    return len(block.text) < 250 and bool(_ROMAN_HEADING.match(block.text))


def _result_blocks(blocks: list[_Block]) -> list[_Block]:
    """Blocks of the result sections, headings included, appendix and signature excluded."""
    end = next((i for i, b in enumerate(blocks) if len(b.text) < 250 and _STOP.match(b.text)), len(blocks))
    body = blocks[:end]
    out: list[_Block] = []
    inside = False
    found = False
    for b in body:
        if _is_roman_heading(b):
            inside = bool(_RESULTS_TITLE.search(b.text))
            found = found or inside
        if inside and not _ANNEX_NOTE.match(b.text):
            out.append(b)
    if found:
        return out
    # No result heading: read the body up to the tasks for the next period.
    for i, b in enumerate(body):
        if _is_roman_heading(b) and _TASKS_TITLE.search(b.text):
            return [x for x in body[:i] if not _ANNEX_NOTE.match(x.text)]
    return [x for x in body if not _ANNEX_NOTE.match(x.text)]


def _preamble(blocks: list[_Block]) -> list[_Block]:
    first = next((i for i, b in enumerate(blocks) if _is_roman_heading(b)), min(len(blocks), 12))
    return blocks[:first]


# ------------------------------------------------------------------- sentences

_SENTENCE_BREAK = regex.compile(r"(?<=[.!?…])[\"”’)*]*\s+(?=[\p{Lu}\d\-–+*•(“\"])")


def _sentences(block: _Block) -> list[tuple[int, int]]:
    text = block.text
    marker = _MARKER.match(text)
    skip = marker.end() if marker else 0
    spans, start = [], 0
    for m in _SENTENCE_BREAK.finditer(text):
        if m.start() <= skip:  # "1. Cải cách" is a marker, not a sentence
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


# --------------------------------------------------------------------- figures

_NUM = NUMBER_GROUPED
# Not glued to letters, slashes, colons or dashes: "1231/QĐ-UBND", "9/63", "9001:2015", "05-CT/TW", "VTV8".
_NUMBER = regex.compile(rf"(?<![\p{{L}}\p{{N}}.,/:\-–&])(?:{_NUM})(?![\p{{N}}/:\p{{L}}]|[.,]\p{{N}}|[\-–]\S)")
# Words that make the next number a label, a date or a reference, not a quantity.
_LABEL_BEFORE = regex.compile(
    r"(?:(?:(?<!tổng\s)\bsố|\bngày|\btháng|\bnăm|\bquý|\bgiai đoạn|\bkỳ|\bmức(?: độ)?|\bđề án|\bmục|\bkhoản|"
    r"\bđiểm|\bđiều|\bphiên bản|\bđối tượng|\bkhóa|\bthứ|\bnhóm|\bnghị định|\bnghị quyết|\bthông tư|"
    r"\bchỉ thị|\bquyết định|\bkế hoạch|\bcông văn|\bbáo cáo|\btờ trình|\bthông báo|\bcông điện|"
    r"\bversion|\btiêu chuẩn|\biso|\btcvn|\btầng|\bđiện thoại|\bhotline)\s*"
    # the rest of a list or range of labels: "mức độ 3, 4", "khoản 1, 2", "giai đoạn 2021 - 2025"
    r"|\b(?:mức(?: độ)?|khoản|điểm|điều|mục|chương|phần)\s+\d+(?:\s*(?:,|và)\s*\d+)*\s*(?:,|và)\s*"
    r"|\b(?:năm|giai đoạn|kỳ|nhiệm kỳ|từ)\s+\d{4}\s*[-–]\s*)$",
    regex.I,
)
_QUALIFIER_ALT = alternation(list(_QUALIFIER_AS))
_QUALIFIER_BEFORE = regex.compile(rf"(?:(?:{_QUALIFIER_ALT})\s+)+$", regex.I)
_PERCENT_AFTER = regex.compile(r"^\s?%")
_MONEY_AFTER = regex.compile(
    rf"^\s+(?:(?:{'|'.join(units().magnitudes)})\s+)?(?:(?:{'|'.join(units().currency)})(?!\s*chí))"  # not "đồng chí"
    rf"(?P<per>(?:/(?:{'|'.join(units().per)}))*)(?!\p{{L}})",  # "450.000 đồng/người/tháng"
    regex.I,
)
_UNIT_AFTER = [(regex.compile(rf"^\s+(?:{pat})(?!\p{{L}})", regex.I), unit, cls) for pat, unit, cls in UNITS]
_SHARED_LINK = regex.compile(r"^\s*(?:,|và)\s+(?:\p{Ll}+\s+){1,3}$")


@dataclass
class _Figure:
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


def _unit_at(text: str, pos: int) -> tuple[int, str, str] | None:
    """(end, canonical unit, class) of the unit written at `pos`, if any."""
    m = _PERCENT_AFTER.match(text[pos:])
    if m:
        return pos + m.end(), "%", "percent"
    m = _MONEY_AFTER.match(text[pos:])
    if m:
        per = m.group("per").lower()
        return pos + m.end(), "đồng" + per, "income" if per else "money"
    for rx, unit, cls in _UNIT_AFTER:
        m = rx.match(text[pos:])
        if m:
            return pos + m.end(), unit, cls
    return None


def _qualifier(text: str) -> str:
    words = regex.findall(_QUALIFIER_ALT, text.casefold())
    return _QUALIFIER_AS[words[-1]] if words else ""  # the word nearest the number bounds it


def _find_figures(text: str, sentence: tuple[int, int]) -> list[_Figure]:
    s0, s1 = sentence
    figures: list[_Figure] = []
    bare: list[tuple[int, int]] = []
    for m in _NUMBER.finditer(text, s0, s1):
        before = text[s0 : m.start()]
        if _LABEL_BEFORE.search(before):
            continue
        unit = _unit_at(text[:s1], m.end())
        if unit is None:
            bare.append((m.start(), m.end()))
            continue
        q = _QUALIFIER_BEFORE.search(before)
        start = s0 + q.start() if q else m.start()
        figures.append(_Figure(start, m.start(), m.end(), unit[0], unit[1], unit[2], text[start : m.start()]))
    figures.extend(_shared_unit_figures(text, bare, figures))
    figures.sort(key=lambda f: f.start)
    for f in figures:
        f.sentence = sentence
    return figures


def _shared_unit_figures(text: str, bare: list[tuple[int, int]], figures: list[_Figure]) -> list[_Figure]:
    """'tạo mới 70, khôi phục 6 và hủy 31 thư điện tử': 70 and 6 share the unit of 31."""
    out: list[_Figure] = []
    anchors = {f.num_start: f for f in figures}
    for a, b in reversed(bare):
        nxt = min((s for s in anchors if s > b), default=None)
        if nxt is None or not _SHARED_LINK.match(text[b:nxt]):
            continue
        if not regex.search(r"\p{Ll}\s+$", text[max(0, a - 20) : a]):
            continue  # the number must follow a verb, as its partners do
        ref = anchors[nxt]
        if ref.cls in ("percent", "money", "income"):
            continue
        f = _Figure(a, a, b, b, ref.unit, ref.cls, "", flags=["unit_shared"])
        anchors[a] = f
        out.append(f)
    return out


def _parse_value(text: str, f: _Figure) -> None:
    if f.cls in ("percent", "money", "income"):
        parsed = parse_number(text[f.start : f.end])
    else:
        # Counts are whole numbers: a "." before 3 digits groups thousands.
        parsed = parse_number(text[f.start : f.num_end], unit="số lượng")
    f.value = parsed.value
    f.parse_flags = parsed.flags
    f.parse_conf = parsed.confidence


# -------------------------------------------------------------------- measures


@dataclass(frozen=True)
class _Rule:
    measure: str
    classes: frozenset[str]
    pattern: regex.Pattern[str]
    priority: int = 1  # specific keywords (channel, kind of change) beat generic ones
    units: frozenset[str] = frozenset()  # restrict to these canonical units when set
    requires: regex.Pattern[str] | None = None  # must occur in the figure's own words (before and after it)
    excludes: regex.Pattern[str] | None = None  # must not occur there


def _rule(
    measure: str, classes: str, pattern: str, priority: int = 1, units: str = "", requires: str = "", excludes: str = ""
) -> _Rule:
    return _Rule(
        measure,
        frozenset(classes.split()),
        regex.compile(pattern, regex.I),
        priority,
        frozenset(u for u in units.split("|") if u),
        regex.compile(requires, regex.I) if requires else None,
        regex.compile(excludes, regex.I) if excludes else None,
    )


# Cue words per measure (schemas/measure_cues.csv), in file order.
_RULES: tuple[_Rule, ...] = tuple(
    _rule(c.measure, " ".join(c.classes), c.cue, c.priority, "|".join(c.units), c.requires, c.excludes)
    for c in measure_cues()
)

# The measure a unit class (or unit) implies when no keyword says more.
_CLASS_DEFAULT: dict[str, str] = {}
_EVENT_DEFAULT: dict[str, str] = {}
for _m in _MEASURES.measures.values():
    for _d in _m.default_for:
        _kind, _, _key = _d.partition(":")
        (_CLASS_DEFAULT if _kind == "class" else _EVENT_DEFAULT)[_key] = _m.slug
# "…, chiếm 98,96%": the rate of the count just before.
_RATE_OF = {m.rate_of: m.slug for m in _MEASURES.measures.values() if m.rate_of}
# "đạt 99,8% với 14.390 lượt": the count behind the rate (or amount) just before.
_COUNT_OF = {m.count_of: m.slug for m in _MEASURES.measures.values() if m.count_of}
_ONE_STOP = frozenset(m.slug for m in _MEASURES.measures.values() if m.one_stop)
_OFFICE_WORK = frozenset(m.slug for m in _MEASURES.measures.values() if m.office)


def _base_measure(slug: str) -> str:
    """'news_posts_decrease_rate' -> 'news_posts'."""
    if slug in MEASURES:
        return slug
    for suffix in sorted(CHANGE_SUFFIXES, key=len, reverse=True):
        if slug.endswith(suffix) and slug[: -len(suffix)] in MEASURES:
            return slug[: -len(suffix)]
    return slug


_BREAK = regex.compile(r"[;]")
_CLAUSE_END = regex.compile(r"[,;()]")
_WITH = regex.compile(r"\bvới(?:\s+tổng\s+số)?\s*$", regex.I)
_SHARE = regex.compile(r"\bchiếm(?:\s+tỷ\s+lệ)?\s*:?\s*$", regex.I)
_CHANGE = regex.compile(r"\b(giảm|tăng)(?:\s+được)?\s*$", regex.I)
_POSTAL_SUBMITTED = regex.compile(r"nộp(?: hồ sơ)? qua (?:đường )?bưu (?:điện|chính)", regex.I)
_RESULT_RETURNED = regex.compile(r"trả kết quả|nhận kết quả", regex.I)


def _open_paren(text: str, lo: int, hi: int) -> int | None:
    """Start of a parenthesis open at `hi` (searching back to `lo`), if any."""
    depth = 0
    for i in range(hi - 1, lo - 1, -1):
        if text[i] == ")":
            depth += 1
        elif text[i] == "(":
            if depth == 0:
                return i
            depth -= 1
    return None


@dataclass(frozen=True)
class _Windows:
    pre: str  # same clause, after the previous figure
    near_post: str  # right after the unit, up to the next number or clause end
    post: str  # right after the unit, up to the clause end
    extended: str  # the clause (after the last ";", or the parenthesis) up to the figure
    prev: _Figure | None  # previous figure of the same clause
    after_figure: bool  # `pre` starts right after the previous figure: its words may describe that one
    parent: _Figure | None  # figure just before the parenthesis that holds this one
    listed_after: _Figure | None  # previous figure of the sentence when it closes a short list item


_LIST_GAP = 80  # "…đạt 100%; Sở Công Thương đạt 97%": list items are short


def _windows(text: str, figs: list[_Figure], i: int) -> _Windows:
    f = figs[i]
    s0, s1 = f.sentence
    # Inside "(…)" the words outside speak of the figure before the parenthesis.
    paren = _open_paren(text, s0, f.start)
    lo = s0 if paren is None else paren + 1
    brk = [m.end() for m in _BREAK.finditer(text, lo, f.start)]
    if brk:
        lo = brk[-1]
    prev = figs[i - 1] if i > 0 and figs[i - 1].sentence == f.sentence else None
    prev_in_clause = prev if prev is not None and prev.end <= f.start and prev.start >= lo else None
    start = lo
    after_figure = False
    if prev_in_clause is not None:
        # "08 TTHC thay thế, 02 TTHC được bãi bỏ": the words after a comma belong to the next figure.
        cut = [m.end() for m in _CLAUSE_END.finditer(text, prev_in_clause.end, f.start)]
        start = max(start, cut[-1] if cut else prev_in_clause.end)
        after_figure = not cut
    parent = None
    if paren is not None:
        before = [g for g in figs[:i] if g.sentence == f.sentence and g.end <= paren]
        parent = before[-1] if before else None
    post_end = _CLAUSE_END.search(text, f.end, s1)
    post = text[f.end : post_end.start() if post_end else s1]
    nxt = _NUMBER.search(post)
    near_post = post[: nxt.start()] if nxt else post
    listed = prev if prev is not None and paren is None and f.start - prev.end <= _LIST_GAP else None
    return _Windows(
        pre=text[start : f.start],
        near_post=near_post,
        post=post,
        extended=text[lo : f.start],
        prev=prev_in_clause,
        after_figure=after_figure,
        parent=parent,
        listed_after=listed,
    )


def _nearest(rules: list[_Rule], window: str, *, last: bool) -> str | None:
    """The rule whose keyword is nearest the figure: last match before it, first after it."""
    best: tuple[int, int, str] | None = None
    for r in rules:
        matches = list(r.pattern.finditer(window))
        if not matches:
            continue
        m = matches[-1] if last else matches[0]
        key = (m.end(), -m.start()) if last else (-m.start(), m.end())
        if best is None or key > best[:2]:
            best = (key[0], key[1], r.measure)
    return best[2] if best else None


def _applicable(f: _Figure, cls: str, w: _Windows) -> list[_Rule]:
    own = w.pre + " " + w.near_post  # the figure's own noun phrase, not its neighbours'
    return [
        r
        for r in _RULES
        if cls in r.classes
        and (not r.units or f.unit in r.units)
        and (r.requires is None or r.requires.search(own))
        and (r.excludes is None or not r.excludes.search(own))
    ]


def _keyword_measure(f: _Figure, w: _Windows) -> str | None:
    cls = "pakn" if f.cls == "case" and regex.match(r"\s*(?:phản ánh|kiến nghị)", w.post, regex.I) else f.cls
    rules = _applicable(f, cls, w)
    # "98% TTHC được giải quyết đúng hạn": after a percent the noun phrase says what it measures;
    # "357 DVC toàn trình trên tổng số 361 dịch vụ đủ điều kiện": so it does when the words before
    # the figure still describe the previous one.
    order = (
        ((w.near_post, False), (w.pre, True), (w.post, False))
        if cls == "percent" or w.after_figure
        else ((w.pre, True), (w.near_post, False), (w.post, False))
    )
    for prio in sorted({r.priority for r in rules}, reverse=True):
        level = [r for r in rules if r.priority == prio]
        for window, last in order:
            found = _nearest(level, window, last=last)
            if found:
                return found
    return _nearest(rules, w.extended, last=True)


def _refine(measure: str, f: _Figure, w: _Windows) -> str:
    """Variants a keyword alone cannot tell apart."""
    if measure == "postal" and _POSTAL_SUBMITTED.search(w.pre + w.post) and not _RESULT_RETURNED.search(w.pre + w.post):
        return "postal_submitted"
    if f.cls == "dossier" and regex.search(r"(?:trong|quá) hạn\s*:?\s*$", w.pre, regex.I):
        pending_parent = w.parent is not None and w.parent.measure == "pending"
        if regex.search(r"trong hạn\s*:?\s*$", w.pre, regex.I):
            return "pending_in_time" if pending_parent else "ontime_or_early"
        return "pending_overdue" if pending_parent else "late"
    if measure in ("staff_quota", "staff_actual") and regex.match(
        r"\s*(?:làm việc|sự nghiệp)|\s*\S*\s*(?:tại|trong) đơn vị sự nghiệp", w.near_post, regex.I
    ):
        return measure + "_public_service"
    return measure


def _change_measure(f: _Figure, w: _Windows, figs: list[_Figure], i: int, text: str) -> str | None:
    """'giảm gần 2000 văn bản', 'giảm 8,9% tin, bài': a change of a base measure, "" when the base is unknown."""
    m = _CHANGE.search(w.pre)
    if not m:
        return None
    direction = "_decrease" if m.group(1).casefold() == "giảm" else "_increase"
    if f.cls == "percent":
        after = _unit_at(text, f.end)  # the noun after the percent names what changed
        base = _CLASS_DEFAULT.get(after[2], "") if after else ""
        return f"{base}{direction}_rate" if base else ""
    # A count change restates a level given just before in the same sentence.
    same = [g for g in figs[:i] if g.sentence == f.sentence and g.unit == f.unit]
    base = same[-1].measure if same else ""
    if not base or base.endswith(tuple(CHANGE_SUFFIXES)) or _CHANGE.search(text[same[-1].sentence[0] : same[-1].start]):
        return ""
    return f"{base}{direction}"


_TARGET = regex.compile(r"mục tiêu|phấn đấu|chỉ tiêu (?:đề ra|phấn đấu)", regex.I)


def _is_target(w: _Windows) -> bool:
    """'mục tiêu … là 100% TTHC …': a target is not a result."""
    return bool(_TARGET.search(w.extended))


def _measure(text: str, figs: list[_Figure], i: int) -> str:
    f = figs[i]
    w = _windows(text, figs, i)
    if w.prev is not None and f.cls == "percent" and _SHARE.search(w.pre) and w.prev.measure in _RATE_OF:
        return _RATE_OF[w.prev.measure]
    if w.prev is not None and _WITH.search(w.pre) and w.prev.measure in _COUNT_OF:
        return _COUNT_OF[w.prev.measure]
    change = _change_measure(f, w, figs, i, text)
    if change is not None:
        return change
    found = _keyword_measure(f, w)
    if found:
        return _refine(found, f, w)
    # "Sở Tư pháp đạt 95%; Sở Xây dựng đạt 91,8%": a list item takes the measure of the item before.
    if w.listed_after is not None and w.listed_after.unit == f.unit and w.listed_after.measure:
        return w.listed_after.measure
    if f.cls == "event":
        return _EVENT_DEFAULT.get(f.unit, "")
    return _CLASS_DEFAULT.get(f.cls, "")


# ---------------------------------------------------------------------- scopes


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    slug: str
    kind: str  # "place" (a level of government) or "unit" (a named body)


_PLACE_PATTERNS: tuple[tuple[str, str], ...] = scopes().places
_PLACES = [(regex.compile(p, regex.I), slug) for p, slug in _PLACE_PATTERNS]
_VPDKDD = regex.compile(
    r"Văn phòng (?:ĐKĐĐ|Đăng ký đất đai)\s*[-–]\s*Chi nhánh\s+(thành phố|thị xã|huyện)"
    r"((?:\s+(?-i:\p{Lu})\p{L}*)*)",
    regex.I,
)
# "Văn phòng UBND tỉnh", or "Văn phòng" alone once named; not another body's office ("Văn phòng
# Sở …", "Văn phòng Đăng ký đất đai", "Văn phòng HĐND"), not a title ("Chánh Văn phòng"), not
# the software ("Văn phòng điện tử").
_OFFICE = regex.compile(
    r"(?<!Chánh\s)(?<!Trưởng\s)Văn\s+(?-i:[Pp])hòng"
    r"(?:\s+(?:UBND|Ủy ban nhân dân)\s+tỉnh\b|(?!\s+(?:(?-i:\p{Lu})|điện tử)))",
    regex.I,
)
# A district or commune named with its People's Committee: "UBND huyện Mộ Đức", "UBND xã Phước Lâm".
_LOCAL = regex.compile(
    r"(?:UBND|Ủy ban nhân dân)\s+(huyện|thị xã|thành phố|xã|phường|thị trấn)"
    r"\s+((?-i:\p{Lu})\p{L}*(?:\s+(?-i:\p{Lu})\p{L}*)*)",
    regex.I,
)
_SO_NGANH = regex.compile(r"(?:các\s+)?sở\s*,\s*(?:ban\s*,?\s*)?ngành", regex.I)
_CLAUSE_START = regex.compile(r"(?:^|[;:,(]|^\s*(?:[-+*•–]|[a-zđ]\)|\d+\.))\s*$")

# Provincial departments, written with or without "Sở" in lists ("các Sở: Tư pháp 95%; Xây dựng 91,8%").
DEPARTMENTS: tuple[tuple[str, str], ...] = scopes().departments
# A department is the scope only when named right before the figure, at the start of a clause;
# without "Sở" only for a percent (lists of rates), since "Xây dựng", "Tư pháp" are also plain words.
_DEPT_NAMES = "|".join(f"(?P<d{i}>(?=(?-i:\\p{{Lu}})){p})" for i, (p, _) in enumerate(DEPARTMENTS))
_DEPT_BEFORE = regex.compile(
    rf"(?:^|[;:,])\s*(?:các\s+)?(?P<so>Sở\s*:?\s*)?(?:{_DEPT_NAMES})\s*(?:đạt|là|có)?\s*:?\s*$",
    regex.I,
)
_TRAILING_SCOPE = regex.compile(r"^\s+(?:[\p{L}]+\s+){0,3}?(?:về|tại|của)\s+$", regex.I)


def _ascii_slug(text: str) -> str:
    s = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn").lower()
    return regex.sub(r"[^a-z0-9]+", "_", s).strip("_")


def _scope_hits(text: str) -> list[_Hit]:
    """Scope phrases of a block, in order, after merging and dropping locations of named units."""
    hits: list[_Hit] = []
    for rx, slug in _PLACES:
        hits += [_Hit(m.start(), m.end(), slug, "place") for m in rx.finditer(text)]
    for m in _VPDKDD.finditer(text):
        kind, name = _ascii_slug(m.group(1)), _ascii_slug(m.group(2) or "")
        slug = f"vpdkdd_{kind}" if kind == "thanh_pho" or not name else f"vpdkdd_{kind}_{name}"
        hits.append(_Hit(m.start(), m.end(), slug, "unit"))
    hits += [_Hit(m.start(), m.end(), "vp_ubnd_tinh", "unit") for m in _OFFICE.finditer(text)]
    hits += [
        _Hit(m.start(), m.end(), f"{_ascii_slug(m.group(1))}_{_ascii_slug(m.group(2))}", "unit")
        for m in _LOCAL.finditer(text)
    ]
    hits += [
        _Hit(m.start(), m.end(), "so_nganh", "unit")
        for m in _SO_NGANH.finditer(text)
        if _CLAUSE_START.search(text[: m.start()])  # only as the subject, not "của các sở, ban ngành"
    ]
    hits = _drop_overlaps(sorted(hits, key=lambda h: (h.start, -(h.end - h.start))))
    return _drop_unit_locations(_merge_levels(text, hits), text)


def _drop_overlaps(hits: list[_Hit]) -> list[_Hit]:
    out: list[_Hit] = []
    for h in hits:
        if out and h.start < out[-1].end:
            continue
        out.append(h)
    return out


def _merge_levels(text: str, hits: list[_Hit]) -> list[_Hit]:
    """'tại Trung tâm và một số huyện…', 'cấp huyện, cấp xã': several levels together."""
    out: list[_Hit] = []
    for h in hits:
        if (
            out
            and out[-1].kind == "place"
            and h.kind == "place"
            and out[-1].slug != h.slug
            and regex.fullmatch(r"\s*(?:,|và|cùng)?\s*(?:và\s+)?(?:một số\s+|các\s+)?", text[out[-1].end : h.start])
        ):
            out[-1] = _Hit(out[-1].start, h.end, "province", "place")
            continue
        out.append(h)
    return out


def _drop_unit_locations(hits: list[_Hit], text: str) -> list[_Hit]:
    """'Văn phòng ĐKĐĐ … tại Trung tâm': the centre is where the unit works, not the scope."""
    out: list[_Hit] = []
    for h in hits:
        prev_unit = next((u for u in reversed(out) if u.kind == "unit"), None)
        if (
            h.kind == "place"
            and prev_unit is not None
            and regex.search(r"\btại\s+$", text[max(0, h.start - 8) : h.start], regex.I)
            and h.start - prev_unit.end < 150
            and not regex.search(r"[;.]", text[prev_unit.end : h.start])
        ):
            continue
        out.append(h)
    return out


@dataclass
class _Context:
    hits: list[_Hit]
    sentences: list[tuple[int, int]]
    ancestors: list[list[_Hit]]  # nearest first
    sibling: list[_Hit]  # previous item of the same list under the same heading
    reporter: str


def _department_before(text: str, f: _Figure) -> str | None:
    m = _DEPT_BEFORE.search(text[f.sentence[0] : f.start])
    if not m or not (m.group("so") or f.cls == "percent"):
        return None
    for i, (_, slug) in enumerate(DEPARTMENTS):
        if m.group(f"d{i}"):
            return slug
    return None


def _trailing_scope(text: str, f: _Figure, hits: list[_Hit]) -> str | None:
    """'252 TTHC cấp huyện', '1.063 hồ sơ TTHC liên thông về Văn phòng UBND tỉnh'."""
    for h in hits:
        if h.start < f.end:
            continue
        gap = text[f.end : h.start]
        if not gap.strip() or (h.kind == "unit" and _TRAILING_SCOPE.match(gap)):
            return h.slug
        return None
    return None


def _usable_before(f: _Figure, ctx: _Context) -> list[_Hit]:
    """Scope phrases before the figure in its block. An earlier sentence that compares several
    scopes ("Ở cấp huyện đạt 98,17%; ở cấp xã đạt 99,26%.") says nothing about the next one."""
    s0 = f.sentence[0]
    here = [h for h in ctx.hits if s0 <= h.start and h.end <= f.start]
    if here:
        return here
    earlier = [h for h in ctx.hits if h.end <= s0]
    if not earlier:
        return []
    last_sentence = next((a, b) for a, b in reversed(ctx.sentences) if a <= earlier[-1].start < b)
    slugs = {h.slug for h in earlier if last_sentence[0] <= h.start < last_sentence[1]}
    return earlier if len(slugs) == 1 else []


# Scope ranks: how firmly the scope was read (used to prefer the firmer of two restatements).
_RANK_NEAR, _RANK_HEADING, _RANK_FAR, _RANK_CARRIED, _RANK_DEFAULT = 4, 3, 2, 1, 0
_NEAR = 200


def _scope(text: str, f: _Figure, ctx: _Context) -> tuple[str, int, list[str]]:
    dept = _department_before(text, f)
    if dept:
        return dept, _RANK_NEAR, []
    trailing = _trailing_scope(text, f, ctx.hits)
    if trailing:
        return trailing, _RANK_NEAR, []
    before = _usable_before(f, ctx)
    if before:
        h = before[-1]
        if f.start - h.end <= _NEAR:
            return h.slug, _RANK_NEAR, []
        return h.slug, _RANK_FAR, ["scope_far"]
    for hits in ctx.ancestors:
        if hits:
            return hits[-1].slug, _RANK_HEADING, []
    if f.measure in _ONE_STOP and ctx.sibling:
        return ctx.sibling[-1].slug, _RANK_CARRIED, ["scope_carried"]
    if _base_measure(f.measure) in _OFFICE_WORK and ctx.reporter:
        return ctx.reporter, _RANK_DEFAULT, ["scope_default"]
    return "", _RANK_DEFAULT, ["scope_unknown"]


_DEPT_WITH_SO = regex.compile(
    r"\bSở\s+(?:" + "|".join(f"(?P<d{i}>{p})" for i, (p, _) in enumerate(DEPARTMENTS)) + ")", regex.I
)
_PROVINCE_COMMITTEE = regex.compile(r"(?:UBND|Ủy ban nhân dân)\s+tỉnh\b", regex.I)


def _reporter(blocks: list[_Block]) -> str:
    """The unit that signs the report: the named body just before '… báo cáo' in the preamble."""
    for b in _preamble(blocks):
        # the verb of the signing unit, not "về việc báo cáo", "chế độ báo cáo"
        for m in regex.finditer(r"(?<!việc\s)(?<!độ\s)(?<!kỳ\s)\bbáo cáo\b", b.text):
            lo = max(0, m.start() - 250)
            units = [h for h in _scope_hits(b.text) if lo <= h.start < m.start() and h.kind == "unit"]
            found = [(h.start, h.slug) for h in units]
            for d in _DEPT_WITH_SO.finditer(b.text, lo, m.start()):
                found += [(d.start(), slug) for i, (_, slug) in enumerate(DEPARTMENTS) if d.group(f"d{i}")]
            found += [
                (p.start(), "province")
                for p in _PROVINCE_COMMITTEE.finditer(b.text, lo, m.start())
                if not any(h.start <= p.start() < h.end for h in units)  # "Văn phòng UBND tỉnh" is the office
                and not regex.match(r"\s*(?:\p{Lu}|về|ngày)", b.text[p.end() : p.end() + 6])  # "của UBND tỉnh X về"
            ]
            if found:
                return max(found)[1]
    return ""


# ----------------------------------------------------------------------- driver


@dataclass
class _Frame:
    kind: str
    hits: list[_Hit]
    last_child: dict[str, list[_Hit]] = field(default_factory=dict)  # marker kind -> hits of the last item


def _contexts(blocks: list[_Block], reporter: str) -> list[_Context]:
    """Per block: its scope phrases, those of the enclosing headings and of the previous sibling."""
    stack: list[_Frame] = []
    root = _Frame("", [])
    out: list[_Context] = []
    for b in blocks:
        hits = _scope_hits(b.text)
        kind = "roman" if _is_roman_heading(b) else b.marker
        if kind == "roman":
            stack = []
        elif kind and any(fr.kind == kind for fr in stack):
            while stack and stack[-1].kind != kind:
                stack.pop()
            stack.pop()
        parent = stack[-1] if stack else root
        sibling = parent.last_child.get(kind, []) if kind else []
        out.append(_Context(hits, _sentences(b), [fr.hits for fr in reversed(stack)], sibling, reporter))
        if kind:
            parent.last_child[kind] = hits
            stack.append(_Frame(kind, hits))
    return out


def extract_inline(paragraphs: Sequence[Paragraph]) -> list[InlineFigure]:
    """Figures with unit, measure and scope from the result sections of a report's prose."""
    blocks = _join_lines(paragraphs)
    results = _result_blocks(blocks)
    contexts = _contexts(results, _reporter(blocks))
    found: list[tuple[_Block, _Figure]] = []
    for block, ctx in zip(results, contexts):
        for sentence in _sentences(block):
            figs = _find_figures(block.text, sentence)
            targets = {id(f) for i, f in enumerate(figs) if _is_target(_windows(block.text, figs, i))}
            for i, f in enumerate(figs):
                _parse_value(block.text, f)
                f.measure = _measure(block.text, figs, i)
                if not f.measure:
                    f.flags.append("measure_unknown")
                f.scope, f.scope_rank, scope_flags = _scope(block.text, f, ctx)
                f.flags.extend(scope_flags)
            found.extend((block, f) for f in figs if f.value is not None and id(f) not in targets)
    _scope_from_duplicates([f for _, f in found])
    return [_to_public(block, f) for block, f in found]


def _scope_from_duplicates(figs: list[_Figure]) -> None:
    """A large figure restated elsewhere keeps the firmer of the two scopes."""
    for f in figs:
        if f.scope_rank >= _RANK_HEADING or f.value is None or f.value < 100 or f.cls == "percent":
            continue  # small counts and percents repeat by chance
        twins = [
            g
            for g in figs
            if g is not f and g.value == f.value and g.unit == f.unit and g.measure == f.measure and g.scope
            and g.scope_rank >= _RANK_HEADING
        ]
        if twins:
            f.scope = twins[0].scope
            f.flags = [x for x in f.flags if not x.startswith("scope_")] + ["scope_from_duplicate"]


def _to_public(block: _Block, f: _Figure) -> InlineFigure:
    s0, s1 = f.sentence
    raw = block.text[s0:s1]
    lead = len(raw) - len(raw.lstrip())
    sentence = raw.strip()
    base = s0 + lead
    line, page = block.where(base)
    flags = tuple(dict.fromkeys(f.parse_flags + tuple(f.flags)))
    confidence = f.parse_conf
    for fl in f.flags:
        confidence *= flag_factor(fl)
    return InlineFigure(
        value=f.value,
        value_text=block.text[f.start : f.end],
        unit=f.unit,
        measure=f.measure,
        scope=f.scope,
        qualifier=_qualifier(f.qualifier_text),
        sentence=sentence,
        span=(f.start - base, f.end - base),
        line=line,
        page=page,
        flags=flags,
        confidence=round(confidence, 4),
    )
