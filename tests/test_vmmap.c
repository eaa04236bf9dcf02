/*
 * Unit tests for the guest address-space map (loader/vmmap.c): adding
 * over existing areas, splitting by remove and protect, merging of
 * compatible neighbours, lookup, iteration, and the host-busy check
 * against real host mappings.  Criterion runs each test in its own
 * process, so the global map starts empty in every test.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "loader/vmmap.h"

#define PG 0x1000ull
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)
#define RW (PROT_READ | PROT_WRITE)
#define RX (PROT_READ | PROT_EXEC)

struct snap { size_t n; struct vm_area a[64]; };

static int collect(const struct vm_area *a, void *arg)
{
    struct snap *s = arg;
    if (s->n < 64)
        s->a[s->n] = *a;
    s->n++;
    return 0;
}

static struct snap snapshot(void)
{
    struct snap s = { 0 };
    vmmap_foreach(collect, &s);
    return s;
}

static void expect_area(const struct vm_area *a, uint64_t start, uint64_t end, int prot,
                        const char *name)
{
    cr_expect_eq(a->start, start, "start %#lx != %#lx", (unsigned long)a->start, (unsigned long)start);
    cr_expect_eq(a->end, end, "end %#lx != %#lx", (unsigned long)a->end, (unsigned long)end);
    cr_expect_eq(a->prot, prot, "prot %d != %d at %#lx", a->prot, prot, (unsigned long)start);
    cr_expect_str_eq(a->name, name);
}

Test(vmmap, empty_map_finds_nothing)
{
    cr_expect_null(vmmap_find(0x400000));
    cr_expect_eq(snapshot().n, 0);
}

Test(vmmap, find_respects_half_open_bounds)
{
    vmmap_add(0x10000, 0x20000, RW, ANON, 0, 0, 0, "a");
    cr_expect_null(vmmap_find(0xffff));
    cr_assert_not_null(vmmap_find(0x10000));
    cr_expect_str_eq(vmmap_find(0x1ffff)->name, "a");
    cr_expect_null(vmmap_find(0x20000));
}

Test(vmmap, areas_are_kept_in_address_order)
{
    vmmap_add(0x50000, 0x60000, RW, ANON, 0, 0, 0, "c");
    vmmap_add(0x10000, 0x20000, RW, ANON, 0, 0, 0, "a");
    vmmap_add(0x30000, 0x40000, RW, ANON, 0, 0, 0, "b");
    struct snap s = snapshot();
    cr_assert_eq(s.n, 3);
    expect_area(&s.a[0], 0x10000, 0x20000, RW, "a");
    expect_area(&s.a[1], 0x30000, 0x40000, RW, "b");
    expect_area(&s.a[2], 0x50000, 0x60000, RW, "c");
}

Test(vmmap, add_inside_an_area_splits_it_in_three)
{
    vmmap_add(0x10000, 0x20000, RW, MAP_PRIVATE, 0x3000, 8, 9, "/bin/f");
    vmmap_add(0x14000, 0x15000, PROT_READ, ANON, 0, 0, 0, "");
    struct snap s = snapshot();
    cr_assert_eq(s.n, 3);
    expect_area(&s.a[0], 0x10000, 0x14000, RW, "/bin/f");
    expect_area(&s.a[1], 0x14000, 0x15000, PROT_READ, "");
    expect_area(&s.a[2], 0x15000, 0x20000, RW, "/bin/f");
    /* the tail of a file area keeps mapping the right file bytes */
    cr_expect_eq(s.a[0].offset, 0x3000);
    cr_expect_eq(s.a[2].offset, 0x3000 + 0x5000);
    cr_expect_eq(s.a[2].dev, 8);
    cr_expect_eq(s.a[2].ino, 9);
}

Test(vmmap, add_over_several_areas_replaces_them)
{
    vmmap_add(0x10000, 0x20000, RW, ANON, 0, 0, 0, "a");
    vmmap_add(0x20000, 0x30000, RX, ANON, 0, 0, 0, "b");
    vmmap_add(0x30000, 0x40000, RW, ANON, 0, 0, 0, "c");
    vmmap_add(0x18000, 0x38000, PROT_NONE, ANON, 0, 0, 0, "x");
    struct snap s = snapshot();
    cr_assert_eq(s.n, 3);
    expect_area(&s.a[0], 0x10000, 0x18000, RW, "a");
    expect_area(&s.a[1], 0x18000, 0x38000, PROT_NONE, "x");
    expect_area(&s.a[2], 0x38000, 0x40000, RW, "c");
}

Test(vmmap, adjacent_compatible_anonymous_areas_merge)
{
    vmmap_add(0x10000, 0x20000, RW, ANON, 0, 0, 0, "");
    vmmap_add(0x30000, 0x40000, RW, ANON, 0, 0, 0, "");
    vmmap_add(0x20000, 0x30000, RW, ANON, 0, 0, 0, "");
    struct snap s = snapshot();
    cr_assert_eq(s.n, 1);
    expect_area(&s.a[0], 0x10000, 0x40000, RW, "");
}

Test(vmmap, neighbours_with_different_prot_or_name_stay_apart)
{
    vmmap_add(0x10000, 0x20000, RW, ANON, 0, 0, 0, "");
    vmmap_add(0x20000, 0x30000, RX, ANON, 0, 0, 0, "");
    vmmap_add(0x30000, 0x40000, RX, ANON, 0, 0, 0, "[heap]");
    cr_expect_eq(snapshot().n, 3);
}

Test(vmmap, file_areas_merge_only_with_contiguous_offsets)
{
    vmmap_add(0x10000, 0x11000, PROT_READ, MAP_PRIVATE, 0x0, 1, 2, "/f");
    vmmap_add(0x11000, 0x12000, PROT_READ, MAP_PRIVATE, 0x1000, 1, 2, "/f");
    vmmap_add(0x12000, 0x13000, PROT_READ, MAP_PRIVATE, 0x5000, 1, 2, "/f");
    struct snap s = snapshot();
    cr_assert_eq(s.n, 2);
    expect_area(&s.a[0], 0x10000, 0x12000, PROT_READ, "/f");
    cr_expect_eq(s.a[1].offset, 0x5000);
}

Test(vmmap, remove_punches_a_hole)
{
    vmmap_add(0x10000, 0x20000, RW, ANON, 0, 0, 0, "a");
    vmmap_remove(0x12000, 0x13000);
    struct snap s = snapshot();
    cr_assert_eq(s.n, 2);
    expect_area(&s.a[0], 0x10000, 0x12000, RW, "a");
    expect_area(&s.a[1], 0x13000, 0x20000, RW, "a");
    cr_expect_null(vmmap_find(0x12800));
}

Test(vmmap, remove_across_gaps_and_areas)
{
    vmmap_add(0x10000, 0x20000, RW, ANON, 0, 0, 0, "a");
    vmmap_add(0x30000, 0x40000, RX, ANON, 0, 0, 0, "b");
    vmmap_add(0x50000, 0x60000, RW, ANON, 0, 0, 0, "c");
    vmmap_remove(0x8000, 0x58000);
    struct snap s = snapshot();
    cr_assert_eq(s.n, 1);
    expect_area(&s.a[0], 0x58000, 0x60000, RW, "c");
    vmmap_remove(0, UINT64_MAX);
    cr_expect_eq(snapshot().n, 0);
}

Test(vmmap, protect_splits_and_remerges)
{
    vmmap_add(0x10000, 0x20000, RW, ANON, 0, 0, 0, "");
    vmmap_protect(0x14000, 0x16000, PROT_READ);
    struct snap s = snapshot();
    cr_assert_eq(s.n, 3);
    expect_area(&s.a[1], 0x14000, 0x16000, PROT_READ, "");
    vmmap_protect(0x14000, 0x16000, RW);
    s = snapshot();
    cr_assert_eq(s.n, 1);
    expect_area(&s.a[0], 0x10000, 0x20000, RW, "");
}

Test(vmmap, protect_leaves_gaps_unmapped)
{
    vmmap_add(0x10000, 0x20000, RW, ANON, 0, 0, 0, "a");
    vmmap_add(0x30000, 0x40000, RW, ANON, 0, 0, 0, "b");
    vmmap_protect(0x0, 0x100000, PROT_READ);
    struct snap s = snapshot();
    cr_assert_eq(s.n, 2);
    expect_area(&s.a[0], 0x10000, 0x20000, PROT_READ, "a");
    expect_area(&s.a[1], 0x30000, 0x40000, PROT_READ, "b");
    cr_expect_null(vmmap_find(0x25000));
}

static int stop_first(const struct vm_area *a, void *arg)
{
    (void)a;
    ++*(int *)arg;
    return 7;
}

static int drop_all(const struct vm_area *a, void *arg)
{
    (void)arg;
    vmmap_remove(a->start, a->end);
    return 0;
}

struct order { uint64_t prev_end; size_t n; bool ok; };

static int check_order(const struct vm_area *a, void *arg)
{
    struct order *o = arg;
    if (a->start < o->prev_end || a->end - a->start != PG)
        o->ok = false;
    o->prev_end = a->end;
    o->n++;
    return 0;
}

Test(vmmap, foreach_stops_when_callback_says_so)
{
    vmmap_add(0x10000, 0x20000, RW, ANON, 0, 0, 0, "a");
    vmmap_add(0x30000, 0x40000, RX, ANON, 0, 0, 0, "b");
    int calls = 0;
    cr_expect_eq(vmmap_foreach(stop_first, &calls), 7);
    cr_expect_eq(calls, 1);
}

Test(vmmap, callback_may_modify_the_map)
{
    vmmap_add(0x10000, 0x20000, RW, ANON, 0, 0, 0, "a");
    vmmap_add(0x30000, 0x40000, RX, ANON, 0, 0, 0, "b");
    vmmap_foreach(drop_all, NULL);
    cr_expect_eq(snapshot().n, 0);
}

Test(vmmap, long_names_are_truncated_not_overflowed)
{
    char name[600];
    memset(name, 'n', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    vmmap_add(0x10000, 0x20000, RW, ANON, 0, 0, 0, name);
    const struct vm_area *a = vmmap_find(0x10000);
    cr_assert_not_null(a);
    cr_expect_eq(strlen(a->name), sizeof a->name - 1);
}

Test(vmmap, many_areas_stay_sorted)
{
    /* every other page, added in a scrambled order */
    for (uint64_t k = 0; k < 2000; k++) {
        uint64_t i = (k * 7919) % 2000;
        vmmap_add(0x1000000 + i * 2 * PG, 0x1000000 + i * 2 * PG + PG, RW, ANON, 0, 0, 0, "");
    }
    struct order o = { 0, 0, true };
    vmmap_foreach(check_order, &o);
    cr_expect(o.ok, "areas out of order or resized");
    cr_expect_eq(o.n, 2000);
    /* filling the holes merges everything into one area */
    for (uint64_t i = 0; i < 2000; i++)
        vmmap_add(0x1000000 + i * 2 * PG + PG, 0x1000000 + i * 2 * PG + 2 * PG, RW, ANON, 0, 0, 0, "");
    cr_expect_eq(snapshot().n, 1);
}

Test(vmmap, host_busy_sees_xemu_mappings_but_not_guest_ones)
{
    size_t len = 64 * PG;
    char *m = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert_neq(m, MAP_FAILED);
    uint64_t lo = (uint64_t)m, hi = lo + len;
    /* unregistered host mapping: belongs to "xemu" */
    cr_expect(vmmap_host_busy(lo, hi));
    cr_expect(vmmap_host_busy(lo + PG, lo + 2 * PG));    /* small: mincore path */
    /* once the guest owns it all, it is not busy */
    vmmap_add(lo, hi, PROT_NONE, ANON, 0, 0, 0, "");
    cr_expect_not(vmmap_host_busy(lo, hi));
    /* guest owns only part: the rest is busy, large and small ranges */
    vmmap_remove(lo + 40 * PG, lo + 41 * PG);
    cr_expect(vmmap_host_busy(lo, hi));
    cr_expect(vmmap_host_busy(lo + 39 * PG, lo + 42 * PG));
    cr_expect_not(vmmap_host_busy(lo + 41 * PG, hi));
    /* a range nobody maps is not busy, large and small */
    munmap(m, len);
    vmmap_remove(lo, hi);
    cr_expect_not(vmmap_host_busy(lo, hi));
    cr_expect_not(vmmap_host_busy(lo, lo + 2 * PG));
}

Test(vmmap, host_busy_with_guest_areas_interleaved)
{
    size_t len = 256 * PG;
    char *m = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert_neq(m, MAP_FAILED);
    uint64_t lo = (uint64_t)m;
    /* the guest owns every other page: 128 host-only holes */
    for (int i = 0; i < 256; i += 2)
        vmmap_add(lo + i * PG, lo + (i + 1) * PG, PROT_READ, ANON, 0, 0, 0, "");
    cr_expect(vmmap_host_busy(lo, lo + len));
    munmap(m + 255 * PG, PG);
    cr_expect_not(vmmap_host_busy(lo + 254 * PG, lo + 256 * PG));
    munmap(m, len);
    cr_expect_not(vmmap_host_busy(lo, lo + len));
}

/* Threads changing disjoint regions while others read: the map stays
 * consistent (sorted, no lost areas). */
struct worker { uint64_t base; int id; };

static void *churn(void *arg)
{
    const struct worker *w = arg;
    for (int round = 0; round < 300; round++) {
        for (uint64_t i = 0; i < 8; i++)
            vmmap_add(w->base + i * 2 * PG, w->base + i * 2 * PG + PG, RW, ANON, 0, 0, 0, "t");
        vmmap_protect(w->base, w->base + 16 * PG, PROT_READ);
        const struct vm_area *a = vmmap_find(w->base);
        if (!a || a->prot != PROT_READ)
            return (void *)1;
        vmmap_host_busy(w->base, w->base + PG);
        vmmap_remove(w->base + 4 * PG, w->base + 16 * PG);
        if (vmmap_find(w->base + 6 * PG))
            return (void *)1;
    }
    return NULL;
}

Test(vmmap, concurrent_updates_stay_consistent)
{
    pthread_t t[4];
    struct worker w[4];
    for (int i = 0; i < 4; i++) {
        w[i] = (struct worker){ 0x100000000ull + (uint64_t)i * 0x1000000, i };
        pthread_create(&t[i], NULL, churn, &w[i]);
    }
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(t[i], &r);
        cr_expect_null(r, "worker %d saw an inconsistent map", i);
    }
    struct order o = { 0, 0, true };
    vmmap_foreach(check_order, &o);
    cr_expect(o.ok);
    cr_expect_eq(o.n, 4 * 2, "each worker keeps two 1-page areas");
}
