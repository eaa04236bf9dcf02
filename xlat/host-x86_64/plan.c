/*
 * Lowering plan (see plan.h).  Simulates what the lowering leaves in host
 * EFLAGS op by op: a flag-setting op leaves NZCV in host form (x86 CF is
 * Arm C after add, NOT C after sub, 0 after and); a compare leaves the
 * result of one condition; most other ops destroy the flags; moves,
 * loads, stores, cmov and jcc keep them.  A consumer is fused when the
 * flags its condition was computed from are still intact.
 */
#include <stdlib.h>

#include "xlat/host-x86_64/encode.h"
#include "xlat/host-x86_64/plan.h"
#include "xlat/host-x86_64/regalloc.h"

enum fkind { F_NONE, F_ADD, F_SUB, F_LOGIC, F_COND };

int plan_cmp_cc(unsigned c)
{
    static const int8_t m[] = {
        [IR_EQ] = XCC_E, [IR_NE] = XCC_NE, [IR_LTU] = XCC_B, [IR_GEU] = XCC_AE,
        [IR_LEU] = XCC_BE, [IR_GTU] = XCC_A, [IR_LT] = XCC_L, [IR_GE] = XCC_GE,
        [IR_LE] = XCC_LE, [IR_GT] = XCC_G, [IR_TSTEQ] = XCC_E, [IR_TSTNE] = XCC_NE,
    };
    return c < sizeof(m) ? m[c] : XCC_NE;
}

int plan_env_cc(unsigned cc)
{
    /* lower.c: Z,C,N,V: cmp byte flag,0; HI/LS: cmp C,Z; GE/LT: cmp N,V;
     * GT/LE: (N^V)|Z compared to 0 */
    static const int8_t m[16] = {
        XCC_NE, XCC_E, XCC_NE, XCC_E, XCC_NE, XCC_E, XCC_NE, XCC_E,
        XCC_A, XCC_BE, XCC_E, XCC_NE, XCC_E, XCC_NE, PLAN_CC_ALWAYS, PLAN_CC_ALWAYS,
    };
    return m[cc & 15];
}

/* x86 cc for Arm condition cc when host flags hold NZCV of kind k; -1 if
 * no single x86 condition matches */
static int host_cc(enum fkind k, unsigned cc)
{
    static const int8_t sub[14] = {
        XCC_E, XCC_NE, XCC_AE, XCC_B, XCC_S, XCC_NS, XCC_O, XCC_NO,
        XCC_A, XCC_BE, XCC_GE, XCC_L, XCC_G, XCC_LE,
    };
    if (cc >= 14)
        return PLAN_CC_ALWAYS;
    switch (k) {
    case F_SUB:
        return sub[cc];
    case F_ADD:
        if (cc == IR_CC_CS) return XCC_B;
        if (cc == IR_CC_CC) return XCC_AE;
        if (cc == IR_CC_HI || cc == IR_CC_LS) return -1;
        return sub[cc];
    case F_LOGIC:   /* x86 and/test: CF = OF = 0, like Arm's C = V = 0 */
        if (cc == IR_CC_CS || cc == IR_CC_HI) return XCC_B;    /* never */
        if (cc == IR_CC_CC || cc == IR_CC_LS) return XCC_AE;   /* always */
        return sub[cc];
    default:
        return -1;
    }
}

static bool keeps_flags(const struct ir_insn *in)
{
    switch ((enum ir_op)in->op) {
    case IR_nop: case IR_insn_start: case IR_const: case IR_mov:
    case IR_getenv: case IR_setenv: case IR_ld: case IR_st:
    case IR_ldv: case IR_stv: case IR_clrex: case IR_barrier:
        return true;
    default:
        return false;
    }
}

bool plan_block(const struct ir_block *b, struct plan *p)
{
    uint32_t n = b->n ? b->n : 1;
    p->cc = calloc(n, 1);
    p->tf_host = calloc(n, 1);
    p->fused = calloc(n, 1);
    p->need = calloc(n, 1);
    p->clobber = calloc(n, sizeof(uint16_t));
    uint32_t *flag_id = calloc(n, sizeof(uint32_t));
    uint32_t *uses = calloc(n, sizeof(uint32_t));
    if (!p->cc || !p->tf_host || !p->fused || !p->need || !p->clobber || !flag_id || !uses) {
        free(flag_id);
        free(uses);
        plan_free(p);
        return false;
    }
    enum fkind kind = F_NONE;
    uint32_t id = 1;
    for (uint32_t i = 0; i < b->n; i++) {
        const struct ir_insn *in = &b->insn[i];
        unsigned na = ir_op_info[in->op].nargs;
        bool counted0 = false;
        switch ((enum ir_op)in->op) {
        case IR_add: case IR_sub: case IR_adc: case IR_sbc: case IR_and: case IR_andn:
            id++;
            if (!in->setflags)
                kind = F_NONE;
            else
                kind = in->op == IR_add || in->op == IR_adc ? F_ADD
                     : in->op == IR_sub || in->op == IR_sbc ? F_SUB : F_LOGIC;
            break;
        case IR_testflags: {
            int c = host_cc(kind, in->cond);
            if (c >= 0 && kind != F_COND && kind != F_NONE) {
                p->cc[i] = (int8_t)c;
                p->tf_host[i] = 1;
            } else if (in->cond >= 14) {
                p->cc[i] = PLAN_CC_ALWAYS;
            } else {
                p->cc[i] = (int8_t)plan_env_cc(in->cond);
                id++;
                kind = F_COND;
            }
            flag_id[i] = id;
            break;
        }
        case IR_setcond:
            p->cc[i] = (int8_t)plan_cmp_cc(in->cond);
            id++;
            kind = F_COND;
            flag_id[i] = id;
            break;
        case IR_select:
        case IR_exit_if: {
            ir_ref c = in->arg[0];
            if (c != IR_NONE && c < i && b->insn[c].op == IR_const)
                break;  /* decided at translation time; no flags touched */
            if (c != IR_NONE && c < i &&
                (b->insn[c].op == IR_testflags || b->insn[c].op == IR_setcond) &&
                (p->cc[c] == PLAN_CC_ALWAYS || flag_id[c] == id)) {
                p->fused[i] = 1;
                counted0 = true;
            } else {
                id++;
                kind = F_NONE;
            }
            break;
        }
        case IR_call:
            p->clobber[i] = RA_CALLER_SAVED;
            id++;
            kind = F_NONE;
            break;
        case IR_stex:
            if ((in->aux & IR_MO_PAIR) && (in->aux & IR_MO_SIZE_MASK) == 3)
                p->clobber[i] = (1u << RBX) | (1u << RSI);
            id++;
            kind = F_NONE;
            break;
        default:
            if (!keeps_flags(in)) {
                id++;
                kind = F_NONE;
            }
            break;
        }
        for (unsigned k = 0; k < na; k++) {
            ir_ref a = in->arg[k];
            if (a == IR_NONE || a >= i || (k == 0 && counted0))
                continue;
            uses[a]++;
        }
    }
    for (uint32_t i = 0; i < b->n; i++) {
        const struct ir_insn *in = &b->insn[i];
        if (!ir_op_info[in->op].result || !uses[i])
            continue;
        if (in->op == IR_const)
            p->need[i] = !x_fits_i32(in->imm) && uses[i] >= 2;
        else
            p->need[i] = 1;
    }
    free(flag_id);
    free(uses);
    return true;
}

void plan_free(struct plan *p)
{
    free(p->cc);
    free(p->tf_host);
    free(p->fused);
    free(p->need);
    free(p->clobber);
    p->cc = NULL;
    p->tf_host = p->fused = p->need = NULL;
    p->clobber = NULL;
}
