/*
 * A64 scalar floating point: data processing (1, 2, 3 sources), compares,
 * conditional compare and select, FMOV (immediate, register <-> general)
 * and conversions.  Called by the generated decode_fpsimd.c.  Arithmetic
 * goes to helpers (fpsimd_helpers_fp.c); plain moves are inline IR.
 */
#include "xlat/aarch64/fpsimd_helpers_ir.h"
#include "xlat/ir_vop.h"

/* FMOV, FABS, FNEG (register): bit operations, exact inline (Arm applies
 * them to NaNs too, without exceptions) */
static void fp_move_inline(DisasContext *s, const arg_FP_dp1 *a)
{
    unsigned lg = a->ftype ? 3 : 2;
    uint64_t sign = 1ull << ((8u << lg) - 1);
    ir_ref v = ir_getenv(s->b, vreg_off((unsigned)a->rn, 0), lg);
    if (a->opcode == 1)
        v = ir_op2(s->b, IR_andn, IR_I64, v, ir_const(s->b, sign));
    else if (a->opcode == 2)
        v = ir_op2(s->b, IR_xor, IR_I64, v, ir_const(s->b, sign));
    fpsimd_set_d_zero_hi(s, (unsigned)a->rd, v);
}

bool trans_FP_dp1(DisasContext *s, const arg_FP_dp1 *a)
{
    fpsimd_helper fn = fpsimd_lookup_fp_dp1(s->insn);
    if (!fn)
        return false;
    if (a->opcode <= 2 && a->ftype < 2) {
        fp_move_inline(s, a);
        return true;
    }
    fpsimd_call(s, fn, IR_NONE, IR_NONE);
    return true;
}

bool trans_FP_dp2(DisasContext *s, const arg_FP_dp2 *a)
{
    fpsimd_helper fn = fpsimd_lookup_fp_dp2(s->insn);
    if (!fn)
        return false;
    if (a->opcode < 4 && a->ftype < 2) {
        /* FMUL, FDIV, FADD, FSUB: an FP vop (inline on the host when exact) */
        static const enum ir_vop ops[4] = { IR_VOP_FMUL, IR_VOP_FDIV, IR_VOP_FADD, IR_VOP_FSUB };
        ir_vop_fp(s->b, ops[a->opcode], a->ftype ? 3 : 2, false, true, vreg_off((unsigned)a->rd, 0),
                  vreg_off((unsigned)a->rn, 0), vreg_off((unsigned)a->rm, 0), A64_OFF_FPCR);
        return true;
    }
    fpsimd_call(s, fn, IR_NONE, IR_NONE);
    return true;
}

bool trans_FP_dp3(DisasContext *s, const arg_FP_dp3 *a)
{
    fpsimd_helper fn = fpsimd_lookup_fp_dp3(s->insn);
    if (!fn)
        return false;
    unsigned rd = (unsigned)a->rd, ra = (unsigned)a->ra;
    bool factor = rd == (unsigned)a->rn || rd == (unsigned)a->rm;
    if (a->ftype < 2 && (!factor || (!a->o1 && rd == ra))) {
        /* FMADD / FMSUB: d = a +/- n * m fused, the scalar FMLA/FMLS vop
         * with the addend first copied to d (when d is not also a factor);
         * FNMADD / FNMSUB: Arm negates a and n before the fused operation,
         * so they are FMLS / FMLA on d = -a (a bit flip, exact for NaNs too) */
        unsigned lg = a->ftype ? 3 : 2;
        if (a->o1) {
            ir_ref v = ir_getenv(s->b, vreg_off(ra, 0), lg);
            fpsimd_set_d_zero_hi(s, rd, ir_op2(s->b, IR_xor, IR_I64, v,
                                               ir_const(s->b, 1ull << ((8u << lg) - 1))));
        } else if (rd != ra) {
            fpsimd_set_d_zero_hi(s, rd, ir_getenv(s->b, vreg_off(ra, 0), lg));
        }
        ir_vop_fp(s->b, a->o0 != a->o1 ? IR_VOP_FMLS : IR_VOP_FMLA, lg, false, true,
                  vreg_off(rd, 0), vreg_off((unsigned)a->rn, 0), vreg_off((unsigned)a->rm, 0),
                  A64_OFF_FPCR);
        return true;
    }
    fpsimd_call(s, fn, IR_NONE, IR_NONE);
    return true;
}

static bool fp_ftype_ok(int m, int s_bit, int ftype)
{
    return !m && !s_bit && ftype < 2;
}

/*
 * FCMP/FCMPE as integer IR (no helper call): the Arm FPCompare on the bit
 * patterns.  With FPCR.FZ a denormal input counts as a zero of its sign
 * and sets IDC; a NaN gives NZCV 0011 and sets IOC if it is signalling
 * (FCMP) or always (FCMPE); otherwise equal (both zeros count as equal)
 * 0110, less 1000, greater 0010, ordering by the usual key (negative
 * values bit-inverted, positive ones with the sign bit set, compared
 * unsigned).  Returns the NZCV word for wrflags.
 */
static ir_ref fcmp_inline(DisasContext *s, unsigned lg, ir_ref x, ir_ref y, bool signal_all,
                          ir_ref cond)
{
    struct ir_block *b = s->b;
    unsigned w = 8u << lg;
    uint64_t sign = 1ull << (w - 1), all = w == 64 ? ~0ull : (1ull << w) - 1;
    uint64_t inf = lg == 3 ? 0x7ff0000000000000ull : 0x7f800000ull;
    uint64_t minnorm = lg == 3 ? 1ull << 52 : 1ull << 23, quiet = minnorm >> 1;
    ir_ref fpcr = ir_getenv(b, A64_OFF_FPCR, 2);
    ir_ref fz = ir_setcond(b, IR_TSTNE, IR_I64, fpcr, ir_const(b, FPCR_FZ));
    ir_ref v[2] = { x, y }, mag[2], flushed = IR_NONE, nan = IR_NONE, snan = IR_NONE;
    for (int k = 0; k < 2; k++) {
        ir_ref m = ir_op2(b, IR_andn, IR_I64, v[k], ir_const(b, sign));
        ir_ref den = ir_setcond(b, IR_LTU, IR_I64, ir_op2(b, IR_sub, IR_I64, m, ir_const(b, 1)),
                                ir_const(b, minnorm - 1));
        ir_ref f = ir_op2(b, IR_and, IR_I64, fz, den);
        v[k] = ir_select(b, f, ir_op2(b, IR_and, IR_I64, v[k], ir_const(b, sign)), v[k]);
        mag[k] = ir_select(b, f, ir_const(b, 0), m);
        ir_ref isnan = ir_setcond(b, IR_GTU, IR_I64, m, ir_const(b, inf));
        ir_ref sn = ir_op2(b, IR_and, IR_I64, isnan,
                           ir_setcond(b, IR_TSTEQ, IR_I64, v[k], ir_const(b, quiet)));
        flushed = k ? ir_op2(b, IR_or, IR_I64, flushed, f) : f;
        nan = k ? ir_op2(b, IR_or, IR_I64, nan, isnan) : isnan;
        snan = k ? ir_op2(b, IR_or, IR_I64, snan, sn) : sn;
    }
    ir_ref ioc = signal_all ? nan : snan;
    ir_ref exc = ir_op2(b, IR_or, IR_I64, ioc,
                        ir_op2(b, IR_shl, IR_I64, flushed, ir_const(b, 7)));     /* IOC, IDC */
    if (cond != IR_NONE)                        /* FCCMP: no compare, no exception */
        exc = ir_select(b, cond, exc, ir_const(b, 0));
    ir_ref fpsr = ir_getenv(b, A64_OFF_FPSR, 2);
    ir_setenv(b, A64_OFF_FPSR, 2, ir_op2(b, IR_or, IR_I64, fpsr, exc));
    ir_ref eq = ir_op2(b, IR_or, IR_I64,
                       ir_setcond(b, IR_EQ, IR_I64, ir_op2(b, IR_or, IR_I64, mag[0], mag[1]),
                                  ir_const(b, 0)),
                       ir_setcond(b, IR_EQ, IR_I64, v[0], v[1]));
    ir_ref key[2];
    for (int k = 0; k < 2; k++) {
        ir_ref neg = ir_setcond(b, IR_TSTNE, IR_I64, v[k], ir_const(b, sign));
        key[k] = ir_op2(b, IR_xor, IR_I64, v[k],
                        ir_select(b, neg, ir_const(b, all), ir_const(b, sign)));
    }
    ir_ref lt = ir_setcond(b, IR_LTU, IR_I64, key[0], key[1]);
    ir_ref r = ir_select(b, lt, ir_const(b, 0x8ull << 28), ir_const(b, 0x2ull << 28));
    r = ir_select(b, eq, ir_const(b, 0x6ull << 28), r);
    return ir_select(b, nan, ir_const(b, 0x3ull << 28), r);
}

bool trans_FP_cmp(DisasContext *s, const arg_FP_cmp *a)
{
    if (!fp_ftype_ok(a->m, a->s, a->ftype) || a->op || (a->opc2 & 7))
        return false;
    unsigned lg = a->ftype ? 3 : 2;
    ir_ref x = ir_getenv(s->b, vreg_off((unsigned)a->rn, 0), lg);
    ir_ref y = (a->opc2 & 8) ? ir_const(s->b, 0) : ir_getenv(s->b, vreg_off((unsigned)a->rm, 0), lg);
    fpsimd_wrflags(s, fcmp_inline(s, lg, x, y, (a->opc2 & 16) != 0, IR_NONE));
    return true;
}

bool trans_FP_ccmp(DisasContext *s, const arg_FP_ccmp *a)
{
    if (!fp_ftype_ok(a->m, a->s, a->ftype))
        return false;
    /* FCCMP/FCCMPE: the FCMP above when the condition holds, else #nzcv */
    unsigned lg = a->ftype ? 3 : 2;
    ir_ref c = fpsimd_cond(s, (unsigned)a->cond);
    ir_ref x = ir_getenv(s->b, vreg_off((unsigned)a->rn, 0), lg);
    ir_ref y = ir_getenv(s->b, vreg_off((unsigned)a->rm, 0), lg);
    ir_ref r = fcmp_inline(s, lg, x, y, a->op != 0, c);
    fpsimd_wrflags(s, ir_select(s->b, c, r, ir_const(s->b, (uint64_t)a->nzcv << 28)));
    return true;
}

bool trans_FP_csel(DisasContext *s, const arg_FP_csel *a)
{
    if (!fp_ftype_ok(a->m, a->s, a->ftype))
        return false;
    unsigned lg = a->ftype ? 3 : 2;
    ir_ref c = fpsimd_cond(s, (unsigned)a->cond);
    ir_ref n = ir_getenv(s->b, vreg_off((unsigned)a->rn, 0), lg);
    ir_ref m = ir_getenv(s->b, vreg_off((unsigned)a->rm, 0), lg);
    fpsimd_set_d_zero_hi(s, (unsigned)a->rd, ir_select(s->b, c, n, m));
    return true;
}

bool trans_FP_imm(DisasContext *s, const arg_FP_imm *a)
{
    if (!fp_ftype_ok(a->m, a->s, a->ftype) || a->imm5)
        return false;
    uint64_t v = fp_expand_imm((unsigned)a->imm8, a->ftype ? 3 : 2);
    fpsimd_set_d_zero_hi(s, (unsigned)a->rd, ir_const(s->b, v));
    return true;
}

bool trans_FP_fixed(DisasContext *s, const arg_FP_fixed *a)
{
    fpsimd_helper fn = fpsimd_lookup_fp_fixed(s->insn);
    if (!fn)
        return false;
    if (a->opcode >= 2) {           /* SCVTF/UCVTF: general -> FP */
        fpsimd_call(s, fn, a64_getx(s, (unsigned)a->rn), IR_NONE);
    } else {
        ir_ref r = fpsimd_call(s, fn, IR_NONE, IR_NONE);
        a64_setx(s, (unsigned)a->rd, r);
    }
    return true;
}

/* FMOV between a general register and (part of) a V register */
static bool fmov_general(DisasContext *s, const arg_FP_int *a)
{
    unsigned rd = (unsigned)a->rd, rn = (unsigned)a->rn;
    bool to_general = a->opcode == 6;
    if (a->sf == 0 && a->ftype == 0 && a->rmode == 0) {
        if (to_general) {
            a64_setx(s, rd, ir_getenv(s->b, vreg_off(rn, 0), 2));
        } else {
            ir_ref w = ir_ext(s->b, false, IR_I64, 2, a64_getx(s, rn));
            fpsimd_set_d_zero_hi(s, rd, w);
        }
        return true;
    }
    if (a->sf == 1 && a->ftype == 1 && a->rmode == 0) {
        if (to_general)
            a64_setx(s, rd, ir_getenv(s->b, vreg_off(rn, 0), 3));
        else
            fpsimd_set_d_zero_hi(s, rd, a64_getx(s, rn));
        return true;
    }
    if (a->sf == 1 && a->ftype == 2 && a->rmode == 1) {     /* the top half: V.D[1] */
        if (to_general)
            a64_setx(s, rd, ir_getenv(s->b, vreg_off(rn, 8), 3));
        else
            ir_setenv(s->b, vreg_off(rd, 8), 3, a64_getx(s, rn));
        return true;
    }
    return false;
}

/* FJCVTZS (FEAT_JSCVT): Wd = ToInt32(Dn), NZCV = 0Z00 */
static void fjcvtzs(DisasContext *s, const arg_FP_int *a)
{
    ir_ref r = ir_call(s->b, (const void *)fpsimd_fjcvtzs, IR_CALL_READS_ENV | IR_CALL_WRITES_ENV,
                       ir_const(s->b, s->insn), IR_NONE, IR_NONE);
    a64_setx(s, (unsigned)a->rd, ir_op2(s->b, IR_and, IR_I64, r, ir_const(s->b, 0xffffffffu)));
    ir_ref z = ir_op2(s->b, IR_and, IR_I64, ir_op2(s->b, IR_shr, IR_I64, r, ir_const(s->b, 2)),
                      ir_const(s->b, 1u << 30));
    fpsimd_wrflags(s, z);
}

bool trans_FP_int(DisasContext *s, const arg_FP_int *a)
{
    if (a->s)
        return false;
    if (!a->sf && a->ftype == 1 && a->rmode == 3 && a->opcode == 6) {
        fjcvtzs(s, a);
        return true;
    }
    if (a->opcode == 6 || a->opcode == 7)
        return fmov_general(s, a);
    fpsimd_helper fn = fpsimd_lookup_fp_int(s->insn);
    if (!fn)
        return false;
    if (a->opcode == 2 || a->opcode == 3) {
        fpsimd_call(s, fn, a64_getx(s, (unsigned)a->rn), IR_NONE);
    } else {
        ir_ref r = fpsimd_call(s, fn, IR_NONE, IR_NONE);
        a64_setx(s, (unsigned)a->rd, r);
    }
    return true;
}
