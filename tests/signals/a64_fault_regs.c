/* Signal test, arm64 only (tests/signals/run.sh, oracle qemu-aarch64):
 * a load faults in the middle of a block after x0-x30 and v0-v31 were all
 * loaded with distinct values.  The SIGSEGV handler sees every register,
 * the pc of the load, si_addr/fault_address and SEGV_ACCERR, changes x5,
 * x28 and v7, makes the page readable and returns: the load is retried
 * and the registers after it are the interrupted ones plus the changes.
 * Then the same with a store to an unmapped page (SEGV_MAPERR) that the
 * handler maps, and an LDP pair. */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>
#include <asm/sigcontext.h>

/* in: 31 x values then 32 q values; out: the same after the access.
 * fault_load(in, out, addr): x30 = addr, x29 = in while the others load,
 * then "ldr x29, [x30]" (or "str x29, [x30]"). */
#define BODY(name, access)                                                   \
    ".text\n.global " name "\n.type " name ", %function\n" name ":\n"        \
    "stp x29, x30, [sp, #-176]!\n"                                           \
    "stp x19, x20, [sp, #16]\nstp x21, x22, [sp, #32]\n"                     \
    "stp x23, x24, [sp, #48]\nstp x25, x26, [sp, #64]\n"                     \
    "stp x27, x28, [sp, #80]\nstp x18, x1, [sp, #96]\n"                      \
    "stp d8, d9, [sp, #112]\nstp d10, d11, [sp, #128]\n"                     \
    "stp d12, d13, [sp, #144]\nstp d14, d15, [sp, #160]\n"                   \
    "mov x30, x2\nmov x29, x0\n"                                             \
    "add x0, x29, #256\n"                                                    \
    "ld1 {v0.2d-v3.2d}, [x0], #64\nld1 {v4.2d-v7.2d}, [x0], #64\n"           \
    "ld1 {v8.2d-v11.2d}, [x0], #64\nld1 {v12.2d-v15.2d}, [x0], #64\n"        \
    "ld1 {v16.2d-v19.2d}, [x0], #64\nld1 {v20.2d-v23.2d}, [x0], #64\n"       \
    "ld1 {v24.2d-v27.2d}, [x0], #64\nld1 {v28.2d-v31.2d}, [x0], #64\n"       \
    "ldp x0, x1, [x29, #0]\nldp x2, x3, [x29, #16]\nldp x4, x5, [x29, #32]\n" \
    "ldp x6, x7, [x29, #48]\nldp x8, x9, [x29, #64]\n"                       \
    "ldp x10, x11, [x29, #80]\nldp x12, x13, [x29, #96]\n"                   \
    "ldp x14, x15, [x29, #112]\nldp x16, x17, [x29, #128]\n"                 \
    "ldp x18, x19, [x29, #144]\nldp x20, x21, [x29, #160]\n"                 \
    "ldp x22, x23, [x29, #176]\nldp x24, x25, [x29, #192]\n"                 \
    "ldp x26, x27, [x29, #208]\nldr x28, [x29, #224]\n"                      \
    "add x0, x0, x1\nsub x0, x0, x1\n"                                       \
    ".global " name "_insn\n" name "_insn:\n" access "\n"                   \
    "ldr x30, [sp, #104]\n"                                                  \
    "stp x0, x1, [x30, #0]\nstp x2, x3, [x30, #16]\nstp x4, x5, [x30, #32]\n" \
    "stp x6, x7, [x30, #48]\nstp x8, x9, [x30, #64]\n"                       \
    "stp x10, x11, [x30, #80]\nstp x12, x13, [x30, #96]\n"                   \
    "stp x14, x15, [x30, #112]\nstp x16, x17, [x30, #128]\n"                 \
    "stp x18, x19, [x30, #144]\nstp x20, x21, [x30, #160]\n"                 \
    "stp x22, x23, [x30, #176]\nstp x24, x25, [x30, #192]\n"                 \
    "stp x26, x27, [x30, #208]\nstp x28, x29, [x30, #224]\n"                 \
    "add x0, x30, #256\n"                                                    \
    "st1 {v0.2d-v3.2d}, [x0], #64\nst1 {v4.2d-v7.2d}, [x0], #64\n"           \
    "st1 {v8.2d-v11.2d}, [x0], #64\nst1 {v12.2d-v15.2d}, [x0], #64\n"        \
    "st1 {v16.2d-v19.2d}, [x0], #64\nst1 {v20.2d-v23.2d}, [x0], #64\n"       \
    "st1 {v24.2d-v27.2d}, [x0], #64\nst1 {v28.2d-v31.2d}, [x0], #64\n"       \
    "ldp x19, x20, [sp, #16]\nldp x21, x22, [sp, #32]\n"                     \
    "ldp x23, x24, [sp, #48]\nldp x25, x26, [sp, #64]\n"                     \
    "ldp x27, x28, [sp, #80]\nldr x18, [sp, #96]\n"                          \
    "ldp d8, d9, [sp, #112]\nldp d10, d11, [sp, #128]\n"                     \
    "ldp d12, d13, [sp, #144]\nldp d14, d15, [sp, #160]\n"                   \
    "ldp x29, x30, [sp], #176\nret\n"

__asm__(BODY("fault_load", "ldr x29, [x30]"));
__asm__(BODY("fault_store", "str x29, [x30, #8]"));
__asm__(BODY("fault_pair", "ldp x29, x30, [x30, #16]"));
void fault_load(uint64_t *in, uint64_t *out, void *addr);
void fault_store(uint64_t *in, uint64_t *out, void *addr);
void fault_pair(uint64_t *in, uint64_t *out, void *addr);
extern char fault_load_insn[], fault_store_insn[], fault_pair_insn[];

static uint64_t in[32 + 64], out[32 + 64];
static char *page;
static long pg;
static const char *expect_pc;
static int handled;

static void on_segv(int sig, siginfo_t *si, void *p)
{
    ucontext_t *uc = p;
    mcontext_t *mc = &uc->uc_mcontext;
    int xbad = 0;
    for (int i = 0; i < 29; i++)
        xbad += mc->regs[i] != in[i];
    struct fpsimd_context *f = (struct fpsimd_context *)mc->__reserved;
    int vbad = f->head.magic != FPSIMD_MAGIC;
    for (int i = 0; i < 32; i++)
        vbad += memcmp(&f->vregs[i], &in[32 + 2 * i], 16) != 0;
    printf("handler: sig %d code %d si_addr-off %ld fault_address-off %ld pc-ok %d "
           "x-mismatch %d x29-is-in %d x30-is-addr %d v-mismatch %d\n",
           sig, si->si_code, (long)((char *)si->si_addr - page),
           (long)((char *)mc->fault_address - page), (const char *)mc->pc == expect_pc, xbad,
           mc->regs[29] == (uint64_t)in, (char *)mc->regs[30] >= page, vbad);
    mc->regs[5] = 0x5555;
    mc->regs[28] = 0x2828;
    __uint128_t v7 = ((__uint128_t)0x7777 << 64) | 0x7070;
    memcpy(&f->vregs[7], &v7, 16);
    if (si->si_code == SEGV_MAPERR)
        mmap(page, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    else
        mprotect(page, pg, PROT_READ | PROT_WRITE);
    if (si->si_code == SEGV_MAPERR || handled++ == 0)
        ((uint64_t *)page)[0] = 0xabcdef, ((uint64_t *)page)[2] = 0x1111, ((uint64_t *)page)[3] = 0x2222;
}

static void check(const char *what)
{
    int bad = 0;
    for (int i = 0; i < 29; i++) {
        uint64_t want = i == 5 ? 0x5555 : i == 28 ? 0x2828 : in[i];
        if (out[i] != want) {
            printf("  x%d = %llx, want %llx\n", i, (unsigned long long)out[i],
                   (unsigned long long)want);
            bad++;
        }
    }
    for (int i = 0; i < 32; i++) {
        uint64_t w[2] = { in[32 + 2 * i], in[33 + 2 * i] };
        if (i == 7)
            w[0] = 0x7070, w[1] = 0x7777;
        if (memcmp(&out[32 + 2 * i], w, 16)) {
            printf("  v%d differs\n", i);
            bad++;
        }
    }
    printf("%s: registers after retry ok %d\n", what, bad == 0);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    pg = sysconf(_SC_PAGESIZE);
    for (int i = 0; i < 32 + 64; i++)
        in[i] = 0x0101010101010101ull * (uint64_t)(i + 1) ^ ((uint64_t)i << 56);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);

    page = mmap(NULL, pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    expect_pc = fault_load_insn;
    fault_load(in, out, page);
    check("load from PROT_NONE");
    printf("loaded %llx\n", (unsigned long long)out[29]);

    mprotect(page, pg, PROT_READ);
    expect_pc = fault_store_insn;
    fault_store(in, out, page);
    check("store to read-only");
    printf("stored x29 (the in pointer) %d\n", ((uint64_t *)page)[1] == (uint64_t)in);

    munmap(page, pg);
    expect_pc = fault_pair_insn;
    fault_pair(in, out, page);
    check("ldp from unmapped");
    printf("pair loaded %llx\n", (unsigned long long)out[29]);
    return 0;
}
