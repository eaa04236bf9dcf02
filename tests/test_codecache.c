/*
 * The block table and its code-page index, which decides whether an
 * munmap/mprotect/IC IVAU range must flush translations; and lock-free
 * lookups racing with inserts (guest threads look blocks up while one of
 * them inserts a new translation).
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "xlat/codecache.h"

static struct tb *mk(uint64_t pc, uint32_t bytes)
{
    struct tb *t = calloc(1, sizeof(*t));
    t->guest_pc = pc;
    t->guest_bytes = bytes;
    tb_insert(t);
    return t;
}

Test(codecache, find_inserted_blocks)
{
    tb_free_all();
    struct tb *a = mk(0x400000, 16), *b = mk(0x400000 + (1u << 18), 8);
    cr_assert_eq(tb_find(0x400000), a);
    cr_assert_eq(tb_find(0x400000 + (1u << 18)), b);
    cr_assert_null(tb_find(0x400004));
    tb_free_all();
    cr_assert_null(tb_find(0x400000));
}

Test(codecache, overlap_uses_byte_ranges)
{
    tb_free_all();
    mk(0x401ff8, 16); /* crosses into the next page */
    cr_assert(tb_overlaps(0x402000, 0x403000));
    cr_assert(tb_overlaps(0x401000, 0x402000));
    cr_assert(tb_overlaps(0x402004, 0x402008));
    cr_assert_not(tb_overlaps(0x402008, 0x403000));
    cr_assert_not(tb_overlaps(0x400000, 0x401ff8));
    cr_assert_not(tb_overlaps(0x500000, 0x600000));
    cr_assert_not(tb_overlaps(0x401000, 0x401000));
    /* a huge range skips the page index and still finds the block */
    cr_assert(tb_overlaps(0, 1ull << 40));
    tb_free_all();
    cr_assert_not(tb_overlaps(0x401000, 0x403000));
}

Test(codecache, many_pages_grow_the_index)
{
    tb_free_all();
    for (uint64_t p = 0; p < 5000; p++)
        mk(0x10000000 + p * 0x2000, 4);
    for (uint64_t p = 0; p < 5000; p++) {
        cr_assert(tb_overlaps(0x10000000 + p * 0x2000, 0x10000000 + p * 0x2000 + 4));
        cr_assert_not(tb_overlaps(0x10001000 + p * 0x2000, 0x10002000 + p * 0x2000));
    }
    tb_free_all();
}

#define RACE_BLOCKS 20000
static atomic_bool race_done;
static atomic_ulong race_seen, race_bad;

static uint64_t race_pc(unsigned i)
{
    /* spread over buckets and colliding in some (same hash, other pc) */
    return 0x20000000ull + (uint64_t)i * 4 * 7919;
}

static void *race_reader(void *arg)
{
    (void)arg;
    unsigned i = 0;
    while (!atomic_load(&race_done)) {
        uint64_t pc = race_pc(i++ % RACE_BLOCKS);
        struct tb *t = tb_find(pc);
        if (t) {
            /* a published tb is complete: its fields are all set */
            if (t->guest_pc != pc || t->guest_bytes != 4 || t->host_size != 0x55)
                atomic_fetch_add(&race_bad, 1);
            atomic_fetch_add(&race_seen, 1);
        }
        if (i % 64 == 0)
            (void)tb_overlaps(pc, pc + 4);
    }
    return NULL;
}

Test(codecache, lookups_race_with_inserts)
{
    tb_free_all();
    atomic_store(&race_done, false);
    pthread_t r[3];
    for (int k = 0; k < 3; k++)
        pthread_create(&r[k], NULL, race_reader, NULL);
    for (unsigned i = 0; i < RACE_BLOCKS; i++) {
        struct tb *t = calloc(1, sizeof(*t));
        t->guest_pc = race_pc(i);
        t->guest_bytes = 4;
        t->host_size = 0x55;
        tb_insert(t);
    }
    atomic_store(&race_done, true);
    for (int k = 0; k < 3; k++)
        pthread_join(r[k], NULL);
    cr_expect_eq(atomic_load(&race_bad), 0);
    for (unsigned i = 0; i < RACE_BLOCKS; i++)
        cr_assert_not_null(tb_find(race_pc(i)));
    cr_assert(tb_overlaps(race_pc(RACE_BLOCKS - 1), race_pc(RACE_BLOCKS - 1) + 1));
    tb_free_all();
}
