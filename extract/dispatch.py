"""Pick the reader for a file by its content (extract/sniff.py), after checking the file exists; stitch its tables.

The name is only a cross-check. Within one family of formats a wrong extension is
common and harmless (Word saves a .docx under a .doc name, a spreadsheet tool an .xlsx
as .xls): the file is read by the reader of its content, with a `format_mismatch`
warning. Across families (a PDF named .docx, an image named .txt) the name and the
content disagree about what the document is, so the file is refused with a clear
reason rather than read as something nobody asked for.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Callable

from .limits import guard, regular_file_size
from .model import Document, ReadError, ReadWarning
from .sniff import DESCRIPTIONS, sniff_file
from .stitch import stitch_tables
from .text_reader import read_text


def _docx(path: Path) -> Document:
    from .docx_reader import read_docx  # imported lazily: a text-only run needs no Word stack
    return read_docx(path)


def _pdf(path: Path) -> Document:
    from .pdf.reader import read_pdf
    return read_pdf(path, ocr=True)  # scanned pages (no text layer, or no Unicode) go to OCR


def _image(path: Path) -> Document:
    from .ocr.reader import read_image  # OpenCV and tesseract only when a scan is read
    return read_image(path)


def _xlsx(path: Path) -> Document:
    from .xlsx_reader import read_xlsx
    return read_xlsx(path)


def _converted(kind: str) -> Callable[[Path], Document]:
    def read(path: Path) -> Document:
        from .office import read_converted  # LibreOffice only for the formats that need it
        return read_converted(path, kind)
    return read


# sniffed kind -> reader
KIND_READERS: dict[str, Callable[[Path], Document]] = {
    "text": read_text, "docx": _docx, "pdf": _pdf, "xlsx": _xlsx,
    "png": _image, "jpeg": _image, "tiff": _image,
    **{k: _converted(k) for k in ("doc", "rtf", "odt", "html", "xls", "ods")},
}
# suffix -> the kind the name claims
SUFFIX_KINDS: dict[str, str] = {
    ".txt": "text", ".md": "text", ".docx": "docx", ".doc": "doc", ".rtf": "rtf", ".odt": "odt",
    ".htm": "html", ".html": "html", ".pdf": "pdf", ".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls",
    ".ods": "ods", ".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".tif": "tiff", ".tiff": "tiff",
}
_FAMILY = {"text": "text", "docx": "word", "doc": "word", "rtf": "word", "odt": "word", "html": "word",
           "pdf": "pdf", "xlsx": "sheet", "xls": "sheet", "ods": "sheet",
           "png": "image", "jpeg": "image", "tiff": "image"}
SUPPORTED_SUFFIXES = tuple(SUFFIX_KINDS)
_GENERIC = frozenset({"zip", "ole", "binary", "text"})
# content kinds a folder walk reads (or reports) even under an unknown suffix: documents,
# and office/archive formats that deserve an 'unsupported' row rather than silence
DOCUMENT_KINDS = frozenset(KIND_READERS) - {"text"} | {
    "pptx", "ppt", "odp", "msg", "ole", "encrypted_ooxml", "zip", "rar", "7z", "gzip", "gif", "bmp"}


def choose_reader(path: Path) -> tuple[Callable[[Path], Document], str, str | None]:
    """(reader, kind read as, note or None); ReadError when the file is not readable as named.

    The note is a `format_mismatch` warning, or for a file handed to the reader of its name
    although its content is not that format, what the content looks like."""
    kind = sniff_file(path).kind
    suffix = path.suffix.lower()
    claimed = SUFFIX_KINDS.get(suffix)
    if kind == "html" and claimed == "text":
        kind = "text"  # a .txt holding HTML tags: the text reader strips them
    what = DESCRIPTIONS.get(kind, kind)
    if kind in _GENERIC and claimed is not None and claimed != "text":
        # a bare container, a damaged file or text under a document name: the named reader
        # says what is wrong with it (read_document adds what the content looks like)
        return KIND_READERS[claimed], claimed, f"the content looks like {what}"
    if kind == "encrypted_ooxml":
        raise ReadError("encrypted", f"{what}: a password is needed to open it")
    if claimed is None:
        if kind == "text" or kind not in KIND_READERS:
            raise ReadError("unsupported", f"unsupported file type '{suffix or '(none)'}' ({what})")
    elif kind not in KIND_READERS:
        prefix = "binary content, not a text file: " if claimed == "text" else "unsupported: "
        raise ReadError("unsupported", f"{prefix}this is {what} named {suffix}")
    elif _FAMILY[kind] != _FAMILY[claimed]:
        reason = f"this is {what} named {suffix}"
        if claimed == "text":
            reason = f"binary content, not a text file: {reason}"
        raise ReadError("unsupported", f"{reason} (rename it to read it)")
    warning = None
    if claimed is not None and kind != claimed:
        warning = f"format_mismatch: the content is {what}, the name says {suffix}"
    return KIND_READERS[kind], kind, warning


def read_document(path: Path) -> Document:
    regular_file_size(path)  # a FIFO, a device or a symlink loop is refused before anything opens it
    reader, kind, warning = choose_reader(path)
    pre = guard(path, kind=kind)  # size and structure caps for the content's format (extract/limits.py)
    try:
        doc = reader(path)
    except ReadError as exc:
        if warning and not warning.startswith("format_mismatch"):
            raise ReadError(exc.code, f"{exc}; {warning}") from exc
        raise
    if warning and not warning.startswith("format_mismatch"):
        warning = f"format_mismatch: {warning}, read as {kind}"
    mismatch = (warning or "").removeprefix("format_mismatch: ")
    warnings = doc.warnings + pre.warnings + ((ReadWarning("format_mismatch", mismatch),) if warning else ())
    # every format breaks tables at page breaks the same way: one stitching step for all readers
    return dataclasses.replace(doc, blocks=tuple(stitch_tables(list(doc.blocks))), warnings=warnings)


def is_document(path: Path) -> bool:
    """Should a folder walk read this file? Yes for a document suffix, and for document or
    office/archive content under any name (those get their row, read or 'unsupported');
    plain text or unknown bytes under an unknown suffix are not reports."""
    if path.suffix.lower() in SUFFIX_KINDS:
        return True
    try:
        return sniff_file(path).kind in DOCUMENT_KINDS
    except ReadError:
        return False
