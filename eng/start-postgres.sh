#!/usr/bin/env bash
# Installs (if needed) and starts a PostgreSQL server on 127.0.0.1 for the storage tests, then prints the
# connection string. Idempotent: a running server is reused. Usage: eval "$(bash eng/start-postgres.sh)"
# (it prints `export CONNECTORS_TEST_POSTGRES=...`). Needs root (apt-get, pg_ctlcluster).
set -euo pipefail
PORT="${CONNECTORS_PG_PORT:-54329}"
PASSWORD="${CONNECTORS_PG_PASSWORD:-connectors-test}"
CLUSTER=connectors

if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2
  apt-get install -y postgresql >&2
fi
VERSION=$(ls /usr/lib/postgresql | sort -V | tail -1)

if ! pg_lsclusters -h | awk '{print $2}' | grep -qx "$CLUSTER"; then
  pg_createcluster "$VERSION" "$CLUSTER" -p "$PORT" -- --auth-host=scram-sha-256 --auth-local=peer >&2
  echo "listen_addresses = '127.0.0.1'" >> "/etc/postgresql/$VERSION/$CLUSTER/postgresql.conf"
fi
if ! pg_lsclusters -h | awk -v c="$CLUSTER" '$2==c {print $4}' | grep -qx online; then
  pg_ctlcluster "$VERSION" "$CLUSTER" start >&2
fi
for _ in $(seq 1 30); do
  if su postgres -c "psql -p $PORT -qAtc 'select 1'" >/dev/null 2>&1; then break; fi
  sleep 1
done
su postgres -c "psql -p $PORT -qAtc \"ALTER USER postgres PASSWORD '$PASSWORD'\"" >&2
echo "export CONNECTORS_TEST_POSTGRES='Host=127.0.0.1;Port=$PORT;Username=postgres;Password=$PASSWORD;Database=postgres'"
