#!/usr/bin/env bash
# Champion/challenger (auto: grid default) against every fixed setting of the default grid and against the spec as
# written, on every stream the project has: red and white wine, housing, Student Performance, Dow Jones, the gas
# turbine set in year order, Friedman abrupt and gradual, SEA recurring, and generated entities (families); seeds
# 1-3, one pass. The fixed settings are the same grid with margin 0.99 (no promotion or pruning: each variant learns
# alone). Usage: from the repository root after `mvn -q package -DskipTests`; raw outputs under $OUT (default
# /tmp/auto-grid); prints the table of auto-grid-summary.py.
set -euo pipefail
OUT=${OUT:-/tmp/auto-grid}
DATA=${DATA:-../shared/data}
STREAMMTL=${STREAMMTL:-java -jar target/streammtl.jar}
SEEDS=${SEEDS:-1 2 3}
HERE=docs/measurements
mkdir -p "$OUT"
run() { $STREAMMTL "$@"; }
python3 $HERE/families-data.py "$DATA" "$OUT/data" > /dev/null
run generate drift --kind abrupt --task regression --generator friedman --rows 20000 --seed 7 --out "$OUT/friedman-abrupt.csv" > /dev/null
run generate drift --kind gradual --task regression --generator friedman --rows 20000 --seed 7 --out "$OUT/friedman-gradual.csv" > /dev/null
run generate drift --kind recurring --task binary --generator sea --rows 20000 --seed 7 --out "$OUT/sea-recurring.csv" > /dev/null
run generate housing --rows 5000 --seed 7 --out "$OUT/housing.csv" > /dev/null
run generate entities --members 200 --rows 20000 --seed 42 --out "$OUT/entities-200" > /dev/null
W=src/main/resources/data/wine
datasets=("wine-red deploy/config/wine.yaml $W/red-train.csv $W/red-test.csv"
          "wine-white deploy/config/wine.yaml $W/winequality-white.csv -"
          "housing deploy/config/housing.yaml $OUT/housing.csv -"
          "student $HERE/configs/families-student.yaml $OUT/data/student-train.csv $OUT/data/student-test.csv"
          "dow-jones $HERE/configs/families-dow-jones.yaml $OUT/data/dow-jones-train.csv $OUT/data/dow-jones-test.csv"
          "gas-turbine $HERE/configs/drift-gas-turbine.yaml $DATA/gas_turbine_co_nox.csv -"
          "friedman-abrupt deploy/config/drift-regression.yaml $OUT/friedman-abrupt.csv -"
          "friedman-gradual deploy/config/drift-regression.yaml $OUT/friedman-gradual.csv -"
          "sea-recurring deploy/config/drift-binary.yaml $OUT/sea-recurring.csv -"
          "entities-200 $OUT/entities-200/spec.yaml $OUT/entities-200/train.csv $OUT/entities-200/test.csv")
for entry in "${datasets[@]}"; do
  read -r name spec train test <<< "$entry"
  for seed in $SEEDS; do
    for mode in auto fixed; do
      file="$OUT/$name-$seed-$mode.yaml"
      sed -e "s/^seed: .*/seed: $seed/" -e "/^auto:/d" "$spec" > "$file"
      grep -q '^seed:' "$file" || echo "seed: $seed" >> "$file"
      if [ "$mode" = auto ]; then echo "auto: {grid: default}" >> "$file"
      else echo "auto: {grid: default, margin: 0.99}" >> "$file"; fi
      args=(evaluate --config "$file" --data "$train")
      [ "$test" != - ] && args+=(--test "$test")
      run "${args[@]}" > "$OUT/$name-$seed-$mode.txt"
    done
  done
done
python3 $HERE/auto-grid-summary.py "$OUT" $SEEDS
