/* Signal test (tests/signals/run.sh): SA_ONSTACK handlers run on the
 * sigaltstack, which reports SS_ONSTACK inside them; nested delivery
 * stays on it; without SA_ONSTACK the normal stack is used. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *alt;
static size_t altsize = 1 << 16;
static int nest;

static int on_alt(void *p)
{
    return (char *)p >= alt && (char *)p < alt + altsize;
}

static void h(int sig)
{
    int local;
    stack_t cur;
    sigaltstack(NULL, &cur);
    printf("sig %d: on altstack %d, ss_flags onstack %d\n", sig, on_alt(&local),
           !!(cur.ss_flags & SS_ONSTACK));
    if (sig == SIGUSR1 && !nest++)
        raise(SIGUSR2);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    alt = malloc(altsize);
    stack_t ss = { .ss_sp = alt, .ss_size = altsize, .ss_flags = 0 };
    if (sigaltstack(&ss, NULL))
        perror("sigaltstack");
    stack_t cur;
    sigaltstack(NULL, &cur);
    printf("outside: flags %d size ok %d\n", cur.ss_flags, cur.ss_size == altsize);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = h;
    sa.sa_flags = SA_ONSTACK;
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGUSR2, &sa, NULL);
    sa.sa_flags = 0;
    sigaction(SIGHUP, &sa, NULL);
    raise(SIGUSR1);
    raise(SIGHUP);
    ss.ss_flags = SS_DISABLE;
    sigaltstack(&ss, NULL);
    sigaltstack(NULL, &cur);
    printf("disabled: flags %d\n", cur.ss_flags);
    stack_t small = { .ss_sp = alt, .ss_size = 512, .ss_flags = 0 };
    printf("too small: %d\n", sigaltstack(&small, NULL));
    return 0;
}
