"""Comparable forms of a printed row label, for normalize.match.

A label becomes up to four keys: the whole label and the label without its parenthetical
explanations, each also without the optional words; each key is kept accented and
accent-free, with the discriminator words and the numbers it holds (a label that has one
and a choice that lacks it is penalised). Everything here is memoised: the same parent rows,
titles and labels recur in every report of a template.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex

from normalize.text import (
    fix_ocr,
    normalize_vi,
    strip_diacritics,
    strip_html,
    strip_leading_marker,
    strip_parentheticals,
)

# Words that flip the meaning of otherwise near-identical labels; a label that
# has one of these and a choice that lacks it (or the reverse) is penalised.
DISCRIMINATORS: dict[str, tuple[str, ...]] = {
    "rate": ("tỷ lệ",),
    "full": ("toàn trình",),
    "partial": ("một phần",),
    "province": ("cấp tỉnh",),
    "district": ("cấp huyện",),
    "commune": ("cấp xã",),
    "ontime": ("đúng hạn",),
    "late": ("quá hạn", "trễ hạn"),
    "civil_servant": ("công chức",),
    "public_employee": ("viên chức",),
    "education": ("giáo dục",),
    "health": ("y tế",),
    "culture": ("văn hóa", "thể dục thể thao"),
    "other_sector": ("sự nghiệp khác",),
}

_NUMBER = regex.compile(r"\d+")
# Words whose presence does not change the concept: "hồ sơ TTHC" = "hồ sơ", and
# the reporting-period tails newer templates append ("… trong kỳ báo cáo").
_OPTIONAL_WORDS = regex.compile(r"(?<=\bhồ sơ) thủ tục hành chính\b|\s*\btrong (?:kỳ báo cáo|kỳ|năm)\b")


@dataclass(frozen=True)
class _Key:
    """One comparable form of a label: accented and accent-free, with its discriminators."""

    text: str
    bare: str
    marks: frozenset[str]
    bare_marks: frozenset[str]
    numbers: frozenset[str]


_ACCENTED_DISCRIMINATORS = {name: tuple(normalize_vi(w) for w in words) for name, words in DISCRIMINATORS.items()}
_BARE_DISCRIMINATORS = {
    name: tuple(strip_diacritics(w) for w in words) for name, words in _ACCENTED_DISCRIMINATORS.items()
}


def _padded(table: dict[str, tuple[str, ...]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The words of a discriminator table as ' word ', made once (asked for every key and label)."""
    return tuple((name, tuple(f" {w} " for w in words)) for name, words in table.items())


_ACCENTED_PADDED, _BARE_PADDED = _padded(_ACCENTED_DISCRIMINATORS), _padded(_BARE_DISCRIMINATORS)


def _discriminators(text: str, table: tuple[tuple[str, tuple[str, ...]], ...]) -> frozenset[str]:
    padded = f" {text} "
    return frozenset(name for name, words in table if any(w in padded for w in words))


def _make_key(normalized: str) -> _Key:
    bare = strip_diacritics(normalized)
    return _Key(
        text=normalized,
        bare=bare,
        marks=_discriminators(normalized, _ACCENTED_PADDED),
        bare_marks=_discriminators(bare, _BARE_PADDED),
        numbers=frozenset(_NUMBER.findall(normalized)),
    )


def _clean_label(label: str) -> str:
    return strip_leading_marker(strip_html(unicodedata.normalize("NFC", label or ""))).strip()


def _without_code(label: str, code: str | None) -> str:
    """Drop the row code when it leaked into the label cell ("6.1 Số lượng phiếu khảo sát")."""
    code = (code or "").strip()
    text = (label or "").lstrip()
    if code and text.startswith(code) and text[len(code):len(code) + 1] in (" ", "\t"):
        return text[len(code):]
    return label


# normalize_vi is pure and the same parent rows, table titles and labels recur in every
# report of a template: memoised here, where the matcher calls it again and again. The key
# without OCR repairs is kept apart, so that telling whether they applied costs no second pass.
@lru_cache(maxsize=65_536)
def _norm_plain(text: str) -> str:
    return normalize_vi(text, ocr=False)


@lru_cache(maxsize=65_536)
def _norm(text: str) -> str:
    """normalize_vi(text): its OCR repairs applied to the memoised key without them."""
    return fix_ocr(_norm_plain(text))


def _label_keys(label: str) -> list[_Key]:
    """The full label and the label without parenthetical explanations, each also
    without optional words."""
    return list(_label_keys_cached(label))


@lru_cache(maxsize=65_536)
def _label_keys_cached(label: str) -> tuple[_Key, ...]:
    clean = _clean_label(label)
    forms = [_norm(clean), _norm(strip_parentheticals(clean))]  # _ocr_repaired asks _norm(clean) too
    forms += [_OPTIONAL_WORDS.sub("", f).strip() for f in forms]
    return tuple(_make_key(f) for f in dict.fromkeys(f for f in forms if f))
