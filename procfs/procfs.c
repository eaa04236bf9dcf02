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
#include <stdbool.h>
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
    if (n < 0)
        return 0;
    if ((size_t)n >= sizeof line)
        n = sizeof line - 1;
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

/* The guest's command name: its own PR_SET_NAME if it set one, else the
 * program's basename (the kernel's comm is 15 characters at most). */
static void guest_comm(char *out, size_t len)
{
    char host[32] = "";
    FILE *f = fopen("/proc/thread-self/comm", "r");
    if (f) {
        if (fgets(host, sizeof host, f))
            host[strcspn(host, "\n")] = 0;
        fclose(f);
    }
    const char *base = strrchr(guest_image.exe_path, '/');
    base = base ? base + 1 : guest_image.exe_path;
    if (host[0] && strncmp(host, "xemu", 4))
        snprintf(out, len, "%s", host);
    else
        snprintf(out, len, "%.15s", base);
}

static int comm_read(struct procfs_buf *b)
{
    char comm[32];
    guest_comm(comm, sizeof comm);
    procfs_printf(b, "%s\n", comm);
    return 0;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    struct procfs_buf b = { 0 };
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        procfs_append(&b, chunk, n);
    fclose(f);
    return b.data;
}

/* The host's /proc/self/stat with the guest's comm and memory layout
 * (fields 26-28 and 45-51, numbered as in proc(5)). */
static int stat_read(struct procfs_buf *b)
{
    char *host = slurp("/proc/self/stat");
    if (!host)
        return -EIO;
    char *rp = strrchr(host, ')');
    if (!rp) {
        free(host);
        return -EIO;
    }
    char comm[32];
    guest_comm(comm, sizeof comm);
    procfs_printf(b, "%d (%s)", (int)getpid(), comm);
    const struct image_info *g = &guest_image;
    char *save = NULL;
    int field = 3;
    for (char *tok = strtok_r(rp + 1, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save), field++) {
        unsigned long long v;
        bool subst = true;
        switch (field) {
        case 26: v = g->start_code; break;
        case 27: v = g->end_code; break;
        case 28: v = g->stack_high; break;
        case 45: v = g->start_data; break;
        case 46: v = g->end_data; break;
        case 47: v = g->start_brk; break;
        case 48: v = g->argv_start; break;
        case 49: v = g->argv_end; break;
        case 50: v = g->env_start; break;
        case 51: v = g->env_end; break;
        default: subst = false; v = 0; break;
        }
        if (subst)
            procfs_printf(b, " %llu", v);
        else
            procfs_printf(b, " %s", tok);
    }
    procfs_printf(b, "\n");
    free(host);
    return 0;
}

/* The host's /proc/self/status with the guest's Name. */
static int status_read(struct procfs_buf *b)
{
    char *host = slurp("/proc/self/status");
    if (!host)
        return -EIO;
    char comm[32];
    guest_comm(comm, sizeof comm);
    char *save = NULL;
    for (char *line = strtok_r(host, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (!strncmp(line, "Name:", 5))
            procfs_printf(b, "Name:\t%s\n", comm);
        else
            procfs_printf(b, "%s\n", line);
    }
    free(host);
    return 0;
}

static const struct procfs_node nodes[] = {
    { "exe", 1, exe_readlink, NULL },
    { "maps", 1, NULL, maps_read },
    { "auxv", 1, NULL, auxv_read },
    { "cmdline", 1, NULL, cmdline_read },
    { "environ", 1, NULL, environ_read },
    { "comm", 1, NULL, comm_read },
    { "stat", 1, NULL, stat_read },
    { "status", 1, NULL, status_read },
    { "cpuinfo", 0, NULL, procfs_cpuinfo_aarch64 },
};

/* "self/", "thread-self/", or our own pid in decimal, then "/". */
static const char *skip_self(const char *p)
{
    if (!strncmp(p, "self/", 5))
        return p + 5;
    if (!strncmp(p, "thread-self/", 12))
        return p + 12;
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
