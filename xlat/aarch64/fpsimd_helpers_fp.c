/*
 * Scalar floating-point instructions: data-processing with 1, 2 and 3
 * sources, compares (FCMP/FCMPE/FCCMP/FCCMPE), FCSEL, and conversions
 * between FP and integer or fixed point.  Called from translate_fp.c.
 * ftype: 00 single, 01 double, 11 half (only FCVT accepts half; FP16
 * arithmetic is not implemented and decodes as undefined).
 */
#include <math.h>
#include <string.h>

#include "xlat/aarch64/fpsimd_helpers.h"

/* log2 byte size of an ftype field value, 0 if reserved */
static unsigned ftype_sz(unsigned ftype)
{
    static const unsigned sz[4] = { 2, 3, 0, 1 };
    return sz[ftype & 3];
}

static inline unsigned insn_ftype(uint32_t insn) { return (insn >> 22) & 3; }

/* two 8-byte stores: building the register in a local and copying it
 * made the 16-byte copy wait on a failed store forward */
static void write_scalar(struct a64_cpu *c, unsigned rd, unsigned sz, uint64_t x)
{
    c->v[rd].d[0] = sz == 3 ? x : x & ((1ull << (8u << sz)) - 1);
    c->v[rd].d[1] = 0;
}

/*
 * Host-FPU versions of FCVT (single <-> double) and FSQRT for the common
 * case (fpsimd_fast_fpcr: round to nearest, no FZ, no DN): used only when
 * the host result is provably the Arm one and the only possible exception
 * is inexact, which is detected exactly (the round trip of the conversion,
 * the fused residual r * r - x of the square root) and set in FPSR.
 * Anything else (NaN, infinity, zero, denormal or tiny results, negative
 * square roots, half precision) returns false for the exact Arm core.
 */
static bool dp1_fast(struct a64_cpu *c, unsigned opc, unsigned sz, uint64_t x, uint64_t *r)
{
    bool inexact = false;
    if (!fpsimd_fast_fpcr(c))
        return false;
    if (opc == 0x04 && sz == 3) {                                  /* FCVT Sd, Dn */
        double d;
        memcpy(&d, &x, 8);
        float f = (float)d;
        uint32_t fb;
        memcpy(&fb, &f, 4);
        if (!fpsimd_fast_f32(fb))
            return false;
        inexact = (double)f != d;
        *r = fb;
    } else if (opc == 0x05 && sz == 2) {                            /* FCVT Dd, Sn */
        float f;
        uint32_t fb = (uint32_t)x;
        memcpy(&f, &fb, 4);
        if (f != f)
            return false;                       /* NaN: quieting, IOC */
        double d = f;                           /* exact, denormals too (FZ clear) */
        memcpy(r, &d, 8);
    } else if (opc == 0x03 && sz == 3) {                            /* FSQRT Dd */
        uint64_t e = x >> 52;                   /* sign and exponent */
        if (e < 0x100 || e >= 0x7ff)            /* negative, zero, tiny, inf, NaN */
            return false;
        double d, q;
        memcpy(&d, &x, 8);
        q = sqrt(d);
        inexact = fma(q, q, -d) != 0;           /* residual is exact and never tiny here */
        memcpy(r, &q, 8);
    } else if (opc == 0x03 && sz == 2) {                            /* FSQRT Sd */
        uint32_t e = (uint32_t)x >> 23;
        if (e == 0 || e >= 0xff)
            return false;
        float f, q;
        uint32_t fb = (uint32_t)x, qb;
        memcpy(&f, &fb, 4);
        q = sqrtf(f);
        inexact = (double)q * q != (double)f;   /* 48-bit product: exact in double */
        memcpy(&qb, &q, 4);
        *r = qb;
    } else {
        return false;
    }
    if (inexact)
        c->fpsr |= FPSR_IXC;
    return true;
}

static FPSIMD_HELPER(h_fp_dp1)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned sz = ftype_sz(insn_ftype(insn)), opc = (insn >> 15) & 63;
    uint64_t x = velt(&c->v[insn_rn(insn)], 0, sz), r = 0;
    if (dp1_fast(c, opc, sz, x, &r)) {
        write_scalar(c, insn_rd(insn), opc == 0x04 ? 2 : opc == 0x05 ? 3 : sz, r);
        return 0;
    }
    struct fpst st = fpst_of(c);
    unsigned rsz = sz;
    switch (opc) {
    case 0x00: r = x; break;
    case 0x01: r = fp_abs(x, sz); break;
    case 0x02: r = fp_neg(x, sz); break;
    case 0x03: r = fp_sqrt(x, sz, &st); break;
    case 0x04: case 0x05: case 0x07:
        rsz = ftype_sz(opc & 3);
        r = fp_convert(x, sz, rsz, &st);
        break;
    case 0x08: r = fp_round_int(x, sz, FPR_TIEEVEN, false, &st); break;
    case 0x09: r = fp_round_int(x, sz, FPR_POSINF, false, &st); break;
    case 0x0a: r = fp_round_int(x, sz, FPR_NEGINF, false, &st); break;
    case 0x0b: r = fp_round_int(x, sz, FPR_ZERO, false, &st); break;
    case 0x0c: r = fp_round_int(x, sz, FPR_TIEAWAY, false, &st); break;
    case 0x0e: r = fp_round_int(x, sz, fpst_rmode(&st), true, &st); break;
    case 0x0f: r = fp_round_int(x, sz, fpst_rmode(&st), false, &st); break;
    case 0x10: r = fp_round_int_n(x, sz, FPR_ZERO, 32, &st); break;
    case 0x11: r = fp_round_int_n(x, sz, fpst_rmode(&st), 32, &st); break;
    case 0x12: r = fp_round_int_n(x, sz, FPR_ZERO, 64, &st); break;
    case 0x13: r = fp_round_int_n(x, sz, fpst_rmode(&st), 64, &st); break;
    }
    write_scalar(c, insn_rd(insn), rsz, r);
    fpst_commit(c, &st);
    return 0;
}

fpsimd_helper fpsimd_lookup_fp_dp1(uint32_t insn)
{
    unsigned ftype = insn_ftype(insn), opc = (insn >> 15) & 63;
    if ((insn >> 29) & 5)                       /* M, S */
        return NULL;
    if (ftype == 2)
        return NULL;
    if (opc == 0x04 || opc == 0x05 || opc == 0x07)
        return (opc & 3) != ftype ? h_fp_dp1 : NULL;
    if (ftype == 3)
        return NULL;
    if (opc <= 0x03 || (opc >= 0x08 && opc <= 0x13 && opc != 0x0d))
        return h_fp_dp1;
    return NULL;
}

static FPSIMD_HELPER(h_fp_dp2)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned sz = ftype_sz(insn_ftype(insn)), opc = (insn >> 12) & 15;
    uint64_t x = velt(&c->v[insn_rn(insn)], 0, sz), y = velt(&c->v[insn_rm(insn)], 0, sz), r = 0;
    struct fpst st = fpst_of(c);
    switch (opc) {
    case 0: r = fp_mul(x, y, sz, &st); break;
    case 1: r = fp_div(x, y, sz, &st); break;
    case 2: r = fp_add(x, y, sz, &st); break;
    case 3: r = fp_sub(x, y, sz, &st); break;
    case 4: r = fp_max(x, y, sz, &st); break;
    case 5: r = fp_min(x, y, sz, &st); break;
    case 6: r = fp_maxnm(x, y, sz, &st); break;
    case 7: r = fp_minnm(x, y, sz, &st); break;
    case 8: r = fp_neg(fp_mul(x, y, sz, &st), sz); break;
    }
    write_scalar(c, insn_rd(insn), sz, r);
    fpst_commit(c, &st);
    return 0;
}

fpsimd_helper fpsimd_lookup_fp_dp2(uint32_t insn)
{
    unsigned ftype = insn_ftype(insn), opc = (insn >> 12) & 15;
    if (((insn >> 29) & 5) || ftype >= 2 || opc > 8)
        return NULL;
    fpsimd_helper fast = fpsimd_fast_fp_dp2(insn);
    return fast ? fast : h_fp_dp2;
}

static FPSIMD_HELPER(h_fp_dp3)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned sz = ftype_sz(insn_ftype(insn));
    bool o1 = (insn >> 21) & 1, o0 = (insn >> 15) & 1;
    uint64_t n = velt(&c->v[insn_rn(insn)], 0, sz), m = velt(&c->v[insn_rm(insn)], 0, sz);
    uint64_t a = velt(&c->v[(insn >> 10) & 31], 0, sz);
    struct fpst st = fpst_of(c);
    /* FMADD a+n*m, FMSUB a-n*m, FNMADD -a-n*m, FNMSUB -a+n*m: Arm negates
     * the operands (NaNs included) before the fused operation */
    if (o1)
        a = fp_neg(a, sz);
    if (o0 != o1)
        n = fp_neg(n, sz);
    write_scalar(c, insn_rd(insn), sz, fp_muladd(a, n, m, sz, &st));
    fpst_commit(c, &st);
    return 0;
}

fpsimd_helper fpsimd_lookup_fp_dp3(uint32_t insn)
{
    if (((insn >> 29) & 5) || insn_ftype(insn) >= 2)
        return NULL;
    fpsimd_helper fast = fpsimd_fast_fp_dp3(insn);
    return fast ? fast : h_fp_dp3;
}

uint64_t fpsimd_fcmp(void *env, uint64_t insn, uint64_t unused1, uint64_t unused2)
{
    struct a64_cpu *c = env;
    (void)unused1;
    (void)unused2;
    unsigned sz = ftype_sz(insn_ftype((uint32_t)insn));
    bool with_zero = (insn >> 3) & 1, signal_all = (insn >> 4) & 1;
    uint64_t x = velt(&c->v[insn_rn((uint32_t)insn)], 0, sz);
    uint64_t y = with_zero ? 0 : velt(&c->v[insn_rm((uint32_t)insn)], 0, sz);
    struct fpst st = fpst_of(c);
    uint32_t nzcv = fp_compare(x, y, sz, signal_all, &st);
    fpst_commit(c, &st);
    return nzcv;
}

uint64_t fpsimd_fccmp(void *env, uint64_t insn, uint64_t cond_true, uint64_t unused)
{
    struct a64_cpu *c = env;
    (void)unused;
    if (!cond_true)
        return (insn & 15) << 28;
    unsigned sz = ftype_sz(insn_ftype((uint32_t)insn));
    uint64_t x = velt(&c->v[insn_rn((uint32_t)insn)], 0, sz);
    uint64_t y = velt(&c->v[insn_rm((uint32_t)insn)], 0, sz);
    struct fpst st = fpst_of(c);
    uint32_t nzcv = fp_compare(x, y, sz, (insn >> 4) & 1, &st);
    fpst_commit(c, &st);
    return nzcv;
}

/* FCVT[NPMZA][SU] (integer and, with scale, fixed point): returns Rd */
static FPSIMD_HELPER(h_fp_to_int)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned sz = ftype_sz(insn_ftype(insn)), rmode = (insn >> 19) & 3, opc = (insn >> 16) & 7;
    bool fixed = !((insn >> 21) & 1), sf = insn >> 31;
    unsigned fbits = fixed ? 64 - ((insn >> 10) & 63) : 0;
    static const enum fp_rmode modes[4] = { FPR_TIEEVEN, FPR_POSINF, FPR_NEGINF, FPR_ZERO };
    enum fp_rmode rm = (opc & 4) ? FPR_TIEAWAY : modes[rmode];
    struct fpst st = fpst_of(c);
    uint64_t r = fp_to_fixed(velt(&c->v[insn_rn(insn)], 0, sz), sz, fbits, opc & 1,
                             sf ? 64 : 32, rm, &st);
    fpst_commit(c, &st);
    return r;
}

/* SCVTF/UCVTF from a general register (a1 = Rn's value) */
/* SCVTF/UCVTF (integer, not fixed point) on the host under the default
 * FPCR: the result is a normal number or +0, so the only exception is
 * inexact, which happens exactly when the value has more significant bits
 * than the format's precision */
static bool int_to_fp_fast(struct a64_cpu *c, uint64_t v, bool sf, bool is_unsigned, unsigned sz,
                           uint64_t *r)
{
    if (!fpsimd_fast_fpcr(c))
        return false;
    if (!sf)
        v = is_unsigned ? (uint32_t)v : (uint64_t)(int64_t)(int32_t)v;
    bool neg = !is_unsigned && (int64_t)v < 0;
    uint64_t mag = neg ? 0 - v : v;
    unsigned prec = sz == 3 ? 53 : 24;
    bool inexact = mag && (unsigned)(64 - __builtin_clzll(mag) - __builtin_ctzll(mag)) > prec;
    if (sz == 3) {
        double d = is_unsigned ? (double)v : (double)(int64_t)v;
        memcpy(r, &d, 8);
    } else {
        float f = is_unsigned ? (float)v : (float)(int64_t)v;
        uint32_t fb;
        memcpy(&fb, &f, 4);
        *r = fb;
    }
    if (inexact)
        c->fpsr |= FPSR_IXC;
    return true;
}

static FPSIMD_HELPER(h_int_to_fp)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned sz = ftype_sz(insn_ftype(insn)), opc = (insn >> 16) & 7;
    bool fixed = !((insn >> 21) & 1), sf = insn >> 31;
    unsigned fbits = fixed ? 64 - ((insn >> 10) & 63) : 0;
    uint64_t fast;
    if (!fixed && sz >= 2 && int_to_fp_fast(c, a1, sf, opc & 1, sz, &fast)) {
        write_scalar(c, insn_rd(insn), sz, fast);
        return 0;
    }
    struct fpst st = fpst_of(c);
    uint64_t r = fixed_to_fp(a1, sf ? 64 : 32, fbits, opc & 1, sz, fpst_rmode(&st), &st);
    write_scalar(c, insn_rd(insn), sz, r);
    fpst_commit(c, &st);
    return 0;
}

/* FP<->integer conversions except FMOV (translate_fp.c emits those) */
fpsimd_helper fpsimd_lookup_fp_int(uint32_t insn)
{
    unsigned ftype = insn_ftype(insn), rmode = (insn >> 19) & 3, opc = (insn >> 16) & 7;
    if (((insn >> 29) & 1) || ftype >= 2)
        return NULL;
    switch (opc) {
    case 0: case 1: return h_fp_to_int;
    case 2: case 3: return rmode == 0 ? h_int_to_fp : NULL;
    case 4: case 5: return rmode == 0 ? h_fp_to_int : NULL;
    default: return NULL;
    }
}

fpsimd_helper fpsimd_lookup_fp_fixed(uint32_t insn)
{
    unsigned ftype = insn_ftype(insn), rmode = (insn >> 19) & 3, opc = (insn >> 16) & 7;
    unsigned scale = (insn >> 10) & 63;
    if (((insn >> 29) & 1) || ftype >= 2)
        return NULL;
    if (!(insn >> 31) && scale < 32)
        return NULL;
    if ((opc == 0 || opc == 1) && rmode == 3)
        return h_fp_to_int;
    if ((opc == 2 || opc == 3) && rmode == 0)
        return h_int_to_fp;
    return NULL;
}

uint64_t fpsimd_fjcvtzs(void *env, uint64_t insn, uint64_t unused1, uint64_t unused2)
{
    struct a64_cpu *c = env;
    (void)unused1;
    (void)unused2;
    struct fpst st = fpst_of(c);
    uint64_t r = fp_to_int32_js(c->v[insn_rn((uint32_t)insn)].d[0], &st);
    fpst_commit(c, &st);
    return r;
}
