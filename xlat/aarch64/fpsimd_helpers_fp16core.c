/*
 * Arm floating-point arithmetic at half precision (FEAT_FP16) on raw bit
 * patterns, for fpsimd_helpers_fp16.c.  Each operation follows its Arm
 * ARM pseudocode (FPAdd, FPMul, FPMulX, FPDiv, FPSqrt, FPMulAdd,
 * FPRecipStepFused, FPRSqrtStepFused): FPUnpack with FZ16 (denormal
 * inputs become zero, no IDC), FPProcessNaNs, the infinity/zero special
 * cases, then the exact result rounded once by FPRound
 * (fpcore_round_pack, with FPCR.AHP ignored as FPRound does).  Exactness:
 * every half is an integer multiple of 2^-24 below 2^16, so sums fit in
 * 64 bits at scale 2^24 and sums of a product and a half fit in 128 bits
 * at scale 2^48; quotients and roots carry a sticky bit.
 */
#include <math.h>

#include "xlat/aarch64/fpsimd_helpers_fp16.h"
#include "xlat/aarch64/fpsimd_helpers_fpbits.h"

enum { HS = 1 };                /* the format: log2 of 2 bytes */

static uint16_t h_zero(bool neg) { return neg ? 0x8000 : 0; }
static uint16_t h_inf(bool neg) { return (uint16_t)((neg ? 0x8000 : 0) | 0x7c00); }
static uint16_t h_dnan(struct fpst *st)
{
    st->exc |= FPSR_IOC;
    return (uint16_t)fp_default_nan(HS);
}

static bool nans2(uint16_t a, uint16_t b, struct fpst *st, uint16_t *r)
{
    uint64_t x;
    if (fp_is_snan(a, HS)) x = process_nan(a, HS, st);
    else if (fp_is_snan(b, HS)) x = process_nan(b, HS, st);
    else if (fp_is_nan(a, HS)) x = process_nan(a, HS, st);
    else if (fp_is_nan(b, HS)) x = process_nan(b, HS, st);
    else return false;
    *r = (uint16_t)x;
    return true;
}

static bool nans3(uint16_t a, uint16_t b, uint16_t c, struct fpst *st, uint16_t *r)
{
    uint64_t x;
    if (fp_is_snan(a, HS)) x = process_nan(a, HS, st);
    else if (fp_is_snan(b, HS)) x = process_nan(b, HS, st);
    else if (fp_is_snan(c, HS)) x = process_nan(c, HS, st);
    else if (fp_is_nan(a, HS)) x = process_nan(a, HS, st);
    else if (fp_is_nan(b, HS)) x = process_nan(b, HS, st);
    else if (fp_is_nan(c, HS)) x = process_nan(c, HS, st);
    else return false;
    *r = (uint16_t)x;
    return true;
}

/* FPRound of (-1)^sign * mag * 2^exp, mag != 0: keep the top 64 bits
 * with the rest as a sticky bit (far more than the 11 + 2 the rounding
 * looks at), then Arm's rounding at N = 16. */
static uint16_t round16(bool sign, unsigned __int128 mag, int exp, struct fpst *st)
{
    uint64_t hi = (uint64_t)(mag >> 64);
    if (hi) {
        int sh = 64 - __builtin_clzll(hi);
        bool lost = (mag & (((unsigned __int128)1 << sh) - 1)) != 0;
        mag = (mag >> sh) | lost;
        exp += sh;
    }
    return (uint16_t)fpcore_round_pack(sign, exp, (uint64_t)mag, HS, fpst_rmode(st),
                                       (st->fpcr & FPCR_FZ16) != 0, false, st);
}

/* an exact zero sum takes the sign of the rounding direction */
static uint16_t exact_zero(struct fpst *st)
{
    return h_zero(fpst_rmode(st) == FPR_NEGINF);
}

/* the value of a finite half times 2^24, exactly */
static int64_t scaled24(uint16_t x)
{
    struct fpu u = fpcore_unpack(x, HS);
    if (u.cls != FPC_NUM)
        return 0;
    int64_t v = (int64_t)(u.mant << (u.exp + 24));
    return u.sign ? -v : v;
}

static uint16_t addsub(uint16_t a, uint16_t b, bool sub, struct fpst *st)
{
    uint16_t r;
    a = (uint16_t)flush_in(a, HS, st);
    b = (uint16_t)flush_in(b, HS, st);
    if (nans2(a, b, st, &r))
        return r;
    if (sub)
        b ^= 0x8000;
    bool s1 = a >> 15, s2 = b >> 15;
    bool inf1 = is_inf(a, HS), inf2 = is_inf(b, HS);
    if (inf1 && inf2 && s1 != s2)
        return h_dnan(st);
    if (inf1 || inf2)
        return h_inf(inf1 ? s1 : s2);
    if (is_zero(a, HS) && is_zero(b, HS) && s1 == s2)
        return h_zero(s1);
    int64_t sum = scaled24(a) + scaled24(b);
    if (sum == 0)
        return exact_zero(st);
    return round16(sum < 0, (unsigned __int128)(sum < 0 ? -sum : sum), -24, st);
}

uint16_t h16_add(uint16_t a, uint16_t b, struct fpst *st) { return addsub(a, b, false, st); }
uint16_t h16_sub(uint16_t a, uint16_t b, struct fpst *st) { return addsub(a, b, true, st); }

static uint16_t mul(uint16_t a, uint16_t b, bool is_mulx, struct fpst *st)
{
    uint16_t r;
    a = (uint16_t)flush_in(a, HS, st);
    b = (uint16_t)flush_in(b, HS, st);
    if (nans2(a, b, st, &r))
        return r;
    bool sign = (a ^ b) >> 15;
    bool inf1 = is_inf(a, HS), inf2 = is_inf(b, HS);
    bool zero1 = is_zero(a, HS), zero2 = is_zero(b, HS);
    if ((inf1 && zero2) || (zero1 && inf2))
        return is_mulx ? (uint16_t)((sign ? 0x8000 : 0) | 0x4000) : h_dnan(st);
    if (inf1 || inf2)
        return h_inf(sign);
    if (zero1 || zero2)
        return h_zero(sign);
    struct fpu x = fpcore_unpack(a, HS), y = fpcore_unpack(b, HS);
    return round16(sign, (unsigned __int128)(x.mant * y.mant), x.exp + y.exp, st);
}

uint16_t h16_mul(uint16_t a, uint16_t b, struct fpst *st) { return mul(a, b, false, st); }
uint16_t h16_mulx(uint16_t a, uint16_t b, struct fpst *st) { return mul(a, b, true, st); }

uint16_t h16_div(uint16_t a, uint16_t b, struct fpst *st)
{
    uint16_t r;
    a = (uint16_t)flush_in(a, HS, st);
    b = (uint16_t)flush_in(b, HS, st);
    if (nans2(a, b, st, &r))
        return r;
    bool sign = (a ^ b) >> 15;
    bool inf1 = is_inf(a, HS), inf2 = is_inf(b, HS);
    bool zero1 = is_zero(a, HS), zero2 = is_zero(b, HS);
    if ((inf1 && inf2) || (zero1 && zero2))
        return h_dnan(st);
    if (inf1 || zero2) {
        if (!inf1)
            st->exc |= FPSR_DZC;
        return h_inf(sign);
    }
    if (zero1 || inf2)
        return h_zero(sign);
    struct fpu x = fpcore_unpack(a, HS), y = fpcore_unpack(b, HS);
    uint64_t num = x.mant << 50;                /* < 2^61 */
    uint64_t q = num / y.mant;                  /* >= 2^39 significant bits */
    bool sticky = num % y.mant != 0;
    return round16(sign, (unsigned __int128)(q << 1 | sticky), x.exp - y.exp - 51, st);
}

static uint64_t isqrt64(uint64_t v)
{
    uint64_t r = (uint64_t)sqrtl((long double)v);
    while (r && r * r > v)
        r--;
    while ((r + 1) * (r + 1) <= v)
        r++;
    return r;
}

uint16_t h16_sqrt(uint16_t a, struct fpst *st)
{
    a = (uint16_t)flush_in(a, HS, st);
    if (fp_is_nan(a, HS))
        return (uint16_t)process_nan(a, HS, st);
    if (is_zero(a, HS))
        return a;
    if (a >> 15)
        return h_dnan(st);
    if (is_inf(a, HS))
        return a;
    struct fpu x = fpcore_unpack(a, HS);
    uint64_t m = x.mant;
    int e = x.exp;
    if (e & 1) {
        m <<= 1;
        e--;
    }
    uint64_t v = m << 50;                       /* < 2^62, even scale */
    uint64_t root = isqrt64(v);
    bool sticky = root * root != v;
    return round16(false, (unsigned __int128)(root << 1 | sticky), (e - 50) / 2 - 1, st);
}

/* addend_scaled48 + n * m, rounded once; n, m finite and non-NaN */
static uint16_t fused(__int128 addend48, uint16_t n, uint16_t m, int extra_exp, struct fpst *st)
{
    __int128 p = 0;
    struct fpu x = fpcore_unpack(n, HS), y = fpcore_unpack(m, HS);
    if (x.cls == FPC_NUM && y.cls == FPC_NUM) {
        p = (__int128)((unsigned __int128)(x.mant * y.mant) << (x.exp + y.exp + 48));
        if (x.sign != y.sign)
            p = -p;
    }
    __int128 sum = addend48 + p;
    if (sum == 0)
        return exact_zero(st);
    bool neg = sum < 0;
    return round16(neg, (unsigned __int128)(neg ? -sum : sum), -48 + extra_exp, st);
}

uint16_t h16_muladd(uint16_t addend, uint16_t n, uint16_t m, struct fpst *st)
{
    uint16_t r;
    addend = (uint16_t)flush_in(addend, HS, st);
    n = (uint16_t)flush_in(n, HS, st);
    m = (uint16_t)flush_in(m, HS, st);
    bool inf1 = is_inf(n, HS), inf2 = is_inf(m, HS);
    bool zero1 = is_zero(n, HS), zero2 = is_zero(m, HS);
    bool inf_times_zero = (inf1 && zero2) || (zero1 && inf2);
    bool done = nans3(addend, n, m, st, &r);
    if (fp_is_nan(addend, HS) && !fp_is_snan(addend, HS) && inf_times_zero)
        return h_dnan(st);
    if (done)
        return r;
    bool signA = addend >> 15, signP = (n ^ m) >> 15;
    bool infA = is_inf(addend, HS), infP = inf1 || inf2;
    bool zeroA = is_zero(addend, HS), zeroP = zero1 || zero2;
    if (inf_times_zero || (infA && infP && signA != signP))
        return h_dnan(st);
    if ((infA && !signA) || (infP && !signP))
        return h_inf(false);
    if ((infA && signA) || (infP && signP))
        return h_inf(true);
    if (zeroA && zeroP && signA == signP)
        return h_zero(signA);
    return fused((__int128)scaled24(addend) * ((__int128)1 << 24), n, m, 0, st);
}

/* FRECPS and FRSQRTS: const_ + (-a) * b, the latter halved */
static uint16_t step_fused(uint16_t a, uint16_t b, bool rsqrt, struct fpst *st)
{
    uint16_t r;
    a = (uint16_t)(flush_in(a, HS, st) ^ 0x8000);
    b = (uint16_t)flush_in(b, HS, st);
    if (nans2(a, b, st, &r))
        return r;
    bool inf1 = is_inf(a, HS), inf2 = is_inf(b, HS);
    bool zero1 = is_zero(a, HS), zero2 = is_zero(b, HS);
    if ((inf1 && zero2) || (zero1 && inf2))
        return rsqrt ? 0x3e00 : 0x4000;         /* 1.5 or 2.0 */
    if (inf1 || inf2)
        return h_inf((a ^ b) >> 15);
    __int128 k = (__int128)(rsqrt ? 3 : 2) << 48;
    return fused(k, a, b, rsqrt ? -1 : 0, st);
}

uint16_t h16_recps(uint16_t a, uint16_t b, struct fpst *st) { return step_fused(a, b, false, st); }
uint16_t h16_rsqrts(uint16_t a, uint16_t b, struct fpst *st) { return step_fused(a, b, true, st); }

uint16_t h16_recpe(uint16_t a, struct fpst *st)
{
    /* FPRecipEstimate: with FZ16, |a| >= 2^14 gives a zero of a's sign
     * and Underflow (the shared estimate applies this rule to FZ only) */
    if ((st->fpcr & FPCR_FZ16) && !fp_is_nan(a, HS) && !is_inf(a, HS) && exp_field(a, HS) >= 29) {
        st->exc |= FPSR_UFC;
        return a & 0x8000;
    }
    return (uint16_t)fp_recpe(a, HS, st);
}

/* a half-precision NaN as the single-precision NaN FPConvertNaN makes:
 * sign, quiet bit, payload moved to the top of the fraction */
static uint32_t nan16_to32(uint16_t h)
{
    return (uint32_t)(h & 0x8000) << 16 | 0x7fc00000u | (uint32_t)(h & 0x1ff) << 13;
}

uint32_t h16_fmlal(uint32_t addend, uint16_t n, uint16_t m, struct fpst *st)
{
    addend = (uint32_t)flush_in(addend, 2, st);
    n = (uint16_t)flush_in(n, HS, st);
    m = (uint16_t)flush_in(m, HS, st);
    bool inf_times_zero = (is_inf(n, HS) && is_zero(m, HS)) || (is_zero(n, HS) && is_inf(m, HS));
    /* FPProcessNaNs3H: addend, op1, op2; a half NaN result is converted */
    uint32_t r = 0;
    bool done = true;
    if (fp_is_snan(addend, 2)) r = (uint32_t)process_nan(addend, 2, st);
    else if (fp_is_snan(n, HS)) r = nan16_to32((uint16_t)process_nan(n, HS, st));
    else if (fp_is_snan(m, HS)) r = nan16_to32((uint16_t)process_nan(m, HS, st));
    else if (fp_is_nan(addend, 2)) r = (uint32_t)process_nan(addend, 2, st);
    else if (fp_is_nan(n, HS)) r = nan16_to32((uint16_t)process_nan(n, HS, st));
    else if (fp_is_nan(m, HS)) r = nan16_to32((uint16_t)process_nan(m, HS, st));
    else done = false;
    if (fp_is_nan(addend, 2) && !fp_is_snan(addend, 2) && inf_times_zero) {
        st->exc |= FPSR_IOC;
        return (uint32_t)fp_default_nan(2);
    }
    if (done)
        return r;
    /* the halves are exact singles; their product is exact in single too,
     * so FPMulAdd at N = 32 on them is FPMulAddH's one rounding */
    struct fpst exact = { 0, 0, 0 };
    uint32_t n32 = (uint32_t)fp_convert(n, HS, 2, &exact);
    uint32_t m32 = (uint32_t)fp_convert(m, HS, 2, &exact);
    return (uint32_t)fp_muladd(addend, n32, m32, 2, st);
}
