/*
 * AdvSIMD integer operations: three same, two-register misc, across
 * lanes, three different, shift by immediate, by element, and the scalar
 * forms of each.  The *_lookup functions (translate time) accept exactly
 * the allocated encodings and delegate FP opcodes to fpsimd_helpers_vfp.c;
 * the helpers (run time) re-read the fields from the instruction word.
 */
#include <string.h>

#include "xlat/aarch64/fpsimd_helpers.h"

typedef __int128 i128;

static inline i128 ext(uint64_t x, unsigned sz, bool is_signed)
{
    return is_signed ? (i128)sext_sz(x, sz) : (i128)(x & mask_sz(sz));
}

/* a * 2^sh without the undefined behaviour of shifting negative values */
static inline i128 shl(i128 a, unsigned sh)
{
    return (i128)((unsigned __int128)a << sh);
}

static inline void set_qc(struct a64_cpu *c) { c->fpsr |= FPSR_QC; }

static inline uint64_t sat_s(struct a64_cpu *c, i128 v, unsigned sz)
{
    i128 max = ((i128)1 << ((8u << sz) - 1)) - 1, min = -max - 1;
    if (v > max) { set_qc(c); v = max; }
    else if (v < min) { set_qc(c); v = min; }
    return (uint64_t)v & mask_sz(sz);
}

static inline uint64_t sat_u(struct a64_cpu *c, i128 v, unsigned sz)
{
    i128 max = ((i128)1 << (8u << sz)) - 1;
    if (v > max) { set_qc(c); v = max; }
    else if (v < 0) { set_qc(c); v = 0; }
    return (uint64_t)v;
}

static inline uint64_t sat(struct a64_cpu *c, i128 v, unsigned sz, bool is_signed)
{
    return is_signed ? sat_s(c, v, sz) : sat_u(c, v, sz);
}

/* SSHL/USHL/SRSHL/SQSHL/SQRSHL... by a signed byte count */
static uint64_t shift_reg(struct a64_cpu *c, uint64_t x, uint64_t y, unsigned sz, bool is_signed,
                          bool round, bool saturate)
{
    int sh = (int8_t)(y & 0xff);
    unsigned bits = 8u << sz;
    i128 a = ext(x, sz, is_signed);
    if (sh >= 0) {
        if (!saturate)
            return sh >= (int)bits ? 0 : x << sh;
        if (a == 0)
            return 0;
        if (sh >= (int)bits)
            return sat(c, a < 0 ? -((i128)1 << 100) : ((i128)1 << 100), sz, is_signed);
        return sat(c, shl(a, (unsigned)sh), sz, is_signed);
    }
    int rs = -sh > 100 ? 100 : -sh;
    if (round)
        a += (i128)1 << (rs - 1);
    a >>= rs;
    return saturate ? sat(c, a, sz, is_signed) : (uint64_t)a;
}

static uint64_t pmul8(uint64_t x, uint64_t y)
{
    uint64_t r = 0;
    for (int i = 0; i < 8; i++)
        if ((y >> i) & 1)
            r ^= x << i;
    return r;
}

static uint64_t sqdmulh(struct a64_cpu *c, uint64_t x, uint64_t y, unsigned sz, bool round)
{
    i128 p = 2 * ext(x, sz, true) * ext(y, sz, true);
    if (round)
        p += (i128)1 << ((8u << sz) - 1);
    return sat_s(c, p >> (8u << sz), sz);
}

/* SQRDMLAH / SQRDMLSH (FEAT_RDM) */
static uint64_t sqrdmlah(struct a64_cpu *c, uint64_t d, uint64_t x, uint64_t y, unsigned sz,
                         bool sub)
{
    unsigned bits = 8u << sz;
    i128 p = 2 * ext(x, sz, true) * ext(y, sz, true);
    i128 acc = shl(ext(d, sz, true), bits) + (sub ? -p : p) + ((i128)1 << (bits - 1));
    return sat_s(c, acc >> bits, sz);
}

/* SDOT / UDOT (FEAT_DotProd): one 32-bit lane += four byte products */
static uint32_t dot4(uint32_t acc, uint32_t x, uint32_t y, bool is_signed)
{
    for (int k = 0; k < 4; k++) {
        int32_t a = is_signed ? (int8_t)(x >> 8 * k) : (int32_t)((x >> 8 * k) & 0xff);
        int32_t b = is_signed ? (int8_t)(y >> 8 * k) : (int32_t)((y >> 8 * k) & 0xff);
        acc += (uint32_t)(a * b);
    }
    return acc;
}

/* ---------------- three same extra (RDM, DotProd) ---------------- */

static FPSIMD_HELPER(h_3extra)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned sz = insn_size(insn), opc = (insn >> 11) & 15;
    a64_vreg A = c->v[insn_rn(insn)], B = c->v[insn_rm(insn)], D = c->v[insn_rd(insn)], R;
    memset(&R, 0, sizeof(R));
    if (opc == 2) {
        unsigned n = insn_q(insn) ? 4 : 2;
        for (unsigned i = 0; i < n; i++)
            R.s[i] = dot4(D.s[i], A.s[i], B.s[i], !insn_u(insn));
    } else {
        unsigned n = insn_nelem(insn, sz);
        for (unsigned i = 0; i < n; i++)
            velt_set(&R, i, sz, sqrdmlah(c, velt(&D, i, sz), velt(&A, i, sz), velt(&B, i, sz),
                                         sz, opc == 1));
    }
    c->v[insn_rd(insn)] = R;
    return 0;
}

fpsimd_helper fpsimd_lookup_3extra(uint32_t insn)
{
    unsigned sz = insn_size(insn), u = insn_u(insn), opc = (insn >> 11) & 15;
    if (opc <= 1)
        return u && (sz == 1 || sz == 2) ? h_3extra : NULL;
    if (opc == 2)
        return !insn_scalar(insn) && sz == 2 ? h_3extra : NULL;
    if (opc >= 8)
        return fpsimd_lookup_fcma(insn);
    return NULL;
}

/* ---------------- three same ---------------- */

static uint64_t e3(struct a64_cpu *c, unsigned u, unsigned opc, unsigned sz, uint64_t x,
                   uint64_t y, uint64_t d)
{
    bool s = !u;
    i128 a = ext(x, sz, s), b = ext(y, sz, s);
    uint64_t m = mask_sz(sz);
    switch (opc) {
    case 0x00: return (uint64_t)((a + b) >> 1);
    case 0x01: return sat(c, a + b, sz, s);
    case 0x02: return (uint64_t)((a + b + 1) >> 1);
    case 0x04: return (uint64_t)((a - b) >> 1);
    case 0x05: return sat(c, a - b, sz, s);
    case 0x06: return a > b ? m : 0;
    case 0x07: return a >= b ? m : 0;
    case 0x08: return shift_reg(c, x, y, sz, s, false, false);
    case 0x09: return shift_reg(c, x, y, sz, s, false, true);
    case 0x0a: return shift_reg(c, x, y, sz, s, true, false);
    case 0x0b: return shift_reg(c, x, y, sz, s, true, true);
    case 0x0c: case 0x14: return a > b ? x : y;
    case 0x0d: case 0x15: return a < b ? x : y;
    case 0x0e: return (uint64_t)(a > b ? a - b : b - a);
    case 0x0f: return d + (uint64_t)(a > b ? a - b : b - a);
    case 0x10: return u ? x - y : x + y;
    case 0x11: return u ? ((x & m) == (y & m) ? m : 0) : ((x & y & m) ? m : 0);
    case 0x12: return u ? d - x * y : d + x * y;
    case 0x13: return u ? pmul8(x, y) : x * y;
    case 0x16: return sqdmulh(c, x, y, sz, u);
    case 0x17: return x + y;
    }
    return 0;
}

static FPSIMD_HELPER(h_3same_int)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned sz = insn_size(insn), u = insn_u(insn), opc = (insn >> 11) & 31;
    unsigned n = insn_nelem(insn, sz);
    a64_vreg A = c->v[insn_rn(insn)], B = c->v[insn_rm(insn)], D = c->v[insn_rd(insn)], R;
    memset(&R, 0, sizeof(R));
    bool pairwise = opc == 0x14 || opc == 0x15 || opc == 0x17;
    for (unsigned i = 0; i < n; i++) {
        struct a64_vpair o = velt_operands(&A, &B, i, n, sz, pairwise);
        uint64_t x = o.x, y = o.y;
        velt_set(&R, i, sz, e3(c, u, opc, sz, x, y, velt(&D, i, sz)));
    }
    c->v[insn_rd(insn)] = R;
    return 0;
}

static FPSIMD_HELPER(h_3same_logic)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned op = insn_size(insn) | insn_u(insn) << 2;
    a64_vreg A = c->v[insn_rn(insn)], B = c->v[insn_rm(insn)], D = c->v[insn_rd(insn)], R;
    unsigned n = insn_q(insn) ? 2 : 1;
    memset(&R, 0, sizeof(R));
    for (unsigned i = 0; i < n; i++) {
        uint64_t x = A.d[i], y = B.d[i], d = D.d[i], r = 0;
        switch (op) {
        case 0: r = x & y; break;
        case 1: r = x & ~y; break;
        case 2: r = x | y; break;
        case 3: r = x | ~y; break;
        case 4: r = x ^ y; break;
        case 5: r = (d & x) | (~d & y); break;        /* BSL */
        case 6: r = (d & ~y) | (x & y); break;        /* BIT */
        case 7: r = (d & y) | (x & ~y); break;        /* BIF */
        }
        R.d[i] = r;
    }
    c->v[insn_rd(insn)] = R;
    return 0;
}

static fpsimd_helper lookup_3same(uint32_t insn);

fpsimd_helper fpsimd_lookup_3same(uint32_t insn)
{
    fpsimd_helper fn = lookup_3same(insn);
    if (fn == h_3same_int && !insn_scalar(insn)) {
        fpsimd_helper fast = fpsimd_fast_3same(insn);
        if (fast)
            return fast;
    }
    return fn;
}

static fpsimd_helper lookup_3same(uint32_t insn)
{
    unsigned sz = insn_size(insn), u = insn_u(insn), opc = (insn >> 11) & 31, q = insn_q(insn);
    if (opc >= 0x18)
        return fpsimd_lookup_3same_fp(insn);
    if (insn_scalar(insn)) {
        switch (opc) {
        case 0x01: case 0x05: case 0x09: case 0x0b:
            return h_3same_int;
        case 0x06: case 0x07: case 0x08: case 0x0a: case 0x10: case 0x11:
            return sz == 3 ? h_3same_int : NULL;
        case 0x16:
            return sz == 1 || sz == 2 ? h_3same_int : NULL;
        default:
            return NULL;
        }
    }
    switch (opc) {
    case 0x03:
        return h_3same_logic;
    case 0x00: case 0x02: case 0x04: case 0x0c: case 0x0d: case 0x0e: case 0x0f:
    case 0x12: case 0x14: case 0x15:
        return sz == 3 ? NULL : h_3same_int;
    case 0x13:
        return (u ? sz == 0 : sz != 3) ? h_3same_int : NULL;
    case 0x16:
        return sz == 1 || sz == 2 ? h_3same_int : NULL;
    case 0x17:
        return u || (sz == 3 && !q) ? NULL : h_3same_int;
    default:
        return sz == 3 && !q ? NULL : h_3same_int;
    }
}

/* ---------------- two-register misc ---------------- */

static uint64_t cls_clz(uint64_t x, unsigned sz, bool cls)
{
    unsigned bits = 8u << sz;
    x &= mask_sz(sz);
    if (cls) {
        uint64_t sign = (x >> (bits - 1)) & 1;
        x = (x ^ (sign ? mask_sz(sz) : 0)) << 1 & mask_sz(sz);
        x |= 1;   /* the count excludes the sign bit: stop at bit 0 */
    }
    if (!x)
        return bits;
    return (uint64_t)__builtin_clzll(x) - (64 - bits);
}

static uint64_t rbit8(uint64_t x)
{
    uint64_t r = 0;
    for (int i = 0; i < 8; i++)
        r |= ((x >> i) & 1) << (7 - i);
    return r;
}

/* narrowing write: elements of size sz into the lower (or, for the "2"
 * forms, upper) half of Vd */
static void write_narrow(struct a64_cpu *c, uint32_t insn, unsigned sz, const uint64_t *r,
                         unsigned n)
{
    unsigned rd = insn_rd(insn);
    a64_vreg R;
    memset(&R, 0, sizeof(R));
    if (insn_scalar(insn)) {
        velt_set(&R, 0, sz, r[0]);
    } else if (insn_q(insn)) {
        R = c->v[rd];
        for (unsigned i = 0; i < n; i++)
            velt_set(&R, n + i, sz, r[i]);
    } else {
        for (unsigned i = 0; i < n; i++)
            velt_set(&R, i, sz, r[i]);
    }
    c->v[rd] = R;
}

static FPSIMD_HELPER(h_2misc_narrow)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned sz = insn_size(insn), u = insn_u(insn), opc = (insn >> 12) & 31;
    unsigned n = insn_scalar(insn) ? 1 : 8u >> sz;
    a64_vreg A = c->v[insn_rn(insn)];
    uint64_t r[8];
    for (unsigned i = 0; i < n; i++) {
        uint64_t x = velt(&A, i, sz + 1);
        switch (opc | u << 5) {
        case 0x12: r[i] = x; break;                                 /* XTN */
        case 0x14: r[i] = sat_s(c, ext(x, sz + 1, true), sz); break; /* SQXTN */
        case 0x32: r[i] = sat_u(c, ext(x, sz + 1, true), sz); break; /* SQXTUN */
        case 0x34: r[i] = sat_u(c, ext(x, sz + 1, false), sz); break;/* UQXTN */
        default: r[i] = 0; break;
        }
    }
    write_narrow(c, insn, sz, r, n);
    return 0;
}

static FPSIMD_HELPER(h_2misc_int)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned sz = insn_size(insn), u = insn_u(insn), opc = (insn >> 12) & 31;
    unsigned n = insn_nelem(insn, sz);
    a64_vreg A = c->v[insn_rn(insn)], D = c->v[insn_rd(insn)], R;
    memset(&R, 0, sizeof(R));
    uint64_t m = mask_sz(sz);
    switch (opc | u << 5) {
    case 0x00: case 0x20: case 0x01: {                 /* REV64, REV32, REV16 */
        unsigned cont = opc == 1 ? 1 : u ? 2 : 3;      /* log2 container bytes */
        unsigned flip = (1u << (cont - sz)) - 1;
        for (unsigned i = 0; i < n; i++)
            velt_set(&R, i ^ flip, sz, velt(&A, i, sz));
        break;
    }
    case 0x02: case 0x22: case 0x06: case 0x26: {      /* [SU]ADDLP, [SU]ADALP */
        unsigned nw = n / 2;
        for (unsigned i = 0; i < nw; i++) {
            i128 v = ext(velt(&A, 2 * i, sz), sz, !u) + ext(velt(&A, 2 * i + 1, sz), sz, !u);
            if (opc == 0x06)
                v += (i128)velt(&D, i, sz + 1);
            velt_set(&R, i, sz + 1, (uint64_t)v);
        }
        break;
    }
    case 0x25:                                          /* NOT, RBIT: bytes */
        for (unsigned i = 0; i < insn_nelem(insn, 0); i++)
            R.b[i] = (uint8_t)(sz == 0 ? (uint64_t)(uint8_t)~A.b[i] : rbit8(A.b[i]));
        break;
    default:
        for (unsigned i = 0; i < n; i++) {
            uint64_t x = velt(&A, i, sz), d = velt(&D, i, sz), r = 0;
            i128 a = ext(x, sz, true);
            switch (opc | u << 5) {
            case 0x03: r = sat_s(c, ext(d, sz, true) + ext(x, sz, false), sz); break; /* SUQADD */
            case 0x23: r = sat_u(c, ext(d, sz, false) + a, sz); break;              /* USQADD */
            case 0x04: r = cls_clz(x, sz, true); break;
            case 0x24: r = cls_clz(x, sz, false); break;
            case 0x05: r = (uint64_t)__builtin_popcountll(x); break;
            case 0x07: r = sat_s(c, a < 0 ? -a : a, sz); break;
            case 0x27: r = sat_s(c, -a, sz); break;
            case 0x08: r = a > 0 ? m : 0; break;
            case 0x28: r = a >= 0 ? m : 0; break;
            case 0x09: r = a == 0 ? m : 0; break;
            case 0x29: r = a <= 0 ? m : 0; break;
            case 0x0a: r = a < 0 ? m : 0; break;
            case 0x0b: r = (uint64_t)(a < 0 ? -a : a); break;
            case 0x2b: r = 0 - x; break;
            }
            velt_set(&R, i, sz, r);
        }
        break;
    }
    c->v[insn_rd(insn)] = R;
    return 0;
}

static FPSIMD_HELPER(h_shll)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned sz = insn_size(insn), n = 8u >> sz, base = insn_q(insn) ? n : 0;
    a64_vreg A = c->v[insn_rn(insn)], R;
    for (unsigned i = 0; i < n; i++)
        velt_set(&R, i, sz + 1, velt(&A, base + i, sz) << (8u << sz));
    c->v[insn_rd(insn)] = R;
    return 0;
}

static fpsimd_helper lookup_2misc(uint32_t insn);

fpsimd_helper fpsimd_lookup_2misc(uint32_t insn)
{
    fpsimd_helper fn = lookup_2misc(insn);
    if (fn == h_2misc_int && !insn_scalar(insn)) {
        fpsimd_helper fast = fpsimd_fast_2misc(insn);
        if (fast)
            return fast;
    }
    return fn;
}

static fpsimd_helper lookup_2misc(uint32_t insn)
{
    unsigned sz = insn_size(insn), u = insn_u(insn), opc = (insn >> 12) & 31, q = insn_q(insn);
    if (opc >= 0x0c && opc != 0x12 && opc != 0x13 && opc != 0x14)
        return fpsimd_lookup_2misc_fp(insn);
    if (insn_scalar(insn)) {
        switch (opc | u << 5) {
        case 0x03: case 0x23: case 0x07: case 0x27:
            return h_2misc_int;
        case 0x08: case 0x28: case 0x09: case 0x29: case 0x0a: case 0x0b: case 0x2b:
            return sz == 3 ? h_2misc_int : NULL;
        case 0x14: case 0x32: case 0x34:
            return sz == 3 ? NULL : h_2misc_narrow;
        default:
            return NULL;
        }
    }
    bool d1 = sz == 3 && !q;   /* 1D arrangement: reserved for most */
    switch (opc | u << 5) {
    case 0x00: return sz == 3 ? NULL : h_2misc_int;
    case 0x20: return sz >= 2 ? NULL : h_2misc_int;
    case 0x01: return sz != 0 ? NULL : h_2misc_int;
    case 0x02: case 0x22: case 0x06: case 0x26: return sz == 3 ? NULL : h_2misc_int;
    case 0x03: case 0x23: case 0x07: case 0x27: return d1 ? NULL : h_2misc_int;
    case 0x04: case 0x24: return sz == 3 ? NULL : h_2misc_int;
    case 0x05: return sz != 0 ? NULL : h_2misc_int;
    case 0x25: return sz >= 2 ? NULL : h_2misc_int;
    case 0x08: case 0x28: case 0x09: case 0x29: case 0x0a: case 0x0b: case 0x2b:
        return d1 ? NULL : h_2misc_int;
    case 0x12: case 0x14: case 0x32: case 0x34:
        return sz == 3 ? NULL : h_2misc_narrow;
    case 0x33: return sz == 3 ? NULL : h_shll;
    default: return NULL;
    }
}

/* ---------------- across lanes ---------------- */

static FPSIMD_HELPER(h_across_int)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned sz = insn_size(insn), u = insn_u(insn), opc = (insn >> 12) & 31;
    unsigned n = insn_nelem(insn, sz);
    const a64_vreg *A = &c->v[insn_rn(insn)];
    i128 acc = ext(velt(A, 0, sz), sz, !u);
    for (unsigned i = 1; i < n; i++) {
        i128 x = ext(velt(A, i, sz), sz, !u);
        switch (opc) {
        case 0x03: case 0x1b: acc += x; break;
        case 0x0a: if (x > acc) acc = x; break;
        case 0x1a: if (x < acc) acc = x; break;
        }
    }
    a64_vreg R;
    memset(&R, 0, sizeof(R));
    velt_set(&R, 0, opc == 0x03 ? sz + 1 : sz, (uint64_t)acc);
    c->v[insn_rd(insn)] = R;
    return 0;
}

fpsimd_helper fpsimd_lookup_across(uint32_t insn)
{
    unsigned sz = insn_size(insn), u = insn_u(insn), opc = (insn >> 12) & 31, q = insn_q(insn);
    if (opc == 0x0c || opc == 0x0f)
        return fpsimd_lookup_across_fp(insn);
    if (sz == 3 || (sz == 2 && !q))
        return NULL;
    switch (opc) {
    case 0x03: case 0x0a: case 0x1a: return h_across_int;
    case 0x1b: return u ? NULL : h_across_int;
    default: return NULL;
    }
}

/* ---------------- three different ---------------- */

static FPSIMD_HELPER(h_3diff)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned sz = insn_size(insn), u = insn_u(insn), opc = (insn >> 12) & 15;
    bool s = !u, scalar = insn_scalar(insn);
    unsigned n = scalar ? 1 : 8u >> sz, base = (!scalar && insn_q(insn)) ? n : 0;
    unsigned bits = 8u << sz;
    a64_vreg A = c->v[insn_rn(insn)], B = c->v[insn_rm(insn)], D = c->v[insn_rd(insn)], R;
    memset(&R, 0, sizeof(R));
    if (opc == 14 && sz == 3) {                         /* PMULL{2} .1Q */
        uint64_t x = A.d[insn_q(insn)], y = B.d[insn_q(insn)];
        unsigned __int128 p = 0;
        for (int k = 0; k < 64; k++)
            if ((y >> k) & 1)
                p ^= (unsigned __int128)x << k;
        R.q = p;
        c->v[insn_rd(insn)] = R;
        return 0;
    }
    if (opc == 4 || opc == 6) {                         /* [R]ADDHN, [R]SUBHN */
        uint64_t r[8];
        for (unsigned i = 0; i < n; i++) {
            i128 x = ext(velt(&A, i, sz + 1), sz + 1, false);
            i128 y = ext(velt(&B, i, sz + 1), sz + 1, false);
            i128 v = opc == 4 ? x + y : x - y;
            if (u)
                v += (i128)1 << (bits - 1);
            r[i] = (uint64_t)(v >> bits);
        }
        write_narrow(c, insn, sz, r, n);
        return 0;
    }
    for (unsigned i = 0; i < n; i++) {
        i128 x = (opc == 1 || opc == 3) ? ext(velt(&A, i, sz + 1), sz + 1, s)
                                        : ext(velt(&A, base + i, sz), sz, s);
        i128 y = ext(velt(&B, base + i, sz), sz, s);
        i128 d = ext(velt(&D, i, sz + 1), sz + 1, s);
        i128 ad = x > y ? x - y : y - x;
        uint64_t r = 0;
        switch (opc) {
        case 0: case 1: r = (uint64_t)(x + y); break;
        case 2: case 3: r = (uint64_t)(x - y); break;
        case 5: r = (uint64_t)(d + ad); break;
        case 7: r = (uint64_t)ad; break;
        case 8: r = (uint64_t)(d + x * y); break;
        case 10: r = (uint64_t)(d - x * y); break;
        case 12: r = (uint64_t)(x * y); break;
        case 9: case 11: case 13: {
            i128 p = ext(sat_s(c, 2 * x * y, sz + 1), sz + 1, true);
            r = opc == 13 ? (uint64_t)p : sat_s(c, opc == 9 ? d + p : d - p, sz + 1);
            break;
        }
        case 14: {
            uint64_t ux = (uint64_t)x & 0xff, uy = (uint64_t)y & 0xff, p = 0;
            for (int k = 0; k < 8; k++)
                if ((uy >> k) & 1)
                    p ^= ux << k;
            r = p;
            break;
        }
        }
        velt_set(&R, i, sz + 1, r);
    }
    c->v[insn_rd(insn)] = R;
    return 0;
}

fpsimd_helper fpsimd_lookup_3diff(uint32_t insn)
{
    unsigned sz = insn_size(insn), u = insn_u(insn), opc = (insn >> 12) & 15;
    if (sz == 3)
        return !insn_scalar(insn) && !u && opc == 14 ? h_3diff : NULL;   /* PMULL 1Q */
    if (insn_scalar(insn))
        return !u && (opc == 9 || opc == 11 || opc == 13) && (sz == 1 || sz == 2) ? h_3diff : NULL;
    switch (opc) {
    case 9: case 11: case 13:
        return !u && (sz == 1 || sz == 2) ? h_3diff : NULL;
    case 14:
        return !u && sz == 0 ? h_3diff : NULL;
    case 15:
        return NULL;
    default:
        return h_3diff;
    }
}

/* ---------------- shift by immediate ---------------- */

/* element size (log2 bytes) from immh, or -1 */
static int shimm_size(unsigned immh)
{
    return immh >= 8 ? 3 : immh >= 4 ? 2 : immh >= 2 ? 1 : immh == 1 ? 0 : -1;
}

static FPSIMD_HELPER(h_shimm)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned immh = (insn >> 19) & 15, immhb = (insn >> 16) & 127;
    unsigned u = insn_u(insn), opc = (insn >> 11) & 31;
    unsigned sz = (unsigned)shimm_size(immh), bits = 8u << sz;
    bool narrow = opc >= 0x10 && opc <= 0x13, widen = opc == 0x14;
    unsigned rsh = 2 * bits - immhb, lsh = immhb - bits;
    if (narrow) {
        /* immh names the narrow size; sources are twice as wide */
        unsigned n = insn_scalar(insn) ? 1 : 8u >> sz;
        a64_vreg A = c->v[insn_rn(insn)];
        uint64_t r[8];
        bool round = opc & 1;
        /* SHRN: truncate; SQSHRUN: signed in, unsigned out; SQSHRN: signed;
         * UQSHRN: unsigned */
        bool ssrc = opc >= 0x12 ? !u : u;
        for (unsigned i = 0; i < n; i++) {
            i128 v = ext(velt(&A, i, sz + 1), sz + 1, ssrc);
            if (round)
                v += (i128)1 << (rsh - 1);
            v >>= rsh;
            if (opc <= 0x11 && !u)
                r[i] = (uint64_t)v;
            else if (opc <= 0x11)
                r[i] = sat_u(c, v, sz);
            else
                r[i] = sat(c, v, sz, !u);
        }
        write_narrow(c, insn, sz, r, n);
        return 0;
    }
    if (widen) {
        unsigned n = 8u >> sz, base = insn_q(insn) ? n : 0;
        a64_vreg A = c->v[insn_rn(insn)], R;
        for (unsigned i = 0; i < n; i++)
            velt_set(&R, i, sz + 1, (uint64_t)shl(ext(velt(&A, base + i, sz), sz, !u), lsh));
        c->v[insn_rd(insn)] = R;
        return 0;
    }
    unsigned n = insn_nelem(insn, sz);
    a64_vreg A = c->v[insn_rn(insn)], D = c->v[insn_rd(insn)], R;
    memset(&R, 0, sizeof(R));
    uint64_t m = mask_sz(sz);
    for (unsigned i = 0; i < n; i++) {
        uint64_t x = velt(&A, i, sz), d = velt(&D, i, sz), r = 0;
        i128 v = ext(x, sz, !u);
        switch (opc) {
        case 0x00: case 0x02: case 0x04: case 0x06:
            if (opc & 4)
                v += (i128)1 << (rsh - 1);
            v >>= rsh;
            r = (uint64_t)v + ((opc & 2) ? d : 0);
            break;
        case 0x08: {                                    /* SRI */
            uint64_t mk = rsh >= bits ? 0 : m >> rsh;
            r = (d & ~mk) | (rsh >= bits ? 0 : x >> rsh);
            break;
        }
        case 0x0a:
            if (u) {                                    /* SLI */
                uint64_t mk = (m << lsh) & m;
                r = (d & ~mk) | ((x << lsh) & mk);
            } else {
                r = x << lsh;
            }
            break;
        case 0x0c:                                      /* SQSHLU */
            r = sat_u(c, shl(ext(x, sz, true), lsh), sz);
            break;
        case 0x0e:                                      /* SQSHL / UQSHL */
            r = sat(c, shl(v, lsh), sz, !u);
            break;
        }
        velt_set(&R, i, sz, r);
    }
    c->v[insn_rd(insn)] = R;
    return 0;
}

fpsimd_helper fpsimd_lookup_shimm(uint32_t insn)
{
    unsigned immh = (insn >> 19) & 15, u = insn_u(insn), opc = (insn >> 11) & 31;
    int sz = shimm_size(immh);
    bool scalar = insn_scalar(insn), q = insn_q(insn);
    if (sz < 0)
        return NULL;
    if (opc == 0x1c || opc == 0x1f)
        return fpsimd_lookup_shimm_fp(insn);
    switch (opc) {
    case 0x00: case 0x02: case 0x04: case 0x06: case 0x0a:
        if (scalar)
            return sz == 3 ? h_shimm : NULL;
        return sz == 3 && !q ? NULL : h_shimm;
    case 0x08:
        if (!u)
            return NULL;
        if (scalar)
            return sz == 3 ? h_shimm : NULL;
        return sz == 3 && !q ? NULL : h_shimm;
    case 0x0c:
        if (!u)
            return NULL;
        /* fall through */
    case 0x0e:
        return !scalar && sz == 3 && !q ? NULL : h_shimm;
    case 0x10: case 0x11:
        if (scalar && !u)
            return NULL;
        return sz == 3 ? NULL : h_shimm;
    case 0x12: case 0x13:
        return sz == 3 ? NULL : h_shimm;
    case 0x14:
        return scalar || sz == 3 ? NULL : h_shimm;
    default:
        return NULL;
    }
}

/* ---------------- by element (integer) ---------------- */

static FPSIMD_HELPER(h_indexed_int)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned sz = insn_size(insn), u = insn_u(insn), opc = (insn >> 12) & 15;
    unsigned h = (insn >> 11) & 1, l = (insn >> 21) & 1, mbit = (insn >> 20) & 1;
    unsigned idx = sz == 1 ? (h << 2 | l << 1 | mbit) : (h << 1 | l);
    unsigned rm = sz == 1 ? ((insn >> 16) & 15) : ((insn >> 16) & 31);
    bool s = !u, scalar = insn_scalar(insn);
    uint64_t y = velt(&c->v[rm], idx, sz);
    a64_vreg A = c->v[insn_rn(insn)], D = c->v[insn_rd(insn)], R;
    memset(&R, 0, sizeof(R));
    bool longop = opc == 2 || opc == 3 || opc == 6 || opc == 7 || opc == 10 || opc == 11;
    if (longop) {
        unsigned n = scalar ? 1 : 8u >> sz, base = (!scalar && insn_q(insn)) ? n : 0;
        for (unsigned i = 0; i < n; i++) {
            i128 x = ext(velt(&A, base + i, sz), sz, s), b = ext(y, sz, s);
            i128 d = ext(velt(&D, i, sz + 1), sz + 1, s);
            uint64_t r = 0;
            switch (opc) {
            case 2: r = (uint64_t)(d + x * b); break;
            case 6: r = (uint64_t)(d - x * b); break;
            case 10: r = (uint64_t)(x * b); break;
            case 3: case 7: case 11: {
                i128 p = ext(sat_s(c, 2 * x * b, sz + 1), sz + 1, true);
                r = opc == 11 ? (uint64_t)p : sat_s(c, opc == 3 ? d + p : d - p, sz + 1);
                break;
            }
            }
            velt_set(&R, i, sz + 1, r);
        }
    } else {
        unsigned n = insn_nelem(insn, sz);
        for (unsigned i = 0; i < n; i++) {
            uint64_t x = velt(&A, i, sz), d = velt(&D, i, sz), r = 0;
            switch (opc | u << 4) {
            case 0x08: r = x * y; break;
            case 0x10: r = d + x * y; break;
            case 0x14: r = d - x * y; break;
            case 0x0c: r = sqdmulh(c, x, y, sz, false); break;
            case 0x0d: r = sqdmulh(c, x, y, sz, true); break;
            case 0x1d: r = sqrdmlah(c, d, x, y, sz, false); break;
            case 0x1f: r = sqrdmlah(c, d, x, y, sz, true); break;
            case 0x0e: r = dot4((uint32_t)d, (uint32_t)x, (uint32_t)y, true); break;
            case 0x1e: r = dot4((uint32_t)d, (uint32_t)x, (uint32_t)y, false); break;
            }
            velt_set(&R, i, sz, r);
        }
    }
    c->v[insn_rd(insn)] = R;
    return 0;
}

fpsimd_helper fpsimd_lookup_indexed(uint32_t insn)
{
    unsigned sz = insn_size(insn), u = insn_u(insn), opc = (insn >> 12) & 15;
    bool scalar = insn_scalar(insn);
    if (u && (opc & 9) == 1)
        return fpsimd_lookup_fcmla_idx(insn);
    if (opc == 1 || opc == 5 || opc == 9)
        return fpsimd_lookup_indexed_fp(insn);
    if (sz != 1 && sz != 2)
        return NULL;
    switch (opc | u << 4) {
    case 0x03: case 0x07: case 0x0b: case 0x0c: case 0x0d: case 0x1d: case 0x1f:
        return h_indexed_int;
    case 0x0e: case 0x1e:
        return !scalar && sz == 2 ? h_indexed_int : NULL;
    case 0x02: case 0x06: case 0x0a: case 0x12: case 0x16: case 0x1a:
    case 0x08: case 0x10: case 0x14:
        return scalar ? NULL : h_indexed_int;
    default:
        return NULL;
    }
}

/* ---------------- scalar pairwise ADDP ---------------- */

static FPSIMD_HELPER(h_addp_scalar)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    const a64_vreg *A = &c->v[insn_rn(insn)];
    a64_vreg R;
    memset(&R, 0, sizeof(R));
    R.d[0] = A->d[0] + A->d[1];
    c->v[insn_rd(insn)] = R;
    return 0;
}

fpsimd_helper fpsimd_lookup_pairwise(uint32_t insn)
{
    unsigned opc = (insn >> 12) & 31;
    if (!insn_u(insn) && opc == 0x1b)
        return insn_size(insn) == 3 ? h_addp_scalar : NULL;
    return fpsimd_lookup_pairwise_fp(insn);
}
