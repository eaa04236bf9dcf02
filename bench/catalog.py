#!/usr/bin/env python3
"""The workloads of `make bench` (bench/run.py): what each runs, how its
speed is read and how its result is checked.  docs/BENCHMARKS.md explains
each one.

A workload is run three ways: natively (the amd64 build of the same
Debian version), and under each emulator from the arm64 root
(bench/sysroot.py).  argv() gets the root (None natively) and returns the
command; paths of arm64 programs the workload starts itself (the /bin/true
of the sh loop, gcc's cc1 and as) point into the root, as they would in an
arm64 system or chroot.

kind "time": speed is 1 / wall time of a fixed amount of work.
kind "rate": the program measures itself (openssl speed, 7-Zip's
benchmark); speed is the throughput it reports, parsed by rate().

check "stdout": stdout must equal native's byte for byte.
check "status": exit status 0 and the pattern `expect` in the output,
plus, for rate workloads, optional verify commands whose stdout must
equal native's (their timings cannot be equal).
check "file": the file `out` written by the run, after post(), must equal
native's."""

import re

# Group keys, in report order, with their titles and issue 6's targets.
GROUPS = [
    ("integer", "Integer", "geomean >= 3x qemu and >= 50% of native"),
    ("fp", "FP / SIMD / crypto", ">= 50% of native (about 12x qemu)"),
    ("startup", "Start-up heavy", ">= 3x qemu"),
    ("threads", "Threads", "xz -T2 speedup within 10% of native's"),
]


class Workload:
    def __init__(self, key, title, group, prog, args, kind="time", check="stdout",
                 stdin=None, native=None, expect=None, rate=None, unit=None,
                 verify=(), env=None, follows_exec=False, out=None):
        self.key, self.title, self.group = key, title, group
        self.prog = prog          # path inside a Debian root, no leading /
        self.native = native      # native program when not "/" + prog
        self.args = args          # list, or callable(root, scale) -> list
        self.kind, self.check = kind, check
        self.stdin, self.expect, self.rate, self.unit = stdin, expect, rate, unit
        self.verify = verify      # argv lists (after prog) for check "status"
        self.env = env            # callable(root) -> dict
        self.follows_exec = follows_exec  # starts other arm64 programs
        self.out = out            # output file of check "file"

    def argv(self, root, scale):
        a = self.args(root, scale) if callable(self.args) else list(self.args)
        prog = ("/" + self.prog) if root is None else "%s/%s" % (root, self.prog)
        if root is None and self.native:
            prog = self.native
        return [prog] + a


def _in_root(root, path):
    return path if root is None else root + path


def _scaled(n, scale, least=1):
    return max(least, int(round(n * scale)))


def openssl_rate(text):
    """bytes/s from `openssl speed -mr`: the last +F line's last field
    (one block size is measured, so one value)."""
    vals = re.findall(r"^\+F:\d+:[^:]+:([0-9.]+)", text, re.M)
    return float(vals[-1]) if vals else None


def sevenzip_rate(text):
    """7-Zip benchmark: the Tot line's R/U rating (MIPS per 100% of one
    CPU): the rating normalised by the CPU share the process got, so the
    other load of a shared machine does not lower it."""
    m = re.search(r"^Tot:\s+(\d+)\s+(\d+)\s+(\d+)", text, re.M)
    return float(m.group(2)) if m else None


def _stress(method, ops):
    return lambda root, scale: ["--cpu", "1", "--cpu-method", method, "--cpu-ops",
                                str(_scaled(ops, scale)), "--verify", "--metrics-brief"]


def _sh_loop(count, cmd):
    """An sh loop running cmd (with "$P" the program) count times."""
    return lambda root, scale: ["-c", "i=0; while [ $i -lt %d ]; do %s; i=$((i+1)); done; "
                                "echo ran $i" % (_scaled(count, scale), cmd)]


def _gcc_args(root, scale):
    a = ["-O2", "-w", "-c", "big.c", "-o", "big.o"]
    if root is not None:
        # The driver finds cc1 and as in these prefixes, inside the root.
        a = ["-B%s/usr/lib/gcc/aarch64-linux-gnu/12/" % root, "-B%s/usr/bin/" % root] + a
    return a


AES_KEY = "000102030405060708090a0b0c0d0e0f"
AES_IV = "f0e0d0c0b0a090807060504030201000"

WORKLOADS = [
    # integer
    Workload("xz-6", "xz -6", "integer", "usr/bin/xz", ["-6", "-c", "text2.dat"]),
    Workload("xz-d", "xz -d", "integer", "usr/bin/xz", ["-dc", "text.dat.xz"]),
    Workload("bzip2", "bzip2 -9", "integer", "usr/bin/bzip2", ["-9", "-c", "text.dat"]),
    Workload("gzip", "gzip -9", "integer", "usr/bin/gzip", ["-9", "-n", "-c", "text.dat"]),
    Workload("zstd", "zstd -19", "integer", "usr/bin/zstd", ["-19", "-q", "-c", "text2.dat"]),
    Workload("sha256sum", "sha256sum", "integer", "usr/bin/sha256sum", ["mixed.dat"]),
    Workload("sort", "sort", "integer", "usr/bin/sort", ["text.dat"]),
    Workload("sqlite3", "sqlite3", "integer", "usr/bin/sqlite3", [":memory:"], stdin="bench.sql"),
    Workload("7z", "7z b -mmt1", "integer", "usr/bin/7zz",
             ["b", "1", "-mmt1", "-md22"],
             kind="rate", check="status", expect=r"^Tot:", rate=sevenzip_rate, unit="MIPS"),
    Workload("python3", "python3 loop", "integer", "usr/bin/python3.11", ["cpu_loop.py"]),
    Workload("perl", "perl loop", "integer", "usr/bin/perl", ["loop.pl"]),
    Workload("lua", "lua5.4 loop", "integer", "usr/bin/lua5.4", ["loop.lua"]),
    # FP / SIMD / crypto
    Workload("fft", "stress-ng fft", "fp", "usr/bin/stress-ng", _stress("fft", 800),
             check="status", expect=r"successful run completed"),
    Workload("matrixprod", "stress-ng matrixprod", "fp", "usr/bin/stress-ng",
             _stress("matrixprod", 200), check="status", expect=r"successful run completed"),
    Workload("double", "stress-ng double", "fp", "usr/bin/stress-ng", _stress("double", 400),
             check="status", expect=r"successful run completed"),
    Workload("float", "stress-ng float", "fp", "usr/bin/stress-ng", _stress("float", 400),
             check="status", expect=r"successful run completed"),
    Workload("openssl-sha256", "openssl speed sha256", "fp", "usr/bin/openssl",
             lambda root, scale: ["speed", "-mr", "-seconds", "3" if scale >= 1 else "1",
                                  "-bytes", "16384", "sha256"],
             kind="rate", check="status", expect=r"^\+F:", rate=openssl_rate, unit="MB/s",
             verify=[["dgst", "-sha256", "mixed.dat"]]),
    Workload("openssl-aes-gcm", "openssl speed aes-128-gcm", "fp", "usr/bin/openssl",
             lambda root, scale: ["speed", "-mr", "-seconds", "3" if scale >= 1 else "1",
                                  "-bytes", "16384", "-evp", "aes-128-gcm"],
             kind="rate", check="status", expect=r"^\+F:", rate=openssl_rate, unit="MB/s",
             verify=[["enc", "-aes-128-ctr", "-K", AES_KEY, "-iv", AES_IV, "-in", "text.dat"]]),
    # start-up heavy: an arm64 sh starting arm64 programs
    Workload("true-x300", "300 x /bin/true (sh loop)", "startup", "usr/bin/dash",
             _sh_loop(300, '"$P"'), env=lambda root: {"P": _in_root(root, "/usr/bin/true")},
             follows_exec=True),
    Workload("python3-pass", "50 x python3 -c pass", "startup", "usr/bin/dash",
             _sh_loop(50, '"$P" -c pass'),
             env=lambda root: {"P": _in_root(root, "/usr/bin/python3.11")}, follows_exec=True),
    Workload("gcc", "gcc -O2 -c (5.5k lines)", "startup", "usr/bin/aarch64-linux-gnu-gcc-12",
             _gcc_args, native="/usr/bin/aarch64-linux-gnu-gcc-12", check="file", out="big.o",
             follows_exec=True),
    # threads
    Workload("xz-T1", "xz -6 -T1", "threads", "usr/bin/xz",
             ["-6", "-T1", "--block-size=512KiB", "-c", "text2.dat"]),
    Workload("xz-T2", "xz -6 -T2", "threads", "usr/bin/xz",
             ["-6", "-T2", "--block-size=512KiB", "-c", "text2.dat"]),
]

BY_KEY = {w.key: w for w in WORKLOADS}
