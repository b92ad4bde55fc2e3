#!/usr/bin/env bash
# Poll-path benchmark (see docs/benchmarks.md). One command from a clean checkout:
#   bash bench/run.sh            # 10,000 and 100,000 devices, 3 runs of each measurement
#   SIZES="10000" RUNS=1 DURATION=5 bash bench/run.sh   # a quick look
# Needs Java 17, Maven, wrk and psql (installed with apt-get when missing and running as root).
# Everything runs on this machine: the server (embedded PostgreSQL) and wrk share its cores, on loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"10000 100000"}
RUNS=${RUNS:-3}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
PORT=${PORT:-4077}
# Every request is authenticated, as in production. Rate limits are raised so that they do not cap the measured
# capacity: here each device polls ~10 times a second, where real devices poll every few seconds (default limit
# 10 requests/s per device token).
ADMIN_KEY="djk_bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
LIMITS="DEVICE_RATE_PER_SECOND=1000000 DEVICE_RATE_BURST=1000000 OPERATOR_RATE_PER_SECOND=1000 OPERATOR_RATE_BURST=1000"
OUT=${OUT:-bench/results/poll-$(date -u +%Y%m%dT%H%M%SZ).md}

need() {
  if ! command -v "$1" >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then apt-get install -y -qq "$2" >/dev/null; else echo "please install $2" >&2; exit 1; fi
  fi
}
need wrk wrk
need psql postgresql-client

source bench/lib.sh

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# wrk's summary in requests/s, p50 and p99 in ms.
wrk_run() { # url-path script
  local out
  if [ -n "$2" ]; then
    out=$(THREADS="$THREADS" DEVICES="$WORK/devices.txt" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$2" "http://127.0.0.1:$PORT$1")
  else
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "http://127.0.0.1:$PORT$1")
  fi
  if echo "$out" | grep -q "Non-2xx"; then echo "unexpected answers: $out" >&2; exit 1; fi
  local rps p50 p99
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  echo "$rps $(to_ms "$p50") $(to_ms "$p99")"
}
to_ms() { # 1.23ms | 456.00us | 1.2s
  case "$1" in
    *us) echo "$1" | sed 's/us$//' | awk '{printf "%.3f", $1/1000}' ;;
    *ms) echo "$1" | sed 's/ms$//' ;;
    *s) echo "$1" | sed 's/s$//' | awk '{printf "%.3f", $1*1000}' ;;
  esac
}

sql() { PGPASSWORD=postgres psql -h localhost -p "$DB_PORT" -U postgres -d devicejobs -qAtX -c "$1"; }

{
  echo "# Poll-path benchmark"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $(java -version 2>&1 | head -1)"
  echo "- wrk: -t$THREADS -c$CONNECTIONS -d${DURATION}s on the same machine; medians of $RUNS runs"
  echo "- server: defaults (embedded PostgreSQL, durable commits, HTTP_INSTANCES=$(nproc), DB_POOL_SIZE=8), fresh data directory"
  echo "- authentication on: every poll carries its device's token (Authorization: Bearer djd_...); rate limits raised: $LIMITS"
  echo
  echo "| devices | idle polls/s | idle p50 ms | idle p99 ms | /health/live/s | ratio | claims/s | execute-on-all s |"
  echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
} > "$OUT"

for N in $SIZES; do
  rm -rf "$WORK/data"
  env DATA_DIR="$WORK/data" PORT=$PORT HOST=127.0.0.1 ADMIN_API_KEY="$ADMIN_KEY" $LIMITS \
    java -jar target/device-jobs.jar > "$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null && break; sleep 0.5; done
  DB_PORT=$(sed -n 's/.*database postgres@localhost:\([0-9]*\)\/devicejobs.*/\1/p' "$WORK/server.log" | head -1)

  # One fleet of N devices per round (round r's devices are named r<r>-<i>); only round 1's are active at first.
  # Each device's token is djd_bench-<uuid>; only its SHA-256 is stored, as for any device.
  for r in $(seq 1 "$RUNS"); do
    sql "INSERT INTO devices (uuid, device_name, is_active) SELECT gen_random_uuid(), 'r$r-' || i, $r = 1 FROM generate_series(1, $N) AS i"
  done
  sql "UPDATE devices SET token_hash = encode(sha256(convert_to('djd_bench-' || uuid, 'UTF8')), 'hex')"
  sql "VACUUM ANALYZE devices"
  sql "SELECT uuid FROM devices WHERE is_active ORDER BY random()" > "$WORK/devices.txt"

  # Idle polls (round 1's fleet): a first pass over every device fills the poll cache (first polls ask the database).
  DURATION=$(( N / 5000 + 3 )) wrk_run / bench/poll.lua >/dev/null
  idle=(); live=()
  for r in $(seq 1 "$RUNS"); do
    idle+=("$(wrk_run / bench/poll.lua)")
    live+=("$(wrk_run /health/live "")")
  done
  idle_rps=$(printf '%s\n' "${idle[@]}" | awk '{print $1}' | median)
  idle_p50=$(printf '%s\n' "${idle[@]}" | awk '{print $2}' | median)
  idle_p99=$(printf '%s\n' "${idle[@]}" | awk '{print $3}' | median)
  live_rps=$(printf '%s\n' "${live[@]}" | awk '{print $1}' | median)

  # Each round has a fleet of its own (the previous round's devices are deactivated): a job is executed on every
  # active device (timed: the fan-out), then every device polls once and claims its execution of that job.
  # Claim rate = claims / (last claim - first claim), from the database's own timestamps.
  fanout=(); claims=()
  for r in $(seq 1 "$RUNS"); do
    sql "UPDATE devices SET is_active = (device_name LIKE 'r$r-%')"
    sql "SELECT uuid FROM devices WHERE is_active ORDER BY random()" > "$WORK/devices.txt"
    sql "CHECKPOINT"
    fanout+=("$(curl -sf -o /dev/null -w '%{time_total}' -X POST "http://127.0.0.1:$PORT/api/v1/jobs/execute" \
      -H 'Content-Type: application/json' -H "Authorization: Bearer $ADMIN_KEY" \
      -d '{"job_name":"bench","target_type":"all","job_document":{"version":"1.0","steps":[{"type":"runCommand","input":{"command":"true"}}]}}')")
    job=$(sql "SELECT job_id FROM job_executions ORDER BY created_at DESC LIMIT 1")
    wrk_run / bench/poll.lua >/dev/null
    claims+=("$(sql "SELECT round(count(*) / GREATEST(extract(epoch FROM max(started_at) - min(started_at)), 0.001)) FROM device_job_status WHERE job_id = '$job' AND started_at IS NOT NULL")")
  done
  fanout_s=$(printf '%s\n' "${fanout[@]}" | median)
  claims_s=$(printf '%s\n' "${claims[@]}" | median)

  ratio=$(awk -v a="$idle_rps" -v b="$live_rps" 'BEGIN {printf "%.2f", a/b}')
  echo "| $N | $idle_rps | $idle_p50 | $idle_p99 | $live_rps | $ratio | $claims_s | $fanout_s |" >> "$OUT"
  echo "devices=$N idle=${idle[*]} live=${live[*]} fanout=${fanout[*]} claims=${claims[*]}" >&2

  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
done

cat "$OUT"
