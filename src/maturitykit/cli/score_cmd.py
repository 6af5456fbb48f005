"""`maturity score ...`: template, validate, merge (and the analyses built on merged data)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from enum import Enum
from pathlib import Path

import typer

from maturitykit.cli import verbosity
from maturitykit.cli.common import emit, handle_errors, terminal_safe
from maturitykit.cli.options import (
    DIAGNOSTIC_FORMATS,
    TABLE_FORMATS,
    AdLimit,
    DiagnosticFormatOption,
    ExcelOption,
    Format,
    RangeLimit,
    RwgLimit,
    choose_format,
    limits_from,
)
from maturitykit.cli.verbosity import say, with_verbosity
from maturitykit.cli.workspace_cmd import WorkspaceOption, find, need
from maturitykit.errors import ExitCode
from maturitykit.words import count

app = typer.Typer(rich_markup_mode=None, help="Score sheets: make templates, validate and merge returned sheets, analyse them.",
                  no_args_is_help=True)


AGENDA_FORMATS = (Format.human, Format.md, Format.html, Format.json, Format.csv, Format.xlsx, Format.parquet)


class KeepChoice(str, Enum):
    first = "first"
    last = "last"


class SourceChoice(str, Enum):
    """Names of the survey tools whose exports are read (sheets.surveys.SOURCES); `sheet` turns detection off."""

    microsoft_forms = "microsoft-forms"
    google_forms = "google-forms"
    surveymonkey = "surveymonkey"
    qualtrics = "qualtrics"
    smartsurvey = "smartsurvey"
    snap = "snap"
    sheet = "sheet"


@app.command("template")
@with_verbosity
@handle_errors
def template_cmd(
    framework: str = typer.Argument(..., help="Framework file or bundled id."),
    output: Path = typer.Option(..., "-o", "--output", help="FILE.csv or FILE.xlsx (- : CSV to standard output); "
                                "with --partners, a folder."),
    partner: str = typer.Option("", "--partner", help="Partner the sheet is for."),
    round_label: str = typer.Option("", "--round", help="Round label, e.g. baseline or 2026."),
    place: str = typer.Option("", "--place", help="Place (system) being assessed."),
    partners: Path | None = typer.Option(None, "--partners", help="File with one partner name a line: one sheet each."),
    excel: bool = typer.Option(False, "--xlsx", help="With --partners: write .xlsx sheets (default .csv)."),
    missing_only: bool = typer.Option(False, "--missing-only", help="With --partners: write only the sheets not in "
                                      "the folder yet (a sheet already there is never replaced)."),
    checklist: bool = typer.Option(False, "--checklist", help="A row per level statement to tick (CSV); the level "
                                   "is derived by the framework's `checklist` rule (docs/framework-format.md)."),
) -> None:
    """Write a blank score sheet (CSV, or XLSX with dropdowns, descriptors and an About sheet)."""
    from maturitykit.cli.options import is_stdout
    from maturitykit.cli.outputs import write_partner_templates, write_template, wrote
    from maturitykit.errors import InputError, Location
    from maturitykit.framework.loader import resolve_framework_path
    from maturitykit.lint import load_framework
    from maturitykit.sheets.partners import read_partner_list

    fw = load_framework(framework)
    inputs = [resolve_framework_path(framework)]
    if partners is None:
        write_template(output, fw, partner, round_label, place, inputs, checklist)
        wrote(output)
        return
    if is_stdout(output):
        raise InputError("--partners writes one sheet per partner into a folder: give -o FOLDER", Location("-"))
    warnings: list[str] = []
    names = read_partner_list(partners, warnings)
    for warning in warnings:
        typer.echo(f"maturity: {warning}", err=True)
    written = write_partner_templates(output, fw, names, ".xlsx" if excel else ".csv", round_label, place,
                                      [*inputs, partners], missing_only=missing_only, checklist=checklist)
    kept = len(names) - len(written)
    say(f"wrote {count(len(written), 'sheet')} to {output}" + (f"; {kept} already there, left as they are" if kept else ""))


def _defaults(partner: str | None, place: str | None, round_label: str | None, partners: Path | None = None,
              mapping: Path | None = None, fw=None):
    from maturitykit.rounds.partners import read_email_map
    from maturitykit.sheets.reader import Defaults

    return Defaults(partner=partner or None, place=place or None, round=round_label or None,
                    emails=read_email_map(partners) if partners is not None else None,
                    mapping=_map(mapping, fw))


def _map(path: Path | None, fw):
    if path is None:
        return None
    from maturitykit.sheets.surveys import SOURCES
    from maturitykit.sheets.surveys.mapping import load_map

    return load_map(path, fw, SOURCES)


MAP_HELP = ("YAML mapping file saying what detection cannot (source, header_rows, partner, items, rationale, "
            "values, partners; see docs/mapping.md); `score inspect --write-map` writes a starting one.")


EMAILS_HELP = ("CSV/XLSX of partners (columns name, email, email_domain such as @acme.nhs.uk; see docs/returns.md): "
               "a survey respondent's email, else its domain, names their partner when they give no organisation; "
               "an address it does not give is reported with its row, never guessed.")


@app.command("validate")
@with_verbosity
@handle_errors
def validate_cmd(
    framework: str = typer.Argument(..., help="Framework file or bundled id."),
    sheets: list[Path] = typer.Argument(..., help="Returned sheets (CSV, XLSX) or folders of them."),
    fmt: DiagnosticFormatOption = None,
    partner: str | None = typer.Option(None, "--partner", help="Partner for sheets without a partner column."),
    wide: bool | None = typer.Option(None, "--wide/--long", help="Force the layout (default: detect)."),
    source: SourceChoice | None = typer.Option(None, "--source", help="Survey tool that exported the sheets: microsoft-forms, google-forms, surveymonkey, qualtrics, smartsurvey, snap, or sheet for none (default: detect; see docs/returns.md)."),
    strict: bool = typer.Option(False, "--strict", help="Warnings fail too."),
    partners: Path | None = typer.Option(None, "--partners", help=EMAILS_HELP),
    mapping: Path | None = typer.Option(None, "--map", help=MAP_HELP),
) -> None:
    """List every problem in returned sheets, by file, row and column.

    Exit 0 when there are no errors, 1 when there are errors (or warnings with --strict), 2 when a
    sheet cannot be read at all.
    """
    from maturitykit.lint import load_framework
    from maturitykit.render.diagnostics import format_report
    from maturitykit.rounds.validate import validate_sheets

    fw = load_framework(framework)
    report = validate_sheets(fw, sheets, defaults=_defaults(partner, None, None, partners, mapping, fw), wide=wide, strict=strict,
                               source=source.value if source else None)
    emit(format_report(report, choose_format(fmt, None, DIAGNOSTIC_FORMATS, screen=Format.human).value,
                       report.summary_line()))
    raise typer.Exit(int(ExitCode.OK if report.valid else ExitCode.FINDINGS))


@app.command("inspect")
@with_verbosity
@handle_errors
def inspect_cmd(
    export: Path = typer.Argument(..., help="A survey tool's export (CSV, XLSX)."),
    framework: str | None = typer.Option(None, "--framework", help="Framework file or bundled id (in a workspace: "
                                         "its framework)."),
    source: SourceChoice | None = typer.Option(None, "--source", help="Survey tool that exported it (default: detect)."),
    mapping: Path | None = typer.Option(None, "--map", help="A mapping file to apply first (see docs/mapping.md)."),
    write_map: Path | None = typer.Option(None, "--write-map", help="Also write what was found as a mapping file "
                                          "(YAML), to correct and give to score merge --map."),
    fmt: Format | None = typer.Option(None, "--format", help="human or json (default: human)."),
    workspace: WorkspaceOption = None,
) -> None:
    """Print what detection makes of a survey export: the tool, its header rows, the partner column, each
    item's column, and the columns read as nothing. Exit 1 when it finds a problem or no item."""
    from maturitykit.io.outputs import refuse_overwrite, write_text
    from maturitykit.lint import load_framework
    from maturitykit.render.inspect import inspection_text
    from maturitykit.sheets.surveys.inspect import inspect_export

    if framework is None:
        framework = need(workspace, "give --framework").framework_ref()
    fw = load_framework(framework)
    found = inspect_export(export, fw, source.value if source else None, _map(mapping, fw))
    out_fmt = choose_format(fmt, None, (Format.human, Format.json), screen=Format.human).value
    emit(found.to_json() if out_fmt == "json" else inspection_text(found))
    if write_map is not None:
        refuse_overwrite(write_map, [export, *([mapping] if mapping else [])])
        write_text(write_map, found.to_map(), inputs=[export])
        say(f"wrote {write_map}")
    bad = not found.items or any(p.severity == "error" for p in found.problems)
    raise typer.Exit(int(ExitCode.FINDINGS if bad else ExitCode.OK))


@app.command("merge")
@with_verbosity
@handle_errors
def merge_cmd(
    framework: str | None = typer.Argument(None, help="Framework file or bundled id (in a workspace: its framework)."),
    sheets: list[Path] | None = typer.Argument(None, help="Returned sheets (CSV, XLSX) or folders of them (in a "
                                               "workspace: the round's returned/ folder)."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Merged file: one row per partner and item "
                                       "(- : standard output; in a workspace: rounds/<round>/merged.csv)."),
    summary: Path | None = typer.Option(None, "--summary", help="Also write a per-item summary here (in a "
                                        "workspace: rounds/<round>/summary.csv)."),
    fmt: Format | None = typer.Option(None, "--format", help="csv, xlsx, json or parquet (default: from the file name, else csv)."),
    keep: KeepChoice | None = typer.Option(None, "--keep", help="When a partner is in two files, keep the first or last."),
    strict: bool = typer.Option(False, "--strict", help="Refuse on any problem instead of leaving bad rows out."),
    consensus: Path | None = typer.Option(None, "--consensus", help="Sheet of the agreed (consensus) position."),
    partner: str | None = typer.Option(None, "--partner", help="Partner for sheets without a partner column."),
    place: str | None = typer.Option(None, "--place", help="Place for rows that do not give one."),
    round_label: str | None = typer.Option(None, "--round", help="Round for rows that do not give one."),
    wide: bool | None = typer.Option(None, "--wide/--long", help="Force the layout (default: detect)."),
    source: SourceChoice | None = typer.Option(None, "--source", help="Survey tool that exported the sheets: microsoft-forms, google-forms, surveymonkey, qualtrics, smartsurvey, snap, or sheet for none (default: detect; see docs/returns.md)."),
    partners: Path | None = typer.Option(None, "--partners", help=EMAILS_HELP),
    mapping: Path | None = typer.Option(None, "--map", help=MAP_HELP),
    excel: ExcelOption = None,
    ad_limit: AdLimit = None,
    range_limit: RangeLimit = None,
    rwg_limit: RwgLimit = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Merge returned sheets into one validated dataset, with a per-item summary.

    The last line accounts for every input row: read, merged, rejected with reasons. In a workspace,
    with no arguments, merges the current round (or --round) with its consensus, if recorded; arguments
    given still win.
    """
    round_dates: dict[str, str] = {}
    base = Path.cwd()  # source files are shown relative to this (the workspace root inside one)
    if framework is None or not sheets or output is None or workspace is not None:
        ws = need(workspace, "give FRAMEWORK, SHEETS and -o") if (
            framework is None or not sheets or output is None) else find(workspace)
        if ws is not None:
            label = ws.config.round(round_label).label if round_label else ws.current_round()
            framework = framework or ws.framework_ref()
            if not sheets:
                sheets = [ws.returned_dir(label)]
                consensus = consensus or ws.consensus_file(label)
            if output is None:
                output, summary = ws.merged_file(label), summary or ws.summary_file(label)
            places = ws.config.all_places()
            place = place or (places[0] if len(places) == 1 else None)
            round_label = label
            round_dates = {r.label: r.date.isoformat() for r in ws.config.rounds if r.date}
            base = ws.root
            excel = ws.config.encoding == "utf-8-sig" if excel is None else excel
    assert framework is not None and sheets and output is not None  # need() refused otherwise
    from maturitykit.cli.options import is_stdout
    from maturitykit.cli.outputs import write_table
    from maturitykit.framework.loader import resolve_framework_path
    from maturitykit.lint import load_framework
    from maturitykit.rounds.merge import (
        MERGED_COLUMNS,
        SUMMARY_COLUMNS,
        iter_merged_blocks,
        merge_sheets,
        summary_records,
    )
    from maturitykit.sheets.inputs import expand_inputs

    fw = load_framework(framework)
    paths = expand_inputs(sheets)
    all_inputs = [*paths, resolve_framework_path(framework), *([consensus] if consensus else []),
                  *([partners] if partners else []), *([mapping] if mapping else [])]
    defaults = _defaults(partner, place, round_label, partners, mapping, fw)
    with _progress(len(paths), verbosity.quiet()) as tick:
        result = merge_sheets(fw, sheets, defaults=defaults, wide=wide,
                              keep=keep.value if keep else None, strict=strict, consensus_file=consensus,
                              on_read=tick, source=source.value if source else None)
    limits = limits_from(fw, ad_limit, range_limit, rwg_limit)
    out_fmt = choose_format(fmt, output, TABLE_FORMATS, file=Format.csv).value
    summary_fmt = choose_format(None, summary, TABLE_FORMATS, file=Format.csv).value if summary else "csv"
    from maturitykit.io.outputs import refuse_overwrite, refuse_same_outputs

    refuse_same_outputs(output, summary)
    refuse_overwrite(output, all_inputs)
    if summary is not None:
        refuse_overwrite(summary, all_inputs)
    from maturitykit.render.csvtext import RowBlocks

    write_table(output, RowBlocks(iter_merged_blocks(result, base=base, round_dates=round_dates)), MERGED_COLUMNS, out_fmt,
                inputs=all_inputs, sheet="Merged", bom=bool(excel),
                extra_json={"framework": fw.id, "framework_version": fw.version})
    if summary is not None:
        write_table(summary, summary_records(result, limits), SUMMARY_COLUMNS, summary_fmt, inputs=all_inputs,
                    sheet="Summary", extra_json={"framework": fw.id, "framework_version": fw.version}, bom=bool(excel))
    for problem in result.problems:
        if not (verbosity.quiet() and problem.severity == "info"):
            typer.echo(terminal_safe(f"{problem.spot()}: {problem.severity} [{problem.code}] {problem.message}"), err=True)
    files = [str(path) for path in (output, summary) if path is not None and not is_stdout(path)]
    if files:
        say("wrote " + " and ".join(files))
    if is_stdout(output) or is_stdout(summary):  # standard output holds the data: the accounting goes to stderr
        typer.echo(terminal_safe(result.accounting.line()), err=True)
    else:
        emit(result.accounting.line())


@contextlib.contextmanager
def _progress(total: int, quiet: bool) -> Iterator[Callable[[Path], None]]:
    """A rich progress bar for many files at a terminal; with --verbose, a line per file instead."""
    if verbosity.level() >= verbosity.VERBOSE:
        yield lambda path: verbosity.detail(f"read {path}")
        return
    if quiet or total < 3 or not sys.stderr.isatty():
        yield lambda _path: None
        return
    from rich.progress import Progress

    with Progress(transient=True) as progress:
        task = progress.add_task("reading sheets", total=total)
        yield lambda _path: progress.advance(task)
