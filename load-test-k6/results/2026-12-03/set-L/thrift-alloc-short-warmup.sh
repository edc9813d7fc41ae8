#!/usr/bin/env bash
# Set L (thriftalloc): the same comparison with set J's short warmup (5 x 1 s, 5 x 1 s measured), tracing at 0.01.
set -eu
out=${OUT:-/tmp/thriftalloc/session}
for round in 1 2; do
  for build in before after; do
    B=/tmp/thriftalloc/$build/load-test-k6/target
    CP="$B/classes:$(cat $B/bench.classpath)"
    echo "$(date -u +%T) round $round $build short warmup load $(cut -d' ' -f1-3 /proc/loadavg)"
    OMP_NUM_THREADS=1 nice -n 10 java -cp "$CP" org.openjdk.jmh.Main 'ProtocolPathBenchmark.thrift' \
      -p metrics=on -p tracing=0.01 -f 1 -wi 5 -w 1 -i 5 -r 1 -prof gc \
      -rf json -rff $out/thrift-short-$build-$round.json > $out/thrift-short-$build-$round.log 2>&1
  done
done
echo "$(date -u +%T) done load $(cut -d' ' -f1-3 /proc/loadavg)"
