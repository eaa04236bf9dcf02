/*
 * Code cache memory (W^X through a dual-mapped memfd) and the global
 * block table, shared by every guest thread.
 *
 * Locking: tb_hash is read lock-free (tb_find, by every thread's loop);
 * tb_insert publishes a fully built tb with a release store of the
 * bucket head, and callers insert only under exec.c's tx_lock.  tb_all,
 * tb_count and code_pages are under table_lock (a leaf lock: tb_overlaps
 * runs from syscalls and from translated code's IC IVAU helper, and
 * tb_find_host from the fault path, none of which may wait for tx_lock).
 * tb_free_all runs only with the world stopped (exec.c), so no reader
 * holds a tb it frees.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "xlat/codecache.h"

struct code_buf code_cache;

#define TB_HASH_BITS 16
static struct tb *tb_hash[1u << TB_HASH_BITS];   /* lock-free reads, see above */
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static struct tb **tb_all;                          /* under table_lock */
static size_t tb_count, tb_cap;                     /* under table_lock */

/* Pages that hold translated guest code, so invalidation checks of
 * munmap/mprotect ranges are cheap (open addressing, never shrinks until
 * a flush). */
static uint64_t *code_pages;                        /* under table_lock */
static size_t code_pages_cap, code_pages_n;

static void code_page_add(uint64_t page)
{
    if ((code_pages_n + 1) * 2 > code_pages_cap) {
        size_t ncap = code_pages_cap ? code_pages_cap * 2 : 1024;
        uint64_t *n = calloc(ncap, sizeof(*n));
        if (!n)
            abort();
        for (size_t i = 0; i < code_pages_cap; i++) {
            uint64_t p = code_pages[i];
            if (!p)
                continue;
            size_t h = (p * 0x9e3779b97f4a7c15ull) >> 20;
            while (n[h & (ncap - 1)])
                h++;
            n[h & (ncap - 1)] = p;
        }
        free(code_pages);
        code_pages = n;
        code_pages_cap = ncap;
    }
    size_t h = (page * 0x9e3779b97f4a7c15ull) >> 20;
    for (;; h++) {
        uint64_t *slot = &code_pages[h & (code_pages_cap - 1)];
        if (*slot == page)
            return;
        if (!*slot) {
            *slot = page;
            code_pages_n++;
            return;
        }
    }
}

static bool code_page_has(uint64_t page)
{
    if (!code_pages_cap)
        return false;
    for (size_t h = (page * 0x9e3779b97f4a7c15ull) >> 20;; h++) {
        uint64_t p = code_pages[h & (code_pages_cap - 1)];
        if (p == page)
            return true;
        if (!p)
            return false;
    }
}

static inline unsigned tb_hash_of(uint64_t pc)
{
    return (unsigned)((pc >> 2) ^ (pc >> (2 + TB_HASH_BITS))) & ((1u << TB_HASH_BITS) - 1);
}

bool codecache_init(size_t size)
{
    if (xlat_opts.perfmap) {
        /* perf only applies /tmp/perf-PID.map to anonymous memory: give up
         * W^X (one RWX mapping) while profiling */
        void *p = mmap(NULL, size, PROT_READ | PROT_WRITE | PROT_EXEC,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            return false;
        code_cache.rw = code_cache.rx = p;
        code_cache.size = size;
        code_cache.used = 0;
        return true;
    }
    int fd = memfd_create("xemu-code", MFD_CLOEXEC);
    if (fd < 0)
        return false;
    if (ftruncate(fd, (off_t)size) < 0) {
        close(fd);
        return false;
    }
    void *rw = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    void *rx = mmap(NULL, size, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
    close(fd);
    if (rw == MAP_FAILED || rx == MAP_FAILED)
        return false;
    code_cache.rw = rw;
    code_cache.rx = rx;
    code_cache.size = size;
    code_cache.used = 0;
    return true;
}

/* A private anonymous cache (-perfmap) is copied by fork itself. */
#define FORK_NOTHING_TO_DO (-2)

int codecache_fork_prepare(void)
{
    /* no other thread translates or patches until the fork is done (the
     * child must get a cache that matches its copy of the block table) */
    xlat_lock_for_fork();
    if (!code_cache.rw || code_cache.rw == code_cache.rx)
        return FORK_NOTHING_TO_DO;
    int fd = memfd_create("xemu-code", MFD_CLOEXEC);
    if (fd < 0) {
        xlat_unlock_after_fork();
        return -1;
    }
    if (ftruncate(fd, (off_t)code_cache.size) < 0)
        goto fail;
    for (size_t done = 0; done < code_cache.used;) {
        ssize_t w = pwrite(fd, code_cache.rw + done, code_cache.used - done, (off_t)done);
        if (w <= 0)
            goto fail;
        done += (size_t)w;
    }
    return fd;
fail:
    close(fd);
    xlat_unlock_after_fork();
    return -1;
}

void codecache_fork_parent(int token)
{
    if (token >= 0)
        close(token);
    xlat_unlock_after_fork();
}

void codecache_fork_child(int token)
{
    xlat_unlock_after_fork();
    if (token < 0)
        return;
    if (mmap(code_cache.rw, code_cache.size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
             token, 0) == MAP_FAILED ||
        mmap(code_cache.rx, code_cache.size, PROT_READ | PROT_EXEC, MAP_SHARED | MAP_FIXED,
             token, 0) == MAP_FAILED) {
        static const char msg[] = "xemu: fork: cannot map the code cache copy\n";
        (void)!write(2, msg, sizeof(msg) - 1);
        _exit(127);
    }
    close(token);
}

void codecache_flush(size_t keep)
{
    tb_free_all();
    code_cache.used = keep;
}

struct tb *tb_find(uint64_t pc)
{
    /* acquire pairs with tb_insert's release: a tb seen is complete */
    for (struct tb *t = __atomic_load_n(&tb_hash[tb_hash_of(pc)], __ATOMIC_ACQUIRE); t;
         t = __atomic_load_n(&t->hash_next, __ATOMIC_ACQUIRE))
        if (t->guest_pc == pc)
            return t;
    return NULL;
}

void tb_insert(struct tb *tb)
{
    unsigned h = tb_hash_of(tb->guest_pc);
    pthread_mutex_lock(&table_lock);
    tb->hash_next = tb_hash[h];
    __atomic_store_n(&tb_hash[h], tb, __ATOMIC_RELEASE);
    if (tb_count == tb_cap) {
        tb_cap = tb_cap ? tb_cap * 2 : 4096;
        struct tb **n = realloc(tb_all, tb_cap * sizeof(*n));
        if (!n)
            abort();
        tb_all = n;
    }
    tb_all[tb_count++] = tb;
    /* page numbers are stored +1 so that 0 marks an empty slot */
    uint64_t last = (tb->guest_pc + (tb->guest_bytes ? tb->guest_bytes - 1 : 0)) >> 12;
    for (uint64_t p = tb->guest_pc >> 12; p <= last; p++)
        code_page_add(p + 1);
    for (uint32_t k = 0; k < tb->npeeks; k++)
        for (uint64_t p = tb->peeks[k].lo >> 12; p <= (tb->peeks[k].hi - 1) >> 12; p++)
            code_page_add(p + 1);
    pthread_mutex_unlock(&table_lock);
}

static bool tb_touches(const struct tb *t, uint64_t start, uint64_t end)
{
    if (t->guest_pc < end && t->guest_pc + t->guest_bytes > start)
        return true;
    for (uint32_t k = 0; k < t->npeeks; k++)
        if (t->peeks[k].lo < end && t->peeks[k].hi > start)
            return true;
    return false;
}

struct tb *tb_find_host(const void *rx)
{
    /* blocks are appended to the cache in order: tb_all is sorted by host */
    struct tb *found = NULL;
    pthread_mutex_lock(&table_lock);
    size_t lo = 0, hi = tb_count;
    const uint8_t *p = rx;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const struct tb *t = tb_all[mid];
        if (p < t->host)
            hi = mid;
        else if (p >= t->host + t->host_size)
            lo = mid + 1;
        else {
            found = tb_all[mid];
            break;
        }
    }
    pthread_mutex_unlock(&table_lock);
    return found;
}

void tb_free_all(void)
{
    pthread_mutex_lock(&table_lock);
    for (size_t i = 0; i < tb_count; i++) {
        if (tb_all[i]->ir) {
            ir_block_free(tb_all[i]->ir);
            free(tb_all[i]->ir);
        }
        free(tb_all[i]);
    }
    tb_count = 0;
    memset(tb_hash, 0, sizeof(tb_hash));
    if (code_pages)
        memset(code_pages, 0, code_pages_cap * sizeof(*code_pages));
    code_pages_n = 0;
    pthread_mutex_unlock(&table_lock);
}

bool tb_overlaps(uint64_t start, uint64_t end)
{
    if (end <= start)
        return false;
    uint64_t first = start >> 12, last = (end - 1) >> 12;
    bool any = false;
    pthread_mutex_lock(&table_lock);
    if (last - first < 4096) {
        for (uint64_t p = first; p <= last && !any; p++)
            any = code_page_has(p + 1);
        if (!any) {
            pthread_mutex_unlock(&table_lock);
            return false;
        }
    }
    any = false;
    for (size_t i = 0; i < tb_count && !any; i++)
        any = tb_touches(tb_all[i], start, end);
    pthread_mutex_unlock(&table_lock);
    return any;
}
