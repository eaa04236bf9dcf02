/*
 * FEAT_FP16 instruction helpers and their translate-time lookups, for
 * translate_fp16.c: scalar half-precision data processing, compares and
 * conversions, and the AdvSIMD FP16 groups (three same, two-register
 * misc, across lanes, scalar pairwise, by element, fixed-point shifts).
 * Each lookup accepts exactly the allocated encodings of its group (the
 * Arm ARM's encoding tables) and returns NULL for the rest.  Arithmetic is
 * fpsimd_helpers_fp16core.c; operations that do not round use the shared
 * format-generic functions with sz = 1.
 */
#include <string.h>

#include "xlat/aarch64/fpsimd_helpers_fp16.h"

enum { HS = 1 };

static const enum fp_rmode rmodes[4] = { FPR_TIEEVEN, FPR_POSINF, FPR_NEGINF, FPR_ZERO };

static inline uint16_t hreg(const struct a64_cpu *c, unsigned r) { return c->v[r & 31].h[0]; }

/* a scalar H result: the rest of the register is zeroed */
static inline void set_hreg(struct a64_cpu *c, unsigned r, uint64_t v)
{
    c->v[r & 31].d[0] = v & 0xffff;
    c->v[r & 31].d[1] = 0;
}

/* ---- the binary operations of the three-same groups ---------------------- */

enum bop {
    B_MAXNM, B_FMLA, B_ADD, B_MULX, B_CMEQ, B_MAX, B_RECPS, B_MINNM, B_FMLS, B_SUB, B_MIN,
    B_RSQRTS, B_MAXNMP, B_ADDP, B_MUL, B_CMGE, B_ACGE, B_MAXP, B_DIV, B_MINNMP, B_ABD, B_CMGT,
    B_ACGT, B_MINP, B_NONE
};

/* three same FP16, by U:a:opcode (Arm ARM C4.1, "Advanced SIMD three same (FP16)") */
static const uint8_t same_ops[32] = {
    B_MAXNM, B_FMLA, B_ADD, B_MULX, B_CMEQ, B_NONE, B_MAX, B_RECPS,
    B_MINNM, B_FMLS, B_SUB, B_NONE, B_NONE, B_NONE, B_MIN, B_RSQRTS,
    B_MAXNMP, B_NONE, B_ADDP, B_MUL, B_CMGE, B_ACGE, B_MAXP, B_DIV,
    B_MINNMP, B_NONE, B_ABD, B_NONE, B_CMGT, B_ACGT, B_MINP, B_NONE,
};

static uint16_t bop_apply(enum bop op, uint16_t x, uint16_t y, uint16_t d, struct fpst *st)
{
    switch (op) {
    case B_MAXNM: case B_MAXNMP: return (uint16_t)fp_maxnm(x, y, HS, st);
    case B_MINNM: case B_MINNMP: return (uint16_t)fp_minnm(x, y, HS, st);
    case B_MAX: case B_MAXP: return (uint16_t)fp_max(x, y, HS, st);
    case B_MIN: case B_MINP: return (uint16_t)fp_min(x, y, HS, st);
    case B_FMLA: return h16_muladd(d, x, y, st);
    case B_FMLS: return h16_muladd(d, x ^ 0x8000, y, st);
    case B_ADD: case B_ADDP: return h16_add(x, y, st);
    case B_SUB: return h16_sub(x, y, st);
    case B_MULX: return h16_mulx(x, y, st);
    case B_MUL: return h16_mul(x, y, st);
    case B_DIV: return h16_div(x, y, st);
    case B_ABD: return h16_sub(x, y, st) & 0x7fff;
    case B_RECPS: return h16_recps(x, y, st);
    case B_RSQRTS: return h16_rsqrts(x, y, st);
    case B_CMEQ: return fp_cmp_eq(x, y, HS, st) ? 0xffff : 0;
    case B_CMGE: return fp_cmp_ge(x, y, HS, st) ? 0xffff : 0;
    case B_CMGT: return fp_cmp_gt(x, y, HS, st) ? 0xffff : 0;
    case B_ACGE: return fp_cmp_ge(x & 0x7fff, y & 0x7fff, HS, st) ? 0xffff : 0;
    case B_ACGT: return fp_cmp_gt(x & 0x7fff, y & 0x7fff, HS, st) ? 0xffff : 0;
    default: return 0;
    }
}

static bool bop_pairwise(enum bop op)
{
    return op == B_MAXNMP || op == B_ADDP || op == B_MAXP || op == B_MINNMP || op == B_MINP;
}

static inline unsigned same_key(uint32_t insn)
{
    return ((insn >> 29) & 1) << 4 | ((insn >> 23) & 1) << 3 | ((insn >> 11) & 7);
}

static FPSIMD_HELPER(h_3same)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    enum bop op = (enum bop)same_ops[same_key(insn)];
    unsigned n = insn_scalar(insn) ? 1 : insn_q(insn) ? 8 : 4;
    const a64_vreg vn = c->v[insn_rn(insn)], vm = c->v[insn_rm(insn)], vd = c->v[insn_rd(insn)];
    a64_vreg r;
    memset(&r, 0, sizeof(r));
    struct fpst st = fpst_of(c);
    bool pw = bop_pairwise(op);
    for (unsigned i = 0; i < n; i++) {
        struct a64_vpair p = velt_operands(&vn, &vm, i, n, HS, pw);
        r.h[i] = bop_apply(op, (uint16_t)p.x, (uint16_t)p.y, vd.h[i], &st);
    }
    c->v[insn_rd(insn)] = r;
    fpst_commit(c, &st);
    return 0;
}

fpsimd_helper fp16_lookup_3same(uint32_t insn)
{
    enum bop op = (enum bop)same_ops[same_key(insn)];
    if (op == B_NONE)
        return NULL;
    if (insn_scalar(insn)) {
        /* scalar: FMULX FCMEQ FRECPS FRSQRTS FCMGE FACGE FABD FCMGT FACGT */
        switch (op) {
        case B_MULX: case B_CMEQ: case B_RECPS: case B_RSQRTS: case B_CMGE: case B_ACGE:
        case B_ABD: case B_CMGT: case B_ACGT:
            return h_3same;
        default:
            return NULL;
        }
    }
    return h_3same;
}

/* ---- two-register misc -------------------------------------------------- */

enum uop {
    U_NONE, U_RINTN, U_RINTM, U_RINTP, U_RINTZ, U_RINTA, U_RINTX, U_RINTI, U_CVTNS, U_CVTMS,
    U_CVTAS, U_CVTPS, U_CVTZS, U_CVTNU, U_CVTMU, U_CVTAU, U_CVTPU, U_CVTZU, U_SCVTF, U_UCVTF,
    U_CMGT0, U_CMEQ0, U_CMLT0, U_CMGE0, U_CMLE0, U_ABS, U_NEG, U_RECPE, U_RSQRTE, U_SQRT, U_RECPX
};

/* by U:a:opcode (opcode 5 bits); only opcodes 01100..11111 are used */
static enum uop misc_op(uint32_t insn)
{
    unsigned u = (insn >> 29) & 1, a = (insn >> 23) & 1, op = (insn >> 12) & 31;
    switch (u << 6 | a << 5 | op) {
    case 0x18: return U_RINTN;
    case 0x19: return U_RINTM;
    case 0x1a: return U_CVTNS;
    case 0x1b: return U_CVTMS;
    case 0x1c: return U_CVTAS;
    case 0x1d: return U_SCVTF;
    case 0x2c: return U_CMGT0;
    case 0x2d: return U_CMEQ0;
    case 0x2e: return U_CMLT0;
    case 0x2f: return U_ABS;
    case 0x38: return U_RINTP;
    case 0x39: return U_RINTZ;
    case 0x3a: return U_CVTPS;
    case 0x3b: return U_CVTZS;
    case 0x3d: return U_RECPE;
    case 0x3f: return U_RECPX;
    case 0x58: return U_RINTA;
    case 0x59: return U_RINTX;
    case 0x5a: return U_CVTNU;
    case 0x5b: return U_CVTMU;
    case 0x5c: return U_CVTAU;
    case 0x5d: return U_UCVTF;
    case 0x6c: return U_CMGE0;
    case 0x6d: return U_CMLE0;
    case 0x6f: return U_NEG;
    case 0x79: return U_RINTI;
    case 0x7a: return U_CVTPU;
    case 0x7b: return U_CVTZU;
    case 0x7d: return U_RSQRTE;
    case 0x7f: return U_SQRT;
    default: return U_NONE;
    }
}

static uint16_t uop_apply(enum uop op, uint16_t x, struct fpst *st)
{
    enum fp_rmode cur = fpst_rmode(st);
    switch (op) {
    case U_RINTN: return (uint16_t)fp_round_int(x, HS, FPR_TIEEVEN, false, st);
    case U_RINTM: return (uint16_t)fp_round_int(x, HS, FPR_NEGINF, false, st);
    case U_RINTP: return (uint16_t)fp_round_int(x, HS, FPR_POSINF, false, st);
    case U_RINTZ: return (uint16_t)fp_round_int(x, HS, FPR_ZERO, false, st);
    case U_RINTA: return (uint16_t)fp_round_int(x, HS, FPR_TIEAWAY, false, st);
    case U_RINTX: return (uint16_t)fp_round_int(x, HS, cur, true, st);
    case U_RINTI: return (uint16_t)fp_round_int(x, HS, cur, false, st);
    case U_CVTNS: return (uint16_t)fp_to_fixed(x, HS, 0, false, 16, FPR_TIEEVEN, st);
    case U_CVTMS: return (uint16_t)fp_to_fixed(x, HS, 0, false, 16, FPR_NEGINF, st);
    case U_CVTAS: return (uint16_t)fp_to_fixed(x, HS, 0, false, 16, FPR_TIEAWAY, st);
    case U_CVTPS: return (uint16_t)fp_to_fixed(x, HS, 0, false, 16, FPR_POSINF, st);
    case U_CVTZS: return (uint16_t)fp_to_fixed(x, HS, 0, false, 16, FPR_ZERO, st);
    case U_CVTNU: return (uint16_t)fp_to_fixed(x, HS, 0, true, 16, FPR_TIEEVEN, st);
    case U_CVTMU: return (uint16_t)fp_to_fixed(x, HS, 0, true, 16, FPR_NEGINF, st);
    case U_CVTAU: return (uint16_t)fp_to_fixed(x, HS, 0, true, 16, FPR_TIEAWAY, st);
    case U_CVTPU: return (uint16_t)fp_to_fixed(x, HS, 0, true, 16, FPR_POSINF, st);
    case U_CVTZU: return (uint16_t)fp_to_fixed(x, HS, 0, true, 16, FPR_ZERO, st);
    case U_SCVTF: return (uint16_t)fixed_to_fp(x, 16, 0, false, HS, cur, st);
    case U_UCVTF: return (uint16_t)fixed_to_fp(x, 16, 0, true, HS, cur, st);
    case U_CMGT0: return fp_cmp_gt(x, 0, HS, st) ? 0xffff : 0;
    case U_CMEQ0: return fp_cmp_eq(x, 0, HS, st) ? 0xffff : 0;
    case U_CMLT0: return fp_cmp_gt(0, x, HS, st) ? 0xffff : 0;
    case U_CMGE0: return fp_cmp_ge(x, 0, HS, st) ? 0xffff : 0;
    case U_CMLE0: return fp_cmp_ge(0, x, HS, st) ? 0xffff : 0;
    case U_ABS: return x & 0x7fff;
    case U_NEG: return x ^ 0x8000;
    case U_RECPE: return h16_recpe(x, st);
    case U_RSQRTE: return (uint16_t)fp_rsqrte(x, HS, st);
    case U_SQRT: return h16_sqrt(x, st);
    case U_RECPX: return (uint16_t)fp_recpx(x, HS, st);
    default: return 0;
    }
}

static FPSIMD_HELPER(h_2misc)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    enum uop op = misc_op(insn);
    unsigned n = insn_scalar(insn) ? 1 : insn_q(insn) ? 8 : 4;
    const a64_vreg vn = c->v[insn_rn(insn)];
    a64_vreg r;
    memset(&r, 0, sizeof(r));
    struct fpst st = fpst_of(c);
    for (unsigned i = 0; i < n; i++)
        r.h[i] = uop_apply(op, vn.h[i], &st);
    c->v[insn_rd(insn)] = r;
    fpst_commit(c, &st);
    return 0;
}

fpsimd_helper fp16_lookup_2misc(uint32_t insn)
{
    enum uop op = misc_op(insn);
    if (op == U_NONE)
        return NULL;
    if (insn_scalar(insn)) {
        /* no FRINT*, FABS, FNEG, FSQRT in the scalar group */
        if ((op >= U_RINTN && op <= U_RINTI) || op == U_ABS || op == U_NEG || op == U_SQRT)
            return NULL;
    } else if (op == U_RECPX) {
        return NULL;
    }
    return h_2misc;
}

/* ---- across lanes and scalar pairwise ----------------------------------- */

/* FMAXNMV/FMINNMV/FMAXV/FMINV: Arm's Reduce() halves the vector
 * recursively: op(Reduce(low half), Reduce(high half)). */
static uint16_t reduce(enum bop op, const uint16_t *e, unsigned n, struct fpst *st)
{
    if (n == 1)
        return e[0];
    uint16_t lo = reduce(op, e, n / 2, st), hi = reduce(op, e + n / 2, n / 2, st);
    return bop_apply(op, lo, hi, 0, st);
}

static enum bop across_op(uint32_t insn)
{
    unsigned o1 = (insn >> 23) & 1, op = (insn >> 12) & 31;
    if (op == 0x0c)
        return o1 ? B_MINNM : B_MAXNM;
    if (op == 0x0f)
        return o1 ? B_MIN : B_MAX;
    if (op == 0x0d && !o1)
        return B_ADD;                           /* FADDP (scalar pairwise only) */
    return B_NONE;
}

static FPSIMD_HELPER(h_across)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned n = insn_scalar(insn) ? 2 : insn_q(insn) ? 8 : 4;
    uint16_t e[8];
    memcpy(e, c->v[insn_rn(insn)].h, sizeof(e));
    struct fpst st = fpst_of(c);
    uint16_t r = reduce(across_op(insn), e, n, &st);
    set_hreg(c, insn_rd(insn), r);
    fpst_commit(c, &st);
    return 0;
}

fpsimd_helper fp16_lookup_across(uint32_t insn)
{
    enum bop op = across_op(insn);
    return op == B_NONE || op == B_ADD ? NULL : h_across;
}

fpsimd_helper fp16_lookup_pairwise(uint32_t insn)
{
    return across_op(insn) == B_NONE ? NULL : h_across;
}

/* ---- by element --------------------------------------------------------- */

static FPSIMD_HELPER(h_indexed)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned idx = ((insn >> 11) & 1) << 2 | ((insn >> 21) & 1) << 1 | ((insn >> 20) & 1);
    unsigned rm = (insn >> 16) & 15, opc = (insn >> 12) & 15, u = (insn >> 29) & 1;
    unsigned n = insn_scalar(insn) ? 1 : insn_q(insn) ? 8 : 4;
    uint16_t m = c->v[rm].h[idx];
    const a64_vreg vn = c->v[insn_rn(insn)], vd = c->v[insn_rd(insn)];
    a64_vreg r;
    memset(&r, 0, sizeof(r));
    struct fpst st = fpst_of(c);
    for (unsigned i = 0; i < n; i++) {
        uint16_t x = vn.h[i];
        switch (opc) {
        case 1: r.h[i] = h16_muladd(vd.h[i], x, m, &st); break;            /* FMLA */
        case 5: r.h[i] = h16_muladd(vd.h[i], x ^ 0x8000, m, &st); break;   /* FMLS */
        default: r.h[i] = u ? h16_mulx(x, m, &st) : h16_mul(x, m, &st); break;
        }
    }
    c->v[insn_rd(insn)] = r;
    fpst_commit(c, &st);
    return 0;
}

fpsimd_helper fp16_lookup_indexed(uint32_t insn)
{
    unsigned opc = (insn >> 12) & 15, u = (insn >> 29) & 1;
    if (insn_size(insn) != 0)
        return NULL;
    if (opc == 9 || (!u && (opc == 1 || opc == 5)))
        return h_indexed;
    return NULL;
}

/* ---- shift by immediate: fixed-point conversions ---------------------------- */

static FPSIMD_HELPER(h_shimm)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned fbits = 32 - ((insn >> 16) & 0x7f), u = (insn >> 29) & 1;
    bool to_fp = ((insn >> 11) & 31) == 0x1c;
    unsigned n = insn_scalar(insn) ? 1 : insn_q(insn) ? 8 : 4;
    const a64_vreg vn = c->v[insn_rn(insn)];
    a64_vreg r;
    memset(&r, 0, sizeof(r));
    struct fpst st = fpst_of(c);
    for (unsigned i = 0; i < n; i++)
        r.h[i] = to_fp ? (uint16_t)fixed_to_fp(vn.h[i], 16, fbits, u, HS, fpst_rmode(&st), &st)
                       : (uint16_t)fp_to_fixed(vn.h[i], HS, fbits, u, 16, FPR_ZERO, &st);
    c->v[insn_rd(insn)] = r;
    fpst_commit(c, &st);
    return 0;
}

fpsimd_helper fp16_lookup_shimm(uint32_t insn)
{
    unsigned immh = (insn >> 19) & 15, op = (insn >> 11) & 31;
    if ((immh >> 1) != 1 || (op != 0x1c && op != 0x1f))
        return NULL;
    return h_shimm;
}

/* ---- scalar floating point -------------------------------------------------- */

/* FSQRT and FRINT* (FMOV, FABS, FNEG are inline) */
static FPSIMD_HELPER(h_dp1)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned opc = (insn >> 15) & 63;
    uint16_t x = hreg(c, insn_rn(insn)), r;
    struct fpst st = fpst_of(c);
    static const enum uop rint[8] = { U_RINTN, U_RINTP, U_RINTM, U_RINTZ, U_RINTA, U_NONE,
                                      U_RINTX, U_RINTI };
    r = opc == 3 ? h16_sqrt(x, &st) : uop_apply(rint[opc & 7], x, &st);
    set_hreg(c, insn_rd(insn), r);
    fpst_commit(c, &st);
    return 0;
}

fpsimd_helper fp16_lookup_dp1(uint32_t insn)
{
    unsigned opc = (insn >> 15) & 63;
    return opc == 3 || (opc >= 8 && opc <= 15 && opc != 13) ? h_dp1 : NULL;
}

static FPSIMD_HELPER(h_dp2)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned opc = (insn >> 12) & 15;
    uint16_t x = hreg(c, insn_rn(insn)), y = hreg(c, insn_rm(insn)), r;
    struct fpst st = fpst_of(c);
    switch (opc) {
    case 0: r = h16_mul(x, y, &st); break;
    case 1: r = h16_div(x, y, &st); break;
    case 2: r = h16_add(x, y, &st); break;
    case 3: r = h16_sub(x, y, &st); break;
    case 4: r = (uint16_t)fp_max(x, y, HS, &st); break;
    case 5: r = (uint16_t)fp_min(x, y, HS, &st); break;
    case 6: r = (uint16_t)fp_maxnm(x, y, HS, &st); break;
    case 7: r = (uint16_t)fp_minnm(x, y, HS, &st); break;
    default: r = h16_mul(x, y, &st) ^ 0x8000; break;       /* FNMUL: FPNeg(FPMul) */
    }
    set_hreg(c, insn_rd(insn), r);
    fpst_commit(c, &st);
    return 0;
}

fpsimd_helper fp16_lookup_dp2(uint32_t insn)
{
    return ((insn >> 12) & 15) <= 8 ? h_dp2 : NULL;
}

/* FMADD, FMSUB, FNMADD, FNMSUB: the negations come before FPMulAdd */
static FPSIMD_HELPER(h_dp3)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned o1 = (insn >> 21) & 1, o0 = (insn >> 15) & 1;
    uint16_t n = hreg(c, insn_rn(insn)), m = hreg(c, insn_rm(insn));
    uint16_t a = hreg(c, (insn >> 10) & 31);
    if (o1)
        a ^= 0x8000;
    if (o0 != o1)
        n ^= 0x8000;
    struct fpst st = fpst_of(c);
    uint16_t r = h16_muladd(a, n, m, &st);
    set_hreg(c, insn_rd(insn), r);
    fpst_commit(c, &st);
    return 0;
}

fpsimd_helper fp16_lookup_dp3(uint32_t insn)
{
    (void)insn;
    return h_dp3;
}

uint64_t fp16_fcmp(void *env, uint64_t insn, uint64_t unused1, uint64_t unused2)
{
    struct a64_cpu *c = env;
    (void)unused1;
    (void)unused2;
    uint32_t w = (uint32_t)insn;
    uint16_t x = hreg(c, insn_rn(w));
    uint16_t y = (w >> 3) & 1 ? 0 : hreg(c, insn_rm(w));
    struct fpst st = fpst_of(c);
    uint32_t nzcv = fp_compare(x, y, HS, (w >> 4) & 1, &st);
    fpst_commit(c, &st);
    return nzcv;
}

uint64_t fp16_fccmp(void *env, uint64_t insn, uint64_t cond_true, uint64_t unused)
{
    struct a64_cpu *c = env;
    (void)unused;
    uint32_t w = (uint32_t)insn;
    if (!cond_true)
        return (uint64_t)(w & 15) << 28;
    struct fpst st = fpst_of(c);
    uint32_t nzcv = fp_compare(hreg(c, insn_rn(w)), hreg(c, insn_rm(w)), HS, (w >> 4) & 1, &st);
    fpst_commit(c, &st);
    return nzcv;
}

/* FCVT[NPMZA][SU] to a general register, integer or fixed point: returns Rd */
static FPSIMD_HELPER(h_to_int)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned rmode = (insn >> 19) & 3, opc = (insn >> 16) & 7;
    bool fixed = !((insn >> 21) & 1), sf = insn >> 31;
    unsigned fbits = fixed ? 64 - ((insn >> 10) & 63) : 0;
    enum fp_rmode rm = (opc & 4) ? FPR_TIEAWAY : rmodes[rmode];
    struct fpst st = fpst_of(c);
    uint64_t r = fp_to_fixed(hreg(c, insn_rn(insn)), HS, fbits, opc & 1, sf ? 64 : 32, rm, &st);
    fpst_commit(c, &st);
    return r;
}

/* SCVTF/UCVTF from a general register (a1 = its value) */
static FPSIMD_HELPER(h_from_int)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned opc = (insn >> 16) & 7;
    bool fixed = !((insn >> 21) & 1), sf = insn >> 31;
    unsigned fbits = fixed ? 64 - ((insn >> 10) & 63) : 0;
    struct fpst st = fpst_of(c);
    uint64_t v = sf ? a1 : (uint32_t)a1;
    uint64_t r = fixed_to_fp(v, sf ? 64 : 32, fbits, opc & 1, HS, fpst_rmode(&st), &st);
    set_hreg(c, insn_rd(insn), r);
    fpst_commit(c, &st);
    return 0;
}

fpsimd_helper fp16_lookup_int(uint32_t insn)
{
    unsigned rmode = (insn >> 19) & 3, opc = (insn >> 16) & 7;
    switch (opc) {
    case 0: case 1: return h_to_int;
    case 2: case 3: return rmode == 0 ? h_from_int : NULL;
    case 4: case 5: return rmode == 0 ? h_to_int : NULL;
    default: return NULL;
    }
}

fpsimd_helper fp16_lookup_fixed(uint32_t insn)
{
    unsigned rmode = (insn >> 19) & 3, opc = (insn >> 16) & 7, scale = (insn >> 10) & 63;
    if (!(insn >> 31) && scale < 32)
        return NULL;
    if ((opc == 0 || opc == 1) && rmode == 3)
        return h_to_int;
    if ((opc == 2 || opc == 3) && rmode == 0)
        return h_from_int;
    return NULL;
}

/* ---- FCMLA, FCADD on halves (FEAT_FCMA with FEAT_FP16) ------------------ */

/* one complex multiply-accumulate step of FCMLA: pairs (re, im) of n and
 * of m (mre, mim), rotation rot (0..3 = 0, 90, 180, 270 degrees) */
static void fcmla_pair(uint16_t *d, uint16_t nre, uint16_t nim, uint16_t mre, uint16_t mim,
                       unsigned rot, struct fpst *st)
{
    uint16_t e1, e2, e3, e4;
    switch (rot) {
    case 0: e1 = mre; e2 = nre; e3 = mim; e4 = nre; break;
    case 1: e1 = mim ^ 0x8000; e2 = nim; e3 = mre; e4 = nim; break;
    case 2: e1 = mre ^ 0x8000; e2 = nre; e3 = mim ^ 0x8000; e4 = nre; break;
    default: e1 = mim; e2 = nim; e3 = mre ^ 0x8000; e4 = nim; break;
    }
    d[0] = h16_muladd(d[0], e2, e1, st);
    d[1] = h16_muladd(d[1], e4, e3, st);
}

static FPSIMD_HELPER(h_fcma)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned opc = (insn >> 11) & 15, n = insn_q(insn) ? 8 : 4;
    const a64_vreg vn = c->v[insn_rn(insn)], vm = c->v[insn_rm(insn)];
    a64_vreg r = c->v[insn_rd(insn)];
    struct fpst st = fpst_of(c);
    for (unsigned e = 0; e < n; e += 2) {
        if (opc & 4) {                          /* FCADD #90 (rot 0) / #270 (rot 1) */
            bool rot270 = (opc >> 1) & 1;
            uint16_t e1 = rot270 ? vm.h[e + 1] : vm.h[e + 1] ^ 0x8000;
            uint16_t e3 = rot270 ? vm.h[e] ^ 0x8000 : vm.h[e];
            r.h[e] = h16_add(vn.h[e], e1, &st);
            r.h[e + 1] = h16_add(vn.h[e + 1], e3, &st);
        } else {
            fcmla_pair(&r.h[e], vn.h[e], vn.h[e + 1], vm.h[e], vm.h[e + 1], opc & 3, &st);
        }
    }
    if (!insn_q(insn))
        r.d[1] = 0;
    c->v[insn_rd(insn)] = r;
    fpst_commit(c, &st);
    return 0;
}

/* FCMLA .4H/.8H (opcode 10rr) and FCADD (11r0); NULL for the rest */
fpsimd_helper fp16_lookup_fcma(uint32_t insn)
{
    unsigned opc = (insn >> 11) & 15;
    return (opc >> 2) == 2 || ((opc >> 2) == 3 && !(opc & 1)) ? h_fcma : NULL;
}

static FPSIMD_HELPER(h_fcmla_idx)
{
    struct a64_cpu *c = env_;
    uint32_t insn = (uint32_t)a0;
    unsigned idx = ((insn >> 11) & 1) << 1 | ((insn >> 21) & 1);
    unsigned rm = (insn >> 16) & 31, rot = (insn >> 13) & 3, n = insn_q(insn) ? 8 : 4;
    const a64_vreg vn = c->v[insn_rn(insn)];
    uint16_t mre = c->v[rm].h[2 * idx], mim = c->v[rm].h[2 * idx + 1];
    a64_vreg r = c->v[insn_rd(insn)];
    struct fpst st = fpst_of(c);
    for (unsigned e = 0; e < n; e += 2)
        fcmla_pair(&r.h[e], vn.h[e], vn.h[e + 1], mre, mim, rot, &st);
    if (!insn_q(insn))
        r.d[1] = 0;
    c->v[insn_rd(insn)] = r;
    fpst_commit(c, &st);
    return 0;
}

/* FCMLA by element .4H (index H:L, H = 0) and .8H */
fpsimd_helper fp16_lookup_fcmla_idx(uint32_t insn)
{
    return !insn_q(insn) && ((insn >> 11) & 1) ? NULL : h_fcmla_idx;
}

/* ---- FMLAL, FMLSL, FMLAL2, FMLSL2 (FEAT_FHM) ----------------------------- */

/* Vd.2S/4S += (or -=) Vn.H * Vm.H (or Vm.H[index]) widened: the halves
 * come from the low (FMLAL) or high (FMLAL2) half of the source part */
static void fhm_run(struct a64_cpu *c, uint32_t insn, bool sub, bool second, int index)
{
    unsigned n = insn_q(insn) ? 4 : 2;
    const a64_vreg vn = c->v[insn_rn(insn)];
    unsigned rm = index >= 0 ? (insn >> 16) & 15 : insn_rm(insn);
    const a64_vreg vm = c->v[rm];
    a64_vreg r = c->v[insn_rd(insn)];
    struct fpst st = fpst_of(c);
    unsigned base = second ? n : 0;
    for (unsigned e = 0; e < n; e++) {
        uint16_t x = vn.h[base + e], y = index >= 0 ? vm.h[index] : vm.h[base + e];
        if (sub)
            x ^= 0x8000;
        r.s[e] = h16_fmlal(r.s[e], x, y, &st);
    }
    if (!insn_q(insn))
        r.d[1] = 0;
    c->v[insn_rd(insn)] = r;
    fpst_commit(c, &st);
}

static FPSIMD_HELPER(h_fhm)
{
    uint32_t insn = (uint32_t)a0;
    fhm_run(env_, insn, (insn >> 23) & 1, (insn >> 29) & 1, -1);
    return 0;
}

static FPSIMD_HELPER(h_fhm_idx)
{
    uint32_t insn = (uint32_t)a0;
    int idx = (int)(((insn >> 11) & 1) << 2 | ((insn >> 21) & 1) << 1 | ((insn >> 20) & 1));
    fhm_run(env_, insn, (insn >> 14) & 1, (insn >> 29) & 1, idx);
    return 0;
}

/* three same, size<0> = 0: FMLAL/FMLSL U=0 opcode 11101, FMLAL2/FMLSL2
 * U=1 opcode 11001 (size<1> selects the subtraction) */
fpsimd_helper fp16_lookup_fhm(uint32_t insn)
{
    unsigned u = (insn >> 29) & 1, opc = (insn >> 11) & 31;
    if ((insn >> 22) & 1)
        return NULL;
    return (!u && opc == 0x1d) || (u && opc == 0x19) ? h_fhm : NULL;
}

/* by element, size 10: U=0 opcode 0000/0100, U=1 opcode 1000/1100 */
fpsimd_helper fp16_lookup_fhm_idx(uint32_t insn)
{
    unsigned u = (insn >> 29) & 1, opc = (insn >> 12) & 15;
    if (insn_size(insn) != 2 || (opc & 3))
        return NULL;
    return ((opc >> 3) & 1) == u ? h_fhm_idx : NULL;
}
