# SPDX-License-Identifier: MIT
"""results.py - what bench/lmtp/ratios.py and bench/imap/ratios.py share: reading mailbench.py JSON lines
and reporting the leak scans."""
import json
from collections import defaultdict


def read(paths, bench):
    """Rows of kind `bench` labelled SYSTEM/nCOUNT/X/rREP, grouped by (SYSTEM, X); leakscan rows by SYSTEM."""
    runs = defaultdict(list)
    leaks = defaultdict(list)
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                parts = row.get("label", "").split("/")
                if row.get("bench") == bench and len(parts) == 4:
                    runs[(parts[0], parts[2])].append(row)
                elif row.get("bench") == "leakscan":
                    leaks[parts[0]].append(row)
    return runs, leaks


def print_leaks(leaks):
    for system, rows in sorted(leaks.items()):
        found = [(r.get("distinct_subject_canaries_found"), r.get("distinct_body_canaries_found")) for r in rows]
        print(f"leakscan {system}: distinct (subject, body) canaries found per rep = {found}")
