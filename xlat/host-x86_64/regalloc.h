/*
 * Register allocation for the x86-64 backend: linear scan over the live
 * ranges (def .. last use) of a block's SSA values onto the allocatable
 * host registers.  Used by lower.c, which decides which values need a
 * home at all (constants that fit an immediate and fused conditions do
 * not) and which host registers each op clobbers (calls).
 *
 * A value lives in `reg` from its definition; if it is spilled, it lives
 * in frame slot `slot` from op `spill_at` on (the lowering stores the
 * register to the slot just before that op; spill_at == def means the
 * value is written straight to its slot).
 */
#ifndef XEMU_HOST_X86_64_REGALLOC_H
#define XEMU_HOST_X86_64_REGALLOC_H

#include <stdbool.h>
#include <stdint.h>

#include "xlat/ir.h"

/* Scratch registers the lowering owns: rax, rcx, rdx (never allocated);
 * rbp holds env and rsp the frame. */
#define RA_ALLOCATABLE 0xffc8u  /* rbx rsi rdi r8-r15 */
#define RA_CALLER_SAVED 0x0fc0u /* rsi rdi r8-r11 (rax rcx rdx are scratch) */

struct ra_val {
    int8_t reg;         /* XNONE (-1) if never in a register */
    int32_t slot;       /* frame slot, -1 if never spilled */
    uint32_t spill_at;  /* op index from which the value is in its slot */
    uint32_t end;       /* last use (op index); 0 if unused */
};

struct ra_result {
    struct ra_val *v;       /* one per ref */
    uint32_t *spills;       /* refs moved from a register to a slot, by spill_at */
    uint32_t nspills;
    uint32_t nslots;        /* frame slots used */
    uint16_t used_regs;     /* mask of host registers assigned */
};

/* need[r]: value r must have a home; clobber[i]: mask of host registers op
 * i destroys (values live across i avoid them); xuse (NULL or 2 per op):
 * values op i reads besides its args (operands of ops folded into it).
 * Returns false if more than max_slots slots would be needed or memory
 * ran out. */
bool ra_allocate(const struct ir_block *b, const uint8_t *need, const uint16_t *clobber,
                 const ir_ref *xuse, uint32_t max_slots, struct ra_result *out);
void ra_free(struct ra_result *r);

/* where value r is when op `at` executes: register (>= 0) or -1 (slot) */
static inline int ra_reg_at(const struct ra_result *ra, ir_ref r, uint32_t at)
{
    const struct ra_val *v = &ra->v[r];
    if (v->reg >= 0 && (v->slot < 0 || at < v->spill_at))
        return v->reg;
    return -1;
}

#endif
