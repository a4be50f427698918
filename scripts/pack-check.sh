#!/usr/bin/env bash
# The package as a user installs it: `npm pack`, then the tarball installed into an empty project with
# production dependencies only. No compiler, no tsx and no sources come with it; `npx ledger serve`
# starts on PGlite and then on a PostgreSQL database of its own, prints its URL, writes the keys to
# LEDGER_KEYS_FILE (its output is a file, not a terminal), answers a curl with the key, and stops on
# SIGTERM with exit code 0.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
database="ledger_pack_check_$$"
pg() { PGOPTIONS='-c client_min_messages=warning' psql -h 127.0.0.1 -U postgres -d postgres -qtAc "$1" >/dev/null; }
cleanup() {
  [ -n "${npx_pid:-}" ] && kill "$(deepest "$npx_pid")" 2>/dev/null || true
  pg "DROP DATABASE IF EXISTS $database WITH (FORCE)" || true
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "pack-check: $*"
  [ -f "$work/log" ] && cat "$work/log"
  echo "pack-check: 0 passed, 1 failed"
  exit 1
}

# `npm pack` builds dist/ afresh first (scripts/prepare.js); its output is the build's, not needed here.
npm pack --pack-destination "$work" >"$work/pack.log" 2>&1 || { cat "$work/pack.log"; fail "npm pack failed"; }
tarball=$(ls "$work"/*.tgz)
unwanted=$(tar -tzf "$tarball" | grep -E '^package/(src|test|scripts|bench|compat|packages)/|\.ts$' || true)
[ -z "$unwanted" ] || fail "the tarball carries files a user does not run: $unwanted"

mkdir "$work/app"
cd "$work/app"
npm init -y >/dev/null
npm install --omit=dev --prefer-offline --no-audit --no-fund "$tarball" >"$work/install.log" 2>&1 ||
  { cat "$work/install.log"; fail "the tarball did not install"; }
for tool in node_modules/typescript node_modules/.bin/tsc node_modules/tsx node_modules/.bin/tsx; do
  [ ! -e "$tool" ] || fail "a production install holds $tool"
done

# `npx ledger serve` is npm, then the shell it runs the bin in, then node: the server is the deepest of
# them, and it is signalled itself, as in scripts/smoke.sh (a signal to npm reaches only the shell).
deepest() {
  local p=$1 child
  while child=$(pgrep -P "$p" | head -n 1) && [ -n "$child" ]; do p=$child; done
  echo "$p"
}

start() {
  : >"$work/log"
  env "$@" PORT=0 LOG_LEVEL=warn LEDGER_KEYS_FILE="$work/keys.txt" npx --no ledger serve >"$work/log" 2>&1 &
  npx_pid=$!
  for _ in $(seq 1 120); do
    url=$(grep -o 'listening on http://[^ ]*' "$work/log" | cut -d' ' -f3 || true)
    if [ -n "$url" ]; then
      pid=$(deepest "$npx_pid")
      return 0
    fi
    kill -0 "$npx_pid" 2>/dev/null || fail "the server did not start"
    sleep 0.5
  done
  fail "the server did not start within 60 s"
}

stop() {
  kill -TERM "$pid"
  wait "$npx_pid" || fail "the server did not stop cleanly"
  npx_pid=
}

# One start on the database the environment names: a key is written, and lists the (no) customers.
serve_and_list() {
  rm -f "$work/keys.txt"
  start "$@"
  key=$(grep -o 'testnet: [^ ]*' "$work/keys.txt" | cut -d' ' -f2 || true)
  [ -n "$key" ] || fail "no key written ($*)"
  list=$(curl -sf "$url/v3/ledger/customer?pageSize=10" -H "x-api-key: $key") || fail "the list failed ($*)"
  [ "$list" = '[]' ] || fail "a new ledger listed customers: $list"
  stop
}

serve_and_list LEDGER_DATA_DIR="$work/data"
pg "CREATE DATABASE $database"
serve_and_list DATABASE_URL="postgres://postgres@127.0.0.1:5432/$database"
[ ! -e data ] || fail "a server on PostgreSQL made a PGlite folder"
echo "pack-check: 1 passed, 0 failed"
