"""Reader for reports that arrive as extracted text (.txt, .md).

Tables come in two shapes:
- tab-separated lines (text exported from Word): one line per row;
- the layout of text pulled out of a PDF, where a row is spread over several
  lines and columns are only spaces (see `text_layout.py`).

Markdown headings and bold, and stray HTML tags (<b>, <i>, <sup>) are removed
from the text; a footnote marker such as "<sup>1</sup>" is dropped entirely.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import regex

from .model import Block, Cell, Document, Paragraph, Provenance, ReadError, ReadWarning, Table, os_error
from .legacy import decode_legacy, guess_legacy, looks_vietnamese_cp1258
from .sniff import utf16_byte_order
from .text_layout import find_layout_table

_FOOTNOTE = regex.compile(r"<sup>\s*\d{1,2}\s*</sup>", regex.I)
_TAG = regex.compile(r"</?(?:b|i|u|em|strong|sup|sub|span|br|p|font)\b[^>]*>", regex.I)
_MD_HEADING = regex.compile(r"^(#{1,6})\s+(.*)$")
_MD_BOLD = regex.compile(r"\*\*.+\*\*.*")
_HTML_BOLD = regex.compile(r"<b>.+</b>", regex.I)
_MD_EMPHASIS = regex.compile(r"(\*\*\*|\*\*|__)(.+?)\1")
_MD_ITALIC = regex.compile(r"(?<![\w*])\*(?!\s)([^*]+?)(?<!\s)\*(?![\w*])")
_SPACES = regex.compile(r"[ \t\u00a0\u2000-\u200b\u202f]+")
# a line holding only a page number ("6", "- 12 -"): left behind when a PDF was saved as text
_PAGE_NUMBER_LINE = regex.compile(r"^[-–\s]*\d{1,3}[-–\s]*$")

# Bytes that never occur in a real text report; a few of them mean a binary file.
_CONTROL = set(range(0, 9)) | {11, 12} | set(range(14, 32))


def clean_inline(text: str) -> str:
    """Remove markup from one line or cell and collapse whitespace."""
    text = _FOOTNOTE.sub("", text)
    text = _TAG.sub("", text)
    text = _MD_EMPHASIS.sub(r"\2", text)
    text = _MD_ITALIC.sub(r"\1", text)
    text = text.replace("\\*", "*").replace("**", "")  # a bold run split over two lines
    return _SPACES.sub(" ", text).strip()


def decode_text(data: bytes) -> str:
    """Decode a text report, refusing binary content with a clear reason."""
    return decode_text_warned(data)[0]


def decode_text_warned(data: bytes) -> tuple[str, tuple[str, ...]]:
    """Text and its ReadWarnings. Tried in order: UTF-8 (BOM or not),
    UTF-16 (BOM, or the zero-byte pattern of ASCII text), then, for bytes that are not
    UTF-8, the legacy Vietnamese encodings TCVN3 and VNI (by their characters) and
    Windows-1258 (when its tone marks follow vowels)."""
    if not data.strip():
        raise ReadError("empty", "empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return unicodedata.normalize("NFC", data.decode("utf-16")), ()
    order = utf16_byte_order(data)
    if order:
        try:
            text = data[: len(data) - len(data) % 2].decode(order)
        except UnicodeDecodeError as exc:
            raise ReadError("corrupt", f"broken UTF-16 text ({exc.reason} at byte {exc.start})") from exc
        return unicodedata.normalize("NFC", text), (ReadWarning("utf16_no_bom", f"read as {order.upper()} without a byte-order mark"),)
    sample = data[:65536]
    if b"\x00" in sample or sum(b in _CONTROL for b in sample) > len(sample) * 0.01:
        raise ReadError("unsupported", "binary content, not a text file")
    try:
        return unicodedata.normalize("NFC", data.decode("utf-8-sig")), ()
    except UnicodeDecodeError as exc:
        utf8_error = exc
    text, bad = _mostly_utf8(data)
    if text is not None:  # a few stray bytes in a UTF-8 file: keep the text, say so
        return unicodedata.normalize("NFC", text), (
            ReadWarning("invalid_bytes", f"{bad} invalid UTF-8 byte sequence(s) replaced by U+FFFD"),)
    latin = data.decode("cp1252", errors="replace")
    legacy = guess_legacy(latin)
    if legacy:
        return decode_legacy(latin, legacy), (ReadWarning("legacy_encoding", f"text typed in {legacy.upper()}, converted to Unicode"),)
    try:
        text = data.decode("cp1258")  # Windows Vietnamese, still common in old archives
    except UnicodeDecodeError:
        text = None
    if text is not None and looks_vietnamese_cp1258(text):
        return unicodedata.normalize("NFC", text), (ReadWarning("cp1258", "text read as Windows-1258 (not UTF-8)"),)
    raise ReadError("corrupt", f"not UTF-8, UTF-16, TCVN3, VNI or Windows-1258 Vietnamese text "
                    f"({utf8_error.reason} at byte {utf8_error.start})")


def _mostly_utf8(data: bytes) -> tuple[str | None, int]:
    """UTF-8 with a few damaged bytes: the text with them replaced (and how many), when the
    valid multi-byte characters far outnumber the damage; else None (another encoding)."""
    text = data.decode("utf-8-sig", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    non_ascii = len(text) - len(text.encode("ascii", "ignore")) - bad
    return (text, bad) if non_ascii >= 10 * bad else (None, bad)


def read_text(path: Path) -> Document:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise os_error(exc) from exc
    text, warnings = decode_text_warned(data)
    blocks = text_to_blocks(text.splitlines())
    if not any(b.text for b in blocks if isinstance(b, Paragraph)) and not any(isinstance(b, Table) for b in blocks):
        raise ReadError("empty", "empty file")
    return Document(source=path, kind="text", blocks=tuple(blocks), warnings=warnings)


def text_to_blocks(lines: list[str]) -> list[Block]:
    """Split lines into paragraphs, tab tables and space-laid-out tables."""
    blocks: list[Block] = []
    i = 0
    pending_rows: list[tuple[int, str]] = []

    def flush_rows() -> None:
        if pending_rows:
            blocks.append(tab_rows_to_table(pending_rows))
            pending_rows.clear()

    while i < len(lines):
        line = lines[i]
        if "\t" in line and line.strip():
            pending_rows.append((i + 1, line))
            i += 1
            continue
        flush_rows()
        layout = find_layout_table(lines, i)
        if layout is not None:
            table, i = layout
            blocks.append(table)
            continue
        para = line_to_paragraph(line, i + 1)
        if para is not None:
            blocks.append(para)
        i += 1
    flush_rows()
    return blocks


def line_to_paragraph(line: str, lineno: int) -> Paragraph | None:
    raw = line.strip()
    if not raw or _PAGE_NUMBER_LINE.match(raw):
        return None
    level = 0
    m = _MD_HEADING.match(raw)
    if m:
        level, raw = len(m.group(1)), m.group(2)
    bold = bool(_MD_BOLD.fullmatch(raw)) or bool(_HTML_BOLD.fullmatch(raw))
    text = clean_inline(raw)
    if not text:
        return None
    return Paragraph(text=text, prov=Provenance(line=lineno), heading_level=level, bold=bold)


def tab_rows_to_table(rows: list[tuple[int, str]]) -> Table:
    grid: list[tuple[Cell, ...]] = []
    for r, (lineno, line) in enumerate(rows):
        parts = line.rstrip("\r\n").split("\t")
        grid.append(tuple(Cell(text=clean_inline(p), row=r, col=c, prov=Provenance(line=lineno))
                          for c, p in enumerate(parts)))
    return Table(rows=tuple(grid), prov=Provenance(line=rows[0][0]))
