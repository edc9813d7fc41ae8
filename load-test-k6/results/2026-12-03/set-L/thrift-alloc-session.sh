#!/usr/bin/env bash
# Set L (thriftalloc): allocation per call on the Thrift path (and gRPC for reference), before (main 64fd372) and
# after (branch thriftalloc), alternated, one fork per build and round, longer warmup (10 x 2 s, 5 x 2 s measured).
# Each build is a `git archive` of its commit built with `mvn -B -o -q package -DskipTests -pl load-test-k6 -am`.
set -eu
out=${OUT:-/tmp/thriftalloc/session}
rounds=${ROUNDS:-3}
for round in $(seq 1 "$rounds"); do
  for build in before after; do
    B=/tmp/thriftalloc/$build/load-test-k6/target
    CP="$B/classes:$(cat $B/bench.classpath)"
    echo "$(date -u +%T) round $round $build thrift load $(cut -d' ' -f1-3 /proc/loadavg)"
    OMP_NUM_THREADS=1 nice -n 10 java -cp "$CP" org.openjdk.jmh.Main 'ProtocolPathBenchmark.thrift' \
      -p metrics=on -p tracing=off,0,0.01 -f 1 -wi 10 -w 2 -i 5 -r 2 -prof gc \
      -rf json -rff $out/thrift-$build-$round.json > $out/thrift-$build-$round.log 2>&1
    echo "$(date -u +%T) round $round $build grpc load $(cut -d' ' -f1-3 /proc/loadavg)"
    OMP_NUM_THREADS=1 nice -n 10 java -cp "$CP" org.openjdk.jmh.Main 'ProtocolPathBenchmark.grpc' \
      -p metrics=on -p tracing=off -f 1 -wi 10 -w 2 -i 5 -r 2 -prof gc \
      -rf json -rff $out/grpc-$build-$round.json > $out/grpc-$build-$round.log 2>&1
  done
done
echo "$(date -u +%T) done load $(cut -d' ' -f1-3 /proc/loadavg)"
