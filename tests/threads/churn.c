/*
 * tests/threads (check-threads): thread creation/exit churn.  Thousands
 * of short threads, joined in waves of 8 (return values checked), then
 * detached ones counted by an atomic, then threads that end by
 * pthread_exit from a nested call, then thread-local storage: each
 * thread sees its own fresh copy.  Prints totals only.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#define WAVES 300
#define PER_WAVE 8
#define DETACHED 1000

static __thread int tls_value = 7;
static unsigned finished;
static unsigned tls_bad;

static void *short_job(void *arg)
{
    if (tls_value != 7)
        __atomic_fetch_add(&tls_bad, 1, __ATOMIC_RELAXED);
    tls_value = (int)(intptr_t)arg;
    return (void *)((intptr_t)arg * 3);
}

static void *detached_job(void *arg)
{
    (void)arg;
    __atomic_fetch_add(&finished, 1, __ATOMIC_RELEASE);
    return NULL;
}

static void nested_exit(intptr_t v)
{
    pthread_exit((void *)(v + 1));
}

static void *exiting_job(void *arg)
{
    nested_exit((intptr_t)arg);
    return NULL;
}

int main(void)
{
    unsigned joined = 0, wrong = 0;
    for (int w = 0; w < WAVES; w++) {
        pthread_t t[PER_WAVE];
        for (int i = 0; i < PER_WAVE; i++)
            if (pthread_create(&t[i], NULL, short_job, (void *)(intptr_t)(w * PER_WAVE + i)))
                return 2;
        for (int i = 0; i < PER_WAVE; i++) {
            void *ret;
            pthread_join(t[i], &ret);
            joined++;
            wrong += (intptr_t)ret != (intptr_t)(w * PER_WAVE + i) * 3;
        }
    }
    printf("joined %u threads, wrong return values %u, fresh tls failures %u\n", joined, wrong,
           tls_bad);

    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    for (int i = 0; i < DETACHED; i++) {
        pthread_t t;
        while (pthread_create(&t, &attr, detached_job, NULL))
            usleep(1000);   /* EAGAIN: too many alive at once */
    }
    while (__atomic_load_n(&finished, __ATOMIC_ACQUIRE) < DETACHED)
        usleep(1000);
    printf("detached threads finished: %u\n", finished);

    unsigned ok = 0;
    for (int i = 0; i < 200; i++) {
        pthread_t t;
        void *ret;
        pthread_create(&t, NULL, exiting_job, (void *)(intptr_t)i);
        pthread_join(t, &ret);
        ok += (intptr_t)ret == i + 1;
    }
    printf("pthread_exit from a nested call: %u of 200 right\n", ok);
    return 0;
}
