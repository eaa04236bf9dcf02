/*
 * x86-64 lowering of the IR's guest-memory ops (used by lower.c): loads
 * and stores with folded addressing, vector moves between memory and
 * env, the exclusive monitor (ldex/stex/clrex via lock cmpxchg and
 * cmpxchg16b), cas and the atomic read-modify-write ops.
 */
#include "xlat/host-x86_64/lower.h"

/* [a0 + off] as a memory operand; may use s1 (and s2) as scratch, never
 * changes host flags */
static struct xrm addr_of(struct lctx *L, ir_ref base, int64_t off, int s1, int s2)
{
    const struct plan_addr *ad = &L->plan.addr[L->i];
    if (ad->active) {
        /* plan.c folded an add (and a shift) into this access */
        int br = lw_reg_or_load(L, ad->base, s1);
        int32_t disp = (int32_t)(off + ad->disp);
        if (ad->index == IR_NONE)
            return XM(br, disp);
        return XMI(br, lw_reg_or_load(L, ad->index, s2), ad->scale, disp);
    }
    struct opd a = lw_opd(L, base);
    if (a.k == K_IMM) {
        uint64_t ad = a.imm + (uint64_t)off;
        if (x_fits_i32((int64_t)ad))
            return XM(XNONE, (int32_t)ad);
        x_mov_ri64(&L->xb, s1, ad);
        return XM(s1, 0);
    }
    int r = a.reg;
    if (a.k != K_REG) {
        x_mov_rrm(&L->xb, 8, s1, a.m);
        r = s1;
    }
    if (x_fits_i32(off))
        return XM(r, (int32_t)off);
    x_mov_ri64(&L->xb, s2, (uint64_t)off);
    return XMI(r, s2, 1, 0);
}

void x86_lower_ld(struct lctx *L, const struct ir_insn *in)
{
    struct xbuf *xb = &L->xb;
    unsigned s = 1u << (in->aux & IR_MO_SIZE_MASK), size = width(in);
    bool sgn = in->aux & IR_MO_SIGN;
    struct xrm m = addr_of(L, in->arg[0], in->imm, RAX, RDX);
    int w = lw_dst_w(L);
    if (s == 8) {
        x_mov_rrm(xb, 8, w, m);
        if (size == 4)
            x_mov_rmr(xb, 4, XR(w), w);
    } else if (s == 4) {
        if (sgn && size == 8)
            x_movsx(xb, 8, w, 4, m);
        else
            x_mov_rrm(xb, 4, w, m);
    } else if (sgn) {
        x_movsx(xb, size, w, s, m);
    } else {
        x_movzx(xb, 4, w, s, m);
    }
    lw_dst_fin(L, w);
}

void x86_lower_st(struct lctx *L, const struct ir_insn *in)
{
    struct xbuf *xb = &L->xb;
    unsigned s = 1u << (in->aux & IR_MO_SIZE_MASK);
    struct opd v = lw_opd(L, in->arg[1]);
    int32_t imm;
    int vr = v.reg;
    if (in->aux & IR_MO_REL) {
        /* store-release then a later load-acquire must not pass it: xchg
         * is a full barrier on x86 */
        lw_load_to(L, RAX, &v, 8);
        struct xrm m = addr_of(L, in->arg[0], in->imm, RCX, RDX);
        x_xchg(xb, s, m, RAX);
        return;
    }
    if (v.k == K_IMM && lw_imm_ok(&v, s, &imm)) {
        struct xrm m = addr_of(L, in->arg[0], in->imm, RCX, RDX);
        x_mov_rmi(xb, s, m, imm);
        return;
    }
    if (v.k != K_REG) {
        lw_load_to(L, RAX, &v, 8);
        vr = RAX;
    }
    struct xrm m = addr_of(L, in->arg[0], in->imm, RCX, RDX);
    x_mov_rmr(xb, s, m, vr);
}

void x86_lower_ldv(struct lctx *L, const struct ir_insn *in)
{
    struct xbuf *xb = &L->xb;
    unsigned s = 1u << (in->aux & 7);
    struct xrm m = addr_of(L, in->arg[0], in->imm, RAX, RDX);
    switch (s) {
    case 16: x_movups_load(xb, 0, m); break;
    case 8: x_movq_load(xb, 0, m); break;
    case 4: x_movd_load(xb, 0, m); break;
    default:
        x_movzx(xb, 4, RAX, s, m);
        x_movd_load(xb, 0, XR(RAX));
        break;
    }
    x_movups_store(xb, env_m((int32_t)in->aux2), 0);
}

void x86_lower_stv(struct lctx *L, const struct ir_insn *in)
{
    struct xbuf *xb = &L->xb;
    unsigned s = 1u << (in->aux & 7);
    struct xrm m = addr_of(L, in->arg[0], in->imm, RAX, RDX);
    if (s == 16 && m.disp <= INT32_MAX - 8) {
        /* as two 8-byte halves through rcx: the V register is often just
         * written by 8-byte stores (FMOV/INS from general registers), and
         * a 16-byte load of it would wait on a failed store forward; Arm
         * gives STR Q no 16-byte single-copy atomicity without LSE2 */
        struct xrm hi = m;
        hi.disp += 8;
        x_mov_rrm(xb, 8, RCX, env_m((int32_t)in->aux2));
        x_mov_rmr(xb, 8, m, RCX);
        x_mov_rrm(xb, 8, RCX, env_m((int32_t)in->aux2 + 8));
        x_mov_rmr(xb, 8, hi, RCX);
    } else if (s == 16) {
        x_movups_load(xb, 0, env_m((int32_t)in->aux2));
        x_movups_store(xb, m, 0);
    } else {
        x_mov_rrm(xb, s == 8 ? 8 : 4, RCX, env_m((int32_t)in->aux2));
        x_mov_rmr(xb, s, m, RCX);
    }
}

/* result register <- rax zero-extended from the access size */
static void result_from_rax(struct lctx *L, unsigned s)
{
    int w = lw_dst_w(L);
    if (s == 8)
        x_mov_rmr(&L->xb, 8, XR(w), RAX);
    else if (s == 4)
        x_mov_rmr(&L->xb, 4, XR(w), RAX);
    else
        x_movzx(&L->xb, 4, w, s, XR(RAX));
    lw_dst_fin(L, w);
}

/* base register for an exclusive/atomic address (no offset) */
static int base_reg(struct lctx *L, ir_ref r, int scratch)
{
    struct opd a = lw_opd(L, r);
    if (a.k == K_REG)
        return a.reg;
    lw_load_to(L, scratch, &a, 8);
    return scratch;
}

void lw_load_sized(struct lctx *L, int w, unsigned s, struct xrm m)
{
    if (s >= 4)
        x_mov_rrm(&L->xb, s, w, m);
    else
        x_movzx(&L->xb, 4, w, s, m);
}

void x86_lower_ldex(struct lctx *L, const struct ir_insn *in)
{
    struct xbuf *xb = &L->xb;
    unsigned sz = in->aux & IR_MO_SIZE_MASK, s = 1u << sz;
    int b = base_reg(L, in->arg[0], RCX);
    x_mov_rmr(xb, 8, env_m(OFF_EXCL_ADDR), b);
    x_mov_rmi(xb, 4, env_m(OFF_EXCL_SIZE), (int32_t)in->aux);
    lw_load_sized(L, RAX, s, XM(b, 0));
    if (in->aux & IR_MO_PAIR) {
        lw_load_sized(L, RDX, s, XM(b, (int32_t)s));
        x_mov_rmr(xb, 8, env_m(OFF_EXCL_HI), RDX);
    }
    x_mov_rmr(xb, 8, env_m(OFF_EXCL_VAL), RAX);
    result_from_rax(L, s > width(in) ? width(in) : s);
}

void x86_lower_stex(struct lctx *L, const struct ir_insn *in)
{
    struct xbuf *xb = &L->xb;
    unsigned sz = in->aux & IR_MO_SIZE_MASK, s = 1u << sz;
    bool pair = in->aux & IR_MO_PAIR;
    int b;
    if (pair && sz == 3) {
        /* cmpxchg16b wants rdx:rax and rcx:rbx; rbx and rsi are free here
         * (plan.c marks them clobbered).  Stage operands via temps. */
        for (int k = 0; k < 3; k++) {
            struct opd o = lw_opd(L, in->arg[k]);
            if (o.k == K_REG) {
                x_mov_rmr(xb, 8, temp_m(k), o.reg);
            } else {
                lw_load_to(L, RAX, &o, 8);
                x_mov_rmr(xb, 8, temp_m(k), RAX);
            }
        }
        x_mov_rrm(xb, 8, RSI, temp_m(0));
        b = RSI;
    } else {
        b = base_reg(L, in->arg[0], RDX);
    }
    x_alu_rmr(xb, XCMP, 8, env_m(OFF_EXCL_ADDR), b);
    size_t f1 = lw_j8(L, XCC_NE);
    x_mov_rrm(xb, 4, RAX, env_m(OFF_EXCL_SIZE));
    x_alu_rmi(xb, XAND, 4, XR(RAX), EXCL_MATCH_MASK);
    x_alu_rmi(xb, XCMP, 4, XR(RAX), (int32_t)(in->aux & EXCL_MATCH_MASK));
    size_t f2 = lw_j8(L, XCC_NE);
    if (pair && sz == 3) {
        x_mov_rrm(xb, 8, RBX, temp_m(1));
        x_mov_rrm(xb, 8, RCX, temp_m(2));
        x_mov_rrm(xb, 8, RAX, env_m(OFF_EXCL_VAL));
        x_mov_rrm(xb, 8, RDX, env_m(OFF_EXCL_HI));
        x_lock(xb);
        x_cmpxchg16b(xb, XM(b, 0));
    } else {
        int nr;
        unsigned cs = s;
        struct opd v = lw_opd(L, in->arg[1]);
        if (pair) {
            /* two elements of s bytes in one cmpxchg of 2s bytes */
            struct opd hi = lw_opd(L, in->arg[2]);
            lw_load_to(L, RCX, &hi, 8);
            x_shift_i(xb, XSHL, 8, XR(RCX), (uint8_t)(8 * s));
            lw_load_to(L, RAX, &v, 8);
            if (s < 4)
                x_movzx(xb, 4, RAX, s, XR(RAX));
            else
                x_mov_rmr(xb, 4, XR(RAX), RAX);
            x_alu_rmr(xb, XOR, 8, XR(RCX), RAX);
            x_mov_rrm(xb, 8, RAX, env_m(OFF_EXCL_HI));
            x_shift_i(xb, XSHL, 8, XR(RAX), (uint8_t)(8 * s));
            x_alu_rrm(xb, XOR, 8, RAX, env_m(OFF_EXCL_VAL));
            nr = RCX;
            cs = 2 * s;
        } else {
            if (v.k == K_REG) {
                nr = v.reg;
            } else {
                lw_load_to(L, RCX, &v, 8);
                nr = RCX;
            }
            x_mov_rrm(xb, 8, RAX, env_m(OFF_EXCL_VAL));
        }
        x_lock(xb);
        x_cmpxchg(xb, cs, XM(b, 0), nr);
    }
    x_setcc(xb, XCC_NE, XR(RAX));
    x_movzx(xb, 4, RAX, 1, XR(RAX));
    size_t done = lw_j8(L, -1);
    lw_bind8(L, f1);
    lw_bind8(L, f2);
    x_mov_ri64(xb, RAX, 1);
    lw_bind8(L, done);
    x_mov_rmi(xb, 8, env_m(OFF_EXCL_ADDR), -1);
    int w = lw_dst_w(L);
    x_mov_rmr(xb, 4, XR(w), RAX);
    lw_dst_fin(L, w);
}

void x86_lower_cas(struct lctx *L, const struct ir_insn *in)
{
    unsigned s = 1u << (in->aux & IR_MO_SIZE_MASK);
    int b = base_reg(L, in->arg[0], RDX);
    struct opd nv = lw_opd(L, in->arg[2]), ex = lw_opd(L, in->arg[1]);
    int nr = nv.reg;
    if (nv.k != K_REG) {
        lw_load_to(L, RCX, &nv, 8);
        nr = RCX;
    }
    lw_load_to(L, RAX, &ex, 8);
    x_lock(&L->xb);
    x_cmpxchg(&L->xb, s, XM(b, 0), nr);
    result_from_rax(L, s > width(in) ? width(in) : s);   /* I32 results are 32 bits */
}

void x86_lower_atomic(struct lctx *L, const struct ir_insn *in)
{
    struct xbuf *xb = &L->xb;
    unsigned s = 1u << (in->aux & IR_MO_SIZE_MASK);
    int b = base_reg(L, in->arg[0], RDX);
    struct opd v = lw_opd(L, in->arg[1]);
    struct xrm m = XM(b, 0);
    switch (in->cond) {
    case IR_AT_ADD:
        lw_load_to(L, RAX, &v, 8);
        x_lock(xb);
        x_xadd(xb, s, m, RAX);
        break;
    case IR_AT_SWP:
        lw_load_to(L, RAX, &v, 8);
        x_xchg(xb, s, m, RAX);
        break;
    default: {
        struct xrm vm;
        int32_t imm = 0;
        bool vimm = lw_imm_ok(&v, s, &imm);
        bool minmax = in->cond >= IR_AT_SMAX && in->cond <= IR_AT_UMIN;
        if (v.k == K_IMM && (minmax || !vimm)) {
            x_mov_ri64(xb, RCX, v.imm);
            x_mov_rmr(xb, 8, temp_m(0), RCX);
            vm = temp_m(0);
            vimm = false;
        } else {
            vm = v.m;
        }
        lw_load_sized(L, RAX, s, m);
        size_t loop = xb_off(xb);
        x_mov_rmr(xb, 8, XR(RCX), RAX);
        unsigned os = s;
        switch (in->cond) {
        case IR_AT_CLR:   /* (x | v) ^ v == x & ~v */
        case IR_AT_SET:
        case IR_AT_EOR: {
            enum xalu first = in->cond == IR_AT_EOR ? XXOR : XOR;
            if (vimm)
                x_alu_rmi(xb, first, os, XR(RCX), imm);
            else if (v.k == K_REG)
                x_alu_rmr(xb, first, os, XR(RCX), v.reg);
            else
                x_alu_rrm(xb, first, os, RCX, vm);
            if (in->cond == IR_AT_CLR) {
                if (vimm)
                    x_alu_rmi(xb, XXOR, os, XR(RCX), imm);
                else if (v.k == K_REG)
                    x_alu_rmr(xb, XXOR, os, XR(RCX), v.reg);
                else
                    x_alu_rrm(xb, XXOR, os, RCX, vm);
            }
            break;
        }
        default: {
            /* new = (old <=> v) ? old : v */
            static const enum xcc take_v[4] = { XCC_LE, XCC_GE, XCC_BE, XCC_AE };
            if (v.k == K_REG)
                x_alu_rmr(xb, XCMP, os, XR(RCX), v.reg);
            else
                x_alu_rrm(xb, XCMP, os, RCX, vm);
            x_cmov(xb, take_v[in->cond - IR_AT_SMAX], os < 4 ? 4 : os, RCX, vm);
            break;
        }
        }
        x_lock(xb);
        x_cmpxchg(xb, s, m, RCX);
        x_jcc8(xb, XCC_NE, (int8_t)((int64_t)loop - (int64_t)(xb_off(xb) + 2)));
        break;
    }
    }
    result_from_rax(L, s > width(in) ? width(in) : s);   /* I32 results are 32 bits */
}
