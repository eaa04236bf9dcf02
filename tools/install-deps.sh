#!/bin/sh
# Install everything xemu needs to build and test on Debian 12 x86-64.
#
# Used by ./demo, `make check` (via .ci/run) and by people setting up a
# fresh machine.  POSIX sh on purpose: a new machine may lack bash
# features we would otherwise rely on, python3 and even make.
#
# Idempotent and fast when all is present: apt-get runs only when a
# package is missing, and `apt-get update` only once per run at most.
# Non-interactive (CI has no stdin).  Needs root or sudo.
#
#   tools/install-deps.sh            build + all test prerequisites
#   tools/install-deps.sh --build    only what building xemu needs
#   tools/install-deps.sh --bench    all of the above plus the native side of
#                                    `make bench` (bench/run.py)
set -eu

export DEBIAN_FRONTEND=noninteractive

# Building xemu.
BUILD_PKGS="build-essential make python3 pkg-config libelf-dev libcapstone-dev
libcriterion-dev libseccomp-dev liburing-dev"

# Building arm64 test programs, and the test-only oracle.
CROSS_PKGS="gcc-aarch64-linux-gnu g++-aarch64-linux-gnu binutils-aarch64-linux-gnu
linux-libc-dev-arm64-cross qemu-user"

# The native (amd64) side of the differential program tests and the
# benchmark: same Debian versions as the arm64 packages run under xemu.
# time: GNU time measures the benchmark's peak RSS.
NATIVE_PKGS="coreutils grep sed xz-utils bzip2 gzip sqlite3 python3.11-minimal
libpython3.11-stdlib perl-base lua5.4 time"

# The native side of `make bench` beyond NATIVE_PKGS (7zip: 7zz, the
# same 7-Zip as the arm64 package; libssl3 at openssl's version, the
# native `openssl speed` links it).  Kept out of the default set so that
# `make check` installs nothing it does not use.
BENCH_PKGS="zstd 7zip stress-ng openssl libssl3 dash gcc-12-aarch64-linux-gnu
binutils-aarch64-linux-gnu"

mode=all
bench=0
[ "${1:-}" = "--build" ] && mode=build
[ "${1:-}" = "--bench" ] && bench=1

if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo -E"; else
        echo "install-deps: need root (or sudo) to install packages" >&2; exit 1
    fi
else
    SUDO=""
fi

# A package counts as installed only when dpkg says "install ok installed".
want() {
    for p in "$@"; do
        st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
        case "$st" in
            *"ok installed") ;;
            *) missing="$missing $p" ;;
        esac
    done
}

# The differential tests compare a native amd64 program with the arm64
# build of the very same Debian version (fetched at the installed amd64
# version), so these follow the archive: an older installed version is
# upgraded to the candidate (the arm64 side is then fetched to match).
want_current() {
    for p in "$@"; do
        inst=$(dpkg-query -W -f='${Version}' "$p" 2>/dev/null || true)
        cand=$(apt-cache policy "$p" 2>/dev/null | sed -n 's/^ *Candidate: //p')
        if [ -n "$inst" ] && [ -n "$cand" ] && [ "$cand" != "(none)" ] &&
           [ "$inst" != "$cand" ]; then
            missing="$missing $p"
        fi
    done
}

find_missing() {
    missing=""
    want $BUILD_PKGS
    if [ "$mode" = all ]; then
        want $CROSS_PKGS $NATIVE_PKGS
        want_current $NATIVE_PKGS
    fi
    if [ "$bench" = 1 ]; then
        want $BENCH_PKGS
        want_current $BENCH_PKGS
    fi
}
find_missing

# arm64 as a foreign architecture: the sysroot and busybox-smoke fetch
# arm64 .debs with `apt-get download pkg:arm64`, which needs arm64 lists.
need_arm64=0
if [ "$mode" = all ] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
    $SUDO dpkg --add-architecture arm64
    need_arm64=1
fi
# Lists present for arm64?  (A fresh --add-architecture has none yet.)
if [ "$mode" = all ] && [ "$need_arm64" = 0 ] &&
   ! ls /var/lib/apt/lists/*_binary-arm64_Packages* >/dev/null 2>&1; then
    need_arm64=1
fi

if [ -n "$missing" ] || [ "$need_arm64" = 1 ]; then
    echo "install-deps: updating package lists"
    $SUDO apt-get update -qq -o Acquire::Retries=3
    find_missing  # fresh lists may know newer versions
fi
if [ -n "$missing" ]; then
    echo "install-deps: installing$missing"
    # shellcheck disable=SC2086
    $SUDO apt-get install -y -q --no-install-recommends -o Acquire::Retries=3 \
        -o Dpkg::Use-Pty=0 $missing
else
    echo "install-deps: all packages present"
fi
