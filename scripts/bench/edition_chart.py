#!/usr/bin/env python3
"""edition_chart.py — compile and generation time against actions, as text charts.

    scripts/bench/edition_chart.py [--check NAME=WORKSPACE:TIMINGS.html ...]
                                   [--generation LABEL=ACTIONS:SECONDS ...]

--check: a whole-edition `cargo check --timings` (cargo's HTML report) of the generated
  workspace WORKSPACE (its `generated/<crate>/src/<version>/operation/*.rs` give the
  actions of each crate). Each generated crate's check time is read from the report
  (`UNIT_DATA`: the wall time of its rustc, dependencies already built when the crates
  were touched before the run); the crates are grouped by actions, and the chart shows
  the mean seconds per crate of each group beside the other editions', then a table of
  seconds per action by group and the largest crates.
--generation: a measured import + generation (wall seconds) of ACTIONS actions, drawn
  as one bar each, in the order given, with milliseconds per action.

Prints Markdown (code blocks for the charts), to paste into BENCHMARKS.md. Only reads.
"""

import argparse
import json
import re
import sys
from pathlib import Path

# Upper bounds of the groups of crates by actions (the last takes the rest).
GROUPS = [10, 25, 50, 100, 200, 400]
WIDTH = 44


def unit_durations(report: Path) -> dict:
    """Check seconds of each unit of a cargo timings report, by crate name."""
    text = report.read_text(encoding="utf-8")
    found = re.search(r"const UNIT_DATA = (\[.*?\]);\n", text, re.S)
    if not found:
        sys.exit(f"{report}: no UNIT_DATA (not a cargo --timings report?)")
    units = json.loads(found.group(1))
    # A crate's library, checked: its other units (tests, build scripts) are left out.
    return {u["name"]: float(u["duration"]) for u in units if u.get("target", "").strip() in ("", "(check)")}


def actions_by_crate(workspace: Path) -> dict:
    """Actions of each generated crate: its operation modules, every version."""
    counts = {}
    for manifest in sorted((workspace / "generated").glob("*/Cargo.toml")):
        crate = manifest.parent
        name = re.search(r'^name = "([^"]+)"', manifest.read_text(encoding="utf-8"), re.M)
        ops = [p for p in crate.glob("src/*/operation/*.rs") if p.name != "mod.rs"]
        if name and ops:
            counts[name.group(1)] = len(ops)
    return counts


def group_of(actions: int) -> str:
    """The label of the group of a crate of `actions` actions, as `11-25`."""
    low = 1
    for high in GROUPS:
        if actions <= high:
            return f"{low}-{high}"
        low = high + 1
    return f"{low}+"


def group_labels() -> list:
    """The labels of every group, smallest first."""
    labels, low = [], 1
    for high in GROUPS:
        labels.append(f"{low}-{high}")
        low = high + 1
    return labels + [f"{low}+"]


def bar(value: float, scale: float) -> str:
    """A bar of `value / scale` characters, at least one for a value above zero."""
    n = max(1, round(value / scale)) if value > 0 else 0
    return "#" * n


def main() -> None:
    """Reads the arguments and prints the charts and tables."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="append", default=[], metavar="NAME=WORKSPACE:TIMINGS")
    parser.add_argument("--generation", action="append", default=[], metavar="LABEL=ACTIONS:SECONDS")
    args = parser.parse_args()

    editions = []
    for spec in args.check:
        name, _, rest = spec.partition("=")
        workspace, _, report = rest.partition(":")
        if not (name and workspace and report):
            sys.exit(f"--check {spec!r}: expected NAME=WORKSPACE:TIMINGS.html")
        durations = unit_durations(Path(report))
        crates = []
        for crate, actions in actions_by_crate(Path(workspace)).items():
            if crate in durations:
                crates.append((crate, actions, durations[crate]))
        if not crates:
            sys.exit(f"{report}: none of the crates of {workspace} was checked in this report")
        editions.append((name, crates))

    if editions:
        print("Check time of one generated crate by its number of actions (mean wall seconds of its")
        print("rustc per crate in the group; `n` crates):")
        print()
        print("```")
        means = {}
        for name, crates in editions:
            for label in group_labels():
                members = [c for c in crates if group_of(c[1]) == label]
                if members:
                    means[(name, label)] = (sum(c[2] for c in members) / len(members), len(members))
        top = max(m for m, _ in means.values())
        scale = top / WIDTH
        pad = max(len(n) for n, _ in editions)
        for label in group_labels():
            first = True
            for name, _ in editions:
                if (name, label) not in means:
                    continue
                mean, n = means[(name, label)]
                head = f"{label:>8}" if first else " " * 8
                print(f"{head} {name:<{pad}} | {bar(mean, scale):<{WIDTH}} {mean:6.1f} s  (n={n})")
                first = False
        print("```")
        print()
        print("| actions per crate | " + " | ".join(f"{n}: crates, actions, check s, s per action" for n, _ in editions) + " |")
        print("|---|" + "---:|" * len(editions))
        for label in group_labels():
            cells = []
            for name, crates in editions:
                members = [c for c in crates if group_of(c[1]) == label]
                if not members:
                    cells.append("")
                    continue
                actions = sum(c[1] for c in members)
                seconds = sum(c[2] for c in members)
                cells.append(f"{len(members)}, {actions:,}, {seconds:,.0f}, {seconds / actions:.3f}")
            print(f"| {label} | " + " | ".join(cells) + " |")
        cells = []
        for name, crates in editions:
            actions = sum(c[1] for c in crates)
            seconds = sum(c[2] for c in crates)
            cells.append(f"**{len(crates)}, {actions:,}, {seconds:,.0f}, {seconds / actions:.3f}**")
        print("| all | " + " | ".join(cells) + " |")
        print()
        for name, crates in editions:
            largest = sorted(crates, key=lambda c: -c[1])[:5]
            text = ", ".join(f"{c[0].removeprefix('tencentcloud-')} {c[1]} actions {c[2]:.1f} s" for c in largest)
            print(f"Largest crates, {name}: {text}.")
        print()

    if args.generation:
        points = []
        for spec in args.generation:
            label, _, rest = spec.partition("=")
            actions, _, seconds = rest.partition(":")
            try:
                point = (label, int(actions), float(seconds))
            except ValueError:
                point = None
            if point is None or point[1] <= 0:
                sys.exit(f"--generation {spec!r}: expected LABEL=ACTIONS:SECONDS, with ACTIONS above 0")
            points.append(point)
        print("Import and generation (wall seconds) by number of actions:")
        print()
        print("```")
        scale = max(p[2] for p in points) / WIDTH
        pad = max(len(p[0]) for p in points)
        for label, actions, seconds in points:
            per = seconds / actions * 1000
            print(f"{label:<{pad}} {actions:>6,} | {bar(seconds, scale):<{WIDTH}} {seconds:5.1f} s  {per:.2f} ms/action")
        print("```")


if __name__ == "__main__":
    main()
