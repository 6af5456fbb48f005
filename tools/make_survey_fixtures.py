"""Write tests/fixtures/surveys/: synthetic exports of the six survey tools maturitykit reads, each with an
`<name>.expected.csv` sidecar (partner,item,score,rationale) of what merging it must give.

Run `python tools/make_survey_fixtures.py` after changing it and commit the outputs; the respondents and
wording are invented. Items are those of the bundled `sel-neighbourhood` framework (scale 1 Emerging,
2 Developing, 3 Maturing, 4 Thriving).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import sys
import zipfile
from pathlib import Path

from openpyxl import Workbook

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "surveys"
LABELS = {1: "1 - Emerging", 2: "2 - Developing", 3: "3 - Maturing", 4: "4 - Thriving"}
ITEMS = [  # (id, title)
    ("facilitating-data-sharing", "Facilitating data sharing"),
    ("promoting-use-of-data", "Promoting use of data"),
    ("shared-clinical-risk", "Shared clinical risk"),
    ("parity-of-voice", "Parity of voice"),
]
ORGS = ["Lewisham Council", "Guy's and St Thomas'", "Other (please specify)"]
# name, email, organisation (None: not asked), typed "other", scores by item (None: left blank), rationales
PEOPLE = [
    ("Asha Patel", "asha.patel@example.org", "Lewisham Council", "", [3, 2, 4, 1],
     ["Shared record live in two boroughs", "", "Risk huddles weekly", ""]),
    ("Ben Okafor", "ben.okafor@example.org", "Guy's and St Thomas'", "", [2, None, 3, 2],
     ["", "", "Some teams only", "Voice of the VCS is weak"]),
    ("Carys Lloyd", "carys.lloyd@example.org", "Other (please specify)", "Bromley GP Federation", [4, 4, 1, 3],
     ["All practices signed the agreement", "Dashboards used monthly", "", ""]),
]
QUESTION = "How mature is the neighbourhood on this? ({title})"
WHY = "Why did you choose that level?"
ORG_Q = "Which organisation do you represent?"
WHEN = dt.datetime(2026, 3, 2, 9, 30)


def expected(partner_of) -> list[list[object]]:
    rows = [["partner", "item", "score", "rationale"]]
    for person in PEOPLE:
        for (item_id, _), score, why in zip(ITEMS, person[4], person[5], strict=True):
            if score is not None:
                rows.append([partner_of(person), item_id, score, why])
    return rows


def org_partner(person) -> str:
    return person[3] or person[2]


def name_partner(person) -> str:
    return person[0]


def csv_text(rows: list[list[object]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def write(name: str, rows: list[list[object]], partner_of, sidecar: bool = True) -> None:
    (OUT / name).write_text(csv_text(rows), encoding="utf-8", newline="")
    if sidecar:
        (OUT / f"{Path(name).stem}.expected.csv").write_text(csv_text(expected(partner_of)), encoding="utf-8",
                                                            newline="")


def label(score: int | None) -> str:
    return LABELS[score] if score is not None else ""


def save_xlsx(name: str, rows: list[list[object]]) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    for row in rows:
        sheet.append([None if cell == "" else cell for cell in row])
    book.properties.created = book.properties.modified = WHEN
    book.save(OUT / name)
    _fix_zip(OUT / name)


def ms_forms(name: str, with_org: bool) -> None:
    header = ["Id", "Start time", "Completion time", "Email", "Name", "Last modified time"]
    header += [ORG_Q] if with_org else []
    for _, title in ITEMS:
        header += [QUESTION.format(title=title), WHY]
    rows = [header]
    for n, p in enumerate(PEOPLE, start=1):
        # Without an organisation question the partner is the respondent's name; the second gave none.
        shown = "" if not with_org and n == 2 else p[0]
        row: list[object] = [n, WHEN, WHEN + dt.timedelta(minutes=9), p[1], shown, ""]
        row += [org_partner(p)] if with_org else []
        for score, why in zip(p[4], p[5], strict=True):
            row += [label(score) or None, why or None]
        rows.append(row)
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    for row in rows:
        sheet.append(row)
    book.properties.created = book.properties.modified = WHEN
    book.save(OUT / name)
    _fix_zip(OUT / name)
    partner = org_partner if with_org else (lambda p: p[1] if p is PEOPLE[1] else p[0])
    (OUT / f"{Path(name).stem}.expected.csv").write_text(csv_text(expected(partner)), encoding="utf-8", newline="")


def _fix_zip(path: Path) -> None:
    """Fixed entry times and document dates, so that running the script again writes the same bytes."""
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    stamp = WHEN.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for filename, data in entries:
            if filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            out.writestr(zipfile.ZipInfo(filename, date_time=WHEN.timetuple()[:6]), data,
                         compress_type=zipfile.ZIP_DEFLATED)


def google_forms() -> None:
    grid = "Rate each area of the neighbourhood partnership"
    header = ["Timestamp", "Email Address", ORG_Q] + [f"{grid} [{title}]" for _, title in ITEMS]
    rows = [header] + [["2026/03/02 9:30:00 AM GMT", p[1], org_partner(p)] + [label(s) for s in p[4]]
                       for p in PEOPLE]
    # A grid has no rationale questions: the sidecar expects none.
    (OUT / "google_forms_grid.csv").write_text(csv_text(rows), encoding="utf-8", newline="")
    side = [r[:3] + [""] if i else r for i, r in enumerate(expected(org_partner))]
    (OUT / "google_forms_grid.expected.csv").write_text(csv_text(side), encoding="utf-8", newline="")
    header = ["Timestamp", "Email Address"]
    for _, title in ITEMS:
        header += [f"{title}: where is your neighbourhood today?", "Tell us why"]
    rows = [header]
    for p in PEOPLE:
        row = ["2026/03/02 9:30:00 AM GMT", p[1]]
        for score, why in zip(p[4], p[5], strict=True):
            row += [LABELS[score].split(" - ")[1] if score else "", why]
        rows.append(row)
    write("google_forms_questions.csv", rows, lambda p: p[1])


def monkey_meta(n: int, p) -> list[object]:
    first, last = p[0].split(" ")
    return [1000 + n, 42, "03/02/2026 09:30:00", "03/02/2026 09:41:00", "192.0.2.1", p[1], first, last, ""]


MONKEY_META = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
               "First Name", "Last Name", "Custom Data 1"]


def surveymonkey_condensed() -> None:
    first = MONKEY_META + [ORG_Q, ""]
    second = [""] * len(MONKEY_META) + ["Response", "Other (please specify)"]
    for _, title in ITEMS:
        first += [QUESTION.format(title=title), WHY]
        second += ["Response", "Open-Ended Response"]
    rows = [first, second]
    for n, p in enumerate(PEOPLE):
        row = monkey_meta(n, p) + [p[2], p[3]]
        for score, why in zip(p[4], p[5], strict=True):
            row += [label(score), why]
        rows.append(row)
    write("surveymonkey_condensed.csv", rows, org_partner)


def surveymonkey_expanded(name: str, double_tick: bool = False) -> None:
    first = MONKEY_META + [ORG_Q] + [""] * len(ORGS)
    second = [""] * len(MONKEY_META) + ORGS[:-1] + ["Other", "Other (please specify)"]
    for _, title in ITEMS:
        first += [QUESTION.format(title=title)] + [""] * (len(LABELS) - 1) + [WHY]
        second += list(LABELS.values()) + ["Open-Ended Response"]
    rows = [first, second]
    for n, p in enumerate(PEOPLE):
        row = monkey_meta(n, p) + [o if o == p[2] else "" for o in ORGS[:-1]]
        row += ["Other" if p[3] else "", p[3]]
        for score, why in zip(p[4], p[5], strict=True):
            row += [v if score == k else "" for k, v in LABELS.items()] + [why]
        rows.append(row)
    if double_tick:  # Ben ticked two levels for the first item
        start = len(MONKEY_META) + len(ORGS) + 1
        rows[3][start + 3] = LABELS[4]
    write(name, rows, org_partner, sidecar=not double_tick)


def qualtrics(name: str, matrix: bool) -> None:
    meta = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished",
            "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName", "RecipientEmail",
            "ExternalReference", "LocationLatitude", "LocationLongitude", "DistributionChannel", "UserLanguage"]
    ids, texts = list(meta), list(meta)
    if matrix:
        ids += ["Q1", "Q1_3_TEXT"]
        texts += [ORG_Q + " - Selected Choice", ORG_Q + " - Other (please specify) - Text"]
        for n, (_, title) in enumerate(ITEMS, start=1):
            ids.append(f"Q2_{n}")
            texts.append(f"How mature is the neighbourhood on each of these? - {title}")
    else:
        for n, (_, title) in enumerate(ITEMS, start=1):
            ids += [f"Q{2 * n}", f"Q{2 * n + 1}"]
            texts += [QUESTION.format(title=title), WHY]
    imports = [json.dumps({"ImportId": i}, separators=(",", ":")) for i in ids]
    rows = [ids, texts, imports]
    for n, p in enumerate(PEOPLE):
        first, last = p[0].split(" ")
        row = ["2026-03-02 09:30:00", "2026-03-02 09:41:00", "IP Address", "192.0.2.1", "100", "660", "True",
               "2026-03-02 09:41:01", f"R_{n}abcDEF", last, first, p[1], "", "51.45", "-0.02", "anonymous", "EN-GB"]
        if matrix:
            row += [p[2], p[3]] + [label(s) for s in p[4]]
        else:
            for score, why in zip(p[4], p[5], strict=True):
                row += [label(score), why]
        rows.append(row)
    if matrix:
        write(name, rows, org_partner)
        side = [r[:3] + [""] if i else r for i, r in enumerate(expected(org_partner))]
        (OUT / f"{Path(name).stem}.expected.csv").write_text(csv_text(side), encoding="utf-8", newline="")
    else:
        write(name, rows, name_partner)


SMART_META = ["UserID", "Name", "Email", "IP Address", "Unique ID", "Started", "Ended", "Tracking Link",
              "Custom Value"]


def smart_meta(n: int, p) -> list[object]:
    return [5000 + n, p[0], p[1], "192.0.2.7", f"ss{n:04d}", "02/03/2026 09:30:00", "02/03/2026 09:44:00",
            "Web Link", ""]


def smartsurvey(name: str, two_rows: bool) -> None:
    """One header row with a "why" question after each score; or (XLSX) two header rows, the organisation's
    `Other (please specify)` and each score question's comment box named on the second row."""
    if two_rows:
        first = SMART_META + [f"1. {ORG_Q}", ""]
        second = [""] * len(SMART_META) + ["Response", "Other (please specify)"]
        for n, (_, title) in enumerate(ITEMS, start=2):
            first += [f"{n}. " + QUESTION.format(title=title), ""]
            second += ["Response", "Comment"]
        rows = [first, second]
    else:
        header = SMART_META + [f"1. {ORG_Q}", f"1. {ORG_Q} - Other (please specify)"]
        for n, (_, title) in enumerate(ITEMS):
            header += [f"{2 * n + 2}. " + QUESTION.format(title=title), f"{2 * n + 3}. {WHY}"]
        rows = [header]
    for n, p in enumerate(PEOPLE):
        row = smart_meta(n, p) + [p[2], p[3]]
        for score, why in zip(p[4], p[5], strict=True):
            row += [label(score), why]
        rows.append(row)
    if two_rows:
        save_xlsx(name, rows)
        (OUT / f"{Path(name).stem}.expected.csv").write_text(csv_text(expected(org_partner)), encoding="utf-8",
                                                            newline="")
    else:
        write(name, rows, org_partner)


def snap(name: str, variables: bool) -> None:
    """Variable labels as the one header row (CSV); or (XLSX) the variable names, then their labels."""
    labels = ["Case ID", "Date started", "Date completed", ORG_Q, "Other (please specify)"]
    names = ["RespID", "DateStart", "DateComp", "Q1", "Q1o"]
    for n, (_, title) in enumerate(ITEMS, start=2):
        labels += [f"Q{n}. " + QUESTION.format(title=title), f"Q{n}a. {WHY}"]
        names += [f"Q{n}", f"Q{n}a"]
    rows = [names, ["Respondent ID", *labels[1:]]] if variables else [labels]
    for n, p in enumerate(PEOPLE, start=1):
        row: list[object] = [n, "02/03/2026", "02/03/2026", p[2].replace("Other (please specify)", "Other"), p[3]]
        for score, why in zip(p[4], p[5], strict=True):
            row += [label(score), why]
        rows.append(row)
    if variables:
        save_xlsx(name, rows)
        (OUT / f"{Path(name).stem}.expected.csv").write_text(csv_text(expected(org_partner)), encoding="utf-8",
                                                            newline="")
    else:
        write(name, rows, org_partner)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    ms_forms("microsoft_forms_organisation.xlsx", with_org=True)
    ms_forms("microsoft_forms_names.xlsx", with_org=False)
    google_forms()
    surveymonkey_condensed()
    surveymonkey_expanded("surveymonkey_expanded.csv")
    surveymonkey_expanded("surveymonkey_expanded_double_tick.csv", double_tick=True)
    qualtrics("qualtrics_matrix.csv", matrix=True)
    qualtrics("qualtrics_questions.csv", matrix=False)
    smartsurvey("smartsurvey_questions.csv", two_rows=False)
    smartsurvey("smartsurvey_comments.xlsx", two_rows=True)
    snap("snap_labels.csv", variables=False)
    snap("snap_variables.xlsx", variables=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
