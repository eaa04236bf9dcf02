/*
 * A64 data processing with register operands -> IR, part 1: logical and
 * add/sub with shifted or extended register, add/sub with carry,
 * conditional compare and select, and the FEAT_FlagM flag moves
 * RMIF/SETF8/SETF16.  Called by the generated decoder decode_dp.c (spec:
 * a64_dp.decode).  Register 31 is XZR here except for the extended-
 * register add/sub, where Rn and a non-S Rd are SP.
 */
#include "xlat/aarch64/decode_dp.h"
#include "xlat/aarch64/translate.h"

enum { SHIFT_LSL, SHIFT_LSR, SHIFT_ASR, SHIFT_ROR };

static ir_ref konst(DisasContext *s, uint64_t v)
{
    return ir_const(s->b, v);
}

/* Does v already hold a zero-extended 32-bit value?  (An I32 op's result
 * or a small constant; mov and select pass 64 bits through.) */
static bool is_zext32(DisasContext *s, ir_ref v)
{
    const struct ir_insn *i = &s->b->insn[v];
    uint64_t c;
    if (ir_is_const(s->b, v, &c))
        return c <= 0xffffffffu;
    return i->type == IR_I32 && i->op != IR_mov && i->op != IR_select &&
           ir_op_info[i->op].result;
}

/* Rm shifted by a constant amount, at width t. */
static ir_ref shifted_reg(DisasContext *s, enum ir_type t, unsigned rm, int type, unsigned amount)
{
    static const enum ir_op ops[] = { IR_shl, IR_shr, IR_sar, IR_ror };
    ir_ref m = a64_getx(s, rm);
    if (amount == 0)
        return m;
    return ir_op2(s->b, ops[type], t, m, konst(s, amount));
}

/* AND/BIC/ORR/ORN/EOR/EON/ANDS/BICS (shifted register) */
bool trans_LOGIC_R(DisasContext *s, const arg_LOGIC_R *a)
{
    if (!a->sf && a->imm6 >= 32)
        return false;
    enum ir_type t = a64_type(a->sf);
    struct ir_block *b = s->b;
    ir_ref m = shifted_reg(s, t, (unsigned)a->rm, a->shift, (unsigned)a->imm6), r;
    if (a->opc == 1 && !a->n && a->rn == 31) {
        /* MOV (register), the most common instruction: no ORR with 0 */
        a64_set_sf(s, a->sf, (unsigned)a->rd, m);
        return true;
    }
    ir_ref n = a64_getx(s, (unsigned)a->rn);
    switch (a->opc << 1 | a->n) {
    case 0: r = ir_op2(b, IR_and, t, n, m); break;
    case 1: r = ir_op2(b, IR_andn, t, n, m); break;
    case 2: r = ir_op2(b, IR_or, t, n, m); break;
    case 3: r = ir_op2(b, IR_or, t, n, ir_op1(b, IR_not, t, m)); break;
    case 4: r = ir_op2(b, IR_xor, t, n, m); break;
    case 5: r = ir_op2(b, IR_xor, t, n, ir_op1(b, IR_not, t, m)); break;
    case 6: r = ir_op2f(b, IR_and, t, n, m); break;
    default: r = ir_op2f(b, IR_andn, t, n, m); break;
    }
    a64_set_sf(s, a->sf, (unsigned)a->rd, r);
    return true;
}

/* ADD/ADDS/SUB/SUBS (shifted register); ROR is unallocated here. */
bool trans_ADDSUB_R(DisasContext *s, const arg_ADDSUB_R *a)
{
    if (a->shift == SHIFT_ROR || (!a->sf && a->imm6 >= 32))
        return false;
    enum ir_type t = a64_type(a->sf);
    ir_ref n = a64_getx(s, (unsigned)a->rn);
    ir_ref m = shifted_reg(s, t, (unsigned)a->rm, a->shift, (unsigned)a->imm6);
    enum ir_op op = a->op ? IR_sub : IR_add;
    ir_ref r = a->s ? ir_op2f(s->b, op, t, n, m) : ir_op2(s->b, op, t, n, m);
    a64_set_sf(s, a->sf, (unsigned)a->rd, r);
    return true;
}

/* ADD/ADDS/SUB/SUBS (extended register): Rm extended by option
 * (UXTB..SXTX) and shifted left by 0-4. */
bool trans_ADDSUB_X(DisasContext *s, const arg_ADDSUB_X *a)
{
    if (a->imm3 > 4)
        return false;
    enum ir_type t = a64_type(a->sf);
    struct ir_block *b = s->b;
    ir_ref n = a64_getx_sp(s, (unsigned)a->rn);
    ir_ref m = a64_getx(s, (unsigned)a->rm);
    unsigned size = (unsigned)a->option & 3;
    if (size < 3)
        m = ir_ext(b, (a->option & 4) != 0, IR_I64, size, m);
    if (a->imm3)
        m = ir_op2(b, IR_shl, IR_I64, m, konst(s, (unsigned)a->imm3));
    enum ir_op op = a->op ? IR_sub : IR_add;
    if (a->s)
        a64_set_sf(s, a->sf, (unsigned)a->rd, ir_op2f(b, op, t, n, m));
    else
        a64_set_sf_sp(s, a->sf, (unsigned)a->rd, ir_op2(b, op, t, n, m));
    return true;
}

/* ADC/ADCS/SBC/SBCS */
bool trans_ADC(DisasContext *s, const arg_ADC *a)
{
    enum ir_type t = a64_type(a->sf);
    ir_ref n = a64_getx(s, (unsigned)a->rn), m = a64_getx(s, (unsigned)a->rm);
    enum ir_op op = a->op ? IR_sbc : IR_adc;
    ir_ref r = a->s ? ir_op2f(s->b, op, t, n, m) : ir_op2(s->b, op, t, n, m);
    a64_set_sf(s, a->sf, (unsigned)a->rd, r);
    return true;
}

/* RMIF: rotate Xn right by imm6 and move its low 4 bits into the flags
 * that mask selects (bit 3 = N ... bit 0 = V). */
bool trans_RMIF(DisasContext *s, const arg_RMIF *a)
{
    struct ir_block *b = s->b;
    if (a->mask == 0)
        return true;
    ir_ref v = a64_getx(s, (unsigned)a->rn);
    if (a->imm6)
        v = ir_op2(b, IR_ror, IR_I64, v, konst(s, (unsigned)a->imm6));
    ir_ref bits = ir_op2(b, IR_shl, IR_I64, ir_op2(b, IR_and, IR_I64, v, konst(s, (unsigned)a->mask)),
                         konst(s, 28));
    ir_ref kept = ir_op2(b, IR_and, IR_I64, ir_emit(b, IR_rdflags, IR_I64, IR_NONE, IR_NONE, IR_NONE, 0, 0),
                         konst(s, ~((uint64_t)a->mask << 28) & 0xf0000000u));
    ir_emit(b, IR_wrflags, IR_I64, ir_op2(b, IR_or, IR_I64, kept, bits), IR_NONE, IR_NONE, 0, 0);
    return true;
}

/* SETF8/SETF16: N = bit 7/15, Z = low 8/16 bits all zero,
 * V = bit 8/16 XOR bit 7/15 of Wn; C unchanged. */
bool trans_SETF(DisasContext *s, const arg_SETF *a)
{
    struct ir_block *b = s->b;
    unsigned msb = a->sz ? 15 : 7;
    ir_ref v = a64_getx(s, (unsigned)a->rn);
    ir_ref nf = ir_op2(b, IR_and, IR_I64, ir_op2(b, IR_shr, IR_I64, v, konst(s, msb)), konst(s, 1));
    ir_ref zf = ir_setcond(b, IR_TSTEQ, IR_I64, v, konst(s, (2ull << msb) - 1));
    ir_ref x = ir_op2(b, IR_xor, IR_I64, v, ir_op2(b, IR_shr, IR_I64, v, konst(s, 1)));
    ir_ref vf = ir_op2(b, IR_and, IR_I64, ir_op2(b, IR_shr, IR_I64, x, konst(s, msb)), konst(s, 1));
    ir_ref c = ir_op2(b, IR_and, IR_I64, ir_emit(b, IR_rdflags, IR_I64, IR_NONE, IR_NONE, IR_NONE, 0, 0),
                      konst(s, 1u << 29));
    ir_ref f = ir_op2(b, IR_or, IR_I64, ir_op2(b, IR_shl, IR_I64, nf, konst(s, 31)),
                      ir_op2(b, IR_shl, IR_I64, zf, konst(s, 30)));
    f = ir_op2(b, IR_or, IR_I64, f, ir_op2(b, IR_shl, IR_I64, vf, konst(s, 28)));
    ir_emit(b, IR_wrflags, IR_I64, ir_op2(b, IR_or, IR_I64, f, c), IR_NONE, IR_NONE, 0, 0);
    return true;
}

/* CCMN/CCMP: if cond holds, NZCV = flags of Rn +/- y, else NZCV = #nzcv.
 * The condition is read before the compare overwrites the flags. */
static void ccmp(DisasContext *s, int sf, int op, unsigned cond, unsigned rn, ir_ref y,
                 unsigned nzcv)
{
    struct ir_block *b = s->b;
    enum ir_type t = a64_type(sf);
    ir_ref c = cond < IR_CC_AL ? ir_testflags(b, (enum ir_cc)cond) : IR_NONE;
    ir_op2f(b, op ? IR_sub : IR_add, t, a64_getx(s, rn), y);
    if (c == IR_NONE)
        return;
    ir_ref f = ir_select(b, c, ir_emit(b, IR_rdflags, IR_I64, IR_NONE, IR_NONE, IR_NONE, 0, 0),
                         konst(s, (uint64_t)nzcv << 28));
    ir_emit(b, IR_wrflags, IR_I64, f, IR_NONE, IR_NONE, 0, 0);
}

bool trans_CCMP_R(DisasContext *s, const arg_CCMP_R *a)
{
    ccmp(s, a->sf, a->op, (unsigned)a->cond, (unsigned)a->rn, a64_getx(s, (unsigned)a->rm),
         (unsigned)a->nzcv);
    return true;
}

bool trans_CCMP_I(DisasContext *s, const arg_CCMP_I *a)
{
    ccmp(s, a->sf, a->op, (unsigned)a->cond, (unsigned)a->rn, konst(s, (unsigned)a->imm5),
         (unsigned)a->nzcv);
    return true;
}

/* CSEL/CSINC/CSINV/CSNEG (and CSET/CSETM/CINC/CINV/CNEG) */
bool trans_CSEL(DisasContext *s, const arg_CSEL *a)
{
    struct ir_block *b = s->b;
    enum ir_type t = a64_type(a->sf);
    ir_ref n = a64_getx(s, (unsigned)a->rn);
    if (a->cond >= IR_CC_AL) {
        a64_set_sf(s, a->sf, (unsigned)a->rd, n);
        return true;
    }
    ir_ref c = ir_testflags(b, (enum ir_cc)a->cond);
    ir_ref m;
    if (a->rm == 31) {
        /* CSET/CSETM and friends: the second value is a constant */
        static const uint64_t from_zr[] = { 0, 1, ~0ull, 0 };
        uint64_t v = from_zr[a->op << 1 | a->o2];
        m = konst(s, a->sf ? v : (uint32_t)v);
    } else {
        m = a64_getx(s, (unsigned)a->rm);
        switch (a->op << 1 | a->o2) {
        case 1: m = ir_op2(b, IR_add, t, m, konst(s, 1)); break;
        case 2: m = ir_op1(b, IR_not, t, m); break;
        case 3: m = ir_op1(b, IR_neg, t, m); break;
        default: break;
        }
    }
    ir_ref r = ir_select(b, c, n, m);
    if (!a->sf && is_zext32(s, n) && is_zext32(s, m))
        a64_setx(s, (unsigned)a->rd, r);     /* CSET/CINC Wd...: no zext needed */
    else
        a64_set_sf(s, a->sf, (unsigned)a->rd, r);
    return true;
}
