#!/usr/bin/env python3
"""Profile benchmark workloads under xemu with perf: where does the time
go (translated code, C helpers, translation, syscalls, kernel)?

    bench/profile.py [-o FILE] [--scale S] NAME|GROUP...

For each workload (keys as in bench/run.py --list) it runs
    perf record -F 999 -- xemu -perfmap -L ROOT ROOT/usr/bin/PROG ARGS
in a work dir holding the bench inputs, then reads the samples back.
Translated code appears as perf-map symbols guest_0xADDR; this script
names each guest address after the arm64 file mapped there (from perf's
own mmap records) and the nearest preceding symbol of that file
(dynamic symbols: Debian's arm64 files are stripped).  xemu's own C
functions are classed by the source directory that defines them (from
the objects of the build dir), so the report splits the time into
translated code / FP-SIMD helpers / other helpers / translation /
dispatch / syscall emulation / kernel.  Writes Markdown (default
/tmp/bench-profile.md) with the exact commands to reproduce."""

import argparse
import bisect
import collections
import os
import re
import shlex
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import catalog  # noqa: E402
import run  # noqa: E402
import sysroot  # noqa: E402


def sh(argv, **kw):
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, **kw)


class GuestSyms:
    """guest address -> 'file:function+off' through perf's mmap records."""

    def __init__(self, maps):
        self.maps = maps      # pid -> sorted [(start, end, pgoff, path)]
        self.cache = {}

    def _elf(self, path):
        if path in self.cache:
            return self.cache[path]
        loads = []
        for l in sh(["aarch64-linux-gnu-readelf", "-lW", path]).stdout.splitlines():
            f = l.split()
            if f and f[0] == "LOAD":
                loads.append((int(f[1], 16), int(f[2], 16), int(f[4], 16)))  # off, vaddr, filesz
        syms = {}
        for opt in ([], ["-D"]):
            for l in sh(["aarch64-linux-gnu-nm", "--defined-only"] + opt + [path]).stdout.splitlines():
                f = l.split()
                if len(f) == 3 and f[1] in "tTwWiI":
                    syms.setdefault(int(f[0], 16), f[2])
        addrs = sorted(syms)
        self.cache[path] = (loads, addrs, [syms[a] for a in addrs])
        return self.cache[path]

    def name(self, pid, addr):
        for start, end, pgoff, path in self.maps.get(pid, []):
            if start <= addr < end:
                off = addr - start + pgoff
                loads, addrs, names = self._elf(path)
                va = next((off - o + v for o, v, sz in loads if o <= off < o + sz), off)
                base = os.path.basename(path)
                i = bisect.bisect_right(addrs, va) - 1
                # Blocks add up per guest function; far from any exported
                # symbol (a static function) the block address is kept.
                if i >= 0 and va - addrs[i] < 0x2000:
                    return "%s:%s" % (base, names[i].split("@")[0])
                return "%s+%#x" % (base, va)
        return "guest %#x (no file)" % addr


def xemu_classes(build):
    """C symbol -> class, from which source directory's object defines it."""
    cls = {}
    objdir = os.path.join(build, "obj")
    for dp, _, fs in os.walk(objdir):
        for f in fs:
            if not f.endswith(".o"):
                continue
            rel = os.path.relpath(os.path.join(dp, f), objdir)
            if "fpsimd_helpers" in rel or "translate_sha3" in rel:
                c = "FP/SIMD/crypto helpers"
            elif rel.startswith(("xlat/aarch64/translate", "xlat/aarch64/decode")):
                c = "translation: front end"
            elif rel.startswith(("xlat/host-x86_64", "xlat/opt", "xlat/ir")):
                c = "translation: IR, optimizer, back end"
            elif rel.startswith(("xlat/exec", "xlat/codecache")):
                c = "dispatch, block lookup, code cache"
            elif rel.startswith("xlat/"):
                c = "xemu other (xlat)"
            elif rel.startswith(("syscalls/", "abi/", "procfs/")):
                c = "syscall emulation"
            elif rel.startswith(("loader/", "cli/")):
                c = "loader, start-up"
            elif rel.startswith("signals/"):
                c = "signals"
            else:
                c = "xemu other"
            for l in sh(["nm", "--defined-only", os.path.join(dp, f)]).stdout.splitlines():
                p = l.split()
                if len(p) == 3 and p[1] in "tT":
                    cls[p[2]] = c
    return cls


def mmap_events(data):
    """pid -> executable guest file mappings, following fork (a child
    starts with its parent's maps) and exec (starts afresh)."""
    maps = collections.defaultdict(list)
    pat = re.compile(r"PERF_RECORD_MMAP2? (\d+)/\d+: \[0x([0-9a-f]+)\(0x([0-9a-f]+)\) @ "
                     r"(0x[0-9a-f]+|0)[^\]]*\]: r-xp (/\S+)")
    fork = re.compile(r"PERF_RECORD_FORK\((\d+):(\d+)\):\((\d+):\d+\)")
    execd = re.compile(r"PERF_RECORD_COMM exec: \S+:(\d+)/")
    out = sh(["perf", "script", "-i", data, "--show-mmap-events", "--show-task-events"]).stdout
    for l in out.splitlines():
        m = pat.search(l)
        if m and "sysroot" in m.group(5):
            start, size = int(m.group(2), 16), int(m.group(3), 16)
            maps[int(m.group(1))].append((start, start + size, int(m.group(4), 16), m.group(5)))
            continue
        m = fork.search(l)
        if m and m.group(1) == m.group(2):
            maps[int(m.group(1))] = list(maps.get(int(m.group(3)), []))
            continue
        m = execd.search(l)
        if m:
            maps[int(m.group(1))] = []
    return maps


def profile(w, b, xemu, data, xcls, reuse):
    argv, env = b.command(w, "xemu")
    argv = [argv[0], "-perfmap"] + argv[1:]
    cmd = ["perf", "record", "-q", "-F", "999", "-o", data, "--"] + argv
    if reuse and os.path.exists(data) and os.path.exists(data + ".wall"):
        wall, rc = open(data + ".wall").read().split()
        rc = int(rc)
    else:
        stdin = open(os.path.join(b.work, w.stdin), "rb") if w.stdin else subprocess.DEVNULL
        r = subprocess.run(["/usr/bin/time", "-f", "%e"] + cmd, cwd=b.work, env=env, stdin=stdin,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        wall = r.stderr.strip().splitlines()[-1] if r.stderr.strip() else "?"
        rc = r.returncode
        with open(data + ".wall", "w") as f:
            f.write("%s %d\n" % (wall, rc))
    # Sample counts (-n), not perf's rounded percentages: thousands of tiny
    # translated blocks would add up their rounding.
    rep = sh(["perf", "report", "-i", data, "--stdio", "--sort", "pid,dso,sym", "-q", "-n",
              "--percent-limit", "0"]).stdout
    gs = GuestSyms(mmap_events(data))
    bysym, byclass = collections.Counter(), collections.Counter()
    pat = re.compile(r"^\s*[0-9.]+%\s+(\d+)\s+(\d+):\S*\s+(.*?)\s+\[(.)\]\s+(.*)$")
    rows = [m for m in map(pat.match, rep.splitlines()) if m]
    total = sum(int(m.group(1)) for m in rows) or 1
    for m in rows:
        pct = 100.0 * int(m.group(1)) / total
        pid, dso, sym = int(m.group(2)), m.group(3).strip(), m.group(5).strip()
        if dso.startswith("[JIT]") or sym.startswith("guest_0x"):
            g = re.match(r"guest_0x([0-9a-f]+)", sym)
            name = gs.name(pid, int(g.group(1), 16)) if g else sym
            c = "translated code"
        elif dso == "xemu":
            name, c = sym, xcls.get(sym.split("+")[0], "xemu other")
        elif dso.startswith("[kernel"):
            name, c = sym, "kernel (syscalls, faults, exec, scheduling)"
        elif dso.startswith("libc.so"):
            name, c = sym, "host libc (called by xemu)"
        else:
            name, c = "%s (%s)" % (sym, dso), "host libraries, other"
        bysym[(c, name)] += pct
        byclass[c] += pct
    return cmd, wall, rc, byclass, bysym


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("names", nargs="+")
    ap.add_argument("--scale", type=float, default=0.25)
    ap.add_argument("-n", "--top", type=int, default=15)
    ap.add_argument("-o", "--output", default="/tmp/bench-profile.md")
    ap.add_argument("--reuse", action="store_true",
                    help="read the perf data of an earlier run instead of recording again")
    ap.add_argument("--work", default="/tmp/xemu-bench-profile",
                    help="work dir (inputs and perf data are kept there)")
    args = ap.parse_args()
    groups = [g[0] for g in catalog.GROUPS]
    names = []
    for n in args.names:
        names += [w.key for w in catalog.WORKLOADS if w.group == n] if n in groups else [n]
    for n in names:
        if n not in catalog.BY_KEY:
            sys.exit("profile: unknown workload %r" % n)
    build = os.environ.get("BUILD", "build")
    xemu = os.path.abspath(os.environ.get("XEMU") or os.path.join(TOP, build, "xemu-aarch64"))
    err = sysroot.ensure()
    if err:
        sys.exit("profile: " + err)
    os.makedirs(args.work, exist_ok=True)
    opts = argparse.Namespace(scale=args.scale, timeout=900, reps=1, quick=True)
    b = run.Bench(opts, xemu, "/usr/bin/qemu-aarch64", sysroot.ROOT, args.work)
    run.make_inputs(args.work, args.scale)
    xcls = xemu_classes(os.path.dirname(os.path.realpath(xemu)))
    out = ["# Where xemu spends its time: perf profiles of benchmark workloads", "",
           "Made by `bench/profile.py` (`BUILD=%s python3 bench/profile.py %s`). "
           "Work size: scale %g of the benchmark's (bench/catalog.py). Percentages are "
           "of all samples of the run (every process of it). Translated code is named "
           "`file:function` of the arm64 guest, blocks summed per function (Debian's files "
           "are stripped: the nearest exported symbol within 8 KiB; otherwise `file+vaddr` "
           "of the block, i.e. a static function); xemu's C functions are classed by the "
           "source directory defining them." % (
               os.path.basename(os.path.dirname(os.path.realpath(xemu))), " ".join(args.names),
               args.scale), ""]
    for n in names:
        w = catalog.BY_KEY[n]
        data = os.path.join(args.work, "perf-%s.data" % n)
        print("profile: %s" % n, flush=True)
        cmd, wall, rc, byclass, bysym = profile(w, b, xemu, data, xcls, args.reuse)
        envs = " ".join("%s=%s" % (k, shlex.quote(v))
                        for k, v in sorted((w.env(b.root) if w.env else {}).items()))
        out += ["## %s (`%s`)" % (w.title, n), "",
                "Wall %s s under perf%s. Reproduce:" % (
                    wall, "" if rc == 0 else " (**exit status %d**)" % rc), "",
                "    cd %s && %s%s%s" % (args.work, envs + " " if envs else "",
                                        shlex.join(cmd), " < " + w.stdin if w.stdin else ""),
                "    perf report -i %s --sort dso,sym" % data, "",
                "By class: " + ", ".join("%s %.1f%%" % (c, p) for c, p in byclass.most_common()),
                "", "| % | class | symbol |", "|---:|---|---|"]
        for (c, name), p in bysym.most_common(args.top):
            out.append("| %.1f | %s | `%s` |" % (p, c, name))
        out.append("")
        with open(args.output, "w") as f:
            f.write("\n".join(out))
    print("profile: wrote %s" % args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
