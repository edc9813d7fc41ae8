#!/usr/bin/env bash
# Interleaved start-to-SERVING runs of several jars, each from its AppCDS archive (recorded as the image build does)
# and without one. usage (from the repository root): startup-interleaved.sh ROUNDS NAME=JAR... (ARCHIVES=yes: archive runs only)
set -euo pipefail
rounds=$1; shift
ports=(--set grpc.bind-address=127.0.0.1 --set grpc.port=0 --set thrift.bind-address=127.0.0.1 --set thrift.port=0
    --set admin.bind-address=127.0.0.1 --set admin.port=0)
dir=$(mktemp -d)
declare -A jars
names=()
for pair in "$@"; do
  name=${pair%%=*}; jars[$name]=${pair#*=}; names+=("$name")
  java -Xmx1g -XX:ArchiveClassesAtExit="$dir/$name.jsa" -jar "${jars[$name]}" serve --exit-when-serving "${ports[@]}" \
      >"$dir/$name-record.log" 2>&1
  echo "archive $name: $(stat -c %s "$dir/$name.jsa") bytes"
done
for round in $(seq 1 "$rounds"); do
  echo "round $round, load: $(cut -d' ' -f1-3 /proc/loadavg)"
  for name in "${names[@]}"; do
    for archive in ${ARCHIVES:-yes no}; do
      options=()
      if [ $archive = yes ]; then options=(-XX:SharedArchiveFile="$dir/$name.jsa" -Xshare:auto); fi
      line=$(OMP_NUM_THREADS=1 load-test-k6/startup-time.sh --runs 1 --jar "${jars[$name]}" ${options[@]+"${options[@]}"} \
          | sed -n 2p)
      echo "$name archive=$archive $line"
    done
  done
done
rm -rf "$dir"
