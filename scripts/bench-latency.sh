#!/usr/bin/env bash
# Benchmark: N containers (default 50) turn unhealthy at once on the real engine. Prints p50/p99 of
# engine event time -> diagnosis exported (per container from /api/v1/diagnoses, cross-checked with
# the dockmedic_diagnosis_latency_seconds histogram) and the agent's peak RSS with the JVM flags
# that scripts/run.sh ships. Not a test: it reports numbers measured in one run.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
N="${1:-50}"
# health-check interval of the fleet: 1s turns all N unhealthy within one second
INTERVAL="${BENCH_INTERVAL:-1s}"
dm_ensure_build_tools
dm_ensure_engine
dm_ensure_jar
dm_ensure_test_image

PORT="$(dm_free_port)"
LOG="$(mktemp)"
FLAG="$(mktemp -d)"
chmod 755 "$FLAG"
PREFIX="dmbench-$$"
cleanup() {
  # BENCH_LOG=FILE keeps the agent's log (one line per diagnosis) for a closer look
  [ -n "${BENCH_LOG:-}" ] && cp "$LOG" "$BENCH_LOG"
  dm_fleet_remove "$PREFIX"
  [ -n "${DM_AGENT_PID:-}" ] && kill "$DM_AGENT_PID" 2>/dev/null && wait "$DM_AGENT_PID" 2>/dev/null || true
  rm -rf "$LOG" "$FLAG"
}
trap cleanup EXIT

dm_log "starting $N containers (healthy until $FLAG/fail exists)"
dm_fleet_start "$PREFIX" bench "$N" "$FLAG" "$INTERVAL"
dm_fleet_await_healthy "$PREFIX" "$N"
dm_log "$N healthy; starting the agent (flags: $DM_JVM_FLAGS)"
dm_start_agent "$PORT" "$LOG"
# how busy the machine is before the burst (the containers' health checks, the idle agent)
read -r _ u1 n1 s1 i1 w1 _ < /proc/stat
sleep 2
read -r _ u2 n2 s2 i2 w2 _ < /proc/stat
BUSY=$(( (u2 + n2 + s2 - u1 - n1 - s1) * 100 / (u2 + n2 + s2 + i2 + w2 - u1 - n1 - s1 - i1 - w1) ))

ENGINE_PIDS="$(pidof dockerd containerd 2>/dev/null || true)"
AGENT_CPU0="$(dm_cpu_ms "$DM_AGENT_PID")"
ENGINE_CPU0="$(dm_cpu_ms $ENGINE_PIDS)"
dm_log "all $N turn unhealthy now"
touch "$FLAG/fail"
dm_fleet_await_diagnosed "$PORT" bench "$N" 30 >/dev/null
AGENT_CPU="$(( $(dm_cpu_ms "$DM_AGENT_PID") - AGENT_CPU0 ))"
ENGINE_CPU="$(( $(dm_cpu_ms $ENGINE_PIDS) - ENGINE_CPU0 ))"
RSS_KB="$(awk '/VmHWM/ {print $2}' "/proc/$DM_AGENT_PID/status")"
curl -fsS "http://127.0.0.1:$PORT/api/v1/diagnoses" >"$FLAG/api.json"
curl -fsS "http://127.0.0.1:$PORT/metrics" >"$FLAG/metrics.txt"
java "$DM_ROOT/scripts/lib/LatencyStats.java" "$FLAG/api.json" "$FLAG/metrics.txt" "$N"
echo "agent peak RSS (VmHWM): $((RSS_KB / 1024)) MiB"
echo "machine busy before the burst: $BUSY% of $(nproc) cores (health checks of $N containers every $INTERVAL)"
echo "CPU time from the burst to the last diagnosis: agent $AGENT_CPU ms, engine (dockerd + containerd) $ENGINE_CPU ms"
if [ -n "${BENCH_NMT:-}" ] && command -v jcmd >/dev/null; then
  jcmd "$DM_AGENT_PID" VM.native_memory summary | grep -E '^-|Total' | sed 's/^/  /'
  grep -E '^(Rss|Pss_Anon|Pss_File|Shared_Clean|Private_Clean|Private_Dirty|Anonymous)' "/proc/$DM_AGENT_PID/smaps_rollup" | sed 's/^/  /'
  pmap -x "$DM_AGENT_PID" | sort -k3 -n -r | sed -n '2,12p' | sed 's/^/  /'
fi
