"""Pairs of OCR words that may be one number the model split: "36, 124" for "36/124" (a slash
read as a comma or a space) and "Š" "I,79%" for "51,79%" (a digit read as a letter and set
apart). Pure tests on the words; the OCR reader reads each pair again as one crop and decides.
The look-alike letters are data (schemas/ocr_forms.csv, kind `split_digit`)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from schemas.load import rows

from .grid import OcrWord

# "36," "L" "I&" "01", "7.158," "90.09,": a part before a lost slash
SLASH_HEAD = re.compile(r"^\(?(?:[0-9lLI|!&]{1,3}|[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]{1,3}[.,][0-9]{1,2})[,.;:]?$")
# "124", "1Š", "7.385": a number, one look-alike at most
SLASH_TAIL = re.compile(r"^(?=.*[0-9])(?:[0-9lIOSŠ]{1,4}|[0-9]{1,3}(?:\.[0-9]{3})+)$")
TAIL_LOOKALIKES = str.maketrans("lIOSŠ", "11055")
SLASH_PAIR = re.compile(r"^\(?(?:[0-9]{1,3}(?:\.[0-9]{3})*|[0-9]{1,3}[.,][0-9]{1,2})/(?P<b>[0-9]{1,4}|[0-9]{1,3}(?:\.[0-9]{3})+)$")
PAIR_CONFIDENCE = 0.5  # a lower one is the digits model guessing (it read "1/15" for "11/15" at 0.0)


def slash_pairs(words: list[OcrWord]) -> list[tuple[int, int]]:
    """Words (i, j) that may be one "a/b" whose slash OCR read as a comma or a space ("Có 36,
    124 đơn vị" for "36/124"; a faint slash also splits the text block, so the two may be
    read apart): a short number or look-alike, then a number just right of it on the same
    line. Only the second look decides (see reader._second_look_words)."""
    tails = sorted((w.x0, j) for j, w in enumerate(words)
                   if SLASH_TAIL.match(w.text) and sum(not ch.isdigit() for ch in w.text) <= 1)
    xs = [x for x, _ in tails]
    out = []
    for i, a in enumerate(words):
        if not SLASH_HEAD.match(a.text) or a.text.isdigit():
            continue  # a plain number ("01 15", two cells side by side) is read as printed
        em = a.em or (a.bottom - a.top)
        for k in range(bisect_left(xs, a.x1), bisect_right(xs, a.x1 + 1.5 * em)):
            b = words[tails[k][1]]
            if abs(b.cy - a.cy) < 0.3 * em and b is not a:
                out.append((i, tails[k][1]))
                break
    return sorted(out, key=lambda p: words[p[0]].x0)  # the leftmost head first: its crop holds the others


_SPLIT_TAIL = re.compile(r"^(?=.*[0-9])[0-9lIO][0-9lIO.,]*%?[.,;:]?$")  # "I,79%", "1.234": the number after


@lru_cache(maxsize=1)
def _split_heads() -> frozenset[str]:
    return frozenset(r["char"] for r in rows("ocr_forms.csv", required=("kind", "char")) if r["kind"] == "split_digit")


def split_digit_pairs(words: list[OcrWord]) -> list[tuple[int, int]]:
    """Words (i, j): a lone letter or mark OCR reads in place of a digit ("Š", "§", "$") and, just
    right of it on the same line, a number: one number whose first digit the model set apart."""
    heads = _split_heads()
    out = []
    for i, a in enumerate(words):
        if a.text not in heads:
            continue
        em = a.em or (a.bottom - a.top)
        near = [j for j, b in enumerate(words) if b is not a and a.x1 <= b.x0 <= a.x1 + 0.6 * em
                and abs(b.cy - a.cy) < 0.3 * em and _SPLIT_TAIL.match(b.text)]
        if near:
            out.append((i, min(near, key=lambda j: words[j].x0)))
    return out


def one_digit_more(again: str, tail: str) -> bool:
    """Is `again` (the pair read as one crop) a number that is the `tail` as read first with one
    digit before it ("51,79%" for "Š" "1,79%")?"""
    core = tail.rstrip(".,:;")
    return bool(re.fullmatch(r"\d[\d.,]*%?", again)) and again[:1].isdigit() and again[1:] == core
