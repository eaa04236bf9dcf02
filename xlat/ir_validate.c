/*
 * IR well-formedness: operands refer to earlier value-producing ops,
 * operand counts and sizes are in range, and the block ends in exactly
 * one final exit.  Run by tests and by ir_parse; cheap enough for debug
 * builds to run on every block.
 */
#include <stdarg.h>
#include <stdio.h>

#include "xlat/ir.h"
#include "xlat/ir_vop.h"

static bool bad(char *err, size_t len, ir_ref r, const char *fmt, ...)
{
    va_list ap;
    int n = snprintf(err, len, "insn %u: ", r);
    va_start(ap, fmt);
    if (n >= 0 && (size_t)n < len)
        vsnprintf(err + n, len - (size_t)n, fmt, ap);
    va_end(ap);
    return false;
}

bool ir_validate(const struct ir_block *b, char *err, size_t errlen)
{
    ir_ref end = IR_NONE;
    for (ir_ref r = 0; r < b->n; r++) {
        const struct ir_insn *i = &b->insn[r];
        if (i->op >= IR_NUM_OPS)
            return bad(err, errlen, r, "bad opcode %u", i->op);
        const struct ir_op_info *info = &ir_op_info[i->op];
        if (i->op == IR_nop)
            continue;
        if (end != IR_NONE)
            return bad(err, errlen, r, "op after the block's final exit");
        unsigned need = info->nargs;
        if (i->op == IR_call)
            need = i->aux & IR_CALL_NARGS_MASK;
        if (i->op == IR_stex && !(i->aux & IR_MO_PAIR))
            need = 2;
        for (unsigned k = 0; k < info->nargs; k++) {
            ir_ref a = i->arg[k];
            if (k >= need) {
                if (a != IR_NONE)
                    return bad(err, errlen, r, "extra operand %u", k);
                continue;
            }
            if (a == IR_NONE || a >= r)
                return bad(err, errlen, r, "operand %u is not an earlier value", k);
            if (!ir_op_info[b->insn[a].op].result)
                return bad(err, errlen, r, "operand %u (%%%u, %s) has no value", k, a,
                           ir_op_info[b->insn[a].op].name);
        }
        if (i->setflags && !(info->flags & IRF_CAN_SETFLAGS))
            return bad(err, errlen, r, "%s cannot set flags", info->name);
        if ((i->op == IR_getenv || i->op == IR_setenv) && i->aux > 3)
            return bad(err, errlen, r, "env access size too large");
        if ((i->op == IR_ldv || i->op == IR_stv) && (i->aux & 7) > 4)
            return bad(err, errlen, r, "vector access size too large");
        if (i->op == IR_vop && (!ir_vop_valid(i->cond, i->aux & IR_VOP_SIZE_MASK) ||
                                (i->aux & ~(uint32_t)(IR_VOP_SIZE_MASK | IR_VOP_Q | IR_VOP_SCALAR |
                                                      0xff00 | IR_VOP_BYELEM | 0xf0000)) ||
                                (IR_VOP_SHIFT(i->aux) > (8u << (i->aux & IR_VOP_SIZE_MASK))) ||
                                ((uint64_t)i->imm >> (ir_vop_is_fp(i->cond) ? 48 : 32)) ||
                                (!ir_vop_is_fp(i->cond) && (i->aux & IR_VOP_SCALAR)) ||
                                ((i->aux & IR_VOP_BYELEM) &&
                                 ((i->cond != IR_VOP_FMUL && i->cond != IR_VOP_FMLA &&
                                   i->cond != IR_VOP_FMLS) ||
                                  IR_VOP_INDEX(i->aux) >= 16u >> (i->aux & IR_VOP_SIZE_MASK))) ||
                                ((i->cond == IR_VOP_ZIP1 || i->cond == IR_VOP_ZIP2) &&
                                 (i->aux & IR_VOP_SIZE_MASK) == 3 && !(i->aux & IR_VOP_Q)) ||
                                i->aux2 > 0xffff))
            return bad(err, errlen, r, "bad vop");
        if ((i->op == IR_umulh || i->op == IR_smulh) && i->type != IR_I64)
            return bad(err, errlen, r, "%s is I64 only", info->name);
        if (info->flags & IRF_END)
            end = r;
    }
    if (end == IR_NONE)
        return bad(err, errlen, b->n, "block has no final exit");
    return true;
}
