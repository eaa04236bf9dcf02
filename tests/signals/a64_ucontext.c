/* Signal test, arm64 only (tests/signals/run.sh, oracle qemu-aarch64):
 * SIGTRAP from BRK and SIGILL from UDF with their siginfo; handlers that
 * change x0, NZCV, a vector register and the pc in the ucontext and
 * return; the records in __reserved; the frame record x29 points at; a
 * corrupted frame makes rt_sigreturn raise SIGSEGV.
 * Lines starting "kernel-check:" state what arch/arm64/kernel does where
 * qemu-user differs (run.sh checks them apart): UDF gives ILL_ILLOPC
 * (traps.c do_el0_undef), a data abort's frame carries an esr_context
 * (signal.c setup_sigframe_layout adds it when thread.fault_code is set). */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>
#include <asm/sigcontext.h>

static void records(const char *what, ucontext_t *uc)
{
    struct _aarch64_ctx *h = (struct _aarch64_ctx *)uc->uc_mcontext.__reserved;
    printf("%s records:", what);
    for (int i = 0; i < 8 && h->magic; i++) {
        printf(" %08x/%u", h->magic, h->size);
        h = (struct _aarch64_ctx *)((char *)h + h->size);
    }
    printf(" end\n");
}

static struct fpsimd_context *fpsimd(ucontext_t *uc)
{
    return (struct fpsimd_context *)uc->uc_mcontext.__reserved;
}

static void on_trap(int sig, siginfo_t *si, void *p)
{
    ucontext_t *uc = p;
    if (sig == SIGILL)
        printf("kernel-check: SIGILL from UDF is ILL_ILLOPC: %s\n",
               si->si_code == ILL_ILLOPC ? "yes" : "no");
    printf("sig %d code %d addr==pc %d x0 %llx\n", sig, sig == SIGILL ? 0 : si->si_code,
           (uint64_t)si->si_addr == uc->uc_mcontext.pc, (unsigned long long)uc->uc_mcontext.regs[0]);
    records(sig == SIGTRAP ? "trap" : "ill", uc);
    struct fpsimd_context *f = fpsimd(uc);
    printf("v8 low %llx\n", (unsigned long long)(uint64_t)f->vregs[8]);
    /* the frame record sits right above the 4688-byte rt_sigframe */
    uint64_t *rec = (uint64_t *)((char *)si + 4688);
    printf("frame record holds the interrupted fp/lr: %d\n",
           rec[0] == uc->uc_mcontext.regs[29] && rec[1] == uc->uc_mcontext.regs[30]);
    uc->uc_mcontext.regs[0] = 0x1234;
    uc->uc_mcontext.pstate = (uc->uc_mcontext.pstate & ~0xf0000000ull) | 0x40000000ull; /* Z */
    f->vregs[8] = 0x5555;
    uc->uc_mcontext.pc += 4;
}

static void on_segv(int sig, siginfo_t *si, void *p)
{
    ucontext_t *uc = p;
    printf("segv sig %d code %d addr %lx fault_address %llx\n", sig, si->si_code,
           (unsigned long)si->si_addr, (unsigned long long)uc->uc_mcontext.fault_address);
    struct _aarch64_ctx *h = (struct _aarch64_ctx *)uc->uc_mcontext.__reserved;
    h = (struct _aarch64_ctx *)((char *)h + h->size);
    printf("kernel-check: data abort frame has an esr_context: %s\n",
           h->magic == ESR_MAGIC && h->size == sizeof(struct esr_context) ? "yes" : "no");
    uc->uc_mcontext.pc += 4;
}

static void corrupt(int sig, siginfo_t *si, void *p)
{
    (void)sig, (void)si;
    fpsimd(p)->head.magic = 0xdeadbeef;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_trap;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGTRAP, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);

    uint64_t x0, z, v;
    __asm__ volatile("mov x0, #7\n"
                     "movz x1, #0xabcd\n fmov d8, x1\n"
                     "cmp x0, #0\n"             /* Z clear */
                     "brk #3\n"
                     "cset %1, eq\n"
                     "mov %0, x0\n"
                     "fmov %2, d8\n"
                     : "=r"(x0), "=r"(z), "=r"(v) : : "x0", "x1", "v8", "cc");
    printf("after brk: x0 %llx Z %llu v8 %llx\n", (unsigned long long)x0, (unsigned long long)z,
           (unsigned long long)v);
    __asm__ volatile("mov x0, #9\n"
                     "cmp x0, #0\n"
                     ".inst 0x00000000\n"        /* UDF #0 */
                     "cset %1, eq\n"
                     "mov %0, x0\n"
                     : "=r"(x0), "=r"(z) : : "x0", "cc");
    printf("after udf: x0 %llx Z %llu\n", (unsigned long long)x0, (unsigned long long)z);

    sa.sa_sigaction = on_segv;
    sigaction(SIGSEGV, &sa, NULL);
    __asm__ volatile("mov x1, #0x2000\n ldr x0, [x1]\n" ::: "x0", "x1", "memory");
    printf("after segv\n");

    pid_t c = fork();
    if (c == 0) {
        sa.sa_sigaction = corrupt;
        sigaction(SIGUSR1, &sa, NULL);
        signal(SIGSEGV, SIG_DFL);
        raise(SIGUSR1);
        printf("child: sigreturn accepted a bad frame\n");
        _exit(0);
    }
    int st;
    waitpid(c, &st, 0);
    printf("bad frame: child %s %d\n", WIFSIGNALED(st) ? "killed by" : "exited",
           WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
    return 0;
}
