#!/bin/bash
# Set H: interleaved before/after session. /tmp/grpctrace-before and /tmp/grpctrace-after hold copies of the two
# builds' module jars and load-test-k6/target/classes, with bench.classpath rewritten to point at the copies.
set -u
out=/tmp/setH
export OMP_NUM_THREADS=1
(while true; do echo "$(date -u +%T) $(cut -d' ' -f1-3 /proc/loadavg)"; sleep 30; done) > $out/loadavg.log &
LOADPID=$!
for round in 1 2 3; do   # stopped after round 2 for the deadline
  for build in before after; do
    cp="/tmp/grpctrace-$build/bench-classes:$(cat /tmp/grpctrace-$build/bench.classpath)"
    echo "$(date -u +%T) round $round $build loopback"
    java -cp "$cp" org.openjdk.jmh.Main 'TracingOverheadBenchmark.grpc' -p tracing=off,0.01 -f 1 -prof gc \
        -rf json -rff $out/loopback-$build-$round.json > $out/loopback-$build-$round.log 2>&1
    echo "$(date -u +%T) round $round $build path"
    java -cp "$cp" org.openjdk.jmh.Main 'ProtocolPathBenchmark.grpcStream' -p tracing=off,0.01 -f 1 -wi 5 -w 1 -i 5 -r 1 \
        -prof gc -rf json -rff $out/path-$build-$round.json > $out/path-$build-$round.log 2>&1
  done
done
kill $LOADPID
echo "$(date -u +%T) done"
