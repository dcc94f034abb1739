#!/usr/bin/env bash
# Long fuzzing run of the parsers that take outside input: the jqwik properties *FuzzTest (config,
# web config, rule files, compose files, .env files, control requests, log bytes) with many more
# tries than the normal test run (junit-platform.properties keeps that one to a few seconds each).
#   scripts/fuzz.sh [TRIES] [TEST_PATTERN]     (default 20000 tries per property, every *FuzzTest)
# A failure prints the shrunk input and the seed; jqwik runs the failing case first next time
# (its database is target/jqwik-database). Reproduce one with -Djqwik.seeds.whenfixed / @Property(seed=...).
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
TRIES="${1:-20000}"
PATTERN="${2:-*FuzzTest}"
dm_ensure_build_tools
cd "$DM_ROOT"
dm_log "fuzzing ($PATTERN) with $TRIES tries per property"
exec mvn -B test -Dtest="$PATTERN" -Dsurefire.failIfNoSpecifiedTests=false -Djqwik.tries.default="$TRIES"
