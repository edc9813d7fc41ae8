#!/usr/bin/env bash
# Set J: Thrift at a fixed 4,000/s, echo and Sluice interleaved, with GC and safepoint logs and a per-second
# sample of each server's context switches. Run from the repository root.
set -u
out=load-test-k6/results/2026-12-02/set-J
tag=${1:-J}
rm -f /tmp/thriftp99-gc-*.log
echo "$(date -u +%T) start load $(cut -d' ' -f1-3 /proc/loadavg)"
load-test-k6/run-benchmarks.sh cpu --rounds 3 --protocols thrift --json $out/cpu-per-call-$tag.json \
  --server-jvm-options "-Xlog:gc*=info,safepoint=info:file=/tmp/thriftp99-gc-%p.log:uptime,tid,level,tags" \
  2> >(while IFS= read -r line; do
         echo "$(date -u +%T) $line"
         case $line in *"serving as pid"*)
           pid=${line##* }
           $out/thread-sampler.sh "$pid" > $out/threads-$tag-$pid.log &;;
         esac
       done > $out/cpu-per-call-$tag.log) > $out/cpu-per-call-$tag.out
echo "$(date -u +%T) end load $(cut -d' ' -f1-3 /proc/loadavg)"
for f in /tmp/thriftp99-gc-*.log; do cp "$f" $out/gc-$tag-$(basename "$f" | sed 's/thriftp99-gc-//'); done
