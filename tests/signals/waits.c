/* Signal test (tests/signals/run.sh): sigsuspend (a signal sent while
 * blocked is taken by the atomic unblock-and-wait; the handler sees the
 * suspend mask, the old mask comes back after), sigtimedwait/sigwaitinfo
 * with siginfo and timeout, real-time signals queued in order with their
 * values, SIGCHLD + waitpid restarted under SA_RESTART. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile int got, rt_vals[16], nrt;

static void h(int sig)
{
    sigset_t m;
    sigprocmask(SIG_SETMASK, NULL, &m);
    printf("handler %d: usr1 blocked %d usr2 blocked %d\n", sig, sigismember(&m, SIGUSR1),
           sigismember(&m, SIGUSR2));
    got = sig;
}

static void rt(int sig, siginfo_t *si, void *uc)
{
    (void)sig, (void)uc;
    rt_vals[nrt++] = si->si_value.sival_int;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = h;
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGCHLD, &sa, NULL);
    sigset_t b, old, wait_mask;
    sigemptyset(&b);
    sigaddset(&b, SIGUSR1);
    sigaddset(&b, SIGUSR2);
    sigprocmask(SIG_BLOCK, &b, &old);
    kill(getpid(), SIGUSR1);            /* pending before the wait */
    sigfillset(&wait_mask);
    sigdelset(&wait_mask, SIGUSR1);
    int r = sigsuspend(&wait_mask);
    printf("sigsuspend %d %s got %d\n", r, strerror(errno), got);
    sigset_t m;
    sigprocmask(SIG_SETMASK, NULL, &m);
    printf("after: usr1 blocked %d usr2 blocked %d\n", sigismember(&m, SIGUSR1),
           sigismember(&m, SIGUSR2));

    /* sigtimedwait takes a blocked signal without running its handler */
    got = 0;
    union sigval v = { .sival_int = 31 };
    sigqueue(getpid(), SIGUSR2, v);
    siginfo_t si;
    struct timespec ts = { 0, 100000000 };
    int s = sigtimedwait(&b, &si, &ts);
    printf("sigtimedwait %d code %d value %d got %d\n", s, si.si_code, si.si_value.sival_int, got);
    errno = 0;
    s = sigtimedwait(&b, &si, &ts);
    printf("sigtimedwait again %d %s\n", s, strerror(errno));
    sigprocmask(SIG_SETMASK, &old, NULL);

    /* real-time: all queued, delivered in order with their values */
    sa.sa_sigaction = rt;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGRTMIN + 1, &sa, NULL);
    sigset_t rb;
    sigemptyset(&rb);
    sigaddset(&rb, SIGRTMIN + 1);
    sigprocmask(SIG_BLOCK, &rb, NULL);
    for (int i = 0; i < 8; i++) {
        v.sival_int = 500 + i;
        sigqueue(getpid(), SIGRTMIN + 1, v);
    }
    sigprocmask(SIG_UNBLOCK, &rb, NULL);
    printf("rt delivered %d:", nrt);
    for (int i = 0; i < nrt; i++)
        printf(" %d", rt_vals[i]);
    printf("\n");

    /* SIGCHLD interrupting waitpid: restarted with SA_RESTART */
    sa.sa_handler = h;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGCHLD, &sa, NULL);
    pid_t c = fork();
    if (c == 0) {
        usleep(100000);
        _exit(7);
    }
    int st;
    got = 0;
    pid_t w = waitpid(c, &st, 0);
    printf("waitpid ok %d status %d got %d\n", w == c, WEXITSTATUS(st), got);
    return 0;
}
