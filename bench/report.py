#!/usr/bin/env python3
"""Turns gridledger-bench's JSON into a Markdown table with ratios.

usage: report.py RESULTS.json [PLOT_DATA.dat]

Ratios are computed from items_per_second of the same run:
  * Log/BufferedAppend/batch:B   over Raw/WriteBatch/batch:B
  * Log/DurableAppend/threads:N  over Raw/DurablePut/threads:N and
                                 SQLite/DurableInsert/threads:N
  * Log/ScanAll, Log/SubscriptionCatchUp over Raw/Scan
The issue-2 targets are checked at the end. When PLOT_DATA is given, a
gnuplot data file "threads raw log sqlite" (events/s) is written to it.
"""
import json
import re
import sys

TARGETS = [
    # (description, benchmark name, kind, threshold)
    ("durable single-event appends, 64 threads", "Log/DurableAppend/real_time/threads:64",
     "abs", 100_000),
    ("buffered batched appends (batch 100) vs raw WriteBatch", "Log/BufferedAppend/batch:100/real_time",
     "raw", 0.5),
    ("buffered batched appends (batch 10) vs raw WriteBatch", "Log/BufferedAppend/batch:10/real_time",
     "raw", 0.5),
    ("global read + decode (ScanAll)", "Log/ScanAll/iterations:5/real_time", "abs", 2_000_000),
]


def load(path):
    with open(path) as f:
        data = json.load(f)
    runs = {}
    for b in data["benchmarks"]:
        if b.get("run_type", "iteration") != "iteration" or b.get("error_occurred"):
            continue
        runs[b["name"]] = b
    return data.get("context", {}), runs


def baseline_of(name):
    """(raw baseline name, sqlite baseline name) for an engine benchmark."""
    m = re.match(r"(?:Log/BufferedAppend|Raw/WriteBatchIndexed)/batch:(\d+)", name)
    if m:
        return f"Raw/WriteBatch/batch:{m.group(1)}/real_time", None
    m = re.match(r"(?:Log/DurableAppend|SQLite/DurableInsert)/real_time/threads:(\d+)", name)
    if m:
        n = m.group(1)
        sqlite = f"SQLite/DurableInsert/real_time/threads:{n}" if name.startswith("Log/") else None
        return f"Raw/DurablePut/real_time/threads:{n}", sqlite
    if name.startswith("Log/ScanAll") or name.startswith("Log/SubscriptionCatchUp"):
        return "Raw/Scan/iterations:5/real_time", None
    return None, None


def fmt_rate(x):
    return f"{x:,.0f}"


def fmt_time(b):
    unit = b.get("time_unit", "ns")
    return f"{b['real_time']:,.1f} {unit}"


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    context, runs = load(sys.argv[1])
    out = []
    out.append(f"Run: {context.get('date', '?')}, {context.get('num_cpus', '?')} CPUs "
               f"@ {context.get('mhz_per_cpu', '?')} MHz, library build "
               f"{context.get('library_build_type', '?')}\n")
    out.append("| benchmark | events/s | time per iteration | × raw RocksDB | × SQLite |")
    out.append("|---|---:|---:|---:|---:|")
    for name, b in runs.items():
        ips = b.get("items_per_second")
        if ips is None:
            continue
        raw_name, sqlite_name = baseline_of(name)
        raw = runs.get(raw_name, {}).get("items_per_second") if raw_name else None
        sq = runs.get(sqlite_name, {}).get("items_per_second") if sqlite_name else None
        out.append(f"| {name} | {fmt_rate(ips)} | {fmt_time(b)} | "
                   f"{f'{ips / raw:.2f}' if raw else ''} | {f'{ips / sq:.2f}' if sq else ''} |")

    out.append("\n### Issue-2 targets\n")
    out.append("| target | measured | goal | status |")
    out.append("|---|---:|---:|---|")
    for desc, name, kind, goal in TARGETS:
        b = runs.get(name)
        if not b:
            out.append(f"| {desc} | (not run) | | unknown |")
            continue
        ips = b["items_per_second"]
        if kind == "abs":
            measured, goal_text = fmt_rate(ips) + " ev/s", fmt_rate(goal) + " ev/s"
            ok = ips >= goal
        else:
            raw = runs.get(baseline_of(name)[0], {}).get("items_per_second")
            if not raw:
                out.append(f"| {desc} | (no baseline) | | unknown |")
                continue
            measured, goal_text = f"{ips / raw:.2f}× raw", f"{goal}× raw"
            ok = ips / raw >= goal
        out.append(f"| {desc} | {measured} | ≥ {goal_text} | {'met' if ok else 'MISSED'} |")
    print("\n".join(out))

    if len(sys.argv) > 2:
        with open(sys.argv[2], "w") as f:
            f.write("# threads raw_rocksdb_sync gridledger_durable sqlite_full\n")
            for n in (1, 16, 64):
                row = [runs.get(f"{p}/real_time/threads:{n}", {}).get("items_per_second", 0)
                       for p in ("Raw/DurablePut", "Log/DurableAppend", "SQLite/DurableInsert")]
                f.write(f"{n} {row[0]:.0f} {row[1]:.0f} {row[2]:.0f}\n")


if __name__ == "__main__":
    main()
