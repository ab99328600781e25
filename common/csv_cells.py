"""CSV cells that a spreadsheet opens as text (DESIGN §9: cells starting with `=`, `+`, `-`, `@` are escaped),
so an exported user agent such as `=HYPERLINK("x")` is never run as a formula."""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """The value, prefixed with `'` when it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_row(values) -> list:
    return [csv_cell(value) for value in values]
