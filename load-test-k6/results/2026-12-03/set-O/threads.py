#!/usr/bin/env python3
"""Polls every thread's CPU (schedstat, ns) of the processes whose pids appear in LOG ("serving as pid N") until
the bench writes rc=; prints CPU ms per thread-name group per server label."""
import collections, os, re, sys, time
log = sys.argv[1]
pids = {}
last = collections.defaultdict(dict)
while True:
    text = open(log).read() if os.path.exists(log) else ''
    for label, pid in re.findall(r'(\S+) serving as pid (\d+)', text):
        pids[int(pid)] = label
    for pid in pids:
        try:
            for task in os.listdir(f'/proc/{pid}/task'):
                try:
                    name = open(f'/proc/{pid}/task/{task}/comm').read().strip()
                    ns = int(open(f'/proc/{pid}/task/{task}/schedstat').read().split()[0])
                    last[pid][task] = (name, ns)
                except OSError:
                    pass
        except OSError:
            pass
    if 'rc=' in text:
        break
    time.sleep(0.5)
for pid, tasks in last.items():
    groups = collections.Counter()
    for name, ns in tasks.values():
        groups[re.sub(r'[-#]?\d+$', '', name)] += ns / 1e6
    print(pids[pid], {k: round(v) for k, v in groups.most_common()})
