#!/usr/bin/env bash
# Issue 15's memory measurement: starts the server with the launcher the build writes (server/target/chelate, the
# README's command; JAVA_OPTS is passed through), reads its RSS when idle after the start, runs the shared
# fhir-bench load (../shared/bench/fhir-bench.sh: 100 Patients, 20 s of Observation creates, 20 s of searches, wrk,
# 8 connections), and reads the RSS again at the end, with the server's CPU per request and the load average.
# Loopback only; every step is bounded. Needs wrk and a built server (`mvn -B -q package -DskipTests`).
# usage: server/bench-wrk/memory.sh [h2|pg]     (pg: CHELATE_DB_URL, CHELATE_DB_USER, CHELATE_DB_PASSWORD set; the
#        database should be empty: the load's searches count every Observation of a patient)
#        JAVA_OPTS="-Xmx1g" server/bench-wrk/memory.sh    (compare other JVM settings)
#        LAUNCH="java -jar server/target/chelate-server.jar" server/bench-wrk/memory.sh   (no launcher: JVM defaults)
set -euo pipefail
cd "$(dirname "$0")/../.."
STORE=${1:-h2}
PORT=${PORT:-18097}
DATA=$(mktemp -d)
BASE=http://127.0.0.1:$PORT
LAUNCH=${LAUNCH:-server/target/chelate}
if [ "$STORE" = h2 ]; then
  unset CHELATE_DB_URL
fi
# shellcheck disable=SC2086
$LAUNCH --port $PORT --data-dir "$DATA/db" > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 300); do curl -sf -o /dev/null $BASE/health && break; sleep 0.2; done
JVM=$(pgrep -P $SERVER java || echo $SERVER)   # the launcher execs java; a plain command is java itself
rss() { awk '/VmRSS/{printf "%d MB", $2/1024}' /proc/$JVM/status; }
cpu() { awk '{print $14+$15}' /proc/$JVM/stat; }
TICK=$(getconf CLK_TCK)
echo "store: $STORE; command: $LAUNCH ${JAVA_OPTS:-}"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
sleep 45   # the after-start warm-up (CDS rules) runs in the first seconds; the launcher's periodic GC every 30 s
echo "RSS idle 45 s after start: $(rss)"
before=$(cpu)
../shared/bench/fhir-bench.sh $BASE/fhir
after=$(cpu)
echo "RSS at the end of the load: $(rss)"
echo "server CPU over the load: $(echo "scale=1; ($after-$before)/$TICK" | bc) s"
sleep 30
echo "RSS 30 s after the load: $(rss)"
curl -sf -o /dev/null -X POST -H 'Content-Type: application/fhir+json' \
  -d '{"resourceType":"MedicationStatement","status":"active","medicationCodeableConcept":{"text":"magnesium glycinate"},"subject":{"reference":"Patient/p1"}}' \
  "$BASE/fhir/MedicationStatement/\$validate" || true
echo "RSS after one \$validate (the validator built on first use): $(rss)"
if command -v jcmd >/dev/null; then
  jcmd $JVM GC.heap_info 2>/dev/null | grep -E 'total|Metaspace' | sed 's/^/  /' || true
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
