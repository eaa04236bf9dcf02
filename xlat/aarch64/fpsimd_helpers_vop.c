/*
 * The exact A64 semantics of the FP vops (xlat/ir_vop.h): FADD, FSUB,
 * FMUL, FDIV, FMLA, FMLS on V registers under FPCR, accumulating FPSR,
 * through the Arm FP core (fpcore.c).  The interpreter runs it, and the x86
 * backend calls it whenever its inline host arithmetic could differ.
 * Registered at startup as ir_vop_fp_exact.
 */
#include <string.h>

#include "xlat/aarch64/fpsimd_helpers.h"
#include "xlat/ir_vop.h"

static void a64_vop_fp(void *env, const struct ir_insn *i)
{
    struct a64_cpu *c = env;
    unsigned sz = i->aux & IR_VOP_SIZE_MASK;
    unsigned lanes = (i->aux & IR_VOP_SCALAR) ? 1 : ((i->aux & IR_VOP_Q) ? 16u : 8u) >> sz;
    a64_vreg N, M, D, R;
    memcpy(&N, (char *)env + ir_vop_src(i, 0), 16);
    memcpy(&M, (char *)env + ir_vop_src(i, 1), 16);
    memcpy(&D, (char *)env + i->aux2, 16);
    memset(&R, 0, sizeof(R));
    struct fpst st = fpst_of(c);
    for (unsigned k = 0; k < lanes; k++) {
        uint64_t x = velt(&N, k, sz), r;
        uint64_t y = velt(&M, (i->aux & IR_VOP_BYELEM) ? IR_VOP_INDEX(i->aux) : k, sz);
        switch (i->cond) {
        case IR_VOP_FADD: r = fp_add(x, y, sz, &st); break;
        case IR_VOP_FSUB: r = fp_sub(x, y, sz, &st); break;
        case IR_VOP_FMUL: r = fp_mul(x, y, sz, &st); break;
        case IR_VOP_FDIV: r = fp_div(x, y, sz, &st); break;
        case IR_VOP_FMLA: r = fp_muladd(velt(&D, k, sz), x, y, sz, &st); break;
        default: r = fp_muladd(velt(&D, k, sz), fp_neg(x, sz), y, sz, &st); break;
        }
        velt_set(&R, k, sz, r);
    }
    memcpy((char *)env + i->aux2, &R, 16);
    fpst_commit(c, &st);
}

__attribute__((constructor)) static void register_a64_vop_fp(void)
{
    ir_vop_fp_exact = a64_vop_fp;
}
