#!/usr/bin/env bash
# Measures kill -9 -> ready (/health/ready 200) and processing again (streammtl_events_total{trained} moves) for
# `serve` on its embedded broker, while `produce` keeps sending wine events at 200/s.
# Usage (from the repository root, after `mvn -B package -DskipTests`):
#   docs/measurements/restart-after-kill.sh target/streammtl.jar 5
set -u
JAR=$1; RUNS=${2:-3}; PORT=${PORT:-9471}
D=$(mktemp -d)
start() { java -jar "$JAR" serve --config deploy/config/wine.yaml --data-dir "$D" --metrics-port $PORT \
            --status-seconds 0 > "$D/serve-$1.log" 2>&1 & echo $!; }
ready() { curl -s -o /dev/null -w '%{http_code}' http://localhost:$PORT/health/ready; }
trained() { curl -s http://localhost:$PORT/metrics | awk '/^streammtl_events_total.*trained/ {print $2}'; }
pid=$(start 0)
until [ "$(ready)" = 200 ]; do sleep 0.2; done
java -jar "$JAR" produce --config deploy/config/wine.yaml --data classpath:data/wine/winequality-red.csv \
    --data-dir "$D" --rate 200 --passes 100 > "$D/produce.log" 2>&1 &
prod=$!
sleep 8
for r in $(seq 1 "$RUNS"); do
  kill -9 "$pid"; t0=$(date +%s.%N)
  pid=$(start "$r")
  until [ "$(ready)" = 200 ]; do sleep 0.1; done; t1=$(date +%s.%N)
  base=$(trained); base=${base:-0}
  until [ -n "$(trained)" ] && [ "$(trained)" != "$base" ]; do sleep 0.1; done; t2=$(date +%s.%N)
  echo "run $r: ready $(echo "$t1 - $t0" | bc) s, processing $(echo "$t2 - $t0" | bc) s"
  sleep 6
done
kill "$prod" "$pid"; wait 2>/dev/null
rm -rf "$D"
