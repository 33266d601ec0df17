#!/usr/bin/env bash
# Runs schemathesis against a demo instance, once with a token of each role:
# every answer must match the OpenAPI document (status, media type, schema)
# and none may be a 5xx. Usage: tools/schemathesis.sh [MAX_EXAMPLES]
# Needs `st` (pip install schemathesis) and a built debug binary
# (cargo build). CI runs it with a short budget; raise MAX_EXAMPLES locally.
set -euo pipefail
cd "$(dirname "$0")/.."
examples="${1:-3}"
port="${SCHEMATHESIS_PORT:-18181}"
base="http://127.0.0.1:$port"
dir="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT

# A throw-away instance: synchronous=NORMAL, since the demo's few thousand
# small transactions would otherwise wait on fsync for minutes on a busy disk.
MIGRANT_DESK_DATA_DIR="$dir" MIGRANT_DESK_LOG_LEVEL=warn MIGRANT_DESK_SQLITE_SYNCHRONOUS=NORMAL \
    target/debug/migrant-desk serve --demo --bind "127.0.0.1:$port" \
    --database "sqlite://$dir/st.sqlite" >"$dir/server.log" 2>&1 &
pid=$!
started=""
for _ in $(seq 1 600); do
    if curl -fsS "$base/health/ready" >/dev/null 2>&1; then
        started=yes
        break
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
done
if [ -z "$started" ]; then
    echo "the demo instance did not start; its log:"
    cat "$dir/server.log"
    exit 1
fi

login() {
    curl -fsS -X POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
        -d "{\"email\":\"$1\",\"password\":\"$2\"}" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}

status=0
for account in \
    "admin@demo.migrant-desk.org demo-admin-pass" \
    "supervisor.rba@demo.migrant-desk.org demo-supervisor-pass" \
    "caseworker.rba@demo.migrant-desk.org demo-caseworker-pass" \
    "manager@demo.migrant-desk.org demo-manager-pass" \
    "partner@demo.migrant-desk.org demo-partner-pass"; do
    set -- $account
    echo "== schemathesis as $1"
    token="$(login "$1" "$2")"
    st run "$base/api/openapi.json" \
        --checks not_a_server_error,content_type_conformance,response_schema_conformance \
        --header "Authorization: Bearer $token" \
        --max-examples "$examples" \
        --generation-deterministic \
        --request-timeout 20 \
        --no-color || status=1
done
if [ "$status" -ne 0 ]; then
    echo "== server log (last lines)"
    tail -n 50 "$dir/server.log"
fi
exit "$status"
