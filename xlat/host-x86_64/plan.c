/*
 * Lowering plan (see plan.h).  Simulates what the lowering leaves in host
 * EFLAGS op by op: a flag-setting op leaves NZCV in host form (x86 CF is
 * Arm C after add, NOT C after sub, 0 after and); a compare leaves the
 * result of one condition; most other ops destroy the flags; moves,
 * loads, stores, cmov and jcc keep them.  A consumer is fused when the
 * flags its condition was computed from are still intact.
 */
#include <stdlib.h>
#include <string.h>

#include "xlat/host-x86_64/encode.h"
#include "xlat/host-x86_64/plan.h"
#include "xlat/host-x86_64/regalloc.h"
#include "xlat/host-x86_64/x86.h"
#include "xlat/ir_vop.h"

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

static bool keeps_flags(const struct ir_block *b, const struct ir_insn *in)
{
    switch ((enum ir_op)in->op) {
    case IR_nop: case IR_insn_start: case IR_const: case IR_mov:
    case IR_getenv: case IR_setenv: case IR_ld: case IR_st:
    case IR_vop:            /* integer: SSE only; FP and crypto test or may call */
        return !ir_vop_may_call(in->cond);
    case IR_ldv: case IR_stv: case IR_clrex: case IR_barrier:
    case IR_not: case IR_bswap: case IR_sext: case IR_zext:   /* mov/movzx/not/bswap */
        return true;
    case IR_shl: case IR_shr: case IR_sar:   /* by a register: shlx & co */
        return x86_features.bmi2 && !ir_is_const(b, in->arg[1], NULL);
    default:
        return false;
    }
}

/* add/sub without flags that lower.c emits as one lea: a + b, a + imm,
 * a - imm (imm a sign-extended 32-bit displacement) */
static bool lea_able(const struct ir_block *b, const struct ir_insn *in)
{
    uint64_t c;
    if (in->setflags || (in->op != IR_add && in->op != IR_sub))
        return false;
    bool k0 = ir_is_const(b, in->arg[0], NULL), k1 = ir_is_const(b, in->arg[1], &c);
    if (k1 && !k0) {
        int64_t d = in->type == IR_I32 ? (int32_t)(uint32_t)c : (int64_t)c;
        if (in->op == IR_sub)
            d = (int64_t)(0 - (uint64_t)d);   /* INT64_MIN stays, and does not fit */
        return x_fits_i32(d) && (in->type != IR_I32 || d != -(int64_t)INT32_MIN);
    }
    if (in->op == IR_sub)
        return false;
    if (k0 && !k1) {
        ir_is_const(b, in->arg[0], &c);
        return in->type == IR_I32 || x_fits_i32((int64_t)c);
    }
    return !k0 && !k1;
}

static bool is_op(const struct ir_block *b, ir_ref r, enum ir_op op)
{
    return r != IR_NONE && r < b->n && b->insn[r].op == op;
}

/* shl.i64 z, c with c in 1..3, used once: returns c, else 0 */
static unsigned scaled(const struct ir_block *b, const uint32_t *uses, ir_ref r, enum ir_type t)
{
    uint64_t c;
    if (!is_op(b, r, IR_shl) || uses[r] != 1 || b->insn[r].type != t ||
        !ir_is_const(b, b->insn[r].arg[1], &c) || c < 1 || c > 3 || ir_is_const(b, b->insn[r].arg[0], NULL))
        return 0;
    return (unsigned)c;
}

static void use_add(uint32_t *uses, ir_ref r, int d)
{
    if (r != IR_NONE)
        uses[r] = (uint32_t)((int)uses[r] + d);
}

/* fold the single-use add feeding memory op m's address into its operand */
static void fold_address(const struct ir_block *b, struct plan *p, uint32_t *uses, uint32_t m)
{
    const struct ir_insn *in = &b->insn[m];
    ir_ref a = in->arg[0];
    uint64_t c;
    if (!x_fits_i32(in->imm) || !is_op(b, a, IR_add) || b->insn[a].type != IR_I64 ||
        b->insn[a].setflags || uses[a] != 1)
        return;
    ir_ref x = b->insn[a].arg[0], y = b->insn[a].arg[1];
    struct plan_addr ad = { .base = x, .index = IR_NONE, .scale = 1, .active = true };
    if (ir_is_const(b, x, &c)) {
        ir_ref t = x;
        x = y;
        y = t;
        ad.base = x;
    }
    if (ir_is_const(b, x, NULL))
        return;
    if (ir_is_const(b, y, &c)) {
        if (!x_fits_i32((int64_t)c) || !x_fits_i32(in->imm + (int64_t)c))
            return;
        ad.disp = (int32_t)c;
    } else {
        unsigned sh = scaled(b, uses, y, IR_I64);
        if (!sh && scaled(b, uses, x, IR_I64)) {
            ir_ref t = x;
            x = y;
            y = t;
            ad.base = x;
            sh = scaled(b, uses, y, IR_I64);
        }
        if (sh) {
            p->folded[y] = 1;
            use_add(uses, y, -1);
            y = b->insn[y].arg[0];
            use_add(uses, y, 1);
            ad.scale = (uint8_t)(1u << sh);
        } else {
            use_add(uses, y, 1);
        }
        ad.index = y;
    }
    use_add(uses, x, 1);
    use_add(uses, a, -1);
    p->folded[a] = 1;
    p->addr[m] = ad;
    p->xuse[2 * m] = ad.base;
    p->xuse[2 * m + 1] = ad.index;
}

/* add(x, shl(z, 1..3)) -> lea [x + z*scale] */
static void fold_lea(const struct ir_block *b, struct plan *p, uint32_t *uses, uint32_t i)
{
    const struct ir_insn *in = &b->insn[i];
    if (in->setflags || p->folded[i])
        return;
    ir_ref x = in->arg[0], y = in->arg[1];
    enum ir_type t = (enum ir_type)in->type;
    if (!scaled(b, uses, y, t)) {
        ir_ref tmp = x;
        x = y;
        y = tmp;
    }
    unsigned sh = scaled(b, uses, y, t);
    if (!sh || ir_is_const(b, x, NULL))
        return;
    ir_ref z = b->insn[y].arg[0];
    p->folded[y] = 1;
    use_add(uses, y, -1);
    use_add(uses, z, 1);
    p->addr[i] = (struct plan_addr){ .base = x, .index = z, .scale = (uint8_t)(1u << sh),
                                     .active = true };
    p->xuse[2 * i] = x;
    p->xuse[2 * i + 1] = z;
}

/* may op `in` write env bytes [off, off + 8)? */
static bool writes_env_at(const struct ir_insn *in, int64_t off)
{
    switch ((enum ir_op)in->op) {
    case IR_setenv:
        return in->imm < off + 8 && off < in->imm + (1 << (in->aux & 3));
    case IR_vop:
        if (ir_vop_is_fp(in->cond) && (int64_t)ir_vop_src(in, 2) < off + 8 &&
            off < (int64_t)ir_vop_src(in, 2) + 8)
            return true;                /* FP status */
        return (int64_t)in->aux2 < off + 8 && off < (int64_t)in->aux2 + 16;
    case IR_ldv:
        return (int64_t)in->aux2 < off + 8 && off < (int64_t)in->aux2 + 16;
    case IR_call: case IR_ldex: case IR_stex: case IR_clrex: case IR_wrflags:
        return true;
    default:
        return in->setflags && off < 8;
    }
}

/* A getenv.8 whose only user is the second operand of an ALU op or a
 * compare becomes that op's memory operand ([env+off]) when nothing in
 * between can write those bytes. */
static void fold_getenv(const struct ir_block *b, struct plan *p, const uint32_t *uses, uint32_t u)
{
    const struct ir_insn *in = &b->insn[u];
    switch ((enum ir_op)in->op) {
    case IR_add: case IR_sub: case IR_and: case IR_or: case IR_xor:
    case IR_adc: case IR_sbc: case IR_setcond: case IR_mul:
        break;
    default:
        return;
    }
    if (p->lea[u] || p->addr[u].active)
        return;
    ir_ref g = in->arg[1];
    if (!is_op(b, g, IR_getenv) || b->insn[g].aux != 3 || uses[g] != 1 || in->arg[0] == g)
        return;
    for (uint32_t k = g + 1; k < u; k++)
        if (writes_env_at(&b->insn[k], b->insn[g].imm))
            return;
    p->envmem[g] = 1;
}

/* wrflags(select(c, rdflags, K)) or wrflags(select(c, K, rdflags)) with
 * no flag write between the rdflags and the wrflags: a conditional store
 * of K's NZCV (see struct plan) */
static void fold_ccmp(const struct ir_block *b, struct plan *p, uint32_t *uses, uint32_t w)
{
    ir_ref s = b->insn[w].arg[0];
    uint64_t k;
    if (!is_op(b, s, IR_select) || uses[s] != 1 || p->folded[s])
        return;
    const struct ir_insn *sel = &b->insn[s];
    ir_ref r = sel->arg[1];
    uint8_t keep_on = 1;
    if (!is_op(b, r, IR_rdflags) || !ir_is_const(b, sel->arg[2], &k)) {
        r = sel->arg[2];
        keep_on = 0;
        if (!is_op(b, r, IR_rdflags) || !ir_is_const(b, sel->arg[1], &k))
            return;
    }
    if (uses[r] != 1 || ir_is_const(b, sel->arg[0], NULL))
        return;
    for (uint32_t i = r + 1; i < w; i++) {
        const struct ir_insn *in = &b->insn[i];
        if (in->setflags || in->op == IR_wrflags || in->op == IR_call)
            return;
    }
    p->folded[s] = p->folded[r] = 1;
    use_add(uses, s, -1);
    use_add(uses, r, -1);
    p->ccmp_cond[w] = sel->arg[0];
    p->ccmp_keep_on[w] = keep_on;
    p->ccmp_word[w] = (uint32_t)((k >> 31 & 1) | (k >> 30 & 1) << 8 | (k >> 29 & 1) << 16 |
                                 (k >> 28 & 1) << 24);
    p->xuse[2 * w] = sel->arg[0];
}

bool plan_block(const struct ir_block *b, struct plan *p)
{
    uint32_t n = b->n ? b->n : 1;
    /* one zeroed arena, widest elements first so each stays aligned */
    size_t total = n * (sizeof(struct plan_addr) + 3 * sizeof(ir_ref) + 3 * sizeof(uint32_t) +
                        sizeof(uint16_t) + 9);
    uint8_t *m = calloc(1, total);
    if (!m) {
        memset(p, 0, sizeof(*p));
        return false;
    }
    p->mem = m;
    p->addr = (struct plan_addr *)(void *)m;
    m += n * sizeof(struct plan_addr);
    p->xuse = (ir_ref *)(void *)m;
    m += 2 * n * sizeof(ir_ref);
    uint32_t *flag_id = (uint32_t *)(void *)m;
    m += n * sizeof(uint32_t);
    uint32_t *uses = (uint32_t *)(void *)m;
    m += n * sizeof(uint32_t);
    p->ccmp_cond = (ir_ref *)(void *)m;
    m += n * sizeof(ir_ref);
    p->ccmp_word = (uint32_t *)(void *)m;
    m += n * sizeof(uint32_t);
    p->clobber = (uint16_t *)(void *)m;
    m += n * sizeof(uint16_t);
    p->cc = (int8_t *)m;
    p->tf_host = m + n;
    p->fused = m + 2 * n;
    p->need = m + 3 * n;
    p->folded = m + 4 * n;
    p->lea = m + 5 * n;
    p->nzcv_store = m + 6 * n;
    p->envmem = m + 7 * n;
    p->ccmp_keep_on = m + 8 * n;
    for (uint32_t i = 0; i < n; i++)
        p->ccmp_cond[i] = IR_NONE;
    for (uint32_t i = 0; i < 2 * n; i++)
        p->xuse[i] = IR_NONE;
    /* raw use counts, then address / lea folding (which moves uses) */
    for (uint32_t i = 0; i < b->n; i++) {
        const struct ir_insn *in = &b->insn[i];
        for (unsigned k = 0; k < ir_op_info[in->op].nargs; k++)
            if (in->arg[k] != IR_NONE && in->arg[k] < i)
                uses[in->arg[k]]++;
    }
    for (uint32_t i = b->n; i-- > 0;) {
        enum ir_op op = (enum ir_op)b->insn[i].op;
        if (op == IR_wrflags)
            fold_ccmp(b, p, uses, i);
        else if (op == IR_ld || op == IR_st || op == IR_ldv || op == IR_stv)
            fold_address(b, p, uses, i);
        else if (op == IR_add && uses[i])
            fold_lea(b, p, uses, i);
    }
    for (uint32_t i = 0; i < n; i++)
        uses[i] = 0;

    enum fkind kind = F_NONE;
    uint32_t id = 1;
    for (uint32_t i = 0; i < b->n; i++) {
        const struct ir_insn *in = &b->insn[i];
        unsigned na = ir_op_info[in->op].nargs;
        bool counted0 = false;
        if (p->folded[i])
            continue;   /* no code; its operands are counted at the user */
        for (unsigned k = 0; k < 2; k++)
            if (p->xuse[2 * i + k] != IR_NONE)
                uses[p->xuse[2 * i + k]]++;
        switch ((enum ir_op)in->op) {
        case IR_add: case IR_sub:
            if (lea_able(b, in) && !p->addr[i].active) {
                p->lea[i] = 1;
                break;
            }
            /* fall through */
        case IR_adc: case IR_sbc: case IR_and: case IR_andn:
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
            if (!keeps_flags(b, in)) {
                id++;
                kind = F_NONE;
            }
            break;
        }
        for (unsigned k = 0; k < na; k++) {
            ir_ref a = in->arg[k];
            if (a == IR_NONE || a >= i || (k == 0 && counted0) || p->folded[a])
                continue;
            uses[a]++;
        }
    }
    for (uint32_t i = 0; i < b->n; i++)
        if (!p->folded[i])
            fold_getenv(b, p, uses, i);

    /* NZCV in env is only needed where something reads it there: an exit
     * (the next block), a call, rdflags, adc/sbc or a testflags that could
     * not use host flags; and a memory op, since it may fault and the
     * guest's signal handler (or the retried instruction's block) reads
     * NZCV from env. */
    bool live = true;
    for (uint32_t i = b->n; i-- > 0;) {
        const struct ir_insn *in = &b->insn[i];
        uint16_t f = ir_op_info[in->op].flags;
        if (p->folded[i])
            continue;
        if ((in->op == IR_exit_if || in->op == IR_goto_tb) &&
            (in->aux2 & IR_EXIT_NZCV_DEAD)) {
            /* the target overwrites NZCV first (ir.h): only the other path */
            if (in->op == IR_goto_tb)
                live = false;
            continue;
        }
        if (f & (IRF_EXIT | IRF_CALL | IRF_MEM)) {
            live = true;
            continue;
        }
        if (in->setflags) {
            p->nzcv_store[i] = live;
            live = false;
        } else if (in->op == IR_wrflags) {
            /* the CCMP form keeps the current NZCV on one path: a reader */
            live = p->ccmp_cond[i] != IR_NONE;
        }
        if (in->op == IR_adc || in->op == IR_sbc || in->op == IR_rdflags ||
            (in->op == IR_testflags && !p->tf_host[i] && p->cc[i] != PLAN_CC_ALWAYS))
            live = true;
    }
    for (uint32_t i = 0; i < b->n; i++) {
        const struct ir_insn *in = &b->insn[i];
        if (!ir_op_info[in->op].result || !uses[i])
            continue;
        if (in->op == IR_const)
            p->need[i] = !x_fits_i32(in->imm) && uses[i] >= 2;
        else if (p->envmem[i])
            p->need[i] = 0;
        else
            p->need[i] = 1;
    }
    return true;
}

void plan_free(struct plan *p)
{
    free(p->mem);
    memset(p, 0, sizeof(*p));
}
