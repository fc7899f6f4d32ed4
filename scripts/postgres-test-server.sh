#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A throwaway PostgreSQL for the tests (issue 7): Debian's binaries, a temporary data directory, loopback
# only, no system service. scripts/test.sh uses it; developers can run it by hand:
#
#   dir=$(mktemp -d) && scripts/postgres-test-server.sh start "$dir"
#   export LOCKBOX_TEST_POSTGRES="$(cat "$dir/connection-string")" LOCKBOX_TEST_POSTGRES_DIR="$dir"
#   dotnet test --project tests/Lockbox.Storage.Tests
#   scripts/postgres-test-server.sh stop "$dir" && rm -rf "$dir"
#
# DIR/data is the cluster, DIR/postgres.log its log, DIR/connection-string the Npgsql connection string.
# The log settings are the ones docs/decisions/0026 requires of every deployment, except log_statement=all:
# the tests log every statement on purpose, so the leak scan proves that no parameter value reaches the log.
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
command=$1
dir=$(cd "$2" && pwd)

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
[ -n "$bin" ] && [ -x "$bin/initdb" ] || { echo "postgres-test-server: no PostgreSQL under /usr/lib/postgresql/*/bin (apt-get install postgresql)" >&2; exit 1; }

# initdb and postgres refuse to run as root: as root, the cluster belongs to an unprivileged user.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u nobody -- "$@"
    else
        "$@"
    fi
}

case "$command" in
start)
    [ "$(id -u)" -ne 0 ] || chown nobody "$dir"
    chmod 0700 "$dir"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$bin/initdb" --pgdata="$dir/data" --username=lockbox --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = on
# Test classes run in parallel, and the two-node tests open two pools of 20 each.
max_connections = 200
# docs/decisions/0026: statements without values, errors without DETAIL (it can quote a row).
log_statement = 'all'
log_min_error_statement = error
log_parameter_max_length = 0
log_parameter_max_length_on_error = 0
log_error_verbosity = terse
EOF
    as_owner "$bin/pg_ctl" --pgdata="$dir/data" --log="$dir/postgres.log" --wait --silent start
    echo "Host=127.0.0.1;Port=$port;Username=lockbox;Database=postgres" >"$dir/connection-string"
    cat "$dir/connection-string"
    ;;
stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bin/pg_ctl" --pgdata="$dir/data" --mode=fast --wait --silent stop
    fi
    ;;
*)
    usage
    ;;
esac
