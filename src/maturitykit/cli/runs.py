"""Reading the rounds a command names, then calling the analysis: the CLI's part of files -> models -> analysis.

Analysis functions take Rounds already read (as `import maturitykit as mk` does); these read them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from maturitykit.analysis.delta import DeltaResult, compute_delta
from maturitykit.analysis.plan import Plan, build_plan
from maturitykit.analysis.trend import TrendResult, check_labels, trend_rounds
from maturitykit.errors import InputError, Location, RefusedError
from maturitykit.framework.model import Framework
from maturitykit.rounds.round import read_round
from maturitykit.sheets.plans import read_targets
from maturitykit.stats.limits import Limits


def run_delta(framework: Framework, baseline: Sequence[str | Path], followup: Sequence[str | Path], *,
              baseline_framework: Framework | None = None, same_partners: bool | None = None, limits: Limits | None = None,
              place: str | None = None, labels: tuple[str, str] = ("baseline", "followup")) -> DeltaResult:
    """Read both rounds and compare them (`maturity score delta`)."""
    old = baseline_framework or framework
    try:
        base = read_round(old, list(baseline), place, label=labels[0])
    except RefusedError as exc:
        if "version" in exc.message and baseline_framework is None:
            raise RefusedError(exc.message + " (if the baseline was scored on an earlier version of the framework, "
                               "give that version with --baseline-framework)", exc.location) from None
        raise
    follow = read_round(framework, list(followup), place, label=labels[1])
    return compute_delta(framework, base, follow, limits=limits, same_partners=same_partners, labels=labels)


def run_trend(framework: Framework, rounds: Sequence[tuple[str, Sequence[str | Path]]], *,
              limits: Limits | None = None, place: str | None = None) -> TrendResult:
    """Read two or more rounds and position every item in each (`maturity score trend`)."""
    if len(rounds) < 2:
        raise InputError("a trend needs two or more rounds (LABEL=PATH ...)")
    check_labels([label for label, _ in rounds])
    read = [(label, read_round(framework, list(inputs), place, label=f"round {label!r}")) for label, inputs in rounds]
    return trend_rounds(read, limits=limits)


def run_plan(framework: Framework, position: Sequence[str | Path], *, target: int | None = None,
             targets: str | Path | None = None, include_all: bool = False, place: str | None = None) -> Plan:
    """Read a round and its targets and build the plan (`maturity plan`)."""
    if target is not None and targets is not None:
        raise InputError("give either one target level for every item or a targets file, not both",
                         Location(str(targets)))
    target_map = read_targets(targets, framework) if targets is not None else None
    data = read_round(framework, list(position), place, label="position")
    return build_plan(framework, data, targets=target_map, target=target, include_all=include_all,
                      targets_name=Path(targets).name if targets is not None else None)
