"""Vietnamese text normalization for comparing printed labels.

Everything here is a pure function of its input. `normalize_vi` produces a
*matching key*, not display text: it lowercases, unifies spelling variants,
spells out abbreviations and drops punctuation so that two printings of the
same label compare equal.
"""

from __future__ import annotations

import html
import unicodedata

import regex

from schemas.load import abbreviations

__all__ = [
    "ABBREVIATIONS",
    "expand_abbreviations",
    "fix_ocr",
    "normalize_vi",
    "strip_diacritics",
    "strip_html",
    "strip_leading_marker",
    "strip_parentheticals",
    "unify_i_y",
    "unify_tone_marks",
]

# Abbreviations used in CCHC reports, spelled out so that a table printing
# "TTHC" and another printing "thủ tục hành chính" compare equal. Keys are
# casefolded; longer keys are tried first so "cbccvc" wins over "cbcc".
# The list is data: schemas/abbreviations.csv.
ABBREVIATIONS: dict[str, str] = abbreviations()  # schemas/abbreviations.csv

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook, dot below
_WORD_EDGE_L = r"(?<![\p{L}\p{M}\p{N}])"
_WORD_EDGE_R = r"(?![\p{L}\p{M}\p{N}])"

_FOOTNOTE_TAG = regex.compile(r"<sup\b[^>]*>.*?</sup\s*>", regex.IGNORECASE | regex.DOTALL)
_ANY_TAG = regex.compile(r"<[^<>]{0,200}>")
_SUPERSCRIPT_DIGITS = regex.compile(r"[\u00b9\u00b2\u00b3\u2070-\u2079]+")
_MARKDOWN_EMPHASIS = regex.compile(r"[*_]{1,3}")
_PARENTHETICAL = regex.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_LEADING_MARKER = regex.compile(
    r"^\s*(?:[-+•*–—]+|\d{1,2}(?:\.\d{1,2})*\.|\d{1,2}\)|[a-zđ]\)|[IVX]{1,4}\s*[.\-–])\s*"
)
_NON_WORD = regex.compile(r"[^\p{L}\p{M}\p{N}%]+")
_SPACES = regex.compile(r"\s+")

# Open syllables ending in oa/oe/uy: old-style placement puts the tone on the
# first vowel ("hòa", "khỏe", "thủy"), new style on the second ("hoà", "khoẻ",
# "thuỷ"). Matched on NFD text; "qu" + y is excluded because there "u" is part
# of the consonant and the tone always sits on "y" ("quý").
_TONE_ON_SECOND = regex.compile(
    rf"{_WORD_EDGE_L}(\p{{L}}*?)(?<!q)([ou])([aey])([{_TONES}]){_WORD_EDGE_R}"
)
_VALID_OPEN_PAIRS = {("o", "a"), ("o", "e"), ("u", "y")}
# The three characters every match of _TONE_ON_SECOND has in a row: most labels lack them,
# and this search costs a tenth of trying the word-edge pattern at every position.
_TONE_ON_SECOND_CORE = regex.compile(rf"[ou][aey][{_TONES}]")

# Syllables consonant + i/y with nothing after the vowel are spelled either way
# ("tỷ"/"tỉ", "kỹ"/"kĩ", "lý"/"lí"); y is taken as the canonical spelling.
_I_AFTER_CONSONANT = regex.compile(rf"{_WORD_EDGE_L}([hklmst])i([{_TONES}]?){_WORD_EDGE_R}")

# Typing/OCR slips seen in scanned reports. Applied only to the matching key.
_OCR_FIXES: tuple[tuple[regex.Pattern[str], str], ...] = (
    # "Công TTĐT", "Công/Trang Thông tin điện tử", "Công Dịch vụ công": the
    # hook of "Cổng" is often lost.
    (regex.compile(rf"{_WORD_EDGE_L}công(?=(?: trang)? thông tin điện tử)"), "cổng"),
    (regex.compile(rf"{_WORD_EDGE_L}công(?= dịch vụ công{_WORD_EDGE_R})"), "cổng"),
    (regex.compile(rf"{_WORD_EDGE_L}trực tuyển{_WORD_EDGE_R}"), "trực tuyến"),
    (regex.compile(rf"{_WORD_EDGE_L}thông kê{_WORD_EDGE_R}"), "thống kê"),
)


def strip_html(text: str) -> str:
    """Drop footnote markers (<sup>…</sup>, superscript digits) and other tags, unescape entities."""
    text = _FOOTNOTE_TAG.sub(" ", text)
    text = _ANY_TAG.sub(" ", text)
    text = _SUPERSCRIPT_DIGITS.sub(" ", text)
    return html.unescape(text)


def strip_parentheticals(text: str) -> str:
    """Remove "(…)" and "[…]" explanations, innermost first, e.g. "(Có tổ chức = 1; …)"."""
    previous = None
    while previous != text:
        previous = text
        text = _PARENTHETICAL.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def strip_leading_marker(text: str) -> str:
    """Remove a leading list marker or row code that leaked into a label ("- ", "3.1.1. ", "a) ")."""
    return _LEADING_MARKER.sub("", text, count=1)


def unify_tone_marks(text: str) -> str:
    """Put the tone of open oa/oe/uy syllables on the first vowel: "hoà" -> "hòa", "uỷ" -> "ủy"."""
    decomposed = unicodedata.normalize("NFD", text)
    if _TONE_ON_SECOND_CORE.search(decomposed) is None:
        return unicodedata.normalize("NFC", decomposed)

    def move(m: regex.Match[str]) -> str:
        head, first, second, tone = m.group(1), m.group(2), m.group(3), m.group(4)
        if (first.lower(), second.lower()) not in _VALID_OPEN_PAIRS:
            return m.group(0)
        return f"{head}{first}{tone}{second}"

    return unicodedata.normalize("NFC", _TONE_ON_SECOND.sub(move, decomposed))


def unify_i_y(text: str) -> str:
    """Spell consonant + i/y syllables with y: "tỉ lệ" -> "tỷ lệ", "kĩ" -> "kỹ" (expects lowercase)."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _I_AFTER_CONSONANT.sub(r"\1y\2", decomposed))


def _abbreviation_pattern(key: str) -> regex.Pattern[str]:
    return regex.compile(_WORD_EDGE_L + regex.escape(key) + _WORD_EDGE_R)


def _expansion_with_echo(key: str, expansion: str) -> regex.Pattern[str]:
    """ "văn bản quy phạm pháp luật (VBQPPL)": the spelled-out form followed by its own abbreviation."""
    words = [regex.escape(w) for w in expansion.split()]
    body = r"[\s,\-]+".join(words)
    return regex.compile(rf"({body})\s*\(\s*{regex.escape(key)}\s*\)")


def _build_abbreviation_rules() -> tuple[tuple[str, str], ...]:
    keys: dict[str, str] = dict(ABBREVIATIONS)
    # OCR often loses the stroke of đ ("HDND", "TTDT"); accept both spellings.
    for key, expansion in ABBREVIATIONS.items():
        keys.setdefault(key.replace("đ", "d"), expansion)
    return tuple(sorted(keys.items(), key=lambda kv: -len(kv[0])))


_ABBREVIATION_RULES = _build_abbreviation_rules()  # (abbreviation, expansion), longest first
_ABBREVIATION_PATTERNS: dict[str, tuple[regex.Pattern[str], regex.Pattern[str]]] = {}


def _abbreviation_patterns(key: str, expansion: str) -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """The echo and whole-word patterns of one abbreviation, compiled when first needed."""
    patterns = _ABBREVIATION_PATTERNS.get(key)
    if patterns is None:
        patterns = _ABBREVIATION_PATTERNS[key] = (_expansion_with_echo(key, expansion), _abbreviation_pattern(key))
    return patterns


def expand_abbreviations(text: str) -> str:
    """Spell out known abbreviations as whole words (expects casefolded text)."""
    for key, expansion in _ABBREVIATION_RULES:
        if key not in text:
            continue  # both patterns match the abbreviation literally: nothing to do
        echo, pattern = _abbreviation_patterns(key, expansion)
        text = echo.sub(r"\1", text)
        text = pattern.sub(expansion, text)
    return text


def fix_ocr(text: str) -> str:
    """Repair a few OCR/typing confusions (expects casefolded, expanded text)."""
    for pattern, replacement in _OCR_FIXES:
        text = pattern.sub(replacement, text)
    return text


def normalize_vi(text: str, *, ocr: bool = True) -> str:
    """Matching key for a Vietnamese label: NFC, no markup, casefolded, spelling and
    abbreviations unified, punctuation collapsed to single spaces.

    `ocr=False` skips the OCR repairs, which lets a caller tell whether they applied.
    """
    text = unicodedata.normalize("NFC", text or "")
    text = strip_html(text)
    text = _MARKDOWN_EMPHASIS.sub(" ", text)
    text = unicodedata.normalize("NFC", text.casefold())
    text = unify_tone_marks(text)
    text = unify_i_y(text)
    text = _SPACES.sub(" ", text)
    text = expand_abbreviations(text)
    text = _NON_WORD.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    if ocr:
        text = fix_ocr(text)
    return text


class _Uncombined(dict):
    """str.translate table dropping combining characters, filled in as characters are met
    (one C-level lookup per character instead of a Python call)."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_UNCOMBINED = _Uncombined()


def strip_diacritics(text: str) -> str:
    """Remove all Vietnamese diacritics, including the stroke of đ/Đ."""
    bare = unicodedata.normalize("NFD", text or "").translate(_UNCOMBINED)
    return unicodedata.normalize("NFC", bare.replace("đ", "d").replace("Đ", "D"))
