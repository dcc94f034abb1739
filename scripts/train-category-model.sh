#!/usr/bin/env bash
# Trains the statistical fallback (a naive Bayes category model) from the development corpus
# src/test/resources/corpus/real-lines.jsonl and writes the shipped resource
# src/main/resources/io/dockmedic/diagnosis/category-model.tsv. Training is counting: the same corpus
# gives the same bytes, and CategoryModelResourceTest fails when the committed resource is stale.
#   scripts/train-category-model.sh          write the resource
#   scripts/train-category-model.sh tune     cross-validate the settings on the dev corpus only
#                                            (5 folds by source URL); the held-out split is never read
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
dm_ensure_build_tools
cd "$DM_ROOT"
OUT="$DM_ROOT/target/accuracy"
mkdir -p "$OUT"
CP="$(dm_test_classpath "$OUT")"
java -cp "$CP" io.dockmedic.diagnosis.CategoryModelTrainer "$@"
