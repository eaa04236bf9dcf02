/*
 * Guest path resolution, done once for every path-taking syscall: copy
 * the string in (EFAULT-safe), recognise the guest's /proc nodes
 * (procfs/), and map absolute paths through the -L prefix.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "loader/loader.h"
#include "procfs/procfs.h"
#include "syscalls/sys_internal.h"

/* A relative path under a directory of /proc (a dirfd opened there, or
 * the cwd): the absolute path, so the guest's nodes are found the same
 * way (openat(proc_self_fd, "maps"), chdir("/proc/self")).  False when
 * the base is not in /proc. */
static bool proc_relative(int dirfd, const char *rel, char *out, size_t len)
{
    char base[PATH_MAX];
    if (dirfd == AT_FDCWD) {
        if (!getcwd(base, sizeof base))
            return false;
    } else {
        char link[64];
        snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
        ssize_t n = readlink(link, base, sizeof base - 1);
        if (n <= 0)
            return false;
        base[n] = 0;
    }
    if (strncmp(base, "/proc/", 6) && strcmp(base, "/proc"))
        return false;
    return (size_t)snprintf(out, len, "%s/%s", base, rel) < len;
}

int gpath_get(struct gpath *p, int dirfd, uint64_t gaddr, unsigned how)
{
    p->proc_fd = -1;
    p->is_proc_link = false;
    p->node = NULL;
    p->path = p->raw;
    p->raw[0] = 0;
    if (gaddr == 0)
        return 0;
    long n = gmem_strncpy(p->raw, gaddr, sizeof p->raw);
    if (n < 0)
        return (int)n;
    const char *abs = p->raw;
    if (p->raw[0] != '/') {
        if (!p->raw[0] || !procfs_may_name(p->raw) ||
            !proc_relative(dirfd, p->raw, p->buf, sizeof p->buf))
            return 0;
        abs = p->buf;
    }
    const struct procfs_node *node = procfs_lookup(abs);
    if (node) {
        p->node = node;
        if (node->readlink) {
            if (how & GPATH_FOLLOW) {
                int r = node->readlink(p->buf, sizeof p->buf);
                if (r < 0)
                    return r;
                p->path = p->buf;
                p->is_proc_link = true;
            }
        } else if (how & GPATH_WANT_FD) {
            int fd = procfs_open(node);
            if (fd < 0)
                return fd;
            procfs_note_fd(fd, abs);
            p->proc_fd = fd;
        }
        return 0;
    }
    if (loader_ld_prefix && loader_ld_prefix[0])
        p->path = loader_resolve_path(p->raw, p->buf);
    return 0;
}
