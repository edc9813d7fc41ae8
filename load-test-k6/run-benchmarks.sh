#!/usr/bin/env bash
# Runs the benchmarks from the repository root. Bounded in time and count; every server binds 127.0.0.1.
#   load-test-k6/run-benchmarks.sh load [--runs 3] [--servers echo,sluice-compiled,sluice-dl4j] [--json FILE]
#                                       [--server-cpus 1]   (pin the servers; run this script under taskset -c 0)
#   load-test-k6/run-benchmarks.sh cpu [--rounds 5] [--rate 4000] [--window-seconds 10] [--idle-seconds 3]
#                                      [--protocols thrift] [--server-jvm-options "-Xlog:gc:file=gc-%p.log"]
#                                      (server CPU per call; generator on CPU 0, servers on CPU 1)
#   load-test-k6/run-benchmarks.sh overload [--cpu-share 0.25] [--factors 2,4] [--protocols grpc-unary,thrift]
#                                      [--servers echo,sluice-compiled[,refusing]]
#                                      [--sluice-set key=value,...] [--client-throttle K]
#                                      (servers capped by the cgroup v1 cpu controller; needs root;
#                                      --client-throttle: the generator calls through sluice-client's throttle)
#   load-test-k6/run-benchmarks.sh refusal [--rounds 3] [--rate 2000]   (server CPU of a gRPC refusal vs an answer)
#   load-test-k6/run-benchmarks.sh jmh [JMH options, e.g. -prof gc ForwardPassBenchmark]
#   load-test-k6/run-benchmarks.sh startup [--runs 5] [--jar JAR] [--archive] [JVM options]
#                                      (start to SERVING of the server jar; --archive: from an AppCDS archive as shipped)
# Refuses to start (exit 3) while the 1-minute load average exceeds SLUICE_BENCH_MAX_LOAD (default: the CPU count).
# Builds the modules first if load-test-k6/target/bench.classpath is missing (never `mvn install`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mode=${1:-load}
shift || true
# On a busy machine the figures measure the other jobs (BENCHMARKS.md set J: load 15-37 made a whole set worthless).
max_load=${SLUICE_BENCH_MAX_LOAD:-$(nproc)}
load1=$(cut -d' ' -f1 /proc/loadavg)
if awk -v load="$load1" -v max="$max_load" 'BEGIN { exit !(load > max) }'; then
  echo "run-benchmarks.sh: the machine is busy (1-minute load average $load1 on $(nproc) CPUs, more than $max_load):" \
    "figures taken now would measure the other jobs. Wait, or set SLUICE_BENCH_MAX_LOAD to run anyway." >&2
  exit 3
fi
if [ ! -f load-test-k6/target/bench.classpath ]; then
  mvn -B -q package -DskipTests -pl load-test-k6 -am
fi
classpath="load-test-k6/target/classes:$(cat load-test-k6/target/bench.classpath)"
# ND4J on 2 cores: one OpenMP thread per call is much faster than the default (see BENCHMARKS.md).
export OMP_NUM_THREADS=1
case "$mode" in
  load) exec java -Xms1g -Xmx1g -cp "$classpath" io.sluice.bench.LoadBench "$@" ;;
  cpu) exec taskset -c 0 java -Xms1g -Xmx1g -cp "$classpath" io.sluice.bench.CpuPerCallBench "$@" ;;
  overload) exec taskset -c 0 java -Xms1g -Xmx1g -cp "$classpath" io.sluice.bench.CappedOverloadBench "$@" ;;
  refusal) exec taskset -c 0 java -Xms1g -Xmx1g -cp "$classpath" io.sluice.bench.RefusalCostBench "$@" ;;
  jmh) exec java -cp "$classpath" org.openjdk.jmh.Main "$@" ;;
  startup) exec load-test-k6/startup-time.sh "$@" ;;
  *) echo "usage: $0 load|cpu|overload|refusal|jmh|startup [options]" >&2; exit 2 ;;
esac
