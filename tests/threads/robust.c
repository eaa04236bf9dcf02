/*
 * tests/threads (check-threads): robust futex lists and thread-level
 * syscalls.  A thread locks a robust mutex (and a second one it is about
 * to lock when it dies, list_op_pending) and exits without unlocking:
 * the next locker gets EOWNERDEAD, makes it consistent and goes on.
 * Then gettid/tgkill/set_tid_address/get_robust_list basics: each thread
 * has its own tid, tgkill reaches the named thread only, and the robust
 * list head get_robust_list reports is the one glibc registered.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static pthread_mutex_t m1, m2;

static void *die_holding(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&m1);
    pthread_mutex_lock(&m2);
    return NULL;    /* ends still owning both */
}

static void *lock_after_death(void *arg)
{
    pthread_mutex_t *m = arg;
    int r = pthread_mutex_lock(m);
    if (r == EOWNERDEAD) {
        pthread_mutex_consistent(m);
        printf("thread: EOWNERDEAD, made consistent\n");
    } else {
        printf("thread: lock gave %d\n", r);
    }
    pthread_mutex_unlock(m);
    return NULL;
}

static volatile pid_t hit_tid;

static void on_usr1(int sig)
{
    (void)sig;
    hit_tid = (pid_t)syscall(SYS_gettid);
}

static pid_t worker_tid;
static volatile int worker_go;

static void *tid_worker(void *arg)
{
    (void)arg;
    worker_tid = (pid_t)syscall(SYS_gettid);
    while (!worker_go)
        usleep(1000);
    return NULL;
}

int main(void)
{
    alarm(20);      /* a lost owner-died wake-up hangs: fail fast instead */
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(&m1, &a);
    pthread_mutex_init(&m2, &a);

    pthread_t t;
    pthread_create(&t, NULL, die_holding, NULL);
    pthread_join(t, NULL);
    int r = pthread_mutex_lock(&m1);
    printf("main: lock of a dead owner's mutex: %s\n",
           r == EOWNERDEAD ? "EOWNERDEAD" : strerror(r));
    if (r == EOWNERDEAD)
        pthread_mutex_consistent(&m1);
    pthread_mutex_unlock(&m1);
    r = pthread_mutex_lock(&m1);
    printf("main: next lock: %s\n", r == 0 ? "0" : strerror(r));
    pthread_mutex_unlock(&m1);
    pthread_create(&t, NULL, lock_after_death, &m2);
    pthread_join(t, NULL);

    /* the head glibc registered is what get_robust_list reports */
    struct robust_list_head *head;
    size_t len;
    r = (int)syscall(SYS_get_robust_list, 0, &head, &len);
    printf("get_robust_list: %d, len %zu, head %s\n", r, len, head ? "set" : "NULL");

    /* tids and tgkill */
    signal(SIGUSR1, on_usr1);
    pthread_create(&t, NULL, tid_worker, NULL);
    while (!__atomic_load_n(&worker_tid, __ATOMIC_SEQ_CST))
        usleep(1000);
    pid_t me = (pid_t)syscall(SYS_gettid);
    printf("main tid is pid: %s, worker tid differs: %s\n", me == getpid() ? "yes" : "no",
           worker_tid != me ? "yes" : "no");
    syscall(SYS_tgkill, getpid(), worker_tid, SIGUSR1);
    while (!hit_tid)
        usleep(1000);
    printf("tgkill reached the worker: %s\n", hit_tid == worker_tid ? "yes" : "no");
    worker_go = 1;
    pthread_join(t, NULL);
    /* join returns once the kernel clears the tid word (exit_mm), before
     * the task is unhashed: Linux guarantees ESRCH only shortly after, so
     * poll (up to 2 s) for the thread to be gone */
    for (int i = 0; i < 2000; i++) {
        r = (int)syscall(SYS_tgkill, getpid(), worker_tid, 0);
        if (r < 0 && errno == ESRCH)
            break;
        usleep(1000);
    }
    printf("tgkill to the ended thread: %s\n", r < 0 && errno == ESRCH ? "ESRCH" : "found");
    return 0;
}
