#!/usr/bin/env bash
# Every drift response against none, prequential, 10 model seeds, on generated drift streams, a stationary stream and
# the gas turbine set in year order; see 2026-12-07-drift-responses.md. Run from the repository root after
# `mvn -q package -DskipTests` (STREAMMTL overrides the command). Raw outputs go to $OUT (default /tmp/drift-responses).
set -euo pipefail
STREAMMTL=${STREAMMTL:-"java -jar target/streammtl.jar"}
OUT=${OUT:-/tmp/drift-responses}
CONFIGS=docs/measurements/configs
mkdir -p "$OUT"
RESPONSES=none,boost_lr,reset_head,background_head,rollback,challenge
SEEDS=1,2,3,4,5,6,7,8,9,10

$STREAMMTL generate drift --kind abrupt --task binary --generator hyperplane --rows 20000 --out "$OUT/hyperplane-abrupt.csv"
$STREAMMTL generate drift --kind recurring --task binary --generator sea --rows 20000 --out "$OUT/sea-recurring.csv"
$STREAMMTL generate drift --kind abrupt --task regression --generator friedman --rows 20000 --out "$OUT/friedman-abrupt.csv"
$STREAMMTL generate drift --kind gradual --task regression --generator friedman --rows 20000 --out "$OUT/friedman-gradual.csv"
# Stationary: the first half of a 40,000-row abrupt stream, before its change.
$STREAMMTL generate drift --kind abrupt --task regression --generator friedman --rows 40000 --out "$OUT/friedman-40k.csv"
head -n 20001 "$OUT/friedman-40k.csv" > "$OUT/friedman-stationary.csv"

run() { # name config data: every response (on every task) × every seed, one evaluate per response
    for response in ${RESPONSES//,/ }; do
        sed "s/drift: {detector: \([a-z_]*\)}/drift: {detector: \1, response: $response}/" "$2" >"$OUT/$1-$response.yaml"
        $STREAMMTL evaluate --config "$OUT/$1-$response.yaml" --data "$3" --compare "seed=$SEEDS" \
            >"$OUT/$1-$response.txt" 2>&1
    done
}

run hyperplane-abrupt $CONFIGS/drift-hyperplane-adwin.yaml "$OUT/hyperplane-abrupt.csv"
run sea-recurring $CONFIGS/drift-binary-adwin.yaml "$OUT/sea-recurring.csv"
run friedman-abrupt $CONFIGS/drift-regression-ph.yaml "$OUT/friedman-abrupt.csv"
run friedman-gradual $CONFIGS/drift-regression-ph.yaml "$OUT/friedman-gradual.csv"
run friedman-stationary $CONFIGS/drift-regression-ph.yaml "$OUT/friedman-stationary.csv"
run gas-turbine $CONFIGS/drift-gas-turbine.yaml /work/shared/data/gas_turbine_co_nox.csv
for f in "$OUT"/*.txt; do
    echo "== $(basename "$f" .txt)"; grep -A3 "mean ± sd" "$f" | tail -n +2; grep "drift challenger" "$f" || true
done
