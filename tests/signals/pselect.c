/* Signal test (tests/signals/run.sh): the pselect/ppoll pattern - a
 * signal blocked everywhere else is let in only by the wait's own mask,
 * its handler runs (seeing the wait's mask), then the old mask is back. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>

static volatile int got;

static void h(int sig)
{
    sigset_t m;
    sigprocmask(SIG_SETMASK, NULL, &m);
    printf("handler %d, usr1 blocked %d\n", sig, sigismember(&m, SIGUSR1));
    got++;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = h;
    sigaction(SIGUSR1, &sa, NULL);
    sigset_t b, empty;
    sigemptyset(&b);
    sigemptyset(&empty);
    sigaddset(&b, SIGUSR1);
    sigprocmask(SIG_BLOCK, &b, NULL);
    int p[2];
    pipe(p);

    raise(SIGUSR1);
    printf("blocked, got %d\n", got);
    fd_set r;
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    struct timespec ts = { 2, 0 };
    int n = pselect(p[0] + 1, &r, NULL, NULL, &ts, &empty);
    printf("pselect %d %s got %d\n", n, n < 0 ? strerror(errno) : "-", got);

    raise(SIGUSR1);
    struct pollfd pf = { .fd = p[0], .events = POLLIN };
    n = ppoll(&pf, 1, &ts, &empty);
    printf("ppoll %d %s got %d\n", n, n < 0 ? strerror(errno) : "-", got);

    write(p[1], "x", 1);
    n = ppoll(&pf, 1, &ts, &empty);
    printf("ppoll ready %d got %d\n", n, got);
    sigset_t m;
    sigprocmask(SIG_SETMASK, NULL, &m);
    printf("usr1 blocked after %d\n", sigismember(&m, SIGUSR1));
    return 0;
}
