"""`maturity framework ...`: lint, validate, show, list, render, schema.

Imports stay light here (no pandas, matplotlib or scipy): authors run lint in editors and
pre-commit loops, where start-up time matters.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from maturitykit.cli.common import emit, handle_errors
from maturitykit.cli.options import (
    DIAGNOSTIC_FORMATS,
    DiagnosticFormatOption,
    Format,
    choose_format,
    is_stdout,
)
from maturitykit.cli.verbosity import say, with_verbosity
from maturitykit.errors import ExitCode
from maturitykit.words import count

app = typer.Typer(help="Write, check and print maturity frameworks.", no_args_is_help=True, rich_markup_mode=None)


@app.command("lint")
@with_verbosity
@handle_errors
def lint_cmd(
    files: list[str] = typer.Argument(..., help="Framework files, or ids of bundled frameworks."),
    fmt: DiagnosticFormatOption = None,
    strict: bool = typer.Option(False, "--strict", help="Warnings fail too."),
) -> None:
    """Check frameworks against the schema and the lint rules (MK001...).

    Exit 0 when clean, 1 when there are errors (or warnings with --strict), 2 when a file
    cannot be read at all.
    """
    from maturitykit.lint.engine import lint_paths
    from maturitykit.render.diagnostics import format_report

    report = lint_paths(files, strict=strict)
    s = report.stats
    verdict = "ok" if report.valid else "failed"
    summary = (f"{count(s.files, 'file')}: {count(s.errors, 'error')}, {count(s.warnings, 'warning')}, {s.infos} info; {verdict}"
               + (" (strict)" if strict else ""))
    emit(format_report(report, choose_format(fmt, None, DIAGNOSTIC_FORMATS, screen=Format.human).value, summary))
    raise typer.Exit(int(ExitCode.OK if report.valid else ExitCode.FINDINGS))


@app.command("validate")
@with_verbosity
@handle_errors
def validate_cmd(
    file: str = typer.Argument(..., help="Framework file or bundled id."),
    fmt: DiagnosticFormatOption = None,
) -> None:
    """Check a framework against the schema only (no lint rules)."""
    from maturitykit.framework.loader import schema_report
    from maturitykit.render.diagnostics import format_report

    report = schema_report(file)
    summary = "valid" if report.valid else f"{count(report.stats.errors, 'schema error')}"
    emit(format_report(report, choose_format(fmt, None, DIAGNOSTIC_FORMATS, screen=Format.human).value, summary))
    raise typer.Exit(int(ExitCode.OK if report.valid else ExitCode.FINDINGS))


@app.command("show")
@with_verbosity
@handle_errors
def show_cmd(
    file: str = typer.Argument(..., help="Framework file or bundled id."),
    fmt: Format | None = typer.Option(None, "--format", help="human (default): a tree; json: the framework as data."),
) -> None:
    """Show a framework's groups, domains and items with their flags."""
    from maturitykit.lint import load_framework

    chosen = choose_format(fmt, None, (Format.human, Format.json), screen=Format.human)
    framework = load_framework(file)
    if chosen == Format.json:
        emit(json.dumps(framework.model_dump(mode="json"), indent=2, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.tree import Tree

    scale = ", ".join(f"{lv.value} {lv.label}" for lv in framework.default_scale.levels)
    tree = Tree(f"[bold]{escape(framework.title)}[/] ({escape(framework.id)} v{escape(framework.version)})")
    tree.add(f"scale: {escape(scale)}")

    def add_item(parent: Tree, node: object) -> None:
        flags = []
        priority = getattr(node, "priority", None)
        if priority:
            flags.append(priority)
        status = getattr(node, "status", None)
        if status is not None and status.value != "active":
            flags.append(status.value)
        if getattr(node, "target", None) is not None:
            flags.append(f"target {node.target}")  # type: ignore[attr-defined]
        flags.extend(getattr(node, "tags", []))
        # The newer constructs, so an author sees which items are scored or ordered differently.
        scale = getattr(node, "scale", None)
        if scale is not None:
            flags.append(f"scale {scale}" if isinstance(scale, str) else "own scale")
        if getattr(node, "answers", None):
            flags.append(f"{len(node.answers)} answers")  # type: ignore[attr-defined]
        if getattr(node, "depends_on", None):
            flags.append("after " + ", ".join(node.depends_on))  # type: ignore[attr-defined]
        code = f"{node.code}. " if node.code else ""  # type: ignore[attr-defined]
        suffix = f" [dim]\\[{escape(', '.join(flags))}][/]" if flags else ""
        parent.add(f"{escape(code)}{escape(node.title)} [dim]({escape(node.id)})[/]{suffix}")  # type: ignore[attr-defined]

    def add_domain(parent: Tree, domain: object) -> None:
        if domain.subdomains:  # type: ignore[attr-defined]
            branch = parent.add(f"[bold]{escape(domain.title)}[/] [dim]({escape(domain.id)})[/]")  # type: ignore[attr-defined]
            for sub in domain.subdomains:  # type: ignore[attr-defined]
                add_domain(branch, sub)  # a sub-domain may hold sub-domains, to any depth
        else:
            add_item(parent, domain)

    for group in framework.groups:
        branch = tree.add(f"[bold magenta]{escape(group.title)}[/] [dim]({escape(group.id)})[/]")
        for domain in group.domains:
            add_domain(branch, domain)
    for domain in framework.domains:
        add_domain(tree, domain)
    Console(soft_wrap=False).print(tree)


@app.command("list")
@with_verbosity
@handle_errors
def list_cmd(fmt: Format | None = typer.Option(None, "--format", help="human (default) or json.")) -> None:
    """List the bundled frameworks: id, title, version, items and scale."""
    from maturitykit.framework.catalog import bundled_summaries

    chosen = choose_format(fmt, None, (Format.human, Format.json), screen=Format.human)
    rows = bundled_summaries()
    if chosen == Format.json:
        emit(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("title", "version", "items", "scale")
    table.add_column("id", no_wrap=True)  # ids are what users type next: never truncate them
    table.columns.insert(0, table.columns.pop())
    for row in rows:
        table.add_row(str(row["id"]), str(row["title"]), str(row["version"]), str(row["items"]), str(row["scale"]))
    Console().print(table)


@app.command("diff")
@with_verbosity
@handle_errors
def diff_cmd(
    old: str = typer.Argument(..., help="The older version: framework file or bundled id."),
    new: str = typer.Argument(..., help="The newer version: framework file or bundled id."),
    fmt: Format | None = typer.Option(None, "--format", help="human (default on screen), md or json."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write here instead of standard output."),
) -> None:
    """List what changed between two versions of a framework, and what a delta across them can compare.

    Items added, removed, renamed, merged or split (through `replaces`), rescaled (not compared),
    relabelled, moved, retitled, re-prioritised or re-described. Exit 0 when nothing changed, 1 when
    something did (as `diff` does), 2 when a file cannot be read.
    """
    from maturitykit.analysis.framework_diff import diff_frameworks
    from maturitykit.errors import ExitCode
    from maturitykit.framework.loader import resolve_framework_path
    from maturitykit.io.outputs import write_text
    from maturitykit.lint import load_framework
    from maturitykit.render.framework_diff import render_framework_diff

    chosen = choose_format(fmt, output, (Format.human, Format.md, Format.json), screen=Format.human, file=Format.md)
    diff = diff_frameworks(load_framework(old), load_framework(new))
    text = render_framework_diff(diff, chosen.value)
    if output is None:
        emit(text)
    else:
        write_text(output, text, inputs=[resolve_framework_path(old), resolve_framework_path(new)])
        say(f"wrote {output}")
    raise typer.Exit(int(ExitCode.FINDINGS if diff.changes else ExitCode.OK))


@app.command("render")
@with_verbosity
@handle_errors
def render_cmd(
    file: str = typer.Argument(..., help="Framework file or bundled id."),
    fmt: Format | None = typer.Option(None, "--format", help="md or html (default: from the file name, else md)."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write here instead of standard output."),
) -> None:
    """Render the printable matrix (items as rows, levels as columns) for workshop packs."""
    chosen = choose_format(fmt, output, (Format.md, Format.html), screen=Format.md, file=Format.md)
    from maturitykit.framework.loader import resolve_framework_path
    from maturitykit.io.outputs import write_text
    from maturitykit.lint import load_framework
    from maturitykit.render.matrix import render_matrix

    framework = load_framework(file)
    text = render_matrix(framework, chosen.value)
    if output is None or is_stdout(output):
        emit(text)
    else:
        write_text(output, text, inputs=[resolve_framework_path(file)])
        say(f"wrote {output}")


@app.command("schema")
@with_verbosity
@handle_errors
def schema_cmd(
    output: Path | None = typer.Option(None, "-o", "--output", help="Write here instead of standard output."),
    path: bool = typer.Option(False, "--path", help="Print where the installed schema file is, for an editor's "
                                                   "`# yaml-language-server: $schema=...` comment."),
) -> None:
    """Print the JSON Schema of the framework format (generated from the models)."""
    from maturitykit.framework.model import json_schema
    from maturitykit.io.outputs import write_text

    if path:
        from maturitykit.framework.loader import schema_path

        emit(str(schema_path()) + "\n")
        return

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if output is None or is_stdout(output):
        emit(text)
    else:
        write_text(output, text)
