#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""ratios.py - the issue 3 delivery table and goal ratios from bench/lmtp/run.sh results.

Reads mailbench.py JSON lines (labels SYSTEM/nCOUNT/cC/rREP), takes the median over repetitions
of msgs/s, p50 and p99 latency per system and concurrency, and the CPU the system under test spent per message
(host CPU busy over the run, less mailbench's own CPU and foreign processes': the machine's cores are shared with
the client, so throughput alone hides how much work each system does), prints a Markdown table, then:
  goal 1: lockbox-enc msgs/s / dovecot-crypt msgs/s   (>= 3)
  goal 2: 1 - lockbox-enc msgs/s / lockbox-clear msgs/s   (encryption overhead, <= 25%)
and the leak scan results of the Lockbox data directories.

Usage: ratios.py RESULTS.jsonl [...] [--compact OUT.jsonl]
  --compact  also write the env, lmtp and leakscan rows without their bulky example lists
             (the raw file holds every leaking path of the cleartext control: too big to commit)
"""
import json
import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import results  # noqa: E402  (bench/results.py)

SYSTEMS = ["lockbox-enc", "lockbox-clear", "dovecot-crypt", "dovecot-plain"]


def compact(paths, out):
    with open(out, "w", encoding="utf-8") as w:
        for path in paths:
            with open(path, encoding="utf-8") as f:
                for line in f:
                    row = json.loads(line)
                    if row.get("bench") in ("env", "lmtp", "leakscan"):
                        row.pop("examples", None)
                        row.pop("leaking_file_classes", None)
                        w.write(json.dumps(row) + "\n")


def cores(paths):
    """The measured machine's core count, from the run's env row."""
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                if row.get("bench") == "env" and "nproc" in row:
                    return int(row["nproc"])
    return os.cpu_count()


def server_cpu_ms(row, ncores):
    """CPU of the system under test per delivered message: every busy core-second that is not the client's or foreign."""
    busy = row["host_cpu_busy_pct"] / 100 * ncores * row["wall_s"]
    return (busy - row["client_cpu_s"] - row["foreign_cpu_s"]) / row["delivered"] * 1000


def main(paths):
    runs, leaks = results.read(paths, "lmtp")
    ncores = cores(paths)

    concs = sorted({c for (_, c) in runs}, key=lambda c: int(c[1:]))
    med = {}
    cpu = {}
    print("| system | C | msgs/s (median) | min..max | p50 ms | p99 ms | server CPU ms/msg | reps | errors |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for conc in concs:
        for system in SYSTEMS:
            rows = runs.get((system, conc))
            if not rows:
                continue
            rates = [r["lmtp_msgs_per_s"] for r in rows]
            med[(system, conc)] = statistics.median(rates)
            cpu[(system, conc)] = statistics.median(server_cpu_ms(r, ncores) for r in rows)
            print(f"| {system} | {conc[1:]} | {statistics.median(rates):.1f} | {min(rates):.1f}..{max(rates):.1f} "
                  f"| {statistics.median(r['lat_ms_p50'] for r in rows):.1f} "
                  f"| {statistics.median(r['lat_ms_p99'] for r in rows):.1f} "
                  f"| {cpu[(system, conc)]:.2f} | {len(rows)} "
                  f"| {sum(r['errors'] for r in rows)} |")
    print()
    for conc in concs:
        enc, clear, crypt = (med.get((s, conc)) for s in ("lockbox-enc", "lockbox-clear", "dovecot-crypt"))
        if enc and crypt:
            ratio = enc / crypt
            print(f"C={conc[1:]}: lockbox-enc / dovecot-crypt = {ratio:.2f}x (goal >= 3: {'met' if ratio >= 3 else 'NOT met'}); "
                  f"CPU per message, dovecot-crypt / lockbox-enc = {cpu[('dovecot-crypt', conc)] / cpu[('lockbox-enc', conc)]:.2f}x")
        if enc and clear:
            overhead = 1 - enc / clear
            print(f"C={conc[1:]}: encryption overhead 1 - enc/clear = {overhead * 100:.1f}% "
                  f"(goal <= 25%: {'met' if overhead <= 0.25 else 'NOT met'})")
    results.print_leaks(leaks)


if __name__ == "__main__":
    args = sys.argv[1:]
    if "--compact" in args:
        i = args.index("--compact")
        compact(args[:i] + args[i + 2:], args[i + 1])
        args = args[:i] + args[i + 2:]
    main(args)
