"""The one document model every reader produces.

A document is an ordered list of blocks: paragraphs and tables. Nothing after a
reader knows the file format; it only sees these records. Positions are kept so
that every value can point back at its source (page and bbox for PDFs and scans,
line numbers for text, table/row/column everywhere).

Invariants every reader keeps (tests/test_reader_invariants.py checks them for every
reader on every sample):

- Text is Unicode NFC, whitespace collapsed to single spaces, no leading/trailing space.
- No markup: no HTML tags, no markdown emphasis or heading marks (a heading is
  `Paragraph.heading_level`, bold is `Paragraph.bold`).
- Paragraphs are already joined where the format lays a paragraph out over lines: a
  PDF or OCR paragraph wrapped over several lines, and one cut by a page break, arrive
  as one Paragraph. (A text file keeps one Paragraph per line: text extracted from a
  PDF into .txt has lost where its paragraphs end, and prose figures point at its lines,
  so normalize joins such lines itself.)
- Page furniture is gone: page numbers and running headers/footers of paged formats,
  digital-signature stamps, and lone page-number lines of text files.
- Table fragments cut by a page break are separate Tables until `stitch.py` joins them
  (dispatch does, for every reader); each Table's `index` is its position in the document.
- Positions: see Provenance (bbox unit, page size, dpi; Word table/row/column).
- Failure: a reader raises ReadError(code, message); anything it read around a problem
  is kept and the problem is a ReadWarning(code, message) in `Document.warnings`.

Adding a reader: a function `read_x(path) -> Document` that keeps these invariants,
raising ReadError with a code from ERROR_CODES; register its suffixes in
dispatch.READERS. A paged format builds layout.PageContent pages and reuses
extract/layout.py (running lines, page blocks, page joining) as pdf/ and ocr/ do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Union

from .frozen import fast_init  # the model's bulk types use it; normalize/ imports it from here

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in `Provenance.bbox_unit`, origin top-left

PT = "pt"  # PDF points (1/72 inch) on the page as displayed (after /Rotate): text-layer PDF pages
PX = "px"  # pixels of the page image at `Provenance.dpi`: scanned pages and image files


@fast_init  # made per cell / value: extract/frozen.py
@dataclass(frozen=True)
class Provenance:
    """Where a piece of text was read. Fields a format cannot know stay None.

    Boxes are never converted between units: a text-layer PDF page gives points, a scan
    gives pixels of the image OCR read, with its resolution in `dpi` (points = px * 72 / dpi).
    `page_width`/`page_height` are the page's size in the same unit, so a box can be drawn
    or checked against its page without opening the file. A Word file has no pages: its
    cells carry the table number, row and column as a person finds them in Word.
    """

    page: int | None = None  # 1-based page number
    line: int | None = None  # 1-based line in a text source; body-element position in a Word file
    bbox: BBox | None = None
    bbox_unit: str | None = None  # PT or PX; None when there is no box
    page_width: float | None = None  # in bbox_unit
    page_height: float | None = None
    dpi: float | None = None  # PX boxes: resolution of the image they count pixels of
    table: int | None = None  # 1-based table number in the source as its application counts (Word)
    row: int | None = None  # 1-based row of the cell in that source table
    col: int | None = None  # 1-based grid column of the cell in that source table
    ref: str | None = None  # spreadsheet sheet and cell, 'BM3!D14'

    def bbox_points(self) -> BBox | None:
        """The box in PDF points (pixels scaled by 72/dpi), or None without a box or a scale."""
        if self.bbox is None:
            return None
        if self.bbox_unit == PX:
            if not self.dpi:
                return None
            k = 72.0 / self.dpi
            return tuple(v * k for v in self.bbox)  # type: ignore[return-value]
        return self.bbox


@fast_init  # made per cell / value: extract/frozen.py
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
    # a spreadsheet's typed number (percent cells as 98.96 with number_unit '%'): used instead of reading the text
    number: float | None = None
    number_unit: str = ""


@fast_init  # made per cell / value: extract/frozen.py
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

    @cached_property  # asked by every stage that lays the table out; the cells never change
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
    warnings: tuple[ReadWarning, ...] = field(default_factory=tuple)  # in reading order
    # format the file was converted from before reading ('doc', 'rtf', 'odt', 'xls', 'ods'); '' when read directly
    converted_from: str = ""

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]


# Stable codes of a file that cannot be read (reports.error_code). The message says more.
ERROR_CODES: dict[str, str] = {
    "not_found": "no such file",
    "not_a_file": "a folder or a device, not a regular file",
    "empty": "the file holds nothing to read",
    "unsupported": "a file type or encoding no reader handles (also a file named for another format)",
    "encrypted": "password-protected or encrypted",
    "corrupt": "damaged, truncated, or not the format its name says; also an I/O error while reading",
    "repaired": "read only after repairing the file",
    "no_text_layer": "a PDF page with no usable text and OCR not asked for",
    "ocr_unavailable": "scanned pages and no tesseract (or no Vietnamese data) to read them",
    "converter_unavailable": "the format needs a converter (LibreOffice) that is not installed",
    "conversion_failed": "the converter could not convert the file",
    "no_header": "a table with no recognisable header row",
    "too_large": "over a size limit (bytes, pages, pixels)",
    "timeout": "took longer than allowed",
    "memory_limit": "needed more memory than allowed",
    "crashed": "the reading process died",
    "internal": "a bug: an unexpected exception",
}

# Stable codes of reader warnings (reports.warning_codes): the file was read, but look here.
WARNING_CODES: dict[str, str] = {
    "no_unicode_map": "a PDF page whose text has no Unicode map (cid fonts): its text is read by OCR",
    "no_text_layer": "a PDF page that is only an image: read by OCR",
    "ocr_unavailable": "some pages need OCR and tesseract is missing: those pages were not read",
    "ocr_read": "pages read by OCR, at the resolution named (their bboxes are pixels at it)",
    "too_complex": "a page drawn with too many strokes: ruled tables not searched",
    "blank_page": "a scanned page with nothing on it",
    "turned_upright": "a page scanned sideways or upside down, turned for OCR",
    "flattened": "a photographed sheet whose outline was flattened for OCR",
    "timeout": "OCR of a page timed out; the page was skipped",
    "no_text": "OCR recognised no text on a page",
    "page_unreadable": "one page could not be loaded or rendered (the others were read)",
    "merge_orphan": "a Word cell continues a vertical merge with no cell above",
    "not_read": "embedded content no reader handles (Word altChunk)",
    "no_header": "a table with no recognisable header row (the rest of the file was read)",
    "repaired": "the file was damaged and read after a repair: check its values",
    "invalid_bytes": "bytes that are not valid in the file's encoding were replaced",
    "format_mismatch": "the file's content is another format than its name says: read as its content",
    "legacy_encoding": "text typed in TCVN3 (ABC) or VNI, converted to Unicode",
    "utf16_no_bom": "a UTF-16 text file without a byte-order mark",
    "cp1258": "a text file in Windows-1258, converted to Unicode",
    "hidden_sheet": "a hidden spreadsheet sheet: not read",
    "formula_without_value": "a spreadsheet formula with no saved result: kept as its text",
    "trailing_data": "bytes after the PDF's end-of-file mark (ignored)",
    "table_no_values": "a table seen that holds no figures (given by the pipeline, not a reader)",
}


class ReadError(Exception):
    """A file could not be read: `ReadError(code, message)` with a stable code from
    ERROR_CODES and a message naming the reason (the caller adds the file); str(error) is
    the message. The one-argument form `ReadError(message)` is accepted for old callers; its
    code is 'internal' (an error no reader gave a code to is a bug to fix). Codes are checked by the
    tests (tests/test_reader_invariants.py reads every ReadError in extract/), not at run
    time: a misspelt code must not turn a clear error into a crash."""

    def __init__(self, code: str, message: str | None = None):
        if message is None:
            code, message = "internal", code
        super().__init__(code, message)  # both in args, so the error pickles across processes
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message


def os_error(exc: OSError, what: str = "file") -> ReadError:
    """ReadError for a failed open/read: missing, a folder, or any other I/O failure."""
    reason = f"cannot read {what}: {exc.strerror or exc}"
    if isinstance(exc, FileNotFoundError):
        return ReadError("not_found", reason)
    if isinstance(exc, (IsADirectoryError, NotADirectoryError)):
        return ReadError("not_a_file", reason)
    return ReadError("corrupt", reason)


class ReadWarning(str):
    """A reader's warning: the message itself (so it prints, compares and joins like the
    plain strings warnings used to be) with a stable `code` from WARNING_CODES (checked by
    the tests, as for ReadError). Immutable, and survives pickling between OCR workers."""

    code: str

    def __new__(cls, code: str, message: str) -> "ReadWarning":
        self = super().__new__(cls, message)
        object.__setattr__(self, "code", code)
        return self

    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]
        return (self.code, str(self))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("ReadWarning is immutable")

    @property
    def message(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return f"ReadWarning({self.code!r}, {str(self)!r})"
