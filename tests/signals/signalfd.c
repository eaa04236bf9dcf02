/* Signal test (tests/signals/run.sh): signalfd - blocked signals read as
 * struct signalfd_siginfo (sigqueue's value and code, kill's pid/uid, a
 * real-time signal queued twice), poll readiness, SFD_NONBLOCK's EAGAIN,
 * changing the mask of an existing signalfd; tkill's SI_TKILL code. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <unistd.h>

static void show(int fd)
{
    struct signalfd_siginfo si;
    ssize_t n = read(fd, &si, sizeof si);
    if (n < 0) {
        printf("read: %s\n", strerror(errno));
        return;
    }
    printf("read %zd: signo %u code %d pid-ok %d uid-ok %d int %d\n", n, si.ssi_signo, si.ssi_code,
           si.ssi_pid == (unsigned)getpid(), si.ssi_uid == getuid(), si.ssi_int);
}

static volatile int tkill_code;
static void on_usr2(int s, siginfo_t *si, void *uc)
{
    (void)s;
    (void)uc;
    tkill_code = si->si_code;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGRTMIN + 1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    int fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    printf("signalfd ok %d\n", fd >= 0);
    struct pollfd pf = { fd, POLLIN, 0 };
    printf("poll empty: %d\n", poll(&pf, 1, 0));
    show(fd);
    kill(getpid(), SIGUSR1);
    int pr = poll(&pf, 1, 0);
    printf("poll pending: %d revents %#x\n", pr, pf.revents);
    show(fd);
    union sigval v = { .sival_int = 77 };
    sigqueue(getpid(), SIGRTMIN + 1, v);
    v.sival_int = 78;
    sigqueue(getpid(), SIGRTMIN + 1, v);
    show(fd);
    show(fd);
    show(fd);
    /* two records in one read */
    kill(getpid(), SIGUSR1);
    sigqueue(getpid(), SIGRTMIN + 1, v);
    struct signalfd_siginfo two[2];
    printf("read two: %zd\n", read(fd, two, sizeof two));
    /* a too-small buffer */
    kill(getpid(), SIGUSR1);
    char small[16];
    ssize_t n = read(fd, small, sizeof small);
    printf("small read: %zd %s\n", n, n < 0 ? strerror(errno) : "");
    /* narrow the mask: SIGUSR1 stays pending but is not readable */
    sigset_t only_rt;
    sigemptyset(&only_rt);
    sigaddset(&only_rt, SIGRTMIN + 1);
    printf("re-mask: %d\n", signalfd(fd, &only_rt, 0) == fd);
    show(fd);
    sigset_t pend;
    sigpending(&pend);
    printf("SIGUSR1 still pending: %d\n", sigismember(&pend, SIGUSR1));
    int sig;
    sigwait(&set, &sig);
    printf("sigwait took %d\n", sig);
    close(fd);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_usr2;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR2, &sa, NULL);
    syscall(SYS_tkill, (int)syscall(SYS_gettid), SIGUSR2);
    printf("tkill code %d (SI_TKILL %d)\n", tkill_code, SI_TKILL);
    syscall(SYS_tgkill, getpid(), (int)syscall(SYS_gettid), SIGUSR2);
    printf("tgkill code %d\n", tkill_code);
    int r = (int)syscall(SYS_tkill, 0, SIGUSR2);
    printf("tkill(0): %d %s\n", r, r < 0 ? strerror(errno) : "");
    r = (int)syscall(SYS_tgkill, getpid(), (int)syscall(SYS_gettid), 65);
    printf("tgkill(65): %d %s\n", r, r < 0 ? strerror(errno) : "");
    return 0;
}
