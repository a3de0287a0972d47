#!/usr/bin/env bash
# Issue 15's scale-out benchmark: 1 and then 2 server instances (the launcher, server/target/chelate) on one PostgreSQL
# database, each run on a fresh schema, loaded with the fhir-bench requests (../shared/bench obs-create.lua and
# obs-search.lua, wrk): 100 Patients, creates for SECONDS, then searches for SECONDS, 8 connections in all, split
# evenly over the instances (as a round-robin load balancer would). Prints per run: requests/s summed over the
# instances, p50/p99 per instance, non-2xx, the CPU per request of the servers and of PostgreSQL, and the load average.
# Loopback only; bounded.
# usage: PG_URL=jdbc:postgresql://127.0.0.1:5432/chelate PG_USER=chelate PG_PASSWORD=... server/bench-wrk/scale.sh [seconds, default 20]
# Needs wrk, psql (to create the schemas) and a built server.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_PHASE=${1:-20}
: "${PG_URL:?set PG_URL, PG_USER and PG_PASSWORD}"
BENCH=../shared/bench
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
hostport=${PG_URL#jdbc:postgresql://}; hostport=${hostport%%/*}; dbname=${PG_URL##*/}; dbname=${dbname%%\?*}
psql_() { PGOPTIONS='-c client_min_messages=warning' PGPASSWORD=$PG_PASSWORD psql -q -h "${hostport%%:*}" -p "${hostport##*:}" -U "$PG_USER" -d "$dbname" "$@"; }
ticks() { local t=0; for p in "$@"; do t=$((t + $(awk '{print $14+$15}' /proc/$p/stat 2>/dev/null || echo 0))); done; echo $t; }
pg_ticks() { ticks $(pgrep -u postgres postgres || true); }   # every PostgreSQL process of the machine (the server's backends among them)
TICK=$(getconf CLK_TCK)

phase() {  # name lua n-instances bases...
  local name=$1 lua=$2 n=$3; shift 3
  local conns=$((8 / n)) s0 p0 s1 p1 i=0 loads=()
  s0=$(ticks "${JVMS[@]}"); p0=$(pg_ticks)
  for base in "$@"; do
    wrk -t1 -c$conns -d${SECONDS_PER_PHASE}s --latency -s "$BENCH/$lua" "$base/Observation" > "$WORK/$name-$i.txt" &
    loads+=($!)
    i=$((i + 1))
  done
  wait "${loads[@]}"
  s1=$(ticks "${JVMS[@]}"); p1=$(pg_ticks)
  local rate=0 requests=0 errors=0 lat=""
  for f in "$WORK"/$name-*.txt; do
    rate=$(echo "$rate + $(awk '/Requests\/sec/{print $2}' "$f")" | bc)
    requests=$((requests + $(awk '/requests in/{print $1}' "$f")))
    errors=$((errors + $(awk '/Non-2xx/{print $NF}' "$f" | grep . || echo 0)))
    lat="$lat $(awk '/^ +50%/{a=$2} /^ +99%/{b=$2} END {print "p50 " a " p99 " b ";"}' "$f")"
  done
  printf "  %-7s %8.1f req/s, %d requests, non-2xx %d,%s servers %.2f ms CPU/request, PostgreSQL %.2f ms\n" \
    "$name" "$rate" "$requests" "$errors" "$lat" "$(echo "($s1-$s0)*1000/$TICK/$requests" | bc -l)" \
    "$(echo "($p1-$p0)*1000/$TICK/$requests" | bc -l)"
  rm -f "$WORK"/$name-*.txt
}

for n in 1 2; do
  schema="scale_$(date +%s)_$n"
  psql_ -c "CREATE SCHEMA $schema"
  sep='?'; case $PG_URL in *\?*) sep='&';; esac
  BASES=(); JVMS=()
  for i in $(seq 1 $n); do
    port=$((18090 + i))
    CHELATE_DB_URL="$PG_URL${sep}currentSchema=$schema" CHELATE_DB_USER=$PG_USER CHELATE_DB_PASSWORD=$PG_PASSWORD \
      server/target/chelate --port $port --data-dir "$WORK/data$i" > "$WORK/server$i.log" 2>&1 &
    PIDS+=($!)
    BASES+=("http://127.0.0.1:$port/fhir")
  done
  for base in "${BASES[@]}"; do
    for _ in $(seq 1 300); do curl -sf -o /dev/null "${base%/fhir}/health" && break; sleep 0.2; done
  done
  for p in "${PIDS[@]: -$n}"; do JVMS+=($(pgrep -P "$p" java || echo "$p")); done
  for i in $(seq 0 99); do
    curl -sf -o /dev/null -X PUT -H 'Content-Type: application/fhir+json' \
      -d "{\"resourceType\":\"Patient\",\"id\":\"p$i\"}" "${BASES[$((i % n))]}/Patient/p$i"
  done
  echo "== $n instance(s) on one PostgreSQL (schema $schema), 8 connections; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  phase creates obs-create.lua $n "${BASES[@]}"
  phase search obs-search.lua $n "${BASES[@]}"
  for p in "${PIDS[@]: -$n}"; do kill "$p"; done
  wait 2>/dev/null || true
  psql_ -c "DROP SCHEMA $schema CASCADE"
  echo "   load average $(cut -d' ' -f1-3 /proc/loadavg)"
done
