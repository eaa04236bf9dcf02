/* Signal test (tests/signals/run.sh): the siginfo a handler sees for
 * kill, tgkill, sigqueue (si_value) and a plain (non-SA_SIGINFO) handler. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile int plain_sig;

static void info_handler(int sig, siginfo_t *si, void *uc)
{
    printf("sig=%d signo=%d errno=%d code=%d pid_ok=%d uid_ok=%d value=%d uc=%d\n", sig,
           si->si_signo, si->si_errno, si->si_code, si->si_pid == getpid(),
           si->si_uid == getuid(), si->si_code == SI_QUEUE ? si->si_value.sival_int : -1,
           uc != NULL);
}

static void plain_handler(int sig)
{
    plain_sig = sig;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = info_handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGRTMIN + 2, &sa, NULL);
    kill(getpid(), SIGUSR1);
    syscall(SYS_tgkill, getpid(), (pid_t)syscall(SYS_gettid), SIGUSR1);
    union sigval v = { .sival_int = 4242 };
    sigqueue(getpid(), SIGUSR1, v);
    v.sival_int = 77;
    sigqueue(getpid(), SIGRTMIN + 2, v);

    /* real-time signals queue with their values, in order */
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGRTMIN + 2);
    sigprocmask(SIG_BLOCK, &set, &old);
    for (int i = 0; i < 5; i++) {
        v.sival_int = 100 + i;
        sigqueue(getpid(), SIGRTMIN + 2, v);
    }
    printf("queued 5\n");
    sigprocmask(SIG_SETMASK, &old, NULL);

    struct sigaction pl;
    memset(&pl, 0, sizeof pl);
    pl.sa_handler = plain_handler;
    sigaction(SIGUSR2, &pl, NULL);
    raise(SIGUSR2);
    printf("plain handler got %d\n", plain_sig);
    return 0;
}
