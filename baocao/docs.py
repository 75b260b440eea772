"""Print the README's generated reference sections (columns and flags)."""

from schemas.contract import REPORTS_COLUMNS, VALUES_COLUMNS, markdown_table

from .flags import markdown

if __name__ == "__main__":
    print("### `values` columns\n\n" + markdown_table(VALUES_COLUMNS))
    print("\n### `reports` columns\n\n" + markdown_table(REPORTS_COLUMNS))
    print("\n### Flags\n\nStable slugs, semicolon-separated in `flags`. Every rule that chose between two readings "
          "leaves one; none of them changes a value.\n\n" + markdown())
