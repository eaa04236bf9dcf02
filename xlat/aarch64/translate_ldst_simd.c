/*
 * A64 SIMD&FP loads and stores: LDR (literal), LDP/STP/LDNP/STNP,
 * LDR/STR/LDUR/STUR in every addressing mode, LD1-4/ST1-4 (multiple and
 * single structures) and LD1R-LD4R.  Called by the generated
 * decode_fpsimd.c.  Whole registers move with ldv/stv (memory <-> env,
 * loads zero the rest of the register); single elements with ld/st and
 * getenv/setenv.  LD2-4 regroup the loaded registers with
 * fpsimd_ld_deinterleave; ST2-4 store the interleaved image a 64-bit word
 * at a time from fpsimd_st_interleaved.
 */
#include "xlat/aarch64/fpsimd_helpers_ir.h"

/* base register plus offset (writeback handled by the caller) */
static ir_ref add_imm(DisasContext *s, ir_ref base, int64_t off)
{
    if (!off)
        return base;
    return ir_op2(s->b, IR_add, IR_I64, base, ir_const(s->b, (uint64_t)off));
}

bool trans_LDR_lit_v(DisasContext *s, const arg_LDR_lit_v *a)
{
    if (a->opc == 3)
        return false;
    uint64_t addr = s->pc + (int64_t)a->imm * 4;
    fpsimd_ldv(s, ir_const(s->b, addr), 0, 2 + (unsigned)a->opc, (unsigned)a->rt);
    return true;
}

bool trans_LDST_pair_v(DisasContext *s, const arg_LDST_pair_v *a)
{
    if (a->opc == 3)
        return false;
    unsigned sz = 2 + (unsigned)a->opc;
    int64_t off = (int64_t)a->imm * (1 << sz);
    bool post = a->mode == 1, wb = a->mode == 1 || a->mode == 3;
    ir_ref base = a64_getx_sp(s, (unsigned)a->rn);
    ir_ref addr = post ? base : add_imm(s, base, off);
    if (a->l) {
        fpsimd_ldv(s, addr, 0, sz, (unsigned)a->rt);
        fpsimd_ldv(s, addr, 1 << sz, sz, (unsigned)a->rt2);
    } else {
        fpsimd_stv(s, addr, 0, sz, (unsigned)a->rt);
        fpsimd_stv(s, addr, 1 << sz, sz, (unsigned)a->rt2);
    }
    if (wb)
        a64_setx_sp(s, (unsigned)a->rn, post ? add_imm(s, base, off) : addr);
    return true;
}

/* log2 of the access size for size:opc, or -1 if reserved */
static int ldst_size(int size, int opc)
{
    if (opc & 2)
        return size == 0 ? 4 : -1;
    return size;
}

static void ldst_one(DisasContext *s, bool load, ir_ref addr, unsigned sz, unsigned rt)
{
    if (load)
        fpsimd_ldv(s, addr, 0, sz, rt);
    else
        fpsimd_stv(s, addr, 0, sz, rt);
}

bool trans_LDST_imm9_v(DisasContext *s, const arg_LDST_imm9_v *a)
{
    int sz = ldst_size(a->size, a->opc);
    if (sz < 0 || a->idx == 2)
        return false;
    bool post = a->idx == 1, wb = a->idx != 0;
    ir_ref base = a64_getx_sp(s, (unsigned)a->rn);
    ir_ref addr = post ? base : add_imm(s, base, a->imm);
    ldst_one(s, a->opc & 1, addr, (unsigned)sz, (unsigned)a->rt);
    if (wb)
        a64_setx_sp(s, (unsigned)a->rn, post ? add_imm(s, base, a->imm) : addr);
    return true;
}

bool trans_LDST_uimm_v(DisasContext *s, const arg_LDST_uimm_v *a)
{
    int sz = ldst_size(a->size, a->opc);
    if (sz < 0)
        return false;
    ir_ref addr = add_imm(s, a64_getx_sp(s, (unsigned)a->rn), (int64_t)a->imm * (1 << sz));
    ldst_one(s, a->opc & 1, addr, (unsigned)sz, (unsigned)a->rt);
    return true;
}

bool trans_LDST_reg_v(DisasContext *s, const arg_LDST_reg_v *a)
{
    int sz = ldst_size(a->size, a->opc);
    if (sz < 0 || !(a->opt & 2))
        return false;
    ir_ref off = a64_getx(s, (unsigned)a->rm);
    if (a->opt == 2)
        off = ir_ext(s->b, false, IR_I64, 2, off);
    else if (a->opt == 6)
        off = ir_ext(s->b, true, IR_I64, 2, off);
    if (a->s && sz)
        off = ir_op2(s->b, IR_shl, IR_I64, off, ir_const(s->b, (uint64_t)sz));
    ir_ref addr = ir_op2(s->b, IR_add, IR_I64, a64_getx_sp(s, (unsigned)a->rn), off);
    ldst_one(s, a->opc & 1, addr, (unsigned)sz, (unsigned)a->rt);
    return true;
}

/* post-index writeback: by the transfer size (Rm = 31) or by Xm */
static void post_writeback(DisasContext *s, unsigned rn, unsigned rm, ir_ref base, unsigned bytes)
{
    ir_ref inc = rm == 31 ? ir_const(s->b, bytes) : a64_getx(s, rm);
    a64_setx_sp(s, rn, ir_op2(s->b, IR_add, IR_I64, base, inc));
}

static bool ldst_multiple(DisasContext *s, int q, int l, int opcode, int size, unsigned rn,
                          unsigned rt, bool post, unsigned rm)
{
    unsigned nregs, selem;
    switch (opcode) {
    case 0: nregs = 4; selem = 4; break;
    case 2: nregs = 4; selem = 1; break;
    case 4: nregs = 3; selem = 3; break;
    case 6: nregs = 3; selem = 1; break;
    case 7: nregs = 1; selem = 1; break;
    case 8: nregs = 2; selem = 2; break;
    case 10: nregs = 2; selem = 1; break;
    default: return false;
    }
    if (selem > 1 && size == 3 && !q)
        return false;
    unsigned rbytes = q ? 16 : 8, lg = q ? 4 : 3;
    ir_ref base = a64_getx_sp(s, rn);
    uint64_t desc = rt | nregs << 5 | (unsigned)size << 8 | (unsigned)q << 10;
    if (l) {
        for (unsigned r = 0; r < nregs; r++)
            fpsimd_ldv(s, base, r * rbytes, lg, (rt + r) & 31);
        if (selem > 1)
            ir_call(s->b, (const void *)fpsimd_ld_deinterleave,
                    IR_CALL_READS_ENV | IR_CALL_WRITES_ENV, ir_const(s->b, desc), IR_NONE, IR_NONE);
    } else if (selem == 1) {
        for (unsigned r = 0; r < nregs; r++)
            fpsimd_stv(s, base, r * rbytes, lg, (rt + r) & 31);
    } else {
        for (unsigned w = 0; w < nregs * rbytes / 8; w++) {
            ir_ref v = ir_call(s->b, (const void *)fpsimd_st_interleaved, IR_CALL_READS_ENV,
                               ir_const(s->b, desc), ir_const(s->b, w), IR_NONE);
            ir_st(s->b, base, 8 * w, 3, v);
        }
    }
    if (post)
        post_writeback(s, rn, rm, base, nregs * rbytes);
    return true;
}

bool trans_LDST_mult(DisasContext *s, const arg_LDST_mult *a)
{
    return ldst_multiple(s, a->q, a->l, a->opcode, a->size, (unsigned)a->rn, (unsigned)a->rt,
                         false, 0);
}

bool trans_LDST_mult_post(DisasContext *s, const arg_LDST_mult_post *a)
{
    return ldst_multiple(s, a->q, a->l, a->opcode, a->size, (unsigned)a->rn, (unsigned)a->rt,
                         true, (unsigned)a->rm);
}

static bool ldst_single(DisasContext *s, int q, int l, int r, int opcode, int sbit, int size,
                        unsigned rn, unsigned rt, bool post, unsigned rm)
{
    unsigned scale = (unsigned)opcode >> 1, selem = (((unsigned)opcode & 1) << 1 | (unsigned)r) + 1;
    unsigned index = 0;
    bool replicate = false;
    switch (scale) {
    case 0:
        index = (unsigned)(q << 3 | sbit << 2 | size);
        break;
    case 1:
        if (size & 1)
            return false;
        index = (unsigned)(q << 2 | sbit << 1 | size >> 1);
        break;
    case 2:
        if (size & 2)
            return false;
        if (!(size & 1)) {
            index = (unsigned)(q << 1 | sbit);
        } else {
            if (sbit)
                return false;
            index = (unsigned)q;
            scale = 3;
        }
        break;
    case 3:
        if (!l || sbit)
            return false;
        scale = (unsigned)size;
        replicate = true;
        break;
    }
    unsigned ebytes = 1u << scale;
    ir_ref base = a64_getx_sp(s, rn);
    for (unsigned k = 0; k < selem; k++) {
        unsigned reg = (rt + k) & 31;
        int64_t off = (int64_t)(k * ebytes);
        if (replicate) {
            ir_ref v = ir_ld(s->b, IR_I64, base, off, scale);
            ir_ref rep = fpsimd_replicate(s, v, scale);
            ir_setenv(s->b, vreg_off(reg, 0), 3, rep);
            ir_setenv(s->b, vreg_off(reg, 8), 3, q ? rep : ir_const(s->b, 0));
        } else if (l) {
            ir_ref v = ir_ld(s->b, IR_I64, base, off, scale);
            ir_setenv(s->b, vreg_off(reg, index * ebytes), scale, v);
        } else {
            ir_ref v = ir_getenv(s->b, vreg_off(reg, index * ebytes), scale);
            ir_st(s->b, base, off, scale, v);
        }
    }
    if (post)
        post_writeback(s, rn, rm, base, selem * ebytes);
    return true;
}

bool trans_LDST_single(DisasContext *s, const arg_LDST_single *a)
{
    return ldst_single(s, a->q, a->l, a->r, a->opcode, a->s, a->size, (unsigned)a->rn,
                       (unsigned)a->rt, false, 0);
}

bool trans_LDST_single_post(DisasContext *s, const arg_LDST_single_post *a)
{
    return ldst_single(s, a->q, a->l, a->r, a->opcode, a->s, a->size, (unsigned)a->rn,
                       (unsigned)a->rt, true, (unsigned)a->rm);
}
