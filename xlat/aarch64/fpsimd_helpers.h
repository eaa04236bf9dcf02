/*
 * Runtime helpers behind the A64 FP/AdvSIMD frontend (translate_fp.c,
 * translate_simd*.c).  Generated code calls them through ir_call with the
 * instruction word as first argument; they operate on the V registers in
 * env.  The `*_lookup` functions run at translate time: they map an
 * encoding to its helper, or return NULL for an encoding that is
 * unallocated or not implemented (the instruction is then undefined), so
 * one table decides both what is accepted and what runs.
 *
 * Files: fpsimd_helpers_fpcore.c / _fpconv.c hold the Arm floating-point
 * rules (NaN propagation, default NaN, flush to zero, rounding modes, FPSR
 * flags) on raw bit patterns; the instruction helpers build on them:
 * _fp.c (scalar FP), _vfp.c (AdvSIMD FP), _int.c (AdvSIMD integer),
 * _perm.c (moves, permutes, tables, structure (de)interleave), _crypto.c
 * (AES, SHA), and _fast.c / _fastfp.c (host-SIMD fast paths of the
 * hottest operations, chosen by the lookups).  fpsimd_helpers_ir.h is the
 * translate-time side (IR emission).
 */
#ifndef XEMU_XLAT_AARCH64_FPSIMD_HELPERS_H
#define XEMU_XLAT_AARCH64_FPSIMD_HELPERS_H

#include <stdbool.h>
#include <stdint.h>

#include "xlat/aarch64/cpu.h"

/* The IR call signature (ir_ops.def: call). */
typedef uint64_t (*fpsimd_helper)(void *env, uint64_t a0, uint64_t a1, uint64_t a2);
#define FPSIMD_HELPER(name) \
    uint64_t name(void *env_, uint64_t a0, __attribute__((unused)) uint64_t a1, \
                  __attribute__((unused)) uint64_t a2)

/* FPCR / FPSR bits */
enum {
    FPCR_AHP = 1u << 26, FPCR_DN = 1u << 25, FPCR_FZ = 1u << 24,
    FPCR_RMODE_SHIFT = 22, FPCR_FZ16 = 1u << 19,
    FPSR_IOC = 1u << 0, FPSR_DZC = 1u << 1, FPSR_OFC = 1u << 2,
    FPSR_UFC = 1u << 3, FPSR_IXC = 1u << 4, FPSR_IDC = 1u << 7,
    FPSR_QC = 1u << 27,
};

/* Arm rounding modes (FPCR.RMode order), plus ties-away (FCVTA, FRINTA) and round-to-odd (FCVTXN). */
enum fp_rmode { FPR_TIEEVEN, FPR_POSINF, FPR_NEGINF, FPR_ZERO, FPR_TIEAWAY, FPR_ODD };

/* Floating-point context of one helper call: FPCR in, flags out. */
struct fpst {
    uint32_t fpcr;
    uint32_t exc;       /* FPSR bits raised */
    uint32_t fpsr_in;   /* FPSR before: lets arithmetic skip flag tracking */
};
static inline struct fpst fpst_of(const struct a64_cpu *c)
{
    struct fpst st = { c->fpcr, 0, c->fpsr };
    return st;
}
static inline void fpst_commit(struct a64_cpu *c, const struct fpst *st)
{
    c->fpsr |= st->exc;
}
static inline enum fp_rmode fpst_rmode(const struct fpst *st)
{
    return (enum fp_rmode)((st->fpcr >> FPCR_RMODE_SHIFT) & 3);
}

/* Helpers may skip Arm's exception bookkeeping when FPCR is all default
 * (round to nearest, no FZ, no DN) and FPSR.IXC is already set: a result
 * that is then a normal number above the smallest normal is exactly the
 * IEEE result and can raise no flag that is not already set. */
static inline bool fpsimd_fast_fpcr(const struct a64_cpu *c)
{
    return !(c->fpcr & (FPCR_FZ | FPCR_DN | 3u << FPCR_RMODE_SHIFT));
}
static inline bool fpsimd_fast_env(const struct a64_cpu *c)
{
    return fpsimd_fast_fpcr(c) && (c->fpsr & FPSR_IXC);
}
static inline bool fpsimd_fast_f64(uint64_t r)
{
    uint64_t e = (r >> 52) & 0x7ff;
    return e != 0 && e != 0x7ff && (r & ~(1ull << 63)) != 1ull << 52;
}
static inline bool fpsimd_fast_f32(uint32_t r)
{
    uint32_t e = (r >> 23) & 0xff;
    return e != 0 && e != 0xff && (r & 0x7fffffffu) != 1u << 23;
}

/* Floating-point formats are named by log2 of their byte size:
 * 1 = half, 2 = single, 3 = double.  Values are raw bit patterns. */
bool     fp_is_nan(uint64_t x, unsigned sz);
bool     fp_is_snan(uint64_t x, unsigned sz);
uint64_t fp_default_nan(unsigned sz);
uint64_t fp_add(uint64_t a, uint64_t b, unsigned sz, struct fpst *st);
uint64_t fp_sub(uint64_t a, uint64_t b, unsigned sz, struct fpst *st);
uint64_t fp_mul(uint64_t a, uint64_t b, unsigned sz, struct fpst *st);
uint64_t fp_div(uint64_t a, uint64_t b, unsigned sz, struct fpst *st);
uint64_t fp_mulx(uint64_t a, uint64_t b, unsigned sz, struct fpst *st);
uint64_t fp_sqrt(uint64_t a, unsigned sz, struct fpst *st);
/* addend + n * m, fused (Arm FPMulAdd: NaN order addend, n, m) */
uint64_t fp_muladd(uint64_t addend, uint64_t n, uint64_t m, unsigned sz, struct fpst *st);
uint64_t fp_max(uint64_t a, uint64_t b, unsigned sz, struct fpst *st);
uint64_t fp_min(uint64_t a, uint64_t b, unsigned sz, struct fpst *st);
uint64_t fp_maxnm(uint64_t a, uint64_t b, unsigned sz, struct fpst *st);
uint64_t fp_minnm(uint64_t a, uint64_t b, unsigned sz, struct fpst *st);
uint64_t fp_abd(uint64_t a, uint64_t b, unsigned sz, struct fpst *st);
uint64_t fp_recps(uint64_t a, uint64_t b, unsigned sz, struct fpst *st);
uint64_t fp_rsqrts(uint64_t a, uint64_t b, unsigned sz, struct fpst *st);
uint64_t fp_recpe(uint64_t a, unsigned sz, struct fpst *st);
uint64_t fp_rsqrte(uint64_t a, unsigned sz, struct fpst *st);
uint64_t fp_recpx(uint64_t a, unsigned sz, struct fpst *st);
uint64_t fp_neg(uint64_t a, unsigned sz);
uint64_t fp_abs(uint64_t a, unsigned sz);
/* NZCV packed in bits 31..28, as wrflags wants */
uint32_t fp_compare(uint64_t a, uint64_t b, unsigned sz, bool signal_all, struct fpst *st);
/* vector compares: true/false; GE/GT signal on any NaN, EQ on SNaN only */
bool     fp_cmp_eq(uint64_t a, uint64_t b, unsigned sz, struct fpst *st);
bool     fp_cmp_ge(uint64_t a, uint64_t b, unsigned sz, struct fpst *st);
bool     fp_cmp_gt(uint64_t a, uint64_t b, unsigned sz, struct fpst *st);
/* FRINT*: round to integral in format sz; exact = FRINTX (raises IXC) */
uint64_t fp_round_int(uint64_t a, unsigned sz, enum fp_rmode rm, bool exact, struct fpst *st);
/* FRINT32Z/X, FRINT64Z/X (FEAT_FRINTTS) */
uint64_t fp_round_int_n(uint64_t a, unsigned sz, enum fp_rmode rm, unsigned intsize,
                        struct fpst *st);
/* FCVT between formats */
uint64_t fp_convert(uint64_t a, unsigned from_sz, unsigned to_sz, struct fpst *st);
uint64_t fp_convert_rm(uint64_t a, unsigned from_sz, unsigned to_sz, enum fp_rmode rm,
                       struct fpst *st);
/* FPToFixed: to a signed/unsigned integer of `ibits` bits with fbits
 * fraction bits, saturating (result zero-extended to 64 bits) */
uint64_t fp_to_fixed(uint64_t a, unsigned sz, unsigned fbits, bool is_unsigned,
                     unsigned ibits, enum fp_rmode rm, struct fpst *st);
/* FixedToFP: integer `v` (ibits wide, signed or not) / 2^fbits */
uint64_t fixed_to_fp(uint64_t v, unsigned ibits, unsigned fbits, bool is_unsigned,
                     unsigned sz, enum fp_rmode rm, struct fpst *st);
/* FJCVTZS: ToInt32 result in bits 31..0, PSTATE.Z in bit 32 */
uint64_t fp_to_int32_js(uint64_t a, struct fpst *st);
uint64_t fpsimd_fjcvtzs(void *env, uint64_t insn, uint64_t unused1, uint64_t unused2);
/* FMOV (immediate) expansion of imm8 */
uint64_t fp_expand_imm(unsigned imm8, unsigned sz);
/* Arm's RecipEstimate and RecipSqrtEstimate on 9-bit inputs */
unsigned recip_estimate(unsigned a);
unsigned rsqrt_estimate(unsigned a);

/* Vector element access. */
struct a64_vpair { uint64_t x, y; };
static inline uint64_t velt(const a64_vreg *v, unsigned i, unsigned sz)
{
    switch (sz) {
    case 0: return v->b[i];
    case 1: return v->h[i];
    case 2: return v->s[i];
    default: return v->d[i];
    }
}

/* Operands of element i of an n-element three-register op: lanes i of a
 * and b, or for the pairwise forms the adjacent pair of the
 * concatenation a:b (low half of the result from a, high half from b). */
static inline struct a64_vpair velt_operands(const a64_vreg *a, const a64_vreg *b, unsigned i,
                                             unsigned n, unsigned sz, bool pairwise)
{
    if (!pairwise)
        return (struct a64_vpair){ velt(a, i, sz), velt(b, i, sz) };
    const a64_vreg *src = i < n / 2 ? a : b;
    unsigned j = (i % (n / 2)) * 2;
    return (struct a64_vpair){ velt(src, j, sz), velt(src, j + 1, sz) };
}

static inline void velt_set(a64_vreg *v, unsigned i, unsigned sz, uint64_t x)
{
    switch (sz) {
    case 0: v->b[i] = (uint8_t)x; break;
    case 1: v->h[i] = (uint16_t)x; break;
    case 2: v->s[i] = (uint32_t)x; break;
    default: v->d[i] = x; break;
    }
}
/* Lane i of a result kept as two 64-bit halves (zeroed first) and stored
 * with vpack_store: building it in an a64_vreg with lane-sized stores and
 * copying that made the 16-byte copy wait on a failed store forward. */
static inline void vpack_set(uint64_t half[2], unsigned i, unsigned sz, uint64_t x)
{
    unsigned bits = 8u << sz, at = i * bits;
    if (bits < 64)
        x &= (1ull << bits) - 1;
    half[at >> 6] |= x << (at & 63);
}
static inline void vpack_store(a64_vreg *v, const uint64_t half[2])
{
    v->d[0] = half[0];
    v->d[1] = half[1];
}
static inline int64_t sext_sz(uint64_t x, unsigned sz)
{
    unsigned sh = 64 - (8u << sz);
    return (int64_t)(x << sh) >> sh;
}
static inline uint64_t mask_sz(unsigned sz)
{
    return sz >= 3 ? ~0ull : (1ull << (8u << sz)) - 1;
}

/* Translate-time lookups, one per encoding group (NULL = undefined). */
fpsimd_helper fpsimd_lookup_fp_dp1(uint32_t insn);
fpsimd_helper fpsimd_lookup_fp_dp2(uint32_t insn);
fpsimd_helper fpsimd_lookup_fp_dp3(uint32_t insn);
fpsimd_helper fpsimd_lookup_fp_int(uint32_t insn);   /* FP<->int conversions (not FMOV) */
fpsimd_helper fpsimd_lookup_fp_fixed(uint32_t insn);
/* scalar FP helpers with extra arguments */
uint64_t fpsimd_fcmp(void *env, uint64_t insn, uint64_t unused1, uint64_t unused2);
uint64_t fpsimd_fccmp(void *env, uint64_t insn, uint64_t cond_true, uint64_t unused);

fpsimd_helper fpsimd_lookup_3same(uint32_t insn);    /* vector and scalar */
fpsimd_helper fpsimd_lookup_3diff(uint32_t insn);
fpsimd_helper fpsimd_lookup_3extra(uint32_t insn);   /* RDM, DotProd */
fpsimd_helper fpsimd_lookup_2misc(uint32_t insn);
fpsimd_helper fpsimd_lookup_across(uint32_t insn);
fpsimd_helper fpsimd_lookup_pairwise(uint32_t insn); /* scalar pairwise */
fpsimd_helper fpsimd_lookup_shimm(uint32_t insn);
fpsimd_helper fpsimd_lookup_indexed(uint32_t insn);
fpsimd_helper fpsimd_lookup_copy(uint32_t insn);     /* DUP/INS element forms */
fpsimd_helper fpsimd_lookup_modimm(uint32_t insn);
fpsimd_helper fpsimd_lookup_perm(uint32_t insn);
fpsimd_helper fpsimd_lookup_ext(uint32_t insn);
fpsimd_helper fpsimd_lookup_tbl(uint32_t insn);

/* SSE-friendly versions of hot vector ops (fpsimd_helpers_fast.c), for
 * encodings fpsimd_lookup_3same already accepted; NULL if none. */
fpsimd_helper fpsimd_fast_3same(uint32_t insn);
fpsimd_helper fpsimd_fast_2misc(uint32_t insn);
/* scalar FADD/FSUB/FMUL/FDIV, FMADD family, vector FADD/FSUB/FMUL/FDIV
 * (fpsimd_helpers_fastfp.c); NULL if the encoding has no fast version */
fpsimd_helper fpsimd_fast_fp_dp2(uint32_t insn);
fpsimd_helper fpsimd_fast_fp_dp3(uint32_t insn);
fpsimd_helper fpsimd_fast_3same_fp(uint32_t insn);

/* cryptographic extension (fpsimd_helpers_crypto.c) */
fpsimd_helper fpsimd_lookup_aes(uint32_t insn);
fpsimd_helper fpsimd_lookup_sha3(uint32_t insn);
fpsimd_helper fpsimd_lookup_sha2(uint32_t insn);

/* FP halves of the groups above (fpsimd_helpers_vfp.c); the integer
 * lookups delegate the FP opcodes to them. */
fpsimd_helper fpsimd_lookup_3same_fp(uint32_t insn);
fpsimd_helper fpsimd_lookup_2misc_fp(uint32_t insn);
fpsimd_helper fpsimd_lookup_across_fp(uint32_t insn);
fpsimd_helper fpsimd_lookup_pairwise_fp(uint32_t insn);
fpsimd_helper fpsimd_lookup_shimm_fp(uint32_t insn);
fpsimd_helper fpsimd_lookup_indexed_fp(uint32_t insn);
fpsimd_helper fpsimd_lookup_fcma(uint32_t insn);         /* FCMLA/FCADD vector */
fpsimd_helper fpsimd_lookup_fcmla_idx(uint32_t insn);    /* FCMLA by element */

/* Fields shared by the AdvSIMD encodings. */
static inline unsigned insn_rd(uint32_t i) { return i & 31; }
static inline unsigned insn_rn(uint32_t i) { return (i >> 5) & 31; }
static inline unsigned insn_rm(uint32_t i) { return (i >> 16) & 31; }
static inline unsigned insn_size(uint32_t i) { return (i >> 22) & 3; }
static inline unsigned insn_q(uint32_t i) { return (i >> 30) & 1; }
static inline unsigned insn_u(uint32_t i) { return (i >> 29) & 1; }
static inline bool insn_scalar(uint32_t i) { return (i >> 28) & 1; }
/* element count of a vector (or 1 for the scalar forms) of 1<<sz bytes */
static inline unsigned insn_nelem(uint32_t i, unsigned sz)
{
    return insn_scalar(i) ? 1 : ((insn_q(i) ? 16u : 8u) >> sz);
}

/* LD2/3/4 regroup the registers after contiguous loads; ST2/3/4 read the
 * interleaved image a word at a time (see translate_ldst_simd.c) */
uint64_t fpsimd_ld_deinterleave(void *env, uint64_t desc, uint64_t unused1, uint64_t unused2);
uint64_t fpsimd_st_interleaved(void *env, uint64_t desc, uint64_t word, uint64_t unused);

#endif
