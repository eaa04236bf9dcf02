/*
 * Fast versions of the hottest floating-point instructions (scalar
 * FADD/FSUB/FMUL/FDIV and FMADD/FMSUB/FNMADD/FNMSUB, vector
 * FADD/FSUB/FMUL/FDIV, FMLA/FMLS): with FPCR all default
 * (fpsimd_fast_fpcr) they compute with the host FPU and keep the result if
 * every lane is a plain normal number (or an exact zero where noted) and
 * the host raised no flag beyond inexact; anything else (NaNs, infinities, zeros, denormals,
 * non-default FPCR, IXC still clear) goes through the exact Arm core.
 * Picked at translate time by the lookups in fpsimd_helpers_fp.c and
 * fpsimd_helpers_vfp.c.
 */
#include <immintrin.h>
#include <math.h>
#include <string.h>

#include "xlat/aarch64/fpsimd_helpers.h"

/*
 * While FPSR.IXC is still clear the fast paths must learn whether the
 * result was inexact: they clear MXCSR's flags first and read them after.
 * Only PE (inexact, -> IXC) and DE (a denormal operand, which Arm does not
 * report without FZ) are acceptable; anything else takes the exact path.
 */
struct mxtrack {
    bool on;
    unsigned old;
};

static inline struct mxtrack mx_begin(const struct a64_cpu *c)
{
    struct mxtrack t = { !(c->fpsr & FPSR_IXC), 0 };
    if (t.on) {
        unsigned m;
        __asm__ volatile("stmxcsr %0" : "=m"(t.old) : : "memory");
        m = t.old & ~0x3fu;
        __asm__ volatile("ldmxcsr %0" : : "m"(m) : "memory");
    }
    return t;
}

/* true if the flags since mx_begin allow the fast result; sets IXC */
static inline bool mx_end(struct a64_cpu *c, struct mxtrack t)
{
    if (!t.on)
        return true;
    unsigned f;
    __asm__ volatile("stmxcsr %0" : "=m"(f) : : "memory");
    __asm__ volatile("ldmxcsr %0" : : "m"(t.old) : "memory");
    if (f & 0x1d)                       /* IE, ZE, OE, UE */
        return false;
    if (f & 0x20)
        c->fpsr |= FPSR_IXC;
    return true;
}

/* keep the compiler from moving FP arithmetic across mx_begin/mx_end */
#define FP_BARRIER(v) __asm__ volatile("" : "+m"(v))

static inline void write_d(struct a64_cpu *c, unsigned rd, uint64_t v)
{
    c->v[rd].d[0] = v;
    c->v[rd].d[1] = 0;
}

enum { OP_MUL, OP_DIV, OP_ADD, OP_SUB };

static inline uint64_t slow2(int op, uint64_t x, uint64_t y, unsigned sz, struct fpst *st)
{
    switch (op) {
    case OP_MUL: return fp_mul(x, y, sz, st);
    case OP_DIV: return fp_div(x, y, sz, st);
    case OP_ADD: return fp_add(x, y, sz, st);
    default:     return fp_sub(x, y, sz, st);
    }
}

#define DP2_D(name, op, EXPR)                                               \
    static FPSIMD_HELPER(name)                                              \
    {                                                                       \
        struct a64_cpu *c = env_;                                           \
        uint32_t insn = (uint32_t)a0;                                       \
        uint64_t xb = c->v[insn_rn(insn)].d[0], yb = c->v[insn_rm(insn)].d[0], rb; \
        if (fpsimd_fast_fpcr(c)) {                                          \
            double x, y, r;                                                 \
            memcpy(&x, &xb, 8);                                             \
            memcpy(&y, &yb, 8);                                             \
            struct mxtrack t = mx_begin(c);                                 \
            FP_BARRIER(x);                                                  \
            FP_BARRIER(y);                                                  \
            r = EXPR;                                                       \
            FP_BARRIER(r);                                                  \
            memcpy(&rb, &r, 8);                                             \
            if (mx_end(c, t) && fpsimd_fast_f64(rb)) {                      \
                write_d(c, insn_rd(insn), rb);                              \
                return 0;                                                   \
            }                                                               \
        }                                                                   \
        struct fpst st = fpst_of(c);                                        \
        write_d(c, insn_rd(insn), slow2(op, xb, yb, 3, &st));               \
        fpst_commit(c, &st);                                                \
        return 0;                                                           \
    }

#define DP2_S(name, op, EXPR)                                               \
    static FPSIMD_HELPER(name)                                              \
    {                                                                       \
        struct a64_cpu *c = env_;                                           \
        uint32_t insn = (uint32_t)a0;                                       \
        uint32_t xb = c->v[insn_rn(insn)].s[0], yb = c->v[insn_rm(insn)].s[0], rb; \
        if (fpsimd_fast_fpcr(c)) {                                          \
            float x, y, r;                                                  \
            memcpy(&x, &xb, 4);                                             \
            memcpy(&y, &yb, 4);                                             \
            struct mxtrack t = mx_begin(c);                                 \
            FP_BARRIER(x);                                                  \
            FP_BARRIER(y);                                                  \
            r = EXPR;                                                       \
            FP_BARRIER(r);                                                  \
            memcpy(&rb, &r, 4);                                             \
            if (mx_end(c, t) && fpsimd_fast_f32(rb)) {                      \
                write_d(c, insn_rd(insn), rb);                              \
                return 0;                                                   \
            }                                                               \
        }                                                                   \
        struct fpst st = fpst_of(c);                                        \
        write_d(c, insn_rd(insn), slow2(op, xb, yb, 2, &st));               \
        fpst_commit(c, &st);                                                \
        return 0;                                                           \
    }

DP2_D(fmul_d, OP_MUL, x * y)
DP2_D(fdiv_d, OP_DIV, x / y)
DP2_D(fadd_d, OP_ADD, x + y)
DP2_D(fsub_d, OP_SUB, x - y)
DP2_S(fmul_s, OP_MUL, x * y)
DP2_S(fdiv_s, OP_DIV, x / y)
DP2_S(fadd_s, OP_ADD, x + y)
DP2_S(fsub_s, OP_SUB, x - y)

fpsimd_helper fpsimd_fast_fp_dp2(uint32_t insn)
{
    static const fpsimd_helper tab[2][4] = {
        { fmul_s, fdiv_s, fadd_s, fsub_s },
        { fmul_d, fdiv_d, fadd_d, fsub_d },
    };
    unsigned ftype = (insn >> 22) & 3, opc = (insn >> 12) & 15;
    return ftype < 2 && opc < 4 ? tab[ftype][opc] : NULL;
}

/* FMADD family: o1 negates the addend, o1 != o0 negates Rn (Arm negates
 * before the fused operation, so the host fma of negated values is exact) */
static FPSIMD_HELPER(fmadd_d)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    bool o1 = (insn >> 21) & 1, o0 = (insn >> 15) & 1;
    uint64_t nb = c->v[insn_rn(insn)].d[0], mb = c->v[insn_rm(insn)].d[0];
    uint64_t ab = c->v[(insn >> 10) & 31].d[0], rb;
    if (o1)
        ab ^= 1ull << 63;
    if (o0 != o1)
        nb ^= 1ull << 63;
    if (fpsimd_fast_fpcr(c)) {
        double n, m, a, r;
        memcpy(&n, &nb, 8);
        memcpy(&m, &mb, 8);
        memcpy(&a, &ab, 8);
        struct mxtrack t = mx_begin(c);
        FP_BARRIER(n);
        FP_BARRIER(m);
        FP_BARRIER(a);
        r = fma(n, m, a);
        FP_BARRIER(r);
        memcpy(&rb, &r, 8);
        if (mx_end(c, t) && fpsimd_fast_f64(rb)) {
            write_d(c, insn_rd(insn), rb);
            return 0;
        }
    }
    struct fpst st = fpst_of(c);
    write_d(c, insn_rd(insn), fp_muladd(ab, nb, mb, 3, &st));
    fpst_commit(c, &st);
    return 0;
}

static FPSIMD_HELPER(fmadd_s)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    bool o1 = (insn >> 21) & 1, o0 = (insn >> 15) & 1;
    uint32_t nb = c->v[insn_rn(insn)].s[0], mb = c->v[insn_rm(insn)].s[0];
    uint32_t ab = c->v[(insn >> 10) & 31].s[0], rb;
    if (o1)
        ab ^= 1u << 31;
    if (o0 != o1)
        nb ^= 1u << 31;
    if (fpsimd_fast_fpcr(c)) {
        float n, m, a, r;
        memcpy(&n, &nb, 4);
        memcpy(&m, &mb, 4);
        memcpy(&a, &ab, 4);
        struct mxtrack t = mx_begin(c);
        FP_BARRIER(n);
        FP_BARRIER(m);
        FP_BARRIER(a);
        r = fmaf(n, m, a);
        FP_BARRIER(r);
        memcpy(&rb, &r, 4);
        if (mx_end(c, t) && fpsimd_fast_f32(rb)) {
            write_d(c, insn_rd(insn), rb);
            return 0;
        }
    }
    struct fpst st = fpst_of(c);
    write_d(c, insn_rd(insn), fp_muladd(ab, nb, mb, 2, &st));
    fpst_commit(c, &st);
    return 0;
}

fpsimd_helper fpsimd_fast_fp_dp3(uint32_t insn)
{
    unsigned ftype = (insn >> 22) & 3;
    return ftype == 0 ? fmadd_s : ftype == 1 ? fmadd_d : NULL;
}

/* vector FADD/FSUB/FMUL/FDIV */
typedef float v4sf __attribute__((vector_size(16)));
typedef double v2df __attribute__((vector_size(16)));

#define VEC(name, op, EXPR)                                                 \
    static FPSIMD_HELPER(name)                                              \
    {                                                                       \
        struct a64_cpu *c = env_;                                           \
        uint32_t insn = (uint32_t)a0;                                       \
        bool dbl = (insn >> 22) & 1, q = insn_q(insn);                      \
        const a64_vreg *A = &c->v[insn_rn(insn)], *B = &c->v[insn_rm(insn)]; \
        a64_vreg R;                                                         \
        if (fpsimd_fast_fpcr(c)) {                                          \
            bool ok = true;                                                 \
            struct mxtrack t = mx_begin(c);                                 \
            if (dbl) {                                                      \
                v2df x, y, r;                                               \
                memcpy(&x, A, 16);                                          \
                memcpy(&y, B, 16);                                          \
                FP_BARRIER(x);                                              \
                FP_BARRIER(y);                                              \
                r = EXPR;                                                   \
                FP_BARRIER(r);                                              \
                memcpy(&R, &r, 16);                                         \
                ok = fpsimd_fast_f64(R.d[0]) && fpsimd_fast_f64(R.d[1]);    \
            } else {                                                        \
                v4sf x, y, r;                                               \
                memcpy(&x, A, 16);                                          \
                memcpy(&y, B, 16);                                          \
                if (!q) {               /* unused lanes: 1 op 1 raises nothing */ \
                    x[2] = x[3] = y[2] = y[3] = 1.0f;                       \
                }                                                           \
                FP_BARRIER(x);                                              \
                FP_BARRIER(y);                                              \
                r = EXPR;                                                   \
                FP_BARRIER(r);                                              \
                memcpy(&R, &r, 16);                                         \
                ok = fpsimd_fast_f32(R.s[0]) && fpsimd_fast_f32(R.s[1]);    \
                if (q)                                                      \
                    ok = ok && fpsimd_fast_f32(R.s[2]) && fpsimd_fast_f32(R.s[3]); \
                else                                                        \
                    R.d[1] = 0;                                             \
            }                                                               \
            if (mx_end(c, t) && ok) {                                       \
                c->v[insn_rd(insn)] = R;                                    \
                return 0;                                                   \
            }                                                               \
        }                                                                   \
        struct fpst st = fpst_of(c);                                        \
        unsigned sz = dbl ? 3 : 2, n = (q ? 16u : 8u) >> sz;                \
        memset(&R, 0, sizeof(R));                                           \
        for (unsigned i = 0; i < n; i++)                                    \
            velt_set(&R, i, sz, slow2(op, velt(A, i, sz), velt(B, i, sz), sz, &st)); \
        c->v[insn_rd(insn)] = R;                                            \
        fpst_commit(c, &st);                                                \
        return 0;                                                           \
    }

VEC(vfadd, OP_ADD, x + y)
VEC(vfsub, OP_SUB, x - y)
VEC(vfmul, OP_MUL, x * y)
VEC(vfdiv, OP_DIV, x / y)

/* vector FMLA/FMLS: d +/- n * m fused, with the host's FMA unit when it
 * has one */
static int host_fma = -1;

__attribute__((target("fma"))) static void fma_ps(a64_vreg *d, const a64_vreg *n,
                                                   const a64_vreg *m, bool sub)
{
    __m128 x = _mm_loadu_ps(n->f), y = _mm_loadu_ps(m->f), z = _mm_loadu_ps(d->f);
    _mm_storeu_ps(d->f, sub ? _mm_fnmadd_ps(x, y, z) : _mm_fmadd_ps(x, y, z));
}

__attribute__((target("fma"))) static void fma_pd(a64_vreg *d, const a64_vreg *n,
                                                   const a64_vreg *m, bool sub)
{
    __m128d x = _mm_loadu_pd(n->df), y = _mm_loadu_pd(m->df), z = _mm_loadu_pd(d->df);
    _mm_storeu_pd(d->df, sub ? _mm_fnmadd_pd(x, y, z) : _mm_fmadd_pd(x, y, z));
}

static FPSIMD_HELPER(vfmla)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    bool dbl = (insn >> 22) & 1, q = insn_q(insn), sub = (insn >> 23) & 1;
    const a64_vreg *A = &c->v[insn_rn(insn)], *B = &c->v[insn_rm(insn)];
    a64_vreg D = c->v[insn_rd(insn)];
    unsigned sz = dbl ? 3 : 2, n = (q ? 16u : 8u) >> sz;
    if (host_fma < 0)
        host_fma = __builtin_cpu_supports("fma") ? 1 : 0;
    if (host_fma && fpsimd_fast_fpcr(c)) {
        a64_vreg R = D, N = *A, M = *B;
        bool ok;
        if (!q) {                       /* keep unused lanes from raising flags */
            N.d[1] = M.d[1] = R.d[1] = 0;
        }
        A = &N;
        B = &M;
        struct mxtrack t = mx_begin(c);
        /* a lane is fine if normal, or an exact zero (a zero factor) */
        if (dbl) {
            fma_pd(&R, A, B, sub);
            ok = true;
            for (unsigned i = 0; i < 2; i++)
                ok = ok && (fpsimd_fast_f64(R.d[i]) ||
                            (!(R.d[i] << 1) && (!(A->d[i] << 1) || !(B->d[i] << 1))));
        } else {
            fma_ps(&R, A, B, sub);
            ok = true;
            for (unsigned i = 0; i < n; i++)
                ok = ok && (fpsimd_fast_f32(R.s[i]) ||
                            (!(R.s[i] << 1) && (!(A->s[i] << 1) || !(B->s[i] << 1))));
        }
        if (mx_end(c, t) && ok) {
            c->v[insn_rd(insn)] = R;
            return 0;
        }
        A = &c->v[insn_rn(insn)];
        B = &c->v[insn_rm(insn)];
    }
    struct fpst st = fpst_of(c);
    a64_vreg R;
    memset(&R, 0, sizeof(R));
    for (unsigned i = 0; i < n; i++) {
        uint64_t x = velt(A, i, sz);
        velt_set(&R, i, sz, fp_muladd(velt(&D, i, sz), sub ? fp_neg(x, sz) : x, velt(B, i, sz),
                                      sz, &st));
    }
    c->v[insn_rd(insn)] = R;
    fpst_commit(c, &st);
    return 0;
}

fpsimd_helper fpsimd_fast_3same_fp(uint32_t insn)
{
    unsigned key = ((insn >> 11) & 31) | ((insn >> 23) & 1) << 5 | insn_u(insn) << 6;
    if (insn_scalar(insn))
        return NULL;
    switch (key) {
    case 0x1a: return vfadd;
    case 0x3a: return vfsub;
    case 0x5b: return vfmul;
    case 0x5f: return vfdiv;
    case 0x19: case 0x39: return vfmla;
    default: return NULL;
    }
}
