#!/usr/bin/env python3
"""Compares two async-profiler profiles of the same scenario per request (bench/run.sh BENCH_PROFILE).

Usage: bench/profile_diff.py A.collapsed B.collapsed [top]

Both profiles are divided by the requests wrk completed while each was taken (the .wrk.txt beside
it), so a busier or quieter box does not move the comparison: CPU profiles in samples per 1,000
requests, allocation profiles (-alloc) in bytes per request. Prints the totals, where the samples
ran (the event loops' Java and JVM frames, their kernel frames, other threads), then the frames
whose self and inclusive cost differ most (A − B), and A's cost under each edge frame. Lambda class
names lose their JVM-specific number and address, so the same lambda pairs up across the two JVMs.
"""
import os
import re
import sys
from collections import Counter

from profile_summary import requests_of

# a lambda's or hidden class's name carries a number and an address of its own JVM: drop them, so
# the same lambda pairs up across the two gateways
JVM_SPECIFIC = re.compile(r"\$\$Lambda(\$\d+)?(\.0x[0-9a-f]+)?|\.0x[0-9a-f]+")


def normalised(frame):
    return JVM_SPECIFIC.sub(lambda m: "$$Lambda" if m.group(0).startswith("$$") else "", frame)


def load(path):
    requests = requests_of(path)
    if not requests:
        sys.exit(f"{path}: no request count in the .wrk.txt beside it")
    scale = (1 if path.endswith("-alloc.collapsed") else 1000) / requests
    inclusive, own, edge = Counter(), Counter(), Counter()
    total = 0
    for line in open(path):
        stack, _, count = line.rstrip("\n").rpartition(" ")
        if not stack:
            continue
        n = int(count) * scale
        total += n
        frames = [normalised(frame) for frame in stack.split(";")]
        own[frames[-1]] += n
        for frame in set(frames):
            inclusive[frame] += n
            if frame.startswith("dev/edgegateway"):
                edge[frame] += n
    return total, inclusive, own, edge, kinds(path, scale)


def kinds(path, scale):
    """Samples by where they ran: the event loops' Java and JVM frames, their kernel frames, other threads."""
    counts = Counter()
    for line in open(path):
        stack, _, count = line.rstrip("\n").rpartition(" ")
        if not stack:
            continue
        frames = stack.split(";")
        if not frames[0].startswith("java/lang/Thread.run"):
            kind = "other threads (GC, JIT, timers)"
        elif frames[-1].endswith("_[k]"):
            kind = "event loops: kernel"
        else:
            kind = "event loops: Java and JVM"
        counts[kind] += int(count) * scale
    return counts


def diff(a, b, top):
    rows = sorted(((a[k] - b[k], k) for k in set(a) | set(b)), reverse=True)
    for d, k in rows[:top]:
        print(f"| {d:+,.1f} | {a[k]:,.1f} | {b[k]:,.1f} | `{k[:120]}` |")


def main(args):
    if len(args) < 2:
        sys.exit(__doc__)
    top = int(args[2]) if len(args) > 2 else 25
    a, b = load(args[0]), load(args[1])
    unit = "bytes per request" if args[0].endswith("-alloc.collapsed") else "samples per 1,000 requests"
    print(f"A = {os.path.basename(args[0])}, B = {os.path.basename(args[1])}, in {unit}\n")
    print(f"total: A {a[0]:,.1f}, B {b[0]:,.1f}, A − B {a[0] - b[0]:+,.1f}\n")
    print("### by where the samples ran\n\n| where | A | B | A ÷ B |\n| --- | ---: | ---: | ---: |")
    for kind in ("event loops: Java and JVM", "event loops: kernel", "other threads (GC, JIT, timers)"):
        ratio = a[4][kind] / b[4][kind] if b[4][kind] else float("nan")
        print(f"| {kind} | {a[4][kind]:,.1f} | {b[4][kind]:,.1f} | {ratio:.2f} |")
    print()
    for title, i in (("self", 2), ("inclusive", 1)):
        print(f"### {title}, largest A − B\n\n| A − B | A | B | frame |\n| ---: | ---: | ---: | --- |")
        diff(a[i], b[i], top)
        print()
    print("### A under edge frames (inclusive)\n\n| A | frame |\n| ---: | --- |")
    for k, v in a[3].most_common(top):
        print(f"| {v:,.1f} | `{k}` |")


if __name__ == "__main__":
    main(sys.argv[1:])
