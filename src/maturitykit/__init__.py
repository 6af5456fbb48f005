"""maturitykit: maturity assessments of health and care systems.

The library API (see docs/library.md)::

    import maturitykit as mk
    fw = mk.load_framework("sel-neighbourhood")
    base = mk.read_round(fw, "examples/sel-thameside/baseline")
    follow = mk.read_round(fw, "examples/sel-thameside/followup")
    mk.delta(base, follow).to_dict()

Names are imported on first use (PEP 562), so ``import maturitykit`` (and ``maturity --help``)
stays light: no pydantic or pandas until an analysis is asked for.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = ["Round", "__version__", "delta", "diff_frameworks", "divergence", "lint", "load_framework", "plan",
           "read_round", "trend"]


def _load_framework(path_or_id: Any) -> Any:
    """A framework from a YAML file or a bundled id, checked (refuses one with errors)."""
    from maturitykit.lint.gate import load_framework

    return load_framework(path_or_id)


def _read_round(framework: Any, paths: Any, place: str | None = None, round: str | None = None, *,
                label: str = "round") -> Any:
    """One place and round's scores (a merged file, a folder of sheets, or sheets) as a Round."""
    from maturitykit.rounds.round import read_round

    return read_round(framework, paths, place, round, label=label)


def _divergence(round: Any, limits: Any = None, anonymised: bool = False) -> Any:
    """The divergence report (workshop agenda) of a Round: a DivergenceReport."""
    from maturitykit.analysis.divergence import build_divergence

    return build_divergence(round.result, limits, anonymised=anonymised)


def _delta(baseline: Any, followup: Any, *, limits: Any = None, same_partners: bool | None = None) -> Any:
    """Follow-up compared with the baseline (which may be on an older framework version): a DeltaResult."""
    from copy import copy

    from maturitykit.analysis.delta import compute_delta

    return compute_delta(followup.framework, copy(baseline), copy(followup), limits=limits,
                         same_partners=same_partners)


def _trend(rounds: Any, *, limits: Any = None) -> Any:
    """Each item's position in each round: ``rounds`` is a sequence of (label, Round); a TrendResult."""
    from maturitykit.analysis.trend import trend_rounds

    return trend_rounds(list(rounds), limits=limits)


def _plan(round: Any, targets: Any = None, *, target: int | None = None, include_all: bool = False,
          limits: Any = None) -> Any:
    """An action plan for a Round; ``targets`` maps item ids to levels, or is a targets file (CSV/XLSX)."""
    from pathlib import Path

    from maturitykit.analysis.plan import build_plan
    from maturitykit.sheets.plans import read_targets

    name = None
    if isinstance(targets, (str, Path)):
        name = Path(targets).name
        targets = read_targets(targets, round.framework)
    return build_plan(round.framework, round, targets=targets, target=target, include_all=include_all,
                      targets_name=name, limits=limits)


def _lint(path_or_text: Any, strict: bool = False) -> Any:
    """Lint a framework file, a bundled id, or YAML text: a LintReport."""
    from maturitykit.lint.engine import lint_source

    return lint_source(path_or_text, strict=strict)


def _diff_frameworks(old: Any, new: Any) -> Any:
    """What changed between two versions of a framework (frameworks, files or bundled ids): a FrameworkDiff."""
    from maturitykit.analysis.framework_diff import diff_frameworks

    def framework(value: Any) -> Any:
        return value if hasattr(value, "items") and hasattr(value, "scale_for") else _load_framework(value)

    return diff_frameworks(framework(old), framework(new))


_API = {"diff_frameworks": _diff_frameworks, "load_framework": _load_framework, "read_round": _read_round, "divergence": _divergence, "delta": _delta,
        "trend": _trend, "plan": _plan, "lint": _lint}


def __getattr__(name: str) -> Any:
    if name in _API:
        return _API[name]
    if name == "Round":
        from maturitykit.rounds.round import Round

        return Round
    raise AttributeError(f"module 'maturitykit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
