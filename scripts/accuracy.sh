#!/usr/bin/env bash
# Accuracy of the built-in rules on real log lines, each line classified alone exactly as
# `dockmedic diagnose --log -` classifies a one-line input, with the rules alone and with the
# statistical fallback ("probable", scripts/train-category-model.sh) for lines no rule matched.
# Prints, per corpus and per category, the lines, recall, and for benign lines the false-positive
# rate, both ways, then the misses:
#   dev       src/test/resources/corpus/real-lines.jsonl            misses listed
#   heldout   src/test/resources/corpus/real-lines.heldout.jsonl    misses as counts only (keep it unseen)
#   shared    ../shared/corpus/real-log-lines.dev.jsonl             misses listed (skipped if missing)
# The shared corpus is looked up next to the repository (for a git worktree: next to its main
# checkout); DM_SHARED_CORPUS overrides the path.
#   scripts/accuracy.sh
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
dm_ensure_build_tools
cd "$DM_ROOT"
OUT="$DM_ROOT/target/accuracy"
mkdir -p "$OUT"

shared="${DM_SHARED_CORPUS:-}"
if [ -z "$shared" ]; then
  shared="$DM_ROOT/../shared/corpus/real-log-lines.dev.jsonl"
  if [ ! -f "$shared" ] && common="$(git rev-parse --path-format=absolute --git-common-dir 2>/dev/null)"; then
    shared="$(dirname "$common")/../shared/corpus/real-log-lines.dev.jsonl"
  fi
fi

CP="$(dm_test_classpath "$OUT")"
C=src/test/resources/corpus
java -cp "$CP" io.dockmedic.cli.Accuracy \
  "dev=$C/real-lines.jsonl" \
  "heldout=$C/real-lines.heldout.jsonl:hidden" \
  "shared=$shared"
