"""One part per source file under DIR/parts/: the file's values as an Arrow IPC file (LZ4),
with its report row, content hash and extractor version in the schema metadata. IPC rather
than Parquet because the batch reads every part back when it assembles the dataset: a small
IPC file is read about five times faster than a small Parquet file.

A part is written to a temporary name and renamed into place, so a killed run leaves
either the old part or the new one. The combined outputs are built from the parts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd
import pyarrow as pa
import pyarrow.ipc as ipc

from schemas.contract import REPORTS_COLUMNS, VALUES_COLUMNS

from .ids import value_id
from .output import to_frame
from .store.dedupe import POSITION
from .pipeline import FileResult

PARTS_DIR = "parts"
PART_SUFFIX = ".arrow"
_LEGACY_SUFFIX = ".parquet"  # parts of an older layout: deleted, so their files are read again
_PANDAS_TYPES = {"string": "string", "int": "Int64", "float": "Float64", "list": "string", "bool": "boolean"}
# flags stay the records' ";"-joined text inside a part; the combined outputs make them a list
_ARROW_TYPES = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "date": pa.date32(),
                "list": pa.string(), "bool": pa.bool_()}
VALUES_SCHEMA = pa.schema([(n, _ARROW_TYPES[t]) for n, t, _ in VALUES_COLUMNS])
_META_REPORT, _META_SHA, _META_VERSION, _META_SOURCE = (b"baocao.report", b"baocao.sha256",
                                                        b"baocao.extractor_version", b"baocao.source_file")


@dataclass(frozen=True)
class PartInfo:
    path: Path
    source_file: str
    sha256: str
    extractor_version: str
    error_code: str
    error: str
    status: str = ""
    n_values: int = 0
    n_flagged: int = 0
    report: dict = dataclasses.field(default_factory=dict, compare=False, repr=False)  # the reports row


def file_mode() -> int:
    """Mode of a new file under the process umask (mkstemp alone gives 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """write(tmp) into a temporary file beside path, then rename it over path in one step."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, file_mode())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def part_path(parts_dir: Path, source_file: str) -> Path:
    """A part is named for the source path, so a changed file replaces its own part."""
    return parts_dir / f"{hashlib.sha256(source_file.encode('utf-8', 'surrogateescape')).hexdigest()[:32]}{PART_SUFFIX}"


def _json_default(v: object) -> str:
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    raise TypeError(type(v).__name__)


def values_table(values: tuple) -> pa.Table:
    """Value records as an Arrow table of the contract's types (straight from the records: a
    pandas frame per file would cost more than reading a small file)."""
    try:
        # the dataset-wide columns (report_key, same_as, …) are not on the records: empty here, filled
        # when the outputs are assembled; value_id depends on the value alone, so the worker computes it
        ids = [value_id(*(getattr(v, f, None) for f in POSITION)) for v in values]
        return pa.Table.from_arrays([pa.array(ids if f.name == "value_id" else [getattr(v, f.name, None) for v in values],
                                              f.type) for f in VALUES_SCHEMA], schema=VALUES_SCHEMA)
    except (pa.ArrowException, TypeError, ValueError):  # a value of an unexpected type: pandas coerces it
        return pa.Table.from_pandas(to_frame(values, VALUES_COLUMNS), schema=VALUES_SCHEMA, preserve_index=False)


def report_dict(result: FileResult) -> dict:
    """The reports row as JSON-able values (dates as ISO text)."""
    return json.loads(json.dumps(dataclasses.asdict(result.report), default=_json_default))


def write_part(parts_dir: Path, source_key: str, result: FileResult) -> Path:
    """Write one file's result as its part (atomically). source_key: the path as given to the run."""
    table = values_table(result.values)
    r = result.report
    meta = {_META_REPORT: json.dumps(report_dict(result), ensure_ascii=False).encode(),
            _META_SHA: r.sha256.encode(), _META_VERSION: r.extractor_version.encode(),
            _META_SOURCE: source_key.encode("utf-8", "surrogateescape")}
    table = table.replace_schema_metadata(meta)
    path = part_path(parts_dir, source_key)
    atomic_write(path, lambda p: _write_ipc(table, p))
    return path


def _write_ipc(table: pa.Table, path: Path) -> None:
    with pa.OSFile(str(path), "wb") as sink, ipc.new_file(
            sink, table.schema, options=ipc.IpcWriteOptions(compression="lz4")) as writer:
        writer.write_table(table)


def _read_ipc(path: Path, schema_only: bool = False) -> pa.Table | pa.Schema:
    with pa.OSFile(str(path)) as source:  # read into memory: no file stays open or mapped
        reader = ipc.open_file(source)
        return reader.schema if schema_only else reader.read_all()


def save_part(parts_dir: Path, source_key: str, result: FileResult) -> PartInfo:
    """Write the part of one file's result; its index entry."""
    path = write_part(parts_dir, source_key, result)
    r = result.report
    return PartInfo(path, source_key, r.sha256, r.extractor_version, r.error_code, r.error, r.status, r.n_values,
                    r.n_flagged, report_dict(result))


def read_index(parts_dir: Path) -> dict[str, PartInfo]:
    """Existing parts by source path (as given to the run that wrote them). A part that
    cannot be read is deleted: its file is read again."""
    out: dict[str, PartInfo] = {}
    if not parts_dir.is_dir():
        return out
    for old in parts_dir.glob(f"*{_LEGACY_SUFFIX}"):
        old.unlink(missing_ok=True)
    for p in sorted(parts_dir.glob(f"*{PART_SUFFIX}")):
        try:
            meta = _read_ipc(p, schema_only=True).metadata or {}
            report = json.loads(meta[_META_REPORT])
            source = meta[_META_SOURCE].decode("utf-8", "surrogateescape")
        except (OSError, KeyError, ValueError, pa.ArrowException):
            p.unlink(missing_ok=True)
            continue
        out[source] = PartInfo(p, source, meta.get(_META_SHA, b"").decode(), meta.get(_META_VERSION, b"").decode(),
                               report.get("error_code", ""), report.get("error", ""), report.get("status", ""),
                               report.get("n_values", 0), report.get("n_flagged", 0), report)
    return out


def typed_frame(df: pd.DataFrame, columns: tuple[tuple[str, str, str], ...]) -> pd.DataFrame:
    """The contract's columns, in order, with the types output.to_frame gives them."""
    df = df.reindex(columns=[c[0] for c in columns])
    for name, typ, _ in columns:
        if typ == "date":
            df[name] = pd.to_datetime(df[name], errors="coerce").dt.date
        else:
            df[name] = df[name].astype(_PANDAS_TYPES[typ])
    return df


def _conform(t: pa.Table) -> pa.Table:
    """A part in the current column contract (a part from before a column was added gets it empty)."""
    t = t.replace_schema_metadata(None)
    if t.schema.equals(VALUES_SCHEMA):  # written by this version: nothing to cast
        return t
    cols = [t.column(f.name).cast(f.type) if f.name in t.column_names else pa.nulls(len(t), f.type)
            for f in VALUES_SCHEMA]
    return pa.Table.from_arrays(cols, schema=VALUES_SCHEMA)


def assemble(parts: Iterable[PartInfo]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The combined values and reports frames, in the order of `parts`. Only parts with values
    are opened: the reports rows are already in the index."""
    tables, reports = [], []
    for p in parts:
        reports.append(p.report)
        if p.n_values:
            tables.append(_conform(_read_ipc(p.path)))
    # one chunk per column, not one per part: every later step then runs each kernel once per column
    values = pa.concat_tables(tables).combine_chunks() if tables else VALUES_SCHEMA.empty_table()
    values_df = typed_frame(values.to_pandas(), VALUES_COLUMNS)
    reports_df = typed_frame(pd.DataFrame(reports, columns=[c[0] for c in REPORTS_COLUMNS]), REPORTS_COLUMNS)
    return values_df, reports_df
