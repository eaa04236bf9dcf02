/*
 * FEAT_FP16 half-precision arithmetic for the A64 frontend: the Arm
 * floating-point operations at N = 16 (fpsimd_helpers_fp16core.c) and the
 * instruction helpers and translate-time lookups built on them
 * (fpsimd_helpers_fp16.c), used by translate_fp16.c.
 *
 * The operations compute the exact result in integers (a half has an
 * 11-bit significand and exponents -24..15, so sums and products fit in
 * 128 bits) and round once with Arm's FPRound (fpcore_round_pack), so
 * every rounding mode, FZ16 (flush of denormal inputs without IDC and of
 * tiny results with UFC), DN and the FPSR flags follow the pseudocode
 * exactly; FPCR.AHP does not apply to arithmetic (FPRound clears it).
 * Operations that do not round (min/max, compares, FRINT*, conversions,
 * estimates) use the shared format-generic functions of fpsimd_helpers.h
 * with sz = 1.
 */
#ifndef XEMU_XLAT_AARCH64_FPSIMD_HELPERS_FP16_H
#define XEMU_XLAT_AARCH64_FPSIMD_HELPERS_FP16_H

#include "xlat/aarch64/fpsimd_helpers.h"

/* Arithmetic on raw half-precision bit patterns (bits 15..0). */
uint16_t h16_add(uint16_t a, uint16_t b, struct fpst *st);
uint16_t h16_sub(uint16_t a, uint16_t b, struct fpst *st);
uint16_t h16_mul(uint16_t a, uint16_t b, struct fpst *st);
uint16_t h16_mulx(uint16_t a, uint16_t b, struct fpst *st);
uint16_t h16_div(uint16_t a, uint16_t b, struct fpst *st);
uint16_t h16_sqrt(uint16_t a, struct fpst *st);
/* addend + n * m with one rounding (FPMulAdd: NaN order addend, n, m) */
uint16_t h16_muladd(uint16_t addend, uint16_t n, uint16_t m, struct fpst *st);
/* FRECPS: 2 - a * b; FRSQRTS: (3 - a * b) / 2, both fused */
uint16_t h16_recps(uint16_t a, uint16_t b, struct fpst *st);
uint16_t h16_rsqrts(uint16_t a, uint16_t b, struct fpst *st);
/* FPMulAddH (FMLAL/FMLSL, FEAT_FHM): single addend + half n * half m,
 * one rounding at single precision */
uint32_t h16_fmlal(uint32_t addend, uint16_t n, uint16_t m, struct fpst *st);
/* FRECPE with the FZ16 rule of FPRecipEstimate for large inputs */
uint16_t h16_recpe(uint16_t a, struct fpst *st);

/* Translate-time lookups (NULL = unallocated). */
fpsimd_helper fp16_lookup_dp1(uint32_t insn);       /* FSQRT, FRINT* (FMOV/FABS/FNEG inline) */
fpsimd_helper fp16_lookup_dp2(uint32_t insn);
fpsimd_helper fp16_lookup_dp3(uint32_t insn);
fpsimd_helper fp16_lookup_int(uint32_t insn);       /* FCVT*, SCVTF/UCVTF (not FMOV) */
fpsimd_helper fp16_lookup_fixed(uint32_t insn);
fpsimd_helper fp16_lookup_3same(uint32_t insn);     /* vector and scalar */
fpsimd_helper fp16_lookup_2misc(uint32_t insn);     /* vector and scalar */
fpsimd_helper fp16_lookup_across(uint32_t insn);    /* FMAXNMV.. .H */
fpsimd_helper fp16_lookup_pairwise(uint32_t insn);  /* scalar FADDP.. .2H */
fpsimd_helper fp16_lookup_indexed(uint32_t insn);   /* FMLA/FMLS/FMUL/FMULX by element */
fpsimd_helper fp16_lookup_shimm(uint32_t insn);     /* fixed-point conversions */
fpsimd_helper fp16_lookup_fcma(uint32_t insn);      /* FCMLA, FCADD .4H/.8H */
fpsimd_helper fp16_lookup_fcmla_idx(uint32_t insn); /* FCMLA by element .4H/.8H */
fpsimd_helper fp16_lookup_fhm(uint32_t insn);       /* FMLAL/FMLSL(2) vector */
fpsimd_helper fp16_lookup_fhm_idx(uint32_t insn);   /* FMLAL/FMLSL(2) by element */
/* FCMP/FCMPE (NZCV in bits 31..28) and FCCMP/FCCMPE (a1 = condition holds) */
uint64_t fp16_fcmp(void *env, uint64_t insn, uint64_t unused1, uint64_t unused2);
uint64_t fp16_fccmp(void *env, uint64_t insn, uint64_t cond_true, uint64_t unused);

#endif
