#!/usr/bin/env bash
# Start a local Redis (the cache every app server and render worker shares: SPEECHAPP_CACHE_URL)
# and print its URL (used by `make cluster` and `make load LOAD_TARGET=cluster`).
#
# Installs Debian's redis-server when it is missing (as root), starts one on 127.0.0.1 only,
# on REDIS_PORT (default 6379), with nothing saved to disk (a cache: files are rendered again),
# its pid and log in REDIS_DIR (default /tmp/speechapp-redis-$REDIS_PORT). Idempotent: one that
# answers on that port already is used as it is. Stop it with
#   redis-cli -p $REDIS_PORT shutdown nosave
set -euo pipefail

PORT="${REDIS_PORT:-6379}"
DIR="${REDIS_DIR:-/tmp/speechapp-redis-$PORT}"

say() { printf 'redis: %s\n' "$*" >&2; }

if ! command -v redis-server >/dev/null 2>&1; then
    say "installing Debian's redis-server"
    apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server >&2
fi

if ! redis-cli -h 127.0.0.1 -p "$PORT" ping >/dev/null 2>&1; then
    mkdir -p "$DIR"
    say "starting redis-server on 127.0.0.1:$PORT ($DIR)"
    redis-server --bind 127.0.0.1 --port "$PORT" --daemonize yes --dir "$DIR" \
        --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log" --save "" --appendonly no \
        --maxmemory 512mb --maxmemory-policy allkeys-lru >&2
    for _ in $(seq 1 50); do
        redis-cli -h 127.0.0.1 -p "$PORT" ping >/dev/null 2>&1 && break
        sleep 0.1
    done
fi
redis-cli -h 127.0.0.1 -p "$PORT" ping >/dev/null

echo "redis://127.0.0.1:$PORT/0"
