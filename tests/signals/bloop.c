/* Signal test (tests/signals/run.sh): a thread spinning in a one-
 * instruction loop ("b ." on arm64, "jmp ." natively) with no memory
 * access or syscall still takes asynchronous signals: a timer signal to
 * the main thread and pthread_kill to a second thread, whose handlers
 * siglongjmp out of the loop. */
#define _GNU_SOURCE
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#if defined(__aarch64__)
#define SPIN() __asm__ volatile("1: b 1b")
#else
#define SPIN() __asm__ volatile("1: jmp 1b")
#endif

static sigjmp_buf main_env, thread_env;
static pthread_t spinner;
static volatile int thread_spinning;

static void h(int sig)
{
    if (pthread_equal(pthread_self(), spinner))
        siglongjmp(thread_env, sig);
    siglongjmp(main_env, sig);
}

static void *spin_thread(void *arg)
{
    (void)arg;
    int sig = sigsetjmp(thread_env, 1);
    if (sig == 0) {
        thread_spinning = 1;
        SPIN();
    }
    printf("thread left its loop by signal %d\n", sig);
    return NULL;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = h;
    sigaction(SIGALRM, &sa, NULL);
    sigaction(SIGUSR1, &sa, NULL);
    for (int round = 0; round < 3; round++) {
        int sig = sigsetjmp(main_env, 1);
        if (sig == 0) {
            struct itimerval it = { { 0, 0 }, { 0, 20000 } };
            setitimer(ITIMER_REAL, &it, NULL);
            SPIN();
        }
        printf("main left its loop by signal %d (round %d)\n", sig, round);
    }
    pthread_create(&spinner, NULL, spin_thread, NULL);
    while (!thread_spinning)
        usleep(1000);
    usleep(20000);
    pthread_kill(spinner, SIGUSR1);
    pthread_join(spinner, NULL);
    return 0;
}
