#!/usr/bin/env bash
# Where an audited read's time goes (docs/performance.md, "Profiling"):
# starts the release server on a fresh demo database, drives
# `GET /api/v1/migrants/{id}` with wrk (32 connections, loopback) as a
# demo caseworker, records the server with perf meanwhile, and prints the
# throughput, the server's CPU per request and the hottest functions.
#
#   cargo build --release && tools/profile-read.sh [seconds] [database-url]
#
# Needs wrk and perf (Debian: wrk, linux-perf); a flame graph can be drawn
# from the recording with inferno (`cargo install inferno`):
#   perf script -i "$out/perf.data" | inferno-collapse-perf | inferno-flamegraph > read.svg
set -euo pipefail

seconds=${1:-10}
work=$(mktemp -d)
database=${2:-sqlite://$work/profile.sqlite}
out=${PROFILE_OUT:-$work}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
bin=$(cd "$(dirname "$0")/.." && pwd)/target/release/migrant-desk

export MIGRANT_DESK_JWT_SECRET=profile-secret-profile-secret-profile-00
export MIGRANT_DESK_AUDIT_KEY=profile-audit-key-profile-audit-key-000
export MIGRANT_DESK_LOG_LEVEL=warn
(cd "$work" && exec "$bin" --database "$database" --bind "127.0.0.1:$port" --demo serve) &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null; do sleep 0.2; done

base="http://127.0.0.1:$port"
token=$(curl -sf "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d '{"email":"caseworker.rba@demo.migrant-desk.org","password":"demo-caseworker-pass"}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
ids=$(curl -sf "$base/api/v1/migrants?limit=100" -H "Authorization: Bearer $token" |
    python3 -c 'import json,sys; print(",".join(chr(34)+m["id"]+chr(34) for m in json.load(sys.stdin)["items"]))')
cat > "$work/read.lua" <<LUA
local ids = {$ids}
local n = 0
wrk.headers["Authorization"] = "Bearer $token"
request = function()
  n = n + 1
  return wrk.format("GET", "/api/v1/migrants/" .. ids[(n % #ids) + 1])
end
LUA

cpu() { awk '{print $14 + $15}' "/proc/$server/stat"; }
before=$(cpu)
perf record -F 999 -g -o "$out/perf.data" -p "$server" -- sleep "$seconds" 2>/dev/null &
recorder=$!
wrk -t2 -c32 -d"${seconds}s" --latency -s "$work/read.lua" "$base" | tee "$work/wrk.txt"
wait $recorder || true
after=$(cpu)
requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
echo "server CPU per request: $(( (after - before) * 10000 / requests )) µs ($requests requests)"
perf report -i "$out/perf.data" --no-children --stdio -g none --sort symbol 2>/dev/null |
    grep -E '^ +[0-9]' | cut -c1-100 | head -40
echo "recording: $out/perf.data"
