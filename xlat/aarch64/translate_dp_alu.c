/*
 * A64 data processing with register operands -> IR, part 2: the 1-, 2-
 * and 3-source classes (RBIT, REV16/REV32/REV, CLZ/CLS, UDIV/SDIV, variable shifts,
 * CRC32/CRC32C, multiply-add and the high multiplies).  Called by the
 * generated decoder decode_dp.c (spec: a64_dp.decode).  Register 31 is
 * XZR throughout.  Only CRC32 calls a helper (a64_helper_crc32, below);
 * the rest is inline IR.
 */
#include "xlat/aarch64/decode_dp.h"
#include "xlat/aarch64/translate.h"

static ir_ref konst(DisasContext *s, uint64_t v)
{
    return ir_const(s->b, v);
}

bool trans_RBIT(DisasContext *s, const arg_RBIT *a)
{
    ir_ref n = a64_getx(s, (unsigned)a->rn);
    a64_set_sf(s, a->sf, (unsigned)a->rd, ir_op1(s->b, IR_rbit, a64_type(a->sf), n));
    return true;
}

/* REV16 (opc 1), REV32 / 32-bit REV (opc 2), 64-bit REV (opc 3) */
bool trans_REV(DisasContext *s, const arg_REV *a)
{
    struct ir_block *b = s->b;
    enum ir_type t = a64_type(a->sf);
    if (a->opc == 0 || (a->opc == 3 && !a->sf))
        return false;
    ir_ref n = a64_getx(s, (unsigned)a->rn), r;
    if (a->opc == 1) {
        /* swap the bytes of every halfword */
        uint64_t lo = a->sf ? 0x00ff00ff00ff00ffull : 0x00ff00ffull;
        ir_ref hi_to_lo = ir_op2(b, IR_and, t, ir_op2(b, IR_shr, t, n, konst(s, 8)), konst(s, lo));
        ir_ref lo_to_hi = ir_op2(b, IR_shl, t, ir_op2(b, IR_and, t, n, konst(s, lo)), konst(s, 8));
        r = ir_op2(b, IR_or, t, hi_to_lo, lo_to_hi);
    } else if (a->opc == 2 && a->sf) {
        /* REV32: bytes of each word; = bswap64 with the words swapped back */
        r = ir_op2(b, IR_ror, IR_I64, ir_op1(b, IR_bswap, IR_I64, n), konst(s, 32));
    } else {
        r = ir_op1(b, IR_bswap, t, n);
    }
    a64_set_sf(s, a->sf, (unsigned)a->rd, r);
    return true;
}

/* CLZ (op 0), CLS (op 1).  CLS(x) = CLZ(x ^ (x >>arith 1)) - 1: the xor
 * has a 1 at the first bit that differs from the sign bit. */
bool trans_CLZ(DisasContext *s, const arg_CLZ *a)
{
    struct ir_block *b = s->b;
    enum ir_type t = a64_type(a->sf);
    ir_ref n = a64_getx(s, (unsigned)a->rn), r;
    if (a->op == 0) {
        r = ir_op1(b, IR_clz, t, n);
    } else {
        ir_ref x = ir_op2(b, IR_xor, t, n, ir_op2(b, IR_sar, t, n, konst(s, 1)));
        r = ir_op2(b, IR_sub, t, ir_op1(b, IR_clz, t, x), konst(s, 1));
    }
    a64_set_sf(s, a->sf, (unsigned)a->rd, r);
    return true;
}

/* UDIV (o1 0) / SDIV (o1 1): the IR ops already give Arm's x/0 = 0 and
 * MIN/-1 = MIN. */
bool trans_DIV(DisasContext *s, const arg_DIV *a)
{
    enum ir_type t = a64_type(a->sf);
    ir_ref n = a64_getx(s, (unsigned)a->rn), m = a64_getx(s, (unsigned)a->rm);
    a64_set_sf(s, a->sf, (unsigned)a->rd, ir_op2(s->b, a->o1 ? IR_sdiv : IR_udiv, t, n, m));
    return true;
}

/* LSLV/LSRV/ASRV/RORV: the amount is Rm modulo the data size, which is
 * exactly the IR shift ops' count rule. */
bool trans_SHIFTV(DisasContext *s, const arg_SHIFTV *a)
{
    static const enum ir_op ops[] = { IR_shl, IR_shr, IR_sar, IR_ror };
    enum ir_type t = a64_type(a->sf);
    ir_ref n = a64_getx(s, (unsigned)a->rn), m = a64_getx(s, (unsigned)a->rm);
    a64_set_sf(s, a->sf, (unsigned)a->rd, ir_op2(s->b, ops[a->op2], t, n, m));
    return true;
}

/* ---- CRC32 ------------------------------------------------------------ */

/* Both polynomials bit-reflected, as the instructions use them. */
#define CRC32_POLY  0xedb88320u     /* CRC32*: 0x04C11DB7 reflected */
#define CRC32C_POLY 0x82f63b78u     /* CRC32C*: 0x1EDC6F41 reflected */

static uint32_t crc_table[2][256];

__attribute__((constructor)) static void crc_tables_init(void)
{
    for (int p = 0; p < 2; p++) {
        uint32_t poly = p ? CRC32C_POLY : CRC32_POLY;
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int k = 0; k < 8; k++)
                c = (c >> 1) ^ (poly & (0u - (c & 1)));
            crc_table[p][i] = c;
        }
    }
}

/* Helper for CRC32{B,H,W,X} and CRC32C*: acc is Wn, val is Rm, desc is
 * log2(bytes) | castagnoli << 8.  No pre/post inversion (the
 * instructions have none). */
static uint64_t a64_helper_crc32(void *env, uint64_t acc, uint64_t val, uint64_t desc)
{
    (void)env;
    const uint32_t *tab = crc_table[(desc >> 8) & 1];
    uint32_t c = (uint32_t)acc;
    for (unsigned i = 0; i < (1u << (desc & 3)); i++, val >>= 8)
        c = (c >> 8) ^ tab[(c ^ val) & 0xff];
    return c;
}

/* CRC32B/H/W/X (c 0), CRC32CB/H/W/X (c 1); the X forms need sf = 1, the
 * others sf = 0. */
bool trans_CRC32(DisasContext *s, const arg_CRC32 *a)
{
    if ((a->sz == 3) != (a->sf == 1))
        return false;
    ir_ref acc = a64_getx(s, (unsigned)a->rn), val = a64_getx(s, (unsigned)a->rm);
    ir_ref r = ir_call(s->b, (const void *)a64_helper_crc32, 0, acc, val,
                       konst(s, (unsigned)a->sz | (unsigned)a->c << 8));
    a64_setw(s, (unsigned)a->rd, r);
    return true;
}

/* ---- multiply ---------------------------------------------------------- */

/* MADD (o0 0) / MSUB (o0 1): Ra +/- Rn * Rm */
bool trans_MADD(DisasContext *s, const arg_MADD *a)
{
    struct ir_block *b = s->b;
    enum ir_type t = a64_type(a->sf);
    ir_ref p = ir_op2(b, IR_mul, t, a64_getx(s, (unsigned)a->rn), a64_getx(s, (unsigned)a->rm));
    ir_ref r = p;
    if (a->ra != 31 || a->o0)
        r = ir_op2(b, a->o0 ? IR_sub : IR_add, t, a64_getx(s, (unsigned)a->ra), p);
    a64_set_sf(s, a->sf, (unsigned)a->rd, r);
    return true;
}

/* SMADDL/SMSUBL (u 0), UMADDL/UMSUBL (u 1): Xa +/- Wn * Wm, 64-bit */
bool trans_MADDL(DisasContext *s, const arg_MADDL *a)
{
    struct ir_block *b = s->b;
    bool sign = !a->u;
    ir_ref n = ir_ext(b, sign, IR_I64, 2, a64_getx(s, (unsigned)a->rn));
    ir_ref m = ir_ext(b, sign, IR_I64, 2, a64_getx(s, (unsigned)a->rm));
    ir_ref r = ir_op2(b, IR_mul, IR_I64, n, m);
    if (a->ra != 31 || a->o0)
        r = ir_op2(b, a->o0 ? IR_sub : IR_add, IR_I64, a64_getx(s, (unsigned)a->ra), r);
    a64_setx(s, (unsigned)a->rd, r);
    return true;
}

/* SMULH (u 0) / UMULH (u 1).  Ra is should-be-ones and ignored. */
bool trans_MULH(DisasContext *s, const arg_MULH *a)
{
    ir_ref n = a64_getx(s, (unsigned)a->rn), m = a64_getx(s, (unsigned)a->rm);
    a64_setx(s, (unsigned)a->rd, ir_op2(s->b, a->u ? IR_umulh : IR_smulh, IR_I64, n, m));
    return true;
}
