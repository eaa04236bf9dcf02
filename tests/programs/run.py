#!/usr/bin/env python3
"""Dynamic-program differential tests: Debian's arm64 builds of coreutils,
grep, sed, xz, bzip2, gzip, sqlite3, python3.11, perl and lua5.4 run under
the emulator with -L sysroot, against the same Debian versions for amd64
run natively.  Each case of cases.txt runs in two fresh temp dirs holding
identical generated inputs; stdout, stderr and exit status must match.

Used by `make check-programs` (and so `make check`):
    XEMU=build/xemu-aarch64 tests/programs/run.py [-j N] [NAME-GLOB...]
XEMU defaults to build/xemu-aarch64; XEMU=/usr/bin/qemu-aarch64 validates
the cases.  Ends with "N passed, N failed".  Cases listed in
known-failures.txt (xemu's known bugs, with reasons) are reported but
counted as skipped; XEMU_STRICT=1 counts them as failures."""

import argparse
import concurrent.futures
import fnmatch
import os
import random
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(TOP, "tools"))
import difftest  # noqa: E402

LABEL = "programs"
SYSROOT = os.path.join(TOP, "cache", "sysroot-arm64")
MTIME = 1614834367  # 2021-03-04 05:06:07 UTC, every input's mtime

# shell function name -> program path inside a Debian root
COREUTILS = ("ls sort md5sum sha1sum sha256sum sha512sum b2sum cksum wc date seq tr od "
             "head tail cut uniq paste join numfmt factor expr printf stat du split cat "
             "base64 tac nl fold fmt cp").split()
PROGRAMS = {name: "usr/bin/" + name for name in COREUTILS}
PROGRAMS.update({
    "grep": "usr/bin/grep", "sed": "usr/bin/sed", "xz": "usr/bin/xz",
    "bzip2": "usr/bin/bzip2", "gzip": "usr/bin/gzip", "sqlite3": "usr/bin/sqlite3",
    "python3": "usr/bin/python3.11", "perl": "usr/bin/perl", "lua": "usr/bin/lua5.4",
})

CASE_RE = re.compile(r"^([A-Za-z0-9_.+-]+):\s(.*)$")
WORDS = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi "
         "omicron pi rho sigma tau upsilon phi chi psi omega").split()


def load_cases(path):
    cases, seen = [], set()
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            m = CASE_RE.match(line)
            if not m or m.group(1) in seen:
                sys.exit("%s:%d: malformed or duplicate case" % (path, n))
            seen.add(m.group(1))
            cases.append((m.group(1), m.group(2), n))
    return cases


def write(path, data):
    with open(path, "wb" if isinstance(data, bytes) else "w") as f:
        f.write(data)


def make_inputs(d):
    """Deterministic inputs (fixed seed), all with mtime MTIME."""
    rng = random.Random(4242)
    lines = []
    size = 0
    while size < 3 * 1024 * 1024:
        n = rng.randint(1, 9)
        parts = []
        for _ in range(n):
            w = rng.choice(WORDS)
            r = rng.random()
            if r < 0.15:
                w += str(rng.randint(0, 99999))
            elif r < 0.2:
                w = w.upper()
            parts.append(w)
        line = " ".join(parts)
        lines.append(line)
        size += len(line) + 1
    write(os.path.join(d, "big.txt"), "\n".join(lines) + "\n")
    # 1 MB: half random bytes, half repetitive records, so it compresses somewhat
    rnd = bytes(rng.getrandbits(8) for _ in range(512 * 1024))
    rec = b"".join(b"%08d:%s;" % (i, rng.choice(WORDS).encode()) for i in range(40000))
    write(os.path.join(d, "big.bin"), (rnd + rec)[:1024 * 1024])
    write(os.path.join(d, "nums.txt"), "".join("%d\n" % rng.randint(-10 ** 6, 10 ** 9)
                                               for _ in range(3000)))
    write(os.path.join(d, "floats.txt"), "".join(
        "%s\n" % rng.choice(["%.6g" % rng.uniform(-1e6, 1e6), "%e" % rng.uniform(-1, 1),
                             "%d" % rng.randint(-50, 50), "0x%x" % rng.randint(0, 999)])
        for _ in range(2000)))
    tree = os.path.join(d, "tree")
    for sub in ("a", "b/c"):
        os.makedirs(os.path.join(tree, sub))
    write(os.path.join(tree, "a", "small.txt"), "secret\n")
    write(os.path.join(tree, "a", "medium.txt"), "line of text\n" * 300)
    write(os.path.join(tree, "a", "data.bin"), bytes(range(256)) * 20)
    write(os.path.join(tree, "b", "c", "deep.txt"), "deep secret here\n")
    write(os.path.join(tree, "b", "notes.md"), "# notes\nno secrets\n")
    os.symlink("a/small.txt", os.path.join(tree, "link"))
    os.chmod(os.path.join(tree, "a", "data.bin"), 0o640)
    for f in os.listdir(os.path.join(HERE, "scripts")):
        shutil.copy(os.path.join(HERE, "scripts", f), os.path.join(d, f))
    for root, dirs, files in os.walk(d, topdown=False):
        for name in files + dirs:
            os.utime(os.path.join(root, name), (MTIME, MTIME), follow_symlinks=False)
    os.utime(d, (MTIME, MTIME))


def prelude(runner, root):
    """Shell functions naming each program for one side."""
    fns = []
    for name, rel in sorted(PROGRAMS.items()):
        fns.append('%s() { %s %s "$@"; }' % (name, runner, shlex.quote(os.path.join(root, rel))))
    return "\n".join(fns) + "\n"


def run_case(case, sides, template, timeout):
    name, cmd, _ = case
    results = {}
    for side, (pre, strip) in sides.items():
        d = difftest.fresh_dir(template, "xprog-%s-%s-" % (name, side))
        try:
            env = difftest.fixed_env({"HOME": d})
            r = difftest.run_shell(pre + cmd, d, env, timeout)
            for s, rep in strip + [(d, "TMPDIR")]:
                r.out = r.out.replace(s.encode(), rep.encode())
                r.err = r.err.replace(s.encode(), rep.encode())
            results[side] = r
        finally:
            shutil.rmtree(d, ignore_errors=True)
    want, got = results["native"], results["emulated"]
    if (want.out, want.err, want.status) == (got.out, got.err, got.status):
        return None, want
    return difftest.diff_report(name, want, got), want


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("patterns", nargs="*", help="case name globs (default: all)")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("-t", "--timeout", type=int, default=300)
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--show", action="store_true", help="print native outputs")
    args = ap.parse_args()

    xemu = os.environ.get("XEMU") or os.path.join(TOP, "build", "xemu-aarch64")
    cases = load_cases(os.path.join(HERE, "cases.txt"))
    if args.patterns:
        cases = [c for c in cases if any(fnmatch.fnmatch(c[0], p) for p in args.patterns)]

    err = difftest.check_emulator(xemu)
    if err:
        return difftest.prerequisite_missing(err, LABEL)
    xemu = os.path.abspath(xemu) if os.path.sep in xemu else shutil.which(xemu)
    r = subprocess.run([os.path.join(HERE, "sysroot.sh"), SYSROOT])
    if r.returncode != 0:
        return difftest.prerequisite_missing("could not assemble the arm64 sysroot", LABEL)
    missing = [p for p, rel in PROGRAMS.items() if not os.access("/" + rel, os.X_OK)]
    if missing:
        return difftest.prerequisite_missing(
            "native programs missing: %s (run tools/install-deps.sh)" % " ".join(missing), LABEL)

    emu = "%s -L %s" % (shlex.quote(xemu), shlex.quote(SYSROOT))
    sides = {
        "native": (prelude("", "/"), []),
        "emulated": (prelude(emu, SYSROOT), [(SYSROOT, "")]),
    }
    print("%s: %d cases, emulator %s" % (LABEL, len(cases), xemu))
    sys.stdout.flush()
    known_path = os.path.join(HERE, "known-failures.txt")
    tally = difftest.Tally(difftest.load_known_failures(known_path)
                           if difftest.use_known_failures(xemu) else {})
    template = tempfile.mkdtemp(prefix="xprog-inputs-")
    try:
        make_inputs(template)
        with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
            futs = [pool.submit(run_case, c, sides, template, args.timeout) for c in cases]
            for c, fut in zip(cases, futs):
                report, want = fut.result()
                if args.show:
                    print("=== %s: %s\n%s%s[status %s]" % (
                        c[0], c[1], want.out.decode("utf-8", "replace")[:800],
                        want.err.decode("utf-8", "replace")[:400], want.status))
                tally.add(c[0], report is None)
                if report is None:
                    if args.verbose:
                        print("ok   %s" % c[0])
                else:
                    print("%s\n  (case at cases.txt:%d: %s)%s" % (
                        report, c[2], c[1],
                        "\n  (known failure)" if c[0] in tally.known else ""))
                sys.stdout.flush()
    finally:
        shutil.rmtree(template, ignore_errors=True)
    tally.report(LABEL, known_path)
    difftest.summary(tally.passed, tally.failed, tally.skipped)
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
