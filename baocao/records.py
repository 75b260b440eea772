"""The records a file becomes: one report row and its value rows (columns in schemas/contract.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from extract import Document
from extract.model import fast_init

REVIEW_THRESHOLD = 0.8
FLAG_LEGACY_ENCODING = "legacy_encoding"  # also the code of the reader's warning


@fast_init  # made per cell / value: extract/frozen.py
@dataclass(frozen=True)
class ValueRecord:
    report_id: str
    source_file: str
    source_kind: str
    section: str
    section_title: str
    origin: str
    table_index: int | None
    row: int | None
    col: int | None
    row_code: str
    label_raw: str
    parent_label: str
    indicator_id: str
    indicator_label: str
    indicator_parent_id: str
    match_score: float
    column_header: str
    period: str
    period_start: object
    period_end: object
    value: float | None
    value_text: str
    value_raw: str
    value_kind: str
    unit: str
    numerator: float | None
    denominator: float | None
    agency: str
    note: str
    measure: str
    scope: str
    qualifier: str
    sentence: str
    char_start: int | None
    char_end: int | None
    page: int | None
    bbox: str
    line: int | None
    confidence: float
    flags: str
    source_via: str = ""  # 'libreoffice:doc' when the value was read from a converted file
    bbox_unit: str = ""  # 'pt' or 'px' (see extract/model.py Provenance)
    page_width: float | None = None
    page_height: float | None = None
    cell_ref: str = ""  # spreadsheet 'BM3!D14', Word 'bảng 3, hàng 4, cột 2'
    entity: str = ""  # the unit a value is about (matrix and ranking tables)
    max_value: float | None = None  # a score 'a/b': its maximum b
    rank_of: float | None = None  # a rank 'a/b': how many were ranked


@dataclass(frozen=True)
class ReportRecord:
    report_id: str
    source_file: str
    source_kind: str
    status: str
    error: str
    number: str = ""
    date: object = None
    date_text: str = ""
    place: str = ""
    issuing_body: str = ""
    subject: str = ""
    period: str = ""
    period_start: object = None
    period_end: object = None
    signer: str = ""
    signer_title: str = ""
    n_pages: int | None = None
    n_tables: int = 0
    n_values: int = 0
    n_flagged: int = 0
    flag_counts: str = "{}"
    warnings: str = ""
    source_via: str = ""  # 'libreoffice:doc' when the file was read from a LibreOffice conversion
    error_code: str = ""  # stable slug of the error (extract/model.py ERROR_CODES); empty when ok
    warning_codes: str = ""  # semicolon-separated slugs of the reader warnings, first occurrence order
    seconds: float | None = None  # wall time in the worker (baocao/workers.py)
    pages: int | None = None  # pages read: a PDF's or scan's page count, 1 for text and Word, 0 for errors
    sha256: str = ""
    extractor_version: str = ""
    period_flags: str = ""  # how `period` was read when not from the title alone (period_from_preamble, period_cutoff)


@dataclass(frozen=True)
class FileResult:
    report: ReportRecord
    values: tuple[ValueRecord, ...] = field(default_factory=tuple)


def reader_flags(doc: Document) -> list[str]:
    """Value flags the reader's warnings imply: text converted from TCVN3/VNI may carry a
    mis-decoded letter in its labels (digits are never changed)."""
    return [FLAG_LEGACY_ENCODING] if any(getattr(w, "code", "") == FLAG_LEGACY_ENCODING for w in doc.warnings) else []


def source_via(doc: Document) -> str:
    return f"libreoffice:{doc.converted_from}" if doc.converted_from else ""
