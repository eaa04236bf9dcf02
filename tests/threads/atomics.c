/*
 * tests/threads (check-threads): 8 threads x 1,000,000 increments of one
 * shared counter by each of four atomic idioms, with exact totals:
 * LDXR/STXR loops, LDADD, CAS loops and a SWP-based spinlock guarding a
 * plain increment.  On arm64 (under xemu) each idiom is the instruction
 * itself (inline asm); on amd64 (the native oracle) the same idiom in
 * GCC builtins.  Also a 128-bit LDXP/STXP counter and CASP, where pair
 * atomicity matters (both halves must move together).
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define THREADS 8
#define ITERS 1000000

static uint64_t counter;
static uint32_t lock_word;
static uint64_t pair[2] __attribute__((aligned(16)));

#ifdef __aarch64__
static void inc_exclusive(uint64_t *p)
{
    uint64_t v;
    uint32_t fail;
    __asm__ volatile("1: ldxr %0, [%2]\n"
                     "   add %0, %0, #1\n"
                     "   stxr %w1, %0, [%2]\n"
                     "   cbnz %w1, 1b\n"
                     : "=&r"(v), "=&r"(fail) : "r"(p) : "memory");
}

static void inc_ldadd(uint64_t *p)
{
    uint64_t one = 1, old;
    __asm__ volatile(".arch_extension lse\n ldadd %1, %0, [%2]"
                     : "=r"(old) : "r"(one), "r"(p) : "memory");
}

static void inc_cas(uint64_t *p)
{
    uint64_t seen = __atomic_load_n(p, __ATOMIC_RELAXED);
    for (;;) {
        uint64_t expect = seen;
        __asm__ volatile(".arch_extension lse\n casal %0, %2, [%1]"
                         : "+r"(seen) : "r"(p), "r"(expect + 1) : "memory");
        if (seen == expect)
            return;
    }
}

static void spin_lock(uint32_t *l)
{
    uint32_t one = 1, old;
    for (;;) {
        __asm__ volatile(".arch_extension lse\n swpa %w1, %w0, [%2]"
                         : "=r"(old) : "r"(one), "r"(l) : "memory");
        if (!old)
            return;
        while (__atomic_load_n(l, __ATOMIC_RELAXED))
            ;
    }
}

static void spin_unlock(uint32_t *l)
{
    __asm__ volatile("stlr wzr, [%0]" : : "r"(l) : "memory");
}

/* both halves +1 in one exclusive pair */
static void inc_pair_exclusive(uint64_t *p)
{
    uint64_t lo, hi;
    uint32_t fail;
    __asm__ volatile("1: ldaxp %0, %1, [%3]\n"
                     "   add %0, %0, #1\n"
                     "   add %1, %1, #1\n"
                     "   stlxp %w2, %0, %1, [%3]\n"
                     "   cbnz %w2, 1b\n"
                     : "=&r"(lo), "=&r"(hi), "=&r"(fail) : "r"(p) : "memory");
}

static void inc_pair_casp(uint64_t *p)
{
    register uint64_t x0 __asm__("x0"), x1 __asm__("x1");
    register uint64_t x2 __asm__("x2"), x3 __asm__("x3");
    uint64_t lo = p[0], hi = p[1];
    for (;;) {
        x0 = lo;
        x1 = hi;
        x2 = lo + 1;
        x3 = hi + 1;
        __asm__ volatile(".arch_extension lse\n caspal x0, x1, x2, x3, [%2]"
                         : "+r"(x0), "+r"(x1) : "r"(p), "r"(x2), "r"(x3) : "memory");
        if (x0 == lo && x1 == hi)
            return;
        lo = x0;
        hi = x1;
    }
}
#else
static void inc_exclusive(uint64_t *p)
{
    uint64_t v = __atomic_load_n(p, __ATOMIC_RELAXED);
    while (!__atomic_compare_exchange_n(p, &v, v + 1, true, __ATOMIC_RELAXED,
                                        __ATOMIC_RELAXED))
        ;
}

static void inc_ldadd(uint64_t *p)
{
    __atomic_fetch_add(p, 1, __ATOMIC_RELAXED);
}

static void inc_cas(uint64_t *p)
{
    uint64_t v = __atomic_load_n(p, __ATOMIC_RELAXED);
    while (!__atomic_compare_exchange_n(p, &v, v + 1, false, __ATOMIC_SEQ_CST,
                                        __ATOMIC_SEQ_CST))
        ;
}

static void spin_lock(uint32_t *l)
{
    while (__atomic_exchange_n(l, 1, __ATOMIC_ACQUIRE))
        while (__atomic_load_n(l, __ATOMIC_RELAXED))
            ;
}

static void spin_unlock(uint32_t *l)
{
    __atomic_store_n(l, 0, __ATOMIC_RELEASE);
}

static void inc_pair_exclusive(uint64_t *p)
{
    unsigned __int128 *q = (unsigned __int128 *)p;
    unsigned __int128 v = __atomic_load_n(q, __ATOMIC_SEQ_CST), n;
    do {
        uint64_t lo = (uint64_t)v + 1, hi = (uint64_t)(v >> 64) + 1;
        n = ((unsigned __int128)hi << 64) | lo;
    } while (!__atomic_compare_exchange_n(q, &v, n, false, __ATOMIC_SEQ_CST,
                                          __ATOMIC_SEQ_CST));
}

static void inc_pair_casp(uint64_t *p)
{
    inc_pair_exclusive(p);
}
#endif

static void inc_locked(uint64_t *p)
{
    spin_lock(&lock_word);
    uint64_t v = *(volatile uint64_t *)p;
    *(volatile uint64_t *)p = v + 1;
    spin_unlock(&lock_word);
}

struct method {
    const char *name;
    void (*inc)(uint64_t *);
    int iters;
};

static const struct method methods[] = {
    { "ldxr/stxr", inc_exclusive, ITERS },
    { "ldadd", inc_ldadd, ITERS },
    { "cas loop", inc_cas, ITERS },
    { "swp spinlock", inc_locked, ITERS },
    { "ldaxp/stlxp pair", inc_pair_exclusive, ITERS / 4 },
    { "casp pair", inc_pair_casp, ITERS / 4 },
};
static const struct method *current;

static void *worker(void *arg)
{
    uint64_t *target = arg;
    for (int i = 0; i < current->iters; i++)
        current->inc(target);
    return NULL;
}

int main(void)
{
    int bad = 0;
    for (unsigned m = 0; m < sizeof methods / sizeof methods[0]; m++) {
        current = &methods[m];
        int is_pair = current->inc == inc_pair_exclusive || current->inc == inc_pair_casp;
        counter = 0;
        pair[0] = 0;
        pair[1] = 1u << 31;
        pthread_t t[THREADS];
        for (int i = 0; i < THREADS; i++)
            pthread_create(&t[i], NULL, worker, is_pair ? (void *)pair : (void *)&counter);
        for (int i = 0; i < THREADS; i++)
            pthread_join(t[i], NULL);
        uint64_t want = (uint64_t)THREADS * (uint64_t)current->iters;
        if (is_pair) {
            int ok = pair[0] == want && pair[1] == want + (1u << 31);
            printf("%-18s %llu %llu %s\n", current->name, (unsigned long long)pair[0],
                   (unsigned long long)(pair[1] - (1u << 31)), ok ? "exact" : "WRONG");
            bad |= !ok;
        } else {
            printf("%-18s %llu %s\n", current->name, (unsigned long long)counter,
                   counter == want ? "exact" : "WRONG");
            bad |= counter != want;
        }
    }
    return bad;
}
