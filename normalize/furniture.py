"""Document furniture: the tables that frame a report rather than hold its figures.

Almost every Vietnamese administrative report opens with a two-column title block
(issuing body and number on the left, the national motto and the place and date on
the right) and ends with a two-column signature block ("Nơi nhận: …" on the left, the
signer's title and name on the right). Word files often lay both out as tables. They
have no header row, so they are not data tables; they are recognised by the markers of
schemas/furniture.csv (kinds `title_block`, `recipients`, `signature`) and their cell
texts feed the report metadata (normalize/metadata.py) instead of raising a warning.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import regex

# patterns used in loops, compiled once (regex's module functions re-check their flags per call)
_SPACES = regex.compile(r"\s+")

FURNITURE_CSV = Path(__file__).resolve().parents[1] / "schemas" / "furniture.csv"
TITLE_BLOCK = "title_block"
SIGNATURE = "signature"
_TABLE_KINDS = {"title_block": TITLE_BLOCK, "recipients": SIGNATURE, "signature": SIGNATURE}


@dataclass(frozen=True)
class Marker:
    kind: str
    pattern: regex.Pattern
    whole: bool  # the whole cell (else: the cell starts with it)

    def matches(self, text: str) -> bool:
        text = _SPACES.sub(" ", text).strip()
        return bool(self.pattern.fullmatch(text) if self.whole else self.pattern.match(text))


@functools.lru_cache(maxsize=4)
def load_markers(path: str | None = None) -> tuple[Marker, ...]:
    """The furniture markers that recognise whole tables (title block, recipients, signature)."""
    with Path(path or FURNITURE_CSV).open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    return tuple(Marker(r["kind"], regex.compile(r["pattern"], regex.I), r["match"].strip() == "whole")
                 for r in rows if r["kind"] in _TABLE_KINDS)


def furniture_kind(cells: Sequence[Sequence[str]], markers: Sequence[Marker] | None = None) -> str | None:
    """'title_block' or 'signature' when a cell of the grid carries a marker of that kind, else None.

    Only ask this of a table with no recognisable header row: a data table is never furniture."""
    markers = load_markers() if markers is None else markers
    texts = [t for row in cells for t in row if t and t.strip()]
    for kind in (TITLE_BLOCK, SIGNATURE):
        if any(m.matches(t) for m in markers if _TABLE_KINDS[m.kind] == kind for t in texts):
            return kind
    return None
