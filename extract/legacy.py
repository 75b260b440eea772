"""Vietnamese text typed in the pre-Unicode encodings TCVN3 (ABC) and VNI.

Such text is stored as Latin-1 looking characters that only a matching font (.VnTime,
.VnArial, VNI-Times …) shows as Vietnamese: "B¸o c¸o" is TCVN3 for "Báo cáo",
"Baùo caùo" is VNI. The mapping tables are data, `schemas/legacy_tcvn3.csv` and
`schemas/legacy_vni.csv`; the result is Unicode NFC.

Fonts tell the encoding in Word files (`encoding_for_font`). In a plain text file only
the characters can: `guess_legacy` scores the characters each encoding would use.
"""

from __future__ import annotations

import csv
import functools
import unicodedata
from pathlib import Path

import regex

_SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"

# TCVN3 font names start with ".Vn" (.VnTime, .VnTimeH, .VnArial, .VnCentury …); the
# "H" fonts show every letter as a capital. VNI fonts are "VNI-Times", "VNI-Helve" …
_TCVN3_FONT = regex.compile(r"^\.?vn[a-z]", regex.I)
_VNI_FONT = regex.compile(r"^vni[- ]", regex.I)


def encoding_for_font(name: str | None) -> str | None:
    """'tcvn3', 'tcvn3_upper' (a .Vn…H capitals font), 'vni' or None for a Unicode font."""
    if not name:
        return None
    name = name.strip()
    if _VNI_FONT.match(name):
        return "vni"
    if name.startswith(".") and _TCVN3_FONT.match(name):
        base = name.split()[0].rstrip("0123456789")
        return "tcvn3_upper" if base.endswith("H") else "tcvn3"
    return None


@functools.lru_cache(maxsize=1)
def tcvn3_table() -> dict[str, str]:
    with (_SCHEMAS / "legacy_tcvn3.csv").open(encoding="utf-8") as fh:
        return {r["legacy"]: r["unicode"] for r in csv.DictReader(fh)}


@functools.lru_cache(maxsize=1)
def vni_table() -> dict[str, str]:
    with (_SCHEMAS / "legacy_vni.csv").open(encoding="utf-8") as fh:
        return {r["legacy"]: r["unicode"] for r in csv.DictReader(fh)}


@functools.lru_cache(maxsize=1)
def _vni_pattern() -> regex.Pattern:
    keys = sorted(vni_table(), key=len, reverse=True)  # two-character sequences before single marks
    return regex.compile("|".join(regex.escape(k) for k in keys))


def decode_tcvn3(text: str, upper: bool = False) -> str:
    table = tcvn3_table()
    out = "".join(table.get(ch, ch) for ch in text)
    if upper:
        out = out.upper()
    else:
        # TCVN3 has no byte for a capital toned letter: "BÁO CÁO" typed in a capitals font and
        # saved as text reads "B¸O C¸O". A word whose Latin letters are all capitals is capitals.
        out = _CAPS_WORD.sub(lambda m: m.group().upper() if _all_caps_ascii(m.group()) else m.group(), out)
    return unicodedata.normalize("NFC", out)


_CAPS_WORD = regex.compile(r"\p{L}+")


def _all_caps_ascii(word: str) -> bool:
    """Two or more letters that TCVN3 can write as capitals (Latin letters, Ă Â Ê Ô Ơ Ư Đ),
    all of them capitals: the word's small toned letters were typed as capitals."""
    casable = [c for c in word if c.isascii() or c in "ĂÂÊÔƠƯĐăâêôơưđ"]
    return len(casable) >= 2 and all(c.isupper() for c in casable)


def decode_vni(text: str) -> str:
    table = vni_table()
    return unicodedata.normalize("NFC", _vni_pattern().sub(lambda m: table[m.group()], text))


def decode_legacy(text: str, encoding: str) -> str:
    if encoding == "vni":
        return decode_vni(text)
    return decode_tcvn3(text, upper=encoding == "tcvn3_upper")


@functools.lru_cache(maxsize=1)
def _encoders() -> tuple[dict[str, str], dict[str, str]]:
    return {u: l for l, u in tcvn3_table().items()}, {u: l for l, u in vni_table().items()}


def encode_tcvn3(text: str) -> str:
    """Unicode -> TCVN3 characters (used to build test samples). Capital toned letters have
    no TCVN3 code in a normal font: they are written as the small letter (a .VnTimeH font
    shows them as capitals)."""
    to_legacy, _ = _encoders()
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in to_legacy:
            out.append(to_legacy[ch])
        elif ch.lower() in to_legacy and ch.lower() != ch:
            raise ValueError(f"'{ch}' has no TCVN3 code in a normal font (use a .VnTimeH run)")
        else:
            out.append(ch)
    return "".join(out)


_VNI_SEQ = regex.compile(r"[aeiouyAEIOUY][ùøûõïâáàåãäêéèúüëÙØÛÕÏÂÁÀÅÃÄÊÉÈÚÜË]|[ñÑöÖ]|[ôÔ][ùøûõïÙØÛÕÏ]")
_CP1258_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def guess_legacy(text: str) -> str | None:
    """'tcvn3' or 'vni' when the non-ASCII characters of `text` (decoded as Latin-1 /
    Windows-1252) follow that encoding's pattern; None when they do not."""
    high = [ch for ch in text if ord(ch) > 127]
    if len(high) < 5:
        return None
    vni_hits = len(_VNI_SEQ.findall(text))
    table = tcvn3_table()
    tcvn_hits = sum(ch in table for ch in high)
    # à ả ã á ạ ă â ê ô ơ ư đ in TCVN3 are symbols (µ ¶ · ¸ ¹ ¨ © ª « ¬ ­ ®) nobody types in
    # Vietnamese, and never VNI marks: their share tells TCVN3 from the other encodings
    specific = sum(ch in "µ¶·¸¹¨©ª«¬\xad®" for ch in high)
    if vni_hits >= 0.6 * len(high) and vni_hits > specific:
        return "vni"
    if tcvn_hits >= 0.9 * len(high) and specific >= 0.2 * len(high):
        return "tcvn3"
    return None


def looks_vietnamese_cp1258(text: str) -> bool:
    """True when text decoded as Windows-1258 reads as Vietnamese: tone marks after vowels."""
    marks = sum(ch in _CP1258_MARKS for ch in text)
    high = sum(ord(ch) > 127 for ch in text)
    return high > 0 and marks >= 0.2 * high
