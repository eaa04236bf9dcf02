/*
 * Handler definition helpers shared by the syscalls/<subsystem>.c files:
 * SYS(name) defines the handler of generic syscall `name`, and the
 * declarations table.c needs come from the same list.
 */
#ifndef XEMU_SYSCALLS_SYS_DEFS_H
#define XEMU_SYSCALLS_SYS_DEFS_H

#include <sys/syscall.h>
#include <unistd.h>

#include "syscalls/sys_internal.h"

#define SYS(name) int64_t sys_##name(struct xlat_env *env, const uint64_t a[6]); \
    int64_t sys_##name(struct xlat_env *env __attribute__((unused)), \
                       const uint64_t a[6] __attribute__((unused)))

/* Host syscall with the guest's raw arguments (same meaning on both sides). */
#define PASS0(nr) sys_ret(syscall(nr))
#define PASS(nr, n) sys_ret(pass_args(nr, a, n))
static inline long pass_args(long nr, const uint64_t a[6], int n)
{
    (void)n;
    return syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

/* Copy a guest path in or return its error. */
#define GET_PATH(p, dirfd, addr, how) do { \
        int r_ = gpath_get((p), (dirfd), (addr), (how)); \
        if (r_ < 0) return sys_err(-r_); \
    } while (0)

#endif
