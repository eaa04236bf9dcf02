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
 *
 * CPU models (-cpu, a64_models[]): each is a MIDR and a set of features;
 * rows of features the selected model lacks are left out of everything
 * above, and the decoders' gate lines (a64_has_feat) make their
 * instructions UNDEFINED.  docs/CPU-FEATURES.md lists models and features.
 */
#include <string.h>
#include <time.h>

#include "xlat/aarch64/sysregs.h"

/* Bits of asm/hwcap.h (arm64 UAPI); spelled out because the cross header
 * may predate some of them (HWCAP2_HBC is from Linux 6.5). */
enum {
    HWC_FP = 0, HWC_ASIMD = 1, HWC_AES = 3, HWC_PMULL = 4, HWC_SHA1 = 5, HWC_SHA2 = 6,
    HWC_CRC32 = 7, HWC_ATOMICS = 8, HWC_CPUID = 11, HWC_ASIMDRDM = 12, HWC_JSCVT = 13,
    HWC_FPHP = 9, HWC_ASIMDHP = 10, HWC_FCMA = 14, HWC_LRCPC = 15, HWC_DCPOP = 16, HWC_SHA3 = 17, HWC_ASIMDDP = 20,
    HWC_SHA512 = 21, HWC_ASIMDFHM = 23, HWC_ILRCPC = 26,
    HWC_FLAGM = 27, HWC_SB = 29,
    HWC2_DCPODP = 0, HWC2_FLAGM2 = 7, HWC2_FRINT = 8, HWC2_HBC = 44,
};

enum id_reg { PFR0, PFR1, ISAR0, ISAR1, ISAR2, MMFR0, MMFR1, MMFR2, DFR0, NUM_ID };

struct a64_feature {
    const char *name;       /* /proc/cpuinfo spelling, for the reader */
    enum a64_feat feat;     /* the feature the row belongs to */
    unsigned word;          /* 1: AT_HWCAP, 2: AT_HWCAP2 */
    unsigned bit;
    int reg;                /* enum id_reg, or -1 for none */
    unsigned shift;         /* 4-bit field position */
    unsigned value;         /* field value; a field hit by several rows takes the max */
};

static const struct a64_feature a64_features[] = {
    { "fp",      A64_FEAT_FP,      1, HWC_FP,      PFR0,  16, 0 },  /* 0 = implemented (0xf = absent) */
    { "asimd",   A64_FEAT_ASIMD,   1, HWC_ASIMD,   PFR0,  20, 0 },
    { "fphp",    A64_FEAT_FP16,    1, HWC_FPHP,    PFR0,  16, 1 },  /* FP field 1: + half precision */
    { "asimdhp", A64_FEAT_FP16,    1, HWC_ASIMDHP, PFR0,  20, 1 },
    { "aes",     A64_FEAT_AES,     1, HWC_AES,     ISAR0, 4,  1 },
    { "pmull",   A64_FEAT_PMULL,   1, HWC_PMULL,   ISAR0, 4,  2 },  /* AES field 2: AES + PMULL 1Q */
    { "sha1",    A64_FEAT_SHA1,    1, HWC_SHA1,    ISAR0, 8,  1 },
    { "sha2",    A64_FEAT_SHA256,  1, HWC_SHA2,    ISAR0, 12, 1 },
    { "sha512",  A64_FEAT_SHA512,  1, HWC_SHA512,  ISAR0, 12, 2 },  /* SHA2 field 2: SHA256 + SHA512 */
    { "sha3",    A64_FEAT_SHA3,    1, HWC_SHA3,    ISAR0, 32, 1 },
    { "crc32",   A64_FEAT_CRC32,   1, HWC_CRC32,   ISAR0, 16, 1 },
    { "asimdrdm", A64_FEAT_RDM,    1, HWC_ASIMDRDM, ISAR0, 28, 1 },
    { "asimddp", A64_FEAT_DOTPROD, 1, HWC_ASIMDDP, ISAR0, 44, 1 },
    { "asimdfhm", A64_FEAT_FHM,    1, HWC_ASIMDFHM, ISAR0, 48, 1 },
    { "jscvt",   A64_FEAT_JSCVT,   1, HWC_JSCVT,   ISAR1, 12, 1 },
    { "fcma",    A64_FEAT_FCMA,    1, HWC_FCMA,    ISAR1, 16, 1 },
    { "frint",   A64_FEAT_FRINTTS, 2, HWC2_FRINT,  ISAR1, 32, 1 },
    { "atomics", A64_FEAT_ATOMICS, 1, HWC_ATOMICS, ISAR0, 20, 2 },
    { "cpuid",   A64_FEAT_CPUID,   1, HWC_CPUID,   -1,    0,  0 },
    { "lrcpc",   A64_FEAT_LRCPC,   1, HWC_LRCPC,   ISAR1, 20, 1 },
    { "dcpop",   A64_FEAT_DCPOP,   1, HWC_DCPOP,   ISAR1, 0,  1 },
    { "ilrcpc",  A64_FEAT_LRCPC2,  1, HWC_ILRCPC,  ISAR1, 20, 2 },
    { "flagm",   A64_FEAT_FLAGM,   1, HWC_FLAGM,   ISAR0, 52, 1 },
    { "sb",      A64_FEAT_SB,      1, HWC_SB,      ISAR1, 36, 1 },
    { "dcpodp",  A64_FEAT_DCPODP,  2, HWC2_DCPODP, ISAR1, 0,  2 },
    { "flagm2",  A64_FEAT_FLAGM2,  2, HWC2_FLAGM2, ISAR0, 52, 2 },
    { "hbc",     A64_FEAT_HBC,     2, HWC2_HBC,    ISAR2, 20, 1 },
};
#define NFEATURES (sizeof(a64_features) / sizeof(a64_features[0]))

#define F(x) (1ull << A64_FEAT_##x)
/* Every model has FP, AdvSIMD and the kernel's MRS emulation (cpuid). */
#define F_BASE   (F(FP) | F(ASIMD) | F(CPUID))
/* The Armv8.0 cryptographic extension as licensed on A53/A72 parts. */
#define F_CRYPTO (F(AES) | F(PMULL) | F(SHA1) | F(SHA256))
/* Armv8.0 cores with crypto and CRC32 (A35, A53, A57, A72) */
#define F_V80    (F_BASE | F_CRYPTO | F(CRC32))
/* Armv8.2 cores (A76, Neoverse N1) */
#define F_V82    (F_V80 | F(ATOMICS) | F(LOR) | F(LRCPC) | F(DCPOP) | F(RDM) | F(DOTPROD) | \
                  F(FP16))

/* The models -cpu offers.  MIDRs are the parts' real values (Arm TRMs:
 * implementer 0x41, part number, variant/revision of a common stepping).
 * A model lists only features xemu implements: A76 and Neoverse N1 also
 * have SSBS, which xemu does not offer.  The set matches qemu's models of
 * the same names (tests/snippets/run.py compares them). */
static const struct a64_cpu_model a64_models[] = {
    { "max", "every feature xemu implements (default)", 0x413fd0c1ull, ~0ull },
    { "cortex-a35", "Armv8.0-A with crypto and CRC32", 0x411fd040ull, F_V80 },
    { "cortex-a53", "Armv8.0-A with crypto and CRC32", 0x410fd034ull, F_V80 },
    { "cortex-a57", "Armv8.0-A with crypto and CRC32", 0x411fd070ull, F_V80 },
    { "cortex-a72", "Armv8.0-A with crypto and CRC32", 0x410fd083ull, F_V80 },
    { "cortex-a76", "Armv8.2-A: + LSE, RCpc, DC CVAP, RDM, DotProd, FP16", 0x414fd0b1ull, F_V82 },
    { "neoverse-n1", "Armv8.2-A: + LSE, RCpc, DC CVAP, RDM, DotProd, FP16", 0x414fd0c1ull, F_V82 },
};
#define NMODELS (sizeof(a64_models) / sizeof(a64_models[0]))

uint64_t a64_feat_mask = ~0ull;
static const struct a64_cpu_model *cur_model = &a64_models[0];

const struct a64_cpu_model *a64_cpu_model(unsigned i)
{
    return i < NMODELS ? &a64_models[i] : NULL;
}

bool a64_cpu_select(const char *name)
{
    if (!strcmp(name, "any"))
        name = "max";
    for (unsigned i = 0; i < NMODELS; i++)
        if (!strcmp(a64_models[i].name, name)) {
            cur_model = &a64_models[i];
            a64_feat_mask = cur_model->feats;
            return true;
        }
    return false;
}

static bool row_on(const struct a64_feature *f)
{
    return a64_has_feat(f->feat);
}

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

/* max reports Arm Neoverse N1 r3p1's MIDR: an Armv8.2 core with LSE,
 * RCpc and DC CVAP, so software that keys on MIDR sees a CPU consistent
 * with the HWCAPs; glibc has no N1-specific string routines that would
 * assume more. */
#define A64_MPIDR  0x80000000ull

/* CTR_EL0: RES1 bit 31, DIC=IDC=0 (software must clean/invalidate, which
 * is what tells xemu about code changes), CWG=ERG=4 (64 bytes),
 * DminLine=IminLine=4 (64-byte lines), L1Ip=3 (PIPT). */
#define A64_CTR    0x8444c004ull

uint64_t a64_hwcap(void)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < NFEATURES; i++)
        if (a64_features[i].word == 1 && row_on(&a64_features[i]))
            v |= 1ull << a64_features[i].bit;
    return v;
}

uint64_t a64_hwcap2(void)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < NFEATURES; i++)
        if (a64_features[i].word == 2 && row_on(&a64_features[i]))
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
        if (f->reg != (int)r || !row_on(f))
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
    case A64_SR_MIDR_EL1:   *val = cur_model->midr; return true;
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
