/* Process test (tests/procs/run.sh): SIGCHLD as the parent sees it - the
 * siginfo of a handler (CLD_EXITED/KILLED/STOPPED/CONTINUED, si_pid,
 * si_status), SA_NOCLDSTOP (no signal for stops), SA_NOCLDWAIT and
 * SIG_IGN (children reaped by the kernel: wait says ECHILD). */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t got, code, status, pid_ok;
static pid_t child;

static void on_chld(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    got++;
    code = si->si_code;
    status = si->si_status;
    pid_ok = si->si_pid == child;
}

/* fork with SIGCHLD held until child is set, so the handler can match */
static pid_t spawn(void)
{
    sigset_t b, old;
    sigemptyset(&b);
    sigaddset(&b, SIGCHLD);
    sigprocmask(SIG_BLOCK, &b, &old);
    pid_t p = fork();
    if (p == 0) {
        sigprocmask(SIG_SETMASK, &old, NULL);
        return 0;
    }
    child = p;
    sigprocmask(SIG_SETMASK, &old, NULL);
    return p;
}

static void nap_ms(int ms)
{
    struct timespec ts = { 0, ms * 1000000L };
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

static void wait_for_signal(void)
{
    for (int i = 0; i < 500 && !got; i++)
        nap_ms(2);
}

static void set_handler(int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_chld;
    sa.sa_flags = SA_SIGINFO | SA_RESTART | flags;
    sigaction(SIGCHLD, &sa, NULL);
}

static void report(const char *what)
{
    printf("%s: got %d code %d status %d pid-ok %d\n", what, (int)got, (int)code, (int)status,
           (int)pid_ok);
    got = code = status = pid_ok = 0;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    set_handler(0);
    if (spawn() == 0)
        _exit(3);
    wait_for_signal();
    report("exit");
    waitpid(child, NULL, 0);

    if (spawn() == 0)
        for (;;)
            pause();
    kill(child, SIGSTOP);
    wait_for_signal();
    report("stop");
    kill(child, SIGCONT);
    wait_for_signal();
    report("continue");
    kill(child, SIGTERM);
    wait_for_signal();
    report("killed");
    waitpid(child, NULL, 0);

    /* SA_NOCLDSTOP: stops and continues are silent, the death is not */
    set_handler(SA_NOCLDSTOP);
    if (spawn() == 0)
        for (;;)
            pause();
    kill(child, SIGSTOP);
    int st;
    waitpid(child, &st, WUNTRACED);
    kill(child, SIGCONT);
    nap_ms(50);
    report("NOCLDSTOP stop+cont");
    kill(child, SIGKILL);
    wait_for_signal();
    report("NOCLDSTOP kill");
    waitpid(child, NULL, 0);

    /* SA_NOCLDWAIT: the kernel reaps; the handler may still run */
    set_handler(SA_NOCLDWAIT);
    if (spawn() == 0)
        _exit(4);
    nap_ms(100);
    int r = waitpid(child, &st, 0);
    printf("NOCLDWAIT wait: %d %s\n", r, r < 0 ? strerror(errno) : "");
    got = 0;

    /* SIG_IGN: reaped too */
    signal(SIGCHLD, SIG_IGN);
    if (spawn() == 0)
        _exit(5);
    nap_ms(100);
    r = waitpid(child, &st, 0);
    printf("SIG_IGN wait: %d %s\n", r, r < 0 ? strerror(errno) : "");
    /* back to the default: a zombie to wait for */
    signal(SIGCHLD, SIG_DFL);
    if (spawn() == 0)
        _exit(6);
    r = waitpid(child, &st, 0);
    printf("SIG_DFL wait ok %d exit %d\n", r == child, WEXITSTATUS(st));
    return 0;
}
