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
mvn -B -q -o test-compile >/dev/null 2>&1 || mvn -B -q test-compile >&2
if [ ! -s "$OUT/classpath.txt" ] || [ pom.xml -nt "$OUT/classpath.txt" ]; then
  mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/classpath.txt" >/dev/null
fi
CP="$DM_ROOT/target/test-classes:$DM_ROOT/target/classes:$(cat "$OUT/classpath.txt")"
java -cp "$CP" io.dockmedic.diagnosis.CategoryModelTrainer "$@"
