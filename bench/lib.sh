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
