"""Build an adversarial corpus for `baocao run`: every kind of input that could hang, exhaust or
trick a reader, beside a few good reports.

    python scripts/make_hostile.py OUT [--tiny 5000]

writes OUT/corpus/ (the inputs) and OUT/canary.secret (outside the corpus: the XXE Word file
points at it; its content must never appear in any output). OUT/expected.json maps each
input file name to the error code (or 'ok') a batch must give it; None: the reader decides.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import secrets
import shutil
import sys
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
GOOD = ["province_office_q1_2024.txt", "province_office_q1_2024.docx", "province_office_q1_2024.pdf"]


# ----------------------------------------------------------------------- tiny PDF writer


def pdf_bytes(objects: list[bytes], root: int = 1, trailer_extra: bytes = b"", xref_offset_shift: int = 0) -> bytes:
    """A PDF of the given objects (1-based numbers in list order) with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, root, trailer_extra, xref + xref_offset_shift))
    return out.getvalue()


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def pdf_pages(n: int) -> bytes:
    """n pages of one line of text each."""
    font = 3
    objs: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for i in range(n):
        content = len(objs) + 2
        kids.append(len(objs) + 1)
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >> "
                    b"/Contents %d 0 R >>" % (font, content))
        objs.append(_stream(b"BT /F1 12 Tf 72 770 Td (Trang %d) Tj ET" % (i + 1)))
    objs[1] = b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % n
    return pdf_bytes(objs)


def pdf_page_tree_loop() -> bytes:
    """The page tree's node lists itself among its kids."""
    return pdf_bytes([b"<< /Type /Catalog /Pages 2 0 R >>",
                      b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                      b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"])


def pdf_prev_loop() -> bytes:
    """The trailer's /Prev points at its own xref table, forever."""
    body = pdf_pages(1)
    xref = body.rindex(b"xref\n")
    return body.replace(b"/Root 1 0 R ", b"/Root 1 0 R /Prev %d " % xref)


def pdf_bomb(inflated: int = 300 * 1024**2) -> bytes:
    """One page whose content stream inflates to `inflated` bytes of spaces."""
    comp = zlib.compressobj(9)
    chunk = b" " * (8 * 1024**2)
    data = b"".join(comp.compress(chunk) for _ in range(inflated // len(chunk))) + comp.flush()
    return pdf_bytes([b"<< /Type /Catalog /Pages 2 0 R >>",
                      b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                      b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                      _stream(data, b"/Filter /FlateDecode ")])


# ---------------------------------------------------------------------------- Word files


def docx_with(document_xml: bytes | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    """The sample Word report with its main part replaced and/or entries added."""
    src = zipfile.ZipFile(SAMPLES / "province_office_q1_2024.docx")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml" and document_xml is not None:
                data = document_xml
            z.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out.getvalue()


_W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def billion_laughs() -> bytes:
    ents = b'<!ENTITY lol "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10))
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE w:document [' + ents + b']>'
            b'<w:document ' + _W + b'><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>')


def xxe(canary: Path) -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "'
            + canary.resolve().as_uri().encode() + b'">]><w:document ' + _W +
            b'><w:body><w:p><w:r><w:t>B\xc3\x81O C\xc3\x81O &xxe;</w:t></w:r></w:p></w:body></w:document>')


def zip_bomb_docx(inflated: int = 300 * 1024**2) -> bytes:
    """A real report plus one entry that inflates to `inflated` bytes (written in pieces)."""
    data = io.BytesIO(docx_with())
    with zipfile.ZipFile(data, "a", zipfile.ZIP_DEFLATED) as z, z.open("word/media/image1.bin", "w", force_zip64=True) as fh:
        block = b"\0" * (8 * 1024**2)
        for _ in range(inflated // len(block)):
            fh.write(block)
    return data.getvalue()


# ---------------------------------------------------------------------------------- build


def build(out: Path, tiny: int = 5000) -> dict[str, str | None]:
    from PIL import Image

    corpus = out / "corpus"
    if corpus.exists():
        shutil.rmtree(corpus)
    corpus.mkdir(parents=True)
    canary = out / "canary.secret"
    token = f"CANARY-{secrets.token_hex(8)}"
    canary.write_text(token + "\n", encoding="utf-8")
    expected: dict[str, str | None] = {}

    def put(name: str | bytes, data: bytes, code: str | None) -> None:
        path = os.path.join(os.fsencode(corpus), os.fsencode(name)) if isinstance(name, bytes) else corpus / name
        with open(path, "wb") as fh:
            fh.write(data)
        expected[os.fsdecode(name) if isinstance(name, bytes) else name] = code

    for name in GOOD:
        put(f"good_{name}", (SAMPLES / name).read_bytes(), "ok")
    pdf = (SAMPLES / "province_office_q1_2024.pdf").read_bytes()
    put("truncated.pdf", pdf[: len(pdf) * 6 // 10], "corrupt")
    enc = ROOT / "tests" / "fixtures" / "pdf" / "encrypted_password.pdf"
    if enc.exists():
        put("encrypted.pdf", enc.read_bytes(), "encrypted")
    put("loop_prev.pdf", pdf_prev_loop(), None)
    put("loop_page_tree.pdf", pdf_page_tree_loop(), None)
    put("bomb.pdf", pdf_bomb(), "too_large")
    put("pages_2000.pdf", pdf_pages(2000), "too_large")
    start = pdf.rindex(b"startxref")
    put("repaired.pdf", pdf[:start] + b"startxref\n123\n%%EOF\n", "ok")  # xref offset wrong: parser rebuilds
    put("trailing_junk.pdf", pdf + b"\n" + os.urandom(64 * 1024), "ok")
    put("zip_bomb.docx", zip_bomb_docx(), "too_large")
    put("billion_laughs.docx", docx_with(billion_laughs()), "corrupt")
    put("xxe.docx", docx_with(xxe(canary)), "corrupt")
    img = io.BytesIO()
    Image.new("1", (20000, 20000), 1).save(img, "PNG")
    put("huge_image.png", img.getvalue(), "too_large")
    tif = io.BytesIO()
    frames = [Image.new("L", (64, 64), 255) for _ in range(500)]
    frames[0].save(tif, "TIFF", save_all=True, append_images=frames[1:])
    put("pages_500.tif", tif.getvalue(), "too_large")
    text = (SAMPLES / "province_office_q1_2024.txt").read_bytes()
    broken = bytearray(text)
    for i in (200, 900, 1500):
        broken[i] = 0xFF
    put("invalid_utf8.txt", bytes(broken), "ok")
    put("utf16_bom.txt", text.decode("utf-8").encode("utf-16"), "ok")
    put("utf16_no_bom.txt", text.decode("utf-8").encode("utf-16-le"), None)  # the text reader's detection decides
    line = "Nội dung lặp lại của một báo cáo rất lớn, dòng thứ mấy cũng vậy.\n".encode()
    with open(corpus / "huge_200mb.txt", "wb") as fh:
        block = line * (1024**2 // len(line))
        for _ in range(200):
            fh.write(block)
    expected["huge_200mb.txt"] = "too_large"
    os.mkfifo(corpus / "fifo.txt")
    expected["fifo.txt"] = "not_a_file"
    os.symlink("/dev/zero", corpus / "dev_zero.txt")
    expected["dev_zero.txt"] = "not_a_file"
    os.symlink("loop.txt", corpus / "loop.txt")
    expected["loop.txt"] = "not_a_file"
    put(b"bao_cao_\xff\xfe_latin1_\xe9.txt", text, "ok")
    formula = ("BÁO CÁO\nKết quả quý I năm 2024\n\nSTT\tNội dung\tSố liệu\n1\t=HYPERLINK(\"http://example.invalid\";\"x\")"
               "\t=1+1\n2\t@SUM(A1)\t+5\n3\t-cmd\t-7\n")
    put('=HYPERLINK("x";"y").txt', formula.encode(), None)
    put("+cmd.txt", formula.encode(), None)
    tiny_dir = corpus / "tiny"
    tiny_dir.mkdir()
    for i in range(tiny):
        (tiny_dir / f"t{i:05d}.txt").write_text(f"BÁO CÁO số {i}/BC-UBND\n", encoding="utf-8")
        expected[f"tiny/t{i:05d}.txt"] = None
    (out / "expected.json").write_text(json.dumps({"canary": token, "files": expected}, ensure_ascii=True,
                                                  indent=1), encoding="utf-8")
    return expected


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--tiny", type=int, default=5000, help="tiny files in OUT/corpus/tiny (default 5000)")
    args = ap.parse_args(argv)
    expected = build(args.out, args.tiny)
    print(f"{len(expected)} inputs in {args.out / 'corpus'}; expected codes in {args.out / 'expected.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
