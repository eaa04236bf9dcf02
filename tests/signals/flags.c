/* Signal test (tests/signals/run.sh): SA_RESETHAND, SA_NODEFER and
 * sa_mask - which signals nest inside a handler and which wait. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile char order[64];
static volatile int n;
static int calls;

static void note(char c)
{
    order[n++] = c;
}

static void h_usr1(int sig)
{
    (void)sig;
    note('<');
    if (++calls < 3)
        raise(SIGUSR1);         /* nests only with SA_NODEFER */
    raise(SIGUSR2);             /* nests unless in sa_mask */
    note('>');
}

static void h_usr2(int sig)
{
    (void)sig;
    note('2');
}

static void reset_handler(int sig)
{
    struct sigaction cur;
    sigaction(sig, NULL, &cur);
    printf("in RESETHAND handler: disposition %s\n",
           cur.sa_handler == SIG_DFL ? "SIG_DFL" : "handler");
}

static void run(const char *what, int flags, int mask_usr2)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = h_usr1;
    sa.sa_flags = flags;
    if (mask_usr2)
        sigaddset(&sa.sa_mask, SIGUSR2);
    sigaction(SIGUSR1, &sa, NULL);
    n = 0;
    calls = 0;
    raise(SIGUSR1);
    order[n] = 0;
    printf("%-18s %s\n", what, (const char *)order);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sigaction s2;
    memset(&s2, 0, sizeof s2);
    s2.sa_handler = h_usr2;
    sigaction(SIGUSR2, &s2, NULL);

    run("default", 0, 0);
    run("nodefer", SA_NODEFER, 0);
    run("mask usr2", 0, 1);
    run("nodefer+mask", SA_NODEFER, 1);

    struct sigaction r;
    memset(&r, 0, sizeof r);
    r.sa_handler = reset_handler;
    r.sa_flags = SA_RESETHAND;
    sigaction(SIGWINCH, &r, NULL);
    raise(SIGWINCH);
    struct sigaction cur;
    sigaction(SIGWINCH, NULL, &cur);
    printf("after: %s, flags has SA_RESETHAND %d\n",
           cur.sa_handler == SIG_DFL ? "SIG_DFL" : "handler", !!(cur.sa_flags & SA_RESETHAND));
    raise(SIGWINCH);            /* default action: ignored */
    printf("SIGWINCH default ignored\n");

    /* the mask inside a handler: sa_mask + the signal itself */
    sigset_t m;
    sigprocmask(SIG_SETMASK, NULL, &m);
    printf("mask outside: usr1=%d usr2=%d\n", sigismember(&m, SIGUSR1), sigismember(&m, SIGUSR2));
    return 0;
}
