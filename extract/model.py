"""The one document model every reader produces.

A document is an ordered list of blocks: paragraphs and tables. Nothing after a
reader knows the file format; it only sees these records. Positions are kept so
that every value can point back at its source (page and bbox for PDFs and scans,
line numbers for text, table/row/column everywhere).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in page points (or pixels for images)


@dataclass(frozen=True)
class Provenance:
    """Where a piece of text was read. Fields a format cannot know stay None."""

    page: int | None = None  # 1-based page number
    line: int | None = None  # 1-based line in a text source; body-element position in a Word file
    bbox: BBox | None = None


@dataclass(frozen=True)
class Cell:
    """One table cell at its grid position (after merged cells are resolved)."""

    text: str
    row: int
    col: int
    row_span: int = 1
    col_span: int = 1
    prov: Provenance = Provenance()
    confidence: float = 1.0  # reader's own confidence (OCR word confidence); 1.0 for born-digital text


@dataclass(frozen=True)
class Paragraph:
    text: str
    prov: Provenance = Provenance()
    heading_level: int = 0  # 0 = body text; 1.. = markdown/Word heading level
    bold: bool = False


@dataclass(frozen=True)
class Table:
    """A grid of cells. `rows[i]` holds the cells of grid row i, ordered by column.

    A table continued over a page break arrives as fragments; `stitch.py` joins
    them for every reader (repeated header rows dropped). A label wrapped onto
    several lines inside one cell stays one cell.
    """

    rows: tuple[tuple[Cell, ...], ...]
    prov: Provenance = Provenance()
    index: int = 0  # 0-based position among the document's tables

    @property
    def n_cols(self) -> int:
        return max((c.col + c.col_span for r in self.rows for c in r), default=0)

    def texts(self) -> list[list[str]]:
        """Rows as plain lists of strings, padded to the grid width."""
        width = self.n_cols
        out = []
        for r in self.rows:
            line = [""] * width
            for c in r:
                line[c.col] = c.text
            out.append(line)
        return out


Block = Union[Paragraph, Table]


@dataclass(frozen=True)
class Document:
    source: Path
    kind: str  # "text", "docx", "pdf", "image"
    blocks: tuple[Block, ...]
    n_pages: int | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)
    warning_codes: tuple[str, ...] = field(default_factory=tuple)  # stable slugs of the warnings: 'repaired', …

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]


class ReadError(Exception):
    """A file could not be read; the message names the reason (the caller adds the file).

    `ReadError(code, message)` with a stable slug as code ('too_large', 'corrupt', …);
    the one-argument form `ReadError(message)` leaves the code empty."""

    def __init__(self, code_or_message: str, message: str | None = None):
        if message is None:
            code_or_message, message = "", code_or_message
        super().__init__(message)
        self.code = code_or_message
