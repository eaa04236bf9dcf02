/*
 * tests/threads (check-threads): exit_group ends every thread, wherever
 * it is.  The process forks a child for each case (so one case cannot
 * hang the others) and reports how each child ended:
 *   main exits while other threads spin in a tight loop, block in read()
 *   on a pipe, wait on a condition variable, sleep, and spin on a
 *   futex-free lock;
 *   a worker thread calls exit() while main is blocked in pthread_join;
 *   main calls pthread_exit and the last worker's return ends the process
 *   with status 0;
 *   _exit (exit_group) from a worker while another worker is blocked in
 *   a syscall.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int pipefd[2];
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static volatile int started;

static void *spinner(void *arg)
{
    (void)arg;
    __atomic_fetch_add(&started, 1, __ATOMIC_SEQ_CST);
    for (;;)
        __asm__ volatile("" ::: "memory");
    return NULL;
}

static void *reader(void *arg)
{
    (void)arg;
    char c;
    __atomic_fetch_add(&started, 1, __ATOMIC_SEQ_CST);
    (void)!read(pipefd[0], &c, 1);
    return NULL;
}

static void *waiter(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&mu);
    __atomic_fetch_add(&started, 1, __ATOMIC_SEQ_CST);
    for (;;)
        pthread_cond_wait(&cv, &mu);
    return NULL;
}

static void *sleeper(void *arg)
{
    (void)arg;
    __atomic_fetch_add(&started, 1, __ATOMIC_SEQ_CST);
    for (;;)
        sleep(100);
    return NULL;
}

static void wait_started(int n)
{
    while (__atomic_load_n(&started, __ATOMIC_SEQ_CST) < n)
        usleep(1000);
}

static void case_main_exits(void)
{
    pthread_t t;
    pthread_create(&t, NULL, spinner, NULL);
    pthread_create(&t, NULL, spinner, NULL);
    pthread_create(&t, NULL, reader, NULL);
    pthread_create(&t, NULL, waiter, NULL);
    pthread_create(&t, NULL, sleeper, NULL);
    wait_started(5);
    exit(3);
}

static void *exiting_worker(void *arg)
{
    (void)arg;
    usleep(20000);
    exit(4);
}

static void case_worker_exits(void)
{
    pthread_t t, s;
    pthread_create(&s, NULL, spinner, NULL);
    pthread_create(&t, NULL, exiting_worker, NULL);
    pthread_join(t, NULL);
    _exit(99);  /* not reached */
}

static void *last_worker(void *arg)
{
    (void)arg;
    usleep(50000);
    printf("last worker done\n");
    fflush(stdout);
    return NULL;
}

static void case_main_pthread_exit(void)
{
    pthread_t t;
    pthread_create(&t, NULL, last_worker, NULL);
    pthread_exit(NULL);
}

static void *underscore_exit(void *arg)
{
    (void)arg;
    wait_started(1);
    _exit(6);
}

static void case_worker_underscore_exit(void)
{
    pthread_t t;
    pthread_create(&t, NULL, reader, NULL);
    pthread_create(&t, NULL, underscore_exit, NULL);
    for (;;)
        pause();
}

int main(void)
{
    void (*cases[])(void) = { case_main_exits, case_worker_exits, case_main_pthread_exit,
                              case_worker_underscore_exit };
    const char *names[] = { "main exit(3) with busy threads", "worker exit(4) during join",
                            "main pthread_exit, last worker returns",
                            "worker _exit(6), another in read" };
    if (pipe(pipefd))
        return 2;
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fflush(stdout);
        pid_t p = fork();
        if (p == 0) {
            alarm(20);
            cases[i]();
            _exit(98);
        }
        int st;
        waitpid(p, &st, 0);
        if (WIFEXITED(st))
            printf("%s: exit status %d\n", names[i], WEXITSTATUS(st));
        else
            printf("%s: killed by signal %d\n", names[i], WTERMSIG(st));
    }
    return 0;
}
