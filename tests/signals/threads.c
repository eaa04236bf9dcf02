/* Signal test (tests/signals/run.sh): per-thread masks decide which
 * thread takes a process-directed signal, which interrupts the read that
 * thread is blocked in (EINTR without SA_RESTART); sigwait in a thread. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static pthread_t worker;
static volatile int ran_in_worker = -1;
static int p[2];

static void h(int sig)
{
    (void)sig;
    ran_in_worker = pthread_equal(pthread_self(), worker);
}

static void *reader(void *arg)
{
    sigset_t *set = arg;
    pthread_sigmask(SIG_UNBLOCK, set, NULL);
    char c;
    errno = 0;
    ssize_t r = read(p[0], &c, 1);
    printf("worker read %zd %s, handler in worker %d\n", r, strerror(errno), ran_in_worker);
    return NULL;
}

static void *waiter(void *arg)
{
    sigset_t *set = arg;
    int sig = 0;
    sigwait(set, &sig);
    printf("sigwait got %d\n", sig);
    return NULL;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    pipe(p);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = h;
    sigaction(SIGUSR1, &sa, NULL);

    /* the main thread blocks SIGUSR1: a kill() must go to the worker */
    sigset_t b;
    sigemptyset(&b);
    sigaddset(&b, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &b, NULL);
    pthread_create(&worker, NULL, reader, &b);
    usleep(100000);
    kill(getpid(), SIGUSR1);            /* only the worker has it unblocked */
    pthread_join(worker, NULL);

    sigset_t w;
    sigemptyset(&w);
    sigaddset(&w, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &w, NULL);
    pthread_t t;
    pthread_create(&t, NULL, waiter, &w);
    usleep(50000);
    kill(getpid(), SIGUSR2);
    pthread_join(t, NULL);
    return 0;
}
