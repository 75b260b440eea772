"""Tell a file's format from its content, not its name.

Archives hold .docx files saved under a .doc name, PDFs named .docx, spreadsheets
named .xls whatever they are. The reader is chosen from the first bytes (magic
numbers), the member names of a ZIP package and the stream names of an OLE2
compound file; only plain text is recognised by elimination.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import olefile

from .model import ReadError

_HEAD = 8192
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# kind -> what to call it in an error message
DESCRIPTIONS: dict[str, str] = {
    "pdf": "a PDF file",
    "docx": "a Word .docx file",
    "xlsx": "an Excel .xlsx workbook",
    "pptx": "a PowerPoint file",
    "odt": "an OpenDocument text file",
    "ods": "an OpenDocument spreadsheet",
    "odp": "an OpenDocument presentation",
    "doc": "a Word 97-2003 .doc file",
    "xls": "an Excel 97-2003 .xls workbook",
    "ppt": "a PowerPoint file",
    "msg": "an Outlook message",
    "ole": "an OLE compound file of unknown type",
    "encrypted_ooxml": "a password-protected Office file",
    "rtf": "an RTF file",
    "png": "a PNG image",
    "jpeg": "a JPEG image",
    "tiff": "a TIFF image",
    "gif": "a GIF image",
    "bmp": "a BMP image",
    "zip": "a ZIP archive",
    "rar": "a RAR archive",
    "7z": "a 7-Zip archive",
    "gzip": "a gzip archive",
    "html": "an HTML page",
    "xml": "an XML file",
    "text": "a text file",
    "binary": "a binary file of unknown type",
}

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"BM", "bmp"),
    (b"Rar!\x1a\x07", "rar"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"\x1f\x8b", "gzip"),
)

_ODF_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}

# Bytes that never occur in a text report (same set as text_reader's binary check).
_CONTROL = frozenset(set(range(0, 9)) | {11, 12} | set(range(14, 32)))


@dataclass(frozen=True)
class Sniffed:
    kind: str  # a key of DESCRIPTIONS

    @property
    def description(self) -> str:
        return DESCRIPTIONS.get(self.kind, self.kind)


def sniff_file(path: Path) -> Sniffed:
    """The format of the file at `path` (ReadError 'empty' / 'not_found' when there is nothing to sniff)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(_HEAD)
    except OSError as exc:
        raise ReadError("not_found", f"cannot read file: {exc.strerror or exc}") from exc
    if not head.strip():
        raise ReadError("empty", "empty file")
    return Sniffed(sniff_bytes(head, path))


def sniff_bytes(head: bytes, path: Path | None = None) -> str:
    """Kind of a file from its first bytes; `path` lets ZIP and OLE2 containers be opened."""
    if b"%PDF-" in head[:1024]:  # PDF allows junk before the header
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(path) if path else "zip"
    if head.startswith(_CFB_MAGIC):
        return _ole_kind(path) if path else "ole"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        return "rtf"
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return _text_kind(head)


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mime = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                if mime in _ODF_MIMETYPES:
                    return _ODF_MIMETYPES[mime]
    except (zipfile.BadZipFile, OSError, KeyError, EOFError):
        return "zip"
    if "[Content_Types].xml" in names:
        if "word/document.xml" in names or any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        if any(n.startswith("ppt/") for n in names):
            return "pptx"
    return "zip"


def _ole_kind(path: Path) -> str:
    """Word, Excel or PowerPoint inside an OLE2 compound file, by its stream names."""
    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(entry).lower() for entry in ole.listdir(streams=True, storages=True)}
    except (OSError, ValueError) as exc:  # olefile raises OSError subclasses for damaged files
        del exc
        return "ole"
    if "encryptedpackage" in streams:  # a password-protected .docx/.xlsx is stored this way
        return "encrypted_ooxml"
    if "worddocument" in streams:
        return "doc"
    if "workbook" in streams or "book" in streams:
        return "xls"
    if "powerpoint document" in streams:
        return "ppt"
    if any(s.startswith("__substg1.0_") for s in streams):
        return "msg"
    return "ole"


def utf16_byte_order(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when the bytes look like UTF-16 text without a BOM, else None.

    Vietnamese text is mostly ASCII letters and spaces, whose high byte is 0: in UTF-16LE
    most odd positions hold 0x00 and the even ones almost never do."""
    sample = head[: len(head) - len(head) % 2][:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zeros_odd > 0.3 and zeros_even < 0.05:
        return "utf-16-le"
    if zeros_even > 0.3 and zeros_odd < 0.05:
        return "utf-16-be"
    return None


def _text_kind(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or utf16_byte_order(head):
        return "text"
    sample = head[:4096]
    if b"\x00" in sample or sum(b in _CONTROL for b in sample) > len(sample) * 0.01:
        return "binary"
    start = sample.lstrip(b"\xef\xbb\xbf \t\r\n")[:200].lower()
    if start.startswith((b"<!doctype html", b"<html")):
        return "html"
    if start.startswith(b"<?xml"):
        return "xml"
    return "text"
