#!/usr/bin/env python3
"""Benchmark: real Debian programs under xemu and qemu-aarch64 (the arm64
build from cache/sysroot-bench-arm64) vs the same version natively (amd64).

Used by `make bench` (mk/bench.mk); not part of `make check`.
    bench/run.py [-r REPS] [--scale S] [--quick] [-o FILE] [NAME|GROUP...]
NAME is a workload key (bench/catalog.py; `--list` prints them), GROUP
one of integer, fp, startup, threads.  docs/BENCHMARKS.md describes the
workloads and how each is measured.

Four runners: native, qemu (default CPU, as users run it), qemu-a72
(QEMU_CPU=cortex-a72, no pointer authentication) and xemu.  Each
repetition runs every workload on every runner in a rotating order, so
machine noise hits all alike.  Reports medians, peak RSS (GNU time's %M),
checks every output against native's, and writes a Markdown report with
per-group geometric means (default docs/bench-latest.md)."""

import argparse
import atexit
import datetime
import hashlib
import math
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import catalog  # noqa: E402
import gen_c  # noqa: E402
import sysroot  # noqa: E402

GNU_TIME = "/usr/bin/time"
CHILD = [None]  # process group of the run in progress, killed if we are


def on_term(*_):
    if CHILD[0]:
        try:
            os.killpg(CHILD[0], signal.SIGKILL)
        except OSError:
            pass
    sys.exit(1)
RUNNERS = ["native", "qemu", "qemu-a72", "xemu"]

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
    # xz -6 and zstd -19 are slow (1-2 MB/s natively): a third of the text
    with open(os.path.join(d, "text2.dat"), "wb") as f:
        f.write(text[:len(text) // 3])
    with open(os.path.join(d, "mixed.dat"), "wb") as f:
        f.write(rng.randbytes(len(text) * 4))
    subprocess.run(["xz", "-k", "-6", "-f", os.path.join(d, "text.dat")], check=True)
    with open(os.path.join(d, "big.c"), "w") as f:
        f.write(gen_c.gen(30))
    for name in os.listdir(os.path.join(HERE, "workloads")):
        shutil.copy(os.path.join(HERE, "workloads", name), d)


# --- qemu and execve ------------------------------------------------------
# qemu-aarch64 does not follow execve by itself: an arm64 sh starting
# /bin/true needs the kernel to hand the new arm64 program to qemu again,
# which is what binfmt_misc does on users' machines (qemu-user-binfmt).
# The bench registers a temporary entry around each qemu run of a start-up
# workload only, and removes it right after (and at exit), so nothing else
# on the machine sees it.  xemu follows execve itself.

BINFMT = "/proc/sys/fs/binfmt_misc"
BINFMT_NAME = "xemu-bench-qemu-aarch64"
AARCH64_MAGIC = (r"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00")
AARCH64_MASK = (r"\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff")


class Binfmt:
    def __init__(self, qemu):
        self.qemu, self.mounted, self.state = qemu, False, None

    def setup(self):
        """How qemu will follow execve: a sentence for the report."""
        if not os.path.exists(os.path.join(BINFMT, "register")):
            r = subprocess.run(["mount", "-t", "binfmt_misc", "binfmt_misc", BINFMT],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if r.returncode:
                self.state = None
                return ("binfmt_misc could not be mounted here: qemu cannot follow execve, "
                        "its start-up rows are left empty")
            self.mounted = True
        for e in os.listdir(BINFMT):
            if e in ("register", "status", BINFMT_NAME):
                continue
            try:
                txt = open(os.path.join(BINFMT, e)).read()
            except OSError:
                continue
            if "7f454c460201010000000000000000000200b700" in txt and "enabled" in txt:
                self.state = "system"
                return ("an aarch64 binfmt_misc entry was already registered on this machine "
                        "(`%s`): qemu followed execve through it" % e)
        self.state = "temporary"
        return ("qemu followed execve through a temporary binfmt_misc entry (`%s`, "
                "interpreter %s, no flags) registered around each qemu run of a start-up "
                "workload and removed right after; the root came from QEMU_LD_PREFIX, "
                "which the child processes inherit" % (BINFMT_NAME, self.qemu))

    def register(self):
        if self.state != "temporary":
            return self.state is not None
        if os.path.exists(os.path.join(BINFMT, BINFMT_NAME)):
            return True
        with open(os.path.join(BINFMT, "register"), "w") as f:
            f.write(":%s:M::%s:%s:%s:" % (BINFMT_NAME, AARCH64_MAGIC, AARCH64_MASK, self.qemu))
        return True

    def unregister(self):
        path = os.path.join(BINFMT, BINFMT_NAME)
        if self.state == "temporary" and os.path.exists(path):
            with open(path, "w") as f:
                f.write("-1")

    def close(self):
        self.unregister()
        if self.mounted:
            subprocess.run(["umount", BINFMT], stderr=subprocess.DEVNULL)
            self.mounted = False


# --- running ----------------------------------------------------------------

def run_once(argv, env, stdin_path, cwd, timeout):
    """dict(wall, cpu, rss KiB, status, stdout bytes, text = stdout+stderr).
    Peak RSS comes from GNU time: a child forked by this Python process
    would report at least Python's own RSS (the kernel keeps the pre-exec
    high-water mark), while time(1) is small.  For a tree of processes it
    is the largest single process."""
    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    stdin = open(os.path.join(cwd, stdin_path), "rb") if stdin_path else subprocess.DEVNULL
    rss_file = os.path.join(cwd, ".rss")
    argv = [GNU_TIME, "-q", "-f", "%M %U %S", "-o", rss_file] + argv
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, cwd=cwd, env=env, stdin=stdin, stdout=out, stderr=err,
                         start_new_session=True)
    CHILD[0] = p.pid
    deadline = t0 + timeout
    while True:
        pid, status, _ = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            os.killpg(p.pid, signal.SIGKILL)
            os.wait4(p.pid, 0)
            status = None
            break
        time.sleep(0.002)
    wall = time.perf_counter() - t0
    CHILD[0] = None
    p.returncode = 0  # reaped by hand
    if stdin_path:
        stdin.close()
    out.seek(0)
    err.seek(0)
    o, e = out.read(), err.read()
    out.close()
    err.close()
    code = os.waitstatus_to_exitcode(status) if status is not None else "timeout"
    try:
        f = open(rss_file).read().split()[-3:]
        rss, cpu = int(f[0]), float(f[1]) + float(f[2])
    except (OSError, ValueError, IndexError):
        rss, cpu = 0, 0.0
    return {"wall": wall, "cpu": cpu, "rss": rss, "status": code, "stdout": o,
            "text": (o + e).decode("utf-8", "replace")}


class Bench:
    def __init__(self, args, xemu, qemu, root, work):
        self.args, self.xemu, self.qemu, self.root, self.work = args, xemu, qemu, root, work
        self.binfmt = Binfmt(qemu)
        self.exec_note = None
        self.native_ref = {}   # key -> reference digest(s) from native
        self.done_reps = 0
        self.commit = subprocess.run(["git", "-C", TOP, "log", "-1", "--format=%h %s"],
                                     stdout=subprocess.PIPE, text=True).stdout.strip()

    def command(self, w, runner, args=None):
        """argv and environment of w on runner; args replaces w's arguments."""
        root = None if runner == "native" else self.root
        argv = w.argv(root, self.args.scale)
        if args is not None:
            argv = argv[:1] + args
        env = dict(os.environ)
        for k in ("QEMU_CPU", "QEMU_LD_PREFIX", "QEMU_STRACE"):
            env.pop(k, None)
        env["LC_ALL"] = "C"
        if w.env:
            env.update(w.env(root))
        if runner == "xemu":
            argv = [self.xemu, "-L", self.root] + argv
        elif runner.startswith("qemu"):
            # QEMU_LD_PREFIX is qemu's -L, and children started through
            # binfmt_misc inherit it (and QEMU_CPU) from the environment.
            argv = [self.qemu] + argv
            env["QEMU_LD_PREFIX"] = self.root
            if runner == "qemu-a72":
                env["QEMU_CPU"] = "cortex-a72"
        return argv, env

    def digest(self, w, m):
        """What must equal native's for check 'stdout' / 'file'."""
        if w.check == "stdout":
            return hashlib.sha256(m["stdout"]).hexdigest()
        if w.check == "file":
            path = os.path.join(self.work, w.out)
            if not os.path.exists(path):
                return None
            # The .comment section names the gcc build (the arm64 and the
            # cross gcc-12 differ only there): compare everything else.
            stripped = path + ".cmp"
            subprocess.run(["aarch64-linux-gnu-objcopy", "-R", ".comment", path, stripped],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                with open(stripped, "rb") as f:
                    return hashlib.sha256(f.read()).hexdigest()
            except OSError:
                return None
            finally:
                for p in (path, stripped):
                    if os.path.exists(p):
                        os.unlink(p)
        return "status"

    def measure(self, w, runner):
        if runner.startswith("qemu") and w.follows_exec and not self.binfmt.register():
            return None
        try:
            argv, env = self.command(w, runner)
            m = run_once(argv, env, w.stdin, self.work, self.args.timeout)
        finally:
            if runner.startswith("qemu") and w.follows_exec:
                self.binfmt.unregister()
        m["digest"] = self.digest(w, m)
        m["speed"] = None
        problems = []
        if m["status"] != 0:
            problems.append("exit %s" % m["status"])
        if w.expect and not re.search(w.expect, m["text"], re.M):
            problems.append("no /%s/ in output" % w.expect)
        if w.kind == "rate":
            m["speed"] = w.rate(m["text"])
            if m["speed"] is None:
                problems.append("no rate in output")
        elif not problems:
            m["speed"] = 1.0 / m["wall"]
        if runner == "native" and w.check in ("stdout", "file") and w.key not in self.native_ref:
            self.native_ref[w.key] = m["digest"]
        ref = self.native_ref.get(w.key)
        if w.check in ("stdout", "file") and runner != "native" and m["digest"] != ref:
            problems.append("output differs from native")
        m["problems"] = problems
        return m

    def verify(self, w, runner):
        """For rate workloads: the verify commands' stdout vs native's."""
        bad = []
        for extra in w.verify:
            argv, env = self.command(w, runner, extra)
            m = run_once(argv, env, None, self.work, self.args.timeout)
            d = hashlib.sha256(m["stdout"]).hexdigest()
            k = (w.key, " ".join(extra))
            if runner == "native":
                self.native_ref[k] = d
            elif m["status"] != 0 or d != self.native_ref.get(k):
                bad.append("`%s` differs from native" % " ".join(extra[:2]))
        return bad


def geomean(xs):
    xs = [x for x in xs if x]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def fmt_val(w, v):
    if v is None:
        return "-"
    if w.kind == "rate":
        return "%.1f" % (v / 1e6) if w.unit == "MB/s" else "%.0f" % v
    return "%.2f" % v


def probe_openssl(b):
    """OPENSSL_armcap each emulator's arm64 openssl picked (from the
    emulated HWCAPs), and the native OPENSSL_ia32cap."""
    w = catalog.BY_KEY["openssl-sha256"]
    out = {}
    for r in RUNNERS:
        argv, env = b.command(w, r, ["info", "-cpusettings"])
        p = subprocess.run(argv, env=env, cwd=b.work, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, timeout=60)
        out[r] = p.stdout.strip().replace("CPUINFO: ", "")
    return out


ARMCAP_BITS = ["NEON", "TICK", "AES", "SHA1", "SHA256", "PMULL", "SHA512", "CPUID",
               "RNG", "SM3", "SM4", "SHA3"]


def decode_armcap(s):
    m = re.search(r"OPENSSL_armcap=0x([0-9a-fA-F]+)", s)
    if not m:
        return s
    v = int(m.group(1), 16)
    return "%s (%s)" % (m.group(0), " ".join(n for i, n in enumerate(ARMCAP_BITS) if v >> i & 1))


def report(b, names, res, checks, versions, armcap, started):
    ws = [catalog.BY_KEY[n] for n in names]
    lines, body = [], []
    cpu = "?"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    lines += [
        "# xemu benchmark",
        "",
        "Generated by `make bench` (bench/run.py; docs/BENCHMARKS.md explains every workload) "
        "on %s: %s, %d cores, %s. Tree at `%s` when the run started (xemu: %s); %s." % (
            started, cpu, os.cpu_count(), platform.platform(), b.commit, b.xemu,
            subprocess.run([b.qemu, "--version"], stdout=subprocess.PIPE,
                           text=True).stdout.splitlines()[0]),
        "Median of %s interleaved repetitions%s. Time rows: wall seconds (lower is better); "
        "rate rows: the program's own throughput (higher is better). "
        "**xemu vs qemu** = xemu's speed / the faster qemu's; **%% native** = xemu's speed / "
        "native's. qemu = default CPU (`max`, as users run it); qemu-a72 = `QEMU_CPU=cortex-a72`. "
        "The CPU columns use user + system time instead of wall time (rate rows: the same "
        "throughput, already CPU-based); on a loaded shared machine they are the steadier "
        "figure, but they hide time spent waiting, e.g. for a guest lock."
        % (str(b.done_reps) if b.done_reps >= b.args.reps else
           "%d (of %d planned: the run was cut short)" % (b.done_reps, b.args.reps),
           ", quick mode (smaller inputs)" if b.args.quick else
           (", input scale %g" % b.args.scale if b.args.scale != 1 else "")),
        "",
    ]
    summary = []
    for g, gtitle, target in catalog.GROUPS:
        gws = [w for w in ws if w.group == g]
        if not gws:
            continue
        body += ["## %s" % gtitle, "",
                  "| workload | unit | native | qemu | qemu-a72 | xemu | xemu vs qemu | "
                  "% native | CPU: xemu vs qemu | CPU: % native "
                  "| RSS MiB native / qemu / a72 / xemu | check |",
                  "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
        vs_best, vs_q, vs_a72, pct, cvs, cpct = [], [], [], [], [], []
        for w in gws:
            med, spd, cspd, rss, notes = {}, {}, {}, {}, []
            for r in RUNNERS:
                ms = [m for m in res[(w.key, r)] if m is not None]
                good = [m for m in ms if not m["problems"]]
                cspd[r] = None
                if not ms:
                    med[r] = spd[r] = None
                    notes.append("%s not run (cannot follow execve)" % r)
                    rss[r] = None
                    continue
                rss[r] = max(m["rss"] for m in ms) / 1024.0
                if len(good) < len(ms):
                    probs = sorted({p for m in ms for p in m["problems"]})
                    notes.append("**%s FAILS**: %s" % (r, ", ".join(probs)) if r == "xemu"
                                 else "%s: %s" % (r, ", ".join(probs)))
                if not good or len(good) < len(ms):
                    med[r] = spd[r] = None
                    continue
                if w.kind == "rate":
                    spd[r] = statistics.median(m["speed"] for m in good)
                    med[r] = cspd[r] = spd[r]
                else:
                    med[r] = statistics.median(m["wall"] for m in good)
                    spd[r] = 1.0 / med[r]
                    c = statistics.median(m["cpu"] for m in good)
                    cspd[r] = 1.0 / c if c > 0 else None
            notes += checks.get(w.key, [])
            qs = [spd[r] for r in ("qemu", "qemu-a72") if spd[r]]
            best = max(qs) if qs else None
            x = spd["xemu"]
            ratio = x / best if x and best else None
            pn = 100.0 * x / spd["native"] if x and spd["native"] else None
            if ratio:
                vs_best.append(ratio)
            if x and spd["qemu"]:
                vs_q.append(x / spd["qemu"])
            if x and spd["qemu-a72"]:
                vs_a72.append(x / spd["qemu-a72"])
            if pn:
                pct.append(pn)
            cqs = [cspd[r] for r in ("qemu", "qemu-a72") if cspd[r]]
            cx = cspd["xemu"]
            cratio = cx / max(cqs) if cx and cqs else None
            cpn = 100.0 * cx / cspd["native"] if cx and cspd["native"] else None
            if cratio:
                cvs.append(cratio)
            if cpn:
                cpct.append(cpn)
            if rss["xemu"] and rss["qemu"] and rss["xemu"] > rss["qemu"]:
                notes.append("xemu RSS above qemu's")
            unit = w.unit if w.kind == "rate" else "s"
            body.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                w.title, unit, fmt_val(w, med["native"]), fmt_val(w, med["qemu"]),
                fmt_val(w, med["qemu-a72"]),
                fmt_val(w, med["xemu"]) if med["xemu"] is not None else "FAIL",
                "%.2fx" % ratio if ratio else "-", "%.1f%%" % pn if pn else "-",
                "%.2fx" % cratio if cratio else "-", "%.1f%%" % cpn if cpn else "-",
                " / ".join("%.0f" % rss[r] if rss[r] is not None else "-" for r in RUNNERS),
                "; ".join(notes) or "agrees with native"))
        gb, gp = geomean(vs_best), geomean(pct)
        cgb, cgp = geomean(cvs), geomean(cpct)
        if g != "threads":
            body.append("| **geometric mean** | | | | | | %s | %s | %s | %s | | %d of %d workloads |"
                        % ("**%.2fx**" % gb if gb else "-", "**%.1f%%**" % gp if gp else "-",
                           "**%.2fx**" % cgb if cgb else "-", "**%.1f%%**" % cgp if cgp else "-",
                           len(pct), len(gws)))
            summary.append("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
                gtitle, "%.2fx" % gb if gb else "-",
                "%.2fx" % geomean(vs_q) if vs_q else "-",
                "%.2fx" % geomean(vs_a72) if vs_a72 else "-",
                "%.1f%%" % gp if gp else "-",
                "%.2fx" % cgb if cgb else "-", "%.1f%%" % cgp if cgp else "-", target))
        else:
            t1 = {r: res.get(("xz-T1", r)) for r in RUNNERS}
            t2 = {r: res.get(("xz-T2", r)) for r in RUNNERS}
            sp = {}
            for r in RUNNERS:
                a = [m["wall"] for m in (t1[r] or []) if m and not m["problems"]]
                c = [m["wall"] for m in (t2[r] or []) if m and not m["problems"]]
                sp[r] = statistics.median(a) / statistics.median(c) if a and c else None
            body += ["", "`xz -T2` speedup over `-T1` (median wall times): " + ", ".join(
                "%s %s" % (r, "%.2fx" % sp[r] if sp[r] else "-") for r in RUNNERS) + "."]
            if sp["xemu"] and sp["native"]:
                rel = sp["xemu"] / sp["native"]
                body.append("xemu's speedup is %.0f%% of native's (target: within 10%%)." % (
                    100 * rel))
                if sp["native"] < 1.5:
                    body.append("Native's own speedup is only %.2fx: the second core was busy "
                                "(a shared machine), so this comparison says little; rerun on "
                                "an idle machine." % sp["native"])
                summary.append("| Threads (xz -T2 speedup vs native's) | | | | %.0f%% | | | %s |" % (
                    100 * rel, target))
        body.append("")
    lines += ["## Summary", "",
              "| group | xemu vs faster qemu | vs qemu (max) | vs qemu-a72 | xemu % native "
              "| CPU: xemu vs faster qemu | CPU: % native | target (issue 6) |",
              "|---|---:|---:|---:|---:|---:|---:|---|"] + summary + [""] + body
    lines += ["## Set-up", "",
              "- Execve under qemu: %s." % b.exec_note,
              "- OpenSSL CPU capabilities seen by `openssl info -cpusettings`: " + "; ".join(
                  "%s: %s" % (r, decode_armcap(armcap.get(r, "?"))) for r in RUNNERS) + ".",
              "- Packages (arm64 = native amd64 version): " + ", ".join(versions) + ".",
              "- Peak RSS is GNU time's maximum resident set of the largest process of the "
              "run (for the start-up loops: the largest single process).",
              ""]
    return "\n".join(lines)


def main():
    global RUNNERS
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("names", nargs="*", help="workloads or groups (default: all)")
    ap.add_argument("-r", "--reps", type=int, default=3)
    ap.add_argument("--scale", type=float, default=1.0, help="input and work size factor")
    ap.add_argument("--quick", action="store_true",
                    help="development mode: 1 repetition, a quarter of the work")
    ap.add_argument("--runners", default=",".join(RUNNERS),
                    help="comma-separated subset of " + ",".join(RUNNERS))
    ap.add_argument("--timeout", type=int, default=900)
    ap.add_argument("--list", action="store_true", help="print the workloads and exit")
    ap.add_argument("-o", "--output", default=os.path.join(TOP, "docs", "bench-latest.md"))
    args = ap.parse_args()
    if args.list:
        for w in catalog.WORKLOADS:
            print("%-16s %-8s %s" % (w.key, w.group, w.title))
        return 0
    if args.quick:
        args.reps, args.scale = 1, min(args.scale, 0.25)
    groups = [g[0] for g in catalog.GROUPS]
    names = []
    for n in args.names or [w.key for w in catalog.WORKLOADS]:
        if n in groups:
            names += [w.key for w in catalog.WORKLOADS if w.group == n]
        elif n in catalog.BY_KEY:
            names.append(n)
        else:
            sys.exit("bench: unknown workload %r (bench/run.py --list)" % n)
    if "xz-T2" in names and "xz-T1" not in names:
        names.insert(names.index("xz-T2"), "xz-T1")
    names = [w.key for w in catalog.WORKLOADS if w.key in set(names)]
    RUNNERS = [r for r in RUNNERS if r in args.runners.split(",")]
    if "native" not in RUNNERS:
        sys.exit("bench: the native runner is the reference; it cannot be left out")

    xemu = os.path.abspath(os.environ.get("XEMU") or os.path.join(TOP, "build", "xemu-aarch64"))
    qemu = os.environ.get("QEMU", "/usr/bin/qemu-aarch64")
    for path, what in ((xemu, "xemu"), (qemu, "qemu-aarch64"), (GNU_TIME, "GNU time")):
        if not os.access(path, os.X_OK):
            sys.exit("bench: %s not found at %s" % (what, path))
    err = sysroot.ensure()
    if err:
        sys.exit("bench: " + err)
    versions, _ = sysroot.version_notes()
    for n in names:
        w = catalog.BY_KEY[n]
        nat = w.native or "/" + w.prog
        if not os.access(nat, os.X_OK):
            sys.exit("bench: native %s missing (run tools/install-deps.sh --bench)" % nat)

    started = datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC")
    work = tempfile.mkdtemp(prefix="xemu-bench-")
    b = Bench(args, xemu, qemu, sysroot.ROOT, work)
    atexit.register(b.binfmt.close)
    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    res = {(n, r): [] for n in names for r in RUNNERS}
    checks = {}
    try:
        print("bench: generating inputs (scale %g)" % args.scale, flush=True)
        make_inputs(work, args.scale)
        b.exec_note = b.binfmt.setup() if any(
            catalog.BY_KEY[n].follows_exec for n in names) else "(no start-up workload run)"
        armcap = probe_openssl(b) if any(n.startswith("openssl") for n in names) else {}
        for n in names:
            w = catalog.BY_KEY[n]
            for r in RUNNERS:
                bad = b.verify(w, r)
                if bad:
                    checks.setdefault(n, []).append("%s: %s" % (r, ", ".join(bad)))
        for rep in range(args.reps):
            for i, n in enumerate(names):
                w = catalog.BY_KEY[n]
                k = (rep + i) % len(RUNNERS)
                order = RUNNERS[k:] + RUNNERS[:k]
                if w.check in ("stdout", "file") and n not in b.native_ref:
                    order = ["native"] + [r for r in order if r != "native"]
                for r in order:
                    m = b.measure(w, r)
                    res[(n, r)].append(m)
                    if m is None:
                        print("  rep %d %-16s %-8s not run" % (rep + 1, n, r), flush=True)
                        continue
                    print("  rep %d %-16s %-8s %8.2fs wall %8.2fs cpu %7d KiB %s%s" % (
                        rep + 1, n, r, m["wall"], m["cpu"], m["rss"],
                        ("rate %.4g " % m["speed"]) if w.kind == "rate" and m["speed"] else "",
                        "; ".join(m["problems"]) or "ok"), flush=True)
            # A report after every repetition: a run cut short keeps what it measured.
            b.done_reps = rep + 1
            save(report(b, names, res, checks, versions, armcap, started), args.output)
    finally:
        b.binfmt.close()
        shutil.rmtree(work, ignore_errors=True)

    text = report(b, names, res, checks, versions, armcap, started)
    print()
    print(text)
    save(text, args.output)
    print("bench: saved %s" % args.output)
    return 0


def save(text, path):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.replace(path + ".tmp", path)


if __name__ == "__main__":
    sys.exit(main())
