#!/usr/bin/env bash
# The README's first command as a user runs it: `npm start` on a fresh PGlite folder prints a URL and
# (its output being a file, not a terminal) writes the keys to LEDGER_KEYS_FILE; a curl with the key
# lists customers, and the data is still there after a restart.
set -euo pipefail
data=$(mktemp -d)
log=$(mktemp)
keys="$data-keys.txt"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$data" "$log" "$keys"' EXIT

# `npm start` runs `node bin/start.js`, the dist/ that `npm ci` built (run `npm run build` after an
# edit); it is run here without npm so that $pid is the server itself. Signalling npm reaches only its
# shell, which leaves the server running on: the next start would then find the data folder in use.
start() {
  LEDGER_DATA_DIR="$data" LEDGER_KEYS_FILE="$keys" PORT=0 LOG_LEVEL=warn node bin/start.js >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    url=$(grep -o 'listening on http://[^ ]*' "$log" | cut -d' ' -f3 || true)
    [ -n "$url" ] && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.5
  done
  echo "server did not start"; cat "$log"; exit 1
}

stop() {
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" || { echo "the server did not stop cleanly"; cat "$log"; exit 1; }
}

start
key=$(grep -o 'testnet: [^ ]*' "$keys" | cut -d' ' -f2)
[ -n "$key" ] || { echo "no key written"; cat "$log"; exit 1; }
curl -sf -X POST "$url/v3/ledger/account" -H "x-api-key: $key" -H 'content-type: application/json' \
  -d '{"currency":"BTC","customer":{"externalId":"smoke-1"}}' >/dev/null
stop

start
list=$(curl -sf "$url/v3/ledger/customer?pageSize=10" -H "x-api-key: $key")
stop
case "$list" in
  *'"externalId":"smoke-1"'*) echo "smoke: 1 passed, 0 failed" ;;
  *) echo "smoke: the customer did not survive a restart: $list"; echo "smoke: 0 passed, 1 failed"; exit 1 ;;
esac
