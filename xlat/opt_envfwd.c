/*
 * Guest-state forwarding: keeps guest registers in values within a block.
 *
 * Forward sweep: a getenv of an 8-byte slot whose value is known (stored
 * or loaded earlier in the block, with nothing in between that may change
 * env) becomes a copy of that value.  Backward sweep: a setenv of an
 * 8-byte slot is dropped when the slot is stored again before anything
 * can read it (a getenv, a helper that reads env, or any exit).
 *
 * A guest memory access may fault, and the guest's SIGSEGV handler must
 * then see every register as it was before the faulting instruction, so
 * stores are never dropped across a memory op: env is exact at each one
 * (the faulting pc comes from the block's insn_start map).
 */
#include <string.h>

#include "xlat/ir_vop.h"
#include "xlat/opt.h"

#define SLOTS 1024                      /* env bytes covered: 8 KiB */

static bool slot_of(int64_t off, unsigned *slot)
{
    if (off < 0 || off >= SLOTS * 8)
        return false;
    *slot = (unsigned)off >> 3;
    return true;
}

/* Mark every slot overlapping [off, off+len) with v. */
static void mark_range(ir_ref *known, int64_t off, unsigned len, ir_ref v)
{
    for (int64_t o = off & ~7; o < off + len; o += 8) {
        unsigned s;
        if (slot_of(o, &s))
            known[s] = v;
    }
}

static void forward(struct ir_block *b)
{
    ir_ref known[SLOTS];
    for (unsigned s = 0; s < SLOTS; s++)
        known[s] = IR_NONE;

    for (ir_ref r = 0; r < b->n; r++) {
        struct ir_insn *i = &b->insn[r];
        unsigned s;
        switch (i->op) {
        case IR_getenv:
            if (i->aux == 3 && (i->imm & 7) == 0 && slot_of(i->imm, &s)) {
                if (known[s] != IR_NONE)
                    opt_to_mov(b, r, known[s]);
                else
                    known[s] = r;
            }
            break;
        case IR_setenv:
            if (i->aux == 3 && (i->imm & 7) == 0 && slot_of(i->imm, &s))
                known[s] = i->arg[0];
            else
                mark_range(known, i->imm, 1u << i->aux, IR_NONE);
            break;
        case IR_ldv:
            mark_range(known, i->aux2, 16, IR_NONE);
            break;
        case IR_vop:            /* writes its 16-byte destination slot (+ FP status) */
            mark_range(known, i->aux2, 16, IR_NONE);
            if (ir_vop_is_fp(i->cond))
                mark_range(known, ir_vop_src(i, 2), 8, IR_NONE);
            break;
        case IR_call:
            if (i->aux & IR_CALL_WRITES_ENV)
                for (s = 0; s < SLOTS; s++)
                    known[s] = IR_NONE;
            break;
        default:
            /* other env writers (the exclusive monitor ops) */
            if (ir_op_info[i->op].flags & IRF_WRITES_ENV)
                for (s = 0; s < SLOTS; s++)
                    known[s] = IR_NONE;
            break;
        }
    }
}

static void dead_stores(struct ir_block *b)
{
    bool dead[SLOTS];
    memset(dead, 0, sizeof(dead));

    for (ir_ref r = b->n; r-- > 0;) {
        struct ir_insn *i = &b->insn[r];
        unsigned s;
        if (ir_op_info[i->op].flags & (IRF_EXIT | IRF_MEM)) {
            memset(dead, 0, sizeof(dead));
            continue;
        }
        switch (i->op) {
        case IR_setenv:
            if (i->aux == 3 && (i->imm & 7) == 0 && slot_of(i->imm, &s)) {
                if (dead[s])
                    opt_kill(b, r);
                else
                    dead[s] = true;
            } else {
                for (int64_t o = i->imm & ~7; o < i->imm + (1 << i->aux); o += 8)
                    if (slot_of(o, &s))
                        dead[s] = false;
            }
            break;
        case IR_getenv:
            for (int64_t o = i->imm & ~7; o < i->imm + (1 << i->aux); o += 8)
                if (slot_of(o, &s))
                    dead[s] = false;
            break;
        case IR_stv:
            for (int64_t o = i->aux2; o < (int64_t)i->aux2 + 16; o += 8)
                if (slot_of(o, &s))
                    dead[s] = false;
            break;
        case IR_vop:            /* reads its two 16-byte source slots (+ FP control, accumulator) */
            for (unsigned k = 0; k < 2; k++)
                for (int64_t o = ir_vop_src(i, k); o < (int64_t)ir_vop_src(i, k) + 16; o += 8)
                    if (slot_of(o, &s))
                        dead[s] = false;
            if (ir_vop_reads_dst(i->cond))
                for (int64_t o = i->aux2; o < (int64_t)i->aux2 + 16; o += 8)
                    if (slot_of(o, &s))
                        dead[s] = false;
            if (ir_vop_is_fp(i->cond)) {
                for (int64_t o = ir_vop_src(i, 2) & ~7; o < (int64_t)ir_vop_src(i, 2) + 8; o += 8)
                    if (slot_of(o, &s))
                        dead[s] = false;
            }
            break;
        case IR_call:
            if (i->aux & (IR_CALL_READS_ENV | IR_CALL_WRITES_ENV))
                memset(dead, 0, sizeof(dead));
            break;
        default:
            if (ir_op_info[i->op].flags & IRF_READS_ENV)
                memset(dead, 0, sizeof(dead));
            break;
        }
    }
}

void opt_envfwd(struct ir_block *b)
{
    forward(b);
    dead_stores(b);
}
