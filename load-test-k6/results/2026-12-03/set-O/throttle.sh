#!/bin/bash
# The capped overload bench with the client throttle at K=2 and K=1.5, alternating, rounds given as arguments
# (set O: rounds 2 3 before the bench told client refusals apart, rounds 4 5 after; round 1 of K=2 was the
# echo,sluice-compiled run). Run from the repository root of the build under test.
for round in "$@"; do
  for k in 2 1.5; do
    SLUICE_BENCH_MAX_LOAD=2.5 load-test-k6/run-benchmarks.sh overload --servers sluice-compiled --protocols grpc-unary \
      --cpu-period-ms 4 --client-throttle $k --json capped-overload-O-throttle$k-$round.json \
      > capped-overload-O-throttle$k-$round.log 2>&1
    echo "K=$k $round rc=$? $(date +%T)"
  done
done
