/*
 * -cpu models (xlat/aarch64/sysregs.c): each model's feature set decides
 * the HWCAPs, the ID registers and the decoder, so an instruction of a
 * feature the model lacks raises SIGILL as on that hardware (the gate
 * lines of the .decode specs).  Runs each feature's instructions through
 * xemu's frontend under every model; also checks the PAC/BTI hint-space
 * instructions execute as NOPs and non-hint PAC is UNDEFINED everywhere.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <string.h>

#include "tests/a64_oracle.h"
#include "xlat/aarch64/sysregs.h"

struct feat_insn {
    uint32_t word;
    enum a64_feat feat;
    const char *what;
};

/* x2 points at scratch memory of the code page; operands are otherwise
 * arbitrary: only "did it run" matters here. */
static const struct feat_insn feat_insns[] = {
    { 0xf8210040u, A64_FEAT_ATOMICS, "LDADD x1, x0, [x2]" },
    { 0xc8a17c40u, A64_FEAT_ATOMICS, "CAS x1, x0, [x2]" },
    { 0x48207c40u, A64_FEAT_ATOMICS, "CASP x0, x1, x0, x1, [x2]" },
    { 0xf8a18040u, A64_FEAT_ATOMICS, "SWP x1, x0, [x2]" },
    { 0xf8bfc040u, A64_FEAT_LRCPC, "LDAPR x0, [x2]" },
    { 0xc8df7c40u, A64_FEAT_LOR, "LDLAR x0, [x2]" },
    { 0x889f7c41u, A64_FEAT_LOR, "STLLR w1, [x2]" },
    { 0xd9400040u, A64_FEAT_LRCPC2, "LDAPUR x0, [x2]" },
    { 0x1ac24020u, A64_FEAT_CRC32, "CRC32B w0, w1, w2" },
    { 0xd500401fu, A64_FEAT_FLAGM, "CFINV" },
    { 0xba000420u, A64_FEAT_FLAGM, "RMIF x1, #0, #0" },
    { 0x3a00082du, A64_FEAT_FLAGM, "SETF8 w1" },
    { 0xd500403fu, A64_FEAT_FLAGM2, "XAFLAG" },
    { 0xd500405fu, A64_FEAT_FLAGM2, "AXFLAG" },
    { 0xd50330ffu, A64_FEAT_SB, "SB" },
    { 0xd50b7c22u, A64_FEAT_DCPOP, "DC CVAP, x2" },
    { 0xd50b7d22u, A64_FEAT_DCPODP, "DC CVADP, x2" },
    { 0x54000030u, A64_FEAT_HBC, "BC.EQ .+4" },
    { 0x4e284820u, A64_FEAT_AES, "AESE v0.16b, v1.16b" },
    { 0x0ee2e020u, A64_FEAT_PMULL, "PMULL v0.1q, v1.1d, v2.1d" },
    { 0x5e020020u, A64_FEAT_SHA1, "SHA1C q0, s1, v2.4s" },
    { 0x5e280820u, A64_FEAT_SHA1, "SHA1H s0, s1" },
    { 0x5e024020u, A64_FEAT_SHA256, "SHA256H q0, q1, v2.4s" },
    { 0x5e282820u, A64_FEAT_SHA256, "SHA256SU0 v0.4s, v1.4s" },
    { 0xce628020u, A64_FEAT_SHA512, "SHA512H q0, q1, v2.2d" },
    { 0xcec08020u, A64_FEAT_SHA512, "SHA512SU0 v0.2d, v1.2d" },
    { 0xce020c20u, A64_FEAT_SHA3, "EOR3 v0.16b, v1.16b, v2.16b, v3.16b" },
    { 0xce628c20u, A64_FEAT_SHA3, "RAX1 v0.2d, v1.2d, v2.2d" },
    { 0xce820420u, A64_FEAT_SHA3, "XAR v0.2d, v1.2d, v2.2d, #1" },
    { 0x2e428420u, A64_FEAT_RDM, "SQRDMLAH v0.4h, v1.4h, v2.4h" },
    { 0x7e828420u, A64_FEAT_RDM, "SQRDMLAH s0, s1, s2" },
    { 0x2f42d020u, A64_FEAT_RDM, "SQRDMLAH v0.4h, v1.4h, v2.h[0]" },
    { 0x0e829420u, A64_FEAT_DOTPROD, "SDOT v0.2s, v1.8b, v2.8b" },
    { 0x2f82e020u, A64_FEAT_DOTPROD, "UDOT v0.2s, v1.8b, v2.4b[0]" },
    { 0x6e82c420u, A64_FEAT_FCMA, "FCMLA v0.4s, v1.4s, v2.4s, #0" },
    { 0x6e82e420u, A64_FEAT_FCMA, "FCADD v0.4s, v1.4s, v2.4s, #90" },
    { 0x6f821020u, A64_FEAT_FCMA, "FCMLA v0.4s, v1.4s, v2.s[0], #0" },
    { 0x1e7e0020u, A64_FEAT_JSCVT, "FJCVTZS w0, d1" },
    { 0x1e284020u, A64_FEAT_FRINTTS, "FRINT32Z s0, s1" },
    { 0x4e21e820u, A64_FEAT_FRINTTS, "FRINT32Z v0.4s, v1.4s" },
    { 0x1ee22820u, A64_FEAT_FP16, "FADD h0, h1, h2" },
    { 0x1fc20c20u, A64_FEAT_FP16, "FMADD h0, h1, h2, h3" },
    { 0x1ee10020u, A64_FEAT_FP16, "FCVTNU w0, h1" },
    { 0x0e421420u, A64_FEAT_FP16, "FADD v0.4h, v1.4h, v2.4h" },
    { 0x6ef8f820u, A64_FEAT_FP16, "FNEG v0.8h, v1.8h" },
    { 0x0e30c820u, A64_FEAT_FP16, "FMAXNMV h0, v1.4h" },
    { 0x0f121020u, A64_FEAT_FP16, "FMLA v0.4h, v1.4h, v2.h[1]" },
    { 0x0e22ec20u, A64_FEAT_FHM, "FMLAL v0.2s, v1.2h, v2.2h" },
    { 0x2f828820u, A64_FEAT_FHM, "FMLAL2 v0.2s, v1.2h, v2.h[4]" },
};
#define NFEAT_INSNS (sizeof(feat_insns) / sizeof(feat_insns[0]))

static void run_words(const uint32_t *words, unsigned n, struct a64_case *cases)
{
    uint64_t rng = 0x77;
    for (unsigned i = 0; i < n; i++) {
        memset(&cases[i], 0, sizeof(cases[i]));
        cases[i].insns = &words[i];
        cases[i].n = 1;
        a64_state_random(&cases[i].in, &rng);
        cases[i].in.x[2] = A64W_DEFAULT_PC + 0x800;
    }
    cr_assert(a64_oracle_xemu_batch(cases, (int)n));
}

Test(a64_cpu_models, feature_instructions_follow_the_model)
{
    uint32_t words[NFEAT_INSNS];
    struct a64_case cases[NFEAT_INSNS];
    for (unsigned i = 0; i < NFEAT_INSNS; i++)
        words[i] = feat_insns[i].word;
    const struct a64_cpu_model *m;
    unsigned nmodels = 0;
    for (unsigned k = 0; (m = a64_cpu_model(k)); k++, nmodels++) {
        cr_assert(a64_cpu_select(m->name));
        run_words(words, NFEAT_INSNS, cases);
        for (unsigned i = 0; i < NFEAT_INSNS; i++) {
            bool has = (m->feats >> feat_insns[i].feat) & 1;
            cr_expect_eq(cases[i].sig, has ? 0 : SIGILL, "%s: %s (%08x): sig %d", m->name,
                         feat_insns[i].what, words[i], cases[i].sig);
        }
    }
    cr_assert_geq(nmodels, 4);
    a64_cpu_select("max");
}

/* What the brief of each model says, spelled out against the table. */
Test(a64_cpu_models, model_contents)
{
    cr_assert(a64_cpu_select("cortex-a53"));
    uint64_t hw = a64_hwcap();
    cr_expect_eq(hw, 1u << 0 | 1u << 1 | 1u << 3 | 1u << 4 | 1u << 5 | 1u << 6 | 1u << 7 |
                     1u << 11, "fp asimd aes pmull sha1 sha2 crc32 cpuid: %#llx",
                 (unsigned long long)hw);
    cr_expect_eq(a64_hwcap2(), 0);
    uint64_t midr = 0;
    cr_assert(a64_sysreg_const(A64_SR_MIDR_EL1, &midr));
    cr_expect_eq(midr, 0x410fd034u, "Cortex-A53 r0p4");
    uint64_t isar0 = 0;
    a64_sysreg_const(A64_SR_ID_AA64ISAR0, &isar0);
    cr_expect_eq(isar0, 0x11120u, "AES=2 SHA1=1 SHA2=1 CRC32=1, nothing else: %#llx",
                 (unsigned long long)isar0);

    cr_assert(a64_cpu_select("cortex-a72"));
    a64_sysreg_const(A64_SR_MIDR_EL1, &midr);
    cr_expect_eq(midr, 0x410fd083u, "Cortex-A72 r0p3");

    cr_assert(a64_cpu_select("neoverse-n1"));
    hw = a64_hwcap();
    cr_expect(hw & 1u << 8, "atomics");
    cr_expect(hw & 1u << 15, "lrcpc");
    cr_expect(hw & 1u << 16, "dcpop");
    cr_expect(hw & 1u << 12, "asimdrdm");
    cr_expect(hw & 1u << 20, "asimddp");
    cr_expect((hw >> 9 & 3) == 3, "fphp, asimdhp");
    cr_expect(!(hw & (1u << 13 | 1u << 14 | 1u << 26)), "no jscvt, fcma, ilrcpc (Armv8.3+)");
    a64_sysreg_const(A64_SR_MIDR_EL1, &midr);
    cr_expect_eq(midr, 0x414fd0c1u, "Neoverse N1 r4p1");

    cr_assert(a64_cpu_select("any"));
    cr_expect_eq(a64_feat_mask, ~0ull, "any = max");
    cr_expect(!a64_cpu_select("cortex-a999"));
    a64_cpu_select("max");
}

/* PACIASP, AUTIASP, PACIBSP, AUTIBSP, XPACLRI, PACIA1716, BTI c/j/jc:
 * hint space, NOPs on a CPU without PAuth/BTI (x30 and x17 unchanged);
 * PACIA, AUTIA, PACGA, XPACI and the combined branches are UNDEFINED. */
Test(a64_cpu_models, pac_hints_are_nops_pac_others_undefined)
{
    static const uint32_t hints[] = { 0xd503233fu, 0xd50323bfu, 0xd503237fu, 0xd50323ffu,
                                      0xd50320ffu, 0xd503211fu, 0xd503245fu, 0xd503249fu,
                                      0xd50324dfu };
    static const uint32_t undef[] = { 0xdac10020u, 0xdac11020u, 0x9ac23020u, 0xdac143e0u,
                                      0xd63f081fu, 0xd65f0bffu };
    enum { NH = sizeof(hints) / sizeof(hints[0]), NU = sizeof(undef) / sizeof(undef[0]) };
    struct a64_case hc[NH], uc[NU];
    const struct a64_cpu_model *m;
    for (unsigned k = 0; (m = a64_cpu_model(k)); k++) {
        a64_cpu_select(m->name);
        run_words(hints, NH, hc);
        for (unsigned i = 0; i < NH; i++) {
            cr_expect_eq(hc[i].sig, 0, "%s: hint %08x: sig %d", m->name, hints[i], hc[i].sig);
            cr_expect_eq(hc[i].out.x[30], hc[i].in.x[30], "%s: %08x changed x30", m->name,
                         hints[i]);
            cr_expect_eq(hc[i].out.x[17], hc[i].in.x[17], "%s: %08x changed x17", m->name,
                         hints[i]);
        }
        run_words(undef, NU, uc);
        for (unsigned i = 0; i < NU; i++)
            cr_expect_eq(uc[i].sig, SIGILL, "%s: %08x: sig %d", m->name, undef[i], uc[i].sig);
    }
    a64_cpu_select("max");
}
