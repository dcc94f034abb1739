#!/usr/bin/env bash
# Benchmark: classify a ~100 MB mixed log (mostly benign lines, ~1% real failure lines from the
# corpus) with every built-in rule, single-threaded, with JMH; in the same run time the naive loop
# (java.util.regex, every pattern on every line), `grep -c -E -f` and ripgrep (`rg -c -f`) with the
# rules' patterns turned into ERE, and Hyperscan scanning the same file line by line with the same
# patterns (src/jmh/c/hs-lines.c, built here against Debian's libhyperscan-dev). Prints MB/s and the
# ratios, and the load average. Not a test: numbers of one run on this machine.
#   scripts/bench-rules.sh [SIZE_MB]      (default 100; files go to target/bench/)
# JMH options can be added with JMH_OPTS, e.g. JMH_OPTS="-wi 1 -i 1" for a quick look.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
SIZE_MB="${1:-100}"
dm_ensure_build_tools
command -v rg >/dev/null && [ -f /usr/include/hs/hs.h ] || dm_apt_install ripgrep libhyperscan-dev gcc
cd "$DM_ROOT"
OUT="$DM_ROOT/target/bench"
mkdir -p "$OUT"

dm_log "compiling the benchmarks (src/jmh/java)"
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/classpath.txt" >/dev/null
CP="$DM_ROOT/target/test-classes:$DM_ROOT/target/classes:$(cat "$OUT/classpath.txt")"
LOG="$OUT/mixed.log"

if [ ! -f "$LOG" ] || [ "$(( $(stat -c %s "$LOG") / 1048576 ))" -lt "$SIZE_MB" ]; then
  java -cp "$CP" io.dockmedic.rules.MixedLog "$LOG" "$SIZE_MB" src/test/resources/corpus/real-log-lines.dev.jsonl
fi
BYTES="$(stat -c %s "$LOG")"

# grep: the rules' patterns as ERE (those grep itself rejects are dropped and listed)
java -cp "$CP" io.dockmedic.rules.GrepPatterns "$OUT" >"$OUT/grep-patterns.txt"
for f in patterns.ere patterns-i.ere; do
  : >"$OUT/ok-$f"
  while IFS= read -r p; do
    if grep -E -e "$p" /dev/null 2>/dev/null; [ $? -eq 2 ]; then
      echo "skipped (grep rejects): $p" >>"$OUT/grep-patterns.txt"
    elif rg -e "$p" /dev/null 2>/dev/null; [ $? -eq 2 ]; then
      # one list for grep, ripgrep and Hyperscan: a pattern ripgrep rejects made its whole -f run fail
      echo "skipped (rg rejects): $p" >>"$OUT/grep-patterns.txt"
    else
      printf '%s\n' "$p" >>"$OUT/ok-$f"
    fi
  done <"$OUT/$f"
done
grep '^skipped' "$OUT/grep-patterns.txt" | sed 's/^/  /' >&2 || true
tail -n 1 "$OUT/grep-patterns.txt" | grep -v '^skipped' >&2 || true
export LC_ALL=C.UTF-8
best=""
for _ in 1 2 3; do
  t0=$(date +%s%N)
  n1=$(grep -c -E -f "$OUT/ok-patterns.ere" "$LOG" || true)
  n2=$(grep -c -i -E -f "$OUT/ok-patterns-i.ere" "$LOG" || true)
  t=$(( $(date +%s%N) - t0 ))
  if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
done
GREP_S="$(awk -v ns="$best" 'BEGIN { printf "%.3f", ns / 1e9 }')"
dm_log "grep -c -E -f: $n1 + $n2 (-i) matching lines, best of 3: ${GREP_S}s"

best=""
for _ in 1 2 3; do
  t0=$(date +%s%N)
  # exit 1 is "no line matched"; 2 is an error, which must not pass for a fast run
  r1=$(rg -c -f "$OUT/ok-patterns.ere" "$LOG") || [ $? -eq 1 ] || dm_die "rg failed on $OUT/ok-patterns.ere"
  r2=$(rg -c -i -f "$OUT/ok-patterns-i.ere" "$LOG") || [ $? -eq 1 ] || dm_die "rg -i failed on $OUT/ok-patterns-i.ere"
  t=$(( $(date +%s%N) - t0 ))
  if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
done
RG_S="$(awk -v ns="$best" 'BEGIN { printf "%.3f", ns / 1e9 }')"
dm_log "rg -c -f: $r1 + $r2 (-i) matching lines, best of 3: ${RG_S}s"

gcc -O2 -o "$OUT/hs-lines" src/jmh/c/hs-lines.c -lhs
best=""
for _ in 1 2 3; do
  read -r hn hused hskipped hs <<<"$("$OUT/hs-lines" "$OUT/ok-patterns.ere" "$OUT/ok-patterns-i.ere" "$LOG" 2>"$OUT/hs-skipped.txt")"
  if [ -z "$best" ] || awk -v a="$hs" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$hs; fi
done
HS_S="$best"
dm_log "hyperscan per line: $hn matching lines ($hused patterns, $hskipped skipped: $OUT/hs-skipped.txt), best of 3: ${HS_S}s"

dm_log "JMH: RuleScanBenchmark on $LOG ($((BYTES / 1048576)) MB), single thread"
java -cp "$CP" org.openjdk.jmh.Main 'io.dockmedic.rules.RuleScanBenchmark' -jvmArgsAppend "-Ddockmedic.bench.log=$LOG" \
  -rf json -rff "$OUT/jmh.json" ${JMH_OPTS:-}
java -cp "$CP" io.dockmedic.rules.BenchReport "$OUT/jmh.json" "$BYTES" "grep -c -E -f=$GREP_S" "rg -c -f=$RG_S" \
  "hyperscan per line=$HS_S"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); cores: $(nproc)"
echo "grep used $(wc -l <"$OUT/ok-patterns.ere") + $(wc -l <"$OUT/ok-patterns-i.ere") (-i) patterns; skipped $(grep -c '^skipped' "$OUT/grep-patterns.txt" || true) (list: $OUT/grep-patterns.txt)"
