"""Build the fictional sample reports in samples/ and their golden values.

Each report is held below as Python data (metadata, paragraphs, tables). From that one
source the script writes, per sample:

  samples/<name>.txt                        text as an extractor would give it
  samples/<name>.docx                       the same report as a Word file
  samples/<name>.pdf                        the .docx converted by LibreOffice (if installed)
  tests/golden/samples/<name>_values.csv    one line per filled value cell

Table values are typed (count, percent, ratio, quantity, text) so the printed cell text
and the golden value come from the same number, and totals and rates are computed from
their parts, then checked again before anything is written.

Usage: python scripts/make_samples.py [--no-pdf] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from sample_model import verify  # noqa: E402
from sample_reports import SAMPLES  # noqa: E402
from sample_writers import find_soffice, write_docx, write_golden, write_pdf, write_txt  # noqa: E402

SAMPLES_DIR = ROOT / "samples"
GOLDEN_DIR = ROOT / "tests" / "golden" / "samples"



# --------------------------------------------------------------------------- main


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-pdf", action="store_true", help="write .txt/.docx/golden only")
    ap.add_argument("--only", nargs="*", metavar="NAME", help="build only these samples")
    args = ap.parse_args(argv)

    SAMPLES_DIR.mkdir(exist_ok=True)
    GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
    soffice = None if args.no_pdf else find_soffice()
    if not args.no_pdf and soffice is None:
        print("soffice (LibreOffice) not found: skipping PDF conversion; existing PDFs are left as they are.\n"
              "  Install it with: apt-get install -y libreoffice-writer-nogui fonts-dejavu", file=sys.stderr)

    for build in SAMPLES:
        report = build()
        if args.only and report.name not in args.only:
            continue
        verify(report)
        write_txt(report, SAMPLES_DIR / f"{report.name}.txt")
        docx_path = SAMPLES_DIR / f"{report.name}.docx"
        write_docx(report, docx_path)
        n = write_golden(report, GOLDEN_DIR / f"{report.name}_values.csv")
        made = [".txt", ".docx", "golden"]
        if soffice:
            write_pdf(soffice, docx_path)
            made.append(".pdf")
        print(f"{report.name}: {', '.join(made)} ({n} golden values)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
