"""`maturity report`: the board and workshop report (Markdown or HTML with charts)."""

from __future__ import annotations

import datetime as dt
import os
from enum import Enum
from pathlib import Path

import typer

from maturitykit import __version__
from maturitykit.cli.anonymity import AnonymiseOption, Anonymity, KeyOption, MinGroupOption, PartnersOption
from maturitykit.cli.common import handle_errors, terminal_safe
from maturitykit.cli.options import (
    AdLimit,
    Format,
    RangeLimit,
    RwgLimit,
    choose_format,
    is_stdout,
    limits_from,
    refuse_terminal,
)
from maturitykit.cli.rounds_cmd import ROUND_HELP, parse_rounds
from maturitykit.cli.verbosity import detail_inputs, say
from maturitykit.cli.workspace_cmd import WorkspaceOption, find, need
from maturitykit.errors import ExitCode


class Paper(str, Enum):
    a4 = "a4"
    letter = "letter"


@handle_errors
def report_cmd(
    framework: str | None = typer.Argument(None, help="Framework file or bundled id (in a workspace: its framework)."),
    rounds: list[str] | None = typer.Argument(None, help=f"One or more LABEL=PATH, oldest first; PATH is {ROUND_HELP} "
                                              "(in a workspace: every round with sheets, its merged file if made)."),
    output: Path | None = typer.Option(None, "-o", "--output", help="report.html (one self-contained file) or "
                                       "report.md (charts written beside it as SVG; the page and its charts are "
                                       "written as a set, all or none); - : the HTML page to standard output (a "
                                       "pipe); in a workspace, its [report] output."),
    fmt: Format | None = typer.Option(None, "--format", help="html or md (default: from the file name)."),
    export_templates: Path | None = typer.Option(
        None, "--export-templates", is_eager=True, callback=lambda value: _export_templates(value),
        help="Copy the built-in templates into this folder (a starting point for --templates) and exit."),
    place: list[str] = typer.Option([], "--place", help="Report this place (repeat for several: adds a benchmark)."),
    anonymise: AnonymiseOption = None,
    key: KeyOption = None,
    partners: PartnersOption = None,
    min_group_size: MinGroupOption = 3,
    templates: Path | None = typer.Option(None, "--templates", help="Folder of Jinja templates overriding the "
                                          "built-in ones by name (report.html.j2, report.md.j2)."),
    title: str | None = typer.Option(None, "--title", help="Report title (default: framework and place)."),
    plan: Path | None = typer.Option(None, "--plan", help="A filled action plan (from `maturity plan`) whose "
                                     "actions and status the report shows."),
    ad_limit: AdLimit = None,
    range_limit: RangeLimit = None,
    rwg_limit: RwgLimit = None,
    paper: Paper = typer.Option(Paper.a4, "--paper", help="Page size when the HTML report is printed: a4 or "
                                "letter (US Letter)."),
    workspace: WorkspaceOption = None,
) -> None:
    """Write the report: where the place stands, domains, every score, disagreements, what moved,
    priorities, what partners said, methods and the framework's citation.

    With --partners giving sectors (in a workspace, its partners.csv), items are also compared by sector,
    for sectors of --min-group-size partners or more.

    In a workspace, with no arguments, reports every round that has sheets; arguments given still win.
    Problems found reading a filled plan (an unknown status, say) are printed here, not in the report,
    and the exit code is 1."""
    round_dates: dict[str, str] = {}
    listed: Path | None = None  # a workspace's partners.csv: its sectors and names, when no --partners is given
    if framework is None or not rounds or output is None or workspace is not None:
        ws = need(workspace, "give FRAMEWORK, LABEL=PATH and -o") if (
            framework is None or not rounds or output is None) else find(workspace)
        if ws is not None:
            framework = framework or ws.framework_ref()
            rounds = rounds or [f"{r.label}={ws.round_source(r.label)}" for r in ws.config.rounds
                                if ws.merged_file(r.label).is_file() or ws.returned_files(r.label)]
            output = output or ws.root / ws.config.report.output
            title = title or ws.config.report.title
            anonymise = ws.config.anonymise if anonymise is None else anonymise
            place = place or ws.config.all_places()
            round_dates = {r.label: r.date.isoformat() for r in ws.config.rounds if r.date}
            listed = ws.partners_path if partners is None and ws.partners_path.is_file() else None
    assert framework is not None and output is not None  # need() refused otherwise
    if not rounds:
        from maturitykit.errors import InputError

        raise InputError("no round has returned sheets yet: nothing to report")
    from maturitykit.analysis.board import build_board_report
    from maturitykit.errors import InputError, Location
    from maturitykit.framework.loader import resolve_framework_path
    from maturitykit.io.outputs import check_target, refuse_overwrite, refuse_same_outputs, write_set
    from maturitykit.lint import load_framework
    from maturitykit.render.board import render_board
    from maturitykit.rounds.merge import load_round
    from maturitykit.sheets.inputs import expand_inputs
    from maturitykit.sheets.plans import read_plan
    from maturitykit.sheets.rows import Defaults, Selection

    chosen = choose_format(fmt, output, (Format.html, Format.md))
    if is_stdout(output):
        if chosen == Format.md:
            raise InputError("a Markdown report's charts are files beside it: give -o FILE.md, or --format html "
                             "for one self-contained page", Location("-"))
        refuse_terminal("the HTML report, with its charts,")
    privacy = Anonymity(anonymise, key, partners, workspace_partners=listed)
    sector_of = privacy.sector_map()
    if templates is not None and not templates.is_dir():
        raise InputError("--templates must be a folder", Location(str(templates)))
    parsed = parse_rounds(rounds)
    inputs = [resolve_framework_path(framework), *expand_inputs([p for _, parts in parsed for p in parts]),
              *([plan] if plan else []), *([p for p in (partners, listed) if p])]
    if not anonymise:  # file names often name their partner
        detail_inputs(inputs)
    refuse_same_outputs(output, key)
    for target in (output, key):
        if target is not None and not is_stdout(target):
            check_target(target, inputs)  # a folder at X.md is refused before anything is read or written
    fw = load_framework(framework)
    # Rows of places not asked for are counted, not checked (a national folder read for one place).
    only = Defaults(only=Selection.of(place))
    read = [(label, load_round(fw, list(parts), defaults=only)) for label, parts in parsed]
    privacy.add([result for _, result in read])
    plan_rows = (str(plan), read_plan(plan, fw)) if plan is not None else None
    report = build_board_report(fw, read, sources=[str(p) for _, parts in parsed for p in parts], places=place,
                                anonymise_names=bool(anonymise), title=title,
                                limits=limits_from(fw, ad_limit, range_limit, rwg_limit), plan=plan_rows,
                                key=privacy.key if anonymise else None, identities=privacy.identities,
                                round_dates=round_dates, generated=generation_date(), tool_version=__version__,
                                sector_of=sector_of, min_group_size=min_group_size)
    rendered = render_board(report, chosen.value, stem=output.stem, templates=templates, paper=paper.value)
    findings = report.plan.problems if report.plan is not None else []
    if is_stdout(output):
        from maturitykit.cli.outputs import write_output

        write_output(output, rendered.text)
        privacy.write_key(inputs)
        _findings(findings)
        return
    files = {output.parent / name: svg.encode("utf-8") for name, svg in rendered.assets.items()}
    for target in files:
        refuse_overwrite(target, inputs)
    files[output] = rendered.text.encode("utf-8")  # the page last: nothing is moved until every file is written
    key_file = privacy.key_file(inputs)
    if key_file is not None:
        files[key_file[0]] = key_file[1]
    write_set(files, inputs=[p for p in inputs if key_file is None or p != key_file[0]])
    charts = len(rendered.assets)
    extra = f" and {charts} {'chart' if charts == 1 else 'charts'} beside it" if charts else ""
    say(f"wrote {privacy.text(str(output))}{extra}")
    privacy.said_key()
    _findings(findings)



def generation_date() -> str:
    """The date a report states it was generated: SOURCE_DATE_EPOCH (reproducible builds) when set, else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date().isoformat()
        except (ValueError, OverflowError, OSError):
            from maturitykit.errors import InputError

            raise InputError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, not {epoch!r}") from None
    return dt.date.today().isoformat()


def _findings(problems: list[str]) -> None:
    """An analyst's diagnostics (a plan row with an unknown status) go to the terminal and the exit code."""
    if not problems:
        return
    for problem in problems:
        typer.echo(terminal_safe(f"maturity: {problem}"), err=True)
    raise typer.Exit(int(ExitCode.FINDINGS))


@handle_errors
def _export_templates(folder: Path | None) -> None:
    """Write every built-in template into `folder`, refusing to replace a file that is already there."""
    if folder is None:
        return
    from maturitykit.errors import Location, OutputError
    from maturitykit.io.outputs import write_bytes
    from maturitykit.render.env import export_templates

    templates = export_templates()
    existing = [name for name in templates if (folder / name).exists()]
    if existing:
        raise OutputError(f"the folder already holds {', '.join(existing)}; export into an empty folder",
                          Location(str(folder)))
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in templates.items():
        write_bytes(folder / name, data)
    say(f"wrote {len(templates)} templates to {folder}; edit them and pass --templates {folder}")
    raise typer.Exit(0)
