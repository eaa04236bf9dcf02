/* Signal test (tests/signals/run.sh): handlers interrupted by other
 * signals (nested frames) and a pending blocked signal delivered when
 * sigprocmask unblocks it, plus sigpending. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int depth, maxdepth;
static char trace[128];
static int n;

static void h(int sig)
{
    int d = ++depth;
    if (d > maxdepth)
        maxdepth = d;
    trace[n++] = (char)('A' + sig % 26);
    if (sig == SIGUSR1)
        raise(SIGUSR2);
    else if (sig == SIGUSR2)
        raise(SIGALRM);
    trace[n++] = (char)('a' + sig % 26);
    depth--;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = h;
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGUSR2, &sa, NULL);
    sigaction(SIGALRM, &sa, NULL);
    raise(SIGUSR1);
    trace[n] = 0;
    printf("nested: %s maxdepth %d\n", trace, maxdepth);

    sigset_t b, p;
    sigemptyset(&b);
    sigaddset(&b, SIGUSR2);
    sigaddset(&b, SIGUSR1);
    sigprocmask(SIG_BLOCK, &b, NULL);
    n = 0;
    maxdepth = 0;
    raise(SIGUSR2);
    raise(SIGUSR1);
    sigpending(&p);
    printf("pending usr1=%d usr2=%d alrm=%d ran=%d\n", sigismember(&p, SIGUSR1),
           sigismember(&p, SIGUSR2), sigismember(&p, SIGALRM), n);
    sigprocmask(SIG_UNBLOCK, &b, NULL);
    trace[n] = 0;
    printf("after unblock: %s maxdepth %d\n", trace, maxdepth);
    sigpending(&p);
    printf("pending usr1=%d usr2=%d\n", sigismember(&p, SIGUSR1), sigismember(&p, SIGUSR2));
    return 0;
}
