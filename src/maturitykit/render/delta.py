"""A delta as text: a terminal table, or Markdown/HTML through the templates (json and csv are data)."""

from __future__ import annotations

from pathlib import Path

from maturitykit.analysis.delta import DeltaResult, ItemDelta
from maturitykit.render.numbers import number, p_value


def ordered_items(result: DeltaResult) -> tuple[list[ItemDelta], list[ItemDelta]]:
    """Priority (short-term) items, then the others; framework order within each."""
    return [r for r in result.items if r.short_term], [r for r in result.items if not r.short_term]


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    for row in rows:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return lines


def _item_line(row: ItemDelta) -> list[str]:
    return [row.code or row.item, row.title[:40], number(row.baseline), number(row.followup), row.basis,
            number(row.change, signed=True),
            (f"mixed: {number(row.median_change, signed=True)}" if row.median_change is not None else "mixed")
            if row.mixed_basis else "–", row.status, number(row.ad_baseline), number(row.ad_followup),
            row.convergence or "–", f"{row.partners_up}/{row.partners_same}/{row.partners_down}"]


_ITEM_HEADERS = ["item", "title", "baseline", "follow-up", "basis", "change", "median to median", "status", "AD before", "AD after",
                 "spread", "partners up/same/down"]


def render_human(result: DeltaResult) -> str:
    lines: list[str] = []
    version = (f"version {result.baseline_framework_version} -> {result.framework_version}"
               if result.baseline_framework_version != result.framework_version else f"version {result.framework_version}")
    lines.append(f"{result.framework_title} ({result.framework} {version}): baseline -> follow-up")
    lines.append(f"Partners: {len(result.baseline.partners)} in the baseline, {len(result.followup.partners)} in the "
                 f"follow-up, {len(result.partners_both)} in both"
                 + (" (only partners in both rounds are used)" if result.same_partners else " (--all-partners)"))
    if result.partners_only_baseline:
        lines.append(f"  only in the baseline: {', '.join(result.partners_only_baseline)}")
    if result.partners_only_followup:
        lines.append(f"  only in the follow-up: {', '.join(result.partners_only_followup)}")
    o = result.overall
    lines.append(f"Items: {o.items} compared: {o.improved} improved, {o.declined} declined, {o.unchanged} unchanged, "
                 f"{o.uncertain} uncertain, {o.missing} missing")
    priority, other = ordered_items(result)
    for heading, rows in (("Priority (short-term) items", priority), ("Other items" if priority else "Items", other)):
        if rows:
            lines.append("")
            lines.append(heading)
            lines.extend("  " + line for line in _table(_ITEM_HEADERS, [_item_line(r) for r in rows]))
    uncertain = [r for r in result.items if r.status_reason]
    if uncertain:
        lines.append("")
        lines.append("Uncertain or missing")
        lines.extend(f"  {r.code or r.item} {r.title}: {r.status_reason}" for r in uncertain)
    for heading, rollups in (("Groups", result.groups), ("Domains", result.domains)):
        if rollups:
            lines.append("")
            lines.append(heading + " (means over items with both positions)")
            table = [[u.title[:40], str(u.items), number(u.mean_baseline), number(u.mean_followup), number(u.mean_change, signed=True),
                      str(u.improved), str(u.declined), str(u.unchanged), str(u.uncertain), str(u.missing)] for u in rollups]
            lines.extend("  " + line for line in _table(
                ["", "items", "baseline", "follow-up", "change", "improved", "declined", "unchanged", "uncertain",
                 "missing"], table))
    a = result.across_items
    lines.append("")
    lines.append(f"Across items ({a.items} items with a position in both rounds)")
    t = a.primary
    lines.append(f"  Primary: {t.method}: mean paired change {number(t.statistic, signed=True)} levels over {t.items} "
                 f"items, {p_value(t.p_value)}")
    if t.note:
        lines.append(f"    note: {t.note}")
    lines.append(f"    assumes: {t.assumptions}")
    lines.append("  Secondary (treat items as independent, so they overstate the evidence when items move together):")
    for test, stat in ((a.sign_test, "rises"), (a.wilcoxon, "W+")):
        lines.append(f"  {test.method}: {test.n_positive} up, {test.n_negative} down, {test.n_zero} unchanged; "
                     f"{stat} = {number(test.statistic)}, {p_value(test.p_value)}")
        if test.note:
            lines.append(f"    note: {test.note}")
        lines.append(f"    assumes: {test.assumptions}")
    if a.bootstrap is not None:
        b = a.bootstrap
        lines.append(f"  mean change {number(b.estimate, signed=True)} levels, {b.level:.0%} interval "
                     f"{number(b.low, signed=True)} to {number(b.high, signed=True)} ({b.method}, {b.resamples} resamples, "
                     f"seed {b.seed})")
        lines.append(f"    assumes: {b.assumptions}")
    elif a.bootstrap_note:
        lines.append(f"  {a.bootstrap_note}")
    lines.append(f"  {a.why_no_item_p_values}")
    if result.new_items:
        lines.append("")
        lines.append("New items (not in the baseline; not compared)")
        lines.extend(f"  {i.code or i.item} {i.title}: follow-up {number(i.followup)}" for i in result.new_items)
    if result.dropped_items:
        lines.append("")
        lines.append("Dropped items (in the baseline only; not compared)")
        lines.extend(f"  {i.code or i.item} {i.title}: baseline {number(i.baseline)}" for i in result.dropped_items)
    if result.notes:
        lines.append("")
        lines.append("Notes")
        lines.extend(f"  - {note}" for note in result.notes)
    return "\n".join(lines) + "\n"


def render_delta(result: DeltaResult, fmt_name: str, templates: str | Path | None = None) -> str:
    """human, md or html text of a delta (json and csv are written by the caller)."""
    if fmt_name == "human":
        return render_human(result)
    from maturitykit.render.env import environment, render_template

    env = environment(templates)
    env.filters["signed"] = lambda v: number(v, signed=True)
    env.filters["p"] = p_value
    template_name = f"delta.{'html' if fmt_name == 'html' else 'md'}.j2"
    priority, other = ordered_items(result)
    return render_template(env, template_name, r=result, priority=priority, other=other)
