"""A PDF line whose only characters to repair are spaces is tidied without the full repair, to the same text."""

from __future__ import annotations

import collections
import random
import unicodedata
from pathlib import Path

from extract.pdf import text

ROOT = Path(__file__).resolve().parents[1]


def _outside() -> list[str]:
    """Every character the short path may meet (not in _NEEDS_MORE)."""
    return [chr(cp) for cp in range(0x110000) if not text._NEEDS_MORE.search(chr(cp))]


def test_no_character_outside_the_class_brings_a_doubled_mark():
    # What makes NFD -> collapse doubled marks -> NFC the same as NFC alone: no such character
    # decomposes into a mark of U+0300-U+036F twice, or into one after a leading combining mark
    # (canonical reordering could then bring two together across characters).
    for ch in _outside():
        d = unicodedata.normalize("NFD", ch)
        marks = collections.Counter(c for c in d if "\u0300" <= c <= "\u036f")
        assert all(n == 1 for n in marks.values()), hex(ord(ch))
        assert not (d and unicodedata.combining(d[0]) and marks), hex(ord(ch))


def _texts() -> list[str]:
    lines = [line for p in sorted((ROOT / "samples").glob("*.txt")) for line in p.read_text(encoding="utf-8").splitlines()]
    rng = random.Random(3)
    alphabet = ["a", "ồ", "Đ", "ư", "̀", "́", "\u00a0", " ", "  ", "\u2003", "\t", "\u3000", "x", "ﬁ", "\u200b", "´",
                "ǘ", "\u0483", "\u0591", "é", "e\u0301", "1", ",", "%"]
    made = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(3000)]
    # only letters and spaces of every kind: the short path, with text that is and is not NFC
    clean = ["a", "ồ", "Đ", "ư", "ǘ", "é", "e\u0301"[0], " ", "  ", "\u2003", "\u3000", "\u2000", "ﾊ", "Å", "\u212b", "\u0483"]
    made += ["".join(rng.choice(clean) for _ in range(rng.randint(1, 30))) for _ in range(1000)]
    return lines + made


def test_the_short_path_gives_the_full_repair():
    short = 0
    for t in _texts():
        assert text._repair(t) == text._repair_all(t) or not text._NEEDS_REPAIR.search(t), repr(t)
        if text._NEEDS_REPAIR.search(t) and not text._NEEDS_MORE.search(t):
            short += 1
            assert text._tidy_spaces(t) == text._repair_all(t), repr(t)
    assert short > 1000  # the texts do take the short path
