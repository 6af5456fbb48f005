"""Synthetic assessments for the benchmark suite: frameworks and rounds of returned score sheets.

    python benchmarks/generate.py OUT --sheets 1000 [--framework sel-neighbourhood] [--xlsx]

Writes OUT/baseline/ and OUT/followup/, one long sheet per partner (partner, item, score,
rationale, evidence), deterministic for a given size. Every seventh score is blank (missing).
`sixty_item_framework` writes a 60-item framework (6 domains of 10 items, scale 1-5) that lints
clean, for the second framework of the suite.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

SIXTY = "bench-sixty"


def sixty_item_framework(path: Path) -> Path:
    """A framework of 6 domains x 10 items on a 1-5 scale, written as YAML."""
    labels = ["Not started", "Planned", "Partly in place", "Mostly in place", "Embedded"]
    lines = [
        "schema_version: 1",
        f"id: {SIXTY}",
        "title: Benchmark framework of sixty items",
        'version: "1.0"',
        "publisher: maturitykit benchmarks",
        "description: A synthetic framework of sixty items, six domains of ten, used to time maturitykit.",
        "licence: Synthetic; no source document.",
        "scale:",
        "  levels:",
    ]
    for value, label in enumerate(labels, start=1):
        lines += [f"    - value: {value}", f"      label: {label}",
                  f"      description: Level {value} of the benchmark scale ({label.lower()})."]
    lines += ["  allow_not_applicable: true", "priorities: []", "domains:"]
    for d in range(6):
        lines += [f"  - id: domain-{d + 1}", f'    code: "{d + 1}"', f"    title: Benchmark domain {d + 1}",
                  "    subdomains:"]
        for i in range(10):
            lines += [f"      - id: item-{d + 1}-{i + 1}", f'        code: "{d + 1}.{i + 1}"',
                      f"        title: Benchmark item {d + 1}.{i + 1}", "        descriptors:"]
            lines += [f"          {v}: Item {d + 1}.{i + 1} at level {v}." for v in range(1, 6)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def item_ids(framework: str) -> tuple[list[str], int]:
    """The framework's item ids and its top level value."""
    from maturitykit.lint import load_framework

    fw = load_framework(framework)
    values = fw.default_scale.values()
    return [item.id for item in fw.items()], int(max(values))


def write_round(folder: Path, items: list[str], top: int, sheets: int, shift: int, xlsx: bool = False) -> list[Path]:
    """One sheet per partner; `shift` moves some scores so the follow-up round differs from the baseline."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for p in range(sheets):
        rows = [["partner", "item", "score", "rationale", "evidence"]]
        for i, item in enumerate(items):
            score = "" if (p + i) % 7 == 0 else str(1 + (p * 3 + i + shift * (i % 3)) % top)
            rows.append([f"Partner {p:05d}", item, score, (f"Because of reason {i} " * 3).strip(), f"Document {i}"])
        path = folder / f"partner-{p:05d}.{'xlsx' if xlsx else 'csv'}"
        if xlsx:
            _write_xlsx(path, rows)
        else:
            with path.open("w", encoding="utf-8", newline="") as handle:
                csv.writer(handle).writerows(rows)
        paths.append(path)
    return paths


def _write_xlsx(path: Path, rows: list[list[str]]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Scores"
    for row in rows:
        sheet.append([int(c) if c.isdigit() else c for c in row])
    book.save(path)


def write_merged(path: Path, framework: str, partners: int, places: int = 1, parquet: bool = False,
                 sources: str = "baseline") -> Path:
    """A merged round as `score merge -o` writes it (same columns, order and cells), made directly: `partners`
    partners in each of `places` places ("Place 001", ...; blank when there is one), scores as `write_round`
    gives them, each row's source the sheet `write_round` would have written (`sources`/partner-NNNNN.csv).
    For national sizes (370,000 rows and more) without writing and merging thousands of sheets."""
    from maturitykit.columns import MERGED
    from maturitykit.lint import load_framework

    fw = load_framework(framework)
    top = int(max(fw.default_scale.values()))
    columns = MERGED.names()
    place_names = [""] if places == 1 else [f"Place {n + 1:03d}" for n in range(places)]
    rows = []
    for i, item in enumerate(fw.items()):
        scale = fw.scale_for(item)
        labels = {v: scale.label_for(v) for v in range(1, top + 1)}
        fixed = [fw.id, fw.version, item.id, item.title, item.group_id, item.domain_id]
        why = (f"Because of reason {i} " * 3).strip()
        for place in place_names:
            folder = f"{place.replace(' ', '-').lower()}/" if place else ""
            for p in range(partners):
                score = None if (p + i) % 7 == 0 else 1 + (p * 3 + i) % top
                rows.append([place, "", "", f"Partner {p:05d}", "false", *fixed, "" if score is None else str(score),
                             "" if score is None else labels[score], why, f"Document {i}", f"{folder}{sources}/partner-{p:05d}.csv", str(i + 2)])
    if parquet:
        import pandas as pd

        frame = pd.DataFrame(rows, columns=columns)
        frame["is_consensus"] = False
        frame["score"] = pd.to_numeric(frame["score"]).astype("Int64")
        frame["source_row"] = frame["source_row"].astype("int64")
        for column in ("round", "round_date"):
            frame[column] = frame[column].astype("string")
        frame.to_parquet(path, index=False)
        return path
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
    return path


def generate(out: Path, framework: str, sheets: int, xlsx: bool = False) -> tuple[Path, Path]:
    items, top = item_ids(framework)
    base = out / "baseline"
    follow = out / "followup"
    write_round(base, items, top, sheets, 0, xlsx)
    write_round(follow, items, top, sheets, 1, xlsx)
    return base, follow


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--sheets", type=int, default=60)
    parser.add_argument("--framework", default="sel-neighbourhood", help="bundled id or file; 'sixty' for 60 items")
    parser.add_argument("--xlsx", action="store_true")
    parser.add_argument("--merged", type=int, metavar="PLACES", help="write OUT/merged.csv (and .parquet) directly "
                        "instead: --sheets partners in each of PLACES places")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    framework = args.framework
    if framework == "sixty":
        framework = str(sixty_item_framework(args.out / f"{SIXTY}.yaml"))
    if args.merged:
        for parquet in (False, True):
            out = write_merged(args.out / f"merged.{'parquet' if parquet else 'csv'}", framework, args.sheets,
                               args.merged, parquet)
            print(f"{out}: {args.sheets} partner(s) in each of {args.merged} place(s)")
        return 0
    base, follow = generate(args.out, framework, args.sheets, args.xlsx)
    print(f"{base} and {follow}: {args.sheets} sheets each of {framework}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
