/*
 * IR-building helpers shared by the FP/AdvSIMD translate files
 * (translate_fp.c, translate_simd.c, translate_ldst_simd.c).
 */
#ifndef XEMU_XLAT_AARCH64_FPSIMD_HELPERS_IR_H
#define XEMU_XLAT_AARCH64_FPSIMD_HELPERS_IR_H

#include "xlat/aarch64/decode_fpsimd.h"
#include "xlat/aarch64/fpsimd_helpers.h"
#include "xlat/aarch64/translate.h"

/* Call a helper with the current instruction word as first argument; it
 * may read and write any guest state (V registers, FPCR, FPSR). */
static inline ir_ref fpsimd_call(DisasContext *s, fpsimd_helper fn, ir_ref a1, ir_ref a2)
{
    return ir_call(s->b, (const void *)fn, IR_CALL_READS_ENV | IR_CALL_WRITES_ENV,
                   ir_const(s->b, s->insn), a1, a2);
}

/* Translate through a lookup table: false (undefined) if it has no helper. */
static inline bool fpsimd_by_lookup(DisasContext *s, fpsimd_helper fn)
{
    if (!fn)
        return false;
    fpsimd_call(s, fn, IR_NONE, IR_NONE);
    return true;
}

static inline uint32_t vreg_off(unsigned n, unsigned byte)
{
    return (uint32_t)(A64_OFF_V(n & 31) + byte);
}

/* Write a 64-bit value to the low half of Vn and zero the high half (the
 * A64 rule for scalar and 64-bit vector results); v must already be
 * zero-extended if the result is narrower. */
static inline void fpsimd_set_d_zero_hi(DisasContext *s, unsigned n, ir_ref v)
{
    ir_setenv(s->b, vreg_off(n, 0), 3, v);
    ir_setenv(s->b, vreg_off(n, 8), 3, ir_const(s->b, 0));
}

static inline void fpsimd_ldv(DisasContext *s, ir_ref addr, int64_t off, unsigned log2size,
                              unsigned vreg)
{
    ir_ref r = ir_emit(s->b, IR_ldv, IR_I64, addr, IR_NONE, IR_NONE, off, log2size);
    s->b->insn[r].aux2 = vreg_off(vreg, 0);
}

static inline void fpsimd_stv(DisasContext *s, ir_ref addr, int64_t off, unsigned log2size,
                              unsigned vreg)
{
    ir_ref r = ir_emit(s->b, IR_stv, IR_I64, addr, IR_NONE, IR_NONE, off, log2size);
    s->b->insn[r].aux2 = vreg_off(vreg, 0);
}

static inline void fpsimd_wrflags(DisasContext *s, ir_ref nzcv)
{
    ir_emit(s->b, IR_wrflags, IR_I64, nzcv, IR_NONE, IR_NONE, 0, 0);
}

/* 1 if condition `cond` (Arm numbering) holds on the current NZCV */
static inline ir_ref fpsimd_cond(DisasContext *s, unsigned cond)
{
    if (cond >= 14)
        return ir_const(s->b, 1);
    return ir_testflags(s->b, (enum ir_cc)cond);
}

/* x replicated into every element of size 1<<sz bytes of a 64-bit value */
static inline ir_ref fpsimd_replicate(DisasContext *s, ir_ref x, unsigned sz)
{
    static const uint64_t ones[4] = { 0x0101010101010101ull, 0x0001000100010001ull,
                                      0x0000000100000001ull, 1 };
    if (sz == 3)
        return x;
    x = ir_ext(s->b, false, IR_I64, sz, x);
    return ir_op2(s->b, IR_mul, IR_I64, x, ir_const(s->b, ones[sz]));
}

#endif
