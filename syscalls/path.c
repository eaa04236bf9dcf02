/*
 * Guest path resolution, done once for every path-taking syscall: copy
 * the string in (EFAULT-safe), recognise the guest's /proc nodes
 * (procfs/), and map absolute paths through the -L prefix.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "loader/loader.h"
#include "procfs/procfs.h"
#include "syscalls/sys_internal.h"

int gpath_get(struct gpath *p, int dirfd, uint64_t gaddr, unsigned how)
{
    (void)dirfd;
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
    if (p->raw[0] != '/')
        return 0;
    const struct procfs_node *node = procfs_lookup(p->raw);
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
            procfs_note_fd(fd, p->raw);
            p->proc_fd = fd;
        }
        return 0;
    }
    if (loader_ld_prefix && loader_ld_prefix[0])
        p->path = loader_resolve_path(p->raw, p->buf);
    return 0;
}
