"""Tests for `maturity score delta` / `trend` (maturitykit.analysis.delta, maturitykit.analysis.trend).

Fixtures in tests/fixtures/rounds/ (framework v2 with groups, sub-domains and short-term
priorities; v1, its older version; sheets written out by hand). Expected values are worked out
in the comments from the scores in those sheets, or computed independently with SciPy, brute
force enumeration, or numpy following the documented bootstrap recipe.

Scores (partners Alpha, Beta, Gamma, Delta), scale 1-4, A/6 = 0.667:

    item               v2-baseline  median   v2-followup  median  (consensus)
    shared-vision      1 1 2 1      1        3 3 3 2      3
    leadership         2 2 2 3      2        2 2 3 2      2
    trust              1 3 2 2      2 (div)  3 3 2 3      3
    information        2 2 2 2      2        1 2 1 1      1
    workforce          2 3 2 3      2.5      3 3 3 3      3
    population-health  1 1 1 2      1        1 3 2 3      2.5     2 (consensus.csv)

    v2-followup-other.csv (Alpha, beta, Epsilon): 3 2 4 | 2 2 2 | 3 3 3 | 2 2 1 | 3 3 2 | 2 2 2
    v1-baseline.csv: vision 1 1 2 1, leadership 2 2 2 3, trust 1 3 2 2, data-sharing 2 2 3 2,
                     records 3 3 3 3, workforce 2 3 2 3, estates 2 2 2 2
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import shutil
import statistics

import numpy as np
import pytest
from scipy import stats

from conftest import FIXTURES, ok, refused
from maturitykit.cli.runs import run_delta as delta
from maturitykit.cli.runs import run_trend as trend
from maturitykit.lint import load_framework
from maturitykit.stats.changestats import bootstrap_mean_ci

ROUNDS = FIXTURES / "rounds"
V2 = ROUNDS / "framework-v2.yaml"
V1 = ROUNDS / "framework-v1.yaml"
BASE = ROUNDS / "v2-baseline"
FOLLOW = ROUNDS / "v2-followup"
OTHER = ROUNDS / "v2-followup-other.csv"
V1_BASE = ROUNDS / "v1-baseline.csv"
ORDER = ["shared-vision", "leadership", "trust", "information", "workforce", "population-health"]
REQUIRED = ["item", "title", "domain", "baseline", "followup", "basis", "change", "status", "ad_baseline",
            "ad_followup", "partners_up", "partners_same", "partners_down"]


def _paired():
    return delta(load_framework(V2), [str(BASE)], [str(FOLLOW)])


def _by_item(result):
    return {row.item: row for row in result.items}


def _csv(text):
    return list(csv.DictReader(io.StringIO(text)))


# ------------------------------------------------------------------------------------ paired rounds


def test_paired_rounds_positions_changes_and_status():
    rows = _by_item(_paired())
    expected = {
        # item: (baseline, followup, change, status)
        "shared-vision": (1, 3, 2, "improved"),
        "leadership": (2, 2, 0, "unchanged"),
        "trust": (2, 3, 1, "unchanged"),  # baseline 1 3 2 2: all within a level; paired move within disagreement
        "information": (2, 1, -1, "declined"),
        "workforce": (2.5, 3, 0.5, "unchanged"),  # half a level is not a change of status
        "population-health": (1, 2, 1, "improved"),  # follow-up is the recorded consensus 2
    }
    for item, (before, after, change, status) in expected.items():
        row = rows[item]
        assert (row.baseline, row.followup, row.change, row.status) == (before, after, change, status), item


def test_paired_partner_counts_and_median_change():
    rows = _by_item(_paired())
    # shared-vision: Alpha 1->3, Beta 1->3, Gamma 2->3, Delta 1->2: changes 2 2 1 1, all up, median 1.5
    sv = rows["shared-vision"]
    assert (sv.partners_up, sv.partners_same, sv.partners_down, sv.partners_median_change) == (4, 0, 0, 1.5)
    # information: 2->1, 2->2, 2->1, 2->1: one same, three down, median -1
    info = rows["information"]
    assert (info.partners_up, info.partners_same, info.partners_down, info.partners_median_change) == (0, 1, 3, -1)
    # leadership: 2->2, 2->2, 2->3, 3->2: one up, two same, one down, median 0
    lead = rows["leadership"]
    assert (lead.partners_up, lead.partners_same, lead.partners_down, lead.partners_median_change) == (1, 2, 1, 0)


def test_paired_partner_lists():
    result = _paired()
    assert result.partners_both == ["Alpha", "Beta", "Delta", "Gamma"]
    assert result.partners_only_baseline == [] and result.partners_only_followup == []
    assert not any("partners differ" in note for note in result.notes)


def test_convergence_and_ad():
    rows = _by_item(_paired())
    # workforce AD: baseline 2 3 2 3 -> mean 2.5, |dev| all 0.5 -> 0.5; follow-up 3 3 3 3 -> 0
    assert (rows["workforce"].ad_baseline, rows["workforce"].ad_followup) == (0.5, 0.0)
    assert rows["workforce"].convergence == "converged"
    # information: 0 -> (1 2 1 1: mean 1.25, |dev| .25 .75 .25 .25 -> 0.375)
    assert rows["information"].ad_followup == pytest.approx(0.375)
    assert rows["information"].convergence == "drifted"
    # shared-vision: 1 1 2 1 and 3 3 3 2 both have AD 0.375
    assert rows["shared-vision"].convergence == "steady"


def test_range_alone_no_longer_makes_an_item_uncertain():
    trust = _by_item(_paired())["trust"]
    assert trust.status == "unchanged"  # range 2 is an agenda hint now, not a flag
    assert trust.agreed_baseline and trust.agreed_followup
    assert "within their disagreement" in trust.status_reason
    # the change is still reported
    assert trust.change == 1


def test_rollups_by_domain_group_and_overall():
    result = _paired()
    domains = {d.id: d for d in result.domains}
    # direction: shared-vision 1->3, leadership 2->2: means 1.5 -> 2.5, change +1
    d = domains["direction"]
    assert (d.items, d.mean_baseline, d.mean_followup, d.mean_change) == (2, 1.5, 2.5, 1.0)
    assert (d.improved, d.unchanged, d.declined, d.uncertain) == (1, 1, 0, 0)
    # delivery: changes -1, +0.5, +1 -> mean 0.5/3
    assert domains["delivery"].mean_change == pytest.approx(0.5 / 3)
    groups = {g.id: g for g in result.groups}
    # relational: shared-vision +2, leadership 0, trust +1 -> mean 1; trust's move is within disagreement
    assert groups["relational"].mean_change == pytest.approx(1.0)
    assert groups["relational"].uncertain == 0
    o = result.overall
    assert (o.items, o.improved, o.declined, o.unchanged, o.uncertain, o.missing) == (6, 2, 1, 3, 0, 0)


# ------------------------------------------------------------------------------------ basis, consensus


def test_basis_column_with_consensus_in_one_round(cli):
    out = ok(cli("score", "delta", V2, BASE, FOLLOW, "--format", "csv")).stdout
    rows = {r["item"]: r for r in _csv(out)}
    assert rows["population-health"]["basis"] == "median/consensus"
    assert rows["population-health"]["followup"] == "2"
    assert rows["leadership"]["basis"] == "median"


def test_round_without_consensus_sheet_uses_median_and_divergence(cli):
    # The follow-up's partner sheets only (comma-separated), no consensus.csv: population-health's
    # follow-up is the median of 1 3 2 3 = 2.5, and those scores diverge (range 2), so uncertain.
    sheets = ",".join(str(FOLLOW / f"{p}.csv") for p in ("alpha", "beta", "gamma", "delta"))
    out = ok(cli("score", "delta", V2, BASE, sheets, "--format", "csv")).stdout
    row = {r["item"]: r for r in _csv(out)}["population-health"]
    assert (row["basis"], row["followup"], row["change"], row["status"]) == ("median", "2.5", "1.5", "uncertain")


def test_consensus_establishes_agreement_even_when_sheets_diverge():
    ph = _by_item(_paired())["population-health"]
    assert ph.basis_followup == "consensus" and ph.agreed_followup
    assert ph.status == "improved"


# ------------------------------------------------------------------------------------ unpaired rounds


def test_unpaired_rounds_list_partners_and_use_everyone_with_all_partners():
    result = delta(load_framework(V2), [str(BASE)], [str(OTHER)], same_partners=False)
    assert result.partners_only_baseline == ["Delta", "Gamma"]
    assert result.partners_only_followup == ["Epsilon"]
    assert result.partners_both == ["Alpha", "Beta"]  # "beta" in the follow-up is the same partner
    assert any("partners differ" in note for note in result.notes)
    sv = _by_item(result)["shared-vision"]
    # follow-up median of 3 2 4 (Alpha, beta, Epsilon) = 3; baseline median of all four = 1
    assert (sv.baseline, sv.followup, sv.n_baseline, sv.n_followup) == (1, 3, 4, 3)
    # only Alpha (1->3) and Beta (1->2) scored both rounds: two up, median change 1.5
    assert (sv.partners_up, sv.partners_same, sv.partners_down, sv.partners_median_change) == (2, 0, 0, 1.5)


def test_partners_in_both_rounds_are_the_default():
    result = delta(load_framework(V2), [str(BASE)], [str(OTHER)])
    assert result.same_partners is True
    assert result.baseline.partners == ["Alpha", "Beta"] and result.followup.partners == ["Alpha", "beta"]
    assert any("--all-partners" in note for note in result.notes)


def test_all_partners_opts_out(cli):
    data = json.loads(ok(cli("score", "delta", V2, BASE, OTHER, "--all-partners", "--format", "json")).stdout)
    assert data["same_partners"] is False
    assert data["baseline"]["partners"] == ["Alpha", "Beta", "Delta", "Gamma"]
    assert "(--all-partners)" in ok(cli("score", "delta", V2, BASE, OTHER, "--all-partners")).stdout


@pytest.mark.parametrize("flag", [[], ["--same-partners"]], ids=["default", "old flag"])
def test_same_partners_restricts_both_rounds(cli, flag):
    out = ok(cli("score", "delta", V2, BASE, OTHER, *flag, "--format", "csv")).stdout
    rows = {r["item"]: r for r in _csv(out)}
    # Alpha and Beta only: shared-vision baseline 1 1 -> 1, follow-up 3 2 -> 2.5
    assert (rows["shared-vision"]["baseline"], rows["shared-vision"]["followup"]) == ("1", "2.5")
    assert (rows["shared-vision"]["n_baseline"], rows["shared-vision"]["n_followup"]) == ("2", "2")
    # information follow-up: 2 2 -> 2 (Epsilon's 1 left out; with it the median is still 2 but n is 3)
    assert rows["information"]["n_followup"] == "2"
    data = json.loads(ok(cli("score", "delta", V2, BASE, OTHER, *flag, "--format", "json")).stdout)
    assert data["same_partners"] is True
    assert data["baseline"]["partners"] == ["Alpha", "Beta"]
    assert data["followup"]["partners"] == ["Alpha", "beta"]
    assert data["partners_only_baseline"] == ["Delta", "Gamma"]


def test_human_output_says_partners_differ(cli):
    out = ok(cli("score", "delta", V2, BASE, OTHER, "--all-partners")).stdout
    assert "only in the baseline: Delta, Gamma" in out
    assert "only in the follow-up: Epsilon" in out


# ------------------------------------------------------------------------------------ framework versions


def _versioned():
    return delta(load_framework(V2), [str(V1_BASE)], [str(FOLLOW)], baseline_framework=load_framework(V1))


def test_renamed_item_takes_old_position():
    result = _versioned()
    sv = _by_item(result)["shared-vision"]
    assert sv.match == "renamed" and sv.matched_from == ["vision"]
    # vision 1 1 2 1 -> median 1; follow-up 3
    assert (sv.baseline, sv.followup, sv.change, sv.status) == (1, 3, 2, "improved")
    assert sv.partners_up == 4
    assert result.baseline_framework_version == "1" and result.framework_version == "2"


def test_merged_item_uses_mean_of_old_positions():
    info = _by_item(_versioned())["information"]
    assert info.match == "merged" and info.matched_from == ["data-sharing", "records"]
    # data-sharing 2 2 3 2 -> 2, records 3 3 3 3 -> 3: mean 2.5; follow-up 1 -> change -1.5
    assert (info.baseline, info.followup, info.change, info.status) == (2.5, 1, -1.5, "declined")
    assert info.basis == "mean/median"
    # AD of data-sharing 0.375, of records 0: the largest is used
    assert info.ad_baseline == pytest.approx(0.375)
    # partners: Alpha mean(2,3)=2.5 -> 1, Beta 2.5 -> 2, Gamma 3 -> 1, Delta 2.5 -> 1: all down
    assert (info.partners_up, info.partners_same, info.partners_down) == (0, 0, 4)
    assert info.partners_median_change == pytest.approx(statistics.median([-1.5, -0.5, -2, -1.5]))


def test_new_and_dropped_items_are_listed_apart(cli):
    result = _versioned()
    assert [i.item for i in result.new_items] == ["population-health"]
    assert result.new_items[0].followup == 2  # the recorded consensus
    assert [i.item for i in result.dropped_items] == ["estates"]
    assert result.dropped_items[0].baseline == 2
    assert [r.item for r in result.items] == ["shared-vision", "leadership", "trust", "information", "workforce"]
    assert result.across_items.items == 5
    out = ok(cli("score", "delta", V2, V1_BASE, FOLLOW, "--baseline-framework", V1, "--format", "csv")).stdout
    assert [r["item"] for r in _csv(out)] == ["shared-vision", "leadership", "trust", "information", "workforce"]
    human = ok(cli("score", "delta", V2, V1_BASE, FOLLOW, "--baseline-framework", V1)).stdout
    assert "New items (not in the baseline; not compared)" in human and "Population health" in human
    assert "Dropped items (in the baseline only; not compared)" in human and "Estates" in human


def test_old_version_without_baseline_framework_is_refused_with_a_hint(cli):
    err = refused(cli("score", "delta", V2, V1_BASE, FOLLOW))
    assert "--baseline-framework" in err


def test_baseline_framework_of_another_framework_is_refused(cli, tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text(V1.read_text().replace("id: rounds-demo", "id: another-framework"))
    err = refused(cli("score", "delta", V2, V1_BASE, FOLLOW, "--baseline-framework", other))
    assert "another-framework" in err


# ------------------------------------------------------------------------------------ statistics


def test_sign_test_matches_scipy_binomtest():
    tests = _paired().across_items
    # changes in framework order: +2, 0, +1, -1, +0.5, +1 -> 4 up, 1 down, 1 zero
    assert tests.changes == [2, 0, 1, -1, 0.5, 1]
    s = tests.sign_test
    assert (s.n, s.n_positive, s.n_negative, s.n_zero, s.statistic) == (5, 4, 1, 1, 4)
    assert s.p_value == pytest.approx(stats.binomtest(4, 5, 0.5).pvalue)
    assert s.p_value == pytest.approx(12 / 32)  # 2 * (C(5,0) + C(5,1)) / 2^5
    assert "sign test" in s.method and s.assumptions


def test_wilcoxon_matches_brute_force_enumeration():
    w = _paired().across_items.wilcoxon
    # non-zero |changes| 2, 1, 1, 0.5, 1 -> ranks 5, 3, 3, 1, 3 (ties share 2,3,4 -> 3)
    ranks = [5, 3, 3, 1, 3]
    signs = [1, 1, -1, 1, 1]
    w_plus = sum(r for r, s in zip(ranks, signs, strict=True) if s > 0)
    assert w_plus == 12
    assert w.statistic == 12
    sums = [sum(r for r, up in zip(ranks, pattern, strict=True) if up)
            for pattern in itertools.product([False, True], repeat=5)]
    lower = sum(1 for s in sums if s <= w_plus) / len(sums)
    upper = sum(1 for s in sums if s >= w_plus) / len(sums)
    assert w.p_value == pytest.approx(min(1.0, 2 * min(lower, upper)))
    assert "Wilcoxon signed-rank" in w.method and "symmetric" in w.assumptions


def test_bootstrap_interval_follows_the_documented_recipe():
    changes = np.array([2, 0, 1, -1, 0.5, 1], dtype=float)
    b = bootstrap_mean_ci(list(changes))
    assert b.estimate == pytest.approx(3.5 / 6)
    rng = np.random.default_rng(20240601)
    means = changes[rng.integers(0, 6, size=(10_000, 6))].mean(axis=1)
    low, high = np.quantile(means, [0.025, 0.975])
    assert (b.low, b.high) == (pytest.approx(low), pytest.approx(high))
    assert (b.level, b.resamples, b.seed) == (0.95, 10_000, 20240601)


def test_no_bootstrap_interval_below_ten_items(cli):
    across = _paired().across_items
    assert across.items == 6 and across.bootstrap is None
    assert "fewer than 10" in across.bootstrap_note and "82%" in across.bootstrap_note
    assert "fewer than 10" in ok(cli("score", "delta", V2, BASE, FOLLOW)).stdout


def test_primary_test_permutes_round_labels_within_partner(cli):
    across = _paired().across_items
    p = across.primary
    assert p.exact and p.partners == 4 and p.permutations == 16
    assert "permutation" in p.method and "exchangeable" in p.assumptions
    assert p.p_value >= 0.125 and "smallest possible is 0.125" in p.note  # 2 / 2^4
    out = ok(cli("score", "delta", V2, BASE, FOLLOW)).stdout
    assert out.index("Primary: exact within-partner permutation test") < out.index("sign test")
    assert "Secondary" in out


def test_why_no_per_item_p_values_quotes_the_smallest_p(cli):
    across = _paired().across_items
    # 4 partners in both rounds: a unanimous move gives 2 * 0.5^4 = 0.125
    assert across.partners_in_both == 4
    assert across.smallest_item_p == 0.125
    assert "0.125" in across.why_no_item_p_values
    out = ok(cli("score", "delta", V2, BASE, FOLLOW)).stdout
    assert "Per-item p-values are not shown" in out and "0.125" in out
    header = _csv(ok(cli("score", "delta", V2, BASE, FOLLOW, "--format", "csv")).stdout)[0].keys()
    assert not any("p_value" in column or column == "p" for column in header)


# ------------------------------------------------------------------------------------ outputs


def test_csv_columns_and_framework_order(cli, tmp_path):
    target = tmp_path / "delta.csv"
    result = ok(cli("score", "delta", V2, BASE, FOLLOW, "-o", target))
    assert result.stdout == ""
    text = target.read_text(encoding="utf-8")
    header = text.splitlines()[0].split(",")
    assert header == ["item", "code", "title", "group", "domain", "priority", "baseline", "followup", "basis",
                      "change", "mixed_basis", "median_change", "status", "ad_baseline", "ad_followup", "convergence", "partners_up",
                      "partners_same", "partners_down", "partners_median_change", "n_baseline", "n_followup",
                      "match", "matched_from", "status_reason"]
    positions = [header.index(c) for c in REQUIRED]
    assert positions == sorted(positions)
    rows = _csv(text)
    assert [r["item"] for r in rows] == ORDER
    sv = rows[0]
    assert (sv["title"], sv["domain"], sv["change"], sv["status"], sv["ad_baseline"]) == (
        "Shared vision", "direction", "2", "improved", "0.375")


def test_json_output_equals_library_result(cli):
    out = ok(cli("score", "delta", V2, str(BASE), str(FOLLOW), "--format", "json")).stdout
    assert json.loads(out) == _paired().to_dict()


def test_json_output_equals_library_result_across_versions(cli):
    out = ok(cli("score", "delta", V2, str(V1_BASE), str(FOLLOW), "--baseline-framework", str(V1),
                  "--format", "json")).stdout
    assert json.loads(out) == _versioned().to_dict()


def test_json_file_from_suffix(cli, tmp_path):
    target = tmp_path / "delta.json"
    ok(cli("score", "delta", V2, str(BASE), str(FOLLOW), "-o", target))
    assert json.loads(target.read_text(encoding="utf-8")) == _paired().to_dict()


@pytest.mark.parametrize("fmt", ["human", "md", "html"])
def test_priority_items_come_first(cli, fmt):
    out = ok(cli("score", "delta", V2, BASE, FOLLOW, "--format", fmt)).stdout
    # framework order is shared-vision, leadership, ..., workforce; workforce is short-term so it
    # comes before leadership.
    assert out.index("Shared vision") < out.index("Workforce") < out.index("Leadership")
    assert out.index("Priority (short-term) items") < out.index("Shared vision")


def test_html_is_escaped(cli, tmp_path):
    fw = tmp_path / "framework.yaml"
    fw.write_text(V2.read_text().replace("title: Leadership", "title: \"<b>Leadership</b>\""))
    out = ok(cli("score", "delta", fw, BASE, FOLLOW, "--format", "html")).stdout
    assert "&lt;b&gt;Leadership&lt;/b&gt;" in out and "<b>Leadership" not in out


def test_markdown_lists_statistics_and_rollups(cli):
    out = ok(cli("score", "delta", V2, BASE, FOLLOW, "--format", "md")).stdout
    assert "## Domains" in out and "## Groups" in out
    assert "exact two-sided sign test" in out and "Wilcoxon signed-rank" in out
    assert "p = 0.375" in out


def test_merged_file_as_a_round(cli, tmp_path):
    merged = tmp_path / "followup-merged.csv"
    ok(cli("score", "merge", V2, FOLLOW, "-o", merged, "--quiet"))
    from_merged = delta(load_framework(V2), [str(BASE)], [str(merged)])
    assert [r.model_dump() for r in from_merged.items] == [r.model_dump() for r in _paired().items]


def test_refuses_to_overwrite_an_input(cli, tmp_path):
    base = tmp_path / "baseline"
    shutil.copytree(BASE, base)
    sheet = base / "alpha.csv"
    before = sheet.read_bytes()
    err = refused(cli("score", "delta", V2, base, FOLLOW, "-o", sheet))
    assert "overwrite" in err
    assert sheet.read_bytes() == before
    fw = tmp_path / "framework.yaml"
    shutil.copy(V2, fw)
    fw_before = fw.read_bytes()
    refused(cli("score", "delta", fw, base, FOLLOW, "-o", fw, "--format", "md"))
    assert fw.read_bytes() == fw_before


def test_missing_round_input_is_exit_2(cli, tmp_path):
    refused(cli("score", "delta", V2, tmp_path / "no-such.csv", FOLLOW))


def test_missing_status_when_nobody_scored(cli, tmp_path):
    follow = tmp_path / "follow.csv"
    lines = ["partner,item,score"]
    for partner in ("Alpha", "Beta"):
        for item in ORDER:
            lines.append(f"{partner},{item},{'n/a' if item == 'population-health' else 2}")
    follow.write_text("\n".join(lines) + "\n")
    result = delta(load_framework(V2), [str(BASE)], [str(follow)])
    ph = _by_item(result)["population-health"]
    assert (ph.followup, ph.change, ph.status, ph.basis) == (None, None, "missing", "median/none")
    assert result.across_items.items == 5
    assert result.overall.missing == 1


def test_several_places_refused_unless_place_given(cli, tmp_path):
    follow = tmp_path / "follow.csv"
    lines = ["partner,place,item,score"]
    for partner, place in (("Alpha", "Northtown"), ("Zeta", "Southtown")):
        for item in ORDER:
            lines.append(f"{partner},{place},{item},3")
    follow.write_text("\n".join(lines) + "\n")
    err = refused(cli("score", "delta", V2, BASE, follow))
    assert "several places" in err
    out = ok(cli("score", "delta", V2, BASE, follow, "--place", "Northtown", "--format", "json")).stdout
    assert json.loads(out)["followup"]["partners"] == ["Alpha"]


# ------------------------------------------------------------------------------------ trend


def _trend_args():
    return [f"2024={BASE}", f"2025={FOLLOW}", f"2026={OTHER}"]


def test_trend_positions_and_basis_per_round():
    result = trend(load_framework(V2), [("2024", [str(BASE)]), ("2025", [str(FOLLOW)]), ("2026", [str(OTHER)])])
    assert [i.item for i in result.items] == ORDER
    ph = {i.item: i for i in result.items}["population-health"]
    assert [(p.round, p.position, p.basis) for p in ph.points] == [
        ("2024", 1, "median"), ("2025", 2, "consensus"), ("2026", 2, "median")]
    sv = {i.item: i for i in result.items}["shared-vision"]
    assert [p.position for p in sv.points] == [1, 3, 3]  # 2026: median of 3 2 4
    assert [r.label for r in result.rounds] == ["2024", "2025", "2026"]


def test_trend_csv_columns(cli):
    out = ok(cli("score", "trend", V2, *_trend_args(), "--format", "csv")).stdout
    rows = _csv(out)
    # Long: one row per item and round, items in framework order, rounds in the order given.
    assert list(rows[0].keys()) == ["item", "code", "title", "group", "domain", "priority", "round", "round_order",
                                    "position", "basis", "n"]
    assert [r["item"] for r in rows[::3]] == ORDER
    assert [r["round"] for r in rows[:3]] == ["2024", "2025", "2026"]
    ph = {r["round"]: r for r in rows[-3:]}
    assert (ph["2024"]["position"], ph["2025"]["position"], ph["2025"]["basis"], ph["2026"]["n"]) == (
        "1", "2", "consensus", "3")


def test_trend_json_equals_library(cli):
    out = ok(cli("score", "trend", V2, *_trend_args(), "--format", "json")).stdout
    library = trend(load_framework(V2), [("2024", [str(BASE)]), ("2025", [str(FOLLOW)]), ("2026", [str(OTHER)])])
    assert json.loads(out) == library.to_dict()


def test_trend_human_marks_consensus_and_divergence(cli):
    out = ok(cli("score", "trend", V2, *_trend_args())).stdout
    trust = next(line for line in out.splitlines() if "Trust" in line)
    assert trust.split()[2:] == ["2", "3", "3"]  # range 2 alone is a hint now, so no "?"
    ph = next(line for line in out.splitlines() if "Population health" in line)
    assert ph.split()[3:] == ["1", "2*", "2"]


@pytest.mark.parametrize("args", [[f"2024={BASE}"], [f"{BASE}"], [f"=a={BASE}", f"b={FOLLOW}"],
                                  [f"x={BASE}", f"x={FOLLOW}"]])
def test_trend_bad_rounds_are_exit_2(cli, args):
    refused(cli("score", "trend", V2, *args))


def test_unknown_output_suffix_is_refused(cli, tmp_path):
    target = tmp_path / "delta.pdf"
    err = refused(cli("score", "delta", V2, BASE, FOLLOW, "-o", target))
    assert "--format" in err
    assert not target.exists()


def test_csv_cells_are_formula_safe(cli, tmp_path):
    fw = tmp_path / "framework.yaml"
    fw.write_text(V2.read_text().replace("title: Leadership", "title: \"=HYPERLINK(1)\""))
    out = ok(cli("score", "delta", fw, BASE, FOLLOW, "--format", "csv")).stdout
    assert {r["item"]: r for r in _csv(out)}["leadership"]["title"] == "'=HYPERLINK(1)"


def test_rounds_named_as_trend_and_report_name_them(cli):
    # LABEL=PATH as everywhere else; a bare PATH still works and is labelled baseline / followup.
    labelled = json.loads(ok(cli("score", "delta", V2, f"2025={BASE}", f"2026={FOLLOW}",
                                 "--format", "json")).stdout)
    assert (labelled["baseline"]["label"], labelled["followup"]["label"]) == ("2025", "2026")
    bare = json.loads(ok(cli("score", "delta", V2, BASE, FOLLOW, "--format", "json")).stdout)
    assert (bare["baseline"]["label"], bare["followup"]["label"]) == ("baseline", "followup")
    assert labelled["items"] == bare["items"]
    assert "both rounds are labelled 'x'" in refused(cli("score", "delta", V2, f"x={BASE}",
                                                          f"x={FOLLOW}"))


def test_mixed_basis_change_is_flagged_with_the_median_to_median_change(cli):
    # population-health: baseline median of 1 1 1 2 = 1; follow-up consensus 2, but the partners' own
    # follow-up sheets say 1 3 2 3 (median 2.5), so the medians moved +1.5 while the positions moved +1.
    ph = _by_item(_paired())["population-health"]
    assert (ph.basis, ph.change, ph.mixed_basis, ph.median_change) == ("median/consensus", 1, True, 1.5)
    plain = _by_item(_paired())["shared-vision"]
    assert (plain.mixed_basis, plain.median_change) == (False, None)
    rows = {r["item"]: r for r in _csv(ok(cli("score", "delta", V2, BASE, FOLLOW, "--format", "csv")).stdout)}
    assert (rows["population-health"]["mixed_basis"], rows["population-health"]["median_change"]) == ("true", "1.5")
    assert "mixed: +1.5" in ok(cli("score", "delta", V2, BASE, FOLLOW)).stdout
    for fmt in ("md", "html"):  # the pages say it too, beside the change
        page = ok(cli("score", "delta", V2, BASE, FOLLOW, "--format", fmt)).stdout
        assert "consensus against a median; median to median +1.5" in page, fmt
        assert page.count("median to median") == 1, fmt
