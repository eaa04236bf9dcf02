/*
 * A64 branches and exception-generating instructions: B, BL, B.cond,
 * BC.cond, CBZ/CBNZ, TBZ/TBNZ, BR/BLR/RET, SVC and BRK.  Called by the
 * generated decoder (decode_ldst_br.c).  Unconditional ones end the block;
 * a conditional branch leaves through exit_if to the target (chainable)
 * and translation goes on with the next instruction.  The PAC forms
 * (BRAA, RETAA, ...) are not in the spec: without FEAT_PAuth advertised
 * they are UNDEFINED, and HVC/SMC/HLT/DCPS are UNDEFINED at EL0.
 */
#include <stddef.h>

#include "xlat/aarch64/decode_ldst_br.h"
#include "xlat/aarch64/translate.h"

static void branch_to(DisasContext *s, uint64_t target)
{
    a64_goto_tb(s, target);
    s->end = true;
}

/* Leave to target if c != 0, else go on with the next instruction in the
 * same block: the not-taken path is usually the hot one (loop bodies,
 * error checks), and longer blocks keep guest registers in host registers
 * across the branch. */
static void branch_if(DisasContext *s, ir_ref c, uint64_t target)
{
    a64_exit_if(s, c, target);
}

bool trans_B(DisasContext *s, const arg_B *a)
{
    branch_to(s, s->pc + (int64_t)a->imm * 4);
    return true;
}

bool trans_BL(DisasContext *s, const arg_BL *a)
{
    a64_setx(s, 30, ir_const(s->b, s->pc + 4));
    branch_to(s, s->pc + (int64_t)a->imm * 4);
    return true;
}

static void cond_branch(DisasContext *s, int cond, int32_t imm)
{
    uint64_t target = s->pc + (int64_t)imm * 4;
    if (cond >= IR_CC_AL) {
        /* AL and NV both mean "always" in A64 */
        branch_to(s, target);
        return;
    }
    branch_if(s, ir_testflags(s->b, (enum ir_cc)cond), target);
}

bool trans_B_cond(DisasContext *s, const arg_B_cond *a)
{
    cond_branch(s, a->cond, a->imm);
    return true;
}

/* FEAT_HBC: same behaviour as B.cond, only a different branch hint. */
bool trans_BC_cond(DisasContext *s, const arg_BC_cond *a)
{
    cond_branch(s, a->cond, a->imm);
    return true;
}

bool trans_CBZ(DisasContext *s, const arg_CBZ *a)
{
    enum ir_type t = a64_type(a->sf);
    ir_ref v = a64_getx(s, a->rt);
    ir_ref c = ir_setcond(s->b, a->nz ? IR_NE : IR_EQ, t, v, ir_const(s->b, 0));
    branch_if(s, c, s->pc + (int64_t)a->imm * 4);
    return true;
}

bool trans_TBZ(DisasContext *s, const arg_TBZ *a)
{
    unsigned bit = (unsigned)(a->b5 << 5 | a->b40);
    ir_ref v = a64_getx(s, a->rt);
    ir_ref c = ir_setcond(s->b, a->nz ? IR_TSTNE : IR_TSTEQ, IR_I64, v,
                          ir_const(s->b, 1ull << bit));
    branch_if(s, c, s->pc + (int64_t)a->imm * 4);
    return true;
}

static void branch_reg(DisasContext *s, unsigned rn, bool link)
{
    /* read the target before the link write: BLR x30 jumps to the old x30 */
    ir_ref target = a64_getx(s, rn);
    if (link)
        a64_setx(s, 30, ir_const(s->b, s->pc + 4));
    ir_goto_ptr(s->b, target);
    s->end = true;
}

bool trans_BR(DisasContext *s, const arg_BR *a)
{
    branch_reg(s, a->rn, false);
    return true;
}

bool trans_BLR(DisasContext *s, const arg_BLR *a)
{
    branch_reg(s, a->rn, true);
    return true;
}

bool trans_RET(DisasContext *s, const arg_RET *a)
{
    branch_reg(s, a->rn, false);
    return true;
}

/* Linux ignores the SVC immediate: the syscall number is in x8. */
bool trans_SVC(DisasContext *s, const arg_SVC *a)
{
    (void)a;
    a64_exit(s, s->pc + 4, XLAT_EXIT_SYSCALL);
    return true;
}

/* The loop turns this into SIGTRAP at the BRK itself (as the kernel's
 * brk handler does); the immediate goes to exit_info for debuggers. */
bool trans_BRK(DisasContext *s, const arg_BRK *a)
{
    ir_setenv(s->b, offsetof(struct xlat_env, exit_info), 3, ir_const(s->b, (uint32_t)a->imm));
    a64_exit(s, s->pc, XLAT_EXIT_BRK);
    return true;
}
