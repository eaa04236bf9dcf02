#!/bin/sh
# The body of `make check` (mk/check.mk): build, then every test suite in
# turn, each even when an earlier one failed, with its output shown and
# kept in $BUILD/check-logs/.  Reads each suite's own closing line (the
# criterion synthesis or "N passed, N failed"), prints a table, and ends
# with the totals as "N passed, N failed".  Exits non-zero if anything
# failed or a suite printed no count (a crash or a build error counts as
# one failure).
#
#   tools/run-checks.sh BUILD_DIR [SUITE...]
# SUITEs are make targets; default: unit, then each of check-generated
# check-abi check-guest check-signals check-threads check-procs
# check-snippets check-decode check-difftest that some mk/*.mk defines, then check-busybox and
# check-programs.
set -u

build=${1:-build}; shift || true
make="${MAKE:-make}"
logs="$build/check-logs"
mkdir -p "$logs"

suites="$*"
if [ -z "$suites" ]; then
    suites="unit"
    # `make -q T` exits 2 only when there is no rule for T.
    for t in check-generated check-abi check-guest check-signals check-threads \
             check-procs check-snippets check-decode check-difftest; do
        $make -q $t >/dev/null 2>&1; [ $? -ne 2 ] && suites="$suites $t"
    done
    suites="$suites check-busybox check-programs"
fi

total_pass=0; total_fail=0; total_skip=0; bad=0
table=""

add_row() { table="$table$(printf '%-18s %7s %7s %7s  %s' "$1" "$2" "$3" "$4" "$5")
"; }

echo "==> build ($build)"
if ! $make BUILD="$build" -j2 all > "$logs/build.log" 2>&1; then
    tail -n 40 "$logs/build.log"
    echo "build failed: see $logs/build.log"
    echo "0 passed, 1 failed"
    exit 1
fi

for s in $suites; do
    echo "==> $s"
    log="$logs/$s.log"
    # (tee would hide make's exit status: keep it in a file)
    { $make --no-print-directory BUILD="$build" "$s" 2>&1; echo $? > "$log.rc"; } | tee "$log"
    rc=$(cat "$log.rc")
    p=""; f=""; k=0
    # criterion: "[====] Synthesis: Tested: N | Passing: N | Failing: N | Crashing: N"
    line=$(grep -a 'Synthesis: Tested:' "$log" | tail -n 1)
    if [ -n "$line" ]; then
        p=$(echo "$line" | sed -n 's/.*Passing: \([0-9]*\).*/\1/p')
        f=$(echo "$line" | sed -n 's/.*Failing: \([0-9]*\).*Crashing: \([0-9]*\).*/\1 \2/p' |
            awk '{print $1 + $2}')
    else
        line=$(grep -aE '^([A-Za-z-]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
        if [ -n "$line" ]; then
            p=$(echo "$line" | sed -E 's/^([A-Za-z-]+: )?([0-9]+) passed.*/\2/')
            f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
            k=$(echo "$line" | sed -nE 's/.* ([0-9]+) skipped.*/\1/p'); k=${k:-0}
        fi
    fi
    make_err=0
    [ "$rc" != 0 ] && make_err=1
    if [ -z "$p" ]; then
        # no count line: a one-shot check (check-generated) passes when
        # make succeeded, otherwise it is one failure
        if [ $make_err = 0 ]; then p=1; f=0; note="ok (no count line)"; else p=0; f=1; note="FAILED"; fi
    else
        note="ok"
        [ "$f" -gt 0 ] && note="FAILED"
        if [ $make_err = 1 ] && [ "$f" -eq 0 ]; then f=1; note="FAILED (exit $rc)"; fi
    fi
    [ "$f" -gt 0 ] && bad=1
    total_pass=$((total_pass + p)); total_fail=$((total_fail + f)); total_skip=$((total_skip + k))
    add_row "$s" "$p" "$f" "$k" "$note"
done

echo
echo "==> summary (logs in $logs/)"
printf '%-18s %7s %7s %7s\n' suite passed failed skipped
printf '%s' "$table"
if [ "$total_skip" -gt 0 ]; then
    echo "$total_pass passed, $total_fail failed, $total_skip skipped"
else
    echo "$total_pass passed, $total_fail failed"
fi
exit $bad
