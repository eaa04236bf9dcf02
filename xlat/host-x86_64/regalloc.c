/*
 * Linear-scan register allocation for one block (see regalloc.h).
 *
 * Blocks are straight-line SSA, so a value's live range is the interval
 * [def, last use] and intervals arrive sorted by start.  A register whose
 * value dies at op i may hold the result of op i (two-address friendly);
 * a register clobbered at op c cannot hold a value whose interval
 * strictly contains c.  When no register fits, the value with the
 * furthest end (the new one or a live one) goes to a frame slot.
 */
#include <stdlib.h>
#include <string.h>

#include "xlat/host-x86_64/encode.h"
#include "xlat/host-x86_64/regalloc.h"

/* caller-saved first, so callee-saved ones stay free for values that
 * live across calls */
static const int8_t alloc_order[] = { RSI, RDI, R8, R9, R10, R11, RBX, R12, R13, R14, R15 };
#define NORDER (sizeof(alloc_order) / sizeof(alloc_order[0]))

struct clob { uint32_t at; uint16_t mask; };

struct ra_state {
    const struct ir_block *b;
    struct ra_result *out;
    struct clob *clob;      /* ops that clobber registers, in order (few: calls) */
    uint32_t nclob;
    int32_t owner[16];      /* ref holding each register, -1 */
    int32_t *slot_owner;    /* grown on demand up to max_slots */
    uint32_t slot_cap, max_slots, n;
};

static bool reg_fits(const struct ra_state *s, int reg, uint32_t from, uint32_t to)
{
    /* no clobber of reg strictly inside (from, to) */
    for (uint32_t k = 0; k < s->nclob && s->clob[k].at < to; k++)
        if (s->clob[k].at > from && (s->clob[k].mask >> reg & 1))
            return false;
    return true;
}

static bool reg_free_at(const struct ra_state *s, int reg, uint32_t i)
{
    int32_t o = s->owner[reg];
    return o < 0 || s->out->v[o].end <= i || ra_reg_at(s->out, (ir_ref)o, i) != reg;
}

static int32_t new_slot(struct ra_state *s, ir_ref r, uint32_t i)
{
    for (uint32_t k = 0; k < s->max_slots; k++) {
        if (k == s->slot_cap) {
            uint32_t cap = s->slot_cap ? s->slot_cap * 2 : 16;
            if (cap > s->max_slots)
                cap = s->max_slots;
            int32_t *n = realloc(s->slot_owner, cap * sizeof(int32_t));
            if (!n)
                return -1;
            for (uint32_t j = s->slot_cap; j < cap; j++)
                n[j] = -1;
            s->slot_owner = n;
            s->slot_cap = cap;
        }
        int32_t o = s->slot_owner[k];
        if (o < 0 || s->out->v[o].end < i) {
            s->slot_owner[k] = (int32_t)r;
            if (k + 1 > s->out->nslots)
                s->out->nslots = k + 1;
            return (int32_t)k;
        }
    }
    return -1;
}

bool ra_allocate(const struct ir_block *b, const uint8_t *need, const uint16_t *clobber,
                 const ir_ref *xuse, uint32_t max_slots, struct ra_result *out)
{
    uint32_t n = b->n;
    memset(out, 0, sizeof(*out));
    out->v = calloc(n ? n : 1, sizeof(*out->v));
    out->spills = calloc(n ? n : 1, sizeof(*out->spills));
    struct ra_state s = { .b = b, .out = out, .max_slots = max_slots, .n = n };
    uint32_t nc = 0;
    for (uint32_t k = 0; k < n; k++)
        nc += clobber[k] != 0;
    s.clob = malloc((nc ? nc : 1) * sizeof(*s.clob));
    if (!out->v || !out->spills || !s.clob)
        goto fail;
    for (uint32_t k = 0; k < n; k++)
        if (clobber[k])
            s.clob[s.nclob++] = (struct clob){ k, clobber[k] };
    for (int r = 0; r < 16; r++)
        s.owner[r] = -1;
    for (uint32_t i = 0; i < n; i++) {
        out->v[i].reg = XNONE;
        out->v[i].slot = -1;
        out->v[i].spill_at = UINT32_MAX;
    }
    for (uint32_t i = 0; i < n; i++) {
        const struct ir_insn *in = &b->insn[i];
        unsigned na = ir_op_info[in->op].nargs;
        for (unsigned k = 0; k < na; k++) {
            ir_ref a = in->arg[k];
            if (a != IR_NONE && a < i && out->v[a].end < i)
                out->v[a].end = i;
        }
        for (unsigned k = 0; xuse && k < 2; k++) {
            ir_ref a = xuse[2 * i + k];
            if (a != IR_NONE && a < i && out->v[a].end < i)
                out->v[a].end = i;
        }
    }

    for (uint32_t i = 0; i < n; i++) {
        struct ra_val *v = &out->v[i];
        if (!need[i] || v->end <= i)
            continue;
        uint32_t e = v->end;
        int pick = -1;
        /* hint: the register of an operand that dies here */
        const struct ir_insn *in = &b->insn[i];
        unsigned na = ir_op_info[in->op].nargs;
        /* arg0 always; later args only where the lowering can use the
         * result register for them without a detour (commutative ops) */
        bool any_arg = in->op == IR_add || in->op == IR_and || in->op == IR_or ||
                       in->op == IR_xor || in->op == IR_mul || in->op == IR_adc ||
                       in->op == IR_select;
        for (unsigned k = 0; k < (any_arg ? na : 1) && pick < 0; k++) {
            ir_ref a = in->arg[k];
            if (a == IR_NONE || a >= i || out->v[a].end != i)
                continue;
            int r = ra_reg_at(out, a, i);
            if (r >= 0 && s.owner[r] == (int32_t)a && reg_fits(&s, r, i, e))
                pick = r;
        }
        /* for the others, a register freed by a later operand would make
         * the lowering detour through a scratch: try to avoid it */
        uint16_t avoid = 0;
        for (unsigned k = 1; !any_arg && k < na; k++) {
            ir_ref a = in->arg[k];
            int r = a != IR_NONE && a < i ? ra_reg_at(out, a, i) : -1;
            if (r >= 0)
                avoid |= (uint16_t)(1u << r);
        }
        for (int pass = 0; pass < 2 && pick < 0; pass++)
            for (unsigned k = 0; k < NORDER && pick < 0; k++) {
                int r = alloc_order[k];
                if ((pass || !(avoid >> r & 1)) && reg_free_at(&s, r, i) && reg_fits(&s, r, i, e))
                    pick = r;
            }
        if (pick < 0) {
            /* steal from the live value ending last, if it ends after us */
            int victim_reg = -1;
            uint32_t vend = e;
            for (unsigned k = 0; k < NORDER; k++) {
                int r = alloc_order[k];
                int32_t o = s.owner[r];
                if (o < 0 || !reg_fits(&s, r, i, e) || ra_reg_at(out, (ir_ref)o, i) != r)
                    continue;
                if (out->v[o].end > vend) {
                    vend = out->v[o].end;
                    victim_reg = r;
                }
            }
            if (victim_reg >= 0) {
                ir_ref o = (ir_ref)s.owner[victim_reg];
                int32_t sl = new_slot(&s, o, i);
                if (sl < 0)
                    goto fail;
                out->v[o].slot = sl;
                out->v[o].spill_at = i;
                out->spills[out->nspills++] = o;
                pick = victim_reg;
            }
        }
        if (pick >= 0) {
            v->reg = (int8_t)pick;
            s.owner[pick] = (int32_t)i;
            out->used_regs |= (uint16_t)(1u << pick);
        } else {
            int32_t sl = new_slot(&s, i, i);
            if (sl < 0)
                goto fail;
            v->slot = sl;
            v->spill_at = i;
        }
    }
    free(s.clob);
    free(s.slot_owner);
    return true;
fail:
    free(s.clob);
    free(s.slot_owner);
    ra_free(out);
    return false;
}

void ra_free(struct ra_result *r)
{
    free(r->v);
    free(r->spills);
    memset(r, 0, sizeof(*r));
}
