"""Glyphs -> lines -> words for PDF text, with the repairs Vietnamese needs.

Pure geometry on plain records; nothing here touches a PDF library, so every step
can be called and inspected on hand-made glyphs. Coordinates are in a "layout
frame": x to the right, y downwards, text upright (pdf/reader.py rotates into it).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Iterable, Sequence

# Spacing forms some fonts draw instead of combining marks (tone and vowel marks).
SPACING_TO_COMBINING = {
    "\u0060": "\u0300",  # grave
    "\u02cb": "\u0300",
    "\u00b4": "\u0301",  # acute
    "\u02ca": "\u0301",
    "\u02dc": "\u0303",  # tilde
    "\u02c6": "\u0302",  # circumflex
    "\u02c0": "\u0309",  # hook above, as drawn by some legacy fonts
    "\u02d9": "\u0307",
}
# Look-alikes legacy Vietnamese fonts map to the wrong code point.
LOOKALIKES = str.maketrans({
    "\u00d0": "\u0110",  # Icelandic Eth -> D with stroke
    "\u00f0": "\u0111",
    "\u00a0": " ",
    "\ufb01": "fi",
    "\ufb02": "fl",
    # bullets of Symbol/Wingdings fonts, which Word exports in the private use area
    "\uf0b7": "•", "\uf0a8": "•", "\uf06c": "●", "\uf0a7": "▪", "\uf06e": "■",
    "\uf0d8": "➢", "\uf0fc": "✓", "\uf076": "❖", "\uf0e8": "➔", "\uf02d": "-",
})
# Anything repair_text would change; most words have none and skip the work.
_NEEDS_REPAIR = re.compile(
    "[\u0300-\u036f\u00a0\u00ad\u00d0\u00f0\u200b-\u200f\u2060\ufeff\ufb01\ufb02\uf000-\uf0ff\x00-\x1f\x7f\\s"
    + "".join(SPACING_TO_COMBINING) + "]"
)
# The same, spaces aside: a text with none of these needs only NFC and its spaces tidied (most do).
_NEEDS_MORE = re.compile(_NEEDS_REPAIR.pattern.replace("\\s", ""))
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff\x00-\x08\x0b-\x1f\x7f]")
_DOUBLED_MARK = re.compile(r"([\u0300-\u036f])\1+")
_SPACES = re.compile(r"\s+")
_SPACING_MARK = re.compile("[" + "".join(SPACING_TO_COMBINING) + "]")


@dataclass(slots=True)
class Glyph:
    """One drawn character (or a base letter with its re-attached marks)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float  # font size in points, the unit for every tolerance
    seq: int = 0  # position in the content stream
    space_before: bool = False  # a real space character preceded it in the stream
    bold: bool = False
    italic: bool = False

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool = False
    italic: bool = False


@dataclass(slots=True)
class Line:
    """Words sharing a baseline, left to right."""

    words: list[Word]
    x0: float = 0.0
    top: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    bold: bool = False
    italic: bool = False
    tags: set[str] = field(default_factory=set)  # e.g. "running", "page-number"

    def __post_init__(self) -> None:
        if self.words:  # one pass (a line is built per table cell too); the same as min/max/all per field
            first = self.words[0]
            x0, x1, top, bottom, size = first.x0, first.x1, first.top, first.bottom, first.size
            bold, italic = first.bold, first.italic
            for w in self.words:
                if w.x0 < x0:
                    x0 = w.x0
                if w.x1 > x1:
                    x1 = w.x1
                if w.top < top:
                    top = w.top
                if w.bottom > bottom:
                    bottom = w.bottom
                if w.size > size:
                    size = w.size
                bold = bold and w.bold
                italic = italic and w.italic
            self.x0, self.x1, self.top, self.bottom, self.size = x0, x1, top, bottom, size
            self.bold, self.italic = bool(bold), bool(italic)

    @property
    def text(self) -> str:
        return " ".join([w.text for w in self.words])

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)


_REPAIRED: dict[str, str] = {}  # short text -> repair_text of it: words and cell texts recur on every page


def repair_text(text: str) -> str:
    """Whole, NFC-normalised text: invisible characters dropped, look-alikes fixed,
    spacing tone marks turned into combining ones, doubled marks collapsed."""
    if len(text) > 40:
        return _repair(text)
    done = _REPAIRED.get(text)
    if done is None:
        done = _repair(text)
        if len(_REPAIRED) < 50_000:
            _REPAIRED[text] = done
    return done


def _repair(text: str) -> str:
    return _repair_all(text) if _NEEDS_MORE.search(text) else _tidy_spaces(text)


def _tidy_spaces(text: str) -> str:
    """_repair_all of a text whose only characters to repair, if any, are spaces (most words and
    lines): nothing to translate or drop, and no character outside _NEEDS_MORE decomposes into a
    doubled mark (tests/test_pdf_text_repair.py checks every code point), so it is NFC and one
    space per run."""
    if not (text.isascii() or unicodedata.is_normalized("NFC", text)):
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())  # re's \s and str.split() both split on str.isspace() characters


def _repair_all(text: str) -> str:
    text = _INVISIBLE.sub("", text.translate(LOOKALIKES))
    if _SPACING_MARK.search(text):
        # Only a spacing mark right after a letter is a detached tone mark.
        text = re.sub(
            "(?<=[^\\W\\d_])[" + "".join(SPACING_TO_COMBINING) + "]",
            lambda m: SPACING_TO_COMBINING[m.group(0)],
            text,
        )
    text = unicodedata.normalize("NFD", text)
    text = _DOUBLED_MARK.sub(r"\1", text)  # fake-bold marks drawn twice
    text = unicodedata.normalize("NFC", text)
    return _SPACES.sub(" ", text).strip()


def is_mark(ch: str) -> bool:
    """A glyph that belongs on top of (or under) the previous letter."""
    known = _MARKS.get(ch)
    if known is None:
        known = "\u0300" <= ch <= "\u036f" or ch in SPACING_TO_COMBINING or (
            len(ch) == 1 and ch > "\u036f" and unicodedata.combining(ch) > 0
        )
        if len(_MARKS) < 20_000:  # asked once per glyph: remembered per text
            _MARKS[ch] = known
    return known


_MARKS: dict[str, bool] = {}
_TEXT = attrgetter("text")


def _holds_mark(base: Glyph, mark: Glyph) -> bool:
    tol = 0.3 * base.size
    return (
        base.x0 - tol <= mark.cx <= base.x1 + tol
        and base.top - base.size <= mark.cy <= base.bottom + 0.5 * base.size
    )


def attach_marks(glyphs: Sequence[Glyph]) -> list[Glyph]:
    """Fold detached diacritics into the letter they sit on (content order).

    The base letter keeps its own box, so a mark drawn off to one side can no
    longer open a gap that splits the word ("ĐIỀ U" -> "ĐIỀU").
    """
    if not any(map(is_mark, set(map(_TEXT, glyphs)))):
        return list(glyphs)  # the usual page: no detached marks, every glyph stays as it is
    out: list[Glyph] = []
    pending: list[Glyph] = []  # marks drawn before their base letter
    known = _MARKS  # is_mark's memory, read first: this runs once per glyph
    for g in glyphs:
        mark = known.get(g.text)
        if mark is None:
            mark = is_mark(g.text)
        if mark:
            prev = out[-1] if out else None
            if prev is not None and not is_mark(prev.text) and _holds_mark(prev, g):
                prev.text += SPACING_TO_COMBINING.get(g.text, g.text)
            else:
                pending.append(g)
            continue
        if pending:
            for m in pending:
                if _holds_mark(g, m):
                    g.text += SPACING_TO_COMBINING.get(m.text, m.text)
                else:
                    out.append(m)  # a stray mark stays where it was drawn
            pending.clear()
        out.append(g)
    out.extend(pending)
    return out


def dedupe_glyphs(glyphs: Sequence[Glyph], tolerance: float = 1.0) -> list[Glyph]:
    """Drop fake-bold copies (same text drawn again within `tolerance` points).

    Expects glyphs of one line sorted by x; the survivor is marked bold.
    """
    kept: list[Glyph] = []
    add = kept.append
    for g in glyphs:
        text = g.text
        n = len(kept)
        if not n or (kept[-1].text != text and (n < 2 or kept[-2].text != text) and (n < 3 or kept[-3].text != text)):
            add(g)  # the usual case: no glyph of the same text among the last three kept
            continue
        dup = None
        for k in kept[-1:-4:-1]:  # the last three kept, newest first
            if k.text == text and abs(k.x0 - g.x0) <= tolerance and abs(k.bottom - g.bottom) <= tolerance:
                dup = k
                break
        if dup is None:
            add(g)
        else:
            dup.bold = True
    return kept


_LINE_ORDER = attrgetter("top", "x0")
_GLYPH_ORDER = attrgetter("bottom", "x0")
_ROW_ORDER = attrgetter("x0", "seq")


def glyphs_to_lines(glyphs: Iterable[Glyph]) -> list[Line]:
    """Cluster glyphs into lines by baseline, with a tolerance from the glyph size.

    Comparing with the first (highest) glyph of the line, not the previous one,
    keeps stacked marks and mixed sizes from chaining two lines together.
    The compiled loop (_chars.c: lines) takes the same steps where it is built.
    """
    if _chars is not None:
        lines = _chars.lines(glyphs)
        if lines is not None:  # None: glyphs not read from a PDF (ints, hand-made), for the Python steps
            lines.sort(key=_LINE_ORDER)
            return lines
    return python_glyphs_to_lines(glyphs)


def python_glyphs_to_lines(glyphs: Iterable[Glyph]) -> list[Line]:
    """glyphs_to_lines in Python: where _chars is not built, and the reference it is tested against."""
    ordered = sorted(glyphs, key=_GLYPH_ORDER)
    clusters: list[list[Glyph]] = []
    cluster: list[Glyph] = []
    ref_bottom = ref_size = 0.0
    for g in ordered:
        size = g.size
        if cluster and g.bottom - ref_bottom <= 0.45 * (size if size > ref_size else ref_size):
            cluster.append(g)
        else:
            cluster = [g]
            clusters.append(cluster)
            ref_bottom, ref_size = g.bottom, size
    lines = []
    for cluster in clusters:
        cluster.sort(key=_ROW_ORDER)
        words = glyphs_to_words(dedupe_glyphs(cluster))
        if words:
            lines.append(Line(words))
    lines.sort(key=_LINE_ORDER)
    return lines


def glyphs_to_words(glyphs: Sequence[Glyph]) -> list[Word]:
    """Split one line's glyphs (sorted by x) at real spaces and at wide gaps.

    A word's box, size and style grow glyph by glyph; this runs once per glyph,
    so the gap test is written out here."""
    words: list[Word] = []
    texts: list[str] = []
    prev: Glyph | None = None
    first: Glyph = None  # type: ignore[assignment]  # set at the first glyph of each word
    x1 = top = bottom = size = 0.0
    bold = italic = False
    for g in glyphs:
        if prev is not None:
            if g.space_before and g.seq > prev.seq:
                cut = True
            else:
                gap_size = g.size if g.size > prev.size else prev.size
                if prev.x1 - prev.x0 < 0.05 * gap_size:  # zero advance (missing widths): judge by origins
                    cut = g.x0 - prev.x0 > 0.9 * gap_size
                else:
                    cut = g.x0 - prev.x1 > 0.17 * gap_size
            if cut:
                text = repair_text("".join(texts))
                if text:
                    words.append(Word(text, first.x0, top, x1, bottom, size, bold, italic))
                texts = []
        if texts:
            if g.x1 > x1:
                x1 = g.x1
            if g.top < top:
                top = g.top
            if g.bottom > bottom:
                bottom = g.bottom
            if g.size > size:
                size = g.size
            bold = bold and g.bold
            italic = italic and g.italic
        else:
            first = g
            x1, top, bottom, size, bold, italic = g.x1, g.top, g.bottom, g.size, g.bold, g.italic
        texts.append(g.text)
        prev = g
    if texts:
        text = repair_text("".join(texts))
        if text:
            words.append(Word(text, first.x0, top, x1, bottom, size, bold, italic))
    return words


def _load_chars():  # type: ignore[no-untyped-def]
    try:
        from . import _chars
        _chars.bind_lines(Glyph, Word, Line, repair_text, _REPAIRED)
    except (ImportError, TypeError):  # not built, or a class it cannot fill
        return None
    return _chars


_chars = _load_chars()


def split_line(line: Line, gap: float) -> list[Line]:
    """Cut a line where words are more than `gap` x font size apart
    (side-by-side blocks, table columns)."""
    parts: list[list[Word]] = [[]]
    for w in line.words:
        cur = parts[-1]
        if cur and w.x0 - cur[-1].x1 > gap * max(w.size, cur[-1].size):
            parts.append([])
        parts[-1].append(w)
    if len(parts) == 1:
        return [line]
    out = [Line(p) for p in parts]
    for ln in out:
        ln.tags |= line.tags
    return out


def lines_text(lines: Iterable[Line]) -> str:
    return repair_text(" ".join([ln.text for ln in lines]))


LIST_START = re.compile(r"^(?:[-+•–—*▪●○✓➢❖■➔]|\(?\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ][.)]|[IVX]{1,5}[.)])\s")
TABLE_TITLE = re.compile(r"^(?:Biểu mẫu|Biểu|Phụ lục|Mẫu số|Bảng)\s*(?:số\s*)?[\dIVXLC]+[a-z]?\b", re.IGNORECASE)
COLUMN_GAP = 2.5  # x font size: wider gaps separate side-by-side blocks


def line_pitches(lines: Sequence[Line]) -> list[float]:
    """Baseline-to-baseline distances of stacked lines of one text size, in font sizes."""
    out = []
    for a, b in zip(lines, lines[1:]):
        d = b.bottom - a.bottom
        if abs(a.size - b.size) <= 1 and a.x0 < b.x1 and b.x0 < a.x1 and 0 < d <= 2.5 * a.size:
            out.append(d / a.size)
    return out


def typical_pitch(pitches: Sequence[float], default: float = 1.2) -> float:
    """The line pitch inside paragraphs: the median, since most neighbouring lines
    of a report share a paragraph (measure over a whole document, not one page)."""
    if not pitches:
        return default
    ordered = sorted(pitches)
    return ordered[(len(ordered) - 1) // 2]


def _continues(para: list[Line], s: Line, pitch: float, left: float, right: float) -> bool:
    """Does line s carry on paragraph para (the line above it in the same column)?"""
    last = para[-1]
    if not (s.x0 < last.x1 and last.x0 - 3 * s.size < s.x1):  # allow for a first-line indent
        return False
    if abs(s.size - last.size) > 1 or s.bold != last.bold or s.italic != last.italic:
        return False
    d = s.bottom - last.bottom
    if d <= 0 or d > 1.25 * pitch * last.size:
        return False
    if LIST_START.match(s.text) or (len(s.words) <= 5 and TABLE_TITLE.match(s.text)):
        return False
    full = last.x1 - last.x0 >= 0.8 * (right - left)
    if abs((s.x0 + s.x1) - (last.x0 + last.x1)) < s.size:
        # centred lines: only a full line wraps (else: title, then subtitle); titles
        # are set tighter than body text, so separate titles are told apart by spacing
        return full and d <= 1.25 * min(pitch, 1.2) * last.size
    edge = max(ln.x1 for ln in para) if len(para) > 1 else right
    if last.x1 < edge - 2.5 * last.size:
        return False  # the previous line stopped short: its paragraph ended
    return s.x0 <= last.x0 + 0.8 * s.size  # else: first-line indent of a new paragraph


def lines_to_paragraphs(lines: Sequence[Line], pitch: float | None = None) -> list[list[Line]]:
    """Group lines into paragraphs by vertical gaps, indents and short last lines.

    Lines are first cut at wide gaps so side-by-side blocks (letterhead, signature
    columns) become separate paragraphs rather than one interleaved text.
    `pitch` is the usual line pitch in font sizes (see typical_pitch).
    """
    segs = [s for ln in lines for s in split_line(ln, COLUMN_GAP)]
    segs.sort(key=lambda s: (s.top, s.x0))
    if not segs:
        return []
    if pitch is None:
        pitch = typical_pitch(line_pitches(segs))
    left = min(s.x0 for s in segs)
    right = max(s.x1 for s in segs)
    paras: list[list[Line]] = []
    for s in segs:
        for p in reversed(paras[-6:]):
            if _continues(p, s, pitch, left, right):
                p.append(s)
                break
        else:
            paras.append([s])
    paras.sort(key=lambda p: (p[0].top, p[0].x0))
    return paras
