#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# bench/lmtp/budget.sh - what a server's CPU per delivery allows on this machine, with mailbench.py as the client.
# For each cost, bench/lmtp/NullLmtpServer.cs spends that many microseconds of CPU on every message (and stores
# nothing); mailbench.py delivers the corpus to it over C connections. The line per run gives msgs/s, the server's
# CPU per message as measured (the cost plus its own reading of the socket) and the host's busy share. Set against a
# Dovecot rate from bench/lmtp/run.sh, it says how much CPU per delivery a server may use and still reach a ratio,
# whatever it does with that CPU. docs/benchmarks.md, "LMTP delivery".
#
# Usage: bench/lmtp/budget.sh C [COST_US ...]       default costs: 0 300 600 900 1200 1500 1800
# Environment: CORPUS [/tmp/lockbox-bench-lmtp/corpus-2000-seed1, made by run.sh], COUNT [2000], BENCH_DIR as in lib.sh
set -euo pipefail

BENCH_NAME=bench-lmtp-budget
WORK="${WORK:-/tmp/lockbox-bench-lmtp}"
# shellcheck source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
trap - EXIT # this script starts no Lockbox and no Dovecot
CONC="$1"; shift
COSTS=("$@"); [ ${#COSTS[@]} -gt 0 ] || COSTS=(0 300 600 900 1200 1500 1800)
CORPUS="${CORPUS:-$WORK/corpus-2000-seed1}" COUNT="${COUNT:-2000}"
[ -s "$CORPUS/manifest.json" ] || die "no corpus at $CORPUS (run bench/lmtp/run.sh once, or set CORPUS)"
NULL_BIN="$WORK/null-lmtp"
SOURCE="$(mktemp -d /tmp/null-lmtp-src.XXXXXX)"
cp "$ROOT/bench/lmtp/NullLmtpServer.cs" "$SOURCE/"
dotnet build "$SOURCE/NullLmtpServer.cs" -c Release -o "$NULL_BIN" -v quiet -nologo >/dev/null
rm -rf "$SOURCE"
port=$((20000 + RANDOM % 20000))
for cost in "${COSTS[@]}"; do
  "$NULL_BIN/NullLmtpServer" "$port" "$cost" &
  server=$!
  for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  # A warm-up, so that the measured part runs JIT-compiled code as a long-running server would.
  "$PYTHON" "$BENCH_DIR/mailbench.py" lmtp --port "$port" --corpus "$CORPUS" --rcpt warm@null.test -c "$CONC" --limit 150 >/dev/null 2>&1
  before="$(awk '{print $14 + $15}' "/proc/$server/stat")"
  result="$("$PYTHON" "$BENCH_DIR/mailbench.py" lmtp --own-procs 'NullLmtpServer|mailbench' --port "$port" --corpus "$CORPUS" \
      --rcpt measured@null.test -c "$CONC" --limit "$COUNT" 2>/dev/null)"
  after="$(awk '{print $14 + $15}' "/proc/$server/stat")"
  kill "$server"; wait "$server" 2>/dev/null || true
  "$PYTHON" - "$result" "$before" "$after" "$(getconf CLK_TCK)" "$COUNT" "$CONC" "$cost" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
before, after, ticks, count, conc, cost = map(int, sys.argv[2:])
cpu_ms = (after - before) / ticks * 1000 / count
print(f"null C={conc} cost_us={cost:5} msgs/s={r['lmtp_msgs_per_s']:7.1f} server_cpu_ms/msg={cpu_ms:5.2f} "
      f"client_cpu_ms/msg={r['client_cpu_s'] * 1000 / count:5.2f} host_busy={r['host_cpu_busy_pct']}% foreign_cpu_s={r['foreign_cpu_s']}")
PY
done
