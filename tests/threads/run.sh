#!/bin/sh
# make check-threads: guest threads and atomics (tests/threads/).
#   *.c        built twice from one source, arm64 static (run under xemu)
#              and amd64 (native); stdout + exit status compared.
#   a64_*.c    arm64-only (inline A64 code): the oracle is qemu-aarch64.
#   *.cc       C++ std::thread: aarch64-linux-gnu-g++ -static vs g++.
#   py_threads.py  Debian's arm64 python3.11 under xemu -L SYSROOT vs the
#              same python3.11 natively.
#   xz -T2     Debian's arm64 xz under xemu vs native xz 5.4 on the same
#              real input (libraries of the sysroot): identical .xz bytes,
#              and multithreaded decompression back to the input.
#   "tiny cache" runs: the C/C++ programs and python3 again with a code
#              cache of 64 KiB / 1 MiB (XEMU_CODE_CACHE_KB), so the cache
#              fills and is flushed again and again while threads run.
# Prints "N passed, N failed".  XEMU=... chooses the emulator; SYSROOT
# defaults to cache/sysroot-arm64 (tests/programs/sysroot.sh builds it).
XEMU=${XEMU:-build/xemu-aarch64}
QEMU=${QEMU:-/usr/bin/qemu-aarch64}
OUT=${OUT:-build/threads-tests}
SRC=$(dirname "$0")
TOP=$(cd "$SRC/../.." && pwd)
SYSROOT=${SYSROOT:-$TOP/cache/sysroot-arm64}
T=${THREADS_TIMEOUT:-60}
case $XEMU in /*) ;; *) XEMU=$(pwd)/$XEMU ;; esac     # python3 runs from $SRC
mkdir -p "$OUT"
pass=0
fail=0

compare() {     # name want got
    if cmp -s "$2" "$3"; then
        echo "ok   $1"; pass=$((pass + 1))
    else
        echo "FAIL $1"; diff "$2" "$3" | head -20; fail=$((fail + 1))
    fi
}

for c in "$SRC"/*.c; do
    t=$(basename "$c" .c)
    if ! aarch64-linux-gnu-gcc -static -O2 -o "$OUT/$t.a64" "$c" -lpthread; then
        echo "FAIL $t (arm64 build)"; fail=$((fail + 1)); continue
    fi
    case $t in
    a64_*)
        timeout "$T" "$QEMU" "$OUT/$t.a64" > "$OUT/$t.want" 2>/dev/null
        echo "status $?" >> "$OUT/$t.want" ;;
    *)
        if ! gcc -O2 -mcx16 -o "$OUT/$t.x86" "$c" -lpthread -latomic; then
            echo "FAIL $t (amd64 build)"; fail=$((fail + 1)); continue
        fi
        timeout "$T" "$OUT/$t.x86" > "$OUT/$t.want" 2>/dev/null
        echo "status $?" >> "$OUT/$t.want" ;;
    esac
    timeout "$T" "$XEMU" "$OUT/$t.a64" > "$OUT/$t.got" 2>/dev/null
    echo "status $?" >> "$OUT/$t.got"
    compare "$t" "$OUT/$t.want" "$OUT/$t.got"
    case $t in
    atomics|churn|futex|a64_smc)
        XEMU_CODE_CACHE_KB=64 timeout "$T" "$XEMU" "$OUT/$t.a64" > "$OUT/$t.got64" 2>/dev/null
        echo "status $?" >> "$OUT/$t.got64"
        compare "$t (tiny cache)" "$OUT/$t.want" "$OUT/$t.got64" ;;
    esac
done

for c in "$SRC"/*.cc; do
    t=$(basename "$c" .cc)
    if ! command -v aarch64-linux-gnu-g++ > /dev/null; then
        echo "FAIL $t (aarch64-linux-gnu-g++ missing: apt-get install g++-aarch64-linux-gnu)"
        fail=$((fail + 1)); continue
    fi
    if ! aarch64-linux-gnu-g++ -static -O2 -o "$OUT/$t.a64" "$c" -pthread ||
       ! g++ -O2 -o "$OUT/$t.x86" "$c" -pthread; then
        echo "FAIL $t (build)"; fail=$((fail + 1)); continue
    fi
    timeout "$T" "$OUT/$t.x86" > "$OUT/$t.want" 2>/dev/null
    echo "status $?" >> "$OUT/$t.want"
    timeout "$T" "$XEMU" "$OUT/$t.a64" > "$OUT/$t.got" 2>/dev/null
    echo "status $?" >> "$OUT/$t.got"
    compare "$t" "$OUT/$t.want" "$OUT/$t.got"
    XEMU_CODE_CACHE_KB=64 timeout "$T" "$XEMU" "$OUT/$t.a64" > "$OUT/$t.got64" 2>/dev/null
    echo "status $?" >> "$OUT/$t.got64"
    compare "$t (tiny cache)" "$OUT/$t.want" "$OUT/$t.got64"
done

# real programs from the sysroot (the same Debian versions natively)
lib=$SYSROOT/usr/lib/aarch64-linux-gnu
if [ ! -x "$SYSROOT/usr/bin/python3.11" ] || [ ! -x "$SYSROOT/usr/bin/xz" ]; then
    echo "FAIL python3/xz (no arm64 sysroot at $SYSROOT: run tests/programs/sysroot.sh)"
    fail=$((fail + 2))
else
    (cd "$SRC" && timeout "$T" python3.11 py_threads.py) > "$OUT/py.want" 2>&1
    echo "status $?" >> "$OUT/py.want"
    (cd "$SRC" && timeout "$T" "$XEMU" -L "$SYSROOT" "$SYSROOT/usr/bin/python3.11" \
        py_threads.py) > "$OUT/py.got" 2>&1
    echo "status $?" >> "$OUT/py.got"
    compare py_threads "$OUT/py.want" "$OUT/py.got"
    (cd "$SRC" && XEMU_CODE_CACHE_KB=1024 timeout "$T" "$XEMU" -L "$SYSROOT" \
        "$SYSROOT/usr/bin/python3.11" py_threads.py) > "$OUT/py.got1m" 2>&1
    echo "status $?" >> "$OUT/py.got1m"
    compare "py_threads (tiny cache)" "$OUT/py.want" "$OUT/py.got1m"

    # about 4 MB of real data: ELF code and text; 512 KiB blocks so
    # both threads compress
    cat "$lib/libcrypto.so.3" > "$OUT/xz.in"
    cat "$SYSROOT"/usr/lib/python3.11/[a-d]*.py >> "$OUT/xz.in" 2>/dev/null
    xzargs="-T2 --block-size=512KiB -6 -c"
    /usr/bin/xz $xzargs "$OUT/xz.in" > "$OUT/xz.want"
    echo "status $?" >> "$OUT/xz.want"
    timeout "$T" "$XEMU" -L "$SYSROOT" "$SYSROOT/usr/bin/xz" $xzargs "$OUT/xz.in" \
        > "$OUT/xz.got"
    echo "status $?" >> "$OUT/xz.got"
    compare "xz -T2 compress" "$OUT/xz.want" "$OUT/xz.got"
    head -c -9 "$OUT/xz.want" > "$OUT/xz.want.xz"
    timeout "$T" "$XEMU" -L "$SYSROOT" "$SYSROOT/usr/bin/xz" -T2 -d -c "$OUT/xz.want.xz" \
        > "$OUT/xz.dec"
    echo "status $?" >> "$OUT/xz.dec"
    cp "$OUT/xz.in" "$OUT/xz.in.st" && echo "status 0" >> "$OUT/xz.in.st"
    compare "xz -T2 decompress" "$OUT/xz.in.st" "$OUT/xz.dec"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
