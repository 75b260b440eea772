"""Build the combined outputs of DIR from its parts, so a kill never leaves them mixed.

Everything is written into a staging folder DIR/.staging-*, then each file is renamed into
DIR (one step each), and DIR/manifest.json is written last. A marker DIR/.publishing exists
only while the renames run: a run that finds it (the previous one was killed in that short
window, so new Parquet may stand beside an old database) rebuilds the outputs from the parts.
When the parts and the outputs are those the manifest names, nothing is rewritten.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from . import EXTRACTOR_VERSION
from .output import write_outputs_frames
from .parts import PartInfo, assemble, atomic_write, file_mode

MANIFEST = "manifest.json"
MARKER = ".publishing"
# leftovers of a killed run: temporary files, staging folders, SQLite journals
STALE_PATTERNS = (".*.tmp", "*.tmp", ".staging-*", "*-journal", "*.duckdb.wal")


def parts_digest(parts: list[PartInfo]) -> str:
    h = hashlib.sha256(EXTRACTOR_VERSION.encode())
    for p in parts:
        st = p.path.stat()
        h.update(f"{p.source_file}\t{p.sha256}\t{p.path.name}\t{st.st_size}\t{st.st_mtime_ns}\n"
                 .encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def _current(out_dir: Path, digest: str) -> dict | None:
    """The manifest, if the outputs on disk are exactly the ones it describes for these parts."""
    if (out_dir / MARKER).exists():
        return None
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if manifest.get("parts_digest") != digest:
        return None
    for rel, size in manifest.get("outputs", {}).items():
        f = out_dir / rel
        if not f.exists() or _size(f) != size:
            return None
    return manifest


def publish(out_dir: Path, parts: list[PartInfo], jobs: int = 1) -> tuple[dict[str, Path], dict]:
    """Write the combined outputs for `parts` (in this order); returns (written, totals).
    jobs: processes the writers may use."""
    digest = parts_digest(parts)
    manifest = _current(out_dir, digest)
    if manifest is not None:
        return {k: out_dir / rel for k, rel in manifest["names"].items()}, manifest["totals"]
    staging = Path(tempfile.mkdtemp(dir=out_dir, prefix=".staging-"))
    try:
        values_df, reports_df = assemble(parts)
        kept = out_dir / "baocao.duckdb"
        if kept.exists():  # it holds the review page's decisions: the writer carries them into the new file
            shutil.copy2(kept, staging / kept.name)
        staged = write_outputs_frames(staging, values_df, reports_df, jobs)
        moves = [(p, Path(os.path.relpath(p, staging))) for p in staged.values()]
        for f in staging.rglob("*"):
            if f.is_file():
                os.chmod(f, file_mode())
            elif f.is_dir():
                os.chmod(f, 0o777 & ~_umask())
        atomic_write(out_dir / MARKER, lambda t: t.write_text(json.dumps([str(r) for _, r in moves])))
        for src, rel in moves:
            dest = out_dir / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            if src.is_dir() and dest.is_dir():
                old = Path(tempfile.mkdtemp(dir=out_dir, prefix=".staging-old-"))
                os.replace(dest, old / "x")
            os.replace(src, dest)
        totals = {"files": len(reports_df), "values": len(values_df)}
        manifest = {
            "extractor_version": EXTRACTOR_VERSION, "parts_digest": digest, "totals": totals,
            "names": {k: str(rel) for k, (_, rel) in zip(staged, moves)},
            "outputs": {str(rel): _size(out_dir / rel) for _, rel in moves},
        }
        atomic_write(out_dir / MANIFEST, lambda t: t.write_text(json.dumps(manifest, indent=1), encoding="utf-8"))
        (out_dir / MARKER).unlink(missing_ok=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        for old in out_dir.glob(".staging-old-*"):
            shutil.rmtree(old, ignore_errors=True)
    return {k: out_dir / rel for k, (_, rel) in zip(staged, moves)}, totals


def _size(p: Path) -> int:
    return p.stat().st_size if p.is_file() else sum(f.stat().st_size for f in p.rglob("*") if f.is_file())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
