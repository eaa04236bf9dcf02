/*
 * tests/threads (check-threads): memory-ordering litmus tests, each run
 * ITERS times with two threads meeting at a barrier before every round,
 * counting forbidden outcomes (must be 0 under the Arm and the C11
 * memory model alike).  Written with C11 atomics so the same source
 * compiles to the instructions under test on arm64 (STLR/LDAR for
 * seq_cst and release/acquire accesses, DMB ISH / DMB ISHLD / DMB ISHST
 * for fences, plain LDR/STR for relaxed) and to the x86 equivalents for
 * the native run.  Prints only the forbidden counts (allowed-outcome
 * counts vary from run to run).
 *   mp+rel/acq   W data; STLR flag || LDAR flag; R data: flag=1,data=0 forbidden
 *   mp+dmbs      W data; DMB ST; W flag || R flag; DMB LD; R data
 *   sb+dmb       W x; DMB; R y || W y; DMB; R x: both 0 forbidden (needs mfence)
 *   sb+stlr/ldar STLR x; LDAR y || STLR y; LDAR x: both 0 forbidden (RCsc)
 *   lb+deps      R x; W y || R y; W x (with release/acquire): both 1 forbidden
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define ITERS 50000

struct round {
    int x, y;
} __attribute__((aligned(64)));

static struct round *rounds;
static int r0[ITERS], r1[ITERS];
static int which;
static unsigned go;     /* barrier: both threads add 1 per round */

static void barrier(unsigned target)
{
    __atomic_fetch_add(&go, 1, __ATOMIC_SEQ_CST);
    while (__atomic_load_n(&go, __ATOMIC_ACQUIRE) < target)
        ;
}

static void side(int me, int i)
{
    struct round *r = &rounds[i];
    int *mine = me ? &r->y : &r->x, *other = me ? &r->x : &r->y;
    switch (which) {
    case 0: /* mp+rel/acq: thread 0 writes, thread 1 reads */
        if (me == 0) {
            __atomic_store_n(&r->x, 1, __ATOMIC_RELAXED);              /* data */
            __atomic_store_n(&r->y, 1, __ATOMIC_RELEASE);              /* flag */
        } else {
            r1[i] = __atomic_load_n(&r->y, __ATOMIC_ACQUIRE);
            r0[i] = __atomic_load_n(&r->x, __ATOMIC_RELAXED);
        }
        break;
    case 1: /* mp+dmbs */
        if (me == 0) {
            __atomic_store_n(&r->x, 1, __ATOMIC_RELAXED);
            __atomic_thread_fence(__ATOMIC_RELEASE);
            __atomic_store_n(&r->y, 1, __ATOMIC_RELAXED);
        } else {
            r1[i] = __atomic_load_n(&r->y, __ATOMIC_RELAXED);
            __atomic_thread_fence(__ATOMIC_ACQUIRE);
            r0[i] = __atomic_load_n(&r->x, __ATOMIC_RELAXED);
        }
        break;
    case 2: /* sb+dmb */
        __atomic_store_n(mine, 1, __ATOMIC_RELAXED);
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        (me ? r1 : r0)[i] = __atomic_load_n(other, __ATOMIC_RELAXED);
        break;
    case 3: /* sb+stlr/ldar */
        __atomic_store_n(mine, 1, __ATOMIC_SEQ_CST);
        (me ? r1 : r0)[i] = __atomic_load_n(other, __ATOMIC_SEQ_CST);
        break;
    case 4: /* lb: read the other's, then publish mine */
        (me ? r1 : r0)[i] = __atomic_load_n(other, __ATOMIC_ACQUIRE);
        __atomic_store_n(mine, 1, __ATOMIC_RELEASE);
        break;
    }
}

static void *run(void *arg)
{
    int me = (int)(intptr_t)arg;
    for (int i = 0; i < ITERS; i++) {
        barrier(2u * (unsigned)(i + 1) + 2u * ITERS * (unsigned)which);
        side(me, i);
    }
    return NULL;
}

static const char *const names[] = { "mp+rel/acq", "mp+dmbs", "sb+dmb", "sb+stlr/ldar",
                                     "lb+rel/acq" };

static int forbidden(int i)
{
    switch (which) {
    case 0: case 1: return r1[i] == 1 && r0[i] == 0;
    case 2: case 3: return r0[i] == 0 && r1[i] == 0;
    default: return r0[i] == 1 && r1[i] == 1;
    }
}

int main(void)
{
    rounds = aligned_alloc(64, sizeof(*rounds) * ITERS);
    if (!rounds)
        return 2;
    int bad = 0;
    for (which = 0; which < 5; which++) {
        for (int i = 0; i < ITERS; i++)
            rounds[i].x = rounds[i].y = 0;
        pthread_t t[2];
        for (int k = 0; k < 2; k++)
            pthread_create(&t[k], NULL, run, (void *)(intptr_t)k);
        for (int k = 0; k < 2; k++)
            pthread_join(t[k], NULL);
        int n = 0;
        for (int i = 0; i < ITERS; i++)
            n += forbidden(i);
        printf("%-13s forbidden outcomes: %d of %d\n", names[which], n, ITERS);
        bad |= n != 0;
    }
    return bad;
}
