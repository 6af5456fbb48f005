"""`maturity report`: the board report on the bundled example, golden Markdown, safety and a browser check."""

from __future__ import annotations

import datetime
import io
import os
import re
import shutil
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import REPO

EXAMPLE = REPO / "examples" / "sel-thameside"
ROUNDS = [f"baseline={EXAMPLE / 'baseline'}", f"followup={EXAMPLE / 'followup'}"]
GOLDEN = REPO / "tests" / "golden"
PARTNERS = (EXAMPLE / "partners.txt").read_text(encoding="utf-8").split("\n")
PARTNERS = [p for p in PARTNERS if p.strip()]
BOARD = REPO / "tests" / "fixtures" / "rounds" / "board-paper"
TARGETED = REPO / "tests" / "fixtures" / "frameworks" / "valid" / "neighbourhood-groups.yaml"
BOARD_ROUNDS = [f"spring={BOARD / 'r1'}", f"autumn={BOARD / 'r2'}"]
EPOCH = "1767225600"  # 2026-01-01: the generation date every golden report states


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def _report(cli, tmp_path, name, *extra, rounds=ROUNDS, framework="sel-neighbourhood"):
    out = tmp_path / name
    result = cli("report", framework, *rounds, "-o", out, *extra)
    assert result.exit_code == 0, result.output
    return out


def _relative(text: str) -> str:
    # Inputs appear as given; the golden copy must not depend on where the repository is.
    return text.replace(str(REPO) + os.sep, "")


def test_markdown_matches_golden(cli, tmp_path):
    out = _report(cli, tmp_path, "thameside-report.md")
    text = _relative(out.read_text(encoding="utf-8"))
    golden = GOLDEN / "thameside-report.md"
    assert text == golden.read_text(encoding="utf-8"), (
        "report differs from tests/golden/thameside-report.md: if the change is intended, "
        "run `python tools/update_golden.py`, review the diff and commit it"
    )
    charts = sorted(p.name for p in tmp_path.glob("thameside-report-*.svg"))
    assert charts == ["thameside-report-change.svg", "thameside-report-groups.svg",
                      "thameside-report-heatmap.svg", "thameside-report-radar.svg"]
    for name in charts:  # every chart the Markdown links exists beside it
        assert f"]({name})" in text


def test_report_sections_in_order(cli, tmp_path):
    text = _report(cli, tmp_path, "r.md").read_text(encoding="utf-8")
    headings = re.findall(r"^#{2,3} (.+)$", text, flags=re.M)
    expected = ["Where Thameside stands", "By group and domain", "Every partner's score, round followup",
                "Where partners disagree", "What moved since baseline", "Priorities",
                "What partners said, round followup", "Methods", "Source"]
    assert [h for h in headings if h in expected] == expected
    assert "average position is" in text and "improved" in text


def test_html_is_self_contained_and_deterministic(cli, tmp_path):
    first = _report(cli, tmp_path, "a.html").read_bytes()
    second = _report(cli, tmp_path, "b.html").read_bytes()
    assert first == second
    html = first.decode("utf-8")
    assert html.count("<svg") >= 4
    assert not re.search(r"""<(script|link|img|iframe)[^>]+(src|href)=["']?https?:""", html)
    assert "@media print" in html and "break-after: avoid" in html and "size: A4" in html
    assert html.count('<svg role="img"') >= 4 and html.count("<desc>") >= 4  # charts carry their text alternative


def test_partner_text_is_escaped(cli, tmp_path):
    follow = tmp_path / "follow"
    shutil.copytree(EXAMPLE / "followup", follow)
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)> {{ 7*7 }}'
    (follow / "hostile.csv").write_text(
        f'partner,item,score,rationale\nHostile <b>Org</b>,shared-clinical-risk,1,"{hostile.replace(chr(34), chr(34) * 2)}"\n',
        encoding="utf-8")
    for name in ("h.html", "h.md"):
        text = _report(cli, tmp_path, name, rounds=[f"baseline={EXAMPLE / 'baseline'}", f"followup={follow}"]
                       ).read_text(encoding="utf-8")
        # Markdown shows a backslash-escaped "<" literally; only an unescaped tag would reach a renderer as HTML.
        assert not re.search(r"(?<!\\)<(script|img|b>)", text), name
        assert "Hostile" in text
        if name.endswith(".html"):
            assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in text and "{{ 7*7 }}" in text
        else:
            assert "\\<script\\>alert" in text and "\\{\\{ 7\\*7 \\}\\}" in text


def test_anonymise_leaves_no_partner_name_anywhere(cli, tmp_path):
    for name in ("anon.html", "anon.md"):
        _report(cli, tmp_path, name, "--anonymise")
    files = [p for p in tmp_path.iterdir() if p.is_file()]
    assert len(files) > 3
    for path in files:
        data = re.sub(rb"\s+", b" ", path.read_bytes().lower())
        for partner in PARTNERS:
            assert partner.lower().encode() not in data, (path.name, partner)
    assert b"partner a" in (tmp_path / "anon.html").read_bytes().lower()


def test_templates_override(cli, tmp_path):
    folder = tmp_path / "brand"
    folder.mkdir()
    (folder / "report.md.j2").write_text("# Branded {{ report.title | md }}\n{{ report.places[0].headline | md }}\n",
                                         encoding="utf-8")
    text = _report(cli, tmp_path, "brand.md", "--templates", folder).read_text(encoding="utf-8")
    assert text.startswith("# Branded SEL Neighbourhood Maturity Matrix")


def test_several_places_get_a_benchmark(cli, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    for src in (EXAMPLE / "followup").glob("*.csv"):
        text = src.read_text(encoding="utf-8").replace("Thameside", "Riverbank")
        (other / src.name).write_text(text, encoding="utf-8")
    both = tmp_path / "both"
    both.mkdir()
    for src in (EXAMPLE / "followup").glob("*.csv"):
        shutil.copy(src, both / src.name)
    for src in other.glob("*.csv"):
        shutil.copy(src, both / f"riverbank-{src.name}")
    text = _report(cli, tmp_path, "bench.md", rounds=[f"now={both}"]).read_text(encoding="utf-8")
    assert "## Places compared" in text and "| Riverbank |" in text and "| Thameside |" in text
    assert (tmp_path / "bench-benchmark.svg").exists()


def test_refuses_bad_output(cli, tmp_path):
    result = cli("report", "sel-neighbourhood", *ROUNDS, "-o", tmp_path / "r.pdf")
    assert result.exit_code == 2 and ".html" in result.output and "--format" in result.output
    assert not (tmp_path / "r.pdf").exists()
    result = cli("report", "sel-neighbourhood", "baseline", "-o", tmp_path / "r.md")
    assert result.exit_code == 2 and "LABEL=PATH" in result.output


# --- the board paper: plain words, headline, what is left out, diagnostics ---------------------

# Statistics' names and "(s)" belong in the Methods section only (or nowhere, for "(s)").
JARGON = re.compile(r"\bAD\b|\brwg\b|\balpha\b|\bAC2\b|\bkappa\b|\(s\)", re.IGNORECASE)


class _Text(HTMLParser):
    """The visible text of an HTML page outside <style> and outside the Methods section."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip: list[str] = []  # the open tags whose text is skipped

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if self.skip or tag in ("style", "script") or "methods" in classes:
            self.skip.append(tag)

    def handle_endtag(self, tag):
        if self.skip and self.skip[-1] == tag:
            self.skip.pop()

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def board_text(text: str, fmt: str) -> str:
    """The report's text outside the Methods section, for either format."""
    if fmt == "html":
        parser = _Text()
        parser.feed(text)
        return " ".join(parser.parts)
    before, methods, after = text.partition("\n### Methods\n")
    assert methods, "no Methods section"
    return before + after[after.index("\n## "):]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_board_sections_use_plain_words(cli, tmp_path, fmt):
    for name, framework, rounds in (("example", "sel-neighbourhood", ROUNDS), ("board", TARGETED, BOARD_ROUNDS)):
        text = _report(cli, tmp_path, f"{name}.{fmt}", framework=framework, rounds=rounds).read_text(encoding="utf-8")
        board = board_text(text, fmt)
        assert "Where partners disagree" in board and "Source" in board
        assert JARGON.findall(board) == [], name
        assert "Krippendorff's alpha" in text and "AD exceeds" in text  # the Methods still name them
        assert not re.search(r"\b1 (items|partners|levels|domains)\b", board)
        assert not re.search(r"\b([02-9]|\d\d+) (item|partner|domain) ", board)


def test_plain_words_check_can_fail():
    assert JARGON.search("why: AD 1.33 > 0.67") and JARGON.search("2 item(s)")
    assert board_text("# t\n\nrwg 0.5\n\n### Methods\n\nalpha\n\n## Source\n", "md") == "# t\n\nrwg 0.5\n\n## Source\n"
    assert board_text('<p>ok</p><section class="major methods"><p>alpha</p></section><p>AC2</p>', "html") == "ok AC2"


def test_headline_names_declines_gaps_coverage_and_dates(cli, tmp_path):
    from maturitykit import __version__

    text = _report(cli, tmp_path, "board.md", framework=TARGETED, rounds=BOARD_ROUNDS).read_text(encoding="utf-8")
    headline = text.split("## Where Northtown stands\n\n", 1)[1].split("\n", 1)[0]
    assert "assessed on 4 of 5 items" in headline
    assert "Not assessed: the domain Data and digital, with no item scored in any round" in headline
    assert "Declined: Trust and relationships (3 to 1)." in headline
    assert "Partners see 1 item differently, a short-term priority." in headline
    assert f"Report generated on 2026-01-01 by maturitykit {__version__}." in headline
    assert "Round dates are not recorded." in headline
    # The radar marks the domain nobody assessed; the heat map and change chart leave out the unscored item.
    assert "Data and digital (not assessed) no position" in text
    assert "Left out of the chart: 1 item that no partner scored in round autumn (Shared care record)." in text
    assert "Left out of the chart: 1 item with no position in either round (Shared care record)." in text
    heatmap = (tmp_path / "board-heatmap.svg").read_text(encoding="utf-8")
    assert "Anticipatory care" in heatmap and "Shared care record" not in heatmap


def test_the_generation_date_follows_source_date_epoch(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")  # 2026-09-21
    assert "Report generated on 2026-09-21" in _report(cli, tmp_path, "a.md").read_text(encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "tomorrow")
    result = cli("report", "sel-neighbourhood", *ROUNDS, "-o", tmp_path / "b.md")
    assert result.exit_code == 2 and "SOURCE_DATE_EPOCH" in result.stderr
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    today = datetime.date.today().isoformat()
    assert f"Report generated on {today}" in _report(cli, tmp_path, "c.md").read_text(encoding="utf-8")


def test_round_dates_come_from_the_workspace(cli, tmp_path, monkeypatch):
    ws = tmp_path / "ws"
    assert cli("init", ws, "--framework", "sel-neighbourhood", "--place", "Thameside",
               "--round", "baseline", "--round", "followup").exit_code == 0
    for label in ("baseline", "followup"):
        for sheet in (EXAMPLE / label).iterdir():
            shutil.copy(sheet, ws / "rounds" / label / "returned" / sheet.name)
    config = ws / "maturity.toml"
    text = config.read_text(encoding="utf-8")
    assert 'label = "baseline"\n# date = ' in text
    config.write_text(re.sub(r'(label = "baseline"\n)# date = \S+', r"\1date = 2025-10-08", text), encoding="utf-8")
    monkeypatch.chdir(ws)
    result = cli("report", "-o", tmp_path / "ws.md")
    assert result.exit_code == 0, result.output
    assert "Rounds held: baseline 2025-10-08; followup (date not recorded)." in (tmp_path / "ws.md").read_text(
        encoding="utf-8")


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_target_and_gap_columns_only_when_a_target_is_set(cli, tmp_path, fmt):
    none = _report(cli, tmp_path, f"none.{fmt}").read_text(encoding="utf-8")
    some = _report(cli, tmp_path, f"some.{fmt}", framework=TARGETED, rounds=BOARD_ROUNDS).read_text(encoding="utf-8")
    header = {"md": "| target | gap |", "html": '<th scope="col" class="num">gap</th>'}[fmt]
    assert header not in none and "No target levels are set" in none
    assert header in some and "No target levels are set" not in some
    assert not re.search(r"\btarget\b", board_text(none, fmt).split("Priorities", 1)[0].split("By group and domain")[-1])


def test_plan_problems_go_to_the_terminal_not_the_paper(cli, tmp_path):
    out = tmp_path / "planned.md"
    result = cli("report", TARGETED, *BOARD_ROUNDS, "-o", out, "--plan", BOARD / "plan.csv")
    assert result.exit_code == 1, result.output  # findings: the report is written, the problem is said
    assert "waiting for funding" in result.stderr and "plan.csv" in result.stderr
    text = out.read_text(encoding="utf-8")
    assert "## Action plan" in text and "Joint away day" in text
    assert "unknown" not in text.split("## Action plan", 1)[1] and "plan.csv" not in text
    clean = tmp_path / "clean.csv"
    clean.write_text((BOARD / "plan.csv").read_text(encoding="utf-8").replace("waiting for funding", "not started"),
                     encoding="utf-8")
    assert cli("report", TARGETED, *BOARD_ROUNDS, "-o", tmp_path / "ok.md", "--plan", clean).exit_code == 0


def test_paper_size_option(cli, tmp_path):
    assert "size: A4;" in _report(cli, tmp_path, "a4.html").read_text(encoding="utf-8")
    letter = _report(cli, tmp_path, "letter.html", "--paper", "letter").read_text(encoding="utf-8")
    assert "size: letter;" in letter and "size: A4" not in letter


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


needs_chromium = pytest.mark.skipif(_chromium() is None,
                                    reason="Chromium is not installed (CI installs Debian's chromium)")


@contextmanager
def _browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        try:
            yield browser
        finally:
            browser.close()


def _axe() -> str:
    """axe-core's script (an npm package, test-only): `.ci/system-deps` installs it into .ci/node."""
    for folder in (REPO / ".ci" / "node", REPO):
        script = folder / "node_modules" / "axe-core" / "axe.min.js"
        if script.is_file():
            return script.read_text(encoding="utf-8")
    pytest.skip("axe-core is not installed: run .ci/system-deps (npm install --prefix .ci/node axe-core@4)")


# WCAG 2.1 A and AA, plus the best-practice rules the board paper is held to (a main landmark, all content in
# landmarks, no empty table header, one h1).
_AXE_RUN = """async () => {
  const wcag = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}});
  const more = await axe.run(document, {runOnly: {type: "rule", values: ["landmark-one-main", "region",
    "empty-table-header", "page-has-heading-one"]}});
  return [...wcag.violations, ...more.violations].map(v => v.id + ": " + v.nodes.map(n => n.target.join(" ")).join(", "));
}"""


@needs_chromium
def test_html_report_in_a_browser(cli, tmp_path):
    follow = tmp_path / "follow"
    shutil.copytree(EXAMPLE / "followup", follow)
    (follow / "hostile.csv").write_text(
        'partner,item,score,rationale\nHostile,shared-clinical-risk,1,"<script>window.pwned=1</script>'
        '<img src=x onerror=""window.pwned=2"">"\n', encoding="utf-8")
    out = _report(cli, tmp_path, "browser.html", rounds=[f"baseline={EXAMPLE / 'baseline'}", f"followup={follow}"])
    artefacts = REPO / "test-artifacts"
    artefacts.mkdir(exist_ok=True)
    errors: list[str] = []
    with _browser() as browser:
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(Path(out).as_uri())
        page.wait_for_load_state("load")
        charts = page.locator("div.chart svg")
        assert charts.count() >= 4
        for index in range(charts.count()):
            box = charts.nth(index).bounding_box()
            assert box is not None and box["width"] > 50 and box["height"] > 50, index
        assert page.evaluate("window.pwned === undefined")
        body = page.inner_text("body")
        assert "<script>window.pwned=1</script>" in body
        page.screenshot(path=str(artefacts / "report.png"), full_page=True)
    assert errors == []


def _pages(cli, tmp_path) -> dict[str, Path]:
    """The four HTML pages a partnership is given: the report, the framework matrix, the agenda, the delta page."""
    pages = {"report": _report(cli, tmp_path, "report.html")}
    result = cli("framework", "render", "sel-neighbourhood", "--format", "html")
    assert result.exit_code == 0, result.output
    pages["matrix"] = tmp_path / "matrix.html"
    pages["matrix"].write_text(result.stdout, encoding="utf-8")
    pages["agenda"] = tmp_path / "agenda.html"  # the board-paper round has a divergent item: its strip chart shows
    assert cli("score", "divergence", TARGETED, BOARD / "r2", "-o", pages["agenda"]).exit_code == 0
    pages["delta"] = tmp_path / "delta.html"
    result = cli("score", "delta", "sel-neighbourhood", EXAMPLE / "baseline", EXAMPLE / "followup", "-o", pages["delta"])
    assert result.exit_code == 0, result.output
    return pages


@needs_chromium
def test_pages_are_accessible_and_fit_a_phone(cli, tmp_path):
    axe = _axe()
    pages = _pages(cli, tmp_path)
    assert "<svg" in pages["agenda"].read_text(encoding="utf-8")
    found: dict[str, list[str]] = {}
    with _browser() as browser:
        for name, path in pages.items():
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto(path.as_uri())
            page.add_script_tag(content=axe)
            found[name] = page.evaluate(_AXE_RUN)
            page.set_viewport_size({"width": 390, "height": 844})  # a phone: tables scroll in their own box
            wide = page.evaluate("document.documentElement.scrollWidth")
            if wide > 390:
                found[name].append(f"sideways scroll at 390 px: the page is {wide} px wide")
            page.close()
    assert found == {name: [] for name in pages}


@needs_chromium
def test_axe_finds_what_it_should(tmp_path):
    # Control: the check sees the problems the pages used to have (no main, aria-hidden focusable details, an
    # empty table header) and a page too wide for a phone.
    axe = _axe()
    page_file = tmp_path / "bad.html"
    page_file.write_text('<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><h1>t</h1>'
                         '<figure aria-hidden="true"><details><summary>Text</summary>x</details></figure>'
                         '<table><tr><th></th><th>a</th></tr><tr><td>1</td><td>2</td></tr></table>'
                         '<div style="width:600px">wide</div></body></html>', encoding="utf-8")
    with _browser() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(page_file.as_uri())
        page.add_script_tag(content=axe)
        ids = {v.split(":")[0] for v in page.evaluate(_AXE_RUN)}
        assert page.evaluate("document.documentElement.scrollWidth") > 390
    assert {"landmark-one-main", "aria-hidden-focus", "empty-table-header"} <= ids, ids


@needs_chromium
def test_report_prints_to_a_few_full_a4_pages(cli, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    out = _report(cli, tmp_path, "print.html")
    letter = _report(cli, tmp_path, "letter.html", "--paper", "letter")
    with _browser() as browser:
        page = browser.new_page()
        page.goto(out.as_uri())
        headings = {" ".join(h.split()) for h in page.eval_on_selector_all("h1, h2, h3", "els => els.map(e => e.innerText)")}
        pdf = page.pdf(format="A4", print_background=True)
        sizes = []
        for source in (out, letter):  # the page size the report's own CSS asks for
            page.goto(source.as_uri())
            first = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True))).pages[0].mediabox
            sizes.append((float(first.width), float(first.height)))
    for (width, height), expected in zip(sizes, [(595, 842), (612, 792)], strict=True):  # A4, then US Letter
        assert abs(width - expected[0]) <= 3 and abs(height - expected[1]) <= 3, sizes
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    texts = [" ".join(p.extract_text().split()) for p in reader.pages]
    assert len(texts) <= 12, len(texts)
    for number, text in enumerate(texts, 1):
        assert text and text not in headings, (number, text)  # no page holds only a heading
        if number < len(texts):
            assert len(text) >= 400, (number, text)  # and none but the last is near empty
    printed = " ".join(texts)
    assert "Text description: Heat map" in printed and "Text description: Radar chart" in printed
