#!/usr/bin/env bash
# Where the heap's bytes go per create and per search: the server started with the launcher (server/target/chelate),
# the fhir-bench requests (../shared/bench obs-create.lua / obs-search.lua, wrk, 8 connections) for a fixed time
# each, recorded by JFR's allocation sampling (jdk.ObjectAllocationSample: each sample weighs the bytes its thread
# allocated since the previous one, so the weights add up to the bytes allocated). Prints bytes per request and the
# top allocation sites (the first frame in a library or in Chelate, else the allocating JDK frame; and the first
# Chelate frame) for each phase.
# Loopback only; bounded. Needs wrk, python3 and a built server.
# usage: server/bench-wrk/alloc-profile.sh [seconds per phase, default 20]
#        TRACE=ArrayTrie server/bench-wrk/alloc-profile.sh   (also the heaviest stacks through a frame matching TRACE)
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_PHASE=${1:-20}
PORT=18095
DATA=$(mktemp -d)
BASE=http://127.0.0.1:$PORT/fhir
BENCH=../shared/bench
# deep stacks (HAPI's are deeper than JFR's default 64 frames), so that the first Chelate frame is in the sample
JAVA_OPTS="${JAVA_OPTS:-} -XX:FlightRecorderOptions:stackdepth=256" server/target/chelate --port $PORT --data-dir "$DATA/db" > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 300); do curl -sf -o /dev/null http://127.0.0.1:$PORT/health && break; sleep 0.2; done
JVM=$(pgrep -P $SERVER java || echo $SERVER)
for i in $(seq 0 99); do
  curl -sf -o /dev/null -X PUT -H 'Content-Type: application/fhir+json' \
    -d "{\"resourceType\":\"Patient\",\"id\":\"p$i\"}" "$BASE/Patient/p$i"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
phase() {  # name lua-script
  wrk -t2 -c8 -d10s -s "$BENCH/$2" "$BASE/Observation" > /dev/null   # warm-up, not recorded
  jcmd $JVM JFR.start name="$1" settings=profile > /dev/null
  local n
  n=$(wrk -t2 -c8 -d${SECONDS_PER_PHASE}s -s "$BENCH/$2" "$BASE/Observation" | awk '/requests in/{print $1}')
  jcmd $JVM JFR.stop name="$1" filename="$DATA/$1.jfr" > /dev/null
  jfr print --json --events jdk.ObjectAllocationSample "$DATA/$1.jfr" > "$DATA/$1.json"
  python3 - "$DATA/$1.json" "$1" "$n" "${TRACE:-}" <<'EOF'
import json, sys, collections
events = json.load(open(sys.argv[1]))["recording"]["events"]
name, n = sys.argv[2], int(sys.argv[3])
total, sites, types = 0, collections.Counter(), collections.Counter()
callers = collections.Counter()
trace, traced = (sys.argv[4] if len(sys.argv) > 4 else ""), collections.Counter()
ours = ("org/chelate/", "ca/uhn/", "org/hl7/", "org/eclipse/jetty/", "org/h2/", "org/postgresql/", "com/zaxxer/")
for e in events:
    v = e["values"]
    w = v["weight"]
    total += w
    types[v["objectClass"]["name"]] += w
    frames = (v.get("stackTrace") or {}).get("frames") or []
    names = [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in frames]
    site = next((q for q in names if q.startswith(ours)), names[0] if names else "?")
    sites[site] += w
    # the first Chelate frame: which of our calls the bytes are spent under
    callers[next((q for q in names if q.startswith("org/chelate/")), "(outside org.chelate)")] += w
    if trace and any(trace in q for q in names):
        traced[tuple(names[:40])] += w
print(f"== {name}: {n} requests, {total / n / 1024:.1f} KB allocated per request")
for site, w in sites.most_common(12):
    print(f"  {w / n / 1024:8.1f} KB  {100 * w / total:5.1f} %  {site}")
print("  by first org.chelate frame:")
for site, w in callers.most_common(8):
    print(f"  {w / n / 1024:8.1f} KB  {100 * w / total:5.1f} %  {site}")
print("  by type:")
for t, w in types.most_common(6):
    print(f"  {w / n / 1024:8.1f} KB  {100 * w / total:5.1f} %  {t}")
for stack, w in traced.most_common(3):
    print(f"  stack through {trace}: {w / n / 1024:.1f} KB per request")
    for q in stack:
        print(f"      {q}")
EOF
}
phase create obs-create.lua
phase search obs-search.lua
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
