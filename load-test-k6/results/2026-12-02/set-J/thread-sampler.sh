#!/usr/bin/env bash
# Every second, for each PID given: UTC time, pid, its threads' summed voluntary and involuntary context switches,
# utime+stime ticks, and the load average. Stops when every PID has exited.
while :; do
  alive=0
  for pid in "$@"; do
    [ -d /proc/$pid ] || continue
    alive=1
    v=0; n=0
    for st in /proc/$pid/task/*/status; do
      while read -r k val; do
        case $k in voluntary_ctxt_switches:) v=$((v+val));; nonvoluntary_ctxt_switches:) n=$((n+val));; esac
      done 2>/dev/null < "$st"
    done
    cpu=$(awk '{print $14+$15}' /proc/$pid/stat 2>/dev/null)
    echo "$(date -u +%T) $pid vol=$v invol=$n ticks=$cpu threads=$(ls /proc/$pid/task | wc -l) load=$(cut -d' ' -f1 /proc/loadavg)"
  done
  [ $alive = 1 ] || break
  sleep 1
done
