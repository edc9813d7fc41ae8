#!/usr/bin/env bash
# Thrift path allocation, before (main 62c9dc1) and after (thriftp99), alternated, 2 rounds each.
set -eu
out=/work/wt-thriftp99/load-test-k6/results/2026-12-02/set-J
cd /work/wt-thriftp99
for round in 1 2; do
  for build in before after; do
    CP=$(cat /tmp/thriftp99-$build/classpath)
    echo "$(date -u +%T) round $round $build load $(cut -d' ' -f1-3 /proc/loadavg)"
    OMP_NUM_THREADS=1 java -cp "$CP" org.openjdk.jmh.Main 'ProtocolPathBenchmark.thrift' -p metrics=on -p tracing=off,0.01 \
      -f 1 -wi 5 -w 1 -i 5 -r 1 -prof gc -rf json -rff $out/thrift-path-$build-$round.json > $out/thrift-path-$build-$round.log 2>&1
  done
done
echo "$(date -u +%T) done load $(cut -d' ' -f1-3 /proc/loadavg)"
