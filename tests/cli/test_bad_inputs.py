"""Bad inputs: every file in tests/fixtures/bad/ through the CLI, as its manifest says.

``tests/fixtures/bad/manifest.csv`` has one line per case:

    file, command, framework, exit, words, row, column, bug

- ``file``: a file (or folder) in tests/fixtures/bad/; two files joined by ``+`` are given together.
  A name starting ``does-not-exist`` must not exist: it is the missing-path case.
- ``command``: ``lint`` (maturity framework lint FILE), ``validate`` (maturity score validate --strict FRAMEWORK
  FILE), ``merge`` (maturity score merge FRAMEWORK FILE -o OUT) or ``template-partners`` (maturity score
  template FRAMEWORK --partners FILE -o DIR).
- ``framework``: the framework for validate, merge and template-partners (a bundled id).
- ``exit``: the expected exit code (0 only for files that are warned about but fully usable).
- ``words``: text that must appear, case-sensitively, on one output line that also names the file
  and shows the location.
- ``row``, ``column``: the location that line must show, or blank. Rows of YAML files are lines and
  columns are numbers; rows of sheets are spreadsheet rows and columns are letters. A location is
  accepted as ``:ROW:`` / ``:ROW:COL`` (COL as a number) or ``row ROW`` / ``column LETTER``.
- ``bug``: blank, or what maturitykit does wrong today; the case is then a strict xfail whose reason
  starts ``BUG:``. When the bug is fixed, the case passes, the xfail fails, and the cell is cleared.

Beyond the manifest, inputs too large to commit (a YAML over the size limit, a CSV with 10,000
columns, a CSV field over the csv module's limit) are generated into tmp_path.
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FIXTURES
from maturitykit.cli.app import app
from maturitykit.io.cells import column_letter
from maturitykit.io.yamlsafe import MAX_BYTES

CORPUS = FIXTURES / "bad"
MANIFEST = CORPUS / "manifest.csv"
COLUMNS = ["file", "command", "framework", "exit", "words", "row", "column", "bug"]
COMMANDS = {"lint", "validate", "merge", "template-partners"}
MISSING_PREFIX = "does-not-exist"

runner = CliRunner()


@dataclass(frozen=True)
class Case:
    line: int  # line of the manifest, for the test id
    file: str
    command: str
    framework: str
    exit: int
    words: str
    row: int | None
    column: str | None
    bug: str

    @property
    def paths(self) -> list[Path]:
        return [CORPUS / name for name in self.file.split("+")]

    @property
    def id(self) -> str:
        return f"{self.command}-{self.file}"


def read_manifest() -> list[Case]:
    with MANIFEST.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == COLUMNS, reader.fieldnames
        cases = []
        for number, rec in enumerate(reader, start=2):
            cases.append(Case(
                line=number, file=rec["file"], command=rec["command"], framework=rec["framework"],
                exit=int(rec["exit"]), words=rec["words"], row=int(rec["row"]) if rec["row"] else None,
                column=rec["column"] or None, bug=rec["bug"],
            ))
    return cases


CASES = read_manifest()


def _params() -> list[object]:
    out = []
    for case in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=f"BUG: {case.bug}")] if case.bug else []
        out.append(pytest.param(case, id=case.id, marks=marks))
    return out


# ------------------------------------------------------------------------------- helpers
def invoke(args: list[str]) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    # Anything but a clean exit is a crash the user would have seen as a traceback.
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.stdout, result.stderr


def command_args(case: Case, out_dir: Path) -> list[str]:
    files = [str(p) for p in case.paths]
    if case.command == "lint":
        return ["framework", "lint", *files]
    if case.command == "validate":
        # --strict: a file that is only warned about still shows as a finding (exit 1) here.
        return ["score", "validate", "--strict", case.framework, *files]
    if case.command == "merge":
        return ["score", "merge", case.framework, *files, "-o", str(out_dir / "merged.csv")]
    assert case.command == "template-partners"
    return ["score", "template", case.framework, "--partners", files[0], "-o", str(out_dir / "sheets")]


def location_patterns(row: int | None, column: str | None) -> list[re.Pattern[str]]:
    """Ways a location may be shown: ':ROW:' / ':ROW:COL', or 'row ROW' / 'column LETTER'."""
    if row is None:
        return []
    if column is None:
        return [re.compile(rf":{row}(?::|\b)"), re.compile(rf"\brow {row}\b")]
    if column.isdigit():
        number, letter = int(column), column_letter(int(column) - 1)
    else:
        number, letter = sum((ord(c) - 64) * 26 ** i for i, c in enumerate(reversed(column))), column
    return [re.compile(rf":{row}:{number}\b"), re.compile(rf"\brow {row}\b.*\bcolumn {letter}\b")]


def located_line(output: str, case: Case) -> str | None:
    """The first output line with the words, naming the file and showing the location when given.

    A usable file's words may be on the last (accounting) line, which names no file.
    """
    names = [p.name for p in case.paths]
    patterns = location_patterns(case.row, case.column)
    for line in output.splitlines():
        bare = line
        for name in names:  # the words must be in the message, not in the file's name
            bare = bare.replace(name, "")
        if case.words not in bare:
            continue
        if case.exit != 0 and not any(name in line for name in names):
            continue
        if patterns and not any(p.search(line) for p in patterns):
            continue
        return line
    return None


# --------------------------------------------------------------------------------- corpus
def test_manifest_is_well_formed() -> None:
    assert len(CASES) >= 150
    seen = set()
    for case in CASES:
        assert case.command in COMMANDS, case
        assert case.exit in (0, 1, 2), case
        assert case.words, case
        assert case.command == "lint" or case.framework, case
        assert case.column is None or case.row is not None, case
        assert (case.file, case.command) not in seen, f"listed twice: {case}"
        seen.add((case.file, case.command))
        for path in case.paths:
            if path.name.startswith(MISSING_PREFIX):
                assert not path.exists(), f"{path} must not exist: it is the missing-path case"
            else:
                assert path.exists(), f"{path} is in the manifest but not in the corpus"
    # Fully usable files that are only warned about: a handful at most.
    assert sum(1 for case in CASES if case.exit == 0) <= 5


def test_corpus_has_no_stray_files() -> None:
    named = {part for case in CASES for part in case.file.split("+")}
    files = [p for p in CORPUS.rglob("*") if p.is_file() and p != MANIFEST]
    stray = []
    for path in files:
        relative = path.relative_to(CORPUS)
        # A file counts as named when it, or the folder holding it, is in the manifest.
        if not ({str(relative), *(str(parent) for parent in relative.parents)} & named):
            stray.append(str(relative))
    assert not stray, f"files in {CORPUS} that manifest.csv does not name: {stray}"
    assert len({p.relative_to(CORPUS).parts[0] for p in files}) >= 60, "at least 60 corpus files"


def test_corpus_files_are_small() -> None:
    for path in CORPUS.rglob("*"):
        if path.is_file():
            assert path.stat().st_size < 64 * 1024, f"{path} is large: generate it in the test instead"


# ----------------------------------------------------------------------------- each case
@pytest.mark.parametrize("case", _params())
def test_bad_input(case: Case, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code, stdout, stderr = invoke(command_args(case, out_dir))
    output = stdout + stderr
    assert "Traceback" not in output
    assert "internal error" not in output, output
    assert code == case.exit, f"exit {code}, expected {case.exit}:\n{output}"
    line = located_line(output, case)
    where = f" at row {case.row}" + (f", column {case.column}" if case.column else "") if case.row else ""
    assert line is not None, f"no line names {case.file} with {case.words!r}{where}:\n{output}"
    written = sorted(p.relative_to(out_dir) for p in out_dir.rglob("*"))
    if code == 2:
        lines = stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("maturity: "), f"one line on stderr:\n{stderr}"
        assert stdout == "", stdout
        # Nothing written: no output, no folder of sheets, no temporary file left behind.
        assert written == [], written
    elif case.command == "merge":
        assert (out_dir / "merged.csv").is_file()
        # Every row accounted for on the last line.
        assert re.search(r"\d+ files?, \d+ rows? read: \d+ merged, \d+ rejected", stdout.splitlines()[-1])


# What the usable (exit 0) files must give: the partners, spelt right, and how many rows.
USABLE = {
    "csv-utf16-bom.csv": ({"Acme Trust"}, 2),
    "csv-cp1252.csv": ({"Café Partnership"}, 2),
    "csv-utf8-bom.csv": ({"Acme Trust"}, 2),
    "csv-partner-case-one-file.csv": ({"Acme Trust"}, 2),
}


def test_usable_cases_are_listed() -> None:
    assert {case.file for case in CASES if case.exit == 0} == set(USABLE)


@pytest.mark.parametrize("name", sorted(USABLE))
def test_usable_file_merges_fully(name: str, tmp_path: Path) -> None:
    partners, count = USABLE[name]
    out = tmp_path / "merged.csv"
    code, stdout, _ = invoke(["score", "merge", "lloyds-system-maturity", str(CORPUS / name), "-o", str(out)])
    assert code == 0
    assert stdout.splitlines()[-1] == f"1 file, {count} {'row' if count == 1 else 'rows'} read: {count} merged, 0 rejected"
    rows = [r for r in csv.DictReader(out.open(encoding="utf-8", newline="")) if r["score"]]
    assert {r["partner"] for r in rows} == partners
    assert sorted((r["item"], r["score"]) for r in rows) == [("finance", "2"), ("vision", "3")]


def test_unsafe_yaml_is_never_executed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls: list[object] = []
    monkeypatch.setattr(os, "system", lambda *a, **k: calls.append(a) or 0)
    monkeypatch.setattr(subprocess, "call", lambda *a, **k: calls.append(a) or 0)
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: calls.append(a))
    marker = Path("/tmp/maturitykit-pwned")  # what yaml-unsafe-object-apply.yaml's command would create
    existed = marker.exists()
    unsafe = [case for case in CASES if case.file.startswith("yaml-unsafe-")]
    assert len(unsafe) >= 3
    for case in unsafe:
        code, _, _ = invoke(["framework", "lint", str(case.paths[0])])
        assert code == 2
    assert calls == []
    assert marker.exists() == existed


# ------------------------------------------------------------------- generated large inputs
def test_yaml_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    line = b"# " + b"x" * 97 + b"\n"
    path.write_bytes(b"id: huge\n" + line * (MAX_BYTES // len(line) + 10))
    assert path.stat().st_size > MAX_BYTES
    code, out, err = invoke(["framework", "lint", str(path)])
    assert code == 2 and out == ""
    assert err.startswith(f"maturity: {path}: file is ") and "-byte limit for YAML input; refused" in err
    assert err.count("\n") == 1


def test_yaml_many_aliases_under_the_size_limit(tmp_path: Path) -> None:
    # Small on disk, huge once aliases are expanded: refused by the node budget, not by size.
    path = tmp_path / "wide-bomb.yaml"
    levels = ["a0: &a0 [" + ", ".join(["x"] * 50) + "]"]
    levels += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 50) + "]" for i in range(1, 4)]
    path.write_text("id: x\n" + "\n".join(levels) + "\n", encoding="utf-8")
    assert path.stat().st_size < 4096
    code, _, err = invoke(["framework", "lint", str(path)])
    assert code == 2
    assert "(an alias bomb?); refused" in err and re.search(rf"{re.escape(str(path))}:\d+:\d+: ", err)


def test_csv_with_ten_thousand_columns_and_no_item(tmp_path: Path) -> None:
    path = tmp_path / "wide-10k.csv"
    path.write_text(",".join(f"q{i}" for i in range(10_000)) + "\n" + ",".join(["3"] * 10_000) + "\n",
                    encoding="utf-8")
    code, out, err = invoke(["score", "validate", "lloyds-system-maturity", str(path)])
    assert code == 2 and out == ""
    assert err.startswith(f"maturity: {path}:1: no header row found")


_SNIFF_BUG = ("BUG: a CSV line longer than 131,072 characters within the first 15 lines is an internal error "
              "(exit 3, 'field larger than field limit'): tables._sniff_delimiter runs csv.reader over each line "
              "with ';' and tab as well, where the whole line is one field, outside the try that turns csv.Error "
              "into a located SheetError")


def test_csv_with_ten_thousand_long_headers(tmp_path: Path) -> None:
    # A survey export with many questions: the header line alone is ~139,000 characters.
    path = tmp_path / "survey-10k.csv"
    path.write_text(",".join(f"question {i}" for i in range(10_000)) + "\n" + ",".join(["3"] * 10_000) + "\n",
                    encoding="utf-8")
    code, out, err = invoke(["score", "validate", "lloyds-system-maturity", str(path)])
    assert "internal error" not in err
    assert code == 2 and out == ""
    assert err.startswith(f"maturity: {path}:1: no header row found")


def test_csv_with_ten_thousand_columns_is_merged(tmp_path: Path) -> None:
    path = tmp_path / "long-10k.csv"
    extra = [f"note {i}" for i in range(9_997)]
    path.write_text(",".join(["partner", "item", "score", *extra]) + "\n"
                    + ",".join(["Acme Trust", "vision", "3", *["x"] * len(extra)]) + "\n", encoding="utf-8")
    out = tmp_path / "merged.csv"
    code, stdout, stderr = invoke(["score", "merge", "lloyds-system-maturity", str(path), "-o", str(out), "-q"])
    assert code == 0, stderr
    assert stdout.strip().splitlines()[-1] == "1 file, 1 row read: 1 merged, 0 rejected"
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["partner"], r["item"], r["score"]) for r in rows if r["score"]] == [("Acme Trust", "vision", "3")]


def test_csv_unclosed_quote_over_the_field_limit(tmp_path: Path) -> None:
    # The unclosed quote swallows 6,000 rows into one cell: that row is refused, located, and the count said.
    path = tmp_path / "unclosed-big.csv"
    path.write_text('partner,item,score,rationale\nAcme Trust,vision,3,"We share\n'
                    + "Acme Trust,finance,2,a rationale of some length\n" * 6000, encoding="utf-8")
    code, out, err = invoke(["score", "validate", "lloyds-system-maturity", str(path)])
    assert code == 1 and "internal error" not in err
    assert f"{path}, row 2, column D (rationale): error [unclosed-quote]" in out
    assert "swallowed 6000 lines" in out


def test_csv_long_field_in_the_first_rows(tmp_path: Path) -> None:
    # A 140,000-character rationale is long, not malformed: it is read whole.
    path = tmp_path / "long-field.csv"
    path.write_text("partner,item,score,rationale\nAcme Trust,vision,3," + "x" * 140_000
                    + "\nAcme Trust,finance,2,ok\n", encoding="utf-8")
    out_file = tmp_path / "merged.csv"
    code, out, err = invoke(["score", "merge", "lloyds-system-maturity", str(path), "-o", str(out_file), "-q"])
    assert code == 0 and "internal error" not in err
    assert out.strip().splitlines()[-1] == "1 file, 2 rows read: 2 merged, 0 rejected"


# --------------------------------------------------------------- a sheet with no partner scores
_EMPTY_AGENDA_BUG = ("BUG: score divergence --format md/html on sheets with no partner scores (a header-only sheet, or "
                     "only consensus rows) is an internal error, exit 3: UndefinedError 'dict object' has no "
                     "attribute 'alpha_ordinal' (report.framework_agreement is an empty dict); human, json and csv "
                     "exit 0")


@pytest.mark.parametrize("fmt", [
    "human", "json", "csv",
    "md", "html",
])
def test_divergence_of_a_sheet_without_partner_scores(fmt: str) -> None:
    code, out, err = invoke(["score", "divergence", "lloyds-system-maturity", str(CORPUS / "csv-header-only.csv"),
                             "--format", fmt])
    assert "internal error" not in err
    assert code == 0, err
    assert out.strip()
