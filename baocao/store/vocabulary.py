"""The flag vocabulary the outputs document: schemas/flags.csv when present, else baocao.flags."""

from __future__ import annotations

import csv
from pathlib import Path

FLAGS_CSV = Path(__file__).resolve().parents[2] / "schemas" / "flags.csv"


def flag_vocabulary() -> dict[str, str]:
    """slug -> meaning, for every flag a value can carry."""
    if FLAGS_CSV.exists():
        with FLAGS_CSV.open(encoding="utf-8-sig") as fh:
            return {r["slug"]: r["meaning"] for r in csv.DictReader(fh)}
    from baocao.flags import ALL_FLAGS

    return dict(ALL_FLAGS)
