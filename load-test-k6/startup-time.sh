#!/usr/bin/env bash
# Start to SERVING of `sluice serve` with the bundled model, several times (run from the repository root):
#   load-test-k6/startup-time.sh [--runs 5] [--jar service/server/target/sluice-server.jar] [--archive] [JVM options...]
# --archive: start as the image does, from an AppCDS archive recorded first as the image build records it (one
# `serve --exit-when-serving` of the jar under -XX:ArchiveClassesAtExit, see k8s-or-ecs/Dockerfile).
# Each run starts the server jar on 127.0.0.1 with ephemeral ports, reads its JSON log, and prints, in ms from the
# launch: ports open (first "listening" line), model load started ("loading model", or "loading ND4J" in builds
# before the compiled path read artifacts without ND4J), and SERVING ("serving model"); then it stops the server with
# SIGTERM. Prints the median of each column last. A run gives up after 180 s.
set -euo pipefail
runs=5
jar=service/server/target/sluice-server.jar
archive=
jvm_options=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --jar) jar=$2; shift 2 ;;
    --archive) archive=yes; shift ;;
    *) jvm_options+=("$1"); shift ;;
  esac
done
if ! [[ "$runs" =~ ^[0-9]+$ ]] || [ "$runs" -lt 1 ] || [ "$runs" -gt 20 ]; then
  echo "--runs must be 1..20, got '$runs'" >&2
  exit 2
fi
if [ ! -f "$jar" ]; then
  echo "no server jar at $jar: build it with mvn -B -o -q package -DskipTests -pl service/server -am" >&2
  exit 2
fi
log=$(mktemp)
jsa=$(mktemp --suffix=.jsa)
trap 'rm -f "$log" "$jsa"' EXIT
loopback_ports=(--set grpc.bind-address=127.0.0.1 --set grpc.port=0 --set thrift.bind-address=127.0.0.1
    --set thrift.port=0 --set admin.bind-address=127.0.0.1 --set admin.port=0)
if [ -n "$archive" ]; then
  echo "recording the class-data archive as the image build does..." >&2
  if ! java -Xmx1g -XX:ArchiveClassesAtExit="$jsa" -jar "$jar" serve --exit-when-serving "${loopback_ports[@]}" \
      >"$log" 2>&1 || [ ! -s "$jsa" ]; then
    echo "recording the archive failed; its log:" >&2
    grep -v 'warning\]\[cds' "$log" | tail -20 >&2
    exit 1
  fi
  jvm_options+=(-XX:SharedArchiveFile="$jsa" -Xshare:auto)
fi
# Milliseconds from the launch to the first log line containing $1, or -1.
since_launch() {
  local stamp
  stamp=$(grep -m1 -F "$1" "$log" | sed -n 's/.*"timestamp":\([0-9]*\).*/\1/p')
  if [ -n "$stamp" ]; then echo $((stamp - launched)); else echo -1; fi
}
median() {
  sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
printf '%-4s %10s %12s %12s\n' run ports_ms model_start serving_ms
results=()
for run in $(seq 1 "$runs"); do
  launched=$(date +%s%3N)
  java ${jvm_options[@]+"${jvm_options[@]}"} -jar "$jar" serve "${loopback_ports[@]}" >"$log" 2>&1 &
  server=$!
  deadline=$((launched + 180000))
  until grep -q '"serving model' "$log"; do
    if ! kill -0 "$server" 2>/dev/null || [ "$(date +%s%3N)" -gt "$deadline" ]; then
      kill "$server" 2>/dev/null || true
      echo "run $run: the server did not reach SERVING; its log:" >&2
      tail -20 "$log" >&2
      exit 1
    fi
    sleep 0.02
  done
  model_start=$(since_launch '"loading model')
  if [ "$model_start" = -1 ]; then model_start=$(since_launch 'loading ND4J'); fi
  line="$(since_launch listening) $model_start $(since_launch '"serving model')"
  kill -TERM "$server"
  wait "$server" 2>/dev/null || true
  printf '%-4s %10s %12s %12s\n' "$run" $line
  results+=("$line")
done
printf '%-4s' median
for column in 1 2 3; do
  printf ' %11s' "$(printf '%s\n' "${results[@]}" | awk -v c=$column '{print $c}' | median)"
done
echo
