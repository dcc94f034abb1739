#!/usr/bin/env bash
# Measures start to ready (process start -> /healthz says "event_stream_up":true) on the real engine for
# several JVM set-ups in the same run, first with no containers, then with N running (healthy, probed
# every 3 s, compose-labelled, each with a log like the example stack's). Not a test: it prints the
# numbers of one run. Each start has an empty state directory (no checkpoint to replay).
#   17+cds   what ships: Java 17, packaging/jvm.options, the class-data sharing archive of
#            packaging/dockmedic.classlist (packaging/make-cds-archive)
#   25+cds   Java 25, the same flags and class list, its own archive
#   25+aot   Java 25, the same flags, an AOT cache (JEP 483/514/515) written by a training run
#            (dm_training_run with -XX:AOTCacheOutput)
#   before   (with JAR) another build, e.g. the previous commit's, on Java 17 with its own archive (of the
#            dockmedic.classlist beside JAR when there is one: the list of the commit it was built from)
# The starts alternate between the set-ups (A B C A B C ...), so that each sees the same load.
# Usage: scripts/measure-startup.sh [N [JAR]]
#   env: RUNS (starts per set-up and container count, default 5), JAVA25 (a Java 25 java, default
#        /usr/lib/jvm/temurin-25-jdk-amd64/bin/java; the 25 set-ups are left out without one),
#        NICE (priority of the agent, as in measure-footprint.sh), SETTLE (seconds to wait once the N
#        containers are healthy, default 10: the first start right after the fleet came up was the slowest of
#        its round for every set-up while the engine settled), CLASSES=1 (one more start per set-up
#        with -Xlog:class+load, counting the classes loaded when it is ready), RSS_AFTER=S (each start
#        stays up S seconds after ready, its first rules compiled and the start-up reconcile done, and
#        its resident set (VmRSS) is read then; printed per set-up as "RSS S s after ready")
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
N="${1:-40}"
OTHER_JAR="${2:-}"
RUNS="${RUNS:-5}"
JAVA25="${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
dm_ensure_all

WORK="$(mktemp -d)"
chmod 755 "$WORK"
PREFIX="dmstart-$$"
cleanup() {
  [ -z "${DM_AGENT_PID:-}" ] || kill "$DM_AGENT_PID" 2>/dev/null || true
  [ -z "${DM_TRAINING_NAME:-}" ] || docker rm -f "$DM_TRAINING_NAME" >/dev/null 2>&1 || true
  dm_fleet_remove "$PREFIX"
  rm -rf "$WORK"
}
trap cleanup EXIT

# the shipped flags without Java 17's archive
BASE_FLAGS="$(DM_CDS_ARCHIVE=/nonexistent DOCKMEDIC_JAVA_OPTS="" dm_jvm_flags run)"
NAMES=("17+cds")
JAVAS=(java)
FLAGSETS=("$DM_JVM_FLAGS")
JARS=("$DM_JAR")
if [ -x "$JAVA25" ]; then
  dm_log "Java 25: a class-data sharing archive of the class list, and an AOT cache from a training run"
  "$DM_ROOT/packaging/make-cds-archive" "$JAVA25" "$DM_JAR" "$DM_CLASSLIST" "$DM_JVM_OPTIONS" "$WORK/25.jsa"
  DM_JAVA="$JAVA25" DM_CDS_ARCHIVE=/nonexistent DOCKMEDIC_JAVA_OPTS="-XX:AOTCacheOutput=$WORK/dockmedic.aot" \
    dm_training_run "$WORK"
  [ -s "$WORK/dockmedic.aot" ] || { cat "$WORK/training.log" >&2; dm_die "the training run wrote no AOT cache"; }
  NAMES+=("25+cds" "25+aot")
  JAVAS+=("$JAVA25" "$JAVA25")
  FLAGSETS+=("$BASE_FLAGS -XX:SharedArchiveFile=$WORK/25.jsa" "$BASE_FLAGS -XX:AOTCache=$WORK/dockmedic.aot")
  JARS+=("$DM_JAR" "$DM_JAR")
else
  dm_log "no Java 25 at $JAVA25: Java 17 only"
fi
if [ -n "$OTHER_JAR" ]; then
  cp "$OTHER_JAR" "$WORK/before.jar"
  # its own class list when one lies beside it (the list of the commit it was built from), else this one's
  list="$(dirname "$OTHER_JAR")/dockmedic.classlist"
  [ -f "$list" ] || list="$DM_CLASSLIST"
  "$DM_ROOT/packaging/make-cds-archive" java "$WORK/before.jar" "$list" "$DM_JVM_OPTIONS" "$WORK/before.jsa"
  NAMES+=("before")
  JAVAS+=(java)
  FLAGSETS+=("$BASE_FLAGS -XX:SharedArchiveFile=$WORK/before.jsa")
  JARS+=("$WORK/before.jar")
fi

# stop: SIGTERM, then waits for the exit.
stop() {
  kill "$DM_AGENT_PID" 2>/dev/null && wait "$DM_AGENT_PID" 2>/dev/null || true
  DM_AGENT_PID=""
}

# start_once I [EXTRA]: one start of set-up I (EXTRA: more flags) with a fresh state directory; stays running.
start_once() {
  local state
  state="$(mktemp -d -p "$WORK")"
  dm_timed_start "${JAVAS[$1]}" "${FLAGSETS[$1]} ${2:-}" "${JARS[$1]}" "$state" "$WORK/agent.log"
}

# stats FILE: "median M ms (min A, max B)" of the numbers in FILE.
stats() {
  sort -n "$1" | awk '{v[NR] = $1} END {printf "median %d ms (min %d, max %d)", v[int(NR / 2) + 1], v[1], v[NR]}'
}

# round LABEL: RUNS starts of every set-up, alternating; prints one line per set-up.
round() {
  local r i load0
  load0="$(cut -d' ' -f1 /proc/loadavg)"
  for i in "${!NAMES[@]}"; do : >"$WORK/ready.$i"; : >"$WORK/cpu.$i"; : >"$WORK/rss.$i"; done
  for r in $(seq 1 "$RUNS"); do
    for i in "${!NAMES[@]}"; do
      start_once "$i"
      if [ -n "${RSS_AFTER:-}" ]; then
        sleep "$RSS_AFTER"
        awk '/^VmRSS:/ {print int($2 / 1024)}' "/proc/$DM_AGENT_PID/status" >>"$WORK/rss.$i"
      fi
      stop
      echo "$DM_READY_MS" >>"$WORK/ready.$i"
      echo "$DM_READY_CPU_MS" >>"$WORK/cpu.$i"
      dm_log "$1, ${NAMES[$i]}, start $r: ready in $DM_READY_MS ms ($DM_READY_CPU_MS ms CPU)"
    done
  done
  echo "== $1 (load average $load0 before, $(cut -d' ' -f1 /proc/loadavg) after; $RUNS starts each, nice ${NICE:-0})"
  for i in "${!NAMES[@]}"; do
    printf '%-8s ready %s; CPU to ready %s' "${NAMES[$i]}" "$(stats "$WORK/ready.$i")" "$(stats "$WORK/cpu.$i")"
    [ -z "${RSS_AFTER:-}" ] || printf '; RSS %s s after ready %s' "$RSS_AFTER" "$(stats "$WORK/rss.$i" | sed 's/ ms/ MiB/; s/)/ MiB)/')"
    echo
  done
  if [ -n "${CLASSES:-}" ]; then
    for i in "${!NAMES[@]}"; do
      start_once "$i" "-Xlog:class+load:file=$WORK/classes.log"
      printf '%-8s classes loaded when ready: %d\n' "${NAMES[$i]}" "$(grep -c . "$WORK/classes.log")"
      stop
    done
  fi
}

round "no containers"
dm_log "starting $N containers"
dm_fleet_start "$PREFIX" startup "$N" "$WORK" 3s
dm_fleet_await_healthy "$PREFIX" "$N"
sleep "${SETTLE:-10}"
round "$N containers running"
