/*
 * IR -> x86-64 lowering: the backend's emit_block.  Follows the plan
 * (plan.c: flag fusion, which values need homes) and the register
 * allocation (regalloc.c), then emits each op with rax/rcx/rdx as
 * scratch, and finally the out-of-line exit stubs.
 *
 * Block layout:
 *     cmp dword [env+exit_request], 0 ; jne req_stub
 *     body ... (direct exits: a jmp rel32 with a 4-byte-aligned field,
 *               initially aimed at its own stub)
 *     stubs: env->pc = target; rax = &tb->exits[k] (or an exit code);
 *            jmp epilogue
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xlat/host-x86_64/lower.h"

struct opd lw_opd(struct lctx *L, ir_ref r)
{
    struct opd o = { .k = K_NONE, .reg = XNONE };
    if (r == IR_NONE || r >= L->b->n)
        return (struct opd){ .k = K_IMM };
    if (L->plan.envmem[r]) {
        /* folded getenv.8: its user reads env directly */
        o.k = K_MEM;
        o.m = env_m((int32_t)L->b->insn[r].imm);
        return o;
    }
    const struct ra_val *v = &L->ra.v[r];
    int reg = ra_reg_at(&L->ra, r, L->i);
    if (reg >= 0) {
        o.k = K_REG;
        o.reg = reg;
        o.m = XR(reg);
    } else if (v->slot >= 0) {
        o.k = K_MEM;
        o.m = slot_m(v->slot);
    } else if (L->b->insn[r].op == IR_const) {
        o.k = K_IMM;
        o.imm = (uint64_t)L->b->insn[r].imm;
    } else {
        o.k = K_IMM;    /* a value with no home: the plan said it is unused */
    }
    return o;
}


/* imm usable as a sign-extended 32-bit immediate at this size */
bool lw_imm_ok(const struct opd *o, unsigned size, int32_t *imm)
{
    if (o->k != K_IMM)
        return false;
    if (size < 8 || x_fits_i32((int64_t)o->imm)) {
        *imm = (int32_t)(uint32_t)o->imm;
        return true;
    }
    return false;
}

/* W = o (size 4 zero-extends); skipped if already there */
void lw_load_to(struct lctx *L, int w, const struct opd *o, unsigned size)
{
    switch (o->k) {
    case K_REG:
        if (o->reg != w)
            x_mov_rmr(&L->xb, size, XR(w), o->reg);
        break;
    case K_MEM:
        x_mov_rrm(&L->xb, size, w, o->m);
        break;
    default:
        x_mov_ri64(&L->xb, w, size == 4 ? (uint32_t)o->imm : o->imm);
        break;
    }
}

/* o as an r/m operand, immediates loaded into `scratch` */
struct xrm lw_rm_of(struct lctx *L, const struct opd *o, int scratch, unsigned size)
{
    if (o->k == K_REG || o->k == K_MEM)
        return o->m;
    x_mov_ri64(&L->xb, scratch, size == 4 ? (uint32_t)o->imm : o->imm);
    return XR(scratch);
}

int lw_reg_or_load(struct lctx *L, ir_ref r, int scratch)
{
    struct opd o = lw_opd(L, r);
    if (o.k == K_REG)
        return o.reg;
    lw_load_to(L, scratch, &o, 8);
    return scratch;
}

/* register that receives op i's result: its home register or rax */
int lw_dst_w(struct lctx *L)
{
    int r = ra_reg_at(&L->ra, L->i, L->i);
    return r >= 0 ? r : RAX;
}

void lw_dst_fin(struct lctx *L, int w)
{
    const struct ra_val *v = &L->ra.v[L->i];
    if (ra_reg_at(&L->ra, L->i, L->i) < 0 && v->slot >= 0)
        x_mov_rmr(&L->xb, 8, slot_m(v->slot), w);
}

/* rel8 forward branches within one op's code */
size_t lw_j8(struct lctx *L, int cc)
{
    if (cc < 0)
        x_jmp8(&L->xb, 0);
    else
        x_jcc8(&L->xb, (enum xcc)cc, 0);
    return xb_off(&L->xb) - 1;
}

void lw_bind8(struct lctx *L, size_t at)
{
    if (L->xb.overflow)
        return;
    L->xb.start[at] = (uint8_t)(int8_t)(xb_off(&L->xb) - (at + 1));
}

static void set_pc_imm(struct lctx *L, uint64_t pc)
{
    if (x_fits_i32((int64_t)pc)) {
        x_mov_rmi(&L->xb, 8, env_m(OFF_PC), (int32_t)pc);
    } else {
        x_mov_ri64(&L->xb, RAX, pc);
        x_mov_rmr(&L->xb, 8, env_m(OFF_PC), RAX);
    }
}

static void jmp_epilogue(struct lctx *L)
{
    const uint8_t *rx = L->cb ? cb_rx_of(L->cb, L->xb.p) : L->xb.p;
    int64_t rel = x86_epilogue_rx ? x86_epilogue_rx - (rx + 5) : INT64_MAX;
    if (x_fits_i32(rel)) {
        x_byte(&L->xb, 0xe9);
        x_u32(&L->xb, (uint32_t)(int32_t)rel);
    } else {
        x86_emit_epilogue(&L->xb);
    }
}

/* ---- flags ---- */

static void materialize_nzcv(struct lctx *L, enum ir_op op)
{
    struct xbuf *xb = &L->xb;
    x_setcc(xb, XCC_S, env_m(OFF_NF));
    x_setcc(xb, XCC_E, env_m(OFF_ZF));
    /* x86 and/test clear CF and OF, which is Arm's C = V = 0 for ANDS/BICS;
     * setcc also avoids the length-changing prefix of a 16-bit store */
    x_setcc(xb, (op == IR_sub || op == IR_sbc) ? XCC_AE : XCC_B, env_m(OFF_CF));
    x_setcc(xb, XCC_O, env_m(OFF_VF));
}

/* compare env NZCV bytes so that plan_env_cc(cc) holds iff cc does */
static void env_cond(struct lctx *L, unsigned cc)
{
    struct xbuf *xb = &L->xb;
    static const int32_t one[4] = { OFF_ZF, OFF_CF, OFF_NF, OFF_VF };
    switch (cc >> 1) {
    case 0: case 1: case 2: case 3:
        x_alu_rmi(xb, XCMP, 1, env_m(one[cc >> 1]), 0);
        break;
    case 4:
        x_mov_rrm(xb, 1, RAX, env_m(OFF_CF));
        x_alu_rrm(xb, XCMP, 1, RAX, env_m(OFF_ZF));
        break;
    case 5:
        x_mov_rrm(xb, 1, RAX, env_m(OFF_NF));
        x_alu_rrm(xb, XCMP, 1, RAX, env_m(OFF_VF));
        break;
    case 6:
        x_mov_rrm(xb, 1, RAX, env_m(OFF_NF));
        x_alu_rrm(xb, XXOR, 1, RAX, env_m(OFF_VF));
        x_alu_rrm(xb, XOR, 1, RAX, env_m(OFF_ZF));
        break;
    default:
        break;
    }
}

/* write the 0/1 value of host condition cc to op i's home */
static void cond_value(struct lctx *L, int cc)
{
    int w = lw_dst_w(L);
    if (cc == PLAN_CC_ALWAYS) {
        x_mov_ri64(&L->xb, w, 1);
    } else {
        x_setcc(&L->xb, (enum xcc)cc, XR(w));
        x_movzx(&L->xb, 4, w, 1, XR(w));
    }
    lw_dst_fin(L, w);
}

/* ---- integer ops ---- */

static bool commutative(enum ir_op op)
{
    return op == IR_add || op == IR_and || op == IR_or || op == IR_xor || op == IR_adc ||
           op == IR_mul;
}

static void lower_alu(struct lctx *L, const struct ir_insn *in)
{
    struct xbuf *xb = &L->xb;
    unsigned size = width(in);
    enum ir_op op = (enum ir_op)in->op;
    struct opd a = lw_opd(L, in->arg[0]), c = lw_opd(L, in->arg[1]);
    int w = lw_dst_w(L);
    int32_t imm = 0;

    if (L->plan.addr[L->i].active) {
        /* add(x, shl(z, 1..3)) folded by plan.c */
        const struct plan_addr *ad = &L->plan.addr[L->i];
        int br = lw_reg_or_load(L, ad->base, RAX);
        int ir = lw_reg_or_load(L, ad->index, RCX);
        x_lea(xb, size, w, XMI(br, ir, ad->scale, 0));
        lw_dst_fin(L, w);
        return;
    }
    /* flags only: cmp / test leave the operands alone */
    if (in->setflags && !L->plan.need[L->i] &&
        (op == IR_sub || op == IR_and || (op == IR_andn && c.k == K_IMM))) {
        if (op == IR_andn)
            c.imm = ~c.imm;
        if (a.k == K_IMM || (a.k == K_MEM && c.k != K_IMM)) {
            lw_load_to(L, RAX, &a, size);
            a = (struct opd){ .k = K_REG, .reg = RAX, .m = XR(RAX) };
        }
        if (c.k == K_IMM && !lw_imm_ok(&c, size, &imm)) {
            x_mov_ri64(xb, RCX, c.imm);
            c = (struct opd){ .k = K_REG, .reg = RCX, .m = XR(RCX) };
        }
        bool tst = op != IR_sub;
        if (!tst && c.k == K_IMM && imm == 0 && a.k == K_REG)
            x_test_rmr(xb, size, a.m, a.reg);
        else if (c.k == K_IMM)
            tst ? x_test_rmi(xb, size, a.m, imm) : x_alu_rmi(xb, XCMP, size, a.m, imm);
        else if (c.k == K_REG)
            tst ? x_test_rmr(xb, size, a.m, c.reg) : x_alu_rmr(xb, XCMP, size, a.m, c.reg);
        else
            tst ? x_test_rmr(xb, size, c.m, a.reg) : x_alu_rrm(xb, XCMP, size, a.reg, c.m);
        if (L->plan.nzcv_store[L->i])
            materialize_nzcv(L, op);
        return;
    }
    /* add/sub without flags: one lea, which also leaves EFLAGS alone so
     * a compare before it can still feed a later jcc/cmov (plan.c) */
    if (L->plan.lea[L->i]) {
        /* decide on the IR constants, as plan.c did, not on where a
         * constant with a register home happens to live */
        uint64_t kv;
        bool k1 = ir_is_const(L->b, in->arg[1], &kv);
        if (!k1 && ir_is_const(L->b, in->arg[0], &kv)) {
            struct opd t = a;
            a = c;
            c = t;
            k1 = true;
        }
        int ra = a.reg;
        if (a.k != K_REG) {
            lw_load_to(L, RAX, &a, 8);
            ra = RAX;
        }
        if (k1) {
            /* the same displacement plan.c checked */
            int64_t d = size == 4 ? (int32_t)(uint32_t)kv : (int64_t)kv;
            x_lea(xb, size, w, XM(ra, (int32_t)(op == IR_add ? d : -d)));
        } else {
            int rc = c.reg;
            if (c.k != K_REG) {
                lw_load_to(L, RCX, &c, 8);
                rc = RCX;
            }
            x_lea(xb, size, w, XMI(ra, rc, 1, 0));
        }
        lw_dst_fin(L, w);
        return;
    }
    int home = w;
    if (in_reg(&c, w) && !in_reg(&a, w)) {
        if (commutative(op)) {
            struct opd t = a;
            a = c;
            c = t;
        } else {
            w = RAX;
        }
    }
    enum xalu xop;
    switch (op) {
    case IR_add: xop = XADD; break;
    case IR_sub: xop = XSUB; break;
    case IR_adc: xop = XADC; break;
    case IR_sbc: xop = XSBB; break;
    case IR_and: case IR_andn: xop = XAND; break;
    case IR_or: xop = XOR; break;
    default: xop = XXOR; break;
    }
    if (op == IR_andn) {
        if (c.k == K_IMM) {
            c.imm = ~c.imm;
        } else {
            lw_load_to(L, RCX, &c, size);
            x_not(xb, size, XR(RCX));
            c = (struct opd){ .k = K_REG, .reg = RCX, .m = XR(RCX) };
        }
    }
    /* an immediate that does not fit goes to rcx before CF is loaded */
    if (c.k == K_IMM && !lw_imm_ok(&c, size, &imm)) {
        x_mov_ri64(xb, RCX, c.imm);
        c = (struct opd){ .k = K_REG, .reg = RCX, .m = XR(RCX) };
    }
    lw_load_to(L, w, &a, size);
    if (op == IR_adc)
        x_bt_i(xb, 4, env_m(OFF_NF), (uint8_t)(8 * (OFF_CF - OFF_NF)));   /* CF = C */
    else if (op == IR_sbc)
        x_alu_rmi(xb, XCMP, 1, env_m(OFF_CF), 1);                          /* CF = !C */
    if (c.k == K_IMM)
        x_alu_rmi(xb, xop, size, XR(w), imm);
    else if (c.k == K_REG)
        x_alu_rmr(xb, xop, size, XR(w), c.reg);
    else
        x_alu_rrm(xb, xop, size, w, c.m);
    if (in->setflags && L->plan.nzcv_store[L->i])
        materialize_nzcv(L, op);
    if (w != home)
        x_mov_rmr(xb, 8, XR(home), w);
    lw_dst_fin(L, home);
}

static void lower_shift(struct lctx *L, const struct ir_insn *in)
{
    struct xbuf *xb = &L->xb;
    unsigned size = width(in);
    struct opd a = lw_opd(L, in->arg[0]), c = lw_opd(L, in->arg[1]);
    enum xshift sop = in->op == IR_shl ? XSHL : in->op == IR_shr ? XSHR
                    : in->op == IR_sar ? XSAR : XROR;
    int w = lw_dst_w(L);
    if (c.k == K_IMM) {
        unsigned cnt = (unsigned)c.imm & (size * 8 - 1);
        lw_load_to(L, w, &a, size);
        if (cnt)
            x_shift_i(xb, sop, size, XR(w), (uint8_t)cnt);
        else if (size == 4)
            x_mov_rmr(xb, 4, XR(w), w);
    } else if (x86_features.bmi2 && sop != XROR) {
        /* shlx & co: any registers, EFLAGS untouched (plan.c relies on it) */
        int cr = lw_reg_or_load(L, in->arg[1], RCX);
        x_shiftx(xb, sop, size, w, lw_rm_of(L, &a, RDX, size), cr);
    } else {
        lw_load_to(L, RCX, &c, 4);
        lw_load_to(L, w, &a, size);
        x_shift_cl(xb, sop, size, XR(w));
    }
    lw_dst_fin(L, w);
}

static void lower_mul(struct lctx *L, const struct ir_insn *in)
{
    struct xbuf *xb = &L->xb;
    unsigned size = width(in);
    struct opd a = lw_opd(L, in->arg[0]), c = lw_opd(L, in->arg[1]);
    int w = lw_dst_w(L);
    int32_t imm;
    if (a.k == K_IMM && c.k != K_IMM) {
        struct opd t = a;
        a = c;
        c = t;
    }
    if (lw_imm_ok(&c, size, &imm) && a.k != K_IMM) {
        x_imul_rrmi(xb, size, w, a.m, imm);
    } else {
        if (in_reg(&c, w) && !in_reg(&a, w)) {
            struct opd t = a;
            a = c;
            c = t;
        }
        lw_load_to(L, w, &a, size);
        x_imul_rrm(xb, size, w, lw_rm_of(L, &c, RCX, size));
    }
    lw_dst_fin(L, w);
}

static void lower_mulh(struct lctx *L, const struct ir_insn *in)
{
    struct opd a = lw_opd(L, in->arg[0]), c = lw_opd(L, in->arg[1]);
    lw_load_to(L, RAX, &a, 8);
    struct xrm m = lw_rm_of(L, &c, RCX, 8);
    if (in->op == IR_umulh)
        x_mul(&L->xb, 8, m);
    else
        x_imul1(&L->xb, 8, m);
    int w = lw_dst_w(L);
    x_mov_rmr(&L->xb, 8, XR(w), RDX);
    lw_dst_fin(L, w);
}

static void lower_div(struct lctx *L, const struct ir_insn *in)
{
    struct xbuf *xb = &L->xb;
    unsigned size = width(in);
    bool sgn = in->op == IR_sdiv;
    struct opd a = lw_opd(L, in->arg[0]), c = lw_opd(L, in->arg[1]);
    uint64_t mask = size == 4 ? 0xffffffffull : ~0ull;
    if (c.k == K_IMM) {
        uint64_t d = c.imm & mask;
        int w = lw_dst_w(L);
        if (d == 0) {
            x_mov_ri64(xb, w, 0);
        } else if (!sgn && (d & (d - 1)) == 0) {
            lw_load_to(L, w, &a, size);
            unsigned sh = (unsigned)__builtin_ctzll(d);
            if (sh)
                x_shift_i(xb, XSHR, size, XR(w), (uint8_t)sh);
            else if (size == 4)
                x_mov_rmr(xb, 4, XR(w), w);
        } else if (sgn && d == mask) {
            lw_load_to(L, w, &a, size);
            x_neg(xb, size, XR(w));
        } else {
            lw_load_to(L, RAX, &a, size);
            x_mov_ri64(xb, RCX, d);
            if (sgn) {
                x_cqo(xb, size);
                x_idiv(xb, size, XR(RCX));
            } else {
                x_alu_rmr(xb, XXOR, 4, XR(RDX), RDX);
                x_div(xb, size, XR(RCX));
            }
            x_mov_rmr(xb, size, XR(w), RAX);
        }
        lw_dst_fin(L, w);
        return;
    }
    lw_load_to(L, RCX, &c, size);
    lw_load_to(L, RAX, &a, size);
    x_test_rmr(xb, size, XR(RCX), RCX);
    size_t to_zero = lw_j8(L, XCC_E), to_neg = 0;
    if (sgn) {
        x_alu_rmi(xb, XCMP, size, XR(RCX), -1);
        to_neg = lw_j8(L, XCC_E);
        x_cqo(xb, size);
        x_idiv(xb, size, XR(RCX));
    } else {
        x_alu_rmr(xb, XXOR, 4, XR(RDX), RDX);
        x_div(xb, size, XR(RCX));
    }
    size_t done1 = lw_j8(L, -1), done2 = 0;
    if (sgn) {
        lw_bind8(L, to_neg);
        x_neg(xb, size, XR(RAX));      /* x / -1 = -x, and MIN / -1 = MIN */
        done2 = lw_j8(L, -1);
    }
    lw_bind8(L, to_zero);
    x_alu_rmr(xb, XXOR, 4, XR(RAX), RAX);
    lw_bind8(L, done1);
    if (sgn)
        lw_bind8(L, done2);
    int w = lw_dst_w(L);
    x_mov_rmr(xb, size, XR(w), RAX);
    lw_dst_fin(L, w);
}

static void lower_unary(struct lctx *L, const struct ir_insn *in)
{
    struct xbuf *xb = &L->xb;
    unsigned size = width(in), bits = size * 8;
    struct opd a = lw_opd(L, in->arg[0]);
    int w = lw_dst_w(L);
    switch ((enum ir_op)in->op) {
    case IR_neg:
    case IR_not:
        lw_load_to(L, w, &a, size);
        if (in->op == IR_neg)
            x_neg(xb, size, XR(w));
        else
            x_not(xb, size, XR(w));
        break;
    case IR_bswap:
        lw_load_to(L, w, &a, size);
        x_bswap(xb, size, w);
        break;
    case IR_clz: {
        struct xrm m = lw_rm_of(L, &a, RDX, size);
        if (x86_features.lzcnt) {
            x_lzcnt(xb, size, w, m);
        } else {
            x_mov_ri64(xb, RCX, 2 * bits - 1);
            x_bsr(xb, size, w, m);
            x_cmov(xb, XCC_E, size, w, XR(RCX));
            x_alu_rmi(xb, XXOR, size, XR(w), (int32_t)bits - 1);
        }
        break;
    }
    case IR_ctz: {
        struct xrm m = lw_rm_of(L, &a, RDX, size);
        if (x86_features.bmi1) {
            x_tzcnt(xb, size, w, m);
        } else {
            x_mov_ri64(xb, RCX, bits);
            x_bsf(xb, size, w, m);
            x_cmov(xb, XCC_E, size, w, XR(RCX));
        }
        break;
    }
    case IR_rbit: {
        static const uint64_t masks[3] = { 0x0f0f0f0f0f0f0f0full, 0x3333333333333333ull,
                                           0x5555555555555555ull };
        lw_load_to(L, RAX, &a, size);
        x_bswap(xb, size, RAX);
        for (unsigned k = 0; k < 3; k++) {
            uint8_t sh = (uint8_t)(4 >> k);
            /* lo = x & M; hi = x ^ lo; x = lo << sh | hi >> sh */
            x_mov_ri64(xb, RCX, size == 4 ? (uint32_t)masks[k] : masks[k]);
            x_alu_rmr(xb, XAND, size, XR(RCX), RAX);
            x_alu_rmr(xb, XXOR, size, XR(RAX), RCX);
            x_shift_i(xb, XSHL, size, XR(RCX), sh);
            x_shift_i(xb, XSHR, size, XR(RAX), sh);
            x_alu_rmr(xb, XOR, size, XR(RAX), RCX);
        }
        x_mov_rmr(xb, size, XR(w), RAX);
        break;
    }
    case IR_sext:
    case IR_zext: {
        unsigned from = 1u << (in->aux & 3);
        if (from >= size) {
            lw_load_to(L, w, &a, size);
            if (size == 4 && a.k == K_REG && a.reg == w)
                x_mov_rmr(xb, 4, XR(w), w);
            break;
        }
        struct xrm m = lw_rm_of(L, &a, RDX, 8);
        if (in->op == IR_zext) {
            if (from == 4)
                x_mov_rrm(xb, 4, w, m);
            else
                x_movzx(xb, 4, w, from, m);
        } else {
            x_movsx(xb, size, w, from, m);
        }
        break;
    }
    default:
        break;
    }
    lw_dst_fin(L, w);
}

/* ---- comparisons and selection ---- */

static unsigned swap_cmp(unsigned c)
{
    switch (c) {
    case IR_LTU: return IR_GTU;
    case IR_GTU: return IR_LTU;
    case IR_LEU: return IR_GEU;
    case IR_GEU: return IR_LEU;
    case IR_LT: return IR_GT;
    case IR_GT: return IR_LT;
    case IR_LE: return IR_GE;
    case IR_GE: return IR_LE;
    default: return c;
    }
}

static void lower_setcond(struct lctx *L, const struct ir_insn *in)
{
    struct xbuf *xb = &L->xb;
    unsigned size = width(in), c = in->cond;
    struct opd a = lw_opd(L, in->arg[0]), d = lw_opd(L, in->arg[1]);
    int32_t imm;
    if (a.k == K_IMM && d.k != K_IMM) {
        struct opd t = a;
        a = d;
        d = t;
        c = swap_cmp(c);
    }
    L->plan.cc[L->i] = (int8_t)plan_cmp_cc(c);
    bool tst = c == IR_TSTEQ || c == IR_TSTNE;
    if (a.k == K_IMM || (a.k == K_MEM && d.k == K_MEM)) {
        lw_load_to(L, RAX, &a, size);
        a = (struct opd){ .k = K_REG, .reg = RAX, .m = XR(RAX) };
    }
    if (lw_imm_ok(&d, size, &imm) && imm == 0 && a.k == K_REG && c != IR_TSTEQ && c != IR_TSTNE) {
        x_test_rmr(xb, size, a.m, a.reg);   /* same flags as cmp a, 0 */
    } else if (lw_imm_ok(&d, size, &imm)) {
        if (tst)
            x_test_rmi(xb, size, a.m, imm);
        else
            x_alu_rmi(xb, XCMP, size, a.m, imm);
    } else {
        if (d.k == K_IMM) {
            x_mov_ri64(xb, RCX, d.imm);
            d = (struct opd){ .k = K_REG, .reg = RCX, .m = XR(RCX) };
        }
        if (d.k == K_REG) {
            if (tst)
                x_test_rmr(xb, size, a.m, d.reg);
            else
                x_alu_rmr(xb, XCMP, size, a.m, d.reg);
        } else if (tst) {
            x_test_rmr(xb, size, d.m, a.reg);
        } else {
            x_alu_rrm(xb, XCMP, size, a.reg, d.m);
        }
    }
    if (L->plan.need[L->i])
        cond_value(L, L->plan.cc[L->i]);
}

static void lower_testflags(struct lctx *L, const struct ir_insn *in)
{
    int cc = L->plan.cc[L->i];
    if (!L->plan.tf_host[L->i] && cc != PLAN_CC_ALWAYS)
        env_cond(L, in->cond);
    if (L->plan.need[L->i])
        cond_value(L, cc);
}

/* Sets host flags for "arg != 0" unless fused; returns the x86 cc, or
 * PLAN_CC_ALWAYS, or -1 for never. */
static int cond_of(struct lctx *L, ir_ref r, bool fused)
{
    if (fused)
        return L->plan.cc[r];
    uint64_t kv;
    if (ir_is_const(L->b, r, &kv))  /* plan.c assumes no flags are touched */
        return kv ? PLAN_CC_ALWAYS : -1;
    struct opd c = lw_opd(L, r);
    if (c.k == K_REG)
        x_test_rmr(&L->xb, 8, c.m, c.reg);
    else
        x_alu_rmi(&L->xb, XCMP, 8, c.m, 0);
    return XCC_NE;
}

static void lower_select(struct lctx *L, const struct ir_insn *in)
{
    struct xbuf *xb = &L->xb;
    int cc = cond_of(L, in->arg[0], L->plan.fused[L->i]);
    struct opd t = lw_opd(L, in->arg[1]), f = lw_opd(L, in->arg[2]);
    int w = lw_dst_w(L);
    uint64_t kt, kf;
    if (cc >= 0 && cc != PLAN_CC_ALWAYS && ir_is_const(L->b, in->arg[1], &kt) &&
        ir_is_const(L->b, in->arg[2], &kf) && (kt | kf) == 1 && (kt ^ kf) == 1) {
        /* Arm CSET/CSETM-style 0/1 select: setcc */
        x_setcc(xb, (enum xcc)(kt ? cc : cc ^ 1), XR(w));
        x_movzx(xb, 4, w, 1, XR(w));
        lw_dst_fin(L, w);
        return;
    }
    if (cc == PLAN_CC_ALWAYS || cc < 0) {
        lw_load_to(L, w, cc < 0 ? &f : &t, 8);
    } else if (in_reg(&t, w) && !in_reg(&f, w)) {
        x_cmov(xb, (enum xcc)(cc ^ 1), 8, w, lw_rm_of(L, &f, RCX, 8));
    } else {
        struct xrm tm = lw_rm_of(L, &t, RCX, 8);
        lw_load_to(L, w, &f, 8);
        if (!(in_reg(&t, w)))
            x_cmov(xb, (enum xcc)cc, 8, w, tm);
    }
    lw_dst_fin(L, w);
}

_Static_assert(offsetof(struct xlat_env, nf) + 1 == offsetof(struct xlat_env, zf) &&
               offsetof(struct xlat_env, zf) + 1 == offsetof(struct xlat_env, cf),
               "NZCV bytes are read and written as one little-endian word");

/* N<<31 | Z<<30 | C<<29 | V<<28.  Byte loads, not one word: the bytes
 * are usually fresh setcc stores, which a wider load could not forward. */
static void lower_rdflags(struct lctx *L)
{
    struct xbuf *xb = &L->xb;
    int w = lw_dst_w(L);
    x_movzx(xb, 4, w, 1, env_m(OFF_NF));
    static const int32_t rest[3] = { OFF_ZF, OFF_CF, OFF_VF };
    for (int k = 0; k < 3; k++) {
        x_movzx(xb, 4, RCX, 1, env_m(rest[k]));
        x_lea(xb, 4, w, XMI(RCX, w, 2, 0));
    }
    x_shift_i(xb, XSHL, 4, XR(w), 28);
    lw_dst_fin(L, w);
}

/* n = bits 31..28; n * 0x08040201 puts bit 3 (N) at 3, bit 2 (Z) at 11,
 * bit 1 (C) at 19, bit 0 (V) at 27, with no overlapping partial products;
 * >> 3 and a byte mask give the four bytes to store at once. */
static void lower_wrflags(struct lctx *L, const struct ir_insn *in)
{
    struct xbuf *xb = &L->xb;
    ir_ref cond = L->plan.ccmp_cond[L->i];
    if (cond != IR_NONE) {
        /* CCMP: NZCV (already in env) stays, or becomes the constant */
        int cc = cond_of(L, cond, false);
        bool keep_on = L->plan.ccmp_keep_on[L->i];
        if (cc == PLAN_CC_ALWAYS || cc < 0) {
            if ((cc == PLAN_CC_ALWAYS) != keep_on)
                x_mov_rmi(xb, 4, env_m(OFF_NF), (int32_t)L->plan.ccmp_word[L->i]);
            return;
        }
        size_t skip = lw_j8(L, keep_on ? cc : cc ^ 1);
        x_mov_rmi(xb, 4, env_m(OFF_NF), (int32_t)L->plan.ccmp_word[L->i]);
        lw_bind8(L, skip);
        return;
    }
    struct opd a = lw_opd(L, in->arg[0]);
    lw_load_to(L, RAX, &a, 4);
    x_shift_i(xb, XSHR, 4, XR(RAX), 28);
    x_imul_rrmi(xb, 4, RAX, XR(RAX), 0x08040201);
    x_shift_i(xb, XSHR, 4, XR(RAX), 3);
    x_alu_rmi(xb, XAND, 4, XR(RAX), 0x01010101);
    x_mov_rmr(xb, 4, env_m(OFF_NF), RAX);
}

static void lower_call(struct lctx *L, const struct ir_insn *in)
{
    struct xbuf *xb = &L->xb;
    unsigned n = in->aux & IR_CALL_NARGS_MASK;
    /* rdx and rcx are scratch and hold no value, so loading them first
     * never overwrites a source; rsi next, then rdi = env */
    static const int areg[3] = { RSI, RDX, RCX };
    static const int order[3] = { 1, 2, 0 };
    for (int k = 0; k < 3; k++) {
        int a = order[k];
        /* unused arguments are 0, as ir_interp passes them */
        struct opd o = (unsigned)a < n ? lw_opd(L, in->arg[a]) : (struct opd){ .k = K_IMM };
        lw_load_to(L, areg[a], &o, 8);
    }
    x_mov_rmr(xb, 8, XR(RDI), X86_ENV);
    x_mov_ri64(xb, RAX, (uint64_t)in->imm);
    x_call_r(xb, RAX);
    if (L->plan.need[L->i]) {
        int w = lw_dst_w(L);
        x_mov_rmr(xb, 8, XR(w), RAX);
        lw_dst_fin(L, w);
    }
}

/* ---- exits ---- */

static struct stub *add_stub(struct lctx *L, enum stub_kind k, uint64_t pc)
{
    struct stub *s = &L->stubs[L->nstubs++];
    s->kind = (uint8_t)k;
    s->pc = pc;
    return s;
}

/* pad so that a following jmp's rel32 is 4-byte aligned, then emit it */
static size_t aligned_jmp32(struct lctx *L)
{
    uintptr_t a = (uintptr_t)L->xb.p;
    x_nops(&L->xb, (unsigned)((3 - (a & 3)) & 3));
    return x_jmp32(&L->xb);
}

static void direct_exit(struct lctx *L, uint64_t pc)
{
    struct stub *s = add_stub(L, STUB_EXIT, pc);
    s->exit_idx = L->nexits++;
    s->jmp_at = (uint32_t)aligned_jmp32(L);
}

/* A conditional exit is one jcc rel32 whose field is 4-byte aligned:
 * chaining patches the jcc itself, so a taken exit is a single jump. */
static void lower_exit_if(struct lctx *L, const struct ir_insn *in)
{
    int cc = cond_of(L, in->arg[0], L->plan.fused[L->i]);
    if (cc == PLAN_CC_ALWAYS) {
        direct_exit(L, (uint64_t)in->imm);
    } else if (cc < 0) {
        size_t skip = lw_j8(L, -1);     /* never taken; keeps the exit numbering */
        direct_exit(L, (uint64_t)in->imm);
        lw_bind8(L, skip);
    } else {
        struct stub *s = add_stub(L, STUB_EXIT, (uint64_t)in->imm);
        s->exit_idx = L->nexits++;
        uintptr_t a = (uintptr_t)L->xb.p;
        x_nops(&L->xb, (unsigned)((2 - (a & 3)) & 3));
        s->jmp_at = (uint32_t)x_jcc32(&L->xb, (enum xcc)cc);
    }
}

static void lower_goto_ptr(struct lctx *L, const struct ir_insn *in)
{
    struct xbuf *xb = &L->xb;
    struct opd a = lw_opd(L, in->arg[0]);
    int r = a.reg;
    if (a.k != K_REG) {
        lw_load_to(L, RAX, &a, 8);
        r = RAX;
    }
    /* &jump_cache[XLAT_JC_HASH(pc)] = jc + ((pc << 2) & ((SIZE - 1) << 4)) */
    x_lea(xb, 4, RCX, XMI(XNONE, r, 4, 0));
    x_alu_rmi(xb, XAND, 4, XR(RCX), (int32_t)((XLAT_JC_SIZE - 1) << 4));
    x_alu_rrm(xb, XADD, 8, RCX, env_m(OFF_JC));
    x_alu_rrm(xb, XCMP, 8, r, XM(RCX, 0));
    size_t miss = lw_j8(L, XCC_NE);
    x_jmp_rm(xb, XM(RCX, 8));
    /* env->pc only matters to the loop: store it on the miss path only
     * (a chained block never reads it either) */
    lw_bind8(L, miss);
    x_mov_rmr(xb, 8, env_m(OFF_PC), r);
    x_mov_ri64(xb, RAX, XLAT_EXIT_LOOKUP);
    jmp_epilogue(L);
}

static void lower_exit(struct lctx *L, const struct ir_insn *in)
{
    set_pc_imm(L, (uint64_t)in->imm);
    x_mov_ri64(&L->xb, RAX, in->aux);
    jmp_epilogue(L);
}

/* keep lower_vec.c's register copies of V slots right: ops that write
 * env slots drop the copies they overlap, ops that may call drop all */
static void vc_update(struct lctx *L, const struct ir_insn *in)
{
    switch ((enum ir_op)in->op) {
    case IR_setenv:
        x86_vc_forget(L, in->imm, 1u << (in->aux & 3));
        break;
    case IR_ldv:
        x86_vc_forget(L, in->aux2, 16);
        break;
    case IR_nop: case IR_insn_start: case IR_const: case IR_mov: case IR_getenv:
    case IR_add: case IR_sub: case IR_adc: case IR_sbc:
    case IR_and: case IR_or: case IR_xor: case IR_andn:
    case IR_shl: case IR_shr: case IR_sar: case IR_ror:
    case IR_mul: case IR_umulh: case IR_smulh: case IR_udiv: case IR_sdiv:
    case IR_neg: case IR_not: case IR_clz: case IR_ctz:
    case IR_rbit: case IR_bswap: case IR_sext: case IR_zext:
    case IR_setcond: case IR_testflags: case IR_select: case IR_rdflags: case IR_wrflags:
    case IR_ld: case IR_st: case IR_stv: case IR_vop: case IR_barrier: case IR_clrex:
    case IR_exit_if: case IR_goto_tb: case IR_goto_ptr: case IR_exit:
        break;
    default:                                /* calls, exclusives, atomics */
        x86_vc_forget_all(L);
        break;
    }
}

static void lower_insn(struct lctx *L, const struct ir_insn *in)
{
    struct xbuf *xb = &L->xb;
    const struct ir_op_info *info = ir_info(in);
    vc_update(L, in);
    /* pure values nobody uses (and no flags) cost nothing */
    if ((info->flags & IRF_PURE) && !in->setflags && !L->plan.need[L->i] &&
        in->op != IR_setcond)
        return;
    switch ((enum ir_op)in->op) {
    case IR_nop:
    case IR_insn_start:
        break;
    case IR_const: {
        int w = lw_dst_w(L);
        x_mov_ri64(xb, w, (uint64_t)in->imm);
        lw_dst_fin(L, w);
        break;
    }
    case IR_mov: {
        struct opd a = lw_opd(L, in->arg[0]);
        int w = lw_dst_w(L);
        lw_load_to(L, w, &a, 8);
        lw_dst_fin(L, w);
        break;
    }
    case IR_getenv: {
        if (!L->plan.need[L->i])
            break;
        unsigned s = 1u << (in->aux & 3);
        int w = lw_dst_w(L);
        lw_load_sized(L, w, s, env_m((int32_t)in->imm));
        lw_dst_fin(L, w);
        break;
    }
    case IR_setenv: {
        unsigned s = 1u << (in->aux & 3);
        struct opd a = lw_opd(L, in->arg[0]);
        int32_t imm;
        if (lw_imm_ok(&a, s, &imm)) {
            x_mov_rmi(xb, s, env_m((int32_t)in->imm), imm);
        } else {
            int r = a.reg;
            if (a.k != K_REG) {
                lw_load_to(L, RAX, &a, 8);
                r = RAX;
            }
            x_mov_rmr(xb, s, env_m((int32_t)in->imm), r);
        }
        break;
    }
    case IR_add: case IR_sub: case IR_adc: case IR_sbc:
    case IR_and: case IR_or: case IR_xor: case IR_andn:
        lower_alu(L, in);
        break;
    case IR_shl: case IR_shr: case IR_sar: case IR_ror:
        lower_shift(L, in);
        break;
    case IR_mul:
        lower_mul(L, in);
        break;
    case IR_umulh: case IR_smulh:
        lower_mulh(L, in);
        break;
    case IR_udiv: case IR_sdiv:
        lower_div(L, in);
        break;
    case IR_neg: case IR_not: case IR_clz: case IR_ctz:
    case IR_rbit: case IR_bswap: case IR_sext: case IR_zext:
        lower_unary(L, in);
        break;
    case IR_setcond:
        lower_setcond(L, in);
        break;
    case IR_testflags:
        lower_testflags(L, in);
        break;
    case IR_select:
        lower_select(L, in);
        break;
    case IR_rdflags:
        if (L->plan.need[L->i])
            lower_rdflags(L);
        break;
    case IR_wrflags:
        lower_wrflags(L, in);
        break;
    case IR_ld:
        x86_lower_ld(L, in);
        break;
    case IR_st:
        x86_lower_st(L, in);
        break;
    case IR_ldv:
        x86_lower_ldv(L, in);
        break;
    case IR_stv:
        x86_lower_stv(L, in);
        break;
    case IR_vop:
        x86_lower_vop(L, in);
        break;
    case IR_ldex:
        x86_lower_ldex(L, in);
        break;
    case IR_stex:
        x86_lower_stex(L, in);
        break;
    case IR_clrex:
        x_mov_rmi(xb, 8, env_m(OFF_EXCL_ADDR), -1);
        break;
    case IR_cas:
        x86_lower_cas(L, in);
        break;
    case IR_atomic:
        x86_lower_atomic(L, in);
        break;
    case IR_barrier:
        if (in->aux == IR_BAR_FULL)
            x_mfence(xb);
        break;
    case IR_call:
        lower_call(L, in);
        break;
    case IR_exit_if:
        lower_exit_if(L, in);
        break;
    case IR_goto_tb:
        direct_exit(L, (uint64_t)in->imm);
        break;
    case IR_goto_ptr:
        lower_goto_ptr(L, in);
        break;
    case IR_exit:
        lower_exit(L, in);
        break;
    default:
        /* an op added to ir_ops.def without a lowering: never run wrong code */
        fprintf(stderr, "xemu: x86-64 backend cannot lower IR op %s\n", info->name);
        abort();
    }
}

static void emit_stubs(struct lctx *L)
{
    struct xbuf *xb = &L->xb;
    for (uint32_t k = 0; k < L->nstubs; k++) {
        struct stub *s = &L->stubs[k];
        size_t at = xb_off(xb);
        x_patch_rel32(xb, s->jmp_at, at);
        set_pc_imm(L, s->pc);
        if (s->kind == STUB_REQUEST) {
            x_mov_ri64(xb, RAX, XLAT_EXIT_REQUEST);
        } else {
            struct tb_exit *e = &L->tb->exits[s->exit_idx];
            e->target_pc = s->pc;
            e->patch_off = s->jmp_at;
            e->stub_off = (uint32_t)at;
            e->tb = L->tb;
            x_mov_ri64(xb, RAX, (uint64_t)(uintptr_t)e);
        }
        jmp_epilogue(L);
    }
}

static size_t emit(const struct ir_block *b, struct code_buf *cb, uint8_t *rw, size_t avail,
                   struct tb *tb, size_t want_off, uint64_t *found_pc)
{
    struct lctx L = { .b = b, .cb = cb, .tb = tb, .want_off = want_off, .found_pc = b->guest_pc };
    xb_init(&L.xb, rw, avail);
    size_t ret = 0;
    L.stubs = calloc(b->n + 1, sizeof(*L.stubs));
    if (!L.stubs || !plan_block(b, &L.plan)) {
        free(L.stubs);
        return 0;
    }
    if (!ra_allocate(b, L.plan.need, L.plan.clobber, L.plan.xuse, X86_NSLOTS, &L.ra))
        goto out;

    x_alu_rmi(&L.xb, XCMP, 4, env_m((int32_t)offsetof(struct xlat_env, exit_request)), 0);
    struct stub *req = add_stub(&L, STUB_REQUEST, b->guest_pc);
    req->jmp_at = (uint32_t)x_jcc32(&L.xb, XCC_NE);

    uint32_t sp = 0;
    for (uint32_t i = 0; i < b->n; i++) {
        L.i = i;
        /* values that lose their register here go to their slot first */
        while (sp < L.ra.nspills && L.ra.v[L.ra.spills[sp]].spill_at == i) {
            const struct ra_val *v = &L.ra.v[L.ra.spills[sp]];
            x_mov_rmr(&L.xb, 8, slot_m(v->slot), v->reg);
            sp++;
        }
        if (b->insn[i].op == IR_insn_start && xb_off(&L.xb) <= L.want_off)
            L.found_pc = (uint64_t)b->insn[i].imm;
        lower_insn(&L, &b->insn[i]);
    }
    emit_stubs(&L);
    if (!L.xb.overflow) {
        ret = xb_off(&L.xb);
        tb->nexits = L.nexits;
        tb->host = cb ? cb_rx_of(cb, rw) : rw;
        tb->host_size = (uint32_t)ret;
    }
    ra_free(&L.ra);
out:
    plan_free(&L.plan);
    free(L.stubs);
    if (found_pc)
        *found_pc = L.found_pc;
    return ret;
}

size_t x86_emit_block(const struct ir_block *b, struct code_buf *cb, uint8_t *rw,
                      size_t avail, struct tb *tb)
{
    return emit(b, cb, rw, avail, tb, 0, NULL);
}

/* Lowering is deterministic, so emitting b again into a scratch buffer that
 * pretends to live at `host` reproduces the same offsets. */
uint64_t x86_guest_pc_at(const struct ir_block *b, const void *host, size_t off)
{
    uint64_t pc = b->guest_pc;
    size_t cap = 4096 + 128 * (size_t)b->n;
    uint8_t *mem = malloc(cap + 16);
    struct tb *tb = calloc(1, sizeof(struct tb) + (b->n + 1) * sizeof(struct tb_exit));
    if (mem && tb) {
        /* same address bits mod 16 as the real code: same padding */
        uint8_t *rw = mem + (((uintptr_t)host - (uintptr_t)mem) & 15);
        struct code_buf cb = { .rw = rw, .rx = (uint8_t *)(uintptr_t)host, .size = cap };
        emit(b, &cb, rw, cap, tb, off, &pc);
    }
    free(mem);
    free(tb);
    return pc;
}
