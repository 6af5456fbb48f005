"""`maturity plan`: an action plan from a round's position, targets and the framework's next-level descriptors.

Registered on the root app in app.py; the work is in `maturitykit.analysis.plan`.
"""

from __future__ import annotations

from pathlib import Path

import typer

from maturitykit.cli.common import emit, handle_errors
from maturitykit.cli.options import ExcelOption, Format, PlaceSelect, choose_format, is_stdout
from maturitykit.cli.verbosity import detail_inputs, say
from maturitykit.cli.workspace_cmd import WorkspaceOption, find, need
from maturitykit.words import count

PLAN_FORMATS = (Format.csv, Format.xlsx, Format.md, Format.json, Format.parquet)

_REASONS = {"at-or-above-target": "at or above target", "no-target": "without a target",
            "no-position": "without a position (nobody scored them)"}


@handle_errors
def plan_cmd(
    framework: str | None = typer.Argument(None, help="Framework file or bundled id (in a workspace: its framework)."),
    position: list[Path] | None = typer.Argument(None, help="The round to plan from: a merged file, a folder of "
                                                 "sheets, or sheets (in a workspace: the current round)."),
    output: Path | None = typer.Option(None, "-o", "--output", help="plan.csv, plan.xlsx, plan.md, plan.json or plan.parquet (- : standard output; in a "
                                       "workspace: rounds/<round>/plan.xlsx)."),
    target: str | None = typer.Option(None, "--target",
                                      help="One target level for every item (value or label), instead of the framework's."),
    targets: Path | None = typer.Option(None, "--targets",
                                        help="CSV (or XLSX) with columns item,target: a target per item; items not "
                                             "in it keep the framework's target."),
    place: PlaceSelect = None,
    include_all: bool = typer.Option(False, "--all",
                                     help="List every item, including those at or above target or without a target."),
    fmt: Format | None = typer.Option(None, "--format", help="csv, xlsx, md, json or parquet (default: from the file "
                                                             "name)."),
    excel: ExcelOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Write an action plan: each item's current position, target, gap and what the next level looks like.

    Current is the recorded consensus where there is one, else the partners' median (the basis
    column says which). Gap is target minus current; only items below target are planned unless
    --all. Rows: short-term priorities first, then the largest gap, then framework order. The
    columns action, owner, due, measure and status are blank for the partnership to fill in.
    See docs/plan.md. In a workspace, with no arguments, plans the current round (its merged file, else its
    sheets) against the workspace's `target` or `targets`; arguments given still win.
    """
    if framework is None or not position or output is None or workspace is not None:
        ws = need(workspace, "give FRAMEWORK, POSITION and -o") if (
            framework is None or not position or output is None) else find(workspace)
        if ws is not None:
            label = ws.current_round()
            excel = ws.config.encoding == "utf-8-sig" if excel is None else excel
            framework = framework or ws.framework_ref()
            position = position or [ws.round_source(label)]
            output = output or ws.round_dir(label) / "plan.xlsx"
            if target is None and targets is None:
                target = None if ws.config.target is None else str(ws.config.target)
                targets = ws.root / ws.config.targets if ws.config.targets else None
            places = ws.config.all_places()
            place = place or (places[0] if len(places) == 1 else None)
    assert framework is not None and position and output is not None  # need() refused otherwise
    from maturitykit.cli.outputs import write_made
    from maturitykit.cli.runs import run_plan
    from maturitykit.errors import InputError, Location
    from maturitykit.framework.loader import resolve_framework_path
    from maturitykit.io.outputs import refuse_overwrite
    from maturitykit.lint import load_framework
    from maturitykit.render.plan import plan_bytes
    from maturitykit.sheets.inputs import expand_inputs
    from maturitykit.sheets.plans import parse_level

    if target is not None and targets is not None:
        raise InputError("give --target or --targets, not both", Location(str(targets)))
    out_fmt = choose_format(fmt, output, PLAN_FORMATS, screen=Format.md).value  # screen: only for -o -
    inputs = [resolve_framework_path(framework), *expand_inputs(position), *([targets] if targets else [])]
    detail_inputs(inputs)
    refuse_overwrite(output, inputs)
    fw = load_framework(framework)
    level = None
    if target is not None:
        try:
            level = parse_level(target, fw)
        except InputError as exc:
            raise InputError(exc.message, Location("--target")) from None
        if level is None:
            raise InputError("needs a level of the scale (a value or a label)", Location("--target"))
    plan = run_plan(fw, position, target=level, targets=targets, include_all=include_all, place=place)
    write_made(output, lambda: plan_bytes(plan, out_fmt, bom=bool(excel)), inputs=inputs)
    counts: dict[str, int] = {}
    for left in plan.left_out:
        counts[left.reason] = counts.get(left.reason, 0) + 1
    for note in plan.notes:
        say(f"note: {note}")
    left = ", ".join(f"{n} {_REASONS[reason]}" for reason, n in sorted(counts.items()))
    line = f"{count(len(plan.rows), 'item')} planned" + (f"; left out: {left} (use --all to list them)" if left else "")
    if is_stdout(output):  # standard output holds the plan: the count goes to stderr
        typer.echo(line, err=True)
        return
    say(f"wrote {output}")
    emit(line)
