"""What `maturity init` puts in a new workspace, as text: the caller (cli) writes it."""

from __future__ import annotations

import json

from maturitykit.workspace.config import CONFIG_NAME, PARTNERS_NAME, RETURNED_DIR, ROUNDS_DIR, parse_config
from maturitykit.workspace.partners import Partner, partners_csv


def _toml_string(text: str) -> str:
    # A JSON string is a valid TOML basic string (same escapes for quotes, backslashes and controls).
    return json.dumps(text, ensure_ascii=False)


def config_text(framework: str, places: list[str], rounds: list[str], title: str | None = None) -> str:
    lines = [
        "# The assessment workspace: `maturity` commands run inside this folder read it (docs/workspace.md).",
        f"framework = {_toml_string(framework)}",
    ]
    if len(places) == 1:
        lines.append(f"place = {_toml_string(places[0])}")
    else:
        lines.append("places = [" + ", ".join(_toml_string(p) for p in places) + "]")
    lines += [
        "# Replace partner names with pseudonyms (Partner A, B, ...) in reports and workshop sheets by default.",
        "anonymise = false",
        "# CSV outputs for Excel: \"utf-8-sig\" adds a byte-order mark so accented names show right on a double-click.",
        "# encoding = \"utf-8-sig\"",
        "# For `maturity plan`: one target level for every item, or a targets file (item, target) in this folder.",
        "# target = 3",
        "# targets = \"targets.csv\"",
        "# The round commands work on; by default the latest round with returned sheets.",
        "# current = \"baseline\"",
        "",
        "[report]",
        f"title = {_toml_string(title)}" if title else "# title = \"Neighbourhood maturity: board report\"",
        "output = \"report.html\"",
    ]
    lines += ["", "# Rounds oldest first; each round's sheets go in rounds/<label>/returned/."]
    for label in rounds:
        lines += ["[[rounds]]", f"label = {_toml_string(label)}", "# date = 2026-10-08", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def readme_text(framework: str, places: list[str], rounds: list[str]) -> str:
    first = rounds[0]
    return f"""# Maturity assessment: {", ".join(places)}

Framework `{framework}`. This folder is a maturitykit workspace: run `maturity` commands anywhere
inside it and they take the framework, place and rounds from `{CONFIG_NAME}`.

1. Check `{PARTNERS_NAME}`: one row per partner, with the short names and acronyms (`aliases`,
   separated by `;`) its sheets may use, a contact email and email domain, and its sector
   (acute, community, primary care, local authority, VCSE, ...).
2. Make the blank sheets for the round and send one to each partner:
   `maturity score template {framework} --partners {PARTNERS_NAME} --round {first} --xlsx -o sheets-{first}/`
3. Put each returned sheet in `{ROUNDS_DIR}/{first}/{RETURNED_DIR}/` as it arrives, and see who is still to
   return and which files have problems: `maturity status`.
4. Merge the round: `maturity score merge` (writes `{ROUNDS_DIR}/{first}/merged.csv` and `summary.csv`).
5. Make the facilitator's sheet: `maturity score workshop` (writes `{ROUNDS_DIR}/{first}/workshop.xlsx`).
   At the workshop fill in "agreed level" and "agreed because", save it as
   `{ROUNDS_DIR}/{first}/consensus.xlsx`, and merge again: the agreed position is read from it.
6. Write the board report over every round: `maturity report`.

For the next round add a `[[rounds]]` table to `{CONFIG_NAME}` and a folder
`{ROUNDS_DIR}/<label>/{RETURNED_DIR}/`.
"""


def scaffold(framework: str, places: list[str], rounds: list[str], partners: list[Partner],
             title: str | None = None) -> tuple[dict[str, str], list[str]]:
    """The files (relative path -> text) and folders of a new workspace. The config is parsed back, so
    init never writes a file the other commands would refuse."""
    config = config_text(framework, places, rounds, title)
    parse_config(config, CONFIG_NAME)
    files = {CONFIG_NAME: config, PARTNERS_NAME: partners_csv(partners),
             "README.md": readme_text(framework, places, rounds)}
    folders = [f"{ROUNDS_DIR}/{label}/{RETURNED_DIR}" for label in rounds]
    return files, folders
