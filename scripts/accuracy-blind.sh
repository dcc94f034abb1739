#!/usr/bin/env bash
# Blind accuracy: for each COMMIT that added lines to the dev corpus, classifies exactly the lines that
# commit added with the rules (and fallback) of its parent, which had not seen them, as scripts/accuracy.sh
# does. Reproduces the "measured before any rule was written from it" numbers of
# docs/rules.md. Builds each parent in a temporary git worktree.
#   scripts/accuracy-blind.sh COMMIT...
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
[ $# -ge 1 ] || dm_die "usage: scripts/accuracy-blind.sh COMMIT..."
dm_ensure_build_tools
C=src/test/resources/corpus/real-lines.jsonl
for ref in "$@"; do
  commit="$(git -C "$DM_ROOT" rev-parse --verify "$ref^{commit}")" || dm_die "not a commit: $ref"
  tree="$(mktemp -d)"
  git -C "$DM_ROOT" worktree add --detach "$tree" "$commit^" >/dev/null
  git -C "$DM_ROOT" diff "$commit^" "$commit" -- "$C" | sed -n 's/^+\({.*\)$/\1/p' >"$tree/blind.jsonl"
  echo "== $(git -C "$DM_ROOT" log -1 --format='%h %s' "$commit" | cut -c1-100)"
  cp="$(DM_ROOT="$tree" dm_test_classpath "$tree/target/accuracy")"
  (cd "$tree" && java -cp "$cp" io.dockmedic.cli.Accuracy "blind=$tree/blind.jsonl") | grep -E '^(== |rules)'
  git -C "$DM_ROOT" worktree remove --force "$tree"
done
