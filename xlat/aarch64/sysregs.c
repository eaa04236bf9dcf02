/*
 * What xemu's emulated aarch64 CPU says about itself: the HWCAP bits it
 * advertises and the system/ID register values EL0 code reads with MRS.
 *
 * One table, a64_features[], lists every advertised feature with its
 * HWCAP bit and the ID register field Linux would show for it; HWCAP,
 * HWCAP2, the cpuinfo names and the ID register values are all derived
 * from it, so advertising a feature is one row (add the row only once the
 * instructions are implemented).  ID register values follow Linux's
 * emulation for EL0 (arch/arm64/kernel/cpufeature.c): only user-visible
 * fields carry the feature, hidden fields read as the kernel's "safe"
 * values, unknown registers in the ID space (op0=3 op1=0 CRn=0 CRm=2..7)
 * read as zero, MIDR is a real CPU's, MPIDR reads 0x80000000 and REVIDR 0.
 */
#include <time.h>

#include "xlat/aarch64/sysregs.h"

/* Bits of asm/hwcap.h (arm64 UAPI); spelled out because the cross header
 * may predate some of them (HWCAP2_HBC is from Linux 6.5). */
enum {
    HWC_FP = 0, HWC_ASIMD = 1, HWC_AES = 3, HWC_PMULL = 4, HWC_SHA1 = 5, HWC_SHA2 = 6,
    HWC_CRC32 = 7, HWC_ATOMICS = 8, HWC_CPUID = 11, HWC_ASIMDRDM = 12, HWC_JSCVT = 13,
    HWC_FCMA = 14, HWC_LRCPC = 15, HWC_DCPOP = 16, HWC_SHA3 = 17, HWC_ASIMDDP = 20,
    HWC_SHA512 = 21, HWC_ILRCPC = 26,
    HWC_FLAGM = 27, HWC_SB = 29,
    HWC2_DCPODP = 0, HWC2_FLAGM2 = 7, HWC2_FRINT = 8, HWC2_HBC = 44,
};

enum id_reg { PFR0, PFR1, ISAR0, ISAR1, ISAR2, MMFR0, MMFR1, MMFR2, DFR0, NUM_ID };

struct a64_feature {
    const char *name;       /* /proc/cpuinfo spelling, for the reader */
    unsigned word;          /* 1: AT_HWCAP, 2: AT_HWCAP2 */
    unsigned bit;
    int reg;                /* enum id_reg, or -1 for none */
    unsigned shift;         /* 4-bit field position */
    unsigned value;         /* field value; a field hit by several rows takes the max */
};

static const struct a64_feature a64_features[] = {
    { "fp",      1, HWC_FP,      PFR0,  16, 0 },  /* 0 = implemented (0xf = absent) */
    { "asimd",   1, HWC_ASIMD,   PFR0,  20, 0 },
    { "aes",     1, HWC_AES,     ISAR0, 4,  1 },
    { "pmull",   1, HWC_PMULL,   ISAR0, 4,  2 },  /* AES field 2: AES + PMULL 1Q */
    { "sha1",    1, HWC_SHA1,    ISAR0, 8,  1 },
    { "sha2",    1, HWC_SHA2,    ISAR0, 12, 1 },
    { "sha512",  1, HWC_SHA512,  ISAR0, 12, 2 },  /* SHA2 field 2: SHA256 + SHA512 */
    { "sha3",    1, HWC_SHA3,    ISAR0, 32, 1 },
    { "crc32",   1, HWC_CRC32,   ISAR0, 16, 1 },
    { "asimdrdm", 1, HWC_ASIMDRDM, ISAR0, 28, 1 },
    { "asimddp", 1, HWC_ASIMDDP, ISAR0, 44, 1 },
    { "jscvt",   1, HWC_JSCVT,   ISAR1, 12, 1 },
    { "fcma",    1, HWC_FCMA,    ISAR1, 16, 1 },
    { "frint",   2, HWC2_FRINT,  ISAR1, 32, 1 },
    { "atomics", 1, HWC_ATOMICS, ISAR0, 20, 2 },
    { "cpuid",   1, HWC_CPUID,   -1,    0,  0 },
    { "lrcpc",   1, HWC_LRCPC,   ISAR1, 20, 1 },
    { "dcpop",   1, HWC_DCPOP,   ISAR1, 0,  1 },
    { "ilrcpc",  1, HWC_ILRCPC,  ISAR1, 20, 2 },
    { "flagm",   1, HWC_FLAGM,   ISAR0, 52, 1 },
    { "sb",      1, HWC_SB,      ISAR1, 36, 1 },
    { "dcpodp",  2, HWC2_DCPODP, ISAR1, 0,  2 },
    { "flagm2",  2, HWC2_FLAGM2, ISAR0, 52, 2 },
    { "hbc",     2, HWC2_HBC,    ISAR2, 20, 1 },
};
#define NFEATURES (sizeof(a64_features) / sizeof(a64_features[0]))

/* ID register values before the feature rows are applied: fields the
 * kernel hides read as its safe value.  PFR0: EL0 and EL1 AArch64-only
 * (1), FP and AdvSIMD absent (0xf) unless a row says otherwise.  MMFR0:
 * TGran4 and TGran64 read 0xf.  DFR0: DebugVer 6 (Armv8.0 debug). */
static const uint64_t id_base[NUM_ID] = {
    [PFR0]  = 0x0000000000ff0011ull,
    [MMFR0] = 0x00000000ff000000ull,
    [DFR0]  = 0x0000000000000006ull,
};

static const uint32_t id_regnum[NUM_ID] = {
    [PFR0] = A64_SR_ID_AA64PFR0,  [PFR1] = A64_SR_ID_AA64PFR1,
    [ISAR0] = A64_SR_ID_AA64ISAR0, [ISAR1] = A64_SR_ID_AA64ISAR1,
    [ISAR2] = A64_SR_ID_AA64ISAR2, [MMFR0] = A64_SR_ID_AA64MMFR0,
    [MMFR1] = A64_SR_ID_AA64MMFR1, [MMFR2] = A64_SR_ID_AA64MMFR2,
    [DFR0] = A64_SR_ID_AA64DFR0,
};

/* Arm Neoverse N1 r3p1: an Armv8.2 core with LSE, RCpc and DC CVAP, so
 * software that keys on MIDR sees a CPU consistent with the HWCAPs; glibc
 * has no N1-specific string routines that would assume more. */
#define A64_MIDR   0x413fd0c1ull
#define A64_MPIDR  0x80000000ull

/* CTR_EL0: RES1 bit 31, DIC=IDC=0 (software must clean/invalidate, which
 * is what tells xemu about code changes), CWG=ERG=4 (64 bytes),
 * DminLine=IminLine=4 (64-byte lines), L1Ip=3 (PIPT). */
#define A64_CTR    0x8444c004ull

uint64_t a64_hwcap(void)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < NFEATURES; i++)
        if (a64_features[i].word == 1)
            v |= 1ull << a64_features[i].bit;
    return v;
}

uint64_t a64_hwcap2(void)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < NFEATURES; i++)
        if (a64_features[i].word == 2)
            v |= 1ull << a64_features[i].bit;
    return v;
}

static bool has_feature(unsigned word, unsigned bit)
{
    return ((word == 1 ? a64_hwcap() : a64_hwcap2()) >> bit) & 1;
}

static uint64_t id_reg_value(enum id_reg r)
{
    uint64_t touched = 0, v = 0;
    for (unsigned i = 0; i < NFEATURES; i++) {
        const struct a64_feature *f = &a64_features[i];
        if (f->reg != (int)r)
            continue;
        uint64_t m = 0xfull << f->shift;
        uint64_t cur = (touched & m) ? (v >> f->shift) & 0xf : 0;
        if (!(touched & m) || f->value > cur)
            v = (v & ~m) | (uint64_t)f->value << f->shift;
        touched |= m;
    }
    return (id_base[r] & ~touched) | v;
}

bool a64_sysreg_const(uint32_t reg, uint64_t *val)
{
    switch (reg) {
    case A64_SR_CTR_EL0:    *val = A64_CTR; return true;
    case A64_SR_DCZID_EL0:  *val = A64_DCZID_VALUE; return true;
    case A64_SR_CNTFRQ_EL0: *val = A64_CNTFRQ_HZ; return true;
    case A64_SR_MIDR_EL1:   *val = A64_MIDR; return true;
    case A64_SR_MPIDR_EL1:  *val = A64_MPIDR; return true;
    case A64_SR_REVIDR_EL1: *val = 0; return true;
    }
    for (unsigned r = 0; r < NUM_ID; r++)
        if (id_regnum[r] == reg) {
            *val = id_reg_value((enum id_reg)r);
            return true;
        }
    /* The rest of the ID space Linux emulates reads as zero; CRm=0 and 1
     * outside MIDR/MPIDR/REVIDR are not emulated (SIGILL). */
    unsigned op0 = reg >> 14, op1 = (reg >> 11) & 7, crn = (reg >> 7) & 15,
             crm = (reg >> 3) & 15;
    if (op0 == 3 && op1 == 0 && crn == 0 && crm >= 2 && crm <= 7) {
        *val = 0;
        return true;
    }
    return false;
}

uint32_t a64_fpcr_mask(void)
{
    /* AHP, DN, FZ, RMode; the trap enables read as zero (no FP exception
     * trapping, as on most cores); FZ16 only with half-precision FP. */
    uint32_t m = 0x07c00000u;
    if (has_feature(1, 9 /* HWCAP_FPHP */))
        m |= 1u << 19;
    return m;
}

uint64_t a64_read_cntvct(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    /* A64_CNTFRQ_HZ is 1 GHz: one tick per nanosecond. */
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}
