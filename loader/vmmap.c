/*
 * The guest address-space map (loader/vmmap.h): a sorted array of
 * non-overlapping areas, binary-searched, guarded by one mutex.
 * The loader fills it at start-up, the mm syscalls keep it current and
 * procfs prints /proc/self/maps from it.  Adjacent compatible areas are
 * merged as Linux merges VMAs, so the map stays short and reads like the
 * kernel's.  vmmap_find hands out a per-thread copy and vmmap_foreach a
 * snapshot, so callers never hold pointers into the array while another
 * thread changes it.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "loader/hostmaps.h"
#include "loader/vmmap.h"

struct area {
    uint64_t start, end;
    int prot, flags;
    uint64_t offset, dev, ino;
    char *name;                 /* owned, never NULL */
};

/* One lock for the area set, a leaf: nothing else is taken while it is
 * held (vmmap_host_busy queries the host with it released).  fork holds
 * it (loader/brk.c's atfork handlers call vmmap_fork_*). */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct area *areas;
static size_t count, capacity;

static bool is_file_backed(const struct area *a)
{
    return !(a->flags & MAP_ANONYMOUS);
}

/* File areas advance their offset with their start; anonymous ones keep 0
 * (as /proc/self/maps shows them). */
static uint64_t offset_at(const struct area *a, uint64_t addr)
{
    return is_file_backed(a) ? a->offset + (addr - a->start) : a->offset;
}

static bool reserve(size_t extra)
{
    if (count + extra <= capacity)
        return true;
    size_t ncap = capacity ? capacity * 2 : 64;
    while (ncap < count + extra)
        ncap *= 2;
    struct area *n = realloc(areas, ncap * sizeof *n);
    if (!n)
        return false;
    areas = n;
    capacity = ncap;
    return true;
}

/* Index of the first area whose end is above addr (count if none). */
static size_t first_ending_after(uint64_t addr)
{
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (areas[mid].end <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void insert_at(size_t i, const struct area *a)
{
    memmove(&areas[i + 1], &areas[i], (count - i) * sizeof *areas);
    areas[i] = *a;
    count++;
}

static void erase(size_t i, size_t n)
{
    if (!n)
        return;
    for (size_t k = i; k < i + n; k++)
        free(areas[k].name);
    memmove(&areas[i], &areas[i + n], (count - i - n) * sizeof *areas);
    count -= n;
}

/* Make addr an area boundary if it falls strictly inside one. */
static bool split_at(uint64_t addr)
{
    size_t i = first_ending_after(addr);
    if (i == count || areas[i].start >= addr)
        return true;
    if (!reserve(1))
        return false;
    struct area *a = &areas[i];
    struct area tail = *a;
    tail.name = strdup(a->name);
    if (!tail.name)
        return false;
    tail.start = addr;
    tail.offset = offset_at(a, addr);
    a->end = addr;
    insert_at(i + 1, &tail);
    return true;
}

static bool mergeable(const struct area *a, const struct area *b)
{
    return a->end == b->start && a->prot == b->prot && a->flags == b->flags &&
           a->dev == b->dev && a->ino == b->ino && !strcmp(a->name, b->name) &&
           offset_at(a, b->start) == b->offset;
}

/* Merge areas i-1, i, i+1 where they have become compatible neighbours. */
static void merge_around(size_t i)
{
    if (i + 1 < count && mergeable(&areas[i], &areas[i + 1])) {
        areas[i].end = areas[i + 1].end;
        erase(i + 1, 1);
    }
    if (i > 0 && i < count && mergeable(&areas[i - 1], &areas[i])) {
        areas[i - 1].end = areas[i].end;
        erase(i, 1);
    }
}

/* Drop [start,end) from the set; the caller holds the lock. */
static bool remove_locked(uint64_t start, uint64_t end)
{
    if (!split_at(start) || !split_at(end))
        return false;
    size_t i = first_ending_after(start), j = i;
    while (j < count && areas[j].start < end)
        j++;
    erase(i, j - i);
    return true;
}

void vmmap_add(uint64_t start, uint64_t end, int prot, int flags, uint64_t offset,
               uint64_t dev, uint64_t ino, const char *name)
{
    if (start >= end)
        return;
    struct area a = {
        .start = start, .end = end, .prot = prot, .flags = flags,
        .offset = offset, .dev = dev, .ino = ino,
    };
    a.name = strndup(name ? name : "", sizeof ((struct vm_area *)0)->name - 1);
    if (!a.name)
        return;
    pthread_mutex_lock(&lock);
    if (!remove_locked(start, end) || !reserve(1)) {
        pthread_mutex_unlock(&lock);
        free(a.name);
        return;
    }
    size_t i = first_ending_after(start);
    insert_at(i, &a);
    merge_around(i);
    pthread_mutex_unlock(&lock);
}

void vmmap_remove(uint64_t start, uint64_t end)
{
    if (start >= end)
        return;
    pthread_mutex_lock(&lock);
    remove_locked(start, end);
    pthread_mutex_unlock(&lock);
}

void vmmap_protect(uint64_t start, uint64_t end, int prot)
{
    if (start >= end)
        return;
    pthread_mutex_lock(&lock);
    if (split_at(start) && split_at(end)) {
        size_t i = first_ending_after(start), j = i;
        for (; j < count && areas[j].start < end; j++)
            areas[j].prot = prot;
        /* Merge from the right so indices below j stay valid. */
        for (size_t k = j; k-- > i;)
            merge_around(k);
        if (i < count)
            merge_around(i);
    }
    pthread_mutex_unlock(&lock);
}

static void export(const struct area *a, struct vm_area *v)
{
    v->start = a->start;
    v->end = a->end;
    v->prot = a->prot;
    v->flags = a->flags;
    v->offset = a->offset;
    v->dev = a->dev;
    v->ino = a->ino;
    strncpy(v->name, a->name, sizeof v->name - 1);
    v->name[sizeof v->name - 1] = '\0';
}

const struct vm_area *vmmap_find(uint64_t addr)
{
    static __thread struct vm_area found;
    const struct vm_area *r = NULL;
    pthread_mutex_lock(&lock);
    size_t i = first_ending_after(addr);
    if (i < count && areas[i].start <= addr) {
        export(&areas[i], &found);
        r = &found;
    }
    pthread_mutex_unlock(&lock);
    return r;
}

bool vmmap_host_busy(uint64_t start, uint64_t end)
{
    /* Check the parts of [start,end) no guest area covers, a batch at a
     * time so the host is queried without the lock held.  Usually there
     * are none (guest MAP_FIXED inside its own reservation): no query. */
    enum { BATCH = 32 };
    uint64_t lo[BATCH], hi[BATCH];
    uint64_t cur = start;
    while (cur < end) {
        size_t n = 0;
        pthread_mutex_lock(&lock);
        for (size_t i = first_ending_after(cur); cur < end && n < BATCH; i++) {
            uint64_t next = (i < count && areas[i].start < end) ? areas[i].start : end;
            if (next > cur) {
                lo[n] = cur;
                hi[n++] = next;
            }
            cur = next < end ? areas[i].end : end;
        }
        pthread_mutex_unlock(&lock);
        if (n && hostmaps_any_mapped_n(lo, hi, n))
            return true;
    }
    return false;
}

int vmmap_foreach(int (*cb)(const struct vm_area *a, void *arg), void *arg)
{
    pthread_mutex_lock(&lock);
    size_t n = count;
    struct vm_area *snap = n ? malloc(n * sizeof *snap) : NULL;
    if (snap)
        for (size_t i = 0; i < n; i++)
            export(&areas[i], &snap[i]);
    pthread_mutex_unlock(&lock);
    if (n && !snap)
        return -1;
    int r = 0;
    for (size_t i = 0; i < n && !r; i++)
        r = cb(&snap[i], arg);
    free(snap);
    return r;
}

void vmmap_fork_lock(void)
{
    pthread_mutex_lock(&lock);
}

void vmmap_fork_unlock(void)
{
    pthread_mutex_unlock(&lock);
}
