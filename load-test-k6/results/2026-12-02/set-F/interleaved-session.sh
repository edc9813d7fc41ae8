#!/bin/bash
# Interleaved before/after ProtocolPathBenchmark session (Set F). /tmp/perf-before and /tmp/perf-after held copies of
# the two builds' module jars and load-test-k6/target/classes, with bench.classpath rewritten to point at the copies.
set -u
out=/tmp/setF
export OMP_NUM_THREADS=1
BEFORE="/tmp/perf-before/bench-pp:/tmp/perf-before/bench-classes:$(cat /tmp/perf-before/bench.classpath)"
AFTER="/tmp/perf-after/bench-classes:$(cat /tmp/perf-after/bench.classpath)"
(while true; do echo "$(date -u +%T) $(cut -d' ' -f1-3 /proc/loadavg)"; sleep 30; done) > $out/loadavg.log &
LOADPID=$!
for round in 1 2 3; do
  for build in before after; do
    if [ $build = before ]; then cp=$BEFORE; else cp=$AFTER; fi
    echo "$(date -u +%T) round $round $build path"
    java -cp "$cp" org.openjdk.jmh.Main ProtocolPathBenchmark -p tracing=off -f 1 -wi 5 -w 1 -i 5 -r 1 -prof gc \
        -rf json -rff $out/path-$build-$round.json > $out/path-$build-$round.log 2>&1
    echo "$(date -u +%T) round $round $build tracing"
    java -cp "$cp" org.openjdk.jmh.Main 'ProtocolPathBenchmark.thrift' -p metrics=on -p tracing=off,0.01 -f 1 -wi 5 -w 1 -i 5 -r 1 -prof gc \
        -rf json -rff $out/tracing-$build-$round.json > $out/tracing-$build-$round.log 2>&1
  done
done
kill $LOADPID
echo "$(date -u +%T) done"
