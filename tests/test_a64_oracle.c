/*
 * Tests of the A64 instruction oracle itself (tests/a64_oracle.{h,c} and
 * the arm64 runner tests/a64_oracle/runner.c), which the frontend tests
 * trust: every register survives the round trip through qemu, signals
 * come back with the faulting pc, PC-relative code sees the pc it asked
 * for, and a hanging guest loop is stopped (SIGALRM) on both sides.
 *
 * Run: make BUILD=b b/unit-tests && b/unit-tests --filter 'a64_oracle*'
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "tests/a64_oracle.h"

TestSuite(a64_oracle, .timeout = 60);

/* Zero instructions: what goes in comes out, under qemu and xemu. */
Test(a64_oracle, empty_code_keeps_every_register)
{
    /* FPCR: RMode = RZ, FZ, DN, AHP+RMode = RP; FPSR: cumulative
     * exception flags and QC */
    static const uint32_t fpcr[] = { 0x00c00000, 0x01000000, 0x02000000, 0x04400000 };
    static const uint32_t fpsr[] = { 0x9f, 0x01, 0x08000010, 0 };
    static const uint32_t none[1];
    uint64_t rng = 3;
    struct a64_state in, out;
    for (int k = 0; k < 4; k++) {
        a64_state_random(&in, &rng);
        in.fpcr = fpcr[k];
        in.fpsr = fpsr[k];
        char diff[4096];
        cr_assert(a64_oracle_qemu(none, 0, &in, &out));
        in.pc = A64W_DEFAULT_PC;
        cr_assert_eq(a64_state_diff(&in, &out, diff, sizeof(diff)), 0, "qemu:\n%s", diff);
        in.pc = 0;
        cr_assert(a64_oracle_xemu(none, 0, &in, &out));
        in.pc = A64W_DEFAULT_PC;
        cr_assert_eq(a64_state_diff(&in, &out, diff, sizeof(diff)), 0, "xemu:\n%s", diff);
    }
}

/* The state after code: ADD X0, X1, X2; SUBS XZR, X1, X2 (CMP). */
Test(a64_oracle, runs_code_and_reports_flags)
{
    static const uint32_t code[] = { 0x8b020020, 0xeb02003f };
    struct a64_state in, out;
    memset(&in, 0, sizeof(in));
    in.x[1] = 5;
    in.x[2] = 7;
    in.sp = 0x10000;
    cr_assert(a64_oracle_qemu(code, 2, &in, &out));
    cr_assert_eq(out.x[0], 12);
    cr_assert_eq(out.nzcv, 0x80000000u);         /* 5 - 7: N, borrow so C = 0 */
    cr_assert_eq(out.pc, A64W_DEFAULT_PC + 8);
    cr_assert_eq(out.sp, 0x10000);
}

/* UDF #0 at the second instruction: SIGILL with pc on it, on both sides. */
Test(a64_oracle, undefined_instruction_is_sigill)
{
    static const uint32_t code[] = { 0x8b020020, 0x00000000 };
    struct a64_case c[2] = {
        { .insns = code, .n = 2 }, { .insns = code, .n = 2 },
    };
    uint64_t rng = 5;
    a64_state_random(&c[0].in, &rng);
    c[1].in = c[0].in;
    cr_assert(a64_oracle_qemu_batch(&c[0], 1));
    cr_assert(a64_oracle_xemu_batch(&c[1], 1));
    for (int i = 0; i < 2; i++) {
        cr_assert_eq(c[i].sig, SIGILL, "%s: sig %d", i ? "xemu" : "qemu", c[i].sig);
        cr_assert_eq(c[i].out.pc, A64W_DEFAULT_PC + 4);
        cr_assert_eq(c[i].out.x[0], c[i].in.x[1] + c[i].in.x[2]);
    }
}

/* ADR X0, . at a pc the case chooses. */
Test(a64_oracle, code_runs_at_the_requested_pc)
{
    static const uint32_t adr = 0x10000000;
    struct a64_state in, out;
    memset(&in, 0, sizeof(in));
    in.pc = A64W_DEFAULT_PC + 0x5000 + 0x124;
    cr_assert(a64_oracle_qemu(&adr, 1, &in, &out));
    cr_assert_eq(out.x[0], in.pc);
    cr_assert(a64_oracle_xemu(&adr, 1, &in, &out));
    cr_assert_eq(out.x[0], in.pc);
}

/* B . never ends: both sides give up with SIGALRM after the time limit,
 * in every xemu mode (the JIT chains the block to itself). */
Test(a64_oracle, hanging_code_is_stopped)
{
    static const uint32_t loop = 0x14000000;
    setenv("A64_ORACLE_TIMEOUT", "1", 1);
    struct a64_case c = { .insns = &loop, .n = 1 };
    uint64_t rng = 9;
    a64_state_random(&c.in, &rng);
    cr_assert_eq(a64_oracle_check(&c, 1, "B ."), 0);
    cr_assert_eq(c.sig, SIGALRM);
}
