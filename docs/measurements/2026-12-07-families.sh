#!/usr/bin/env bash
# Task families (issue 16): test loss per member of one pooled model (key ignored), one model per member
# (evaluate --baseline single-task: its own rows, --passes times; and with --same-steps, as many examples as the
# shared model, where that is cheap), a pooled model with the key one-hot as an input (entities only), and a pooled linear model with a per-member intercept (families-linear.py, numpy), one pass and
# five, seeds 1-5 (mean ± sd), on generated entities (K = 20, 200, 2,000), Dow Jones (member = stock) and Student
# Performance (member = subject/school). Usage: from the repository root after `mvn -q package -DskipTests`;
# writes raw outputs to $OUT (default /tmp/families) and prints the tables of 2026-12-07-families.md. DATASETS
# picks some of entities-20 entities-200 entities-2000 dow-jones student (default: all).
set -euo pipefail
OUT=${OUT:-/tmp/families}
DATA=${DATA:-../shared/data}
STREAMMTL=${STREAMMTL:-java -jar target/streammtl.jar}
SEEDS=${SEEDS:-1,2,3,4,5}
DATASETS=${DATASETS:-entities-20 entities-200 entities-2000 dow-jones student}
# one model per member with the shared model's steps costs the shared model's training once per member
# (entities-20: about 4 minutes more here)
SAME_STEPS=${SAME_STEPS:-dow-jones student}
HERE=docs/measurements
CONFIGS=$HERE/configs
mkdir -p "$OUT"
run() { $STREAMMTL "$@"; }

python3 $HERE/families-data.py "$DATA" "$OUT/data"
declare -A ROWS=([20]=10000 [200]=20000 [2000]=40000)
for k in 20 200 2000; do
  run generate entities --members "$k" --rows "${ROWS[$k]}" --seed 42 --out "$OUT/entities-$k"
  # the pooled model with the key one-hot as an input: the generated (family) spec without per:, and the entity a
  # categorical feature whose vocabulary lists every entity of the training rows
  python3 - "$OUT/entities-$k" <<'PY'
import csv, sys
d = sys.argv[1]
with open(d + "/train.csv") as f:
    entities = sorted({row["entity"] for row in csv.DictReader(f)})
spec = open(d + "/spec.yaml").read().replace(", per: entity", "")
spec = spec.replace("features:\n", "features:\n  - {name: entity, type: categorical, vocabulary: [%s]}\n"
                    % ", ".join(entities), 1)
open(d + "/onehot.yaml", "w").write(spec)
PY
done

STUDENT_FEATURES=age,Medu,Fedu,traveltime,studytime,failures,famrel,freetime,goout,Dalc,Walc,health,absences,sex
STUDENT_FEATURES+=,address,famsize,Pstatus,Mjob,Fjob,reason,guardian,schoolsup,famsup,paid,activities,nursery
STUDENT_FEATURES+=,higher,internet,romantic
DOW_FEATURES=open,high,low,close,volume,percent_change_price,percent_change_volume_over_last_wk
DOW_FEATURES+=,previous_weeks_volume,days_to_next_dividend,percent_return_next_dividend
# name | pooled spec | family spec | train | test | key | targets for the linear model (task:column:kind,...) | its
# features
datasets=()
for k in 20 200 2000; do
  datasets+=("entities-$k|$CONFIGS/families-entities-pooled.yaml|$OUT/entities-$k/spec.yaml|$OUT/entities-$k/train.csv|$OUT/entities-$k/test.csv|entity|y:y:regression,above:above:binary|x1,x2,x3,x4,x5")
done
datasets+=("dow-jones|$CONFIGS/families-dow-jones.yaml|$CONFIGS/families-dow-jones-family.yaml|$OUT/data/dow-jones-train.csv|$OUT/data/dow-jones-test.csv|stock|next_week:percent_change_next_weeks_price:regression|$DOW_FEATURES")
datasets+=("student|$CONFIGS/families-student.yaml|$CONFIGS/families-student-family.yaml|$OUT/data/student-train.csv|$OUT/data/student-test.csv|subject,school|G3:G3:regression,pass:pass:binary|$STUDENT_FEATURES")

names=()
for entry in "${datasets[@]}"; do
  IFS='|' read -r name spec family train test key targets features <<< "$entry"
  [[ " $DATASETS " == *" $name "* ]] || continue
  names+=("$name")
  for passes in 1 5; do
    common=(--data "$train" --test "$test" --per "$key" --passes "$passes" --compare "seed=$SEEDS")
    run evaluate --config "$spec" "${common[@]}" --baseline single-task --json "$OUT/$name-p$passes.json" \
      > "$OUT/$name-p$passes.txt"
    if [[ " $SAME_STEPS " == *" $name "* ]]; then
      run evaluate --config "$spec" "${common[@]}" --baseline single-task --same-steps \
        --json "$OUT/$name-p$passes-samesteps.json" > "$OUT/$name-p$passes-samesteps.txt"
    fi
    if [[ $name == entities-* ]]; then
      run evaluate --config "$OUT/$name/onehot.yaml" "${common[@]}" --json "$OUT/$name-p$passes-onehot.json" \
        > "$OUT/$name-p$passes-onehot.txt"
    fi
    run evaluate --config "$family" "${common[@]}" --json "$OUT/$name-p$passes-family.json" \
      > "$OUT/$name-p$passes-family.txt"
  done
  IFS=',' read -r -a pairs <<< "$targets"
  for pair in "${pairs[@]}"; do
    IFS=':' read -r task column kind <<< "$pair"
    python3 $HERE/families-linear.py --train "$train" --test "$test" --per "$key" --target "$column" \
      --kind "$kind" --task "$task" --features "$features" > "$OUT/$name-linear-$task.json"
  done
done
python3 $HERE/families-summary.py "$OUT" "${names[@]}"
