#!/usr/bin/env bash
# Issue 15's soak: the server started with the launcher (server/target/chelate, the README's command; JAVA_OPTS passed
# through) on a fresh H2 data dir, then MINUTES minutes of mixed load (soak-mixed.lua: Observation creates, searches by
# patient and CDS Hooks patient-view calls in turn; wrk, 4 connections), one wrk run per minute. Prints, per minute,
# requests/s, non-2xx, the server's RSS and the load average; at the end the RSS against its value after minute 5
# (target: within 10 %) and whether the server logged an OutOfMemoryError. Loopback only; bounded by MINUTES.
# Needs wrk and a built server (`mvn -B -q package -DskipTests`).
# usage: server/bench-wrk/soak.sh [minutes, default 30] [connections, default 4]
#        LAUNCH=/copy/of/target/chelate server/bench-wrk/soak.sh   (a copy, so that a rebuild does not replace the jar)
set -euo pipefail
cd "$(dirname "$0")/../.."
MINUTES=${1:-30}
CONNECTIONS=${2:-4}
PORT=${PORT:-18094}
DATA=$(mktemp -d)
BASE=http://127.0.0.1:$PORT
LAUNCH=${LAUNCH:-server/target/chelate}
$LAUNCH --port $PORT --data-dir "$DATA/db" > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 300); do curl -sf -o /dev/null $BASE/health && break; sleep 0.2; done
JVM=$(pgrep -P $SERVER java || echo $SERVER)
rss_mb() { awk '/VmRSS/{printf "%d", $2/1024}' /proc/$JVM/status; }
for i in $(seq 0 99); do
  curl -sf -o /dev/null -X PUT -H 'Content-Type: application/fhir+json' \
    -d "{\"resourceType\":\"Patient\",\"id\":\"p$i\"}" "$BASE/fhir/Patient/p$i"
done
echo "soak: $MINUTES min, $CONNECTIONS connections, command: $LAUNCH ${JAVA_OPTS:-}; RSS after start $(rss_mb) MB"
echo "minute  requests/s  non-2xx  RSS MB  load average"
at5=
for minute in $(seq 1 "$MINUTES"); do
  out=$(wrk -t1 -c"$CONNECTIONS" -d60s -s server/bench-wrk/soak-mixed.lua $BASE)
  rate=$(echo "$out" | awk '/Requests\/sec/{print $2}')
  errors=$(echo "$out" | awk '/Non-2xx/{print $NF}')
  rss=$(rss_mb)
  printf "%6d  %10s  %7s  %6s  %s\n" "$minute" "$rate" "${errors:-0}" "$rss" "$(cut -d' ' -f1-3 /proc/loadavg)"
  if [ "$minute" -eq 5 ]; then at5=$rss; fi
  kill -0 $JVM 2>/dev/null || { echo "server died"; tail -20 "$DATA/server.log"; exit 1; }
done
echo "Observations stored: $(curl -sf "$BASE/fhir/Observation?_summary=count" | grep -o '"total":[0-9]*')"
if [ -n "$at5" ]; then
  echo "RSS at the end $(rss_mb) MB against $at5 MB after minute 5: $(echo "scale=1; ($(rss_mb)-$at5)*100/$at5" | bc) %"
fi
if grep -q OutOfMemoryError "$DATA/server.log"; then echo "OutOfMemoryError in the server log"; else echo "no OutOfMemoryError"; fi
