#!/usr/bin/env bash
# Measures the agent's footprint with the shipped JVM flags (packaging/jvm.options, or
# DOCKMEDIC_JAVA_OPTS to try others) on the real engine. Not a test: it prints the numbers of one run.
#   startup to ready: process start -> /healthz says "event_stream_up":true (RUNS starts before the
#                     containers exist; min, median and max; and the CPU time used until then)
#   SIGTERM to exit:  signal -> process gone, after each of those starts (a clean stop of an idle agent)
#   peak RSS:         VmHWM of one more start, watching N containers (default 100) that all turn
#                     unhealthy at once (a burst of N diagnoses), read once every diagnosis is out
# Usage: scripts/measure-footprint.sh [N [EXTRA_FLAGS...]]
#   each EXTRA_FLAGS argument is one more variant measured on the same containers: the shipped flags
#   plus these (a later flag wins), e.g. scripts/measure-footprint.sh 100 "-Xmx32m" "-Xss256k"
#   a variant with -XX:NativeMemoryTracking=summary also prints NMT's committed sizes (NMT costs ~2 MiB RSS)
#   env: RUNS (starts per variant, default 3), FOOTPRINT_NMT=1 (adds NMT to every variant),
#        NICE=-10 (runs the agent at that priority: on a machine busy with other work, the wall clock
#        then shows what an idle machine would; the CPU time to ready is printed either way),
#        JARS="old.jar new.jar" (compares builds on the same fleet: every variant runs with each jar, with
#        the jvm.options and the class-data sharing archive dockmedic.jsa beside that jar when there are,
#        else the repo's flags and no archive; a build of another commit: git worktree add DIR REV, build
#        it, copy DIR/target/dockmedic.jar and DIR/packaging/jvm.options into one directory and run
#        packaging/make-cds-archive there), BURSTS (bursts per variant and jar, default 1, taken in turn)
# Every start gets a state directory of its own (no replay of an earlier start's events).
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
N="${1:-100}"
shift || true
RUNS="${RUNS:-3}"
dm_ensure_all

read -r -a JAR_LIST <<<"${JARS:-$DM_JAR}"
BURSTS="${BURSTS:-1}"
FLAGS=""
JAR="$DM_JAR"
STARTS=0
WORK="$(mktemp -d)"
chmod 755 "$WORK"
PREFIX="dmfoot-$$"
PID=""
# stop_agent: SIGTERM, then waits for the exit; STOP_MS is the time from the signal to the exit.
STOP_MS=""
stop_agent() {
  [ -n "$PID" ] || return 0
  local t0; t0=$(date +%s%N)
  kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true
  STOP_MS=$((($(date +%s%N) - t0) / 1000000))
  PID=""
}
cleanup() {
  stop_agent
  dm_fleet_remove "$PREFIX"
  rm -rf "$WORK"
}
trap cleanup EXIT

PORT=""
READY_MS=""
READY_CPU_MS=""
# Starts the agent (PID, PORT); sets READY_MS, the milliseconds from exec to ready, and READY_CPU_MS,
# the CPU time it used until then (dm_timed_start).
start_agent() {
  STARTS=$((STARTS + 1))
  mkdir -p "$WORK/state-$STARTS"
  dm_timed_start java "$FLAGS" "$JAR" "$WORK/state-$STARTS" "$WORK/agent.log"
  PID="$DM_AGENT_PID" PORT="$DM_AGENT_PORT" READY_MS="$DM_READY_MS" READY_CPU_MS="$DM_READY_CPU_MS"
}
kb() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$PID/status"; }
# jar_flags JAR: the shipped flags for JAR (the jvm.options beside it, else the repo's; its own archive or none)
jar_flags() {
  local jar="$1" dir
  dir="$(dirname "$jar")"
  if [ "$jar" = "$DM_JAR" ]; then
    DOCKMEDIC_JAVA_OPTS="" dm_jvm_flags run
    return
  fi
  # (in the caller's command substitution: these settings end with it)
  if [ -f "$dir/jvm.options" ]; then DM_JVM_OPTIONS="$dir/jvm.options"; fi
  DM_CDS_ARCHIVE="$dir/dockmedic.jsa" DOCKMEDIC_JAVA_OPTS="" dm_jvm_flags run
}
mib() { awk -v v="$1" 'BEGIN {printf "%.1f", v / 1024}'; }


# startups EXTRA: RUNS starts on the engine before the containers exist (their health probes would
# load the engine, which answers the agent's first requests); sets STARTUP, two lines of numbers.
STARTUP=""
startups() {
  FLAGS="$(jar_flags "$JAR") ${DOCKMEDIC_JAVA_OPTS:-} $1"
  dm_log "flags: $FLAGS MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX"
  local ready=() cpu=() stop=() r
  for r in $(seq 1 "$RUNS"); do
    start_agent
    stop_agent
    ready+=("$READY_MS")
    cpu+=("$READY_CPU_MS")
    stop+=("$STOP_MS")
    dm_log "start $r: ready in $READY_MS ms ($READY_CPU_MS ms CPU), SIGTERM to exit $STOP_MS ms"
  done
  mapfile -t ready < <(printf '%s\n' "${ready[@]}" | sort -n)
  mapfile -t cpu < <(printf '%s\n' "${cpu[@]}" | sort -n)
  mapfile -t stop < <(printf '%s\n' "${stop[@]}" | sort -n)
  STARTUP="startup to ready:    median ${ready[$((RUNS / 2))]} ms (min ${ready[0]}, max ${ready[-1]}; $RUNS starts)
CPU time to ready:   median ${cpu[$((RUNS / 2))]} ms (min ${cpu[0]}, max ${cpu[-1]}); load average $(cut -d' ' -f1 /proc/loadavg), nice ${NICE:-0}
SIGTERM to exit:     median ${stop[$((RUNS / 2))]} ms (min ${stop[0]}, max ${stop[-1]})"
}

# burst EXTRA STARTUP: one start watching the N containers, then all of them turn unhealthy at once;
# prints the numbers.
burst() {
  rm -f "$WORK/fail"
  dm_fleet_await_healthy "$PREFIX" "$N"
  FLAGS="$(jar_flags "$JAR") ${DOCKMEDIC_JAVA_OPTS:-} $1"
  [ -z "${FOOTPRINT_NMT:-}" ] || FLAGS="$FLAGS -XX:NativeMemoryTracking=summary"
  start_agent
  sleep 3
  local idle_kb t0 n=0 burst_ms hwm_kb classes
  idle_kb="$(kb VmRSS)"
  dm_log "all $N turn unhealthy now"
  t0="$(date +%s%N)"
  touch "$WORK/fail"
  n="$(dm_fleet_await_diagnosed "$PORT" footprint "$N" 60)"
  burst_ms=$((($(date +%s%N) - t0) / 1000000))
  # a machine too loaded for the fleet's probes leaves some unhealthy late: the numbers still print, marked
  [ "$n" -ge "$N" ] || dm_log "WARNING: only $n/$N diagnoses after ${burst_ms} ms"
  sleep 2
  hwm_kb="$(kb VmHWM)"
  classes="$(curl -fsS "http://127.0.0.1:$PORT/metrics" | awk '/^jvm_classes_loaded_classes/ {print int($2)}')"
  echo "== flags: shipped${1:+ + $1}; jar $JAR; $(date -u +%H:%M:%S) UTC, load average $(cut -d' ' -f1 /proc/loadavg)"
  echo "$2"
  echo "containers watched:  $N ($n diagnosed ${burst_ms} ms after they were told to fail; health interval 3 s)"
  echo "RSS idle:            $(mib "$idle_kb") MiB"
  echo "peak RSS (VmHWM):    $(mib "$hwm_kb") MiB"
  echo "after the burst:     anon $(mib "$(kb RssAnon)") MiB, file $(mib "$(kb RssFile)") MiB; $(kb Threads) threads; $classes classes"
  if [[ "$FLAGS" == *NativeMemoryTracking* ]]; then
    jcmd "$PID" VM.native_memory summary | grep -E '^-|Total' | sed 's/^/  /'
  fi
  stop_agent
}

VARIANTS=("" "$@")
STARTUPS=()
for extra in "${VARIANTS[@]}"; do
  for JAR in "${JAR_LIST[@]}"; do
    startups "$extra"
    STARTUPS+=("$STARTUP")
  done
done
dm_log "starting $N containers (healthy until $WORK/fail exists)"
dm_fleet_start "$PREFIX" footprint "$N" "$WORK" 3s
for _ in $(seq 1 "$BURSTS"); do
  k=0
  for i in "${!VARIANTS[@]}"; do
    for JAR in "${JAR_LIST[@]}"; do
      burst "${VARIANTS[$i]}" "${STARTUPS[$k]}"
      k=$((k + 1))
    done
  done
done
