#!/usr/bin/env bash
# CPU per forwarded packet of the server's media workers, in one run: 2x10 and 1x25 with one and two workers against
# a server in its own process (the /metrics bridge on, as deployed), and the --raw-udp floor with the same fan-outs.
# CPU time only (the workers' utime+stime from /proc, the sender thread's for the floor), never wall time.
# Usage: measure-cpu.sh OUTDIR [API_DIR] [LOADGEN_DLL]   (defaults: the Release builds of this tree)
set -euo pipefail
out=${1:?OUTDIR}; mkdir -p "$out"
root=$(cd "$(dirname "$0")/../.." && pwd)
api=${2:-$root/src/Api/bin/Release/net10.0}
loadgen=${3:-$root/bench/LoadGen/bin/Release/net10.0/LoadGen.dll}
port=${MEASURE_PORT:-8090}
seconds=${MEASURE_SECONDS:-20}
log() { echo "$(date -u +%H:%M:%S) $*" | tee -a "$out/summary.txt"; }
log "commit $(git -C "$root" rev-parse --short HEAD); load $(cut -d' ' -f1-3 /proc/loadavg)"
for workers in 1 2; do
  (cd "$api" && exec dotnet Api.dll --urls "http://127.0.0.1:$port" --Sfu:Workers=$workers --Sfu:Port=$((51000 + workers * 10)) \
      --Signaling:MaxParticipantsPerRoom=200 --Signaling:JoinTokenPermits=100000 --Signaling:HandshakePermits=100000 \
      > "$out/server-w$workers.log" 2>&1) &
  pid=$!
  for _ in $(seq 60); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 1; done
  for scenario in "10x10 --rooms 2" "25x25 --video-pps 50"; do
    name="w$workers-$(echo "$scenario" | tr ' ' '_')"
    log "workers $workers scenario $scenario (load $(cut -d' ' -f1 /proc/loadavg))"
    # shellcheck disable=SC2086
    dotnet "$loadgen" --server "http://127.0.0.1:$port" --server-pid "$pid" --scenario $scenario --duration "$seconds" \
        --json "$out/$name.json" > "$out/$name.txt" 2>&1 || true
    grep -E "loss \||worker threads|server CPU per|latency" "$out/$name.txt" | tee -a "$out/summary.txt" || true
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
for fanout in 9 24; do
  log "raw-udp fanout $fanout (load $(cut -d' ' -f1 /proc/loadavg))"
  dotnet "$loadgen" --raw-udp --fanout $fanout --rate $((fanout == 9 ? 27000 : 36000)) --duration 10 > "$out/raw-$fanout.txt" 2>&1 || true
  tail -6 "$out/raw-$fanout.txt" | tee -a "$out/summary.txt"
done
log "done; load $(cut -d' ' -f1-3 /proc/loadavg)"
