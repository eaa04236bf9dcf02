/*
 * Arm floating-point rules on raw bit patterns, for the FP/AdvSIMD
 * helpers (see fpsimd_helpers.h).  Arithmetic runs on the host's SSE unit
 * with MXCSR set from FPCR.RMode and all exceptions masked; the results
 * are then fixed up where x86 and Arm disagree: NaN choice and default NaN
 * (handled before the host op), tininess (Arm detects it before rounding,
 * x86 after), flush to zero of inputs and outputs, and the mapping of
 * MXCSR flags to FPSR.  Conversions and rounding to integral are done in
 * software (round_pack below is Arm's FPRound), so they are exact in every
 * rounding mode.
 */
#include <fenv.h>
#include <math.h>
#include <string.h>


#include "xlat/aarch64/fpsimd_helpers_fpbits.h"

bool fp_is_nan(uint64_t x, unsigned sz)
{
    return exp_field(x, sz) == exp_max(sz) && (x & frac_mask(sz));
}

bool fp_is_snan(uint64_t x, unsigned sz)
{
    return fp_is_nan(x, sz) && !(x & quiet_bit(sz));
}

uint64_t fp_default_nan(unsigned sz)
{
    return ((uint64_t)exp_max(sz) << fbits_of[sz]) | quiet_bit(sz);
}

uint64_t fp_neg(uint64_t a, unsigned sz) { return a ^ sign_bit(sz); }
uint64_t fp_abs(uint64_t a, unsigned sz) { return a & ~sign_bit(sz); }

struct fpu fpcore_unpack(uint64_t x, unsigned sz)
{
    struct fpu u = { FPC_ZERO, (x & sign_bit(sz)) != 0, 0, 0 };
    unsigned e = exp_field(x, sz);
    uint64_t f = x & frac_mask(sz);
    if (e == exp_max(sz)) {
        u.cls = !f ? FPC_INF : (f & quiet_bit(sz)) ? FPC_QNAN : FPC_SNAN;
    } else if (e == 0) {
        if (f) {
            u.cls = FPC_NUM;
            u.mant = f;
            u.exp = 1 - exp_bias(sz) - (int)fbits_of[sz];
        }
    } else {
        u.cls = FPC_NUM;
        u.mant = f | (1ull << fbits_of[sz]);
        u.exp = (int)e - exp_bias(sz) - (int)fbits_of[sz];
    }
    return u;
}

/* FPProcessNaN for one operand known to be a NaN. */
uint64_t fpcore_process_nan(uint64_t a, unsigned sz, struct fpst *st)
{
    if (fp_is_snan(a, sz)) {
        st->exc |= FPSR_IOC;
        a |= quiet_bit(sz);
    }
    return (st->fpcr & FPCR_DN) ? fp_default_nan(sz) : a;
}

/* FPProcessNaNs: true (and *r) if a or b is a NaN. */
static bool process_nans2(uint64_t a, uint64_t b, unsigned sz, struct fpst *st, uint64_t *r)
{
    if (fp_is_snan(a, sz)) *r = process_nan(a, sz, st);
    else if (fp_is_snan(b, sz)) *r = process_nan(b, sz, st);
    else if (fp_is_nan(a, sz)) *r = process_nan(a, sz, st);
    else if (fp_is_nan(b, sz)) *r = process_nan(b, sz, st);
    else return false;
    return true;
}

static bool process_nans3(uint64_t a, uint64_t b, uint64_t c, unsigned sz, struct fpst *st,
                          uint64_t *r)
{
    if (fp_is_snan(a, sz)) *r = process_nan(a, sz, st);
    else if (fp_is_snan(b, sz)) *r = process_nan(b, sz, st);
    else if (fp_is_snan(c, sz)) *r = process_nan(c, sz, st);
    else if (fp_is_nan(a, sz)) *r = process_nan(a, sz, st);
    else if (fp_is_nan(b, sz)) *r = process_nan(b, sz, st);
    else if (fp_is_nan(c, sz)) *r = process_nan(c, sz, st);
    else return false;
    return true;
}

/*
 * Arm FPRound of the exact value (-1)^sign * mant * 2^exp (mant != 0) to
 * format sz: tininess before rounding, flush to zero if fz, overflow to
 * infinity or the largest normal depending on the mode.
 */
/* ahp: Arm's alternative half precision (FPCR.AHP): no infinities or
 * NaNs, exponent 31 is a normal binade, overflow saturates with IOC. */
uint64_t fpcore_round_pack(bool sign, int exp, uint64_t mant, unsigned sz, enum fp_rmode rm,
                           bool fz, bool ahp, struct fpst *st)
{
    uint64_t sbit = sign ? sign_bit(sz) : 0;
    int lz = __builtin_clzll(mant);
    uint64_t m = mant << lz;
    int e = exp - lz;                   /* value = m * 2^e, m in [2^63, 2^64) */
    int E = e + 63;                     /* value in [2^E, 2^(E+1)) */
    int emin = 1 - exp_bias(sz);
    int F = (int)fbits_of[sz];

    if (E < emin && fz) {
        st->exc |= FPSR_UFC;
        return sbit;
    }
    int lsbexp = (E > emin ? E : emin) - F;
    int shift = lsbexp - e;             /* >= 63 - F > 0 */
    unsigned __int128 M = m;
    uint64_t q;
    int cmp;                            /* remainder vs half an ulp: -1, 0, 1 */
    bool inexact;
    if (shift >= 120) {
        q = 0;
        cmp = -1;
        inexact = true;
    } else {
        unsigned __int128 rem = M & (((unsigned __int128)1 << shift) - 1);
        unsigned __int128 half = (unsigned __int128)1 << (shift - 1);
        q = (uint64_t)(M >> shift);
        cmp = rem > half ? 1 : rem == half ? 0 : -1;
        inexact = rem != 0;
    }
    bool up = false;
    if (inexact) {
        switch (rm) {
        case FPR_TIEEVEN: up = cmp > 0 || (cmp == 0 && (q & 1)); break;
        case FPR_TIEAWAY: up = cmp >= 0; break;
        case FPR_POSINF: up = !sign; break;
        case FPR_NEGINF: up = sign; break;
        case FPR_ZERO: break;
        case FPR_ODD: q |= 1; break;
        }
    }
    if (E < emin && inexact)
        st->exc |= FPSR_UFC;
    q += up;
    unsigned be;
    if (E >= emin) {
        be = (unsigned)(E - emin + 1);
        if (q >> (F + 1)) {
            q >>= 1;
            be++;
        }
    } else {
        be = (q >> F) ? 1 : 0;
    }
    if (ahp) {
        if (be > exp_max(sz)) {
            st->exc |= FPSR_IOC;
            return sbit | 0x7fff;
        }
    } else if (be >= exp_max(sz)) {
        st->exc |= FPSR_OFC | FPSR_IXC;
        bool to_inf = rm == FPR_TIEEVEN || rm == FPR_TIEAWAY ||
                      (rm == FPR_POSINF && !sign) || (rm == FPR_NEGINF && sign);
        if (to_inf)
            return sbit | ((uint64_t)exp_max(sz) << F);
        return sbit | ((uint64_t)(exp_max(sz) - 1) << F) | frac_mask(sz);
    }
    if (inexact)
        st->exc |= FPSR_IXC;
    return sbit | ((uint64_t)be << F) | (q & frac_mask(sz));
}

/* ---- host SSE arithmetic ---- */

enum hop { H_ADD, H_SUB, H_MUL, H_DIV, H_SQRT, H_FMA };

static unsigned host_rc(enum fp_rmode rm)
{
    static const unsigned rc[] = { 0, 2, 1, 3, 0, 3 };
    return rc[rm];
}

static int host_has_fma = -1;

/* a op b (FMA: c + a * b); *flags receives MXCSR's exception bits. */
static uint64_t host_op(enum hop op, uint64_t a, uint64_t b, uint64_t c, unsigned sz,
                        enum fp_rmode rm, unsigned *flags)
{
    if (op == H_FMA) {
        if (host_has_fma < 0)
            host_has_fma = __builtin_cpu_supports("fma") ? 1 : 0;
        if (!host_has_fma) {
            static const int fe[] = { FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO,
                                      FE_TONEAREST, FE_TOWARDZERO };
            fenv_t saved;
            uint64_t r;
            feholdexcept(&saved);
            fesetround(fe[rm]);
            if (sz == 3) {
                double x, y, z;
                memcpy(&x, &a, 8); memcpy(&y, &b, 8); memcpy(&z, &c, 8);
                volatile double v = fma(x, y, z);
                double w = v;
                memcpy(&r, &w, 8);
            } else {
                float x, y, z;
                uint32_t a32 = (uint32_t)a, b32 = (uint32_t)b, c32 = (uint32_t)c, r32;
                memcpy(&x, &a32, 4); memcpy(&y, &b32, 4); memcpy(&z, &c32, 4);
                volatile float v = fmaf(x, y, z);
                float w = v;
                memcpy(&r32, &w, 4);
                r = r32;
            }
            *flags = (unsigned)fetestexcept(FE_ALL_EXCEPT) & 0x3f;
            fesetenv(&saved);
            return r;
        }
    }
    unsigned old, mx = 0x1f80 | host_rc(rm) << 13, f;
    uint64_t r;
    __asm__ volatile("stmxcsr %0" : "=m"(old));
    __asm__ volatile("ldmxcsr %0" : : "m"(mx));
    if (sz == 3) {
        double x, y, z;
        memcpy(&x, &a, 8); memcpy(&y, &b, 8); memcpy(&z, &c, 8);
        switch (op) {
        case H_ADD: __asm__ volatile("addsd %2, %0" : "=x"(x) : "0"(x), "x"(y)); break;
        case H_SUB: __asm__ volatile("subsd %2, %0" : "=x"(x) : "0"(x), "x"(y)); break;
        case H_MUL: __asm__ volatile("mulsd %2, %0" : "=x"(x) : "0"(x), "x"(y)); break;
        case H_DIV: __asm__ volatile("divsd %2, %0" : "=x"(x) : "0"(x), "x"(y)); break;
        case H_SQRT: __asm__ volatile("sqrtsd %1, %0" : "=x"(x) : "x"(x)); break;
        case H_FMA:
            __asm__ volatile("vfmadd231sd %2, %1, %0" : "+x"(z) : "x"(x), "x"(y));
            x = z;
            break;
        }
        memcpy(&r, &x, 8);
    } else {
        float x, y, z;
        uint32_t a32 = (uint32_t)a, b32 = (uint32_t)b, c32 = (uint32_t)c, r32;
        memcpy(&x, &a32, 4); memcpy(&y, &b32, 4); memcpy(&z, &c32, 4);
        switch (op) {
        case H_ADD: __asm__ volatile("addss %2, %0" : "=x"(x) : "0"(x), "x"(y)); break;
        case H_SUB: __asm__ volatile("subss %2, %0" : "=x"(x) : "0"(x), "x"(y)); break;
        case H_MUL: __asm__ volatile("mulss %2, %0" : "=x"(x) : "0"(x), "x"(y)); break;
        case H_DIV: __asm__ volatile("divss %2, %0" : "=x"(x) : "0"(x), "x"(y)); break;
        case H_SQRT: __asm__ volatile("sqrtss %1, %0" : "=x"(x) : "x"(x)); break;
        case H_FMA:
            __asm__ volatile("vfmadd231ss %2, %1, %0" : "+x"(z) : "x"(x), "x"(y));
            x = z;
            break;
        }
        memcpy(&r32, &x, 4);
        r = r32;
    }
    __asm__ volatile("stmxcsr %0" : "=m"(f));
    __asm__ volatile("ldmxcsr %0" : : "m"(old));
    *flags = f & 0x3f;
    return r;
}

enum { MX_IE = 1, MX_ZE = 4, MX_OE = 8, MX_UE = 16, MX_PE = 32 };

/* Host op on operands already flushed and free of NaNs, with Arm flags. */
static uint64_t arith(enum hop op, uint64_t a, uint64_t b, uint64_t c, unsigned sz,
                      struct fpst *st)
{
    enum fp_rmode rm = fpst_rmode(st);
    unsigned fl;
    uint64_t r = host_op(op, a, b, c, sz, rm, &fl);
    if (fl & MX_IE) {
        st->exc |= FPSR_IOC;
        return fp_default_nan(sz);
    }
    if (fl & MX_ZE)
        st->exc |= FPSR_DZC;
    if (fl & MX_OE)
        st->exc |= FPSR_OFC;
    uint64_t minnorm = 1ull << fbits_of[sz];
    bool tiny = (fl & MX_UE) || is_denormal(r, sz);
    if (!tiny && (fl & MX_PE) && (r & ~sign_bit(sz)) == minnorm) {
        /* rounded up to the smallest normal: tiny before rounding iff
         * rounding toward zero stays below it */
        unsigned fl2;
        uint64_t r2 = host_op(op, a, b, c, sz, FPR_ZERO, &fl2);
        tiny = (r2 & ~sign_bit(sz)) < minnorm;
    }
    if (tiny && (st->fpcr & FPCR_FZ)) {
        st->exc |= FPSR_UFC;
        return r & sign_bit(sz);
    }
    if (tiny && (fl & MX_PE))
        st->exc |= FPSR_UFC;
    if (fl & MX_PE)
        st->exc |= FPSR_IXC;
    return r;
}

/*
 * Fast path: with FPCR all default (round to nearest, no FZ, no DN) and
 * IXC already set in FPSR, an IEEE result that is a normal number larger
 * than the smallest normal is exactly Arm's, and the only flag it could
 * raise (IXC) is already set.  Anything else takes the exact path.
 */
static inline bool fast_ok(const struct fpst *st, unsigned sz)
{
    return sz >= 2 && !(st->fpcr & (FPCR_FZ | FPCR_DN | 3u << FPCR_RMODE_SHIFT)) &&
           (st->fpsr_in & FPSR_IXC);
}

static inline bool fast_result_ok(uint64_t r, unsigned sz)
{
    unsigned e = exp_field(r, sz);
    return e != 0 && e != exp_max(sz) && (r & ~sign_bit(sz)) != 1ull << fbits_of[sz];
}

static inline bool fast_binop(enum hop op, uint64_t a, uint64_t b, unsigned sz, uint64_t *out)
{
    uint64_t r;
    if (sz == 3) {
        double x, y, z = 0;
        memcpy(&x, &a, 8);
        memcpy(&y, &b, 8);
        switch (op) {
        case H_ADD: z = x + y; break;
        case H_SUB: z = x - y; break;
        case H_MUL: z = x * y; break;
        default: z = x / y; break;
        }
        memcpy(&r, &z, 8);
    } else {
        float x, y, z = 0;
        uint32_t a32 = (uint32_t)a, b32 = (uint32_t)b, r32;
        memcpy(&x, &a32, 4);
        memcpy(&y, &b32, 4);
        switch (op) {
        case H_ADD: z = x + y; break;
        case H_SUB: z = x - y; break;
        case H_MUL: z = x * y; break;
        default: z = x / y; break;
        }
        memcpy(&r32, &z, 4);
        r = r32;
    }
    *out = r;
    if (is_zero(r, sz)) {
        /* exact zeros only: a zero sum is always exact, a zero product or
         * quotient only when an operand is zero (else it underflowed) */
        return op == H_ADD || op == H_SUB || (op == H_MUL && (is_zero(a, sz) || is_zero(b, sz))) ||
               (op == H_DIV && is_zero(a, sz) && !is_zero(b, sz));
    }
    return fast_result_ok(r, sz);
}

static uint64_t binop(enum hop op, uint64_t a, uint64_t b, unsigned sz, struct fpst *st)
{
    uint64_t r;
    if (fast_ok(st, sz) && fast_binop(op, a, b, sz, &r))
        return r;
    a = flush_in(a, sz, st);
    b = flush_in(b, sz, st);
    if (process_nans2(a, b, sz, st, &r))
        return r;
    return arith(op, a, b, 0, sz, st);
}

uint64_t fp_add(uint64_t a, uint64_t b, unsigned sz, struct fpst *st) { return binop(H_ADD, a, b, sz, st); }
uint64_t fp_sub(uint64_t a, uint64_t b, unsigned sz, struct fpst *st) { return binop(H_SUB, a, b, sz, st); }
uint64_t fp_mul(uint64_t a, uint64_t b, unsigned sz, struct fpst *st) { return binop(H_MUL, a, b, sz, st); }
uint64_t fp_div(uint64_t a, uint64_t b, unsigned sz, struct fpst *st) { return binop(H_DIV, a, b, sz, st); }

uint64_t fp_abd(uint64_t a, uint64_t b, unsigned sz, struct fpst *st)
{
    return fp_abs(fp_sub(a, b, sz, st), sz);
}

uint64_t fp_mulx(uint64_t a, uint64_t b, unsigned sz, struct fpst *st)
{
    uint64_t r;
    a = flush_in(a, sz, st);
    b = flush_in(b, sz, st);
    if (process_nans2(a, b, sz, st, &r))
        return r;
    if ((is_inf(a, sz) && is_zero(b, sz)) || (is_zero(a, sz) && is_inf(b, sz)))
        return ((a ^ b) & sign_bit(sz)) | ((uint64_t)exp_bias(sz) + 1) << fbits_of[sz];
    return arith(H_MUL, a, b, 0, sz, st);
}

uint64_t fp_sqrt(uint64_t a, unsigned sz, struct fpst *st)
{
    a = flush_in(a, sz, st);
    if (fp_is_nan(a, sz))
        return process_nan(a, sz, st);
    return arith(H_SQRT, a, 0, 0, sz, st);
}

uint64_t fp_muladd(uint64_t addend, uint64_t n, uint64_t m, unsigned sz, struct fpst *st)
{
    uint64_t r;
    if (fast_ok(st, sz)) {                      /* see fast_binop */
        if (sz == 3) {
            double x, y, z;
            memcpy(&x, &n, 8);
            memcpy(&y, &m, 8);
            memcpy(&z, &addend, 8);
            z = fma(x, y, z);
            memcpy(&r, &z, 8);
        } else {
            float x, y, z;
            uint32_t n32 = (uint32_t)n, m32 = (uint32_t)m, a32 = (uint32_t)addend, r32;
            memcpy(&x, &n32, 4);
            memcpy(&y, &m32, 4);
            memcpy(&z, &a32, 4);
            z = fmaf(x, y, z);
            memcpy(&r32, &z, 4);
            r = r32;
        }
        if (fast_result_ok(r, sz) || (is_zero(r, sz) && (is_zero(n, sz) || is_zero(m, sz))))
            return r;
    }
    addend = flush_in(addend, sz, st);
    n = flush_in(n, sz, st);
    m = flush_in(m, sz, st);
    bool inf_times_zero = (is_inf(n, sz) && is_zero(m, sz)) || (is_zero(n, sz) && is_inf(m, sz));
    bool done = process_nans3(addend, n, m, sz, st, &r);
    if (fp_is_nan(addend, sz) && !fp_is_snan(addend, sz) && inf_times_zero) {
        st->exc |= FPSR_IOC;
        return fp_default_nan(sz);
    }
    if (done)
        return r;
    return arith(H_FMA, n, m, addend, sz, st);
}

/* Exact value as a double (formats up to double; NaN excluded). */
static double to_double(uint64_t x, unsigned sz)
{
    if (sz == 3) {
        double d;
        memcpy(&d, &x, 8);
        return d;
    }
    struct fpu u = unpack(x, sz);
    double v = u.cls == FPC_INF ? INFINITY : u.cls == FPC_ZERO ? 0.0 : ldexp((double)u.mant, u.exp);
    return u.sign ? -v : v;
}

static uint64_t minmax(uint64_t a, uint64_t b, unsigned sz, bool is_max, struct fpst *st)
{
    uint64_t r;
    if (process_nans2(a, b, sz, st, &r))
        return r;
    if (is_zero(a, sz) && is_zero(b, sz)) {
        bool neg = is_max ? ((a & b) & sign_bit(sz)) : ((a | b) & sign_bit(sz));
        return neg ? sign_bit(sz) : 0;
    }
    double x = to_double(a, sz), y = to_double(b, sz);
    return (is_max ? x > y : x < y) ? a : b;
}

uint64_t fp_max(uint64_t a, uint64_t b, unsigned sz, struct fpst *st)
{
    a = flush_in(a, sz, st);
    b = flush_in(b, sz, st);
    return minmax(a, b, sz, true, st);
}

uint64_t fp_min(uint64_t a, uint64_t b, unsigned sz, struct fpst *st)
{
    a = flush_in(a, sz, st);
    b = flush_in(b, sz, st);
    return minmax(a, b, sz, false, st);
}

/* FPMaxNum/FPMinNum: a quiet NaN loses against a number. */
static uint64_t minmaxnm(uint64_t a, uint64_t b, unsigned sz, bool is_max, struct fpst *st)
{
    a = flush_in(a, sz, st);
    b = flush_in(b, sz, st);
    bool qa = fp_is_nan(a, sz) && !fp_is_snan(a, sz);
    bool qb = fp_is_nan(b, sz) && !fp_is_snan(b, sz);
    uint64_t inf = ((uint64_t)exp_max(sz) << fbits_of[sz]) | (is_max ? sign_bit(sz) : 0);
    if (qa && !fp_is_nan(b, sz))
        a = inf;
    else if (qb && !fp_is_nan(a, sz))
        b = inf;
    return minmax(a, b, sz, is_max, st);
}

uint64_t fp_maxnm(uint64_t a, uint64_t b, unsigned sz, struct fpst *st) { return minmaxnm(a, b, sz, true, st); }
uint64_t fp_minnm(uint64_t a, uint64_t b, unsigned sz, struct fpst *st) { return minmaxnm(a, b, sz, false, st); }

uint32_t fp_compare(uint64_t a, uint64_t b, unsigned sz, bool signal_all, struct fpst *st)
{
    a = flush_in(a, sz, st);
    b = flush_in(b, sz, st);
    if (fp_is_nan(a, sz) || fp_is_nan(b, sz)) {
        if (signal_all || fp_is_snan(a, sz) || fp_is_snan(b, sz))
            st->exc |= FPSR_IOC;
        return 0x3u << 28;
    }
    double x = to_double(a, sz), y = to_double(b, sz);
    return x == y ? 0x6u << 28 : x < y ? 0x8u << 28 : 0x2u << 28;
}

bool fp_cmp_eq(uint64_t a, uint64_t b, unsigned sz, struct fpst *st)
{
    a = flush_in(a, sz, st);
    b = flush_in(b, sz, st);
    if (fp_is_nan(a, sz) || fp_is_nan(b, sz)) {
        if (fp_is_snan(a, sz) || fp_is_snan(b, sz))
            st->exc |= FPSR_IOC;
        return false;
    }
    return to_double(a, sz) == to_double(b, sz);
}

bool fp_cmp_ge(uint64_t a, uint64_t b, unsigned sz, struct fpst *st)
{
    a = flush_in(a, sz, st);
    b = flush_in(b, sz, st);
    if (fp_is_nan(a, sz) || fp_is_nan(b, sz)) {
        st->exc |= FPSR_IOC;
        return false;
    }
    return to_double(a, sz) >= to_double(b, sz);
}

bool fp_cmp_gt(uint64_t a, uint64_t b, unsigned sz, struct fpst *st)
{
    a = flush_in(a, sz, st);
    b = flush_in(b, sz, st);
    if (fp_is_nan(a, sz) || fp_is_nan(b, sz)) {
        st->exc |= FPSR_IOC;
        return false;
    }
    return to_double(a, sz) > to_double(b, sz);
}

uint64_t fp_recps(uint64_t a, uint64_t b, unsigned sz, struct fpst *st)
{
    uint64_t r;
    a = fp_neg(flush_in(a, sz, st), sz);
    b = flush_in(b, sz, st);
    if (process_nans2(a, b, sz, st, &r))
        return r;
    uint64_t two = (uint64_t)(exp_bias(sz) + 1) << fbits_of[sz];
    if ((is_inf(a, sz) && is_zero(b, sz)) || (is_zero(a, sz) && is_inf(b, sz)))
        return two;
    if (is_inf(a, sz) || is_inf(b, sz))
        return ((a ^ b) & sign_bit(sz)) | ((uint64_t)exp_max(sz) << fbits_of[sz]);
    return arith(H_FMA, a, b, two, sz, st);
}

uint64_t fp_rsqrts(uint64_t a, uint64_t b, unsigned sz, struct fpst *st)
{
    uint64_t r;
    a = fp_neg(flush_in(a, sz, st), sz);
    b = flush_in(b, sz, st);
    if (process_nans2(a, b, sz, st, &r))
        return r;
    uint64_t onehalf = ((uint64_t)exp_bias(sz) << fbits_of[sz]) | quiet_bit(sz);
    if ((is_inf(a, sz) && is_zero(b, sz)) || (is_zero(a, sz) && is_inf(b, sz)))
        return onehalf;
    if (is_inf(a, sz) || is_inf(b, sz))
        return ((a ^ b) & sign_bit(sz)) | ((uint64_t)exp_max(sz) << fbits_of[sz]);
    /* (3 + a*b) / 2 with one rounding: 1.5 + (a/2)*b, halving whichever
     * operand halves exactly; if neither does, a*b is tiny and the sum
     * can be halved after rounding without a second rounding */
    uint64_t onehalf_q = onehalf;
    uint64_t one_lsb = 1ull << fbits_of[sz];
    if (exp_field(a, sz) > 1)
        return arith(H_FMA, a - one_lsb, b, onehalf_q, sz, st);
    if (exp_field(b, sz) > 1)
        return arith(H_FMA, a, b - one_lsb, onehalf_q, sz, st);
    uint64_t three = ((uint64_t)(exp_bias(sz) + 1) << fbits_of[sz]) | quiet_bit(sz);
    uint64_t x = arith(H_FMA, a, b, three, sz, st);
    return x - one_lsb;
}
