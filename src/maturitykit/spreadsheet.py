"""What a spreadsheet does with a cell, as pure rules every layer shares: column letters and formulas.

Kept apart from io/ because renderers need them too, and rendering must not depend on file I/O.
"""

from __future__ import annotations

# A text cell starting with one of these is run as a formula by Excel, LibreOffice or Sheets
# (a tab or carriage return first is how some injections hide the "=").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def neutralise(value: object) -> object:
    """Prefix a text cell that a spreadsheet would run as a formula with an apostrophe.

    Numbers pass unchanged, so a negative number stays a number.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
