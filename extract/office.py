"""Legacy and other office formats through LibreOffice.

A Word 97-2003 .doc, RTF, OpenDocument text or HTML page is converted to .docx, an
Excel 97-2003 .xls or OpenDocument spreadsheet to .xlsx, by `soffice --headless
--convert-to` in a subprocess with a time limit; the result is read by the docx or
xlsx reader and the Document remembers what it was converted from.

Each conversion gets its own LibreOffice profile directory: two soffice processes
sharing one profile block each other (the second exits at once with nothing
converted), and a batch runs several conversions at the same time.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .model import Document, ReadError

DEFAULT_TIMEOUT = 120.0  # seconds; a 13-page .doc converts in about 4 s on one core

# export filter per target: named explicitly, because an HTML page opens in Writer/Web,
# which has no export filter for a bare "docx"
_FILTERS = {"docx": "docx:MS Word 2007 XML", "xlsx": "xlsx:Calc MS Excel 2007 XML"}
# source kind -> target format of the conversion
TARGETS: dict[str, str] = {"doc": "docx", "rtf": "docx", "odt": "docx", "html": "docx",
                           "xls": "xlsx", "ods": "xlsx"}


def soffice_path() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    return os.environ.get("BAOCAO_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")


def convert(path: Path, target: str, out_dir: Path, timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Convert `path` into `out_dir` as `target` ('docx' or 'xlsx'); return the new file.

    ReadError codes: converter_unavailable, timeout, conversion_failed."""
    exe = soffice_path()
    if exe is None:
        raise ReadError("converter_unavailable",
                        "LibreOffice (soffice) is not installed: cannot convert this file "
                        "(apt-get install libreoffice-writer-nogui libreoffice-calc-nogui)")
    profile = out_dir / "profile"
    # LibreOffice names its output after the input; a copy with a plain name avoids
    # trouble with odd characters and makes the output name predictable
    src = out_dir / f"input{path.suffix.lower() or '.bin'}"
    shutil.copyfile(path, src)
    cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
           "--nolockcheck", "--convert-to", _FILTERS[target], "--outdir", str(out_dir / "out"), str(src)]
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False,
                              env={**os.environ, "HOME": str(out_dir)})
    except subprocess.TimeoutExpired as exc:
        raise ReadError("timeout", f"LibreOffice conversion to .{target} took more than {timeout:g} s") from exc
    except OSError as exc:
        raise ReadError("converter_unavailable", f"cannot run LibreOffice ({exe}): {exc}") from exc
    result = out_dir / "out" / f"input.{target}"
    if proc.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
        detail = (proc.stderr or proc.stdout or b"").decode("utf-8", "replace").strip().splitlines()
        detail = [d for d in detail if "javaldx" not in d]
        raise ReadError("conversion_failed", f"LibreOffice could not convert the file to .{target} "
                        f"(exit code {proc.returncode}{': ' + detail[-1] if detail else ''})")
    return result


def read_converted(path: Path, kind: str, timeout: float = DEFAULT_TIMEOUT) -> Document:
    """Read a file of `kind` (a key of TARGETS) by converting it first."""
    target = TARGETS[kind]
    with tempfile.TemporaryDirectory(prefix="baocao-soffice-") as tmp:
        converted = convert(path, target, Path(tmp), timeout)
        if target == "docx":
            from .docx_reader import read_docx
            doc = read_docx(converted)
        else:
            from .xlsx_reader import read_xlsx
            doc = read_xlsx(converted)
    return dataclasses.replace(doc, source=path, converted_from=kind)
