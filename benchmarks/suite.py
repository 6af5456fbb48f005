"""The benchmark suite: every command timed as a whole process, as ratios against baselines in the same run.

    python benchmarks/suite.py [--repeat 3] [--sizes 60,1000] [--national] [--no-xlsx] [--merged 10000]
                               [--frameworks sel-neighbourhood,sixty] [--json FILE]

For each framework (sel-neighbourhood, 37 items; a generated one of 60 items) and size (sheets per
round; --national adds 10,000), two rounds of long CSV sheets are generated (benchmarks/generate.py)
and each command is run in a fresh process, alternating with its baselines, --repeat times:

- `score merge --summary`, `score divergence`, `score delta`, `report` (html), against reading the same
  files with pandas.read_csv + concat, with the `csv` module, and as bytes (each a fresh process too);
  `report` also against drawing its charts alone (radar, heatmap and change chart of the same size);
- `maturity --help` and `framework lint` of one file, against `python -c "import typer, pydantic, yaml"`
  (lint also against a one-parameter typer command given the same file: typer's own floor);
- with XLSX (default at 1,000 sheets, sel-neighbourhood): `score merge` of XLSX sheets against
  reading them with openpyxl.

Reported per command: the median wall time, the spread (min-max), the peak resident memory of the
process (os.wait4's rusage of that child) and the ratio of medians against each baseline. Only the
ratios are meant to be compared between machines; timings on a shared machine are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate, sixty_item_framework, write_merged

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable
# The installed entry point beside this interpreter (a virtual environment's bin/), else the one on PATH.
_BESIDE = Path(PY).with_name("maturity")
MATURITY = [str(_BESIDE) if _BESIDE.exists() else (shutil.which("maturity") or "maturity")]

READ_PANDAS = """import glob, sys
import pandas as pd
files = [f for d in sys.argv[1:] for f in sorted(glob.glob(d + '/*.csv'))]
pd.concat([pd.read_csv(f) for f in files], ignore_index=True)"""
READ_CSV = """import csv, glob, sys
rows = []
for d in sys.argv[1:]:
    for f in sorted(glob.glob(d + '/*.csv')):
        with open(f, newline='', encoding='utf-8') as h:
            rows.extend(csv.reader(h))"""
READ_BYTES = """import glob, sys
n = sum(len(open(f, 'rb').read()) for d in sys.argv[1:] for f in sorted(glob.glob(d + '/*.*')))"""
READ_XLSX = """import glob, sys
from openpyxl import load_workbook
for d in sys.argv[1:]:
    for f in sorted(glob.glob(d + '/*.xlsx')):
        list(load_workbook(f, read_only=True).active.iter_rows(values_only=True))"""
IMPORTS = "import typer, pydantic, yaml"
# What typer itself costs to run a command that takes a file: typer 0.29 builds pydantic validators for
# its parameters, which plain imports do not, so this is the floor of any command of any typer program.
TYPER_COMMAND = """import pathlib, sys, typer, yaml
app = typer.Typer()
@app.command()
def lint(paths: list[pathlib.Path]) -> None:
    pass
app(sys.argv[1:], standalone_mode=False)"""
CHARTS = """import sys
from maturitykit.lint import load_framework
from maturitykit.render.charts import change_chart, heatmap_chart, radar_chart
fw = load_framework(sys.argv[1]); partners = int(sys.argv[2])
scale = [(int(level.value), level.label) for level in fw.default_scale.levels]
top = int(max(fw.default_scale.values())); items = fw.items()
domains = sorted({item.domain.title for item in items}) if hasattr(items[0], 'domain') else []
axes = domains if len(domains) >= 3 else [item.title for item in items[:6]]
radar_chart(axes, {"baseline": [1.0 + i % top for i in range(len(axes))],
                   "followup": [1.0 + (i + 1) % top for i in range(len(axes))]}, scale)
heatmap_chart([f"Partner {p:05d}" for p in range(partners)], [item.title for item in items],
              [[1 + (p + i) % top for p in range(partners)] for i in range(len(items))], scale)
change_chart([item.title for item in items], [1.0 + i % top for i in range(len(items))],
             [1.0 + (i + 1) % top for i in range(len(items))], scale)"""


def run_once(argv: list[str], cwd: Path) -> tuple[float, int, int]:
    """Wall seconds, peak RSS in KiB and exit code of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    rss = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss // 1024
    return wall, rss, proc.returncode


def measure(command: list[str], baselines: dict[str, list[str]], repeat: int, cwd: Path) -> dict:
    """Run the command and its baselines alternately, `repeat` times each, after one warm-up round."""
    names = ["command", *baselines]
    argvs = {"command": command, **baselines}
    times: dict[str, list[float]] = {n: [] for n in names}
    rss: dict[str, int] = dict.fromkeys(names, 0)
    codes: dict[str, int] = {}
    for n in names:  # warm the file cache and the byte-code cache on every side
        codes[n] = run_once(argvs[n], cwd)[2]
    for r in range(repeat):
        order = names if r % 2 == 0 else list(reversed(names))
        for n in order:
            wall, peak, code = run_once(argvs[n], cwd)
            times[n].append(wall)
            rss[n] = max(rss[n], peak)
            codes[n] = code
    out = {n: {"median_s": statistics.median(times[n]), "min_s": min(times[n]), "max_s": max(times[n]),
               "peak_rss_mib": rss[n] / 1024, "exit": codes[n]} for n in names}
    for n in baselines:
        out[n]["ratio"] = out["command"]["median_s"] / out[n]["median_s"]
    return out


def data_cases(fw: str, fw_label: str, base: Path, follow: Path, out: Path, sheets: int) -> list[tuple[str, list, dict]]:
    reads = {
        "pandas read_csv+concat": [PY, "-c", READ_PANDAS, str(base)],
        "csv module parse": [PY, "-c", READ_CSV, str(base)],
        "read bytes": [PY, "-c", READ_BYTES, str(base)],
    }
    both = {name: [*argv, str(follow)] for name, argv in reads.items()}
    label = f"{fw_label} x {sheets}"
    merge = [*MATURITY, "score", "merge", fw, str(base), "-o", str(out / "merged.csv"), "--summary",
             str(out / "summary.csv"), "-q"]
    # The same merge in one process (MATURITYKIT_WORKERS=1): what reading on every core gains.
    serial = {"same, one process": ["/usr/bin/env", "MATURITYKIT_WORKERS=1", *merge]}
    return [
        (f"score merge --summary [{label}]", merge, {**reads, **serial}),
        (f"score divergence [{label}]",
         [*MATURITY, "score", "divergence", fw, str(base), "-o", str(out / "divergence.csv")], reads),
        (f"score delta [{label}]",
         [*MATURITY, "score", "delta", fw, str(base), str(follow), "-o", str(out / "delta.csv")], both),
        (f"report html [{label}]",
         [*MATURITY, "report", fw, f"baseline={base}", f"followup={follow}", "-o", str(out / "report.html")],
         {**both, "charts alone": [PY, "-c", CHARTS, fw, str(sheets)]}),
    ]


READ_MERGED = """import sys
import pandas as pd
for f in sys.argv[1:]:
    pd.read_parquet(f) if f.endswith('.parquet') else pd.read_csv(f)"""


def merged_cases(root: Path, partners: int, places: int) -> list[tuple[str, list, dict]]:
    """Analysis of maturitykit's own merged output at national size (--merged): divergence and delta of a
    merged CSV and Parquet against pandas reading the same files, and a one-place report of a file of
    `places` places against the same report of a file holding that place's rows alone."""
    fw = "sel-neighbourhood"
    data = root / f"merged-{partners}"
    data.mkdir(parents=True, exist_ok=True)
    cases = []
    for kind in ("csv", "parquet"):
        base = write_merged(data / f"baseline.{kind}", fw, partners, parquet=kind == "parquet")
        follow = write_merged(data / f"followup.{kind}", fw, partners, parquet=kind == "parquet", sources="followup")
        read = {"pandas read": [PY, "-c", READ_MERGED, str(base)]}
        both = {"pandas read": [PY, "-c", READ_MERGED, str(base), str(follow)]}
        label = f"{fw} merged {kind}, {partners * 37:,} rows"
        cases += [(f"score divergence [{label}]",
                   [*MATURITY, "score", "divergence", fw, str(base), "-o", str(data / "divergence.csv")], read),
                  (f"score delta [{label} x 2]",
                   [*MATURITY, "score", "delta", fw, str(base), str(follow), "-o", str(data / "delta.csv")], both)]
    one_place = partners // places
    national = write_merged(data / "places.csv", fw, one_place, places=places)
    alone = write_merged(data / "alone.csv", fw, one_place)
    cases.append((f"report --place [{places} places x {one_place} partners, merged csv]",
                  [*MATURITY, "report", fw, f"baseline={national}", "--place", "Place 001",
                   "-o", str(data / "place.html")],
                  {"report of that place alone": [*MATURITY, "report", fw, f"baseline={alone}",
                                                  "-o", str(data / "alone.html")]}))
    return cases


def start_cases() -> list[tuple[str, list, dict]]:
    floor = {"import typer, pydantic, yaml": [PY, "-c", IMPORTS]}
    lint = str(REPO / "frameworks" / "lloyds-system-maturity.yaml")
    command = {**floor, "a typer command taking a file": [PY, "-c", TYPER_COMMAND, lint]}
    return [("maturity --help", [*MATURITY, "--help"], floor),
            ("framework lint (one file)", [*MATURITY, "framework", "lint", lint], command)]


def print_table(results: list[dict]) -> None:
    print(f"\n{'command':52} {'median s':>9} {'spread s':>13} {'peak MiB':>9}  ratio against baseline (median s)")
    for res in results:
        cmd = res["timings"]["command"]
        spread = f"{cmd['min_s']:.2f}-{cmd['max_s']:.2f}"
        flag = "" if cmd["exit"] == 0 else f" [exit {cmd['exit']}]"
        print(f"{res['name'] + flag:52} {cmd['median_s']:9.3f} {spread:>13} {cmd['peak_rss_mib']:9.1f}")
        for name, t in res["timings"].items():
            if name != "command":
                print(f"{'':52} {'':9} {'':13} {t['peak_rss_mib']:9.1f}  {t['ratio']:6.2f}x  {name} "
                      f"({t['median_s']:.3f}, {t['min_s']:.2f}-{t['max_s']:.2f})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="60,1000", help="sheets per round, comma-separated")
    parser.add_argument("--national", action="store_true", help="also 10,000 sheets per round (slow)")
    parser.add_argument("--no-xlsx", action="store_true", help="skip the XLSX merge")
    parser.add_argument("--xlsx-size", type=int, default=1000)
    parser.add_argument("--frameworks", default="sel-neighbourhood,sixty")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--merged", type=int, default=0, metavar="PARTNERS",
                        help="also analyse merged files of PARTNERS partners (10000 = 370,000 rows)")
    parser.add_argument("--places", type=int, default=10, help="places in the --merged file of --place")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s] + ([10000] if args.national else [])
    results = []

    def record(name: str, command: list, baselines: dict, cwd: Path) -> None:
        timings = measure(command, baselines, args.repeat, cwd)
        results.append({"name": name, "timings": timings})
        print(f"{name}: {timings['command']['median_s']:.3f}s", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name, command, baselines in start_cases():
            record(name, command, baselines, root)
        for label in args.frameworks.split(","):
            fw = str(sixty_item_framework(root / "sixty.yaml")) if label == "sixty" else label
            fw_label = "60 items" if label == "sixty" else f"{label}"
            for sheets in sizes:
                data = root / f"{label}-{sheets}"
                base, follow = generate(data, fw, sheets)
                for name, command, baselines in data_cases(fw, fw_label, base, follow, data, sheets):
                    record(name, command, baselines, root)
        if args.merged:
            for name, command, baselines in merged_cases(root, args.merged, args.places):
                record(name, command, baselines, root)
        if not args.no_xlsx:
            data = root / "xlsx"
            base, _ = generate(data, "sel-neighbourhood", args.xlsx_size, xlsx=True)
            record(f"score merge --summary [sel-neighbourhood x {args.xlsx_size}, XLSX]",
                   [*MATURITY, "score", "merge", "sel-neighbourhood", str(base), "-o", str(data / "merged.csv"),
                    "--summary", str(data / "summary.csv"), "-q"],
                   {"openpyxl read-only read": [PY, "-c", READ_XLSX, str(base)],
                    "read bytes": [PY, "-c", READ_BYTES, str(base)]}, root)
    print(f"\n{os.cpu_count()} core(s), Python {platform.python_version()}, {platform.system()}, "
          f"repeat {args.repeat}")
    print_table(results)
    if args.json:
        args.json.write_text(json.dumps({"cores": os.cpu_count(), "python": platform.python_version(),
                                         "repeat": args.repeat, "results": results}, indent=2) + "\n",
                             encoding="utf-8")
    return 1 if any(r["timings"]["command"]["exit"] not in (0, 1) for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
