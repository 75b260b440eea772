"""Run the pipeline over files and folders; one bad file never stops the batch."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import TextIO

from extract import is_document

from .output import write_outputs
from .pipeline import FileResult, default_indicators, error_result, process_file


def discover(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """Files to read, and files skipped in folders (README, hidden, not a document: see is_document).

    A path given explicitly is always read, so a missing or odd file gets its error row."""
    files: list[Path] = []
    skipped: list[Path] = []
    for p in paths:
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if not f.is_file():
                    continue
                if not f.name.startswith(".") and not f.name.lower().startswith("readme") and is_document(f):
                    files.append(f)
                else:
                    skipped.append(f)
        else:
            files.append(p)
    return files, skipped


def run_batch(paths: list[Path], out_dir: Path, fail_fast: bool = False, progress: TextIO | None = None) -> dict:
    indicators = default_indicators()
    files, skipped = discover(paths)
    results: list[FileResult] = []
    for f in files:
        try:
            result = process_file(f, indicators)
        except Exception as exc:  # the batch boundary: record any per-file failure and go on
            if fail_fast:
                raise
            traceback.print_exc(file=sys.stderr)
            result = error_result(f, f"internal error: {type(exc).__name__}: {exc}")
        results.append(result)
        if progress:
            r = result.report
            print(f"{r.status:7} {len(result.values):5} values  {f}" + (f"  -- {r.error}" if r.error else ""),
                  file=progress)
    values = [v for r in results for v in r.values]
    reports = [r.report for r in results]
    written = write_outputs(out_dir, values, reports)
    return {
        "files": len(files),
        "files_ok": sum(r.status == "ok" for r in reports),
        "files_partial": sum(r.status == "partial" for r in reports),
        "files_error": sum(r.status == "error" for r in reports),
        "skipped_in_folders": [str(s) for s in skipped],
        "values": len(values),
        "values_flagged": sum(1 for v in values if v.flags),
        "outputs": {k: str(v) for k, v in written.items()},
    }
