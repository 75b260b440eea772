"""Checks before any reader opens a file: what kind of file it is, and caps on size and structure.

An archive holds files that would hang or exhaust a reader: FIFOs and devices (reading
/dev/zero never ends), symlink loops, huge text, PDFs with thousands of pages or streams
that inflate to gigabytes, Word files that are zip bombs or declare XML entities, images
of billions of pixels. These are refused here with the code `too_large` (or `not_a_file`,
`not_found`, `corrupt`) before the expensive libraries see them. The worker's memory and
time limits (baocao/workers.py) stay as the last line.
"""

from __future__ import annotations

import mmap
import os
import re
import stat
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from .model import ReadError, ReadWarning


@dataclass(frozen=True)
class Caps:
    max_file_bytes: int = 2 * 1024**3  # any input; larger files are not even hashed
    max_text_bytes: int = 50 * 1024**2
    max_line_bytes: int = 1024**2  # one text line; a report's longest is a few hundred bytes
    max_pdf_pages: int = 1000
    max_pdf_stream_bytes: int = 256 * 1024**2  # one inflated stream
    max_pdf_inflated_bytes: int = 1024**3  # all inflated streams of a file
    max_zip_entries: int = 10_000
    max_zip_bytes: int = 200 * 1024**2  # uncompressed total of a .docx/.xlsx
    max_zip_ratio: float = 100.0  # uncompressed/compressed of one entry (checked above 1 MB)
    max_image_pages: int = 100  # frames of a multi-page TIFF
    max_image_pixels: int | None = None  # None: Pillow's Image.MAX_IMAGE_PIXELS


CAPS = Caps()
TEXT_SUFFIXES = (".txt", ".md", ".csv")
ZIP_SUFFIXES = (".docx", ".xlsx", ".xlsm")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
_KIND = {stat.S_IFIFO: "a FIFO (named pipe)", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
         stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a folder"}
_MB = 1024**2


@dataclass(frozen=True)
class PreRead:
    """What the checks noticed without refusing the file: warnings and their codes."""

    warnings: tuple[ReadWarning, ...] = ()

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(w.code for w in self.warnings)


def regular_file_size(path: Path, caps: Caps = CAPS) -> int:
    """Size of a regular file, or ReadError. Only stat() is called: a FIFO or a device is never opened."""
    try:
        st = os.stat(path)  # follows symlinks: a link to /dev/zero is a device
    except FileNotFoundError:
        raise ReadError("not_found", "file not found") from None
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            raise ReadError("not_a_file", "symlink loop (the link points back at itself)") from None
        raise ReadError("not_a_file", f"cannot read file: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise ReadError("not_a_file", f"not a regular file: {_KIND.get(stat.S_IFMT(st.st_mode), 'a special file')}")
    if st.st_size > caps.max_file_bytes:
        raise ReadError("too_large", f"file of {st.st_size / _MB:.0f} MB, over the limit of "
                                     f"{caps.max_file_bytes / _MB:.0f} MB")
    return st.st_size


def guard(path: Path, caps: Caps = CAPS, kind: str | None = None) -> PreRead:
    """Refuse what no reader should open; return warnings for what is read anyway. `kind` is
    the format sniffed from the content (extract/sniff.py); without it the suffix decides."""
    size = regular_file_size(path, caps)
    suffix = path.suffix.lower()
    if kind == "text" or (kind is None and suffix in TEXT_SUFFIXES):
        _check_text(path, size, caps)
    elif kind == "pdf" or (kind is None and suffix == ".pdf"):
        return _check_pdf(path, size, caps)
    elif kind in ("docx", "xlsx") or (kind is None and suffix in ZIP_SUFFIXES):
        _check_zip(path, caps)
    elif kind in ("png", "jpeg", "tiff") or (kind is None and suffix in IMAGE_SUFFIXES):
        _check_image(path, caps)
    return PreRead()


# ----------------------------------------------------------------------------- text


def _check_text(path: Path, size: int, caps: Caps) -> None:
    if size > caps.max_text_bytes:
        raise ReadError("too_large", f"text file of {size / _MB:.0f} MB, over the limit of "
                                     f"{caps.max_text_bytes / _MB:.0f} MB")
    run = 0
    with path.open("rb") as fh:
        while chunk := fh.read(_MB):
            pieces = chunk.split(b"\n")
            longest = max(run + len(pieces[0]), max(map(len, pieces[1:]), default=0))
            if longest > caps.max_line_bytes:
                raise ReadError("too_large", f"a line of over {caps.max_line_bytes / _MB:.0f} MB without a line "
                                             f"break: not a text report")
            run = len(pieces[-1]) if len(pieces) > 1 else run + len(chunk)


# ------------------------------------------------------------------------------ PDF

_STREAM = re.compile(rb"stream\r?\n")  # a match right after "end" is an endstream, skipped (_stream_starts)
_STARTXREF = re.compile(rb"startxref\s+(\d+)")


def _check_pdf(path: Path, size: int, caps: Caps) -> PreRead:
    if size == 0:
        return PreRead()
    found: list[tuple[str, str]] = []
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        eof = data.rfind(b"%%EOF")
        if eof >= 0 and size - eof > 4096:
            found.append(("trailing_data", f"{size - eof - 5} bytes after the last %%EOF marker, ignored"))
        if not _xref_points_at_xref(data, eof if eof >= 0 else size):
            found.append(("repaired", "the cross-reference offset does not point at a cross-reference "
                                      "table: the PDF parser rebuilt it (damaged or edited file)"))
        _check_page_count(path, caps)
        _check_streams(data, caps)
    return PreRead(tuple(ReadWarning(c, m) for c, m in found))


def _xref_points_at_xref(data: mmap.mmap, eof: int) -> bool:
    tail = data[max(0, eof - 2048):eof]
    matches = list(_STARTXREF.finditer(tail))
    if not matches:
        return False
    offset = int(matches[-1].group(1))
    if offset >= len(data):
        return False
    head = data[offset:offset + 64].lstrip()
    return head.startswith(b"xref") or re.match(rb"\d+\s+\d+\s+obj", head) is not None


def _check_page_count(path: Path, caps: Caps) -> None:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        return  # the reader says why it cannot be opened
    try:
        n = len(pdf)
    finally:
        pdf.close()
    if n > caps.max_pdf_pages:
        raise ReadError("too_large", f"PDF of {n} pages, over the limit of {caps.max_pdf_pages} pages")


# Deflate writes at least one bit per 258 bytes it restores, so a stream of n bytes inflates to
# at most 1032 n bytes (zlib's "maximum compression factor"); the slack covers headers and rounding.
_MAX_INFLATE_RATIO = 1032
_INFLATE_SLACK = 1024


def _inflate_bound(n: int) -> int:
    return _MAX_INFLATE_RATIO * n + _INFLATE_SLACK


def _stream_starts(data: mmap.mmap):
    """Matches of "stream" + line break that are not the end of "endstream". (A lookbehind
    in the pattern would say the same but makes the regex engine slow, some 20 ms per MB.)"""
    for m in _STREAM.finditer(data):
        at = m.start()
        if at < 3 or data[at - 3:at] != b"end":
            yield m


def _flate_streams(data: mmap.mmap) -> list[tuple[int, int]]:
    """(start, end) of every Flate stream's data, in file order, up to the first stream without an end."""
    out = []
    for m in _stream_starts(data):
        start = m.end()
        end = data.find(b"endstream", start)
        if end < 0:
            break
        header = data[max(0, m.start() - 1024):m.start()]
        header = header[max(0, header.rfind(b"obj")):]  # this object's dictionary only
        if b"/FlateDecode" not in header and b"/Fl " not in header and b"/Fl/" not in header:
            continue
        out.append((start, end))
    return out


def _inflated_size(data: mmap.mmap, start: int, end: int, cap: int) -> int | None:
    """Bytes the stream inflates to, counted up to cap + 1; None if it is not valid zlib data."""
    try:
        return len(zlib.decompressobj().decompress(data[start:end], cap + 1))
    except zlib.error:
        return None  # the reader decides what a broken stream means


def _check_streams(data: mmap.mmap, caps: Caps) -> None:
    """Inflate every Flate stream up to its cap, never further: a decompression bomb is refused
    after reading just past the cap, not after filling the memory.

    Most files are too small to break a cap whatever they hold: a stream is only inflated
    while the largest output the streams not yet inflated could reach (1032 times their
    size) might still pass a cap; the largest streams go first. When that cannot prove the
    file harmless, every stream is inflated in file order as before, which names the cap
    that was passed."""
    streams = _flate_streams(data)
    per_stream, overall = caps.max_pdf_stream_bytes, caps.max_pdf_inflated_bytes
    by_size = sorted(streams, key=lambda s: s[0] - s[1])  # largest first (stable)
    unknown = sum(_inflate_bound(end - start) for start, end in by_size)
    known = 0
    for start, end in by_size:
        if known + unknown <= overall and _inflate_bound(end - start) <= per_stream:
            return  # no stream left can pass its cap, nor all of them the total (the rest are smaller)
        out = _inflated_size(data, start, end, per_stream) or 0
        if out > per_stream or known + out > overall:
            break
        known += out
        unknown -= _inflate_bound(end - start)
    else:
        return  # all inflated, none over a cap
    _check_streams_in_order(data, streams, caps)


def _check_streams_in_order(data: mmap.mmap, streams: list[tuple[int, int]], caps: Caps) -> None:
    total = 0
    for start, end in streams:
        out = _inflated_size(data, start, end, caps.max_pdf_stream_bytes)
        if out is None:
            continue
        if out > caps.max_pdf_stream_bytes:
            raise ReadError("too_large", f"a PDF stream inflates to over {caps.max_pdf_stream_bytes / _MB:.0f} MB "
                                         f"(decompression bomb)")
        total += out
        if total > caps.max_pdf_inflated_bytes:
            raise ReadError("too_large", f"the PDF's streams inflate to over "
                                         f"{caps.max_pdf_inflated_bytes / _MB:.0f} MB in total")


# ---------------------------------------------------------------------- .docx, .xlsx

_DTD = (b"<!DOCTYPE", b"<!ENTITY")


def _check_zip(path: Path, caps: Caps) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > caps.max_zip_entries:
                raise ReadError("too_large", f"zip package with {len(infos)} entries, over the limit of "
                                             f"{caps.max_zip_entries}")
            total = sum(i.file_size for i in infos)
            if total > caps.max_zip_bytes:
                raise ReadError("too_large", f"zip package that unpacks to {total / _MB:.0f} MB, over the limit of "
                                             f"{caps.max_zip_bytes / _MB:.0f} MB (zip bomb?)")
            for i in infos:
                if i.file_size > _MB and i.file_size > caps.max_zip_ratio * max(i.compress_size, 1):
                    raise ReadError("too_large", f"zip entry {i.filename} is compressed "
                                                 f"{i.file_size / max(i.compress_size, 1):.0f} times, over the "
                                                 f"limit of {caps.max_zip_ratio:.0f} (zip bomb?)")
            for i in infos:
                if i.filename.endswith((".xml", ".rels")) and not i.flag_bits & 0x1:
                    with archive.open(i) as fh:
                        head = fh.read(4096).replace(b"\x00", b"")  # UTF-16 XML too
                    if any(d in head for d in _DTD):
                        raise ReadError("corrupt", f"{i.filename} declares a DTD or XML entities, which Office never "
                                                   f"writes: refused unread (entities are never expanded or fetched)")
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
        return  # not a readable zip: the reader names the reason


# --------------------------------------------------------------------------- images


def _check_image(path: Path, caps: Caps) -> None:
    from PIL import Image

    limit = caps.max_image_pixels or Image.MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as im:  # reads the header only
                w, h = im.size
                frames = getattr(im, "n_frames", 1)
    except Image.DecompressionBombError as exc:  # over twice Pillow's limit: not even the header is kept
        m = re.search(r"\((\d+) pixels\)", str(exc))
        pixels = int(m.group(1)) if m else 0
        raise ReadError("too_large", f"image too large to decode safely: {pixels / 1e6:.0f} MP, over the limit "
                                     f"of {(limit or 0) / 1e6:.0f} MP (PIL.Image.MAX_IMAGE_PIXELS)") from None
    except (OSError, ValueError, SyntaxError, Image.UnidentifiedImageError):
        return  # the reader names the reason
    if limit and w * h > limit:
        raise ReadError("too_large", f"image too large to decode safely: {w}×{h} px ({w * h / 1e6:.0f} MP), over "
                                     f"the limit of {limit / 1e6:.0f} MP (PIL.Image.MAX_IMAGE_PIXELS)")
    if frames > caps.max_image_pages:
        raise ReadError("too_large", f"image file of {frames} pages, over the limit of {caps.max_image_pages}")
