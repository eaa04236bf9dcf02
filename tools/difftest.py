"""Differential-test helpers shared by busybox-smoke/run.py and
tests/programs/run.py: run one command line natively (amd64) and one under
the emulator (arm64) in fresh, identical temp dirs, and compare stdout,
stderr and exit status byte for byte.

Why a shared module: both suites need the same process handling (timeouts
that kill the whole process group, no stdin, fixed environment), the same
normalisation hooks and the same failure report (unified diff) and
closing line ("N passed, N failed")."""

import difflib
import os
import shutil
import signal
import subprocess
import sys
import tempfile


def in_ci():
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def fixed_env(extra):
    """A small, fixed environment so both sides see the same thing."""
    env = {
        "LC_ALL": "C",
        "LANG": "C",
        "TZ": "UTC",
        "PATH": "/nonexistent",
        "TERM": "dumb",
    }
    env.update(extra)
    return env


class Result:
    def __init__(self, out, err, status, timed_out=False):
        self.out, self.err, self.status = out, err, status
        self.timed_out = timed_out


def run_shell(cmdline, cwd, env, timeout):
    """Run cmdline with the host's /bin/sh in cwd; stdin is /dev/null.
    A time-out kills the whole process group (emulated children too)."""
    p = subprocess.Popen(["/bin/sh", "-c", cmdline], cwd=cwd, env=env,
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = p.communicate(timeout=timeout)
        return Result(out, err, p.returncode)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        return Result(out, err, "timeout after %ss" % timeout, True)


def fresh_dir(template, prefix):
    """A new temp dir holding a copy of template (mtimes preserved)."""
    d = tempfile.mkdtemp(prefix=prefix)
    if template:
        for name in os.listdir(template):
            src = os.path.join(template, name)
            dst = os.path.join(d, name)
            if os.path.isdir(src) and not os.path.islink(src):
                shutil.copytree(src, dst, symlinks=True)
            else:
                shutil.copy2(src, dst, follow_symlinks=False)
        # copytree gives re-created symlinks the current time: make every
        # entry's times the template's, deepest first.
        for root, dirs, files in os.walk(template, topdown=False):
            rel = os.path.relpath(root, template)
            for name in files + dirs:
                st = os.lstat(os.path.join(root, name))
                os.utime(os.path.join(d, rel, name), ns=(st.st_atime_ns, st.st_mtime_ns),
                         follow_symlinks=False)
        st = os.stat(template)
        os.utime(d, ns=(st.st_atime_ns, st.st_mtime_ns))
    return d


def _text(b):
    return b.decode("utf-8", "backslashreplace").splitlines(keepends=True)


def diff_report(name, want, got, max_lines=40):
    """Human-readable difference between the native and emulated results."""
    lines = ["FAIL %s" % name]
    if want.status != got.status:
        lines.append("  exit status: native %s, emulated %s" %
                     (want.status, got.status))
    for what, a, b in (("stdout", want.out, got.out),
                       ("stderr", want.err, got.err)):
        if a == b:
            continue
        d = list(difflib.unified_diff(_text(a), _text(b), "native " + what,
                                      "emulated " + what, n=2))
        if not d:  # differ only in bytes that decode the same
            d = ["  %s differs in raw bytes (%d vs %d bytes)\n" %
                 (what, len(a), len(b))]
        if len(d) > max_lines:
            d = d[:max_lines] + ["  ... (%d more diff lines)\n" %
                                 (len(d) - max_lines)]
        lines.extend("  " + x.rstrip("\n") for x in d)
    return "\n".join(lines)


def summary(passed, failed, skipped=0, label=None):
    line = "%d passed, %d failed" % (passed, failed)
    if skipped:
        line += ", %d skipped" % skipped
    if label:
        line = label + ": " + line
    print(line)
    sys.stdout.flush()


def check_emulator(xemu):
    """The emulator must exist and be executable; returns an error or None."""
    if not xemu:
        return "no emulator given (XEMU)"
    path = xemu if os.path.sep in xemu else shutil.which(xemu)
    if not path or not os.path.isfile(path) or not os.access(path, os.X_OK):
        return "emulator %s not found or not executable" % xemu
    return None


def prerequisite_missing(reason, label):
    """A suite that cannot run: fails in CI (the set-up installs everything),
    is reported as skipped elsewhere."""
    print("%s: cannot run: %s" % (label, reason))
    if in_ci():
        print("%s: CI=true, so a missing prerequisite is a failure" % label)
        summary(0, 1, label=label)
        return 1
    summary(0, 0, 1, label=label)
    return 0


def load_known_failures(path):
    """NAME -> reason, from a known-failures.txt: one case name a line,
    optionally followed by '#' and why.  Missing file: none known."""
    known = {}
    try:
        with open(path) as f:
            for line in f:
                body = line.split("#", 1)
                name = body[0].strip()
                if name:
                    known[name] = body[1].strip() if len(body) > 1 else ""
    except FileNotFoundError:
        pass
    return known


def use_known_failures(xemu):
    """Known failures describe xemu: they are ignored when validating the
    cases with qemu-user, and when XEMU_STRICT=1 asks for every case."""
    if os.environ.get("XEMU_STRICT", "") not in ("", "0"):
        return False
    return not os.path.basename(xemu).startswith("qemu")


class Tally:
    """Counts results; a failing case listed as a known failure counts as
    skipped (reported as such, with its reason), and a listed case that
    passes is pointed out so the list shrinks."""

    def __init__(self, known):
        self.known = known
        self.passed = self.failed = self.skipped = 0
        self.xfail, self.xpass, self.failures = [], [], []

    def add(self, name, ok):
        if ok:
            self.passed += 1
            if name in self.known:
                self.xpass.append(name)
        elif name in self.known:
            self.skipped += 1
            self.xfail.append(name)
        else:
            self.failed += 1
            self.failures.append(name)

    def report(self, label, known_path):
        if self.xfail:
            print("%s: %d known failures (%s), not counted as failed:" %
                  (label, len(self.xfail), os.path.relpath(known_path)))
            for n in self.xfail:
                print("  %-28s %s" % (n, self.known[n]))
        if self.xpass:
            print("%s: listed as known failures but now pass (remove them from %s): %s" %
                  (label, os.path.relpath(known_path), " ".join(self.xpass)))
        if self.failures:
            print("%s: failed: %s" % (label, " ".join(self.failures)))
