/*
 * Optimizer passes, as textual IR in and textual IR out, plus a semantic
 * check: each optimized block computes the same guest state as the
 * original under the reference interpreter.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "xlat/aarch64/cpu.h"
#include "xlat/opt.h"
#include "xlat/xlat.h"

static char *dump_str(const struct ir_block *b)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ir_dump(b, f);
    fclose(f);
    return buf;
}

static void parse_or_fail(struct ir_block *b, const char *text)
{
    char err[256];
    ir_block_init(b, 0x1000);
    cr_assert(ir_parse(b, text, err, sizeof(err)), "parse error: %s", err);
}

/* Run pass over `in`; the dump must equal `out`. */
static void check_pass(void (*pass)(struct ir_block *), const char *in, const char *out)
{
    struct ir_block b;
    parse_or_fail(&b, in);
    pass(&b);
    char err[256];
    cr_assert(ir_validate(&b, err, sizeof(err)), "invalid after pass: %s", err);
    char *got = dump_str(&b);
    cr_assert_str_eq(got, out, "\n--- got ---\n%s--- want ---\n%s", got, out);
    free(got);
    ir_block_free(&b);
}

/* The pipeline must not change what a block does. */
static void check_same_effect(const char *in, const struct a64_cpu *init)
{
    struct ir_block a, b;
    parse_or_fail(&a, in);
    parse_or_fail(&b, in);
    opt_block(&b);
    struct a64_cpu ea = *init, eb = *init;
    uint64_t ra = ir_interp(&a, &ea), rb = ir_interp(&b, &eb);
    cr_assert_eq(ra, rb);
    cr_assert(memcmp(&ea, &eb, sizeof(ea)) == 0, "optimized block changed the result");
    ir_block_free(&a);
    ir_block_free(&b);
}

Test(ir_text, dump_parse_roundtrip)
{
    const char *text =
        "insn_start 0x1000\n"
        "    %1 = getenv.8 [env+0x18]\n"
        "    %2 = const 0x10\n"
        "    %3 = add.i64.f %1, %2\n"
        "    %4 = ld.i32.s16.acq [%3+0x8]\n"
        "    st.u32.rel [%3-0x4], %4\n"
        "    %6 = setcond.i32.ltu %3, %2\n"
        "    %7 = testflags.ge\n"
        "    %8 = select.i64 %7, %3, %4\n"
        "    %9 = atomic.umax.u64 %3, %8\n"
        "    ldv.16 [%3+0x0], env+0x120\n"
        "    setenv.4 [env+0x20], %9\n"
        "    exit_if %6, 0x2000\n"
        "    exit 0x1004, syscall\n";
    check_pass(opt_copyprop, text, text);
}

Test(ir_text, parse_rejects_use_before_def)
{
    struct ir_block b;
    char err[256];
    ir_block_init(&b, 0);
    cr_assert_not(ir_parse(&b, "%1 = add.i64 %0, %0\ngoto_tb 0x0\n", err, sizeof(err)));
    cr_assert(strstr(err, "not defined"), "%s", err);
    ir_block_free(&b);
}

Test(ir_text, validate_requires_final_exit)
{
    struct ir_block b;
    char err[256];
    ir_block_init(&b, 0);
    cr_assert_not(ir_parse(&b, "%0 = const 0x1\n", err, sizeof(err)));
    cr_assert(strstr(err, "final exit"), "%s", err);
    ir_block_free(&b);
}

Test(opt_envfwd, forwards_stored_register_and_drops_dead_store)
{
    check_pass(opt_envfwd,
               "%0 = const 0x5\n"
               "setenv.8 [env+0x18], %0\n"
               "%2 = getenv.8 [env+0x18]\n"
               "%3 = add.i64 %2, %0\n"
               "setenv.8 [env+0x18], %3\n"
               "goto_tb 0x1004\n",
               "    %0 = const 0x5\n"
               "    %2 = mov.i64 %0\n"
               "    %3 = add.i64 %2, %0\n"
               "    setenv.8 [env+0x18], %3\n"
               "    goto_tb 0x1004\n");
}

Test(opt_envfwd, keeps_store_before_exit_and_env_reading_call)
{
    const char *in =
        "%0 = const 0x5\n"
        "setenv.8 [env+0x18], %0\n"
        "%2 = call.r 0x1234()\n"
        "setenv.8 [env+0x18], %2\n"
        "%4 = const 0x1\n"
        "exit_if %4, 0x2000\n"
        "setenv.8 [env+0x18], %4\n"
        "goto_tb 0x1004\n";
    check_pass(opt_envfwd, in,
               "    %0 = const 0x5\n"
               "    setenv.8 [env+0x18], %0\n"
               "    %2 = call.r 0x1234()\n"
               "    setenv.8 [env+0x18], %2\n"
               "    %4 = const 0x1\n"
               "    exit_if %4, 0x2000\n"
               "    setenv.8 [env+0x18], %4\n"
               "    goto_tb 0x1004\n");
}

Test(opt_envfwd, env_writing_call_forgets_known_values)
{
    check_pass(opt_envfwd,
               "%0 = getenv.8 [env+0x18]\n"
               "%1 = call.w 0x1234()\n"
               "%2 = getenv.8 [env+0x18]\n"
               "%3 = add.i64 %0, %2\n"
               "setenv.8 [env+0x20], %3\n"
               "goto_tb 0x1004\n",
               "    %0 = getenv.8 [env+0x18]\n"
               "    %1 = call.w 0x1234()\n"
               "    %2 = getenv.8 [env+0x18]\n"
               "    %3 = add.i64 %0, %2\n"
               "    setenv.8 [env+0x20], %3\n"
               "    goto_tb 0x1004\n");
}

Test(opt_envfwd, narrow_store_is_not_forwarded)
{
    const char *in =
        "%0 = const 0x123456789\n"
        "setenv.4 [env+0x18], %0\n"
        "%2 = getenv.8 [env+0x18]\n"
        "setenv.8 [env+0x20], %2\n"
        "goto_tb 0x1004\n";
    check_pass(opt_envfwd, in,
               "    %0 = const 0x123456789\n"
               "    setenv.4 [env+0x18], %0\n"
               "    %2 = getenv.8 [env+0x18]\n"
               "    setenv.8 [env+0x20], %2\n"
               "    goto_tb 0x1004\n");
}

Test(opt_fold, folds_constants_with_interpreter_semantics)
{
    check_pass(opt_fold,
               "%0 = const 0xffffffff\n"
               "%1 = const 0x1\n"
               "%2 = add.i32 %0, %1\n"
               "%3 = sdiv.i64 %1, %2\n"
               "%4 = clz.i32 %2\n"
               "setenv.8 [env+0x18], %4\n"
               "goto_tb 0x1004\n",
               "    %0 = const 0xffffffff\n"
               "    %1 = const 0x1\n"
               "    %2 = const 0x0\n"
               "    %3 = const 0x0\n"
               "    %4 = const 0x20\n"
               "    setenv.8 [env+0x18], %4\n"
               "    goto_tb 0x1004\n");
}

Test(opt_fold, identity_at_i32_needs_zero_extended_input)
{
    /* add.i32 x, 0 truncates x: only an I32-produced x may be forwarded */
    check_pass(opt_fold,
               "%0 = getenv.8 [env+0x18]\n"
               "%1 = const 0x0\n"
               "%2 = add.i32 %0, %1\n"
               "%3 = add.i64 %0, %1\n"
               "%4 = add.i32 %2, %1\n"
               "setenv.8 [env+0x20], %2\n"
               "setenv.8 [env+0x28], %3\n"
               "setenv.8 [env+0x30], %4\n"
               "goto_tb 0x1004\n",
               "    %0 = getenv.8 [env+0x18]\n"
               "    %1 = const 0x0\n"
               "    %2 = add.i32 %0, %1\n"
               "    %3 = mov.i64 %0\n"
               "    %4 = mov.i64 %2\n"
               "    setenv.8 [env+0x20], %2\n"
               "    setenv.8 [env+0x28], %3\n"
               "    setenv.8 [env+0x30], %4\n"
               "    goto_tb 0x1004\n");
}

Test(opt_fold, constant_exit_if)
{
    check_pass(opt_fold,
               "%0 = const 0x0\n"
               "exit_if %0, 0x2000\n"
               "%2 = const 0x1\n"
               "exit_if %2, 0x3000\n"
               "setenv.8 [env+0x18], %2\n"
               "goto_tb 0x1004\n",
               "    %0 = const 0x0\n"
               "    %2 = const 0x1\n"
               "    goto_tb 0x3000\n");
}

Test(opt_deadflags, overwritten_flags_are_dropped)
{
    check_pass(opt_deadflags,
               "%0 = getenv.8 [env+0x18]\n"
               "%1 = sub.i64.f %0, %0\n"
               "%2 = add.i64.f %1, %0\n"
               "%3 = testflags.eq\n"
               "%4 = adc.i64.f %2, %0\n"
               "%5 = sub.i64.f %4, %0\n"
               "exit_if %3, 0x2000\n"
               "goto_tb 0x1004\n",
               "    %0 = getenv.8 [env+0x18]\n"
               "    %1 = sub.i64 %0, %0\n"
               "    %2 = add.i64.f %1, %0\n"
               "    %3 = testflags.eq\n"
               "    %4 = adc.i64 %2, %0\n"
               "    %5 = sub.i64.f %4, %0\n"
               "    exit_if %3, 0x2000\n"
               "    goto_tb 0x1004\n");
}

Test(opt_dce, removes_unused_pure_values_only)
{
    check_pass(opt_dce,
               "%0 = getenv.8 [env+0x18]\n"
               "%1 = add.i64 %0, %0\n"
               "%2 = ld.i64.u64 [%0+0x0]\n"
               "%3 = mul.i64 %1, %1\n"
               "%4 = sub.i64.f %0, %0\n"
               "goto_tb 0x1004\n",
               "    %0 = getenv.8 [env+0x18]\n"
               "    %2 = ld.i64.u64 [%0+0x0]\n"
               "    %4 = sub.i64.f %0, %0\n"
               "    goto_tb 0x1004\n");
}

Test(opt_pipeline, keeps_block_semantics)
{
    struct a64_cpu init;
    memset(&init, 0, sizeof(init));
    for (int k = 0; k < 31; k++)
        init.x[k] = 0x0123456789abcdefull * (uint64_t)(k + 1);
    /* x1 = x2 + x3; x1 = x1 - 5 (sets flags); x4 = x1 if ge else x2 */
    check_same_effect("%0 = getenv.8 [env+0x28]\n"
                      "%1 = getenv.8 [env+0x30]\n"
                      "%2 = add.i64 %0, %1\n"
                      "setenv.8 [env+0x20], %2\n"
                      "%4 = getenv.8 [env+0x20]\n"
                      "%5 = const 0x5\n"
                      "%6 = sub.i32.f %4, %5\n"
                      "setenv.8 [env+0x20], %6\n"
                      "%8 = testflags.ge\n"
                      "%9 = getenv.8 [env+0x20]\n"
                      "%10 = select %8, %9, %0\n"
                      "setenv.8 [env+0x38], %10\n"
                      "goto_tb 0x1004\n",
                      &init);
}

Test(opt_envfwd, stores_survive_across_memory_ops)
{
    /* the load may fault: its handler must see x = 1 in env */
    const char *in =
        "%0 = const 0x1\n"
        "setenv.8 [env+0x48], %0\n"
        "%2 = ld.i64.u64 [%0+0x0]\n"
        "setenv.8 [env+0x48], %2\n"
        "goto_tb 0x1004\n";
    check_pass(opt_envfwd, in,
               "    %0 = const 0x1\n"
               "    setenv.8 [env+0x48], %0\n"
               "    %2 = ld.i64.u64 [%0+0x0]\n"
               "    setenv.8 [env+0x48], %2\n"
               "    goto_tb 0x1004\n");
}

Test(opt_deadflags, exit_to_a_flag_writer_does_not_keep_flags)
{
    /* both exits after the sub lead to code that overwrites NZCV first:
     * the sub's flags are dead; the add's are live at the plain exit_if */
    check_pass(opt_deadflags,
               "%0 = getenv.8 [env+0x48]\n"
               "%1 = add.i64.f %0, %0\n"
               "%2 = getenv.8 [env+0x50]\n"
               "exit_if %2, 0x2000\n"
               "%4 = sub.i64.f %0, %0\n"
               "exit_if.nzcv_dead %2, 0x3000\n"
               "goto_tb.nzcv_dead 0x1004\n",
               "    %0 = getenv.8 [env+0x48]\n"
               "    %1 = add.i64.f %0, %0\n"
               "    %2 = getenv.8 [env+0x50]\n"
               "    exit_if %2, 0x2000\n"
               "    %4 = sub.i64 %0, %0\n"
               "    exit_if.nzcv_dead %2, 0x3000\n"
               "    goto_tb.nzcv_dead 0x1004\n");
}
