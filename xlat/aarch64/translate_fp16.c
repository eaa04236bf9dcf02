/*
 * A64 FEAT_FP16: scalar half-precision data processing, compares,
 * FCSEL, FMOV and conversions, and the AdvSIMD FP16 groups.  Called by
 * the generated decode_fpsimd.c (patterns FP16_* and SIMD16_* of
 * a64_fpsimd.decode, placed before the Armv8.0 groups they share bits
 * with; a trans returning false hands the word on to those, e.g. FCVT
 * from half, which is Armv8.0).  The spec's `!fp16` gates make all of it
 * UNDEFINED on CPU models without FP16.  Bit moves (FMOV, FABS, FNEG,
 * FCSEL) are inline IR; the rest calls fpsimd_helpers_fp16.c.  Also
 * FEAT_FHM's FMLAL/FMLSL (half products accumulated in single), gated
 * by `!fhm`.
 */
#include "xlat/aarch64/fpsimd_helpers_fp16.h"
#include "xlat/aarch64/fpsimd_helpers_ir.h"

static void set_h_zero_hi(DisasContext *s, unsigned rd, ir_ref v)
{
    fpsimd_set_d_zero_hi(s, rd, ir_ext(s->b, false, IR_I64, 1, v));
}

bool trans_FP16_dp1(DisasContext *s, const arg_FP16_dp1 *a)
{
    if (a->opcode <= 2) {                       /* FMOV, FABS, FNEG */
        ir_ref v = ir_getenv(s->b, vreg_off((unsigned)a->rn, 0), 1);
        if (a->opcode == 1)
            v = ir_op2(s->b, IR_and, IR_I64, v, ir_const(s->b, 0x7fff));
        else if (a->opcode == 2)
            v = ir_op2(s->b, IR_xor, IR_I64, v, ir_const(s->b, 0x8000));
        set_h_zero_hi(s, (unsigned)a->rd, v);
        return true;
    }
    return fpsimd_by_lookup(s, fp16_lookup_dp1(s->insn));
}

bool trans_FP16_dp2(DisasContext *s, const arg_FP16_dp2 *a)
{
    (void)a;
    return fpsimd_by_lookup(s, fp16_lookup_dp2(s->insn));
}

bool trans_FP16_dp3(DisasContext *s, const arg_FP16_dp3 *a)
{
    (void)a;
    return fpsimd_by_lookup(s, fp16_lookup_dp3(s->insn));
}

bool trans_FP16_cmp(DisasContext *s, const arg_FP16_cmp *a)
{
    if (a->op || (a->opc2 & 7))
        return false;
    fpsimd_wrflags(s, ir_call(s->b, (const void *)fp16_fcmp, IR_CALL_READS_ENV | IR_CALL_WRITES_ENV,
                              ir_const(s->b, s->insn), IR_NONE, IR_NONE));
    return true;
}

bool trans_FP16_ccmp(DisasContext *s, const arg_FP16_ccmp *a)
{
    ir_ref c = fpsimd_cond(s, (unsigned)a->cond);
    fpsimd_wrflags(s, ir_call(s->b, (const void *)fp16_fccmp, IR_CALL_READS_ENV | IR_CALL_WRITES_ENV,
                              ir_const(s->b, s->insn), c, IR_NONE));
    return true;
}

bool trans_FP16_csel(DisasContext *s, const arg_FP16_csel *a)
{
    ir_ref c = fpsimd_cond(s, (unsigned)a->cond);
    ir_ref n = ir_getenv(s->b, vreg_off((unsigned)a->rn, 0), 1);
    ir_ref m = ir_getenv(s->b, vreg_off((unsigned)a->rm, 0), 1);
    set_h_zero_hi(s, (unsigned)a->rd, ir_select(s->b, c, n, m));
    return true;
}

bool trans_FP16_imm(DisasContext *s, const arg_FP16_imm *a)
{
    if (a->imm5)
        return false;
    fpsimd_set_d_zero_hi(s, (unsigned)a->rd, ir_const(s->b, fp_expand_imm((unsigned)a->imm8, 1)));
    return true;
}

/* FMOV Vd.4H/.8H, #imm: the half-precision immediate in every lane */
bool trans_SIMD16_fmov_imm(DisasContext *s, const arg_SIMD16_fmov_imm *a)
{
    uint64_t h = fp_expand_imm((unsigned)(a->abc << 5 | a->defgh), 1);
    ir_ref v = ir_const(s->b, h * 0x0001000100010001ull);
    ir_setenv(s->b, vreg_off((unsigned)a->rd, 0), 3, v);
    ir_setenv(s->b, vreg_off((unsigned)a->rd, 8), 3, a->q ? v : ir_const(s->b, 0));
    return true;
}

bool trans_FP16_int(DisasContext *s, const arg_FP16_int *a)
{
    unsigned rd = (unsigned)a->rd, rn = (unsigned)a->rn;
    if (a->opcode >= 6) {                       /* FMOV between Hn and Wn/Xn */
        if (a->rmode)
            return false;
        if (a->opcode == 6)
            a64_setx(s, rd, ir_getenv(s->b, vreg_off(rn, 0), 1));
        else
            set_h_zero_hi(s, rd, a64_getx(s, rn));
        return true;
    }
    fpsimd_helper fn = fp16_lookup_int(s->insn);
    if (!fn)
        return false;
    if (a->opcode == 2 || a->opcode == 3)
        fpsimd_call(s, fn, a64_getx(s, rn), IR_NONE);
    else
        a64_setx(s, rd, fpsimd_call(s, fn, IR_NONE, IR_NONE));
    return true;
}

bool trans_FP16_fixed(DisasContext *s, const arg_FP16_fixed *a)
{
    fpsimd_helper fn = fp16_lookup_fixed(s->insn);
    if (!fn)
        return false;
    if (a->opcode >= 2)
        fpsimd_call(s, fn, a64_getx(s, (unsigned)a->rn), IR_NONE);
    else
        a64_setx(s, (unsigned)a->rd, fpsimd_call(s, fn, IR_NONE, IR_NONE));
    return true;
}

#define BY_LOOKUP16(name, lookup)                                 \
    bool trans_##name(DisasContext *s, const arg_##name *a)       \
    {                                                             \
        (void)a;                                                  \
        return fpsimd_by_lookup(s, lookup(s->insn));              \
    }

BY_LOOKUP16(SIMD16_3same, fp16_lookup_3same)
BY_LOOKUP16(SIMD16_s_3same, fp16_lookup_3same)
BY_LOOKUP16(SIMD16_2misc, fp16_lookup_2misc)
BY_LOOKUP16(SIMD16_s_2misc, fp16_lookup_2misc)
BY_LOOKUP16(SIMD16_across, fp16_lookup_across)
BY_LOOKUP16(SIMD16_s_pair, fp16_lookup_pairwise)
BY_LOOKUP16(SIMD16_indexed, fp16_lookup_indexed)
BY_LOOKUP16(SIMD16_s_indexed, fp16_lookup_indexed)
BY_LOOKUP16(SIMD16_shimm, fp16_lookup_shimm)
BY_LOOKUP16(SIMD16_s_shimm, fp16_lookup_shimm)
BY_LOOKUP16(SIMD16_fcma, fp16_lookup_fcma)
BY_LOOKUP16(SIMD16_fcmla_idx, fp16_lookup_fcmla_idx)
BY_LOOKUP16(SIMD_fhm, fp16_lookup_fhm)
BY_LOOKUP16(SIMD_fhm_idx, fp16_lookup_fhm_idx)
