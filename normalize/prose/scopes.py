"""Whose figure it is: the department, level or unit a prose figure is about."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

import regex

from schemas.load import scopes

from .figures import Figure
from .measures import OFFICE_WORK, ONE_STOP, base_measure
from .sentences import Block, is_roman_heading, preamble, sentence_spans
from .tails import TailPattern

# patterns used in loops, compiled once (regex's module functions re-check their flags per call)
_TAI_BEFORE = regex.compile(r"\btại\s+$", regex.I)
_CLAUSE_STOP = regex.compile(r"[;.]")
_NAME_GOES_ON = regex.compile(r"\s*(?:\p{Lu}|về|ngày)")

# Named units have built slugs besides SCOPES: a Land Registration Office branch
# ("vpdkdd_thanh_pho", "vpdkdd_huyen_<name>"), a district named with its People's
# Committee ("huyen_<name>", "thanh_pho_<name>", "xa_<name>", …), a department of DEPARTMENTS.
SCOPES: dict[str, str] = {**scopes().meanings, "": "unknown"}


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
    r"(?:UBND|Ủy ban nhân dân)\s+(huyện|thị xã|thành phố|xã|phường|thị trấn|đặc khu)"
    r"\s+((?-i:\p{Lu})\p{L}*(?:\s+(?-i:\p{Lu})\p{L}*)*)",
    regex.I,
)
# Since the 2025 merger communes are named on their own ("xã Đức Trọng", "phường Xuân Hương", "đặc khu
# Phú Quý"); the lowercase kind word keeps "Bảo hiểm Xã hội", "Thị xã" titles out.
_COMMUNE = regex.compile(
    r"(?<!\p{L})(?<![Tt]hị\s)(?<![Hh]iểm\s)(?-i:([Xx]ã|[Pp]hường|[Đđ]ặc khu))\s+((?-i:\p{Lu})\p{L}*(?:\s+(?-i:\p{Lu})\p{L}*)*)"
)
_SO_NGANH = regex.compile(r"(?:các\s+)?sở\s*,\s*(?:ban\s*,?\s*)?ngành", regex.I)
_OWNED = regex.compile(r"\b(?:hồ sơ|TTHC|thủ tục hành chính)\s+$", regex.I)
_CLAUSE_START = regex.compile(r"(?:^|[;:,(]|^\s*(?:[-+*•–]|[a-zđ]\)|\d+\.))\s*$")

# Provincial departments, written with or without "Sở" in lists ("các Sở: Tư pháp 95%; Xây dựng 91,8%").
DEPARTMENTS: tuple[tuple[str, str], ...] = scopes().departments
# A department is the scope only when named right before the figure, at the start of a clause;
# without "Sở" only for a percent (lists of rates), since "Xây dựng", "Tư pháp" are also plain words.
_DEPT_NAMES = "|".join(f"(?P<d{i}>(?=(?-i:\\p{{Lu}})){p})" for i, (p, _) in enumerate(DEPARTMENTS))
_DEPT_BEFORE = TailPattern.compile(
    rf"(?:^|[;:,])\s*(?:các\s+)?(?P<so>Sở\s*:?\s*)?(?:{_DEPT_NAMES})\s*(?:đạt|là|có)?\s*:?\s*$",
    regex.I,
)
# "03 văn bản QPPL các xã, phường, đặc khu ban hành": an abbreviation and "(của) các" before the level
_TRAILING_LEVEL = regex.compile(r"^\s+(?:(?-i:[A-ZĐ]{2,})\s+)?(?:của\s+)?các\s+$", regex.I)
_TRAILING_SCOPE = regex.compile(r"^\s+(?:[\p{L}]+\s+){0,3}?(?:về|tại|của)\s+$", regex.I)


_NOT_SLUG = regex.compile(r"[^a-z0-9]+")
_LEVELS_JOINED = regex.compile(r"\s*(?:,|và|cùng)?\s*(?:và\s+)?(?:một số\s+|các\s+)?")
_REPORTS = regex.compile(r"(?<!việc\s)(?<!độ\s)(?<!kỳ\s)\bbáo cáo\b")


def _ascii_slug(text: str) -> str:
    s = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn").lower()
    return _NOT_SLUG.sub("_", s).strip("_")


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
        _Hit(m.start(), m.end(), f"{_ascii_slug(m.group(1))}_{_ascii_slug(m.group(2))}", "unit")
        for m in _COMMUNE.finditer(text)  # "UBND xã X" is the same unit: the longer hit is kept
    ]
    hits += [
        _Hit(m.start(), m.end(), "so_nganh", "unit")
        for m in _SO_NGANH.finditer(text)
        # only as the subject or the owner ("hồ sơ các sở, ngành"), not "của các sở, ban ngành"
        if _CLAUSE_START.search(text[: m.start()]) or _OWNED.search(text[: m.start()])
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
            and _LEVELS_JOINED.fullmatch(text[out[-1].end : h.start])
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
            and _TAI_BEFORE.search(text[max(0, h.start - 8) : h.start])
            and h.start - prev_unit.end < 150
            and not _CLAUSE_STOP.search(text[prev_unit.end : h.start])
        ):
            continue
        out.append(h)
    return out


class _Phrases:
    """A block's scope phrases, found when first asked: most blocks of a report hold no figure,
    and a heading's or list item's are asked only by a figure under it that names none nearer."""

    __slots__ = ("_hits", "text")

    def __init__(self, text: str, hits: list[_Hit] | None = None):
        self.text = text
        self._hits = hits

    @property
    def hits(self) -> list[_Hit]:
        if self._hits is None:
            self._hits = _scope_hits(self.text)
        return self._hits


_NO_PHRASES = _Phrases("", [])


@dataclass
class _Context:
    """What a block's figures take their scope from."""

    block: Block
    ancestors: list[_Phrases]  # of the enclosing headings and list items, nearest first
    sibling: _Phrases  # of the previous item of the same list under the same heading
    reporter: str
    own: _Phrases  # the block's own

    @property
    def hits(self) -> list[_Hit]:
        return self.own.hits

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        return sentence_spans(self.block)


def _department_before(text: str, f: Figure) -> str | None:
    m = _DEPT_BEFORE.search(text[f.sentence[0] : f.start])
    if not m or not (m.group("so") or f.cls == "percent"):
        return None
    for i, (_, slug) in enumerate(DEPARTMENTS):
        if m.group(f"d{i}"):
            return slug
    return None


def _trailing_scope(text: str, f: Figure, hits: list[_Hit]) -> str | None:
    """'252 TTHC cấp huyện', '1.063 hồ sơ TTHC liên thông về Văn phòng UBND tỉnh'."""
    for h in hits:
        if h.start < f.end:
            continue
        gap = text[f.end : h.start]
        if not gap.strip() or _TRAILING_LEVEL.match(gap) or (h.kind == "unit" and _TRAILING_SCOPE.match(gap)):
            return h.slug
        return None
    return None


def _usable_before(f: Figure, ctx: _Context) -> list[_Hit]:
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


def scope_of(text: str, f: Figure, ctx: _Context) -> tuple[str, int, list[str]]:
    dept = _department_before(text, f)
    if dept:
        return dept, _RANK_NEAR, []
    trailing = _trailing_scope(text, f, ctx.hits)
    if trailing:
        return trailing, _RANK_NEAR, []
    subject = _department_subject(text, f, ctx.hits)
    if subject:
        return subject, _RANK_NEAR, []
    before = _usable_before(f, ctx)
    if before:
        h = before[-1]
        if f.start - h.end <= _NEAR:
            return h.slug, _RANK_NEAR, []
        return h.slug, _RANK_FAR, ["scope_far"]
    for phrases in ctx.ancestors:
        if phrases.hits:
            return phrases.hits[-1].slug, _RANK_HEADING, []
    if f.measure in ONE_STOP and ctx.sibling.hits:
        return ctx.sibling.hits[-1].slug, _RANK_CARRIED, ["scope_carried"]
    if base_measure(f.measure) in OFFICE_WORK and ctx.reporter:
        return ctx.reporter, _RANK_DEFAULT, ["scope_default"]
    return "", _RANK_DEFAULT, ["scope_unknown"]


_DEPT_WITH_SO = regex.compile(
    r"\bSở\s+(?:" + "|".join(f"(?P<d{i}>{p})" for i, (p, _) in enumerate(DEPARTMENTS)) + ")", regex.I
)
# Bodies named without "Sở" ("Công an tỉnh", "Bảo hiểm Xã hội tỉnh", "Ban Dân tộc").
_DEPT_OWN_NAME = regex.compile(
    r"(?-i:(?=\p{Lu}))(?:"
    + "|".join(f"(?P<d{i}>{p})" for i, (p, _) in enumerate(DEPARTMENTS) if regex.search(r"tỉnh|^Ban\s", p))
    + ")",
    regex.I,
)


_OWNER = regex.compile(r"\p{L}\s+(?:của|tại)\s+$", regex.I)
_ASKED_BY = regex.compile(
    r"\b(?:đề nghị|ý kiến|hướng dẫn|chỉ đạo|tham mưu|phối hợp|yêu cầu|đôn đốc|giao)\s+(?:của|tại)\s+$", regex.I
)


def _department_subject(text: str, f: Figure, hits: list[_Hit]) -> str | None:
    """'Sở Tư pháp đã thẩm định 11 văn bản', 'Từ tháng 3, Công an tỉnh tiếp nhận 20.588 hồ sơ': a
    department that opens the figure's clause is its scope, unless a scope phrase stands nearer."""
    s0 = f.sentence[0]
    lo = max(s0, text.rfind(";", s0, f.start) + 1)
    best: tuple[int, str] | None = None
    for rx in (_DEPT_WITH_SO, _DEPT_OWN_NAME):
        for m in rx.finditer(text, lo, f.start):
            head = text[lo : m.start()]
            # "Sở Tư pháp đã …", "hồ sơ của Sở Tư pháp đạt …"; not "đề nghị Sở Nội vụ hướng dẫn",
            # "Văn phòng Sở Nội vụ", "theo hướng dẫn của Sở Nội vụ"
            if not (_CLAUSE_START.search(head) or (_OWNER.search(head) and not _ASKED_BY.search(head))):
                continue
            slug = next(slug for i, (_, slug) in enumerate(DEPARTMENTS) if m.groupdict().get(f"d{i}"))
            if best is None or m.end() > best[0]:
                best = (m.end(), slug)
    if best is None or any(best[0] <= h.start and h.end <= f.start for h in hits):
        return None
    return best[1]


_PROVINCE_COMMITTEE = regex.compile(r"(?:UBND|Ủy ban nhân dân)\s+tỉnh\b", regex.I)


def signing_unit(blocks: list[Block]) -> str:
    """The unit that signs the report: the named body just before '… báo cáo' in the preamble."""
    for b in preamble(blocks):
        # the verb of the signing unit, not "về việc báo cáo", "chế độ báo cáo"
        for m in _REPORTS.finditer(b.text):
            lo = max(0, m.start() - 250)
            units = [h for h in _scope_hits(b.text) if lo <= h.start < m.start() and h.kind == "unit"]
            found = [(h.start, h.slug) for h in units]
            for d in _DEPT_WITH_SO.finditer(b.text, lo, m.start()):
                found += [(d.start(), slug) for i, (_, slug) in enumerate(DEPARTMENTS) if d.group(f"d{i}")]
            found += [
                (p.start(), "province")
                for p in _PROVINCE_COMMITTEE.finditer(b.text, lo, m.start())
                if not any(h.start <= p.start() < h.end for h in units)  # "Văn phòng UBND tỉnh" is the office
                and not _NAME_GOES_ON.match(b.text[p.end() : p.end() + 6])  # "của UBND tỉnh X về"
            ]
            if found:
                return max(found)[1]
    return ""


@dataclass
class _Frame:
    kind: str
    phrases: _Phrases
    last_child: dict[str, _Phrases] = field(default_factory=dict)  # marker kind -> the last item's


def block_contexts(blocks: list[Block], reporter: str) -> list[_Context]:
    """Per block: its scope phrases, those of the enclosing headings and of the previous sibling."""
    stack: list[_Frame] = []
    root = _Frame("", _NO_PHRASES)
    out: list[_Context] = []
    for b in blocks:
        kind = "roman" if is_roman_heading(b) else b.marker
        own = _Phrases(b.text)  # a heading or list item frames what follows: shared with its frame
        if kind == "roman":
            stack = []
        elif kind and any(fr.kind == kind for fr in stack):
            while stack and stack[-1].kind != kind:
                stack.pop()
            stack.pop()
        parent = stack[-1] if stack else root
        sibling = parent.last_child.get(kind, _NO_PHRASES) if kind else _NO_PHRASES
        out.append(_Context(b, [fr.phrases for fr in reversed(stack)], sibling, reporter, own))
        if kind:
            parent.last_child[kind] = own
            stack.append(_Frame(kind, own))
    return out


def scope_from_duplicates(figs: list[Figure]) -> None:
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
