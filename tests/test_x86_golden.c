/*
 * Golden host code for the x86-64 backend: a few IR patterns that matter
 * for speed and the exact x86 instructions they must become (capstone
 * text, block-relative addresses, up to the first out-of-line stub).
 * A code-quality regression shows up here as a diff.  Each expectation
 * was checked by hand against what the IR means; update them only for
 * code that is at least as good.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "tests/x86_run.h"
#include "xlat/aarch64/cpu.h"
#include "xlat/ir.h"
#include "xlat/ir_vop.h"

static struct xrun R;

static void setup(void) { xrun_init(&R); }
static void teardown(void) { xrun_fini(&R); }

TestSuite(x86_golden, .init = setup, .fini = teardown);

#define X(n) ((uint32_t)A64_OFF_X(n))

static void expect_code(const struct ir_block *b, const char *want)
{
    struct tb *tb = xrun_emit(&R, b, 0);
    /* the body ends where the exit-request stub starts: the target of the
     * jne after the 4-byte cmp that opens every block */
    int32_t rel;
    memcpy(&rel, tb->host + 6, 4);
    size_t body = (size_t)(10 + rel);
    char got[4096];
    xrun_disasm(tb, body, got, sizeof(got));
    cr_assert_str_eq(got, want, "\n--- got:\n%s--- want:\n%s", got, want);
}

Test(x86_golden, compare_and_branch_is_cmp_jcc)
{
    struct ir_block b;
    ir_block_init(&b, 0x1000);
    ir_ref x0 = ir_getenv(&b, X(0), 3);
    ir_ref x1 = ir_getenv(&b, X(1), 3);
    ir_op2f(&b, IR_sub, IR_I64, x0, x1);
    ir_exit_if(&b, ir_testflags(&b, IR_CC_NE), 0x2000);
    ir_goto_tb(&b, 0x1004);
    expect_code(&b,
                "cmp dword ptr [rbp], 0\n"
                "jne 0x30\n"
                "mov rsi, qword ptr [rbp + 0x48]\n"
                "cmp rsi, qword ptr [rbp + 0x50]\n"    /* x1 read in place */
                "sets byte ptr [rbp + 4]\n"
                "sete byte ptr [rbp + 5]\n"
                "setae byte ptr [rbp + 6]\n"
                "seto byte ptr [rbp + 7]\n"
                "jne 0x42\n"
                "nop dword ptr [rax]\n"
                "jmp 0x59\n");
    ir_block_free(&b);
}

Test(x86_golden, scaled_index_load_folds_into_one_mov)
{
    struct ir_block b;
    ir_block_init(&b, 0x1000);
    ir_ref base = ir_getenv(&b, X(0), 3);
    ir_ref idx = ir_getenv(&b, X(1), 3);
    ir_ref sc = ir_op2(&b, IR_shl, IR_I64, idx, ir_const(&b, 3));
    ir_ref ad = ir_op2(&b, IR_add, IR_I64, base, sc);
    ir_setenv(&b, X(2), 3, ir_ld(&b, IR_I64, ad, 16, 3));
    ir_goto_tb(&b, 0x1004);
    expect_code(&b,
                "cmp dword ptr [rbp], 0\n"
                "jne 0x20\n"
                "mov rsi, qword ptr [rbp + 0x48]\n"
                "mov rdi, qword ptr [rbp + 0x50]\n"
                "mov rsi, qword ptr [rsi + rdi*8 + 0x10]\n"
                "mov qword ptr [rbp + 0x58], rsi\n"
                "jmp 0x32\n");
    ir_block_free(&b);
}

Test(x86_golden, csel_after_compare_is_cmov)
{
    struct ir_block b;
    ir_block_init(&b, 0x1000);
    ir_ref x0 = ir_getenv(&b, X(0), 3), x1 = ir_getenv(&b, X(1), 3);
    ir_ref f = ir_op2f(&b, IR_sub, IR_I32, x0, ir_const(&b, 10));
    (void)f;
    ir_ref s = ir_select(&b, ir_testflags(&b, IR_CC_LT), x0, x1);
    ir_setenv(&b, X(2), 3, s);
    ir_goto_tb(&b, 0x1004);
    expect_code(&b,
                "cmp dword ptr [rbp], 0\n"
                "jne 0x34\n"
                "mov rsi, qword ptr [rbp + 0x48]\n"
                "mov rdi, qword ptr [rbp + 0x50]\n"
                "cmp esi, 0xa\n"
                "sets byte ptr [rbp + 4]\n"
                "sete byte ptr [rbp + 5]\n"
                "setae byte ptr [rbp + 6]\n"
                "seto byte ptr [rbp + 7]\n"
                "cmovge rsi, rdi\n"      /* rsi = x0 (dies here) unless ge */
                "mov qword ptr [rbp + 0x58], rsi\n"
                "nop \n"
                "jmp 0x46\n");
    ir_block_free(&b);
}

Test(x86_golden, add_immediate_and_x_times_3_use_lea)
{
    struct ir_block b;
    ir_block_init(&b, 0x1000);
    ir_ref x0 = ir_getenv(&b, X(0), 3);
    ir_ref a = ir_op2(&b, IR_add, IR_I64, x0, ir_const(&b, 0x20));
    ir_ref t = ir_op2(&b, IR_add, IR_I64, x0, ir_op2(&b, IR_shl, IR_I64, x0, ir_const(&b, 1)));
    ir_setenv(&b, X(1), 3, a);
    ir_setenv(&b, X(2), 3, t);
    ir_goto_tb(&b, 0x1004);
    expect_code(&b,
                "cmp dword ptr [rbp], 0\n"
                "jne 0x24\n"
                "mov rsi, qword ptr [rbp + 0x48]\n"
                "lea rdi, [rsi + 0x20]\n"
                "lea rsi, [rsi + rsi*2]\n"
                "mov qword ptr [rbp + 0x50], rdi\n"
                "mov qword ptr [rbp + 0x58], rsi\n"
                "nop \n"
                "jmp 0x36\n");
    ir_block_free(&b);
}

Test(x86_golden, indirect_branch_probes_the_jump_cache_inline)
{
    struct ir_block b;
    ir_block_init(&b, 0x1000);
    ir_goto_ptr(&b, ir_getenv(&b, X(30), 3));
    expect_code(&b,
                "cmp dword ptr [rbp], 0\n"
                "jne 0x38\n"
                "mov rsi, qword ptr [rbp + 0x138]\n"
                "lea ecx, [rsi*4]\n"          /* (pc >> 2 & 0xfff) * 16 */
                "and ecx, 0xfff0\n"
                "add rcx, qword ptr [rbp + 0x10]\n"
                "cmp rsi, qword ptr [rcx]\n"
                "jne 0x2a\n"
                "jmp qword ptr [rcx + 8]\n"        /* hit: straight to the block */
                "mov qword ptr [rbp + 8], rsi\n"   /* miss: env->pc for the loop */
                "mov eax, 1\n"               /* XLAT_EXIT_LOOKUP */
                "jmp 0xffffffffffffffe0\n");   /* the shared epilogue */
    ir_block_free(&b);
}

/* the first compare's NZCV is overwritten before anything reads it from
 * env (its csel reads host flags), so only the second one is stored */
Test(x86_golden, nzcv_stored_only_when_read_from_env)
{
    struct ir_block b;
    ir_block_init(&b, 0x1000);
    ir_ref x0 = ir_getenv(&b, X(0), 3);
    ir_ref x1 = ir_getenv(&b, X(1), 3);
    ir_op2f(&b, IR_sub, IR_I64, x0, x1);
    ir_setenv(&b, X(2), 3, ir_select(&b, ir_testflags(&b, IR_CC_HI), x0, x1));
    ir_op2f(&b, IR_sub, IR_I64, x1, ir_const(&b, 5));
    ir_exit_if(&b, ir_testflags(&b, IR_CC_EQ), 0x2000);
    ir_goto_tb(&b, 0x1004);
    expect_code(&b,
                "cmp dword ptr [rbp], 0\n"
                "jne 0x40\n"
                "mov rsi, qword ptr [rbp + 0x48]\n"
                "mov rdi, qword ptr [rbp + 0x50]\n"
                "cmp rsi, rdi\n"
                "cmovbe rsi, rdi\n"          /* x0 dies here: hi ? x0 : x1 in place */
                "mov qword ptr [rbp + 0x58], rsi\n"
                "cmp rdi, 5\n"
                "sets byte ptr [rbp + 4]\n"
                "sete byte ptr [rbp + 5]\n"
                "setae byte ptr [rbp + 6]\n"
                "seto byte ptr [rbp + 7]\n"
                "nop \n"
                "je 0x52\n"
                "nop dword ptr [rax]\n"
                "jmp 0x69\n");
    ir_block_free(&b);
}

/* Arm CCMP as the frontend writes it: the select of rdflags against a
 * constant becomes a conditional 4-byte store of the constant NZCV */
Test(x86_golden, ccmp_is_a_conditional_store)
{
    struct ir_block b;
    ir_block_init(&b, 0x1000);
    ir_ref c = ir_testflags(&b, IR_CC_NE);
    ir_ref x0 = ir_getenv(&b, X(0), 3);
    ir_op2f(&b, IR_sub, IR_I64, x0, ir_const(&b, 3));
    ir_ref r = ir_emit(&b, IR_rdflags, IR_I64, IR_NONE, IR_NONE, IR_NONE, 0, 0);
    ir_emit(&b, IR_wrflags, IR_I64, ir_select(&b, c, r, ir_const(&b, 0x20000000)), IR_NONE,
            IR_NONE, 0, 0);
    ir_goto_tb(&b, 0x1004);
    expect_code(&b,
                "cmp dword ptr [rbp], 0\n"
                "jne 0x40\n"
                "cmp byte ptr [rbp + 5], 0\n"        /* NE from env Z */
                "sete sil\n"
                "movzx esi, sil\n"
                "mov rdi, qword ptr [rbp + 0x48]\n"
                "cmp rdi, 3\n"
                "sets byte ptr [rbp + 4]\n"
                "sete byte ptr [rbp + 5]\n"
                "setae byte ptr [rbp + 6]\n"
                "seto byte ptr [rbp + 7]\n"
                "test rsi, rsi\n"
                "jne 0x3a\n"                          /* condition held: keep */
                "mov dword ptr [rbp + 4], 0x10000\n"  /* else NZCV = 0010 */
                "nop \n"
                "jmp 0x52\n");
    ir_block_free(&b);
}

/* flag-free adds become lea, which leaves EFLAGS alone, so the branch
 * still uses the compare's flags: cmp; lea; jcc */
Test(x86_golden, lea_between_compare_and_branch_keeps_fusion)
{
    struct ir_block b;
    ir_block_init(&b, 0x1000);
    ir_ref x0 = ir_getenv(&b, X(0), 3);
    ir_ref x1 = ir_getenv(&b, X(1), 3);
    ir_op2f(&b, IR_sub, IR_I64, x0, x1);
    ir_setenv(&b, X(0), 3, ir_op2(&b, IR_add, IR_I64, x0, ir_const(&b, 1)));
    ir_exit_if(&b, ir_testflags(&b, IR_CC_LT), 0x2000);
    ir_goto_tb(&b, 0x1004);
    expect_code(&b,
                "cmp dword ptr [rbp], 0\n"
                "jne 0x38\n"
                "mov rsi, qword ptr [rbp + 0x48]\n"
                "cmp rsi, qword ptr [rbp + 0x50]\n"
                "sets byte ptr [rbp + 4]\n"
                "sete byte ptr [rbp + 5]\n"
                "setae byte ptr [rbp + 6]\n"
                "seto byte ptr [rbp + 7]\n"
                "lea rsi, [rsi + 1]\n"
                "mov qword ptr [rbp + 0x48], rsi\n"
                "jl 0x4a\n"
                "nop dword ptr [rax]\n"
                "jmp 0x61\n");
    ir_block_free(&b);
}

#define V(n) ((uint32_t)A64_OFF_V(n))

/* ADD v0.4s, v1.4s, v2.4s: two loads, one paddd, one store; no call */
Test(x86_golden, vector_add_is_inline_sse)
{
    struct ir_block b;
    ir_block_init(&b, 0x1000);
    ir_vop(&b, IR_VOP_ADD, 2, true, V(0), V(1), V(2));
    ir_goto_tb(&b, 0x1004);
    expect_code(&b,
                "cmp dword ptr [rbp], 0\n"
                "jne 0x2c\n"
                "movups xmm0, xmmword ptr [rbp + 0x170]\n"     /* v1 */
                "movups xmm1, xmmword ptr [rbp + 0x180]\n"     /* v2 */
                "paddd xmm0, xmm1\n"
                "movups xmmword ptr [rbp + 0x160], xmm0\n"     /* v0 */
                "movaps xmm10, xmm0\n"                         /* kept for later vops */
                "jmp 0x3e\n");
    ir_block_free(&b);
}

/* CMGE v3.8b, v4.8b, v5.8b: ~(m > n), high half zeroed by movq */
Test(x86_golden, vector_cmge_64bit_zeroes_high_half)
{
    struct ir_block b;
    ir_block_init(&b, 0x1000);
    ir_vop(&b, IR_VOP_CMGE, 0, false, V(3), V(4), V(5));
    ir_goto_tb(&b, 0x1004);
    expect_code(&b,
                "cmp dword ptr [rbp], 0\n"
                "jne 0x3c\n"
                "movq xmm0, qword ptr [rbp + 0x1a0]\n"         /* n = v4, low half only */
                "movq xmm1, qword ptr [rbp + 0x1b0]\n"         /* m = v5 */
                "pcmpgtb xmm1, xmm0\n"                         /* m > n */
                "pcmpeqd xmm2, xmm2\n"
                "pxor xmm1, xmm2\n"                            /* n >= m */
                "movq xmm1, xmm1\n"
                "movups xmmword ptr [rbp + 0x190], xmm1\n"     /* v3 */
                "movaps xmm10, xmm1\n"
                "nop \n"                                       /* rel32 of the jmp 4-aligned */
                "jmp 0x4e\n");
    ir_block_free(&b);
}

/* AESE v0.16b, v1.16b; AESMC v0.16b, v0.16b (one AES round, as OpenSSL's
 * aes_v8 code does it) on AES-NI: one aesenc with a zero key after the
 * AddRoundKey xor; AESMC alone (v2 = MixColumns(v0)) is aesdeclast +
 * aesenc with zero keys */
Test(x86_golden, aese_aesmc_on_aesni)
{
    x86_detect_features();
    if (!x86_features.aes) {
        cr_log_warn("host has no AES-NI: golden AES code not checked");
        return;
    }
    struct ir_block b;
    ir_block_init(&b, 0x1000);
    ir_vop(&b, IR_VOP_AESE, 0, true, V(0), V(1), V(1));
    ir_vop(&b, IR_VOP_AESMC, 0, true, V(0), V(0), V(0));
    ir_vop(&b, IR_VOP_AESMC, 0, true, V(2), V(0), V(0));
    ir_goto_tb(&b, 0x1004);
    expect_code(&b,
                "cmp dword ptr [rbp], 0\n"
                "jne 0x54\n"
                "movups xmm0, xmmword ptr [rbp + 0x160]\n"     /* d = v0 */
                "movups xmm1, xmmword ptr [rbp + 0x170]\n"     /* n = v1 */
                "pxor xmm0, xmm1\n"
                "pxor xmm1, xmm1\n"
                "aesenc xmm0, xmm1\n"
                "movups xmmword ptr [rbp + 0x160], xmm0\n"
                "movaps xmm10, xmm0\n"                         /* v0 kept in xmm10 */
                "movaps xmm0, xmm10\n"                         /* and read from there */
                "pxor xmm1, xmm1\n"
                "aesdeclast xmm0, xmm1\n"
                "aesenc xmm0, xmm1\n"
                "movups xmmword ptr [rbp + 0x180], xmm0\n"
                "movaps xmm11, xmm0\n"
                "nop \n"                                       /* rel32 of the jmp 4-aligned */
                "jmp 0x66\n");
    ir_block_free(&b);
}
