#!/usr/bin/env bash
# Where one start of the agent spends its time on the way to ready, by step (issue 18; docs/performance.md, "What
# waited on the way to ready"). Not a test: it prints the numbers of RUNS starts (default 3) against the engine, with
# the shipped flags and class-data archive, a fresh state directory each:
#   the JVM's uptime (ms) when it loaded its first class, the CLI's main class, the run command and the agent;
#   then the agent's own DEBUG lines on dockmedic.startup (agent.StartupTimes: each step, its uptime, its thread).
# Then `dockmedic --version` RUNS times each with the archive relocated (this JDK's default) and mapped at its
# preferred address (-XX:ArchiveRelocationMode=0): the uptime at which main's class loads.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
RUNS="${RUNS:-3}"
dm_ensure_all
WORK="$(mktemp -d)"
cleanup() {
  [ -z "${DM_AGENT_PID:-}" ] || kill "$DM_AGENT_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# first_load LOG CLASS: the uptime (ms) at which CLASS was loaded, from an -Xlog:class+load log with uptime decorations
first_load() {
  awk -v c="$2" '$2 == c { gsub(/[^0-9.]/, "", $1); printf "%d", $1 * 1000; exit }' "$1"
}

dm_log "load average $(cut -d' ' -f1-3 /proc/loadavg); $(docker ps -q | wc -l) containers running"
for r in $(seq 1 "$RUNS"); do
  dm_timed_start java "$DM_JVM_FLAGS -Ddockmedic.log.debug=dockmedic.startup -Xlog:class+load:file=$WORK/classes.log:uptime" \
    "$DM_JAR" "$(mktemp -d -p "$WORK")" "$WORK/agent.log"
  sleep 2 # the rules compile after ready: their line comes later
  kill "$DM_AGENT_PID"; wait "$DM_AGENT_PID" 2>/dev/null || true; DM_AGENT_PID=""
  echo "== start $r: ready $DM_READY_MS ms after exec ($DM_READY_CPU_MS ms CPU)"
  echo "first class $(first_load "$WORK/classes.log" java.lang.Object) ms, main $(first_load "$WORK/classes.log" io.dockmedic.cli.Main) ms," \
    "run command $(first_load "$WORK/classes.log" io.dockmedic.cli.RunCommand) ms, agent $(first_load "$WORK/classes.log" io.dockmedic.agent.Agent) ms"
  sed -n 's/.*dockmedic\.startup - //p' "$WORK/agent.log"
done
for mode in 1 0; do
  printf '== --version, ArchiveRelocationMode=%s: main loaded at' "$mode"
  for r in $(seq 1 "$RUNS"); do
    # shellcheck disable=SC2086
    java $(dm_jvm_flags) -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode="$mode" \
      -Xlog:class+load:file="$WORK/version.log":uptime -jar "$DM_JAR" --version >/dev/null
    printf ' %s ms (first class %s ms)' "$(first_load "$WORK/version.log" io.dockmedic.cli.Main)" "$(first_load "$WORK/version.log" java.lang.Object)"
  done
  echo
done
