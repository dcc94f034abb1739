#!/usr/bin/env bash
# Matching speed before and after: JMH's `ruleSet` (RuleScanBenchmark) on the same mixed log for an
# earlier commit (built in a temporary git worktree) and for this checkout, interleaved
# (before, after, before, after) so that both see the same machine. Prints each run's iterations,
# its score and the load average. Not a test: numbers of one run on this machine.
#   scripts/bench-rules-ab.sh BEFORE_REF [SIZE_MB]     (default 100; files go to target/bench/)
# JMH options can be changed with JMH_OPTS (default "-f 1 -wi 8 -i 8").
# MODE=cpu times the same work by the CPU time of the thread doing it (src/jmh/.../RuleScanCpu.java,
# compiled against both builds), three rounds interleaved: on a machine other work keeps busy, the
# clock JMH reads also counts the waits for a core. PASSES (default 8) after WARMUP (default 6).
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
[ $# -ge 1 ] || dm_die "usage: scripts/bench-rules-ab.sh BEFORE_REF [SIZE_MB]"
BEFORE="$(git -C "$DM_ROOT" rev-parse --verify "$1^{commit}")" || dm_die "not a commit: $1"
SIZE_MB="${2:-100}"
JMH_OPTS="${JMH_OPTS:--f 1 -wi 8 -i 8}"
dm_ensure_build_tools
cd "$DM_ROOT"
OUT="$DM_ROOT/target/bench"
mkdir -p "$OUT"
OLD="$(mktemp -d)"
trap 'git -C "$DM_ROOT" worktree remove --force "$OLD" >/dev/null 2>&1 || rm -rf "$OLD"' EXIT
git worktree add --detach "$OLD" "$BEFORE" >/dev/null

build() { # DIR -> prints the test classpath of the build in DIR
  (cd "$1" && mvn -B -q test-compile >&2 \
    && mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$1/target/cp.txt" >/dev/null \
    && printf '%s' "$1/target/test-classes:$1/target/classes:$(cat "$1/target/cp.txt")")
}
dm_log "building $BEFORE (before) and this checkout (after)"
CP_BEFORE="$(build "$OLD")"
CP_AFTER="$(build "$DM_ROOT")"
LOG="$OUT/mixed.log"
if [ ! -f "$LOG" ] || [ "$(( $(stat -c %s "$LOG") / 1048576 ))" -lt "$SIZE_MB" ]; then
  java -cp "$CP_AFTER" io.dockmedic.rules.MixedLog "$LOG" "$SIZE_MB" src/test/resources/corpus/real-log-lines.dev.jsonl
fi

run_cpu() { # NAME CLASSPATH
  local load classes
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  classes="$OUT/cpu-$1-classes"
  rm -rf "$classes" && mkdir -p "$classes"
  javac -nowarn -d "$classes" -cp "$2" "$DM_ROOT/src/jmh/java/io/dockmedic/rules/RuleScanCpu.java"
  printf '%-9s load %s  %s\n' "$1" "$load" \
    "$(java -Xms3g -Xmx3g -cp "$classes:$2" io.dockmedic.rules.RuleScanCpu "$LOG" "${WARMUP:-6}" "${PASSES:-8}")"
}

run() { # NAME CLASSPATH DIR
  local load
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  # shellcheck disable=SC2086 # JMH_OPTS is a list of options
  (cd "$3" && java -cp "$2" org.openjdk.jmh.Main 'RuleScanBenchmark.ruleSet$' $JMH_OPTS \
      -jvmArgsAppend "-Ddockmedic.bench.log=$LOG") >"$OUT/ab-$1.txt" 2>&1
  local its score
  its="$(grep -E '^(# Warmup )?Iteration' "$OUT/ab-$1.txt" | sed -E 's/.*: *([0-9.]+) s\/op.*/\1/' | tr '\n' ' ')"
  score="$(grep -E 'RuleScanBenchmark.ruleSet +ss' "$OUT/ab-$1.txt" | awk '{ print $(NF-3), $(NF-2), $(NF-1), $NF }')"
  printf '%-9s load %s  ruleSet %s  (iterations, warm-up first: %s)\n' "$1" "$load" "$score" "$its"
}
echo "before = $BEFORE, after = $(git rev-parse HEAD)$(git diff --quiet HEAD -- src || echo ' + uncommitted changes'), $(( $(stat -c %s "$LOG") / 1000000 )) MB"
if [ "${MODE:-jmh}" = cpu ]; then
  for round in 1 2 3; do
    run_cpu "before-$round" "$CP_BEFORE"
    run_cpu "after-$round" "$CP_AFTER"
  done
  exit 0
fi
run before-1 "$CP_BEFORE" "$OLD"
run after-1 "$CP_AFTER" "$DM_ROOT"
run before-2 "$CP_BEFORE" "$OLD"
run after-2 "$CP_AFTER" "$DM_ROOT"
