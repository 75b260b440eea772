"""What pdfium reports for one page: its characters and its straight strokes, in PDF
user space (y up). Nothing here knows about layout; pdf/reader.py turns the result
into an upright frame.

Speed: a page is a few thousand calls into pdfium, one or more per character and per
path segment. pypdfium2's prototyped functions check and convert every argument in
Python, which costs more than the C work behind most of these calls; the same C
functions called through bare function pointers (`_bare`: no argtypes, the result type
kept) skip that and take a third of the time. The arguments passed to them are always
ctypes objects or small ints, which is what the prototypes would have produced.
"""

from __future__ import annotations

import ctypes
import math
import re
import struct
from dataclasses import dataclass, field

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .text import Glyph

MAX_PATH_SEGMENTS = 50_000  # a page drawn with more strokes is a chart or map, not a table
BOLD_FONT = re.compile(rb"bold|black|heavy|demi|semibold|,b(?:old)?(?:italic)?$", re.IGNORECASE)
FORCE_BOLD = 1 << 18  # font descriptor flags
ITALIC_FLAG = 1 << 6
ITALIC_FONT = re.compile(rb"italic|oblique|,i$", re.IGNORECASE)
_SPACE_CODES = frozenset({0x20, 0xA0, 0x3000})
_BREAK_CODES = frozenset({0x0D, 0x0A, 0x09, 0x0C})
_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_RECT = struct.Struct("4f")  # FS_RECTF: float left, top, right, bottom


def _bare(fn):  # type: ignore[no-untyped-def]
    """The C function behind a pypdfium2 prototype, callable without argument checks."""
    try:
        f = type(fn)(ctypes.cast(fn, ctypes.c_void_p).value)
    except (TypeError, AttributeError, ctypes.ArgumentError):  # an unusual ctypes build: keep the checked call
        return fn
    f.restype = fn.restype
    return f


_count_chars = _bare(pdfium_c.FPDFText_CountChars)
_get_text = _bare(pdfium_c.FPDFText_GetText)
_get_unicode = _bare(pdfium_c.FPDFText_GetUnicode)
_get_box = _bare(pdfium_c.FPDFText_GetLooseCharBox)
_get_size = _bare(pdfium_c.FPDFText_GetFontSize)
_get_angle = _bare(pdfium_c.FPDFText_GetCharAngle)
_get_font = _bare(pdfium_c.FPDFText_GetFontInfo)
_unmapped = _bare(pdfium_c.FPDFText_HasUnicodeMapError)
_generated = _bare(pdfium_c.FPDFText_IsGenerated)
_obj_type = _bare(pdfium_c.FPDFPageObj_GetType)
_obj_matrix = _bare(pdfium_c.FPDFPageObj_GetMatrix)
_count_segments = _bare(pdfium_c.FPDFPath_CountSegments)
_get_segment = _bare(pdfium_c.FPDFPath_GetPathSegment)
_segment_point = _bare(pdfium_c.FPDFPathSegment_GetPoint)
_segment_type = _bare(pdfium_c.FPDFPathSegment_GetType)
_segment_close = _bare(pdfium_c.FPDFPathSegment_GetClose)
_draw_mode = _bare(pdfium_c.FPDFPath_GetDrawMode)
_stroke_color = _bare(pdfium_c.FPDFPageObj_GetStrokeColor)
_fill_color = _bare(pdfium_c.FPDFPageObj_GetFillColor)
_page_count_objects = _bare(pdfium_c.FPDFPage_CountObjects)
_page_get_object = _bare(pdfium_c.FPDFPage_GetObject)
_form_count_objects = _bare(pdfium_c.FPDFFormObj_CountObjects)
_form_get_object = _bare(pdfium_c.FPDFFormObj_GetObject)
_PATH, _IMAGE, _FORM = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM
_MOVETO, _LINETO = pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_LINETO


def _load_chars():  # type: ignore[no-untyped-def]
    """The compiled character loop, bound to the pdfium functions above; None where it
    was not built (no C compiler at install) or cannot take them."""
    try:
        from . import _chars
    except ImportError:
        return None
    fns = (pdfium_c.FPDFText_CountChars, pdfium_c.FPDFText_GetText, pdfium_c.FPDFText_GetUnicode,
           pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetFontSize, pdfium_c.FPDFText_GetCharAngle,
           pdfium_c.FPDFText_GetFontInfo, pdfium_c.FPDFText_HasUnicodeMapError, pdfium_c.FPDFText_IsGenerated)
    try:
        _chars.bind(*(ctypes.cast(fn, ctypes.c_void_p).value or 0 for fn in fns), Glyph)
        drawing = (pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, pdfium_c.FPDFPageObj_GetType,
                   pdfium_c.FPDFPath_CountSegments, pdfium_c.FPDFPath_GetPathSegment, pdfium_c.FPDFPathSegment_GetPoint,
                   pdfium_c.FPDFPathSegment_GetType, pdfium_c.FPDFPathSegment_GetClose, pdfium_c.FPDFPath_GetDrawMode,
                   pdfium_c.FPDFPageObj_GetStrokeColor, pdfium_c.FPDFPageObj_GetFillColor,
                   pdfium_c.FPDFPageObj_GetMatrix, pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject)
        _chars.bind_drawing(*(ctypes.cast(fn, ctypes.c_void_p).value or 0 for fn in drawing),
                            (_PATH, _IMAGE, _FORM, _MOVETO, _LINETO))
    except (TypeError, ValueError, ctypes.ArgumentError):
        return None
    return _chars


_chars = _load_chars()


# ------------------------------------------------------------------ characters


@dataclass
class PageGlyphs:
    """Characters as pdfium reports them. Their Glyph boxes are already in the layout frame
    of a page whose text is not turned (x from `left`, y down from `top`), which is what
    nearly every page needs; `boxes` keeps pdfium's own numbers for the other pages."""

    glyphs: list[Glyph]
    boxes: np.ndarray  # (glyphs, 5): left, bottom, right, top in PDF user space (y up), font size
    quarters: list[int | None]  # clockwise quarter turns of each glyph's text; None if skewed
    n_unmapped: int  # characters whose font has no Unicode map


def _quarter(angle: float) -> int | None:
    if angle < 0:
        return 0
    q = angle / (math.pi / 2)
    return int(round(q)) % 4 if abs(q - round(q)) < 0.06 else None


def page_glyphs(textpage: pdfium.PdfTextPage, left: float = 0.0, top: float = 0.0) -> PageGlyphs:
    """Every drawn character with its box; spaces only as word-break flags. A glyph
    without a font size takes its height. `left` and `top`: the page's crop box.

    Box and code are read per character; size, angle and font (for bold) per
    run of characters between spaces, which is where they change in practice
    and saves most of the calls into pdfium. The compiled loop (_chars.c) makes the
    same calls as `python_page_glyphs` and gives the same result, several times faster.
    """
    if _chars is None:
        return python_page_glyphs(textpage, left, top)
    glyphs, rects, run_of, runs, n_bad, n_sampled_unmapped = _chars.read(
        ctypes.cast(textpage.raw, ctypes.c_void_p).value or 0, left, top)
    if not glyphs:
        return PageGlyphs([], np.zeros((0, 5)), [], n_bad + 4 * n_sampled_unmapped)
    styles: dict[bytes, tuple[bool, bool]] = {}
    turns: dict[float, int | None] = {}
    run_quarter, styled = [], []
    for k, (_size, angle, font, flags) in enumerate(runs):
        style = styles.get(font)
        if style is None:
            style = styles[font] = _style(font, flags)
        if style != (False, False):
            styled.append((k, style))
        quarter = turns.get(angle, -1)
        if quarter == -1:
            quarter = turns[angle] = _quarter(angle)
        run_quarter.append(quarter)
    run = np.frombuffer(run_of, dtype=np.int32)
    if styled:  # the glyphs came plain: set bold and italic on the runs that have them
        starts = np.searchsorted(run, [k for k, _ in styled], side="left").tolist()
        ends = np.searchsorted(run, [k for k, _ in styled], side="right").tolist()
        for (_, (bold, italic)), a, b in zip(styled, starts, ends):
            for g in glyphs[a:b]:
                g.bold, g.italic = bold, italic
    l, t, r, b = np.frombuffer(rects, dtype=np.float32).reshape(-1, 4).astype(np.float64).T  # exact, as ctypes reads them
    size = np.asarray([x[0] for x in runs], dtype=np.float64)[run]
    quarters = np.asarray(run_quarter, dtype=object)[run].tolist()
    return PageGlyphs(glyphs, np.column_stack([l, b, r, t, size]), quarters, n_bad + 4 * n_sampled_unmapped)


def _style(font: bytes, flags: int) -> tuple[bool, bool]:
    """(bold, italic) of a font, from its name and its descriptor flags."""
    return (bool(BOLD_FONT.search(font)) or bool(flags & FORCE_BOLD),
            bool(ITALIC_FONT.search(font)) or bool(flags & ITALIC_FLAG))


def python_page_glyphs(textpage: pdfium.PdfTextPage, left: float = 0.0, top: float = 0.0) -> PageGlyphs:
    """page_glyphs in Python: where _chars is not built, and the reference it is tested against."""
    tp = textpage.raw
    n = _count_chars(tp)
    rect = pdfium_c.FS_RECTF()
    rect_p = ctypes.byref(rect)
    read_rect = _RECT.unpack_from  # the four fields in one call (left, top, right, bottom)
    get_box, unmapped, generated = _get_box, _unmapped, _generated
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    flags_p = ctypes.byref(flags)
    styles: dict[bytes, tuple[bool, bool]] = {}  # font name -> (bold, italic)
    turns: dict[float, int | None] = {}  # angle -> _quarter(angle)
    glyphs: list[Glyph] = []
    boxes: list[float] = []
    quarters: list[int | None] = []
    n_bad = n_sampled_unmapped = 0
    space = False
    run_start = True
    size, quarter, bold, italic = 0.0, 0, False, False
    add_glyph, add_box, add_quarter, new_glyph = glyphs.append, boxes.extend, quarters.append, Glyph  # called per character
    spaces, breaks = _SPACE_CODES, _BREAK_CODES
    for i, code in enumerate(_page_codes(tp, n)):
        if not 0x20 < code < 0xFFFD or code == 0xA0 or code == 0x3000:  # else a plain character
            if code in spaces:
                space = space or generated(tp, i) != 1  # spaces pdfium invents are not evidence
                run_start = True
                continue
            if code in breaks:
                run_start = True
                continue
            if code < 0x20 or 0xFFFD <= code <= 0xFFFF:
                n_bad += 1
                continue
        if not i & 3 and unmapped(tp, i) == 1:  # a sample (every 4th character) is enough to judge the page
            n_sampled_unmapped += 1
            continue
        if run_start:
            size = _get_size(tp, i)
            angle = _get_angle(tp, i)
            quarter = turns.get(angle, -1)
            if quarter == -1:
                quarter = turns[angle] = _quarter(angle)
            _get_font(tp, i, name, 128, flags_p)
            font = name.value
            style = styles.get(font)
            if style is None:
                style = styles[font] = _style(font, flags.value)
            bold, italic = style
            run_start = False
        get_box(tp, i, rect_p)
        l, t, r, b = read_rect(rect)
        y0, y1 = top - t, top - b  # Frame.user_to_layout of an unturned page, written out
        add_glyph(new_glyph(chr(code), l - left, y0, r - left, y1, size or y1 - y0, i, space, bold, italic))
        add_box((l, b, r, t, size))
        add_quarter(quarter)
        space = False
    return PageGlyphs(glyphs, np.asarray(boxes, dtype=np.float64).reshape(-1, 5), quarters,
                      n_bad + 4 * n_sampled_unmapped)


def _page_codes(tp: ctypes.c_void_p, n: int) -> list[int]:
    """The Unicode value of every character, as FPDFText_GetUnicode gives it.

    One FPDFText_GetText call for the page instead of one call per character. That
    text is UTF-16 and writes control and unmapped characters as U+FFFE: when its
    length is not one unit per character (characters beyond the BMP) every character
    is asked for, and the units that are not plain characters are asked for again."""
    get_unicode = _get_unicode
    buf = (ctypes.c_ushort * (n + 1))()
    if n == 0 or _get_text(tp, 0, n, buf) != n + 1:
        return [get_unicode(tp, i) for i in range(n)]
    codes = buf[:n]
    for i, code in enumerate(codes):
        if code < 0x20 or 0xD800 <= code <= 0xDFFF or code >= 0xFFFD:
            codes[i] = get_unicode(tp, i)
    return codes


# --------------------------------------------------------------------- strokes


@dataclass
class PageDrawing:
    segments: list[tuple[float, float, float, float]] = field(default_factory=list)
    n_images: int = 0
    too_complex: bool = False


class _Walker:
    """Reusable out-parameters for the calls made per path object and segment."""

    def __init__(self) -> None:
        self.matrix = pdfium_c.FS_MATRIX()
        self.matrix_p = ctypes.byref(self.matrix)
        self.fill, self.stroke = ctypes.c_int(), ctypes.c_int()
        self.fill_p, self.stroke_p = ctypes.byref(self.fill), ctypes.byref(self.stroke)
        self.rgba = [ctypes.c_uint() for _ in range(4)]
        self.rgba_p = [ctypes.byref(v) for v in self.rgba]
        self.x, self.y = ctypes.c_float(), ctypes.c_float()
        self.x_p, self.y_p = ctypes.byref(self.x), ctypes.byref(self.y)

    def matrix_of(self, obj: object, outer: tuple[float, ...]) -> tuple[float, ...]:
        """The object's matrix composed with its parents' (`outer`)."""
        m = self.matrix
        if not _obj_matrix(obj, self.matrix_p):
            a, b, c, d, e, f = _IDENTITY
        else:
            a, b, c, d, e, f = m.a, m.b, m.c, m.d, m.e, m.f
        A, B, C, D, E, F = outer
        return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)

    def visible(self, obj: object) -> bool:
        """Stroked, or filled with something darker than white (page backgrounds)."""
        if not _draw_mode(obj, self.fill_p, self.stroke_p):
            return False
        if self.stroke.value:
            read = _stroke_color(obj, *self.rgba_p)
        elif self.fill.value:
            read = _fill_color(obj, *self.rgba_p)
        else:
            return False
        if not read:
            return False  # no colour (pdfium wrote nothing): as if fully transparent
        r, g, b, a = self.rgba
        return a.value > 0 and min(r.value, g.value, b.value) < 240

    def segments(self, obj: object, n: int, m: tuple[float, ...], out: list[tuple[float, float, float, float]]) -> None:
        """Straight pieces of a path in user space (curves are never table borders)."""
        x, y, x_p, y_p = self.x, self.y, self.x_p, self.y_p
        x.value = y.value = 0.0  # what a point pdfium cannot read stays, as with fresh out-parameters
        a, b, c, d, e, f = m
        start = prev = None
        add = out.append
        for i in range(n):
            seg = _get_segment(obj, i)
            _segment_point(seg, x_p, y_p)
            px, py = x.value, y.value
            pt = (a * px + c * py + e, b * px + d * py + f)
            kind = _segment_type(seg)
            if kind == _MOVETO:
                start = pt
            elif kind == _LINETO and prev is not None:
                add((*prev, *pt))
            prev = pt
            if _segment_close(seg) and start is not None and prev != start:
                add((*prev, *start))
                prev = start


def page_drawing(page: pdfium.PdfPage) -> PageDrawing:
    """Straight strokes and image count, walking into form XObjects (the compiled walk
    where it is built: the same calls and arithmetic as `python_page_drawing`)."""
    if _chars is None:
        return python_page_drawing(page)
    segments, n_images, too_complex = _chars.drawing(ctypes.cast(page.raw, ctypes.c_void_p).value or 0,
                                                     MAX_PATH_SEGMENTS)
    return PageDrawing(segments, n_images, bool(too_complex))


def python_page_drawing(page: pdfium.PdfPage) -> PageDrawing:
    """page_drawing in Python: where _chars is not built, and the reference it is tested against."""
    out = PageDrawing()
    budget = [MAX_PATH_SEGMENTS]
    walker = _Walker()

    def walk(objs: list, outer: tuple[float, ...]) -> None:
        for obj in objs:
            kind = _obj_type(obj)
            if kind == _PATH:
                n = _count_segments(obj)
                budget[0] -= n
                if budget[0] < 0:
                    out.too_complex = True
                    return
                if n <= 1 or not walker.visible(obj):
                    continue
                walker.segments(obj, n, walker.matrix_of(obj, outer), out.segments)
            elif kind == _IMAGE:
                out.n_images += 1
            elif kind == _FORM:
                count = _form_count_objects(obj)
                walk([_form_get_object(obj, i) for i in range(count)], walker.matrix_of(obj, outer))

    raw = page.raw
    walk([_page_get_object(raw, i) for i in range(_page_count_objects(raw))], _IDENTITY)
    if out.too_complex:
        out.segments = []
    return out
