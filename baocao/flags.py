"""Every flag a value can carry: a thin view of the registry schemas/flags.csv.

Add a flag by adding a row to schemas/flags.csv (slug, stage, meaning,
confidence_factor, review); the README's flag table is printed from it
(``python -m baocao.docs``).
"""

from __future__ import annotations

from schemas.load import flags, flags_markdown

ALL_FLAGS: dict[str, str] = {slug: f.meaning for slug, f in flags().items()}


def markdown() -> str:
    return flags_markdown()
