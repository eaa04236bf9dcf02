#!/bin/sh
# make check-signals: every tests/signals/*.c is built twice from the same
# source, arm64 static (run under xemu) and amd64 (run natively), and the
# outputs + exit statuses compared.  a64_*.c use arm64-only features
# (ucontext registers, BRK, UDF): their oracle is qemu-aarch64 instead,
# as a cortex-a72 (no SVE/SME records, like xemu); their "kernel-check:"
# lines (where qemu differs from the arm64 kernel) are left out of the
# comparison and must say "yes" under xemu.  stdout and status compared.
# Prints "N passed, N failed".  XEMU=... chooses the emulator.
XEMU=${XEMU:-build/xemu-aarch64}
QEMU=${QEMU:-/usr/bin/qemu-aarch64}
OUT=${OUT:-build/signals-tests}
SRC=$(dirname "$0")
mkdir -p "$OUT"
pass=0
fail=0
for c in "$SRC"/*.c; do
    t=$(basename "$c" .c)
    if ! aarch64-linux-gnu-gcc -static -O2 -o "$OUT/$t.a64" "$c" -lpthread; then
        echo "FAIL $t (arm64 build)"; fail=$((fail + 1)); continue
    fi
    case $t in
    a64_*)
        QEMU_CPU=cortex-a72 timeout 60 "$QEMU" "$OUT/$t.a64" > "$OUT/$t.qemu" 2>/dev/null
        echo "status $?" >> "$OUT/$t.qemu"
        grep -v '^kernel-check:' "$OUT/$t.qemu" > "$OUT/$t.want" ;;
    *)
        if ! gcc -O2 -o "$OUT/$t.x86" "$c" -lpthread; then
            echo "FAIL $t (amd64 build)"; fail=$((fail + 1)); continue
        fi
        timeout 60 "$OUT/$t.x86" > "$OUT/$t.want" 2>/dev/null
        echo "status $?" >> "$OUT/$t.want" ;;
    esac
    timeout 60 "$XEMU" "$OUT/$t.a64" > "$OUT/$t.raw" 2>/dev/null
    echo "status $?" >> "$OUT/$t.raw"
    case $t in
    a64_*) grep -v '^kernel-check:' "$OUT/$t.raw" > "$OUT/$t.got"
           if grep -q '^kernel-check:.*no$' "$OUT/$t.raw"; then
               echo "FAIL $t (kernel behaviour)"; grep '^kernel-check:.*no$' "$OUT/$t.raw"
               fail=$((fail + 1)); continue
           fi ;;
    *) cp "$OUT/$t.raw" "$OUT/$t.got" ;;
    esac
    if cmp -s "$OUT/$t.want" "$OUT/$t.got"; then
        echo "ok   $t"; pass=$((pass + 1))
    else
        echo "FAIL $t"; diff "$OUT/$t.want" "$OUT/$t.got" | head -20; fail=$((fail + 1))
    fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
