#!/usr/bin/env bash
# Start a local PostgreSQL for the test suite and print its DATABASE_URL (used by .ci/run).
#
# Installs Debian's postgresql when it is missing (as root), starts the cluster on
# 127.0.0.1 only, and creates the role `speech` (allowed to create the test database)
# and the database `speechapp`. Idempotent.
set -euo pipefail

ROLE=speech
PASSWORD=speech
DB=speechapp
PORT="${PGPORT:-5432}"

say() { printf 'postgres: %s\n' "$*" >&2; }

if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
    say "installing Debian's postgresql"
    apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2
fi

read -r version cluster _ < <(pg_lsclusters -h | head -n 1)
if ! pg_lsclusters -h | head -n 1 | grep -q online; then
    say "starting cluster $version/$cluster on 127.0.0.1:$PORT"
    pg_ctlcluster "$version" "$cluster" start -- -o "-c listen_addresses=127.0.0.1 -c port=$PORT" >&2 ||
        pg_ctlcluster "$version" "$cluster" start >&2
fi

for _ in $(seq 1 30); do
    su postgres -c "pg_isready -q -h 127.0.0.1 -p $PORT" && break
    sleep 1
done

psql_admin() { su postgres -c "psql -q -h 127.0.0.1 -p $PORT -v ON_ERROR_STOP=1 -tAc \"$1\"" 2>/dev/null ||
    su postgres -c "psql -q -p $PORT -v ON_ERROR_STOP=1 -tAc \"$1\""; }

if [ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname='$ROLE'")" != 1 ]; then
    psql_admin "CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD'" >&2
fi
if [ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname='$DB'")" != 1 ]; then
    psql_admin "CREATE DATABASE $DB OWNER $ROLE" >&2
fi

echo "postgres://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DB"
