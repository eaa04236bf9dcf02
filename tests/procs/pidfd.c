/* Process test (tests/procs/run.sh): pidfd_open (errors, poll readiness
 * at exit), pidfd_send_signal (plain and with a siginfo the handler
 * sees), pidfd_getfd of a child's descriptor, waitid(P_PIDFD). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int pidfd_open(pid_t pid, unsigned flags) { return (int)syscall(SYS_pidfd_open, pid, flags); }

static void report(const char *what, long r)
{
    if (r < 0)
        printf("%s: -1 %s\n", what, strerror(errno));
    else
        printf("%s: ok\n", what);
}

static int ready[2];

static void on_usr1(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    char line[96];
    int n = snprintf(line, sizeof line, "child got %d code=%d value=%d\n", sig, si->si_code,
                     si->si_value.sival_int);
    if (write(ready[1], line, (size_t)n) < 0)
        _exit(3);
    _exit(5);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    report("pidfd_open(-1)", pidfd_open(-1, 0));
    report("pidfd_open(bad flags)", pidfd_open(getpid(), 1));
    report("pidfd_open(huge pid)", pidfd_open(0x3fffffff, 0));
    int self = pidfd_open(getpid(), 0);
    printf("self pidfd cloexec=%d\n", (fcntl(self, F_GETFD) & FD_CLOEXEC) != 0);
    report("send signal 0 to self", syscall(SYS_pidfd_send_signal, self, 0, NULL, 0));
    report("send bad flags", syscall(SYS_pidfd_send_signal, self, 0, NULL, 7));
    close(self);

    if (pipe(ready) < 0)
        return 1;
    pid_t p = fork();
    if (p == 0) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_sigaction = on_usr1;
        sa.sa_flags = SA_SIGINFO;
        sigaction(SIGUSR1, &sa, NULL);
        int fd = open("/proc/self/status", O_RDONLY);
        if (dup2(fd, 40) < 0)
            _exit(4);
        if (write(ready[1], "r", 1) != 1)
            _exit(4);
        for (;;)
            pause();
    }
    char c;
    if (read(ready[0], &c, 1) != 1)
        return 1;
    int pfd = pidfd_open(p, 0);
    struct pollfd pf = { pfd, POLLIN, 0 };
    printf("poll while running: %d\n", poll(&pf, 1, 0));
    int got = (int)syscall(SYS_pidfd_getfd, pfd, 40, 0);
    if (got >= 0) {
        char buf[64] = "";
        ssize_t n = pread(got, buf, 5, 0);
        printf("pidfd_getfd: read %zd '%.5s' cloexec=%d\n", n, buf,
               (fcntl(got, F_GETFD) & FD_CLOEXEC) != 0);
        close(got);
    } else {
        printf("pidfd_getfd: -1 %s\n", strerror(errno));
    }
    report("pidfd_getfd(bad fd)", syscall(SYS_pidfd_getfd, pfd, 999, 0));
    siginfo_t si;
    memset(&si, 0, sizeof si);
    si.si_signo = SIGUSR1;
    si.si_code = SI_QUEUE;
    si.si_pid = getpid();
    si.si_uid = getuid();
    si.si_value.sival_int = 1234;
    report("pidfd_send_signal with info", syscall(SYS_pidfd_send_signal, pfd, SIGUSR1, &si, 0));
    printf("poll after signal: %d\n", poll(&pf, 1, 5000));
    memset(&si, 0, sizeof si);
    int r = waitid(P_PIDFD, (id_t)pfd, &si, WEXITED);
    printf("waitid P_PIDFD: r=%d code=%d status=%d\n", r, si.si_code, si.si_status);
    char msg[96] = "";
    ssize_t mn = read(ready[0], msg, sizeof msg - 1);
    printf("%s", mn > 0 ? msg : "no message\n");
    report("send to reaped", syscall(SYS_pidfd_send_signal, pfd, SIGUSR1, NULL, 0));
    close(pfd);

    /* a plain SIGKILL through a pidfd */
    p = fork();
    if (p == 0)
        for (;;)
            pause();
    pfd = pidfd_open(p, 0);
    report("pidfd_send_signal SIGKILL", syscall(SYS_pidfd_send_signal, pfd, SIGKILL, NULL, 0));
    int st;
    waitpid(p, &st, 0);
    printf("killed by %d\n", WIFSIGNALED(st) ? WTERMSIG(st) : -1);
    /* a nonblocking pidfd: waitid says EAGAIN while the child runs */
    p = fork();
    if (p == 0) {
        usleep(100000);
        _exit(6);
    }
    pfd = pidfd_open(p, O_NONBLOCK);
    r = waitid(P_PIDFD, (id_t)pfd, &si, WEXITED);
    printf("nonblocking waitid: %d %s\n", r, r < 0 ? strerror(errno) : "");
    waitpid(p, &st, 0);
    printf("exited %d\n", WEXITSTATUS(st));
    return 0;
}
