#!/usr/bin/env bash
# Cold start of two builds, alternately (the machine is shared: compare medians of interleaved runs). Each DIR holds a
# launcher (chelate), its chelate-server.jar and a chelate.jsa trained in that DIR (a class archive only maps for the
# jar path it was written with):
#   cp server/target/{chelate,chelate-server.jar} DIR/ && java -XX:ArchiveClassesAtExit=DIR/chelate.jsa \
#     -Xlog:disable -Xlog:all=error:stderr -cp DIR/chelate-server.jar org.chelate.server.ClassArchiveTraining
# Each run: a fresh data dir and a free port, /fhir/metadata polled every 20 ms; prints the wall time to the first 200,
# the server's CPU (user + system, /proc) at that moment, its "started in" line, and the load average before each pair.
# usage: server/bench-wrk/coldstart-ab.sh DIR_A DIR_B [pairs, default 5]
set -euo pipefail
A=$1; B=$2; PAIRS=${3:-5}
once() {
  local dir=$1 port data pid start end cpu
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  data=$(mktemp -d)
  start=$(date +%s.%N)
  "$dir/chelate" --port "$port" --data-dir "$data" > "$data.log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/fhir/metadata"; do
    kill -0 "$pid" 2>/dev/null || { echo "$dir: the server stopped"; tail -5 "$data.log"; exit 1; }
    sleep 0.02
  done
  end=$(date +%s.%N)
  cpu=$(awk '{print ($14 + $15) / 100}' "/proc/$pid/stat")
  echo "$dir wall $(echo "$end - $start" | bc) s cpu $cpu s $(grep -o 'started in [0-9]* ms' "$data.log" || true)"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$data" "$data.log"
}
for _ in $(seq "$PAIRS"); do
  echo "load $(cut -d' ' -f1-3 /proc/loadavg) $(date -u +%H:%M:%S) UTC"
  once "$A"
  once "$B"
done
