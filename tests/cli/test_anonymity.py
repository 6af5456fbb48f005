"""With --anonymise, no partner name, short name, acronym, alias, email address, web address or telephone
number reaches any output, stdout or stderr: divergence in every file format, the report with its charts,
and the report with a plan whose free text names partners (docs/anonymity.md).

The fixture tests/fixtures/anonymity has two rounds of five partners whose rationales, evidence, plan and
file names mention each other in the ways partnerships do. Every byte of every output is searched (HTML
entities decoded, SVG parsed for its text and attributes, any zip unpacked), and a control run without
--anonymise proves the same search finds the names.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from conftest import FIXTURES, ok, refused

DATA = FIXTURES / "anonymity"
ROUND1, ROUND2 = DATA / "round1", DATA / "round2"
PLAN = DATA / "plan-thameside-council.csv"
PARTNERS_FILE = DATA / "partners.csv"
FRAMEWORK = "sel-neighbourhood"

NAMES = ["Thameside Council Adult Social Care", "South Thames Community Health NHS Trust",
         "Thameside Voluntary Action", "Carers' Voice Thameside CIC", "Riverside Surgery"]
# What the fixture calls them besides their names: short names, the name without its legal form, aliases.
VARIANTS = ["Thameside Council", "South Thames Community Health", "South Thames Community Health Trust",
            "South Thames Community", "Carers' Voice Thameside", "Carers Voice", "Riverside",
            "Adult Social Care Thameside", "Voluntary Action"]
ACRONYMS = ["TVA", "STCHT", "TCASC"]
ADDRESSES = ["asc.lead@thameside.gov.uk", "jo.bloggs@thameside.gov.uk", "ops@stch.nhs.uk", "hello@tva.org.uk",
             "carers.voice@example.org", "thameside.gov.uk", "stch.nhs.uk", "tva.org.uk"]
PHONES = ["02079460018", "07700900456", "07700900123", "02079460999", "01614960000"]


def _text_of(name: str, data: bytes) -> str:
    """Every text an output holds: zip members unpacked, SVG text and attributes, HTML entities decoded."""
    if data.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "\n".join(_text_of(member, archive.read(member)) for member in archive.namelist())
    text = data.decode("utf-8")
    parts = [text, html.unescape(text)]
    if name.endswith(".svg"):
        root = ElementTree.fromstring(data)
        for element in root.iter():
            parts.extend([element.text or "", element.tail or "", *element.attrib.values()])
    return "\n".join(parts)


def _phone_pattern(digits: str) -> re.Pattern[str]:
    national = digits[1:]
    body = r"[\s\-().]*".join(national)
    return re.compile(rf"(?:\+44[\s\-().]*0?|0)[\s\-().]*{body}(?!\d)")


def leaks(name: str, data: bytes) -> list[str]:
    """Every name, variant, acronym, address and telephone number of the fixture found in the bytes."""
    text = _text_of(name, data)
    flat = " ".join(text.split())
    found = []
    for word in [*NAMES, *VARIANTS, *ACRONYMS]:
        # Any run of non-word characters between words ("thameside-council", "Thameside  Council").
        body = r"[\W_]+".join(re.escape(w) for w in re.split(r"[\s']+", word))
        if re.search(rf"(?<![^\W_]){body}(?![^\W_])", flat, re.IGNORECASE):
            found.append(word)
    squeezed = "".join(text.split()).casefold()
    found += [n for n in NAMES if "".join(n.split()).casefold() in squeezed and n not in found]
    found += [a for a in ADDRESSES if a in flat.casefold()]
    found += [p for p in PHONES if _phone_pattern(p).search(flat)]
    return found


def _outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _check_clean(files: dict[str, bytes], streams: list[str]) -> None:
    assert files, "no output was written"
    for name, data in files.items():
        assert leaks(name, data) == [], name
    for stream in streams:
        assert leaks("stream", stream.encode("utf-8")) == [], stream


def with_plan_findings(result):
    # The plan has a status the reader does not know: the report is written and the problem, scrubbed like
    # everything else, goes to the terminal with exit code 1 (findings), never into the board paper.
    assert result.exit_code == 1, result.output
    assert "is not one of" in result.stderr
    return result


def test_the_search_finds_every_kind_of_leak_without_anonymise(cli, tmp_path):
    # Control: the fixture does mention every name, variant, address and number, and the search sees them.
    out = tmp_path / "plain.md"
    with_plan_findings(cli("report", FRAMEWORK, f"r1={ROUND1}", f"r2={ROUND2}", "-o", out, "--plan", PLAN))
    found = set(leaks(out.name, out.read_bytes()))
    assert set(NAMES) <= found and set(ACRONYMS) <= found
    assert {"Thameside Council", "Carers Voice", "Riverside", "South Thames Community"} <= found
    assert set(PHONES) <= found and "jo.bloggs@thameside.gov.uk" in found
    svg = (tmp_path / "plain-heatmap.svg").read_bytes()
    assert set(NAMES) <= set(leaks("plain-heatmap.svg", svg))


def test_anonymised_divergence_leaks_nothing_in_any_format(cli, tmp_path):
    key = tmp_path / "keys" / "key.csv"
    key.parent.mkdir()
    outputs = tmp_path / "out"
    outputs.mkdir()
    streams = []
    for fmt in ("md", "html", "json", "csv"):
        result = ok(cli("score", "divergence", FRAMEWORK, ROUND2, "--anonymise", "--partners", PARTNERS_FILE,
                        "--key", key, "-o", outputs / f"agenda.{fmt}"))
        streams.append(result.output)
    result = ok(cli("score", "divergence", FRAMEWORK, ROUND2, "--anonymise", "--partners", PARTNERS_FILE))
    streams.append(result.output)  # the human agenda on stdout
    _check_clean(_outputs(outputs), streams)
    text = (outputs / "agenda.json").read_text(encoding="utf-8")
    assert "Partner A" in text and "[email address]" in text and "[telephone number]" in text
    assert set(NAMES) <= set(leaks("key.csv", key.read_bytes()))  # the key, kept apart, holds them all


def test_anonymised_report_and_plan_leak_nothing(cli, tmp_path):
    outputs = tmp_path / "out"
    outputs.mkdir()
    key = tmp_path / "key.csv"
    streams = []
    for name, extra in (("report.md", []), ("report.html", []), ("planned.md", ["--plan", PLAN]),
                        ("planned.html", ["--plan", PLAN])):
        result = (with_plan_findings if extra else ok)(cli("report", FRAMEWORK, f"r1={ROUND1}", f"r2={ROUND2}", "-o",
                                                outputs / name, "--anonymise", "--partners", PARTNERS_FILE, "--key",
                                                key, *extra))
        streams.append(result.output)
    files = _outputs(outputs)
    assert sum(name.endswith(".svg") for name in files) >= 6  # both Markdown reports' charts
    _check_clean(files, streams)
    planned = (outputs / "planned.md").read_text(encoding="utf-8")
    assert "## Action plan" in planned and "co-chair the risk group" in planned  # the plan is shown, scrubbed
    assert "Partner" in planned and "Jo Bloggs" in planned  # a person's own name is not in any list: it stays
    assert "Anonymised:" in planned and "cannot be recognised" in planned  # the methods say what is scrubbed


def test_anonymised_report_without_partners_file_scrubs_generated_variants(cli, tmp_path):
    out = tmp_path / "r.md"
    with_plan_findings(cli("report", FRAMEWORK, f"r1={ROUND1}", f"r2={ROUND2}", "-o", out, "--anonymise", "--plan", PLAN))
    data = out.read_bytes()
    found = set(leaks(out.name, data))
    # Without the partners file the aliases and web addresses are out of reach (a lower-case "tva" of
    # www.tva.org.uk is not taken for the acronym); names, cut names, acronyms in capitals and emails go.
    assert found <= {"Riverside", "Carers Voice", "Adult Social Care Thameside", "South Thames Community", "STCHT",
                     "thameside.gov.uk", "stch.nhs.uk", "tva.org.uk", "TVA"}, found
    assert not set(NAMES) & found and "Thameside Council" not in found
    assert b"TVA" not in data and data.lower().count(b"tva") == data.lower().count(b"tva.org.uk")
    assert "@" not in data.decode("utf-8")


def test_refusal_under_anonymise_names_no_partner(cli, tmp_path):
    folder = tmp_path / "round"
    shutil.copytree(ROUND1, folder)
    shutil.copy(ROUND1 / "thameside-voluntary-action.csv", folder / "tva-return.csv")
    plain = refused(cli("score", "divergence", FRAMEWORK, folder))
    assert "Thameside Voluntary Action" in plain and "appears in 2 files" in plain  # control
    for command in (["score", "divergence", FRAMEWORK, folder],
                    ["report", FRAMEWORK, f"r1={folder}", "-o", tmp_path / "r.md"]):
        message = refused(cli(*command, "--anonymise"))
        assert "appears in 2 files" in message and "a partner" in message
        assert leaks("stderr", message.encode("utf-8")) == [], message
    assert not (tmp_path / "r.md").exists()


def test_key_and_partners_need_anonymise(cli, tmp_path):
    # Without --anonymise a partners file is only for sectors: one without them does nothing, so it is refused.
    message = refused(cli("score", "divergence", FRAMEWORK, ROUND1, "--partners", PARTNERS_FILE))
    assert "--anonymise" in message and "sector" in message
    message = refused(cli("report", FRAMEWORK, f"r1={ROUND1}", "-o", tmp_path / "r.md", "--key", tmp_path / "k.csv"))
    assert "--anonymise" in message


def _scores_by_pseudonym(path: Path) -> dict[tuple[str, str], object]:
    items = json.loads(path.read_text(encoding="utf-8"))["items"]
    return {(i["item"], s["partner"]): s["score"] for i in items for s in i["scores"] if s["score"] is not None}


def _scores_by_name(folder: Path) -> dict[tuple[str, str], object]:
    out = {}
    for sheet in folder.glob("*.csv"):
        for row in csv.DictReader(sheet.open(encoding="utf-8")):
            out[(row["item"], row["partner"])] = int(row["score"])
    return out


def test_a_reused_key_keeps_every_partner_s_letter_across_rounds(cli, tmp_path):
    key = tmp_path / "key.csv"
    ok(cli("score", "divergence", FRAMEWORK, ROUND1, "--anonymise", "--key", key, "-o", tmp_path / "r1.json"))
    first = key.read_text(encoding="utf-8")
    ok(cli("report", FRAMEWORK, f"r2={ROUND2}", "--anonymise", "--key", key, "-o", tmp_path / "r.md"))
    ok(cli("score", "divergence", FRAMEWORK, ROUND2, "--anonymise", "--key", key, "-o", tmp_path / "r2.json"))
    assert key.read_text(encoding="utf-8") == first  # same partners, same salt: the key is unchanged
    letters = {row["pseudonym"]: row["partner"] for row in csv.DictReader(first.splitlines()[1:])}
    assert len(letters) == 5
    for folder, output in ((ROUND1, "r1.json"), (ROUND2, "r2.json")):
        # Each pseudonym's scores are the scores of the partner the one key gives it, in both rounds.
        real = _scores_by_name(folder)
        shown = _scores_by_pseudonym(tmp_path / output)
        assert {(item, letters[alias]): score for (item, alias), score in shown.items()} == real


def test_anonymised_report_by_sector_leaks_nothing(cli, tmp_path):
    # A sector label that names a partner ("Riverside practices") is scrubbed like any other text.
    sectors = {"Thameside Council Adult Social Care": "council and VCSE", "Thameside Voluntary Action":
               "council and VCSE", "South Thames Community Health NHS Trust": "Riverside practices",
               "Riverside Surgery": "Riverside practices", "Carers' Voice Thameside CIC": "carers"}
    rows = list(csv.reader(io.StringIO(PARTNERS_FILE.read_text(encoding="utf-8"))))
    partners = tmp_path / "partners.csv"
    with partners.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([[*rows[0], "sector"], *([*r, sectors[r[0]]] for r in rows[1:])])
    outputs = tmp_path / "out"
    outputs.mkdir()
    streams = [ok(cli("report", FRAMEWORK, f"r1={ROUND1}", f"r2={ROUND2}", "-o", outputs / name, "--anonymise",
                      "--partners", partners, "--min-group-size", "2")).output for name in ("r.md", "r.html")]
    files = _outputs(outputs)
    _check_clean(files, streams)
    page = files["r.md"].decode("utf-8")
    assert "### Where sectors differ" in page and "Partner practices" not in page
    assert "council and VCSE 2" in page and "carers (1)" in page  # the sector of one partner is named, not shown
