"""A property of every layout maturitykit reads (a long CSV, a wide CSV, each survey tool's exports as
tools/make_survey_fixtures.py writes them): for random respondents, merged + rejected = read, every score
written is merged exactly once with its value and rationale, and no merged score differs from what was
written (nothing invented, nothing shifted to another partner or item)."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import _load_tool
from maturitykit.errors import RefusedError
from maturitykit.lint import load_framework
from maturitykit.rounds.merge import merge_sheets

TOOL = _load_tool("make_survey_fixtures")
SEL = load_framework("sel-neighbourhood")
ITEM_IDS = [item_id for item_id, _ in TOOL.ITEMS]
TITLES = dict(TOOL.ITEMS)
FIRST = ["Asha", "Ben", "Carys", "Dev", "Ewa", "Femi", "Gwen", "Hari"]
LAST = ["Patel", "Okafor", "Lloyd", "Shah", "Nowak", "Adeyemi", "Jones", "Rao"]
TYPED = ["Bromley GP Federation", "Greenwich Council", "Bexley Voluntary Action", "Oxleas Trust",
         "Lewisham and Greenwich Trust", "South London Care Network"]
WORDS = ["shared", "record", "weekly", "huddles", "agreement", "dashboards", "teams", "voice", "audit"]
BAD = ["2-3", "5", "maybe", "0", "4 - but really 1", "3 (or maybe 4)", "1-4"]  # each must be rejected

# Survey layouts: (file name, writer); each writer reads the module's PEOPLE and writes the file and its
# `.expected.csv` (partner,item,score,rationale) into the module's OUT.
SURVEYS = {
    "microsoft_forms_organisation.xlsx": lambda: TOOL.ms_forms("microsoft_forms_organisation.xlsx", with_org=True),
    "microsoft_forms_names.xlsx": lambda: TOOL.ms_forms("microsoft_forms_names.xlsx", with_org=False),
    "google_forms_grid.csv": TOOL.google_forms,
    "google_forms_questions.csv": TOOL.google_forms,
    "surveymonkey_condensed.csv": TOOL.surveymonkey_condensed,
    "surveymonkey_expanded.csv": lambda: TOOL.surveymonkey_expanded("surveymonkey_expanded.csv"),
    "qualtrics_matrix.csv": lambda: TOOL.qualtrics("qualtrics_matrix.csv", matrix=True),
    "qualtrics_questions.csv": lambda: TOOL.qualtrics("qualtrics_questions.csv", matrix=False),
    "smartsurvey_questions.csv": lambda: TOOL.smartsurvey("smartsurvey_questions.csv", two_rows=False),
    "smartsurvey_comments.xlsx": lambda: TOOL.smartsurvey("smartsurvey_comments.xlsx", two_rows=True),
    "snap_labels.csv": lambda: TOOL.snap("snap_labels.csv", variables=False),
    "snap_variables.xlsx": lambda: TOOL.snap("snap_variables.xlsx", variables=True),
}
SETTINGS = settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])

why = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)
answer = st.one_of(st.none(), st.integers(1, 4))


@st.composite
def people(draw):
    """Respondents as the fixture script takes them: distinct names and emails, the first two from the
    organisations the expanded SurveyMonkey export lists, the rest typing an "Other" organisation."""
    count = draw(st.integers(2, 5))
    names = draw(st.lists(st.tuples(st.sampled_from(FIRST), st.sampled_from(LAST)), min_size=count, max_size=count,
                          unique_by=lambda n: n[0]))
    typed = draw(st.lists(st.sampled_from(TYPED), min_size=count, max_size=count, unique=True))
    out = []
    for n, (first, last) in enumerate(names):
        scores = draw(st.lists(answer, min_size=len(ITEM_IDS), max_size=len(ITEM_IDS)))
        whys = [draw(st.one_of(st.just(""), why)) if s is not None else "" for s in scores]
        org, other = (TOOL.ORGS[n], "") if n < 2 else (TOOL.ORGS[-1], typed[n])
        out.append((f"{first} {last}", f"{first.lower()}.{last.lower()}@example.org", org, other, scores, whys))
    if not any(s is not None for p in out for s in p[4]):
        out[0][4][0] = 3
    return out


def merged(path: Path) -> tuple[set[tuple[str, str, float, str]], object]:
    result = merge_sheets(SEL, [path])
    acc = result.accounting
    assert acc.merged + acc.rejected == acc.entries, acc.line()
    assert all(not r.rationale for r in result.rows if r.score is None), "a rationale on a blank"
    return {(r.partner, r.item, r.score, r.rationale) for r in result.rows if r.score is not None}, acc


@pytest.mark.parametrize("name", list(SURVEYS))
@SETTINGS
@given(respondents=people())
def test_survey_exports_merge_exactly_what_was_written(name, respondents):
    with tempfile.TemporaryDirectory() as folder:
        saved = TOOL.OUT, TOOL.PEOPLE
        TOOL.OUT, TOOL.PEOPLE = Path(folder), respondents
        try:
            SURVEYS[name]()
        finally:
            TOOL.OUT, TOOL.PEOPLE = saved
        with (Path(folder) / f"{Path(name).stem}.expected.csv").open(encoding="utf-8", newline="") as handle:
            written = {(r["partner"], r["item"], float(r["score"]), r["rationale"]) for r in csv.DictReader(handle)}
        got, acc = merged(Path(folder) / name)
    assert got == written
    assert acc.rejected == 0


cell = st.one_of(st.none(), st.integers(1, 4), st.sampled_from(BAD))


@st.composite
def grid(draw):
    partners = draw(st.lists(st.sampled_from(TYPED), min_size=1, max_size=5, unique=True))
    return {(p, i): draw(cell) for p in partners for i in ITEM_IDS}


def expectations(cells: dict) -> tuple[set[tuple[str, str, float]], int]:
    good = {(p, i, float(v)) for (p, i), v in cells.items() if isinstance(v, int)}
    return good, sum(1 for v in cells.values() if isinstance(v, str))


def write_csv(path: Path, rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


@SETTINGS
@given(cells=grid(), by_title=st.booleans())
def test_long_sheets_merge_exactly_what_was_written(cells, by_title):
    rows = [["partner", "item", "score"]]
    rows += [[p, TITLES[i] if by_title else i, "" if v is None else v] for (p, i), v in cells.items()]
    with tempfile.TemporaryDirectory() as folder:
        write_csv(Path(folder) / "long.csv", rows)
        if all(v is None for v in cells.values()):
            return
        good, bad = expectations(cells)
        if all(isinstance(v, str) for v in cells.values()):  # a file whose every score is unreadable is refused whole, never merged as nothing
            with pytest.raises(RefusedError, match="every row of this file was rejected"):
                merged(Path(folder) / "long.csv")
            return
        got, acc = merged(Path(folder) / "long.csv")
    assert {(p, i, s) for p, i, s, _ in got} == good
    assert acc.rejected == bad


@SETTINGS
@given(cells=grid())
def test_wide_sheets_merge_exactly_what_was_written(cells):
    partners = sorted({p for p, _ in cells})
    rows = [["Partner", *(TITLES[i] for i in ITEM_IDS)]]
    rows += [[p, *("" if cells[p, i] is None else cells[p, i] for i in ITEM_IDS)] for p in partners]
    with tempfile.TemporaryDirectory() as folder:
        write_csv(Path(folder) / "wide.csv", rows)
        good, bad = expectations(cells)
        if all(isinstance(v, str) for v in cells.values()):  # every score unreadable: the file is refused whole, never merged as nothing
            with pytest.raises(RefusedError, match="every row of this file was rejected"):
                merged(Path(folder) / "wide.csv")
            return
        got, acc = merged(Path(folder) / "wide.csv")
    assert {(p, i, s) for p, i, s, _ in got} == good
    assert acc.rejected == bad
