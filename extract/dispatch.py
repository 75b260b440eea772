"""Pick the reader for a file by its suffix, after checking the file exists; stitch its tables."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Callable

from .limits import guard
from .model import Document, ReadError
from .stitch import stitch_tables
from .text_reader import read_text


def _docx(path: Path) -> Document:
    from .docx_reader import read_docx  # imported lazily: a text-only run needs no Word stack
    return read_docx(path)


def _pdf(path: Path) -> Document:
    from .pdf_reader import read_pdf
    return read_pdf(path, ocr=True)  # scanned pages (no text layer, or no Unicode) go to OCR


def _image(path: Path) -> Document:
    from .ocr_reader import read_image  # OpenCV and tesseract only when a scan is read
    return read_image(path)


READERS: dict[str, Callable[[Path], Document]] = {".txt": read_text, ".md": read_text, ".docx": _docx, ".pdf": _pdf}
READERS.update({suffix: _image for suffix in (".png", ".jpg", ".jpeg", ".tif", ".tiff")})
SUPPORTED_SUFFIXES = tuple(READERS)


def read_document(path: Path) -> Document:
    pre = guard(path)  # regular files only, size and structure caps (extract/limits.py)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise ReadError("unsupported", f"unsupported file type '{path.suffix or '(none)'}'")
    doc = reader(path)
    # every format breaks tables at page breaks the same way: one stitching step for all readers
    return dataclasses.replace(doc, blocks=tuple(stitch_tables(list(doc.blocks))),
                               warnings=doc.warnings + pre.warnings, warning_codes=doc.warning_codes + pre.codes)
