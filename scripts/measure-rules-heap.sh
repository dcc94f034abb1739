#!/usr/bin/env bash
# Prints the heap the built-in rules hold in a running agent (rules.RuleSetFootprint, test sources): the
# rule set as loaded, its literal automaton, the automaton with a table row for every state, every
# pattern's RE2 program (what was held when all compiled at load), and how many patterns one
# classification compiles. Not a test: the numbers of one run, with the shipped heap flags.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
dm_ensure_build_tools
cd "$DM_ROOT"
OUT="$DM_ROOT/target/accuracy"
mkdir -p "$OUT"
CP="$(dm_test_classpath "$OUT")"
echo "load average $(cut -d' ' -f1 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M') UTC"
java -XX:+UseSerialGC -Xmx256m -XX:TieredStopAtLevel=1 -cp "$CP" io.dockmedic.rules.RuleSetFootprint
