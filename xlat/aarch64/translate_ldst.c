/*
 * A64 loads and stores of general registers: LDR/STR and their B/H/SB/SH/
 * SW forms with unsigned scaled offset, unscaled offset (LDUR...),
 * pre- and post-index, register offset (LSL/UXTW/SXTW/SXTX), the
 * unprivileged forms (LDTR..., plain accesses at EL0), LDR/LDRSW literal,
 * PRFM/PRFUM (no-ops), and LDP/STP/LDPSW/LDNP/STNP.  Called by the
 * generated decoder (decode_ldst_br.c); everything is inline IR.
 *
 * CONSTRAINED UNPREDICTABLE choices, the same as QEMU's and as the order
 * of the Arm ARM pseudocode with write-back kept:
 *  - load with write-back and Rn == Rt (Rn != SP): the loaded value is
 *    written first, then the write-back, so Rn ends up as the address;
 *  - store with write-back and Rn == Rt: the value stored is Rt before
 *    the write-back;
 *  - LDP with Rt == Rt2: Rt gets the first element (written last).
 */
#include "xlat/aarch64/decode_ldst_br.h"
#include "xlat/aarch64/translate.h"

enum ld_ext { LD_ZEXT, LD_SEXT64, LD_SEXT32 };

static void load_to(DisasContext *s, unsigned rt, ir_ref addr, int64_t off,
                    unsigned size, enum ld_ext ext)
{
    uint32_t memop = size | (ext != LD_ZEXT ? IR_MO_SIGN : 0);
    /* an I32 sign-extending load zero-extends its 32-bit result to 64 */
    enum ir_type t = ext == LD_SEXT32 ? IR_I32 : IR_I64;
    a64_setx(s, rt, ir_ld(s->b, t, addr, off, memop));
}

static void store_from(DisasContext *s, unsigned rt, ir_ref addr, int64_t off, unsigned size)
{
    ir_st(s->b, addr, off, size, a64_getx(s, rt));
}

enum ls_kind { LS_STORE, LS_LOAD, LS_PREFETCH };

/* size/opc of the single-register forms: what the access is, or false if
 * unallocated (opc=3 with size>=2; opc=2 size=3 is PRFM where allowed). */
static bool ls_kind(int size, int opc, bool prfm_ok, enum ls_kind *kind, enum ld_ext *ext)
{
    *ext = LD_ZEXT;
    switch (opc) {
    case 0: *kind = LS_STORE; return true;
    case 1: *kind = LS_LOAD; return true;
    case 2:
        if (size == 3) {
            *kind = LS_PREFETCH;
            return prfm_ok;
        }
        *kind = LS_LOAD;
        *ext = LD_SEXT64;
        return true;
    default:
        if (size >= 2)
            return false;
        *kind = LS_LOAD;
        *ext = LD_SEXT32;
        return true;
    }
}

/* One access at addr+off; wb_rn (if not -1) receives wb_val afterwards. */
static void ls_access(DisasContext *s, enum ls_kind kind, enum ld_ext ext, unsigned size,
                      unsigned rt, ir_ref addr, int64_t off, int wb_rn, ir_ref wb_val)
{
    if (kind == LS_LOAD)
        load_to(s, rt, addr, off, size, ext);
    else if (kind == LS_STORE)
        store_from(s, rt, addr, off, size);
    if (wb_rn >= 0)
        a64_setx_sp(s, (unsigned)wb_rn, wb_val);
}

bool trans_LDST_uimm_gpr(DisasContext *s, const arg_LDST_uimm_gpr *a)
{
    enum ls_kind kind;
    enum ld_ext ext;
    if (!ls_kind(a->size, a->opc, true, &kind, &ext))
        return false;
    if (kind == LS_PREFETCH)
        return true;
    ls_access(s, kind, ext, a->size, a->rt, a64_getx_sp(s, a->rn),
              (int64_t)a->imm << a->size, -1, IR_NONE);
    return true;
}

/* type: 0 unscaled (LDUR), 1 post-index, 2 unprivileged (LDTR), 3 pre-index */
bool trans_LDST_imm9_gpr(DisasContext *s, const arg_LDST_imm9_gpr *a)
{
    enum ls_kind kind;
    enum ld_ext ext;
    if (!ls_kind(a->size, a->opc, a->type == 0, &kind, &ext))
        return false;
    if (kind == LS_PREFETCH)
        return true;
    ir_ref base = a64_getx_sp(s, a->rn);
    switch (a->type) {
    case 1: /* post-index: access at base, then base += imm */
        ls_access(s, kind, ext, a->size, a->rt, base, 0, a->rn,
                  ir_op2(s->b, IR_add, IR_I64, base, ir_const(s->b, (int64_t)a->imm)));
        break;
    case 3: { /* pre-index: base += imm, access there */
        ir_ref addr = ir_op2(s->b, IR_add, IR_I64, base, ir_const(s->b, (int64_t)a->imm));
        ls_access(s, kind, ext, a->size, a->rt, addr, 0, a->rn, addr);
        break;
    }
    default:
        ls_access(s, kind, ext, a->size, a->rt, base, a->imm, -1, IR_NONE);
        break;
    }
    return true;
}

/* opt: 010 UXTW, 011 LSL (UXTX), 110 SXTW, 111 SXTX; S scales by the size */
bool trans_LDST_reg_gpr(DisasContext *s, const arg_LDST_reg_gpr *a)
{
    enum ls_kind kind;
    enum ld_ext ext;
    if (!(a->opt & 2) || !ls_kind(a->size, a->opc, true, &kind, &ext))
        return false;
    if (kind == LS_PREFETCH)
        return true;
    ir_ref idx = a64_getx(s, a->rm);
    if ((a->opt & 3) == 2)  /* 32-bit index: UXTW or SXTW */
        idx = ir_ext(s->b, a->opt & 4, IR_I64, 2, idx);
    if (a->s && a->size)
        idx = ir_op2(s->b, IR_shl, IR_I64, idx, ir_const(s->b, a->size));
    ir_ref addr = ir_op2(s->b, IR_add, IR_I64, a64_getx_sp(s, a->rn), idx);
    ls_access(s, kind, ext, a->size, a->rt, addr, 0, -1, IR_NONE);
    return true;
}

/* opc: 00 LDR Wt, 01 LDR Xt, 10 LDRSW, 11 PRFM (literal) */
bool trans_LDR_lit_gpr(DisasContext *s, const arg_LDR_lit_gpr *a)
{
    if (a->opc == 3)
        return true;
    ir_ref addr = ir_const(s->b, s->pc + (int64_t)a->imm * 4);
    load_to(s, a->rt, addr, 0, a->opc == 1 ? 3 : 2, a->opc == 2 ? LD_SEXT64 : LD_ZEXT);
    return true;
}

/* opc: 00 W, 01 LDPSW (loads only; STGP is MTE), 10 X.
 * idx: 00 non-temporal (LDNP/STNP, no LDPSW form), 01 post, 10 offset, 11 pre */
bool trans_LDSTP_gpr(DisasContext *s, const arg_LDSTP_gpr *a)
{
    if (a->opc == 3 || (a->opc == 1 && (!a->l || a->idx == 0)))
        return false;
    unsigned size = a->opc == 2 ? 3 : 2;
    enum ld_ext ext = a->opc == 1 ? LD_SEXT64 : LD_ZEXT;
    int64_t imm = (int64_t)((uint64_t)(int64_t)a->imm << size);   /* no signed-shift UB */
    ir_ref base = a64_getx_sp(s, a->rn);
    ir_ref addr = base, wb = IR_NONE;
    if (a->idx == 3)
        addr = wb = ir_op2(s->b, IR_add, IR_I64, base, ir_const(s->b, imm));
    else if (a->idx == 1)
        wb = ir_op2(s->b, IR_add, IR_I64, base, ir_const(s->b, imm));
    int64_t off = a->idx == 0 || a->idx == 2 ? imm : 0;

    if (a->l) {
        /* both loads before either register is written (Rt may be Rn);
         * Rt is written last, so with Rt == Rt2 the first element wins */
        uint32_t memop = size | (ext != LD_ZEXT ? IR_MO_SIGN : 0);
        ir_ref v1 = ir_ld(s->b, IR_I64, addr, off, memop);
        ir_ref v2 = ir_ld(s->b, IR_I64, addr, off + (1 << size), memop);
        a64_setx(s, a->rt2, v2);
        a64_setx(s, a->rt, v1);
    } else {
        /* read both before any write-back (STP with Rn == Rt: the old value) */
        ir_ref v1 = a64_getx(s, a->rt), v2 = a64_getx(s, a->rt2);
        ir_st(s->b, addr, off, size, v1);
        ir_st(s->b, addr, off + (1 << size), size, v2);
    }
    if (wb != IR_NONE)
        a64_setx_sp(s, a->rn, wb);
    return true;
}
