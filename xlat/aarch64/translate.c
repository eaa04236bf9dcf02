/*
 * The A64 frontend: turns the guest basic block at a pc into IR.
 *
 * Each instruction word is routed by its top-level encoding group (Arm ARM
 * C4.1, op0 = bits 28:25) to one of the generated decoders, which call the
 * trans_* functions in translate_*.c.  This file also holds the register
 * access helpers every trans function uses.
 */
#include <capstone/capstone.h>
#include <stdio.h>
#include <sys/uio.h>
#include <unistd.h>

#include "xlat/aarch64/translate.h"
#include "xlat/disas.h"

ir_ref a64_getx(DisasContext *s, unsigned r)
{
    if (r == 31)
        return ir_const(s->b, 0);
    return ir_getenv(s->b, A64_OFF_X(r), 3);
}

ir_ref a64_getx_sp(DisasContext *s, unsigned r)
{
    return ir_getenv(s->b, A64_OFF_X(r), 3);
}

void a64_setx(DisasContext *s, unsigned r, ir_ref v)
{
    if (r != 31)
        ir_setenv(s->b, A64_OFF_X(r), 3, v);
}

void a64_setx_sp(DisasContext *s, unsigned r, ir_ref v)
{
    ir_setenv(s->b, A64_OFF_X(r), 3, v);
}

/* An I32 op's result is already zero-extended; anything else needs it. */
static ir_ref zext32(DisasContext *s, ir_ref v)
{
    uint64_t c;
    if (ir_is_zext32(s->b, v))
        return v;
    if (ir_is_const(s->b, v, &c))
        return ir_const(s->b, (uint32_t)c);
    return ir_ext(s->b, false, IR_I64, 2, v);
}

void a64_setw(DisasContext *s, unsigned r, ir_ref v)
{
    if (r != 31)
        a64_setx(s, r, zext32(s, v));
}

void a64_setw_sp(DisasContext *s, unsigned r, ir_ref v)
{
    a64_setx_sp(s, r, zext32(s, v));
}

void a64_set_sf(DisasContext *s, int sf, unsigned r, ir_ref v)
{
    if (sf)
        a64_setx(s, r, v);
    else
        a64_setw(s, r, v);
}

void a64_set_sf_sp(DisasContext *s, int sf, unsigned r, ir_ref v)
{
    if (sf)
        a64_setx_sp(s, r, v);
    else
        a64_setw_sp(s, r, v);
}

void a64_exit(DisasContext *s, uint64_t pc, enum xlat_exit why)
{
    ir_exit(s->b, pc, why);
    s->end = true;
}

bool a64_unallocated(DisasContext *s)
{
    if (xlat_opts.log & XLAT_LOG_UNIMP) {
        char text[160];
        disas_guest(s->pc, s->insn, text, sizeof(text));
        fprintf(xlat_opts.logf, "xemu: undefined or unimplemented instruction at 0x%lx: "
                "%08x (%s)\n", (unsigned long)s->pc, s->insn, text);
    }
    a64_exit(s, s->pc, XLAT_EXIT_UNDEF);
    return true;
}

static bool fetch(uint64_t pc, uint32_t *insn, uint64_t *checked_page);

enum nzcv_use { NZCV_NONE, NZCV_WRITE, NZCV_READ };

static bool decode_one(DisasContext *s, uint32_t insn);

/* Whether insn is an allocated (implemented) encoding: an undefined one
 * raises SIGILL, whose frame must see the current NZCV. */
static bool allocated(uint64_t pc, uint32_t insn)
{
    static __thread struct ir_block scratch;
    static __thread bool ready;
    if (!ready) {
        ir_block_init(&scratch, pc);
        ready = true;
    }
    ir_block_reset(&scratch, pc);
    DisasContext t = { .b = &scratch, .pc = pc, .insn = insn };
    return decode_one(&t, insn) && !(scratch.n && scratch.insn[scratch.n - 1].op == IR_exit &&
                                     scratch.insn[scratch.n - 1].aux == XLAT_EXIT_UNDEF);
}

/* What one instruction does with NZCV.  Conservative: anything not known
 * to leave NZCV alone counts as a reader, and only the flag-setting
 * integer forms (CMP/CMN/TST and the other ADDS/SUBS/ANDS/BICS, which
 * write all four flags without reading them) count as writers.  Loads and
 * stores leave NZCV alone. */
static enum nzcv_use nzcv_use(uint32_t insn)
{
    unsigned op0 = (insn >> 25) & 0xf, sf = insn >> 31;
    switch (op0) {
    case 0x4: case 0x6: case 0xc: case 0xe:         /* loads and stores */
        return NZCV_NONE;
    case 0x8: case 0x9:                             /* data processing, immediate */
        if ((insn & 0x3f800000) == 0x31000000)      /* ADDS/SUBS (immediate) */
            return NZCV_WRITE;
        if ((insn & 0x7f800000) == 0x72000000)      /* ANDS (immediate) */
            return !sf && (insn >> 22 & 1) ? NZCV_READ : NZCV_WRITE;
        return NZCV_NONE;
    case 0x5: case 0xd:                             /* data processing, register */
        if (!(insn >> 28 & 1)) {
            if (!(insn >> 24 & 1))                  /* logical (shifted register) */
                return (insn >> 29 & 3) == 3 ? (!sf && (insn >> 15 & 1) ? NZCV_READ : NZCV_WRITE)
                                             : NZCV_NONE;
            /* ADD/SUB (shifted/extended register); an unallocated form
             * raises SIGILL, whose frame must see the current NZCV */
            bool bad = (insn >> 21 & 1) ? ((insn >> 22 & 3) || ((insn >> 10) & 7) > 4)
                                        : ((insn >> 22 & 3) == 3 || (!sf && (insn >> 15 & 1)));
            if (bad)
                return NZCV_READ;
            return (insn >> 29 & 1) ? NZCV_WRITE : NZCV_NONE;
        }
        if (insn >> 24 & 1)                         /* 3-source */
            return NZCV_NONE;
        if (((insn >> 21) & 0xf) == 0x6)            /* 1-source and 2-source */
            return NZCV_NONE;
        return NZCV_READ;                           /* ADC/SBC, CCMP, CSEL, RMIF ... */
    default:                                        /* branches, system, FP/SIMD */
        return NZCV_READ;
    }
}

#define NZCV_SCAN_INSNS 16

static bool nzcv_dead_at(DisasContext *s, uint64_t target)
{
    struct ir_block *b = s->b;
    if (b->npeeks == IR_MAX_PEEKS || (target & 3))
        return false;
    uint64_t checked_page = s->readable_page;
    for (unsigned k = 0; k < NZCV_SCAN_INSNS; k++) {
        uint32_t insn;
        uint64_t pc = target + 4ull * k;
        if (!fetch(pc, &insn, &checked_page))
            return false;
        enum nzcv_use u = nzcv_use(insn);
        if (u == NZCV_READ || !allocated(pc, insn))
            return false;
        if (u == NZCV_WRITE) {
            b->peeks[b->npeeks].lo = target;
            b->peeks[b->npeeks].hi = pc + 4;
            b->npeeks++;
            return true;
        }
    }
    return false;
}

void a64_goto_tb(DisasContext *s, uint64_t target)
{
    ir_goto_tb(s->b, target);
    if (nzcv_dead_at(s, target))
        s->b->insn[s->b->n - 1].aux2 |= IR_EXIT_NZCV_DEAD;
}

void a64_exit_if(DisasContext *s, ir_ref cond, uint64_t target)
{
    ir_exit_if(s->b, cond, target);
    if (nzcv_dead_at(s, target))
        s->b->insn[s->b->n - 1].aux2 |= IR_EXIT_NZCV_DEAD;
}

static bool decode_one(DisasContext *s, uint32_t insn)
{
    switch ((insn >> 25) & 0xf) {
    case 0x8: case 0x9:                     /* data processing, immediate */
    case 0x5: case 0xd:                     /* data processing, register */
        return decode_dp(s, insn);
    case 0xa: case 0xb:                     /* branches, exceptions, system */
        return decode_ldst_br(s, insn);
    case 0x4: case 0x6: case 0xc: case 0xe: /* loads and stores; bit 26 = SIMD&FP */
        return (insn >> 26) & 1 ? decode_fpsimd(s, insn) : decode_ldst_br(s, insn);
    case 0x7: case 0xf:                     /* SIMD and FP data processing */
        return decode_fpsimd(s, insn);
    default:                                /* reserved, SME, SVE */
        return false;
    }
}

/* Fetch a guest instruction word without faulting in xemu: the first
 * access to each page goes through process_vm_readv.  *checked_page is
 * the last page found readable, 0 for none. */
static bool fetch(uint64_t pc, uint32_t *insn, uint64_t *checked_page)
{
    uint64_t page = pc & ~0xfffull;
    if (!*checked_page || page != *checked_page) {
        struct iovec local = { insn, 4 }, remote = { (void *)(uintptr_t)pc, 4 };
        if (process_vm_readv(gettid(),   /* the leader may have exited */
                              &local, 1, &remote, 1, 0) != 4)
            return false;
        *checked_page = page;
    }
    *insn = *(const uint32_t *)(uintptr_t)pc;
    return true;
}

static bool a64_translate_block(struct ir_block *b, uint64_t pc, unsigned max_insns)
{
    DisasContext s = { .b = b, .pc = pc, .readable_page = 0 };

    ir_block_reset(b, pc);
    if (pc & 3) {
        /* misaligned pc: Linux delivers SIGBUS (BUS_ADRALN) */
        ir_exit(b, pc, XLAT_EXIT_FAULT);
        return true;
    }
    for (unsigned n = 0; n < max_insns && !s.end; n++) {
        if (!fetch(s.pc, &s.insn, &s.readable_page)) {
            if (n == 0)
                return false;
            break; /* end the block here; the next one faults on fetch */
        }
        ir_insn_start(b, s.pc);
        if (!decode_one(&s, s.insn))
            a64_unallocated(&s);
        b->guest_insns++;
        s.pc += 4;
    }
    if (!s.end)
        a64_goto_tb(&s, s.pc);
    b->guest_bytes = (uint32_t)(s.pc - pc);
    return true;
}

const struct guest_frontend a64_frontend = {
    .name = "aarch64",
    .translate_block = a64_translate_block,
    .cs_arch = CS_ARCH_ARM64,
    .cs_mode = CS_MODE_LITTLE_ENDIAN,
};
