/*
 * The guest heap ("[heap]"): the loader reserves a PROT_NONE area right
 * after the program's bss; the brk syscall (syscalls/) calls loader_brk,
 * which only flips protections inside that area and keeps vmmap's
 * [heap] entry in step, so the break can always grow in place and no
 * other mapping (guest or xemu) can take its room.
 */
#include <pthread.h>
#include <sys/mman.h>

#include "loader/hostmaps.h"
#include "loader/loader_int.h"
#include "loader/vmmap.h"

uint64_t brk_reserve_after(uint64_t start)
{
    uint64_t len = LD_BRK_RESERVE;
    if (start >= LD_USER_TOP)
        return start;
    if (len > LD_USER_TOP - start)
        len = LD_USER_TOP - start;
    for (int tries = 0; tries < 2 && len; tries++) {
        void *got = mmap((void *)start, len, PROT_NONE,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
        if (got == (void *)start)
            return start + len;
        if (got != MAP_FAILED)
            munmap(got, len);
        /* something is in the way: stop short of it */
        uint64_t next = hostmaps_next_mapping(start);
        if (next <= start)
            break;
        if (next - start < len)
            len = next - start;
    }
    return start;
}

/* brk_lock: the break (guest_image.brk) and the heap's protections move
 * together; taken before vmmap's lock.  fork holds both (atfork below),
 * so a child never inherits them mid-change. */
static pthread_mutex_t brk_lock = PTHREAD_MUTEX_INITIALIZER;

static void brk_fork_prepare(void)
{
    pthread_mutex_lock(&brk_lock);
    vmmap_fork_lock();
}

static void brk_fork_release(void)
{
    vmmap_fork_unlock();
    pthread_mutex_unlock(&brk_lock);
}

/* registered before main, so (handlers run in reverse) these locks are
 * taken last at fork, after every lock that is held while taking them */
__attribute__((constructor)) static void brk_atfork_register(void)
{
    pthread_atfork(brk_fork_prepare, brk_fork_release, brk_fork_release);
}

uint64_t loader_brk(uint64_t new_brk)
{
    struct image_info *g = &guest_image;
    pthread_mutex_lock(&brk_lock);
    uint64_t old = g->brk;
    if (new_brk < g->start_brk || new_brk > g->brk_limit) {
        pthread_mutex_unlock(&brk_lock);
        return old;
    }
    uint64_t old_top = LD_PAGE_UP(old), new_top = LD_PAGE_UP(new_brk);
    if (new_top > old_top) {
        if (mprotect((void *)old_top, new_top - old_top, PROT_READ | PROT_WRITE) < 0) {
            pthread_mutex_unlock(&brk_lock);
            return old;
        }
    } else if (new_top < old_top) {
        /* freed pages must read as zero if the break grows back over them */
        madvise((void *)new_top, old_top - new_top, MADV_DONTNEED);
        mprotect((void *)new_top, old_top - new_top, PROT_NONE);
    }
    if (new_top > g->start_brk)
        vmmap_add(g->start_brk, new_top, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                  0, 0, 0, "[heap]");
    if (old_top > new_top)
        vmmap_remove(new_top, old_top);
    g->brk = new_brk;
    pthread_mutex_unlock(&brk_lock);
    return new_brk;
}
