#!/usr/bin/env bash
# Measures DescribeOrganization throughput of Canopy and of moto_server in
# the same run, with wrk, on loopback. Both servers get the same load:
# THREADS threads, CONNS connections, DURATION seconds.
#
#   bench/wrk.sh            # needs wrk and moto_server on PATH
#
# Results go to stdout; nothing is written outside a temporary directory.
set -euo pipefail
cd "$(dirname "$0")/.."
THREADS=${THREADS:-2} CONNS=${CONNS:-64} DURATION=${DURATION:-10s}
CANOPY_PORT=${CANOPY_PORT:-47566} MOTO_PORT=${MOTO_PORT:-47567}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT

wait_up() { for _ in $(seq 1 100); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; echo "server at $1 did not start"; exit 1; }
create_org() {
  curl -s -o /dev/null -X POST "$1/" -H 'Content-Type: application/x-amz-json-1.1' \
    -H 'X-Amz-Target: AWSOrganizationsV20161128.CreateOrganization' \
    -H 'Authorization: AWS4-HMAC-SHA256 Credential=111111111111/20260101/us-east-1/organizations/aws4_request, SignedHeaders=host, Signature=00' \
    -d '{"FeatureSet":"ALL"}'
}

go build -o "$tmp/canopy" ./cmd/canopy
"$tmp/canopy" serve --listen "127.0.0.1:$CANOPY_PORT" --data "$tmp/data" --log-level error 2>"$tmp/canopy.log" &
pids+=($!)
wait_up "http://127.0.0.1:$CANOPY_PORT/healthz"
create_org "http://127.0.0.1:$CANOPY_PORT"
echo "== Canopy ($(git rev-parse --short HEAD 2>/dev/null || echo dev)) DescribeOrganization"
wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" -s bench/describe-organization.lua "http://127.0.0.1:$CANOPY_PORT/" | tee "$tmp/canopy.txt"

if command -v moto_server >/dev/null; then
  moto_server -H 127.0.0.1 -p "$MOTO_PORT" >"$tmp/moto.log" 2>&1 &
  pids+=($!)
  wait_up "http://127.0.0.1:$MOTO_PORT/moto-api/"
  create_org "http://127.0.0.1:$MOTO_PORT"
  echo "== moto_server $(python3 -c 'import moto;print(moto.__version__)' 2>/dev/null) DescribeOrganization"
  wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" -s bench/describe-organization.lua "http://127.0.0.1:$MOTO_PORT/" | tee "$tmp/moto.txt"
  c=$(awk '/Requests\/sec/ {print $2}' "$tmp/canopy.txt"); m=$(awk '/Requests\/sec/ {print $2}' "$tmp/moto.txt")
  echo "== Canopy/moto_server throughput: $(awk -v c="$c" -v m="$m" 'BEGIN{printf "%.1fx (%s vs %s req/s)", c/m, c, m}')"
else
  echo "moto_server is not installed: no comparison"
fi
