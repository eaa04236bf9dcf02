#!/bin/sh
# Assemble an arm64 sysroot under cache/sysroot-arm64 from Debian's arm64
# packages (downloaded and unpacked, never installed): glibc, the programs
# the differential program tests and the benchmark run, and their shared
# libraries.  Used by tests/programs/run.py and bench/run.py as
#   $XEMU -L cache/sysroot-arm64 cache/sysroot-arm64/usr/bin/PROG ...
#
# Packages come at the archive's candidate version; the programs' packages
# must then be installed natively for amd64 at that same version (the
# native side of every comparison), which tools/install-deps.sh ensures:
# a mismatch is reported and fails.  Afterwards every ELF program and library in the
# sysroot must find all its DT_NEEDED libraries: a missing one is reported
# and fails the script.  Idempotent: a complete sysroot is left alone.
#
#   tests/programs/sysroot.sh [DESTDIR]
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
dest=${1:-$top/cache/sysroot-arm64}

# The programs (first line) and the minimal set of libraries that lets
# each of them run; python3.11 needs libpython3.11-stdlib for json and
# hashlib, and libssl3 for hashlib's OpenSSL digests.
PKGS="coreutils grep sed xz-utils bzip2 gzip sqlite3 python3.11-minimal perl-base lua5.4
libc6 libgcc-s1 libacl1 libattr1 libgmp10 libselinux1 libpcre2-8-0 liblzma5 libbz2-1.0
libsqlite3-0 libreadline8 libtinfo6 zlib1g libpython3.11-minimal libpython3.11-stdlib
libexpat1 libssl3 libcrypt1"

stamp="$dest/.complete"
want=$(echo $PKGS | tr ' ' '\n' | sort | tr '\n' ' ')
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    exit 0
fi

PROGRAM_PKGS="coreutils grep sed xz-utils bzip2 gzip sqlite3 python3.11-minimal
libpython3.11-stdlib perl-base lua5.4"

# Start afresh when the package list changed, so nothing stale lingers
# (only in a directory that is ours: empty, absent, or made by this script).
if [ -e "$dest" ] && [ ! -d "$dest/.debs" ] && [ -n "$(ls -A "$dest" 2>/dev/null)" ]; then
    echo "sysroot: $dest exists and was not made by this script; not touching it" >&2
    exit 1
fi
rm -rf "$dest"
specs=""
for p in $PKGS; do specs="$specs $p:arm64"; done
echo "sysroot: fetching arm64 packages into $dest"
# shellcheck disable=SC2086
"$top/tools/fetch-debs.sh" "$dest" $specs

bad=0
for p in $PROGRAM_PKGS; do
    arm=$(ls "$dest/.debs" | sed -n "s/^${p}_\(.*\)_arm64\.deb\$/\1/p" | sed 's/%3a/:/' | tail -n1)
    amd=$(dpkg-query -W -f='${Version}' "$p:amd64" 2>/dev/null || true)
    if [ "$arm" != "$amd" ]; then
        echo "sysroot: $p is $arm for arm64 but ${amd:-not installed} natively" \
             "(run tools/install-deps.sh)" >&2
        bad=1
    fi
done
[ $bad = 0 ] || exit 1

# Debian 12 packages still ship /bin and /lib; programs are looked up in
# /usr/bin too, so give the sysroot the merged-/usr view Debian 12 has.
for d in bin sbin lib; do
    if [ -d "$dest/$d" ] && [ ! -L "$dest/$d" ]; then
        mkdir -p "$dest/usr/$d"
        cp -a "$dest/$d/." "$dest/usr/$d/"
        rm -rf "${dest:?}/$d"
        ln -s "usr/$d" "$dest/$d"
    fi
done

# Every DT_NEEDED of every ELF file must be found in the sysroot's
# library directories.
readelf=aarch64-linux-gnu-readelf
command -v $readelf >/dev/null 2>&1 || readelf=readelf
libdirs="$dest/usr/lib/aarch64-linux-gnu $dest/usr/lib"
missing=0
for f in $(find "$dest/usr/bin" "$dest/usr/lib" -type f \( -perm -u+x -o -name '*.so*' \)); do
    head -c 4 "$f" 2>/dev/null | grep -q 'ELF' || continue
    for lib in $($readelf -d "$f" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
        found=0
        # (gconv modules load their helpers from their own dir)
        for d in $libdirs "$(dirname "$f")"; do [ -e "$d/$lib" ] && found=1 && break; done
        if [ $found = 0 ]; then
            case "$f" in
                # extension modules of python not needed by the tests
                */lib-dynload/*) ;;
                *) echo "sysroot: ${f#$dest} needs $lib, which is missing" >&2; missing=1 ;;
            esac
        fi
    done
done
[ $missing = 0 ] || exit 1
echo "$want" > "$stamp"
echo "sysroot: ready"
