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
# (tools/install-deps.sh does both).  Each apt call rebuilds apt's cache
# here (seconds), so all packages go through one query and one download.
set -eu

[ $# -ge 2 ] || { echo "usage: $0 DESTDIR PKG:ARCH[=VERSION]..." >&2; exit 2; }

top=$(cd "$(dirname "$0")/.." && pwd)
debs="$top/cache/debs"
dest=$1; shift
mkdir -p "$debs" "$dest/.debs"

# As root, apt drops privileges to _apt, which cannot write into our cache.
sandbox=""
[ "$(id -u)" -eq 0 ] && sandbox="-o APT::Sandbox::User=root"

# The file name apt-get download writes for each spec, in order.
uris=$(apt-get download --print-uris -q=2 "$@" 2>&1) || {
    echo "$uris" | grep '^E:' >&2
    echo "fetch-debs: a package or version is unknown to apt" \
         "(run tools/install-deps.sh: it enables arm64 and updates the lists)" >&2
    exit 1
}
files=$(echo "$uris" | sed -n "s/^'[^']*' \([^ ]*\) .*/\1/p")

need=""
for f in $files; do
    [ -s "$debs/$f" ] || need=1
done
if [ -n "$need" ]; then
    # shellcheck disable=SC2086
    (cd "$debs" && apt-get download -q=2 -o Acquire::Retries=3 $sandbox "$@") || {
        echo "fetch-debs: download failed" >&2; exit 1; }
fi
for f in $files; do
    [ -s "$debs/$f" ] || { echo "fetch-debs: $f missing after download" >&2; exit 1; }
    if [ ! -e "$dest/.debs/$f" ]; then
        dpkg -x "$debs/$f" "$dest"
        : > "$dest/.debs/$f"
    fi
done
