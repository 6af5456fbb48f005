"""Lint corpus: every rule (MK001...), schema errors (MK000) and unreadable files.

Each file under ``tests/fixtures/frameworks/invalid/`` starts with one header line stating what
linting it must produce, in one of two forms:

    # expect: MK001 line=18 [severity=warning] [words="text the message contains"]
    # expect: exit=2 line=7 words="duplicate key"

The first form is a finding: the code must be reported at that 1-based line (with that severity,
``error`` when not given), and no other error or warning may be reported, so the fixture tests
only what it says. The second form is a file that cannot be used at all: the library raises, and
the CLI exits with that code and prints ``file:LINE:col: ...`` containing the words.

Files under ``tests/fixtures/frameworks/valid/`` must lint with no finding at all, even under
``--strict``.
"""

from __future__ import annotations

import inspect
import json
import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from maturitykit.cli.app import app
from maturitykit.errors import ExitCode, InputError, YamlError
from maturitykit.io.yamlsafe import MAX_BYTES
from maturitykit.lint.engine import SCHEMA_CODE, Rule, all_rules, lint_paths

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "frameworks"
INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))
VALID = sorted((FIXTURES / "valid").glob("*.yaml"))
RULES = all_rules()
RULE_CODES = {rule.code for rule in RULES}

runner = CliRunner()


# ------------------------------------------------------------------------------------- headers
@dataclass(frozen=True)
class Expectation:
    code: str | None = None  # a finding's code (MK000...), or None for an unreadable file
    line: int | None = None
    severity: str = "error"
    exit: int | None = None  # CLI exit code for an unreadable file
    words: str | None = None

    @property
    def unreadable(self) -> bool:
        return self.code is None


_HEADER = re.compile(r"#\s*expect:\s*(?P<rest>.*)")
_KEYS = {"line", "severity", "exit", "words"}


def parse_header(first_line: str) -> Expectation:
    match = _HEADER.fullmatch(first_line.strip())
    if not match:
        raise ValueError(f"not an expectation header: {first_line!r}")
    code = None
    fields: dict[str, str] = {}
    for token in shlex.split(match["rest"]):
        if re.fullmatch(r"MK\d{3}", token):
            if code is not None:
                raise ValueError(f"two codes in header: {first_line!r}")
            code = token
            continue
        key, sep, value = token.partition("=")
        if not sep or key not in _KEYS or key in fields:
            raise ValueError(f"bad token {token!r} in header {first_line!r}")
        fields[key] = value
    severity = fields.get("severity", "error")
    if severity not in {"error", "warning", "info"}:
        raise ValueError(f"bad severity in header {first_line!r}")
    expectation = Expectation(
        code=code,
        line=int(fields["line"]) if "line" in fields else None,
        severity=severity,
        exit=int(fields["exit"]) if "exit" in fields else None,
        words=fields.get("words"),
    )
    if (expectation.code is None) == (expectation.exit is None):
        raise ValueError(f"header needs exactly one of a code or exit=N: {first_line!r}")
    if expectation.line is None:
        raise ValueError(f"header needs line=N: {first_line!r}")
    if expectation.unreadable and not expectation.words:
        raise ValueError(f"an unreadable-file header needs words=...: {first_line!r}")
    return expectation


def read_header(path: Path) -> Expectation:
    raw = path.read_bytes()
    # The UTF-16 fixture is UTF-16 throughout, header included; others are read leniently
    # so the invalid-UTF-8 and NUL-byte fixtures still have a readable first line.
    text = (
        raw.decode("utf-16") if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else raw.decode("utf-8", "replace")
    )
    return parse_header(text.splitlines()[0] if text else "")


EXPECT = {path.name: read_header(path) for path in INVALID}
FINDING_CASES = [p for p in INVALID if not EXPECT[p.name].unreadable]
UNREADABLE_CASES = [p for p in INVALID if EXPECT[p.name].unreadable]
WARNING_CASES = [p for p in FINDING_CASES if EXPECT[p.name].severity == "warning"]


def _ids(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]


def test_header_parser() -> None:
    assert parse_header("# expect: MK001 line=14") == Expectation(code="MK001", line=14)
    assert parse_header('# expect: exit=2 line=7 words="duplicate key"') == Expectation(
        line=7, exit=2, words="duplicate key"
    )
    assert parse_header("# expect: MK007 line=3 severity=warning").severity == "warning"
    for bad in [
        "id: x",
        "# expect: line=3",
        "# expect: MK001",
        "# expect: MK001 MK002 line=3",
        "# expect: MK001 line=3 exit=2",
        "# expect: MK001 line=3 colour=red",
        "# expect: MK001 line=3 severity=fatal",
        "# expect: exit=2 line=3",
    ]:
        with pytest.raises(ValueError):
            parse_header(bad)


def test_corpus_is_not_empty() -> None:
    assert len(FINDING_CASES) >= 15
    assert len(UNREADABLE_CASES) >= 10
    assert len(VALID) >= 1
    assert WARNING_CASES


# --------------------------------------------------------------------------------- coverage
def test_every_registered_rule_has_an_invalid_fixture() -> None:
    covered = {EXPECT[p.name].code for p in FINDING_CASES}
    missing = sorted(RULE_CODES - covered)
    assert not missing, f"rules without a fixture under tests/fixtures/frameworks/invalid/: {missing}"
    assert SCHEMA_CODE in covered


def test_every_fixture_names_a_known_code() -> None:
    known = RULE_CODES | {SCHEMA_CODE}
    unknown = {p.name: EXPECT[p.name].code for p in FINDING_CASES if EXPECT[p.name].code not in known}
    assert not unknown


def test_registry_codes_are_well_formed() -> None:
    assert RULES, "no rules registered"
    for rule in RULES:
        assert re.fullmatch(r"MK\d{3}", rule.code)
        assert rule.code != SCHEMA_CODE
        assert rule.severity in {"error", "warning", "info"}
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", rule.name)
    assert len({rule.name for rule in RULES}) == len(RULES)


# ----------------------------------------------------------------------- findings: library
def _all(report: dict[str, object]) -> list[dict[str, object]]:
    """Every finding of a JSON report: errors, warnings and infos (a YAML finding's line is its row)."""
    return [*report["errors"], *report["warnings"], *report["infos"]]  # type: ignore[misc]


def _matching(findings: list[dict[str, object]], expect: Expectation) -> list[dict[str, object]]:
    return [f for f in findings if f["code"] == expect.code and f["row"] == expect.line]


def _describe(findings: list[dict[str, object]]) -> str:
    return "\n".join(
        f"{f['row']}:{f['column']} {f['severity']} {f['code']} {f['message']}" for f in findings
    )


@pytest.mark.parametrize("path", FINDING_CASES, ids=_ids(FINDING_CASES))
def test_fixture_finding_library(path: Path) -> None:
    expect = EXPECT[path.name]
    report = lint_paths([str(path)])
    findings = [f.model_dump() for f in report.findings]
    hits = _matching(findings, expect)
    assert hits, f"expected {expect.code} at line {expect.line}; got:\n{_describe(findings)}"
    assert any(f["severity"] == expect.severity for f in hits), _describe(hits)
    if expect.words:
        assert any(expect.words in str(f["message"]) for f in hits), _describe(hits)
    assert all(f["file"] == str(path) for f in findings)
    # The fixture tests one thing: no other code is reported as an error or a warning.
    others = {f["code"] for f in findings if f["severity"] != "info"} - {expect.code}
    assert not others, f"unexpected findings:\n{_describe(findings)}"
    assert report.valid is (expect.severity != "error")


# --------------------------------------------------------------------------- findings: CLI
def _lint_cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["framework", "lint", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("path", FINDING_CASES, ids=_ids(FINDING_CASES))
def test_fixture_finding_cli(path: Path) -> None:
    expect = EXPECT[path.name]
    code, out, err = _lint_cli(str(path), "--format", "json")
    report = json.loads(out)
    hits = _matching(_all(report), expect)
    assert hits, f"expected {expect.code} at line {expect.line}; got:\n{_describe(_all(report))}"
    assert err == ""
    assert code == (ExitCode.FINDINGS if expect.severity == "error" else ExitCode.OK)

    code, out, _ = _lint_cli(str(path), "--format", "json", "--strict")
    assert _matching(_all(json.loads(out)), expect)
    # Strict: errors and warnings fail; info never does.
    assert code == (ExitCode.OK if expect.severity == "info" else ExitCode.FINDINGS)


@pytest.mark.parametrize("path", FINDING_CASES, ids=_ids(FINDING_CASES))
def test_fixture_finding_cli_human(path: Path) -> None:
    expect = EXPECT[path.name]
    _, out, _ = _lint_cli(str(path))
    assert re.search(
        rf"^{re.escape(str(path))}:{expect.line}:\d+: {expect.severity} {expect.code} \[[a-z-]+\] ", out, re.M
    ), out


# ----------------------------------------------------------------------------- unreadable
@pytest.mark.parametrize("path", UNREADABLE_CASES, ids=_ids(UNREADABLE_CASES))
def test_fixture_unreadable_library(path: Path) -> None:
    expect = EXPECT[path.name]
    with pytest.raises(InputError) as info:
        lint_paths([str(path)])
    error = info.value
    assert error.location is not None
    assert error.location.file == str(path)
    assert error.location.line == expect.line, str(error)
    assert expect.words is not None and expect.words in error.message
    assert str(error).startswith(f"{path}:{expect.line}:")


@pytest.mark.parametrize("path", UNREADABLE_CASES, ids=_ids(UNREADABLE_CASES))
def test_fixture_unreadable_cli(path: Path) -> None:
    expect = EXPECT[path.name]
    for fmt in ("json", "human"):
        code, out, err = _lint_cli(str(path), "--format", fmt)
        assert code == expect.exit
        assert out == ""
        assert err.startswith(f"maturity: {path}:{expect.line}:"), err
        assert expect.words is not None and expect.words in err
        assert err.count("\n") == 1, "one line on stderr"


def test_unsafe_tag_is_never_executed(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    monkeypatch.setattr(os, "system", lambda *a, **k: calls.append(a) or 0)
    unsafe = [p for p in UNREADABLE_CASES if "unsafe" in p.name]
    assert unsafe
    for path in unsafe:
        assert "os.system" in path.read_text(encoding="utf-8")
        with pytest.raises(YamlError):
            lint_paths([str(path)])
        code, _, _ = _lint_cli(str(path))
        assert code == ExitCode.UNUSABLE
    assert calls == []


def test_billion_laughs_fixture_is_nine_by_nine() -> None:
    # The fixture must stay a real bomb: nine anchored lists of nine entries, chained.
    text = (FIXTURES / "invalid" / "yaml-billion-laughs.yaml").read_text(encoding="utf-8")
    anchored = re.findall(r"^lol(\d): &lol\1 \[(.*)\]$", text, re.M)
    assert [int(level) for level, _ in anchored] == list(range(1, 10))
    assert all(len(entries.split(",")) == 9 for _, entries in anchored)


# ------------------------------------------------------------------------- generated cases
def _padded_framework(size: int) -> bytes:
    body = (FIXTURES / "valid" / "flat-domains-generic-levels.yaml").read_bytes()
    pad_line = b"# " + b"x" * 77 + b"\n"
    missing = size - len(body)
    assert missing > 0
    lines, rest = divmod(missing, len(pad_line))
    padding = pad_line * lines + (b"#" + b"y" * (rest - 2) + b"\n" if rest >= 2 else b"\n" * rest)
    data = body + padding
    assert len(data) == size
    return data


def test_file_over_size_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(_padded_framework(MAX_BYTES + 1))
    with pytest.raises(YamlError) as info:
        lint_paths([str(path)])
    assert "over the 2,097,152-byte limit" in info.value.message
    code, out, err = _lint_cli(str(path), "--format", "json")
    assert code == ExitCode.UNUSABLE
    assert out == ""
    assert err.startswith(f"maturity: {path}: file is 2,097,153 bytes, over the 2,097,152-byte limit")


def test_file_at_size_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(_padded_framework(MAX_BYTES))
    code, out, _ = _lint_cli(str(path), "--format", "json", "--strict")
    assert code == ExitCode.OK, out
    assert _all(json.loads(out)) == []


def test_zero_byte_file_is_a_schema_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_bytes(b"")
    report = lint_paths([str(path)])
    assert [(f.code, f.row) for f in report.errors] == [(SCHEMA_CODE, 1)]
    assert "found empty document" in report.errors[0].message
    code, _, _ = _lint_cli(str(path))
    assert code == ExitCode.FINDINGS


def test_missing_file_is_unusable(tmp_path: Path) -> None:
    path = tmp_path / "no-such-framework.yaml"
    code, out, err = _lint_cli(str(path))
    assert code == ExitCode.UNUSABLE
    assert out == ""
    assert err.startswith(f"maturity: {path}: no such file")


def test_deeply_nested_file_is_refused_not_an_internal_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("id: x\ntags: " + "[" * 600 + "]" * 600 + "\n", encoding="utf-8")
    code, _, err = _lint_cli(str(path))
    assert "internal error" not in err
    assert code == ExitCode.UNUSABLE


def test_finding_on_quoted_descriptor_key_points_at_that_key(tmp_path: Path) -> None:
    text = (FIXTURES / "invalid" / "mk006-descriptor-off-scale.yaml").read_text(encoding="utf-8")
    path = tmp_path / "quoted.yaml"
    path.write_text(text.replace("      0: There", '      "0": There'), encoding="utf-8")
    report = lint_paths([str(path)])
    assert [(f.code, f.row) for f in report.errors] == [("MK006", 18)]


# ----------------------------------------------------------------------- valid and strict
@pytest.mark.parametrize("path", VALID, ids=_ids(VALID))
def test_valid_fixture_is_clean_under_strict(path: Path) -> None:
    report = lint_paths([str(path)], strict=True)
    assert report.findings == [], _describe([f.model_dump() for f in report.findings])
    assert report.valid
    code, out, err = _lint_cli(str(path), "--strict")
    assert code == ExitCode.OK
    assert err == ""
    assert out.strip().endswith("ok (strict)")


def test_valid_fixtures_together_are_clean() -> None:
    code, out, _ = _lint_cli(*map(str, VALID), "--strict", "--format", "json")
    assert code == ExitCode.OK
    assert json.loads(out)["stats"] == {"files": len(VALID), "errors": 0, "warnings": 0, "infos": 0}


@pytest.mark.parametrize("path", WARNING_CASES, ids=_ids(WARNING_CASES))
def test_strict_turns_warnings_into_failure(path: Path) -> None:
    plain = lint_paths([str(path)])
    assert plain.warnings and not plain.errors
    assert plain.valid
    assert not lint_paths([str(path)], strict=True).valid
    assert _lint_cli(str(path))[0] == ExitCode.OK
    assert _lint_cli(str(path), "--strict")[0] == ExitCode.FINDINGS


def test_valid_framework_with_a_removed_descriptor_warns(tmp_path: Path) -> None:
    # A clean file made warning-only by one edit: exit 0 plain, 1 with --strict.
    text = (FIXTURES / "valid" / "neighbourhood-groups.yaml").read_text(encoding="utf-8")
    broken = text.replace("          3: Front-line teams know each other and solve problems together.\n", "")
    assert broken != text
    path = tmp_path / "warning-only.yaml"
    path.write_text(broken, encoding="utf-8")
    report = lint_paths([str(path)])
    assert [(f.code, f.severity) for f in report.findings] == [("MK007", "warning")]
    assert _lint_cli(str(path))[0] == ExitCode.OK
    assert _lint_cli(str(path), "--strict")[0] == ExitCode.FINDINGS


# --------------------------------------------------------------------------- JSON = report
@pytest.mark.parametrize("strict", [False, True], ids=["plain", "strict"])
@pytest.mark.parametrize("path", FINDING_CASES + VALID, ids=_ids(FINDING_CASES + VALID))
def test_cli_json_is_the_report(path: Path, strict: bool) -> None:
    args = [str(path), "--format", "json"] + (["--strict"] if strict else [])
    _, out, _ = _lint_cli(*args)
    assert json.loads(out) == lint_paths([str(path)], strict=strict).to_dict()


def test_cli_json_is_the_report_for_many_files() -> None:
    paths = [str(p) for p in VALID + FINDING_CASES]
    code, out, _ = _lint_cli(*paths, "--format", "json")
    expected = lint_paths(paths).to_dict()
    assert json.loads(out) == expected
    assert expected["stats"]["files"] == len(paths)
    assert code == ExitCode.FINDINGS
    for severity in ("errors", "warnings", "infos"):
        keys = [(f["file"], f["row"] or 0, f["column"] or 0) for f in expected[severity]]
        assert keys == sorted(keys)
    assert all(f["severity"] == "error" for f in expected["errors"]) and expected["errors"]


# ------------------------------------------------------------------------ rule docstrings
_EXAMPLE = re.compile(r"^(Fails|Passes):\s*\n\s*```yaml\n(.*?)^```", re.M | re.S)

_BASE = {
    "id": "docstring-example",
    "title": "Docstring example",
    "version": "1",
    "scale": {"levels": [{"value": 1, "label": "Low"}, {"value": 2, "label": "High"}]},
    "domains": [{"id": "base-item", "title": "Base item", "descriptors": {1: "Low text", 2: "High text"}}],
}


def _examples(rule: type[Rule]) -> list[tuple[str, str]]:
    return [(kind, body) for kind, body in _EXAMPLE.findall(inspect.cleandoc(rule.__doc__ or ""))]


def _completed(snippet: str) -> str:
    """The snippet as written (comments kept), followed by the fields it lacks."""
    given = yaml.safe_load(snippet) or {}
    assert isinstance(given, dict)
    rest = {
        key: value
        for key, value in _BASE.items()
        if key not in given and not (key == "domains" and "groups" in given)
    }
    return snippet + (yaml.safe_dump(rest, sort_keys=False) if rest else "")


DOC_CASES = [
    pytest.param(rule, kind, body, id=f"{rule.code}-{kind.lower()}-{i}")
    for rule in RULES
    for i, (kind, body) in enumerate(_examples(rule))
]


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_docstring_has_examples(rule: type[Rule]) -> None:
    doc = inspect.cleandoc(rule.__doc__ or "")
    assert "Fails:" in doc and "Passes:" in doc
    kinds = [kind for kind, _ in _examples(rule)]
    assert "Fails" in kinds and "Passes" in kinds


@pytest.mark.parametrize(("rule", "kind", "snippet"), DOC_CASES)
def test_rule_docstring_example_behaves(rule: type[Rule], kind: str, snippet: str, tmp_path: Path) -> None:
    path = tmp_path / "example.yaml"
    path.write_text(_completed(snippet), encoding="utf-8")
    codes = {f.code for f in lint_paths([str(path)]).findings}
    assert SCHEMA_CODE not in codes, path.read_text(encoding="utf-8")
    if kind == "Fails":
        assert rule.code in codes, path.read_text(encoding="utf-8")
    else:
        assert rule.code not in codes, path.read_text(encoding="utf-8")
