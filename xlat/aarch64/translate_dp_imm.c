/*
 * A64 data processing with immediate operands -> IR: PC-relative
 * addresses (ADR/ADRP), add/sub immediate, logical immediate (with
 * DecodeBitMasks), move wide, bitfield moves (SBFM/BFM/UBFM and all
 * their aliases) and EXTR.  Called by the generated decoder decode_dp.c
 * (spec: a64_dp.decode).  Everything is inline IR; the bitfield forms
 * are specialised to shift/mask sequences since the immediates are known
 * at translation time.  W results go through a64_set_sf, which
 * zero-extends whatever is not already an I32 op's result.
 */
#include "xlat/aarch64/decode_dp.h"
#include "xlat/aarch64/translate.h"

static uint64_t ones(unsigned n)
{
    return n >= 64 ? ~0ull : (1ull << n) - 1;
}

static uint64_t ror_width(uint64_t v, unsigned r, unsigned width)
{
    v &= ones(width);
    r %= width;
    return r ? ((v >> r) | (v << (width - r))) & ones(width) : v;
}

/* Arm ARM DecodeBitMasks(immediate = TRUE): the mask a logical
 * immediate encodes, or false for a reserved encoding.  (The bitfield
 * moves use the same decoding with immediate = FALSE; trans_BITFIELD
 * specialises them into shifts and masks instead.) */
static bool decode_logic_imm(unsigned n, unsigned imms, unsigned immr, unsigned datasize,
                             uint64_t *wmask)
{
    unsigned combined = (n << 6) | (~imms & 0x3f);
    if (combined == 0)
        return false;
    int len = 31 - __builtin_clz(combined);
    if (len < 1)
        return false;
    unsigned esize = 1u << len;
    if (esize > datasize)
        return false;
    unsigned levels = (unsigned)ones((unsigned)len);
    if ((imms & levels) == levels)
        return false;
    unsigned S = imms & levels, R = immr & levels;
    uint64_t w = ror_width(ones(S + 1), R, esize);
    for (unsigned sz = esize; sz < datasize; sz *= 2)
        w |= w << sz;
    *wmask = w & ones(datasize);
    return true;
}

static ir_ref konst(DisasContext *s, uint64_t v)
{
    return ir_const(s->b, v);
}

bool trans_ADR(DisasContext *s, const arg_ADR *a)
{
    int64_t imm = (int64_t)a->immhi * 4 + a->immlo;
    a64_setx(s, (unsigned)a->rd, konst(s, s->pc + (uint64_t)imm));
    return true;
}

bool trans_ADRP(DisasContext *s, const arg_ADRP *a)
{
    int64_t imm = ((int64_t)a->immhi * 4 + a->immlo) * 4096;
    a64_setx(s, (unsigned)a->rd, konst(s, (s->pc & ~0xfffull) + (uint64_t)imm));
    return true;
}

/* ADD/ADDS/SUB/SUBS (immediate): Rn and a non-S Rd are SP when 31. */
bool trans_ADDSUB_I(DisasContext *s, const arg_ADDSUB_I *a)
{
    enum ir_type t = a64_type(a->sf);
    uint64_t imm = (uint64_t)a->imm << (a->sh ? 12 : 0);
    ir_ref n = a64_getx_sp(s, (unsigned)a->rn);
    enum ir_op op = a->op ? IR_sub : IR_add;
    if (a->s) {
        a64_set_sf(s, a->sf, (unsigned)a->rd, ir_op2f(s->b, op, t, n, konst(s, imm)));
    } else {
        ir_ref r = imm ? ir_op2(s->b, op, t, n, konst(s, imm)) : n;
        a64_set_sf_sp(s, a->sf, (unsigned)a->rd, r);
    }
    return true;
}

/* AND/ORR/EOR/ANDS (immediate): the non-S forms write SP for Rd = 31. */
bool trans_LOGIC_I(DisasContext *s, const arg_LOGIC_I *a)
{
    unsigned datasize = a->sf ? 64 : 32;
    uint64_t imm;
    if (!a->sf && a->n)
        return false;
    if (!decode_logic_imm((unsigned)a->n, (unsigned)a->imms, (unsigned)a->immr, datasize, &imm))
        return false;
    enum ir_type t = a64_type(a->sf);
    ir_ref n = a64_getx(s, (unsigned)a->rn), k = konst(s, imm), r;
    switch (a->opc) {
    case 0: r = ir_op2(s->b, IR_and, t, n, k); break;
    case 1: r = ir_op2(s->b, IR_or, t, n, k); break;
    case 2: r = ir_op2(s->b, IR_xor, t, n, k); break;
    default:
        a64_set_sf(s, a->sf, (unsigned)a->rd, ir_op2f(s->b, IR_and, t, n, k));
        return true;
    }
    a64_set_sf_sp(s, a->sf, (unsigned)a->rd, r);
    return true;
}

/* MOVN/MOVZ/MOVK */
bool trans_MOVW(DisasContext *s, const arg_MOVW *a)
{
    unsigned pos = 16u * (unsigned)a->hw;
    unsigned datasize = a->sf ? 64 : 32;
    if (a->opc == 1 || pos >= datasize)
        return false;
    uint64_t imm = (uint64_t)a->imm << pos;
    switch (a->opc) {
    case 0: /* MOVN */
        a64_setx(s, (unsigned)a->rd, konst(s, ~imm & ones(datasize)));
        break;
    case 2: /* MOVZ */
        a64_setx(s, (unsigned)a->rd, konst(s, imm));
        break;
    default: { /* MOVK */
        enum ir_type t = a64_type(a->sf);
        ir_ref old = a64_getx(s, (unsigned)a->rd);
        ir_ref kept = ir_op2(s->b, IR_and, t, old, konst(s, ~(0xffffull << pos)));
        a64_set_sf(s, a->sf, (unsigned)a->rd,
                   imm ? ir_op2(s->b, IR_or, t, kept, konst(s, imm)) : kept);
        break;
    }
    }
    return true;
}

/* SBFM/BFM/UBFM.  With d the data size, imms >= immr extracts the field
 * [imms:immr] to bit 0 (SBFX/UBFX/BFXIL, ASR/LSR, SXT*, UXT*); imms < immr
 * inserts the low imms+1 bits at bit d-immr (SBFIZ/UBFIZ/BFI, LSL). */
bool trans_BITFIELD(DisasContext *s, const arg_BITFIELD *a)
{
    unsigned d = a->sf ? 64 : 32;
    unsigned immr = (unsigned)a->immr, imms = (unsigned)a->imms;
    if (a->opc == 3 || a->n != a->sf || immr >= d || imms >= d)
        return false;
    enum ir_type t = a64_type(a->sf);
    struct ir_block *b = s->b;
    unsigned rd = (unsigned)a->rd;
    ir_ref src = a64_getx(s, (unsigned)a->rn), r;

    if (a->opc == 0) {                          /* SBFM */
        if (immr == 0 && (imms == 7 || imms == 15 || imms == 31))
            r = ir_ext(b, true, t, imms == 7 ? 0 : imms == 15 ? 1 : 2, src);
        else if (imms == d - 1)
            r = ir_op2(b, IR_sar, t, src, konst(s, immr));
        else {
            /* move the field's top bit to bit d-1, then shift right
             * arithmetically to its final place */
            unsigned up = d - 1 - imms;
            unsigned down = imms >= immr ? up + immr : immr - imms - 1;
            r = ir_op2(b, IR_sar, t, ir_op2(b, IR_shl, t, src, konst(s, up)), konst(s, down));
        }
    } else if (a->opc == 2) {                   /* UBFM */
        if (imms >= immr) {
            if (immr == 0 && (imms == 7 || imms == 15))
                r = ir_ext(b, false, t, imms == 7 ? 0 : 1, src);
            else if (imms == d - 1)
                r = immr ? ir_op2(b, IR_shr, t, src, konst(s, immr)) : src;
            else {
                ir_ref f = immr ? ir_op2(b, IR_shr, t, src, konst(s, immr)) : src;
                r = ir_op2(b, IR_and, t, f, konst(s, ones(imms - immr + 1)));
            }
        } else {
            unsigned pos = d - immr;
            ir_ref f = imms + 1 + pos == d ? src
                     : ir_op2(b, IR_and, t, src, konst(s, ones(imms + 1)));
            r = ir_op2(b, IR_shl, t, f, konst(s, pos));
        }
    } else {                                    /* BFM */
        ir_ref dst = a64_getx(s, rd), field;
        uint64_t mask;
        if (imms >= immr) {                     /* BFXIL */
            unsigned w = imms - immr + 1;
            mask = ones(w);
            field = immr ? ir_op2(b, IR_shr, t, src, konst(s, immr)) : src;
            if (w < d)
                field = ir_op2(b, IR_and, t, field, konst(s, mask));
        } else {                                /* BFI */
            unsigned w = imms + 1, pos = d - immr;
            mask = ones(w) << pos;
            field = ir_op2(b, IR_shl, t, src, konst(s, pos));
            if (w + pos < d)
                field = ir_op2(b, IR_and, t, field, konst(s, mask));
        }
        if ((mask & ones(d)) == ones(d))
            r = field;
        else
            r = ir_op2(b, IR_or, t, ir_op2(b, IR_and, t, dst, konst(s, ~mask & ones(d))), field);
    }
    a64_set_sf(s, a->sf, rd, r);
    return true;
}

/* EXTR (ROR immediate when Rn == Rm) */
bool trans_EXTR(DisasContext *s, const arg_EXTR *a)
{
    unsigned d = a->sf ? 64 : 32, lsb = (unsigned)a->imms;
    if (a->n != a->sf || lsb >= d)
        return false;
    enum ir_type t = a64_type(a->sf);
    struct ir_block *b = s->b;
    ir_ref m = a64_getx(s, (unsigned)a->rm), r;
    if (lsb == 0)
        r = m;
    else if (a->rn == a->rm)
        r = ir_op2(b, IR_ror, t, m, konst(s, lsb));
    else {
        ir_ref n = a64_getx(s, (unsigned)a->rn);
        r = ir_op2(b, IR_or, t, ir_op2(b, IR_shr, t, m, konst(s, lsb)),
                   ir_op2(b, IR_shl, t, n, konst(s, d - lsb)));
    }
    a64_set_sf(s, a->sf, (unsigned)a->rd, r);
    return true;
}
