"""Which appendix section each table belongs to.

Appendix headings nest: an unnumbered "PHỤ LỤC" holds roman sections ("III- Lĩnh
vực cải cách thủ tục hành chính"), "Phụ lục 4" may hold roman sub-parts, and a
"Phụ lục" holds "Biểu mẫu 3" forms. A table's section is the most specific
identifier in force: Biểu mẫu N, then Phụ lục N, then the roman numeral, then
an unnumbered Phụ lục.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from extract.model import Block, Paragraph, Table
from schemas.tokens import ROMAN_SHORT

_APPENDIX = regex.compile(r"^(phụ lục|biểu mẫu)(?:\s+(?:số\s*)?([0-9]{1,2}[a-z]?|[IVX]{1,4}))?\b\.?\s*(.*)$", regex.I)
_TRAILING_FORM = regex.compile(r"\bBiểu mẫu\s+(\d{1,2})\s*$", regex.I)
_ROMAN = regex.compile(rf"^({ROMAN_SHORT})\s*[-.–:]\s*(\S.*)$")
_MAX_HEADING = 300


@dataclass(frozen=True)
class Section:
    id: str  # "III", "Phụ lục 4", "Biểu mẫu 3", "Phụ lục", or "" outside any appendix
    title: str  # heading text with the title line that follows it


@dataclass
class _State:
    appendix: str = ""  # "Phụ lục" / "Phụ lục 4"
    appendix_title: str = ""
    form: str = ""  # "Biểu mẫu 3"
    form_title: str = ""
    roman: str = ""
    roman_title: str = ""
    awaiting: str = ""  # which title the next short paragraph completes


def _canon(kind: str, number: str | None) -> str:
    kind = "Phụ lục" if kind.lower() == "phụ lục" else "Biểu mẫu"
    return f"{kind} {number}" if number else kind


def sections_for_tables(blocks: list[Block] | tuple[Block, ...]) -> dict[int, Section]:
    state = _State()
    out: dict[int, Section] = {}
    for b in blocks:
        if isinstance(b, Table):
            out[b.index] = _section_of(state)
            state.awaiting = ""
        elif isinstance(b, Paragraph):
            _update(state, b.text.strip())
    return out


def _update(state: _State, text: str) -> None:
    if not text or len(text) > _MAX_HEADING:
        state.awaiting = ""
        return
    m = _APPENDIX.match(text)
    if m and (not m.group(3) or m.group(2) or m.group(3)[:1].isupper()):
        ident = _canon(m.group(1), m.group(2))
        rest = m.group(3).strip()
        if ident.startswith("Biểu mẫu"):
            state.form, state.form_title, state.awaiting = ident, rest, "form"
        else:
            state.appendix, state.appendix_title, state.awaiting = ident, rest, "appendix"
            state.form = state.form_title = state.roman = state.roman_title = ""
            # a PDF line grouping may glue the first form's heading to the appendix title
            tail = _TRAILING_FORM.search(rest)
            if tail:
                state.appendix_title = rest[: tail.start()].strip()
                state.form, state.form_title, state.awaiting = f"Biểu mẫu {tail.group(1)}", "", "form"
        return
    m = _ROMAN.match(text)
    if m and state.appendix:
        state.roman, state.roman_title, state.awaiting = m.group(1), m.group(2), ""
        return
    if state.awaiting == "form" and not state.form_title:
        state.form_title = text
    elif state.awaiting == "appendix":
        state.appendix_title = f"{state.appendix_title} {text}".strip()
        if len(state.appendix_title) > _MAX_HEADING:
            state.awaiting = ""


def _section_of(state: _State) -> Section:
    if state.form:
        return Section(state.form, f"{state.form} {state.form_title}".strip())
    numbered = state.appendix if state.appendix != "Phụ lục" else ""
    ident = numbered or state.roman or state.appendix
    parts = [state.appendix, state.appendix_title]
    if state.roman:
        parts.append(f"{state.roman}- {state.roman_title}")
    return Section(ident, " ".join(p for p in parts if p).strip())


def appendix_titles(blocks: list[Block] | tuple[Block, ...], sections: dict[int, Section] | None = None) -> list[str]:
    """Titles of the appendices (their periods back up a report's own); `sections` is
    sections_for_tables(blocks) when the caller has it already."""
    sections = sections_for_tables(blocks) if sections is None else sections
    return [s.title for s in sections.values() if s.title]
