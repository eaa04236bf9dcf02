#!/usr/bin/env python3
"""Benchmark: real Debian programs under xemu vs qemu-aarch64 (both running
the arm64 build from the sysroot) vs the same version natively (amd64).

Used by `make bench` (mk/bench.mk); not part of `make check`.
    bench/run.py [-r REPS] [--scale S] [-o docs/bench-latest.md] [NAME...]
The three runners are measured side by side in one run: each repetition
runs every workload on every runner, in a rotating order, so machine noise
hits all three alike.  Reports the median wall time, the peak RSS (GNU
time's %M), the median CPU time (user + system), and checks
that all three produced the same output.  Prints a Markdown table with
xemu's speedup over qemu and its speed as a percentage of native, with
geometric means, and saves it (default docs/bench-latest.md)."""

import argparse
import datetime
import hashlib
import math
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
SYSROOT = os.path.join(TOP, "cache", "sysroot-arm64")
GNU_TIME = "/usr/bin/time"

# name -> (program path inside a Debian root, arguments, stdin file or None)
# Arguments name files relative to the work dir (inputs + workloads/).
WORKLOADS = {
    "xz -6": ("usr/bin/xz", ["-6", "-c", "text2.dat"], None),
    "bzip2 -9": ("usr/bin/bzip2", ["-9", "-c", "text.dat"], None),
    "gzip -9": ("usr/bin/gzip", ["-9", "-n", "-c", "text.dat"], None),
    "xz -d": ("usr/bin/xz", ["-dc", "text.dat.xz"], None),
    "sha256sum": ("usr/bin/sha256sum", ["mixed.dat"], None),
    "sort": ("usr/bin/sort", ["text.dat"], None),
    "sqlite3": ("usr/bin/sqlite3", [":memory:"], "bench.sql"),
    "python3": ("usr/bin/python3.11", ["cpu_loop.py"], None),
    "perl": ("usr/bin/perl", ["loop.pl"], None),
    "lua5.4": ("usr/bin/lua5.4", ["loop.lua"], None),
}

WORDS = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi "
         "omicron pi rho sigma tau upsilon phi chi psi omega").split()


def make_inputs(d, scale):
    """Deterministic inputs; text.dat ~ 6 MB * scale of words and numbers."""
    rng = random.Random(1234)
    target = int(6 * 1024 * 1024 * scale)
    out, size = [], 0
    while size < target:
        line = " ".join(rng.choice(WORDS) + (str(rng.randint(0, 9999)) if rng.random() < 0.2 else "")
                        for _ in range(rng.randint(2, 12)))
        out.append(line)
        size += len(line) + 1
    text = ("\n".join(out) + "\n").encode()
    with open(os.path.join(d, "text.dat"), "wb") as f:
        f.write(text)
    # xz -6 is slow (about 1 MB/s natively): it gets a third of the text
    with open(os.path.join(d, "text2.dat"), "wb") as f:
        f.write(text[:len(text) // 3])
    with open(os.path.join(d, "mixed.dat"), "wb") as f:
        f.write(rng.randbytes(len(text) * 4) if hasattr(rng, "randbytes") else os.urandom(len(text) * 4))
    subprocess.run(["xz", "-k", "-6", "-f", os.path.join(d, "text.dat")], check=True)
    for name in os.listdir(os.path.join(HERE, "workloads")):
        shutil.copy(os.path.join(HERE, "workloads", name), d)


def run_once(argv, stdin_path, cwd, timeout):
    """(wall seconds, peak RSS in KiB, sha256 of stdout, exit status,
    user+system CPU seconds).
    Peak RSS comes from GNU time: a child forked by this Python process
    would report at least Python's own RSS (the kernel keeps the pre-exec
    high-water mark), while time(1) is small."""
    out = tempfile.TemporaryFile()
    stdin = open(os.path.join(cwd, stdin_path), "rb") if stdin_path else subprocess.DEVNULL
    rss_file = os.path.join(cwd, ".rss")
    argv = [GNU_TIME, "-q", "-f", "%M %U %S", "-o", rss_file] + argv
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, cwd=cwd, stdin=stdin, stdout=out, stderr=subprocess.DEVNULL)
    deadline = t0 + timeout
    while True:
        pid, status, ru = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            p.kill()
            pid, status, ru = os.wait4(p.pid, 0)
            status = -1
            break
        time.sleep(0.002)
    wall = time.perf_counter() - t0
    p.returncode = 0  # reaped by hand
    if stdin_path:
        stdin.close()
    out.seek(0)
    digest = hashlib.sha256(out.read()).hexdigest()
    out.close()
    code = os.waitstatus_to_exitcode(status) if status != -1 else "timeout"
    try:
        f = open(rss_file).read().split()[-3:]
        rss, cpu = int(f[0]), float(f[1]) + float(f[2])
    except (OSError, ValueError, IndexError):
        rss, cpu = 0, 0.0
    return wall, rss, digest, code, cpu


def fmt_s(x):
    return "%.2f" % x if x is not None else "-"


def geomean(xs):
    xs = [x for x in xs if x]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("names", nargs="*", help="workloads (default: all): " + ", ".join(WORKLOADS))
    ap.add_argument("-r", "--reps", type=int, default=3)
    ap.add_argument("--scale", type=float, default=1.0, help="input size factor")
    ap.add_argument("--timeout", type=int, default=600)
    ap.add_argument("-o", "--output", default=os.path.join(TOP, "docs", "bench-latest.md"))
    args = ap.parse_args()

    xemu = os.path.abspath(os.environ.get("XEMU") or os.path.join(TOP, "build", "xemu-aarch64"))
    qemu = os.environ.get("QEMU", "/usr/bin/qemu-aarch64")
    for path, what in ((xemu, "xemu"), (qemu, "qemu-aarch64"), (GNU_TIME, "GNU time")):
        if not os.access(path, os.X_OK):
            sys.exit("bench: %s not found at %s" % (what, path))
    if subprocess.run([os.path.join(TOP, "tests", "programs", "sysroot.sh"), SYSROOT]).returncode:
        sys.exit("bench: could not assemble the arm64 sysroot")
    names = args.names or list(WORKLOADS)
    for n in names:
        if n not in WORKLOADS:
            sys.exit("bench: unknown workload %r" % n)
        if not os.access("/" + WORKLOADS[n][0], os.X_OK):
            sys.exit("bench: native /%s missing (run tools/install-deps.sh)" % WORKLOADS[n][0])

    work = tempfile.mkdtemp(prefix="xemu-bench-")
    try:
        print("bench: generating inputs (scale %g)" % args.scale, flush=True)
        make_inputs(work, args.scale)
        runners = {
            "native": lambda rel: ["/" + rel],
            "qemu": lambda rel: [qemu, "-L", SYSROOT, os.path.join(SYSROOT, rel)],
            "xemu": lambda rel: [xemu, "-L", SYSROOT, os.path.join(SYSROOT, rel)],
        }
        order = list(runners)
        res = {(n, r): [] for n in names for r in runners}
        for rep in range(args.reps):
            for i, n in enumerate(names):
                rel, argv, stdin = WORKLOADS[n]
                k = (rep + i) % len(order)
                for r in order[k:] + order[:k]:
                    m = run_once(runners[r](rel) + argv, stdin, work, args.timeout)
                    res[(n, r)].append(m)
                    print("  rep %d %-10s %-6s %7.2fs wall %7.2fs cpu %7d KiB exit %s" %
                          (rep + 1, n, r, m[0], m[4], m[1], m[3]), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    rows, speedups, natives = [], [], []
    cpu_rows, cpu_speedups, cpu_natives = [], [], []
    for n in names:
        med, rss, ok, cpu = {}, {}, {}, {}
        for r in runners:
            ms = res[(n, r)]
            med[r] = statistics.median(m[0] for m in ms)
            cpu[r] = statistics.median(m[4] for m in ms)
            rss[r] = max(m[1] for m in ms) / 1024.0
            ok[r] = all(m[3] == 0 for m in ms)
        want = res[(n, "native")][0][2]
        agree = {r: all(m[2] == want for m in res[(n, r)]) for r in runners}
        note = []
        for r in ("qemu", "xemu"):
            if not ok[r]:
                note.append("%s failed" % r)
            elif not agree[r]:
                note.append("%s output differs" % r)
        xemu_ok = ok["xemu"] and agree["xemu"]
        sp = med["qemu"] / med["xemu"] if xemu_ok and ok["qemu"] and agree["qemu"] else None
        pn = 100.0 * med["native"] / med["xemu"] if xemu_ok else None
        if sp:
            speedups.append(sp)
        if pn:
            natives.append(pn)
        csp = cpu["qemu"] / cpu["xemu"] if sp and cpu["xemu"] > 0 else None
        cpn = 100.0 * cpu["native"] / cpu["xemu"] if pn and cpu["xemu"] > 0 else None
        if csp:
            cpu_speedups.append(csp)
        if cpn:
            cpu_natives.append(cpn)
        cpu_rows.append("| %s | %.2f | %.2f | %.2f | %s | %s |" % (
            n, cpu["native"], cpu["qemu"], cpu["xemu"],
            "%.2fx" % csp if csp else "-", "%.1f%%" % cpn if cpn else "-"))
        rows.append("| %s | %s | %s | %s | %s | %s | %.0f / %.0f / %.0f | %s |" % (
            n, fmt_s(med["native"]), fmt_s(med["qemu"]),
            fmt_s(med["xemu"]) if xemu_ok else "FAIL",
            "%.2fx" % sp if sp else "-", "%.1f%%" % pn if pn else "-",
            rss["native"], rss["qemu"], rss["xemu"], "; ".join(note) or "outputs agree"))

    gs, gn = geomean(speedups), geomean(natives)
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    head = [
        "# xemu benchmark",
        "",
        "Generated by `make bench` (bench/run.py) on %s: %s, %d cores, %s." % (
            datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"), cpu, os.cpu_count(),
            platform.platform()),
        "Median wall time of %d interleaved repetitions (seconds); peak RSS in MiB; "
        "input scale %g. The arm64 programs are Debian's, run from `cache/sysroot-arm64` "
        "by xemu and by qemu-aarch64 (`-L`); native is the same Debian version for amd64." % (
            args.reps, args.scale),
        "Speedup = qemu time / xemu time; % of native = native time / xemu time.",
        "",
        "| benchmark | native s | qemu s | xemu s | xemu vs qemu | xemu % of native "
        "| RSS MiB native / qemu / xemu | check |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    tail = ["| **geometric mean** | | | | %s | %s | | %d of %d workloads |" % (
        "**%.2fx**" % gs if gs else "-", "**%.1f%%**" % gn if gn else "-",
        len(natives), len(names)), ""]
    cgs, cgn = geomean(cpu_speedups), geomean(cpu_natives)
    cpu_part = [
        "CPU time (user + system, median), less sensitive to other load on a shared machine:",
        "",
        "| benchmark | native cpu s | qemu cpu s | xemu cpu s | xemu vs qemu | xemu % of native |",
        "|---|---:|---:|---:|---:|---:|",
    ] + cpu_rows + ["| **geometric mean** | | | | %s | %s |" % (
        "**%.2fx**" % cgs if cgs else "-", "**%.1f%%**" % cgn if cgn else "-"), ""]
    text = "\n".join(head + rows + tail + cpu_part)
    print()
    print(text)
    os.makedirs(os.path.dirname(args.output), exist_ok=True)
    with open(args.output, "w") as f:
        f.write(text)
    print("bench: saved %s" % args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
