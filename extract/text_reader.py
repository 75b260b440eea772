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

from .model import Block, Cell, Document, Paragraph, Provenance, ReadError, Table
from .text_layout import find_layout_table

_FOOTNOTE = regex.compile(r"<sup>\s*\d{1,2}\s*</sup>", regex.I)
_TAG = regex.compile(r"</?(?:b|i|u|em|strong|sup|sub|span|br|p|font)\b[^>]*>", regex.I)
_MD_HEADING = regex.compile(r"^(#{1,6})\s+(.*)$")
_MD_EMPHASIS = regex.compile(r"(\*\*\*|\*\*|__)(.+?)\1")
_MD_ITALIC = regex.compile(r"(?<![\w*])\*(?!\s)([^*]+?)(?<!\s)\*(?![\w*])")
_SPACES = regex.compile(r"[ \t\u00a0\u2000-\u200b\u202f]+")

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
    return decode_text_checked(data)[0]


def decode_text_checked(data: bytes) -> tuple[str, tuple[str, ...]]:
    """The text and warnings about it (a few invalid bytes replaced)."""
    if not data.strip():
        raise ReadError("empty", "empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), ()
    sample = data[:65536]
    if b"\x00" in sample or sum(b in _CONTROL for b in sample) > len(sample) * 0.01:
        raise ReadError("unsupported", "binary content, not a text file")
    warnings: tuple[str, ...] = ()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text, bad = _mostly_utf8(data)
        if text is not None:
            return unicodedata.normalize("NFC", text), (f"{bad} invalid UTF-8 byte sequence(s) replaced by U+FFFD",)
        try:
            text = data.decode("cp1258")  # Windows Vietnamese, still common in old archives
        except UnicodeDecodeError as exc:
            raise ReadError(f"not UTF-8 or Windows-1258 text ({exc.reason} at byte {exc.start})") from exc
    return unicodedata.normalize("NFC", text), warnings


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
        raise ReadError("not_found", f"cannot read file: {exc.strerror or exc}") from exc
    text, warnings = decode_text_checked(data)
    blocks = text_to_blocks(text.splitlines())
    if not any(b.text for b in blocks if isinstance(b, Paragraph)) and not any(isinstance(b, Table) for b in blocks):
        raise ReadError("empty", "empty file")
    return Document(source=path, kind="text", blocks=tuple(blocks), warnings=warnings,
                    warning_codes=("invalid_bytes",) * len(warnings))


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
    if not raw:
        return None
    level = 0
    m = _MD_HEADING.match(raw)
    if m:
        level, raw = len(m.group(1)), m.group(2)
    bold = bool(regex.fullmatch(r"\*\*.+\*\*.*", raw)) or bool(regex.fullmatch(r"<b>.+</b>", raw, flags=regex.I))
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
