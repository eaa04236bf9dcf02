/*
 * Shared by the syscall handlers (syscalls/ *.c), internal to syscalls/:
 * the dispatch row, fault-safe guest memory access, guest path
 * resolution (-L prefix and procfs), and host result conversion.
 */
#ifndef XEMU_SYSCALLS_SYS_INTERNAL_H
#define XEMU_SYSCALLS_SYS_INTERNAL_H

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abi/abi.h"
#include "procfs/procfs.h"
#include "syscalls/syscalls.h"

typedef int64_t (*sys_fn)(struct xlat_env *env, const uint64_t a[6]);

/*
 * One syscall, by its generic Linux name (the per-arch generated table maps
 * guest numbers to names).  args: one letter per argument, for -strace:
 *   d int  u unsigned  x hex  p pointer  s in-string  f fd (AT_FDCWD)
 *   o octal mode  B in-buffer (length = next arg)  O open flags
 *   K O_* flags without an access mode (pipe2, dup3...)
 *   m mode, shown only if the previous (open flags) argument creates
 *   R out-buffer (shown after the call, length = result)  T out struct stat
 *   A AT_* flags  M mmap flags  P prot  S signal  C clone flags
 *   F fcntl cmd  I ioctl request  W wait options  V string vector (argv)
 *   E environment vector (counted, not printed)
 * ret: 'd' signed, 'x' hex (addresses), 'n' does not return on success.
 */
struct sys_row {
    const char *name;
    sys_fn fn;
    const char *args;
    char ret;
};
extern const struct sys_row sys_rows[];
extern const size_t sys_nrows;

/* Host result (-1 with errno, or value) -> guest result (-guest errno). */
static inline int64_t sys_ret(int64_t r)
{
    return r == -1 ? -(int64_t)abi_errno_h2g(errno) : r;
}
static inline int64_t sys_err(int host_errno)
{
    return -(int64_t)abi_errno_h2g(host_errno);
}

/* Fault-safe guest memory access: 0 or -EFAULT (host errno value). */
int gmem_read(void *dst, uint64_t gaddr, size_t len);
int gmem_write(uint64_t gaddr, const void *src, size_t len);
/* Copy a NUL-terminated guest string of at most len-1 chars: length,
 * -EFAULT, or -ENAMETOOLONG. */
long gmem_strncpy(char *dst, uint64_t gaddr, size_t len);
/* Forget cached process identity (in a fork child). */
void gmem_after_fork(void);
/* Copy through a pipe instead of process_vm_* (what a sandbox forces). */
void gmem_force_pipe_copy(void);
/* Struct conversion to/from guest memory through the ABI layout. */
int gmem_read_struct(enum abi_layout_id id, void *host_dst, uint64_t gaddr);
int gmem_write_struct(enum abi_layout_id id, uint64_t gaddr, const void *host_src);

/*
 * A guest path made ready for a host syscall: copied in (EFAULT-safe),
 * absolute paths resolved through the -L prefix, /proc nodes of the guest
 * recognised.  path is what to hand to the host.  If proc_fd >= 0 the path
 * named a generated /proc file and proc_fd is an open memfd with its
 * contents (only when opened with want_fd).
 */
struct gpath {
    const char *path;
    int proc_fd;
    bool is_proc_link;          /* /proc/self/exe & co: path is the target */
    const struct procfs_node *node;     /* the /proc node named, or NULL */
    char raw[PATH_MAX];
    char buf[PATH_MAX];
};
enum { GPATH_FOLLOW = 1, GPATH_WANT_FD = 2 };
/* 0 or -host errno (EFAULT, ENAMETOOLONG). gaddr 0 gives "" (for AT_EMPTY_PATH). */
int gpath_get(struct gpath *p, int dirfd, uint64_t gaddr, unsigned how);

/* Guest fd/dirfd argument as a host int (AT_FDCWD kept). */
static inline int sys_fd(uint64_t v)
{
    return (int)(int32_t)v;
}

/* The running guest arch.  `guest` is set by cli/main.c, which the unit
 * tests do not link: there the only arch stands in. */
extern const struct guest_arch *guest __attribute__((weak));
static inline const struct guest_arch *sys_guest(void)
{
    return (&guest && guest) ? guest : &guest_aarch64;
}

/* Guest syscall name for a number, or NULL. */
const char *sys_name(uint64_t nr);

/* -d unimp logging (and -strace) of something xemu does not do. */
void sys_unimp(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Guest CPU state the handlers must set (syscalls/<arch>/cpu_hooks.c). */
void sys_arch_set_sp(struct xlat_env *env, uint64_t sp);
void sys_arch_set_tls(struct xlat_env *env, uint64_t tls);

#endif
