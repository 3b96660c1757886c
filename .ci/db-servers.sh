#!/usr/bin/env bash
# Runs a command with throwaway PostgreSQL and MariaDB servers on loopback
# ports, for the `live-db` tests of `schemagate stats --from`:
#
#   bash .ci/db-servers.sh cargo test --features live-db --test it stats_from
#
# Installs Debian's `postgresql` and `mariadb-server` when they are missing
# (as root; without starting their system services), starts one instance of
# each in a temporary folder as the unprivileged users the packages create
# (postgres, mysql), with password authentication over TCP and a login
# `schemagate` that may create schemas and databases, exports
#   SCHEMAGATE_TEST_PG_URL     postgresql://schemagate:…@127.0.0.1:PORT/schemagate_test
#   SCHEMAGATE_TEST_MYSQL_URL  mysql://schemagate:…@127.0.0.1:PORT/
#   SCHEMAGATE_TEST_PG_BIN     the folder of the server's psql and pg_dump
# runs the command, and stops both servers whatever happens. Ports: the
# first free one from SCHEMAGATE_TEST_PG_PORT (54391) and
# SCHEMAGATE_TEST_MYSQL_PORT (33091) up.
set -euo pipefail
[ $# -gt 0 ] || { sed -n '2,4p' "$0" >&2; exit 2; }

# The first port from $1 up that nothing listens on.
free_port() {
  local port="$1"
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}
pg_port="$(free_port "${SCHEMAGATE_TEST_PG_PORT:-54391}")"
my_port="$(free_port "${SCHEMAGATE_TEST_MYSQL_PORT:-33091}")"
password="sg-ci-$RANDOM$RANDOM"

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
need=()
[ -n "$(pg_bin)" ] || need+=(postgresql)
[ -x /usr/sbin/mariadbd ] || need+=(mariadb-server)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} (Debian)"
  # the packages' services are not started: a policy-rc.d saying "no"
  # for the time of the install, removed after it
  policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    policy=/usr/sbin/policy-rc.d
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  [ -z "$policy" ] || rm -f "$policy"
fi
PGBIN="$(pg_bin)"

# Run as the package's unprivileged user when we are root.
as() { local user="$1"; shift; if [ "$(id -u)" = 0 ]; then runuser -u "$user" -- "$@"; else "$@"; fi; }

dir="$(mktemp -d)"
chmod 755 "$dir"
mkdir -p "$dir/pg" "$dir/my"
if [ "$(id -u)" = 0 ]; then chown postgres: "$dir/pg"; chown mysql: "$dir/my"; fi

stop() {
  as postgres "$PGBIN/pg_ctl" -D "$dir/pg/data" -m fast -w stop >/dev/null 2>&1 || true
  if [ -f "$dir/my/mysqld.pid" ]; then
    kill "$(cat "$dir/my/mysqld.pid")" 2>/dev/null || true
    for _ in $(seq 1 60); do [ -f "$dir/my/mysqld.pid" ] || break; sleep 0.5; done
  fi
  rm -rf "$dir"
}
trap stop EXIT

echo "starting PostgreSQL ($("$PGBIN/postgres" --version)) on 127.0.0.1:$pg_port"
printf '%s\n' "$password" > "$dir/pg/pw"
as postgres "$PGBIN/initdb" -D "$dir/pg/data" -U postgres --pwfile="$dir/pg/pw" \
  --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/pg/initdb.log"
as postgres "$PGBIN/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/server.log" -w \
  -o "-p $pg_port -k $dir/pg -c listen_addresses=127.0.0.1" start >/dev/null
as postgres "$PGBIN/psql" -q -h "$dir/pg" -p "$pg_port" -U postgres -v ON_ERROR_STOP=1 \
  -c "CREATE ROLE schemagate LOGIN CREATEDB PASSWORD '$password'" \
  -c "CREATE DATABASE schemagate_test OWNER schemagate"
export SCHEMAGATE_TEST_PG_URL="postgresql://schemagate:$password@127.0.0.1:$pg_port/schemagate_test"
# psql and pg_dump of the same version, for the diff tests
export SCHEMAGATE_TEST_PG_BIN="$PGBIN"

echo "starting MariaDB ($(/usr/sbin/mariadbd --version)) on 127.0.0.1:$my_port"
mariadb-install-db --no-defaults --datadir="$dir/my/data" --user=mysql \
  --auth-root-authentication-method=normal --skip-test-db >"$dir/my/install.log" 2>&1
user_opt=(); [ "$(id -u)" = 0 ] && user_opt=(--user=mysql)
setsid /usr/sbin/mariadbd --no-defaults --datadir="$dir/my/data" --socket="$dir/my/mysqld.sock" \
  --port="$my_port" --bind-address=127.0.0.1 "${user_opt[@]}" --pid-file="$dir/my/mysqld.pid" \
  --log-error="$dir/my/err.log" </dev/null >/dev/null 2>&1 &
for _ in $(seq 1 60); do
  mariadb-admin --no-defaults --socket="$dir/my/mysqld.sock" -uroot ping >/dev/null 2>&1 && break
  sleep 0.5
done
mariadb --no-defaults --socket="$dir/my/mysqld.sock" -uroot -e \
  "CREATE USER 'schemagate'@'127.0.0.1' IDENTIFIED BY '$password';
   GRANT ALL PRIVILEGES ON *.* TO 'schemagate'@'127.0.0.1';" \
  || { cat "$dir/my/err.log" >&2; exit 1; }
export SCHEMAGATE_TEST_MYSQL_URL="mysql://schemagate:$password@127.0.0.1:$my_port/"

"$@"
