"""What a spreadsheet does with a cell, as pure rules every layer shares: column letters and formulas.

Kept apart from io/ because renderers need them too, and rendering must not depend on file I/O.
"""

from __future__ import annotations

import re

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


# C0 control characters other than tab, line feed and carriage return: XML 1.0 cannot hold them, so
# openpyxl refuses them in a cell (IllegalCharacterError), and in a CSV they are never meant.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


# The most characters (UTF-16 code units) an XLSX cell holds: Excel refuses or cuts a longer one.
XLSX_CELL_LIMIT = 32_767


def fit_xlsx_cell(text: str) -> str | None:
    """The text cut to what an XLSX cell holds, or None when it fits whole."""
    if len(text) <= XLSX_CELL_LIMIT // 2 or len(text.encode("utf-16-le")) // 2 <= XLSX_CELL_LIMIT:
        return None
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > XLSX_CELL_LIMIT:
            return text[:index]
    return None


def strip_control(text: str) -> str:
    """Text without the control characters no spreadsheet cell can hold (a vertical tab becomes a space)."""
    return CONTROL_CHARACTERS.sub(lambda m: " " if m.group() in "\x0b\x0c" else "", text)


def neutralise(value: object) -> object:
    """Prefix a text cell that a spreadsheet would run as a formula with an apostrophe.

    Numbers pass unchanged, so a negative number stays a number. Control characters are removed here
    too, as a last guard: readers already remove them from the cells they read, with a warning.
    """
    if isinstance(value, str):
        value = strip_control(value)
        if value.startswith(FORMULA_START):
            return "'" + value
    return value
