"""Clean rows read a column at a time give exactly what reading every row by itself gives.

`sheets.clean.clean_rows` takes the rows that need no message; the rest go to `long_row`. Each file
below is read both ways (the second with `clean_rows` finding nothing clean, so every row goes
through `long_row`) and the two reads must be equal: the rows, every problem with its location,
and the counts. The files are every sheet of the fixtures, against every framework they could be
meant for, plus generated sheets with each kind of row mixed among clean ones.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES
from maturitykit.errors import MaturityError
from maturitykit.lint import load_framework
from maturitykit.sheets import clean, reader
from maturitykit.sheets.reader import read_sheet
from maturitykit.sheets.rows import Defaults, Selection

SHEET_FILES = sorted(p for p in FIXTURES.rglob("*") if p.suffix.lower() in (".csv", ".xlsx", ".txt", ".tsv")
                     and "frameworks" not in p.parts)
BUNDLED = ["lloyds-system-maturity", "sel-neighbourhood"]
VALID = FIXTURES / "frameworks" / "valid"
# The returns of a fixture framework are in returns/<its kind>: read against that framework as well.
RETURNS_OF = {"checklist": "checklist-best-fit", "dma-like": "dma-like-mixed-questions",
              "dsomm-like": "dsomm-like-dependencies", "samm-like": "samm-like-graded-answers",
              "weighted-domains": "weighted-domains"}
DEFAULTS = [Defaults(), Defaults(partner="Given Partner", place="North", round="2025"),
            Defaults(only=Selection.of(places="North"))]


def _none_clean(body, columns, **_kwargs):
    return [None] * len(body), [""] * len(body)


def _read(path: Path, framework, defaults: Defaults) -> object:
    try:
        return read_sheet(path, framework, defaults=defaults)
    except MaturityError as exc:
        return (type(exc), exc.message, exc.location)


def _both_ways(monkeypatch, path: Path, framework, defaults: Defaults) -> tuple[object, object]:
    fast = _read(path, framework, defaults)
    with monkeypatch.context() as patched:
        patched.setattr(reader, "clean_rows", _none_clean)
        slow = _read(path, framework, defaults)
    return fast, slow


@pytest.fixture(scope="module")
def frameworks():
    return {ref: load_framework(ref) for ref in BUNDLED} | {
        name: load_framework(VALID / f"{name}.yaml") for name in RETURNS_OF.values()}


def test_there_are_sheets_to_compare():
    assert len(SHEET_FILES) > 100


@pytest.mark.parametrize("path", SHEET_FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_every_fixture_reads_the_same_both_ways(monkeypatch, frameworks, path):
    parts = path.relative_to(FIXTURES).parts
    own = [RETURNS_OF[parts[1]]] if parts[0] == "returns" and parts[1] in RETURNS_OF else []
    # Every way of giving defaults against one framework; the others with none (the suite's time is shared).
    for ref, given in [(BUNDLED[0], DEFAULTS), *((other, DEFAULTS[:1]) for other in [*BUNDLED[1:], *own])]:
        for defaults in given:
            fast, slow = _both_ways(monkeypatch, path, frameworks[ref], defaults)
            assert fast == slow, (ref, defaults)


MIXED = """partner,place,round,item,score,rationale,evidence,framework
Acme Trust,North,2025,Shared vision,3,  why  ,doc,
Acme Trust,North,2025,vision,3 - Maturing,,,
Acme  Trust,North,2025,leadership,n/a,,,
Acme Trust,South,2025,leadership,2,,,
,North,2025,finance,2,,,
Acme Trust,North,2025,Vison,2,,,
Acme Trust,North,2025,finance,7,,,
Acme Trust,North,2025,involvement,2-3,,,
Acme Trust,North,2025,,,notes only,,
,,,,,,,
Acme Trust,North,2025,accountability,4,,,other-framework
Acme Trust,North,2025,learning-evaluation-improvement,=1+1,,,
Bravo Council,North,,involvement,1,,,lloyds-system-maturity
Bravo Council,North,,population-health,,,,
"""


@pytest.mark.parametrize("defaults", [Defaults(), Defaults(place="North", round="2025"),
                                      Defaults(only=Selection.of(places="North"))], ids=["none", "given", "only-north"])
def test_each_kind_of_row_among_clean_ones(monkeypatch, tmp_path, defaults):
    path = tmp_path / "mixed.csv"
    path.write_text(MIXED, encoding="utf-8")
    fw = load_framework("lloyds-system-maturity")
    fast, slow = _both_ways(monkeypatch, path, fw, defaults)
    assert fast == slow
    assert not isinstance(fast, tuple) and fast.rows and fast.problems  # both kinds were there


def test_clean_rows_takes_only_rows_without_a_message(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text(MIXED, encoding="utf-8")
    fw = load_framework("lloyds-system-maturity")
    read = read_sheet(path, fw)
    table_rows = read.entries
    taken: list[int] = []
    real = clean.clean_rows

    def spy(body, columns, **kwargs):
        rows, texts = real(body, columns, **kwargs)
        taken.extend(row.source_row for row in rows if row is not None)
        return rows, texts

    original, reader.clean_rows = reader.clean_rows, spy
    try:
        read_sheet(path, fw)
    finally:
        reader.clean_rows = original
    messaged = {p.row for p in read.problems if p.row is not None}
    assert taken and not messaged & set(taken)
    assert len(taken) < table_rows


def test_not_applicable_where_a_scale_refuses_it(monkeypatch, tmp_path, frameworks):
    """A scale that does not allow "n/a" reads it as missing with a warning: never a clean row."""
    fw = frameworks["dma-like-mixed-questions"]
    assert any(not fw.scale_for(item).allow_not_applicable for item in fw.items())
    lines = ["partner,item,score"] + [f"Acme,{item.id},{score}" for item in fw.items() for score in ("n/a", "1")]
    path = tmp_path / "na.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fast, slow = _both_ways(monkeypatch, path, fw, Defaults())
    assert fast == slow
    assert any(p.code == "not-applicable" for p in fast.problems)


def test_a_cell_value_that_cannot_be_remembered_is_read_row_by_row():
    fw = load_framework("lloyds-system-maturity")
    body = [(2, ["Acme", "vision", ["3"]]), (3, ["Acme", "finance", "3"])]
    rows, _texts = clean.clean_rows(
        body, {"partner": 0, "item": 1, "score": 2}, file="x.csv", framework=fw, index=clean.ItemIndex(fw),
        defaults=Defaults(), meta={}, broken={}, formulas={}, shared={})
    assert rows[0] is None and rows[1] is not None and rows[1].item == "finance" and rows[1].score == 3
