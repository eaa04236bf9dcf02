/*
 * A64 AdvSIMD data processing, vector and scalar forms.  Called by the
 * generated decode_fpsimd.c.  Each encoding group's lookup table
 * (fpsimd_helpers_*.c) decides which encodings exist and which helper runs
 * them; moves that are plain env accesses (UMOV/SMOV, INS and DUP from a
 * general register, MOVI/MVNI/ORR/BIC immediate, FMOV vector immediate)
 * are emitted inline.
 */
#include "xlat/aarch64/fpsimd_helpers_ir.h"
#include "xlat/ir_vop.h"

#define BY_LOOKUP(name, lookup)                                   \
    bool trans_##name(DisasContext *s, const arg_##name *a)       \
    {                                                             \
        (void)a;                                                  \
        return fpsimd_by_lookup(s, lookup(s->insn));              \
    }

BY_LOOKUP(SIMD_3extra, fpsimd_lookup_3extra)
BY_LOOKUP(SIMD_s_3extra, fpsimd_lookup_3extra)
BY_LOOKUP(SIMD_across, fpsimd_lookup_across)
BY_LOOKUP(SIMD_tbl, fpsimd_lookup_tbl)
BY_LOOKUP(SIMD_s_copy, fpsimd_lookup_copy)
BY_LOOKUP(SIMD_s_3same, fpsimd_lookup_3same)
BY_LOOKUP(SIMD_s_3diff, fpsimd_lookup_3diff)
BY_LOOKUP(SIMD_s_2misc, fpsimd_lookup_2misc)
BY_LOOKUP(SIMD_s_pair, fpsimd_lookup_pairwise)
BY_LOOKUP(SIMD_s_indexed, fpsimd_lookup_indexed)

/* PMULL{2} .1q as a vop (the carry-less multiply the GHASH code is built
 * on); the other three-different ops through the helper table */
bool trans_SIMD_3diff(DisasContext *s, const arg_SIMD_3diff *a)
{
    fpsimd_helper fn = fpsimd_lookup_3diff(s->insn);
    if (fn && a->opcode == 14 && a->size == 3 && !a->u) {
        ir_vop(s->b, IR_VOP_PMULL, 3, a->q, vreg_off((unsigned)a->rd, 0),
               vreg_off((unsigned)a->rn, 0), vreg_off((unsigned)a->rm, 0));
        return true;
    }
    return fpsimd_by_lookup(s, fn);
}

/* AESE/AESD/AESMC/AESIMC (opcode 4..7) as vops */
bool trans_CRYPTO_aes(DisasContext *s, const arg_CRYPTO_aes *a)
{
    fpsimd_helper fn = fpsimd_lookup_aes(s->insn);
    if (!fn)
        return false;
    static const enum ir_vop ops[4] = { IR_VOP_AESE, IR_VOP_AESD, IR_VOP_AESMC, IR_VOP_AESIMC };
    uint32_t n = vreg_off((unsigned)a->rn, 0);
    ir_vop(s->b, ops[a->opcode - 4], 0, true, vreg_off((unsigned)a->rd, 0), n, n);
    return true;
}

/* SHA256H/H2/SU1 (opcode 4..6) as vops, SHA1 through the helper */
bool trans_CRYPTO_sha3(DisasContext *s, const arg_CRYPTO_sha3 *a)
{
    fpsimd_helper fn = fpsimd_lookup_sha3(s->insn);
    if (fn && a->opcode >= 4 && a->opcode <= 6) {
        static const enum ir_vop ops[3] = { IR_VOP_SHA256H, IR_VOP_SHA256H2, IR_VOP_SHA256SU1 };
        ir_vop(s->b, ops[a->opcode - 4], 2, true, vreg_off((unsigned)a->rd, 0),
               vreg_off((unsigned)a->rn, 0), vreg_off((unsigned)a->rm, 0));
        return true;
    }
    return fpsimd_by_lookup(s, fn);
}

/* SHA256SU0 (opcode 2) as a vop, SHA1H/SHA1SU1 through the helper */
bool trans_CRYPTO_sha2(DisasContext *s, const arg_CRYPTO_sha2 *a)
{
    fpsimd_helper fn = fpsimd_lookup_sha2(s->insn);
    if (fn && a->opcode == 2) {
        uint32_t n = vreg_off((unsigned)a->rn, 0);
        ir_vop(s->b, IR_VOP_SHA256SU0, 2, true, vreg_off((unsigned)a->rd, 0), n, n);
        return true;
    }
    return fpsimd_by_lookup(s, fn);
}

/* AND, BIC, ORR (MOV), ORN, EOR, BSL, BIT, BIF on 64-bit halves */
static void logic_inline(DisasContext *s, const arg_SIMD_3same *a)
{
    unsigned op = (unsigned)(a->size | a->u << 2);
    for (unsigned half = 0; half < 2; half++) {
        uint32_t off = 8 * half;
        if (half && !a->q) {
            ir_setenv(s->b, vreg_off((unsigned)a->rd, 8), 3, ir_const(s->b, 0));
            break;
        }
        ir_ref n = ir_getenv(s->b, vreg_off((unsigned)a->rn, off), 3);
        ir_ref m = ir_getenv(s->b, vreg_off((unsigned)a->rm, off), 3);
        ir_ref r;
        if (op == 2 && a->rn == a->rm) {
            r = n;                                              /* MOV */
        } else if (op < 5) {
            static const enum ir_op ops[5] = { IR_and, IR_andn, IR_or, IR_or, IR_xor };
            if (op == 3)
                m = ir_op1(s->b, IR_not, IR_I64, m);
            r = ir_op2(s->b, ops[op], IR_I64, n, m);
        } else {
            /* BSL: d ? n : m; BIT: m ? n : d; BIF: m ? d : n, bitwise,
             * as sel ^ ((x ^ sel) & mask) */
            ir_ref d = ir_getenv(s->b, vreg_off((unsigned)a->rd, off), 3);
            ir_ref mask = op == 5 ? d : m;
            ir_ref x = op == 7 ? d : n, y = op == 5 ? m : op == 6 ? d : n;
            r = ir_op2(s->b, IR_xor, IR_I64, y,
                       ir_op2(s->b, IR_and, IR_I64, ir_op2(s->b, IR_xor, IR_I64, x, y), mask));
        }
        ir_setenv(s->b, vreg_off((unsigned)a->rd, off), 3, r);
    }
}

/* The integer 3same ops the backend does inline (ir_vop.h), by opcode and
 * U; -1 for the rest.  Valid sizes are those of both the encoding (checked
 * by the lookup table) and ir_vop_valid. */
static int vop_3same(unsigned opcode, unsigned u)
{
    switch (opcode) {
    case 0x06: return u ? IR_VOP_CMHI : IR_VOP_CMGT;
    case 0x07: return u ? IR_VOP_CMHS : IR_VOP_CMGE;
    case 0x0c: return u ? IR_VOP_UMAX : IR_VOP_SMAX;
    case 0x0d: return u ? IR_VOP_UMIN : IR_VOP_SMIN;
    case 0x10: return u ? IR_VOP_SUB : IR_VOP_ADD;
    case 0x11: return u ? IR_VOP_CMEQ : IR_VOP_CMTST;
    case 0x12: return u ? IR_VOP_MLS : IR_VOP_MLA;
    case 0x13: return u ? -1 : IR_VOP_MUL;              /* PMUL stays a helper */
    default: return -1;
    }
}

bool trans_SIMD_3same(DisasContext *s, const arg_SIMD_3same *a)
{
    fpsimd_helper fn = fpsimd_lookup_3same(s->insn);
    if (!fn)
        return false;
    if (a->opcode == 3) {
        logic_inline(s, a);
        return true;
    }
    if (a->opcode >= 0x18) {
        /* FP: FADD, FSUB, FMUL, FDIV, FMLA, FMLS as FP vops; key as in
         * fpsimd_fast_3same_fp: opcode | size<1> << 5 | U << 6 */
        unsigned key = (unsigned)a->opcode | ((unsigned)a->size >> 1) << 5 | (unsigned)a->u << 6;
        int fop = key == 0x1a ? IR_VOP_FADD : key == 0x3a ? IR_VOP_FSUB : key == 0x5b ? IR_VOP_FMUL
                : key == 0x5f ? IR_VOP_FDIV : key == 0x19 ? IR_VOP_FMLA : key == 0x39 ? IR_VOP_FMLS : -1;
        if (fop >= 0) {
            ir_vop_fp(s->b, (enum ir_vop)fop, (a->size & 1) ? 3 : 2, a->q, false,
                      vreg_off((unsigned)a->rd, 0), vreg_off((unsigned)a->rn, 0),
                      vreg_off((unsigned)a->rm, 0), A64_OFF_FPCR);
            return true;
        }
    }
    int op = vop_3same((unsigned)a->opcode, (unsigned)a->u);
    if (op >= 0 && ir_vop_valid((unsigned)op, (unsigned)a->size)) {
        ir_vop(s->b, (enum ir_vop)op, (unsigned)a->size, a->q, vreg_off((unsigned)a->rd, 0),
               vreg_off((unsigned)a->rn, 0), vreg_off((unsigned)a->rm, 0));
        return true;
    }
    fpsimd_call(s, fn, IR_NONE, IR_NONE);
    return true;
}

/* 64 bits of the byte string w[] starting at byte pos */
static ir_ref bytes_at(DisasContext *s, const ir_ref *w, unsigned pos)
{
    unsigned k = pos / 8, r = pos % 8;
    if (!r)
        return w[k];
    ir_ref lo = ir_op2(s->b, IR_shr, IR_I64, w[k], ir_const(s->b, 8 * r));
    ir_ref hi = ir_op2(s->b, IR_shl, IR_I64, w[k + 1], ir_const(s->b, 64 - 8 * r));
    return ir_op2(s->b, IR_or, IR_I64, lo, hi);
}

bool trans_SIMD_ext(DisasContext *s, const arg_SIMD_ext *a)
{
    if (!fpsimd_lookup_ext(s->insn))
        return false;
    unsigned rn = (unsigned)a->rn, rm = (unsigned)a->rm, rd = (unsigned)a->rd;
    ir_ref w[4];
    ir_ref lo, hi;
    if (a->q) {
        w[0] = ir_getenv(s->b, vreg_off(rn, 0), 3);
        w[1] = ir_getenv(s->b, vreg_off(rn, 8), 3);
        w[2] = ir_getenv(s->b, vreg_off(rm, 0), 3);
        w[3] = ir_getenv(s->b, vreg_off(rm, 8), 3);
        lo = bytes_at(s, w, (unsigned)a->imm4);
        hi = bytes_at(s, w, (unsigned)a->imm4 + 8);
    } else {
        w[0] = ir_getenv(s->b, vreg_off(rn, 0), 3);
        w[1] = ir_getenv(s->b, vreg_off(rm, 0), 3);
        lo = bytes_at(s, w, (unsigned)a->imm4);
        hi = ir_const(s->b, 0);
    }
    ir_setenv(s->b, vreg_off(rd, 0), 3, lo);
    ir_setenv(s->b, vreg_off(rd, 8), 3, hi);
    return true;
}

/* FMUL/FMLA/FMLS (vector, by element, single and double) as FP vops */
bool trans_SIMD_indexed(DisasContext *s, const arg_SIMD_indexed *a)
{
    fpsimd_helper fn = fpsimd_lookup_indexed(s->insn);
    if (!fn)
        return false;
    if (!a->u && a->size >= 2 && (a->opcode == 1 || a->opcode == 5 || a->opcode == 9)) {
        bool dbl = a->size == 3;
        unsigned index = dbl ? (unsigned)a->h : (unsigned)(a->h << 1 | a->l);
        unsigned rm = (unsigned)(a->m << 4 | a->rm);
        enum ir_vop op = a->opcode == 1 ? IR_VOP_FMLA : a->opcode == 5 ? IR_VOP_FMLS : IR_VOP_FMUL;
        ir_vop_fp(s->b, op, dbl ? 3 : 2, a->q, false, vreg_off((unsigned)a->rd, 0),
                  vreg_off((unsigned)a->rn, 0), vreg_off(rm, 0), A64_OFF_FPCR);
        ir_vop_byelem(s->b, index);
        return true;
    }
    fpsimd_call(s, fn, IR_NONE, IR_NONE);
    return true;
}

/* ZIP1/ZIP2 as vops; UZP, TRN by lookup */
bool trans_SIMD_perm(DisasContext *s, const arg_SIMD_perm *a)
{
    fpsimd_helper fn = fpsimd_lookup_perm(s->insn);
    if (!fn)
        return false;
    if (a->opcode == 3 || a->opcode == 7) {
        ir_vop(s->b, a->opcode == 3 ? IR_VOP_ZIP1 : IR_VOP_ZIP2, (unsigned)a->size, a->q,
               vreg_off((unsigned)a->rd, 0), vreg_off((unsigned)a->rn, 0), vreg_off((unsigned)a->rm, 0));
        return true;
    }
    fpsimd_call(s, fn, IR_NONE, IR_NONE);
    return true;
}

/* ABS, NEG, NOT and the compares with zero as vops; the rest by lookup */
bool trans_SIMD_2misc(DisasContext *s, const arg_SIMD_2misc *a)
{
    fpsimd_helper fn = fpsimd_lookup_2misc(s->insn);
    if (!fn)
        return false;
    int op = -1;
    switch (a->opcode) {
    case 0x05: op = a->u && a->size == 0 ? IR_VOP_NOT : -1; break;
    case 0x08: op = a->u ? IR_VOP_CMGE0 : IR_VOP_CMGT0; break;
    case 0x09: op = a->u ? IR_VOP_CMLE0 : IR_VOP_CMEQ0; break;
    case 0x0a: op = a->u ? -1 : IR_VOP_CMLT0; break;
    case 0x0b: op = a->u ? IR_VOP_NEG : IR_VOP_ABS; break;
    default: break;
    }
    if (op >= 0 && ir_vop_valid((unsigned)op, (unsigned)a->size)) {
        uint32_t n = vreg_off((unsigned)a->rn, 0);
        ir_vop(s->b, (enum ir_vop)op, (unsigned)a->size, a->q, vreg_off((unsigned)a->rd, 0), n, n);
        return true;
    }
    fpsimd_call(s, fn, IR_NONE, IR_NONE);
    return true;
}

bool trans_SIMD_shimm(DisasContext *s, const arg_SIMD_shimm *a)
{
    if (a->immh == 0)
        return false;               /* modified immediate space */
    fpsimd_helper fn = fpsimd_lookup_shimm(s->insn);
    if (!fn)
        return false;
    /* SSHR, USHR (opcode 0) and SHL (opcode 0x0a) as vops */
    unsigned size = a->immh & 8 ? 3 : a->immh & 4 ? 2 : a->immh & 2 ? 1 : 0;
    unsigned imm = (unsigned)(a->immh << 3 | a->immb);
    int op = a->opcode == 0 ? (a->u ? IR_VOP_USHR : IR_VOP_SSHR)
           : a->opcode == 0x0a && !a->u ? IR_VOP_SHL : -1;
    if (op >= 0 && ir_vop_valid((unsigned)op, size)) {
        unsigned sh = op == IR_VOP_SHL ? imm - (8u << size) : (16u << size) - imm;
        ir_vop_shift(s->b, (enum ir_vop)op, size, a->q, vreg_off((unsigned)a->rd, 0),
                     vreg_off((unsigned)a->rn, 0), sh);
        return true;
    }
    fpsimd_call(s, fn, IR_NONE, IR_NONE);
    return true;
}

bool trans_SIMD_s_shimm(DisasContext *s, const arg_SIMD_s_shimm *a)
{
    if (a->immh == 0)
        return false;
    return fpsimd_by_lookup(s, fpsimd_lookup_shimm(s->insn));
}

/* element size of imm5, or -1 when reserved */
static int copy_size(int imm5)
{
    return imm5 & 1 ? 0 : imm5 & 2 ? 1 : imm5 & 4 ? 2 : imm5 & 8 ? 3 : -1;
}

bool trans_SIMD_copy(DisasContext *s, const arg_SIMD_copy *a)
{
    int sz = copy_size(a->imm5);
    if (sz < 0)
        return false;
    unsigned idx = (unsigned)a->imm5 >> (sz + 1), rd = (unsigned)a->rd, rn = (unsigned)a->rn;
    uint32_t eoff = idx << sz;
    if (a->op || a->imm4 == 0) {
        if (!fpsimd_lookup_copy(s->insn))
            return false;
        if (a->op) {                                    /* INS (element) */
            uint32_t src = ((unsigned)a->imm4 >> sz) << sz;
            ir_ref v = ir_getenv(s->b, vreg_off(rn, src), (unsigned)sz);
            ir_setenv(s->b, vreg_off(rd, eoff), (unsigned)sz, v);
        } else {                                        /* DUP (element) */
            ir_ref rep = fpsimd_replicate(s, ir_getenv(s->b, vreg_off(rn, eoff), (unsigned)sz),
                                          (unsigned)sz);
            ir_setenv(s->b, vreg_off(rd, 0), 3, rep);
            ir_setenv(s->b, vreg_off(rd, 8), 3, a->q ? rep : ir_const(s->b, 0));
        }
        return true;
    }
    switch (a->imm4) {
    case 1: {                                           /* DUP (general) */
        if (sz == 3 && !a->q)
            return false;
        ir_ref rep = fpsimd_replicate(s, a64_getx(s, rn), (unsigned)sz);
        ir_setenv(s->b, vreg_off(rd, 0), 3, rep);
        ir_setenv(s->b, vreg_off(rd, 8), 3, a->q ? rep : ir_const(s->b, 0));
        return true;
    }
    case 3:                                             /* INS (general) */
        if (!a->q)
            return false;
        ir_setenv(s->b, vreg_off(rd, eoff), (unsigned)sz, a64_getx(s, rn));
        return true;
    case 5: {                                           /* SMOV */
        if (sz == 3 || (sz == 2 && !a->q))
            return false;
        ir_ref v = ir_getenv(s->b, vreg_off(rn, eoff), (unsigned)sz);
        v = ir_ext(s->b, true, a->q ? IR_I64 : IR_I32, (unsigned)sz, v);
        a64_set_sf(s, a->q, rd, v);
        return true;
    }
    case 7:                                             /* UMOV */
        if (a->q ? sz != 3 : sz == 3)
            return false;
        a64_setx(s, rd, ir_getenv(s->b, vreg_off(rn, eoff), (unsigned)sz));
        return true;
    default:
        return false;
    }
}

/* AdvSIMDExpandImm; false for the reserved combinations */
static bool expand_modimm(int op, int cmode, unsigned imm8, bool q, uint64_t *out)
{
    uint64_t imm;
    switch (cmode >> 1) {
    case 0: case 1: case 2: case 3:
        imm = (uint64_t)imm8 << (8 * (cmode >> 1));
        imm |= imm << 32;
        break;
    case 4: case 5:
        imm = (uint64_t)imm8 << (8 * ((cmode >> 1) & 1));
        imm |= imm << 16;
        imm |= imm << 32;
        break;
    case 6:
        imm = (cmode & 1) ? ((uint64_t)imm8 << 16 | 0xffff) : ((uint64_t)imm8 << 8 | 0xff);
        imm |= imm << 32;
        break;
    default:
        if (!(cmode & 1)) {
            if (!op) {
                imm = imm8 * 0x0101010101010101ull;
            } else {
                imm = 0;
                for (int i = 0; i < 8; i++)
                    if ((imm8 >> i) & 1)
                        imm |= 0xffull << (8 * i);
            }
        } else if (!op) {
            imm = fp_expand_imm(imm8, 2);
            imm |= imm << 32;
        } else {
            if (!q)
                return false;
            imm = fp_expand_imm(imm8, 3);
        }
        break;
    }
    *out = imm;
    return true;
}

bool trans_SIMD_modimm(DisasContext *s, const arg_SIMD_modimm *a)
{
    uint64_t imm;
    unsigned rd = (unsigned)a->rd;
    if (a->o2)
        return false;                   /* FMOV half precision (FP16) */
    if (!expand_modimm(a->op, a->cmode, (unsigned)(a->abc << 5 | a->defgh), a->q, &imm))
        return false;
    /* ORR/BIC: cmode 0xx1 and 10x1; MVNI: op=1 with the other shifted forms */
    bool logic = (a->cmode & 1) && a->cmode < 12;
    bool invert = a->op && a->cmode < 14;
    if (!logic) {
        if (invert)
            imm = ~imm;
        ir_ref v = ir_const(s->b, imm);
        ir_setenv(s->b, vreg_off(rd, 0), 3, v);
        ir_setenv(s->b, vreg_off(rd, 8), 3, a->q ? v : ir_const(s->b, 0));
        return true;
    }
    for (unsigned half = 0; half < 2; half++) {
        if (half && !a->q) {
            ir_setenv(s->b, vreg_off(rd, 8), 3, ir_const(s->b, 0));
            break;
        }
        ir_ref old = ir_getenv(s->b, vreg_off(rd, 8 * half), 3);
        ir_ref v = a->op ? ir_op2(s->b, IR_andn, IR_I64, old, ir_const(s->b, imm))
                         : ir_op2(s->b, IR_or, IR_I64, old, ir_const(s->b, imm));
        ir_setenv(s->b, vreg_off(rd, 8 * half), 3, v);
    }
    return true;
}
