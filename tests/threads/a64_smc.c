/*
 * tests/threads (check-threads), arm64 only: cross-modifying code.  A
 * writer thread rewrites a function (`mov w0, #k; ret`) in an RWX page
 * N times, each time with the sequence Arm requires (DC CVAU, DSB ISH,
 * IC IVAU, DSB ISH: __builtin___clear_cache) before publishing k with a
 * release store; reader threads keep calling the function and, once they
 * have seen k published (acquire load, then ISB), must get k or newer
 * from it.  A second part rewrites code in the caller's own thread
 * (the common JIT case) and calls it at once.  Prints counts of stale
 * results (0) and the final values.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#define READERS 3
#define VERSIONS 2000

static uint32_t *code;
static unsigned version;        /* last version fully written */
static unsigned done;
static unsigned long stale[READERS], calls[READERS];

static uint32_t mov_w0(unsigned k)
{
    return 0x52800000u | ((k & 0xffffu) << 5);     /* movz w0, #k */
}

static void write_version(unsigned k)
{
    __atomic_store_n(&code[0], mov_w0(k), __ATOMIC_RELAXED);
    __builtin___clear_cache((char *)code, (char *)(code + 2));
}

static void *reader(void *arg)
{
    int me = (int)(intptr_t)arg;
    unsigned (*fn)(void) = (unsigned (*)(void))(uintptr_t)code;
    while (!__atomic_load_n(&done, __ATOMIC_ACQUIRE)) {
        unsigned seen = __atomic_load_n(&version, __ATOMIC_ACQUIRE);
        __asm__ volatile("isb" ::: "memory");
        unsigned got = fn();
        calls[me]++;
        if (got < seen)
            stale[me]++;
    }
    return NULL;
}

static void *writer(void *arg)
{
    (void)arg;
    for (unsigned k = 1; k <= VERSIONS; k++) {
        write_version(k);
        __atomic_store_n(&version, k, __ATOMIC_RELEASE);
        /* let readers run the new code a little */
        for (volatile int spin = 0; spin < 2000; spin++)
            ;
    }
    __atomic_store_n(&done, 1, __ATOMIC_RELEASE);
    return NULL;
}

int main(void)
{
    code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS,
                -1, 0);
    if (code == MAP_FAILED)
        return 2;
    code[0] = mov_w0(0);
    code[1] = 0xd65f03c0u;      /* ret */
    __builtin___clear_cache((char *)code, (char *)(code + 2));

    pthread_t r[READERS], w;
    for (int i = 0; i < READERS; i++)
        pthread_create(&r[i], NULL, reader, (void *)(intptr_t)i);
    pthread_create(&w, NULL, writer, NULL);
    pthread_join(w, NULL);
    unsigned long total_stale = 0, total_calls = 0;
    for (int i = 0; i < READERS; i++) {
        pthread_join(r[i], NULL);
        total_stale += stale[i];
        total_calls += calls[i];
    }
    unsigned (*fn)(void) = (unsigned (*)(void))(uintptr_t)code;
    printf("cross-thread: stale results %lu, final %u, readers ran it: %s\n", total_stale,
           fn(), total_calls > 0 ? "yes" : "no");

    /* same thread: rewrite and call at once, many times */
    unsigned wrong = 0;
    for (unsigned k = 0; k < 5000; k++) {
        write_version(k);
        __asm__ volatile("isb" ::: "memory");
        wrong += fn() != k;
    }
    printf("same-thread: wrong results %u\n", wrong);
    return total_stale || wrong;
}
