#!/usr/bin/env bash
# Installs (from Debian packages, when missing) and starts the services the tests need, each on a
# private loopback port, and prints `export` lines with their connection settings. Idempotent:
# a service that already answers is left as it is.
#
#   eval "$(eng/test-services.sh)"                      # PostgreSQL and Redis
#   eval "$(eng/test-services.sh postgres redis chromium)"
#   eval "$(eng/test-services.sh coturn)"               # a TURN server for the call tests
#
# Everything else (progress, errors) goes to stderr, so stdout stays safe to eval.
set -euo pipefail

STATE_DIR="${CHATALOT_TEST_STATE:-/tmp/chatalot-test-services}"
PG_PORT="${CHATALOT_TEST_PG_PORT:-55432}"
REDIS_PORT="${CHATALOT_TEST_REDIS_PORT:-56379}"
TURN_PORT="${CHATALOT_TEST_TURN_PORT:-53478}"

log() { echo "[test-services] $*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
  else log "need root to run: $*"; return 1
  fi
}

apt_updated=0
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  if [ "$apt_updated" -eq 0 ]; then
    log "apt-get update"
    as_root apt-get update -qq >&2
    apt_updated=1
  fi
  log "apt-get install $*"
  as_root apt-get install -y -qq --no-install-recommends "$@" >&2
}

pg_bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

start_postgres() {
  local bin dir owner
  bin="$(pg_bin_dir)"
  if [ -z "$bin" ]; then apt_install postgresql; bin="$(pg_bin_dir)"; fi
  if "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; then
    log "postgres already running on 127.0.0.1:$PG_PORT"
  else
    dir="$STATE_DIR/postgres"
    owner="$(id -un)"
    # initdb refuses to run as root: run the private cluster as the postgres user.
    if [ "$(id -u)" -eq 0 ]; then owner=postgres; fi
    mkdir -p "$STATE_DIR" && chmod 755 "$STATE_DIR"
    run_pg() { if [ "$owner" = "$(id -un)" ]; then "$@"; else su "$owner" -s /bin/bash -c "$(printf '%q ' "$@")"; fi; }
    if [ ! -f "$dir/PG_VERSION" ]; then
      rm -rf "$dir" && mkdir -p "$dir" && chown "$owner" "$dir"
      log "initdb $dir"
      run_pg "$bin/initdb" -D "$dir" -U postgres -A trust --no-sync -E UTF8 >&2
    fi
    log "starting postgres on 127.0.0.1:$PG_PORT"
    run_pg "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
      -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
      start >&2
  fi
  echo "export CHATALOT_TEST_POSTGRES='Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres'"
}

start_redis() {
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  if redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    log "redis already running on 127.0.0.1:$REDIS_PORT"
  else
    mkdir -p "$STATE_DIR/redis"
    log "starting redis on 127.0.0.1:$REDIS_PORT"
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save '' --appendonly no \
      --dir "$STATE_DIR/redis" --logfile "$STATE_DIR/redis/redis.log" --pidfile "$STATE_DIR/redis/redis.pid" >&2
    for _ in $(seq 1 50); do redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  echo "export CHATALOT_TEST_REDIS='127.0.0.1:$REDIS_PORT'"
}

# coturn with the shared-secret scheme the server mints credentials for (calls.md §4), plain UDP/TCP on loopback.
start_coturn() {
  local dir="$STATE_DIR/coturn" secret
  command -v turnserver >/dev/null 2>&1 || apt_install coturn
  mkdir -p "$dir" && chmod 700 "$dir"
  # One random secret per state directory, so every run against this coturn mints credentials it accepts.
  if [ ! -s "$dir/secret" ]; then
    (umask 077 && head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$dir/secret")
  fi
  secret="$(cat "$dir/secret")"
  if timeout 2 turnutils_stunclient -p "$TURN_PORT" 127.0.0.1 >/dev/null 2>&1; then
    log "coturn already running on 127.0.0.1:$TURN_PORT"
  else
    log "starting coturn on 127.0.0.1:$TURN_PORT"
    # --allow-loopback-peers: the tests' peers and relays are all on 127.0.0.1, which coturn refuses as a peer by
    # default (a production relay must refuse it: SSRF, see docs/articles/turn-hosting.md). Test use only.
    turnserver -n --daemon --listening-ip 127.0.0.1 --relay-ip 127.0.0.1 --listening-port "$TURN_PORT" \
      --min-port 53500 --max-port 53599 --use-auth-secret --static-auth-secret="$secret" --realm chatalot.test \
      --no-tls --no-dtls --no-cli --allow-loopback-peers --no-stdout-log --simple-log \
      --log-file "$dir/turnserver.log" --pidfile "$dir/turnserver.pid" --userdb "$dir/turndb" >&2
    for _ in $(seq 1 30); do timeout 1 turnutils_stunclient -p "$TURN_PORT" 127.0.0.1 >/dev/null 2>&1 && break; sleep 0.1; done
    timeout 2 turnutils_stunclient -p "$TURN_PORT" 127.0.0.1 >/dev/null 2>&1 || { log "coturn did not start; see $dir/turnserver.log"; return 1; }
  fi
  echo "export CHATALOT_TEST_TURN_URL='turn:127.0.0.1:$TURN_PORT'"
  echo "export CHATALOT_TEST_TURN_SECRET='$secret'"
}

ensure_chromium() {
  command -v chromium >/dev/null 2>&1 || apt_install chromium
  echo "export CHATALOT_TEST_CHROMIUM='$(command -v chromium)'"
}

# Tools the scripts use (eng/package-check.sh reads packages with unzip): installed when missing, nothing to export.
ensure_unzip() {
  command -v unzip >/dev/null 2>&1 || apt_install unzip
}

services=("$@")
[ ${#services[@]} -gt 0 ] || services=(postgres redis)
for service in "${services[@]}"; do
  case "$service" in
    postgres) start_postgres ;;
    redis) start_redis ;;
    coturn) start_coturn ;;
    chromium) ensure_chromium ;;
    unzip) ensure_unzip ;;
    *) log "unknown service: $service"; exit 2 ;;
  esac
done
