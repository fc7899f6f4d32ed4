#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""ratios.py - the issue 7 throughput table from bench/nodes/run.sh results.

Single nodes (labels ENGINE-1/nCOUNT/cC/rREP): the median over repetitions of msgs/s and latency per concurrency.
Two nodes (labels pg-2/nCOUNT/cC/rREP/nodeK, two mailbench processes started together): per repetition the
aggregate rate is all messages delivered by both / the longer of the two wall times; the table shows its median.
Then the ratios to one SQLite node at the same total number of connections, and the leak scans.

Usage: ratios.py RESULTS.jsonl [...]
"""
import json
import os
import statistics
import sys
from collections import defaultdict

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import results  # noqa: E402  (bench/results.py)


def main(paths):
    single, leaks = results.read(paths, "lmtp")
    pairs = defaultdict(list)
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                parts = row.get("label", "").split("/")
                if row.get("bench") == "lmtp" and len(parts) == 5:
                    pairs[(parts[0], parts[2], parts[3])].append(row)

    rates = {}
    print("| system | connections | msgs/s (median) | min..max | p50 ms | p99 ms | reps | errors |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for (system, conc), rows in sorted(single.items(), key=lambda k: (int(k[0][1][1:]), k[0][0])):
        r = [x["lmtp_msgs_per_s"] for x in rows]
        rates[(system, int(conc[1:]))] = statistics.median(r)
        print(f"| {system} | {conc[1:]} | {statistics.median(r):.1f} | {min(r):.1f}..{max(r):.1f} "
              f"| {statistics.median(x['lat_ms_p50'] for x in rows):.1f} "
              f"| {statistics.median(x['lat_ms_p99'] for x in rows):.1f} | {len(rows)} | {sum(x['errors'] for x in rows)} |")

    by_system = defaultdict(list)
    for (system, conc, _), rows in pairs.items():
        if len(rows) == 2:
            total = sum(x["delivered"] for x in rows) / max(x["wall_s"] for x in rows)
            by_system[(system, 2 * int(conc[1:]))].append((total, rows))
    for (system, conns), reps in sorted(by_system.items()):
        r = [t for t, _ in reps]
        rows = [x for _, pair in reps for x in pair]
        rates[(system, conns)] = statistics.median(r)
        print(f"| {system} (2 nodes, {conns // 2} each) | {conns} | {statistics.median(r):.1f} | {min(r):.1f}..{max(r):.1f} "
              f"| {statistics.median(x['lat_ms_p50'] for x in rows):.1f} "
              f"| {statistics.median(x['lat_ms_p99'] for x in rows):.1f} | {len(reps)} | {sum(x['errors'] for x in rows)} |")
    print()
    for (system, conns), rate in sorted(rates.items()):
        base = rates.get(("sqlite-1", conns))
        if system != "sqlite-1" and base:
            print(f"{system} / sqlite-1 at {conns} connections: {rate / base:.2f}x")
    results.print_leaks(leaks)


if __name__ == "__main__":
    main(sys.argv[1:])
