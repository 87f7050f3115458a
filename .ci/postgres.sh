# shellcheck shell=bash
# A throwaway PostgreSQL for the cluster tests, on 127.0.0.1 only. Source it (`. .ci/postgres.sh`):
# it installs PostgreSQL from Debian's packages when missing (as root: CI), starts a private cluster
# in a temp folder on a free port, creates a user that may create databases (each test run makes
# its own), exports PRIORITISE_TEST_POSTGRES, and stops and removes the cluster when the shell
# exits. If PRIORITISE_TEST_POSTGRES is already set, it does nothing.

prioritise_pg_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; fi
}

prioritise_start_postgres() {
  if [ -n "${PRIORITISE_TEST_POSTGRES:-}" ]; then
    echo "PostgreSQL: using PRIORITISE_TEST_POSTGRES from the environment."
    return 0
  fi

  local bindir
  bindir=$(prioritise_pg_bindir)
  if [ -z "$bindir" ]; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "PostgreSQL: not installed and not root, so not installing it; the cluster tests will say they are skipped." >&2
      return 0
    fi
    echo "PostgreSQL: installing from Debian's packages."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y postgresql
    bindir=$(prioritise_pg_bindir)
    if [ -z "$bindir" ]; then
      echo "PostgreSQL: installed, but no initdb under /usr/lib/postgresql/*/bin." >&2
      return 1
    fi
  fi

  # initdb and postgres refuse to run as root: as root, the cluster belongs to the postgres user.
  local as=()
  if [ "$(id -u)" -eq 0 ]; then as=(runuser -u postgres --); fi

  PRIORITISE_PG_DIR=$(mktemp -d /tmp/prioritise-pg.XXXXXX)
  chmod 755 "$PRIORITISE_PG_DIR"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$PRIORITISE_PG_DIR"; fi
  local port password
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')

  "${as[@]}" "$bindir/initdb" -D "$PRIORITISE_PG_DIR/data" -U postgres -E UTF8 --locale=C \
    --auth-local=trust --auth-host=scram-sha-256 >"$PRIORITISE_PG_DIR/initdb.log" 2>&1 || {
    cat "$PRIORITISE_PG_DIR/initdb.log" >&2
    return 1
  }
  # Loopback only; the socket lives in the temp folder, so nothing clashes with a system cluster.
  "${as[@]}" "$bindir/pg_ctl" -D "$PRIORITISE_PG_DIR/data" -l "$PRIORITISE_PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PRIORITISE_PG_DIR -c max_connections=200 -c fsync=off" start >/dev/null || {
    cat "$PRIORITISE_PG_DIR/server.log" >&2
    return 1
  }
  export PRIORITISE_PG_BINDIR="$bindir" PRIORITISE_PG_DIR
  trap prioritise_stop_postgres EXIT

  "${as[@]}" "$bindir/psql" -h "$PRIORITISE_PG_DIR" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
    -c "CREATE ROLE prioritise LOGIN CREATEDB PASSWORD '$password';" \
    -c "CREATE DATABASE prioritise OWNER prioritise;" || return 1

  export PRIORITISE_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=prioritise;Password=$password;Database=prioritise"
  echo "PostgreSQL: $("$bindir/postgres" --version) on 127.0.0.1:$port (data in $PRIORITISE_PG_DIR); PRIORITISE_TEST_POSTGRES is set."
}

prioritise_stop_postgres() {
  if [ -n "${PRIORITISE_PG_DIR:-}" ] && [ -d "$PRIORITISE_PG_DIR/data" ]; then
    local as=()
    if [ "$(id -u)" -eq 0 ]; then as=(runuser -u postgres --); fi
    "${as[@]}" "$PRIORITISE_PG_BINDIR/pg_ctl" -D "$PRIORITISE_PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PRIORITISE_PG_DIR"
  fi
}
