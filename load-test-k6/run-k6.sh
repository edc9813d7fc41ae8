#!/usr/bin/env bash
# Runs one k6 script (default grpc-unary.js) against a Sluice on 127.0.0.1:50051, where k6 is installed.
# Needs a built tree (mvn -B package -DskipTests) for google/rpc/status.proto, which scorer.proto imports.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
script=${1:-grpc-unary.js}
shift || true
status_proto=$(find ../proto/target/protoc-dependencies -path '*/google/rpc/status.proto' -print -quit 2>/dev/null || true)
if [ -z "$status_proto" ]; then
  echo "google/rpc/status.proto not found under proto/target: run 'mvn -B package -DskipTests' first" >&2
  exit 2
fi
exec k6 run -e SLUICE_GOOGLEAPIS_PROTO="${status_proto%/google/rpc/status.proto}" "$@" "$script"
