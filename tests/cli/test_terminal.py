"""Nothing printed reaches the terminal with a control sequence in it: partner text and file names are untrusted."""

from __future__ import annotations

import pytest

from maturitykit.cli.common import terminal_safe

HOSTILE = [
    "\x1b]52;c;ZXZpbCBjbGlwYm9hcmQ=\x07",  # OSC 52: write the clipboard
    "\x1b]8;;https://example.invalid\x1b\\click\x1b]8;;\x1b\\",  # OSC 8: a hidden hyperlink
    "\x1b[2J\x1b[H",  # CSI: clear the screen, cursor home
    "over\rwritten",  # a bare carriage return redraws the line
    "\x9b31m",  # C1 CSI
]


@pytest.mark.parametrize("text", HOSTILE)
def test_terminal_safe_removes_every_control(text):
    cleaned = terminal_safe(text)
    assert not any(ord(c) < 32 and c not in "\t\n" or 0x7F <= ord(c) <= 0x9F for c in cleaned)


def test_tabs_newlines_and_windows_line_ends_are_kept():
    assert terminal_safe("a\tb\nc\r\nd") == "a\tb\nc\r\nd"


def test_a_hostile_rationale_and_file_name_are_printed_clean(cli, tmp_path):
    sheet = tmp_path / "north\x1b[2J.csv"
    rows = ["partner,item,score,rationale",
            f"North{HOSTILE[0]},shared-records,9,{HOSTILE[2]}",
            "South,shared-records,2,fine",
            f"East,shared-records,5,\"{HOSTILE[1]}\""]
    sheet.write_text("\n".join(rows) + "\n", encoding="utf-8")
    from conftest import FIXTURES

    framework = FIXTURES / "frameworks" / "valid" / "levels-consecutive-1-5.yaml"
    for args in (("score", "merge", framework, sheet, "-o", tmp_path / "m.csv"),
                 ("score", "validate", framework, sheet),
                 ("score", "divergence", framework, sheet)):
        result = cli(*args)
        assert "\x1b" not in result.stdout and "\x1b" not in result.stderr, args
        assert "\x07" not in result.stdout + result.stderr
