"""`maturity score delta` and `maturity score trend`: rounds over time.

Registered on the `score` app by `register`; the work is in `maturitykit.analysis.delta` and `maturitykit.analysis.trend`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from maturitykit.cli.verbosity import detail_inputs, say, with_verbosity

if TYPE_CHECKING:  # pydantic is not needed to print --help
    from maturitykit.diagnostics import Result

from maturitykit.cli.common import emit, handle_errors
from maturitykit.cli.options import (
    AdLimit,
    ExcelOption,
    Format,
    PlaceSelect,
    RangeLimit,
    RwgLimit,
    choose_format,
    is_stdout,
    limits_from,
)

ROUND_HELP = ("a merged file, a folder of sheets, or one sheet; several sheets or folders separated by commas "
              "(a path that exists is taken whole, even with a comma in it)")


DELTA_FORMATS = (Format.human, Format.md, Format.html, Format.json, Format.csv, Format.xlsx, Format.parquet)
TREND_FORMATS = (Format.human, Format.md, Format.json, Format.csv, Format.xlsx, Format.parquet)


def split_round(text: str) -> list[str]:
    """One round's inputs: the text itself when it names an existing path, else its comma-separated parts."""
    from maturitykit.errors import InputError, Location

    if Path(text).exists():
        return [text]
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not parts:
        raise InputError("no input given for a round", Location(text or "(empty)"))
    return parts


def labelled_round(text: str, default: str) -> tuple[str, list[str]]:
    """A round given as LABEL=PATH (as `trend` and `report` take it) or as a bare PATH (labelled `default`)."""
    label, sep, path = text.partition("=")
    if sep and label.strip() and path.strip() and not Path(text).exists() and "/" not in label and "\\" not in label:
        return label.strip(), split_round(path.strip())
    return default, split_round(text)


def _inputs(framework_refs: list[str], rounds: list[list[str]]) -> list[Path]:
    from maturitykit.framework.loader import resolve_framework_path
    from maturitykit.sheets.inputs import expand_inputs

    paths = [resolve_framework_path(ref) for ref in framework_refs]
    for parts in rounds:
        paths.extend(expand_inputs(parts))
    detail_inputs(paths)
    return paths


def _emit(result: Result, out_fmt: str, output: Path | None, inputs: list[Path],
          table: Callable[[], tuple[list[dict[str, object]], list[str]]], render: Callable[[], str],
          bom: bool = False) -> None:
    """Print or write a result as CSV (formula-safe), JSON (exactly the result object) or rendered text."""
    from maturitykit.cli.outputs import write_table, wrote
    from maturitykit.render.csvtext import csv_bytes

    if out_fmt in ("csv", "xlsx", "parquet"):
        records, columns = table()
        if output is None:
            sys.stdout.write(csv_bytes(records, columns).decode("utf-8"))
        else:
            write_table(output, records, columns, out_fmt, inputs=inputs, sheet=type(result).__name__[:31], bom=bom)
            wrote(output)
        return
    text = result.to_json() if out_fmt == "json" else render()  # JSON: exactly the library result's dict
    _write_or_print(output, text, inputs)


def _write_or_print(output: Path | None, text: str, inputs: list[Path]) -> None:
    from maturitykit.io.outputs import write_text

    if output is None or is_stdout(output):
        emit(text)
        return
    write_text(output, text, inputs=inputs)
    say(f"wrote {output}")


def delta_cmd(
    framework: str = typer.Argument(..., help="Framework file or bundled id (the version the follow-up was scored on)."),
    baseline: str = typer.Argument(..., help=f"Baseline round: [LABEL=]PATH, PATH being {ROUND_HELP}."),
    followup: str = typer.Argument(..., help=f"Follow-up round: [LABEL=]PATH, PATH being {ROUND_HELP}."),
    output: Path | None = typer.Option(None, "-o", "--output",
                                       help="Write to this file (format from --format, else from the suffix; default csv)."),
    fmt: Format | None = typer.Option(None, "--format", help="human (default on screen), md, html, json, csv, xlsx or parquet."),
    same_partners: bool | None = typer.Option(
        None, "--same-partners/--all-partners",
        help="Use only partners who scored in both rounds (the default when any did), or every partner."),
    baseline_framework: str | None = typer.Option(
        None, "--baseline-framework",
        help="The older framework version the baseline was scored on; items are matched through `replaces`."),
    place: PlaceSelect = None,
    excel: ExcelOption = None,
    ad_limit: AdLimit = None,
    range_limit: RangeLimit = None,
    rwg_limit: RwgLimit = None,
) -> None:
    """Compare a follow-up round with the baseline: position, change and status per item.

    A position is the recorded consensus where there is one, else the median of the partners'
    scores. Status: improved or declined (a change of at least one level), unchanged, uncertain
    (partners diverged in a round without a recorded consensus), or missing. Across items: a
    permutation test that swaps round labels within partner (primary), the sign and Wilcoxon
    signed-rank tests (secondary) and, from ten items, a bootstrap interval for the mean change;
    no per-item p-values. Only partners who scored both rounds are used unless --all-partners.
    See docs/rounds.md.
    """
    from maturitykit.analysis.delta import CSV_COLUMNS, delta_records
    from maturitykit.cli.runs import run_delta
    from maturitykit.io.outputs import refuse_overwrite
    from maturitykit.lint import load_framework
    from maturitykit.render.delta import render_delta

    out_fmt = choose_format(fmt, output, DELTA_FORMATS, screen=Format.human, file=Format.csv).value
    (base_label, base_parts), (follow_label, follow_parts) = (labelled_round(baseline, "baseline"),
                                                              labelled_round(followup, "followup"))
    if base_label == follow_label:
        from maturitykit.errors import InputError, Location

        raise InputError(f"both rounds are labelled {base_label!r}; give each its own label", Location(followup))
    refs = [framework, *([baseline_framework] if baseline_framework else [])]
    inputs = _inputs(refs, [base_parts, follow_parts])
    if output is not None:
        refuse_overwrite(output, inputs)
    fw = load_framework(framework)
    old = load_framework(baseline_framework) if baseline_framework else None
    result = run_delta(fw, base_parts, follow_parts, baseline_framework=old, same_partners=same_partners,
                   limits=limits_from(fw, ad_limit, range_limit, rwg_limit), place=place,
                   labels=(base_label, follow_label))
    _emit(result, out_fmt, output, inputs, lambda: (delta_records(result), CSV_COLUMNS),
          lambda: render_delta(result, out_fmt), bom=bool(excel))


def parse_rounds(specs: list[str]) -> list[tuple[str, list[str]]]:
    from maturitykit.errors import InputError, Location

    rounds: list[tuple[str, list[str]]] = []
    for spec in specs:
        label, sep, path = spec.partition("=")
        if not sep or not label.strip() or not path.strip():
            raise InputError("each round is LABEL=PATH (e.g. 2024=baseline/ or 2025=merged-2025.csv)", Location(spec))
        rounds.append((label.strip(), split_round(path.strip())))
    return rounds


def trend_cmd(
    framework: str = typer.Argument(..., help="Framework file or bundled id (every round scored on this version)."),
    rounds: list[str] = typer.Argument(..., help=f"Two or more LABEL=PATH, oldest first; PATH is {ROUND_HELP}."),
    fmt: Format | None = typer.Option(None, "--format", help="human (default on screen), md, json, csv, xlsx or parquet."),
    output: Path | None = typer.Option(None, "-o", "--output",
                                       help="Write to this file (format from --format, else from the suffix; default csv)."),
    place: PlaceSelect = None,
    excel: ExcelOption = None,
    ad_limit: AdLimit = None,
    range_limit: RangeLimit = None,
    rwg_limit: RwgLimit = None,
) -> None:
    """Each item's position in each of two or more rounds (consensus, else median), in framework order."""
    from maturitykit.analysis.trend import check_labels, trend_columns, trend_records
    from maturitykit.cli.runs import run_trend
    from maturitykit.io.outputs import refuse_overwrite
    from maturitykit.lint import load_framework
    from maturitykit.render.trend import render_trend

    out_fmt = choose_format(fmt, output, TREND_FORMATS, screen=Format.human, file=Format.csv).value
    parsed = parse_rounds(rounds)
    check_labels([label for label, _ in parsed])
    inputs = _inputs([framework], [parts for _, parts in parsed])
    if output is not None:
        refuse_overwrite(output, inputs)
    fw = load_framework(framework)
    result = run_trend(fw, parsed, limits=limits_from(fw, ad_limit, range_limit, rwg_limit), place=place)
    _emit(result, out_fmt, output, inputs,
          lambda: (trend_records(result), trend_columns([r.label for r in result.rounds])),
          lambda: render_trend(result, out_fmt), bom=bool(excel))


def register(app: typer.Typer) -> None:
    """Add `delta` and `trend` to the given Typer app (the `score` sub-app)."""
    app.command("delta")(with_verbosity(handle_errors(delta_cmd)))
    app.command("trend")(with_verbosity(handle_errors(trend_cmd)))
