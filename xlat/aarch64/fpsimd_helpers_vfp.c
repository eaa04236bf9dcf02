/*
 * AdvSIMD floating-point operations (vector and scalar-SIMD forms):
 * three same, two-register misc, across lanes, scalar pairwise, fixed-point
 * conversions by immediate and by element.  The integer lookups in
 * fpsimd_helpers_int.c hand the FP opcodes of each group to the lookups
 * here.  Element arithmetic is the Arm FP core (fpsimd_helpers_fpcore.c).
 */
#include <string.h>

#include "xlat/aarch64/fpsimd_helpers.h"

static inline unsigned fsz(uint32_t insn) { return 2 + ((insn >> 22) & 1); }
static inline unsigned fa(uint32_t insn) { return (insn >> 23) & 1; }

/* ---------------- three same ---------------- */

static uint64_t f3(unsigned key, uint64_t x, uint64_t y, uint64_t d, unsigned sz, struct fpst *st)
{
    uint64_t ones = sz == 3 ? ~0ull : 0xffffffffull;
    switch (key) {
    case 0x18: case 0x58: return fp_maxnm(x, y, sz, st);
    case 0x38: case 0x78: return fp_minnm(x, y, sz, st);
    case 0x19: return fp_muladd(d, x, y, sz, st);
    case 0x39: return fp_muladd(d, fp_neg(x, sz), y, sz, st);
    case 0x1a: case 0x5a: return fp_add(x, y, sz, st);
    case 0x3a: return fp_sub(x, y, sz, st);
    case 0x1b: return fp_mulx(x, y, sz, st);
    case 0x5b: return fp_mul(x, y, sz, st);
    case 0x1c: return fp_cmp_eq(x, y, sz, st) ? ones : 0;
    case 0x5c: return fp_cmp_ge(x, y, sz, st) ? ones : 0;
    case 0x7c: return fp_cmp_gt(x, y, sz, st) ? ones : 0;
    case 0x5d: return fp_cmp_ge(fp_abs(x, sz), fp_abs(y, sz), sz, st) ? ones : 0;
    case 0x7d: return fp_cmp_gt(fp_abs(x, sz), fp_abs(y, sz), sz, st) ? ones : 0;
    case 0x1e: case 0x5e: return fp_max(x, y, sz, st);
    case 0x3e: case 0x7e: return fp_min(x, y, sz, st);
    case 0x1f: return fp_recps(x, y, sz, st);
    case 0x3f: return fp_rsqrts(x, y, sz, st);
    case 0x5f: return fp_div(x, y, sz, st);
    case 0x7a: return fp_abd(x, y, sz, st);
    }
    return 0;
}

static FPSIMD_HELPER(h_3same_fp)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned sz = fsz(insn), n = insn_nelem(insn, sz);
    unsigned key = ((insn >> 11) & 31) | fa(insn) << 5 | insn_u(insn) << 6;
    bool pairwise = key == 0x58 || key == 0x78 || key == 0x5a || key == 0x5e || key == 0x7e;
    a64_vreg A = c->v[insn_rn(insn)], B = c->v[insn_rm(insn)], D = c->v[insn_rd(insn)], R;
    struct fpst st = fpst_of(c);
    memset(&R, 0, sizeof(R));
    for (unsigned i = 0; i < n; i++) {
        struct a64_vpair o = velt_operands(&A, &B, i, n, sz, pairwise);
        uint64_t x = o.x, y = o.y;
        velt_set(&R, i, sz, f3(key, x, y, velt(&D, i, sz), sz, &st));
    }
    c->v[insn_rd(insn)] = R;
    fpst_commit(c, &st);
    return 0;
}

static fpsimd_helper lookup_3same_fp(uint32_t insn);

fpsimd_helper fpsimd_lookup_3same_fp(uint32_t insn)
{
    fpsimd_helper fn = lookup_3same_fp(insn);
    fpsimd_helper fast = fn ? fpsimd_fast_3same_fp(insn) : NULL;
    return fast ? fast : fn;
}

static fpsimd_helper lookup_3same_fp(uint32_t insn)
{
    unsigned key = ((insn >> 11) & 31) | fa(insn) << 5 | insn_u(insn) << 6;
    bool scalar = insn_scalar(insn);
    if (!scalar && fsz(insn) == 3 && !insn_q(insn))
        return NULL;
    switch (key) {
    case 0x1b: case 0x1c: case 0x1f: case 0x3f: case 0x5c: case 0x5d: case 0x7a: case 0x7c:
    case 0x7d:
        return h_3same_fp;
    case 0x18: case 0x38: case 0x19: case 0x39: case 0x1a: case 0x3a: case 0x1e: case 0x3e:
    case 0x58: case 0x78: case 0x5a: case 0x5b: case 0x5e: case 0x7e: case 0x5f:
        return scalar ? NULL : h_3same_fp;
    default:
        return NULL;
    }
}

/* ---------------- two-register misc ---------------- */

static const enum fp_rmode cvt_mode[4][2] = {
    /* opc 1a: N / P, 1b: M / Z, 1c: A */
    { FPR_TIEEVEN, FPR_POSINF }, { FPR_NEGINF, FPR_ZERO }, { FPR_TIEAWAY, FPR_TIEAWAY },
    { FPR_TIEEVEN, FPR_TIEEVEN },
};

static uint64_t urecpe(uint64_t x, bool rsqrt)
{
    uint32_t v = (uint32_t)x;
    if (!rsqrt) {
        if (!(v >> 31))
            return 0xffffffffu;
        return (uint64_t)(recip_estimate((v >> 23) & 0x1ff) & 0x1ff) << 23;
    }
    if (!(v >> 30))
        return 0xffffffffu;
    return (uint64_t)(rsqrt_estimate((v >> 23) & 0x1ff) & 0x1ff) << 23;
}

static uint64_t f2(uint32_t insn, unsigned key, uint64_t x, unsigned sz, struct fpst *st)
{
    uint64_t ones = sz == 3 ? ~0ull : 0xffffffffull;
    unsigned opc = key & 31, u = key >> 6, a = (key >> 5) & 1;
    bool s = !u;
    unsigned ibits = 8u << sz;
    (void)insn;
    switch (key) {
    case 0x2c: return fp_cmp_gt(x, 0, sz, st) ? ones : 0;
    case 0x2d: return fp_cmp_eq(x, 0, sz, st) ? ones : 0;
    case 0x2e: return fp_cmp_gt(0, x, sz, st) ? ones : 0;
    case 0x6c: return fp_cmp_ge(x, 0, sz, st) ? ones : 0;
    case 0x6d: return fp_cmp_ge(0, x, sz, st) ? ones : 0;
    case 0x2f: return fp_abs(x, sz);
    case 0x6f: return fp_neg(x, sz);
    case 0x7f: return fp_sqrt(x, sz, st);
    case 0x18: return fp_round_int(x, sz, FPR_TIEEVEN, false, st);
    case 0x19: return fp_round_int(x, sz, FPR_NEGINF, false, st);
    case 0x38: return fp_round_int(x, sz, FPR_POSINF, false, st);
    case 0x39: return fp_round_int(x, sz, FPR_ZERO, false, st);
    case 0x58: return fp_round_int(x, sz, FPR_TIEAWAY, false, st);
    case 0x59: return fp_round_int(x, sz, fpst_rmode(st), true, st);
    case 0x79: return fp_round_int(x, sz, fpst_rmode(st), false, st);
    case 0x1e: return fp_round_int_n(x, sz, FPR_ZERO, 32, st);
    case 0x5e: return fp_round_int_n(x, sz, fpst_rmode(st), 32, st);
    case 0x1f: return fp_round_int_n(x, sz, FPR_ZERO, 64, st);
    case 0x5f: return fp_round_int_n(x, sz, fpst_rmode(st), 64, st);
    case 0x1d: case 0x5d: return fixed_to_fp(x, ibits, 0, u, sz, fpst_rmode(st), st);
    case 0x3d: return fp_recpe(x, sz, st);
    case 0x7d: return fp_rsqrte(x, sz, st);
    case 0x3f: return fp_recpx(x, sz, st);
    case 0x3c: return urecpe(x, false);
    case 0x7c: return urecpe(x, true);
    }
    if (opc >= 0x1a && opc <= 0x1c)
        return fp_to_fixed(x, sz, 0, !s, ibits, cvt_mode[opc - 0x1a][a], st);
    return 0;
}

static FPSIMD_HELPER(h_2misc_fp)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned sz = fsz(insn), n = insn_nelem(insn, sz);
    unsigned key = ((insn >> 12) & 31) | fa(insn) << 5 | insn_u(insn) << 6;
    a64_vreg A = c->v[insn_rn(insn)];
    struct fpst st = fpst_of(c);
    uint64_t half[2] = { 0, 0 };
    for (unsigned i = 0; i < n; i++)
        vpack_set(half, i, sz, f2(insn, key, velt(&A, i, sz), sz, &st));
    vpack_store(&c->v[insn_rd(insn)], half);
    fpst_commit(c, &st);
    return 0;
}

/* FCVTN, FCVTXN (narrow: to the lower or, Q=1, upper half) and FCVTL */
static FPSIMD_HELPER(h_fcvt_nl)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned big = (insn >> 22) & 1 ? 3 : 2, nsz = big - 1;   /* wide and narrow sizes */
    unsigned opc = (insn >> 12) & 31;
    bool scalar = insn_scalar(insn), q = insn_q(insn);
    unsigned n = scalar ? 1 : 16u >> big;      /* wide elements in a register */
    unsigned base = (!scalar && q) ? n : 0;    /* first narrow element used */
    a64_vreg A = c->v[insn_rn(insn)], R;
    struct fpst st = fpst_of(c);
    memset(&R, 0, sizeof(R));
    if (opc == 0x17) {                          /* FCVTL */
        for (unsigned i = 0; i < n; i++)
            velt_set(&R, i, big, fp_convert(velt(&A, base + i, nsz), nsz, big, &st));
    } else {                                    /* FCVTN, FCVTXN */
        if (base)
            R = c->v[insn_rd(insn)];
        for (unsigned i = 0; i < n; i++) {
            uint64_t x = velt(&A, i, big);
            uint64_t r = insn_u(insn) ? fp_convert_rm(x, big, nsz, FPR_ODD, &st)
                                      : fp_convert(x, big, nsz, &st);
            velt_set(&R, base + i, nsz, r);
        }
    }
    c->v[insn_rd(insn)] = R;
    fpst_commit(c, &st);
    return 0;
}

fpsimd_helper fpsimd_lookup_2misc_fp(uint32_t insn)
{
    unsigned opc = (insn >> 12) & 31, sz = fsz(insn);
    unsigned key = opc | fa(insn) << 5 | insn_u(insn) << 6;
    bool scalar = insn_scalar(insn);
    if (key == 0x16 || key == 0x17)             /* FCVTN, FCVTL */
        return scalar ? NULL : h_fcvt_nl;
    if (key == 0x56)                            /* FCVTXN */
        return sz == 3 ? h_fcvt_nl : NULL;
    if (!scalar && sz == 3 && !insn_q(insn))
        return NULL;
    switch (key) {
    case 0x1a: case 0x1b: case 0x1c: case 0x1d: case 0x3a: case 0x3b: case 0x3d:
    case 0x5a: case 0x5b: case 0x5c: case 0x5d: case 0x7a: case 0x7b: case 0x7d:
    case 0x2c: case 0x2d: case 0x2e: case 0x6c: case 0x6d:
        return h_2misc_fp;
    case 0x3f:
        return scalar ? h_2misc_fp : NULL;
    case 0x2f: case 0x6f: case 0x7f: case 0x18: case 0x19: case 0x38: case 0x39:
    case 0x58: case 0x59: case 0x79: case 0x1e: case 0x5e: case 0x1f: case 0x5f:
        return scalar ? NULL : h_2misc_fp;
    case 0x3c: case 0x7c:
        return !scalar && sz == 2 ? h_2misc_fp : NULL;
    default:
        return NULL;
    }
}

/* ---------------- across lanes and scalar pairwise ---------------- */

static uint64_t fred(unsigned key, uint64_t x, uint64_t y, unsigned sz, struct fpst *st)
{
    switch (key) {
    case 0x0c: return fp_maxnm(x, y, sz, st);
    case 0x2c: return fp_minnm(x, y, sz, st);
    case 0x0d: return fp_add(x, y, sz, st);
    case 0x0f: return fp_max(x, y, sz, st);
    default:   return fp_min(x, y, sz, st);
    }
}

static uint64_t reduce(unsigned key, const a64_vreg *v, unsigned lo, unsigned n, unsigned sz,
                       struct fpst *st)
{
    if (n == 1)
        return velt(v, lo, sz);
    uint64_t x = reduce(key, v, lo, n / 2, sz, st);
    uint64_t y = reduce(key, v, lo + n / 2, n / 2, sz, st);
    return fred(key, x, y, sz, st);
}

static FPSIMD_HELPER(h_reduce_fp)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned sz = fsz(insn), key = ((insn >> 12) & 31) | fa(insn) << 5;
    unsigned n = insn_scalar(insn) ? 2 : 4;
    struct fpst st = fpst_of(c);
    a64_vreg R;
    memset(&R, 0, sizeof(R));
    velt_set(&R, 0, sz, reduce(key, &c->v[insn_rn(insn)], 0, n, sz, &st));
    c->v[insn_rd(insn)] = R;
    fpst_commit(c, &st);
    return 0;
}

fpsimd_helper fpsimd_lookup_across_fp(uint32_t insn)
{
    if (!insn_u(insn) || fsz(insn) != 2 || !insn_q(insn))
        return NULL;
    return h_reduce_fp;
}

fpsimd_helper fpsimd_lookup_pairwise_fp(uint32_t insn)
{
    unsigned key = ((insn >> 12) & 31) | fa(insn) << 5;
    if (!insn_u(insn))
        return NULL;
    switch (key) {
    case 0x0c: case 0x2c: case 0x0d: case 0x0f: case 0x2f:
        return h_reduce_fp;
    default:
        return NULL;
    }
}

/* ---------------- fixed-point conversions by immediate ---------------- */

static FPSIMD_HELPER(h_shimm_fp)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned immh = (insn >> 19) & 15, immhb = (insn >> 16) & 127;
    unsigned sz = immh >= 8 ? 3 : 2, bits = 8u << sz, fbits = 2 * bits - immhb;
    bool u = insn_u(insn), to_fp = ((insn >> 11) & 31) == 0x1c;
    unsigned n = insn_nelem(insn, sz);
    a64_vreg A = c->v[insn_rn(insn)], R;
    struct fpst st = fpst_of(c);
    memset(&R, 0, sizeof(R));
    for (unsigned i = 0; i < n; i++) {
        uint64_t x = velt(&A, i, sz);
        velt_set(&R, i, sz, to_fp ? fixed_to_fp(x, bits, fbits, u, sz, fpst_rmode(&st), &st)
                                  : fp_to_fixed(x, sz, fbits, u, bits, FPR_ZERO, &st));
    }
    c->v[insn_rd(insn)] = R;
    fpst_commit(c, &st);
    return 0;
}

fpsimd_helper fpsimd_lookup_shimm_fp(uint32_t insn)
{
    unsigned immh = (insn >> 19) & 15;
    if (immh < 4)
        return NULL;            /* half precision (or reserved) */
    if (!insn_scalar(insn) && immh >= 8 && !insn_q(insn))
        return NULL;
    return h_shimm_fp;
}

/* ---------------- by element ---------------- */

static FPSIMD_HELPER(h_indexed_fp)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned sz = (insn >> 22) & 1 ? 3 : 2, opc = (insn >> 12) & 15;
    unsigned h = (insn >> 11) & 1, l = (insn >> 21) & 1;
    unsigned idx = sz == 3 ? h : (h << 1 | l), rm = (insn >> 16) & 31;
    unsigned n = insn_nelem(insn, sz);
    uint64_t y = velt(&c->v[rm], idx, sz);
    a64_vreg A = c->v[insn_rn(insn)], D = c->v[insn_rd(insn)], R;
    struct fpst st = fpst_of(c);
    memset(&R, 0, sizeof(R));
    for (unsigned i = 0; i < n; i++) {
        uint64_t x = velt(&A, i, sz), d = velt(&D, i, sz), r;
        switch (opc | insn_u(insn) << 4) {
        case 0x01: r = fp_muladd(d, x, y, sz, &st); break;
        case 0x05: r = fp_muladd(d, fp_neg(x, sz), y, sz, &st); break;
        case 0x09: r = fp_mul(x, y, sz, &st); break;
        default:   r = fp_mulx(x, y, sz, &st); break;
        }
        velt_set(&R, i, sz, r);
    }
    c->v[insn_rd(insn)] = R;
    fpst_commit(c, &st);
    return 0;
}

fpsimd_helper fpsimd_lookup_indexed_fp(uint32_t insn)
{
    unsigned size = insn_size(insn), opc = (insn >> 12) & 15;
    if (size < 2)
        return NULL;                            /* FP16 / reserved */
    if (insn_u(insn) && opc != 9)
        return NULL;
    if (size == 3 && (((insn >> 21) & 1) || (!insn_scalar(insn) && !insn_q(insn))))
        return NULL;
    return h_indexed_fp;
}

/* ---------------- complex arithmetic (FEAT_FCMA) ---------------- */

/* One complex pair: FCMLA with rotation rot (0..3 = 0, 90, 180, 270
 * degrees) or, when cadd, FCADD with rot 1 (90) or 3 (270).  Arm negates
 * the selected inputs (NaNs included) before the arithmetic. */
static void complex_op(const a64_vreg *n, const a64_vreg *m, unsigned mi, a64_vreg *d, unsigned i,
                       unsigned sz, unsigned rot, bool cadd, struct fpst *st)
{
    uint64_t nr = velt(n, 2 * i, sz), ni = velt(n, 2 * i + 1, sz);
    uint64_t mr = velt(m, 2 * mi, sz), mim = velt(m, 2 * mi + 1, sz);
    uint64_t dr = velt(d, 2 * i, sz), di = velt(d, 2 * i + 1, sz);
    if (cadd) {
        uint64_t e_r = rot == 1 ? fp_neg(mim, sz) : mim;
        uint64_t e_i = rot == 1 ? mr : fp_neg(mr, sz);
        velt_set(d, 2 * i, sz, fp_add(nr, e_r, sz, st));
        velt_set(d, 2 * i + 1, sz, fp_add(ni, e_i, sz, st));
        return;
    }
    uint64_t e1, e2, e3, e4;
    switch (rot) {
    case 0: e1 = mr; e2 = nr; e3 = mim; e4 = nr; break;
    case 1: e1 = fp_neg(mim, sz); e2 = ni; e3 = mr; e4 = ni; break;
    case 2: e1 = fp_neg(mr, sz); e2 = nr; e3 = fp_neg(mim, sz); e4 = nr; break;
    default: e1 = mim; e2 = ni; e3 = fp_neg(mr, sz); e4 = ni; break;
    }
    velt_set(d, 2 * i, sz, fp_muladd(dr, e2, e1, sz, st));
    velt_set(d, 2 * i + 1, sz, fp_muladd(di, e4, e3, sz, st));
}

static FPSIMD_HELPER(h_fcma)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned sz = insn_size(insn), opc = (insn >> 11) & 15;
    bool cadd = (opc & 12) == 12;
    unsigned rot = cadd ? ((opc >> 1) & 1) * 2 + 1 : opc & 3;
    unsigned pairs = ((insn_q(insn) ? 16u : 8u) >> sz) / 2;
    a64_vreg N = c->v[insn_rn(insn)], M = c->v[insn_rm(insn)], D = c->v[insn_rd(insn)];
    struct fpst st = fpst_of(c);
    if (!insn_q(insn))
        D.d[1] = 0;
    for (unsigned i = 0; i < pairs; i++)
        complex_op(&N, &M, i, &D, i, sz, rot, cadd, &st);
    c->v[insn_rd(insn)] = D;
    fpst_commit(c, &st);
    return 0;
}

/* FCMLA, FCADD (vector): three same extra, U = 1, opcode 10xx / 11x0 */
fpsimd_helper fpsimd_lookup_fcma(uint32_t insn)
{
    unsigned sz = insn_size(insn), opc = (insn >> 11) & 15;
    if (insn_scalar(insn) || !insn_u(insn) || opc < 8 || (opc >= 12 && (opc & 1)))
        return NULL;
    if (sz == 2 || (sz == 3 && insn_q(insn)))
        return h_fcma;
    return NULL;                    /* half precision (FP16) or reserved */
}

static FPSIMD_HELPER(h_fcmla_idx)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned rot = (insn >> 13) & 3, idx = (insn >> 11) & 1;
    unsigned pairs = insn_q(insn) ? 2 : 1;
    a64_vreg N = c->v[insn_rn(insn)], M = c->v[insn_rm(insn)], D = c->v[insn_rd(insn)];
    struct fpst st = fpst_of(c);
    if (!insn_q(insn))
        D.d[1] = 0;
    for (unsigned i = 0; i < pairs; i++)
        complex_op(&N, &M, idx, &D, i, 2, rot, false, &st);
    c->v[insn_rd(insn)] = D;
    fpst_commit(c, &st);
    return 0;
}

/* FCMLA (by element), single precision: U = 1, opcode 0rr1, L = 0, Q = 1 */
fpsimd_helper fpsimd_lookup_fcmla_idx(uint32_t insn)
{
    if (insn_scalar(insn) || insn_size(insn) != 2 || ((insn >> 21) & 1) || !insn_q(insn))
        return NULL;
    return h_fcmla_idx;
}
