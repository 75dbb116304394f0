#!/usr/bin/env python3
"""faultphases.py: the page faults of one process start, by phase and by kind of memory.

    perf record -q -e page-faults -c 1 -d -g -o /tmp/pf.data BINARY ARGS... >/dev/null
    bench/faultphases.py /tmp/pf.data BINARY

Every fault is recorded (-c 1) with its address (-d) and call stack (-g). The faults are
split into three phases by time: the runtime's start (before the first fault whose stack
holds runtime.doInit1), the package inits (until the first fault whose stack holds main.main
or main.Main; the rest of the process when there is none) and main. Each fault is classed by
where its address falls: the binary's text, rodata, data or bss (from its LOAD segments,
readelf -l), or anon (the heap, goroutine and thread stacks, the runtime's own mappings).
Data faults are mostly writes to package variables: each copies a page of the file.
"""
import collections
import subprocess
import sys


def segments(binary):
    segs = []
    out = subprocess.run(["readelf", "-l", "-W", binary], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        f = line.split()
        if not f or f[0] != "LOAD":
            continue
        va, filesz, memsz = int(f[2], 16), int(f[4], 16), int(f[5], 16)
        flags = " ".join(f[6:-1])
        if "E" in flags:
            segs.append(("text", va, va + memsz))
        elif "W" in flags:
            segs.append(("data", va, va + filesz))
            segs.append(("bss", va + filesz, va + memsz))
        else:
            segs.append(("rodata", va, va + memsz))
    return segs


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: faultphases.py PERF_DATA BINARY")
    data, binary = sys.argv[1], sys.argv[2]
    segs = segments(binary)
    out = subprocess.run(["perf", "script", "-i", data, "-F", "time,addr,ip,sym"],
                         capture_output=True, text=True, check=True).stdout
    faults = []
    for rec in out.strip().split("\n\n"):
        lines = rec.strip().split("\n")
        if not lines or not lines[0].strip():
            continue
        head = lines[0].split()
        t, addr = float(head[0].rstrip(":")), int(head[1], 16)
        kind = "anon"
        for name, lo, hi in segs:
            if lo <= addr < hi:
                kind = name
        faults.append((t, kind, rec))
    if not faults:
        sys.exit("no page faults in " + data)

    def first(pred):
        return next((t for t, _, rec in faults if pred(rec)), None)

    end = faults[-1][0] + 1
    t_init = first(lambda r: "doInit1" in r) or end
    t_main = first(lambda r: "main.main" in r or "main.Main" in r) or end
    phases = collections.OrderedDict((p, collections.Counter()) for p in ("runtime", "inits", "main"))
    for t, kind, _ in faults:
        phase = "runtime" if t < t_init else "inits" if t < t_main else "main"
        phases[phase][kind] += 1
    kinds = ("text", "rodata", "data", "bss", "anon")
    print("%-8s %5s  %s" % ("phase", "all", "  ".join("%6s" % k for k in kinds)))
    for phase, c in phases.items():
        print("%-8s %5d  %s" % (phase, sum(c.values()), "  ".join("%6d" % c[k] for k in kinds)))
    total = sum(phases.values(), collections.Counter())
    print("%-8s %5d  %s" % ("total", sum(total.values()), "  ".join("%6d" % total[k] for k in kinds)))


if __name__ == "__main__":
    main()
