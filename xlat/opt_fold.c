/*
 * Constant folding and algebraic simplification.  Values are computed by
 * ir_eval_pure, the interpreter's own definition of each op, so folding
 * can never disagree with execution.  Identities (x+0, x|0, x<<0, x*1,
 * x&-1 ...) are applied at I64 only, or at I32 when x is itself an I32
 * result (already zero-extended), since an I32 op truncates its input.
 */
#include "xlat/opt.h"

/* x op identity -> x, when valid at the op's width */
static bool identity(struct ir_block *b, ir_ref r, ir_ref x)
{
    if (b->insn[r].type == IR_I32 && !ir_is_zext32(b, x))
        return false;
    opt_to_mov(b, r, x);
    return true;
}

static void simplify(struct ir_block *b, ir_ref r)
{
    struct ir_insn *i = &b->insn[r];
    uint64_t c0 = 0, c1 = 0;
    bool k0 = ir_is_const(b, i->arg[0], &c0);
    bool k1 = ir_op_info[i->op].nargs > 1 && ir_is_const(b, i->arg[1], &c1);
    uint64_t ones = i->type == IR_I32 ? 0xffffffffull : ~0ull;

    switch (i->op) {
    case IR_add:
    case IR_or:
    case IR_xor:
        if (k1 && c1 == 0)
            identity(b, r, i->arg[0]);
        else if (k0 && c0 == 0)
            identity(b, r, i->arg[1]);
        break;
    case IR_sub:
    case IR_shl:
    case IR_shr:
    case IR_sar:
    case IR_ror:
    case IR_andn:
        if (k1 && (i->op == IR_sub || i->op == IR_andn ? c1 == 0 : (c1 & (i->type == IR_I32 ? 31 : 63)) == 0))
            identity(b, r, i->arg[0]);
        break;
    case IR_and:
        if (k1 && (c1 & ones) == ones)
            identity(b, r, i->arg[0]);
        else if (k0 && (c0 & ones) == ones)
            identity(b, r, i->arg[1]);
        else if ((k1 && (c1 & ones) == 0) || (k0 && (c0 & ones) == 0))
            opt_to_const(b, r, 0);
        break;
    case IR_mul:
        if (k1 && c1 == 1)
            identity(b, r, i->arg[0]);
        break;
    case IR_select:
        if (k0)
            opt_to_mov(b, r, c0 ? i->arg[1] : i->arg[2]);
        else if (i->arg[1] == i->arg[2])
            opt_to_mov(b, r, i->arg[1]);
        break;
    case IR_zext:
        if (i->aux == 2 && ir_is_zext32(b, i->arg[0]))
            opt_to_mov(b, r, i->arg[0]);
        break;
    default:
        break;
    }
}

void opt_fold(struct ir_block *b)
{
    for (ir_ref r = 0; r < b->n; r++) {
        struct ir_insn *i = &b->insn[r];
        const struct ir_op_info *info = &ir_op_info[i->op];

        if (i->op == IR_exit_if) {
            uint64_t c;
            if (ir_is_const(b, i->arg[0], &c)) {
                if (!c) {
                    opt_kill(b, r);
                } else {
                    /* always taken: the rest of the block is unreachable */
                    i->op = IR_goto_tb;
                    i->arg[0] = IR_NONE;
                    for (ir_ref k = r + 1; k < b->n; k++)
                        opt_kill(b, k);
                    return;
                }
            }
            continue;
        }
        if (!(info->flags & IRF_PURE) || i->setflags || i->op == IR_const || i->op == IR_mov)
            continue;
        bool all_const = true;
        uint64_t args[3] = { 0, 0, 0 };
        for (unsigned k = 0; k < info->nargs; k++)
            all_const &= ir_is_const(b, i->arg[k], &args[k]);
        uint64_t v;
        if (all_const && ir_eval_pure(i, args, &v))
            opt_to_const(b, r, v);
        else
            simplify(b, r);
    }
}
