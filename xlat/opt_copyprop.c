/*
 * Copy propagation: every operand that names a `mov` is redirected to the
 * mov's source (transitively), so movs become dead and DCE removes them.
 */
#include "xlat/opt.h"

void opt_copyprop(struct ir_block *b)
{
    for (ir_ref r = 0; r < b->n; r++) {
        struct ir_insn *i = &b->insn[r];
        unsigned n = ir_op_info[i->op].nargs;
        for (unsigned k = 0; k < n; k++) {
            ir_ref a = i->arg[k];
            /* movs only refer backwards, and were already resolved */
            if (a != IR_NONE && b->insn[a].op == IR_mov)
                i->arg[k] = b->insn[a].arg[0];
        }
    }
}
