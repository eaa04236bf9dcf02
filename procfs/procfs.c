/*
 * /proc nodes of the guest process: path matching, the node table and the
 * per-process nodes (exe, maps, auxv, cmdline).  Generated contents are
 * handed to the guest through a memfd so it gets a real, seekable fd.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "loader/loader.h"
#include "loader/vmmap.h"
#include "procfs/procfs.h"
#include "syscalls/sys_internal.h"

void procfs_append(struct procfs_buf *b, const void *data, size_t len)
{
    if (b->len + len + 1 > b->cap) {
        size_t ncap = b->cap ? b->cap * 2 : 4096;
        while (ncap < b->len + len + 1)
            ncap *= 2;
        char *n = realloc(b->data, ncap);
        if (!n)
            return;
        b->data = n;
        b->cap = ncap;
    }
    memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = 0;
}

void procfs_printf(struct procfs_buf *b, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        procfs_append(b, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big)
        return;
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    procfs_append(b, big, (size_t)n);
    free(big);
}

static int exe_readlink(char *buf, size_t len)
{
    if (!guest_image.exe_path[0])
        return -ENOENT;
    snprintf(buf, len, "%s", guest_image.exe_path);
    return 0;
}

/* One line in the kernel's show_map_vma format: the name starts at
 * column 73 (the prefix is padded to 72 characters plus one space). */
static int maps_line(const struct vm_area *a, void *arg)
{
    struct procfs_buf *b = arg;
    char line[128];
    int n = snprintf(line, sizeof line, "%08llx-%08llx %c%c%c%c %08llx %02x:%02x %llu ",
                     (unsigned long long)a->start, (unsigned long long)a->end,
                     a->prot & PROT_READ ? 'r' : '-', a->prot & PROT_WRITE ? 'w' : '-',
                     a->prot & PROT_EXEC ? 'x' : '-', a->flags & MAP_SHARED ? 's' : 'p',
                     (unsigned long long)a->offset, major(a->dev), minor(a->dev),
                     (unsigned long long)a->ino);
    procfs_append(b, line, (size_t)n);
    if (a->name[0]) {
        if (n < 73)
            procfs_printf(b, "%*s", 73 - n, "");
        procfs_printf(b, "%s", a->name);
    }
    procfs_append(b, "\n", 1);
    return 0;
}

static int maps_read(struct procfs_buf *b)
{
    vmmap_foreach(maps_line, b);
    return 0;
}

static int guest_range_read(struct procfs_buf *b, uint64_t start, uint64_t end)
{
    if (!start || end <= start)
        return 0;
    size_t len = end - start;
    char *tmp = malloc(len);
    if (!tmp)
        return -ENOMEM;
    int r = gmem_read(tmp, start, len);
    if (r == 0)
        procfs_append(b, tmp, len);
    free(tmp);
    return r;
}

static int auxv_read(struct procfs_buf *b)
{
    return guest_range_read(b, guest_image.auxv, guest_image.auxv + guest_image.auxv_len);
}

static int cmdline_read(struct procfs_buf *b)
{
    return guest_range_read(b, guest_image.argv_start, guest_image.argv_end);
}

static int environ_read(struct procfs_buf *b)
{
    return guest_range_read(b, guest_image.env_start, guest_image.env_end);
}

static const struct procfs_node nodes[] = {
    { "exe", 1, exe_readlink, NULL },
    { "maps", 1, NULL, maps_read },
    { "auxv", 1, NULL, auxv_read },
    { "cmdline", 1, NULL, cmdline_read },
    { "environ", 1, NULL, environ_read },
    { "cpuinfo", 0, NULL, procfs_cpuinfo_aarch64 },
};

/* "self", "thread-self/.." is not handled; our own pid in decimal. */
static const char *skip_self(const char *p)
{
    if (!strncmp(p, "self/", 5))
        return p + 5;
    char *end;
    long pid = strtol(p, &end, 10);
    if (end != p && *end == '/' && pid == (long)getpid())
        return end + 1;
    return NULL;
}

const struct procfs_node *procfs_lookup(const char *path)
{
    if (strncmp(path, "/proc/", 6))
        return NULL;
    const char *rest = path + 6;
    while (*rest == '/')
        rest++;
    const char *own = skip_self(rest);
    for (size_t i = 0; i < sizeof nodes / sizeof nodes[0]; i++) {
        const char *name = nodes[i].per_process ? own : rest;
        if (name && !strcmp(name, nodes[i].name))
            return &nodes[i];
    }
    return NULL;
}

long procfs_read(const struct procfs_node *n, char **out)
{
    struct procfs_buf b = { 0 };
    if (!n->read)
        return -EINVAL;
    int r = n->read(&b);
    if (r < 0) {
        free(b.data);
        return r;
    }
    *out = b.data ? b.data : calloc(1, 1);
    return (long)b.len;
}

int procfs_open(const struct procfs_node *n)
{
    char *data;
    long len = procfs_read(n, &data);
    if (len < 0)
        return (int)len;
    int fd = memfd_create(n->name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (fd < 0) {
        free(data);
        return -errno;
    }
    const char *p = data;
    long left = len;
    while (left > 0) {
        ssize_t w = write(fd, p, (size_t)left);
        if (w <= 0) {
            int e = errno;
            close(fd);
            free(data);
            return -e;
        }
        p += w;
        left -= w;
    }
    free(data);
    lseek(fd, 0, SEEK_SET);
    /* the guest sees a read-only file, as the kernel's /proc is */
    fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
    return fd;
}
