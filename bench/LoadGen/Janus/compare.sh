#!/usr/bin/env bash
# One command for the side-by-side run: builds the server and the load tool (Release), starts our server and Janus
# (start-janus.sh) on this host, warms our server up with a 5 s run, runs `LoadGen compare` with the given scenario
# options, stops both, keeps the logs.
# Usage: compare.sh [LoadGen scenario options, e.g. --scenario 10x10 --rooms 2 --duration 20 --srtp cm]
# CLIENT_BIND: our clients' address (default: the first non-loopback IPv4 address; Janus leaves loopback out).
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
port=${COMPARE_PORT:-8080}
bind=${CLIENT_BIND:-$(ip -4 -o addr show scope global | awk '{print $4}' | cut -d/ -f1 | head -1)}
[ -n "$bind" ] || { echo "no non-loopback IPv4 address for the clients: set CLIENT_BIND" >&2; exit 1; }
dotnet build -c Release "$root/src/Api" -v q -nologo >/dev/null
dotnet build -c Release "$root/bench/LoadGen" -v q -nologo >/dev/null
janus_dir=$("$root/bench/LoadGen/Janus/start-janus.sh")
(cd "$root/src/Api/bin/Release/net10.0" && exec dotnet Api.dll --urls "http://127.0.0.1:$port" \
    --Signaling:MaxParticipantsPerRoom=200 --Signaling:JoinTokenPermits=100000 --Signaling:HandshakePermits=100000) \
    > "$janus_dir/sfu.log" 2>&1 &
sfu_pid=$!
trap 'kill "$sfu_pid" "$(cat "$janus_dir/janus.pid")" 2>/dev/null || true' EXIT
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 1; done
# Janus is native code; our server JIT-compiles its packet path in its first seconds: warm it up first, off the record.
dotnet "$root/bench/LoadGen/bin/Release/net10.0/LoadGen.dll" --server "http://127.0.0.1:$port" --bind "$bind" "$@" --duration 5 --json /dev/null > /dev/null || true
echo "our server pid $sfu_pid, Janus pid $(cat "$janus_dir/janus.pid"), logs in $janus_dir, clients on $bind, load $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet "$root/bench/LoadGen/bin/Release/net10.0/LoadGen.dll" compare --server "http://127.0.0.1:$port" --server-pid "$sfu_pid" \
    --janus ws://127.0.0.1:8188 --janus-pid "$(cat "$janus_dir/janus.pid")" --bind "$bind" "$@"
