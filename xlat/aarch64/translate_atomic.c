/*
 * A64 exclusive, ordered and atomic accesses of general registers:
 * LDXR/LDAXR/STXR/STLXR (B/H/W/X), LDXP/LDAXP/STXP/STLXP, LDAR/STLR,
 * LDLAR/STLLR, LDAPR (FEAT_LRCPC), LDAPUR and STLUR forms (FEAT_LRCPC2), and the
 * FEAT_LSE instructions CAS*, CASP*, LDADD..LDUMIN (ST* aliases included)
 * and SWP.  Called by the generated decoder (decode_ldst_br.c).
 *
 * Memory model on an x86-64 host (TSO): plain loads already have acquire
 * and plain stores release semantics, and lock-prefixed instructions (the
 * stex/cas/atomic lowering) are full barriers.  The one ordering TSO does
 * not give is a store followed by a later load to another address, which
 * Arm requires between a store-release (STLR, STLUR, STLLR) and a later
 * load-acquire (LDAR): so every store-release is followed by a full
 * barrier.  LDAPR/LDAPUR (RCpc) need no such fence.
 *
 * Exclusives carry only the access size (and IR_MO_PAIR) in their memop:
 * ir_interp arms and checks the monitor on the whole memop, and LDAXR must
 * pair with STXR/STLXR alike; acquire/release add nothing on TSO.
 */
#include <stddef.h>

#include "xlat/aarch64/decode_ldst_br.h"
#include "xlat/aarch64/translate.h"

#define EXCL_VAL_HI offsetof(struct xlat_env, excl_val_hi)

static ir_ref k(DisasContext *s, uint64_t v)
{
    return ir_const(s->b, v);
}

static void barrier_full(DisasContext *s)
{
    ir_emit(s->b, IR_barrier, IR_I64, IR_NONE, IR_NONE, IR_NONE, 0, IR_BAR_FULL);
}

static ir_ref ldex(DisasContext *s, ir_ref addr, uint32_t memop)
{
    return ir_emit(s->b, IR_ldex, IR_I64, addr, IR_NONE, IR_NONE, 0, memop);
}

static ir_ref stex(DisasContext *s, ir_ref addr, ir_ref lo, ir_ref hi, uint32_t memop)
{
    return ir_emit(s->b, IR_stex, IR_I64, addr, lo, hi, 0, memop);
}

static ir_ref lo32(DisasContext *s, ir_ref v)
{
    return ir_ext(s->b, false, IR_I64, 2, v);
}

static ir_ref hi32(DisasContext *s, ir_ref v)
{
    return ir_op2(s->b, IR_shr, IR_I64, v, k(s, 32));
}

/* lo's low 32 bits, hi's low 32 bits above them */
static ir_ref join32(DisasContext *s, ir_ref lo, ir_ref hi)
{
    return ir_op2(s->b, IR_or, IR_I64, lo32(s, lo), ir_op2(s->b, IR_shl, IR_I64, hi, k(s, 32)));
}

static void store_release(DisasContext *s, ir_ref addr, int64_t off, unsigned size, ir_ref v)
{
    ir_st(s->b, addr, off, size | IR_MO_REL, v);
    barrier_full(s);
}

/* STXR/STLXR/LDXR/LDAXR.  Rs and Rt2 of the loads are should-be-one
 * fields: other values are accepted as if they were ones. */
bool trans_LDSTX(DisasContext *s, const arg_LDSTX *a)
{
    ir_ref addr = a64_getx_sp(s, a->rn);
    if (a->l) {
        a64_setx(s, a->rt, ldex(s, addr, a->size));
    } else {
        /* Rs == Rt or Rn is CONSTRAINED UNPREDICTABLE: both are read
         * before the status is written */
        ir_ref st = stex(s, addr, a64_getx(s, a->rt), IR_NONE, a->size);
        a64_setx(s, a->rs, st);
    }
    return true;
}

/* The second doubleword of a 128-bit ldex, which the ldex left in env.
 * Read as two 4-byte halves: opt_envfwd forwards 8-byte getenvs and does
 * not know that ldex writes excl_val_hi, so an 8-byte read after another
 * LDXP in the same block would get the older value. */
static ir_ref excl_val_hi(DisasContext *s)
{
    ir_ref lo = ir_getenv(s->b, EXCL_VAL_HI, 2);
    ir_ref hi = ir_getenv(s->b, EXCL_VAL_HI + 4, 2);
    return ir_op2(s->b, IR_or, IR_I64, lo, ir_op2(s->b, IR_shl, IR_I64, hi, k(s, 32)));
}

/* LDXP/LDAXP/STXP/STLXP.  A pair of W registers is one 64-bit exclusive
 * access (Rt in the low half); a pair of X registers is a 128-bit one
 * (IR_MO_PAIR: the second doubleword comes back in env's excl_val_hi). */
bool trans_LDSTXP(DisasContext *s, const arg_LDSTXP *a)
{
    ir_ref addr = a64_getx_sp(s, a->rn);
    if (a->l) {
        if (!a->sz) {
            ir_ref v = ldex(s, addr, 3);
            a64_setx(s, a->rt, lo32(s, v));
            a64_setx(s, a->rt2, hi32(s, v));
        } else {
            ir_ref lo = ldex(s, addr, 3 | IR_MO_PAIR);
            ir_ref hi = excl_val_hi(s);
            /* Rt == Rt2 is CONSTRAINED UNPREDICTABLE: Rt2 wins */
            a64_setx(s, a->rt, lo);
            a64_setx(s, a->rt2, hi);
        }
    } else {
        ir_ref st;
        if (!a->sz)
            st = stex(s, addr, join32(s, a64_getx(s, a->rt), a64_getx(s, a->rt2)), IR_NONE, 3);
        else
            st = stex(s, addr, a64_getx(s, a->rt), a64_getx(s, a->rt2), 3 | IR_MO_PAIR);
        a64_setx(s, a->rs, st);
    }
    return true;
}

/* LDAR/STLR (o0=1) and LDLAR/STLLR (o0=0, FEAT_LOR: with no LORegion set
 * up they order at least as LDAR/STLR do, so they are the same here). */
bool trans_LDSTLR(DisasContext *s, const arg_LDSTLR *a)
{
    ir_ref addr = a64_getx_sp(s, a->rn);
    if (a->l)
        a64_setx(s, a->rt, ir_ld(s->b, IR_I64, addr, 0, a->size | IR_MO_ACQ));
    else
        store_release(s, addr, 0, a->size, a64_getx(s, a->rt));
    return true;
}

static uint32_t order(int acq, int rel)
{
    return (acq ? IR_MO_ACQ : 0) | (rel ? IR_MO_REL : 0);
}

/* CAS, CASA (l), CASL (o0), CASAL: Rs = old value, zero-extended. */
bool trans_CAS(DisasContext *s, const arg_CAS *a)
{
    ir_ref addr = a64_getx_sp(s, a->rn);
    ir_ref old = ir_emit(s->b, IR_cas, IR_I64, addr, a64_getx(s, a->rs), a64_getx(s, a->rt),
                         0, a->size | order(a->l, a->o0));
    a64_setx(s, a->rs, old);
    return true;
}

static uint64_t xreg(struct a64_cpu *cpu, unsigned r)
{
    return r == 31 ? 0 : cpu->x[r];
}

/* CASP of two X registers: a 128-bit compare-and-swap (lock cmpxchg16b).
 * regs = Rs | Rt << 8; Rs and Rt are even, Rs+1/Rt+1 may be XZR. */
static uint64_t helper_casp64(void *env, uint64_t addr, uint64_t regs, uint64_t unused)
{
    (void)unused;
    struct a64_cpu *cpu = a64_cpu(env);
    unsigned rs = regs & 31, rt = (regs >> 8) & 31;
    uint64_t exp_lo = xreg(cpu, rs), exp_hi = xreg(cpu, rs + 1);
    uint64_t new_lo = xreg(cpu, rt), new_hi = xreg(cpu, rt + 1);
    uint64_t old_lo, old_hi;
    if (addr & 15) {
        /* Arm raises an alignment fault here; x86 would #GP.  Do it
         * non-atomically rather than crash xemu. */
        uint64_t *p = (uint64_t *)(uintptr_t)addr;
        old_lo = p[0];
        old_hi = p[1];
        if (old_lo == exp_lo && old_hi == exp_hi) {
            p[0] = new_lo;
            p[1] = new_hi;
        }
    } else {
        old_lo = exp_lo;
        old_hi = exp_hi;
        __asm__ volatile("lock cmpxchg16b %2"
                         : "+a"(old_lo), "+d"(old_hi), "+m"(*(unsigned __int128 *)(uintptr_t)addr)
                         : "b"(new_lo), "c"(new_hi)
                         : "memory", "cc");
    }
    if (rs != 31)
        cpu->x[rs] = old_lo;
    if (rs + 1 != 31)
        cpu->x[rs + 1] = old_hi;
    return 0;
}

/* CASP/CASPA/CASPL/CASPAL: Rs, Rt even (odd is UNDEFINED). */
bool trans_CASP(DisasContext *s, const arg_CASP *a)
{
    if ((a->rs & 1) || (a->rt & 1))
        return false;
    ir_ref addr = a64_getx_sp(s, a->rn);
    if (a->sz) {
        ir_call(s->b, (const void *)helper_casp64, IR_CALL_READS_ENV | IR_CALL_WRITES_ENV,
                addr, k(s, (uint64_t)a->rs | (uint64_t)a->rt << 8), IR_NONE);
        return true;
    }
    ir_ref exp = join32(s, a64_getx(s, a->rs), a64_getx(s, a->rs + 1));
    ir_ref val = join32(s, a64_getx(s, a->rt), a64_getx(s, a->rt + 1));
    ir_ref old = ir_emit(s->b, IR_cas, IR_I64, addr, exp, val, 0, 3 | order(a->l, a->o0));
    a64_setx(s, a->rs, lo32(s, old));
    a64_setx(s, a->rs + 1, hi32(s, old));
    return true;
}

/* LDADD..LDUMIN (o3=0, opc = enum ir_atomic order), SWP (o3=1 opc=0) and
 * LDAPR (o3=1 opc=4, A=1 R=0, Rs should be 31). */
bool trans_ATOMIC_gpr(DisasContext *s, const arg_ATOMIC_gpr *a)
{
    enum ir_atomic op;
    if (!a->o3) {
        op = (enum ir_atomic)(IR_AT_ADD + a->opc);
    } else if (a->opc == 0) {
        op = IR_AT_SWP;
    } else if (a->opc == 4 && a->a && !a->r && a->rs == 31) {
        ir_ref v = ir_ld(s->b, IR_I64, a64_getx_sp(s, a->rn), 0, a->size | IR_MO_ACQ);
        a64_setx(s, a->rt, v);
        return true;
    } else {
        return false;
    }
    ir_ref addr = a64_getx_sp(s, a->rn);
    ir_ref old = ir_emit(s->b, IR_atomic, IR_I64, addr, a64_getx(s, a->rs), IR_NONE, 0,
                         a->size | order(a->a, a->r));
    s->b->insn[old].cond = op;
    a64_setx(s, a->rt, old);
    return true;
}

/* FEAT_LRCPC2: opc 00 STLUR, 01 LDAPUR, 10 LDAPURS* to 64 bits, 11 to 32. */
bool trans_LDAPUR_gpr(DisasContext *s, const arg_LDAPUR_gpr *a)
{
    ir_ref addr = a64_getx_sp(s, a->rn);
    switch (a->opc) {
    case 0:
        store_release(s, addr, a->imm, a->size, a64_getx(s, a->rt));
        return true;
    case 1:
        a64_setx(s, a->rt, ir_ld(s->b, IR_I64, addr, a->imm, a->size | IR_MO_ACQ));
        return true;
    case 2:
        if (a->size == 3)
            return false;
        a64_setx(s, a->rt, ir_ld(s->b, IR_I64, addr, a->imm, a->size | IR_MO_SIGN | IR_MO_ACQ));
        return true;
    default:
        if (a->size >= 2)
            return false;
        a64_setx(s, a->rt, ir_ld(s->b, IR_I32, addr, a->imm, a->size | IR_MO_SIGN | IR_MO_ACQ));
        return true;
    }
}
