"""Divergence, delta, trend and the report on frameworks whose items use different scales, or decimal levels."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from conftest import FIXTURES, ok

VALID = FIXTURES / "frameworks" / "valid"


def _sheet(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "scores.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_mixed_scales_each_item_judged_and_drawn_on_its_own(cli, tmp_path: Path) -> None:
    sheet = _sheet(tmp_path, "partner,item,score\nNorth,board-digital-lead,1\nSouth,board-digital-lead,0\n"
                             "East,board-digital-lead,0\nNorth,digital-strategy,5\nSouth,digital-strategy,4\n"
                             "East,digital-strategy,2\n")
    framework = str(VALID / "dma-like-mixed-questions.yaml")
    report = json.loads(ok(cli("score", "divergence", framework, str(sheet), "--format", "json")).stdout)
    items = {a["item"]: a for a in report["items"]}
    lead = items["board-digital-lead"]
    # 1, 0, 0 on a two-level scale: AD about the mean 2/3 is 4/9 = 0.44 > 2/6 = 0.33.
    assert lead["reasons"][0] == "AD 0.44 > 0.33"
    assert (lead["scale"], lead["scale_labels"]) == ([0, 1], ["No", "Yes"])
    assert "scale" not in items["digital-strategy"]  # on the report's scale: no own scale in the JSON
    agreement = report["framework_agreement"]
    assert agreement["items"] == 2 and agreement["meaningful"] is False
    assert "2 items on other scales are left out of these figures" in agreement["notes"]
    assert all(d["rwg_j"] is None for d in report["domains"])  # every domain mixes the two scales
    md = ok(cli("score", "divergence", framework, str(sheet), "--format", "md")).stdout
    assert "0:●●  1:●" in md and "**High (1 Yes), North:**" in md
    ok(cli("score", "divergence", framework, str(sheet), "--format", "html"))
    ok(cli("score", "divergence", framework, str(sheet)))


def test_decimal_levels_on_the_agenda(cli, tmp_path: Path) -> None:
    sheet = _sheet(tmp_path, 'partner,item,score\nNorth,strategy-stream-a-1,"Yes, for some"\n'
                             "South,strategy-stream-a-1,1\nEast,strategy-stream-a-1,0.25\n")
    framework = str(VALID / "samm-like-graded-answers.yaml")
    report = json.loads(ok(cli("score", "divergence", framework, str(sheet), "--format", "json")).stdout)
    item = next(a for a in report["items"] if a["item"] == "strategy-stream-a-1")
    assert sorted(s["score"] for s in item["scores"]) == [0.25, 0.25, 1]
    assert (item["min"], item["max"], item["median"], item["range"]) == (0.25, 1, 0.25, 2)
    md = ok(cli("score", "divergence", framework, str(sheet), "--format", "md")).stdout
    assert "0:·  0.25:●●  0.5:·  1:●" in md and "**High (1 Yes, for most or all), South:**" in md


def _two_rounds(tmp_path: Path, first: str, second: str) -> tuple[Path, Path]:
    rounds = []
    for name, text in (("r1", first), ("r2", second)):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "scores.csv").write_text(text, encoding="utf-8")
        rounds.append(folder)
    return rounds[0], rounds[1]


def test_delta_and_trend_on_decimal_levels(cli, tmp_path: Path) -> None:
    r1, r2 = _two_rounds(tmp_path, "partner,item,score\nNorth,strategy-stream-a-1,0\nSouth,strategy-stream-a-1,0\n"
                         "East,strategy-stream-a-1,0\n",
                         "partner,item,score\nNorth,strategy-stream-a-1,0.5\nSouth,strategy-stream-a-1,0.5\n"
                         "East,strategy-stream-a-1,0.5\n")
    framework = str(VALID / "samm-like-graded-answers.yaml")
    delta = json.loads(ok(cli("score", "delta", framework, str(r1), str(r2), "--format", "json")).stdout)
    row = next(r for r in delta["items"] if r["item"] == "strategy-stream-a-1")
    assert (row["baseline"], row["followup"]) == (0, 0.5)  # positions in the scale's values
    # The change is in levels: 0 to 0.5 is two levels up on 0, 0.25, 0.5, 1 (improved), not a raw 0.5 (unchanged).
    assert (row["change"], row["status"]) == (2, "improved")
    assert delta["scale"] == [0, 0.25, 0.5, 1]
    trend = json.loads(ok(cli("score", "trend", framework, f"r1={r1}", f"r2={r2}", "--format", "json")).stdout)
    assert trend["scale"] == [0, 0.25, 0.5, 1]


def test_the_report_charts_mixed_and_decimal_scales_as_shares(cli, tmp_path: Path) -> None:
    r1, r2 = _two_rounds(tmp_path, "partner,item,score\nNorth,board-digital-lead,1\nNorth,strategy-stream-a-1,0\n",
                         "partner,item,score\nNorth,board-digital-lead,0\nNorth,strategy-stream-a-1,0.5\n")
    for name in ("dma-like-mixed-questions", "samm-like-graded-answers"):
        out = tmp_path / f"{name}.md"
        ok(cli("report", str(VALID / f"{name}.yaml"), f"r1={r1}", f"r2={r2}", "-o", out))
        assert "as a percentage of its own range" in out.read_text(encoding="utf-8")


def test_plan_targets_are_read_on_each_items_scale(cli, tmp_path: Path) -> None:
    r1, _ = _two_rounds(tmp_path, "partner,item,score\nNorth,board-digital-lead,0\nSouth,board-digital-lead,0\n"
                                  "North,digital-strategy,2\nSouth,digital-strategy,2\n", "partner,item,score\n")
    framework = str(VALID / "dma-like-mixed-questions.yaml")
    targets = tmp_path / "targets.csv"
    targets.write_text("item,target\nboard-digital-lead,Yes\ndigital-strategy,4\n", encoding="utf-8")
    out = tmp_path / "plan.csv"
    ok(cli("plan", framework, str(r1), "--targets", str(targets), "-o", out))
    rows = {r["item"]: r for r in csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines())}
    lead = rows["board-digital-lead"]
    assert (lead["current_label"], lead["target"], lead["target_label"], lead["next_level"]) == ("No", "1", "Yes", "1")
    assert lead["next_level_descriptor"] == "A board member is the named lead."
    assert (rows["digital-strategy"]["gap"], rows["digital-strategy"]["next_level"]) == ("2", "3")
    targets.write_text("item,target\nboard-digital-lead,3\n", encoding="utf-8")
    result = cli("plan", framework, str(r1), "--targets", str(targets), "-o", tmp_path / "refused.csv")
    assert result.exit_code == 2 and "target 3 is off the scale (0-1)" in result.stderr, result.output
    # One level for every item (--target) applies where it is a level of the item: not to yes/no questions.
    ok(cli("plan", framework, str(r1), "--target", "3", "-o", out))
    assert [r["item"] for r in csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines())] == ["digital-strategy"]
