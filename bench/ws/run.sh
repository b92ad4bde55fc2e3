#!/usr/bin/env bash
# Live status benchmark (see bench/ws/README.md). One command from a clean checkout:
#   bash bench/ws/run.sh                      # 1,000 device sockets + 10 "all" sockets, 1,000 updates/s for 60 s
#   DURATION=10 bash bench/ws/run.sh          # a quick look
# The first 30 s of load are warm-up (WARMUP): a freshly started server JVM compiles its hot paths during the
# first 15-20 s (the C2 compiler thread alone takes ~10 s of CPU), on the two cores that the generator and
# PostgreSQL share, and its latency then is not the steady state. The per-second lines show that phase too.
# Needs Java 17 and Maven. The server (embedded PostgreSQL, durable commits) and the load generator share this
# machine's cores, on loopback only.
set -euo pipefail
cd "$(dirname "$0")/../.."

export PORT=${PORT:-4078}
export DEVICES=${DEVICES:-1000} ALL_SOCKETS=${ALL_SOCKETS:-10} RATE=${RATE:-1000} DURATION=${DURATION:-60} WARMUP=${WARMUP:-30}
export ADMIN_KEY="djk_bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
# The generator registers the fleet and opens a thousand sockets with the admin key in seconds, and each device
# updates once a second: limits are raised so that they do not shape the measurement.
LIMITS="DEVICE_RATE_PER_SECOND=1000 DEVICE_RATE_BURST=1000 OPERATOR_RATE_PER_SECOND=100000 OPERATOR_RATE_BURST=100000"
OUT=${OUT:-bench/results/ws-$(date -u +%Y%m%dT%H%M%SZ).md}

source bench/lib.sh

env DATA_DIR="$WORK/data" HOST=127.0.0.1 ADMIN_API_KEY="$ADMIN_KEY" $LIMITS \
  java -jar target/device-jobs.jar > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null && break; sleep 0.5; done

{
  echo "# Live status benchmark"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $(java -version 2>&1 | head -1)"
  echo "- server: defaults (embedded PostgreSQL, durable commits, HTTP_INSTANCES=$(nproc), DB_POOL_SIZE=8), fresh data directory; $LIMITS"
  echo "- load: $DEVICES sockets each subscribed to one device (subscribe:jobs) and $ALL_SOCKETS subscribed to all;"
  echo "  $RATE status updates/s (each device alternately claims its next job and reports it SUCCEEDED) for $DURATION s after $WARMUP s of warm-up"
  echo "- latency: from an update's HTTP response to its job:status frame on a socket, both timed by the generator"
  echo
  CPU_BEFORE=$(server_cpu_seconds)
  java -cp target/device-jobs.jar bench/ws/WsLoad.java
  echo
  echo "Server JVM CPU during the run (setup, warm-up and measurement): $(awk -v a="$CPU_BEFORE" -v b="$(server_cpu_seconds)" 'BEGIN { printf "%.1f", b - a }') s"
} | tee "$OUT"
curl -sf "http://127.0.0.1:$PORT/metrics" | grep -E '^devicejobs_(live|ws)_' | grep -v '_bucket' > "$WORK/metrics.txt" || true
{
  echo
  echo "Server metrics at the end:"
  echo
  echo '```'
  cat "$WORK/metrics.txt"
  echo '```'
} | tee -a "$OUT"
