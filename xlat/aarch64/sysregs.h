/*
 * The system registers an aarch64 Linux process may read, as xemu presents
 * them, and the HWCAP/HWCAP2 bits xemu advertises in auxv.  Both come from
 * one feature table in sysregs.c, so the ID registers never claim more
 * than HWCAP does.  Used by translate_system.c (MRS) and by the aarch64
 * guest_arch descriptor (auxv, /proc/cpuinfo).
 */
#ifndef XEMU_XLAT_AARCH64_SYSREGS_H
#define XEMU_XLAT_AARCH64_SYSREGS_H

#include <stdbool.h>
#include <stdint.h>

/* A system register number packed as the MRS/MSR encoding fields
 * op0:op1:CRn:CRm:op2 (2+3+4+4+3 bits), op0 being 2 or 3. */
#define A64_SYSREG(op0, op1, crn, crm, op2) \
    ((uint32_t)(op0) << 14 | (uint32_t)(op1) << 11 | (uint32_t)(crn) << 7 | \
     (uint32_t)(crm) << 3 | (uint32_t)(op2))

#define A64_SR_TPIDR_EL0     A64_SYSREG(3, 3, 13, 0, 2)
#define A64_SR_TPIDRRO_EL0   A64_SYSREG(3, 3, 13, 0, 3)
#define A64_SR_NZCV          A64_SYSREG(3, 3, 4, 2, 0)
#define A64_SR_FPCR          A64_SYSREG(3, 3, 4, 4, 0)
#define A64_SR_FPSR          A64_SYSREG(3, 3, 4, 4, 1)
#define A64_SR_CTR_EL0       A64_SYSREG(3, 3, 0, 0, 1)
#define A64_SR_DCZID_EL0     A64_SYSREG(3, 3, 0, 0, 7)
#define A64_SR_CNTFRQ_EL0    A64_SYSREG(3, 3, 14, 0, 0)
#define A64_SR_CNTVCT_EL0    A64_SYSREG(3, 3, 14, 0, 2)
#define A64_SR_CNTVCTSS_EL0  A64_SYSREG(3, 3, 14, 0, 6)
#define A64_SR_CNTPCT_EL0    A64_SYSREG(3, 3, 14, 0, 1)
#define A64_SR_CNTPCTSS_EL0  A64_SYSREG(3, 3, 14, 0, 5)
#define A64_SR_MIDR_EL1      A64_SYSREG(3, 0, 0, 0, 0)
#define A64_SR_MPIDR_EL1     A64_SYSREG(3, 0, 0, 0, 5)
#define A64_SR_REVIDR_EL1    A64_SYSREG(3, 0, 0, 0, 6)
#define A64_SR_ID_AA64PFR0   A64_SYSREG(3, 0, 0, 4, 0)
#define A64_SR_ID_AA64PFR1   A64_SYSREG(3, 0, 0, 4, 1)
#define A64_SR_ID_AA64ZFR0   A64_SYSREG(3, 0, 0, 4, 4)
#define A64_SR_ID_AA64DFR0   A64_SYSREG(3, 0, 0, 5, 0)
#define A64_SR_ID_AA64DFR1   A64_SYSREG(3, 0, 0, 5, 1)
#define A64_SR_ID_AA64ISAR0  A64_SYSREG(3, 0, 0, 6, 0)
#define A64_SR_ID_AA64ISAR1  A64_SYSREG(3, 0, 0, 6, 1)
#define A64_SR_ID_AA64ISAR2  A64_SYSREG(3, 0, 0, 6, 2)
#define A64_SR_ID_AA64MMFR0  A64_SYSREG(3, 0, 0, 7, 0)
#define A64_SR_ID_AA64MMFR1  A64_SYSREG(3, 0, 0, 7, 1)
#define A64_SR_ID_AA64MMFR2  A64_SYSREG(3, 0, 0, 7, 2)

/* Fixed values (see sysregs.c for why each is what it is). */
#define A64_CNTFRQ_HZ        1000000000ull  /* CNTVCT counts nanoseconds */
#define A64_DCZID_VALUE      4u             /* BS=4: 64-byte DC ZVA block, DZP=0 */
#define A64_DCZVA_BYTES      64u
#define A64_CACHE_LINE       64u            /* IC/DC line size in CTR_EL0 */

/* Optional architecture features, one bit each in a model's feature set.
 * The decoders check them through gate lines of the .decode specs
 * (`!name` lines, tools/gen_decoder.py): an instruction of a feature the
 * selected model lacks is UNDEFINED, as on that hardware. */
enum a64_feat {
    A64_FEAT_FP, A64_FEAT_ASIMD, A64_FEAT_CPUID,
    A64_FEAT_AES, A64_FEAT_PMULL, A64_FEAT_SHA1, A64_FEAT_SHA256, A64_FEAT_SHA512,
    A64_FEAT_SHA3, A64_FEAT_CRC32, A64_FEAT_ATOMICS, A64_FEAT_RDM, A64_FEAT_DOTPROD,
    A64_FEAT_JSCVT, A64_FEAT_FCMA, A64_FEAT_FRINTTS, A64_FEAT_LRCPC, A64_FEAT_LRCPC2,
    A64_FEAT_DCPOP, A64_FEAT_DCPODP, A64_FEAT_FLAGM, A64_FEAT_FLAGM2, A64_FEAT_SB,
    A64_FEAT_HBC, A64_FEAT_FP16,
    A64_FEAT_LOR,           /* LDLAR/STLLR: no HWCAP (Linux hides LORegions) */
    A64_FEAT_FHM,
    A64_NFEAT
};

/* A CPU model of -cpu: its MIDR_EL1 and feature set (bits 1 << A64_FEAT_*). */
struct a64_cpu_model {
    const char *name;
    const char *what;
    uint64_t midr;
    uint64_t feats;
};

/* The selected model's features; every feature until a64_cpu_select. */
extern uint64_t a64_feat_mask;
static inline bool a64_has_feat(enum a64_feat f)
{
    return (a64_feat_mask >> f) & 1;
}
/* Select a model by name ("any" = "max"); false if there is none. */
bool a64_cpu_select(const char *name);
/* The i-th model (for -cpu help), NULL past the end. */
const struct a64_cpu_model *a64_cpu_model(unsigned i);

/* HWCAP / HWCAP2 for AT_HWCAP / AT_HWCAP2 (and /proc/cpuinfo Features). */
uint64_t a64_hwcap(void);
uint64_t a64_hwcap2(void);

/* Value an EL0 MRS of register `reg` (A64_SYSREG packing) reads, for the
 * registers whose value does not depend on the thread (ID registers,
 * CTR, DCZID, CNTFRQ).  Returns false if the register is not one of them
 * (TPIDR, NZCV, FPCR/FPSR and the counter are handled by the caller; any
 * other register is UNDEFINED at EL0 and raises SIGILL). */
bool a64_sysreg_const(uint32_t reg, uint64_t *val);

/* FPCR/FPSR bits that exist on the CPU xemu presents; MSR masks with these. */
uint32_t a64_fpcr_mask(void);
#define A64_FPSR_MASK 0x0800009fu   /* QC, IDC, IXC, UFC, OFC, DZC, IOC */

/* CNTVCT_EL0: the host monotonic clock scaled to A64_CNTFRQ_HZ. */
uint64_t a64_read_cntvct(void);

#endif
