#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# bench/lmtp/profile.sh - one `lockbox serve` on an empty data directory, a warm-up, then N corpus messages
# over C LMTP connections (mailbench.py), reporting msgs/s, the server's CPU per message (utime+stime of the
# process over the measured part) and its context switches per message (each one a parked thread woken). With
# PERF=FILE it also records the server with perf (JIT map on, ReadyToRun off so that every managed frame resolves)
# for bench/lmtp/stages.py. A narrow A/B driver for delivery work, next to run.sh (the full comparison with
# Dovecot) and phases.py (latency per command). docs/benchmarks.md, "LMTP delivery".
#
# Usage: bench/lmtp/profile.sh BIN enc|clear C N [WARM]     BIN: a Release build of src/Lockbox (-o BIN)
# Environment: CORPUS [/tmp/lockbox-bench-lmtp/corpus-2000-seed1, made by run.sh], BENCH_DIR as in lib.sh,
#   PERF [] perf.data to write, EXTRA_ENV [] "VAR=value ..." for the server, KEEP [] 1: keep the data directory,
#   SPLIT [] 1: the C connections come from C mailbench processes of one connection each, every one delivering
#   every C-th message of the first N (one process's threads share Python's interpreter lock; these do not)
set -euo pipefail

BENCH_NAME=bench-lmtp-profile
WORK="${WORK:-/tmp/lockbox-bench-lmtp}"
# shellcheck source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
trap - EXIT # lib.sh would also stop the benchmark Dovecot on exit; this script starts no Dovecot
BIN="$(cd "$1" && pwd)" MODE="$2" CONC="$3" COUNT="$4" WARM="${5:-150}"
CORPUS="${CORPUS:-$WORK/corpus-2000-seed1}"
[ -s "$CORPUS/manifest.json" ] || die "no corpus at $CORPUS (run bench/lmtp/run.sh once, or set CORPUS)"
DATA="$(mktemp -d /tmp/lockbox-profile.XXXXXX)"
# The server's working directory is empty: the data directory must not sit under it (decision 0015).
mkdir -p "$DATA/cwd"
flag=(); [ "$MODE" = enc ] && flag=(--encrypt)
for user in warm measured; do
  printf 'Profile-Pass-1\n' | "$BIN/lockbox" user add "$user@profile.test" --data "$DATA/data" --password-stdin "${flag[@]}" >/dev/null 2>&1
done
perf_env=()
[ -n "${PERF:-}" ] && perf_env=(DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 DOTNET_ReadyToRun=0)
# shellcheck disable=SC2086 # EXTRA_ENV is a list of assignments
(cd "$DATA/cwd" && exec env ${EXTRA_ENV:-} "${perf_env[@]}" "$BIN/lockbox" serve --data "$DATA/data" \
    --lmtp 127.0.0.1:0 --imap 127.0.0.1:0 --imaps 127.0.0.1:0 --web 127.0.0.1:0 </dev/null >"$DATA/serve.log" 2>&1) &
SERVER=$!
port=""
for _ in $(seq 1 300); do
  port="$(sed -n 's/^listening lmtp 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$DATA/serve.log")"
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || die "no 'listening lmtp' line: $(cat "$DATA/serve.log")"
wait_precompiled "$DATA/serve.log"
lmtp() { "$PYTHON" "$BENCH_DIR/mailbench.py" lmtp --own-procs "$OWN_PROCS" --port "$port" --corpus "$CORPUS" -c "$CONC" "$@" 2>>"$DATA/mailbench.log"; }
lmtp --rcpt warm@profile.test --limit "$WARM" >/dev/null
cpu() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
# Context switches of all the server's threads: each wake-up of a parked thread is one (thread-pool hops).
switches() { cat /proc/"$SERVER"/task/*/status 2>/dev/null | awk '/ctxt_switches/ {n += $2} END {print n}'; }
# deliver_split: C mailbench processes of one connection each, process k delivering messages k, k+C, ... of the first
# N (shards of symlinks); result.jsonl gets one record: all their messages over the longest process's wall time.
deliver_split() {
  local k clients=()
  for k in $(seq 0 $((CONC - 1))); do
    "$PYTHON" - "$CORPUS" "$DATA/shard$k" "$k" "$CONC" "$COUNT" <<'PY'
import json, os, sys
corpus, shard, k, step, count = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:])
manifest = json.load(open(os.path.join(corpus, "manifest.json")))
manifest["messages"] = manifest["messages"][:count][k::step]
os.makedirs(shard)
for m in manifest["messages"]:
    os.symlink(os.path.join(corpus, m["file"]), os.path.join(shard, m["file"]))
json.dump(manifest, open(os.path.join(shard, "manifest.json"), "w"))
PY
  done
  for k in $(seq 0 $((CONC - 1))); do
    CORPUS="$DATA/shard$k" CONC=1 lmtp --rcpt measured@profile.test --out "$DATA/result$k.jsonl" >/dev/null &
    clients+=($!)
  done
  wait "${clients[@]}"
  "$PYTHON" - "$DATA"/result[0-9]*.jsonl >"$DATA/result.jsonl" <<'PY'
import json, sys
rs = [[json.loads(line) for line in open(path) if '"bench": "lmtp"' in line][-1] for path in sys.argv[1:]]
wall = max(r["wall_s"] for r in rs)
print(json.dumps({"bench": "lmtp", "lmtp_msgs_per_s": round(sum(r["delivered"] for r in rs) / wall, 2),
                  "foreign_cpu_s": max(r["foreign_cpu_s"] for r in rs)}))
PY
}
before="$(cpu)" switches_before="$(switches)"
PERF_PID=""
if [ -n "${PERF:-}" ]; then perf record -F 999 -g -p "$SERVER" -o "$PERF" 2>/dev/null & PERF_PID=$!; sleep 0.5; fi
if [ -n "${SPLIT:-}" ]; then deliver_split; else lmtp --rcpt measured@profile.test --limit "$COUNT" --out "$DATA/result.jsonl" >/dev/null; fi
after="$(cpu)" switches_after="$(switches)"
if [ -n "$PERF_PID" ]; then kill -INT "$PERF_PID"; wait "$PERF_PID" || true; fi
kill -TERM "$SERVER"; wait "$SERVER" || true
"$PYTHON" - "$DATA/result.jsonl" "$before" "$after" "$(getconf CLK_TCK)" "$COUNT" "$(basename "$BIN")" "$MODE" "$CONC" \
    "$((switches_after - switches_before))" <<'PY'
import json, os, sys
path, before, after, ticks, count, build, mode, conc, switches = sys.argv[1:]
r = [json.loads(line) for line in open(path) if '"bench": "lmtp"' in line][-1]
cpu_ms = (int(after) - int(before)) / int(ticks) * 1000 / int(count)
split = " split" if os.environ.get("SPLIT") else ""
print(f"{build:12} {mode:5} C={conc}{split} n={count} msgs/s={r['lmtp_msgs_per_s']:6.1f} server_cpu_ms/msg={cpu_ms:5.2f} "
      f"switches/msg={int(switches) / int(count):5.1f} "
      f"foreign_cpu_s={r['foreign_cpu_s']} load={open('/proc/loadavg').read().split()[0]}")
PY
[ -n "${KEEP:-}" ] || rm -rf "$DATA"
