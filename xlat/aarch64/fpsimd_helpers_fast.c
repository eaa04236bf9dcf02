/*
 * Fast versions of the hottest AdvSIMD integer operations (the ones
 * glibc's string routines and auto-vectorised loops run: ADD/SUB, the
 * compares, MIN/MAX, MUL, pairwise ADDP/MAXP/MINP), written with GCC
 * vector extensions so each compiles to a few SSE instructions.
 * fpsimd_lookup_3same (fpsimd_helpers_int.c) picks these for the vector
 * forms through fpsimd_fast_3same(); the generic helpers remain the
 * reference for everything else.
 */
#include <string.h>

#include "xlat/aarch64/fpsimd_helpers.h"

#define VEC16(T) T __attribute__((vector_size(16)))
typedef VEC16(uint8_t) vu8;
typedef VEC16(int8_t) vs8;
typedef VEC16(uint16_t) vu16;
typedef VEC16(int16_t) vs16;
typedef VEC16(uint32_t) vu32;
typedef VEC16(int32_t) vs32;
typedef VEC16(uint64_t) vu64;
typedef VEC16(int64_t) vs64;

static inline void put(struct a64_cpu *c, uint32_t insn, const void *r)
{
    a64_vreg *d = &c->v[insn_rd(insn)];
    memcpy(d, r, 16);
    if (!insn_q(insn))
        d->d[1] = 0;
}

/* One helper per operation; EXPR sees a, b (unsigned) and sa, sb (signed)
 * vectors of the instruction's element size. */
#define SEL(m, x, y) (((x) & (__typeof__(x))(m)) | ((y) & ~(__typeof__(x))(m)))
#define CASE_SIZE(n, VU, VS, EXPR)                                      \
    case n: {                                                           \
        VU a, b, r;                                                     \
        memcpy(&a, &c->v[insn_rn(insn)], 16);                           \
        memcpy(&b, &c->v[insn_rm(insn)], 16);                           \
        VS sa = (VS)a, sb = (VS)b;                                      \
        (void)sa; (void)sb;                                             \
        r = (VU)(EXPR);                                                 \
        put(c, insn, &r);                                               \
        break;                                                          \
    }
#define FAST3(name, EXPR)                                               \
    static FPSIMD_HELPER(name)                                          \
    {                                                                   \
        struct a64_cpu *c = env_;                                       \
        uint32_t insn = (uint32_t)a0;                                   \
        switch (insn_size(insn)) {                                      \
        CASE_SIZE(0, vu8, vs8, EXPR)                                    \
        CASE_SIZE(1, vu16, vs16, EXPR)                                  \
        CASE_SIZE(2, vu32, vs32, EXPR)                                  \
        CASE_SIZE(3, vu64, vs64, EXPR)                                  \
        }                                                               \
        return 0;                                                       \
    }

FAST3(f_add, a + b)
FAST3(f_sub, a - b)
FAST3(f_cmeq, a == b)
FAST3(f_cmtst, (a & b) != 0)
FAST3(f_cmhi, a > b)
FAST3(f_cmhs, a >= b)
FAST3(f_cmgt, sa > sb)
FAST3(f_cmge, sa >= sb)
FAST3(f_umax, SEL(a > b, a, b))
FAST3(f_umin, SEL(a < b, a, b))
FAST3(f_smax, SEL(sa > sb, sa, sb))
FAST3(f_smin, SEL(sa < sb, sa, sb))
FAST3(f_mul, a * b)

/* Pairwise: op over adjacent pairs of the concatenation Vn:Vm (of the low
 * halves for the 64-bit forms). */
#define PAIRWISE(name, T, OP)                                           \
    static void name(const T *x, unsigned n, T *r)                     \
    {                                                                   \
        for (unsigned i = 0; i < n; i++) {                              \
            T p = x[2 * i], q = x[2 * i + 1];                           \
            r[i] = OP;                                                  \
        }                                                               \
    }
#define PAIR_HELPER(name, OPU, OPS)                                     \
    PAIRWISE(name##_8, uint8_t, OPU) PAIRWISE(name##_16, uint16_t, OPU)  \
    PAIRWISE(name##_32, uint32_t, OPU) PAIRWISE(name##_64, uint64_t, OPU) \
    PAIRWISE(name##_s8, int8_t, OPS) PAIRWISE(name##_s16, int16_t, OPS) \
    PAIRWISE(name##_s32, int32_t, OPS)                                  \
    static FPSIMD_HELPER(name)                                          \
    {                                                                   \
        struct a64_cpu *c = env_;                                       \
        uint32_t insn = (uint32_t)a0;                                   \
        unsigned nb = insn_q(insn) ? 16 : 8, sz = insn_size(insn);      \
        bool s = !insn_u(insn);                                         \
        uint8_t cat[32];                                                \
        a64_vreg r;                                                     \
        memset(&r, 0, sizeof(r));                                       \
        memcpy(cat, &c->v[insn_rn(insn)], nb);                          \
        memcpy(cat + nb, &c->v[insn_rm(insn)], nb);                     \
        unsigned n = nb >> sz;                                          \
        switch (sz | (s ? 4 : 0)) {                                     \
        case 0: name##_8((const uint8_t *)cat, n, r.b); break;          \
        case 1: name##_16((const uint16_t *)cat, n, r.h); break;        \
        case 2: name##_32((const uint32_t *)cat, n, r.s); break;        \
        case 3: case 7: name##_64((const uint64_t *)cat, n, r.d); break; \
        case 4: name##_s8((const int8_t *)cat, n, (int8_t *)r.b); break; \
        case 5: name##_s16((const int16_t *)cat, n, (int16_t *)r.h); break; \
        case 6: name##_s32((const int32_t *)cat, n, (int32_t *)r.s); break; \
        }                                                               \
        c->v[insn_rd(insn)] = r;                                        \
        return 0;                                                       \
    }

PAIR_HELPER(f_addp, p + q, p + q)
PAIR_HELPER(f_maxp, p > q ? p : q, p > q ? p : q)
PAIR_HELPER(f_minp, p < q ? p : q, p < q ? p : q)

fpsimd_helper fpsimd_fast_3same(uint32_t insn)
{
    unsigned u = insn_u(insn), opc = (insn >> 11) & 31;
    switch (opc | u << 5) {
    case 0x10: return f_add;
    case 0x30: return f_sub;
    case 0x31: return f_cmeq;
    case 0x11: return f_cmtst;
    case 0x26: return f_cmhi;
    case 0x27: return f_cmhs;
    case 0x06: return f_cmgt;
    case 0x07: return f_cmge;
    case 0x2c: return f_umax;
    case 0x2d: return f_umin;
    case 0x0c: return f_smax;
    case 0x0d: return f_smin;
    case 0x13: return f_mul;
    case 0x17: return f_addp;
    case 0x14: case 0x34: return f_maxp;
    case 0x15: case 0x35: return f_minp;
    default: return NULL;
    }
}
