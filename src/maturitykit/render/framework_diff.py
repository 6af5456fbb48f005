"""`maturity framework diff` as text (terminal and Markdown); JSON is the result's own dict."""

from __future__ import annotations

from maturitykit.analysis.framework_diff import FrameworkDiff
from maturitykit.render.env import md as md_cell


def render_framework_diff(diff: FrameworkDiff, fmt_name: str) -> str:
    """The comparability statement first (what an evaluator needs), then every change."""
    if fmt_name == "json":
        return diff.to_json()
    md = fmt_name == "md"
    title = f"{diff.framework}: version {diff.old_version} -> {diff.new_version}"
    lines = [f"# {title}" if md else title, ""]
    lines += [f"- {line}" for line in diff.comparable] + [""]
    if not diff.changes:
        lines.append("No item changed.")
    elif md:
        lines += ["| change | item | was | detail |", "| --- | --- | --- | --- |"]
        lines += [f"| {c.change} | {md_cell(c.item or '–')} | {md_cell(', '.join(c.old) or '–')} | "
                  f"{md_cell(c.detail)} |" for c in diff.changes]
    else:
        width = max(len(c.change) for c in diff.changes)
        for c in diff.changes:
            was = f" (was {', '.join(c.old)})" if c.old and c.old != [c.item] else ""
            lines.append(f"{c.change.ljust(width)}  {c.item or '–'}{was}: {c.detail}")
    if diff.notes:
        lines += ["", "Notes:" if not md else "## Notes", ""] + [f"- {note}" for note in diff.notes]
    return "\n".join(lines).rstrip() + "\n"
