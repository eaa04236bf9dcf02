/*
 * Dead-flag elimination: an op's NZCV write is dropped when a later op
 * overwrites NZCV before anything reads it.  Flags are live at every exit
 * (the next block may read them), across calls that read env, and at
 * memory ops (a fault hands NZCV to the guest's signal handler).
 */
#include "xlat/opt.h"

void opt_deadflags(struct ir_block *b)
{
    bool live = true;
    for (ir_ref r = b->n; r-- > 0;) {
        struct ir_insn *i = &b->insn[r];
        uint16_t f = ir_op_info[i->op].flags;
        if ((i->op == IR_exit_if || i->op == IR_goto_tb) && (i->aux2 & IR_EXIT_NZCV_DEAD)) {
            /* the target overwrites NZCV first: only the other path matters */
            if (i->op == IR_goto_tb)
                live = false;
            continue;
        }
        if (f & (IRF_EXIT | IRF_MEM)) {
            live = true;
            continue;
        }
        bool writes = i->setflags || (f & IRF_WRITES_FLAGS) ||
                      (i->op == IR_call && (i->aux & IR_CALL_WRITES_ENV));
        bool reads = (f & IRF_READS_FLAGS) ||
                     (i->op == IR_call && (i->aux & IR_CALL_READS_ENV));
        if (i->setflags && !live)
            i->setflags = 0;
        if (writes && !(i->op == IR_call))
            live = false;
        if (reads)
            live = true;
    }
}
