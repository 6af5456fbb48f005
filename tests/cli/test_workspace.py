"""The assessment workspace end to end: `init`, then `status`, `score merge`, `score workshop`, the filled
workshop sheet read back as the consensus, and `report`, with no framework or path on the command lines."""

from __future__ import annotations

import csv
import json
import shutil

import pytest

from conftest import REPO, ok, refused

EXAMPLE = REPO / "examples" / "sel-thameside"
PARTNERS = EXAMPLE / "partners.txt"


def _fill(path, agreed: dict[int, object], save_as):
    """Fill "agreed level" (and "agreed because") on the given data rows, as a facilitator would."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    sheet = book["Scores"]
    header = [c.value for c in sheet[1]]
    level, because = header.index("agreed level") + 1, header.index("agreed because") + 1
    items = {}
    for row, value in agreed.items():
        sheet.cell(row, level).value = value
        sheet.cell(row, because).value = f"agreed at the workshop (row {row})"
        items[sheet.cell(row, header.index("item") + 1).value] = value
    book.save(save_as)
    return items, header


@pytest.fixture
def workspace(cli, tmp_path, monkeypatch):
    """A workspace made by `init` holding the example's returns (not its consensus) in two rounds."""
    ws = tmp_path / "thameside"
    ok(cli("init", ws, "--framework", "sel-neighbourhood", "--place", "Thameside", "--partners", PARTNERS,
           "--round", "baseline", "--round", "followup"))
    for label in ("baseline", "followup"):
        for sheet in (EXAMPLE / label).iterdir():
            if sheet.name != "consensus.csv":
                shutil.copy(sheet, ws / "rounds" / label / "returned" / sheet.name)
    monkeypatch.chdir(ws / "rounds")  # commands find the workspace by walking up
    return ws


def test_the_whole_round_without_repeating_framework_or_paths(cli, workspace):
    status = json.loads(ok(cli("status", "--format", "json")).stdout)
    assert status["framework"] == "sel-neighbourhood" and status["current"] == "followup"
    assert [r["label"] for r in status["rounds"]] == ["baseline", "followup"]
    for entry in status["rounds"]:
        assert entry["missing"] == [] and len(entry["returned"]) == 6 and entry["consensus"] is None
    survey = next(f for f in status["rounds"][0]["files"] if f["file"].endswith("survey-export.csv"))
    assert sorted(survey["partners"]) == ["Thameside GP Federation", "Thameside University Hospital",
                                          "Thameside Voluntary Action"]

    assert "222 merged, 0 rejected" in ok(cli("score", "merge")).stdout  # the current round: followup
    assert "216 merged" in ok(cli("score", "merge", "--round", "baseline")).stdout
    followup = workspace / "rounds" / "followup"
    assert (followup / "merged.csv").is_file() and (followup / "summary.csv").is_file()

    ok(cli("score", "workshop"))
    sheet = followup / "workshop.xlsx"
    items, header = _fill(sheet, {2: "3 - Maturing", 3: 2}, followup / "consensus.xlsx")
    assert [h for h in header if h.startswith("scored by ")] == [
        f"scored by {name}" for name in sorted(PARTNERS.read_text(encoding="utf-8").split("\n")) if name]

    status = json.loads(ok(cli("status", "--format", "json")).stdout)
    assert status["rounds"][1]["consensus"] == "rounds/followup/consensus.xlsx"
    assert "259 merged, 0 rejected" in ok(cli("score", "merge")).stdout  # 222 + the sheet's 37 rows
    with (followup / "merged.csv").open(encoding="utf-8", newline="") as handle:
        merged = list(csv.DictReader(handle))
    agreed = {row["item"]: row["score"] for row in merged if row["is_consensus"] == "true"}
    assert all(row["partner"] == "consensus" for row in merged if row["is_consensus"] == "true")
    assert {row["round_date"] for row in merged} == {""}  # the scaffold leaves the dates to be filled in
    assert {item: agreed[item] for item in items} == {item: str(int(str(v)[0])) for item, v in items.items()}
    assert sum(1 for v in agreed.values() if v) == 2  # rows left blank at the workshop agree nothing

    ok(cli("report"))
    html = (workspace / "report.html").read_text(encoding="utf-8")
    assert "rounds: baseline, followup." in html and "<h1>SEL Neighbourhood Maturity Matrix: Thameside</h1>" in html


def test_workshop_orders_the_agenda_and_anonymises(cli, workspace):
    import openpyxl

    ok(cli("score", "merge"))
    ok(cli("score", "workshop", "--anonymise", "-o", workspace / "anon.xlsx"))
    book = openpyxl.load_workbook(workspace / "anon.xlsx")
    rows = list(book["Scores"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    text = "\n".join(str(v) for row in rows for v in row if v is not None)
    for name in PARTNERS.read_text(encoding="utf-8").split("\n"):
        if name:
            assert name not in text
    assert "scored by Partner A" in header
    divergent = [r[header.index("divergent")] for r in body]
    assert divergent == sorted(divergent, key=lambda v: v != "yes")
    # Under the Delphi share rule this round may flag none; when it flags some, they come first.
    first = body[0]
    assert first[header.index("priority")] == "Shorter-term priority"
    # The dropdown offers the item's own levels.
    validations = book["Scores"].data_validations.dataValidation
    assert any("1 - Emerging" in (v.formula1 or "") for v in validations)


def test_a_bad_agreed_level_is_a_located_problem(cli, workspace):
    ok(cli("score", "merge"))
    ok(cli("score", "workshop"))
    followup = workspace / "rounds" / "followup"
    _fill(followup / "workshop.xlsx", {4: "7 - Beyond"}, followup / "consensus.xlsx")
    result = cli("score", "merge")
    assert "1 rejected" in result.stdout
    assert "consensus.xlsx, row 4, column R (agreed level)" in result.stderr
    status = cli("status", "--format", "json")
    assert status.exit_code == 1  # status finds it as the merge does: 36 rows read, one left out
    check = json.loads(status.stdout)["rounds"][1]["consensus_check"]
    assert check["file"] == "rounds/followup/consensus.xlsx" and check["errors"] == 1
    assert "consensus: rounds/followup/consensus.xlsx (36 rows, 1 error)" in cli("status").stdout


def test_plan_takes_the_workspace_target(cli, workspace):
    config = workspace / "maturity.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("# target = 3", "target = 4"), encoding="utf-8")
    ok(cli("score", "merge"))
    planned = ok(cli("plan")).stdout
    assert (workspace / "rounds" / "followup" / "plan.xlsx").is_file()
    # Target 4 (the top level) plans every item with a position; target 1 plans none, all at or above it.
    assert planned.startswith("30 items planned") and "at or above target" not in planned
    config.write_text(config.read_text(encoding="utf-8").replace("target = 4", "target = 1"), encoding="utf-8")
    assert ok(cli("plan", "-o", workspace / "plan1.csv")).stdout.startswith(
        "0 items planned; left out: 30 at or above target")


def test_explicit_arguments_win(cli, workspace, tmp_path):
    out = tmp_path / "mine.csv"
    ok(cli("score", "merge", "sel-neighbourhood", EXAMPLE / "followup", "-o", out))
    assert out.is_file() and not (workspace / "rounds" / "followup" / "merged.csv").exists()


def test_status_finds_broken_files_unlisted_partners_and_aliases(cli, workspace):
    (workspace / "partners.csv").write_text(
        "name,aliases,email,email_domain,sector\n"
        "Thameside Primary Care Collaborative,TPCC; primary care collaborative,,,primary care\n"
        "Thameside Council Adult Social Care,ASC,,,local authority\n", encoding="utf-8")
    returned = workspace / "rounds" / "baseline" / "returned"
    (returned / "broken.csv").write_text("nothing,here\n1,2\n", encoding="utf-8")
    result = cli("status", "--format", "json")
    assert result.exit_code == 1, result.output
    baseline = json.loads(result.stdout)["rounds"][0]
    broken = next(f for f in baseline["files"] if f["file"].endswith("broken.csv"))
    assert "no header row" in broken["unusable"]
    assert baseline["missing"] == [] and len(baseline["returned"]) == 2
    assert "Thameside University Hospital" in baseline["unlisted"]
    human = cli("status").stdout
    assert "UNUSABLE" in human and "not in partners.csv" in human


def test_a_name_given_to_two_partners_is_refused(cli, tmp_path):
    partners = tmp_path / "partners.csv"
    partners.write_text("name,aliases\nThameside Hospital,TH\nThameside Health,th\n", encoding="utf-8")
    message = refused(cli("init", tmp_path / "ws", "--framework", "sel-neighbourhood", "--place", "X",
                          "--partners", partners))
    assert "partners.csv:3: 'th' names two partners ('Thameside Hospital', row 2, and 'Thameside Health')" in message
    assert not (tmp_path / "ws").exists()
    partners.write_text("name,alias\nA,\n", encoding="utf-8")
    assert "partners.csv:1:2: unknown column 'alias' (did you mean 'aliases'?)" in refused(
        cli("init", tmp_path / "ws", "--framework", "sel-neighbourhood", "--place", "X", "--partners", partners))


def test_init_refuses_an_existing_workspace(cli, workspace):
    before = (workspace / "maturity.toml").read_text(encoding="utf-8")
    message = refused(cli("init", workspace, "--framework", "sel-neighbourhood", "--place", "Elsewhere"))
    assert "already a workspace" in message
    assert (workspace / "maturity.toml").read_text(encoding="utf-8") == before


def test_outside_a_workspace_the_arguments_are_needed(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert "maturity init" in refused(cli("score", "merge"))
    assert "maturity init" in refused(cli("status"))


@pytest.mark.parametrize(("text", "expected"), [
    ('framework = "sel-neighbourhood"\nplace = "X"\nanonymize = true\n',
     "maturity.toml:3: unknown key 'anonymize' (did you mean 'anonymise'?)"),
    ('framework = "sel-neighbourhood"\n\n[[rounds]]\nlabel = "a"\n\n[[rounds]]\nlable = "b"\n',
     "maturity.toml:7: unknown key 'rounds.1.lable' (did you mean 'label'?)"),
    ('framework = "sel-neighbourhood"\nplace = \n', "maturity.toml:2:9: not valid TOML"),
    ('framework = "sel-neighbourhood"\n[[rounds]]\nlabel = "a b"\n', "maturity.toml:3: rounds.0.label: a round label"),
    ('framework = "sel-neighbourhood"\ncurrent = "later"\n[[rounds]]\nlabel = "late"\n',
     "maturity.toml:2: current round 'later' is not one of the rounds (did you mean 'late'?)"),
    ('framework = "sel-neighbourhood"\nplace = "X"\nplaces = ["Y"]\n', "maturity.toml:2: place and places are both given"),
    ('framework = "sel-neighbourhood"\n[[rounds]]\nlabel = "a"\n[[rounds]]\nlabel = "A"\n',
     "a round label given twice: a"),
    ('framework = "sel-neighbourhood"\n[report]\ntitel = "T"\n',
     "maturity.toml:3: unknown key 'report.titel' (did you mean 'title'?)"),
    ('place = "X"\n', "missing key 'framework'"),
])
def test_config_errors_are_located(cli, tmp_path, monkeypatch, text, expected):
    (tmp_path / "maturity.toml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert expected in refused(cli("status"))


def test_a_framework_file_is_found_from_anywhere_in_the_workspace(cli, tmp_path, monkeypatch):
    own = tmp_path / "frameworks" / "ours.yaml"
    own.parent.mkdir()
    shutil.copy(REPO / "frameworks" / "lloyds-system-maturity.yaml", own)
    ok(cli("init", tmp_path / "ws", "--framework", own, "--place", "P"))
    assert 'framework = "../frameworks/ours.yaml"' in (tmp_path / "ws" / "maturity.toml").read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path / "ws" / "rounds" / "baseline" / "returned")
    status = json.loads(ok(cli("status", "--format", "json")).stdout)
    assert status["framework"] == "lloyds-system-maturity" and status["rounds"][0]["files"] == []


def test_workspace_option_from_outside(cli, workspace, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert "current round followup" in ok(cli("status", "--workspace", workspace)).stdout
    ok(cli("score", "merge", "--workspace", workspace, "-q"))
    assert (workspace / "rounds" / "followup" / "merged.csv").is_file()
    assert "not a workspace" in refused(cli("status", "--workspace", elsewhere))


def test_round_dates_and_the_current_round_are_read(cli, workspace):
    config = workspace / "maturity.toml"
    text = config.read_text(encoding="utf-8").replace('# current = "baseline"', 'current = "baseline"')
    config.write_text(text.replace('label = "baseline"\n# date = 2026-10-08', 'label = "baseline"\ndate = 2025-10-08'),
                      encoding="utf-8")
    status = json.loads(ok(cli("status", "--format", "json")).stdout)
    assert status["current"] == "baseline"
    assert [r["date"] for r in status["rounds"]] == ["2025-10-08", None]
    assert "216 merged" in ok(cli("score", "merge")).stdout  # the current round, not the latest
    with (workspace / "rounds" / "baseline" / "merged.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["round_date"] for row in rows} == {"2025-10-08"}
    # Paths relative to the workspace root wherever the command is run from, never absolute.
    assert all(row["source_file"].startswith("rounds/baseline/returned/") for row in rows if row["source_file"])


def test_one_reader_for_every_partners_file(tmp_path):
    # The workspace's partners.csv and the file --anonymise/--partners take are read by one reader:
    # the same partners, the same refusals, whichever command is given it.
    from maturitykit.errors import InputError
    from maturitykit.rounds.partners import read_partners_file
    from maturitykit.workspace.partners import read_partners

    path = tmp_path / "contacts.csv"
    path.write_text("name,aliases,email,phone,sector\nThameside Council,TC,a@tc.example; b@tc.example,0123,"
                    "local authority\n", encoding="utf-8")
    assert read_partners(path) == read_partners_file(path)
    assert read_partners(path)[0].emails == ("a@tc.example", "b@tc.example")  # the phone column is ignored
    path.write_text("name,email_domian\nA,a.example\n", encoding="utf-8")
    for reader in (read_partners, read_partners_file):
        with pytest.raises(InputError, match="did you mean 'email_domain'"):
            reader(path)


def test_the_workspace_report_compares_sectors_from_partners_csv(cli, workspace):
    sectors = REPO / "tests" / "fixtures" / "partners" / "thameside-sectors.csv"
    shutil.copy(sectors, workspace / "partners.csv")
    (workspace / "maturity.toml").write_text((workspace / "maturity.toml").read_text(encoding="utf-8")
                                             .replace("anonymise = false", "anonymise = true"), encoding="utf-8")
    ok(cli("report", "--min-group-size", "2"))
    reports = list(workspace.rglob("*.html")) + [p for p in workspace.rglob("*.md") if p.name != "README.md"]
    (page,) = reports
    text = page.read_text(encoding="utf-8")
    assert "Where sectors differ" in text and "NHS 2; primary care 2" in text
    for name in ("Thameside University Hospital", "TUH", "Thameside GP Federation"):
        assert name not in text  # partners.csv's names and aliases are scrubbed too
