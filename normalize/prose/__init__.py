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
   thư điện tử") take that unit and the ``unit_shared`` flag. A bare count after
   "là" takes the unit its subject names ("số hồ sơ giải quyết trễ hạn là 2.318",
   ``unit_from_subject``). A rank "xếp thứ 12/34" is a figure (unit "hạng",
   ``out_of`` 34) when its sentence names an index. A footnote line ("3 Hồ sơ …")
   is not read. Targets ("mục tiêu … là 100% …") are not results and are dropped.
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
   Văn phòng UBND tỉnh"), a department that opens or owns the figure's clause
   unless a nearer phrase names another, the nearest scope phrase earlier in the block, the
   nearest enclosing heading, then - for one-stop measures - the previous
   sibling item, and for the office's own work (staff, news, PAKN) the unit
   that signs the report. A figure repeated elsewhere with a firmer scope takes
   that one (summary figures are restated).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from extract.model import Paragraph, fast_init
from schemas.load import flag_factor, flags

from .figures import QUALIFIERS, UNITS, Figure, find_figures, parse_value, qualifier_word
from .measures import CHANGE_SUFFIXES, MEASURES, is_target, measure_meaning, measure_of, windows
from .scopes import DEPARTMENTS, SCOPES, block_contexts, scope_from_duplicates, scope_of, signing_unit
from .sentences import Block, join_lines, result_blocks

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
    "join_lines",
    "measure_meaning",
]

# Meanings and confidence factors are the registry's (schemas/flags.csv, stage "prose").
FLAGS: dict[str, str] = {slug: f.meaning for slug, f in flags(stage="prose").items()}

# ------------------------------------------------------------------- public type


@fast_init  # made per cell / value: extract/frozen.py
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
    out_of: float | None = None  # a rank "xếp thứ 12/34" (value 12, unit "hạng"): 34; else None
    lead_in: str = ""  # the paragraph's text before the sentence (a period it sets may hold here too)


def extract_inline(paragraphs: Sequence[Paragraph], scanned: bool = False) -> list[InlineFigure]:
    """Figures with unit, measure and scope from the result sections of a report's prose
    (`scanned`: read by OCR, see find_figures)."""
    blocks = join_lines(paragraphs)
    results = result_blocks(blocks)
    contexts = block_contexts(results, signing_unit(blocks))
    found: list[tuple[Block, Figure]] = []
    for block, ctx in zip(results, contexts):
        line_starts = frozenset(offset for offset, _, _ in block.starts)
        for sentence in ctx.sentences:  # sentence_spans(block), made once for the block
            figs = find_figures(block.text, sentence, line_starts, scanned)
            # the other figures are read as if the "a/b unit" parts were not there: a part's
            # words ("Có 50/50 TTHC … (đạt 100%)") still name the measure of the rate after it
            plain = [f for f in figs if not _PART_FLAGS & set(f.flags)]
            in_plain = {id(f): k for k, f in enumerate(plain)}
            among = [(plain, in_plain[id(f)]) if id(f) in in_plain else (figs, i) for i, f in enumerate(figs)]
            # a figure's windows are positions only: made once for the target test and its measure
            wins = [windows(block.text, *at) for at in among]
            targets = {id(f) for f, w in zip(figs, wins) if is_target(w)}
            for f, at, w in zip(figs, among, wins):
                parse_value(block.text, f)
                f.measure = measure_of(block.text, *at, w)
                if not f.measure:
                    f.flags.append("measure_unknown")
                f.scope, f.scope_rank, scope_flags = scope_of(block.text, f, ctx)
                f.flags.extend(scope_flags)
            found.extend((block, f) for f in figs if f.value is not None and id(f) not in targets)
    scope_from_duplicates([f for _, f in found])
    return [_to_public(block, f) for block, f in found]


_PART_FLAGS = {"part_of_total", "score_of_max"}
LEAD_IN_CHARS = 1000  # of the paragraph before a sentence, kept for the period it may set


def _to_public(block: Block, f: Figure) -> InlineFigure:
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
        qualifier=qualifier_word(f.qualifier_text),
        sentence=sentence,
        span=(f.start - base, f.end - base),
        line=line,
        page=page,
        flags=flags,
        confidence=round(confidence, 4),
        out_of=f.out_of,
        lead_in=block.text[max(0, base - LEAD_IN_CHARS):s0].strip(),
    )
