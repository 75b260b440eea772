"""Which period phrases can only match a sentence that holds a year.

Every sentence of a report is searched with each pattern of `schemas/period_phrases.csv`,
and most sentences hold no year at all. A pattern every way through which passes a year
slot (`{Y}`, or the year of a day `{D}`) cannot match such a sentence, so it is not
searched there. Whether a pattern is of that kind is read from its structure: with the
slots made to match nothing, can it still match anything? The stdlib's own parser of
regular expressions gives the structure; a pattern it cannot parse, or a construct not
known here, counts as "can match" (searched everywhere, as before), so the answer is only
ever used to skip a search that could not have found anything.
"""

from __future__ import annotations

try:  # the stdlib parser behind re.compile; without it (another Python) nothing is skipped
    import re._constants as _c
    import re._parser as _parser
except ImportError:  # pragma: no cover
    _parser = None

NEVER = "(?!)"  # matches nowhere


def can_match(pattern: str) -> bool:
    """False only when `pattern` (the regex module's syntax, mostly the stdlib's) matches no
    string at all; True when it may, or when that cannot be told."""
    if _parser is None:
        return True
    try:
        return _may_match(_parser.parse(pattern))
    except Exception:  # noqa: BLE001 (a syntax of the regex module only, or the parser changed)
        return True


def _may_match(items) -> bool:  # type: ignore[no-untyped-def]
    for op, av in items:
        if op is _c.BRANCH:
            if not any(_may_match(b) for b in av[1]):
                return False
        elif op is _c.SUBPATTERN:
            if not _may_match(av[-1]):
                return False
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            if av[0] > 0 and not _may_match(av[2]):
                return False
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            if not _may_match(av):
                return False
        elif op is _c.ASSERT:
            if not _may_match(av[1]):
                return False
        elif op is _c.ASSERT_NOT:
            if not len(av[1]):  # (?!): nothing follows nowhere
                return False
        # a literal, a class, an anchor, a back reference…: it may match
    return True
