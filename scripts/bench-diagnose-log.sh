#!/usr/bin/env bash
# Benchmark: `dockmedic diagnose --log FILE` end to end (reading, cleaning, redacting and classifying
# the whole input, then the report) on the ~100 MB mixed log of scripts/bench-rules.sh, with the
# flags the launcher gives a CLI command (packaging/jvm.options without the daemon-only lines).
# Prints, per run, elapsed and CPU seconds, MB/s and peak RSS, and the load average; then the same command on a
# one-line input (the fixed cost: JVM start, the rules, the report) and the scan's MB/s without it. Not a test: the
# numbers of one run on this machine; compare with `ruleSet` of scripts/bench-rules.sh (same file).
#   scripts/bench-diagnose-log.sh [SIZE_MB]      (default 100; RUNS=3; files in target/bench/)
#   JARS="old.jar new.jar" compares builds in the same run: each run times every jar in turn, each with a
#   class-data sharing archive of its own (made here from the current class list, as the launcher's is; an
#   archive made for another jar is ignored by the JVM), and the reports must be the same apart from their
#   time stamp (a build of another commit:
#   git worktree add /tmp/old REV && (cd /tmp/old && mvn -q -DskipTests package)).
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
SIZE_MB="${1:-100}"
RUNS="${RUNS:-3}"
dm_ensure_build_tools
command -v /usr/bin/time >/dev/null 2>&1 || dm_apt_install time
dm_ensure_jar
cd "$DM_ROOT"
OUT="$DM_ROOT/target/bench"
mkdir -p "$OUT"
LOG="$OUT/mixed.log"
if [ ! -f "$LOG" ] || [ "$(( $(stat -L -c %s "$LOG") / 1048576 ))" -lt "$SIZE_MB" ]; then
  dm_log "making $LOG ($SIZE_MB MB)"
  mvn -B -q test-compile
  mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/classpath.txt" >/dev/null
  java -cp "$DM_ROOT/target/test-classes:$DM_ROOT/target/classes:$(cat "$OUT/classpath.txt")" \
    io.dockmedic.rules.MixedLog "$LOG" "$SIZE_MB" src/test/resources/corpus/real-log-lines.dev.jsonl
fi
MB="$(awk -v b="$(stat -L -c %s "$LOG")" 'BEGIN {printf "%.1f", b / 1048576}')"
CLI_FLAGS="$(dm_jvm_flags)"
echo "diagnose --log $LOG ($MB MiB), flags: $CLI_FLAGS"
read -r -a JAR_LIST <<<"${JARS:-$DM_JAR}"
ARCHIVES=()
j=0
for jar in "${JAR_LIST[@]}"; do
  j=$((j + 1))
  if [ "$jar" = "$DM_JAR" ]; then
    ARCHIVES+=("$DM_CDS_ARCHIVE")
  else
    "$DM_ROOT/packaging/make-cds-archive" java "$jar" "$DM_CLASSLIST" "$DM_JVM_OPTIONS" "$OUT/jar-$j.jsa" \
      || dm_die "cannot make a class-data sharing archive for $jar"
    ARCHIVES+=("$OUT/jar-$j.jsa")
  fi
done
# a line a rule matches, as the big log has: a log nothing matches also loads the fallback model (~0.1 s more)
echo '2026-12-07 10:00:00.000 UTC [42] FATAL:  password authentication failed for user "app"' >"$OUT/one-line.log"
for r in $(seq 1 "$RUNS"); do
  j=0
  for jar in "${JAR_LIST[@]}"; do
    j=$((j + 1))
    flags="${CLI_FLAGS/-XX:SharedArchiveFile=$DM_CDS_ARCHIVE/-XX:SharedArchiveFile=${ARCHIVES[$((j - 1))]}}"
    load="$(cut -d' ' -f1 /proc/loadavg)"
    rc=0
    # shellcheck disable=SC2086
    /usr/bin/time -f '%e %U %S %M' -o "$OUT/time.txt" java $flags -jar "$jar" diagnose --log "$LOG" --format json \
      >"$OUT/diagnose-$j.json" 2>"$OUT/diagnose.err" || rc=$?
    [ "$rc" = 0 ] || [ "$rc" = 3 ] || { cat "$OUT/diagnose.err" >&2; dm_die "diagnose --log exited $rc"; }
    if [ "$j" -gt 1 ] && ! diff -q <(grep -v '"diagnosed_at"' "$OUT/diagnose-1.json") <(grep -v '"diagnosed_at"' "$OUT/diagnose-$j.json") >/dev/null; then
      dm_die "jar $j reports differently from jar 1 ($OUT/diagnose-1.json, $OUT/diagnose-$j.json)"
    fi
    read -r elapsed user sys maxkb <"$OUT/time.txt"
    # the fixed cost: the same command on a one-line input
    # shellcheck disable=SC2086
    /usr/bin/time -f '%e' -o "$OUT/time-one.txt" java $flags -jar "$jar" diagnose --log "$OUT/one-line.log" \
      --format json >/dev/null 2>"$OUT/diagnose.err" || true
    fixed="$(tail -n 1 "$OUT/time-one.txt")" # time writes "Command exited with non-zero status 3" first
    awk -v r="$r" -v j="$([ "${#JAR_LIST[@]}" -gt 1 ] && echo " jar $j" || true)" -v e="$elapsed" -v u="$user" -v s="$sys" -v k="$maxkb" -v mb="$MB" -v l="$load" -v rc="$rc" -v f="$fixed" 'BEGIN {
      printf "run %d%s: %.2f s elapsed, %.2f s CPU (user %.2f, sys %.2f), %.1f MiB/s, peak RSS %.1f MiB, exit %d; load average %s before; one-line input %.2f s, so the scan %.1f MiB/s\n",
        r, j, e, u + s, u, s, mb / e, k / 1024, rc, l, f, (e > f ? mb / (e - f) : 0) }'
  done
done
[ "${#JAR_LIST[@]}" -le 1 ] || { j=0; for jar in "${JAR_LIST[@]}"; do j=$((j + 1)); echo "jar $j: $jar"; done; }
