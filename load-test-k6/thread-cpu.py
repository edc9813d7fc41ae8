#!/usr/bin/env python3
"""CPU seconds per thread of a command: thread-cpu.py OUT -- COMMAND...

Polls /proc/PID/task/*/stat every 0.2 s while COMMAND runs and writes, per thread name, the last user and system
seconds seen (tab-separated), after a TOTAL line with the command's own rusage. A thread that ends between two polls
loses at most its last 0.2 s. Garbage collection runs in "GC ..." threads and, for Serial GC, the "VM Thread": both
are summed as GC. Run it off the measured CPU, e.g. taskset -c 0 thread-cpu.py OUT -- taskset -c 1 java ...
"""
import collections
import os
import resource
import subprocess
import sys
import time

if len(sys.argv) < 4 or sys.argv[2] != '--':
    sys.exit('usage: thread-cpu.py OUT -- COMMAND...')
out, command = sys.argv[1], sys.argv[3:]
process = subprocess.Popen(command)
tick = os.sysconf('SC_CLK_TCK')
last = {}
while process.poll() is None:
    try:
        tasks = os.listdir(f'/proc/{process.pid}/task')
    except FileNotFoundError:
        tasks = []
    for task in tasks:
        try:
            with open(f'/proc/{process.pid}/task/{task}/stat') as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index('(') + 1:stat.rindex(')')]
        fields = stat[stat.rindex(')') + 2:].split()
        last[task] = (name, int(fields[11]) / tick, int(fields[12]) / tick)
    time.sleep(0.2)
per_name = collections.defaultdict(lambda: [0.0, 0.0])
for name, user, system in last.values():
    key = 'GC' if name.startswith(('GC', 'VM Thread')) else name
    per_name[key][0] += user
    per_name[key][1] += system
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(out, 'w') as f:
    f.write(f'TOTAL\t{usage.ru_utime:.2f}\t{usage.ru_stime:.2f}\n')
    for name, (user, system) in sorted(per_name.items(), key=lambda item: -sum(item[1])):
        if user + system > 0.005:
            f.write(f'{name}\t{user:.2f}\t{system:.2f}\n')
sys.exit(process.returncode)
