#!/bin/sh
# Download Debian packages (any architecture) and unpack them into a
# directory, without installing them: the arm64 side of the real-program
# tests (busybox-smoke/, tests/programs/, bench/) lives in such trees.
#
#   tools/fetch-debs.sh DESTDIR PKG:ARCH[=VERSION]...
#
# .debs are kept in cache/debs/ (gitignored) so a second run downloads
# nothing; a package already unpacked into DESTDIR (same file name) is
# not unpacked again.  Needs the arch enabled in dpkg and apt lists
# (tools/install-deps.sh does both).  apt-get download needs no root.
set -eu

[ $# -ge 2 ] || { echo "usage: $0 DESTDIR PKG:ARCH[=VERSION]..." >&2; exit 2; }

top=$(cd "$(dirname "$0")/.." && pwd)
debs="$top/cache/debs"
dest=$1; shift
mkdir -p "$debs" "$dest/.debs"

# The .deb file name apt-get download would write for PKG:ARCH=VER:
# name_version_arch.deb with the epoch colon escaped as %3a.
deb_name() {
    pkg=${1%%:*}; rest=${1#*:}; arch=${rest%%=*}
    info=$(apt-cache show --no-all-versions "$1" 2>/dev/null) || return 1
    ver=$(echo "$info" | sed -n 's/^Version: //p' | head -n1)
    [ -n "$ver" ] || return 1
    # "Architecture: all" packages are stored as _all.deb.
    a=$(echo "$info" | sed -n 's/^Architecture: //p' | head -n1)
    [ -n "$a" ] && arch=$a
    echo "${pkg}_$(echo "$ver" | sed 's/:/%3a/')_${arch}.deb"
}

# As root, apt drops privileges to _apt, which cannot write into our cache.
sandbox=""
[ "$(id -u)" -eq 0 ] && sandbox="-o APT::Sandbox::User=root"

for spec in "$@"; do
    f=$(deb_name "$spec") || {
        echo "fetch-debs: no such package or version: $spec" \
             "(run tools/install-deps.sh, which enables arm64 and updates lists)" >&2
        exit 1
    }
    if [ ! -s "$debs/$f" ]; then
        (cd "$debs" && apt-get download -q=2 -o Acquire::Retries=3 $sandbox "$spec") || {
            echo "fetch-debs: download failed: $spec" >&2; exit 1; }
    fi
    if [ ! -e "$dest/.debs/$f" ]; then
        dpkg -x "$debs/$f" "$dest"
        : > "$dest/.debs/$f"
    fi
done
