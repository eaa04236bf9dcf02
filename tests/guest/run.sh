#!/bin/bash
# Guest-program suite: small C programs in this folder are built twice from
# the same source, for arm64 (static, static-pie and dynamic, run under
# xemu) and for amd64 (run natively); stdout, stderr and exit status must
# be identical.  Also checks xemu's own command-line behaviour.
#
#   tests/guest/run.sh [XEMU]        default XEMU: build/xemu-aarch64
set -u
cd "$(dirname "$0")/../.."
XEMU=${1:-${XEMU:-build/xemu-aarch64}}
OUT=$PWD/${BUILD:-build}/guest-tests
SYSROOT=/usr/aarch64-linux-gnu     # Debian's libc6-arm64-cross
mkdir -p "$OUT"
case $XEMU in /*) ;; */*) XEMU=$PWD/$XEMU ;; esac
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

for src in tests/guest/*.c; do
    name=$(basename "$src" .c)
    gcc -O2 -o "$OUT/$name.amd64" "$src" -lm || { bad "build $name.amd64"; continue; }
    aarch64-linux-gnu-gcc -O2 -static -o "$OUT/$name.static" "$src" -lm &&
    aarch64-linux-gnu-gcc -O2 -static-pie -o "$OUT/$name.static-pie" "$src" -lm &&
    aarch64-linux-gnu-gcc -O2 -o "$OUT/$name.dynamic" "$src" -lm || { bad "build $name arm64"; continue; }
done

# compare NAME VARIANT STDIN-FILE ENV... -- ARGS...
compare() {
    local name=$1 variant=$2 input=$3; shift 3
    local envs=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do envs+=("$1"); shift; done
    shift
    local exp_out exp_err exp_rc got_out got_err got_rc
    (cd "$OUT" && env "${envs[@]}" "./$name.amd64" "$@" <"$input" >"$name.exp.out" 2>"$name.exp.err"; echo $? >"$name.exp.rc")
    case $variant in
        dynamic) (cd "$OUT" && env "${envs[@]}" "$XEMU" -L "$SYSROOT" "./$name.$variant" "$@" <"$input" >"$name.got.out" 2>"$name.got.err"; echo $? >"$name.got.rc") ;;
        *) (cd "$OUT" && env "${envs[@]}" "$XEMU" "./$name.$variant" "$@" <"$input" >"$name.got.out" 2>"$name.got.err"; echo $? >"$name.got.rc") ;;
    esac
    local what="$name.$variant $*"
    if cmp -s "$OUT/$name.exp.out" "$OUT/$name.got.out" && cmp -s "$OUT/$name.exp.err" "$OUT/$name.got.err" &&
       cmp -s "$OUT/$name.exp.rc" "$OUT/$name.got.rc"; then
        ok
    else
        bad "$what"
        diff "$OUT/$name.exp.out" "$OUT/$name.got.out" | head -10
        diff "$OUT/$name.exp.err" "$OUT/$name.got.err" | head -5
        echo "  status: native $(cat "$OUT/$name.exp.rc"), xemu $(cat "$OUT/$name.got.rc")"
    fi
}

head -c 100000 /dev/urandom >"$OUT/random.bin"
: >"$OUT/empty"
for v in static static-pie dynamic; do
    compare process_basics $v "$OUT/empty" XEMU_TEST_VAR=hello -- one "two words" ""
    compare process_basics $v "$OUT/random.bin" XEMU_TEST_EXIT=42 -- --flag
    compare process_basics $v "$OUT/random.bin" XEMU_TEST_EXIT=256 --
    compare numbers $v "$OUT/empty" --
    compare strings $v "$OUT/empty" --
done

# Pipes: guest output through a host pipe and back into the guest.
want=$(printf 'abc\n' | "$OUT/process_basics.amd64" x 2>/dev/null | "$OUT/process_basics.amd64" 2>/dev/null)
got=$(printf 'abc\n' | "$XEMU" "$OUT/process_basics.static" x 2>/dev/null | "$XEMU" "$OUT/process_basics.static" 2>/dev/null)
[ "$want" = "$got" ] && ok || bad "pipeline: '$want' vs '$got'"

# Command line: clear errors, non-zero status, never a crash.
expect_error() {  # DESCRIPTION PATTERN CMD...
    local desc=$1 pat=$2; shift 2
    local err rc
    err=$("$@" 2>&1 >/dev/null); rc=$?
    if [ $rc -ne 0 ] && [ $rc -lt 128 ] && grep -q -- "$pat" <<<"$err"; then ok
    else bad "$desc: status $rc, stderr: $err"; fi
}
expect_error "no program" "usage" "$XEMU"
expect_error "unknown option" "unknown option" "$XEMU" -bogus "$OUT/numbers.static"
expect_error "missing file" "No such file" "$XEMU" "$OUT/does-not-exist"
expect_error "not an ELF" "ELF" "$XEMU" tests/guest/run.sh
expect_error "host ELF" "machine\|architecture\|aarch64\|EM_" "$XEMU" "$OUT/numbers.amd64"
expect_error "bad -d item" "unknown log item" "$XEMU" -d bogus "$OUT/numbers.static"
"$XEMU" -version | grep -q "version" && ok || bad "-version"
"$XEMU" -h | grep -q -- "-strace" && ok || bad "-h"

echo "guest programs: $pass passed, $fail failed"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
