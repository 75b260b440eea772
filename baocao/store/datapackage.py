"""datapackage.json: a Frictionless Data Package describing the CSV and Parquet files.

Generated from schemas/contract.py (names, types, meanings) and the flag vocabulary, so the
description travels with the files and `frictionless validate DIR/datapackage.json` checks
every cell against it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from schemas.contract import REPORTS_COLUMNS, VALUES_COLUMNS

from baocao.flags import ALL_FLAGS

_TYPES = {"string": "string", "int": "integer", "float": "number", "date": "date", "bool": "boolean"}


def _fields(columns, csv: bool) -> list[dict]:
    fields = []
    for name, typ, meaning in columns:
        if typ == "list":
            # CSV: slugs joined with ';'; Parquet: a list of strings
            f = {"name": name, "type": "string" if csv else "array", "description": meaning,
                 "constraints": {"pattern": "[a-z0-9_]+(;[a-z0-9_]+)*"} if csv else {}}
            if not csv:
                f.pop("constraints")
        else:
            f = {"name": name, "type": _TYPES[typ], "description": meaning}
        fields.append(f)
    return fields


def _integrity(path: Path) -> dict:
    if not path.exists():
        return {}
    data = path.read_bytes()
    return {"bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest()}


def descriptor(out_dir: Path) -> dict:
    """The package for the files in out_dir (written before it: the Parquet hashes are taken from them)."""
    vocabulary = ALL_FLAGS
    resources = []
    for table, columns in (("values", VALUES_COLUMNS), ("reports", REPORTS_COLUMNS)):
        about = ("one row per value found in a report" if table == "values" else "one row per file read")
        resources.append({
            "name": f"{table}-csv", "path": f"{table}.csv", "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8-sig",
            "description": f"{table}: {about}. UTF-8 with BOM, comma-separated, dot decimals (en-US); "
                           "text starting with = + - @ is prefixed with ' so that it cannot run as a formula.",
            "schema": {"fields": _fields(columns, csv=True), "missingValues": [""]}})
        # a file resource: validation checks its size and hash (Frictionless reads Parquet through
        # pandas, which turns null integers into NaN, so its cells cannot be checked against the types);
        # the types and meanings are in the schema here and in the file's own Arrow field metadata
        resources.append({
            "name": f"{table}-parquet", "type": "file", "path": f"{table}.parquet", "format": "parquet",
            "mediatype": "application/vnd.apache.parquet",
            "description": f"{table}: the same rows, typed (flags a list of strings); each column's meaning is "
                           "also in the file's field metadata.",
            "schema": {"fields": _fields(columns, csv=False)}, **_integrity(out_dir / f"{table}.parquet")})
    values_csv = resources[0]["schema"]
    values_csv["foreignKeys"] = [{"fields": "report_id", "reference": {"resource": "reports-csv", "fields": "report_id"}}]
    return {
        "name": "baocao", "title": "CCHC report indicators (baocao)",
        "description": "Indicator values read from Vietnamese administrative-reform reports, with provenance and "
                       "flags. The same tables are in baocao.duckdb / baocao.sqlite (facts, reports) and "
                       "baocao.xlsx. Flag slugs are listed under 'flags'.",
        "resources": resources,
        "flags": [{"slug": s, "meaning": m} for s, m in vocabulary.items()],
    }


def write_datapackage(path: Path, out_dir: Path) -> None:
    path.write_text(json.dumps(descriptor(out_dir), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
