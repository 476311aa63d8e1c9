#!/usr/bin/env python3
"""Turns gridledger-bench's JSON into the Markdown performance report and
gnuplot data files.

usage: report.py RESULTS.json [PLOT_DIR]

Every ratio is computed from figures of the same run (items_per_second, or
latency counters): GridLedger over raw RocksDB writing/reading the same
bytes (the practical ceiling), over SQLite with the same durability, and
over PostgreSQL when that baseline ran. The issue's targets are checked at
the end. With PLOT_DIR, data files for bench/plots.gnuplot are written
there (concurrency.dat, batch.dat, size.dat, latency.dat, growth.dat).
"""
import json
import os
import re
import sys

THREADS = (1, 4, 16, 64, 256)
BATCHES = (1, 10, 100, 1000)
SIZES = (100, 1024, 4096, 16384)


def parse_name(name):
    """'Raw/DurablePut/real_time/threads:16' -> ('Raw/DurablePut', {'threads': 16})."""
    family, params = [], {}
    for part in name.split("/"):
        if ":" in part:
            k, v = part.split(":", 1)
            params[k] = int(v) if v.isdigit() else v
        elif part != "real_time":
            family.append(part)
    return "/".join(family), params


class Runs:
    def __init__(self, path):
        with open(path) as f:
            data = json.load(f)
        self.context = data.get("context", {})
        repeated = {}
        for b in data["benchmarks"]:
            if b.get("run_type", "iteration") != "iteration" or b.get("error_occurred"):
                continue
            family, params = parse_name(b["name"])
            params.pop("iterations", None)
            params.pop("repeats", None)
            repeated.setdefault((family, tuple(sorted(params.items()))), []).append(b)
        # Repeated runs (--benchmark_repetitions or Repetitions()): every
        # number is the median over the repetitions; "<name>_min" and
        # "<name>_max" keep the spread, "repetitions" the count.
        self.by_key = {}
        for key, runs in repeated.items():
            merged = dict(runs[-1])
            if len(runs) > 1:
                for field, v in runs[-1].items():
                    if isinstance(v, (int, float)) and not isinstance(v, bool):
                        values = sorted(r[field] for r in runs if field in r)
                        merged[field] = values[len(values) // 2]
                        merged[field + "_min"], merged[field + "_max"] = values[0], values[-1]
                merged["repetitions"] = len(runs)
            self.by_key[key] = merged

    def get(self, family, **params):
        return self.by_key.get((family, tuple(sorted(params.items()))))

    def value(self, family, counter="items_per_second", **params):
        b = self.get(family, **params)
        if b is None:
            return None
        return b.get(counter)

    def families(self, prefix):
        return sorted({f for f, _ in self.by_key if f.startswith(prefix)})


def rate(x):
    return "" if x is None else f"{x:,.0f}"


def ratio(a, b):
    return "" if not a or not b else f"{a / b:.2f}"


def us(x):
    if x is None:
        return ""
    return f"{x / 1000:,.2f} ms" if x >= 1000 else f"{x:,.0f} µs"


def table(out, header, rows):
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|")
    for r in rows:
        out.append("| " + " | ".join(str(c) for c in r) + " |")
    out.append("")


def growth_levels(runs):
    return sorted({dict(p).get("stored") for f, p in runs.by_key if f == "Growth/Fill"})


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    runs = Runs(sys.argv[1])
    plot_dir = sys.argv[2] if len(sys.argv) > 2 else None
    have_pg = bool(runs.families("PostgreSQL/"))
    ctx = runs.context
    out = [f"Run: {ctx.get('date', '?')}, {ctx.get('num_cpus', '?')} CPUs "
           f"@ {ctx.get('mhz_per_cpu', '?')} MHz.\n"]

    # ---- headline --------------------------------------------------------
    d64 = runs.value("Log/DurableAppend", threads=64)
    raw64 = runs.value("Raw/DurablePut", threads=64)
    sq64 = runs.value("SQLite/DurableInsert", threads=64)
    pg64 = runs.value("PostgreSQL/DurableInsert", threads=64)
    b100 = runs.value("Log/BufferedAppend", batch=100)
    rb100 = runs.value("Raw/WriteBatch", batch=100)
    ol = runs.get("OpenLoop/Log/DurableAppend", rate=50000)
    ol_async = runs.get("OpenLoop/Log/DurableAppendAsync", rate=50000)
    olraw = runs.get("OpenLoop/Raw/DurablePut", rate=50000)
    scan = runs.value("Log/ScanAll")
    rawscan = runs.value("Raw/Scan")
    out.append("### Headline\n")
    rows = [
        ["durable appends, 64 threads (events/s)", rate(d64), ratio(d64, raw64), ratio(d64, sq64),
         ratio(d64, pg64) if have_pg else "not run"],
        ["buffered appends, batch 100 (events/s)", rate(b100), ratio(b100, rb100),
         ratio(b100, runs.value("SQLite/BufferedInsertBatch", batch=100)), ""],
        ["global read + decode (events/s)", rate(scan), ratio(scan, rawscan), "", ""],
    ]
    for label, b in (("Append, 256 threads", ol), ("AppendAsync", ol_async)):
        if b:
            rows.append([f"p99 durable latency at 50,000 events/s offered ({label})",
                         us(b.get("p99_us")),
                         f"raw p99 {us(olraw.get('p99_us'))}" if olraw else "", "", ""])
    table(out, ["figure", "GridLedger", "× raw RocksDB", "× SQLite", "× PostgreSQL"], rows)

    # ---- throughput sweeps ----------------------------------------------------
    out.append("### Append throughput vs batch size (one caller)\n")
    rows = []
    for n in BATCHES:
        raw = runs.value("Raw/WriteBatch", batch=n)
        idx = runs.value("Raw/WriteBatchIndexed", batch=n)
        log = runs.value("Log/BufferedAppend", batch=n)
        sqb = runs.value("SQLite/BufferedInsertBatch", batch=n)
        rawd = runs.value("Raw/DurableWriteBatch", batch=n)
        sqd = runs.value("SQLite/DurableInsertBatch", batch=n)
        logd = runs.value("Log/DurableAppendBatch", batch=n)
        rows.append([n, rate(raw), rate(idx), rate(sqb), rate(log), ratio(log, raw), ratio(log, sqb),
                     rate(rawd), rate(sqd), rate(logd), ratio(logd, rawd), ratio(logd, sqd)])
    table(out, ["batch", "buffered: raw", "raw + index rows", "SQLite (sync off)",
                "GridLedger", "× raw", "× SQLite", "durable: raw sync", "SQLite (FULL)",
                "GridLedger", "× raw", "× SQLite"], rows)

    def comparison_table(title, first_header, points):
        """Buffered raw vs GridLedger and durable raw/SQLite/PostgreSQL vs
        GridLedger, one row per point: (label, buffered raw, buffered log,
        durable raw, SQLite, PostgreSQL, durable log)."""
        out.append(title)
        rows = []
        for label, rb, lb, rd, sq, pg, ld in points:
            row = [label, rate(rb), rate(lb), ratio(lb, rb), rate(rd), rate(sq)]
            if have_pg:
                row.append(rate(pg))
            row += [rate(ld), ratio(ld, rd), ratio(ld, sq)]
            if have_pg:
                row.append(ratio(ld, pg))
            rows.append(row)
        header = [first_header, "buffered: raw", "buffered: GridLedger", "× raw",
                  "durable: raw sync", "durable: SQLite"]
        if have_pg:
            header.append("durable: PostgreSQL")
        header += ["durable: GridLedger", "× raw", "× SQLite"]
        if have_pg:
            header.append("× PostgreSQL")
        table(out, header, rows)

    comparison_table(
        "### Append throughput vs concurrent appenders (one event per call)\n", "threads",
        [(n, runs.value("Raw/BufferedPut", threads=n),
          runs.value("Log/BufferedAppendConcurrent", threads=n),
          runs.value("Raw/DurablePut", threads=n),
          runs.value("SQLite/DurableInsert", threads=n),
          runs.value("PostgreSQL/DurableInsert", threads=n),
          runs.value("Log/DurableAppend", threads=n)) for n in THREADS])

    def stored_size(s):
        b = runs.get("Log/BufferedAppendSized", bytes=s)
        return int(b["event_bytes"]) if b and "event_bytes" in b else s

    comparison_table(
        "### Append throughput vs event size "
        "(buffered: batches of 10, one caller; durable: 16 threads)\n", "event (stored bytes)",
        [(f"{stored_size(s):,} B", runs.value("Raw/WriteBatchSized", bytes=s),
          runs.value("Log/BufferedAppendSized", bytes=s),
          runs.value("Raw/DurablePutSized", bytes=s, threads=16),
          runs.value("SQLite/DurableInsertSized", bytes=s, threads=16),
          runs.value("PostgreSQL/DurableInsertSized", bytes=s, threads=16),
          runs.value("Log/DurableAppendSized", bytes=s, threads=16)) for s in SIZES])

    # ---- open-loop latency ------------------------------------------------------
    out.append("### Durable append latency at fixed offered loads (open loop)\n")
    rates = sorted({dict(p)["rate"] for f, p in runs.by_key if f.startswith("OpenLoop/")})
    systems = [("GridLedger, Append from 256 threads", "OpenLoop/Log/DurableAppend"),
               ("GridLedger, AppendAsync from 1 thread", "OpenLoop/Log/DurableAppendAsync"),
               ("raw RocksDB, sync Put from 256 threads", "OpenLoop/Raw/DurablePut")]
    if runs.families("OpenLoop/PostgreSQL"):
        systems.append(("PostgreSQL", "OpenLoop/PostgreSQL/DurableInsert"))
    rows = []
    for r in rates:
        for label, fam in systems:
            b = runs.get(fam, rate=r)
            if not b:
                continue
            spread = (f"{us(b.get('p99_us_min'))} – {us(b.get('p99_us_max'))}"
                      if "p99_us_min" in b else "")
            rows.append([f"{r:,}", label, rate(b.get("achieved_per_s")), us(b.get("p50_us")),
                         us(b.get("p99_us")), spread, us(b.get("p999_us")), us(b.get("max_us")),
                         b.get("repetitions", 1), int(b.get("errors", 0))])
    table(out, ["offered events/s", "system", "achieved/s", "p50", "p99", "p99 range",
                "p99.9", "max", "runs", "errors"], rows)

    # ---- reads -------------------------------------------------------------------
    out.append("### Read paths (200,000 stored events)\n")
    rows = []
    for fam, what in [("Raw/Scan", "raw RocksDB iteration, no decoding"),
                      ("Codec/Decode", "decode one event held in memory"),
                      ("Log/ScanAll", "global read + decode"),
                      ("Log/ScanViews", "global read, envelopes in place"),
                      ("Log/Verify", "the whole chain checked"),
                      ("Log/SubscriptionCatchUp", "new subscription catching up"),
                      ("Log/SubscriptionViewCatchUp", "the same through views"),
                      ("Log/ReadStream", "one 20-event stream (events/s)"),
                      ("Log/ReadStreamLast", "last event of a random stream"),
                      ("Engine/Rebuild", "rebuild every read model (demo log)"),
                      ("Engine/LogIteration", "iterate the demo log (decode only)")]:
        b = runs.get(fam)
        if not b:
            continue
        v = b.get("items_per_second")
        whole_log = "x_raw_paired" in b
        # x_raw_paired: the median of each pass over a raw pass run just
        # before it (bench/gridledger_bench.cc, PairedWithRaw).
        rows.append([fam, what, rate(v), ratio(v, rawscan) if whole_log else "",
                     f"{b['x_raw_paired']:.2f}" if whole_log else ""])
    table(out, ["benchmark", "what", "events/s", "× raw scan", "× raw, paired"], rows)

    rows = []
    for fam, what in [("Engine/CaseViewLookup", "resident: case by number + query code"),
                      ("Engine/GetCase", "worker: case view"),
                      ("Engine/WorkQueue", "worker: grid work queue")]:
        b = runs.get(fam)
        if b:
            rows.append([fam, what, rate(b.get("items_per_second")), us(b.get("p50_us")),
                         us(b.get("p99_us")), us(b.get("p999_us"))])
    if rows:
        out.append("### Queries on the read models (demo community, 60 days)\n")
        table(out, ["benchmark", "what", "queries/s", "p50", "p99", "p99.9"], rows)

    # ---- growth ------------------------------------------------------------------
    levels = growth_levels(runs)
    growth_rows = []
    if levels:
        out.append("### Growth: the same figures as the log grows\n")
        fams = [("Growth/Fill", "bulk load (events/s)", {}),
                ("Growth/BufferedAppend", "buffered appends, batch 100 (events/s)", {}),
                ("Growth/DurableAppend", "durable appends, 16 threads (events/s)", {"threads": 16}),
                ("Growth/ReadStream", "read a random 20-event stream (reads/s)", {}),
                ("Growth/ReadStreamLast", "last event of a random stream (reads/s)", {}),
                ("Growth/ReadEvent", "one event by id (reads/s)", {}),
                ("Growth/ReadStreamRecent", "read a recent 20-event stream (reads/s)", {}),
                ("Growth/ReadEventRecent", "one recent event by id (reads/s)", {})]
        rows = []
        for fam, what, extra in fams:
            counter = "reads_per_s" if "Read" in fam else "items_per_second"
            vals = [runs.value(fam, counter, stored=l, **extra) for l in levels]
            change = (f"{(vals[-1] / vals[0] - 1) * 100:+.0f}%"
                      if len(vals) > 1 and vals[0] and vals[-1] else "")
            rows.append([what] + [rate(v) for v in vals] + [change])
        for counter, what, fmt in [("p99_us", "p99 of a random stream read", us),
                                   ("bytes_per_event", "bytes on disk per event after compaction",
                                    lambda x: "" if x is None else f"{x:,.0f}"),
                                   ("rss_mib", "process memory (RSS, MiB)",
                                    lambda x: "" if x is None else f"{x:,.0f}")]:
            fam = "Growth/ReadStream" if counter == "p99_us" else "Growth/Storage"
            vals = [runs.value(fam, counter, stored=l) for l in levels]
            rows.append([what] + [fmt(v) for v in vals] + [""])
        table(out, ["at stored events"] + [f"{l:,}" for l in levels] + ["first → last"], rows)
        for l in levels:
            growth_rows.append((l, [runs.value(f, "reads_per_s" if "Read" in f else
                                               "items_per_second", stored=l, **x)
                                    for f, _, x in fams]))

    mem = runs.get("Engine/Memory")
    if mem:
        out.append(f"Read models in memory (demo community): {mem.get('engine_heap_mib', 0):,.1f} MiB "
                   f"of heap for {mem.get('cases', 0):,.0f} cases and "
                   f"{mem.get('stored_events', 0):,.0f} events, about "
                   f"{mem.get('heap_bytes_per_case', 0):,.0f} bytes per case.\n")

    # ---- realistic mix -----------------------------------------------------------
    deriv = runs.get("Mix/Derivation")
    mix_rows = []
    for x in sorted({dict(p).get("x") for f, p in runs.by_key if f == "Mix/Engine/OpenLoop"}):
        b = runs.get("Mix/Engine/OpenLoop", x=x)
        mix_rows.append([f"{x}× peak, open loop", rate(b.get("offered_per_s")),
                         rate(b.get("achieved_per_s")), rate(b.get("events_per_s")),
                         us(b.get("p50_us")), us(b.get("p99_us")), us(b.get("p999_us")),
                         int(b.get("errors", 0))])
    cap = runs.get("Mix/Engine/Capacity")
    if cap:
        mix_rows.append([f"capacity ({cap.get('callers', 0):.0f} callers, closed loop)", "",
                         rate(cap.get("commands_per_s")), rate(cap.get("events_per_s")),
                         us(cap.get("p50_us")), us(cap.get("p99_us")), us(cap.get("p999_us")),
                         int(cap.get("errors", 0))])
    if mix_rows:
        out.append("### Realistic mix: the demo community's commands at 100× a large city's peak\n")
        if deriv:
            out.append(
                f"The demo community ({deriv.get('demo_residents', 0):,.0f} residents) appends "
                f"{deriv.get('demo_events_per_day', 0):,.0f} events a day "
                f"({deriv.get('events_per_resident_day', 0):.4f} per resident); its busiest hour "
                f"({deriv.get('peak_hour', 0):.0f}:00) carries {deriv.get('peak_hour_share', 0) * 100:.1f}% "
                f"of them. A city of {deriv.get('residents', 0):,.0f} residents therefore peaks at "
                f"{deriv.get('city_peak_events_per_s', 0):,.1f} events/s; 100× that is "
                f"**{deriv.get('target_events_per_s', 0):,.0f} events/s** "
                f"({deriv.get('target_commands_per_s', 0):,.0f} commands/s, "
                f"{deriv.get('mix_events_per_command', 0):.2f} events per command).\n")
        table(out, ["run", "offered commands/s", "achieved commands/s", "events/s", "p50", "p99",
                    "p99.9", "errors"], mix_rows)
        if cap and cap.get("headroom"):
            out.append(f"Headroom at 100× the city's peak: **{cap['headroom']:.1f}×** "
                       f"(capacity events/s over the target).\n")

    # ---- targets -------------------------------------------------------------------
    out.append("### Targets\n")
    rows = []

    def check(desc, measured_text, goal_text, ok):
        status = "unknown" if ok is None else ("met" if ok else "MISSED")
        rows.append([desc, measured_text, goal_text, status])

    best = None
    for n in THREADS:
        ld, rd = runs.value("Log/DurableAppend", threads=n), runs.value("Raw/DurablePut", threads=n)
        if ld and rd:
            best = min(best or 1e9, ld / rd)
    check("durable appends vs raw RocksDB group commit (worst thread count)",
          "" if best is None else f"{best:.2f}×", "≥ 0.5×", None if best is None else best >= 0.5)
    for n in (16, 64, 256):
        ld, sq = runs.value("Log/DurableAppend", threads=n), runs.value("SQLite/DurableInsert", threads=n)
        r = ld / sq if ld and sq else None
        check(f"durable appends vs SQLite with the same durability, {n} threads",
              "" if r is None else f"{r:.1f}×", "≥ 10×", None if r is None else r >= 10)
    for label, b in (("Append from 256 threads", ol), ("AppendAsync", ol_async)):
        p99 = b.get("p99_us") if b else None
        check(f"p99 durable append latency at 50,000 events/s offered, {label}", us(p99),
              "≤ 5 ms", None if p99 is None else p99 <= 5000)
    if len(levels) >= 2:
        # The span: 1 M to 10 M stored events (or the nearest levels run).
        lo = next((l for l in levels if l >= 1_000_000), levels[0])
        hi = next((l for l in levels if l >= 10_000_000), levels[-1])
        for label, fams in (("uniformly over the whole log",
                             ("Growth/ReadStream", "Growth/ReadStreamLast", "Growth/ReadEvent")),
                            ("over the latest 1 M events",
                             ("Growth/ReadStreamRecent", "Growth/ReadEventRecent"))):
            worst = None
            for fam in fams:
                a = runs.value(fam, "reads_per_s", stored=lo)
                b = runs.value(fam, "reads_per_s", stored=hi)
                if a and b:
                    change = abs(b / a - 1)
                    worst = change if worst is None else max(worst, change)
            if worst is not None:
                check(f"read throughput from {lo:,} to {hi:,} stored events, reads {label} "
                      "(largest change)", f"{worst * 100:.0f}%", "within 20%", worst <= 0.2)
    table(out, ["target", "measured", "goal", "status"], rows)
    print("\n".join(out))

    # ---- plot data -------------------------------------------------------------------
    if plot_dir:
        os.makedirs(plot_dir, exist_ok=True)

        def write(name, header, data):
            with open(os.path.join(plot_dir, name), "w") as f:
                f.write("# " + " ".join(header) + "\n")
                for row in data:
                    f.write(" ".join("NaN" if v is None else f"{v:.6g}" for v in row) + "\n")

        write("concurrency.dat", ["threads", "raw_buffered", "log_buffered", "raw_durable",
                                  "sqlite", "postgresql", "log_durable"],
              [[n, runs.value("Raw/BufferedPut", threads=n),
                runs.value("Log/BufferedAppendConcurrent", threads=n),
                runs.value("Raw/DurablePut", threads=n),
                runs.value("SQLite/DurableInsert", threads=n),
                runs.value("PostgreSQL/DurableInsert", threads=n),
                runs.value("Log/DurableAppend", threads=n)] for n in THREADS])
        write("batch.dat", ["batch", "raw", "raw_indexed", "log", "sqlite_buffered", "raw_durable",
                            "sqlite_durable", "log_durable"],
              [[n, runs.value("Raw/WriteBatch", batch=n),
                runs.value("Raw/WriteBatchIndexed", batch=n),
                runs.value("Log/BufferedAppend", batch=n),
                runs.value("SQLite/BufferedInsertBatch", batch=n),
                runs.value("Raw/DurableWriteBatch", batch=n),
                runs.value("SQLite/DurableInsertBatch", batch=n),
                runs.value("Log/DurableAppendBatch", batch=n)] for n in BATCHES])
        write("size.dat", ["bytes", "raw_buffered", "log_buffered", "raw_durable", "sqlite",
                           "postgresql", "log_durable"],
              [[(runs.value("Log/BufferedAppendSized", "event_bytes", bytes=s) or s),
                runs.value("Raw/WriteBatchSized", bytes=s),
                runs.value("Log/BufferedAppendSized", bytes=s),
                runs.value("Raw/DurablePutSized", bytes=s, threads=16),
                runs.value("SQLite/DurableInsertSized", bytes=s, threads=16),
                runs.value("PostgreSQL/DurableInsertSized", bytes=s, threads=16),
                runs.value("Log/DurableAppendSized", bytes=s, threads=16)] for s in SIZES])
        lat = []
        for r in rates:
            row = [r]
            for fam in ("OpenLoop/Log/DurableAppend", "OpenLoop/Raw/DurablePut",
                        "OpenLoop/PostgreSQL/DurableInsert", "OpenLoop/Log/DurableAppendAsync"):
                b = runs.get(fam, rate=r) or {}
                row += [b.get("p50_us"), b.get("p99_us"), b.get("p999_us")]
            lat.append(row)
        write("latency.dat", ["offered", "log_p50", "log_p99", "log_p999", "raw_p50", "raw_p99",
                              "raw_p999", "pg_p50", "pg_p99", "pg_p999", "async_p50", "async_p99",
                              "async_p999"], lat)
        write("growth.dat", ["stored", "fill", "buffered", "durable16", "read_stream",
                             "read_last", "read_event", "read_stream_recent",
                             "read_event_recent"],
              [[l] + vals for l, vals in growth_rows])


if __name__ == "__main__":
    main()
