/* Signal test (tests/signals/run.sh): SIGBUS from touching a file mapping
 * beyond the end of the file (BUS_ADRERR, si_addr), a handler that grows
 * the file and returns so the access is retried and succeeds, for a load
 * and for a store; and one that siglongjmps out. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int fd;
static long pg;
static char *volatile map;
static volatile int grow, jump;
static sigjmp_buf jb;

static void on_bus(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    printf("SIGBUS: sig %d code %d (BUS_ADRERR %d) page %ld\n", sig, si->si_code, BUS_ADRERR,
           (long)(((char *)si->si_addr - map) / pg));
    if (jump)
        siglongjmp(jb, 1);
    if (ftruncate(fd, grow * pg) != 0)
        _exit(3);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    pg = sysconf(_SC_PAGESIZE);
    char path[] = "/tmp/xemu-sigbus-XXXXXX";
    fd = mkstemp(path);
    unlink(path);
    if (fd < 0 || ftruncate(fd, pg) != 0)
        return 1;
    map = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_bus;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGBUS, &sa, NULL);
    map[10] = 'a';
    grow = 2;
    volatile char c = ((volatile char *)map)[pg + 5];
    printf("load retried: %d\n", c);
    grow = 3;
    ((volatile char *)map)[2 * pg + 7] = 'z';
    printf("store retried: %c\n", map[2 * pg + 7]);
    char back;
    pread(fd, &back, 1, 2 * pg + 7);
    printf("file has it: %c\n", back);
    jump = 1;
    if (sigsetjmp(jb, 1) == 0) {
        c = ((volatile char *)map)[3 * pg];
        printf("not reached\n");
    } else {
        printf("jumped out\n");
    }
    return 0;
}
