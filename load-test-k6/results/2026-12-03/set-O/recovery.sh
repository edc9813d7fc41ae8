#!/bin/bash
# Recovery by quarter second after the capped overload: callers throttling with K=1.5 (twice), and without a throttle.
for run in throttle1.5-q1 none-q1 throttle1.5-q2; do
  case $run in throttle*) throttle="--client-throttle 1.5" ;; *) throttle="" ;; esac
  SLUICE_BENCH_MAX_LOAD=2.5 load-test-k6/run-benchmarks.sh overload --servers sluice-compiled --protocols grpc-unary \
    --cpu-period-ms 4 $throttle --json capped-overload-O-$run.json > capped-overload-O-$run.log 2>&1
  echo "$run rc=$? $(date +%T)"
done
