/*
 * Internals shared by the two halves of the Arm floating-point core
 * (fpsimd_helpers_fpcore.c: NaNs, FPRound, arithmetic;
 * fpsimd_helpers_fpconv.c: conversions, rounding to integral, estimates).
 * Not for the instruction helpers, which use fpsimd_helpers.h.
 */
#ifndef XEMU_XLAT_AARCH64_FPSIMD_HELPERS_FPBITS_H
#define XEMU_XLAT_AARCH64_FPSIMD_HELPERS_FPBITS_H

#include "xlat/aarch64/fpsimd_helpers.h"

enum fpclass { FPC_ZERO, FPC_NUM, FPC_INF, FPC_QNAN, FPC_SNAN };

struct fpu {
    enum fpclass cls;
    bool sign;
    int exp;            /* value = mant * 2^exp */
    uint64_t mant;
};

static const unsigned fbits_of[4] = { 0, 10, 23, 52 };
static const unsigned ebits_of[4] = { 0, 5, 8, 11 };

static inline uint64_t sign_bit(unsigned sz) { return 1ull << ((8u << sz) - 1); }
static inline uint64_t frac_mask(unsigned sz) { return (1ull << fbits_of[sz]) - 1; }
static inline unsigned exp_field(uint64_t x, unsigned sz)
{
    return (unsigned)(x >> fbits_of[sz]) & ((1u << ebits_of[sz]) - 1);
}
static inline unsigned exp_max(unsigned sz) { return (1u << ebits_of[sz]) - 1; }
static inline int exp_bias(unsigned sz) { return (1 << (ebits_of[sz] - 1)) - 1; }
static inline uint64_t quiet_bit(unsigned sz) { return 1ull << (fbits_of[sz] - 1); }

static inline bool is_zero(uint64_t x, unsigned sz) { return !(x & ~sign_bit(sz)); }
static inline bool is_inf(uint64_t x, unsigned sz)
{
    return (x & ~sign_bit(sz)) == ((uint64_t)exp_max(sz) << fbits_of[sz]);
}
static inline bool is_denormal(uint64_t x, unsigned sz)
{
    return exp_field(x, sz) == 0 && (x & frac_mask(sz));
}

static inline bool fz_for(const struct fpst *st, unsigned sz)
{
    return sz == 1 ? (st->fpcr & FPCR_FZ16) : (st->fpcr & FPCR_FZ);
}

/* FPUnpack's flush of denormal inputs to zero (raises IDC). */
static inline uint64_t flush_in(uint64_t x, unsigned sz, struct fpst *st)
{
    if (is_denormal(x, sz) && fz_for(st, sz)) {
        if (sz != 1)
            st->exc |= FPSR_IDC;
        return x & sign_bit(sz);
    }
    return x;
}

/* FPUnpack without the flush (value = mant * 2^exp) */
struct fpu fpcore_unpack(uint64_t x, unsigned sz);
/* FPProcessNaN for one operand known to be a NaN */
uint64_t fpcore_process_nan(uint64_t a, unsigned sz, struct fpst *st);
/* Arm FPRound of (-1)^sign * mant * 2^exp (mant != 0) to format sz; ahp
 * selects the alternative half-precision format */
uint64_t fpcore_round_pack(bool sign, int exp, uint64_t mant, unsigned sz, enum fp_rmode rm,
                           bool fz, bool ahp, struct fpst *st);

static inline struct fpu unpack(uint64_t x, unsigned sz) { return fpcore_unpack(x, sz); }
static inline uint64_t process_nan(uint64_t a, unsigned sz, struct fpst *st)
{
    return fpcore_process_nan(a, sz, st);
}
static inline uint64_t round_pack(bool sign, int exp, uint64_t mant, unsigned sz,
                                  enum fp_rmode rm, bool fz, struct fpst *st)
{
    return fpcore_round_pack(sign, exp, mant, sz, rm, fz, false, st);
}
static inline uint64_t round_pack_ahp(bool sign, int exp, uint64_t mant, unsigned sz,
                                      enum fp_rmode rm, bool fz, bool ahp, struct fpst *st)
{
    return fpcore_round_pack(sign, exp, mant, sz, rm, fz, ahp, st);
}

#endif
