/*
 * Tests for the x86-64 lowering (xlat/host-x86_64/lower.c, plan.c,
 * regalloc.c): IR blocks built with the ir.h builders are emitted by
 * host_x86_64 and run through its enter() prologue on a struct a64_cpu.
 * Expected values come from the Arm ARM definitions written out here
 * (AddWithCarry, ConditionHolds, the shift/divide rules of the IR), and
 * random blocks are co-simulated against the reference ir_interp.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "tests/x86_run.h"
#include "xlat/aarch64/cpu.h"
#include "xlat/ir.h"

static struct xrun R;
static struct a64_cpu cpu;

static void setup(void)
{
    xrun_init(&R);
    xrun_env_init(&R, &cpu);
}

static void teardown(void)
{
    xrun_fini(&R);
}

TestSuite(x86_lower, .init = setup, .fini = teardown);

#define X(n) ((uint32_t)A64_OFF_X(n))

static const uint64_t edges[] = {
    0, 1, 2, 31, 32, 33, 63, 64, 65, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0x7fffffff, 0x80000000,
    0xffffffff, 0x100000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull,
    0xfffffffffffffffeull, 0xffffffffffffffffull, 0x123456789abcdef0ull, 0xffffffff80000000ull,
};
#define NEDGES (sizeof(edges) / sizeof(edges[0]))

/* ---- reference semantics, from the Arm ARM and ir_ops.def ---- */

static uint64_t wmask(unsigned bits) { return bits == 64 ? ~0ull : (1ull << bits) - 1; }

static int64_t sx(uint64_t v, unsigned bits)
{
    if (bits == 64)
        return (int64_t)v;
    uint64_t m = 1ull << (bits - 1);
    v &= wmask(bits);
    return (int64_t)((v ^ m) - m);
}

struct nzcv { unsigned n, z, c, v; };

/* Arm ARM AddWithCarry(x, y, carry_in) at N bits */
static uint64_t add_with_carry(uint64_t x, uint64_t y, unsigned carry, unsigned bits, struct nzcv *f)
{
    x &= wmask(bits);
    y &= wmask(bits);
    unsigned __int128 usum = (unsigned __int128)x + y + carry;
    __int128 ssum = (__int128)sx(x, bits) + sx(y, bits) + carry;
    uint64_t result = (uint64_t)usum & wmask(bits);
    f->n = (unsigned)(result >> (bits - 1)) & 1;
    f->z = result == 0;
    f->c = (unsigned __int128)result != usum;
    f->v = (__int128)sx(result, bits) != ssum;
    return result;
}

/* Arm ARM ConditionHolds */
static bool condition_holds(unsigned cond, struct nzcv f)
{
    bool r;
    switch (cond >> 1) {
    case 0: r = f.z; break;
    case 1: r = f.c; break;
    case 2: r = f.n; break;
    case 3: r = f.v; break;
    case 4: r = f.c && !f.z; break;
    case 5: r = f.n == f.v; break;
    case 6: r = f.n == f.v && !f.z; break;
    default: r = true; break;
    }
    if ((cond & 1) && cond != 15)
        r = !r;
    return r;
}

static uint64_t ref_binop(enum ir_op op, unsigned bits, uint64_t a, uint64_t b)
{
    uint64_t m = wmask(bits);
    unsigned sh = (unsigned)(b & (bits - 1));
    uint64_t ua = a & m, ub = b & m;
    uint64_t r;
    switch (op) {
    case IR_add: r = a + b; break;
    case IR_sub: r = a - b; break;
    case IR_and: r = a & b; break;
    case IR_or: r = a | b; break;
    case IR_xor: r = a ^ b; break;
    case IR_andn: r = a & ~b; break;
    case IR_shl: r = ua << sh; break;
    case IR_shr: r = ua >> sh; break;
    case IR_sar: r = (uint64_t)(sx(a, bits) >> sh); break;
    case IR_ror: r = sh ? (ua >> sh) | (ua << (bits - sh)) : ua; break;
    case IR_mul: r = a * b; break;
    case IR_umulh: r = (uint64_t)(((unsigned __int128)a * b) >> 64); break;
    case IR_smulh: r = (uint64_t)(((__int128)(int64_t)a * (int64_t)b) >> 64); break;
    case IR_udiv: r = ub ? ua / ub : 0; break;
    case IR_sdiv: {
        int64_t n = sx(a, bits), d = sx(b, bits);
        r = d == 0 ? 0 : d == -1 ? (uint64_t)0 - (uint64_t)n : (uint64_t)(n / d);
        break;
    }
    default: cr_assert_fail("no reference for op %d", op); return 0;
    }
    return r & m;
}

/* ---- block builders ---- */

/* operand modes: 0 both from env, 1 second constant, 2 first constant */
static uint64_t run_binop(enum ir_op op, enum ir_type t, int mode, uint64_t a, uint64_t b,
                          bool setflags)
{
    struct ir_block blk;
    ir_block_init(&blk, 0x1000);
    cpu.x[0] = a;
    cpu.x[1] = b;
    cpu.x[2] = 0xdeadbeefdeadbeefull;
    ir_ref ra = mode == 2 ? ir_const(&blk, a) : ir_getenv(&blk, X(0), 3);
    ir_ref rb = mode == 1 ? ir_const(&blk, b) : ir_getenv(&blk, X(1), 3);
    ir_ref r = setflags ? ir_op2f(&blk, op, t, ra, rb) : ir_op2(&blk, op, t, ra, rb);
    ir_setenv(&blk, X(2), 3, r);
    ir_goto_tb(&blk, 0x2000);
    uint64_t ret = xrun_block(&R, &blk, &cpu);
    cr_assert_eq(ret, XLAT_EXIT_LOOKUP);
    cr_assert_eq(cpu.hdr.pc, 0x2000);
    ir_block_free(&blk);
    return cpu.x[2];
}

Test(x86_lower, binops_at_the_edges_every_operand_mode)
{
    static const enum ir_op ops[] = {
        IR_add, IR_sub, IR_and, IR_or, IR_xor, IR_andn, IR_shl, IR_shr, IR_sar, IR_ror,
        IR_mul, IR_udiv, IR_sdiv, IR_umulh, IR_smulh,
    };
    for (unsigned k = 0; k < sizeof(ops) / sizeof(ops[0]); k++)
        for (int t = 0; t < 2; t++) {
            if (t == IR_I32 && (ops[k] == IR_umulh || ops[k] == IR_smulh))
                continue;
            unsigned bits = t == IR_I32 ? 32 : 64;
            for (unsigned i = 0; i < NEDGES; i++)
                for (unsigned j = 0; j < NEDGES; j++)
                    for (int mode = 0; mode < 3; mode++) {
                        uint64_t a = edges[i], b = edges[j];
                        uint64_t got = run_binop(ops[k], (enum ir_type)t, mode, a, b, false);
                        uint64_t want = ref_binop(ops[k], bits, a, b);
                        cr_assert_eq(got, want, "%s.i%u mode %d (%#llx, %#llx): got %#llx want %#llx",
                                     ir_op_info[ops[k]].name, bits, mode, (unsigned long long)a,
                                     (unsigned long long)b, (unsigned long long)got,
                                     (unsigned long long)want);
                    }
        }
}

static void check_shift_counts(void);

Test(x86_lower, shift_counts_0_31_32_63_64_use_modulo_width)
{
    check_shift_counts();
}

Test(x86_lower, shifts_by_register_without_bmi2)
{
    struct x86_features saved = x86_features;
    x86_features.bmi2 = false;
    check_shift_counts();
    x86_features = saved;
}

static void check_shift_counts(void)
{
    static const enum ir_op ops[] = { IR_shl, IR_shr, IR_sar, IR_ror };
    static const uint64_t counts[] = { 0, 1, 31, 32, 33, 63, 64, 65, 127, 0xffffffff00000000ull };
    for (unsigned k = 0; k < 4; k++)
        for (int t = 0; t < 2; t++)
            for (unsigned c = 0; c < sizeof(counts) / sizeof(counts[0]); c++)
                for (int mode = 0; mode < 2; mode++) {
                    uint64_t a = 0xf0000000c0000001ull;
                    unsigned bits = t == IR_I32 ? 32 : 64;
                    uint64_t got = run_binop(ops[k], (enum ir_type)t, mode, a, counts[c], false);
                    cr_assert_eq(got, ref_binop(ops[k], bits, a, counts[c]), "%s.i%u by %#llx",
                                 ir_op_info[ops[k]].name, bits, (unsigned long long)counts[c]);
                }
}

Test(x86_lower, division_by_zero_and_min_by_minus_one)
{
    for (int mode = 0; mode < 2; mode++) {
        cr_assert_eq(run_binop(IR_udiv, IR_I64, mode, 1234, 0, false), 0);
        cr_assert_eq(run_binop(IR_sdiv, IR_I64, mode, 1234, 0, false), 0);
        cr_assert_eq(run_binop(IR_udiv, IR_I32, mode, 1234, 0x100000000ull, false), 0);
        cr_assert_eq(run_binop(IR_sdiv, IR_I64, mode, 0x8000000000000000ull, ~0ull, false),
                     0x8000000000000000ull);
        cr_assert_eq(run_binop(IR_sdiv, IR_I32, mode, 0x80000000, 0xffffffff, false), 0x80000000);
        cr_assert_eq(run_binop(IR_sdiv, IR_I32, mode, 7, 0xfffffffe, false), 0xfffffffd);
        cr_assert_eq(run_binop(IR_sdiv, IR_I64, mode, (uint64_t)-7, 2, false), (uint64_t)-3);
        cr_assert_eq(run_binop(IR_udiv, IR_I64, mode, ~0ull, 16, false), ~0ull >> 4);
    }
}

static struct nzcv env_flags(void)
{
    return (struct nzcv){ cpu.hdr.nf, cpu.hdr.zf, cpu.hdr.cf, cpu.hdr.vf };
}

static void set_flags(struct nzcv f)
{
    cpu.hdr.nf = (uint8_t)f.n;
    cpu.hdr.zf = (uint8_t)f.z;
    cpu.hdr.cf = (uint8_t)f.c;
    cpu.hdr.vf = (uint8_t)f.v;
}

Test(x86_lower, nzcv_of_add_sub_adc_sbc_match_add_with_carry)
{
    static const enum ir_op ops[] = { IR_add, IR_sub, IR_adc, IR_sbc };
    for (unsigned k = 0; k < 4; k++)
        for (int t = 0; t < 2; t++)
            for (unsigned cin = 0; cin < 2; cin++)
                for (unsigned i = 0; i < NEDGES; i++)
                    for (unsigned j = 0; j < NEDGES; j++)
                        for (int mode = 0; mode < 2; mode++) {
                            unsigned bits = t == IR_I32 ? 32 : 64;
                            uint64_t a = edges[i], b = edges[j];
                            bool inv = ops[k] == IR_sub || ops[k] == IR_sbc;
                            unsigned carry = ops[k] == IR_add ? 0 : ops[k] == IR_sub ? 1 : cin;
                            struct nzcv want;
                            uint64_t wr = add_with_carry(a, inv ? ~b : b, carry, bits, &want);
                            set_flags((struct nzcv){ 1, 1, cin, 1 });
                            uint64_t got = run_binop(ops[k], (enum ir_type)t, mode, a, b, true);
                            struct nzcv f = env_flags();
                            cr_assert_eq(got, wr, "%s.i%u %#llx %#llx C=%u", ir_op_info[ops[k]].name,
                                         bits, (unsigned long long)a, (unsigned long long)b, cin);
                            cr_assert(f.n == want.n && f.z == want.z && f.c == want.c &&
                                          f.v == want.v,
                                      "%s.i%u %#llx %#llx C=%u: NZCV %u%u%u%u want %u%u%u%u",
                                      ir_op_info[ops[k]].name, bits, (unsigned long long)a,
                                      (unsigned long long)b, cin, f.n, f.z, f.c, f.v, want.n,
                                      want.z, want.c, want.v);
                            /* without setflags the result is the same */
                            if (ops[k] == IR_adc || ops[k] == IR_sbc) {
                                set_flags((struct nzcv){ 0, 0, cin, 0 });
                                cr_assert_eq(run_binop(ops[k], (enum ir_type)t, mode, a, b, false), wr);
                            }
                        }
}

Test(x86_lower, nzcv_of_and_andn)
{
    for (int t = 0; t < 2; t++)
        for (unsigned i = 0; i < NEDGES; i++)
            for (unsigned j = 0; j < NEDGES; j++) {
                unsigned bits = t == IR_I32 ? 32 : 64;
                for (int andn = 0; andn < 2; andn++) {
                    uint64_t a = edges[i], b = edges[j];
                    uint64_t r = (andn ? a & ~b : a & b) & wmask(bits);
                    set_flags((struct nzcv){ 1, 1, 1, 1 });
                    uint64_t got = run_binop(andn ? IR_andn : IR_and, (enum ir_type)t, 0, a, b, true);
                    struct nzcv f = env_flags();
                    cr_assert_eq(got, r);
                    cr_assert_eq(f.n, (r >> (bits - 1)) & 1);
                    cr_assert_eq(f.z, r == 0);
                    cr_assert_eq(f.c, 0);
                    cr_assert_eq(f.v, 0);
                }
            }
}

/* testflags cc -> x2; select(testflags) -> x3; exit_if(testflags) */
Test(x86_lower, all_16_conditions_from_env_flags)
{
    for (unsigned nz = 0; nz < 16; nz++)
        for (unsigned cc = 0; cc < 16; cc++) {
            struct nzcv f = { nz >> 3 & 1, nz >> 2 & 1, nz >> 1 & 1, nz & 1 };
            bool want = condition_holds(cc, f);
            struct ir_block b;
            ir_block_init(&b, 0x1000);
            ir_ref t = ir_testflags(&b, (enum ir_cc)cc);
            ir_setenv(&b, X(2), 3, t);
            ir_ref t2 = ir_testflags(&b, (enum ir_cc)cc);
            ir_ref s = ir_select(&b, t2, ir_getenv(&b, X(0), 3), ir_getenv(&b, X(1), 3));
            ir_setenv(&b, X(3), 3, s);
            /* CSET-style selects of constants 1/0 and 0/1 */
            ir_setenv(&b, X(5), 3, ir_select(&b, ir_testflags(&b, (enum ir_cc)cc),
                                             ir_const(&b, 1), ir_const(&b, 0)));
            ir_setenv(&b, X(6), 3, ir_select(&b, ir_testflags(&b, (enum ir_cc)cc),
                                             ir_const(&b, 0), ir_const(&b, 1)));
            ir_ref t3 = ir_testflags(&b, (enum ir_cc)cc);
            ir_exit_if(&b, t3, 0x3000);
            ir_goto_tb(&b, 0x2000);
            set_flags(f);
            cpu.x[0] = 111;
            cpu.x[1] = 222;
            uint64_t ret = xrun_block(&R, &b, &cpu);
            cr_assert_eq(ret, XLAT_EXIT_LOOKUP);
            cr_assert_eq(cpu.x[2], want, "cond %u NZCV %x", cc, nz);
            cr_assert_eq(cpu.x[3], want ? 111 : 222, "cond %u NZCV %x", cc, nz);
            cr_assert_eq(cpu.x[5], want, "cset cond %u NZCV %x", cc, nz);
            cr_assert_eq(cpu.x[6], !want, "csetinv cond %u NZCV %x", cc, nz);
            cr_assert_eq(cpu.hdr.pc, want ? 0x3000 : 0x2000, "cond %u NZCV %x", cc, nz);
            ir_block_free(&b);
        }
}

/* flag op immediately followed by testflags+select/exit_if: the fused path */
Test(x86_lower, fused_compare_and_branch_all_conditions)
{
    static const enum ir_op ops[] = { IR_sub, IR_add, IR_and, IR_adc, IR_sbc, IR_andn };
    for (unsigned k = 0; k < 6; k++)
        for (int t = 0; t < 2; t++)
            for (unsigned cc = 0; cc < 16; cc++)
                for (unsigned i = 0; i < NEDGES; i += 2)
                    for (unsigned j = 0; j < NEDGES; j += 1 + (i & 1)) {
                        unsigned bits = t == IR_I32 ? 32 : 64;
                        uint64_t a = edges[i], bv = edges[j];
                        unsigned cin = (i + j) & 1;
                        struct nzcv f;
                        enum ir_op op = ops[k];
                        if (op == IR_and || op == IR_andn) {
                            uint64_t r = (op == IR_and ? a & bv : a & ~bv) & wmask(bits);
                            f = (struct nzcv){ (unsigned)(r >> (bits - 1)) & 1, r == 0, 0, 0 };
                        } else {
                            bool inv = op == IR_sub || op == IR_sbc;
                            unsigned carry = op == IR_add ? 0 : op == IR_sub ? 1 : cin;
                            add_with_carry(a, inv ? ~bv : bv, carry, bits, &f);
                        }
                        bool want = condition_holds(cc, f);
                        struct ir_block b;
                        ir_block_init(&b, 0x1000);
                        /* constant second operands and unused results (cmp/test) too */
                        ir_ref x0 = ir_getenv(&b, X(0), 3);
                        ir_ref x1 = i % 4 == 0 ? ir_const(&b, bv) : ir_getenv(&b, X(1), 3);
                        ir_ref x4 = ir_getenv(&b, X(4), 3), x5 = ir_getenv(&b, X(5), 3);
                        ir_ref r = ir_op2f(&b, op, (enum ir_type)t, x0, x1);
                        if ((i + j) % 3)
                            ir_setenv(&b, X(2), 3, r);
                        ir_ref tf = ir_testflags(&b, (enum ir_cc)cc);
                        ir_ref s = ir_select(&b, tf, x4, x5);
                        ir_setenv(&b, X(3), 3, s);
                        ir_ref tf2 = ir_testflags(&b, (enum ir_cc)cc);
                        ir_exit_if(&b, tf2, 0x3000);
                        ir_goto_tb(&b, 0x2000);
                        cpu.x[0] = a;
                        cpu.x[1] = bv;
                        cpu.x[4] = 0x4444;
                        cpu.x[5] = 0x5555;
                        set_flags((struct nzcv){ 0, 0, cin, 0 });
                        xrun_block(&R, &b, &cpu);
                        cr_assert_eq(cpu.x[3], want ? 0x4444 : 0x5555, "%s.i%u cc %u %#llx %#llx",
                                     ir_op_info[op].name, bits, cc, (unsigned long long)a,
                                     (unsigned long long)bv);
                        cr_assert_eq(cpu.hdr.pc, want ? 0x3000 : 0x2000);
                        cr_assert(cpu.hdr.nf == f.n && cpu.hdr.zf == f.z && cpu.hdr.cf == f.c &&
                                  cpu.hdr.vf == f.v);
                        ir_block_free(&b);
                    }
}

static bool ref_cmp(unsigned c, unsigned bits, uint64_t a, uint64_t b)
{
    uint64_t ua = a & wmask(bits), ub = b & wmask(bits);
    int64_t sa = sx(a, bits), sb = sx(b, bits);
    switch (c) {
    case IR_EQ: return ua == ub;
    case IR_NE: return ua != ub;
    case IR_LTU: return ua < ub;
    case IR_GEU: return ua >= ub;
    case IR_LEU: return ua <= ub;
    case IR_GTU: return ua > ub;
    case IR_LT: return sa < sb;
    case IR_GE: return sa >= sb;
    case IR_LE: return sa <= sb;
    case IR_GT: return sa > sb;
    case IR_TSTEQ: return (ua & ub) == 0;
    default: return (ua & ub) != 0;
    }
}

Test(x86_lower, setcond_every_comparison_value_select_and_exit)
{
    for (unsigned c = 0; c <= IR_TSTNE; c++)
        for (int t = 0; t < 2; t++)
            for (unsigned i = 0; i < NEDGES; i += 3)
                for (unsigned j = 0; j < NEDGES; j += 2)
                    for (int mode = 0; mode < 3; mode++) {
                        unsigned bits = t == IR_I32 ? 32 : 64;
                        uint64_t a = edges[i], bv = edges[j];
                        bool want = ref_cmp(c, bits, a, bv);
                        struct ir_block b;
                        ir_block_init(&b, 0x1000);
                        ir_ref ra = mode == 2 ? ir_const(&b, a) : ir_getenv(&b, X(0), 3);
                        ir_ref rb = mode == 1 ? ir_const(&b, bv) : ir_getenv(&b, X(1), 3);
                        ir_ref sc = ir_setcond(&b, (enum ir_cmp)c, (enum ir_type)t, ra, rb);
                        ir_setenv(&b, X(2), 3, sc);
                        ir_ref sc2 = ir_setcond(&b, (enum ir_cmp)c, (enum ir_type)t, ra, rb);
                        ir_ref s = ir_select(&b, sc2, ir_const(&b, 0x1111111111ull),
                                             ir_getenv(&b, X(5), 3));
                        ir_setenv(&b, X(3), 3, s);
                        ir_ref sc3 = ir_setcond(&b, (enum ir_cmp)c, (enum ir_type)t, ra, rb);
                        ir_exit_if(&b, sc3, 0x3000);
                        ir_goto_tb(&b, 0x2000);
                        cpu.x[0] = a;
                        cpu.x[1] = bv;
                        cpu.x[5] = 0x5555;
                        xrun_block(&R, &b, &cpu);
                        cr_assert_eq(cpu.x[2], want, "cmp %u i%u %#llx %#llx mode %d", c, bits,
                                     (unsigned long long)a, (unsigned long long)bv, mode);
                        cr_assert_eq(cpu.x[3], want ? 0x1111111111ull : 0x5555);
                        cr_assert_eq(cpu.hdr.pc, want ? 0x3000 : 0x2000);
                        ir_block_free(&b);
                    }
}

static uint64_t run_unary(enum ir_op op, enum ir_type t, unsigned aux, uint64_t a)
{
    struct ir_block b;
    ir_block_init(&b, 0x1000);
    cpu.x[0] = a;
    ir_ref r = ir_emit(&b, op, t, ir_getenv(&b, X(0), 3), IR_NONE, IR_NONE, 0, aux);
    ir_setenv(&b, X(2), 3, r);
    ir_goto_tb(&b, 0x2000);
    xrun_block(&R, &b, &cpu);
    ir_block_free(&b);
    return cpu.x[2];
}

static uint64_t ref_rbit(uint64_t v, unsigned bits)
{
    uint64_t r = 0;
    for (unsigned i = 0; i < bits; i++)
        if (v >> i & 1)
            r |= 1ull << (bits - 1 - i);
    return r;
}

static void check_unaries(void)
{
    for (int t = 0; t < 2; t++) {
        unsigned bits = t == IR_I32 ? 32 : 64;
        uint64_t m = wmask(bits);
        for (unsigned i = 0; i < NEDGES; i++) {
            uint64_t a = edges[i], ua = a & m;
            enum ir_type ty = (enum ir_type)t;
            cr_assert_eq(run_unary(IR_neg, ty, 0, a), (0 - a) & m);
            cr_assert_eq(run_unary(IR_not, ty, 0, a), ~a & m);
            unsigned clz = 0, ctz = 0;
            while (clz < bits && !(ua >> (bits - 1 - clz) & 1))
                clz++;
            while (ctz < bits && !(ua >> ctz & 1))
                ctz++;
            cr_assert_eq(run_unary(IR_clz, ty, 0, a), clz, "clz.i%u %#llx", bits,
                         (unsigned long long)a);
            cr_assert_eq(run_unary(IR_ctz, ty, 0, a), ctz, "ctz.i%u %#llx", bits,
                         (unsigned long long)a);
            cr_assert_eq(run_unary(IR_rbit, ty, 0, a), ref_rbit(ua, bits));
            uint64_t bs = 0;
            for (unsigned k = 0; k < bits / 8; k++)
                bs |= ((ua >> (8 * k)) & 0xff) << (bits - 8 - 8 * k);
            cr_assert_eq(run_unary(IR_bswap, ty, 0, a), bs);
            for (unsigned aux = 0; aux < 3; aux++) {
                unsigned from = 8u << aux;
                cr_assert_eq(run_unary(IR_zext, ty, aux, a), a & wmask(from) & m);
                cr_assert_eq(run_unary(IR_sext, ty, aux, a), (uint64_t)sx(a, from) & m,
                             "sext.i%u from %u of %#llx", bits, from, (unsigned long long)a);
            }
        }
    }
}

Test(x86_lower, unary_ops_including_clz_ctz_of_zero)
{
    check_unaries();
}

Test(x86_lower, clz_ctz_fallback_without_lzcnt_tzcnt)
{
    struct x86_features saved = x86_features;
    x86_features.lzcnt = false;
    x86_features.bmi1 = false;
    check_unaries();
    x86_features = saved;
}

Test(x86_lower, rdflags_wrflags_roundtrip)
{
    for (unsigned nz = 0; nz < 16; nz++) {
        struct ir_block b;
        ir_block_init(&b, 0x1000);
        ir_ref r = ir_emit(&b, IR_rdflags, IR_I64, IR_NONE, IR_NONE, IR_NONE, 0, 0);
        ir_setenv(&b, X(2), 3, r);
        ir_emit(&b, IR_wrflags, IR_I64, ir_getenv(&b, X(0), 3), IR_NONE, IR_NONE, 0, 0);
        ir_goto_tb(&b, 0x2000);
        set_flags((struct nzcv){ nz >> 3 & 1, nz >> 2 & 1, nz >> 1 & 1, nz & 1 });
        cpu.x[0] = ((uint64_t)(15 - nz) << 28) | 0xffffffff0fffffffull;
        xrun_block(&R, &b, &cpu);
        cr_assert_eq(cpu.x[2], (uint64_t)nz << 28);
        unsigned w = 15 - nz;
        cr_assert(cpu.hdr.nf == (w >> 3 & 1) && cpu.hdr.zf == (w >> 2 & 1) &&
                  cpu.hdr.cf == (w >> 1 & 1) && cpu.hdr.vf == (w & 1));
        ir_block_free(&b);
    }
}

/* ---- memory ---- */

static _Alignas(16) uint8_t mem[256];

Test(x86_lower, loads_every_size_sign_and_width)
{
    for (unsigned k = 0; k < sizeof(mem); k++)
        mem[k] = (uint8_t)(0x80 + k * 37);
    for (unsigned sz = 0; sz < 4; sz++)
        for (int sign = 0; sign < 2; sign++)
            for (int t = 0; t < 2; t++)
                for (int64_t off = -8; off <= 8; off += 8) {
                    struct ir_block b;
                    ir_block_init(&b, 0x1000);
                    uint32_t memop = sz | (sign ? IR_MO_SIGN : 0);
                    ir_ref r = ir_ld(&b, (enum ir_type)t, ir_getenv(&b, X(0), 3), off, memop);
                    ir_setenv(&b, X(2), 3, r);
                    ir_ref r2 = ir_ld(&b, (enum ir_type)t, ir_const(&b, (uintptr_t)(mem + 64)),
                                      off, memop);
                    ir_setenv(&b, X(3), 3, r2);
                    ir_goto_tb(&b, 0x2000);
                    cpu.x[0] = (uintptr_t)(mem + 64);
                    xrun_block(&R, &b, &cpu);
                    uint64_t raw = 0;
                    memcpy(&raw, mem + 64 + off, 1u << sz);
                    unsigned bits = t == IR_I32 ? 32 : 64;
                    uint64_t want = (sign ? (uint64_t)sx(raw, 8u << sz) : raw) & wmask(bits);
                    cr_assert_eq(cpu.x[2], want, "ld size %u sign %d i%u", 1u << sz, sign, bits);
                    cr_assert_eq(cpu.x[3], want);
                    ir_block_free(&b);
                }
}

Test(x86_lower, stores_every_size_register_and_immediate)
{
    static const uint64_t vals[] = { 0x1122334455667788ull, 0xffffffffffffff80ull, 0x7f, 0x80000000 };
    for (unsigned sz = 0; sz < 4; sz++)
        for (unsigned v = 0; v < 4; v++)
            for (int imm = 0; imm < 2; imm++)
                for (int rel = 0; rel < 2; rel++) {
                    memset(mem, 0xaa, sizeof(mem));
                    struct ir_block b;
                    ir_block_init(&b, 0x1000);
                    ir_ref val = imm ? ir_const(&b, vals[v]) : ir_getenv(&b, X(1), 3);
                    ir_st(&b, ir_getenv(&b, X(0), 3), 16, sz | (rel ? IR_MO_REL : 0), val);
                    ir_goto_tb(&b, 0x2000);
                    cpu.x[0] = (uintptr_t)mem;
                    cpu.x[1] = vals[v];
                    xrun_block(&R, &b, &cpu);
                    uint8_t want[sizeof(mem)];
                    memset(want, 0xaa, sizeof(want));
                    memcpy(want + 16, &vals[v], 1u << sz);
                    cr_assert(memcmp(mem, want, sizeof(mem)) == 0, "st size %u", 1u << sz);
                    ir_block_free(&b);
                }
}

Test(x86_lower, ldv_stv_move_vectors_and_zero_the_slot)
{
    for (unsigned sz = 0; sz <= 4; sz++) {
        for (unsigned k = 0; k < sizeof(mem); k++)
            mem[k] = (uint8_t)(k + 1);
        memset(&cpu.v[3], 0xee, 16);
        struct ir_block b;
        ir_block_init(&b, 0x1000);
        ir_ref base = ir_getenv(&b, X(0), 3);
        ir_emit(&b, IR_ldv, IR_I64, base, IR_NONE, IR_NONE, 8, sz);
        b.insn[b.n - 1].aux2 = (uint32_t)A64_OFF_V(3);
        ir_emit(&b, IR_stv, IR_I64, base, IR_NONE, IR_NONE, 128, sz);
        b.insn[b.n - 1].aux2 = (uint32_t)A64_OFF_V(3);
        ir_goto_tb(&b, 0x2000);
        cpu.x[0] = (uintptr_t)mem;
        xrun_block(&R, &b, &cpu);
        unsigned n = 1u << sz;
        uint8_t want[16] = { 0 };
        memcpy(want, mem + 8, n);
        cr_assert(memcmp(&cpu.v[3], want, 16) == 0, "ldv %u", n);
        cr_assert(memcmp(mem + 128, mem + 8, n) == 0, "stv %u", n);
        cr_assert_eq(mem[128 + n], (uint8_t)(128 + n + 1), "stv %u wrote too much", n);
        ir_block_free(&b);
    }
}

/* ldex x0 -> x2; [x0] = x3 written by a plain store if poke; stex x4 -> x5 */
static void run_excl(unsigned memop, unsigned stex_memop, bool poke, uint64_t addr_delta)
{
    struct ir_block b;
    ir_block_init(&b, 0x1000);
    ir_ref a = ir_getenv(&b, X(0), 3);
    ir_ref v = ir_emit(&b, IR_ldex, IR_I64, a, IR_NONE, IR_NONE, 0, memop);
    ir_setenv(&b, X(2), 3, v);
    if (poke)
        ir_st(&b, a, 0, memop & IR_MO_SIZE_MASK, ir_getenv(&b, X(3), 3));
    ir_ref a2 = ir_op2(&b, IR_add, IR_I64, a, ir_const(&b, addr_delta));
    ir_ref r = ir_emit(&b, IR_stex, IR_I64, a2, ir_getenv(&b, X(4), 3), ir_getenv(&b, X(6), 3), 0,
                       stex_memop);
    ir_setenv(&b, X(5), 3, r);
    ir_goto_tb(&b, 0x2000);
    xrun_block(&R, &b, &cpu);
    ir_block_free(&b);
}

Test(x86_lower, exclusive_monitor_single_and_pair)
{
    for (unsigned sz = 0; sz < 4; sz++) {
        unsigned n = 1u << sz;
        uint64_t m = wmask(8 * n);
        /* success */
        memset(mem, 0x5a, sizeof(mem));
        cpu.x[0] = (uintptr_t)mem;
        cpu.x[4] = 0x0102030405060708ull;
        run_excl(sz, sz | IR_MO_REL, false, 0);
        cr_assert_eq(cpu.x[2], 0x5a5a5a5a5a5a5a5aull & m);
        cr_assert_eq(cpu.x[5], 0, "stex size %u should succeed", n);
        cr_assert(memcmp(mem, &cpu.x[4], n) == 0);
        cr_assert_eq(mem[n], 0x5a);
        cr_assert_eq(cpu.hdr.excl_addr, ~0ull);
        /* the value changed under the monitor */
        memset(mem, 0x5a, sizeof(mem));
        cpu.x[3] = 0x11;
        run_excl(sz, sz, true, 0);
        cr_assert_eq(cpu.x[5], 1);
        cr_assert_eq(mem[0], 0x11);
        /* another address */
        memset(mem, 0x5a, sizeof(mem));
        run_excl(sz, sz, false, 16);
        cr_assert_eq(cpu.x[5], 1);
        cr_assert_eq(mem[16], 0x5a);
        /* size mismatch */
        run_excl(sz, (sz + 1) & 3, false, 0);
        cr_assert_eq(cpu.x[5], 1);
    }
    for (unsigned sz = 2; sz < 4; sz++) {
        unsigned n = 1u << sz;
        memset(mem, 0, sizeof(mem));
        for (unsigned k = 0; k < 2 * n; k++)
            mem[k] = (uint8_t)(0x10 + k);
        cpu.x[0] = (uintptr_t)mem;
        cpu.x[4] = 0xa1a2a3a4a5a6a7a8ull;
        cpu.x[6] = 0xb1b2b3b4b5b6b7b8ull;
        uint64_t lo = 0, hi = 0;
        memcpy(&lo, mem, n);
        memcpy(&hi, mem + n, n);
        run_excl(sz | IR_MO_PAIR, sz | IR_MO_PAIR, false, 0);
        cr_assert_eq(cpu.x[2], lo);
        cr_assert_eq(cpu.hdr.excl_val_hi, hi);
        cr_assert_eq(cpu.x[5], 0, "pair %u should succeed", n);
        cr_assert(memcmp(mem, &cpu.x[4], n) == 0);
        cr_assert(memcmp(mem + n, &cpu.x[6], n) == 0);
        /* second element changed */
        for (unsigned k = 0; k < 2 * n; k++)
            mem[k] = (uint8_t)(0x10 + k);
        cpu.x[3] = 0;
        struct ir_block b;
        ir_block_init(&b, 0x1000);
        ir_ref a = ir_getenv(&b, X(0), 3);
        ir_emit(&b, IR_ldex, IR_I64, a, IR_NONE, IR_NONE, 0, sz | IR_MO_PAIR);
        ir_st(&b, a, n, 0, ir_const(&b, 0x99));
        ir_ref r = ir_emit(&b, IR_stex, IR_I64, a, ir_getenv(&b, X(4), 3), ir_getenv(&b, X(6), 3),
                           0, sz | IR_MO_PAIR);
        ir_setenv(&b, X(5), 3, r);
        ir_goto_tb(&b, 0x2000);
        xrun_block(&R, &b, &cpu);
        cr_assert_eq(cpu.x[5], 1);
        cr_assert_eq(mem[0], 0x10);
        ir_block_free(&b);
    }
}

Test(x86_lower, clrex_disarms_the_monitor)
{
    struct ir_block b;
    ir_block_init(&b, 0x1000);
    ir_ref a = ir_getenv(&b, X(0), 3);
    ir_emit(&b, IR_ldex, IR_I64, a, IR_NONE, IR_NONE, 0, 3);
    ir_emit(&b, IR_clrex, IR_I64, IR_NONE, IR_NONE, IR_NONE, 0, 0);
    ir_ref r = ir_emit(&b, IR_stex, IR_I64, a, ir_const(&b, 7), IR_NONE, 0, 3);
    ir_setenv(&b, X(5), 3, r);
    ir_goto_tb(&b, 0x2000);
    cpu.x[0] = (uintptr_t)mem;
    xrun_block(&R, &b, &cpu);
    cr_assert_eq(cpu.x[5], 1);
    ir_block_free(&b);
}

static uint64_t ref_atomic(unsigned kind, uint64_t old, uint64_t v, unsigned bits)
{
    uint64_t m = wmask(bits);
    old &= m;
    v &= m;
    switch (kind) {
    case IR_AT_ADD: return (old + v) & m;
    case IR_AT_CLR: return old & ~v;
    case IR_AT_EOR: return old ^ v;
    case IR_AT_SET: return old | v;
    case IR_AT_SMAX: return sx(old, bits) > sx(v, bits) ? old : v;
    case IR_AT_SMIN: return sx(old, bits) < sx(v, bits) ? old : v;
    case IR_AT_UMAX: return old > v ? old : v;
    case IR_AT_UMIN: return old < v ? old : v;
    default: return v;
    }
}

Test(x86_lower, atomics_and_cas_every_size)
{
    static const uint64_t olds[] = { 0x8000000000000001ull, 5, 0x7f7f7f7f7f7f7f7full };
    static const uint64_t vals[] = { 0x0000000000000003ull, 0xfffffffffffffffeull, 0x80 };
    for (unsigned kind = 0; kind <= IR_AT_SWP; kind++)
        for (unsigned sz = 0; sz < 4; sz++)
            for (unsigned i = 0; i < 3; i++)
                for (unsigned j = 0; j < 3; j++)
                    for (int imm = 0; imm < 2; imm++) {
                        unsigned bits = 8u << sz;
                        memset(mem, 0xcc, 32);
                        memcpy(mem + 8, &olds[i], 8);
                        struct ir_block b;
                        ir_block_init(&b, 0x1000);
                        ir_ref v = imm ? ir_const(&b, vals[j]) : ir_getenv(&b, X(1), 3);
                        ir_ref r = ir_emit(&b, IR_atomic, IR_I64, ir_getenv(&b, X(0), 3), v,
                                           IR_NONE, 0, sz);
                        b.insn[r].cond = (uint8_t)kind;
                        ir_setenv(&b, X(2), 3, r);
                        ir_goto_tb(&b, 0x2000);
                        cpu.x[0] = (uintptr_t)(mem + 8);
                        cpu.x[1] = vals[j];
                        xrun_block(&R, &b, &cpu);
                        uint64_t old = olds[i] & wmask(bits), now = 0;
                        memcpy(&now, mem + 8, 1u << sz);
                        cr_assert_eq(cpu.x[2], old, "atomic %u size %u", kind, 1u << sz);
                        cr_assert_eq(now, ref_atomic(kind, old, vals[j], bits),
                                     "atomic %u size %u old %#llx v %#llx: %#llx", kind, 1u << sz,
                                     (unsigned long long)old, (unsigned long long)vals[j],
                                     (unsigned long long)now);
                        uint8_t after = sz == 3 ? 0xcc : (uint8_t)(olds[i] >> (8u << sz));
                        cr_assert_eq(mem[8 + (1u << sz)], after, "atomic wrote past its size");
                        ir_block_free(&b);
                    }
    for (unsigned sz = 0; sz < 4; sz++)
        for (int match = 0; match < 2; match++) {
            uint64_t old = 0x8877665544332211ull, m = wmask(8u << sz);
            memcpy(mem, &old, 8);
            struct ir_block b;
            ir_block_init(&b, 0x1000);
            ir_ref r = ir_emit(&b, IR_cas, IR_I64, ir_getenv(&b, X(0), 3), ir_getenv(&b, X(1), 3),
                               ir_getenv(&b, X(3), 3), 0, sz);
            ir_setenv(&b, X(2), 3, r);
            ir_goto_tb(&b, 0x2000);
            cpu.x[0] = (uintptr_t)mem;
            cpu.x[1] = match ? (old & m) | 0xabc0000000000000ull * (sz < 3) : 0x42;
            cpu.x[3] = 0xa5a5a5a5a5a5a5a5ull;
            xrun_block(&R, &b, &cpu);
            uint64_t now;
            memcpy(&now, mem, 8);
            cr_assert_eq(cpu.x[2], old & m);
            uint64_t want = match ? (old & ~m) | (0xa5a5a5a5a5a5a5a5ull & m) : old;
            cr_assert_eq(now, want, "cas size %u match %d", 1u << sz, match);
            ir_block_free(&b);
        }
}

/* ---- calls and register pressure ---- */

static uint64_t helper_mix(void *env, uint64_t a, uint64_t b, uint64_t c)
{
    struct a64_cpu *e = env;
    /* trash every caller-saved register the ABI allows */
    __asm__ volatile("" ::: "rsi", "rdi", "r8", "r9", "r10", "r11", "memory");
    return a * 3 + b * 5 + c * 7 + e->x[7];
}

Test(x86_lower, calls_keep_values_live_across_them)
{
    struct ir_block b;
    ir_block_init(&b, 0x1000);
    ir_ref v[20];
    for (int k = 0; k < 20; k++)
        v[k] = ir_op2(&b, IR_add, IR_I64, ir_getenv(&b, X(k % 8), 3), ir_const(&b, (uint64_t)k));
    ir_ref c1 = ir_call(&b, (const void *)helper_mix, IR_CALL_READS_ENV, v[0], v[1], v[2]);
    ir_ref c2 = ir_call(&b, (const void *)helper_mix, 0, c1, v[3], IR_NONE);
    ir_ref sum = c2;
    for (int k = 0; k < 20; k++)
        sum = ir_op2(&b, IR_xor, IR_I64, ir_op2(&b, IR_mul, IR_I64, sum, ir_const(&b, 31)), v[k]);
    ir_setenv(&b, X(20), 3, sum);
    ir_goto_tb(&b, 0x2000);
    uint64_t x[8];
    for (int k = 0; k < 8; k++)
        cpu.x[k] = x[k] = 0x1000 * (uint64_t)k + 0x10;
    xrun_block(&R, &b, &cpu);
    uint64_t vv[20];
    for (int k = 0; k < 20; k++)
        vv[k] = x[k % 8] + (uint64_t)k;
    uint64_t r1 = vv[0] * 3 + vv[1] * 5 + vv[2] * 7 + x[7];
    uint64_t r2 = r1 * 3 + vv[3] * 5 + x[7];
    uint64_t s = r2;
    for (int k = 0; k < 20; k++)
        s = (s * 31) ^ vv[k];
    cr_assert_eq(cpu.x[20], s);
    ir_block_free(&b);
}

Test(x86_lower, many_live_values_spill_and_reload)
{
    for (int n = 8; n <= 64; n += 8) {
        struct ir_block b;
        ir_block_init(&b, 0x1000);
        ir_ref v[64];
        for (int k = 0; k < n; k++)
            v[k] = ir_op2(&b, IR_mul, IR_I64, ir_getenv(&b, X(k % 30), 3), ir_const(&b, (uint64_t)k + 1));
        ir_ref sum = ir_const(&b, 0);
        for (int k = n - 1; k >= 0; k--)
            sum = ir_op2(&b, k & 1 ? IR_sub : IR_add, (k % 3) ? IR_I64 : IR_I32, sum, v[k]);
        ir_setenv(&b, X(30), 3, sum);
        ir_goto_tb(&b, 0x2000);
        uint64_t x[30];
        for (int k = 0; k < 30; k++)
            cpu.x[k] = x[k] = 0x0123456789abcdefull * (uint64_t)(k + 1);
        xrun_block(&R, &b, &cpu);
        uint64_t s = 0;
        for (int k = n - 1; k >= 0; k--) {
            uint64_t vk = x[k % 30] * (uint64_t)(k + 1);
            s = k & 1 ? s - vk : s + vk;
            if (!(k % 3))
                s &= 0xffffffff;
        }
        cr_assert_eq(cpu.x[30], s, "n=%d", n);
        ir_block_free(&b);
    }
}

/* ---- exits ---- */

Test(x86_lower, exit_request_is_checked_first)
{
    struct ir_block b;
    ir_block_init(&b, 0x1234);
    ir_setenv(&b, X(0), 3, ir_const(&b, 99));
    ir_goto_tb(&b, 0x2000);
    cpu.hdr.exit_request = 1;
    cpu.x[0] = 1;
    uint64_t r = xrun_block(&R, &b, &cpu);
    cr_assert_eq(r, XLAT_EXIT_REQUEST);
    cr_assert_eq(cpu.hdr.pc, 0x1234);
    cr_assert_eq(cpu.x[0], 1);
    ir_block_free(&b);
}

Test(x86_lower, exit_returns_reason_with_pc_and_large_pcs)
{
    struct ir_block b;
    ir_block_init(&b, 0xaaaabbbbcccc0000ull);
    ir_exit(&b, 0xaaaabbbbcccc0004ull, XLAT_EXIT_SYSCALL);
    uint64_t r = xrun_block(&R, &b, &cpu);
    cr_assert_eq(r, XLAT_EXIT_SYSCALL);
    cr_assert_eq(cpu.hdr.pc, 0xaaaabbbbcccc0004ull);
    ir_block_free(&b);
}

Test(x86_lower, direct_exits_fill_tb_and_chain_when_patched)
{
    struct ir_block a, t;
    ir_block_init(&a, 0x1000);
    ir_ref c = ir_setcond(&a, IR_EQ, IR_I64, ir_getenv(&a, X(0), 3), ir_const(&a, 0));
    ir_exit_if(&a, c, 0x5000);
    ir_setenv(&a, X(1), 3, ir_const(&a, 1));
    ir_goto_tb(&a, 0x6000);
    struct tb *ta = xrun_emit(&R, &a, 0);
    cr_assert_eq(ta->nexits, 2);
    cr_assert_eq(ta->exits[0].target_pc, 0x5000);
    cr_assert_eq(ta->exits[1].target_pc, 0x6000);
    for (int k = 0; k < 2; k++) {
        cr_assert_eq(ta->exits[k].tb, ta);
        cr_assert_eq((uintptr_t)(ta->host + ta->exits[k].patch_off) & 3, 0, "rel32 not aligned");
        const uint8_t *f = ta->host + ta->exits[k].patch_off;
        cr_assert(f[-1] == 0xe9 || (f[-2] == 0x0f && (f[-1] & 0xf0) == 0x80),
                  "exit %d is not a jmp/jcc rel32", k);
    }
    cpu.x[0] = 1;
    cr_assert_eq(R.enter(&cpu.hdr, ta->host), (uintptr_t)&ta->exits[1]);
    cr_assert_eq(cpu.hdr.pc, 0x6000);
    cpu.x[0] = 0;
    cr_assert_eq(R.enter(&cpu.hdr, ta->host), (uintptr_t)&ta->exits[0]);
    cr_assert_eq(cpu.hdr.pc, 0x5000);

    /* target block: x2 = 77, exit with a reason */
    ir_block_init(&t, 0x6000);
    ir_setenv(&t, X(2), 3, ir_const(&t, 77));
    ir_exit(&t, 0x6004, XLAT_EXIT_BRK);
    struct tb *tt = xrun_emit(&R, &t, 1);
    host_x86_64.patch_exit(&R.cb, ta, &ta->exits[1], tt->host);
    cpu.x[0] = 1;
    cr_assert_eq(R.enter(&cpu.hdr, ta->host), XLAT_EXIT_BRK);
    cr_assert_eq(cpu.x[2], 77);
    cr_assert_eq(cpu.hdr.pc, 0x6004);
    host_x86_64.unpatch_exit(&R.cb, ta, &ta->exits[1]);
    cpu.x[2] = 0;
    cr_assert_eq(R.enter(&cpu.hdr, ta->host), (uintptr_t)&ta->exits[1]);
    cr_assert_eq(cpu.x[2], 0);
    ir_block_free(&a);
    ir_block_free(&t);
}

Test(x86_lower, goto_ptr_hits_and_misses_the_jump_cache)
{
    struct ir_block a, t;
    ir_block_init(&t, 0x7000);
    ir_setenv(&t, X(2), 3, ir_const(&t, 55));
    ir_exit(&t, 0x7004, XLAT_EXIT_HALT);
    struct tb *tt = xrun_emit(&R, &t, 1);
    ir_block_init(&a, 0x1000);
    ir_goto_ptr(&a, ir_getenv(&a, X(0), 3));
    struct tb *ta = xrun_emit(&R, &a, 0);
    cpu.x[0] = 0x7000;
    cr_assert_eq(R.enter(&cpu.hdr, ta->host), XLAT_EXIT_LOOKUP);
    cr_assert_eq(cpu.hdr.pc, 0x7000);
    R.jc[XLAT_JC_HASH(0x7000)] = (struct jc_entry){ 0x7000, tt->host };
    cr_assert_eq(R.enter(&cpu.hdr, ta->host), XLAT_EXIT_HALT);
    cr_assert_eq(cpu.x[2], 55);
    /* same hash bucket, other pc: miss */
    cpu.x[0] = 0x7000 + (XLAT_JC_SIZE << 2);
    cpu.x[2] = 0;
    cr_assert_eq(R.enter(&cpu.hdr, ta->host), XLAT_EXIT_LOOKUP);
    cr_assert_eq(cpu.hdr.pc, cpu.x[0]);
    cr_assert_eq(cpu.x[2], 0);
    memset(R.jc, 0, sizeof(R.jc));
    ir_block_free(&a);
    ir_block_free(&t);
}

/* a getenv read in place by its user must not see a later setenv */
Test(x86_lower, env_operand_not_read_after_overwrite)
{
    struct ir_block b;
    ir_block_init(&b, 0x1000);
    ir_ref x0 = ir_getenv(&b, X(0), 3);
    ir_ref x1 = ir_getenv(&b, X(1), 3);
    ir_ref x2 = ir_getenv(&b, X(2), 3);
    ir_setenv(&b, X(1), 2, ir_const(&b, 5));   /* overlaps x1's low half */
    ir_setenv(&b, X(3), 3, ir_op2(&b, IR_sub, IR_I64, x0, x1));
    ir_setenv(&b, X(4), 3, ir_op2(&b, IR_sub, IR_I64, x0, x2));
    ir_goto_tb(&b, 0x2000);
    cpu.x[0] = 100;
    cpu.x[1] = 0x100000007ull;
    cpu.x[2] = 30;
    xrun_block(&R, &b, &cpu);
    cr_assert_eq(cpu.x[1], 0x100000005ull);
    cr_assert_eq(cpu.x[3], 100 - 0x100000007ull);
    cr_assert_eq(cpu.x[4], 70);
    ir_block_free(&b);
}

/* CCMP x0, x1, #nzcv, cond: NZCV = cond ? flags(x0 - x1) : nzcv; the
 * backend turns the select of rdflags into a conditional store */
Test(x86_lower, ccmp_shape_keeps_or_replaces_nzcv)
{
    for (unsigned cc = 0; cc < 14; cc++)
        for (unsigned nz = 0; nz < 16; nz++)
            for (int inv = 0; inv < 2; inv++) {
                struct nzcv in = { nz >> 3 & 1, nz >> 2 & 1, nz >> 1 & 1, nz & 1 };
                uint64_t a = 5 + nz, bv = 7 * (cc & 3);
                struct nzcv cmpf;
                add_with_carry(a, ~bv, 1, 64, &cmpf);
                unsigned imm = (nz * 7 + cc) & 15;
                struct nzcv immf = { imm >> 3 & 1, imm >> 2 & 1, imm >> 1 & 1, imm & 1 };
                bool hold = condition_holds(cc, in);
                struct nzcv want = (hold != inv) ? cmpf : immf;
                struct ir_block b;
                ir_block_init(&b, 0x1000);
                ir_ref c = ir_testflags(&b, (enum ir_cc)cc);
                ir_ref x0 = ir_getenv(&b, X(0), 3);
                ir_ref x1 = ir_getenv(&b, X(1), 3);
                ir_op2f(&b, IR_sub, IR_I64, x0, x1);
                ir_ref r = ir_emit(&b, IR_rdflags, IR_I64, IR_NONE, IR_NONE, IR_NONE, 0, 0);
                ir_ref k = ir_const(&b, (uint64_t)imm << 28);
                ir_ref s = inv ? ir_select(&b, c, k, r) : ir_select(&b, c, r, k);
                ir_emit(&b, IR_wrflags, IR_I64, s, IR_NONE, IR_NONE, 0, 0);
                ir_goto_tb(&b, 0x2000);
                set_flags(in);
                cpu.x[0] = a;
                cpu.x[1] = bv;
                xrun_block(&R, &b, &cpu);
                struct nzcv got = env_flags();
                cr_assert(got.n == want.n && got.z == want.z && got.c == want.c && got.v == want.v,
                          "cc %u nzcv %x inv %d: got %u%u%u%u", cc, nz, inv, got.n, got.z, got.c,
                          got.v);
                ir_block_free(&b);
            }
}

/* ---- precise faults ---- */

#include <setjmp.h>
#include <signal.h>
#include <ucontext.h>

static sigjmp_buf fault_jmp;
static volatile uintptr_t fault_rip;

static void on_segv(int sig, siginfo_t *si, void *ucv)
{
    (void)sig;
    (void)si;
    ucontext_t *uc = ucv;
    fault_rip = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
    siglongjmp(fault_jmp, 1);
}

/* a load from an unmapped page in the third guest instruction: the host pc
 * of the fault maps back to that instruction's pc */
Test(x86_lower, faulting_host_pc_maps_to_guest_pc)
{
    struct ir_block b;
    ir_block_init(&b, 0x4000);
    for (unsigned k = 0; k < 5; k++) {
        ir_insn_start(&b, 0x4000 + 4 * k);
        ir_ref base = ir_getenv(&b, X(k), 3);
        ir_ref v = ir_ld(&b, IR_I64, base, 8, 3);
        ir_setenv(&b, X(10 + k), 3, ir_op2(&b, IR_add, IR_I64, v, ir_const(&b, k)));
    }
    ir_goto_tb(&b, 0x5000);
    struct tb *tb = xrun_emit(&R, &b, 0);
    static uint64_t cell[2];
    for (unsigned k = 0; k < 5; k++)
        cpu.x[k] = (uintptr_t)cell;
    cpu.x[2] = 0x10;   /* [0x18] faults */
    struct sigaction sa = { .sa_sigaction = on_segv, .sa_flags = SA_SIGINFO };
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);
    if (sigsetjmp(fault_jmp, 1) == 0) {
        R.enter(&cpu.hdr, tb->host);
        cr_assert_fail("the load did not fault");
    }
    signal(SIGSEGV, SIG_DFL);
    size_t off = fault_rip - (uintptr_t)tb->host;
    cr_assert_lt(off, tb->host_size);
    cr_assert_eq(x86_guest_pc_at(&b, tb->host, off), 0x4008);
    cr_assert_eq(cpu.x[11], 1, "earlier instructions completed");
    cr_assert_eq(cpu.x[12], 0, "the faulting one did not");
    /* and every offset maps to a pc in order */
    uint64_t last = 0;
    for (size_t o = 0; o < tb->host_size; o++) {
        uint64_t pc = x86_guest_pc_at(&b, tb->host, o);
        cr_assert(pc >= last && pc >= 0x4000 && pc <= 0x4010);
        last = pc;
    }
    ir_block_free(&b);
}
