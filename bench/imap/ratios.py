#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""ratios.py - issue 4's IMAP table and goal ratios from bench/imap/run.sh results.

Reads mailbench.py JSON lines (imap rows labelled SYSTEM/nCOUNT/PASS/rREP, PASS = cold|warm), takes
medians over repetitions, prints a Markdown table per pass, then the goals (Lockbox encrypted against
Dovecot with mail_crypt):
  login + SELECT + UID FETCH 1:* (FLAGS ENVELOPE), cold and warm   lockbox <= dovecot
  BODY.PEEK[] throughput in MB/s                                   lockbox >= dovecot
  UID SEARCH SUBJECT w / BODY w (runs 1 and 2)                     dovecot / lockbox >= 10
and the leak scan of the Lockbox data directory.

Usage: ratios.py RESULTS.jsonl [...]
"""
import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import results  # noqa: E402  (bench/results.py)

LOCKBOX, DOVECOT = "lockbox-enc", "dovecot-crypt"
COLUMNS = [
    ("login ms", lambda r: r["login_ms_median"]),
    ("SELECT ms", lambda r: r["select_ms"]),
    ("FETCH ENVELOPE ms (1st / 2nd)", lambda r: (r["fetch_envelope_ms_1"], r["fetch_envelope_ms_2"])),
    ("login+SELECT+ENVELOPE ms", lambda r: r["login_ms_median"] + r["select_ms"] + r["fetch_envelope_ms_1"]),
    ("FETCH BODYSTRUCTURE ms (1st / 2nd)", lambda r: (r["fetch_bodystructure_ms_1"], r["fetch_bodystructure_ms_2"])),
    ("BODY.PEEK[] MB/s", lambda r: r["body_fetch_mb_per_s"]),
    ("SEARCH SUBJECT ms (1st / 2nd)", lambda r: (r["search_subject_ms_1"], r["search_subject_ms_2"])),
    ("SEARCH BODY ms (1st / 2nd)", lambda r: (r["search_body_ms_1"], r["search_body_ms_2"])),
    ("identical / mismatches / missing", lambda r: (r["identical"], r["mismatches"], r["missing"])),
]


def median(values):
    first = values[0]
    if isinstance(first, tuple):
        return tuple(statistics.median(v[i] for v in values) for i in range(len(first)))
    return statistics.median(values)


def show(value):
    if isinstance(value, tuple):
        return " / ".join(show(v) for v in value)
    return f"{value:.1f}" if isinstance(value, float) else str(value)


def main(paths):
    runs, leaks = results.read(paths, "imap")

    med = {}
    for phase in ("cold", "warm"):
        print(f"### {phase} pass\n")
        print("| system | " + " | ".join(name for name, _ in COLUMNS) + " | reps |")
        print("|---" * (len(COLUMNS) + 2) + "|")
        for system in sorted({s for (s, p) in runs if p == phase}):
            rows = runs[(system, phase)]
            values = [median([get(r) for r in rows]) for _, get in COLUMNS]
            med[(system, phase)] = dict(zip((name for name, _ in COLUMNS), values))
            print(f"| {system} | " + " | ".join(show(v) for v in values) + f" | {len(rows)} |")
        print()

    def goal(text, ratio, met):
        print(f"{text}: {ratio:.2f}x ({'met' if met else 'NOT met'})")

    for phase in ("cold", "warm"):
        ours, theirs = med.get((LOCKBOX, phase)), med.get((DOVECOT, phase))
        if not ours or not theirs:
            continue
        key = "login+SELECT+ENVELOPE ms"
        goal(f"{phase}: login+SELECT+FETCH ENVELOPE, lockbox/dovecot time (goal <= 1)",
             ours[key] / theirs[key], ours[key] <= theirs[key])
        key = "BODY.PEEK[] MB/s"
        goal(f"{phase}: BODY.PEEK[] throughput, lockbox/dovecot (goal >= 1)", ours[key] / theirs[key], ours[key] >= theirs[key])
        for search in ("SEARCH SUBJECT ms (1st / 2nd)", "SEARCH BODY ms (1st / 2nd)"):
            for run in (0, 1):
                ratio = theirs[search][run] / max(ours[search][run], 0.001)
                goal(f"{phase}: {search.split(' ms')[0]} run {run + 1}, dovecot/lockbox time (goal >= 10)", ratio, ratio >= 10)
    results.print_leaks(leaks)


if __name__ == "__main__":
    main(sys.argv[1:])
