/*
 * Instruction-sequence generators of the differential tester: one per
 * instruction class (see gen.h for the conventions every sequence keeps).
 * Data-processing classes draw words from encoding templates (fixed bits
 * + random fields) and keep those capstone decodes; memory and branch
 * classes build their encodings field by field so every address lands in
 * the test buffer and every branch target inside the sequence.
 */
#include "tests/difftest/gen.h"
#include "xlat/aarch64/sysregs.h"

#include <capstone/capstone.h>
#include <stdio.h>
#include <string.h>

/* ---- capstone --------------------------------------------------------- */

static csh cs_handle(void)
{
    static csh h;
    static bool open;
    if (!open) {
        if (cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &h) != CS_ERR_OK)
            return 0;
        open = true;
    }
    return h;
}

static bool cs_text(uint32_t w, uint64_t pc, char *mn, unsigned mlen, char *ops, unsigned olen)
{
    cs_insn *ci = NULL;
    size_t k = cs_disasm(cs_handle(), (const uint8_t *)&w, 4, pc, 1, &ci);
    if (!k)
        return false;
    if (mn)
        snprintf(mn, mlen, "%s", ci->mnemonic);
    if (ops)
        snprintf(ops, olen, "%s", ci->op_str);
    cs_free(ci, k);
    return true;
}

bool dt_valid(uint32_t w)
{
    return cs_text(w, A64W_DEFAULT_PC, NULL, 0, NULL, 0);
}

void dt_disas(uint32_t w, uint64_t pc, char *buf, unsigned len)
{
    char mn[32], ops[160];
    if (cs_text(w, pc, mn, sizeof(mn), ops, sizeof(ops)))
        snprintf(buf, len, "%s %s", mn, ops);
    else
        snprintf(buf, len, "(undecodable)");
}

/* ---- helpers ---------------------------------------------------------- */

static unsigned rn(uint64_t *rng, unsigned k)
{
    return (unsigned)(a64_rand(rng) % k);
}

static void emit(struct dt_seq *q, uint32_t w)
{
    if (q->n < DT_MAX_INSNS - 1)    /* room for the epilogue */
        q->insn[q->n++] = w;
}

static bool room(const struct dt_seq *q, int k)
{
    return q->n + k < DT_MAX_INSNS - 1;
}

struct tmpl {
    uint32_t mask, value;
};

/* Words qemu 7.2 gets wrong or aborts on (docs/ISA-TESTING.md), kept out
 * of every class: scalar FCVTZS (fixed point) at half precision, whose
 * result qemu sign-extends into bits 31:16, and the unallocated scalar
 * FABS/FSQRT H and vector FRECPX .H, on which its decoder aborts.
 * tests/test_a64_fpsimd.c checks xemu on them against the Arm ARM. */
static bool qemu_mishandles(uint32_t w)
{
    uint32_t k = w & 0xfffffc00;
    return (w & 0xfff0fc00) == 0x5f10fc00 || k == 0x5ef8f800 || k == 0x7ef9f800 ||
           (w & 0xbffffc00) == 0x0ef9f800;
}

/* A random word matching one of the templates, with the destination field
 * (bits 4:0) kept off x28 (gpr) or v28-v31 (vec), that capstone decodes
 * and `accept` (may be NULL) takes.  0 if none found. */
static uint32_t from_templates(const struct tmpl *t, int nt, bool vec, uint64_t *rng,
                               bool (*accept)(const char *mnemonic))
{
    /* capstone 4 predates Armv8.1: one draw in 32 takes a word it does
     * not know, and qemu judges it (both sides must then agree) */
    bool unknown_ok = rn(rng, 32) == 0;
    for (int tries = 0; tries < 2000; tries++) {
        const struct tmpl *p = &t[rn(rng, (unsigned)nt)];
        uint32_t w = ((uint32_t)a64_rand(rng) & ~p->mask) | p->value;
        unsigned rd = w & 31;
        if (vec ? rd >= 28 : rd == 28)
            w = (w & ~31u) | rn(rng, 28);
        if (qemu_mishandles(w))
            continue;
        char mn[32];
        if (!cs_text(w, A64W_DEFAULT_PC, mn, sizeof(mn), NULL, 0)) {
            if (unknown_ok)
                return w;
            continue;
        }
        if (accept && !accept(mn))
            continue;
        return w;
    }
    return 0xd503201f;  /* NOP */
}

#define NT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- integer data processing -------------------------------------------- */

static const struct tmpl int_t[] = {
    { 0x1c000000, 0x10000000 },     /* data processing, immediate (op0 100x) */
    { 0x0e000000, 0x0a000000 },     /* data processing, register (op0 x101) */
    { 0x1f200000, 0x0b000000 },     /* ADD/SUB (shifted register) */
    { 0x1f200000, 0x0b200000 },     /* ADD/SUB (extended register) */
    { 0x1f000000, 0x1b000000 },     /* 3-source: MADD, SMULH, UMADDL... */
    { 0x5fe00000, 0x1ac00000 },     /* 2-source: UDIV, shifts... */
    { 0x5fe00000, 0x5ac00000 },     /* 1-source: RBIT, REV, CLZ... */
    { 0x1f800000, 0x13000000 },     /* bitfield */
    { 0x1f800000, 0x13800000 },     /* EXTR */
    { 0x1f800000, 0x12000000 },     /* logical immediate */
    { 0x1f800000, 0x12800000 },     /* move wide */
};

static uint32_t gen_int_insn(uint64_t *rng)
{
    return from_templates(int_t, NT(int_t), false, rng, NULL);
}

static void gen_int(struct dt_seq *q, uint64_t *rng)
{
    int len = 3 + (int)rn(rng, 14);
    for (int i = 0; i < len; i++)
        emit(q, gen_int_insn(rng));
}

/* ---- flags and conditional operations ---------------------------------- */

static const struct tmpl cond_t[] = {
    { 0x3fe00800, 0x1a800000 },     /* CSEL, CSINC, CSINV, CSNEG */
    { 0x3fe00410, 0x3a400000 },     /* CCMN, CCMP (register and immediate) */
    { 0x1fe0fc00, 0x1a000000 },     /* ADC(S), SBC(S) */
    { 0x3f200000, 0x2b000000 },     /* ADDS/SUBS (shifted register) */
    { 0x3f800000, 0x31000000 },     /* ADDS/SUBS (immediate) */
    { 0x7f200000, 0x6a000000 },     /* ANDS, BICS */
    { 0xffffffe0, 0xd53b4200 },     /* MRS Xt, NZCV */
    { 0xffffffe0, 0xd51b4200 },     /* MSR NZCV, Xt */
    { 0xffffffff, 0xd500401f },     /* CFINV */
    { 0xffffffff, 0xd500403f },     /* XAFLAG */
    { 0xffffffff, 0xd500405f },     /* AXFLAG */
    { 0xffe07c10, 0xba000400 },     /* RMIF */
    { 0xffffbc1f, 0x3a00080d },     /* SETF8, SETF16 */
};

static uint32_t gen_cond_insn(uint64_t *rng)
{
    return from_templates(cond_t, NT(cond_t), false, rng, NULL);
}

static void gen_cond(struct dt_seq *q, uint64_t *rng)
{
    int len = 3 + (int)rn(rng, 14);
    for (int i = 0; i < len; i++)
        emit(q, rn(rng, 4) ? gen_cond_insn(rng) : gen_int_insn(rng));
}

/* ---- branches within the sequence ------------------------------------- */

enum { BR_B, BR_BL, BR_BCOND, BR_CB, BR_TB, BR_REG, BR_NKINDS };

static void gen_branch(struct dt_seq *q, uint64_t *rng)
{
    struct { int at, skip, kind; } br[DT_MAX_INSNS];
    int nbr = 0;
    int len = 4 + (int)rn(rng, 14);
    for (int i = 0; i < len && room(q, 2); i++) {
        unsigned k = rn(rng, 3);
        if (k == 0) {
            emit(q, rn(rng, 2) ? gen_cond_insn(rng) : gen_int_insn(rng));
            continue;
        }
        int kind = (int)rn(rng, BR_NKINDS);
        br[nbr].skip = 1 + (int)rn(rng, 4);
        br[nbr].kind = kind;
        unsigned r = rn(rng, 31);
        if (r == 28)
            r = 27;
        switch (kind) {
        case BR_B:     br[nbr].at = q->n; emit(q, 0x14000000); break;
        case BR_BL:    br[nbr].at = q->n; emit(q, 0x94000000); break;
        case BR_BCOND: br[nbr].at = q->n; emit(q, 0x54000000 | rn(rng, 16)); break;
        case BR_CB:
            br[nbr].at = q->n;
            emit(q, 0x34000000 | rn(rng, 2) << 31 | rn(rng, 2) << 24 | (rn(rng, 4) ? r : 31));
            break;
        case BR_TB:
            br[nbr].at = q->n;
            emit(q, 0x36000000 | rn(rng, 2) << 31 | rn(rng, 2) << 24 | rn(rng, 32) << 19 | r);
            break;
        case BR_REG: {
            /* ADR xr, target; BR/BLR/RET xr */
            static const uint32_t op[] = { 0xd61f0000, 0xd63f0000, 0xd65f0000 };
            br[nbr].at = q->n;
            emit(q, 0x10000000 | (r == 31 ? 27 : r));
            emit(q, op[rn(rng, 3)] | (r == 31 ? 27 : r) << 5);
            break;
        }
        }
        nbr++;
    }
    int end = q->n;     /* the epilogue */
    bool no_target[DT_MAX_INSNS] = { false };
    for (int i = 0; i < nbr; i++)
        if (br[i].kind == BR_REG)
            no_target[br[i].at + 1] = true;     /* BR without its ADR: a wild jump */
    for (int i = 0; i < nbr; i++) {
        int at = br[i].at;
        int from = at + (br[i].kind == BR_REG ? 2 : 1);
        int target = from + br[i].skip;
        if (target > end)
            target = end;
        if (no_target[target])
            target++;
        int32_t off = target - at;       /* in words, from the (first) insn */
        uint32_t *w = &q->insn[at];
        switch (br[i].kind) {
        case BR_B: case BR_BL: *w |= (uint32_t)off & 0x3ffffff; break;
        case BR_BCOND: case BR_CB: *w |= ((uint32_t)off & 0x7ffff) << 5; break;
        case BR_TB: *w |= ((uint32_t)off & 0x3fff) << 5; break;
        case BR_REG: {
            uint32_t bytes = (uint32_t)off * 4;
            *w |= (bytes & 3) << 29 | ((bytes >> 2) & 0x7ffff) << 5;
            break;
        }
        }
    }
}

/* ---- loads and stores (general registers) ------------------------------ */

static unsigned pick_reg(uint64_t *rng, unsigned avoid1, unsigned avoid2)
{
    for (;;) {
        unsigned r = rn(rng, 28);
        if (r != avoid1 && r != avoid2)
            return r;
    }
}

/* ADD xb, x28, #off */
static void set_base(struct dt_seq *q, unsigned b, unsigned off)
{
    emit(q, 0x91000000 | off << 10 | 28u << 5 | b);
}

/* MOVZ/MOVN xr (or wr) so that the register holds v (-65536 < v < 65536),
 * with garbage in bits 63:32 when `junk` (for the W-extending modes). */
static void set_index(struct dt_seq *q, unsigned r, int v, bool w32, bool junk, uint64_t *rng)
{
    uint32_t sf = w32 ? 0 : 1u << 31;
    if (v >= 0)
        emit(q, 0x52800000 | sf | (uint32_t)v << 5 | r);
    else
        emit(q, 0x12800000 | sf | (uint32_t)(-v - 1) << 5 | r);
    if (junk)
        emit(q, 0xf2c00000 | rn(rng, 65536) << 5 | r);     /* MOVK xr, #j, LSL #32 */
}

/* Set while generating the access between an LDXR and its STXR: no
 * exclusive there, since a store-exclusive after a load-exclusive of
 * another size or address is CONSTRAINED UNPREDICTABLE. */
static bool no_exclusive;
/* The last load-exclusive of the sequence (size -1: none yet). */
static struct { int size; unsigned pair, off; } last_excl = { -1, 0, 0 };

static void gen_ldst_one(struct dt_seq *q, uint64_t *rng)
{
    unsigned b = rn(rng, 28);
    unsigned kind = rn(rng, 8);
    /* SP as the base, as in real code: set_base offsets 0 and 32 keep it
     * 16-byte aligned (Linux enables SP alignment checking) */
    if (kind <= 5 && rn(rng, 8) == 0)
        b = 31;
    if (kind <= 1) {                        /* LDR/STR (unsigned offset), GPR or FP */
        for (;;) {
            unsigned size = rn(rng, 4), v = rn(rng, 4) == 0, opc = rn(rng, 4);
            unsigned bytes = v && size == 0 && (opc & 2) ? 16 : 1u << size;
            unsigned t = v ? rn(rng, 28) : pick_reg(rng, 28, 28);
            if (!v && rn(rng, 8) == 0)
                t = 31;
            uint32_t w = size << 30 | 0x39000000 | v << 26 | opc << 22 |
                         rn(rng, DT_BUF_SIZE / bytes) << 10 | b << 5 | t;
            if (!dt_valid(w))
                continue;
            set_base(q, b, 0);
            emit(q, w);
            return;
        }
    }
    if (kind <= 3) {                        /* unscaled, pre/post-index, unprivileged */
        for (;;) {
            unsigned size = rn(rng, 4), v = rn(rng, 4) == 0, opc = rn(rng, 4);
            unsigned bytes = v && size == 0 && (opc & 2) ? 16 : 1u << size;
            unsigned mode = rn(rng, 4);             /* 00 unscaled 01 post 10 unpriv 11 pre */
            int lo = -32, hi = 32 - (int)bytes;
            int imm = mode == 1 ? (int)rn(rng, 64) - 32 : lo + (int)rn(rng, (unsigned)(hi - lo + 1));
            unsigned t = v ? rn(rng, 28) : pick_reg(rng, mode & 1 ? b : 28, 28);
            uint32_t w = size << 30 | 0x38000000 | v << 26 | opc << 22 |
                         ((uint32_t)imm & 0x1ff) << 12 | mode << 10 | b << 5 | t;
            if (!dt_valid(w))
                continue;
            set_base(q, b, 32);
            emit(q, w);
            return;
        }
    }
    if (kind == 4) {                        /* register offset */
        static const unsigned opts[] = { 2, 3, 6, 7 };
        for (;;) {
            unsigned size = rn(rng, 4), v = rn(rng, 4) == 0, opc = rn(rng, 4);
            unsigned bytes = v && size == 0 && (opc & 2) ? 16 : 1u << size;
            unsigned option = opts[rn(rng, 4)], s = rn(rng, 2);
            unsigned m = pick_reg(rng, b, 28);
            unsigned scale = s ? bytes : 1;
            int lo = -32 / (int)scale, hi = (32 - (int)bytes) / (int)scale;
            if (option == 2)
                lo = 0;                     /* UXTW: a non-negative index */
            int idx = lo + (int)rn(rng, (unsigned)(hi - lo + 1));
            unsigned t = v ? rn(rng, 28) : pick_reg(rng, 28, 28);
            uint32_t w = size << 30 | 0x38200800 | v << 26 | opc << 22 | m << 16 |
                         option << 13 | s << 12 | b << 5 | t;
            if (!dt_valid(w) || !room(q, 4))
                continue;
            set_base(q, b, 32);
            set_index(q, m, idx, !(option & 1), !(option & 1) && rn(rng, 2), rng);
            emit(q, w);
            return;
        }
    }
    if (kind == 5) {                        /* LDP/STP/LDPSW/LDNP, GPR or FP */
        for (;;) {
            unsigned v = rn(rng, 3) == 0, opc = rn(rng, v ? 3 : 3), l = rn(rng, 2);
            unsigned type = rn(rng, 4);     /* 00 no-allocate 01 post 10 offset 11 pre */
            unsigned bytes = v ? 4u << opc : (opc == 2 ? 8 : 4);
            if (!v && opc == 1 && !l)
                continue;                   /* STGP (MTE) */
            int lo = -32 / (int)bytes, hi = (32 - 2 * (int)bytes) / (int)bytes;
            int imm = type == 1 ? (int)rn(rng, 8) - 4 : lo + (int)rn(rng, (unsigned)(hi - lo + 1));
            unsigned t, t2;
            if (v) {
                t = rn(rng, 28);
                t2 = rn(rng, 28);
            } else {
                t = pick_reg(rng, type & 1 ? b : 28, 28);
                t2 = pick_reg(rng, type & 1 ? b : 28, 28);
                if (rn(rng, 8) == 0 && !l)
                    t2 = 31;                /* XZR */
            }
            if (l && t == t2)
                continue;
            uint32_t w = opc << 30 | 0x28000000 | v << 26 | type << 23 | l << 22 |
                         ((uint32_t)imm & 0x7f) << 15 | t2 << 10 | b << 5 | t;
            if (!dt_valid(w))
                continue;
            set_base(q, b, 32);
            emit(q, w);
            return;
        }
    }
    if (kind == 6) {                        /* exclusives, acquire/release, RCpc */
        for (;;) {
            unsigned size = rn(rng, 4), o2 = rn(rng, 2), l = rn(rng, 2), o1 = rn(rng, 2);
            unsigned o0 = rn(rng, 2);
            if (!o2 && !l && last_excl.size >= 0) {
                /* a store-exclusive pairs with the last load-exclusive:
                 * another size is CONSTRAINED UNPREDICTABLE */
                size = (unsigned)last_excl.size;
                o1 = last_excl.pair;
            }
            unsigned pair = !o2 && o1;
            unsigned bytes = (1u << size) * (pair ? 2 : 1);
            unsigned s = 31, t = pick_reg(rng, 28, 28), t2 = 31;
            if (pair) {
                if (size < 2)
                    continue;
                t2 = pick_reg(rng, 28, 28);
                if (l && t == t2)
                    continue;
            }
            if (!o2 && !l) {                /* store exclusive: status register */
                s = pick_reg(rng, b, t);
                if (pair && s == t2)
                    continue;
            }
            if (o2 && !o1 && rn(rng, 3) == 0) {     /* LDAPR (RCpc) */
                uint32_t w = size << 30 | 0x38bfc000 | b << 5 | t;
                set_base(q, b, bytes * rn(rng, DT_BUF_SIZE / bytes));
                emit(q, w);
                return;
            }
            if (o2 && o1)
                continue;                   /* CAS: kind 7 */
            if (no_exclusive && !o2)
                continue;
            uint32_t w = size << 30 | 0x08000000 | o2 << 23 | l << 22 | o1 << 21 | s << 16 |
                         o0 << 15 | t2 << 10 | b << 5 | t;
            unsigned off = bytes * rn(rng, DT_BUF_SIZE / bytes);
            if (!o2 && !l && last_excl.size >= 0)
                off = last_excl.off;
            if (!o2 && l) {
                last_excl.size = (int)size;
                last_excl.pair = pair;
                last_excl.off = off;
            }
            set_base(q, b, off);
            emit(q, w);
            return;
        }
    }
    for (;;) {                              /* LSE: LDADD.., SWP, CAS, CASP */
        unsigned size = rn(rng, 4), a = rn(rng, 2), r = rn(rng, 2);
        unsigned which = rn(rng, 4);
        uint32_t w;
        unsigned bytes = 1u << size;
        if (which <= 1) {
            unsigned o3 = rn(rng, 4) == 0, opc = o3 ? 0 : rn(rng, 8);
            unsigned s = rn(rng, 31), t = pick_reg(rng, 28, 28);
            if (rn(rng, 6) == 0)
                t = 31;                     /* ST<op> alias */
            w = size << 30 | 0x38200000 | a << 23 | r << 22 | s << 16 | o3 << 15 |
                opc << 12 | b << 5 | t;
        } else if (which == 2) {            /* CAS */
            unsigned s = pick_reg(rng, 28, 28), t = rn(rng, 31);
            w = size << 30 | 0x08a07c00 | a << 22 | s << 16 | r << 15 | b << 5 | t;
        } else {                            /* CASP: even pairs */
            unsigned sz = rn(rng, 2);
            unsigned s = 2 * rn(rng, 14), t = 2 * rn(rng, 15);
            if (s == 28 || (s == 26 && rn(rng, 2)))
                s = 0;
            bytes = sz ? 16 : 8;
            w = sz << 30 | 0x08207c00 | a << 22 | s << 16 | r << 15 | b << 5 | t;
        }
        /* no capstone filter: capstone 4 knows no LSE; the fields are
         * chosen valid (o3 only with SWP, which here means opc 000) */
        set_base(q, b, bytes * rn(rng, DT_BUF_SIZE / bytes));
        emit(q, w);
        return;
    }
}

static void gen_ldst(struct dt_seq *q, uint64_t *rng)
{
    int len = 2 + (int)rn(rng, 8);
    for (int i = 0; i < len && room(q, 6); i++) {
        unsigned k = rn(rng, 10);
        if (k == 0)
            emit(q, gen_int_insn(rng));
        else if (k == 1)
            emit(q, 0xd503305f);            /* CLREX */
        else
            gen_ldst_one(q, rng);
    }
}

/* An exclusive pair (LDXR..STXR on one address) with maybe something in
 * between: the monitor's behaviour. */
static void gen_excl(struct dt_seq *q, uint64_t *rng)
{
    int len = 1 + (int)rn(rng, 3);
    for (int i = 0; i < len && room(q, 12); i++) {
        unsigned size = 2 + rn(rng, 2), pair = rn(rng, 4) == 0, acq = rn(rng, 2);
        unsigned bytes = (1u << size) * (pair ? 2 : 1);
        unsigned b = rn(rng, 28), t = pick_reg(rng, b, 28), t2 = pick_reg(rng, t, 28);
        unsigned off = bytes * rn(rng, DT_BUF_SIZE / bytes);
        set_base(q, b, off);
        emit(q, size << 30 | 0x08400000 | pair << 21 | 31u << 16 | acq << 15 |
                (pair ? t2 : 31) << 10 | b << 5 | t);
        switch (rn(rng, 5)) {
        case 0: emit(q, 0xd503305f); break;         /* CLREX */
        case 1:                                     /* another access */
            no_exclusive = true;
            gen_ldst_one(q, rng);
            no_exclusive = false;
            break;
        case 2: emit(q, gen_int_insn(rng)); break;
        default: break;
        }
        unsigned v = pick_reg(rng, 28, 28), v2 = pick_reg(rng, 28, 28), s;
        do
            s = rn(rng, 28);
        while (s == v || s == v2 || s == b);
        set_base(q, b, off);
        emit(q, size << 30 | 0x08000000 | pair << 21 | s << 16 | rn(rng, 2) << 15 |
                (pair ? v2 : 31) << 10 | b << 5 | v);
    }
}

/* ---- structure loads and stores (SIMD) -------------------------------- */

static void gen_ldst_simd(struct dt_seq *q, uint64_t *rng)
{
    static const struct tmpl st[] = {
        { 0xbfbf0000, 0x0c000000 },     /* LD/ST multiple structures */
        { 0xbfa00000, 0x0c800000 },     /* the same, post-index */
        { 0xbf9f0000, 0x0d000000 },     /* LD/ST single structure, LDnR */
        { 0xbf800000, 0x0d800000 },     /* the same, post-index */
    };
    int len = 1 + (int)rn(rng, 6);
    for (int i = 0; i < len && room(q, 3); i++) {
        if (rn(rng, 4) == 0) {
            gen_ldst_one(q, rng);
            continue;
        }
        unsigned b = rn(rng, 28);
        for (int tries = 0; tries < 1000; tries++) {
            const struct tmpl *p = &st[rn(rng, 4)];
            uint32_t w = ((uint32_t)a64_rand(rng) & ~p->mask) | p->value;
            w = (w & ~0x3ffu) | b << 5 | rn(rng, 25);
            if (((w >> 16) & 31) == 28 && (w & (1u << 23)))
                continue;
            if (!dt_valid(w))
                continue;
            set_base(q, b, 0);
            emit(q, w);
            break;
        }
    }
}

/* ---- FP and SIMD data processing ---------------------------------------- */

static bool is_fp_mnemonic(const char *m)
{
    return m[0] == 'f' || strstr(m, "cvtf") || !strncmp(m, "bf", 2);
}

static bool accept_int(const char *m)
{
    return !is_fp_mnemonic(m);
}

static bool accept_fp(const char *m)
{
    return is_fp_mnemonic(m);
}

static const struct tmpl fp_t[] = {
    { 0xff207c00, 0x1e204000 },     /* FP 1-source */
    { 0xff20fc07, 0x1e202000 },     /* FCMP, FCMPE */
    { 0xff200c00, 0x1e200800 },     /* FP 2-source */
    { 0xff200c00, 0x1e200400 },     /* FCCMP, FCCMPE */
    { 0xff200c00, 0x1e200c00 },     /* FCSEL */
    { 0xff201fe0, 0x1e201000 },     /* FMOV (immediate) */
    { 0xff000000, 0x1f000000 },     /* FMADD, FMSUB, FNMADD, FNMSUB */
};

static const struct tmpl conv_t[] = {
    { 0x7f20fc00, 0x1e200000 },     /* FP <-> integer, FMOV general */
    { 0x7f200000, 0x1e000000 },     /* FP <-> fixed point */
    { 0xff3e7c00, 0x1e224000 },     /* FCVT between precisions */
    { 0xbf3e0c00, 0x0e210800 },     /* vector 2-reg misc (FCVT*, SCVTF...) */
    { 0xdf3e0c00, 0x5e210800 },     /* scalar 2-reg misc */
    { 0xbf800400, 0x0f000400 },     /* vector shift by immediate (fixed-point cvt) */
};

static const struct tmpl simd_t[] = {
    { 0x9f200400, 0x0e200400 },     /* three same */
    { 0x9f200c00, 0x0e200000 },     /* three different */
    { 0x9f3e0c00, 0x0e200800 },     /* two-reg misc */
    { 0x9f3e0c00, 0x0e300800 },     /* across lanes */
    { 0x9f800400, 0x0f000400 },     /* shift by immediate, modified immediate */
    { 0x9f000400, 0x0f000000 },     /* by element */
    { 0xdf200400, 0x5e200400 },     /* scalar three same */
    { 0xdf200c00, 0x5e200000 },     /* scalar three different */
    { 0xdf3e0c00, 0x5e200800 },     /* scalar two-reg misc */
    { 0xdf3e0c00, 0x5e300800 },     /* scalar pairwise */
    { 0xdf800400, 0x5f000400 },     /* scalar shift by immediate */
    { 0xdf000400, 0x5f000000 },     /* scalar by element */
    { 0x9fe08400, 0x0e000400 },     /* copy: DUP, INS, UMOV, SMOV */
    { 0xdfe08400, 0x5e000400 },     /* scalar copy */
    { 0x9f208400, 0x0e000400 },     /* three same FP16 / extra */
};

static const struct tmpl perm_t[] = {
    { 0xbf208c00, 0x0e000800 },     /* UZP, TRN, ZIP */
    { 0xbfe08c00, 0x0e000000 },     /* TBL, TBX */
    { 0xbfe08400, 0x2e000000 },     /* EXT */
    { 0x9fe08400, 0x0e000400 },     /* DUP, INS, UMOV, SMOV */
    { 0x9ffffc00, 0x0e205800 },     /* CNT */
    { 0x9f3ffc00, 0x0e200800 },     /* REV64 */
    { 0x9f3ffc00, 0x2e200800 },     /* REV32 */
    { 0x9f3ffc00, 0x0e201800 },     /* REV16 */
    { 0x9f3ffc00, 0x0e212800 },     /* XTN, XTN2 */
};

static const struct tmpl crypto_t[] = {
    { 0xffffcc00, 0x4e284800 },     /* AESE, AESD, AESMC, AESIMC */
    { 0xffe08c00, 0x5e000000 },     /* SHA1C.. SHA256SU1 */
    { 0xffffcc00, 0x5e280800 },     /* SHA1H, SHA1SU1, SHA256SU0 */
    { 0x7fe0f000, 0x1ac04000 },     /* CRC32, CRC32C */
    { 0xbf20fc00, 0x0e20e000 },     /* PMULL, PMULL2 */
    { 0xffe08000, 0xce000000 },     /* SHA512, SHA3 (Armv8.2) */
    { 0xffe0b000, 0xce608000 },     /* SHA512H.. */
};

#define TMPL_GEN(name, tab, accept) \
    static void gen_##name(struct dt_seq *q, uint64_t *rng) \
    { \
        int len = 2 + (int)rn(rng, 12); \
        for (int i = 0; i < len; i++) \
            emit(q, from_templates(tab, NT(tab), true, rng, accept)); \
    }

TMPL_GEN(fp, fp_t, NULL)
TMPL_GEN(conv, conv_t, accept_fp)
TMPL_GEN(simd_int, simd_t, accept_int)
TMPL_GEN(simd_fp, simd_t, accept_fp)
TMPL_GEN(perm, perm_t, NULL)
TMPL_GEN(crypto, crypto_t, NULL)

/* FEAT_SHA512 and FEAT_SHA3, built field by field (capstone 4 predates
 * Armv8.2 and cannot filter them): every encoding drawn is allocated. */
static uint32_t gen_sha3_insn(uint64_t *rng)
{
    unsigned d = rn(rng, 28), n = rn(rng, 32), m = rn(rng, 32), a = rn(rng, 32);
    if (rn(rng, 4) == 0)
        n = d;                                  /* Vd is also a source of most */
    switch (rn(rng, 8)) {
    case 0: return 0xce608000 | m << 16 | n << 5 | d;                   /* SHA512H */
    case 1: return 0xce608400 | m << 16 | n << 5 | d;                   /* SHA512H2 */
    case 2: return 0xce608800 | m << 16 | n << 5 | d;                   /* SHA512SU1 */
    case 3: return 0xce608c00 | m << 16 | n << 5 | d;                   /* RAX1 */
    case 4: return 0xcec08000 | n << 5 | d;                             /* SHA512SU0 */
    case 5: return 0xce000000 | m << 16 | a << 10 | n << 5 | d;         /* EOR3 */
    case 6: return 0xce200000 | m << 16 | a << 10 | n << 5 | d;         /* BCAX */
    default: return 0xce800000 | m << 16 | rn(rng, 64) << 10 | n << 5 | d;  /* XAR */
    }
}

static void gen_sha3(struct dt_seq *q, uint64_t *rng)
{
    int len = 2 + (int)rn(rng, 12);
    for (int i = 0; i < len; i++)
        emit(q, rn(rng, 6) ? gen_sha3_insn(rng) : from_templates(crypto_t, NT(crypto_t), true, rng, NULL));
}

/* FEAT_FP16: every half-precision group (capstone 4 knows few of them,
 * so no capstone filter: qemu judges what is allocated). */
static const struct tmpl fp16_t[] = {
    { 0xffe07c00, 0x1ee04000 },     /* FP 1-source, H */
    { 0xffe0fc07, 0x1ee02000 },     /* FCMP, FCMPE H */
    { 0xffe01fe0, 0x1ee01000 },     /* FMOV H, #imm */
    { 0xffe00c00, 0x1ee00400 },     /* FCCMP, FCCMPE H */
    { 0xffe00c00, 0x1ee00800 },     /* FP 2-source, H */
    { 0xffe00c00, 0x1ee00c00 },     /* FCSEL H */
    { 0xffc00000, 0x1fc00000 },     /* FMADD.. H */
    { 0x7fe00000, 0x1ec00000 },     /* H <-> fixed point */
    { 0x7fe0fc00, 0x1ee00000 },     /* H <-> integer, FMOV H <-> general */
    { 0xff3e7c00, 0x1ee24000 },     /* FCVT from H */
    { 0xff3e7c00, 0x1e23c000 },     /* FCVT to H */
    { 0x9f60c400, 0x0e400400 },     /* three same FP16 */
    { 0xdf60c400, 0x5e400400 },     /* scalar three same FP16 */
    { 0x9f7e0c00, 0x0e780800 },     /* two-reg misc FP16 */
    { 0xdf7e0c00, 0x5e780800 },     /* scalar two-reg misc FP16 */
    { 0xbf7ffc00, 0x0e30c800 },     /* FMAXNMV, FMINNMV .H */
    { 0xbf7ffc00, 0x0e30f800 },     /* FMAXV, FMINV .H */
    { 0xff7efc00, 0x5e30c800 },     /* FMAXNMP, FADDP, FMINNMP H */
    { 0xff7ffc00, 0x5e30f800 },     /* FMAXP, FMINP H */
    { 0x9fc0b400, 0x0f001000 },     /* FMLA, FMLS by element .H */
    { 0x9fc0f400, 0x0f009000 },     /* FMUL, FMULX by element .H */
    { 0xdfc0b400, 0x5f001000 },     /* scalar FMLA, FMLS by element */
    { 0xdfc0f400, 0x5f009000 },     /* scalar FMUL, FMULX by element */
    { 0x9ff0fc00, 0x0f10e400 },     /* SCVTF, UCVTF .H fixed */
    { 0x9ff0fc00, 0x0f10fc00 },     /* FCVTZS, FCVTZU .H fixed */
    { 0xdff0fc00, 0x5f10e400 },     /* scalar SCVTF, UCVTF H fixed */
    { 0xdff0fc00, 0x5f10fc00 },     /* scalar FCVTZU (FCVTZS: qemu_mishandles) */
    { 0xbf20c400, 0x2e00c400 },     /* FCMLA, FCADD (FP16 with size 01) */
    { 0xbfc09400, 0x2f401000 },     /* FCMLA by element .H */
    { 0xbff8fc00, 0x0f00fc00 },     /* FMOV .4H/.8H, #imm */
    { 0xbf60fc00, 0x0e20ec00 },     /* FMLAL, FMLSL (FEAT_FHM) */
    { 0xbf60fc00, 0x2e20cc00 },     /* FMLAL2, FMLSL2 */
    { 0xbfc0b400, 0x0f800000 },     /* FMLAL, FMLSL by element */
    { 0xbfc0b400, 0x2f808000 },     /* FMLAL2, FMLSL2 by element */
};

/* Allocated three-same FP16 U:a:opcode values and two-reg misc FP16
 * U:a:opcode values (Arm ARM C4.1 tables), so most draws are valid; three
 * draws in seven take a raw template word instead, and qemu judges it. */
static const uint8_t fp16_same[] = { 0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 14, 15, 16, 18, 19, 20,
                                     21, 22, 23, 24, 26, 28, 29, 30 };
static const uint8_t fp16_same_s[] = { 3, 4, 7, 15, 20, 21, 26, 28, 29 };
static const uint8_t fp16_misc[] = { 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x2c, 0x2d, 0x2e, 0x2f,
                                     0x38, 0x39, 0x3a, 0x3b, 0x3d, 0x58, 0x59, 0x5a, 0x5b, 0x5c,
                                     0x5d, 0x6c, 0x6d, 0x6f, 0x79, 0x7a, 0x7b, 0x7d, 0x7f };
static const uint8_t fp16_misc_s[] = { 0x1a, 0x1b, 0x1c, 0x1d, 0x2c, 0x2d, 0x2e, 0x3a, 0x3b, 0x3d,
                                       0x3f, 0x5a, 0x5b, 0x5c, 0x5d, 0x6c, 0x6d, 0x7a, 0x7b, 0x7d };

static uint32_t gen_fp16_insn(uint64_t *rng)
{
    uint32_t r = (uint32_t)a64_rand(rng);
    uint32_t regs = r & 0x3ff, rm = (r >> 10) & 31, q = (r >> 15) & 1;
    if ((regs & 31) >= 28)
        regs = (regs & ~31u) | rn(rng, 28);
    switch (rn(rng, 7)) {
    case 0: {
        unsigned k = fp16_same[rn(rng, NT(fp16_same))];
        return 0x0e400400 | q << 30 | (k >> 4) << 29 | ((k >> 3) & 1) << 23 | rm << 16 |
               (k & 7) << 11 | regs;
    }
    case 1: {
        unsigned k = fp16_same_s[rn(rng, NT(fp16_same_s))];
        return 0x5e400400 | (k >> 4) << 29 | ((k >> 3) & 1) << 23 | rm << 16 | (k & 7) << 11 | regs;
    }
    case 2: {
        unsigned k = fp16_misc[rn(rng, NT(fp16_misc))];
        return 0x0e780800 | q << 30 | (k >> 6) << 29 | ((k >> 5) & 1) << 23 | (k & 31) << 12 | regs;
    }
    case 3: {
        unsigned k = fp16_misc_s[rn(rng, NT(fp16_misc_s))];
        return 0x5e780800 | (k >> 6) << 29 | ((k >> 5) & 1) << 23 | (k & 31) << 12 | regs;
    }
    default:
        for (;;) {
            const struct tmpl *p = &fp16_t[rn(rng, NT(fp16_t))];
            uint32_t w = ((uint32_t)a64_rand(rng) & ~p->mask) | p->value;
            if ((w & 31) >= 28)
                w = (w & ~31u) | rn(rng, 28);
            if (qemu_mishandles(w))
                continue;
            return w;
        }
    }
}

static void gen_fp16(struct dt_seq *q, uint64_t *rng)
{
    int len = 2 + (int)rn(rng, 12);
    if (rn(rng, 2))
        q->in.fpcr |= 1u << 19;                 /* FZ16 */
    for (int i = 0; i < len; i++)
        emit(q, rn(rng, 8) ? gen_fp16_insn(rng) : from_templates(fp_t, NT(fp_t), true, rng, NULL));
}

/* Everything mixed: values flow between classes. */
static void gen_mix(struct dt_seq *q, uint64_t *rng)
{
    int len = 4 + (int)rn(rng, 10);
    for (int i = 0; i < len && room(q, 12); i++) {
        switch (rn(rng, 10)) {
        case 0: emit(q, gen_int_insn(rng)); break;
        case 1: emit(q, gen_cond_insn(rng)); break;
        case 2: gen_ldst_one(q, rng); break;
        case 3: emit(q, from_templates(fp_t, NT(fp_t), true, rng, NULL)); break;
        case 4: emit(q, from_templates(conv_t, NT(conv_t), true, rng, NULL)); break;
        case 5: emit(q, from_templates(simd_t, NT(simd_t), true, rng, NULL)); break;
        case 6: emit(q, from_templates(perm_t, NT(perm_t), true, rng, NULL)); break;
        case 7: emit(q, from_templates(crypto_t, NT(crypto_t), true, rng, NULL)); break;
        case 8: emit(q, gen_sha3_insn(rng)); break;
        default: emit(q, gen_fp16_insn(rng)); break;
        }
    }
}

const struct dt_class dt_classes[] = {
    { "int",      "integer data processing",                 gen_int },
    { "cond",     "flags, conditional select/compare",       gen_cond },
    { "branch",   "forward branches within the sequence",    gen_branch },
    { "ldst",     "loads/stores, pairs, exclusives, atomics", gen_ldst },
    { "excl",     "exclusive monitor (LDXR..STXR)",          gen_excl },
    { "ldst-simd", "SIMD structure loads/stores",            gen_ldst_simd },
    { "fp",       "scalar FP",                               gen_fp },
    { "conv",     "FP conversions",                          gen_conv },
    { "simd-int", "AdvSIMD integer",                         gen_simd_int },
    { "simd-fp",  "AdvSIMD FP",                              gen_simd_fp },
    { "perm",     "permutes, TBL/TBX, EXT, copies",          gen_perm },
    { "crypto",   "AES, SHA, CRC32, PMULL",                  gen_crypto },
    { "sha3",     "SHA512, SHA3 (EOR3, BCAX, RAX1, XAR)",   gen_sha3 },
    { "fp16",     "FEAT_FP16 scalar and AdvSIMD, FHM, FZ16", gen_fp16 },
    { "mix",      "all classes mixed",                       gen_mix },
};
const int dt_nclasses = NT(dt_classes);

/* ---- register state ---------------------------------------------------- */

/* FP bit patterns at the edges: zeros, denormals, min/max normals, one,
 * infinities, quiet and signalling NaNs (both signs). */
static uint64_t fp_edge(uint64_t *rng, unsigned log2size)
{
    static const uint16_t h[] = { 0x0000, 0x8000, 0x0001, 0x03ff, 0x0400, 0x7bff, 0x3c00,
                                  0x7c00, 0xfc00, 0x7e00, 0x7d00, 0xfe01, 0x3555, 0xbc00 };
    static const uint32_t s[] = { 0x00000000, 0x80000000, 0x00000001, 0x007fffff, 0x00800000,
                                  0x7f7fffff, 0x3f800000, 0x7f800000, 0xff800000, 0x7fc00000,
                                  0x7f800001, 0xffc00001, 0x3eaaaaab, 0xbf800000, 0x4f000000,
                                  0xcf000000, 0x5f000000, 0x3f000000, 0x3fc00000, 0x4b800000 };
    static const uint64_t d[] = { 0, 0x8000000000000000ull, 1, 0x000fffffffffffffull,
                                  0x0010000000000000ull, 0x7fefffffffffffffull,
                                  0x3ff0000000000000ull, 0x7ff0000000000000ull,
                                  0xfff0000000000000ull, 0x7ff8000000000000ull,
                                  0x7ff0000000000001ull, 0xfff8000000000001ull,
                                  0x3fd5555555555555ull, 0x43e0000000000000ull,
                                  0xc3e0000000000000ull, 0x41e0000000000000ull,
                                  0x3fe0000000000000ull, 0x3ff8000000000000ull,
                                  0x4330000000000000ull, 0x380fffffe0000000ull };
    uint64_t r = a64_rand(rng);
    bool jitter = (r & 7) == 0;     /* near an edge: low bits changed */
    switch (log2size) {
    case 1: return (uint16_t)(h[(r >> 8) % NT(h)] ^ (jitter ? (r >> 40) & 3 : 0));
    case 2: return (uint32_t)(s[(r >> 8) % NT(s)] ^ (jitter ? (r >> 40) & 3 : 0));
    default: return d[(r >> 8) % NT(d)] ^ (jitter ? (r >> 40) & 3 : 0);
    }
}

static uint64_t vec_half(uint64_t *rng)
{
    switch (rn(rng, 6)) {
    case 0: return a64_rand(rng);
    case 1: return a64_rand_edge(rng);
    case 2: return fp_edge(rng, 3);
    case 3: return fp_edge(rng, 2) | fp_edge(rng, 2) << 32;
    case 4: {
        uint64_t v = 0;
        for (int i = 0; i < 4; i++)
            v |= fp_edge(rng, 1) << (16 * i);
        return v;
    }
    default: return fp_edge(rng, 2) | a64_rand(rng) << 32;  /* scalar S, junk above */
    }
}

static void random_state(struct a64_state *s, uint64_t *rng)
{
    a64_state_random(s, rng);
    for (int r = 0; r < 32; r++) {
        s->v[r].d[0] = vec_half(rng);
        s->v[r].d[1] = vec_half(rng);
    }
    /* RMode, FZ, DN, AHP, FZ16: the FPCR bits xemu implements */
    s->fpcr = rn(rng, 4) << 22;
    if (rn(rng, 4) == 0)
        s->fpcr |= 1u << 24;
    if (rn(rng, 4) == 0)
        s->fpcr |= 1u << 25;
    if (rn(rng, 8) == 0)
        s->fpcr |= 1u << 26;
    if (rn(rng, 4) == 0)
        s->fpcr |= 1u << 19;
    if (rn(rng, 4) == 0)
        s->fpsr = (uint32_t)a64_rand(rng) & 0x0800009fu;
    s->x[28] = A64W_DEFAULT_PC + DT_BUF_OFF;
}

void dt_generate(const struct dt_class *c, uint64_t seed, struct dt_seq *q)
{
    uint64_t rng = seed * 0x9e3779b97f4a7c15ull + 0x632be59bd9b4e019ull;
    if (!rng)
        rng = 1;
    a64_rand(&rng);
    memset(q, 0, sizeof(*q));
    last_excl.size = -1;
    random_state(&q->in, &rng);
    q->insn[q->n++] = 0x4c00239c;       /* ST1 {v28.16b-v31.16b}, [x28] */
    c->gen(q, &rng);
    q->in.fpcr &= a64_fpcr_mask();      /* FZ16 only on models with FP16 */
    q->insn[q->n++] = 0x4c40239c;       /* LD1 {v28.16b-v31.16b}, [x28] */
}
