"""`maturity score workshop`: the facilitator's sheet, read back as the round's consensus when filled in."""

from __future__ import annotations

from pathlib import Path

import typer

from maturitykit.cli.common import handle_errors
from maturitykit.cli.options import AdLimit, RangeLimit, RwgLimit, limits_from
from maturitykit.cli.verbosity import detail_inputs, say
from maturitykit.cli.workspace_cmd import WorkspaceOption, find, need
from maturitykit.words import count


@handle_errors
def workshop_cmd(
    framework: str | None = typer.Argument(None, help="Framework file or bundled id (in a workspace: its framework)."),
    merged: Path | None = typer.Argument(None, help="The round's merged file, a folder of sheets, or sheets (in a "
                                         "workspace: the current round's merged.csv)."),
    output: Path | None = typer.Option(None, "-o", "--output", help="workshop.xlsx (in a workspace: "
                                       "rounds/<round>/workshop.xlsx)."),
    round_label: str | None = typer.Option(None, "--round", help="In a workspace: the round (default: current)."),
    anonymise: bool | None = typer.Option(None, "--anonymise/--names", help="Pseudonyms (Partner A, B, ...) instead "
                                          "of partner names (in a workspace: its `anonymise` default)."),
    ad_limit: AdLimit = None,
    range_limit: RangeLimit = None,
    rwg_limit: RwgLimit = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Write the facilitator's workshop sheet (XLSX): items in agenda order, divergent short-term
    priorities first; each partner's score, the median, the rationales at the extremes, and an empty
    "agreed level" dropdown (the item's own levels) and "agreed because" column.

    Filled in, give it to `maturity score merge --consensus` (in a workspace, save it as
    rounds/<round>/consensus.xlsx): it is read with the same rules as any sheet.
    """
    from maturitykit.analysis.divergence import build_divergence
    from maturitykit.errors import InputError, Location
    from maturitykit.framework.loader import resolve_framework_path
    from maturitykit.io.outputs import refuse_overwrite
    from maturitykit.lint import load_framework
    from maturitykit.render.workshop import workshop_xlsx
    from maturitykit.rounds.round import read_round_rows
    from maturitykit.sheets.inputs import expand_inputs

    label = round_label or ""
    place = ""
    if framework is None or merged is None or output is None or workspace is not None:
        ws = need(workspace, "give FRAMEWORK, MERGED and -o") if (
            framework is None or merged is None or output is None) else find(workspace)
        if ws is not None:
            label = ws.config.round(round_label).label if round_label else ws.current_round()
            framework = framework or ws.framework_ref()
            if merged is None:
                merged = ws.merged_file(label)
                if not merged.is_file():
                    raise InputError(f"round {label} is not merged yet: run `maturity score merge` first",
                                     Location(str(merged)))
            output = output or ws.workshop_file(label)
            anonymise = ws.config.anonymise if anonymise is None else anonymise
            places = ws.config.all_places()
            place = places[0] if len(places) == 1 else ""
    assert framework is not None and merged is not None and output is not None  # need() refused otherwise
    from maturitykit.cli.options import is_stdout, refuse_terminal
    from maturitykit.cli.outputs import write_made

    if is_stdout(output):
        refuse_terminal("the workshop sheet is a workbook; it")
    elif output.suffix.lower() != ".xlsx":
        raise InputError("the workshop sheet is a workbook: end the file name in .xlsx", Location(str(output)))
    inputs = [resolve_framework_path(framework), *expand_inputs([merged])]
    if not anonymise:  # file names often name their partner
        detail_inputs(inputs)
    refuse_overwrite(output, inputs)
    fw = load_framework(framework)
    # One place and round, as the agenda is: a file of several places is refused unless the workspace names one.
    result = read_round_rows(fw, [merged], place or None)
    if anonymise:
        from maturitykit.rounds.anonymise import anonymise as scrub

        result, _key = scrub(result)
    rounds = {r.round for r in result.rows if r.round}
    label = label or (rounds.pop() if len(rounds) == 1 else "")
    places_seen = {r.place for r in result.rows if r.place}
    place = place or (places_seen.pop() if len(places_seen) == 1 else "")
    report = build_divergence(result, limits_from(fw, ad_limit, range_limit, rwg_limit), anonymised=bool(anonymise))
    write_made(output, lambda: workshop_xlsx(fw, report, round_label=label, place=place), inputs=inputs)
    if not is_stdout(output):
        say(f"wrote {output}: {count(len(report.items), 'item')}, {report.divergent_count} divergent, "
            f"{count(len(report.partners), 'partner')}")
