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
 * access to each page goes through process_vm_readv. */
static bool fetch(uint64_t pc, uint32_t *insn, uint64_t *checked_page)
{
    uint64_t page = pc & ~0xfffull;
    if (page != *checked_page) {
        struct iovec local = { insn, 4 }, remote = { (void *)(uintptr_t)pc, 4 };
        if (process_vm_readv(getpid(), &local, 1, &remote, 1, 0) != 4)
            return false;
        *checked_page = page;
    }
    *insn = *(const uint32_t *)(uintptr_t)pc;
    return true;
}

static bool a64_translate_block(struct ir_block *b, uint64_t pc, unsigned max_insns)
{
    DisasContext s = { .b = b, .pc = pc };
    uint64_t checked_page = 1;

    ir_block_reset(b, pc);
    if (pc & 3) {
        /* misaligned pc: Linux delivers SIGBUS (BUS_ADRALN) */
        ir_exit(b, pc, XLAT_EXIT_FAULT);
        return true;
    }
    for (unsigned n = 0; n < max_insns && !s.end; n++) {
        if (!fetch(s.pc, &s.insn, &checked_page)) {
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
        ir_goto_tb(b, s.pc);
    b->guest_bytes = (uint32_t)(s.pc - pc);
    return true;
}

const struct guest_frontend a64_frontend = {
    .name = "aarch64",
    .translate_block = a64_translate_block,
    .cs_arch = CS_ARCH_ARM64,
    .cs_mode = CS_MODE_LITTLE_ENDIAN,
};
