"""`maturity status` as a table for people: per round, who returned, who is missing, which files need fixing."""

from __future__ import annotations

from maturitykit.words import count
from maturitykit.workspace.status import WorkspaceStatus


def _names(names: list[str]) -> str:
    return ", ".join(names) if names else "none"


def render_status(status: WorkspaceStatus) -> str:
    lines = [f"framework {status.framework}; place {_names(status.places)}; {count(status.partners, 'partner')} listed; "
             f"current round {status.current}"]
    for entry in status.rounds:
        dated = f" ({entry.date})" if entry.date else ""
        lines += ["", f"round {entry.label}{dated}: {count(len(entry.files), 'file')} returned"]
        width = max([len(f.file) for f in entry.files] + [4])
        for f in entry.files:
            if f.unusable:
                state = f"UNUSABLE: {f.unusable}"
            else:
                state = f"{count(f.rows, 'row')}"
                if f.errors or f.warnings:
                    state += f", {count(f.errors, 'error')}, {count(f.warnings, 'warning')}"
                state += "; " + ("consensus" if f.consensus and not f.partners else _names(f.partners))
            lines.append(f"  {f.file.ljust(width)}  {state}")
        lines.append(f"  returned: {_names(entry.returned)}")
        lines.append(f"  missing:  {_names(entry.missing)}")
        if entry.unlisted:
            lines.append(f"  not in partners.csv: {_names(entry.unlisted)} (add them, or an alias)")
        check = entry.consensus_check
        agreed = entry.consensus or "not recorded"
        if check is not None:
            agreed += f" (UNUSABLE: {check.unusable})" if check.unusable else (
                f" ({count(check.rows, 'row')}, {count(check.errors, 'error')})" if check.errors else f" ({count(check.rows, 'row')})")
        lines.append(f"  consensus: {agreed}; merged: {'yes' if entry.merged else 'no'}")
    problems = status.problem_files
    lines += ["", f"{count(problems, 'file')} to fix (`maturity score validate` lists each problem)" if problems
              else "no file has errors"]
    return "\n".join(lines) + "\n"
