#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# bench/nodes/run.sh - issue 7's measured item: LMTP delivery throughput of the whole `lockbox serve` process on
# PostgreSQL, one node and two nodes, next to one node on SQLite, in the same run.
#
# Per repetition (REPS), the systems run one after another in an order that rotates with the repetition:
#   sqlite-1   one `lockbox serve` on its embedded SQLite
#   pg-1       one `lockbox serve` on PostgreSQL
#   pg-2       two `lockbox serve` processes (nodes A and B) on one PostgreSQL and one shared blob directory
# Every system starts empty (a fresh data directory, a fresh PostgreSQL database) with one encrypted user per node.
# Single nodes get C LMTP connections for each C in CONCS; pg-2 gets PER_NODE connections on each node at once (two
# mailbench processes started together, each to its own node and recipient: an MTA spreads recipients over nodes).
# PostgreSQL runs on loopback from Debian's binaries (scripts/postgres-test-server.sh) with fsync=on and
# synchronous_commit=on, statement logging off (as in production; the tests log every statement on purpose).
# Both nodes and PostgreSQL share this machine's cores: pg-2 measures what a second node costs and whether the
# engine serialises the nodes, not scale-out to more hardware.
#
# Usage: bench/nodes/run.sh
# Output in RESULTS: nodes-STAMP.jsonl (mailbench rows + leak scans), summary-STAMP.txt (the table of ratios.py).
# Environment (defaults in brackets):
#   BENCH_DIR [<repo>/../shared/bench]  WORK [/tmp/lockbox-bench-nodes]  RESULTS [<repo>/bench/nodes/results]
#   COUNT [2000]  SEED [1]  REPS [3]  CONCS ["4 8"]  PER_NODE [4]  SYSTEMS ["sqlite-1 pg-1 pg-2"]  NO_BUILD [0]
set -euo pipefail

BENCH_NAME=bench-nodes
WORK="${WORK:-/tmp/lockbox-bench-nodes}"
# shellcheck source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
COUNT="${COUNT:-2000}"
SEED="${SEED:-1}"
REPS="${REPS:-3}"
CONCS="${CONCS:-4 8}"
PER_NODE="${PER_NODE:-4}"
SYSTEMS="${SYSTEMS:-sqlite-1 pg-1 pg-2}"
RESULTS="${RESULTS:-$ROOT/bench/nodes/results}"
PASSWORD="Bench-Nodes-Pass-1"
PG_DIR="$WORK/postgres"
PSQL="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)/psql"

# pg_start: a throwaway PostgreSQL in $PG_DIR; sets PG_BASE (its connection string)
pg_start() {
  rm -rf "$PG_DIR"; mkdir -p "$PG_DIR"
  PG_BASE="$("$ROOT/scripts/postgres-test-server.sh" start "$PG_DIR")"
  pg_sql "ALTER SYSTEM SET log_statement = 'none';" "SELECT pg_reload_conf();"
}
pg_stop() { [ -d "$PG_DIR/data" ] && "$ROOT/scripts/postgres-test-server.sh" stop "$PG_DIR" || true; }
pg_sql() {
  local port sql=()
  port="$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' "$PG_DIR/connection-string")"
  for s in "$@"; do sql+=(-c "$s"); done
  "$PSQL" -q -h 127.0.0.1 -p "$port" -U lockbox -d postgres "${sql[@]}" >/dev/null
}
trap 'stop_nodes; pg_stop; cleanup' EXIT

NODE_PIDS=()
# start_node DATA LOG: start_lockbox, remembering the pid; the node's LMTP port is left in LMTP_PORT_LB
start_node() { start_lockbox "$1" "$2"; NODE_PIDS+=("$LOCKBOX_PID"); LOCKBOX_PID=""; }
stop_nodes() {
  local pid
  for pid in "${NODE_PIDS[@]}"; do LOCKBOX_PID="$pid"; stop_lockbox; done
  NODE_PIDS=()
}

# use_store sqlite|pg NAME: the store the next `lockbox` commands use (a fresh database NAME for pg)
use_store() {
  if [ "$1" = pg ]; then
    pg_sql "DROP DATABASE IF EXISTS $2;" "CREATE DATABASE $2;"
    export LOCKBOX__Store__Provider=postgres LOCKBOX__Store__ConnectionString="${PG_BASE/Database=postgres/Database=$2}"
    export LOCKBOX__Store__BlobDirectory="$WORK/$2-blobs"
    rm -rf "$LOCKBOX__Store__BlobDirectory"; mkdir -p "$LOCKBOX__Store__BlobDirectory"
  else
    unset LOCKBOX__Store__Provider LOCKBOX__Store__ConnectionString LOCKBOX__Store__BlobDirectory
  fi
}

# run_single sqlite|pg REP OUT: one node, one fresh user per concurrency
run_single() {
  local engine="$1" rep="$2" out="$3" data="$WORK/$1-1" conc
  rm -rf "$data"; mkdir -p "$data"
  use_store "$engine" "bench_${engine}_1"
  for conc in $CONCS; do add_lockbox_user "$data" "c$conc@bench.test" "$PASSWORD" --encrypt; done
  start_node "$data" "$WORK/$engine-1.log"
  for conc in $CONCS; do
    bench lmtp --host 127.0.0.1 --port "$LMTP_PORT_LB" --rcpt "c$conc@bench.test" --corpus "$CORPUS" \
        --concurrency "$conc" --label "$engine-1/n$COUNT/c$conc/r$rep" --out "$out"
  done
  stop_nodes
  bench leakscan --corpus "$CORPUS" --dir "$data" --dir "$WORK/$engine-1.log" ${LOCKBOX__Store__BlobDirectory:+--dir "$LOCKBOX__Store__BlobDirectory"} \
      --label "$engine-1/n$COUNT/r$rep/data" --out "$out"
}

# run_system SYSTEM REP OUT: what run_rotated (bench/lib.sh) runs
run_system() {
  case "$1" in
    sqlite-1) run_single sqlite "$2" "$3" ;;
    pg-1) run_single pg "$2" "$3" ;;
    pg-2) run_two "$2" "$3" ;;
    *) die "unknown system $1" ;;
  esac
}

# run_two REP OUT: nodes A and B on one database and blob directory, PER_NODE connections each, both at once
run_two() {
  local rep="$1" out="$2" node ports=() pids=()
  use_store pg bench_pg_2
  for node in a b; do
    rm -rf "$WORK/pg-2-$node"; mkdir -p "$WORK/pg-2-$node"
    add_lockbox_user "$WORK/pg-2-$node" "$node@bench.test" "$PASSWORD" --encrypt
  done
  for node in a b; do start_node "$WORK/pg-2-$node" "$WORK/pg-2-$node.log"; ports+=("$LMTP_PORT_LB"); done
  for node in 0 1; do
    bench lmtp --host 127.0.0.1 --port "${ports[$node]}" --rcpt "$([ $node = 0 ] && echo a || echo b)@bench.test" \
        --corpus "$CORPUS" --concurrency "$PER_NODE" --label "pg-2/n$COUNT/c$PER_NODE/r$rep/node$node" --out "$out" &
    pids+=($!)
  done
  wait "${pids[@]}"
  stop_nodes
  bench leakscan --corpus "$CORPUS" --dir "$WORK/pg-2-a" --dir "$WORK/pg-2-b" --dir "$LOCKBOX__Store__BlobDirectory" \
      --dir "$PG_DIR" --label "pg-2/n$COUNT/r$rep/data" --out "$out"
}

main() {
  [ -f "$BENCH_DIR/mailbench.py" ] || die "no harness in $BENCH_DIR (set BENCH_DIR)"
  mkdir -p "$WORK" "$RESULTS"
  build_lockbox
  make_corpus "$COUNT" "$SEED"
  pg_start

  local stamp out
  stamp="$(date -u +%Y%m%d-%H%M%S)"
  out="$RESULTS/nodes-$stamp.jsonl"
  env_line "$out" "count=$COUNT" "seed=$SEED" "reps=$REPS" "concs=$CONCS" "per_node=$PER_NODE" \
      "postgres=$("$PSQL" --version | awk '{print $3}')"
  log "results -> $out"
  run_rotated "$out"
  "$PYTHON" "$ROOT/bench/nodes/ratios.py" "$out" | tee "$RESULTS/summary-$stamp.txt"
}

main "$@"
