/*
 * Memory-management syscalls.  Guest address = host address, so the host
 * kernel does the work; xemu keeps loader/vmmap current (for
 * /proc/self/maps), refuses guest changes over its own memory
 * (vmmap_host_busy), drops translations when code may change
 * (xlat_invalidate); brk is the loader's (loader_brk), inside the area it
 * reserved.
 */
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "loader/loader.h"
#include "loader/vmmap.h"
#include "syscalls/sys_defs.h"

#define PAGE 4096ull

/* mm_lock makes each of mmap/munmap/mprotect/mremap one step for the
 * other guest threads: the host call and the vmmap update together (so
 * /proc/self/maps and the MAP_FIXED checks never see one without the
 * other, and two racing MAP_FIXED calls leave vmmap as the host has it).
 * Held only inside these handlers, which never wait for the translator
 * (xlat_invalidate only takes leaf locks).  fork takes it (pthread_atfork)
 * so the child gets a consistent vmmap.  Lock order at fork: exec.c's
 * tx_lock, mm_lock, exec.c's envs_lock, brk, vmmap: registering here at
 * the first call (after xlat_init registered exec.c's handlers) makes
 * this prepare handler run before theirs (glibc runs them in reverse). */
static pthread_mutex_t mm_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t mm_atfork_once = PTHREAD_ONCE_INIT;

static void mm_fork_prepare(void)
{
    pthread_mutex_lock(&mm_lock);
}

static void mm_fork_parent(void)
{
    pthread_mutex_unlock(&mm_lock);
}

static void mm_fork_child(void)
{
    pthread_mutex_unlock(&mm_lock);     /* this thread locked it */
}

static void mm_atfork_register(void)
{
    pthread_atfork(mm_fork_prepare, mm_fork_parent, mm_fork_child);
}
#define PAGE_UP(x) (((x) + PAGE - 1) & ~(PAGE - 1))

struct exec_probe {
    uint64_t start, end;
    bool exec;
};

static int probe_exec(const struct vm_area *v, void *arg)
{
    struct exec_probe *p = arg;
    if (v->start < p->end && v->end > p->start && (v->prot & PROT_EXEC)) {
        p->exec = true;
        return 1;
    }
    return v->start >= p->end;
}

/* Does the guest have executable memory in [start, end)? */
static bool range_has_exec(uint64_t start, uint64_t end)
{
    struct exec_probe p = { start, end, false };
    vmmap_foreach(probe_exec, &p);
    return p.exec;
}

static void forget_code(uint64_t start, uint64_t end)
{
    if (range_has_exec(start, end))
        xlat_invalidate(start, end);
}

static int64_t do_mmap(const uint64_t a[6])
{
    uint64_t addr = a[0], len = a[1];
    int prot = (int)abi_flags_g2h(ABI_M_prot_flags, a[2]);
    int flags = (int)abi_flags_g2h(ABI_M_mmap_flags, a[3]);
    int fd = (int)a[4];
    if (len == 0 || PAGE_UP(len) < len)
        return sys_err(EINVAL);
    /* MAP_FIXED_NOREPLACE never replaces anything: the kernel says EEXIST */
    if ((flags & MAP_FIXED) && vmmap_host_busy(addr, addr + PAGE_UP(len))) {
        sys_unimp("mmap: refusing guest MAP_FIXED over xemu memory at %#llx+%#llx",
                  (unsigned long long)addr, (unsigned long long)len);
        return sys_err(ENOMEM);
    }
    if (flags & MAP_FIXED)
        forget_code(addr, addr + PAGE_UP(len));
    void *p = mmap((void *)(uintptr_t)addr, len, prot, flags, fd, (off_t)a[5]);
    if (p == MAP_FAILED)
        return sys_err(errno);
    uint64_t start = (uint64_t)(uintptr_t)p;
    char name[PATH_MAX] = "";
    uint64_t dev = 0, ino = 0;
    if (!(flags & MAP_ANONYMOUS)) {
        struct stat st;
        char link[64];
        snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
        ssize_t n = readlink(link, name, sizeof name - 1);
        name[n > 0 ? n : 0] = 0;
        if (fstat(fd, &st) == 0) {
            dev = st.st_dev;
            ino = st.st_ino;
        }
    }
    vmmap_add(start, start + PAGE_UP(len), prot, flags, (uint64_t)a[5], dev, ino, name);
    return (int64_t)start;
}

static int64_t do_munmap(const uint64_t a[6])
{
    uint64_t addr = a[0], len = PAGE_UP(a[1]);
    if (addr & (PAGE - 1) || len == 0)
        return sys_err(EINVAL);
    if (vmmap_host_busy(addr, addr + len))
        return sys_err(EINVAL);
    forget_code(addr, addr + len);
    if (munmap((void *)(uintptr_t)addr, len) < 0)
        return sys_err(errno);
    vmmap_remove(addr, addr + len);
    return 0;
}

static int64_t do_mprotect(const uint64_t a[6])
{
    uint64_t addr = a[0], len = PAGE_UP(a[1]);
    int prot = (int)abi_flags_g2h(ABI_M_prot_flags, a[2]);
    if (addr & (PAGE - 1))
        return sys_err(EINVAL);
    if (vmmap_host_busy(addr, addr + len))
        return sys_err(ENOMEM);
    bool had_exec = range_has_exec(addr, addr + len);
    if (mprotect((void *)(uintptr_t)addr, len, prot) < 0)
        return sys_err(errno);
    vmmap_protect(addr, addr + len, prot);
    /* code that becomes writable or executable may be rewritten: forget
     * what was translated from it */
    if (had_exec || (prot & PROT_EXEC))
        xlat_invalidate(addr, addr + len);
    return 0;
}

static int64_t do_mremap(const uint64_t a[6])
{
    uint64_t old = a[0], old_len = PAGE_UP(a[1]), new_len = PAGE_UP(a[2]);
    int flags = (int)a[3];
    if (vmmap_host_busy(old, old + old_len))
        return sys_err(EFAULT);
    if ((flags & MREMAP_FIXED) && vmmap_host_busy(a[4], a[4] + new_len))
        return sys_err(ENOMEM);
    const struct vm_area *v = vmmap_find(old);
    struct vm_area info = { 0 };
    if (v)
        info = *v;
    forget_code(old, old + old_len);
    void *p = mremap((void *)(uintptr_t)old, a[1], a[2], flags, (void *)(uintptr_t)a[4]);
    if (p == MAP_FAILED)
        return sys_err(errno);
    uint64_t start = (uint64_t)(uintptr_t)p;
    if (!(flags & MREMAP_DONTUNMAP))
        vmmap_remove(old, old + old_len);
    if (v)
        vmmap_add(start, start + new_len, info.prot, info.flags,
                  info.offset + (old - info.start), info.dev, info.ino, info.name);
    else
        vmmap_add(start, start + new_len, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS, 0, 0, 0, "");
    return (int64_t)start;
}

SYS(brk)
{
    /* the loader owns the reserved heap area and its [heap] entry */
    return (int64_t)loader_brk(a[0]);
}

SYS(madvise)
{
    if (vmmap_host_busy(a[0], a[0] + PAGE_UP(a[1])))
        return sys_err(EINVAL);
    return PASS(SYS_madvise, 3);
}

/* Each mm call is one step for other threads: the host call and the
 * vmmap update happen under mm_lock. */
static int64_t mm_locked(int64_t (*op)(const uint64_t a[6]), const uint64_t a[6])
{
    pthread_once(&mm_atfork_once, mm_atfork_register);
    pthread_mutex_lock(&mm_lock);
    int64_t r = op(a);
    pthread_mutex_unlock(&mm_lock);
    return r;
}

SYS(mmap) { return mm_locked(do_mmap, a); }
SYS(munmap) { return mm_locked(do_munmap, a); }
SYS(mprotect) { return mm_locked(do_mprotect, a); }
SYS(mremap) { return mm_locked(do_mremap, a); }
