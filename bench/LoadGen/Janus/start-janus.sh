#!/usr/bin/env bash
# Starts Debian's Janus on loopback for `LoadGen --target janus` with its configuration in a temporary directory
# (the system's /etc/janus is left alone). Only the VideoRoom plugin and the WebSocket (8188) and HTTP (8088)
# transports load. Prints the config dir; Janus's pid is in DIR/janus.pid, its log in DIR/janus.log.
# Usage: start-janus.sh [--ice-lite]   (full ICE, the default, is what the load tool is tested with; JANUS_DEBUG_LEVEL=5 logs ICE)
set -euo pipefail
command -v janus >/dev/null || { echo "janus is not installed: apt-get install -y janus" >&2; exit 1; }
dir=$(mktemp -d /tmp/janus-loadgen.XXXXXX)
ice_lite=false
[ "${1:-}" = "--ice-lite" ] && ice_lite=true
cat > "$dir/janus.jcfg" <<CFG
general: { configs_folder = "$dir", plugins_folder = "/usr/lib/x86_64-linux-gnu/janus/plugins",
  transports_folder = "/usr/lib/x86_64-linux-gnu/janus/transports", events_folder = "/usr/lib/x86_64-linux-gnu/janus/events",
  loggers_folder = "/usr/lib/x86_64-linux-gnu/janus/loggers", debug_level = ${JANUS_DEBUG_LEVEL:-3}, session_timeout = 60 }
media: { rtp_port_range = "30000-39999" }
nat: { ice_lite = $ice_lite, ignore_mdns = true }
plugins: { disable = "libjanus_audiobridge.so,libjanus_echotest.so,libjanus_nosip.so,libjanus_recordplay.so,libjanus_sip.so,libjanus_streaming.so,libjanus_textroom.so,libjanus_videocall.so,libjanus_voicemail.so,libjanus_duktape.so,libjanus_lua.so" }
transports: { disable = "libjanus_mqtt.so,libjanus_nanomsg.so,libjanus_pfunix.so,libjanus_rabbitmq.so" }
events: { broadcast = false }
loggers: { disable = "libjanus_jsonlog.so" }
CFG
cat > "$dir/janus.transport.websockets.jcfg" <<CFG
general: { json = "plain", ws = true, ws_port = 8188, ws_interface = "lo", wss = false }
admin: { admin_ws = false, admin_wss = false }
CFG
cat > "$dir/janus.transport.http.jcfg" <<CFG
general: { json = "plain", base_path = "/janus", http = true, port = 8088, interface = "lo", https = false }
admin: { admin_http = false, admin_https = false }
CFG
cat > "$dir/janus.plugin.videoroom.jcfg" <<CFG
general: { }
CFG
janus -F "$dir" -C "$dir/janus.jcfg" > "$dir/janus.log" 2>&1 &
echo $! > "$dir/janus.pid"
echo "$dir"
