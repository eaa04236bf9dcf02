/*
 * Tests of the A64 data-processing frontend (xlat/aarch64/a64_dp.decode,
 * translate_dp_*.c).
 *
 *  - Differential, against qemu-aarch64 (tests/a64_oracle.h): every
 *    instruction class on random encodings and random register states
 *    (fixed seeds, edge values favoured), every logical-immediate and
 *    bitfield-move encoding, results on the carry/overflow boundaries,
 *    flag-passing sequences and random blocks of 1-32 instructions.  xemu
 *    runs each case through the interpreter, the optimizer, the JIT and
 *    the JIT with one instruction per block; full states must agree.
 *    Unallocated encodings inside the classes are part of the mix: both
 *    sides must raise SIGILL.
 *  - A gcc-compiled freestanding integer program (tests/a64_oracle/
 *    dp_program.c) must print under xemu what it prints under qemu.
 *  - Independent of qemu: edge cases written out from the Arm ARM
 *    pseudocode, the IR shape of common instructions, and decoder
 *    agreement with capstone (random words; all words but Rn with
 *    A64_DP_EXHAUSTIVE=1).
 *
 * Run: make BUILD=build-fedp all build-fedp/unit-tests &&
 *      build-fedp/unit-tests --filter 'a64_dp*'
 * A64_DP_CASES=N (default 1000) and A64_DP_SEED=S make longer or
 * different random runs.
 */
#include <capstone/capstone.h>
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/a64_oracle.h"
#include "xlat/aarch64/translate.h"

/* Cases per test; A64_DP_CASES and A64_DP_SEED (mixed into every seed)
 * make longer or different runs by hand. */
static int ncases(void)
{
    const char *e = getenv("A64_DP_CASES");
    int n = e ? atoi(e) : 0;
    return n > 0 ? n : 1000;
}
#define NCASES ncases()

static uint64_t seeded(uint64_t seed)
{
    const char *e = getenv("A64_DP_SEED");
    return seed ^ (e ? strtoull(e, NULL, 0) * 0x9e3779b97f4a7c15ull : 0);
}

static void *alloc_cases(size_t size)
{
    void *p = calloc((size_t)NCASES, size);
    cr_assert(p);
    return p;
}

/* A random word matching pat: '0'/'1' fixed, anything else ('.', 'x')
 * random; spaces are ignored; most significant bit first. */
static uint32_t rand_insn_mask(uint64_t *rng, const char *pat, uint32_t *fixed)
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
    if (fixed)
        *fixed = mask;
    return val | ((uint32_t)a64_rand(rng) & ~mask);
}

static uint32_t rand_insn(uint64_t *rng, const char *pat)
{
    return rand_insn_mask(rng, pat, NULL);
}

/* Run NCASES single instructions drawn from the patterns (in turn)
 * through both oracles and require agreement. */
static void check_patterns(const char *what, const char *const *pats, int npats, uint64_t seed)
{
    struct a64_case *c = alloc_cases(sizeof(*c));
    uint32_t *insn = alloc_cases(sizeof(*insn));
    uint64_t rng = seeded(seed);
    for (int i = 0; i < NCASES; i++) {
        insn[i] = rand_insn(&rng, pats[i % npats]);
        c[i].insns = &insn[i];
        c[i].n = 1;
        a64_state_random(&c[i].in, &rng);
    }
    int bad = a64_oracle_check(c, NCASES, what);
    free(c);
    free(insn);
    cr_assert_eq(bad, 0, "%s: %d of %d cases differ from qemu (details on stderr)", what, bad,
                 NCASES);
}

#define CHECK(what, seed, ...) do { \
        static const char *const pats_[] = { __VA_ARGS__ }; \
        check_patterns(what, pats_, (int)(sizeof(pats_) / sizeof(pats_[0])), seed); \
    } while (0)

TestSuite(a64_dp, .timeout = 60);

/* ---- immediate classes ------------------------------------------------- */

Test(a64_dp, adr_adrp)
{
    struct a64_case *c = alloc_cases(sizeof(*c));
    uint32_t *insn = alloc_cases(sizeof(*insn));
    uint64_t rng = seeded(11);
    for (int i = 0; i < NCASES; i++) {
        insn[i] = rand_insn(&rng, ". .. 10000 ................... .....");
        c[i].insns = &insn[i];
        c[i].n = 1;
        a64_state_random(&c[i].in, &rng);
        /* a few pages and offsets in them: ADRP depends on the page */
        c[i].in.pc = A64W_DEFAULT_PC + (a64_rand(&rng) % 8) * 0x1000 + (a64_rand(&rng) % 1024) * 4;
    }
    cr_assert_eq(a64_oracle_check(c, NCASES, "ADR/ADRP"), 0);
}

Test(a64_dp, addsub_imm)
{
    CHECK("ADD/SUB (immediate)", 12, "... 100010 . ............ ..... .....",
          "1.1 100010 . ............ ..... 11111",       /* CMP/CMN X */
          "0.1 100010 . ............ ..... 11111",       /* CMP/CMN W */
          "... 100010 . ............ 11111 11111",       /* SP in, SP or ZR out */
          "..0 100010 . ............ 11111 .....");      /* MOV from SP */
}

Test(a64_dp, logic_imm)
{
    CHECK("logical (immediate)", 13, "... 100100 . ...... ...... ..... .....",
          "0.. 100100 0 ...... ...... ..... .....",
          "1.. 100100 . ...... ...... ..... 11111",      /* SP (ZR for ANDS) out */
          "0.. 100100 0 ...... ...... 11111 11111");
}

/* Every (sf, N, immr, imms) of ORR Xd/Wd, ZR, #imm against qemu: the
 * encodings xemu accepts 16 to a case (x0-x15), the ones it rejects one
 * per case (each must raise SIGILL under qemu too). */
Test(a64_dp, logic_imm_every_encoding)
{
    enum { N_ENC = 2 * 2 * 64 * 64, PER_CASE = 16 };
    struct a64_case *c = calloc(N_ENC, sizeof(*c));
    uint32_t *insn = calloc(N_ENC, sizeof(*insn));
    cr_assert(c && insn);
    struct ir_block scratch;
    ir_block_init(&scratch, 0x1000);
    uint32_t nok = 0, nbad = 0;
    for (uint32_t e = 0; e < N_ENC; e++) {
        uint32_t sf = e >> 13, n = (e >> 12) & 1, immr = (e >> 6) & 63, imms = e & 63;
        /* ORR (opc 01), Rn = ZR; Rd filled in below */
        uint32_t w = sf << 31 | 1u << 29 | 0x12000000u | n << 22 | immr << 16 | imms << 10 |
                     31u << 5;
        ir_block_reset(&scratch, 0x1000);
        DisasContext s = { .b = &scratch, .pc = 0x1000, .insn = w };
        if (decode_dp(&s, w)) {
            insn[nok] = w | (nok % PER_CASE);
            nok++;
        } else {
            insn[N_ENC - 1 - nbad++] = w;
        }
    }
    ir_block_free(&scratch);
    uint64_t rng = seeded(17);
    int nc = 0;
    for (uint32_t i = 0; i < nok; i += PER_CASE, nc++) {
        c[nc].insns = &insn[i];
        c[nc].n = (int)(nok - i < PER_CASE ? nok - i : PER_CASE);
        a64_state_random(&c[nc].in, &rng);
    }
    for (uint32_t i = 0; i < nbad; i++, nc++) {
        c[nc].insns = &insn[N_ENC - 1 - i];
        c[nc].n = 1;
        a64_state_random(&c[nc].in, &rng);
    }
    int bad = a64_oracle_check(c, nc, "ORR (immediate), every encoding");
    free(c);
    free(insn);
    cr_assert_eq(bad, 0);
    cr_assert_gt(nok, 10000);
}

Test(a64_dp, move_wide)
{
    CHECK("move wide", 14, "... 100101 .. ................ .....",
          "1 .. 100101 .. ................ .....", "0 1. 100101 0. ................ .....");
}

Test(a64_dp, bitfield)
{
    /* mostly allocated (N = sf, 32-bit immediates < 32) plus the rest */
    CHECK("bitfield", 15,
          "1 .. 100110 1 ...... ...... ..... .....",
          "0 .. 100110 0 0..... 0..... ..... .....",
          "1 00 100110 1 000000 ...... ..... .....",     /* SXT*, ASR */
          "0 10 100110 0 0..... 011111 ..... .....",     /* LSR W */
          ". .. 100110 . ...... ...... ..... .....");
}

/* Every allocated SBFM/BFM/UBFM (both widths, every immr and imms), 16
 * to a case writing x0-x15 from x16-x30, against qemu: each special
 * case of trans_BITFIELD meets its boundaries. */
Test(a64_dp, bitfield_every_encoding)
{
    enum { PER_CASE = 16, N_ENC = 3 * 64 * 64 + 3 * 32 * 32 };
    uint32_t *insn = calloc(N_ENC, sizeof(*insn));
    struct a64_case *c = calloc(N_ENC / PER_CASE + 1, sizeof(*c));
    cr_assert(c && insn);
    uint32_t n = 0;
    for (uint32_t sf = 0; sf < 2; sf++) {
        uint32_t d = sf ? 64 : 32;
        for (uint32_t opc = 0; opc < 3; opc++)
            for (uint32_t immr = 0; immr < d; immr++)
                for (uint32_t imms = 0; imms < d; imms++, n++)
                    insn[n] = sf << 31 | opc << 29 | 0x13000000u | sf << 22 | immr << 16 |
                              imms << 10 | (16 + n % 15) << 5 | n % PER_CASE;
    }
    cr_assert_eq(n, N_ENC);
    uint64_t rng = seeded(19);
    int nc = 0;
    for (uint32_t i = 0; i < n; i += PER_CASE, nc++) {
        c[nc].insns = &insn[i];
        c[nc].n = (int)(n - i < PER_CASE ? n - i : PER_CASE);
        a64_state_random(&c[nc].in, &rng);
    }
    int bad = a64_oracle_check(c, nc, "SBFM/BFM/UBFM, every encoding");
    free(c);
    free(insn);
    cr_assert_eq(bad, 0);
}

Test(a64_dp, extr)
{
    CHECK("EXTR", 16, "1 00 100111 1 0 ..... ...... ..... .....",
          "0 00 100111 0 0 ..... 0..... ..... .....",
          "1 00 100111 1 0 00011 ...... ..... 00011",     /* ROR */
          ". .. 100111 . . ..... ...... ..... .....");
}

/* ---- register classes -------------------------------------------------- */

Test(a64_dp, logic_shifted)
{
    CHECK("logical (shifted register)", 21,
          "1 .. 01010 .. . ..... ...... ..... .....",
          "0 .. 01010 .. . ..... 0..... ..... .....",
          ". 11 01010 .. . ..... ...... ..... .....",     /* ANDS/BICS: flags */
          "0 .. 01010 .. . ..... 1..... ..... .....");    /* unallocated */
}

Test(a64_dp, addsub_shifted)
{
    CHECK("ADD/SUB (shifted register)", 22,
          "1 .. 01011 .. 0 ..... ...... ..... .....",
          "0 .. 01011 .. 0 ..... 0..... ..... .....",
          ". .1 01011 .. 0 ..... ...... ..... .....",     /* flag setting */
          ". .. 01011 .. 0 ..... ...... ..... .....");
}

Test(a64_dp, addsub_extended)
{
    CHECK("ADD/SUB (extended register)", 23,
          ". .. 01011 00 1 ..... ... 0.. ..... .....",
          ". .. 01011 00 1 ..... ... 100 ..... .....",
          ". .. 01011 00 1 ..... ... 0.. 11111 11111",    /* SP in, SP or ZR out */
          ". .. 01011 00 1 11111 ... 0.. ..... .....",    /* Rm = ZR */
          ". .. 01011 00 1 ..... ... 1.. ..... .....",    /* imm3 > 4: unallocated */
          ". .. 01011 .. 1 ..... ... ... ..... .....");   /* opt != 0: unallocated */
}

Test(a64_dp, adc_sbc)
{
    CHECK("ADC/SBC", 24, ". .. 11010000 ..... 000000 ..... .....");
}

Test(a64_dp, cond_compare)
{
    CHECK("CCMP/CCMN", 25, ". .1 11010010 ..... .... .0 ..... 0 ....",
          ". .. 11010010 ..... .... .. ..... . ....");
}

Test(a64_dp, cond_select)
{
    CHECK("CSEL/CSINC/CSINV/CSNEG", 26, ". .0 11010100 ..... .... 0. ..... .....",
          ". .. 11010100 ..... .... .. ..... .....");
}

Test(a64_dp, flag_manipulation)
{
    CHECK("RMIF/SETF8/SETF16", 27, "1 01 11010000 ...... 00001 ..... 0 ....",
          "0 01 11010000 000000 . 0010 ..... 0 1101");
}

/* ---- 1, 2 and 3 source ------------------------------------------------- */

Test(a64_dp, one_source)
{
    CHECK("RBIT/REV/CLZ/CLS", 31, ". 1 0 11010110 00000 000 ... ..... .....");
}

Test(a64_dp, div_and_shift)
{
    CHECK("UDIV/SDIV/LSLV/LSRV/ASRV/RORV", 32, ". 0 0 11010110 ..... 00001 . ..... .....",
          ". 0 0 11010110 ..... 0010 .. ..... .....");
}

Test(a64_dp, crc32)
{
    CHECK("CRC32/CRC32C", 33, ". 0 0 11010110 ..... 010 . .. ..... .....",
          "1 0 0 11010110 ..... 010 . 11 ..... .....", "0 0 0 11010110 ..... 010 . 0. ..... .....");
}

Test(a64_dp, multiply)
{
    CHECK("MADD/MSUB/*MADDL/*MSUBL/*MULH", 34, ". 00 11011 000 ..... . ..... ..... .....",
          "1 00 11011 .01 ..... . ..... ..... .....",
          "1 00 11011 .10 ..... 0 11111 ..... .....",
          ". 00 11011 ... ..... . ..... ..... .....");
}

/* ADDS/SUBS/ADCS/SBCS/CCMN/CCMP whose results land exactly on (or next to)
 * the carry and overflow boundaries of both widths: the second operand
 * is chosen from the first and a target result. */
Test(a64_dp, flag_boundaries)
{
    static const uint32_t ops[] = {
        0xab020020, 0x2b020020,     /* ADDS X0/W0, 1, 2 */
        0xeb020020, 0x6b020020,     /* SUBS */
        0xba020020, 0x3a020020,     /* ADCS */
        0xfa020020, 0x7a020020,     /* SBCS */
        0xfa42d020, 0x7a42d020,     /* CCMP X1/W1, X2/W2, #0, LE */
        0xba42d020, 0x3a42d020,     /* CCMN */
    };
    static const uint64_t targets[] = {
        0, 0x7fffffffffffffffull, 0x8000000000000000ull, ~0ull,
        0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull,
    };
    struct a64_case *c = alloc_cases(sizeof(*c));
    uint32_t *insn = alloc_cases(sizeof(*insn));
    uint64_t rng = seeded(29);
    for (int i = 0; i < NCASES; i++) {
        int k = (int)(a64_rand(&rng) % (sizeof(ops) / sizeof(ops[0])));
        insn[i] = ops[k];
        c[i].insns = &insn[i];
        c[i].n = 1;
        a64_state_random(&c[i].in, &rng);
        uint64_t a = c[i].in.x[1];
        uint64_t t = targets[a64_rand(&rng) % (sizeof(targets) / sizeof(targets[0]))] +
                     (a64_rand(&rng) % 3) - 1;
        /* bit 30 (op) selects subtraction in all of these */
        bool sub = (ops[k] >> 30) & 1;
        c[i].in.x[2] = sub ? a - t : t - a;
    }
    int bad = a64_oracle_check(c, NCASES, "flag boundaries");
    free(c);
    free(insn);
    cr_assert_eq(bad, 0);
}

/* ---- sequences: flags flowing between instructions in one block -------- */

Test(a64_dp, flag_sequences)
{
    static const char *const setters[] = {
        ". 11 100010 . ............ ..... .....",       /* SUBS imm */
        ". 01 100010 . ............ ..... .....",       /* ADDS imm */
        ". .1 01011 .. 0 ..... ...... ..... .....",     /* ADDS/SUBS reg */
        ". .1 11010000 ..... 000000 ..... .....",       /* ADCS/SBCS */
        ". 11 01010 .. . ..... 0..... ..... .....",     /* ANDS/BICS */
        ". .1 11010010 ..... .... .0 ..... 0 ....",     /* CCMP/CCMN */
        "1 01 11010000 ...... 00001 ..... 0 ....",      /* RMIF */
    };
    static const char *const users[] = {
        ". .0 11010100 ..... .... 0. ..... .....",      /* CSEL family */
        ". .. 11010000 ..... 000000 ..... .....",       /* ADC/SBC(S) */
        ". .1 11010010 ..... .... .0 ..... 0 ....",     /* CCMP/CCMN */
    };
    struct a64_case *c = alloc_cases(sizeof(*c));
    uint32_t (*insn)[6] = alloc_cases(sizeof(*insn));
    uint64_t rng = seeded(41);
    for (int i = 0; i < NCASES; i++) {
        for (int k = 0; k < 6; k++) {
            bool use = (k & 1) != 0;
            uint32_t w = use ? rand_insn(&rng, users[a64_rand(&rng) % 3])
                             : rand_insn(&rng, setters[a64_rand(&rng) % 7]);
            if (!use && (w >> 29 & 3) == 0 && (w >> 24 & 0x1f) == 0x10)
                w |= 1u << 31;      /* keep RMIF allocated: sf = 1 */
            insn[i][k] = w;
        }
        c[i].insns = insn[i];
        c[i].n = 6;
        a64_state_random(&c[i].in, &rng);
    }
    cr_assert_eq(a64_oracle_check(c, NCASES, "flag sequences"), 0);
}

/* Every class, mostly allocated encodings. */
static const char *const all_classes[] = {
    ". .. 10000 ................... .....",             /* ADR/ADRP */
    ". .. 100010 . ............ ..... .....",            /* add/sub imm */
    "1 .. 100100 . ...... ...... ..... .....",           /* logical imm */
    "0 .. 100100 0 ...... ...... ..... .....",
    ". 00 100101 0. ................ .....",             /* MOVN/MOVZ/MOVK */
    ". 1. 100101 0. ................ .....",
    "1 .. 100110 1 ...... ...... ..... .....",           /* bitfield */
    "0 .. 100110 0 0..... 0..... ..... .....",
    "1 00 100111 1 0 ..... ...... ..... .....",          /* EXTR */
    ". .. 01010 .. . ..... 0..... ..... .....",          /* logical reg */
    ". .. 01011 0. 0 ..... 0..... ..... .....",          /* add/sub shifted */
    ". .. 01011 00 1 ..... ... 0.. ..... .....",         /* add/sub extended */
    ". .. 11010000 ..... 000000 ..... .....",            /* ADC/SBC */
    ". .1 11010010 ..... .... .0 ..... 0 ....",          /* CCMP/CCMN */
    ". .0 11010100 ..... .... 0. ..... .....",           /* CSEL family */
    "1 01 11010000 ...... 00001 ..... 0 ....",           /* RMIF */
    "0 01 11010000 000000 . 0010 ..... 0 1101",          /* SETF8/16 */
    ". 1 0 11010110 00000 0000 .. ..... .....",          /* RBIT/REV */
    ". 1 0 11010110 00000 00010 . ..... .....",          /* CLZ/CLS */
    ". 0 0 11010110 ..... 00001 . ..... .....",          /* UDIV/SDIV */
    ". 0 0 11010110 ..... 0010 .. ..... .....",          /* shifts */
    "1 0 0 11010110 ..... 010 . 11 ..... .....",         /* CRC32X */
    "0 0 0 11010110 ..... 010 . 0. ..... .....",         /* CRC32B/H */
    ". 00 11011 000 ..... . ..... ..... .....",          /* MADD/MSUB */
    "1 00 11011 .01 ..... . ..... ..... .....",          /* SMADDL/UMADDL/SMSUBL/UMSUBL */
    "1 00 11011 .10 ..... 0 11111 ..... .....",          /* SMULH/UMULH */
};

/* Random blocks of 1-32 instructions from every class, mostly on x0-x7 so
 * the instructions feed each other (exercises the optimizer's forwarding
 * and, in long blocks, the register allocator under pressure). */
Test(a64_dp, random_sequences)
{
    enum { LEN = 32 };
    struct a64_case *c = alloc_cases(sizeof(*c));
    uint32_t (*insn)[LEN] = alloc_cases(sizeof(*insn));
    const int nclasses = (int)(sizeof(all_classes) / sizeof(all_classes[0]));
    uint64_t rng = seeded(61);
    struct ir_block scratch;
    ir_block_init(&scratch, 0x1000);
    for (int i = 0; i < NCASES; i++) {
        for (int k = 0; k < LEN; k++) {
            uint32_t fixed, w;
            DisasContext s;
            do {    /* allocated encodings only: the whole block runs */
                w = rand_insn_mask(&rng, all_classes[a64_rand(&rng) % (uint64_t)nclasses],
                                   &fixed);
                if (a64_rand(&rng) % 4)
                    w &= ~((3u << 3 | 3u << 8 | 3u << 19) & ~fixed);  /* Rd, Rn, Rm in 0-7 */
                ir_block_reset(&scratch, 0x1000);
                s = (DisasContext){ .b = &scratch, .pc = 0x1000, .insn = w };
            } while (!decode_dp(&s, w));
            insn[i][k] = w;
        }
        c[i].insns = insn[i];
        c[i].n = i % 4 ? 1 + (int)(a64_rand(&rng) % LEN) : 8;
        a64_state_random(&c[i].in, &rng);
    }
    ir_block_free(&scratch);
    int bad = a64_oracle_check(c, NCASES, "random sequences");
    free(c);
    free(insn);
    cr_assert_eq(bad, 0);
}

/* Hand-picked edge cases whose expected values are spelled out from the
 * Arm ARM pseudocode (independent of qemu). */
Test(a64_dp, pseudocode_edges)
{
    struct a64_state in, out;
    memset(&in, 0, sizeof(in));
    /* SUBS X0, X1, X2 with X1 = X2: Z and C (no borrow) */
    in.x[1] = 5;
    in.x[2] = 5;
    uint32_t subs = 0xeb020020;
    cr_assert(a64_oracle_xemu(&subs, 1, &in, &out));
    cr_assert_eq(out.x[0], 0);
    cr_assert_eq(out.nzcv, 0x60000000u);
    /* SDIV W0, W1, W2: INT_MIN / -1 = INT_MIN, zero-extended */
    in.x[1] = 0xffffffff80000000ull;
    in.x[2] = ~0ull;
    uint32_t sdiv = 0x1ac20c20;
    cr_assert(a64_oracle_xemu(&sdiv, 1, &in, &out));
    cr_assert_eq(out.x[0], 0x80000000ull);
    /* UDIV X0, X1, XZR: x / 0 = 0 */
    uint32_t udiv = 0x9adf0820;
    in.x[0] = 77;
    cr_assert(a64_oracle_xemu(&udiv, 1, &in, &out));
    cr_assert_eq(out.x[0], 0);
    /* ADDS W0, W1, #1 with W1 = 0x7fffffff: N and V */
    in.x[1] = 0x7fffffff;
    uint32_t adds = 0x31000420;
    cr_assert(a64_oracle_xemu(&adds, 1, &in, &out));
    cr_assert_eq(out.x[0], 0x80000000ull);
    cr_assert_eq(out.nzcv, 0x90000000u);
    /* AND X0, X1, #0x5555555555555555 (N=0 immr=0 imms=000000 esize 2) */
    in.x[1] = ~0ull;
    uint32_t andi = 0x9200f020;
    cr_assert(a64_oracle_xemu(&andi, 1, &in, &out));
    cr_assert_eq(out.x[0], 0x5555555555555555ull);
    /* CRC32CX W0, W1, X2 with W1 = ~0, X2 = 0: CRC-32C register update of
     * 8 zero bytes from ~0, computed bitwise from the polynomial */
    in.x[1] = 0xffffffff;
    in.x[2] = 0;
    uint32_t crc = 0x9ac25c20;
    uint32_t want = 0xffffffff;
    for (int i = 0; i < 64; i++)
        want = (want >> 1) ^ (0x82f63b78u & (0u - (want & 1)));
    cr_assert(a64_oracle_xemu(&crc, 1, &in, &out));
    cr_assert_eq(out.x[0], want);
    /* AND W0, W1, #imm with N = 1: unallocated */
    uint32_t bad = 0x12400020;
    cr_assert_not(a64_oracle_xemu(&bad, 1, &in, &out));
}

/* ---- IR shape: what common instructions cost ------------------------ */

/* The ops one instruction translates to, names separated by spaces,
 * leaving out insn_start, const and the block's closing goto_tb. */
static void ir_shape(uint32_t insn, char *out, size_t len)
{
    struct ir_block b;
    ir_block_init(&b, 0x1000);
    DisasContext s = { .b = &b, .pc = 0x1000, .insn = insn };
    cr_assert(decode_dp(&s, insn), "%08x not decoded", insn);
    size_t used = 0;
    out[0] = 0;
    for (uint32_t i = 0; i < b.n; i++) {
        const struct ir_insn *k = &b.insn[i];
        if (k->op == IR_insn_start || k->op == IR_const)
            continue;
        used += (size_t)snprintf(out + used, len - used, "%s%s%s", used ? " " : "",
                                 ir_op_info[k->op].name, k->setflags ? ".f" : "");
    }
    ir_block_free(&b);
}

#define SHAPE(insn, want) do { \
        char got_[256]; \
        ir_shape(insn, got_, sizeof(got_)); \
        cr_expect_str_eq(got_, want, "%08x: %s, want %s", insn, got_, want); \
    } while (0)

Test(a64_dp, ir_shape_of_common_instructions)
{
    SHAPE(0xaa0103e0, "getenv setenv");                 /* mov x0, x1 */
    SHAPE(0x2a0103e0, "getenv zext setenv");            /* mov w0, w1 */
    SHAPE(0x910003e0, "getenv setenv");                 /* mov x0, sp */
    SHAPE(0xf100041f, "getenv sub.f");                  /* cmp x0, #1 */
    SHAPE(0xeb01001f, "getenv getenv sub.f");           /* cmp x0, x1 */
    SHAPE(0x1a9f17e0, "testflags select setenv");       /* cset w0, eq */
    SHAPE(0xda9f13e0, "testflags select setenv");       /* csetm x0, eq */
    SHAPE(0x9a812000, "getenv testflags getenv select setenv"); /* csel x0, x0, x1, hs */
    SHAPE(0x31000420, "getenv add.f setenv");           /* adds w0, w1, #1 */
    SHAPE(0xd3474020, "getenv shr and setenv");         /* ubfx x0, x1, #7, #10 */
    SHAPE(0x93407c20, "getenv sext setenv");            /* sxtw x0, w1 */
    SHAPE(0xd37df020, "getenv shl setenv");             /* lsl x0, x1, #3 */
    SHAPE(0xd2800540, "setenv");                        /* mov x0, #42 */
    SHAPE(0x9b027c20, "getenv getenv mul setenv");      /* mul x0, x1, x2 */
    SHAPE(0x8b020c20, "getenv getenv shl add setenv");  /* add x0, x1, x2, lsl #3 */
    SHAPE(0xea02003f, "getenv getenv and.f");           /* tst x1, x2 */
}

/* ---- decoder agreement with capstone ----------------------------------- */

/* Instructions capstone knows in the data-processing space that belong to
 * extensions this decoder does not cover (yet): MTE (ADDG/SUBG/IRG/GMI/
 * SUBP), pointer authentication (PACGA and the 1-source PAC/AUT/XPAC),
 * CSSC (ABS/CNT/CTZ/SMAX...). */
static bool not_ours(const char *mn)
{
    static const char *const other[] = {
        "addg", "subg", "irg", "gmi", "subp", "subps", "cmpp", "pacga",
        "abs", "cnt", "ctz", "smax", "smin", "umax", "umin",
    };
    for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++)
        if (!strcmp(mn, other[i]))
            return true;
    return !strncmp(mn, "pac", 3) || !strncmp(mn, "aut", 3) || !strncmp(mn, "xpac", 4);
}

/* Words capstone 4.0.2 gets wrong, each checked against the Arm ARM:
 *  - RMIF, SETF8, SETF16 (FEAT_FlagM, Armv8.4) are unknown to it.
 *  - SMULH/UMULH with Ra != 11111: Ra is should-be-one, capstone rejects
 *    them; the Arm ARM makes them CONSTRAINED UNPREDICTABLE and
 *    qemu and xemu execute them as SMULH/UMULH. */
static bool capstone_gap(uint32_t w)
{
    if ((w & 0xffe07c10u) == 0xba000400u)       /* RMIF */
        return true;
    if ((w & 0xffffbc1fu) == 0x3a00080du)       /* SETF8/SETF16 */
        return true;
    if ((w & 0xff608000u) == 0x9b400000u && ((w >> 10) & 31) != 31)
        return true;                            /* *MULH, Ra != 31 */
    return false;
}

/* Does decode_dp's verdict on w agree with capstone's (and is the IR it
 * emits valid)?  Logs the first disagreements. */
static bool agrees_with_capstone(csh h, cs_insn *ci, struct ir_block *b, uint32_t w, bool *ours,
                                 int *ndisagree)
{
    ir_block_reset(b, 0x1000);
    DisasContext s = { .b = b, .pc = 0x1000, .insn = w };
    *ours = decode_dp(&s, w);
    if (*ours) {
        /* what it emitted must be well-formed IR */
        char err[256];
        ir_goto_tb(b, 0x1004);
        if (!ir_validate(b, err, sizeof(err)) && (*ndisagree)++ < 10)
            cr_log_error("%08x: invalid IR: %s", w, err);
    }
    const uint8_t *code = (const uint8_t *)&w;
    size_t size = 4;
    uint64_t addr = 0x1000;
    bool cs_ok = cs_disasm_iter(h, &code, &size, &addr, ci);
    bool cs_ours = cs_ok && !not_ours(ci->mnemonic);
    if (*ours == cs_ours || capstone_gap(w))
        return true;
    if ((*ndisagree)++ < 10)
        cr_log_error("%08x: xemu %s, capstone %s %s %s", w, *ours ? "accepts" : "rejects",
                     cs_ok ? "decodes" : "rejects", cs_ok ? ci->mnemonic : "",
                     cs_ok ? ci->op_str : "");
    return false;
}

Test(a64_dp, decoder_agrees_with_capstone)
{
    csh h;
    cr_assert_eq(cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &h), CS_ERR_OK);
    cs_insn *ci = cs_malloc(h);
    struct ir_block b;
    ir_block_init(&b, 0x1000);
    uint64_t rng = seeded(51);
    int disagree = 0, accepted = 0;
    for (int i = 0; i < 200000; i++) {
        uint32_t w = (uint32_t)a64_rand(&rng);
        /* op0 (bits 28:25) = 100x (immediate) or x101 (register) */
        if (i & 1)
            w = (w & ~0x1c000000u) | 0x10000000u;
        else
            w = (w & ~0x0e000000u) | 0x0a000000u;
        bool ours;
        agrees_with_capstone(h, ci, &b, w, &ours, &disagree);
        accepted += ours;
    }
    ir_block_free(&b);
    cs_free(ci, 1);
    cs_close(&h);
    cr_assert_eq(disagree, 0, "%d words decode differently from capstone", disagree);
    cr_assert_gt(accepted, 50000);
}

/* Every word of the data-processing space except the Rn field (bits 9:5,
 * a plain register number in every class): 2^25 words, 5-20 s, so
 * only with A64_DP_EXHAUSTIVE=1 in the environment. */
Test(a64_dp, decoder_agrees_with_capstone_exhaustive, .timeout = 600)
{
    if (!getenv("A64_DP_EXHAUSTIVE"))
        cr_skip_test("set A64_DP_EXHAUSTIVE=1 to run");
    static const uint32_t op0s[] = { 0x8, 0x9, 0x5, 0xd };
    csh h;
    cr_assert_eq(cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &h), CS_ERR_OK);
    cs_insn *ci = cs_malloc(h);
    struct ir_block b;
    ir_block_init(&b, 0x1000);
    int disagree = 0;
    for (int k = 0; k < 4; k++) {
        for (uint32_t r = 0; r < (1u << 23); r++) {
            /* bits 31:29 = r[22:20], 28:25 = op0, 24:10 = r[19:5], Rn = 1,
             * 4:0 = r[4:0] */
            uint32_t w = ((r >> 20) & 7) << 29 | op0s[k] << 25 | ((r >> 5) & 0x7fff) << 10 |
                         1u << 5 | (r & 31);
            bool ours;
            agrees_with_capstone(h, ci, &b, w, &ours, &disagree);
        }
    }
    ir_block_free(&b);
    cs_free(ci, 1);
    cs_close(&h);
    cr_assert_eq(disagree, 0, "%d words decode differently from capstone", disagree);
}

/* ---- a whole program --------------------------------------------------- */

/* Run argv0 prog, return its stdout (at most len-1 bytes) and exit status. */
static int run_program(const char *runner, const char *prog, char *out, size_t len)
{
    char cmd[2 * 4096 + 16];
    snprintf(cmd, sizeof(cmd), "%s %s", runner, prog);
    FILE *f = popen(cmd, "r");
    cr_assert(f, "cannot run %s", cmd);
    size_t n = fread(out, 1, len - 1, f);
    out[n] = 0;
    return pclose(f);
}

/* tests/a64_oracle/dp_program.c: integer kernels compiled by gcc into
 * every data-processing class; xemu must print what qemu prints. */
Test(a64_dp, compiled_program_matches_qemu, .timeout = 120)
{
    static const char *const flags[] = {
        "-nostdlib", "-ffreestanding", "-mgeneral-regs-only", "-march=armv8-a+crc",
        "-fno-stack-protector", "-lgcc", NULL,
    };
    char prog[4096], xemu[4096], want[4096], got[4096];
    cr_assert(a64_oracle_build_program("dp_program", flags, prog, sizeof(prog)));
    if (!a64_oracle_xemu_binary(xemu, sizeof(xemu)))
        cr_skip_test("no xemu-aarch64 next to the test binary: make BUILD=... all");
    int qrc = run_program("/usr/bin/qemu-aarch64", prog, want, sizeof(want));
    cr_assert_eq(qrc, 0, "qemu-aarch64 %s failed", prog);
    cr_assert(strstr(want, "sort "), "qemu output incomplete: %s", want);
    int xrc = run_program(xemu, prog, got, sizeof(got));
    cr_assert_str_eq(got, want);
    cr_assert_eq(xrc, 0);
}
