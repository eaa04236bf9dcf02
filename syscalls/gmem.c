/*
 * Fault-safe access to guest memory for the syscall handlers: guest and
 * host share addresses, but a bad guest pointer must give EFAULT, not
 * crash xemu.  process_vm_readv/writev on our own pid do the copy in the
 * kernel, which reports EFAULT for unmapped or protected pages; where a
 * sandbox forbids them, a pipe does the same job (write/read EFAULT).
 */
#include <fcntl.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "syscalls/sys_internal.h"
#include "syscalls/thread.h"

/* Per thread: a vfork child runs on its parent thread's TLS and caches
 * its own pid here, which the parent drops when it resumes; other
 * threads never see it (with one shared cache they could copy into the
 * child after it execs). */
static __thread pid_t self_pid;
/* process_vm_* refused (seccomp, ptrace policy); once set, stays set:
 * relaxed atomics are enough */
static atomic_bool no_vm_calls;

/* Fallback copy through a pipe: the kernel checks the guest side of
 * write()/read() and says EFAULT instead of faulting us. */
static bool pipe_copy(void *local, uint64_t remote, size_t len, bool to_guest)
{
    static __thread int fds[2] = { -1, -1 };
    if (fds[0] < 0 && pipe2(fds, O_CLOEXEC | O_NONBLOCK) < 0)
        return false;
    while (len) {
        size_t chunk = len < 16384 ? len : 16384;   /* fits an empty pipe */
        const void *src = to_guest ? local : (const void *)(uintptr_t)remote;
        void *dst = to_guest ? (void *)(uintptr_t)remote : local;
        ssize_t w = write(fds[1], src, chunk);
        if (w != (ssize_t)chunk) {
            if (w > 0) {
                char sink[16384];
                while (read(fds[0], sink, sizeof sink) > 0)
                    ;
            }
            return false;
        }
        ssize_t r = read(fds[0], dst, chunk);
        if (r != (ssize_t)chunk) {
            char sink[16384];
            while (read(fds[0], sink, sizeof sink) > 0)
                ;
            return false;
        }
        local = (char *)local + chunk;
        remote += chunk;
        len -= chunk;
    }
    return true;
}

static bool vm_copy(void *local, uint64_t remote, size_t len, bool write)
{
    if (atomic_load_explicit(&no_vm_calls, memory_order_relaxed))
        return pipe_copy(local, remote, len, write);
    if (!self_pid)
        self_pid = gettid();    /* not getpid(): fails once the leader has exited */
    struct iovec l = { local, len }, r = { (void *)(uintptr_t)remote, len };
    ssize_t n = write ? process_vm_writev(self_pid, &l, 1, &r, 1, 0)
                      : process_vm_readv(self_pid, &l, 1, &r, 1, 0);
    if (n < 0 && errno == ESRCH) {
        /* tid changed under us (fork without our knowledge): retry once */
        self_pid = gettid();
        n = write ? process_vm_writev(self_pid, &l, 1, &r, 1, 0)
                  : process_vm_readv(self_pid, &l, 1, &r, 1, 0);
    }
    if (n < 0 && (errno == EPERM || errno == ENOSYS || errno == EACCES)) {
        atomic_store_explicit(&no_vm_calls, true, memory_order_relaxed);
        return pipe_copy(local, remote, len, write);
    }
    return n == (ssize_t)len;
}

/* For tests: use the pipe fallback from now on. */
void gmem_force_pipe_copy(void)
{
    atomic_store(&no_vm_calls, true);
}

/* Called after fork (the cached pid is the parent's) and in a vfork
 * parent once its child has exec'd or exited (then the child's env is
 * unregistered: see sys_vfork_env_done). */
void gmem_after_fork(void)
{
    self_pid = 0;
    sys_vfork_env_done();
}

int gmem_read(void *dst, uint64_t gaddr, size_t len)
{
    if (len == 0)
        return 0;
    if (gaddr == 0 || !vm_copy(dst, gaddr, len, false))
        return -EFAULT;
    return 0;
}

int gmem_write(uint64_t gaddr, const void *src, size_t len)
{
    if (len == 0)
        return 0;
    if (gaddr == 0 || !vm_copy((void *)src, gaddr, len, true))
        return -EFAULT;
    return 0;
}

long gmem_strncpy(char *dst, uint64_t gaddr, size_t len)
{
    size_t got = 0;
    if (gaddr == 0)
        return -EFAULT;
    while (got < len) {
        /* never cross a page in one read: the next page may be unmapped */
        size_t chunk = 4096 - ((gaddr + got) & 4095);
        if (chunk > len - got)
            chunk = len - got;
        if (!vm_copy(dst + got, gaddr + got, chunk, false))
            return -EFAULT;
        char *nul = memchr(dst + got, 0, chunk);
        if (nul)
            return nul - dst;
        got += chunk;
    }
    dst[len - 1] = 0;
    return -ENAMETOOLONG;
}

int gmem_read_struct(enum abi_layout_id id, void *host_dst, uint64_t gaddr)
{
    const struct abi_layout *l = abi_layout(id);
    if (l->same)
        return gmem_read(host_dst, gaddr, l->gsize);
    unsigned char tmp[l->gsize];
    int r = gmem_read(tmp, gaddr, l->gsize);
    if (r == 0)
        abi_conv(l, ABI_G2H, host_dst, tmp);
    return r;
}

int gmem_write_struct(enum abi_layout_id id, uint64_t gaddr, const void *host_src)
{
    const struct abi_layout *l = abi_layout(id);
    if (l->same)
        return gmem_write(gaddr, host_src, l->gsize);
    unsigned char tmp[l->gsize];
    abi_conv(l, ABI_H2G, tmp, host_src);
    return gmem_write(gaddr, tmp, l->gsize);
}
