"""The PDF stream caps of extract/limits.py: a decompression bomb or a file whose streams inflate
past the total is refused; the shortcut that skips streams too small to matter gives the same
verdict as inflating every stream in file order."""

import mmap
import os
import zlib

import pytest

from extract.limits import Caps, _check_streams, _check_streams_in_order, _flate_streams
from extract.model import ReadError


def _pdf_bytes(streams: list[bytes], plain: bytes = b"") -> bytes:
    """Objects holding the streams (Flate), then one unfiltered stream (its text may say "stream")."""
    parts = [b"%PDF-1.4\n"]
    for i, raw in enumerate(streams, start=1):
        data = zlib.compress(raw, 9)
        parts.append(b"%d 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % (i, len(data)) + data
                     + b"\nendstream\nendobj\n")
    parts.append(b"99 0 obj\n<< /Length %d >>\nstream\n" % len(plain) + plain + b"\nendstream\nendobj\n")
    parts.append(b"trailer\n<< >>\n%%EOF\n")
    return b"".join(parts)


def _verdict(check, path, caps: Caps) -> str:
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        try:
            if check is _check_streams_in_order:
                check(data, _flate_streams(data), caps)
            else:
                check(data, caps)
        except ReadError as exc:
            return f"{exc.code}: {exc}"
    return "ok"


@pytest.fixture()
def mixed(tmp_path):
    """Streams from a few bytes to 2 MB inflated, highly compressible and not."""
    streams = [b"\0" * 2_000_000, os.urandom(50_000), b"ab" * 300_000, b"x" * 10, os.urandom(1_000) * 200]
    path = tmp_path / "mixed.pdf"
    path.write_bytes(_pdf_bytes(streams, plain=b"not compressed stream\n" * 100))
    return path


def test_flate_streams_found_and_unfiltered_skipped(mixed):
    with mixed.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        found = _flate_streams(data)
        sizes = [len(zlib.decompressobj().decompress(data[s:e])) for s, e in found]
    assert sizes == [2_000_000, 50_000, 600_000, 10, 200_000]


@pytest.mark.parametrize("per_stream,total,expect", [
    (256 * 1024**2, 1024**3, "ok"),  # the real caps: far below both
    (1_000_000, 1024**3, "decompression bomb"),  # the 2 MB stream of zeros
    (5_000_000, 2_500_000, "in total"),  # 2.85 MB altogether
    (5_000_000, 2_850_010, "ok"),
    (600_000, 700_000, "decompression bomb"),  # both passed: the first stream in file order names it
])
def test_caps_refused_as_when_every_stream_is_inflated(mixed, per_stream, total, expect):
    caps = Caps(max_pdf_stream_bytes=per_stream, max_pdf_inflated_bytes=total)
    got = _verdict(_check_streams, mixed, caps)
    assert got == _verdict(_check_streams_in_order, mixed, caps)
    assert (got == "ok") if expect == "ok" else (got.startswith("too_large") and expect in got)


def test_small_streams_past_the_total_together(tmp_path):
    """Each stream far below the per-stream cap, the sum past the total: refused."""
    path = tmp_path / "many.pdf"
    path.write_bytes(_pdf_bytes([bytes([i]) * 300_000 for i in range(12)]))
    caps = Caps(max_pdf_stream_bytes=1_000_000, max_pdf_inflated_bytes=3_000_000)
    got = _verdict(_check_streams, path, caps)
    assert got.startswith("too_large") and "in total" in got
    assert _verdict(_check_streams, path, Caps(max_pdf_stream_bytes=1_000_000, max_pdf_inflated_bytes=3_600_000)) == "ok"
