"""Print the README's generated reference sections (columns and flags)."""

from schemas.contract import REPORTS_COLUMNS, VALUES_COLUMNS, markdown_table

from .flags import markdown

FLAGS_INTRO = (
    "Stable slugs, semicolon-separated in `flags`. Every rule that chose between two readings leaves one; none of "
    "them changes a value. The registry is `schemas/flags.csv` (this table is printed from it by "
    "`python -m baocao.docs`): a value's `confidence` is multiplied by the factor of each flag it carries (label "
    "flags: the match score sets the confidence instead), and `review` = yes means a person should look at the "
    "value even when its confidence stays above the review threshold. A new flag is a new row there; "
    "`tests/test_flags.py` fails on any flag the code emits that the registry lacks."
)

def codes_markdown() -> str:
    """The README's two code tables, from extract/model.py."""
    from extract.model import ERROR_CODES, WARNING_CODES

    out = []
    for title, codes in (("error code", ERROR_CODES), ("warning code", WARNING_CODES)):
        out += [f"| {title} | meaning |", "|---|---|"] + [f"| `{k}` | {v} |" for k, v in codes.items()] + [""]
    return "\n".join(out).rstrip()


if __name__ == "__main__":
    print("### `values` columns\n\n" + markdown_table(VALUES_COLUMNS))
    print("\n### `reports` columns\n\n" + markdown_table(REPORTS_COLUMNS))
    print("\n### Flags\n\n" + FLAGS_INTRO + "\n\n" + markdown())
    print("\n### Error and warning codes (tables)\n\n" + codes_markdown())
