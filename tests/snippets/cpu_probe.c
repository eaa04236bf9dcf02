/*
 * CPU-model probe for tests/snippets/run.py (check-snippets): prints what
 * the running CPU says about itself (AT_HWCAP/AT_HWCAP2, MIDR_EL1 and the
 * ID registers through MRS) and, for one instruction of each optional
 * feature xemu implements, whether it executes or raises SIGILL.  run.py
 * runs it under `xemu -cpu MODEL` and `qemu-aarch64 -cpu MODEL` and
 * compares the two.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

static sigjmp_buf env;
static unsigned char scratch[64] __attribute__((aligned(64)));

static void on_sigill(int sig)
{
    (void)sig;
    siglongjmp(env, 1);
}

/* Each probe runs one instruction word with x2 pointing at scratch. */
#define PROBE(name, word)                                                       \
    static int probe_##name(void)                                              \
    {                                                                          \
        if (sigsetjmp(env, 1))                                                 \
            return 0;                                                          \
        __asm__ volatile("mov x2, %0\n\tmov x0, #0\n\tmov x1, #0\n\t.inst " #word \
                         : : "r"(scratch)                                      \
                         : "x0", "x1", "x2", "v0", "v1", "v2", "v3", "memory", "cc"); \
        return 1;                                                              \
    }

PROBE(lse, 0xf8210040)          /* LDADD x1, x0, [x2] */
PROBE(lrcpc, 0xf8bfc040)        /* LDAPR x0, [x2] */
PROBE(ilrcpc, 0xd9400040)       /* LDAPUR x0, [x2] */
PROBE(crc32, 0x1ac14020)        /* CRC32B w0, w1, w1 */
PROBE(aes, 0x4e284820)          /* AESE v0.16b, v1.16b */
PROBE(pmull, 0x0ee2e020)        /* PMULL v0.1q, v1.1d, v2.1d */
PROBE(sha1, 0x5e280820)         /* SHA1H s0, s1 */
PROBE(sha256, 0x5e282820)       /* SHA256SU0 v0.4s, v1.4s */
PROBE(sha512, 0xcec08020)       /* SHA512SU0 v0.2d, v1.2d */
PROBE(sha3, 0xce020c20)         /* EOR3 v0.16b, v1.16b, v2.16b, v3.16b */
PROBE(rdm, 0x2e428420)          /* SQRDMLAH v0.4h, v1.4h, v2.4h */
PROBE(dotprod, 0x0e829420)      /* SDOT v0.2s, v1.8b, v2.8b */
PROBE(fp16, 0x1ee22820)         /* FADD h0, h1, h2 */
PROBE(asimdhp, 0x0e421420)      /* FADD v0.4h, v1.4h, v2.4h */
PROBE(fcma, 0x6e82c420)         /* FCMLA v0.4s, v1.4s, v2.4s, #0 */
PROBE(jscvt, 0x1e7e0020)        /* FJCVTZS w0, d1 */
PROBE(frint, 0x1e284020)        /* FRINT32Z s0, s1 */
PROBE(flagm, 0xd500401f)        /* CFINV */
PROBE(flagm2, 0xd500403f)       /* XAFLAG */
PROBE(dcpop, 0xd50b7c22)        /* DC CVAP, x2 */
PROBE(sb, 0xd50330ff)           /* SB */
PROBE(paciasp, 0xd503233f)      /* PACIASP: a hint, runs everywhere */
PROBE(pacia, 0xdac10020)        /* PACIA x0, x1: UNDEFINED without PAuth */

#define MRS(reg) ({ unsigned long v_; __asm__ volatile("mrs %0, " #reg : "=r"(v_)); v_; })

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_sigill;
    sigaction(SIGILL, &sa, NULL);
    printf("hwcap %#lx\nhwcap2 %#lx\n", getauxval(AT_HWCAP), getauxval(AT_HWCAP2));
    printf("midr %#lx\n", MRS(MIDR_EL1));
    printf("pfr0 %#lx\nisar0 %#lx\nisar1 %#lx\n", MRS(ID_AA64PFR0_EL1), MRS(ID_AA64ISAR0_EL1),
           MRS(ID_AA64ISAR1_EL1));
#define P(name) printf("insn %s %d\n", #name, probe_##name())
    P(lse); P(lrcpc); P(ilrcpc); P(crc32); P(aes); P(pmull); P(sha1); P(sha256); P(sha512);
    P(sha3); P(rdm); P(dotprod); P(fp16); P(asimdhp); P(fcma); P(jscvt); P(frint); P(flagm);
    P(flagm2); P(dcpop); P(sb); P(paciasp); P(pacia);
    return 0;
}
