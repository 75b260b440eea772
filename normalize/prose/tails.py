"""Patterns that match at the end of a text ("…$"), searched from the end.

The prose stages ask many such questions of the text before a figure ("is a label word
right before this number?"). A forward search tries the pattern at every start position;
the same pattern compiled with regex.REVERSE starts at the end, where an end-anchored
pattern either matches or fails at once. Whether a match exists is the same both ways;
where the match itself is needed, the forward search runs only once the reverse one has
found one, so the groups and spans are exactly the forward ones.

The reverse pattern is *matched* (anchored at the end of the text), not searched: a search
would still try every earlier end position, each failing at "$", and a long sentence has
hundreds. "$" also holds before a newline, so a text holding one is searched.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex


@dataclass(frozen=True)
class TailPattern:
    forward: regex.Pattern
    reverse: regex.Pattern

    @classmethod
    def compile(cls, pattern: str, flags: int = 0) -> TailPattern:
        return cls(regex.compile(pattern, flags), regex.compile(pattern, flags | regex.REVERSE))

    def found(self, text: str) -> bool:
        if "\n" in text:
            return self.reverse.search(text) is not None
        return self.reverse.match(text) is not None

    def search(self, text: str) -> regex.Match | None:
        """What self.forward.search(text) gives."""
        return self.forward.search(text) if self.found(text) else None
