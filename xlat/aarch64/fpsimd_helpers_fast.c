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
 * halves for the 64-bit forms, whose result then fills the low half). */
#define PAIR_CASE(n, VU, VS, EV, OD, OPU, OPS)                          \
    case n: {                                                           \
        VU a, b, e, o, r;                                               \
        memcpy(&a, &c->v[insn_rn(insn)], 16);                           \
        memcpy(&b, &c->v[insn_rm(insn)], 16);                           \
        if (!insn_q(insn)) {                                            \
            memcpy((char *)&a + 8, &b, 8);                              \
        }                                                               \
        e = __builtin_shuffle(a, b, EV);                                \
        o = __builtin_shuffle(a, b, OD);                                \
        if (insn_u(insn)) {                                             \
            r = (VU)(OPU);                                              \
        } else {                                                        \
            VS se = (VS)e, so = (VS)o;                                  \
            (void)se; (void)so;                                         \
            r = (VU)(OPS);                                              \
        }                                                               \
        put(c, insn, &r);                                               \
        break;                                                          \
    }
#define EV8 ((vu8){ 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30 })
#define OD8 ((vu8){ 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31 })
#define EV16 ((vu16){ 0, 2, 4, 6, 8, 10, 12, 14 })
#define OD16 ((vu16){ 1, 3, 5, 7, 9, 11, 13, 15 })
#define EV32 ((vu32){ 0, 2, 4, 6 })
#define OD32 ((vu32){ 1, 3, 5, 7 })
#define EV64 ((vu64){ 0, 2 })
#define OD64 ((vu64){ 1, 3 })
#define PAIR_HELPER(name, OPU, OPS)                                     \
    static FPSIMD_HELPER(name)                                          \
    {                                                                   \
        struct a64_cpu *c = env_;                                       \
        uint32_t insn = (uint32_t)a0;                                   \
        switch (insn_size(insn)) {                                      \
        PAIR_CASE(0, vu8, vs8, EV8, OD8, OPU, OPS)                      \
        PAIR_CASE(1, vu16, vs16, EV16, OD16, OPU, OPS)                  \
        PAIR_CASE(2, vu32, vs32, EV32, OD32, OPU, OPS)                  \
        PAIR_CASE(3, vu64, vs64, EV64, OD64, OPU, OPS)                  \
        }                                                               \
        return 0;                                                       \
    }

PAIR_HELPER(f_addp, e + o, e + o)
PAIR_HELPER(f_maxp, SEL(e > o, e, o), SEL(se > so, se, so))
PAIR_HELPER(f_minp, SEL(e < o, e, o), SEL(se < so, se, so))

/* Two-register misc: EXPR sees a (unsigned) and sa (signed). */
#define CASE2(n, VU, VS, EXPR)                                          \
    case n: {                                                           \
        VU a, r;                                                        \
        memcpy(&a, &c->v[insn_rn(insn)], 16);                           \
        VS sa = (VS)a;                                                  \
        (void)sa;                                                       \
        r = (VU)(EXPR);                                                 \
        put(c, insn, &r);                                               \
        break;                                                          \
    }
#define FAST2(name, EXPR)                                               \
    static FPSIMD_HELPER(name)                                          \
    {                                                                   \
        struct a64_cpu *c = env_;                                       \
        uint32_t insn = (uint32_t)a0;                                   \
        switch (insn_size(insn)) {                                      \
        CASE2(0, vu8, vs8, EXPR)                                        \
        CASE2(1, vu16, vs16, EXPR)                                      \
        CASE2(2, vu32, vs32, EXPR)                                      \
        CASE2(3, vu64, vs64, EXPR)                                      \
        }                                                               \
        return 0;                                                       \
    }

FAST2(f_cmeq0, sa == 0)
FAST2(f_cmgt0, sa > 0)
FAST2(f_cmge0, sa >= 0)
FAST2(f_cmle0, sa <= 0)
FAST2(f_cmlt0, sa < 0)
FAST2(f_abs, SEL(sa < 0, 0 - a, a))
FAST2(f_neg, 0 - a)

static FPSIMD_HELPER(f_not)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    vu64 a, r;
    memcpy(&a, &c->v[insn_rn(insn)], 16);
    r = ~a;
    put(c, insn, &r);
    return 0;
}

static FPSIMD_HELPER(f_cnt)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    a64_vreg r;
    const a64_vreg *a = &c->v[insn_rn(insn)];
    for (int i = 0; i < 16; i++)
        r.b[i] = (uint8_t)__builtin_popcount(a->b[i]);
    put(c, insn, &r);
    return 0;
}

fpsimd_helper fpsimd_fast_2misc(uint32_t insn)
{
    unsigned u = insn_u(insn), opc = (insn >> 12) & 31, sz = insn_size(insn);
    switch (opc | u << 5) {
    case 0x09: return f_cmeq0;
    case 0x08: return f_cmgt0;
    case 0x28: return f_cmge0;
    case 0x29: return f_cmle0;
    case 0x0a: return f_cmlt0;
    case 0x0b: return f_abs;
    case 0x2b: return f_neg;
    case 0x25: return sz == 0 ? f_not : NULL;
    case 0x05: return f_cnt;
    default: return NULL;
    }
}

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
