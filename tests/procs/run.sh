#!/bin/sh
# make check-procs: processes and /proc.  Every tests/procs/*.c is built
# twice from the same source, arm64 static (run under xemu) and amd64
# (run natively, the kernel is the oracle); stdout and exit status must
# match.  Then xemu-only checks: execve of a guest binary keeps -strace.
# Prints "N passed, N failed".  XEMU=... chooses the emulator.
XEMU=${XEMU:-build/xemu-aarch64}
OUT=${OUT:-build/procs-tests}
SRC=$(dirname "$0")
mkdir -p "$OUT"
case $XEMU in /*) ;; */*) XEMU=$PWD/$XEMU ;; esac
pass=0
fail=0
for c in "$SRC"/*.c; do
    t=$(basename "$c" .c)
    if ! aarch64-linux-gnu-gcc -static -O2 -o "$OUT/$t.a64" "$c" -lpthread; then
        echo "FAIL $t (arm64 build)"; fail=$((fail + 1)); continue
    fi
    if ! gcc -O2 -o "$OUT/$t.x86" "$c" -lpthread; then
        echo "FAIL $t (amd64 build)"; fail=$((fail + 1)); continue
    fi
    (cd "$OUT" && timeout 60 "./$t.x86" > "$t.want" 2>"$t.want.err")
    echo "status $?" >> "$OUT/$t.want"
    (cd "$OUT" && timeout 60 "$XEMU" "./$t.a64" > "$t.got" 2>"$t.got.err")
    echo "status $?" >> "$OUT/$t.got"
    if cmp -s "$OUT/$t.want" "$OUT/$t.got"; then
        echo "ok   $t"; pass=$((pass + 1))
    else
        echo "FAIL $t"; diff "$OUT/$t.want" "$OUT/$t.got" | head -20; fail=$((fail + 1))
    fi
done

# execve of a guest binary re-enters xemu with the same options: the
# child's syscalls show up in the -strace log too.
if [ -f "$OUT/exec.a64" ]; then
    (cd "$OUT" && timeout 60 "$XEMU" -strace ./exec.a64 strace-child > strace.out 2> strace.err)
    if grep -q 'exec-child-marker' "$OUT/strace.err"; then
        echo "ok   exec keeps -strace"; pass=$((pass + 1))
    else
        echo "FAIL exec keeps -strace"; tail -5 "$OUT/strace.err"; fail=$((fail + 1))
    fi
fi
# the same with a dynamic arm64 build: every re-executed xemu needs -L
# to find ld.so and libc
SYSROOT=/usr/aarch64-linux-gnu
if [ -f "$OUT/exec.want" ] && aarch64-linux-gnu-gcc -O2 -o "$OUT/exec.dyn" "$SRC/exec.c"; then
    (cd "$OUT" && timeout 60 "$XEMU" -L "$SYSROOT" ./exec.dyn > exec.dyn.got 2>/dev/null)
    echo "status $?" >> "$OUT/exec.dyn.got"
    if cmp -s "$OUT/exec.want" "$OUT/exec.dyn.got"; then
        echo "ok   exec (dynamic, -L)"; pass=$((pass + 1))
    else
        echo "FAIL exec (dynamic, -L)"; diff "$OUT/exec.want" "$OUT/exec.dyn.got" | head; fail=$((fail + 1))
    fi
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
