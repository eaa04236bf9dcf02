/*
 * Host mapping queries for the loader and vmmap (see hostmaps.h).
 * Small ranges are probed page by page with mincore, which fails with
 * ENOMEM exactly on unmapped pages whatever their protection; larger
 * ones are answered by one pass over /proc/self/maps.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "loader/hostmaps.h"

#define PAGE 4096ull
enum { PROBE_PAGES = 16 };

/* Calls cb(start, end, arg) for each line of /proc/self/maps until cb
 * returns true; returns that, or false at the end (or if unreadable). */
static bool foreach_host_mapping(bool (*cb)(uint64_t s, uint64_t e, void *arg), void *arg)
{
    int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    char buf[8192];
    size_t have = 0;
    bool stop = false, eof = false;
    while (!stop) {
        if (!eof && have < sizeof buf) {
            ssize_t n = read(fd, buf + have, sizeof buf - have);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                eof = true;
            else
                have += (size_t)n;
        }
        char *nl = memchr(buf, '\n', have);
        if (!nl) {
            if (eof || have == sizeof buf)
                break;      /* done, or an absurd line: give up */
            continue;
        }
        *nl = '\0';
        char *p = buf, *q;
        uint64_t s = strtoull(p, &q, 16);
        if (*q == '-') {
            uint64_t e = strtoull(q + 1, NULL, 16);
            stop = cb(s, e, arg);
        }
        size_t used = (size_t)(nl + 1 - buf);
        memmove(buf, nl + 1, have - used);
        have -= used;
    }
    close(fd);
    return stop;
}

struct range { uint64_t lo, hi, found; };
struct ranges { const uint64_t *lo, *hi; size_t n; };

static bool overlaps_any(uint64_t s, uint64_t e, void *arg)
{
    const struct ranges *r = arg;
    for (size_t i = 0; i < r->n; i++)
        if (s < r->hi[i] && e > r->lo[i])
            return true;
    return false;
}

static bool probe_pages(uint64_t lo, uint64_t hi)
{
    unsigned char vec;
    for (uint64_t a = lo & ~(PAGE - 1); a < hi; a += PAGE)
        if (mincore((void *)a, PAGE, &vec) == 0 || errno != ENOMEM)
            return true;
    return false;
}

static bool is_small(uint64_t lo, uint64_t hi)
{
    return hi - (lo & ~(PAGE - 1)) <= PROBE_PAGES * PAGE;
}

bool hostmaps_any_mapped_n(const uint64_t *lo, const uint64_t *hi, size_t n)
{
    bool need_maps = false;
    for (size_t i = 0; i < n; i++) {
        if (lo[i] >= hi[i])
            continue;
        if (!is_small(lo[i], hi[i]))
            need_maps = true;
        else if (probe_pages(lo[i], hi[i]))
            return true;
    }
    if (!need_maps)
        return false;
    struct ranges r = { lo, hi, n };
    return foreach_host_mapping(overlaps_any, &r);
}

bool hostmaps_any_mapped(uint64_t lo, uint64_t hi)
{
    return hostmaps_any_mapped_n(&lo, &hi, 1);
}

static bool ends_above(uint64_t s, uint64_t e, void *arg)
{
    struct range *r = arg;
    if (e > r->lo) {
        r->found = s;
        return true;
    }
    return false;
}

uint64_t hostmaps_next_mapping(uint64_t addr)
{
    struct range r = { addr, 0, UINT64_MAX };
    foreach_host_mapping(ends_above, &r);
    return r.found;
}
