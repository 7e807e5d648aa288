#!/usr/bin/env bash
# Champion/challenger (auto: grid default) vs every fixed setting of the default grid, 3 seeds, one pass.
# The fixed settings are the same grid with margin 0.99: no challenger can be promoted or pruned, so each variant
# learns alone on the same rows and its losses are those of that fixed setting. Usage: from the repository root,
# after `mvn -q package -DskipTests`; writes raw outputs to $OUT (default /tmp/auto-select).
set -euo pipefail
OUT=${OUT:-/tmp/auto-select}
JAR=${JAR:-target/streammtl.jar}
mkdir -p "$OUT"
run() { java -jar "$JAR" "$@"; }
run generate drift --kind abrupt --task regression --generator friedman --rows 20000 --seed 7 --out "$OUT/friedman.csv"
run generate drift --kind abrupt --task binary --generator sea --rows 20000 --seed 7 --out "$OUT/sea.csv"
datasets=("wine deploy/config/wine.yaml src/main/resources/data/wine/red-train.csv src/main/resources/data/wine/red-test.csv"
          "friedman deploy/config/drift-regression.yaml $OUT/friedman.csv -"
          "sea deploy/config/drift-binary.yaml $OUT/sea.csv -")
for entry in "${datasets[@]}"; do
  read -r name spec train test <<< "$entry"
  for seed in 1 2 3; do
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
    sed -e "s/^seed: .*/seed: $seed/" -e "/^auto:/d" "$spec" > "$OUT/$name-$seed-plain.yaml"
    args=(evaluate --config "$OUT/$name-$seed-plain.yaml" --data "$train")
    [ "$test" != - ] && args+=(--test "$test")
    run "${args[@]}" > "$OUT/$name-$seed-plain.txt"
  done
done
