#!/usr/bin/env bash
# Issue 2's create and search loads with wrk (a C load generator, much lighter than a JVM client on a 2-core
# machine) against the real jar on a fresh H2 data dir. Needs: wrk (Debian package), a built
# server/target/chelate-server.jar. Loopback only; every step is bounded by -d.
# usage: server/bench-wrk/run.sh [warm-up seconds, default 20] [measured seconds, default 20]
set -euo pipefail
cd "$(dirname "$0")"
WARM=${1:-20}
MEASURE=${2:-20}
PORT=18099
DATA=$(mktemp -d)
BASE=http://127.0.0.1:$PORT
java -jar ../target/chelate-server.jar --port $PORT --data-dir "$DATA" > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
until curl -sf -o /dev/null $BASE/health; do sleep 0.1; done
for i in $(seq 0 99); do
  curl -sf -o /dev/null -X PUT -H 'Content-Type: application/fhir+json' \
    -d "{\"resourceType\":\"Patient\",\"id\":\"p$i\"}" $BASE/fhir/Patient/p$i
done
cpu() { awk '{print $14+$15}' /proc/$SERVER/stat; }   # server user+system CPU, clock ticks
TICK=$(getconf CLK_TCK)
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== creates: warm-up ${WARM}s (not counted)"
wrk -t2 -c8 -d${WARM}s -s create-observations.lua $BASE/fhir/Observation | grep -E "Requests/sec|non-2xx"
echo "== creates: measured ${MEASURE}s, 8 connections"
before=$(cpu)
out=$(wrk -t2 -c8 -d${MEASURE}s --latency -s create-observations.lua $BASE/fhir/Observation)
after=$(cpu)
echo "$out" | grep -E "Requests/sec|non-2xx|^ +(50|99)%|requests in"
n=$(echo "$out" | awk '/requests in/{print $1}')
echo "server CPU per create: $(echo "scale=3; ($after-$before)*1000/$TICK/$n" | bc) ms"
total=$(curl -sf "$BASE/fhir/Observation?patient=Patient/p1&_count=1" | grep -o '"total":[0-9]*')
echo "matches per patient: $total"
echo "== search by patient: warm-up ${WARM}s (not counted)"
wrk -t2 -c8 -d${WARM}s -s search-by-patient.lua $BASE | grep -E "Requests/sec|non-2xx"
echo "== search by patient: measured ${MEASURE}s, 8 connections"
before=$(cpu)
out=$(wrk -t2 -c8 -d${MEASURE}s -s search-by-patient.lua $BASE)
after=$(cpu)
echo "$out" | grep -E "Requests/sec|non-2xx|^p[0-9]|requests in"
n=$(echo "$out" | awk '/requests in/{print $1}')
echo "server CPU per search: $(echo "scale=3; ($after-$before)*1000/$TICK/$n" | bc) ms"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
