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
 *
 * FP vops (IR_VOP_FADD..IR_VOP_FMLS, element size 2 or 3) are Arm-exact:
 *   imm bits 32..47 = env offset of the FP control word (FPCR), followed
 *   by the status word (FPSR), both 32 bits; the op reads both and may set
 *   status bits.  FMLA/FMLS also read the destination (the accumulator).
 *   IR_VOP_SCALAR: only element 0 is computed, the rest of the 16 bytes is
 *   zeroed.  The exact semantics belong to the guest: the arch registers
 *   ir_vop_fp_exact (the A64 one lives in fpsimd_helpers_vop.c).  The
 *   backend computes inline with host IEEE arithmetic when that must give
 *   the same answer (control word without IR_VOP_FP_SLOW_CTL bits, status
 *   already holding IR_VOP_FP_STICKY, every result lane a normal number
 *   above the smallest normal) and calls ir_vop_exec_packed otherwise.
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
    /* one source (the second is ignored) */
    IR_VOP_ABS, IR_VOP_NEG, IR_VOP_NOT,
    IR_VOP_CMEQ0, IR_VOP_CMGE0, IR_VOP_CMGT0, IR_VOP_CMLE0, IR_VOP_CMLT0,   /* signed n vs 0 */
    IR_VOP_SHL, IR_VOP_USHR, IR_VOP_SSHR,   /* by IR_VOP_SHIFT(aux): 0..esize-1 / 1..esize */
    IR_VOP_MLA, IR_VOP_MLS,              /* d + n * m, d - n * m (reads the destination) */
    IR_VOP_ZIP1, IR_VOP_ZIP2,            /* interleave the low / high halves of n and m (.d: Q only) */
    IR_VOP_FADD, IR_VOP_FSUB, IR_VOP_FMUL, IR_VOP_FDIV,
    IR_VOP_FMLA, IR_VOP_FMLS,            /* d + n * m, d - n * m, fused */
    /* Armv8 crypto (guest semantics, ir_vop_crypto_exact); 128-bit (Q) only.
     * AESE/AESD: d = [Inv]SubBytes([Inv]ShiftRows(d ^ n)) (size b);
     * AESMC/AESIMC: d = [Inv]MixColumns(n) (size b);
     * PMULL: d = carry-less product of the 64-bit element Q of n and of m
     * (size d; without Q the low elements, with Q the high ones: PMULL2);
     * SHA256H/H2/SU0/SU1: the A64 instructions with Vd = d (read and
     * written), Vn = n, Vm = m (size s) */
    IR_VOP_AESE, IR_VOP_AESD, IR_VOP_AESMC, IR_VOP_AESIMC, IR_VOP_PMULL,
    IR_VOP_SHA256H, IR_VOP_SHA256H2, IR_VOP_SHA256SU0, IR_VOP_SHA256SU1,
    IR_VOP_NUM
};

enum { IR_VOP_SIZE_MASK = 3, IR_VOP_Q = 4, IR_VOP_SCALAR = 8 };
/* shift amount of SHL/USHR/SSHR, in aux bits 8..15 */
#define IR_VOP_SHIFT(aux) (((aux) >> 8) & 0xff)
/* FMUL/FMLA/FMLS by element: every lane uses element IR_VOP_INDEX(aux) of m */
enum { IR_VOP_BYELEM = 1 << 20 };
#define IR_VOP_INDEX(aux) (((aux) >> 16) & 0xf)

/* FP fast-path conditions (Arm FPCR RMode/FZ/DN, FPSR.IXC) */
#define IR_VOP_FP_SLOW_CTL 0x03c00000u
#define IR_VOP_FP_STICKY   0x10u

static inline bool ir_vop_is_fp(unsigned op) { return op >= IR_VOP_FADD && op <= IR_VOP_FMLS; }
static inline bool ir_vop_is_crypto(unsigned op) { return op >= IR_VOP_AESE && op < IR_VOP_NUM; }
/* the backend may call out of line (and clobber host flags) for this op */
static inline bool ir_vop_may_call(unsigned op) { return ir_vop_is_fp(op) || ir_vop_is_crypto(op); }
/* the op also reads its destination (an accumulator) */
static inline bool ir_vop_reads_dst(unsigned op)
{
    return op == IR_VOP_MLA || op == IR_VOP_MLS || op == IR_VOP_FMLA || op == IR_VOP_FMLS ||
           op == IR_VOP_AESE || op == IR_VOP_AESD ||
           (op >= IR_VOP_SHA256H && op <= IR_VOP_SHA256SU1);
}

/* the guest's exact FP vop semantics (see above) */
extern void (*ir_vop_fp_exact)(void *env, const struct ir_insn *i);
/* the guest's crypto vop semantics (the A64 one: fpsimd_helpers_crypto.c) */
extern void (*ir_vop_crypto_exact)(void *env, const struct ir_insn *i);
/* ir_vop_exec of the vop whose imm is `imm` and whose cond | aux2 << 8 |
 * aux << 32 is `rest`: the backend's slow path */
void ir_vop_exec_packed(void *env, uint64_t imm, uint64_t rest);

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
/* A shift by immediate sh (SHL/USHR/SSHR). */
void ir_vop_shift(struct ir_block *b, enum ir_vop op, unsigned size, bool q, uint32_t dst,
                  uint32_t n, unsigned sh);
/* Make the vop just emitted a by-element one (FMUL/FMLA/FMLS), m[index]. */
void ir_vop_byelem(struct ir_block *b, unsigned index);
/* The same for an FP vop; ctl = env offset of the control/status words. */
void ir_vop_fp(struct ir_block *b, enum ir_vop op, unsigned size, bool q, bool scalar,
               uint32_t dst, uint32_t n, uint32_t m, uint32_t ctl);

/* Reference semantics (the interpreter runs this). */
void ir_vop_exec(const struct ir_insn *i, void *env);

#endif
