/*
 * A64 Armv8.2 cryptographic extensions FEAT_SHA512 (SHA512H, SHA512H2,
 * SHA512SU0, SHA512SU1) and FEAT_SHA3 (EOR3, BCAX, RAX1, XAR).  Called by
 * the generated decode_fpsimd.c (patterns SHA512_* and SHA3_* of
 * a64_fpsimd.decode).  The SHA3 operations are a few 64-bit logic ops per
 * half and are emitted inline; the SHA512 rounds are C helpers following
 * the Arm ARM pseudocode (SHA512H: Sigma1 and Ch of two rounds, etc.).
 */
#include "xlat/aarch64/fpsimd_helpers_ir.h"

static inline uint64_t ror64(uint64_t x, unsigned n)
{
    return n ? (x >> n) | (x << (64 - n)) : x;
}

static inline uint64_t sigma1_big(uint64_t x) { return ror64(x, 14) ^ ror64(x, 18) ^ ror64(x, 41); }
static inline uint64_t sigma0_big(uint64_t x) { return ror64(x, 28) ^ ror64(x, 34) ^ ror64(x, 39); }
static inline uint64_t sigma0_small(uint64_t x) { return ror64(x, 1) ^ ror64(x, 8) ^ (x >> 7); }
static inline uint64_t sigma1_small(uint64_t x) { return ror64(x, 19) ^ ror64(x, 61) ^ (x >> 6); }
static inline uint64_t sha_ch(uint64_t x, uint64_t y, uint64_t z) { return (x & y) ^ (~x & z); }
static inline uint64_t sha_maj(uint64_t x, uint64_t y, uint64_t z)
{
    return (x & y) ^ (x & z) ^ (y & z);
}

/* Three-register SHA512: opcode 0 SHA512H, 1 SHA512H2, 2 SHA512SU1.
 * X = Vn, Y = Vm, W = Vd as in the Arm ARM. */
static FPSIMD_HELPER(h_sha512_3reg)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    const a64_vreg x = c->v[insn_rn(insn)], y = c->v[insn_rm(insn)], w = c->v[insn_rd(insn)];
    a64_vreg r;
    switch ((insn >> 10) & 3) {
    case 0: {                                   /* SHA512H */
        r.d[1] = sha_ch(y.d[1], x.d[0], x.d[1]) + sigma1_big(y.d[1]) + w.d[1];
        uint64_t t = r.d[1] + y.d[0];
        r.d[0] = sha_ch(t, y.d[1], x.d[0]) + sigma1_big(t) + w.d[0];
        break;
    }
    case 1:                                     /* SHA512H2 */
        r.d[1] = sha_maj(x.d[0], y.d[1], y.d[0]) + sigma0_big(y.d[0]) + w.d[1];
        r.d[0] = sha_maj(r.d[1], y.d[0], y.d[1]) + sigma0_big(r.d[1]) + w.d[0];
        break;
    default:                                    /* SHA512SU1 */
        r.d[1] = w.d[1] + sigma1_small(x.d[1]) + y.d[1];
        r.d[0] = w.d[0] + sigma1_small(x.d[0]) + y.d[0];
        break;
    }
    c->v[insn_rd(insn)] = r;
    return 0;
}

/* SHA512SU0 Vd.2D, Vn.2D */
static FPSIMD_HELPER(h_sha512su0)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    const a64_vreg x = c->v[insn_rn(insn)], w = c->v[insn_rd(insn)];
    a64_vreg r;
    r.d[0] = w.d[0] + sigma0_small(w.d[1]);
    r.d[1] = w.d[1] + sigma0_small(x.d[0]);
    c->v[insn_rd(insn)] = r;
    return 0;
}

static ir_ref vhalf(DisasContext *s, int reg, unsigned half)
{
    return ir_getenv(s->b, vreg_off((unsigned)reg, 8 * half), 3);
}

static void set_vhalf(DisasContext *s, int reg, unsigned half, ir_ref v)
{
    ir_setenv(s->b, vreg_off((unsigned)reg, 8 * half), 3, v);
}

bool trans_SHA512_3reg(DisasContext *s, const arg_SHA512_3reg *a)
{
    if (a->o)
        return false;                           /* SM3PARTW1/2, SM4EKEY: not implemented */
    if (a->opcode != 3) {
        fpsimd_call(s, h_sha512_3reg, IR_NONE, IR_NONE);
        return true;
    }
    /* RAX1 Vd.2D = Vn ^ ROL(Vm, 1): both halves read before any write */
    ir_ref r[2];
    for (unsigned h = 0; h < 2; h++) {
        ir_ref m = vhalf(s, a->rm, h);
        r[h] = ir_op2(s->b, IR_xor, IR_I64, vhalf(s, a->rn, h),
                      ir_op2(s->b, IR_ror, IR_I64, m, ir_const(s->b, 63)));
    }
    set_vhalf(s, a->rd, 0, r[0]);
    set_vhalf(s, a->rd, 1, r[1]);
    return true;
}

bool trans_SHA512_2reg(DisasContext *s, const arg_SHA512_2reg *a)
{
    if (a->opcode != 0)
        return false;                           /* SM4E: not implemented */
    fpsimd_call(s, h_sha512su0, IR_NONE, IR_NONE);
    return true;
}

bool trans_SHA3_4reg(DisasContext *s, const arg_SHA3_4reg *a)
{
    if (a->op0 > 1)
        return false;                           /* SM3SS1: not implemented */
    ir_ref r[2];
    for (unsigned h = 0; h < 2; h++) {
        ir_ref n = vhalf(s, a->rn, h), m = vhalf(s, a->rm, h), k = vhalf(s, a->ra, h);
        if (a->op0 == 0)                        /* EOR3: n ^ m ^ a */
            r[h] = ir_op2(s->b, IR_xor, IR_I64, ir_op2(s->b, IR_xor, IR_I64, n, m), k);
        else                                    /* BCAX: n ^ (m & ~a) */
            r[h] = ir_op2(s->b, IR_xor, IR_I64, n, ir_op2(s->b, IR_andn, IR_I64, m, k));
    }
    set_vhalf(s, a->rd, 0, r[0]);
    set_vhalf(s, a->rd, 1, r[1]);
    return true;
}

bool trans_SHA3_XAR(DisasContext *s, const arg_SHA3_XAR *a)
{
    ir_ref r[2];
    for (unsigned h = 0; h < 2; h++) {
        ir_ref x = ir_op2(s->b, IR_xor, IR_I64, vhalf(s, a->rn, h), vhalf(s, a->rm, h));
        r[h] = a->imm6 ? ir_op2(s->b, IR_ror, IR_I64, x, ir_const(s->b, (uint64_t)a->imm6)) : x;
    }
    set_vhalf(s, a->rd, 0, r[0]);
    set_vhalf(s, a->rd, 1, r[1]);
    return true;
}
