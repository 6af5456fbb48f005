"""`maturity report`: the board report on the bundled example, golden Markdown, safety and a browser check."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO

EXAMPLE = REPO / "examples" / "sel-thameside"
ROUNDS = [f"baseline={EXAMPLE / 'baseline'}", f"followup={EXAMPLE / 'followup'}"]
GOLDEN = REPO / "tests" / "golden"
PARTNERS = (EXAMPLE / "partners.txt").read_text(encoding="utf-8").split("\n")
PARTNERS = [p for p in PARTNERS if p.strip()]


def _report(cli, tmp_path, name, *extra, rounds=ROUNDS):
    out = tmp_path / name
    result = cli("report", "sel-neighbourhood", *rounds, "-o", out, *extra)
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
    assert "@media print" in html and "page-break-before" in html
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


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.mark.skipif(_chromium() is None, reason="Chromium is not installed (CI installs Debian's chromium)")
def test_html_report_in_a_browser(cli, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    follow = tmp_path / "follow"
    shutil.copytree(EXAMPLE / "followup", follow)
    (follow / "hostile.csv").write_text(
        'partner,item,score,rationale\nHostile,shared-clinical-risk,1,"<script>window.pwned=1</script>'
        '<img src=x onerror=""window.pwned=2"">"\n', encoding="utf-8")
    out = _report(cli, tmp_path, "browser.html", rounds=[f"baseline={EXAMPLE / 'baseline'}", f"followup={follow}"])
    artefacts = REPO / "test-artifacts"
    artefacts.mkdir(exist_ok=True)
    errors: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
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
        browser.close()
    assert errors == []
