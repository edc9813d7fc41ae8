#!/bin/bash
# Alternates the capped overload bench between two builds, no client throttle: /work/before (server of 81ed0a8, the
# fixed in-flight bound, run with the bench classes of 63b777e copied over its load-test-k6/target/classes) and
# /work/setn (a fresh clone of 63b777e: the adaptive bound).
for round in 1 2 3; do
  for build in before setn; do
    cd /work/$build
    SLUICE_BENCH_MAX_LOAD=2.5 load-test-k6/run-benchmarks.sh overload --servers sluice-compiled --protocols grpc-unary \
      --cpu-period-ms 4 --json /tmp/setO/capped-overload-O-$build-$round.json > /tmp/setO/capped-overload-O-$build-$round.log 2>&1
    echo "$build $round rc=$? $(date +%T)"
  done
done
