/*
 * Dead-code elimination: an op is live if it has an effect (memory, env,
 * flags, exits, calls) or a live op uses its value; everything else
 * becomes a nop.  One backward sweep suffices since refs point backwards.
 */
#include <stdlib.h>

#include "xlat/opt.h"

static bool has_effect(const struct ir_insn *i)
{
    uint16_t f = ir_op_info[i->op].flags;
    if (i->setflags)
        return true;
    if (f & (IRF_SIDE | IRF_WRITES_ENV | IRF_WRITES_FLAGS | IRF_EXIT | IRF_MARK))
        return true;
    return false;
}

void opt_dce(struct ir_block *b)
{
    uint8_t stackbuf[512];
    uint8_t *live = b->n <= sizeof(stackbuf) ? stackbuf : malloc(b->n);
    if (!live)
        return;
    for (ir_ref r = 0; r < b->n; r++)
        live[r] = 0;
    for (ir_ref r = b->n; r-- > 0;) {
        struct ir_insn *i = &b->insn[r];
        if (i->op == IR_nop)
            continue;
        if (!live[r] && !has_effect(i)) {
            opt_kill(b, r);
            continue;
        }
        unsigned n = ir_op_info[i->op].nargs;
        for (unsigned k = 0; k < n; k++)
            if (i->arg[k] != IR_NONE)
                live[i->arg[k]] = 1;
    }
    if (live != stackbuf)
        free(live);
}
