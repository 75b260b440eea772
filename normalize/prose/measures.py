"""What a prose figure measures: rate/count links, cue words of its unit class, defaults."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from extract.model import fast_init
from schemas.load import measure_cues, measures, prose_words

from .figures import NUMBER, Figure, unit_at
from .tails import TailPattern

# patterns used in loops, compiled once (regex's module functions re-check their flags per call)
_PAKN_AFTER = regex.compile(r"\s*(?:phản ánh|kiến nghị)", regex.I)
_PUBLIC_SERVICE_AFTER = regex.compile(r"\s*(?:làm việc|sự nghiệp)|\s*\S*\s*(?:tại|trong) đơn vị sự nghiệp", regex.I)

_MEASURES = measures()
MEASURES: dict[str, str] = {slug: m.meaning for slug, m in _MEASURES.measures.items()}
# A change is written "giảm 8,9% tin, bài": the measure is the base measure plus a suffix.
CHANGE_SUFFIXES: dict[str, str] = dict(_MEASURES.changes)


def measure_meaning(slug: str) -> str | None:
    """Meaning of a measure slug, including change measures ("news_posts_decrease_rate")."""
    if slug in MEASURES:
        return MEASURES[slug]
    for suffix in sorted(CHANGE_SUFFIXES, key=len, reverse=True):
        base = slug[: -len(suffix)]
        if slug.endswith(suffix) and base in MEASURES:
            return CHANGE_SUFFIXES[suffix].format(MEASURES[base])
    return None


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
# the rules of each figure class, in file order (a figure is matched against its class's only)
_RULES_OF: dict[str, tuple[_Rule, ...]] = {
    cls: tuple(r for r in _RULES if cls in r.classes) for cls in sorted({c for r in _RULES for c in r.classes})}

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
ONE_STOP = frozenset(m.slug for m in _MEASURES.measures.values() if m.one_stop)
OFFICE_WORK = frozenset(m.slug for m in _MEASURES.measures.values() if m.office)


def base_measure(slug: str) -> str:
    """'news_posts_decrease_rate' -> 'news_posts'."""
    if slug in MEASURES:
        return slug
    for suffix in sorted(CHANGE_SUFFIXES, key=len, reverse=True):
        if slug.endswith(suffix) and slug[: -len(suffix)] in MEASURES:
            return slug[: -len(suffix)]
    return slug


_BREAK = regex.compile(r"[;]")
_CLAUSE_END = regex.compile(r"[,;()]")
_OF_TOTAL = regex.compile(r"\b(?:trên|so với)\s+tổng\s+số\s*$", regex.I)
_PAREN_RATE = regex.compile(r"\s*(?:đạt\s+)?(?:tỷ\s+lệ\s*)?:?\s*", regex.I)
_WITH = TailPattern.compile(r"\bvới(?:\s+tổng\s+số)?\s*$", regex.I)
_SHARE = TailPattern.compile(r"\b(?:chiếm(?:\s+tỷ\s+lệ)?|đạt\s+tỷ\s+lệ)\s*:?\s*$", regex.I)
_CHANGE = TailPattern.compile(r"\b(giảm|tăng)(?:\s+được)?\s*$", regex.I)
_POSTAL_SUBMITTED = regex.compile(r"nộp(?: hồ sơ)? qua (?:đường )?bưu (?:điện|chính)", regex.I)
_RESULT_RETURNED = regex.compile(r"trả kết quả|nhận kết quả", regex.I)
_DUE_BEFORE = regex.compile(r"(?:trong|quá) hạn\s*:?\s*$", regex.I)
_IN_TIME_BEFORE = regex.compile(r"trong hạn\s*:?\s*$", regex.I)


def _open_paren(text: str, lo: int, hi: int) -> int | None:
    """Start of a parenthesis open at `hi` (searching back to `lo`), if any."""
    depth = 0
    i = hi
    while (i := max(text.rfind("(", lo, i), text.rfind(")", lo, i))) >= 0:  # the nearest bracket before i
        if text[i] == ")":
            depth += 1
        elif depth == 0:
            return i
        else:
            depth -= 1
    return None


@fast_init  # made per cell / value: extract/frozen.py
@dataclass(frozen=True)
class _Windows:
    pre: str  # same clause, after the previous figure
    near_post: str  # right after the unit, up to the next number or clause end
    post: str  # right after the unit, up to the clause end
    extended: str  # the clause (after the last ";", or the parenthesis) up to the figure
    prev: Figure | None  # previous figure of the same clause
    after_figure: bool  # `pre` starts right after the previous figure: its words may describe that one
    parent: Figure | None  # figure just before the parenthesis that holds this one
    listed_after: Figure | None  # previous figure of the sentence when it closes a short list item
    outer: str = ""  # inside a parenthesis with no figure before it: the clause words before "("


_LIST_GAP = 80  # "…đạt 100%; Sở Công Thương đạt 97%": list items are short


def windows(text: str, figs: list[Figure], i: int) -> _Windows:
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
        # "3.065 hồ sơ qua VNeID trên tổng số 3.416 hồ sơ tiếp nhận": the words before "trên tổng
        # số" describe the part, not the total.
        total = _OF_TOTAL.search(text, start, f.start) if after_figure else None
        if total:
            start = total.start()
    parent = None
    if paren is not None:
        before = [g for g in figs[:i] if g.sentence == f.sentence and g.end <= paren]
        # only a figure of the same clause: "…86,98%; có 124/124 TTHC … (đạt 100%)" has none
        parent = before[-1] if before and not _BREAK.search(text, before[-1].end, paren) else None
    post_end = _CLAUSE_END.search(text, f.end, s1)
    post = text[f.end : post_end.start() if post_end else s1]
    nxt = NUMBER.search(post)
    near_post = post[: nxt.start()] if nxt else post
    listed = prev if prev is not None and paren is None and f.start - prev.end <= _LIST_GAP else None
    outer = ""
    if paren is not None and parent is None:
        # "124/124 TTHC … được thanh toán trực tuyến (đạt 100%)": the words before "(" say what it is.
        outer_brk = [m.end() for m in _BREAK.finditer(text, s0, paren)]
        outer = text[outer_brk[-1] if outer_brk else s0 : paren]
    return _Windows(
        pre=text[start : f.start],
        near_post=near_post,
        post=post,
        extended=text[lo : f.start],
        prev=prev_in_clause,
        after_figure=after_figure,
        parent=parent,
        listed_after=listed,
        outer=outer,
    )


def _nearest(rules: list[_Rule], window: str, *, last: bool) -> str | None:
    """The rule whose keyword is nearest the figure: last match before it, first after it."""
    best: tuple[int, int, str] | None = None
    for r in rules:
        if last:
            m = None
            for m in r.pattern.finditer(window):  # noqa: B007 (the last one is kept)
                pass
        else:
            m = r.pattern.search(window)  # the first of finditer's matches, without the others
        if m is None:
            continue
        key = (m.end(), -m.start()) if last else (-m.start(), m.end())
        if best is None or key > best[:2]:
            best = (key[0], key[1], r.measure)
    return best[2] if best else None


def _applicable(f: Figure, cls: str, w: _Windows, own: str | None = None) -> list[_Rule]:
    if own is None:
        own = w.pre + " " + w.near_post  # the figure's own noun phrase, not its neighbours'
    return [
        r
        for r in _RULES_OF.get(cls, ())
        if (not r.units or f.unit in r.units)
        and (r.requires is None or r.requires.search(own))
        and (r.excludes is None or not r.excludes.search(own))
    ]


def _keyword_measure(f: Figure, w: _Windows) -> str | None:
    cls = "pakn" if f.cls == "case" and _PAKN_AFTER.match(w.post) else f.cls
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
    # the clause is often just the figure's own words, every cue of which was looked for above
    found = _nearest(rules, w.extended, last=True) if w.extended != w.pre else None
    if found or not w.outer:
        return found
    # "124/124 TTHC … thanh toán trực tuyến (đạt 100%)": the clause before "(" is the figure's own words
    return _nearest(_applicable(f, cls, w, own=w.outer), w.outer, last=True)


def _refine(measure: str, f: Figure, w: _Windows) -> str:
    """Variants a keyword alone cannot tell apart."""
    if measure == "postal" and _POSTAL_SUBMITTED.search(w.pre + w.post) and not _RESULT_RETURNED.search(w.pre + w.post):
        return "postal_submitted"
    if f.cls == "dossier" and _DUE_BEFORE.search(w.pre):
        pending_parent = w.parent is not None and w.parent.measure == "pending"
        if _IN_TIME_BEFORE.search(w.pre):
            return "pending_in_time" if pending_parent else "ontime_or_early"
        return "pending_overdue" if pending_parent else "late"
    if measure in ("staff_quota", "staff_actual") and _PUBLIC_SERVICE_AFTER.match(w.near_post):
        return measure + "_public_service"
    return measure


def _change_measure(f: Figure, w: _Windows, figs: list[Figure], i: int, text: str) -> str | None:
    """'giảm gần 2000 văn bản', 'giảm 8,9% tin, bài': a change of a base measure, "" when the base is unknown."""
    m = _CHANGE.search(w.pre)
    if not m:
        return None
    direction = "_decrease" if m.group(1).casefold() == "giảm" else "_increase"
    if f.cls == "percent":
        after = unit_at(text, f.end)  # the noun after the percent names what changed
        base = _CLASS_DEFAULT.get(after[2], "") if after else ""
        return f"{base}{direction}_rate" if base else ""
    # A count change restates a level given just before in the same sentence.
    same = [g for g in figs[:i] if g.sentence == f.sentence and g.unit == f.unit]
    base = same[-1].measure if same else ""
    if not base or base.endswith(tuple(CHANGE_SUFFIXES)) or _CHANGE.found(text[same[-1].sentence[0] : same[-1].start]):
        return ""
    return f"{base}{direction}"


_TARGET = regex.compile("|".join(prose_words("target")), regex.I)


def is_target(w: _Windows) -> bool:
    """'mục tiêu … là 100% TTHC …': a target is not a result."""
    return bool(_TARGET.search(w.extended))


def measure_of(text: str, figs: list[Figure], i: int, w: _Windows | None = None) -> str:
    """`w`: windows(text, figs, i) when the caller has made them (they hold positions only)."""
    f = figs[i]
    w = w if w is not None else windows(text, figs, i)
    if w.prev is not None and f.cls == "percent" and _SHARE.found(w.pre) and w.prev.measure in _RATE_OF:
        return _RATE_OF[w.prev.measure]
    # "… là 120.088 (tỷ lệ 95,53%)", "4.568 hồ sơ đúng hạn (đạt 86,8%)": a bare rate in the parenthesis
    # after a count is that count's rate.
    if (
        w.parent is not None
        and f.cls == "percent"
        and _PAREN_RATE.fullmatch(w.pre)
        and w.parent.measure in _RATE_OF
        and w.parent.end <= f.start
        and ";" not in text[w.parent.end : f.start]
    ):
        return _RATE_OF[w.parent.measure]
    if w.prev is not None and _WITH.found(w.pre) and w.prev.measure in _COUNT_OF:
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
