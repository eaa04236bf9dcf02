/*
 * tests/threads (check-threads): futex operations from guest threads,
 * called directly: WAIT/WAKE, WAIT_BITSET/WAKE_BITSET, CMP_REQUEUE,
 * WAKE_OP, WAIT with a timeout, futex_waitv, and a PI mutex
 * (PTHREAD_PRIO_INHERIT: FUTEX_LOCK_PI/UNLOCK_PI) under contention with an
 * exact total.  Prints what each call returned (deterministic: wakes
 * happen only once the waiters are known to sleep in the kernel).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef SYS_futex_waitv
#define SYS_futex_waitv 449
#endif
#ifndef FUTEX2_SIZE_U32     /* the uapi headers of Debian 12 predate them */
#define FUTEX2_SIZE_U32 0x02
#define FUTEX2_PRIVATE 128
#endif

static long fx(uint32_t *uaddr, int op, uint32_t val, const void *ts_or_val2, uint32_t *uaddr2,
               uint32_t val3)
{
    return syscall(SYS_futex, uaddr, op, val, ts_or_val2, uaddr2, val3);
}

static uint32_t f1, f2, gate;    /* gate: waiters that started */
static int woke;

static void *wait_f1(void *arg)
{
    (void)arg;
    __atomic_fetch_add(&gate, 1, __ATOMIC_SEQ_CST);
    while (__atomic_load_n(&f1, __ATOMIC_SEQ_CST) == 0) {
        long r = fx(&f1, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
        if (r == 0 || errno == EAGAIN || errno == EINTR)
            break;
    }
    __atomic_fetch_add(&woke, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

static void *wait_bitset(void *arg)
{
    uint32_t bits = (uint32_t)(uintptr_t)arg;
    __atomic_fetch_add(&gate, 1, __ATOMIC_SEQ_CST);
    fx(&f2, FUTEX_WAIT_BITSET_PRIVATE, 0, NULL, NULL, bits);
    __atomic_fetch_add(&woke, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

/* How many threads sleep on uaddr: requeue them onto the same word
 * (a no-op that counts them). */
static long sleepers(uint32_t *uaddr)
{
    return fx(uaddr, FUTEX_CMP_REQUEUE_PRIVATE, 0, (void *)(uintptr_t)0x7fffffff, uaddr,
              __atomic_load_n(uaddr, __ATOMIC_SEQ_CST));
}

static void wait_sleepers(uint32_t *uaddr, long n)
{
    while (sleepers(uaddr) < n)
        usleep(1000);
}

static pthread_mutex_t pi;
static long pi_total;

static void *pi_worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 20000; i++) {
        pthread_mutex_lock(&pi);
        pi_total++;
        pthread_mutex_unlock(&pi);
    }
    return NULL;
}

static uint32_t wv[2];

static void *waitv_waker(void *arg)
{
    (void)arg;
    usleep(50000);
    __atomic_store_n(&wv[1], 1, __ATOMIC_SEQ_CST);
    fx(&wv[1], FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    return NULL;
}

struct waitv {
    uint64_t val, uaddr;
    uint32_t flags, reserved;
};

int main(void)
{
    pthread_t t[4];

    /* WAIT/WAKE: 4 waiters, wake 2, then the rest */
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, wait_f1, NULL);
    wait_sleepers(&f1, 4);
    long n = fx(&f1, FUTEX_WAKE_PRIVATE, 2, NULL, NULL, 0);
    printf("wake 2 of 4: woke %ld\n", n);
    __atomic_store_n(&f1, 1, __ATOMIC_SEQ_CST);
    fx(&f1, FUTEX_WAKE_PRIVATE, 10, NULL, NULL, 0);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);

    /* CMP_REQUEUE: 4 on f1, wake 1 and move 3 to f2; then wake f2 */
    f1 = 0;
    woke = 0;
    gate = 0;
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, wait_f1, NULL);
    wait_sleepers(&f1, 4);
    long bad = fx(&f1, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)(uintptr_t)3, &f2, 7);
    int bad_errno = errno;
    n = fx(&f1, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)(uintptr_t)3, &f2, 0);
    printf("cmp_requeue with a stale value: %s; then woken+requeued %ld\n",
           bad < 0 && bad_errno == EAGAIN ? "EAGAIN" : "no error", n);
    /* the woken one leaves; the three requeued ones sleep on f2 now */
    wait_sleepers(&f2, 3);
    __atomic_store_n(&f1, 1, __ATOMIC_SEQ_CST);
    n = fx(&f2, FUTEX_WAKE_PRIVATE, 10, NULL, NULL, 0);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    printf("wake on the requeue target: %ld\n", n);

    /* WAIT_BITSET / WAKE_BITSET: only matching bits wake */
    f2 = 0;
    woke = 0;
    gate = 0;
    pthread_create(&t[0], NULL, wait_bitset, (void *)(uintptr_t)1);
    pthread_create(&t[1], NULL, wait_bitset, (void *)(uintptr_t)2);
    wait_sleepers(&f2, 2);
    n = fx(&f2, FUTEX_WAKE_BITSET_PRIVATE, 10, NULL, NULL, 2);
    printf("wake_bitset 2: woke %ld\n", n);
    n = fx(&f2, FUTEX_WAKE_BITSET_PRIVATE, 10, NULL, NULL, 1);
    pthread_join(t[0], NULL);
    pthread_join(t[1], NULL);
    printf("wake_bitset 1: woke %ld\n", n);

    /* WAKE_OP: f2 += 1 (old value compared == 0 wakes on f2 too) */
    f1 = 0;
    f2 = 0;
    woke = 0;
    gate = 0;
    pthread_create(&t[0], NULL, wait_f1, NULL);
    pthread_create(&t[1], NULL, wait_bitset, (void *)(uintptr_t)FUTEX_BITSET_MATCH_ANY);
    wait_sleepers(&f1, 1);
    wait_sleepers(&f2, 1);
    __atomic_store_n(&f1, 1, __ATOMIC_SEQ_CST);
    n = fx(&f1, FUTEX_WAKE_OP_PRIVATE, 1, (void *)(uintptr_t)1, &f2,
           FUTEX_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_EQ, 0));
    pthread_join(t[0], NULL);
    pthread_join(t[1], NULL);
    printf("wake_op: woke %ld, f2 now %u\n", n, f2);

    /* WAIT with a timeout: ETIMEDOUT; with a wrong value: EAGAIN */
    struct timespec ts = { 0, 20 * 1000 * 1000 };
    f1 = 5;
    long r = fx(&f1, FUTEX_WAIT_PRIVATE, 5, &ts, NULL, 0);
    int e1 = errno;
    r = r < 0 ? r : 0;
    long r2 = fx(&f1, FUTEX_WAIT_PRIVATE, 6, &ts, NULL, 0);
    int e2 = errno;
    printf("wait timeout: %s, wrong value: %s\n", r < 0 && e1 == ETIMEDOUT ? "ETIMEDOUT" : "?",
           r2 < 0 && e2 == EAGAIN ? "EAGAIN" : "?");

    /* futex_waitv on two words; the second is woken */
    struct waitv w[2] = {
        { 0, (uint64_t)(uintptr_t)&wv[0], FUTEX2_SIZE_U32 | FUTEX2_PRIVATE, 0 },
        { 0, (uint64_t)(uintptr_t)&wv[1], FUTEX2_SIZE_U32 | FUTEX2_PRIVATE, 0 },
    };
    pthread_create(&t[0], NULL, waitv_waker, NULL);
    r = syscall(SYS_futex_waitv, w, 2, 0, NULL, 0);
    pthread_join(t[0], NULL);
    printf("futex_waitv: returned index %ld\n", r);

    /* PI mutex under contention */
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT);
    pthread_mutex_init(&pi, &a);
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, pi_worker, NULL);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    printf("PI mutex total %ld\n", pi_total);
    return 0;
}
