/* Process test (tests/procs/run.sh): what signal state crosses fork and
 * execve - fork keeps handlers, mask and ignored signals but not pending
 * ones; execve resets handlers to default, keeps ignored signals, the
 * mask and pending signals (standard and queued real-time), and drops the
 * alternate stack. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void h(int s) { (void)s; }

static const char *disp(int sig)
{
    struct sigaction sa;
    sigaction(sig, NULL, &sa);
    return sa.sa_handler == SIG_IGN ? "ignored" : sa.sa_handler == SIG_DFL ? "default" : "handler";
}

static void report(const char *who)
{
    sigset_t m, p;
    sigprocmask(SIG_BLOCK, NULL, &m);
    sigpending(&p);
    stack_t ss;
    sigaltstack(NULL, &ss);
    printf("%s: USR1 %s, TERM %s, INT %s, USR2 blocked %d pending %d, RTMIN+2 blocked %d "
           "pending %d, altstack %s\n",
           who, disp(SIGUSR1), disp(SIGTERM), disp(SIGINT), sigismember(&m, SIGUSR2),
           sigismember(&p, SIGUSR2), sigismember(&m, SIGRTMIN + 2), sigismember(&p, SIGRTMIN + 2),
           ss.ss_flags & SS_DISABLE ? "disabled" : "set");
    fflush(stdout);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc > 1) {
        report(argv[1]);
        /* the pending ones arrive once unblocked: default action of
         * SIGUSR2 and SIGRTMIN+2 would kill us, so ignore them first */
        signal(SIGUSR2, SIG_IGN);
        signal(SIGRTMIN + 2, SIG_IGN);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        return 0;
    }
    signal(SIGUSR1, SIG_IGN);
    signal(SIGTERM, h);
    sigset_t b;
    sigemptyset(&b);
    sigaddset(&b, SIGUSR2);
    sigaddset(&b, SIGRTMIN + 2);
    sigprocmask(SIG_BLOCK, &b, NULL);
    raise(SIGUSR2);
    union sigval v = { .sival_int = 5 };
    sigqueue(getpid(), SIGRTMIN + 2, v);
    static char alt[65536];
    stack_t ss = { .ss_sp = alt, .ss_size = sizeof alt, .ss_flags = 0 };
    sigaltstack(&ss, NULL);
    report("parent");
    pid_t p = fork();
    if (p == 0) {
        report("fork child");
        execl("/proc/self/exe", "inherit", "after exec in fork child", (char *)NULL);
        _exit(127);
    }
    int st;
    waitpid(p, &st, 0);
    printf("child exit %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
    /* our own exec keeps what is pending */
    execl("/proc/self/exe", "inherit", "after own exec", (char *)NULL);
    return 127;
}
