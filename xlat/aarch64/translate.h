/*
 * Shared state and helpers for the A64 translate functions.
 *
 * The decoders (decode_*.c, generated from a64_*.decode by
 * tools/gen_decoder.py) call one trans_NAME(s, a) per pattern.  A trans
 * function appends IR for the instruction at s->pc to s->b and returns
 * true, or returns false if it does not accept the encoding (the decoder
 * then tries later patterns and finally reports the word as undefined).
 * A trans function that ends the block (branches, SVC, exceptions) emits
 * the block's final exit op and sets s->end = true.
 */
#ifndef XEMU_XLAT_AARCH64_TRANSLATE_H
#define XEMU_XLAT_AARCH64_TRANSLATE_H

#include <stdbool.h>
#include <stdint.h>

#include "xlat/aarch64/cpu.h"
#include "xlat/ir.h"

typedef struct DisasContext DisasContext;
struct DisasContext {
    struct ir_block *b;
    uint64_t pc;        /* address of the current instruction */
    uint32_t insn;
    bool end;           /* the instruction ended the block */
    uint64_t readable_page; /* a code page known readable, 0 for none */
};

/* General registers.  r is 0..31.  In the `_sp` variants 31 means SP, in
 * the others 31 reads as zero and writes are discarded. */
ir_ref a64_getx(DisasContext *s, unsigned r);
ir_ref a64_getx_sp(DisasContext *s, unsigned r);
void   a64_setx(DisasContext *s, unsigned r, ir_ref v);
void   a64_setx_sp(DisasContext *s, unsigned r, ir_ref v);
/* Write a W result: zero-extends the low 32 bits (a no-op when v comes
 * from an I32 op, whose results are already zero-extended). */
void   a64_setw(DisasContext *s, unsigned r, ir_ref v);
void   a64_setw_sp(DisasContext *s, unsigned r, ir_ref v);
/* getx or getw by sf (1 = 64-bit) */
static inline enum ir_type a64_type(int sf) { return sf ? IR_I64 : IR_I32; }
void   a64_set_sf(DisasContext *s, int sf, unsigned r, ir_ref v);
void   a64_set_sf_sp(DisasContext *s, int sf, unsigned r, ir_ref v);

/* Direct exits to a constant target.  They mark the exit IR_EXIT_NZCV_DEAD
 * when the code at target overwrites NZCV before reading it (a short scan
 * of the target, recorded as a peek so that changing that code drops this
 * block), which spares storing the flags of compare-and-branch pairs. */
void a64_goto_tb(DisasContext *s, uint64_t target);
void a64_exit_if(DisasContext *s, ir_ref cond, uint64_t target);

/* End the block by raising an exit to the loop (syscall, undef, brk). */
void a64_exit(DisasContext *s, uint64_t pc, enum xlat_exit why);
/* Undefined/unimplemented instruction at s->pc: logs (-d unimp) and ends
 * the block with XLAT_EXIT_UNDEF.  Always returns true. */
bool a64_unallocated(DisasContext *s);

/* Decoders, one per spec file (generated). */
bool decode_dp(DisasContext *s, uint32_t insn);
bool decode_ldst_br(DisasContext *s, uint32_t insn);
bool decode_fpsimd(DisasContext *s, uint32_t insn);

#endif
