/*
 * A64 system instructions as EL0 Linux code sees them: hints, barriers,
 * CLREX, the FEAT_FlagM/FlagM2 PSTATE instructions (CFINV, XAFLAG,
 * AXFLAG), MRS/MSR of the registers Linux lets EL0 use (values in
 * sysregs.c) and the cache maintenance instructions EL0 may issue.
 * Called by the generated decoder (decode_ldst_br.c); anything else in
 * this space returns false and so raises SIGILL, as it would under Linux
 * (privileged registers, DAIF with SCTLR_EL1.UMA=0, IC IALLU, DC IVAC...).
 */
#include <stddef.h>

#include "xlat/aarch64/decode_ldst_br.h"
#include "xlat/aarch64/sysregs.h"
#include "xlat/aarch64/translate.h"

#define A64_OFF_TPIDRRO offsetof(struct a64_cpu, tpidrro_el0)

/* Every HINT encoding executes as NOP at EL0 when its feature is not
 * advertised: NOP, YIELD, WFE/WFI (a short wait is allowed to return at
 * once), SEV/SEVL, the PAC hints (PACIASP, AUTIASP, XPACLRI, ... without
 * FEAT_PAuth), BTI, ESB, PSB, TSB, CSDB, DGH, CLRBHB, CHKFEAT (leaves
 * x16 unchanged: nothing enabled) and every unnamed HINT #imm. */
bool trans_HINT(DisasContext *s, const arg_HINT *a)
{
    (void)s;
    (void)a;
    return true;
}

bool trans_CLREX(DisasContext *s, const arg_CLREX *a)
{
    (void)a;
    ir_emit(s->b, IR_clrex, IR_I64, IR_NONE, IR_NONE, IR_NONE, 0, 0);
    return true;
}

static void barrier(DisasContext *s, enum ir_barrier kind)
{
    ir_emit(s->b, IR_barrier, IR_I64, IR_NONE, IR_NONE, IR_NONE, 0, kind);
}

/* DMB/DSB: CRm<1:0> selects the access types ordered (01 loads, 10
 * stores, 11 and the reserved 00 all); the shareability domain does not
 * matter in one address space.  DSB's extra completion guarantees are
 * about system effects EL0 cannot observe, so it is the same barrier.
 * (CRm=0000 and 0100 of DSB are SSBB/PSSBB: a full barrier is a safe
 * superset of a speculation barrier.) */
bool trans_DSB_DMB(DisasContext *s, const arg_DSB_DMB *a)
{
    switch (a->crm & 3) {
    case 1: barrier(s, IR_BAR_LOAD); break;
    case 2: barrier(s, IR_BAR_STORE); break;
    default: barrier(s, IR_BAR_FULL); break;
    }
    return true;
}

/* ISB ends the block, so code changed (and invalidated with IC IVAU)
 * before it is translated afresh when execution continues. */
bool trans_ISB(DisasContext *s, const arg_ISB *a)
{
    (void)a;
    ir_goto_tb(s->b, s->pc + 4);
    s->end = true;
    return true;
}

/* SB: no speculation past this point; translated code does not
 * speculate guest instructions, a full barrier keeps memory order too. */
bool trans_SB(DisasContext *s, const arg_SB *a)
{
    (void)a;
    barrier(s, IR_BAR_FULL);
    return true;
}

static ir_ref rdflags(DisasContext *s)
{
    return ir_emit(s->b, IR_rdflags, IR_I64, IR_NONE, IR_NONE, IR_NONE, 0, 0);
}

static void wrflags(DisasContext *s, ir_ref v)
{
    ir_emit(s->b, IR_wrflags, IR_I64, v, IR_NONE, IR_NONE, 0, 0);
}

static ir_ref op2(DisasContext *s, enum ir_op op, ir_ref a, ir_ref b)
{
    return ir_op2(s->b, op, IR_I64, a, b);
}

static ir_ref k(DisasContext *s, uint64_t v)
{
    return ir_const(s->b, v);
}

#define F_N (1u << 31)
#define F_Z (1u << 30)
#define F_C (1u << 29)
#define F_V (1u << 28)

/* Arm ARM: AXFLAG sets Z = Z OR V, C = C AND NOT V, N = V = 0.
 * XAFLAG sets N = NOT C AND NOT Z, Z = Z AND C, C = C OR Z,
 * V = NOT C AND Z.  With NZCV at bits 31..28, shifting the packed word
 * lines the source flag up with the destination bit. */
static void axflag(DisasContext *s)
{
    ir_ref f = rdflags(s);
    ir_ref z = op2(s, IR_and, op2(s, IR_or, f, op2(s, IR_shl, f, k(s, 2))), k(s, F_Z));
    ir_ref c = op2(s, IR_and, op2(s, IR_andn, f, op2(s, IR_shl, f, k(s, 1))), k(s, F_C));
    wrflags(s, op2(s, IR_or, z, c));
}

static void xaflag(DisasContext *s)
{
    ir_ref f = rdflags(s);
    ir_ref c_at_n = op2(s, IR_shl, f, k(s, 2));
    ir_ref z_at_n = op2(s, IR_shl, f, k(s, 1));
    ir_ref n = op2(s, IR_andn, op2(s, IR_andn, k(s, F_N), c_at_n), z_at_n);
    ir_ref z = op2(s, IR_and, op2(s, IR_and, f, z_at_n), k(s, F_Z));
    ir_ref c = op2(s, IR_and, op2(s, IR_or, f, op2(s, IR_shr, f, k(s, 1))), k(s, F_C));
    ir_ref v = op2(s, IR_and, op2(s, IR_andn, op2(s, IR_shr, f, k(s, 2)),
                                  op2(s, IR_shr, f, k(s, 1))), k(s, F_V));
    wrflags(s, op2(s, IR_or, op2(s, IR_or, n, z), op2(s, IR_or, c, v)));
}

/* MSR (immediate): only the FlagM instructions are usable at EL0 here.
 * The PSTATE fields EL0 could write (DIT, SSBS, TCO, SVCR) belong to
 * features xemu does not advertise, and DAIFSet/DAIFClr trap with
 * SCTLR_EL1.UMA=0 as on Linux: all SIGILL. */
bool trans_MSR_i(DisasContext *s, const arg_MSR_i *a)
{
    if (a->op1 != 0 || a->crm != 0)
        return false;
    switch (a->op2) {
    case 0: /* CFINV */
        wrflags(s, op2(s, IR_xor, rdflags(s), k(s, F_C)));
        return true;
    case 1:
        xaflag(s);
        return true;
    case 2:
        axflag(s);
        return true;
    }
    return false;
}

static uint64_t helper_ic_ivau(void *env, uint64_t addr, uint64_t a1, uint64_t a2)
{
    (void)env;
    (void)a1;
    (void)a2;
    uint64_t line = addr & ~(uint64_t)(A64_CACHE_LINE - 1);
    xlat_invalidate(line, line + A64_CACHE_LINE);
    return 0;
}

/* DC ZVA: zero the aligned block holding the address; the address need
 * not be aligned.  Eight 8-byte stores, inline. */
static void dc_zva(DisasContext *s, unsigned rt)
{
    ir_ref base = op2(s, IR_and, a64_getx(s, rt), k(s, ~(uint64_t)(A64_DCZVA_BYTES - 1)));
    ir_ref zero = k(s, 0);
    for (unsigned off = 0; off < A64_DCZVA_BYTES; off += 8)
        ir_st(s->b, base, off, 3, zero);
}

/* SYS: the cache maintenance EL0 may issue (SCTLR_EL1.UCI=1, DZE=1 on
 * Linux).  Memory is coherent here, so DC cleans are no-ops; IC IVAU is
 * how aarch64 code announces new code, so it drops translations of the
 * line and ends the block. */
bool trans_SYS(DisasContext *s, const arg_SYS *a)
{
    if (a->op1 != 3 || a->crn != 7 || a->op2 != 1)
        return false;
    switch (a->crm) {
    case 4:  /* DC ZVA */
        dc_zva(s, a->rt);
        return true;
    case 5:  /* IC IVAU */
        ir_call(s->b, (const void *)helper_ic_ivau, IR_CALL_READS_ENV,
                a64_getx(s, a->rt), IR_NONE, IR_NONE);
        ir_goto_tb(s->b, s->pc + 4);
        s->end = true;
        return true;
    case 10: /* DC CVAC */
    case 11: /* DC CVAU */
    case 12: /* DC CVAP (FEAT_DPB) */
    case 13: /* DC CVADP (FEAT_DPB2) */
    case 14: /* DC CIVAC */
        return true;
    }
    return false;
}

static uint64_t helper_cntvct(void *env, uint64_t a0, uint64_t a1, uint64_t a2)
{
    (void)env;
    (void)a0;
    (void)a1;
    (void)a2;
    return a64_read_cntvct();
}

bool trans_MRS(DisasContext *s, const arg_MRS *a)
{
    uint32_t reg = A64_SYSREG(2 | a->o0, a->op1, a->crn, a->crm, a->op2);
    uint64_t c;
    ir_ref v;

    switch (reg) {
    case A64_SR_TPIDR_EL0:   v = ir_getenv(s->b, A64_OFF_TPIDR, 3); break;
    case A64_SR_TPIDRRO_EL0: v = ir_getenv(s->b, A64_OFF_TPIDRRO, 3); break;
    case A64_SR_NZCV:        v = rdflags(s); break;
    case A64_SR_FPCR:        v = ir_getenv(s->b, A64_OFF_FPCR, 2); break;
    case A64_SR_FPSR:        v = ir_getenv(s->b, A64_OFF_FPSR, 2); break;
    case A64_SR_CNTVCT_EL0:
    case A64_SR_CNTVCTSS_EL0:
    /* Linux leaves the physical counter to EL1 (CNTKCTL_EL1.EL0PCTEN=0),
     * but reading it cannot hurt and qemu-user allows it too: with no
     * virtual offset it is the same count */
    case A64_SR_CNTPCT_EL0:
    case A64_SR_CNTPCTSS_EL0:
        v = ir_call(s->b, (const void *)helper_cntvct, 0, IR_NONE, IR_NONE, IR_NONE);
        break;
    default:
        if (!a64_sysreg_const(reg, &c))
            return false;
        v = k(s, c);
        break;
    }
    a64_setx(s, a->rt, v);
    return true;
}

bool trans_MSR_r(DisasContext *s, const arg_MSR_r *a)
{
    uint32_t reg = A64_SYSREG(2 | a->o0, a->op1, a->crn, a->crm, a->op2);

    switch (reg) {
    case A64_SR_TPIDR_EL0:
        ir_setenv(s->b, A64_OFF_TPIDR, 3, a64_getx(s, a->rt));
        return true;
    case A64_SR_NZCV:
        wrflags(s, a64_getx(s, a->rt));
        return true;
    case A64_SR_FPCR:
        /* stored in env, where the FP helpers read it; bits of features
         * not implemented read back as zero */
        ir_setenv(s->b, A64_OFF_FPCR, 2,
                  op2(s, IR_and, a64_getx(s, a->rt), k(s, a64_fpcr_mask())));
        return true;
    case A64_SR_FPSR:
        ir_setenv(s->b, A64_OFF_FPSR, 2,
                  op2(s, IR_and, a64_getx(s, a->rt), k(s, A64_FPSR_MASK)));
        return true;
    }
    return false;
}
