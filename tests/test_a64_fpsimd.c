/*
 * Tests of the A64 FP/AdvSIMD frontend (a64_fpsimd.decode, translate_fp.c,
 * translate_simd.c, translate_ldst_simd.c, fpsimd_helpers_*.c).
 *
 * - Semantics: every encoding group is run on random encodings under
 *   qemu-aarch64 (softfloat: Arm FP exactly) and under xemu's frontend +
 *   IR interpreter (tests/a64_oracle.h); full states must agree,
 *   including FPSR flags and SIGILL for encodings neither side accepts.
 *   Register states are rich in FP edge values (NaNs of both kinds, both
 *   zeros and infinities, denormals, extremes, integer boundaries) and
 *   FPCR varies over rounding modes, FZ and DN.  qemu runs as a
 *   Cortex-A72 (ARMv8.0: no FP16, dot product, FCMA, FRINT32, ...), the
 *   feature set this frontend implements, so the unimplemented extensions
 *   must raise SIGILL on both sides.
 * - Decoder: on random words of every group, decode_fpsimd never accepts
 *   a word capstone cannot disassemble.
 *
 * Run: make BUILD=b b/unit-tests, then b/unit-tests with --filter a64_fpsimd/ and a star
 */
#include <capstone/capstone.h>
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "tests/a64_oracle.h"
#include "xlat/aarch64/fpsimd_helpers.h"
#include "xlat/aarch64/translate.h"

#define NCASES 1000

/* A random word matching pat: '0'/'1' fixed, '.' random; spaces ignored. */
static uint32_t rand_insn(uint64_t *rng, const char *pat)
{
    uint32_t mask = 0, val = 0;
    int bit = 31;
    for (const char *p = pat; *p; p++) {
        if (*p == ' ')
            continue;
        cr_assert(bit >= 0, "pattern too long: %s", pat);
        if (*p == '0' || *p == '1') {
            mask |= 1u << bit;
            val |= (uint32_t)(*p - '0') << bit;
        }
        bit--;
    }
    cr_assert(bit == -1, "pattern not 32 bits: %s", pat);
    return val | ((uint32_t)a64_rand(rng) & ~mask);
}

/* ---- FP-rich random states ---------------------------------------------- */

static const uint32_t f32_edges[] = {
    0x00000000, 0x80000000, 0x7f800000, 0xff800000,       /* zeros, infinities */
    0x7fc00000, 0xffc00001, 0x7fa00000, 0xff800001,       /* qNaN, sNaN */
    0x00000001, 0x807fffff, 0x00400000,                   /* denormals */
    0x00800000, 0x80800000, 0x7f7fffff, 0xff7fffff,       /* min normal, max */
    0x3f800000, 0xbf800000, 0x3f000000, 0x3fc00000,       /* 1, -1, 0.5, 1.5 */
    0x40200000, 0xc0200000, 0x3f400000, 0x3effffff,       /* 2.5, -2.5, 0.75 */
    0x4f000000, 0xcf000000, 0x4f800000, 0x5f000000,       /* 2^31, -2^31, 2^32, 2^63 */
    0x5f800000, 0xdf000000, 0x4effffff, 0x40490fdb,       /* 2^64, -2^63, pi */
    0x00800001, 0x007fffff, 0x0d800000, 0x3400000a,
};
static const uint64_t f64_edges[] = {
    0x0000000000000000ull, 0x8000000000000000ull, 0x7ff0000000000000ull, 0xfff0000000000000ull,
    0x7ff8000000000000ull, 0xfff8000000000123ull, 0x7ff4000000000000ull, 0xfff0000000000001ull,
    0x0000000000000001ull, 0x800fffffffffffffull, 0x0008000000000000ull,
    0x0010000000000000ull, 0x8010000000000000ull, 0x7fefffffffffffffull, 0xffefffffffffffffull,
    0x3ff0000000000000ull, 0xbff0000000000000ull, 0x3fe0000000000000ull, 0x3ff8000000000000ull,
    0x4004000000000000ull, 0xc004000000000000ull, 0x3fe8000000000000ull, 0x3fdfffffffffffffull,
    0x41e0000000000000ull, 0xc1e0000000000000ull, 0x41f0000000000000ull, 0x43e0000000000000ull,
    0x43f0000000000000ull, 0xc3e0000000000000ull, 0x41dfffffffc00000ull, 0x400921fb54442d18ull,
    0x3810000000000000ull, 0x380fffffffffffffull, 0x47efffffe0000000ull, 0x36a0000000000000ull,
    0x3ca0000000000001ull, 0x41efffffffe00000ull,
};
#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

static uint32_t rand_f32(uint64_t *rng)
{
    uint64_t r = a64_rand(rng);
    if (r % 4 == 0)
        return (uint32_t)(r >> 32);
    uint32_t v = f32_edges[(r >> 8) % NELEMS(f32_edges)];
    if (r % 4 == 1)
        v += (uint32_t)((r >> 40) % 5) - 2;   /* neighbours of the edges */
    return v;
}

static uint64_t rand_f64(uint64_t *rng)
{
    uint64_t r = a64_rand(rng);
    if (r % 4 == 0)
        return a64_rand(rng);
    uint64_t v = f64_edges[(r >> 8) % NELEMS(f64_edges)];
    if (r % 4 == 1)
        v += (r >> 40) % 5 - 2;
    return v;
}

static const uint32_t fpcr_choices[] = {
    0, 0, 0, 1u << 22, 2u << 22, 3u << 22, FPCR_FZ, FPCR_DN, FPCR_FZ | FPCR_DN,
    FPCR_FZ | (1u << 22), FPCR_DN | (2u << 22), FPCR_FZ | FPCR_DN | (3u << 22),
};

static void fp_state(struct a64_state *s, uint64_t *rng)
{
    a64_state_random(s, rng);
    for (int r = 0; r < 32; r++) {
        switch (a64_rand(rng) % 4) {
        case 0:
            for (int i = 0; i < 4; i++)
                s->v[r].s[i] = rand_f32(rng);
            break;
        case 1:
            for (int i = 0; i < 2; i++)
                s->v[r].d[i] = rand_f64(rng);
            break;
        case 2:
            s->v[r].d[0] = rand_f64(rng);
            s->v[r].s[2] = rand_f32(rng);
            s->v[r].s[3] = rand_f32(rng);
            break;
        default:
            break;              /* random integers from a64_state_random */
        }
    }
    s->fpcr = fpcr_choices[a64_rand(rng) % NELEMS(fpcr_choices)];
    s->fpsr = (a64_rand(rng) % 4 == 0) ? (uint32_t)(a64_rand(rng) & 0x0800009f) : 0;
}

/* ---- running batches --------------------------------------------------- */

static void use_v80_qemu(void)
{
    setenv("QEMU_CPU", "cortex-a72", 1);
}

static void check_patterns(const char *what, const char *const *pats, int npats, uint64_t seed)
{
    static struct a64_case c[NCASES];
    static uint32_t insn[NCASES];
    uint64_t rng = seed;
    use_v80_qemu();
    for (int i = 0; i < NCASES; i++) {
        insn[i] = rand_insn(&rng, pats[i % npats]);
        c[i].insns = &insn[i];
        c[i].n = 1;
        fp_state(&c[i].in, &rng);
    }
    int bad = a64_oracle_check(c, NCASES, what);
    cr_assert_eq(bad, 0, "%s: %d of %d cases differ from qemu (details on stderr)", what, bad,
                 NCASES);
}

#define CHECK(what, seed, ...) do { \
        static const char *const pats_[] = { __VA_ARGS__ }; \
        check_patterns(what, pats_, (int)(sizeof(pats_) / sizeof(pats_[0])), seed); \
    } while (0)

TestSuite(a64_fpsimd, .timeout = 120);

/* ---- scalar floating point --------------------------------------------- */

Test(a64_fpsimd, fp_data_processing_1_source)
{
    CHECK("FP data-processing (1 source)", 0xf001,
          "00011110 .. 1 ...... 10000 ..... .....",
          "00011110 0. 1 0000.. 10000 ..... .....",
          "00011110 0. 1 001... 10000 ..... .....",
          "00011110 .. 1 0001.. 10000 ..... .....");
}

Test(a64_fpsimd, fp_data_processing_2_source)
{
    CHECK("FP data-processing (2 source)", 0xf002,
          "00011110 0. 1 ..... 0... 10 ..... .....",
          "00011110 .. 1 ..... .... 10 ..... .....");
}

Test(a64_fpsimd, fp_data_processing_3_source)
{
    CHECK("FP data-processing (3 source)", 0xf003,
          "00011111 0. . ..... . ..... ..... .....",
          "00011111 .. . ..... . ..... ..... .....");
}

Test(a64_fpsimd, fp_compare)
{
    CHECK("FP compare", 0xf004,
          "00011110 0. 1 ..... 00 1000 ..... ..000",
          "00011110 .. 1 ..... .. 1000 ..... .....");
}

Test(a64_fpsimd, fp_conditional_compare_and_select)
{
    CHECK("FCCMP/FCCMPE/FCSEL", 0xf005,
          "00011110 0. 1 ..... .... 01 ..... . ....",
          "00011110 0. 1 ..... .... 11 ..... .....",
          "00011110 .. 1 ..... .... .1 ..... .....");
}

Test(a64_fpsimd, fp_immediate)
{
    CHECK("FMOV (scalar, immediate)", 0xf006,
          "00011110 0. 1 ........ 100 00000 .....",
          "00011110 .. 1 ........ 100 ..... .....");
}

Test(a64_fpsimd, fp_integer_conversions)
{
    CHECK("FP <-> integer conversions, FMOV (general)", 0xf007,
          ". 0 0 11110 0. 1 .. 0.. 000000 ..... .....",
          ". 0 0 11110 0. 1 00 1.. 000000 ..... .....",
          ". 0 0 11110 .. 1 .. ... 000000 ..... .....",
          "1 0 0 11110 10 1 01 11. 000000 ..... .....");
}

Test(a64_fpsimd, fp_fixed_point_conversions)
{
    CHECK("FP <-> fixed-point conversions", 0xf008,
          ". 0 0 11110 0. 0 11 00. ...... ..... .....",
          ". 0 0 11110 0. 0 00 01. ...... ..... .....",
          ". 0 0 11110 .. 0 .. ... ...... ..... .....");
}

/* ---- AdvSIMD vector ----------------------------------------------------- */

Test(a64_fpsimd, simd_three_same)
{
    CHECK("AdvSIMD three same (integer)", 0xa001,
          "0 . . 01110 .. 1 ..... 0.... 1 ..... .....",
          "0 . . 01110 .. 1 ..... 10... 1 ..... .....");
    CHECK("AdvSIMD three same (FP)", 0xa002,
          "0 . . 01110 .. 1 ..... 11... 1 ..... .....");
}

Test(a64_fpsimd, simd_three_different)
{
    CHECK("AdvSIMD three different", 0xa003,
          "0 . . 01110 .. 1 ..... .... 00 ..... .....");
}

Test(a64_fpsimd, simd_two_reg_misc)
{
    CHECK("AdvSIMD two-reg misc (integer)", 0xa004,
          "0 . . 01110 .. 10000 0.... 10 ..... .....",
          "0 . . 01110 .. 10000 10... 10 ..... .....");
    CHECK("AdvSIMD two-reg misc (FP)", 0xa005,
          "0 . . 01110 .. 10000 11... 10 ..... .....",
          "0 . . 01110 1. 10000 011.. 10 ..... .....",
          "0 . . 01110 .. 10000 1011. 10 ..... .....");
}

Test(a64_fpsimd, simd_across_lanes)
{
    CHECK("AdvSIMD across lanes", 0xa006,
          "0 . . 01110 .. 11000 ..... 10 ..... .....",
          "0 1 1 01110 .0 11000 011.. 10 ..... .....");
}

Test(a64_fpsimd, simd_copy)
{
    CHECK("AdvSIMD copy", 0xa007,
          "0 . . 01110000 ..... 0 .... 1 ..... .....",
          "0 . 0 01110000 ..... 0 0..1 1 ..... .....",
          "0 . 0 01110000 ..... 0 0000 1 ..... .....");
}

Test(a64_fpsimd, simd_modified_immediate)
{
    CHECK("AdvSIMD modified immediate", 0xa008,
          "0 . . 0111100000 ... .... . 1 ..... .....",
          "0 . . 0111100000 ... .... 0 1 ..... .....");
}

Test(a64_fpsimd, simd_shift_by_immediate)
{
    CHECK("AdvSIMD shift by immediate", 0xa009,
          "0 . . 011110 .... ... ..... 1 ..... .....",
          "0 . . 011110 01.. ... 111.. 1 ..... .....",
          "0 . . 011110 1... ... 111.. 1 ..... .....");
}

Test(a64_fpsimd, simd_by_element)
{
    CHECK("AdvSIMD vector x indexed element", 0xa00a,
          "0 . . 01111 .. . . .... .... . 0 ..... .....",
          "0 . 0 01111 1. . . .... .0.1 . 0 ..... .....");
}

Test(a64_fpsimd, simd_permute_extract_table)
{
    CHECK("AdvSIMD permute", 0xa00b, "0 . 001110 .. 0 ..... 0 ... 10 ..... .....");
    CHECK("AdvSIMD extract", 0xa00c, "0 . 101110 .. 0 ..... 0 .... 0 ..... .....");
    CHECK("AdvSIMD table lookup", 0xa00d, "0 . 001110 .. 0 ..... 0 .. . 00 ..... .....");
}

/* ---- AdvSIMD scalar ------------------------------------------------------ */

Test(a64_fpsimd, simd_scalar_groups)
{
    CHECK("AdvSIMD scalar copy", 0xb001, "01 . 11110000 ..... 0 .... 1 ..... .....");
    CHECK("AdvSIMD scalar three same", 0xb002, "01 . 11110 .. 1 ..... ..... 1 ..... .....");
    CHECK("AdvSIMD scalar three different", 0xb003, "01 . 11110 .. 1 ..... .... 00 ..... .....");
    CHECK("AdvSIMD scalar two-reg misc", 0xb004, "01 . 11110 .. 10000 ..... 10 ..... .....");
    CHECK("AdvSIMD scalar pairwise", 0xb005, "01 . 11110 .. 11000 ..... 10 ..... .....");
    CHECK("AdvSIMD scalar shift by immediate", 0xb006,
          "01 . 111110 .... ... ..... 1 ..... .....");
    CHECK("AdvSIMD scalar x indexed element", 0xb007,
          "01 . 11111 .. . . .... .... . 0 ..... .....");
}
