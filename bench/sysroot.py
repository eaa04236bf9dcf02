#!/usr/bin/env python3
"""Assemble the arm64 root the benchmark runs its programs from:
cache/sysroot-bench-arm64, Debian's arm64 packages unpacked (never
installed) by tools/fetch-debs.sh.  Used by bench/run.py (ensure());
run alone it builds or checks the tree.

A separate tree from tests/programs' cache/sysroot-arm64 (that script
rebuilds its tree whenever its own package list changes); the .debs are
shared through cache/debs, so nothing is downloaded twice.

fetch-debs does not resolve dependencies, so PKGS lists every package
whose libraries the programs load (checked afterwards: every DT_NEEDED of
every program must resolve inside the tree).  Each program package must
be installed natively for amd64 at the same version (the native side of
the comparison; tools/install-deps.sh --bench installs them); the arm64
gcc-12 is compared with Debian's amd64-hosted cross gcc-12, built from the
same gcc source but versioned differently, so that pair is reported, not
required to match."""

import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
ROOT = os.path.join(TOP, "cache", "sysroot-bench-arm64")

# Programs, then their libraries (grouped by the program that needs them).
PROGRAM_PKGS = ["coreutils", "grep", "sed", "xz-utils", "bzip2", "gzip", "sqlite3",
                "python3.11-minimal", "libpython3.11-stdlib", "perl-base", "lua5.4",
                "zstd", "7zip", "stress-ng", "openssl", "dash"]
LIB_PKGS = [
    # glibc, coreutils, grep, sqlite3, python3, perl, lua, xz, bzip2
    "libc6", "libgcc-s1", "libacl1", "libattr1", "libgmp10", "libselinux1", "libpcre2-8-0",
    "liblzma5", "libbz2-1.0", "libsqlite3-0", "libreadline8", "libtinfo6", "zlib1g",
    "libpython3.11-minimal", "libexpat1", "libssl3", "libcrypt1",
    # zstd, 7zz
    "libzstd1", "liblz4-1", "libstdc++6",
    # stress-ng (it links EGL/GLES/gbm for its GPU stressor)
    "libapparmor1", "libbsd0", "libmd0", "libegl1", "libglvnd0", "libgbm1", "libdrm2",
    "libwayland-server0", "libffi8", "libgles2", "libjpeg62-turbo", "libjudydebian1",
    "libkmod2", "libsctp1", "libxxhash0",
]
# gcc -O2 -c: the driver, cc1 and the assembler (as) with their libraries.
GCC_PKGS = ["gcc-12", "cpp-12", "gcc-12-base", "libgcc-12-dev", "libisl23", "libmpc3",
            "libmpfr6", "libcc1-0", "binutils", "binutils-aarch64-linux-gnu", "libbinutils",
            "binutils-common", "libctf0", "libctf-nobfd0", "libgprofng0", "libjansson4"]
PKGS = PROGRAM_PKGS + LIB_PKGS + GCC_PKGS

# Executables whose DT_NEEDED must all resolve (paths inside the root).
CHECK_ELF = ["usr/bin/xz", "usr/bin/bzip2", "usr/bin/gzip", "usr/bin/zstd", "usr/bin/7zz",
             "usr/bin/sha256sum", "usr/bin/sort", "usr/bin/sqlite3", "usr/bin/python3.11",
             "usr/bin/perl", "usr/bin/lua5.4", "usr/bin/stress-ng", "usr/bin/openssl",
             "usr/bin/dash", "usr/bin/true", "usr/bin/aarch64-linux-gnu-gcc-12",
             "usr/lib/gcc/aarch64-linux-gnu/12/cc1", "usr/bin/aarch64-linux-gnu-as"]


def _run(argv):
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _deb_version(root, pkg):
    """Version of pkg as unpacked (from the .deb file name fetch-debs kept)."""
    for f in os.listdir(os.path.join(root, ".debs")):
        if f.startswith(pkg + "_") and f.endswith("_arm64.deb"):
            return f[len(pkg) + 1:-len("_arm64.deb")].replace("%3a", ":")
    return None


def _native_version(pkg):
    r = _run(["dpkg-query", "-W", "-f=${Version}", pkg + ":amd64"])
    if r.returncode or not r.stdout:
        r = _run(["dpkg-query", "-W", "-f=${Version}", pkg])
    return r.stdout.strip() if r.returncode == 0 else ""


def _merge_usr(root):
    """Debian 12 packages still ship /bin and /lib: give the tree the
    merged-/usr view a Debian 12 system has, so /usr/bin/X and /bin/X
    are the same file."""
    for d in ("bin", "sbin", "lib"):
        top = os.path.join(root, d)
        if os.path.isdir(top) and not os.path.islink(top):
            os.makedirs(os.path.join(root, "usr", d), exist_ok=True)
            subprocess.run(["cp", "-a", top + "/.", os.path.join(root, "usr", d) + "/"], check=True)
            shutil.rmtree(top)
            os.symlink("usr/" + d, top)


def _needed(path):
    readelf = shutil.which("aarch64-linux-gnu-readelf") or "readelf"
    out = _run([readelf, "-d", path]).stdout
    return [l.split("[", 1)[1].rstrip("]") for l in out.splitlines() if "(NEEDED)" in l]


def _missing_libs(root):
    libdirs = [os.path.join(root, "usr/lib/aarch64-linux-gnu"), os.path.join(root, "usr/lib")]
    bad = []
    seen, todo = set(), [os.path.join(root, p) for p in CHECK_ELF]
    while todo:
        f = todo.pop()
        if f in seen:
            continue
        seen.add(f)
        if not os.path.exists(f):
            bad.append("%s is missing" % os.path.relpath(f, root))
            continue
        for lib in _needed(f):
            hit = next((os.path.join(d, lib) for d in libdirs + [os.path.dirname(f)]
                        if os.path.exists(os.path.join(d, lib))), None)
            if hit:
                todo.append(os.path.realpath(hit))
            else:
                bad.append("%s needs %s" % (os.path.relpath(f, root), lib))
    return bad


def version_notes(root=ROOT):
    """Lines 'pkg: arm64 V / amd64 V' for the report, and a list of
    mismatches (program packages whose two versions differ)."""
    lines, bad = [], []
    for p in PROGRAM_PKGS:
        arm, amd = _deb_version(root, p), _native_version(p)
        lines.append("%s %s" % (p, arm))
        if arm != amd:
            bad.append("%s is %s for arm64 but %s natively" % (p, arm, amd or "not installed"))
    arm_gcc, cross = _deb_version(root, "gcc-12"), _native_version("gcc-12-aarch64-linux-gnu")
    lines.append("gcc-12 %s (native: cross gcc-12-aarch64-linux-gnu %s)" % (arm_gcc, cross))
    return lines, bad


def ensure(root=ROOT, log=print):
    """Build the tree if it is absent or was built from another package
    list; verify versions and libraries.  Returns an error string or None."""
    stamp = os.path.join(root, ".complete")
    want = " ".join(sorted(PKGS))
    if not (os.path.exists(stamp) and open(stamp).read().strip() == want):
        if os.path.exists(root):
            if not os.path.isdir(os.path.join(root, ".debs")):
                return "%s exists and was not made by bench/sysroot.py; not touching it" % root
            shutil.rmtree(root)
        log("bench: fetching %d arm64 packages into %s" % (len(PKGS), root))
        r = subprocess.run([os.path.join(TOP, "tools", "fetch-debs.sh"), root] +
                           [p + ":arm64" for p in PKGS])
        if r.returncode:
            return "tools/fetch-debs.sh failed"
        _merge_usr(root)
        bad = _missing_libs(root)
        if bad:
            return "arm64 root incomplete: " + "; ".join(bad)
        with open(stamp, "w") as f:
            f.write(want + "\n")
    _, bad = version_notes(root)
    if bad:
        return "; ".join(bad) + " (run tools/install-deps.sh --bench)"
    return None


if __name__ == "__main__":
    err = ensure()
    if err:
        sys.exit("bench: " + err)
    print("\n".join(version_notes()[0]))
