#!/usr/bin/env bash
# Trains the statistical fallback (a multinomial logistic regression with a benign class) from the
# development corpus src/test/resources/corpus/real-lines.jsonl and writes the shipped resource
# src/main/resources/io/dockmedic/diagnosis/category-model.tsv. The settings live in
# CategoryModelTrainer (test sources), the single source of truth; training is a fixed number of
# full-batch passes in StrictMath arithmetic, so the same corpus gives the same bytes, and
# CategoryModelResourceTest fails when the committed resource is stale.
#   scripts/train-category-model.sh              write the resource
#   scripts/train-category-model.sh tune         cross-validate the shipped settings on the dev corpus only
#                                                (5 folds by source URL; the model alone, and the naive
#                                                Bayes model shipped before); the held-out split is never read
#   scripts/train-category-model.sh tune all     the same over the whole grid (l2, benign weight, pruning, cut)
#   scripts/train-category-model.sh tune wide    only the grid's part beyond the first grid's edge (L2 0 to 0.001,
#                                                benign weight 4 to 32, 300 and 600 passes;
#                                                1200 passes around the best)
#   scripts/train-category-model.sh footprint    resource size, heap per loaded model, ns per line
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
dm_ensure_build_tools
cd "$DM_ROOT"
OUT="$DM_ROOT/target/accuracy"
mkdir -p "$OUT"
CP="$(dm_test_classpath "$OUT")"
java -cp "$CP" io.dockmedic.diagnosis.CategoryModelTrainer "$@"
