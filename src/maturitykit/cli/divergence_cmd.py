"""`maturity score divergence`: the workshop agenda of one place and round."""

from __future__ import annotations

from pathlib import Path

import typer

from maturitykit.cli.anonymity import AnonymiseOption, Anonymity, KeyOption, MinGroupOption, PartnersOption
from maturitykit.cli.common import emit, handle_errors
from maturitykit.cli.options import (
    AdLimit,
    ExcelOption,
    Format,
    PlaceSelect,
    RangeLimit,
    RoundSelect,
    RwgLimit,
    choose_format,
    limits_from,
)
from maturitykit.cli.verbosity import detail_inputs, say

AGENDA_FORMATS = (Format.human, Format.md, Format.html, Format.json, Format.csv, Format.xlsx, Format.parquet)


@handle_errors
def divergence_cmd(
    framework: str = typer.Argument(..., help="Framework file or bundled id."),
    sheets: list[Path] = typer.Argument(..., help="A merged file, a folder of sheets, or sheets."),
    fmt: Format | None = typer.Option(None, "--format",
                                      help="human, md, html, json, csv, xlsx or parquet (default: from the file name, else human)."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write here instead of standard output (- : "
                                       "standard output, XLSX and Parquet only to a pipe)."),
    place: PlaceSelect = None,
    round_label: RoundSelect = None,
    anonymise: AnonymiseOption = False,
    key: KeyOption = None,
    partners: PartnersOption = None,
    excel: ExcelOption = None,
    min_group_size: MinGroupOption = 3,
    ad_limit: AdLimit = None,
    range_limit: RangeLimit = None,
    rwg_limit: RwgLimit = None,
) -> None:
    """The workshop agenda: items where partners disagree, who differs, and why.

    One place and round: inputs that hold several (a national merged file) need --place or
    --round, since partners of two places are never one agenda. Columns (csv/json): rank, item,
    code, title, group, domain, priority, n, median, mean, sd, min, max, range, iqr, ad (average
    deviation), rwg, consensus (Tastle-Wierman), agreed (recorded consensus position), divergent,
    reasons, outliers, notes, then one score column per partner. Definitions: docs/statistics.md.
    """
    from maturitykit.analysis.divergence import DIVERGENCE_CSV_COLUMNS, build_divergence, divergence_records
    from maturitykit.cli.anonymity import sectors_of
    from maturitykit.cli.options import is_stdout
    from maturitykit.framework.loader import resolve_framework_path
    from maturitykit.io.outputs import refuse_overwrite, refuse_same_outputs, write_text
    from maturitykit.lint import load_framework
    from maturitykit.render.agenda import render_agenda, render_terminal
    from maturitykit.render.csvtext import csv_bytes
    from maturitykit.rounds.round import read_round_rows
    from maturitykit.sheets.inputs import expand_inputs

    chosen = choose_format(fmt, output, AGENDA_FORMATS, screen=Format.human, file=Format.human)
    privacy = Anonymity(anonymise, key, partners)
    fw = load_framework(framework)
    result = read_round_rows(fw, sheets, place, round_label)
    inputs = [*expand_inputs(sheets), resolve_framework_path(framework), *([partners] if partners else [])]
    if not anonymise:  # file names often name their partner
        detail_inputs(inputs)
    refuse_same_outputs(output, key)
    for target in (output, key):
        if target is not None:
            refuse_overwrite(target, inputs)
    sectors = sectors_of(result, privacy, min_group_size)  # on the real names; it shows no partner's name
    if anonymise:
        from maturitykit.rounds.anonymise import anonymise as scrub

        privacy.add([result])
        result, _ = scrub(result, privacy.key.pseudonyms, privacy.scrubber())
    report = build_divergence(result, limits_from(fw, ad_limit, range_limit, rwg_limit), anonymised=anonymise)
    if sectors is not None:
        report = report.model_copy(update={"sectors": sectors})
    columns = DIVERGENCE_CSV_COLUMNS + [f"score: {p}" for p in report.partners]
    text: str | None = None
    if output is not None and chosen in (Format.xlsx, Format.parquet, Format.csv):
        from maturitykit.cli.outputs import write_table

        write_table(output, divergence_records(report), columns, chosen.value, inputs=inputs, sheet="Agenda",
                    shown=privacy.text(str(output)), bom=bool(excel))
        if not is_stdout(output):
            say(f"wrote {privacy.text(str(output))}")
    elif chosen == Format.json:
        text = report.to_json()
    elif chosen == Format.csv:
        text = csv_bytes(divergence_records(report), columns).decode("utf-8")
    elif chosen == Format.human:
        text = render_terminal(report)
    else:
        text = render_agenda(report, chosen.value)
    if text is None:
        pass  # a table, already written
    elif output is None or is_stdout(output):
        emit(text)
    else:
        write_text(output, text, inputs=inputs)
        say(f"wrote {privacy.text(str(output))}")
    privacy.write_key(inputs)
