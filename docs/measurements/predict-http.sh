#!/usr/bin/env bash
# POST /predict under load and the model's freshness, for `serve` on its embedded broker with the red wine spec.
#  1. Load: wrk (Debian's; installed if missing) drives POST /predict with one wine for DURATION s at 1 connection
#     (1 thread) and at 16 connections (2 threads), after a 5 s warm-up; wrk --latency gives p50/p99.
#  2. Freshness: while `produce` sends RATE events/s (the learner snapshots every EVERY_STEPS steps), one connection
#     polls /predict every millisecond; the first answer with a new model_version has model_age_ms = that answer's
#     time minus the snapshot's created_at (taken right after the step that published it): the step -> first
#     prediction with it delay, to within the 1 ms poll. Reports p50/p99 over the versions seen in FRESH_SECONDS s.
# Usage, from the repository root after `mvn -q package -DskipTests`:
#   docs/measurements/predict-http.sh            # variables: JAR PORT DURATION FRESH_SECONDS EVERY_STEPS RATE OUT
set -euo pipefail
JAR=${JAR:-target/streammtl.jar}
PORT=${PORT:-9473}
DURATION=${DURATION:-20}
FRESH_SECONDS=${FRESH_SECONDS:-30}
EVERY_STEPS=${EVERY_STEPS:-10}
RATE=${RATE:-2000}
OUT=${OUT:-$(mktemp -d)}
URL=http://127.0.0.1:$PORT/predict
BODY='{"model": "default", "dense": [7.4, 0.7, 0.0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4]}'

command -v wrk > /dev/null || { apt-get update -qq && apt-get install -y -qq wrk > /dev/null; }
mkdir -p "$OUT"
D=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done; wait 2> /dev/null || true; rm -rf "$D"; }
trap cleanup EXIT

grep -q '^kafka:' deploy/config/wine.yaml && { echo "wine.yaml has a kafka section; merge EVERY_STEPS by hand" >&2; exit 1; }
{ cat deploy/config/wine.yaml; printf 'kafka:\n  snapshot_every_steps: %s\n' "$EVERY_STEPS"; } > "$D/wine.yaml"
cat > "$D/predict.lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$BODY'
EOF
# Prints "fresh VERSION AGE_MS" for each version after the first one seen; polls every millisecond.
cat "$D/predict.lua" - > "$D/fresh.lua" <<'EOF'
local last = -1
function delay() return 1 end
function response(status, headers, body)
  local version = tonumber(body:match('"model_version":(%d+)'))
  local age = tonumber(body:match('"model_age_ms":(%d+)'))
  if version and age and version > last then
    if last >= 0 then io.write(string.format("fresh %d %d\n", version, age)) end
    last = version
  end
end
EOF

java -jar "$JAR" serve --config "$D/wine.yaml" --data-dir "$D/data" --metrics-port "$PORT" --status-seconds 0 \
    > "$OUT/serve.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 1200); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/health/ready")" = 200 ] && break
  sleep 0.25
done
# An array, not a function: a backgrounded function is a subshell, and killing it would leave java running.
produce=(java -jar "$JAR" produce --config "$D/wine.yaml" --data classpath:data/wine/winequality-red.csv
         --data-dir "$D/data")
version() { curl -s -X POST "$URL" -H 'Content-Type: application/json' -d "$BODY" \
              | sed -n 's/.*"model_version":\([0-9]*\).*/\1/p'; }
# A trained model to answer from: one pass of the red wines.
"${produce[@]}" --passes 1 > "$OUT/produce-train.log" 2>&1
for _ in $(seq 1 600); do v=$(version); [ "${v:-0}" -gt 0 ] && break; sleep 0.1; done
echo "model version $(version) answers; spec: wine.yaml + kafka.snapshot_every_steps $EVERY_STEPS"

wrk -t2 -c16 -d5s -s "$D/predict.lua" "$URL" > "$OUT/warm-up.txt"
wrk -t1 -c1 -d"${DURATION}s" --latency -s "$D/predict.lua" "$URL" > "$OUT/wrk-c1.txt"
wrk -t2 -c16 -d"${DURATION}s" --latency -s "$D/predict.lua" "$URL" > "$OUT/wrk-c16.txt"
for c in 1 16; do
  f=$OUT/wrk-c$c.txt
  printf 'connections %2d: %s requests/s, p50 %s, p99 %s, non-2xx %s\n' "$c" \
      "$(awk '/^Requests\/sec/ {print $2}' "$f")" "$(awk '$1 == "50%" {print $2}' "$f")" \
      "$(awk '$1 == "99%" {print $2}' "$f")" "$(awk '/Non-2xx/ {print $NF}' "$f" | grep . || echo 0)"
done

passes=$(( RATE * (FRESH_SECONDS + 10) / 1599 + 1 ))
"${produce[@]}" --rate "$RATE" --passes "$passes" > "$OUT/produce-fresh.log" 2>&1 &
pids+=($!)
sleep 3
wrk -t1 -c1 -d"${FRESH_SECONDS}s" -s "$D/fresh.lua" "$URL" > "$OUT/wrk-fresh.txt"
grep '^fresh ' "$OUT/wrk-fresh.txt" | awk '{print $3}' | sort -n > "$OUT/fresh-ms.txt"
n=$(wc -l < "$OUT/fresh-ms.txt")
[ "$n" -gt 0 ] || { echo "no new model version seen while producing" >&2; exit 1; }
rank() { sed -n "$(( ($1 * n + 99) / 100 ))p" "$OUT/fresh-ms.txt"; }
echo "freshness over $n versions at $RATE events/s: p50 $(rank 50) ms, p99 $(rank 99) ms, max $(tail -1 "$OUT/fresh-ms.txt") ms"
echo "raw outputs in $OUT"
