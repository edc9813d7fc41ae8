#!/usr/bin/env bash
# Checks the arm64 (Graviton) build on an x86_64 Debian machine, without Docker: builds sluice-server.jar with
# ND4J's linux-arm64 natives in a scratch clone, starts it on the arm64 JVM under qemu-user, and checks that a gRPC
# Score and a legacy Thrift call answer exactly what the x86_64 build answers. A correctness check, not a speed
# figure: emulation is ~50x slower.
# Needs (as root): dpkg --add-architecture arm64 && apt-get update &&
#                  apt-get install qemu-user-static openjdk-17-jre-headless:arm64 libgomp1:arm64
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$(pwd)
work=$(mktemp -d)
trap 'pkill -f "grpc.port=50061" || true; pkill -f "grpc.port=50071" || true; rm -rf "$work"' EXIT
arm_java=/usr/lib/jvm/java-17-openjdk-arm64/bin/java
for need in qemu-aarch64-static "$arm_java" /usr/lib/aarch64-linux-gnu/libgomp.so.1; do
  command -v "$need" >/dev/null || [ -e "$need" ] || { echo "check-arm64: missing $need (see the header)" >&2; exit 2; }
done

echo "building the x86_64 and arm64 server jars ..."
mvn -B -q -DskipTests -pl service/server,service/cli -am package
git clone -q "$repo" "$work/arm64"
(cd "$work/arm64" && mvn -B -q -DskipTests -pl service/server -am package -Djavacpp.platform=linux-arm64)
jar_arm="$work/arm64/service/server/target/sluice-server.jar"
if unzip -l "$jar_arm" | grep -q "linux-x86_64/"; then echo "check-arm64: x86_64 natives in the arm64 jar" >&2; exit 1; fi

wait_ready() { # port seconds
  for _ in $(seq 1 "$2"); do curl -sf "localhost:$1/readyz" >/dev/null && return 0; sleep 1; done
  echo "check-arm64: no SERVING on admin port $1 within $2 s" >&2; return 1
}
echo "starting the arm64 server under qemu (a few minutes) and the x86_64 one ..."
OMP_NUM_THREADS=1 qemu-aarch64-static "$arm_java" -Xmx1g -Dorg.bytedeco.javacpp.cachedir="$work/javacpp-arm64" \
  -jar "$jar_arm" serve --set grpc.port=50061 --set thrift.port=9091 --set admin.port=9465 >"$work/arm64.log" 2>&1 &
OMP_NUM_THREADS=1 java -jar service/server/target/sluice-server.jar serve \
  --set grpc.port=50071 --set thrift.port=9092 --set admin.port=9466 >"$work/x86_64.log" 2>&1 &
wait_ready 9466 120
wait_ready 9465 600 || { tail -5 "$work/arm64.log" >&2; exit 1; }

cli=(java -jar service/cli/target/sluice.jar)
score() { # port: retried, the emulated server's first calls are slow
  for _ in 1 2 3 4 5; do "${cli[@]}" score --target "127.0.0.1:$1" proto/examples/score-request.json 2>/dev/null && return 0; done
  return 1
}
diff <(score 50071) <(score 50061)
diff <("${cli[@]}" legacy-filter --port 9092 --advertiser 3358 --hour 14) \
     <("${cli[@]}" legacy-filter --port 9091 --advertiser 3358 --hour 14)
echo "check-arm64: the arm64 build loads the bundled model and answers Score and the legacy call as x86_64 does"
