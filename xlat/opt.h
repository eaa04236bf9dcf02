/*
 * Optimizer passes over one IR block, one pass per file (opt_*.c).  Each
 * rewrites the block in place; removed instructions become nops (refs
 * stay stable), and uses are redirected with ir_replace_uses().
 */
#ifndef XEMU_XLAT_OPT_H
#define XEMU_XLAT_OPT_H

#include "xlat/ir.h"

void opt_envfwd(struct ir_block *b);    /* guest-state load/store forwarding, dead stores */
void opt_copyprop(struct ir_block *b);  /* uses of mov see the source */
void opt_fold(struct ir_block *b);      /* constant folding, algebraic identities */
void opt_deadflags(struct ir_block *b); /* drop NZCV writes nobody reads */
void opt_dce(struct ir_block *b);       /* remove unused pure values */

/* Make r a nop. */
static inline void opt_kill(struct ir_block *b, ir_ref r)
{
    b->insn[r].op = IR_nop;
    b->insn[r].setflags = 0;
    b->insn[r].arg[0] = b->insn[r].arg[1] = b->insn[r].arg[2] = IR_NONE;
}
/* Turn r into `mov src` (copyprop then removes it). */
static inline void opt_to_mov(struct ir_block *b, ir_ref r, ir_ref src)
{
    struct ir_insn *i = &b->insn[r];
    i->op = IR_mov;
    i->type = IR_I64;
    i->setflags = 0;
    i->arg[0] = src;
    i->arg[1] = i->arg[2] = IR_NONE;
}
static inline void opt_to_const(struct ir_block *b, ir_ref r, uint64_t v)
{
    struct ir_insn *i = &b->insn[r];
    i->op = IR_const;
    i->type = IR_I64;
    i->setflags = 0;
    i->imm = (int64_t)v;
    i->arg[0] = i->arg[1] = i->arg[2] = IR_NONE;
}

#endif
