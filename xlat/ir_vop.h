/*
 * The `vop` IR op: a 128-bit AdvSIMD operation on env slots (guest V
 * registers), executed by the x86 backend as a few inline SSE
 * instructions instead of a helper call.  Used by the A64 FP/SIMD
 * frontend (translate_simd.c), the interpreter, dump/parse/validate, the
 * env-forwarding pass and the backend (host-x86_64/lower_vec.c).
 *
 * Encoding in struct ir_insn (no value operands, no result):
 *   cond = enum ir_vop
 *   aux  = log2 element size (bits 0..1) | IR_VOP_Q (128-bit operation)
 *   aux2 = destination env offset (16 bytes written)
 *   imm  = source env offsets: first in bits 0..15, second in bits 16..31
 * Semantics (ir_vop_exec is the reference): both sources are read in full
 * before the destination is written, so operands may alias; each element
 * of the destination is f(n element, m element); without IR_VOP_Q only
 * the low 64 bits are computed and the high 64 bits of the destination
 * are zeroed (the A64 rule for 64-bit vector results).  Comparisons give
 * all-ones / all-zeros elements.
 */
#ifndef XEMU_XLAT_IR_VOP_H
#define XEMU_XLAT_IR_VOP_H

#include <stdbool.h>
#include <stdint.h>

#include "xlat/ir.h"

enum ir_vop {
    IR_VOP_ADD, IR_VOP_SUB, IR_VOP_MUL,
    IR_VOP_CMEQ, IR_VOP_CMTST,           /* n == m; (n & m) != 0 */
    IR_VOP_CMGT, IR_VOP_CMGE,            /* signed n > m, n >= m */
    IR_VOP_CMHI, IR_VOP_CMHS,            /* unsigned n > m, n >= m */
    IR_VOP_SMAX, IR_VOP_SMIN, IR_VOP_UMAX, IR_VOP_UMIN,
    IR_VOP_NUM
};

enum { IR_VOP_SIZE_MASK = 3, IR_VOP_Q = 4 };

extern const char *const ir_vop_names[IR_VOP_NUM];
extern const char *const ir_vop_size_names[4];     /* b h s d */

/* true if vop `op` exists at log2 element size `size` */
bool ir_vop_valid(unsigned op, unsigned size);

static inline uint32_t ir_vop_src(const struct ir_insn *i, unsigned k)
{
    return (uint32_t)((uint64_t)i->imm >> (16 * k)) & 0xffff;
}

/* Emit vop `op` at element size `size`: env[dst] = op(env[n], env[m]). */
void ir_vop(struct ir_block *b, enum ir_vop op, unsigned size, bool q,
            uint32_t dst, uint32_t n, uint32_t m);

/* Reference semantics (the interpreter runs this). */
void ir_vop_exec(const struct ir_insn *i, void *env);

#endif
