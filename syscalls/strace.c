/*
 * -strace: one line per guest syscall in strace(1)'s style,
 *   PID name(arg, arg, ...) = result | -1 ENAME (message)
 * with strings quoted and truncated, flags as names (from the generated
 * ABI maps, guest values) and pointers in hex.  Called by dispatch.c.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "syscalls/strace.h"
#include "syscalls/sys_internal.h"

#define STR_MAX 32

struct out {
    char *p;
    size_t len, used;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct out *o, const char *fmt, ...)
{
    if (o->used >= o->len)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(o->p + o->used, o->len - o->used, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->used += (size_t)n < o->len - o->used ? (size_t)n : o->len - o->used - 1;
}

static void put_quoted(struct out *o, const unsigned char *s, size_t n, bool more)
{
    put(o, "\"");
    for (size_t i = 0; i < n; i++) {
        unsigned c = s[i];
        switch (c) {
        case '\n': put(o, "\\n"); break;
        case '\t': put(o, "\\t"); break;
        case '\r': put(o, "\\r"); break;
        case '"': put(o, "\\\""); break;
        case '\\': put(o, "\\\\"); break;
        default:
            if (isprint(c))
                put(o, "%c", c);
            else
                put(o, "\\%o", c);
        }
    }
    put(o, "\"%s", more ? "..." : "");
}

static void put_string(struct out *o, uint64_t a)
{
    char buf[STR_MAX + 1];
    if (!a) {
        put(o, "NULL");
        return;
    }
    long n = gmem_strncpy(buf, a, sizeof buf);
    if (n == -EFAULT)
        put(o, "%#llx", (unsigned long long)a);
    else
        put_quoted(o, (unsigned char *)buf, n < 0 ? STR_MAX : (size_t)n, n < 0);
}

static void put_buffer(struct out *o, uint64_t a, uint64_t len)
{
    unsigned char buf[STR_MAX];
    size_t n = len < STR_MAX ? len : STR_MAX;
    if (gmem_read(buf, a, n) < 0)
        put(o, "%#llx", (unsigned long long)a);
    else
        put_quoted(o, buf, n, len > STR_MAX);
}

/* ["a", "b", ...] for argv; environments are summarised as strace does. */
static void put_strvec(struct out *o, uint64_t a, bool summary)
{
    uint64_t p;
    int n = 0;
    if (!a) {
        put(o, "NULL");
        return;
    }
    if (summary) {
        while (n < 4096 && gmem_read(&p, a + 8 * (uint64_t)n, 8) == 0 && p)
            n++;
        put(o, "%#llx /* %d vars */", (unsigned long long)a, n);
        return;
    }
    put(o, "[");
    for (; n < 32; n++) {
        if (gmem_read(&p, a + 8 * (uint64_t)n, 8) < 0) {
            put(o, "%s%#llx", n ? ", " : "", (unsigned long long)a);
            break;
        }
        if (!p)
            break;
        if (n)
            put(o, ", ");
        put_string(o, p);
    }
    if (n == 32)
        put(o, ", ...");
    put(o, "]");
}

static void put_flags(struct out *o, enum abi_map_id id, uint64_t v)
{
    char buf[512];
    put(o, "%s", abi_flags_str(abi_map(id), v, buf, sizeof buf));
}

static void put_value(struct out *o, enum abi_map_id id, int64_t v)
{
    const char *n = abi_value_name(abi_map(id), v);
    if (n)
        put(o, "%s", n);
    else
        put(o, "%#llx", (unsigned long long)v);
}

/* Guest value of a named open flag (0 if the guest has none). */
static uint64_t open_flag(const char *name)
{
    const struct abi_map *m = abi_map(ABI_M_open_flags);
    for (uint32_t i = 0; i < m->n; i++)
        if (m->c[i].has_g && !strcmp(m->c[i].name, name))
            return (uint64_t)m->c[i].g;
    return 0;
}

/* {st_mode=S_IFREG|0644, st_size=N, ...} from a guest struct stat. */
static void put_stat(struct out *o, uint64_t a)
{
    const struct abi_layout *l = abi_layout(ABI_L_stat);
    unsigned char g[512];
    if (l->gsize > sizeof g || gmem_read(g, a, l->gsize) < 0) {
        put(o, "%#llx", (unsigned long long)a);
        return;
    }
    uint32_t mode = 0;
    int64_t size = 0;
    for (uint32_t i = 0; i < l->nfields; i++) {
        if (!strcmp(l->fields[i].name, "st_mode"))
            memcpy(&mode, g + l->fields[i].goff, 4);
        else if (!strcmp(l->fields[i].name, "st_size"))
            memcpy(&size, g + l->fields[i].goff, 8);
    }
    static const char *const types[16] = {
        [1] = "S_IFIFO", [2] = "S_IFCHR", [4] = "S_IFDIR", [6] = "S_IFBLK",
        [8] = "S_IFREG", [10] = "S_IFLNK", [12] = "S_IFSOCK",
    };
    const char *t = types[(mode >> 12) & 15];
    put(o, "{st_mode=%s|0%o, st_size=%lld, ...}", t ? t : "0", mode & 07777, (long long)size);
}

static void put_arg(struct out *o, char kind, const uint64_t *a, int i, bool done, int64_t ret)
{
    uint64_t v = a[i];
    bool failed = done && ret < 0 && ret >= -4095;
    switch (kind) {
    case 'R':
        /* output buffer: its contents once the call has filled ret bytes */
        if (done && !failed)
            put_buffer(o, v, (uint64_t)ret);
        else
            put(o, "%#llx", (unsigned long long)v);
        break;
    case 'T':
        if (done && !failed)
            put_stat(o, v);
        else
            put(o, "%#llx", (unsigned long long)v);
        break;
    case 'd': put(o, "%d", (int)v); break;
    case 'u': put(o, "%llu", (unsigned long long)v); break;
    case 's': put_string(o, v); break;
    case 'V': put_strvec(o, v, false); break;
    case 'E': put_strvec(o, v, true); break;
    case 'B': put_buffer(o, v, a[i + 1]); break;
    case 'f':
        if ((int)v == -100)
            put(o, "AT_FDCWD");
        else
            put(o, "%d", (int)v);
        break;
    case 'o': case 'm': put(o, "0%llo", (unsigned long long)v); break;
    case 'O': {
        static const char *const acc[] = { "O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE" };
        put(o, "%s", acc[v & 3]);
        if (v & ~3ull) {
            put(o, "|");
            put_flags(o, ABI_M_open_flags, v & ~3ull);
        }
        break;
    }
    case 'K': if (v) put_flags(o, ABI_M_open_flags, v); else put(o, "0"); break;
    case 'A': if (v) put_flags(o, ABI_M_at_flags, v); else put(o, "0"); break;
    case 'M': put_flags(o, ABI_M_mmap_flags, v); break;
    case 'P': if (v) put_flags(o, ABI_M_prot_flags, v); else put(o, "PROT_NONE"); break;
    case 'S': put_value(o, ABI_M_signals, (int64_t)v); break;
    case 'C':
        if (v & ~0xffull) {
            put_flags(o, ABI_M_clone_flags, v & ~0xffull);
            if (v & 0xff)
                put(o, "|");
        }
        if (v & 0xff)
            put_value(o, ABI_M_signals, (int64_t)(v & 0xff));
        else if (!(v & ~0xffull))
            put(o, "0");
        break;
    case 'F': put_value(o, ABI_M_fcntl_cmds, (int64_t)v); break;
    case 'I': put_value(o, ABI_M_ioctls, (int64_t)(uint32_t)v); break;
    case 'W': if (v) put_flags(o, ABI_M_wait_options, v); else put(o, "0"); break;
    case 'p': case 'x': default:
        if (v)
            put(o, "%#llx", (unsigned long long)v);
        else
            put(o, kind == 'p' ? "NULL" : "0");
        break;
    }
}

void strace_format_call(char *buf, size_t len, const char *name, const char *kinds,
                        const uint64_t a[6], bool done, int64_t ret)
{
    struct out o = { buf, len, 0 };
    buf[0] = 0;
    put(&o, "%d %s(", (int)gettid(), name);
    for (int i = 0; kinds && kinds[i] && i < 6; i++) {
        /* 'm': a mode that only means something with O_CREAT/O_TMPFILE */
        if (kinds[i] == 'm' && i > 0 &&
            !(a[i - 1] & (open_flag("O_CREAT") | open_flag("__O_TMPFILE"))))
            break;
        if (i)
            put(&o, ", ");
        put_arg(&o, kinds[i], a, i, done, ret);
    }
    put(&o, ")");
}

void strace_format_result(char *buf, size_t len, char ret_kind, int64_t r)
{
    struct out o = { buf, len, 0 };
    buf[0] = 0;
    if (r < 0 && r >= -4095) {
        int ge = (int)-r;
        const char *n = abi_value_name(abi_map(ABI_M_errno), ge);
        int he = (int)abi_value_g2h(ABI_M_errno, ge);
        put(&o, " = -1 %s (%s)", n ? n : "E?", strerror(he));
    } else if (ret_kind == 'x') {
        put(&o, " = %#llx", (unsigned long long)r);
    } else {
        put(&o, " = %lld", (long long)r);
    }
}
