# Shared by the benchmark scripts: the jar, a scratch directory that goes away on exit, the server's process.
[ -f target/device-jobs.jar ] || mvn -B -q package -DskipTests
mkdir -p "$(dirname "$OUT")"
WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# CPU seconds (user + system) the server's JVM has used so far: a figure that other load on the machine does not
# inflate, unlike latency.
server_cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$SERVER_PID/stat"
}
