/*
 * Tests of the A64 frontend for loads/stores of general registers,
 * branches, exceptions and system instructions (xlat/aarch64/
 * translate_{ldst,atomic,branch,system}.c, sysregs.c, a64_ldst_br.decode).
 *
 *  - Decoder agreement: in the Armv8.0 classes, decode_ldst_br accepts
 *    what capstone decodes (minus what EL0 Linux makes SIGILL); in the
 *    later classes capstone 4 does not know (LSE, RCpc, FlagM), it accepts
 *    exactly what qemu-aarch64 runs without SIGILL.
 *  - Semantics: random instances of each class run under qemu-aarch64 and
 *    under xemu (frontend + reference IR interpreter) from the same state
 *    and are compared register by register (tests/a64_oracle.h).  Memory
 *    is a 64-byte window both sides map (the second half of the code
 *    page): the code fills it from x16..x23 first and reads it back into
 *    x16..x23 last, so memory effects show up in registers.
 *  - What qemu cannot judge (xemu's own ID register values, SVC/BRK exits,
 *    the 64-byte DC ZVA block): expected values written out here from the
 *    Arm ARM and the Linux ABI.
 *
 * Run: make BUILD=b b/unit-tests && b/unit-tests --filter 'a64_ldst_br*'
 */
#include <capstone/capstone.h>
#include <criterion/criterion.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>

#include "tests/a64_oracle.h"
#include "xlat/aarch64/sysregs.h"
#include "xlat/aarch64/translate.h"

#define BUF   (A64W_DEFAULT_PC + 0x800)  /* 64-byte memory window, 64-aligned */
#define MID   (BUF + 32)
#define WBASE 27                        /* x27 = BUF during the tests */
#define MAXCASES 512
#define MAXCODE  32

/* ---- encoders (field layouts from the Arm ARM encoding diagrams) ------- */

static uint32_t stp_x(unsigned rt, unsigned rt2, unsigned rn, int off)
{
    return 0xa9000000u | ((unsigned)(off / 8) & 0x7f) << 15 | rt2 << 10 | rn << 5 | rt;
}
static uint32_t ldp_x(unsigned rt, unsigned rt2, unsigned rn, int off)
{
    return stp_x(rt, rt2, rn, off) | 1u << 22;
}
static uint32_t ldst_uimm(unsigned size, unsigned opc, unsigned imm12, unsigned rn, unsigned rt)
{
    return size << 30 | 0x39000000u | opc << 22 | imm12 << 10 | rn << 5 | rt;
}
static uint32_t ldst_imm9(unsigned size, unsigned opc, int imm9, unsigned type, unsigned rn, unsigned rt)
{
    return size << 30 | 0x38000000u | opc << 22 | ((unsigned)imm9 & 0x1ff) << 12 | type << 10 |
           rn << 5 | rt;
}
static uint32_t ldst_reg(unsigned size, unsigned opc, unsigned rm, unsigned opt, unsigned s,
                         unsigned rn, unsigned rt)
{
    return size << 30 | 0x38200800u | opc << 22 | rm << 16 | opt << 13 | s << 12 | rn << 5 | rt;
}
static uint32_t ldr_lit(unsigned opc, int imm19, unsigned rt)
{
    return opc << 30 | 0x18000000u | ((unsigned)imm19 & 0x7ffff) << 5 | rt;
}
static uint32_t ldstp(unsigned opc, unsigned idx, unsigned l, int imm7, unsigned rt2, unsigned rn,
                      unsigned rt)
{
    return opc << 30 | 0x28000000u | idx << 23 | l << 22 | ((unsigned)imm7 & 0x7f) << 15 |
           rt2 << 10 | rn << 5 | rt;
}
static uint32_t ldstx(unsigned size, unsigned o2, unsigned l, unsigned o1, unsigned rs, unsigned o0,
                      unsigned rt2, unsigned rn, unsigned rt)
{
    return size << 30 | 0x08000000u | o2 << 23 | l << 22 | o1 << 21 | rs << 16 | o0 << 15 |
           rt2 << 10 | rn << 5 | rt;
}
static uint32_t atomic_op(unsigned size, unsigned a, unsigned r, unsigned rs, unsigned o3,
                          unsigned opc, unsigned rn, unsigned rt)
{
    return size << 30 | 0x38200000u | a << 23 | r << 22 | rs << 16 | o3 << 15 | opc << 12 |
           rn << 5 | rt;
}
static uint32_t ldapur(unsigned size, unsigned opc, int imm9, unsigned rn, unsigned rt)
{
    return size << 30 | 0x19000000u | opc << 22 | ((unsigned)imm9 & 0x1ff) << 12 | rn << 5 | rt;
}
static uint32_t mrs(uint32_t reg, unsigned rt) { return 0xd5200000u | reg << 5 | rt; }
static uint32_t msr(uint32_t reg, unsigned rt) { return 0xd5000000u | reg << 5 | rt; }

#define CLREX 0xd503305fu

/* ---- batches of oracle cases ------------------------------------------- */

static struct a64_case cases[MAXCASES];
static uint32_t codes[MAXCASES][MAXCODE];
static int ncases;

/* The window is filled from x16..x23 before body and read back after. */
static void add_case(const uint32_t *body, int n, const struct a64_state *in)
{
    cr_assert(ncases < MAXCASES && n + 8 <= MAXCODE);
    uint32_t *c = codes[ncases];
    int k = 0;
    for (int i = 0; i < 4; i++)
        c[k++] = stp_x(16 + 2 * i, 17 + 2 * i, WBASE, 16 * i);
    for (int i = 0; i < n; i++)
        c[k++] = body[i];
    for (int i = 0; i < 4; i++)
        c[k++] = ldp_x(16 + 2 * i, 17 + 2 * i, WBASE, 16 * i);
    cases[ncases].insns = c;
    cases[ncases].n = k;
    cases[ncases].in = *in;
    ncases++;
}

static void check_batch(const char *what)
{
    int bad = a64_oracle_check(cases, ncases, what);
    cr_assert_eq(bad, 0, "%s: %d of %d cases differ from qemu-aarch64 (or no oracle: -1)",
                 what, bad, ncases);
    ncases = 0;
}

static void base_state(struct a64_state *s, uint64_t *rng)
{
    a64_state_random(s, rng);
    s->x[WBASE] = BUF;
    s->sp = MID;
}

/* The pc of body[0] in a case built by add_case. */
#define BODY_PC (A64W_DEFAULT_PC + 16)

static unsigned pick_reg(uint64_t *rng)
{
    unsigned r = a64_rand(rng) % 17;     /* x0..x15, or 31 */
    return r == 16 ? 31 : r;
}

/* A random address in the window for an access of `bytes`. */
static uint64_t pick_addr(uint64_t *rng, unsigned bytes, bool aligned)
{
    uint64_t off = a64_rand(rng) % (64 - bytes + 1);
    if (aligned)
        off &= ~(uint64_t)(bytes - 1);
    return BUF + off;
}

static void set_reg(struct a64_state *s, unsigned r, uint64_t v)
{
    if (r == 31)
        s->sp = v;
    else
        s->x[r] = v;
}

/* ---- loads and stores --------------------------------------------------- */

static bool ls_allocated(unsigned size, unsigned opc)
{
    return !(opc == 3 && size >= 2);
}

Test(a64_ldst_br, ldst_unsigned_offset)
{
    uint64_t rng = 0x1001;
    for (int i = 0; i < 400; i++) {
        struct a64_state s;
        base_state(&s, &rng);
        unsigned size = a64_rand(&rng) & 3, opc = a64_rand(&rng) & 3;
        if (!ls_allocated(size, opc))
            continue;
        unsigned rn = pick_reg(&rng), rt = pick_reg(&rng);
        unsigned imm12 = (i & 1) ? a64_rand(&rng) % 4096 : a64_rand(&rng) % 8;
        uint64_t addr = pick_addr(&rng, 1u << size, false);
        set_reg(&s, rn, addr - ((uint64_t)imm12 << size));
        uint32_t w = ldst_uimm(size, opc, imm12, rn, rt);
        add_case(&w, 1, &s);
        if (ncases == MAXCASES)
            check_batch("LDR/STR (unsigned offset)");
    }
    check_batch("LDR/STR (unsigned offset)");
}

/* type 0 LDUR/STUR, 1 post-index, 2 LDTR/STTR, 3 pre-index; Rn == Rt with
 * write-back is allowed on purpose (CONSTRAINED UNPREDICTABLE: must match
 * qemu's choice). */
Test(a64_ldst_br, ldst_imm9_and_writeback)
{
    uint64_t rng = 0x2002;
    for (int i = 0; i < 500; i++) {
        struct a64_state s;
        base_state(&s, &rng);
        unsigned size = a64_rand(&rng) & 3, opc = a64_rand(&rng) & 3, type = a64_rand(&rng) & 3;
        if (!ls_allocated(size, opc) || (opc == 2 && size == 3 && type != 0))
            continue;
        unsigned rn = pick_reg(&rng), rt = (i % 7 == 0) ? rn : pick_reg(&rng);
        int imm9 = (int)(a64_rand(&rng) % 512) - 256;
        uint64_t addr = pick_addr(&rng, 1u << size, false);
        set_reg(&s, rn, type == 1 ? addr : addr - (uint64_t)(int64_t)imm9);
        uint32_t w = ldst_imm9(size, opc, imm9, type, rn, rt);
        add_case(&w, 1, &s);
        if (ncases == MAXCASES)
            check_batch("LDUR/LDTR/pre/post-index");
    }
    check_batch("LDUR/LDTR/pre/post-index");
}

Test(a64_ldst_br, ldst_register_offset)
{
    static const unsigned opts[] = { 2, 3, 6, 7 };   /* UXTW, LSL, SXTW, SXTX */
    uint64_t rng = 0x3003;
    for (int i = 0; i < 400; i++) {
        struct a64_state s;
        base_state(&s, &rng);
        unsigned size = a64_rand(&rng) & 3, opc = a64_rand(&rng) & 3;
        if (!ls_allocated(size, opc))
            continue;
        unsigned opt = opts[a64_rand(&rng) & 3], sbit = a64_rand(&rng) & 1;
        unsigned rn = pick_reg(&rng), rt = pick_reg(&rng), rm;
        do
            rm = pick_reg(&rng);
        while (rm == rn || rm == 31);
        int64_t idx = (int64_t)(a64_rand(&rng) % 8) - 4;
        if (opt == 2 && idx < 0)
            idx = -idx;
        unsigned shift = sbit ? size : 0;
        uint64_t addr = pick_addr(&rng, 1u << size, false);
        set_reg(&s, rn, addr - (uint64_t)(idx << shift));
        uint64_t junk = a64_rand(&rng) << 32;
        s.x[rm] = (opt & 1) ? (uint64_t)idx : junk | (uint32_t)idx;
        uint32_t w = ldst_reg(size, opc, rm, opt, sbit, rn, rt);
        add_case(&w, 1, &s);
    }
    check_batch("LDR/STR (register offset)");
}

Test(a64_ldst_br, ldr_literal_and_prfm)
{
    uint64_t rng = 0x4004;
    for (int i = 0; i < 200; i++) {
        struct a64_state s;
        base_state(&s, &rng);
        unsigned opc = a64_rand(&rng) & 3, rt = pick_reg(&rng);
        uint64_t addr = pick_addr(&rng, 8, true) & ~3ull;
        uint32_t w = ldr_lit(opc, (int)((int64_t)(addr - BODY_PC) / 4), rt);
        add_case(&w, 1, &s);
    }
    check_batch("LDR (literal)/PRFM");
}

Test(a64_ldst_br, ldst_pair)
{
    uint64_t rng = 0x5005;
    for (int i = 0; i < 500; i++) {
        struct a64_state s;
        base_state(&s, &rng);
        unsigned opc = a64_rand(&rng) % 3, idx = a64_rand(&rng) & 3, l = a64_rand(&rng) & 1;
        if (opc == 1 && (!l || idx == 0))
            continue;
        unsigned size = opc == 2 ? 3 : 2;
        unsigned rn = pick_reg(&rng), rt = pick_reg(&rng), rt2 = pick_reg(&rng);
        if (i % 9 == 0)
            rt = rn;        /* write-back overlap: CONSTRAINED UNPREDICTABLE */
        if (l && i % 11 == 0)
            rt2 = rt;       /* LDP Rt == Rt2: CONSTRAINED UNPREDICTABLE */
        int imm7 = (int)(a64_rand(&rng) % 128) - 64;
        uint64_t addr = pick_addr(&rng, 2u << size, false);
        int64_t off = (int64_t)imm7 << size;
        set_reg(&s, rn, idx == 1 ? addr : addr - (uint64_t)off);
        uint32_t w = ldstp(opc, idx, l, imm7, rt2, rn, rt);
        add_case(&w, 1, &s);
    }
    check_batch("LDP/STP/LDPSW/LDNP/STNP");
}

/* ---- exclusives, ordered, atomics --------------------------------------- */

Test(a64_ldst_br, exclusive_pairs_of_ldxr_stxr)
{
    uint64_t rng = 0x6006;
    for (int i = 0; i < 300; i++) {
        struct a64_state s;
        base_state(&s, &rng);
        unsigned size = a64_rand(&rng) & 3, acq = a64_rand(&rng) & 1, rel = a64_rand(&rng) & 1;
        unsigned rn = a64_rand(&rng) % 4, rt = 4 + a64_rand(&rng) % 4;
        unsigned rs = 8 + a64_rand(&rng) % 4, rv = (i & 3) ? 12 + a64_rand(&rng) % 3 : 31;
        set_reg(&s, rn, pick_addr(&rng, 1u << size, true));
        uint32_t body[4];
        int n = 0;
        body[n++] = CLREX;
        if (i % 5 != 0)     /* every fifth: a store-exclusive without a load: fails */
            body[n++] = ldstx(size, 0, 1, 0, 31, acq, 31, rn, rt);
        body[n++] = ldstx(size, 0, 0, 0, rs, rel, 31, rn, rv);
        add_case(body, n, &s);
    }
    check_batch("LDXR/LDAXR/STXR/STLXR");
}

Test(a64_ldst_br, exclusive_pairs_of_ldxp_stxp)
{
    uint64_t rng = 0x7007;
    for (int i = 0; i < 200; i++) {
        struct a64_state s;
        base_state(&s, &rng);
        unsigned sz = a64_rand(&rng) & 1, acq = a64_rand(&rng) & 1, rel = a64_rand(&rng) & 1;
        unsigned rn = a64_rand(&rng) % 4, rt = 4 + a64_rand(&rng) % 2, rt2 = 6 + a64_rand(&rng) % 2;
        unsigned rs = 8 + a64_rand(&rng) % 4, rv = 12, rv2 = (i & 1) ? 13 : 31;
        set_reg(&s, rn, pick_addr(&rng, 8u << sz, true));
        uint32_t body[3] = {
            CLREX,
            1u << 31 | ldstx(sz, 0, 1, 1, 31, acq, rt2, rn, rt),
            1u << 31 | ldstx(sz, 0, 0, 1, rs, rel, rv2, rn, rv),
        };
        add_case(body, 3, &s);
    }
    check_batch("LDXP/LDAXP/STXP/STLXP");
}

Test(a64_ldst_br, load_acquire_store_release)
{
    uint64_t rng = 0x8008;
    for (int i = 0; i < 300; i++) {
        struct a64_state s;
        base_state(&s, &rng);
        unsigned size = a64_rand(&rng) & 3, l = a64_rand(&rng) & 1, o0 = a64_rand(&rng) & 1;
        unsigned rn = pick_reg(&rng), rt = pick_reg(&rng);
        set_reg(&s, rn, pick_addr(&rng, 1u << size, true));
        uint32_t w;
        switch (i % 3) {
        case 0: /* LDAR/STLR (o0=1), LDLAR/STLLR (o0=0) */
            w = ldstx(size, 1, l, 0, 31, o0, 31, rn, rt);
            break;
        case 1: /* LDAPR */
            w = atomic_op(size, 1, 0, 31, 1, 4, rn, rt);
            break;
        default: { /* STLUR/LDAPUR/LDAPURS* */
            unsigned opc = a64_rand(&rng) & 3;
            if ((opc == 2 && size == 3) || (opc == 3 && size >= 2))
                opc = 1;
            int imm9 = (int)(a64_rand(&rng) % 64) - 32;
            set_reg(&s, rn, pick_addr(&rng, 1u << size, true) - (uint64_t)(int64_t)imm9);
            w = ldapur(size, opc, imm9, rn, rt);
            break;
        }
        }
        add_case(&w, 1, &s);
    }
    check_batch("LDAR/STLR/LDLAR/STLLR/LDAPR/LDAPUR/STLUR");
}

/* The value the window holds at addr (the code stores x16..x23 there). */
static uint64_t window_value(const struct a64_state *s, uint64_t addr, unsigned bytes)
{
    uint8_t mem[64];
    memcpy(mem, &s->x[16], 64);
    uint64_t v = 0;
    memcpy(&v, mem + (addr - BUF), bytes);
    return v;
}

Test(a64_ldst_br, compare_and_swap)
{
    uint64_t rng = 0x9009;
    for (int i = 0; i < 400; i++) {
        struct a64_state s;
        base_state(&s, &rng);
        unsigned size = a64_rand(&rng) & 3, l = a64_rand(&rng) & 1, o0 = a64_rand(&rng) & 1;
        unsigned rn = a64_rand(&rng) % 4, rs = 4 + a64_rand(&rng) % 4;
        unsigned rt = (i % 8 == 0) ? 31 : 8 + a64_rand(&rng) % 4;
        uint64_t addr = pick_addr(&rng, 1u << size, true);
        set_reg(&s, rn, addr);
        if (i & 1)  /* matching compare value, with junk above the access size */
            s.x[rs] = window_value(&s, addr, 1u << size) |
                      (size < 3 ? a64_rand(&rng) << (8u << size) : 0);
        uint32_t w = ldstx(size, 1, l, 1, rs, o0, 31, rn, rt);
        add_case(&w, 1, &s);
    }
    check_batch("CAS/CASA/CASL/CASAL");
}

Test(a64_ldst_br, compare_and_swap_pair)
{
    uint64_t rng = 0xa00a;
    for (int i = 0; i < 200; i++) {
        struct a64_state s;
        base_state(&s, &rng);
        unsigned sz = a64_rand(&rng) & 1, l = a64_rand(&rng) & 1, o0 = a64_rand(&rng) & 1;
        unsigned rn = a64_rand(&rng) % 4, rs = 4 + 2 * (a64_rand(&rng) % 2);
        unsigned rt = (i % 10 == 0) ? 30 : 8 + 2 * (a64_rand(&rng) % 3);
        unsigned bytes = 4u << sz;
        uint64_t addr = pick_addr(&rng, 2 * bytes, true);
        set_reg(&s, rn, addr);
        if (i & 1) {
            s.x[rs] = window_value(&s, addr, bytes);
            s.x[rs + 1] = window_value(&s, addr + bytes, bytes);
        }
        uint32_t w = ldstx(sz, 0, l, 1, rs, o0, 31, rn, rt);
        add_case(&w, 1, &s);
    }
    check_batch("CASP/CASPA/CASPL/CASPAL");
}

Test(a64_ldst_br, lse_atomics)
{
    uint64_t rng = 0xb00b;
    for (int i = 0; i < 500; i++) {
        struct a64_state s;
        base_state(&s, &rng);
        unsigned size = a64_rand(&rng) & 3, a = a64_rand(&rng) & 1, r = a64_rand(&rng) & 1;
        unsigned o3 = (i % 9 == 0), opc = o3 ? 0 : a64_rand(&rng) & 7;
        unsigned rn = a64_rand(&rng) % 4, rs = 4 + a64_rand(&rng) % 4;
        unsigned rt = (i % 6 == 0) ? 31 : 8 + a64_rand(&rng) % 4;
        if (i % 13 == 0)
            rt = rs;
        set_reg(&s, rn, pick_addr(&rng, 1u << size, true));
        uint32_t w = atomic_op(size, a, r, rs, o3, opc, rn, rt);
        add_case(&w, 1, &s);
    }
    check_batch("LDADD..LDUMIN/SWP (and ST* aliases)");
}

/* ---- branches ------------------------------------------------------------ */

/* body: the branch, then two loads that show which path ran. */
#define MARK1 0xf9400760u   /* ldr x0, [x27, #8] */
#define MARK2 0xf9400b61u   /* ldr x1, [x27, #16] */

Test(a64_ldst_br, conditional_branches)
{
    uint64_t rng = 0xc00c;
    for (int i = 0; i < 400; i++) {
        struct a64_state s;
        base_state(&s, &rng);
        uint32_t w;
        switch (i % 3) {
        case 0: /* B.cond over MARK1 */
            w = 0x54000000u | 2u << 5 | (uint32_t)(i / 3 % 16);
            break;
        case 1: { /* CBZ/CBNZ */
            unsigned rt = pick_reg(&rng);
            if (rt != 31 && (i & 4))
                s.x[rt] = (a64_rand(&rng) & 1) ? 0 : s.x[rt] & 0xffffffff00000000ull;
            w = (uint32_t)(a64_rand(&rng) & 1) << 31 | 0x34000000u |
                (uint32_t)(a64_rand(&rng) & 1) << 24 | 2u << 5 | rt;
            break;
        }
        default: { /* TBZ/TBNZ */
            unsigned bit = a64_rand(&rng) & 63, rt = pick_reg(&rng);
            w = (bit >> 5) << 31 | 0x36000000u | (uint32_t)(a64_rand(&rng) & 1) << 24 |
                (bit & 31) << 19 | 2u << 5 | rt;
            break;
        }
        }
        uint32_t body[3] = { w, MARK1, MARK2 };
        add_case(body, 3, &s);
    }
    check_batch("B.cond/CBZ/CBNZ/TBZ/TBNZ");
}

Test(a64_ldst_br, unconditional_branches)
{
    uint64_t rng = 0xd00d;
    for (int i = 0; i < 100; i++) {
        struct a64_state s;
        base_state(&s, &rng);
        unsigned rn = a64_rand(&rng) % 16;
        if (i % 4 == 3)
            rn = 30;
        uint32_t w;
        switch (i % 5) {
        case 0: w = 0x14000002u; break;                 /* B .+8 */
        case 1: w = 0x94000002u; break;                 /* BL .+8 */
        case 2: w = 0xd61f0000u | rn << 5; break;       /* BR */
        case 3: w = 0xd63f0000u | rn << 5; break;       /* BLR (rn may be x30) */
        default: w = 0xd65f0000u | rn << 5; break;      /* RET */
        }
        s.x[rn] = BODY_PC + 8;
        uint32_t body[3] = { w, MARK1, MARK2 };
        add_case(body, 3, &s);
    }
    check_batch("B/BL/BR/BLR/RET");
}

/* ---- system -------------------------------------------------------------- */

Test(a64_ldst_br, hints_barriers_are_nops)
{
    uint64_t rng = 0xe00e;
    for (unsigned h = 0; h < 128; h++) {
        /* 7 (XPACLRI) and 8-15, 24-31 (PAC) act in qemu, which has FEAT_PAuth;
         * xemu does not advertise it: checked without qemu below */
        if (h == 7 || (h >= 8 && h <= 15) || (h >= 24 && h <= 31))
            continue;
        struct a64_state s;
        base_state(&s, &rng);
        uint32_t w = 0xd503201fu | h << 5;
        add_case(&w, 1, &s);
    }
    static const uint32_t others[] = {
        0xd503305fu, 0xd5033f5fu,               /* CLREX, CLREX #15 */
        0xd5033bbfu, 0xd50339bfu, 0xd5033abfu,  /* DMB ISH, ISHLD, ISHST */
        0xd5033fbfu, 0xd5033f9fu, 0xd5033b9fu,  /* DMB SY, DSB SY, DSB ISH */
        0xd503309fu, 0xd503349fu,               /* SSBB, PSSBB */
        0xd5033fdfu, 0xd50330ffu,               /* ISB, SB */
    };
    for (unsigned i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
        struct a64_state s;
        base_state(&s, &rng);
        add_case(&others[i], 1, &s);
    }
    check_batch("HINT/CLREX/DMB/DSB/ISB/SB");
}

Test(a64_ldst_br, pac_hints_are_nops_without_pauth)
{
    uint64_t rng = 0xf00f;
    for (unsigned h = 7; h < 32; h++) {
        if (h > 7 && h < 24 && !(h >= 8 && h <= 15))
            continue;
        struct a64_state in, out;
        base_state(&in, &rng);
        uint32_t w = 0xd503201fu | h << 5;
        cr_assert(a64_oracle_xemu(&w, 1, &in, &out), "hint #%u", h);
        in.pc = A64W_DEFAULT_PC + 4;
        cr_assert_eq(a64_state_diff(&in, &out, NULL, 0), 0, "hint #%u changed state", h);
    }
}

Test(a64_ldst_br, flag_manipulation)
{
    uint64_t rng = 0x1111;
    static const uint32_t ops[] = { 0xd500401fu, 0xd500403fu, 0xd500405fu }; /* CFINV XAFLAG AXFLAG */
    for (unsigned op = 0; op < 3; op++)
        for (unsigned f = 0; f < 16; f++) {
            struct a64_state s;
            base_state(&s, &rng);
            s.nzcv = f << 28;
            uint32_t body[2] = { ops[op], mrs(A64_SR_NZCV, 0) };
            add_case(body, 2, &s);
        }
    for (int i = 0; i < 32; i++) {
        struct a64_state s;
        base_state(&s, &rng);
        uint32_t body[2] = { msr(A64_SR_NZCV, 3), mrs(A64_SR_NZCV, 4) };
        add_case(body, 2, &s);
    }
    check_batch("CFINV/XAFLAG/AXFLAG/MRS+MSR NZCV");
}

Test(a64_ldst_br, fpcr_fpsr_tpidr)
{
    uint64_t rng = 0x2222;
    for (int i = 0; i < 64; i++) {
        struct a64_state s;
        base_state(&s, &rng);
        /* FZ16 (bit 19) exists in qemu's CPU, not in xemu's (no FP16), and
         * qemu keeps the AArch32-only Len/Stride (bits 21:16), which are
         * RES0 on an AArch64-only CPU like xemu's */
        s.x[3] &= ~(0x3full << 16);
        s.x[5] &= ~(0xfull << 28);     /* FPSR's AArch32 NZCV: likewise */
        uint32_t body[8] = {
            msr(A64_SR_FPCR, 3), mrs(A64_SR_FPCR, 4),
            msr(A64_SR_FPSR, 5), mrs(A64_SR_FPSR, 6),
            msr(A64_SR_TPIDR_EL0, 7), mrs(A64_SR_TPIDR_EL0, 8),
            mrs(A64_SR_TPIDRRO_EL0, 9),
            msr(A64_SR_FPCR, 31),
        };
        add_case(body, 8, &s);
    }
    check_batch("MRS/MSR FPCR, FPSR, TPIDR_EL0, TPIDRRO_EL0");
}

/* Words EL0 Linux answers with SIGILL (and qemu-aarch64 agrees). */
Test(a64_ldst_br, el0_undefined_is_sigill)
{
    static const uint32_t words[] = {
        0x00000000u,                    /* UDF #0 */
        0xd4400000u,                    /* HLT #0 */
        0xd4000002u, 0xd4000003u,       /* HVC, SMC */
        0xd69f03e0u,                    /* ERET */
        0xd5381000u,                    /* MRS x0, SCTLR_EL1 */
        0xd50343dfu,                    /* MSR DAIFSet, #3 */
        0xd508751fu,                    /* IC IALLU */
        0xd5087620u,                    /* DC IVAC, x0 */
        0xd500419fu,                    /* MSR SPSel, #1 */
        0xd51b4200u,                    /* MSR NZCV... with op0=3 op1=3 CRn=4 CRm=2 op2=0 is legal; */
    };
    uint64_t rng = 0x3333;
    /* the last entry is MSR NZCV, x0: legal, so it must run (sig 0) */
    for (unsigned i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        struct a64_state s;
        base_state(&s, &rng);
        cases[ncases].insns = &words[i];
        cases[ncases].n = 1;
        cases[ncases].in = s;
        ncases++;
    }
    cr_assert(a64_oracle_qemu_batch(cases, ncases));
    for (int i = 0; i < ncases; i++)
        cr_assert_eq(cases[i].sig, i == ncases - 1 ? 0 : SIGILL, "qemu: %08x sig %d",
                     words[i], cases[i].sig);
    cr_assert(a64_oracle_xemu_batch(cases, ncases));
    for (int i = 0; i < ncases; i++)
        cr_assert_eq(cases[i].sig, i == ncases - 1 ? 0 : SIGILL, "xemu: %08x sig %d",
                     words[i], cases[i].sig);
    ncases = 0;
}

/* PAC branches and loads: qemu runs them (it has FEAT_PAuth), xemu does
 * not advertise PAuth, so they are UNDEFINED: SIGILL. */
Test(a64_ldst_br, pac_branches_are_undefined)
{
    static const uint32_t words[] = {
        0xd71f0801u,    /* BRAA x0, x1 */
        0xd65f0bffu,    /* RETAA */
        0xd63f081fu,    /* BLRAAZ x0 */
        0xf8200400u,    /* LDRAA x0, [x0] */
    };
    uint64_t rng = 0x4444;
    for (unsigned i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        struct a64_state in, out;
        base_state(&in, &rng);
        cr_assert(!a64_oracle_xemu(&words[i], 1, &in, &out), "%08x ran", words[i]);
        cr_assert_eq(out.pc, A64W_DEFAULT_PC, "%08x: pc %#llx", words[i],
                     (unsigned long long)out.pc);
    }
}

/* ---- what only xemu's own definition can say ------------------------------ */

static uint64_t run_mrs(uint32_t reg)
{
    struct a64_state in, out;
    uint64_t rng = 0x5555;
    a64_state_random(&in, &rng);
    uint32_t w = mrs(reg, 0);
    cr_assert(a64_oracle_xemu(&w, 1, &in, &out), "MRS %#x did not run", reg);
    return out.x[0];
}

static unsigned field(uint64_t v, unsigned shift)
{
    return (v >> shift) & 0xf;
}

/* HWCAP bits from asm/hwcap.h, ID register fields from the Arm ARM. */
Test(a64_ldst_br, id_registers_match_hwcaps)
{
    uint64_t hw = a64_hwcap(), hw2 = a64_hwcap2();
    uint64_t pfr0 = run_mrs(A64_SR_ID_AA64PFR0), isar0 = run_mrs(A64_SR_ID_AA64ISAR0);
    uint64_t isar1 = run_mrs(A64_SR_ID_AA64ISAR1), isar2 = run_mrs(A64_SR_ID_AA64ISAR2);

    cr_assert(hw & (1u << 0) && hw & (1u << 1) && hw & (1u << 11), "FP, ASIMD, CPUID");
    cr_assert_eq(field(pfr0, 16), (hw >> 9) & 1, "FP implemented, 1 with FPHP");
    cr_assert_eq(field(pfr0, 20), (hw >> 10) & 1, "AdvSIMD implemented, 1 with ASIMDHP");
    cr_assert_eq((hw >> 9) & 1, (hw >> 10) & 1, "FPHP and ASIMDHP together");
    cr_assert_eq(field(pfr0, 0), 1, "EL0 AArch64 only");
    cr_assert_eq(field(pfr0, 32), 0, "no SVE");
    cr_assert_eq(field(isar0, 20) == 2, !!(hw & (1u << 8)), "Atomic <-> HWCAP_ATOMICS");
    cr_assert_eq(field(isar0, 16) == 1, !!(hw & (1u << 7)), "CRC32 <-> HWCAP_CRC32");
    cr_assert_eq(field(isar0, 4) >= 1, !!(hw & (1u << 3)), "AES <-> HWCAP_AES");
    cr_assert_eq(field(isar0, 4) >= 2, !!(hw & (1u << 4)), "AES=2 <-> HWCAP_PMULL");
    cr_assert_eq(field(isar0, 8) == 1, !!(hw & (1u << 5)), "SHA1 <-> HWCAP_SHA1");
    cr_assert_eq(field(isar0, 12) >= 1, !!(hw & (1u << 6)), "SHA2 <-> HWCAP_SHA2");
    cr_assert_eq(field(isar0, 12) >= 2, !!(hw & (1u << 21)), "SHA512 <-> HWCAP_SHA512");
    cr_assert_eq(field(isar0, 32) == 1, !!(hw & (1u << 17)), "SHA3 <-> HWCAP_SHA3");
    cr_assert_eq(field(isar0, 28) == 1, !!(hw & (1u << 12)), "RDM <-> HWCAP_ASIMDRDM");
    cr_assert_eq(field(isar0, 44) == 1, !!(hw & (1u << 20)), "DP <-> HWCAP_ASIMDDP");
    cr_assert_eq(field(isar1, 12) == 1, !!(hw & (1u << 13)), "JSCVT <-> HWCAP_JSCVT");
    cr_assert_eq(field(isar1, 16) == 1, !!(hw & (1u << 14)), "FCMA <-> HWCAP_FCMA");
    cr_assert_eq(field(isar1, 32) == 1, !!(hw2 & (1u << 8)), "FRINTTS <-> HWCAP2_FRINT");
    cr_assert_eq(field(isar0, 52) >= 1, !!(hw & (1u << 27)), "TS <-> FLAGM");
    cr_assert_eq(field(isar0, 52) >= 2, !!(hw2 & (1u << 7)), "TS=2 <-> FLAGM2");
    cr_assert_eq(field(isar1, 20) >= 1, !!(hw & (1u << 15)), "LRCPC");
    cr_assert_eq(field(isar1, 20) >= 2, !!(hw & (1u << 26)), "ILRCPC");
    cr_assert_eq(field(isar1, 0) >= 1, !!(hw & (1u << 16)), "DPB <-> DCPOP");
    cr_assert_eq(field(isar1, 0) >= 2, !!(hw2 & (1u << 0)), "DPB=2 <-> DCPODP");
    cr_assert_eq(field(isar1, 4) | field(isar1, 8) | field(isar1, 24) | field(isar1, 28), 0,
                 "no pointer authentication");
    cr_assert_eq(field(isar2, 20) >= 1, !!(hw2 & (1ull << 44)), "BC <-> HBC");
    cr_assert_eq(hw & (1u << 30 | 1ull << 31), 0, "no PACA/PACG");
    cr_assert_eq(hw & (1u << 2), 0, "no EVTSTRM");

    /* Linux's EL0 view of the rest of the ID space (CRm 2..7) reads 0 */
    cr_assert_eq(run_mrs(A64_SYSREG(3, 0, 0, 3, 7)), 0);
    cr_assert_eq(run_mrs(A64_SR_ID_AA64ZFR0), 0);
    cr_assert_eq(run_mrs(A64_SR_MPIDR_EL1), 0x80000000u);
    cr_assert_eq(run_mrs(A64_SR_REVIDR_EL1), 0);
    cr_assert_eq(run_mrs(A64_SR_MIDR_EL1) >> 24, 0x41, "an Arm Ltd MIDR");
}

Test(a64_ldst_br, cache_and_timer_registers)
{
    uint64_t ctr = run_mrs(A64_SR_CTR_EL0);
    cr_assert_eq(ctr >> 31 & 1, 1, "CTR_EL0 bit 31 is RES1");
    cr_assert_eq(ctr >> 28 & 3, 0, "DIC=IDC=0: code changes need IC IVAU");
    cr_assert_eq(4u << (ctr & 0xf), 64, "IminLine: 64 bytes");
    cr_assert_eq(4u << (ctr >> 16 & 0xf), 64, "DminLine: 64 bytes");
    uint64_t dczid = run_mrs(A64_SR_DCZID_EL0);
    cr_assert_eq(dczid & 0x10, 0, "DZP=0: DC ZVA allowed");
    cr_assert_eq(4u << (dczid & 0xf), A64_DCZVA_BYTES);
    cr_assert_eq(run_mrs(A64_SR_CNTFRQ_EL0), A64_CNTFRQ_HZ);

    struct a64_state in, out;
    uint64_t rng = 0x6666;
    a64_state_random(&in, &rng);
    uint32_t code[2] = { mrs(A64_SR_CNTVCT_EL0, 0), mrs(A64_SR_CNTVCTSS_EL0, 1) };
    uint64_t before = a64_read_cntvct();
    cr_assert(a64_oracle_xemu(code, 2, &in, &out));
    uint64_t after = a64_read_cntvct();
    cr_assert(before <= out.x[0] && out.x[0] <= out.x[1] && out.x[1] <= after,
              "counter %llu %llu within [%llu, %llu]", (unsigned long long)out.x[0],
              (unsigned long long)out.x[1], (unsigned long long)before,
              (unsigned long long)after);
}

/* DC ZVA zeroes the naturally aligned 64-byte block (DCZID BS=4) holding
 * the address, whatever its alignment; DC CVAU/CVAC/CIVAC/CVAP/CVADP and
 * IC IVAU change no register or memory. */
Test(a64_ldst_br, dc_zva_and_cache_maintenance)
{
    uint64_t rng = 0x7777;
    for (int i = 0; i < 32; i++) {
        struct a64_state in, out;
        base_state(&in, &rng);
        in.x[0] = BUF + (a64_rand(&rng) & 63);
        uint32_t body[1] = { 0xd50b7420u };     /* DC ZVA, x0 */
        add_case(body, 1, &in);
        cr_assert(a64_oracle_xemu(cases[0].insns, cases[0].n, &in, &out));
        ncases = 0;
        for (int r = 16; r < 24; r++)
            cr_assert_eq(out.x[r], 0, "x%d", r);
    }
    static const uint32_t nops[] = {
        0xd50b7b20u, 0xd50b7a20u, 0xd50b7e20u, 0xd50b7c20u, 0xd50b7d20u,   /* DC CVAU..CVADP */
        0xd50b7520u,                                                        /* IC IVAU */
    };
    for (unsigned i = 0; i < sizeof(nops) / sizeof(nops[0]); i++) {
        struct a64_state in, out;
        base_state(&in, &rng);
        in.x[0] = BUF + (a64_rand(&rng) & 63);
        add_case(&nops[i], 1, &in);
        struct a64_state want = in;
        cr_assert(a64_oracle_xemu(cases[0].insns, cases[0].n, &in, &out), "%08x", nops[i]);
        ncases = 0;
        want.pc = out.pc;
        cr_assert_eq(a64_state_diff(&want, &out, NULL, 0), 0, "%08x changed state", nops[i]);
    }
}

/* SVC and BRK through the frontend alone: the exits the loop sees. */
Test(a64_ldst_br, svc_and_brk_exits)
{
    static uint32_t code[2] = { 0xd4000001u, 0xd4212340u };  /* SVC #0; BRK #0x091a */
    struct ir_block b;
    struct a64_cpu cpu;
    memset(&cpu, 0, sizeof(cpu));
    ir_block_init(&b, 0);
    uint64_t pc = (uint64_t)(uintptr_t)&code[0];

    cr_assert(a64_frontend.translate_block(&b, pc, 8));
    cr_assert_eq(b.guest_insns, 1, "SVC ends the block");
    cr_assert_eq(ir_interp(&b, &cpu), XLAT_EXIT_SYSCALL);
    cr_assert_eq(cpu.hdr.pc, pc + 4, "syscall returns after the SVC");

    cr_assert(a64_frontend.translate_block(&b, pc + 4, 8));
    cr_assert_eq(ir_interp(&b, &cpu), XLAT_EXIT_BRK);
    cr_assert_eq(cpu.hdr.pc, pc + 4, "BRK reports its own pc");
    cr_assert_eq(cpu.hdr.exit_info, 0x091a);
    ir_block_free(&b);
}

/* ---- decoder agreement ------------------------------------------------------ */

static bool xemu_accepts(uint32_t w)
{
    struct ir_block b;
    ir_block_init(&b, 0x100000);
    DisasContext s = { .b = &b, .pc = 0x100000, .insn = w };
    bool ok = decode_ldst_br(&s, w);
    ir_block_free(&b);
    return ok;
}

/* Classes newer than Armv8.0 that capstone 4 does not decode. */
static bool newer_than_capstone(uint32_t w)
{
    if ((w & 0x3f200c00u) == 0x38200000u)           /* LSE atomics, LDAPR */
        return true;
    if ((w & 0x3f200000u) == 0x08200000u && ((w >> 23 & 1) || !(w >> 31)))
        return true;                                /* CAS, CASP */
    if ((w & 0x3f800000u) == 0x08800000u && !(w >> 15 & 1))
        return true;                                /* LDLAR/STLLR (FEAT_LOR) */
    if ((w & 0x3f200c00u) == 0x19000000u)           /* LDAPUR/STLUR */
        return true;
    if ((w & 0xff000010u) == 0x54000010u)           /* BC.cond */
        return true;
    if ((w & 0xfff8f01fu) == 0xd500401fu)           /* MSR (immediate), incl. CFINV/AXFLAG */
        return true;
    return false;
}

/* capstone decodes these, but EL0 Linux makes them SIGILL (privileged or
 * not advertised) unless the register/operation is one xemu supports. */
static bool el0_may_reject(const char *mn)
{
    static const char *const list[] = {
        "mrs", "msr", "sys", "sysl", "dc", "ic", "at", "tlbi", "hvc", "smc", "hlt",
        "dcps1", "dcps2", "dcps3", "eret", "drps",
    };
    for (unsigned i = 0; i < sizeof(list) / sizeof(list[0]); i++)
        if (!strcmp(mn, list[i]))
            return true;
    return false;
}

/* Register overlaps capstone (LLVM) refuses to decode: the CONSTRAINED
 * UNPREDICTABLE ones, which xemu executes the way qemu-aarch64 does (the
 * semantic tests above check that), and LDTR/STTR with Rn == Rt, which
 * has no write-back and is perfectly defined (an LLVM quirk: it checks
 * the unprivileged forms like the write-back ones). */
static bool capstone_refuses_overlap(uint32_t w)
{
    unsigned rt = w & 31, rn = (w >> 5) & 31, rt2 = (w >> 10) & 31, rs = (w >> 16) & 31;
    if ((w & 0x3a000000u) == 0x28000000u) {         /* LDP/STP family */
        bool wb = (w >> 23 & 3) == 1 || (w >> 23 & 3) == 3, l = w >> 22 & 1;
        return (wb && rn != 31 && (rn == rt || rn == rt2)) || (l && rt == rt2);
    }
    if ((w & 0x3b200000u) == 0x38000000u && (w >> 10 & 3) != 0)
        return rn != 31 && rn == rt;                /* pre/post-index, LDTR/STTR */
    if ((w & 0x3f000000u) == 0x08000000u) {         /* exclusives */
        bool l = w >> 22 & 1, pair = w >> 21 & 1;
        if (l)
            return pair && rt == rt2;
        return rs == rt || (rs == rn && rn != 31) || (pair && rs == rt2);
    }
    return false;
}

static void capstone_agreement(uint32_t mask, uint32_t value, int n, uint64_t seed)
{
    csh h;
    cr_assert_eq(cs_open(CS_ARCH_ARM64, CS_MODE_LITTLE_ENDIAN, &h), CS_ERR_OK);
    uint64_t rng = seed;
    int checked = 0, bad = 0;
    for (int i = 0; i < n; i++) {
        uint32_t w = ((uint32_t)a64_rand(&rng) & ~mask) | value;
        if (newer_than_capstone(w))
            continue;
        cs_insn *insn;
        size_t got = cs_disasm(h, (const uint8_t *)&w, 4, 0x100000, 1, &insn);
        bool xe = xemu_accepts(w);
        bool ok = got ? (xe || el0_may_reject(insn->mnemonic))
                      : (!xe || capstone_refuses_overlap(w));
        if (!ok && bad++ < 10)
            fprintf(stderr, "decode disagreement %08x: capstone %s %s, xemu %s\n", w,
                    got ? insn->mnemonic : "(undefined)", got ? insn->op_str : "",
                    xe ? "accepts" : "rejects");
        if (got)
            cs_free(insn, got);
        checked++;
    }
    cs_close(&h);
    cr_assert_eq(bad, 0, "%d of %d words disagree with capstone", bad, checked);
}

Test(a64_ldst_br, decode_loads_stores_agree_with_capstone)
{
    /* op0 = x1x0 with V (bit 26) = 0: loads and stores of general registers */
    capstone_agreement(0x0e000000u, 0x08000000u, 200000, 0x1234);
}

Test(a64_ldst_br, decode_branches_system_agree_with_capstone)
{
    /* op0 = 101x: branches, exception generation, system */
    capstone_agreement(0x1c000000u, 0x14000000u, 200000, 0x5678);
}

/* For the classes capstone 4 lacks: random words, every register pointing
 * into the window, under qemu; SIGILL there <=> xemu's decoder rejects. */
static void qemu_agreement(uint32_t mask, uint32_t value, int n, uint64_t seed, const char *what)
{
    uint64_t rng = seed;
    static uint32_t words[MAXCASES];
    int total_bad = 0;
    for (int done = 0; done < n;) {
        ncases = 0;
        while (ncases < MAXCASES && done < n) {
            uint32_t w = ((uint32_t)a64_rand(&rng) & ~mask) | value;
            done++;
            words[ncases] = w;
            struct a64_state s;
            base_state(&s, &rng);
            for (int r = 0; r < 31; r++)
                if (r != WBASE)
                    s.x[r] = MID;
            cases[ncases].insns = &words[ncases];
            cases[ncases].n = 1;
            cases[ncases].in = s;
            ncases++;
        }
        cr_assert(a64_oracle_qemu_batch(cases, ncases), "qemu oracle did not run");
        for (int i = 0; i < ncases; i++) {
            bool qemu_ok = cases[i].sig != SIGILL;
            if (qemu_ok != xemu_accepts(words[i]) && total_bad++ < 10)
                fprintf(stderr, "%s: %08x qemu sig %d, xemu %s\n", what, words[i], cases[i].sig,
                        xemu_accepts(words[i]) ? "accepts" : "rejects");
        }
    }
    ncases = 0;
    cr_assert_eq(total_bad, 0, "%s: %d words disagree with qemu", what, total_bad);
}

Test(a64_ldst_br, decode_lse_agrees_with_qemu)
{
    qemu_agreement(0x3f200c00u, 0x38200000u, 3000, 0x9abc,
                   "LSE atomics/LDAPR");
}

Test(a64_ldst_br, decode_cas_agrees_with_qemu)
{
    qemu_agreement(0x3f200000u, 0x08200000u, 3000, 0xdef0, "exclusives/CAS/CASP");
}

Test(a64_ldst_br, decode_rcpc2_agrees_with_qemu)
{
    qemu_agreement(0x3f200c00u, 0x19000000u, 2000, 0x1357, "LDAPUR/STLUR");
}

/* Every instruction of this part, assembled by binutils 2.40
 * (aarch64-linux-gnu-as -march=armv8.8-a+sve; it spells clrbhb "hint #22"
 * and id_aa64zfr0_el1 "s3_0_c0_c4_4"): the decoder takes each. */
Test(a64_ldst_br, decode_every_instruction_form)
{
    static const struct { uint32_t w; const char *text; } forms[] = {
        { 0x14000010, "b .+64" }, { 0x97fffff0, "bl .-64" }, { 0x54000080, "b.eq .+16" },
        { 0x5400009d, "bc.le .+16" }, { 0xb4000083, "cbz x3, .+16" },
        { 0x35000083, "cbnz w3, .+16" }, { 0xb7f80083, "tbnz x3, #63, .+16" },
        { 0x36080083, "tbz w3, #1, .+16" }, { 0xd61f0060, "br x3" }, { 0xd63f0060, "blr x3" },
        { 0xd65f03c0, "ret" }, { 0xd4000001, "svc #0" }, { 0xd4200020, "brk #1" },
        { 0xd503201f, "nop" }, { 0xd503203f, "yield" }, { 0xd503205f, "wfe" },
        { 0xd503207f, "wfi" }, { 0xd503209f, "sev" }, { 0xd50320bf, "sevl" },
        { 0xd503233f, "paciasp" }, { 0xd50323bf, "autiasp" }, { 0xd503237f, "pacibsp" },
        { 0xd50323ff, "autibsp" }, { 0xd503231f, "paciaz" }, { 0xd503239f, "autiaz" },
        { 0xd50320ff, "xpaclri" }, { 0xd503245f, "bti c" }, { 0xd503221f, "esb" },
        { 0xd503223f, "psb csync" }, { 0xd503225f, "tsb csync" }, { 0xd503229f, "csdb" },
        { 0xd50320df, "dgh" }, { 0xd50322df, "clrbhb" }, { 0xd5033f5f, "clrex" },
        { 0xd5033bbf, "dmb ish" }, { 0xd50339bf, "dmb ishld" }, { 0xd5033a9f, "dsb ishst" },
        { 0xd5033fdf, "isb" }, { 0xd50330ff, "sb" }, { 0xd500401f, "cfinv" },
        { 0xd500403f, "xaflag" }, { 0xd500405f, "axflag" },
        { 0xd53bd040, "mrs x0, tpidr_el0" }, { 0xd51bd040, "msr tpidr_el0, x0" },
        { 0xd53bd060, "mrs x0, tpidrro_el0" }, { 0xd53b4200, "mrs x0, nzcv" },
        { 0xd51b4200, "msr nzcv, x0" }, { 0xd53b4400, "mrs x0, fpcr" },
        { 0xd51b4420, "msr fpsr, x0" }, { 0xd53b00e0, "mrs x0, dczid_el0" },
        { 0xd53b0020, "mrs x0, ctr_el0" }, { 0xd53be040, "mrs x0, cntvct_el0" },
        { 0xd53be0c0, "mrs x0, cntvctss_el0" }, { 0xd53be000, "mrs x0, cntfrq_el0" },
        { 0xd5380000, "mrs x0, midr_el1" }, { 0xd53800a0, "mrs x0, mpidr_el1" },
        { 0xd53800c0, "mrs x0, revidr_el1" }, { 0xd5380400, "mrs x0, id_aa64pfr0_el1" },
        { 0xd5380420, "mrs x0, id_aa64pfr1_el1" }, { 0xd5380480, "mrs x0, id_aa64zfr0_el1" },
        { 0xd5380500, "mrs x0, id_aa64dfr0_el1" }, { 0xd5380520, "mrs x0, id_aa64dfr1_el1" },
        { 0xd5380600, "mrs x0, id_aa64isar0_el1" }, { 0xd5380620, "mrs x0, id_aa64isar1_el1" },
        { 0xd5380640, "mrs x0, id_aa64isar2_el1" }, { 0xd5380700, "mrs x0, id_aa64mmfr0_el1" },
        { 0xd5380720, "mrs x0, id_aa64mmfr1_el1" }, { 0xd5380740, "mrs x0, id_aa64mmfr2_el1" },
        { 0xd50b7420, "dc zva, x0" }, { 0xd50b7b20, "dc cvau, x0" },
        { 0xd50b7a20, "dc cvac, x0" }, { 0xd50b7e20, "dc civac, x0" },
        { 0xd50b7c20, "dc cvap, x0" }, { 0xd50b7d20, "dc cvadp, x0" },
        { 0xd50b7520, "ic ivau, x0" },
        { 0xf9400820, "ldr x0, [x1, #16]" }, { 0xb9001020, "str w0, [x1, #16]" },
        { 0x39400420, "ldrb w0, [x1, #1]" }, { 0x39000420, "strb w0, [x1, #1]" },
        { 0x79400420, "ldrh w0, [x1, #2]" }, { 0x79000420, "strh w0, [x1, #2]" },
        { 0x39800420, "ldrsb x0, [x1, #1]" }, { 0x39c00420, "ldrsb w0, [x1, #1]" },
        { 0x79800420, "ldrsh x0, [x1, #2]" }, { 0x79c00420, "ldrsh w0, [x1, #2]" },
        { 0xb9800420, "ldrsw x0, [x1, #4]" }, { 0xf85f0020, "ldur x0, [x1, #-16]" },
        { 0xb81f0020, "stur w0, [x1, #-16]" }, { 0xf8410420, "ldr x0, [x1], #16" },
        { 0xf81f0c20, "str x0, [x1, #-16]!" }, { 0x38c10c20, "ldrsb w0, [x1, #16]!" },
        { 0xf8410820, "ldtr x0, [x1, #16]" }, { 0x38010820, "sttrb w0, [x1, #16]" },
        { 0xb8810820, "ldtrsw x0, [x1, #16]" }, { 0xf8627820, "ldr x0, [x1, x2, lsl #3]" },
        { 0xb8225820, "str w0, [x1, w2, uxtw #2]" }, { 0x38e2c820, "ldrsb w0, [x1, w2, sxtw]" },
        { 0x78a2f820, "ldrsh x0, [x1, x2, sxtx #1]" }, { 0x58000080, "ldr x0, .+16" },
        { 0x18000080, "ldr w0, .+16" }, { 0x98000080, "ldrsw x0, .+16" },
        { 0xd8000080, "prfm pldl1keep, .+16" }, { 0xf9800020, "prfm pldl1keep, [x1]" },
        { 0xf8800020, "prfum pldl1keep, [x1]" }, { 0xf8a26820, "prfm pldl1keep, [x1, x2]" },
        { 0xa9410820, "ldp x0, x2, [x1, #16]" }, { 0x29010820, "stp w0, w2, [x1, #8]" },
        { 0x69410820, "ldpsw x0, x2, [x1, #8]" }, { 0xa8c10820, "ldp x0, x2, [x1], #16" },
        { 0xa9bf0820, "stp x0, x2, [x1, #-16]!" }, { 0xa8410820, "ldnp x0, x2, [x1, #16]" },
        { 0x28010820, "stnp w0, w2, [x1, #8]" }, { 0x69c10820, "ldpsw x0, x2, [x1, #8]!" },
        { 0xc85f7c20, "ldxr x0, [x1]" }, { 0x885ffc20, "ldaxr w0, [x1]" },
        { 0x085f7c20, "ldxrb w0, [x1]" }, { 0x485ffc20, "ldaxrh w0, [x1]" },
        { 0xc8027c20, "stxr w2, x0, [x1]" }, { 0x8802fc20, "stlxr w2, w0, [x1]" },
        { 0x08027c20, "stxrb w2, w0, [x1]" }, { 0x4802fc20, "stlxrh w2, w0, [x1]" },
        { 0xc87f0c20, "ldxp x0, x3, [x1]" }, { 0x887f8c20, "ldaxp w0, w3, [x1]" },
        { 0xc8220c20, "stxp w2, x0, x3, [x1]" }, { 0x88228c20, "stlxp w2, w0, w3, [x1]" },
        { 0xc8dffc20, "ldar x0, [x1]" }, { 0x089ffc20, "stlrb w0, [x1]" },
        { 0x48dffc20, "ldarh w0, [x1]" }, { 0x889ffc20, "stlr w0, [x1]" },
        { 0xc8df7c20, "ldlar x0, [x1]" }, { 0x889f7c20, "stllr w0, [x1]" },
        { 0xf8bfc020, "ldapr x0, [x1]" }, { 0x38bfc020, "ldaprb w0, [x1]" },
        { 0xd9401020, "ldapur x0, [x1, #1]" }, { 0x19001020, "stlurb w0, [x1, #1]" },
        { 0x99801020, "ldapursw x0, [x1, #1]" }, { 0x59c01020, "ldapursh w0, [x1, #1]" },
        { 0xc8a27c20, "cas x2, x0, [x1]" }, { 0x88e27c20, "casa w2, w0, [x1]" },
        { 0x08a2fc20, "caslb w2, w0, [x1]" }, { 0x48e2fc20, "casalh w2, w0, [x1]" },
        { 0x48227c20, "casp x2, x3, x0, x1, [x1]" }, { 0x0862fc20, "caspal w2, w3, w0, w1, [x1]" },
        { 0xf8220020, "ldadd x2, x0, [x1]" }, { 0xb8a21020, "ldclra w2, w0, [x1]" },
        { 0x38622020, "ldeorlb w2, w0, [x1]" }, { 0x78e23020, "ldsetalh w2, w0, [x1]" },
        { 0xf8224020, "ldsmax x2, x0, [x1]" }, { 0xb8225020, "ldsmin w2, w0, [x1]" },
        { 0xf8226020, "ldumax x2, x0, [x1]" }, { 0xf822703f, "stumin x2, [x1]" },
        { 0xf8228020, "swp x2, x0, [x1]" }, { 0x38e28020, "swpalb w2, w0, [x1]" },
    };
    for (unsigned i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
        cr_expect(xemu_accepts(forms[i].w), "%08x (%s) rejected", forms[i].w, forms[i].text);
}

/* Two 128-bit exclusive loads in one block: each must see its own second
 * doubleword (it travels through env's excl_val_hi). */
Test(a64_ldst_br, two_ldxp_in_one_block)
{
    uint64_t rng = 0x8888;
    for (int i = 0; i < 16; i++) {
        struct a64_state s;
        base_state(&s, &rng);
        s.x[0] = BUF;
        s.x[1] = BUF + 16 * (1 + (a64_rand(&rng) % 3));
        uint32_t body[2] = {
            1u << 31 | ldstx(1, 0, 1, 1, 31, 0, 6, 0, 4),   /* ldxp x4, x6, [x0] */
            1u << 31 | ldstx(1, 0, 1, 1, 31, 1, 7, 1, 5),   /* ldaxp x5, x7, [x1] */
        };
        add_case(body, 2, &s);
    }
    check_batch("LDXP twice in a block");
}

/* CONSTRAINED UNPREDICTABLE register overlaps of the exclusives (status
 * register = data or base register, LDXP with Rt == Rt2): xemu reads every
 * source before writing the status and lets Rt win, as qemu does. */
Test(a64_ldst_br, exclusive_register_overlaps)
{
    uint64_t rng = 0x9999;
    for (int i = 0; i < 200; i++) {
        struct a64_state s;
        base_state(&s, &rng);
        unsigned size = 2 + (a64_rand(&rng) & 1), rn = a64_rand(&rng) % 4;
        unsigned rt = 4 + a64_rand(&rng) % 4, rv = 8 + a64_rand(&rng) % 4;
        unsigned rs = (i & 1) ? rv : rn, sz = size - 2;
        set_reg(&s, rn, pick_addr(&rng, 16, true));
        uint32_t body[3];
        body[0] = CLREX;
        if (i % 4 < 2) {
            body[1] = ldstx(size, 0, 1, 0, 31, 0, 31, rn, rt);
            body[2] = ldstx(size, 0, 0, 0, rs, 0, 31, rn, rv);
        } else {
            body[1] = 1u << 31 | ldstx(sz, 0, 1, 1, 31, 0, rt, rn, rt);    /* LDXP Rt == Rt2 */
            body[2] = 1u << 31 | ldstx(sz, 0, 0, 1, rs, 0, rv, rn, rv);
        }
        add_case(body, 3, &s);
    }
    check_batch("exclusives with overlapping registers");
}

/* ---- IR shape of the memory-model and block-ending decisions ------------- */

/* Translates code (a static array, so its address is a valid guest pc)
 * and returns how many IR ops of `op` the block has; *aux gets the last
 * one's aux. */
static int count_ops(const uint32_t *code, unsigned n, enum ir_op op, uint32_t *aux,
                     unsigned *insns)
{
    struct ir_block b;
    ir_block_init(&b, 0);
    cr_assert(a64_frontend.translate_block(&b, (uint64_t)(uintptr_t)code, n));
    int k = 0;
    for (uint32_t i = 0; i < b.n; i++)
        if (b.insn[i].op == op) {
            k++;
            if (aux)
                *aux = b.insn[i].aux;
        }
    if (insns)
        *insns = b.guest_insns;
    ir_block_free(&b);
    return k;
}

Test(a64_ldst_br, barriers_in_ir)
{
    static const uint32_t dmb_ishld[] = { 0xd50339bfu, 0xd503201fu };
    static const uint32_t dmb_ishst[] = { 0xd5033abfu, 0xd503201fu };
    static const uint32_t dmb_ish[] = { 0xd5033bbfu, 0xd503201fu };
    static const uint32_t stlr[] = { 0xc89ffc20u, 0xd503201fu };        /* stlr x0, [x1] */
    static const uint32_t ldar_ldapr[] = { 0xc8dffc20u, 0xf8bfc020u };  /* ldar; ldapr */
    uint32_t aux = 0;
    cr_assert_eq(count_ops(dmb_ishld, 2, IR_barrier, &aux, NULL), 1);
    cr_assert_eq(aux, IR_BAR_LOAD);
    cr_assert_eq(count_ops(dmb_ishst, 2, IR_barrier, &aux, NULL), 1);
    cr_assert_eq(aux, IR_BAR_STORE);
    cr_assert_eq(count_ops(dmb_ish, 2, IR_barrier, &aux, NULL), 1);
    cr_assert_eq(aux, IR_BAR_FULL);
    /* store-release then a full fence: TSO lets a later LDAR pass a store */
    cr_assert_eq(count_ops(stlr, 2, IR_barrier, &aux, NULL), 1);
    cr_assert_eq(aux, IR_BAR_FULL);
    cr_assert_eq(count_ops(stlr, 2, IR_st, &aux, NULL), 1);
    cr_assert_eq(aux, 3 | IR_MO_REL);
    /* acquire loads need no fence on TSO */
    cr_assert_eq(count_ops(ldar_ldapr, 2, IR_barrier, NULL, NULL), 0);
    cr_assert_eq(count_ops(ldar_ldapr, 2, IR_ld, &aux, NULL), 2);
    cr_assert_eq(aux, 3 | IR_MO_ACQ);
}

/* ISB and IC IVAU end the block, so code written and invalidated before
 * them is translated afresh; a plain DC CVAU does not. */
Test(a64_ldst_br, isb_and_ic_ivau_end_the_block)
{
    static const uint32_t isb[] = { 0xd5033fdfu, 0xd503201fu, 0xd503201fu };
    static const uint32_t ic[] = { 0xd50b7520u, 0xd503201fu, 0xd503201fu };
    static const uint32_t dc[] = { 0xd50b7b20u, 0xd503201fu, 0xd503201fu };
    unsigned insns;
    cr_assert_eq(count_ops(isb, 3, IR_goto_tb, NULL, &insns), 1);
    cr_assert_eq(insns, 1);
    cr_assert_eq(count_ops(ic, 3, IR_call, NULL, &insns), 1);
    cr_assert_eq(insns, 1);
    count_ops(dc, 3, IR_nop, NULL, &insns);
    cr_assert_eq(insns, 3);
}
