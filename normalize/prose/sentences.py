"""Blocks and sentences of a report's prose, and the result sections to read.

PDF text wraps a sentence over several lines and each line arrives as its own
paragraph: :func:`join_lines` joins a line that does not end a sentence to the
next one, unless that one starts a list item ("a)", "-", "+", "2.", "III."). A
next line starting with a capital only continues a line that fills the page width
(a short line ending without a full stop is a heading). Bare page numbers are
dropped. This is reader work (it belongs where paragraphs are made) and is kept
as one function the readers can call.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import regex
from rapidfuzz import fuzz

from extract.model import Paragraph, fast_init
from normalize.text import strip_diacritics
from schemas.tokens import PAGE_NUMBER_PROSE, ROMAN_SHORT
from schemas.load import furniture, prose_words

from .tails import TailPattern

# patterns used in loops, compiled once (regex's module functions re-check their flags per call)
_SPACES = regex.compile(r"\s+")


def _needs_spacing(text: str) -> bool:
    """Could _SPACES.sub(" ", text) change it? A double space, or a character that is not
    printable: every whitespace character but " " is (categories Cc, Zs, Zl, Zp); two string
    scans, far cheaper than a search for either."""
    return "  " in text or not text.isprintable()


# ---------------------------------------------------------------------- blocks


@fast_init  # made per cell / value: extract/frozen.py
@dataclass(frozen=True)
class Block:
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


# A section numeral as OCR misreads it ("H." for "II.", "L." for "I."): taken as one only before a
# title in capitals ("H. KẾT QUẢ THỰC HIỆN").
OCR_ROMAN = r"[IVXHLlỊÌÍ|]{1,4}(?=\s*\.\s*\p{Lu}+\s+\p{Lu}+(?!\p{Ll}))"
_MARKER = regex.compile(
    rf"""^(?:
      (?P<roman>(?:[IVX]{{1,4}}|{OCR_ROMAN})\s*[.\-–/:)]\s)
    | (?P<num>\d{{1,2}}(?:\.\d{{1,2}})*[.)]\s)
    | (?P<alpha>[a-zđ]\)\s?)
    | (?P<star>\*+\s?)
    | (?P<dash>[-–—]\s)
    | (?P<plus>\+\s)
    | (?P<bullet>[•●▪◦]\s?)
    )""",
    regex.X,
)
_PAGE_NUMBER = regex.compile(PAGE_NUMBER_PROSE)
_SENTENCE_END = TailPattern.compile(r"[.!?…](?:[\"”’)*\]]*)$")


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
    if _SENTENCE_END.found(prev) or _MARKER.match(nxt):
        return False
    first = nxt[0]
    if first.islower() or first.isdigit() or first in "(,;:)%":
        return True
    # A capital after a short unfinished line starts a new paragraph (that line was a heading).
    return len(prev) >= 0.8 * full


def join_lines(paragraphs: Sequence[Paragraph]) -> list[Block]:
    """Paragraphs that are wrapped lines joined into blocks (sentences and list items), bare
    page numbers dropped; each block keeps the line and page where each of its lines began."""
    lines: list[tuple[str, Paragraph]] = []
    for p in paragraphs:
        # readers hand over NFC text without markup; most of it is spaced with single spaces only
        text = (_SPACES.sub(" ", p.text) if _needs_spacing(p.text) else p.text).strip()
        if text and not _PAGE_NUMBER.match(text):
            lines.append((text, p))
    full = _full_width([len(t) for t, _ in lines])
    blocks: list[Block] = []
    parts: list[str] = []
    starts: list[tuple[int, int | None, int | None]] = []

    def flush() -> None:
        if parts:
            text = " ".join(parts)
            blocks.append(Block(text, tuple(starts), _marker_kind(text)))
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

_ROMAN_HEADING = regex.compile(rf"^({ROMAN_SHORT}|{OCR_ROMAN})\s*[.\-–/:)]\s*(\S.*)$")
# matched without tone marks too: OCR reads "KẾT QUẢ" as "KẾT QUÁ"
_RESULTS_TITLE = regex.compile("|".join(prose_words("results_title")), regex.I)
_RESULTS_BARE = tuple(strip_diacritics(w).casefold() for w in prose_words("results_title"))
_TASKS_BARE = tuple(strip_diacritics(w).casefold() for w in prose_words("tasks_title"))


def _names(exact: regex.Pattern, bare: tuple[str, ...], heading: str) -> bool:
    """Does a heading name one of these titles: as written, or within OCR error without tone marks
    ("TÌNH HÌNH THỤC HIIẺN" for "tình hình thực hiện")?"""
    if exact.search(heading):
        return True
    folded = strip_diacritics(heading).casefold()
    return any(fuzz.partial_ratio(w, folded) >= (100 if len(w) < 8 else 88) for w in bare)
_TASKS_TITLE = regex.compile("|".join(prose_words("tasks_title")), regex.I)
_STOP = regex.compile(rf"^(?:{'|'.join(furniture('recipients') + furniture('appendix'))})\b", regex.I)
_ANNEX_NOTE = regex.compile(rf"^(?:{'|'.join(furniture('annex_note'))})\b", regex.I)


def is_roman_heading(block: Block) -> bool:
    return len(block.text) < 250 and bool(_ROMAN_HEADING.match(block.text))


def result_blocks(blocks: list[Block]) -> list[Block]:
    """Blocks of the result sections, headings included, appendix and signature excluded."""
    end = next((i for i, b in enumerate(blocks) if len(b.text) < 250 and _STOP.match(b.text)), len(blocks))
    body = blocks[:end]
    out: list[Block] = []
    inside = False
    found = False
    for b in body:
        if is_roman_heading(b):
            inside = _names(_RESULTS_TITLE, _RESULTS_BARE, b.text)
            found = found or inside
        if inside and not _ANNEX_NOTE.match(b.text):
            out.append(b)
    if found:
        return out
    # No result heading: read the body up to the tasks for the next period.
    for i, b in enumerate(body):
        if is_roman_heading(b) and _names(_TASKS_TITLE, _TASKS_BARE, b.text):
            return [x for x in body[:i] if not _ANNEX_NOTE.match(x.text)]
    return [x for x in body if not _ANNEX_NOTE.match(x.text)]


def preamble(blocks: list[Block]) -> list[Block]:
    first = next((i for i, b in enumerate(blocks) if is_roman_heading(b)), min(len(blocks), 12))
    return blocks[:first]


# ------------------------------------------------------------------- sentences

# the break is group 1: it follows the sentence's end mark (matched, not looked behind for: a
# pattern that starts with a character class is found by a scan, a lookbehind is tried everywhere)
_SENTENCE_BREAK = regex.compile(r"[.!?…]([\"”’)*]*\s+)(?=[\p{Lu}\d\-–+*•(“\"])")


def sentence_spans(block: Block) -> list[tuple[int, int]]:
    text = block.text
    marker = _MARKER.match(text)
    skip = marker.end() if marker else 0
    spans, start = [], 0
    for m in _SENTENCE_BREAK.finditer(text):
        if m.start(1) <= skip:  # "1. Cải cách" is a marker, not a sentence
            continue
        spans.append((start, m.start(1)))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]
