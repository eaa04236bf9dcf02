/*
 * IR blocks: the op table generated from ir_ops.def and the builders the
 * guest frontends use to append instructions.
 */
#include <stdlib.h>
#include <string.h>

#include "xlat/ir.h"

const struct ir_op_info ir_op_info[IR_NUM_OPS] = {
#define IR_OP(n, na, res, fl) [IR_##n] = { #n, na, res, fl },
#include "xlat/ir_ops.def"
#undef IR_OP
};

void ir_block_init(struct ir_block *b, uint64_t pc)
{
    memset(b, 0, sizeof(*b));
    b->guest_pc = pc;
}

void ir_block_reset(struct ir_block *b, uint64_t pc)
{
    b->n = 0;
    b->guest_pc = pc;
    b->guest_bytes = 0;
    b->guest_insns = 0;
    b->npeeks = 0;
}

void ir_block_free(struct ir_block *b)
{
    free(b->insn);
    memset(b, 0, sizeof(*b));
}

ir_ref ir_emit(struct ir_block *b, enum ir_op op, enum ir_type type,
               ir_ref a0, ir_ref a1, ir_ref a2, int64_t imm, uint32_t aux)
{
    if (b->n == b->cap) {
        uint32_t cap = b->cap ? b->cap * 2 : 256;
        struct ir_insn *n = realloc(b->insn, cap * sizeof(*n));
        if (!n)
            abort();
        b->insn = n;
        b->cap = cap;
    }
    struct ir_insn *i = &b->insn[b->n];
    memset(i, 0, sizeof(*i));
    i->op = op;
    i->type = type;
    i->arg[0] = a0;
    i->arg[1] = a1;
    i->arg[2] = a2;
    i->imm = imm;
    i->aux = aux;
    return b->n++;
}

bool ir_is_const(const struct ir_block *b, ir_ref r, uint64_t *v)
{
    if (r >= b->n || b->insn[r].op != IR_const)
        return false;
    if (v)
        *v = (uint64_t)b->insn[r].imm;
    return true;
}

bool ir_is_zext32(const struct ir_block *b, ir_ref r)
{
    const struct ir_insn *d = &b->insn[r];
    switch (d->op) {
    case IR_const:
        return ((uint64_t)d->imm >> 32) == 0;
    case IR_getenv:
    case IR_zext:
        return d->aux <= 2;
    case IR_mov:
    case IR_select:
    case IR_call:
        return false;
    default:
        return d->type == IR_I32 && ir_op_info[d->op].result;
    }
}

ir_ref ir_const(struct ir_block *b, uint64_t v)
{
    return ir_emit(b, IR_const, IR_I64, IR_NONE, IR_NONE, IR_NONE, (int64_t)v, 0);
}

ir_ref ir_getenv(struct ir_block *b, uint32_t off, unsigned log2size)
{
    return ir_emit(b, IR_getenv, IR_I64, IR_NONE, IR_NONE, IR_NONE, off, log2size);
}

void ir_setenv(struct ir_block *b, uint32_t off, unsigned log2size, ir_ref v)
{
    ir_emit(b, IR_setenv, IR_I64, v, IR_NONE, IR_NONE, off, log2size);
}

ir_ref ir_op2(struct ir_block *b, enum ir_op op, enum ir_type t, ir_ref a, ir_ref c)
{
    return ir_emit(b, op, t, a, c, IR_NONE, 0, 0);
}

ir_ref ir_op2f(struct ir_block *b, enum ir_op op, enum ir_type t, ir_ref a, ir_ref c)
{
    ir_ref r = ir_emit(b, op, t, a, c, IR_NONE, 0, 0);
    b->insn[r].setflags = 1;
    return r;
}

ir_ref ir_op1(struct ir_block *b, enum ir_op op, enum ir_type t, ir_ref a)
{
    return ir_emit(b, op, t, a, IR_NONE, IR_NONE, 0, 0);
}

ir_ref ir_ext(struct ir_block *b, bool sign, enum ir_type t, unsigned from_log2, ir_ref a)
{
    return ir_emit(b, sign ? IR_sext : IR_zext, t, a, IR_NONE, IR_NONE, 0, from_log2);
}

ir_ref ir_setcond(struct ir_block *b, enum ir_cmp c, enum ir_type t, ir_ref a, ir_ref d)
{
    ir_ref r = ir_emit(b, IR_setcond, t, a, d, IR_NONE, 0, 0);
    b->insn[r].cond = c;
    return r;
}

ir_ref ir_testflags(struct ir_block *b, enum ir_cc cc)
{
    ir_ref r = ir_emit(b, IR_testflags, IR_I64, IR_NONE, IR_NONE, IR_NONE, 0, 0);
    b->insn[r].cond = cc;
    return r;
}

ir_ref ir_select(struct ir_block *b, ir_ref c, ir_ref a, ir_ref d)
{
    return ir_emit(b, IR_select, IR_I64, c, a, d, 0, 0);
}

ir_ref ir_ld(struct ir_block *b, enum ir_type t, ir_ref addr, int64_t off, uint32_t memop)
{
    return ir_emit(b, IR_ld, t, addr, IR_NONE, IR_NONE, off, memop);
}

void ir_st(struct ir_block *b, ir_ref addr, int64_t off, uint32_t memop, ir_ref v)
{
    ir_emit(b, IR_st, IR_I64, addr, v, IR_NONE, off, memop);
}

ir_ref ir_call(struct ir_block *b, const void *fn, uint32_t flags,
               ir_ref a0, ir_ref a1, ir_ref a2)
{
    unsigned n = a2 != IR_NONE ? 3 : a1 != IR_NONE ? 2 : a0 != IR_NONE ? 1 : 0;
    return ir_emit(b, IR_call, IR_I64, a0, a1, a2, (int64_t)(uintptr_t)fn,
                   (flags & ~(uint32_t)IR_CALL_NARGS_MASK) | n);
}

void ir_insn_start(struct ir_block *b, uint64_t pc)
{
    ir_emit(b, IR_insn_start, IR_I64, IR_NONE, IR_NONE, IR_NONE, (int64_t)pc, 0);
}

void ir_exit_if(struct ir_block *b, ir_ref c, uint64_t pc)
{
    ir_emit(b, IR_exit_if, IR_I64, c, IR_NONE, IR_NONE, (int64_t)pc, 0);
}

void ir_goto_tb(struct ir_block *b, uint64_t pc)
{
    ir_emit(b, IR_goto_tb, IR_I64, IR_NONE, IR_NONE, IR_NONE, (int64_t)pc, 0);
}

void ir_goto_ptr(struct ir_block *b, ir_ref pc)
{
    ir_emit(b, IR_goto_ptr, IR_I64, pc, IR_NONE, IR_NONE, 0, 0);
}

void ir_exit(struct ir_block *b, uint64_t pc, unsigned reason)
{
    ir_emit(b, IR_exit, IR_I64, IR_NONE, IR_NONE, IR_NONE, (int64_t)pc, reason);
}
