"""Command line: `baocao run`, `baocao number`, `baocao match`, `baocao debug`, `baocao review`.

A thin layer over the library (baocao.batch, normalize.numbers, normalize.match):
a notebook can call the same functions.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

# Subcommands import what they need inside their function: `baocao number` must not pay for
# pandas, pyarrow, pdfium or OpenCV at start-up.
from . import DEFAULT_MAX_MEMORY, DEFAULT_TIMEOUT  # noqa: E402


def _cmd_run(args: argparse.Namespace) -> int:
    from .batch import BatchError, BatchOptions, run_batch

    scheduler = args.scheduler or ("local" if args.dask == "local" else None)
    options = BatchOptions(jobs=args.jobs, timeout=args.timeout or None, max_memory=args.max_memory or None,
                           force=args.force, prune=args.prune, scheduler=scheduler)
    try:
        summary = run_batch([Path(p) for p in args.paths], Path(args.out), fail_fast=args.fail_fast,
                            progress=None if args.quiet else sys.stderr, options=options)
    except BatchError as exc:
        print(f"baocao run: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # the output folder failed mid-run (disk full, removed): finished parts stay
        print(f"baocao run: cannot write the output: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("baocao run: interrupted; finished files are saved, the same command goes on from there",
              file=sys.stderr)
        return 130
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0 if summary["files_error"] == 0 else 1


def _size(text: str) -> int:
    """'2.5G', '800M', '1500000000' -> bytes."""
    units = {"k": 1e3, "m": 1e6, "g": 1e9, "t": 1e12}
    t = text.strip().lower().removesuffix("b")
    try:
        return int(float(t[:-1]) * units[t[-1]]) if t and t[-1] in units else int(t)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 2.5G, 800M)") from None


def _positive_int(text: str) -> int:
    n = int(text)
    if n < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return n


def _cmd_number(args: argparse.Namespace) -> int:
    from normalize.numbers import parse_number

    for text in args.texts:
        p = parse_number(text, unit=args.unit)
        print(json.dumps({"text": text, "value": p.value, "unit": p.unit, "kind": p.kind,
                          "numerator": p.numerator, "denominator": p.denominator, "value_text": p.text,
                          "flags": list(p.flags), "confidence": p.confidence}, ensure_ascii=False))
    return 0


def _cmd_match(args: argparse.Namespace) -> int:
    from normalize.match import match_label

    m = match_label(args.label, parent=args.parent, section=args.section, code=args.code)
    print(json.dumps({"label": args.label, "indicator_id": m.indicator_id, "indicator_label": m.indicator_label,
                      "parent_id": m.parent_id, "parent_label": m.parent_label, "score": round(m.score, 1),
                      "flags": list(m.flags), "candidates": [dataclasses.asdict(c) for c in m.candidates]},
                     ensure_ascii=False, indent=2))
    return 0


def _cmd_debug(args: argparse.Namespace) -> int:
    from extract import read_document

    from .debug import debug_html, debug_pdf_page

    path, out = Path(args.file), Path(args.out)
    doc = read_document(path)
    if args.page:
        print(debug_pdf_page(path, doc, args.page, out))
    else:
        out.write_text(debug_html(doc), encoding="utf-8")
        print(out)
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from .report import write_report

    print(write_report(Path(args.dir), top=args.top, path=Path(args.out) if args.out else None))
    return 0
def _cmd_review(args: argparse.Namespace) -> int:
    from .review.cli import export, serve_command, summary

    out_dir = Path(args.dir)
    if not (out_dir / "values.parquet").exists():
        print(f"{out_dir}: no values.parquet — run `baocao run ... --out {out_dir}` first", file=sys.stderr)
        return 2
    if args.export:
        return export(out_dir)
    if args.summary:
        return summary(out_dir, sample=args.sample, seed=args.seed)
    return serve_command(out_dir, port=args.port, sample=args.sample, seed=args.seed, reviewer=args.reviewer)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="baocao",
        description="Turn Vietnamese administrative-reform (CCHC) reports into a tidy indicator dataset.")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser(
        "run", help="extract every report under PATH... into DIR (text, Word, PDF, scans)",
        description="Read reports (.txt, .md, .docx, .pdf, scans as .png/.jpg/.tif; folders are walked recursively) and write "
                    "values.parquet/.csv, reports.parquet/.csv, baocao.duckdb, baocao.sqlite, baocao.xlsx and "
                    "datapackage.json into --out. A file that cannot "
                    "be read becomes an error row in reports naming the file and the reason; the batch goes on. "
                    "Each file is saved as it finishes (DIR/parts/), so the same command after an interruption "
                    "reads only what is left, and a run adds to the dataset in DIR. Log: DIR/baocao.log. "
                    "Exit code 0 when every file was read, 1 when any file failed, 2 for a usage or fatal error.")
    run.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders")
    run.add_argument("--out", default="output", metavar="DIR", help="output folder (default: output)")
    run.add_argument("--fail-fast", action="store_true", help="stop at the first unexpected internal error")
    run.add_argument("--quiet", action="store_true", help="no progress bar on stderr")
    run.add_argument("--jobs", type=_positive_int, metavar="N",
                     help="worker processes (default: every core); each file is read in a worker, also with 1")
    run.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                     help=f"wall-time limit per file; past it the file is an error row 'timeout' "
                          f"(default {DEFAULT_TIMEOUT:g}; 0: none)")
    run.add_argument("--max-memory", type=_size, default=DEFAULT_MAX_MEMORY, metavar="SIZE",
                     help="address-space limit per worker, e.g. 2.5G; past it the file is an error row "
                          "'memory_limit' (default 2.5G; 0: none)")
    run.add_argument("--force", action="store_true",
                     help="read every file again, also those whose saved part is up to date")
    run.add_argument("--prune", action="store_true",
                     help="drop from DIR the files of earlier runs that are not among the inputs now")
    run.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                     help="read the files on this Dask cluster (the workers must see the same paths)")
    run.add_argument("--dask", choices=["local"], help="'local': read on a Dask LocalCluster on this machine")
    run.set_defaults(func=_cmd_run)

    num = sub.add_parser(
        "number", help="read Vietnamese numbers the way the extractor does",
        description="Print one JSON object per TEXT with value, unit, kind (number|percent|ratio|text|empty), "
                    "numerator, denominator and flags. Example: baocao number '98,96%%' '44.612' '56+3+7'")
    num.add_argument("texts", nargs="+", metavar="TEXT")
    num.add_argument("--unit", help="the row's unit cell, e.g. '%%' or 'Hồ sơ' (it decides readings like '98,12')")
    num.set_defaults(func=_cmd_number)

    match = sub.add_parser(
        "match", help="reconcile a row label to the canonical indicator list",
        description="Print JSON with indicator_id, indicator_label, parent_label (of the indicator), score and "
                    "the next candidates. Unmatched or ambiguous labels give indicator_id null and a flag.")
    match.add_argument("label", metavar="LABEL")
    match.add_argument("--parent", help="label of the enclosing row (separates 'Tổng số được giao' of cán bộ "
                                        "vs viên chức)")
    match.add_argument("--section", help="table title, e.g. 'Biểu mẫu 3 Cải cách thủ tục hành chính'")
    match.add_argument("--code", help="row code as printed, e.g. '3.2.1.'")
    match.set_defaults(func=_cmd_match)
    dbg = sub.add_parser(
        "debug", help="show what the extractor saw in one file",
        description="Without --page: write an HTML page with every detected table (header rows shaded, value "
                    "cells blue, hover for label and period). With --page N (PDF or scanned image): write a PNG of that page with "
                    "every detected cell boxed.")
    dbg.add_argument("file", metavar="FILE")
    dbg.add_argument("--out", required=True, help="output .html, or .png with --page")
    dbg.add_argument("--page", type=int, help="page number (1-based; PDF page or image frame) to draw")
    dbg.set_defaults(func=_cmd_debug)
    rep = sub.add_parser(
        "report", help="write DIR/report.html: charts of what a run found",
        description="Read DIR/values.parquet and DIR/reports.parquet (written by `baocao run --out DIR`) and write "
                    "one self-contained HTML page (opens offline): the most reported indicators across reporting "
                    "bodies and periods, values, flagged share and confidence per file, error codes, flag counts.")
    rep.add_argument("dir", metavar="DIR", help="output folder of a run")
    rep.add_argument("--top", type=int, default=6, help="how many indicators to chart (default: 6)")
    rep.add_argument("--out", help="page to write (default: DIR/report.html)")
    rep.set_defaults(func=_cmd_report)

    rev = sub.add_parser(
        "review", help="spot-check values against their source in the browser (localhost only)",
        description="Serve a review page for the outputs in DIR on http://127.0.0.1:PORT/ (the printed URL carries "
                    "a session token). The queue: every flagged or low-confidence value plus a seeded random "
                    "sample of the others, stratified by file and template. Decisions go to table `reviews` in "
                    "DIR/baocao.duckdb. --summary prints the estimated error rate; --export writes review_status "
                    "and value_reviewed into the outputs.")
    rev.add_argument("dir", metavar="DIR", help="output folder of `baocao run`")
    rev.add_argument("--port", type=int, default=8765, help="port on 127.0.0.1 (default 8765; 0: any free port)")
    rev.add_argument("--sample", type=int, default=200, metavar="N",
                     help="size of the random sample of unflagged values, drawn once and kept (default 200)")
    rev.add_argument("--seed", type=int, default=0, help="seed of the sample (default 0)")
    rev.add_argument("--reviewer", default="", metavar="NAME", help="reviewer name written on every decision")
    rev.add_argument("--summary", action="store_true", help="print the error-rate estimate and exit")
    rev.add_argument("--export", action="store_true", help="rewrite DIR's outputs with the review columns and exit")
    rev.set_defaults(func=_cmd_review)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
