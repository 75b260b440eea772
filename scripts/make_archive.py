"""Generate a synthetic archive of report files from the samples, for batch benchmarks.

    python scripts/make_archive.py OUT [--files 1000] [--seed 1]

Text reports: a sample rewritten with other numbers (every figure scaled by a random factor),
another year and another province or agency name. Word reports: the same rewritten text
built as a .docx with python-docx (tab lines become tables). PDFs: the sample PDFs copied
with a changed title (an incremental update appending a new Info dictionary). Mix: about
55% text, 35% Word, 10% PDF, in folders by province.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
PROVINCES = ["Lâm Giang", "Hà Sơn", "Bình Hải", "Quảng Nguyên", "Tây Thành", "Đông Lĩnh", "Nam Xuyên", "Bắc Phong"]
AGENCIES = ["Sở Nội vụ", "Văn phòng UBND tỉnh", "Sở Tư pháp", "Sở Tài chính", "Sở Xây dựng", "Sở Y tế"]
_NUMBER = re.compile(r"(?<![\d/.,])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(?![\d/])")
_YEAR = re.compile(r"\b20(1\d|2[0-6])\b")


def _scale(m: re.Match, factor: float) -> str:
    whole, frac = m.group(1), m.group(2)
    n = int(whole.replace(".", ""))
    if frac is not None or n < 10:  # percents and small counts stay as they are: checks keep holding
        return m.group(0)
    v = max(1, round(n * factor))
    s = f"{v:,}".replace(",", ".") if "." in whole else str(v)
    return s


def rewrite(text: str, rng: random.Random) -> str:
    """Other figures, another year and other names; the layout is unchanged."""
    province = rng.choice(PROVINCES)
    agency = rng.choice(AGENCIES)
    shift = rng.randint(-6, 2)
    text = text.replace("Lâm Giang", province).replace("LÂM GIANG", province.upper())
    text = text.replace("Sở Nội vụ", agency).replace("SỞ NỘI VỤ", agency.upper())
    text = _YEAR.sub(lambda m: str(int(m.group(0)) + shift), text)
    factor = rng.uniform(0.6, 1.6)
    out = []
    for line in text.splitlines():
        if "\t" in line:  # table rows: scale the figures
            cells = line.split("\t")
            line = "\t".join([cells[0], cells[1] if len(cells) > 1 else ""][: len(cells)] +
                             [_NUMBER.sub(lambda m: _scale(m, factor), c) for c in cells[2:]])
        out.append(line)
    return "\n".join(out) + "\n"


def to_docx(text: str, path: Path) -> None:
    from docx import Document

    doc = Document()
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            width = max(len(r) for r in rows)
            table = doc.add_table(rows=len(rows), cols=width)
            table.style = "Table Grid"
            for i, r in enumerate(rows):
                for j, c in enumerate(r):
                    table.cell(i, j).text = c
            rows.clear()

    for line in text.splitlines():
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        flush()
        if line.strip():
            doc.add_paragraph(line.strip().lstrip("#").strip())
    flush()
    doc.save(path)


def pdf_with_title(data: bytes, title: str) -> bytes:
    """The PDF with an incremental update that gives it a new Info dictionary (Title)."""
    start = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    trailer = data[data.rindex(b"trailer"):]
    size = int(re.search(rb"/Size\s+(\d+)", trailer).group(1))
    root = re.search(rb"/Root\s+(\d+\s+\d+\s+R)", trailer).group(1)
    body = data if data.endswith(b"\n") else data + b"\n"
    obj_at = len(body)
    title_hex = title.encode("utf-16-be").hex().upper()
    obj = b"%d 0 obj\n<< /Title <FEFF%s> /Producer (baocao make_archive) >>\nendobj\n" % (size, title_hex.encode())
    xref_at = obj_at + len(obj)
    xref = (b"xref\n0 1\n0000000000 65535 f \n%d 1\n%010d 00000 n \ntrailer\n<< /Size %d /Root %s /Info %d 0 R "
            b"/Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (size, obj_at, size + 1, root, size, start, xref_at))
    return body + obj + xref


def build(out: Path, n_files: int = 1000, seed: int = 1) -> list[Path]:
    rng = random.Random(seed)
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))}
    pdfs = sorted(SAMPLES.glob("*.pdf"))
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(n_files):
        folder = out / f"tinh_{i % len(PROVINCES):02d}"
        folder.mkdir(exist_ok=True)
        roll = rng.random()
        stem = rng.choice(list(texts))
        if roll < 0.10:
            src = pdfs[i % len(pdfs)]
            path = folder / f"{i:05d}_{src.stem}.pdf"
            path.write_bytes(pdf_with_title(src.read_bytes(), f"Báo cáo CCHC số {i}"))
        elif roll < 0.45:
            path = folder / f"{i:05d}_{stem}.docx"
            to_docx(rewrite(texts[stem], rng), path)
        else:
            path = folder / f"{i:05d}_{stem}.txt"
            path.write_text(rewrite(texts[stem], rng), encoding="utf-8")
        made.append(path)
    return made


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    made = build(args.out, args.files, args.seed)
    kinds = {s: sum(p.suffix == s for p in made) for s in (".txt", ".docx", ".pdf")}
    print(f"{len(made)} files in {args.out}: {kinds}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
