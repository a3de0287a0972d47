#!/usr/bin/env bash
# Issue 6's HTTP load: CDS Hooks patient-view calls with a prefetch of STATEMENTS MedicationStatements and
# OBSERVATIONS Observations, 8 connections, against the real jar (README start command, fresh H2 data dir) with wrk
# (a C load generator: a JVM client on the same 2 cores takes about as much CPU as the server).
# Prints the host (CPU model, MHz, a fixed CPU reference: CpuReference.java), calls/s, p50/p99, and the server's CPU
# per call by thread group and for the whole process (from /proc) over the measured part, with the load average.
# Needs: wrk and bc (Debian packages), `mvn -B -q package -DskipTests` done (server jar and class archive), and the
# fhir-plugin test classes (`mvn -o -q test-compile -pl fhir-plugin`) to write the request.
# usage: server/bench-wrk/cds.sh [warm-up seconds, default 150] [measured seconds, default 30] [statements 20] [observations 500]
set -euo pipefail
cd "$(dirname "$0")/../.."
WARM=${1:-150}
MEASURE=${2:-30}
STATEMENTS=${3:-20}
OBSERVATIONS=${4:-500}
PORT=18098
DATA=$(mktemp -d)
CP_FILE="$DATA/cp.txt"
mvn -o -q dependency:build-classpath -pl fhir-plugin -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null
export BODY="$DATA/request.json"
java -cp "fhir-plugin/target/test-classes:fhir-plugin/target/classes:$(cat "$CP_FILE")" \
  org.chelate.plugin.cdshooks.bench.PatientViewRequestFile "$STATEMENTS" "$OBSERVATIONS" "$BODY"
java -XX:SharedArchiveFile=server/target/chelate.jsa -jar server/target/chelate-server.jar \
  --port $PORT --data-dir "$DATA/db" > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
URL=http://127.0.0.1:$PORT/cds-services/chelate-patient-view
until curl -sf -o /dev/null http://127.0.0.1:$PORT/health; do sleep 0.2; done
echo "request: $STATEMENTS statements + $OBSERVATIONS observations, $(wc -c < "$BODY") bytes;" \
  "uuids in one answer (cards and suggestions): $(curl -sf -X POST -H 'Content-Type: application/json' --data-binary @"$BODY" $URL | grep -o '"uuid"' | wc -l)"
host() {
  echo "host: $(nproc) CPUs, $(lscpu | awk -F': *' '/^Model name/{m=$2} /^CPU family/{f=$2} /^Model:/{n=$2} END {printf "%s (family %s, model %s)", m, f, n}'),"\
    "$(awk -F': *' '/^cpu MHz/{print $2 " MHz"; exit}' /proc/cpuinfo), $(java -version 2>&1 | head -1)"
  java server/bench-wrk/CpuReference.java
}
process_ticks() { awk '{print $14+$15}' /proc/$SERVER/stat; }  # every thread's CPU, also of threads that ended
threads() {  # "group ticks" per server thread group (trailing numbers stripped from the thread names)
  for t in /proc/$SERVER/task/*; do
    echo "$(sed 's/[0-9#-]*$//; s/ .*//' "$t/comm" 2>/dev/null) $(awk '{print $14+$15}' "$t/stat" 2>/dev/null)"
  done | awk 'NF==2 {a[$1]+=$2} END {for (k in a) print k, a[k]}' | sort
}
host  # what ran it: CPU model and a CPU-speed reference, to tell a slower host from a slower build
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== warm-up ${WARM}s (not counted; the JIT needs over a minute at full load on 2 cores)"
wrk -t2 -c8 -d${WARM}s -s server/bench-wrk/post-body.lua $URL | grep -E "Requests/sec|non-2xx"
threads > "$DATA/before"
process_before=$(process_ticks)
echo "== measured ${MEASURE}s, 8 connections"
out=$(wrk -t2 -c8 -d${MEASURE}s --latency -s server/bench-wrk/post-body.lua $URL)
threads > "$DATA/after"
process_after=$(process_ticks)
echo "$out" | grep -E "Requests/sec|non-2xx|^ +(50|99)%|requests in"
n=$(echo "$out" | awk '/requests in/{print $1}')
TICK=$(getconf CLK_TCK)
echo "server CPU per call, by thread group:"
join "$DATA/before" "$DATA/after" | awk -v n="$n" -v tick="$TICK" \
  '{d=$3-$2; total+=d; if (d>0) printf "  %-24s %6.3f ms\n", $1, d*1000/tick/n} END {printf "  %-24s %6.3f ms\n", "total", total*1000/tick/n}'
# the groups above add up only the threads alive at both samples; the process figure also counts threads that ended
# or began in between (e.g. JIT compiler threads the JVM adds and removes)
echo "server CPU per call, whole process: $(echo "scale=3; ($process_after-$process_before)*1000/$TICK/$n" | bc) ms"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
