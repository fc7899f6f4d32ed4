#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# bench/load/run.sh - issue 8's load test in full (docs/decisions/0034): a Release `lockbox serve` on loopback with 50
# encrypted users (real Argon2 parameters), then bench/Lockbox.Load.Bench drives 200 IMAP connections (SELECT, FETCH,
# UID SEARCH, UID STORE, IDLE) and 4 LMTP connections for 60 s, samples the server's VmRSS, and checks at the end that
# every message acknowledged with 250 is in its user's INBOX. tests/Lockbox.EndToEnd.Tests/Load runs the short form.
#
# Usage: bench/load/run.sh [extra options of `Lockbox.Load.Bench run`, e.g. --lmtp-rate 0]
# Environment (defaults in brackets): WORK [/tmp/lockbox-bench-load]  USERS [50]  CONNECTIONS [200]  DURATION [60] (seconds)  NO_BUILD [0]
# Writes the report to bench/load/results/load-DATE.md and exits 1 if the run saw any error or lost message.
set -euo pipefail

BENCH_NAME=bench-load
WORK="${WORK:-/tmp/lockbox-bench-load}"
# shellcheck source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
USERS="${USERS:-50}"
CONNECTIONS="${CONNECTIONS:-200}"
DURATION="${DURATION:-60}"

mkdir -p "$WORK" "$ROOT/bench/load/results"
build_lockbox
if [ "$NO_BUILD" != 1 ] || [ ! -f "$WORK/load-bin/Lockbox.Load.Bench.dll" ]; then
  log "dotnet build bench/Lockbox.Load.Bench -c Release -> $WORK/load-bin"
  dotnet build "$ROOT/bench/Lockbox.Load.Bench" -c Release -o "$WORK/load-bin" -v quiet -nologo >/dev/null
fi
LOAD=(dotnet "$WORK/load-bin/Lockbox.Load.Bench.dll")

rm -rf "$WORK/data"
log "creating $USERS encrypted users"
"${LOAD[@]}" users --data "$WORK/data" --users "$USERS"
start_lockbox "$WORK/data" "$WORK/server.log"

out="$ROOT/bench/load/results/load-$(date -u +%Y%m%d-%H%M%S).md"
{
  echo "Run of $(date -u '+%Y-%m-%d %H:%M UTC'), lockbox at $(git -C "$ROOT" rev-parse --short HEAD), $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "    bench/load/run.sh $*   # USERS=$USERS CONNECTIONS=$CONNECTIONS DURATION=$DURATION"
  echo
} > "$out"
rc=0
"${LOAD[@]}" run --imap "127.0.0.1:$IMAP_PORT_LB" --lmtp "127.0.0.1:$LMTP_PORT_LB" --pid "$LOCKBOX_PID" \
    --users "$USERS" --connections "$CONNECTIONS" --seconds "$DURATION" "$@" >> "$out" || rc=$?
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)." >> "$out"
stop_lockbox
warnings=$(grep -c -E '^(warn|fail|crit)' "$WORK/server.log" || true)
echo "Server log: $warnings warning/error entries." >> "$out"
cat "$out"
log "report: $out"
exit "$rc"
