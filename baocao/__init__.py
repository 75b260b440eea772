"""baocao: Vietnamese administrative-reform reports into a tidy indicator dataset.

EXTRACTOR_VERSION names what a result was read with: the package version plus a hash of
the vocabulary in schemas/*.csv and of
schemas/contract.py, so a batch re-reads every file when either changes.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[1]


def _package_version() -> str:
    try:
        from importlib.metadata import PackageNotFoundError, version
        try:
            return version("baocao")
        except PackageNotFoundError:
            pass
    except ImportError:  # pragma: no cover
        pass
    m = re.search(r'^version\s*=\s*"([^"]+)"', (_ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M)
    return m.group(1) if m else "0"


def _schemas_hash() -> str:
    h = hashlib.sha256()
    # the vocabulary, and the output contract (a new column means parts must be read again)
    for p in sorted((_ROOT / "schemas").glob("*.csv")) + [_ROOT / "schemas" / "contract.py"]:
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()[:12]


def __getattr__(name: str) -> str:
    """__version__ and EXTRACTOR_VERSION, worked out when first asked for: importlib.metadata
    and the schema hash cost a short command (`baocao match`, `baocao number`) a tenth of its run."""
    if name == "__version__":
        value = _package_version()
    elif name == "EXTRACTOR_VERSION":
        value = f"{__getattr__('__version__')}+{_schemas_hash()}"
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


# per-file limits of a batch run (baocao run --timeout / --max-memory)
DEFAULT_TIMEOUT = 300.0  # seconds per file
DEFAULT_MAX_MEMORY = 2_500_000_000  # bytes of address space per worker
