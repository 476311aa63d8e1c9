#!/usr/bin/env bash
# with_postgres.sh CMD ARGS...: runs CMD with a throw-away PostgreSQL server
# for the optional PostgreSQL baseline of gridledger-bench
# (bench/postgres_bench.cc).
#
# When PostgreSQL's server binaries are installed (/usr/lib/postgresql/*/bin,
# the newest version is used), it creates a temporary cluster under
# ${TMPDIR:-/tmp}, starts it listening only on a unix socket in that
# directory (no TCP), durable settings (fsync=on, synchronous_commit=on,
# full_page_writes on by default), max_connections=600 (256 benchmark
# threads plus slack), shared_buffers=256MB, creates the database
# `gridledger_bench` and runs CMD with
#   GRIDLEDGER_BENCH_PG          libpq conninfo of that database
#   GRIDLEDGER_BENCH_PG_VERSION  `postgres --version` of the server
# The server is stopped and the directory removed when the script exits,
# however it exits. As root, the cluster runs as the `postgres` system user.
#
# Without server binaries it prints one line and runs CMD as is (the
# PostgreSQL benchmarks are then not registered). The exit status is CMD's.
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi

initdb=$(printf '%s\n' /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)
if [[ ! -x "$initdb" ]]; then  # the pattern itself when nothing matched
  echo "with_postgres.sh: no PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb)," \
    "the PostgreSQL baseline is skipped" >&2
  exec "$@"
fi
bindir=$(dirname "$initdb")

# As root, PostgreSQL refuses to run: use the postgres system user.
as_pg=()
if [[ $(id -u) -eq 0 ]]; then
  if ! id -u postgres >/dev/null 2>&1; then
    echo "with_postgres.sh: running as root but there is no 'postgres' user" >&2
    exit 1
  fi
  as_pg=(runuser -u postgres --)
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/gridledger-pg-XXXXXX")
started=0
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ $started -eq 1 ]]; then
    "${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 ||
      "${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ ${#as_pg[@]} -gt 0 ]]; then
  chown postgres: "$dir"
  if ! "${as_pg[@]}" test -w "$dir"; then
    echo "with_postgres.sh: user postgres cannot write $dir (set TMPDIR to a directory" \
      "it can reach)" >&2
    exit 1
  fi
fi
chmod 700 "$dir"

"${as_pg[@]}" "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C \
  --no-sync >"$dir/initdb.log" 2>&1 || {
  cat "$dir/initdb.log" >&2
  exit 1
}
cat >>"$dir/data/postgresql.conf" <<EOF

# with_postgres.sh: unix socket only, durable commits.
listen_addresses = ''
unix_socket_directories = '$dir'
max_connections = 600
shared_buffers = 256MB
fsync = on
synchronous_commit = on
full_page_writes = on
EOF

started=1
"${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null || {
  cat "$dir/server.log" >&2 || true
  exit 1
}
"${as_pg[@]}" "$bindir/createdb" -h "$dir" -U postgres gridledger_bench

GRIDLEDGER_BENCH_PG="host=$dir dbname=gridledger_bench user=postgres"
GRIDLEDGER_BENCH_PG_VERSION=$("$bindir/postgres" --version)
export GRIDLEDGER_BENCH_PG GRIDLEDGER_BENCH_PG_VERSION
echo "with_postgres.sh: $GRIDLEDGER_BENCH_PG_VERSION on $dir (unix socket only)" >&2

"$@"
