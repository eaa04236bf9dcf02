/*
 * The block table and its code-page index, which decides whether an
 * munmap/mprotect/IC IVAU range must flush translations.
 */
#include <criterion/criterion.h>
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
