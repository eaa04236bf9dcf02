/*
 * /proc nodes of the guest process: path matching (self, thread-self, our
 * pid, and task/<tid> of our threads), the node table and the per-process
 * nodes (exe, maps, smaps, auxv, cmdline, environ, stat, status).
 * Generated contents are handed to the guest through a memfd so it gets a
 * real, seekable fd.  comm is the host's own file: xemu gives its host
 * threads the guest's name (procfs_sync_identity), so reads and writes of
 * /proc/.../comm, PR_GET_NAME and ps all agree with the kernel's view.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <linux/prctl.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <pthread.h>
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

/* The task the last procfs_lookup on this thread named (our pid for
 * /proc/self, the caller for thread-self, <tid> for task/<tid>); lookup
 * and read happen back to back on the same thread. */
static __thread pid_t target_tid;

static pid_t target(void)
{
    return target_tid ? target_tid : getpid();
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

/* The default command name of the guest: its program's basename, at most
 * 15 characters like the kernel's comm. */
static void default_comm(char *out, size_t len)
{
    const char *base = strrchr(guest_image.exe_path, '/');
    base = base ? base + 1 : guest_image.exe_path;
    snprintf(out, len, "%.15s", base);
}

/* The host comm still says "xemu..." (the kernel named us after our own
 * binary) until the guest or procfs_sync_identity renames the thread. */
static bool is_xemu_name(const char *name)
{
    return !strncmp(name, "xemu", 4);
}

static void read_comm(pid_t tid, char *out, size_t len)
{
    char path[64];
    out[0] = 0;
    snprintf(path, sizeof path, "/proc/self/task/%d/comm", (int)tid);
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    if (fgets(out, (int)len, f))
        out[strcspn(out, "\n")] = 0;
    fclose(f);
}

/* What other processes read in /proc/<our pid>/cmdline, environ and auxv
 * is the kernel's mm->arg_start..env_end and saved auxv: point them at the
 * guest's (PR_SET_MM_MAP needs no privilege for these; the code, data,
 * brk and stack fields must be handed back unchanged, so they come from
 * the host's own stat and brk).  Children made by fork inherit it. */
static char *slurp(const char *path);

static void sync_mm_map(void)
{
    const struct image_info *g = &guest_image;
    if (!g->argv_start || !g->env_end)
        return;
    char *host = slurp("/proc/self/stat");
    if (!host)
        return;
    unsigned long long f[52] = { 0 };
    char *rp = strrchr(host, ')');
    int field = 3;
    char *save = NULL;
    for (char *tok = rp ? strtok_r(rp + 1, " \n", &save) : NULL; tok && field < 52;
         tok = strtok_r(NULL, " \n", &save), field++)
        f[field] = strtoull(tok, NULL, 10);
    free(host);
    if (field < 52)
        return;
    struct prctl_mm_map m = {
        .start_code = f[26], .end_code = f[27], .start_data = f[45], .end_data = f[46],
        .start_brk = f[47], .brk = (uint64_t)syscall(SYS_brk, 0), .start_stack = f[28],
        .arg_start = g->argv_start, .arg_end = g->argv_end,
        .env_start = g->env_start, .env_end = g->env_end,
        .auxv = (__u64 *)(uintptr_t)g->auxv, .auxv_size = (uint32_t)g->auxv_len,
        .exe_fd = (uint32_t)-1,
    };
    if (prctl(PR_SET_MM, PR_SET_MM_MAP, &m, sizeof m, 0) < 0) {
        /* a guest auxv longer than the kernel keeps: the rest alone */
        m.auxv = NULL;
        m.auxv_size = 0;
        prctl(PR_SET_MM, PR_SET_MM_MAP, &m, sizeof m, 0);
    }
}

void procfs_sync_identity(void)
{
    static pid_t synced_pid;
    if (synced_pid == getpid() || !guest_image.exe_path[0])
        return;
    synced_pid = getpid();
    sync_mm_map();
    char host[32];
    read_comm((pid_t)syscall(SYS_gettid), host, sizeof host);
    if (!is_xemu_name(host))
        return;
    char comm[32];
    default_comm(comm, sizeof comm);
    prctl(PR_SET_NAME, comm, 0, 0, 0);
}

/* The target task's command name as the guest knows it. */
static void guest_comm(char *out, size_t len)
{
    char host[32];
    read_comm(target(), host, sizeof host);
    if (host[0] && !is_xemu_name(host))
        snprintf(out, len, "%s", host);
    else
        default_comm(out, len);
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
    char path[64];
    snprintf(path, sizeof path, "/proc/self/task/%d/stat", (int)target());
    char *host = slurp(path);
    if (!host)
        return -EIO;
    char *rp = strrchr(host, ')');
    if (!rp) {
        free(host);
        return -EIO;
    }
    char comm[32];
    guest_comm(comm, sizeof comm);
    procfs_printf(b, "%d (%s)", (int)target(), comm);
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
    char path[64];
    snprintf(path, sizeof path, "/proc/self/task/%d/status", (int)target());
    char *host = slurp(path);
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

/* ---- smaps: the guest's areas, with the host kernel's accounting ----
 * Guest and host addresses are the same, so the host's smaps entries that
 * overlap a guest area hold its page counts.  An area that is exactly
 * one host entry gets that entry's lines; otherwise the "kB" fields of
 * the overlapping entries are summed, scaled by how much of each overlaps
 * (the host may split or merge differently from what the guest did). */

struct host_vma {
    uint64_t start, end;
    const char *fields;         /* the lines after the header, up to the next header */
    size_t len;
};

static bool smaps_header(const char *line, uint64_t *start, uint64_t *end)
{
    unsigned long long a, b;
    int n = 0;
    if (sscanf(line, "%llx-%llx %n", &a, &b, &n) != 2 || n == 0)
        return false;
    *start = a;
    *end = b;
    return true;
}

static size_t parse_host_smaps(char *text, struct host_vma **out)
{
    size_t n = 0, cap = 0;
    struct host_vma *v = NULL;
    for (char *line = text; line && *line;) {
        char *nl = strchr(line, '\n');
        char *next = nl ? nl + 1 : NULL;
        uint64_t s, e;
        if (smaps_header(line, &s, &e)) {
            if (n == cap) {
                cap = cap ? cap * 2 : 256;
                struct host_vma *nv = realloc(v, cap * sizeof *v);
                if (!nv)
                    break;
                v = nv;
            }
            v[n++] = (struct host_vma){ s, e, next ? next : "", 0 };
        } else if (n) {
            v[n - 1].len = (size_t)((next ? next : line + strlen(line)) - v[n - 1].fields);
        }
        line = next;
    }
    *out = v;
    return n;
}

/* VmFlags with the access letters the guest's protection gives. */
static void smaps_vmflags(struct procfs_buf *b, const struct vm_area *a, const char *host)
{
    procfs_printf(b, "VmFlags:");
    if (a->prot & PROT_READ)
        procfs_printf(b, " rd");
    if (a->prot & PROT_WRITE)
        procfs_printf(b, " wr");
    if (a->prot & PROT_EXEC)
        procfs_printf(b, " ex");
    if (a->flags & MAP_SHARED)
        procfs_printf(b, " sh");
    char flag[8];
    int used;
    for (const char *p = host; sscanf(p, " %7s%n", flag, &used) == 1; p += used) {
        if (!strcmp(flag, "rd") || !strcmp(flag, "wr") || !strcmp(flag, "ex") || !strcmp(flag, "sh"))
            continue;
        procfs_printf(b, " %s", flag);
    }
    procfs_printf(b, " \n");
}

/* Resident pages of [lo,hi) (mincore counts anonymous pages too). */
static uint64_t resident_pages(uint64_t lo, uint64_t hi)
{
    size_t n = (size_t)((hi - lo) >> 12);
    unsigned char vec[512];
    uint64_t count = 0;
    for (size_t done = 0; done < n;) {
        size_t chunk = n - done < sizeof vec ? n - done : sizeof vec;
        if (mincore((void *)(uintptr_t)(lo + (done << 12)), chunk << 12, vec) < 0)
            return 0;
        for (size_t i = 0; i < chunk; i++)
            count += vec[i] & 1;
        done += chunk;
    }
    return count;
}

static unsigned long long host_field(const struct host_vma *h, const char *key)
{
    size_t klen = strlen(key);
    for (const char *f = h->fields, *fe = h->fields + h->len; f < fe;) {
        const char *nl = memchr(f, '\n', (size_t)(fe - f));
        if (!strncmp(f, key, klen) && f[klen] == ':')
            return strtoull(f + klen + 1, NULL, 10);
        f = nl ? nl + 1 : fe;
    }
    return 0;
}

/* The part of host entry h's field (hv kB) that falls in [lo,hi): the
 * resident-page fields by the resident pages there, the rest by size;
 * whole pages. */
static unsigned long long smaps_share(const struct host_vma *h, const char *key,
                                      unsigned long long hv, uint64_t lo, uint64_t hi)
{
    static const char *const by_rss[] = { "Rss", "Pss", "Pss_Dirty", "Pss_Anon", "Pss_File",
                                          "Pss_Shmem", "Shared_Clean", "Shared_Dirty",
                                          "Private_Clean", "Private_Dirty", "Referenced",
                                          "Anonymous" };
    unsigned long long num = (hi - lo) >> 10, den = (h->end - h->start) >> 10;
    for (size_t i = 0; i < sizeof by_rss / sizeof by_rss[0]; i++) {
        if (!strcmp(key, by_rss[i])) {
            num = resident_pages(lo, hi) * 4;
            den = host_field(h, "Rss");
            break;
        }
    }
    if (!den)
        return 0;
    unsigned long long v = (unsigned long long)((__uint128_t)hv * num / den);
    return v > hv ? hv : v & ~3ull;
}

struct smaps_ctx {
    struct procfs_buf *b;
    struct host_vma *host;
    size_t nhost;
};

static int smaps_area(const struct vm_area *a, void *arg)
{
    struct smaps_ctx *c = arg;
    maps_line(a, c->b);
    /* the overlapping host entries, in address order */
    size_t first = c->nhost, count = 0;
    for (size_t i = 0; i < c->nhost; i++) {
        if (c->host[i].end > a->start && c->host[i].start < a->end) {
            if (first == c->nhost)
                first = i;
            count++;
        }
    }
    if (count == 0) {
        procfs_printf(c->b, "Size:           %8llu kB\n",
                      (unsigned long long)((a->end - a->start) >> 10));
        return 0;
    }
    const struct host_vma *h0 = &c->host[first];
    bool exact = count == 1 && h0->start == a->start && h0->end == a->end;
    /* the field names and order come from the first host entry */
    const char *p = h0->fields, *stop = h0->fields + h0->len;
    while (p < stop) {
        const char *nl = memchr(p, '\n', (size_t)(stop - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(stop - p);
        char key[64];
        unsigned long long v;
        if (!strncmp(p, "VmFlags:", 8)) {
            char host_flags[256];
            snprintf(host_flags, sizeof host_flags, "%.*s", (int)(len - 8), p + 8);
            smaps_vmflags(c->b, a, host_flags);
        } else if (sscanf(p, "%63[^:]: %llu kB", key, &v) == 2 && !exact &&
                   strcmp(key, "KernelPageSize") && strcmp(key, "MMUPageSize")) {
            /* sum this field over the overlapping entries, scaled */
            unsigned long long total = 0;
            if (!strcmp(key, "Size")) {
                total = (a->end - a->start) >> 10;
            } else {
                for (size_t i = first; i < first + count; i++) {
                    const struct host_vma *h = &c->host[i];
                    const char *f = h->fields, *fe = h->fields + h->len;
                    size_t klen = strlen(key);
                    while (f < fe) {
                        const char *fnl = memchr(f, '\n', (size_t)(fe - f));
                        if (!strncmp(f, key, klen) && f[klen] == ':') {
                            unsigned long long hv = strtoull(f + klen + 1, NULL, 10);
                            uint64_t lo = h->start > a->start ? h->start : a->start;
                            uint64_t hi = h->end < a->end ? h->end : a->end;
                            total += smaps_share(h, key, hv, lo, hi);
                            break;
                        }
                        f = fnl ? fnl + 1 : fe;
                    }
                }
            }
            char head[80];
            int hn = snprintf(head, sizeof head, "%s:", key);
            procfs_printf(c->b, "%s%*llu kB\n", head, 24 - hn > 1 ? 24 - hn : 1, total);
        } else {
            procfs_append(c->b, p, len);
            procfs_append(c->b, "\n", 1);
        }
        p = nl ? nl + 1 : stop;
    }
    return 0;
}

static int smaps_read(struct procfs_buf *b)
{
    char *host = slurp("/proc/self/smaps");
    if (!host)
        return -EIO;
    struct smaps_ctx c = { b, NULL, 0 };
    c.nhost = parse_host_smaps(host, &c.host);
    vmmap_foreach(smaps_area, &c);
    free(c.host);
    free(host);
    return 0;
}

static const struct procfs_node nodes[] = {
    { "exe", 1, exe_readlink, NULL },
    { "maps", 1, NULL, maps_read },
    { "auxv", 1, NULL, auxv_read },
    { "cmdline", 1, NULL, cmdline_read },
    { "environ", 1, NULL, environ_read },
    { "smaps", 1, NULL, smaps_read },
    { "stat", 1, NULL, stat_read },
    { "status", 1, NULL, status_read },
    { "cpuinfo", 0, NULL, procfs_cpuinfo_aarch64 },
};

bool procfs_may_name(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    for (size_t i = 0; i < sizeof nodes / sizeof nodes[0]; i++)
        if (!strcmp(base, nodes[i].name))
            return true;
    return false;
}

/* A decimal number followed by '/', or -1. */
static long leading_id(const char *p, const char **rest)
{
    char *end;
    if (*p < '0' || *p > '9')
        return -1;
    long v = strtol(p, &end, 10);
    if (*end != '/')
        return -1;
    *rest = end + 1;
    return v;
}

static bool our_thread(long tid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/self/task/%ld", tid);
    return tid > 0 && access(path, F_OK) == 0;
}

/* "self/", "thread-self/" or our own pid in decimal, then "/", then
 * optionally "task/<tid>/" for one of our threads; sets *tid. */
static const char *skip_self(const char *p, pid_t *tid)
{
    const char *rest = NULL;
    *tid = getpid();
    if (!strncmp(p, "self/", 5)) {
        rest = p + 5;
    } else if (!strncmp(p, "thread-self/", 12)) {
        *tid = (pid_t)syscall(SYS_gettid);
        return p + 12;
    } else {
        long pid = leading_id(p, &rest);
        if (pid != (long)getpid())
            return NULL;
    }
    if (!strncmp(rest, "task/", 5)) {
        const char *after;
        long t = leading_id(rest + 5, &after);
        if (t < 0 || !our_thread(t))
            return NULL;
        *tid = (pid_t)t;
        return after;
    }
    return rest;
}

const struct procfs_node *procfs_lookup(const char *path)
{
    if (strncmp(path, "/proc/", 6))
        return NULL;
    procfs_sync_identity();
    const char *rest = path + 6;
    while (*rest == '/')
        rest++;
    pid_t tid = 0;
    const char *own = skip_self(rest, &tid);
    for (size_t i = 0; i < sizeof nodes / sizeof nodes[0]; i++) {
        const char *name = nodes[i].per_process ? own : rest;
        if (name && !strcmp(name, nodes[i].name)) {
            target_tid = nodes[i].per_process ? tid : 0;
            return &nodes[i];
        }
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

/* ---- /proc/self/fd/N of a generated node ----
 * The guest's fd is a memfd, whose link the host names "/memfd:maps
 * (deleted)"; the kernel would say "/proc/<pid>/maps".  Remember the name
 * per fd, and trust it only while the host still shows our memfd there
 * (the fd may have been closed and reused since). */
#define PROCFS_FDS 1024
static char *fd_names[PROCFS_FDS];
static pthread_mutex_t fd_names_lock = PTHREAD_MUTEX_INITIALIZER;

void procfs_note_fd(int fd, const char *guest_path)
{
    if (fd < 0 || fd >= PROCFS_FDS || strncmp(guest_path, "/proc/", 6))
        return;
    /* the kernel's name: self and thread-self resolved */
    const char *rest = guest_path + 6;
    while (*rest == '/')
        rest++;
    char name[PATH_MAX];
    if (!strncmp(rest, "self/", 5))
        snprintf(name, sizeof name, "/proc/%d/%s", (int)getpid(), rest + 5);
    else if (!strncmp(rest, "thread-self/", 12))
        snprintf(name, sizeof name, "/proc/%d/task/%d/%s", (int)getpid(),
                 (int)syscall(SYS_gettid), rest + 12);
    else
        snprintf(name, sizeof name, "/proc/%s", rest);
    char *copy = strdup(name);
    pthread_mutex_lock(&fd_names_lock);
    free(fd_names[fd]);
    fd_names[fd] = copy;
    pthread_mutex_unlock(&fd_names_lock);
}

int procfs_fd_link(const char *guest_path, char *buf, size_t len)
{
    if (strncmp(guest_path, "/proc/", 6))
        return -1;
    pid_t tid;
    const char *own = skip_self(guest_path + 6, &tid);
    if (!own || strncmp(own, "fd/", 3))
        return -1;
    char *end;
    long fd = strtol(own + 3, &end, 10);
    if (end == own + 3 || *end || fd < 0 || fd >= PROCFS_FDS)
        return -1;
    char host_path[64], host[PATH_MAX];
    snprintf(host_path, sizeof host_path, "/proc/self/fd/%ld", fd);
    ssize_t n = readlink(host_path, host, sizeof host - 1);
    if (n <= 0 || strncmp(host, "/memfd:", 7))
        return -1;
    int r = -1;
    pthread_mutex_lock(&fd_names_lock);
    if (fd_names[fd]) {
        snprintf(buf, len, "%s", fd_names[fd]);
        r = (int)strlen(buf);
    }
    pthread_mutex_unlock(&fd_names_lock);
    return r;
}
