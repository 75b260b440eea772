"""fuzz.ratio of queries against one fixed list of strings, the list's bit tables made once.

Label matching scores each new label against every key of the indicator list (as printed
and with sorted tokens, accented and accent-free). rapidfuzz's `process.cdist` rebuilds its
tables from the query on every call and walks every key; the compiled loop
(`normalize/_ratio.c`) keeps one table per key list and walks the query instead, for
every key at once. The scores are rapidfuzz's own formula, float32 as `cdist` returns them
(`tests/test_ratio_table.py` compares both on every key pair and on random strings).
Where the extension is not built, or a string is not of one-byte characters, `cdist` scores.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
from rapidfuzz import fuzz, process

try:
    from . import _ratio
except ImportError:  # no C compiler at install: rapidfuzz scores
    _ratio = None


@dataclass(frozen=True)
class RatioTable:
    strings: tuple[str, ...]
    table: Any  # the compiled bit tables, or None

    @classmethod
    def of(cls, strings: Sequence[str]) -> RatioTable:
        strings = tuple(strings)
        table = None
        if _ratio is not None:
            try:
                table = _ratio.build(strings)
            except ValueError:  # a character above U+00FF: left to rapidfuzz
                pass
        return cls(strings, table)

    def ratios(self, queries: Sequence[str]) -> np.ndarray:
        """fuzz.ratio of every query against every string, shape (len(queries), len(strings)), float32."""
        queries = list(queries)
        if self.table is not None:
            out = np.empty((len(queries), len(self.strings)), dtype=np.float32)
            try:
                _ratio.ratios(self.table, queries, out)
                return out
            except ValueError:  # a query character above U+00FF
                pass
        return process.cdist(queries, self.strings, scorer=fuzz.ratio, processor=None, dtype=np.float32)
