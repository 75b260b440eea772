"""Cell and header text as OCR misreads it, read back where only one reading fits.

A scan loses diacritics and small marks: "TỐT" comes out "TÓT", "TOT" or "TOÓT", "KHÁ" as
"KHẢ", and a score column's header "(điểm chuẩn tối đa: 15đ)" as "(điểm chuẩn tôi đa. 154)",
"(điềm chuẩn tôi đa: 1$đ)" or "(… tôi đa: 1 5) 12.451". The number reader then has no
maximum for the column and reads its "13,122" as thirteen thousand. Both are read back here,
each only when one reading fits, and the caller flags what was read this way:

* `value_word(text)`: a cell whose letters fold (no diacritics, doubled letters as one) to
  exactly one word of schemas/cell_words.csv kinds `grade` and `verdict` is that word
  (flag ``cell_word_repaired``);
* `ocr_header_maximum(header, texts)`: a score header whose maximum cue ("tối đa", "điểm
  chuẩn"; schemas/number_forms.csv `maximum_before`) is found only without its diacritics,
  or whose maximum carries OCR look-alikes ("1$", "I 5", "l5") or an "đ" read as "4"
  ("154"), gives the maximum that every value of the column fits under (flag
  ``maximum_ocr_read``); none when the column's values do not all fit under one reading;
* `shared_denominator(texts)` and `restored_slash(text, denominator)`: a score or rank whose
  slash OCR lost ("4263" among "62/63", "34/63"; "47.1380" among "41,02/80", "40.53/80") is
  read as 'a/b' when its digits end in the denominator the column's other cells all share
  and what comes before fits under it (flag ``slash_restored``: a reading, for review);
* `slashed_header(header, parts)`: a header naming the parts of an 'a/b/c' cell whose slash
  OCR read as a look-alike glued between two names ("hỗ trợfTổng hồ sơ" for "hỗ trợ/Tổng
  hồ sơ") has it put back, when that gives exactly as many names as the cell has parts
  (flag ``header_slash_ocr_read``).

Pure functions; the word lists are data (schemas/cell_words.csv, schemas/number_forms.csv,
schemas/ocr_forms.csv for the look-alikes of digits and slashes in a header).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable

from schemas.load import cell_words, rows

__all__ = ["FLAG_CELL_WORD_REPAIRED", "FLAG_HEADER_SLASH_OCR_READ", "FLAG_MAXIMUM_OCR_READ", "FLAG_SLASH_RESTORED",
           "fold", "ocr_header_maximum", "restored_slash", "shared_denominator", "slashed_header", "value_word"]

FLAG_CELL_WORD_REPAIRED = "cell_word_repaired"
FLAG_MAXIMUM_OCR_READ = "maximum_ocr_read"
FLAG_HEADER_SLASH_OCR_READ = "header_slash_ocr_read"
FLAG_SLASH_RESTORED = "slash_restored"


def fold(text: str) -> str:
    """Lowercase, no diacritics ('đ' as 'd'), runs of one letter as one ('toót' -> 'tot')."""
    s = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return re.sub(r"([^\W\d_])\1+", r"\1", s)


@lru_cache(maxsize=1)
def _words_by_fold() -> dict[str, str | None]:
    """Folded form -> the one word of that form (None when two words share it)."""
    out: dict[str, str | None] = {}
    for w in dict.fromkeys(cell_words("grade") + cell_words("verdict")):
        key = fold(w)
        out[key] = w if out.get(key, w) == w else None
    return out


_LETTERS_ONLY = re.compile(r"^[^\W\d_]+(?: [^\W\d_]+)*$")


def value_word(text: str) -> str | None:
    """The grade or verdict word a cell OCR read without (or with wrong) diacritics is, in the
    cell's case ('TÓT' -> 'TỐT', 'Kha' -> 'Khá'); None when the cell is such a word as printed,
    is no such word, or folds to two of them."""
    t = unicodedata.normalize("NFC", " ".join(text.split())).strip(" .,:;-_'`|")
    if not t or not _LETTERS_ONLY.match(t):
        return None
    word = _words_by_fold().get(fold(t))
    if not word or word == t.casefold():
        return None
    out = word.upper() if t.isupper() else word[:1].upper() + word[1:] if t[:1].isupper() else word
    return None if out == t else out


# ------------------------------------------------------------------ a header's maximum


@lru_cache(maxsize=1)
def _lookalikes() -> dict[str, str]:
    """Characters OCR reads in place of a digit in a header's maximum (schemas/ocr_forms.csv)."""
    return {r["char"]: r["digit"] for r in rows("ocr_forms.csv", required=("kind", "char", "digit"))
            if r["kind"] == "header_digit"}


@lru_cache(maxsize=1)
def _slash_re() -> re.Pattern[str]:
    """A look-alike of '/' (schemas/ocr_forms.csv `header_slash`) between a lowercase word and a
    capital, glued to one of them: 'trợfTổng', 'trợ lTổng' (no printed word has a capital after a
    lowercase letter, nor ends in these letters before one)."""
    chars = "".join(r["char"] for r in rows("ocr_forms.csv", required=("kind", "char")) if r["kind"] == "header_slash")
    return re.compile(rf"(?<=[^\W\d_])(?P<a>\s?)[{re.escape(chars)}](?P<b>\s?)(?=[^\W\d_])")


def slashed_header(header: str, parts: int) -> str | None:
    """The header with the look-alikes of '/' between its last level's part names made slashes
    ('Số lượng hồ sơ hỗ trợfT ông hồ sơ trực tuyến/Tổng số hồ sơ', 3 parts -> '… hỗ trợ/T ông …'),
    when that gives `parts` names; None otherwise (nothing to put back, or a count that differs)."""
    head, sep, last = header.rpartition(" · ")
    missing = parts - 1 - last.count("/")
    if missing <= 0:
        return None
    spots = [m for m in _slash_re().finditer(last)  # glued on one side at least: 'trợfT ông', 'trợ lTổng'
             if last[m.start() - 1].islower() and last[m.end()].isupper() and not (m["a"] and m["b"])]
    if len(spots) != missing:
        return None  # none, or more candidates than lost slashes: no way to tell which
    out = last
    for m in reversed(spots):
        out = out[:m.start()] + "/" + out[m.end():]
    return head + sep + out


def _form_words(kind: str) -> tuple[str, ...]:
    return tuple(r["word"] for r in rows("number_forms.csv", required=("kind", "word")) if r["kind"] == kind)


@lru_cache(maxsize=1)
def _maximum_re() -> re.Pattern[str]:
    cues = sorted({fold(w) for w in _form_words("maximum_before")}, key=len, reverse=True)
    look = re.escape("".join(_lookalikes()))
    # the cue, a ':' or '.' OCR may make of its colon, then the maximum: digits and look-alikes,
    # spaces inside ('1 5'), an optional unit letter ('đ' folds to 'd') before ')' or the end
    # (a word or two OCR garbled may sit between: "điểm chuẩn tôi ảa. 15" for "… tối đa: 15")
    return re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, cues))})(?:\s+[^\W\d_]{{1,4}}){{0,2}}\s*[:.,;]?\s*"
                      rf"(?P<n>[0-9{look}](?:\s?[0-9{look}]){{0,3}})\s*(?P<u>d(?:iem)?)?\s*(?:\)|$)")



@lru_cache(maxsize=1)
def _score_words() -> tuple[str, ...]:
    return tuple(fold(w) for w in _form_words("score_unit"))


_DECIMAL = re.compile(r"^[0-9]{1,4}(?:[.,][0-9]+)?%?$")


_SHARE = 0.8  # at least this share of a column's cells are plain numbers, and as many fit under the maximum
_OUTLIERS = 0.1  # the rest (a digit misread: '43,253' among '13,122') are flagged over_maximum by the parser


def _fits(maximum: float, values: list[float]) -> bool:
    above = sum(v > maximum for v in values)
    return above <= _OUTLIERS * len(values) and above < len(values)


def ocr_header_maximum(header: str, texts: Iterable[str]) -> float | None:
    """The maximum an OCR-garbled score header states ('(điểm chuẩn tôi đa. 154)' -> 15 when every
    value of the column, read with either mark as the decimal, fits under 15), or None.
    Only for headers whose maximum the exact reading (number_forms.header_maximum) does not find."""
    h = fold(unicodedata.normalize("NFC", header or ""))
    if not any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", h) for w in _score_words()):
        return None
    found = [m for m in _maximum_re().finditer(h)]
    if len(found) != 1:
        return None  # no maximum, or two: nothing to choose between
    m = found[0]
    digits = "".join(_lookalikes().get(ch, ch) for ch in m["n"] if not ch.isspace())
    if not digits.isdigit() or digits.startswith("0") or all(ch.isalpha() or ch.isspace() for ch in m["n"]):
        return None
    values, filled = [], 0
    for t in texts:
        t = (t or "").strip().replace(" ", "")
        if t:
            filled += 1
            if _DECIMAL.match(t):
                values.append(float(t.rstrip("%").replace(",", ".")))
    if len(values) < max(2, _SHARE * filled):
        return None  # too few plain numbers to say what the column holds
    # an 'đ' (the unit, 'điểm') read as a '4' glued to the maximum: '154' for '15đ'
    shorter = digits[:-1] if digits.endswith("4") and len(digits) >= 2 and not m["u"] else None
    if shorter:
        under = sum(v <= float(shorter) for v in values)
        if under >= len(values) / 2:  # the column is read under the shorter one: it is that or none
            return float(shorter) if _fits(float(shorter), values) else None
    return float(digits) if _fits(float(digits), values) else None


# ------------------------------------------------------------------ a cell's lost slash


_OUT_OF = re.compile(r"^\(?\d[\d.,]*/(?P<b>\d[\d.,]*)\)?$")
_BARE_NUMBER = re.compile(r"^\d[\d.,]*$")
_MIN_SHARED = 2  # cells that state the denominator, at least


def shared_denominator(texts: Iterable[str]) -> str:
    """The denominator every 'a/b' cell of a column shares ('63' for '62/63', '34/63', '39/63'),
    when at least two state it and the column's other filled cells are fewer bare numbers; ''
    otherwise."""
    found, bare, filled = [], 0, 0
    for t in texts:
        t = (t or "").strip().replace(" ", "")
        if not t:
            continue
        filled += 1
        m = _OUT_OF.match(t)
        if m:
            found.append(m["b"])
        elif _BARE_NUMBER.match(t):
            bare += 1
    if len(found) < _MIN_SHARED or len(set(found)) != 1 or bare >= len(found) or len(found) + bare < filled:
        return ""
    return found[0]


def restored_slash(text: str, denominator: str, whole: bool = False) -> str | None:
    """The cell 'a/b' a bare number is once the slash OCR lost is put back: its digits end in the
    column's `denominator` and the rest, read with either decimal mark, is a number not above it
    ('4263' under ranks out of 63 -> '42/63'; '47.1380' under scores out of 80 -> '47.13/80'), a
    whole number when `whole` (a rank has no decimals); None otherwise."""
    t = (text or "").strip().replace(" ", "")
    if not denominator or not _BARE_NUMBER.match(t) or not t.endswith(denominator):
        return None
    head = t[: -len(denominator)]
    marks = head.count(".") + head.count(",")
    if not head or not head[-1].isdigit() or not head[0].isdigit() or marks > 1 or (whole and marks):
        return None
    try:
        a, b = float(head.replace(",", ".")), float(denominator.replace(".", "").replace(",", "."))
    except ValueError:
        return None
    return f"{head}/{denominator}" if 0 < a <= b else None
