"""Benchmarks, reported as ratios against a baseline measured in the same run.

    python benchmarks/bench.py [--partners 60] [--repeat 5]

- merge: `merge_sheets` + merged and summary records on generated long CSV sheets (the SEL
  framework, one sheet per partner), against the baseline of reading the same files with
  pandas.read_csv and concatenating them (no validation at all). The ratio says what the
  validation, item lookup and accounting cost on top of just parsing.
- startup: `maturity --help` and `maturity framework lint` in a fresh interpreter, against
  `python -c "import typer"` (the floor any Typer CLI pays).

Timings are medians of --repeat runs; only the ratios are meant to be compared between machines.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _median_time(func, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def make_sheets(folder: Path, partners: int) -> list[Path]:
    from maturitykit.lint import load_framework

    fw = load_framework("sel-neighbourhood")
    paths = []
    for p in range(partners):
        path = folder / f"partner-{p:03d}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["partner", "item", "score", "rationale", "evidence"])
            for i, item in enumerate(fw.items()):
                score = "" if (p + i) % 7 == 0 else str(1 + (p * 3 + i) % 4)
                writer.writerow([f"Partner {p}", item.id, score, f"Because of reason {i} " * 3, f"Doc {i}"])
        paths.append(path)
    return paths


def bench_merge(partners: int, repeat: int) -> dict[str, float]:
    import pandas as pd

    from maturitykit.lint import load_framework
    from maturitykit.rounds.merge import merge_sheets, merged_records, summary_records

    fw = load_framework("sel-neighbourhood")
    with tempfile.TemporaryDirectory() as tmp:
        paths = make_sheets(Path(tmp), partners)

        def ours() -> None:
            result = merge_sheets(fw, paths)
            merged_records(result)
            summary_records(result)

        def baseline() -> None:
            pd.concat([pd.read_csv(p) for p in paths], ignore_index=True)

        ours()  # warm caches on both sides
        baseline()
        t_ours = _median_time(ours, repeat)
        t_base = _median_time(baseline, repeat)
    return {"rows": partners * len(fw.items()), "maturitykit_s": t_ours, "pandas_read_s": t_base,
            "ratio": t_ours / t_base}


def bench_startup(repeat: int) -> dict[str, float]:
    exe = [sys.executable, "-c"]
    lint = str(Path(__file__).resolve().parent.parent / "frameworks" / "lloyds-system-maturity.yaml")

    def run(code: str) -> float:
        return _median_time(lambda: subprocess.run([*exe, code], check=False, capture_output=True), repeat)

    floor = run("import typer")
    help_t = run("from maturitykit.cli.app import app\nimport sys\nsys.argv=['maturity','--help']\n"
                 "try:\n app()\nexcept SystemExit:\n pass")
    lint_t = run(f"from maturitykit.cli.app import app\nimport sys\nsys.argv=['maturity','framework','lint',{lint!r}]\n"
                 "try:\n app()\nexcept SystemExit:\n pass")
    return {"import_typer_s": floor, "help_s": help_t, "lint_s": lint_t, "help_ratio": help_t / floor,
            "lint_ratio": lint_t / floor}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--partners", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    merge = bench_merge(args.partners, args.repeat)
    print(f"merge: {merge['rows']} rows; maturitykit {merge['maturitykit_s']:.3f}s vs pandas.read_csv+concat "
          f"{merge['pandas_read_s']:.3f}s: ratio {merge['ratio']:.1f}x")
    start = bench_startup(args.repeat)
    print(f"startup: --help {start['help_ratio']:.2f}x and framework lint {start['lint_ratio']:.2f}x "
          f"the time of `import typer` ({start['import_typer_s']:.3f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
