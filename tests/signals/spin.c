/* Signal test (tests/signals/run.sh): signals reach threads that spin in
 * tight loops without syscalls: a timer signal to the main thread, and
 * pthread_kill to a second spinning thread. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

static volatile int stop_main, stop_thread;
static pthread_t spinner;

static void h(int sig)
{
    if (sig == SIGALRM)
        stop_main = 1;
    else if (pthread_equal(pthread_self(), spinner))
        stop_thread = 1;
}

static void *spin(void *arg)
{
    (void)arg;
    unsigned long n = 0;
    while (!stop_thread)
        n++;
    return (void *)(n ? 1ul : 1ul);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = h;
    sigaction(SIGALRM, &sa, NULL);
    sigaction(SIGUSR1, &sa, NULL);
    struct itimerval it = { { 0, 0 }, { 0, 100000 } };
    setitimer(ITIMER_REAL, &it, NULL);
    unsigned long n = 0;
    while (!stop_main)
        n++;
    printf("main loop stopped by SIGALRM\n");

    pthread_create(&spinner, NULL, spin, NULL);
    struct timespec ts = { 0, 50000000 };
    nanosleep(&ts, NULL);
    pthread_kill(spinner, SIGUSR1);
    void *r;
    pthread_join(spinner, &r);
    printf("spinning thread stopped by pthread_kill: %lu\n", (unsigned long)r);
    return 0;
}
