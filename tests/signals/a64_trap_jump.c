/* Signal test, arm64 only (tests/signals/run.sh, oracle qemu-aarch64):
 * SIGILL (UDF) and SIGTRAP (BRK) handlers that siglongjmp out, a thousand
 * times each (no frame or mask is leaked); a SIGILL handler that rewrites
 * the undefined instruction in place (mov x0, #42) and returns, so the
 * new instruction runs when the pc is retried. */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

static sigjmp_buf jb;
static int mode;
static uint32_t *code;

static void on_sig(int sig, siginfo_t *si, void *p)
{
    ucontext_t *uc = p;
    if (mode == 0)
        siglongjmp(jb, sig);
    /* rewrite the faulting instruction and retry it */
    uint32_t *at = (uint32_t *)si->si_addr;
    printf("fixing %s at offset %ld, pc==addr %d\n", sig == SIGILL ? "SIGILL" : "?",
           (long)(at - code), (uint64_t)si->si_addr == uc->uc_mcontext.pc);
    *at = 0xd2800540;       /* mov x0, #42 */
    __builtin___clear_cache((char *)at, (char *)(at + 1));
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_sig;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGTRAP, &sa, NULL);
    volatile int ill = 0, trap = 0;
    for (int i = 0; i < 1000; i++) {
        int s = sigsetjmp(jb, 1);
        if (s == 0)
            __asm__ volatile("udf #1");
        ill += s == SIGILL;
        s = sigsetjmp(jb, 1);
        if (s == 0)
            __asm__ volatile("brk #3");
        trap += s == SIGTRAP;
    }
    sigset_t m;
    sigprocmask(SIG_BLOCK, NULL, &m);
    printf("jumped out of %d SIGILL and %d SIGTRAP, blocked now: %d %d\n", ill, trap,
           sigismember(&m, SIGILL), sigismember(&m, SIGTRAP));

    code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    code[0] = 0xd2800020;   /* mov x0, #1 */
    code[1] = 0x00000000;   /* udf #0 */
    code[2] = 0xd65f03c0;   /* ret */
    __builtin___clear_cache((char *)code, (char *)(code + 3));
    long (*fn)(void) = (long (*)(void))code;
    mode = 1;
    printf("first call: %ld\n", fn());
    printf("second call: %ld\n", fn());
    return 0;
}
