/* Process test (tests/procs/run.sh): vfork really suspends the parent
 * until the child execs or exits and shares its memory; raw clone of
 * processes with CLONE_VFORK (no CLONE_VM), with exit signals other than
 * SIGCHLD (SIGUSR1, none) that wait reports only under __WCLONE/__WALL;
 * clone3 for processes (exit_signal, CLONE_PIDFD, bad sizes) and
 * CLONE_PIDFD through clone. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile int shared;
static volatile sig_atomic_t usr1, chld;

static void on_usr1(int s) { (void)s; usr1++; }
static void on_chld(int s) { (void)s; chld++; }

static void nap_ms(int ms)
{
    struct timespec ts = { 0, ms * 1000000L };
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

/* a fork-like raw clone: no new stack, the child returns 0 */
static long raw_clone(unsigned long flags, void *ptid)
{
#if defined(__x86_64__)
    return syscall(SYS_clone, flags, 0, ptid, 0, 0);
#else
    return syscall(SYS_clone, flags, 0, ptid, 0, 0);
#endif
}

static void st(const char *what, int r, const int *sp)
{
    int s = *sp;
    if (r < 0)
        printf("%s: -1 %s\n", what, strerror(errno));
    else if (WIFEXITED(s))
        printf("%s: exited %d\n", what, WEXITSTATUS(s));
    else
        printf("%s: status %#x\n", what, &s);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    signal(SIGUSR1, on_usr1);
    signal(SIGCHLD, on_chld);
    signal(SIGUSR2, SIG_IGN);

    /* vfork: the child's write is seen, and it ran to its end first */
    shared = 0;
    pid_t p = vfork();
    if (p == 0) {
        nap_ms(50);
        shared = 1;
        nap_ms(50);
        shared = 2;
        _exit(7);
    }
    printf("vfork: parent resumed after child exit, shared=%d\n", shared);
    int s;
    st("vfork wait", waitpid(p, &s, 0), &s);

    /* vfork + exec: resumed at the exec, the child's write is seen */
    shared = 0;
    p = vfork();
    if (p == 0) {
        shared = 5;
        execl("/bin/sh", "sh", "-c", "sleep 0.1; exit 3", (char *)NULL);
        _exit(127);
    }
    printf("vfork+exec: shared=%d\n", shared);
    int r = waitpid(p, &s, WNOHANG);
    printf("vfork+exec: child still running=%d\n", r == 0);
    st("vfork+exec wait", waitpid(p, &s, 0), &s);

    /* clone(CLONE_VFORK) without CLONE_VM: separate memory, parent waits */
    int pfd[2];
    if (pipe(pfd) < 0)
        return 1;
    shared = 0;
    long c = raw_clone(CLONE_VFORK | SIGCHLD, NULL);
    if (c == 0) {
        shared = 9;
        nap_ms(80);
        if (write(pfd[1], "x", 1) != 1)
            _exit(1);
        _exit(11);
    }
    fcntl(pfd[0], F_SETFL, O_NONBLOCK);
    char ch;
    printf("CLONE_VFORK: child done before parent resumed=%d shared=%d\n",
           read(pfd[0], &ch, 1) == 1, shared);
    st("CLONE_VFORK wait", waitpid((pid_t)c, &s, 0), &s);

    /* exit signal SIGUSR1: invisible to plain waitpid, seen with __WCLONE */
    usr1 = 0;
    chld = 0;
    c = raw_clone(SIGUSR1, NULL);
    if (c == 0) {
        nap_ms(20);
        _exit(21);
    }
    while (!usr1)
        nap_ms(5);
    printf("exit signal SIGUSR1: usr1=%d chld=%d\n", (int)usr1, (int)chld);
    r = waitpid((pid_t)c, &s, WNOHANG);
    printf("plain waitpid: %d %s\n", r, r < 0 ? strerror(errno) : "");
    st("__WCLONE", waitpid((pid_t)c, &s, __WCLONE), &s);

    /* exit signal 0: no signal at all, __WALL reaps it */
    usr1 = chld = 0;
    c = raw_clone(0, NULL);
    if (c == 0)
        _exit(22);
    st("__WALL", waitpid((pid_t)c, &s, __WALL), &s);
    printf("exit signal 0: usr1=%d chld=%d\n", (int)usr1, (int)chld);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    c = raw_clone(SIGUSR1, NULL);
    if (c == 0)
        _exit(23);
    r = waitid(P_PID, (id_t)c, &si, WEXITED | __WCLONE);
    printf("waitid __WCLONE: r=%d code=%d status=%d\n", r, si.si_code, si.si_status);

    /* a clone child with its own exit signal dying by a signal */
    c = raw_clone(SIGUSR2, NULL);
    if (c == 0) {
        signal(SIGTERM, SIG_DFL);
        kill(getpid(), SIGTERM);
        _exit(24);
    }
    r = waitpid((pid_t)c, &s, __WALL);
    printf("SIGUSR2 child killed: by %d\n", WIFSIGNALED(s) ? WTERMSIG(s) : -1);

    /* CLONE_PIDFD through clone: the pidfd lands in *ptid */
    int pidfd = -1;
    c = raw_clone(CLONE_PIDFD | SIGCHLD, &pidfd);
    if (c == 0)
        _exit(31);
    printf("clone CLONE_PIDFD: fd>2=%d cloexec=%d\n", pidfd > 2,
           (fcntl(pidfd, F_GETFD) & FD_CLOEXEC) != 0);
    struct pollfd pf = { pidfd, POLLIN, 0 };
    r = poll(&pf, 1, 5000);
    printf("pidfd poll: %d revents=%#x\n", r, pf.revents);
    memset(&si, 0, sizeof si);
    r = waitid(P_PIDFD, (id_t)pidfd, &si, WEXITED);
    printf("waitid P_PIDFD: r=%d status=%d pid-ok=%d\n", r, si.si_status, si.si_pid == c);
    close(pidfd);

    /* clone3: a process with SIGCHLD, with CLONE_PIDFD, with SIGUSR1 */
    struct clone_args ca;
    memset(&ca, 0, sizeof ca);
    ca.exit_signal = SIGCHLD;
    c = syscall(SYS_clone3, &ca, sizeof ca);
    if (c == 0)
        _exit(41);
    printf("clone3: pid>0=%d\n", c > 0);
    st("clone3 wait", waitpid((pid_t)c, &s, 0), &s);
    memset(&ca, 0, sizeof ca);
    pidfd = -1;
    ca.flags = CLONE_PIDFD;
    ca.pidfd = (uintptr_t)&pidfd;
    ca.exit_signal = SIGCHLD;
    c = syscall(SYS_clone3, &ca, 64);
    if (c == 0)
        _exit(42);
    printf("clone3 CLONE_PIDFD: fd>2=%d\n", pidfd > 2);
    memset(&si, 0, sizeof si);
    r = waitid(P_PIDFD, (id_t)pidfd, &si, WEXITED);
    printf("clone3 waitid P_PIDFD: r=%d status=%d pid-ok=%d\n", r, si.si_status, si.si_pid == c);
    close(pidfd);
    memset(&ca, 0, sizeof ca);
    ca.exit_signal = SIGUSR1;
    usr1 = 0;
    c = syscall(SYS_clone3, &ca, sizeof ca);
    if (c == 0)
        _exit(43);
    st("clone3 SIGUSR1 __WALL", waitpid((pid_t)c, &s, __WALL), &s);
    printf("clone3 SIGUSR1: usr1=%d\n", (int)usr1);
    r = (int)syscall(SYS_clone3, &ca, 8);
    printf("clone3 size 8: %d %s\n", r, r < 0 ? strerror(errno) : "");
    ca.exit_signal = 200;
    r = (int)syscall(SYS_clone3, &ca, sizeof ca);
    printf("clone3 bad exit_signal: %d %s\n", r, r < 0 ? strerror(errno) : "");
    r = (int)syscall(SYS_clone3, NULL, sizeof ca);
    printf("clone3 NULL: %d %s\n", r, r < 0 ? strerror(errno) : "");
    return 0;
}
