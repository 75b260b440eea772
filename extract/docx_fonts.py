"""Runs of a Word file typed in a TCVN3 (.VnTime …) or VNI (VNI-Times …) font.

Old reports were typed with 8-bit Vietnamese fonts: the file stores Latin-1 looking
characters ("B¸o c¸o") that only the font shows as Vietnamese. The font of each run is
resolved the way Word does (run properties, character style, paragraph style chain,
document defaults; the hAnsi font is the one used for characters above ASCII) and the
text of legacy runs is rewritten to Unicode in the in-memory XML before it is read.
"""

from __future__ import annotations

import regex
from docx.oxml.ns import qn
from .docx_package import remembered
from .legacy import decode_legacy, encoding_for_font

_UNICODE_VI = regex.compile(r"[\u0100-\u01b0\u1ea0-\u1ef9\u0300-\u0323]")
# à ả ã á ạ ă â ê ô ơ ư đ in TCVN3 (µ ¶ · ¸ ¹ ¨ © ª « ¬ ­ ®) and VNI's marks after a vowel
_LEGACY_SIGNS = regex.compile(r"[µ¶·¸¹¨©ª«¬\xad®]|[aeiouyAEIOUY][ùøûõïâáàåãäêéèúüë]|ñ|ö")
_W_R, _W_T, _W_P = qn("w:r"), qn("w:t"), qn("w:p")
_W_VAL, _W_ID, _W_TYPE = qn("w:val"), qn("w:styleId"), qn("w:type")
# tag names made once: the run loop below asks for them thousands of times per file
_W_RPR, _W_PPR, _W_RFONTS = qn("w:rPr"), qn("w:pPr"), qn("w:rFonts")
_W_HANSI, _W_ASCII = qn("w:hAnsi"), qn("w:ascii")
_W_RSTYLE, _W_PSTYLE = qn("w:rStyle"), qn("w:pStyle")
_W_STYLE, _W_BASED, _W_DEFAULT = qn("w:style"), qn("w:basedOn"), qn("w:default")


def _child(el, tag: str):
    """el.find(tag) for one tag name, without ElementPath's per-call set-up."""
    return next(el.iterchildren(tag), None)


def _fonts_of(rpr) -> str | None:
    if rpr is None:
        return None
    fonts = _child(rpr, _W_RFONTS)
    if fonts is None:
        return None
    return fonts.get(_W_HANSI) or fonts.get(_W_ASCII)


class _Styles:
    def __init__(self, styles_el) -> None:
        self.font: dict[str, str | None] = {}
        self.based: dict[str, str | None] = {}
        self.default_para: str | None = None
        self.default_font: str | None = None
        if styles_el is None:
            return
        for st in styles_el.iter(_W_STYLE):
            sid = st.get(_W_ID)
            self.font[sid] = _fonts_of(st.find(_W_RPR))
            based = st.find(_W_BASED)
            self.based[sid] = based.get(_W_VAL) if based is not None else None
            if st.get(_W_TYPE) == "paragraph" and st.get(_W_DEFAULT) in ("1", "true"):
                self.default_para = sid
        rpr_default = styles_el.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{_W_RPR}")
        self.default_font = _fonts_of(rpr_default)

    def chain_font(self, sid: str | None) -> str | None:
        seen = set()
        while sid and sid not in seen:
            seen.add(sid)
            if self.font.get(sid):
                return self.font[sid]
            sid = self.based.get(sid)
        return None


# _Styles by styles element: the reader shares one parsed styles part between the reports
# that have the same styles.xml (extract/docx_package.styles_element), and it is never changed.
_STYLES_OF: dict[int, tuple[object, _Styles]] = {}


def _styles_for(styles_el) -> _Styles:
    if styles_el is None:
        return _Styles(None)
    # by identity; the element is held with its answer, so its id stays its own
    return remembered(_STYLES_OF, id(styles_el), lambda: (styles_el, _Styles(styles_el)))[1]


def _style_id(el, tag: str) -> str | None:
    ref = _child(el, tag)
    return ref.get(_W_VAL) if ref is not None else None


def _any_legacy_font(document_el, styles: _Styles) -> bool:
    """Whether any font a run can resolve to is a legacy one: the fonts of the styles and the
    defaults, and of every w:rFonts of the document as a run reads it (hAnsi, else ascii; a
    .VnTime ascii font beside a Unicode hAnsi font is never the one used)."""
    named = {styles.default_font, *styles.font.values()}
    add = named.add
    for fonts in document_el.iter(_W_RFONTS):
        add(fonts.get(_W_HANSI) or fonts.get(_W_ASCII))
    return any(encoding_for_font(name) is not None for name in named)


def convert_legacy_runs(document_el, styles_el) -> dict[str, int]:
    """Rewrite legacy-font runs of the main part's tree to Unicode; encoding -> runs converted.
    `styles_el` is its styles part (extract/docx_package.py), None for none."""
    styles = _styles_for(styles_el)
    if not _any_legacy_font(document_el, styles):
        return {}  # every run's font is one of these: nothing to resolve run by run
    encodings: dict[str | None, str | None] = {}  # font name -> encoding, asked once per name
    para_fonts: dict[object, str | None] = {}  # paragraph -> the font its style chain gives
    found: list[tuple[list, str, bool]] = []  # (w:t elements, encoding, holds Vietnamese Unicode)
    for run in document_el.iter(_W_R):
        # the font first: most runs are in a Unicode font, and then their text is not needed
        rpr = _child(run, _W_RPR)
        font = _fonts_of(rpr) or styles.chain_font(_style_id(rpr, _W_RSTYLE) if rpr is not None else None)
        if font is None:
            p = run.getparent()
            if p is not None and p.tag != _W_P:
                p = next((a for a in run.iterancestors(_W_P)), None)
            if p in para_fonts:
                font = para_fonts[p]
            else:
                ppr = _child(p, _W_PPR) if p is not None else None
                sid = _style_id(ppr, _W_PSTYLE) if ppr is not None else None
                font = para_fonts[p] = styles.chain_font(sid or styles.default_para)
        font = font or styles.default_font
        if font not in encodings:
            encodings[font] = encoding_for_font(font)
        encoding = encodings[font]
        if encoding is None:
            continue
        texts = [t for t in run.iter(_W_T) if t.text]
        if texts:
            found.append((texts, encoding, any(_UNICODE_VI.search(t.text) for t in texts)))
    # A legacy font does not prove legacy text: Unicode typed later into a .VnTime document
    # keeps the font. Runs holding Vietnamese Unicode letters (beyond Latin-1) vote against
    # converting; runs holding the commonest TCVN3/VNI letters vote for it.
    unicode_votes = sum(unicode for _, _, unicode in found)
    legacy_votes = sum(any(_LEGACY_SIGNS.search(t.text) for t in texts) for texts, _, _ in found)
    if unicode_votes > legacy_votes:
        return {}
    counts: dict[str, int] = {}
    for texts, encoding, unicode in found:
        if unicode:
            continue  # this run is Unicode already
        for t in texts:
            t.text = decode_legacy(t.text, encoding)
        counts[encoding] = counts.get(encoding, 0) + 1
    return counts
