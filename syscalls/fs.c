/*
 * File-system syscalls: open/stat/readlink & co with guest path
 * resolution (-L prefix, the guest's /proc), open-flag translation and
 * struct stat conversion through the generated ABI tables.  Calls whose
 * arguments mean the same on both sides pass straight to the host.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <linux/openat2.h>

#include "procfs/procfs.h"
#include "syscalls/sys_defs.h"

/* xemu's own log file (-D) must survive a guest that closes every fd. */
static int log_fd(void)
{
    return xlat_opts.logf ? fileno(xlat_opts.logf) : -1;
}

SYS(close)
{
    int fd = (int)a[0];
    if (fd > 2 && fd == log_fd())
        return 0;
    return sys_ret(close(fd));
}

SYS(close_range)
{
    unsigned lo = (unsigned)a[0], hi = (unsigned)a[1], flags = (unsigned)a[2];
    int lf = log_fd();
    if (lf <= 2 || (unsigned)lf < lo || (unsigned)lf > hi || lo > hi)
        return sys_ret(syscall(SYS_close_range, lo, hi, flags));
    long r = 0;
    if ((unsigned)lf > lo)
        r = syscall(SYS_close_range, lo, (unsigned)lf - 1, flags);
    if (r == 0 && (unsigned)lf < hi)
        r = syscall(SYS_close_range, (unsigned)lf + 1, hi, flags);
    return sys_ret(r);
}

static int open_flags_h(uint64_t g)
{
    return (int)abi_flags_g2h(ABI_M_open_flags, g);
}

SYS(openat)
{
    struct gpath p;
    int hflags = open_flags_h(a[2]);
    GET_PATH(&p, sys_fd(a[0]), a[1], GPATH_WANT_FD | ((hflags & O_NOFOLLOW) ? 0 : GPATH_FOLLOW));
    if (p.proc_fd >= 0) {
        if (hflags & O_CLOEXEC)
            return p.proc_fd;
        fcntl(p.proc_fd, F_SETFD, 0);
        return p.proc_fd;
    }
    return sys_ret(openat(sys_fd(a[0]), p.path, hflags, (mode_t)a[3]));
}

SYS(openat2)
{
    struct gpath p;
    struct open_how how;
    if (a[3] < sizeof how)
        return sys_err(EINVAL);
    if (gmem_read_struct(ABI_L_open_how, &how, a[2]) < 0)
        return sys_err(EFAULT);
    how.flags = (uint64_t)(unsigned)open_flags_h(how.flags);
    GET_PATH(&p, sys_fd(a[0]), a[1], GPATH_WANT_FD | GPATH_FOLLOW);
    if (p.proc_fd >= 0)
        return p.proc_fd;
    return sys_ret(syscall(SYS_openat2, sys_fd(a[0]), p.path, &how, sizeof how));
}

static int64_t put_stat(uint64_t gaddr, const struct stat *st)
{
    return gmem_write_struct(ABI_L_stat, gaddr, st) < 0 ? sys_err(EFAULT) : 0;
}

SYS(newfstatat)
{
    struct gpath p;
    struct stat st;
    int flags = (int)abi_flags_g2h(ABI_M_at_flags, a[3]);
    GET_PATH(&p, sys_fd(a[0]), a[1], (flags & AT_SYMLINK_NOFOLLOW) ? 0 : GPATH_FOLLOW);
    if (fstatat(sys_fd(a[0]), p.path, &st, flags) < 0)
        return sys_err(errno);
    return put_stat(a[2], &st);
}

SYS(fstat)
{
    struct stat st;
    if (fstat((int)a[0], &st) < 0)
        return sys_err(errno);
    return put_stat(a[1], &st);
}

SYS(statx)
{
    struct gpath p;
    int flags = (int)abi_flags_g2h(ABI_M_at_flags, a[2]);
    GET_PATH(&p, sys_fd(a[0]), a[1], (flags & AT_SYMLINK_NOFOLLOW) ? 0 : GPATH_FOLLOW);
    /* struct statx has one layout everywhere (checked by the generator) */
    return sys_ret(syscall(SYS_statx, sys_fd(a[0]), a[1] ? p.path : NULL, flags,
                           (unsigned)a[3], a[4]));
}

SYS(statfs)
{
    struct gpath p;
    struct statfs st;
    GET_PATH(&p, AT_FDCWD, a[0], GPATH_FOLLOW);
    if (statfs(p.path, &st) < 0)
        return sys_err(errno);
    return gmem_write_struct(ABI_L_statfs, a[1], &st) < 0 ? sys_err(EFAULT) : 0;
}

SYS(fstatfs)
{
    struct statfs st;
    if (fstatfs((int)a[0], &st) < 0)
        return sys_err(errno);
    return gmem_write_struct(ABI_L_statfs, a[1], &st) < 0 ? sys_err(EFAULT) : 0;
}

SYS(readlinkat)
{
    struct gpath p;
    GET_PATH(&p, sys_fd(a[0]), a[1], 0);
    if ((int64_t)a[3] <= 0)
        return sys_err(EINVAL);
    char target[PATH_MAX];
    if (procfs_fd_link(p.raw, target, sizeof target) >= 0) {
        size_t n = strlen(target);
        if (n > a[3])
            n = a[3];
        return gmem_write(a[2], target, n) < 0 ? sys_err(EFAULT) : (int64_t)n;
    }
    if (p.node && p.node->readlink) {
        int r = p.node->readlink(target, sizeof target);
        if (r < 0)
            return sys_err(-r);
        size_t n = strlen(target);
        if (n > a[3])
            n = a[3];
        return gmem_write(a[2], target, n) < 0 ? sys_err(EFAULT) : (int64_t)n;
    }
    return sys_ret(readlinkat(sys_fd(a[0]), p.path, (char *)(uintptr_t)a[2], a[3]));
}

SYS(faccessat)
{
    struct gpath p;
    GET_PATH(&p, sys_fd(a[0]), a[1], GPATH_FOLLOW);
    return sys_ret(syscall(SYS_faccessat, sys_fd(a[0]), p.path, (int)a[2]));
}

SYS(faccessat2)
{
    struct gpath p;
    int flags = (int)abi_flags_g2h(ABI_M_at_flags, a[3]);
    GET_PATH(&p, sys_fd(a[0]), a[1], (flags & AT_SYMLINK_NOFOLLOW) ? 0 : GPATH_FOLLOW);
    return sys_ret(syscall(SYS_faccessat2, sys_fd(a[0]), p.path, (int)a[2], flags));
}

SYS(mkdirat)
{
    struct gpath p;
    GET_PATH(&p, sys_fd(a[0]), a[1], 0);
    return sys_ret(mkdirat(sys_fd(a[0]), p.path, (mode_t)a[2]));
}

SYS(mknodat)
{
    struct gpath p;
    GET_PATH(&p, sys_fd(a[0]), a[1], 0);
    return sys_ret(mknodat(sys_fd(a[0]), p.path, (mode_t)a[2], (dev_t)a[3]));
}

SYS(unlinkat)
{
    struct gpath p;
    GET_PATH(&p, sys_fd(a[0]), a[1], 0);
    return sys_ret(unlinkat(sys_fd(a[0]), p.path, (int)abi_flags_g2h(ABI_M_at_flags, a[2])));
}

SYS(renameat2)
{
    struct gpath p, q;
    GET_PATH(&p, sys_fd(a[0]), a[1], 0);
    GET_PATH(&q, sys_fd(a[2]), a[3], 0);
    return sys_ret(syscall(SYS_renameat2, sys_fd(a[0]), p.path, sys_fd(a[2]), q.path,
                           (unsigned)a[4]));
}

SYS(renameat)
{
    struct gpath p, q;
    GET_PATH(&p, sys_fd(a[0]), a[1], 0);
    GET_PATH(&q, sys_fd(a[2]), a[3], 0);
    return sys_ret(renameat(sys_fd(a[0]), p.path, sys_fd(a[2]), q.path));
}

SYS(linkat)
{
    struct gpath p, q;
    GET_PATH(&p, sys_fd(a[0]), a[1], 0);
    GET_PATH(&q, sys_fd(a[2]), a[3], 0);
    return sys_ret(linkat(sys_fd(a[0]), p.path, sys_fd(a[2]), q.path,
                          (int)abi_flags_g2h(ABI_M_at_flags, a[4])));
}

SYS(symlinkat)
{
    char target[PATH_MAX];
    struct gpath q;
    long n = gmem_strncpy(target, a[0], sizeof target);
    if (n < 0)
        return sys_err((int)-n);
    GET_PATH(&q, sys_fd(a[1]), a[2], 0);
    return sys_ret(symlinkat(target, sys_fd(a[1]), q.path));
}

SYS(fchmodat)
{
    struct gpath p;
    GET_PATH(&p, sys_fd(a[0]), a[1], GPATH_FOLLOW);
    return sys_ret(syscall(SYS_fchmodat, sys_fd(a[0]), p.path, (mode_t)a[2]));
}

SYS(fchownat)
{
    struct gpath p;
    int flags = (int)abi_flags_g2h(ABI_M_at_flags, a[4]);
    GET_PATH(&p, sys_fd(a[0]), a[1], (flags & AT_SYMLINK_NOFOLLOW) ? 0 : GPATH_FOLLOW);
    return sys_ret(syscall(SYS_fchownat, sys_fd(a[0]), p.path, (uid_t)a[2], (gid_t)a[3], flags));
}

SYS(utimensat)
{
    struct gpath p;
    int flags = (int)abi_flags_g2h(ABI_M_at_flags, a[3]);
    GET_PATH(&p, sys_fd(a[0]), a[1], (flags & AT_SYMLINK_NOFOLLOW) ? 0 : GPATH_FOLLOW);
    /* a NULL path means the fd itself (futimens); timespec has one layout */
    return sys_ret(syscall(SYS_utimensat, sys_fd(a[0]), a[1] ? p.path : NULL, a[2], flags));
}

SYS(truncate)
{
    struct gpath p;
    GET_PATH(&p, AT_FDCWD, a[0], GPATH_FOLLOW);
    return sys_ret(truncate(p.path, (off_t)a[1]));
}

SYS(chdir)
{
    struct gpath p;
    GET_PATH(&p, AT_FDCWD, a[0], GPATH_FOLLOW);
    return sys_ret(chdir(p.path));
}

SYS(chroot)
{
    struct gpath p;
    GET_PATH(&p, AT_FDCWD, a[0], GPATH_FOLLOW);
    return sys_ret(chroot(p.path));
}

SYS(fcntl)
{
    int cmd = (int)abi_value_g2h(ABI_M_fcntl_cmds, (int)a[1]);
    switch (cmd) {
    case F_GETFL: {
        long r = fcntl((int)a[0], F_GETFL);
        return r < 0 ? sys_err(errno) : (int64_t)abi_flags_h2g(ABI_M_open_flags, (unsigned)r);
    }
    case F_SETFL:
        return sys_ret(fcntl((int)a[0], F_SETFL, open_flags_h(a[2])));
    default:
        /* struct flock and f_owner_ex have one layout on both sides */
        return sys_ret(syscall(SYS_fcntl, (int)a[0], cmd, a[2]));
    }
}

SYS(dup3)
{
    return sys_ret(dup3((int)a[0], (int)a[1], open_flags_h(a[2])));
}

SYS(pipe2)
{
    int fds[2];
    if (pipe2(fds, open_flags_h(a[1])) < 0)
        return sys_err(errno);
    if (gmem_write(a[0], fds, sizeof fds) < 0) {
        close(fds[0]);
        close(fds[1]);
        return sys_err(EFAULT);
    }
    return 0;
}

SYS(inotify_add_watch)
{
    struct gpath p;
    GET_PATH(&p, AT_FDCWD, a[1], GPATH_FOLLOW);
    return sys_ret(syscall(SYS_inotify_add_watch, (int)a[0], p.path, (uint32_t)a[2]));
}

SYS(inotify_init1)
{
    return sys_ret(syscall(SYS_inotify_init1, open_flags_h(a[0])));
}

SYS(eventfd2)
{
    return sys_ret(syscall(SYS_eventfd2, (unsigned)a[0], open_flags_h(a[1])));
}

SYS(timerfd_create)
{
    return sys_ret(syscall(SYS_timerfd_create, (int)a[0], open_flags_h(a[1])));
}

SYS(signalfd4)
{
    return sys_ret(syscall(SYS_signalfd4, (int)a[0], a[1], a[2], open_flags_h(a[3])));
}

SYS(memfd_create)
{
    char name[256];
    long n = gmem_strncpy(name, a[0], sizeof name);
    if (n < 0)
        return sys_err(n == -EFAULT ? EFAULT : EINVAL);
    return sys_ret(syscall(SYS_memfd_create, name, (unsigned)a[1]));
}

/* xattrs take paths, names and buffers with one meaning on both sides */
#define XATTR_PATH(name, how) \
    SYS(name) { \
        struct gpath p; \
        GET_PATH(&p, AT_FDCWD, a[0], how); \
        return sys_ret(syscall(SYS_##name, p.path, a[1], a[2], a[3], a[4])); \
    }
XATTR_PATH(getxattr, GPATH_FOLLOW)
XATTR_PATH(lgetxattr, 0)
XATTR_PATH(setxattr, GPATH_FOLLOW)
XATTR_PATH(lsetxattr, 0)
XATTR_PATH(listxattr, GPATH_FOLLOW)
XATTR_PATH(llistxattr, 0)
XATTR_PATH(removexattr, GPATH_FOLLOW)
XATTR_PATH(lremovexattr, 0)
