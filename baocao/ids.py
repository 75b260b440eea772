"""Stable ids that survive re-runs: the same file content gives the same ids.

A value's id depends only on its file's content (via report_id) and where in the file
it sits, so a review decision made on a value still finds it after a re-extraction of
the unchanged file, and cannot land on another file's value.
"""

from __future__ import annotations

import hashlib


def value_id(report_id: str, origin: str, table_index: int | None, row: int | None, col: int | None,
             char_start: int | None, char_end: int | None, line: int | None, page: int | None) -> str:
    """First 16 hex digits of the SHA-256 of the value's position; None parts are written empty."""
    parts = (report_id, origin, table_index, row, col, char_start, char_end, line, page)
    key = "|".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
