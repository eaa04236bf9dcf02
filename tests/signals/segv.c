/* Signal test (tests/signals/run.sh): a SIGSEGV handler sees si_addr
 * and SEGV_ACCERR/SEGV_MAPERR, makes the page writable and returns so
 * the store is retried; siglongjmp out of handlers; SIGBUS from a
 * truncated file mapping. */
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static char *page;
static long pg;
static sigjmp_buf jb;
static int fixes;
static char *bus_base;

static void fix(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    printf("sig %d code %d addr_ok %d\n", sig, si->si_code, (char *)si->si_addr == page + 8);
    mprotect(page, (size_t)pg, PROT_READ | PROT_WRITE);
    fixes++;
}

static void jump(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    if (sig == SIGBUS)
        printf("sig %d code %d addr offset %ld\n", sig, si->si_code, (long)((char *)si->si_addr - bus_base));
    else
        printf("sig %d code %d addr 0x%lx\n", sig, si->si_code, (unsigned long)si->si_addr);
    siglongjmp(jb, sig);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    pg = sysconf(_SC_PAGESIZE);
    page = mmap(NULL, (size_t)pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = fix;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    *(volatile int *)(page + 8) = 1234;
    printf("store retried: %d, fixes %d\n", *(volatile int *)(page + 8), fixes);

    sa.sa_sigaction = jump;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    for (int i = 0; i < 3; i++) {
        int s = sigsetjmp(jb, 1);
        if (!s) {
            *(volatile int *)(uintptr_t)(0x1000 + i * 8) = 1;
            printf("not reached\n");
        } else {
            printf("jumped out %d\n", s);
        }
    }
    /* the mask was restored by siglongjmp: SIGSEGV is not blocked */
    sigset_t m;
    sigprocmask(SIG_SETMASK, NULL, &m);
    printf("segv blocked after longjmp: %d\n", sigismember(&m, SIGSEGV));

    char path[] = "/tmp/xemu-sigbus-XXXXXX";
    int fd = mkstemp(path);
    unlink(path);
    if (ftruncate(fd, pg) == 0) {
        char *m2 = mmap(NULL, (size_t)pg * 2, PROT_READ, MAP_SHARED, fd, 0);
        bus_base = m2;
        if (!sigsetjmp(jb, 1)) {
            volatile char c = m2[pg + 1];
            (void)c;
            printf("not reached\n");
        } else {
            printf("SIGBUS addr ok\n");
        }
    }
    return 0;
}
