#!/usr/bin/env python3
"""busybox-smoke: Debian's busybox-static for arm64 under the emulator versus
the same version for amd64 run natively.  Every case of cases.txt runs in
two fresh temp dirs holding identical generated inputs; stdout, stderr and
exit status must match byte for byte.

Used by `make check-busybox` (and so `make check`):
    XEMU=build/xemu-aarch64 busybox-smoke/run.py [-j N] [NAME-GLOB...]
XEMU defaults to build/xemu-aarch64; XEMU=/usr/bin/qemu-aarch64 validates
the cases themselves.  Prints each failure with a diff and ends with
"N passed, N failed".  Cases listed in known-failures.txt (xemu's known
bugs, each with a reason) are reported but counted as skipped; set
XEMU_STRICT=1 to count them as failures."""

import argparse
import bz2
import concurrent.futures
import fnmatch
import gzip
import io
import lzma
import os
import random
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(TOP, "tools"))
import difftest  # noqa: E402

LABEL = "busybox-smoke"
CACHE = os.path.join(TOP, "cache", "busybox")
# Fixed mtime of every generated input: 2021-03-04 05:06:07 UTC.
MTIME = 1614834367

CASE_RE = re.compile(r"^([A-Za-z0-9_.+-]+)(?:\s+\[([a-z ,]+)\])?:\s(.*)$")


# ---------------------------------------------------------------- cases

class Case:
    def __init__(self, name, tags, cmd, lineno):
        self.name, self.tags, self.cmd, self.lineno = name, tags, cmd, lineno


def load_cases(path):
    cases, seen = [], set()
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            m = CASE_RE.match(line)
            if not m:
                sys.exit("%s:%d: malformed case line" % (path, n))
            name, tags, cmd = m.group(1), m.group(2) or "", m.group(3)
            if name in seen:
                sys.exit("%s:%d: duplicate case %s" % (path, n, name))
            seen.add(name)
            tags = set(t for t in re.split(r"[ ,]+", tags) if t)
            unknown = tags - {"arch", "exec"}
            if unknown:
                sys.exit("%s:%d: unknown tag %s" % (path, n, unknown))
            cases.append(Case(name, tags, cmd, n))
    return cases


# --------------------------------------------------------------- inputs

WORDS = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu "
         "nu xi omicron pi rho sigma tau upsilon phi chi psi omega apple "
         "banana cherry date fig grape lemon mango olive peach pear plum "
         "a.b secret x").split()
CITIES = ["Oslo", "Lima", "Pune", "Kyiv", "Bonn", "Nice", "Baku", "Doha"]


def write(path, data):
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(path, mode) as f:
        f.write(data)


def make_inputs(d):
    """Deterministic inputs (fixed seeds); every file and dir gets MTIME."""
    rng = random.Random(20240601)
    lines = []
    for _ in range(3000):
        lines.append(" ".join(rng.choice(WORDS[:-3]) for _ in range(rng.randint(1, 5))))
    # a few exact lines for -x / -w / -F cases
    for i in (17, 400, 1200, 2500):
        lines[i] = "alpha"
    lines[900] = "contains a.b literally"
    write(os.path.join(d, "words.txt"), "\n".join(lines) + "\n")
    write(os.path.join(d, "nums.txt"),
          "".join("%d\n" % rng.randint(-1000, 100000) for _ in range(400)))
    rows = ["id,name,score,city"]
    for i in range(1, 301):
        rows.append("%d,%s%d,%d,%s" % (i, rng.choice(WORDS[:24]), i % 17,
                                       rng.randint(0, 100), rng.choice(CITIES)))
    write(os.path.join(d, "data.csv"), "\n".join(rows) + "\n")
    text = []
    for _ in range(4000):
        sent = " ".join(rng.choice(WORDS[:-3]) for _ in range(rng.randint(3, 14)))
        text.append(sent.capitalize() + rng.choice([".", ",", ";", "!", "?"]))
    text = "\n".join(" ".join(text[i:i + 4]) for i in range(0, len(text), 4)) + "\n"
    write(os.path.join(d, "text.txt"), text)
    write(os.path.join(d, "bin.dat"), bytes(rng.getrandbits(8) for _ in range(65536)))
    write(os.path.join(d, "tabs.txt"),
          "a\tb\tc\n\tindented\n12345678\tx\nno tabs here\n\t\tdouble\tend\n\nlast\tline\n")
    write(os.path.join(d, "crlf.txt"), "one\r\ntwo\r\nthree\r\n")
    # compressed samples made by independent encoders (Python's zlib, bz2, lzma)
    sample = "".join("%05d %s\n" % (i, rng.choice(WORDS)) for i in range(5000)).encode()
    buf = io.BytesIO()
    with gzip.GzipFile("sample", "wb", 9, buf, mtime=0) as g:
        g.write(sample)
    write(os.path.join(d, "sample.gz"), buf.getvalue())
    write(os.path.join(d, "sample.bz2"), bz2.compress(sample, 9))
    write(os.path.join(d, "sample.xz"), lzma.compress(sample, check=lzma.CHECK_CRC32))
    with zipfile.ZipFile(os.path.join(d, "sample.zip"), "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (("zipdir/hello.txt", b"hello from zip\n"),
                           ("zipdir/nums.txt", sample[:2000]),
                           ("top.bin", bytes(range(256)) * 8)):
            info = zipfile.ZipInfo(name, (2021, 3, 4, 5, 6, 8))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    # a small tree with files of several sizes, a symlink, an empty dir
    tree = os.path.join(d, "tree")
    for sub in ("a", "b", "c/empty", "c/deep/er"):
        os.makedirs(os.path.join(tree, sub))
    write(os.path.join(tree, "a", "one.txt"), "one\n" * 10)
    write(os.path.join(tree, "a", "two.txt"), "two two\n" * 500)
    write(os.path.join(tree, "a", "three.dat"), bytes(rng.getrandbits(8) for _ in range(3000)))
    write(os.path.join(tree, "b", "notes"), "a secret note\nnothing here\n")
    write(os.path.join(tree, "b", "empty"), "")
    write(os.path.join(tree, "c", "deep", "er", "bottom.txt"), "secret bottom\n")
    write(os.path.join(tree, "top.txt"), "top level\n")
    os.symlink("a/one.txt", os.path.join(tree, "link"))
    os.chmod(os.path.join(tree, "b", "notes"), 0o600)
    os.chmod(os.path.join(tree, "a", "three.dat"), 0o755)
    for f in os.listdir(os.path.join(HERE, "scripts")):
        shutil.copy(os.path.join(HERE, "scripts", f), os.path.join(d, f))
    # mtimes last, deepest first, so setting them changes nothing else
    for root, dirs, files in os.walk(d, topdown=False):
        for name in files + dirs:
            os.utime(os.path.join(root, name), (MTIME, MTIME), follow_symlinks=False)
    os.utime(d, (MTIME, MTIME))


# ------------------------------------------------------------ busybox

def busybox_version():
    out = subprocess.run(["apt-cache", "policy", "busybox-static:arm64"],
                         capture_output=True, text=True).stdout
    m = re.search(r"Candidate:\s*(\S+)", out)
    return m.group(1) if m and m.group(1) != "(none)" else None


def fetch_busybox():
    """Both arches' busybox-static, same version, unpacked in cache/.
    Returns (arm64 path, amd64 path) or raises RuntimeError."""
    paths = tuple(os.path.join(CACHE, a, "bin", "busybox") for a in ("arm64", "amd64"))
    stamp = os.path.join(CACHE, "version")
    if all(os.path.exists(p) for p in paths) and os.path.exists(stamp):
        return paths
    ver = busybox_version()
    if not ver:
        raise RuntimeError("busybox-static:arm64 unknown to apt "
                           "(run tools/install-deps.sh: it enables arm64)")
    for arch in ("arm64", "amd64"):
        r = subprocess.run([os.path.join(TOP, "tools", "fetch-debs.sh"),
                            os.path.join(CACHE, arch),
                            "busybox-static:%s=%s" % (arch, ver)])
        if r.returncode != 0:
            raise RuntimeError("could not fetch busybox-static:%s=%s" % (arch, ver))
    write(stamp, ver + "\n")
    return paths


# ------------------------------------------------------------- running

SHOWN = {}


def applet_dir(busybox):
    """A dir of applet-name symlinks to busybox, used as PATH, so a program
    that execs another one by name (tar czf runs gzip) finds busybox of
    the same arch and never a host tool."""
    d = os.path.join(os.path.dirname(os.path.dirname(busybox)), "applets")
    if not os.path.isdir(d):
        tmp = d + ".tmp%d" % os.getpid()
        os.makedirs(tmp)
        names = subprocess.run([AMD_BB_FOR_LIST[0], "--list"], capture_output=True,
                               text=True).stdout.split()
        for n in names:
            os.symlink(busybox, os.path.join(tmp, n))
        try:
            os.rename(tmp, d)
        except OSError:
            shutil.rmtree(tmp)
    return d


AMD_BB_FOR_LIST = [None]


def run_case(case, sides, template, timeout):
    """Run one case on both sides; returns (status, report)."""
    results = {}
    for side, (bb, strip, path) in sides.items():
        d = difftest.fresh_dir(template, "bbsmoke-%s-%s-" % (case.name, side))
        try:
            env = difftest.fixed_env({"HOME": d, "PATH": path})
            line = "BB=%s; %s" % (shlex.quote(bb), case.cmd)
            r = difftest.run_shell(line, d, env, timeout)
            for s in strip:
                r.out = r.out.replace(s.encode(), b"BUSYBOX")
                r.err = r.err.replace(s.encode(), b"BUSYBOX")
            r.out = r.out.replace(path.encode(), b"APPLETS")
            r.err = r.err.replace(path.encode(), b"APPLETS")
            r.out = r.out.replace(d.encode(), b"TMPDIR")
            r.err = r.err.replace(d.encode(), b"TMPDIR")
            results[side] = r
        finally:
            shutil.rmtree(d, ignore_errors=True)
    want, got = results["native"], results["emulated"]
    SHOWN[case.name] = "%s%s[status %s]" % (want.out.decode("utf-8", "replace")[:600],
                                           want.err.decode("utf-8", "replace")[:400],
                                           want.status)
    if "arch" in case.tags:
        want.out = want.out.replace(b"x86_64", b"aarch64")
    if (want.out, want.err, want.status) == (got.out, got.err, got.status):
        return "pass", None
    return "fail", difftest.diff_report(case.name, want, got)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("patterns", nargs="*", help="case name globs (default: all)")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("-t", "--timeout", type=int, default=60,
                    help="seconds per case and side")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every case")
    ap.add_argument("--cases", default=os.path.join(HERE, "cases.txt"))
    ap.add_argument("--show", action="store_true",
                    help="print each case's native output (to review new cases)")
    args = ap.parse_args()

    xemu = os.environ.get("XEMU") or os.path.join(TOP, "build", "xemu-aarch64")
    cases = load_cases(args.cases)
    if args.patterns:
        cases = [c for c in cases if any(fnmatch.fnmatch(c.name, p) for p in args.patterns)]

    err = difftest.check_emulator(xemu)
    if err:
        return difftest.prerequisite_missing(err, LABEL)
    xemu = os.path.abspath(xemu) if os.path.sep in xemu else shutil.which(xemu)
    try:
        arm_bb, amd_bb = fetch_busybox()
    except RuntimeError as e:
        return difftest.prerequisite_missing(str(e), LABEL)

    # qemu-user cannot execve a foreign binary unless binfmt_misc is set up
    no_exec = os.path.basename(xemu).startswith("qemu")
    AMD_BB_FOR_LIST[0] = amd_bb
    sides = {
        "native": (amd_bb, [amd_bb], applet_dir(amd_bb)),
        "emulated": ("%s %s" % (xemu, arm_bb), [arm_bb, amd_bb], applet_dir(arm_bb)),
    }
    print("%s: %d cases, emulator %s, busybox %s" %
          (LABEL, len(cases), xemu, open(os.path.join(CACHE, "version")).read().strip()))
    sys.stdout.flush()

    known_path = os.path.join(HERE, "known-failures.txt")
    tally = difftest.Tally(difftest.load_known_failures(known_path)
                           if difftest.use_known_failures(xemu) else {})
    template = tempfile.mkdtemp(prefix="bbsmoke-inputs-")
    skipped = 0
    try:
        make_inputs(template)
        todo = []
        for c in cases:
            if "exec" in c.tags and no_exec:
                skipped += 1
                if args.verbose:
                    print("skip %s (qemu-user cannot execve a guest binary)" % c.name)
                continue
            todo.append(c)
        with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
            futs = [pool.submit(run_case, c, sides, template, args.timeout) for c in todo]
            for c, fut in zip(todo, futs):
                status, report = fut.result()
                if args.show:
                    print("=== %s: %s\n%s" % (c.name, c.cmd, SHOWN.get(c.name, "")))
                tally.add(c.name, status == "pass")
                if status == "pass":
                    if args.verbose:
                        print("ok   %s" % c.name)
                else:
                    print("%s\n  (case at cases.txt:%d: %s)%s" % (
                        report, c.lineno, c.cmd,
                        "\n  (known failure)" if c.name in tally.known else ""))
                sys.stdout.flush()
    finally:
        shutil.rmtree(template, ignore_errors=True)
    if skipped:
        print("%s: %d exec cases skipped: %s cannot execve a guest binary "
              "without binfmt_misc" % (LABEL, skipped, os.path.basename(xemu)))
    tally.report(LABEL, known_path)
    difftest.summary(tally.passed, tally.failed, skipped + tally.skipped)
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
