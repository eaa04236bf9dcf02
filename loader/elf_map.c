/*
 * Maps a validated ELF file (elf_check.c) into the guest address space,
 * the way the kernel's ELF loader does: one reservation spanning every
 * PT_LOAD (at the linked address for ET_EXEC, anywhere suitably aligned
 * for ET_DYN), file pages mapped MAP_FIXED inside it with the segment's
 * protection, the tail of the last file page zeroed and anonymous pages
 * for the rest of the bss, and the holes between segments given back.
 * For the main program a brk area is reserved right after the image.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "loader/loader_int.h"
#include "loader/vmmap.h"

#define RESERVE_FLAGS (MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE)

struct seg_span { uint64_t lo, hi; };

static int cmp_span(const void *a, const void *b)
{
    const struct seg_span *x = a, *y = b;
    return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* Reserve the image span; sets m->bias and m->res_lo/res_hi.  ET_DYN
 * with_brk reservations include the brk area so nothing can land there. */
static int reserve(const struct elf_file *f, bool with_brk, struct elf_mapped *m,
                   char *err, size_t errlen)
{
    uint64_t span = f->hi - f->lo;
    if (f->eh.e_type == ET_EXEC) {
        void *want = (void *)f->lo;
        void *got = mmap(want, span, PROT_NONE, RESERVE_FLAGS | MAP_FIXED_NOREPLACE, -1, 0);
        if (got != want) {
            int e = errno;
            if (got != MAP_FAILED)
                munmap(got, span);      /* a kernel that took NOREPLACE as a hint */
            if (got != MAP_FAILED || e == EEXIST)
                ld_err(err, errlen, "%s: cannot map at %#lx-%#lx: the range is in use by xemu",
                       f->name, (unsigned long)f->lo, (unsigned long)f->hi);
            else
                ld_err(err, errlen, "%s: cannot map at %#lx-%#lx: %s", f->name,
                       (unsigned long)f->lo, (unsigned long)f->hi, strerror(e));
            return -1;
        }
        m->bias = 0;
        m->res_lo = f->lo;
        m->res_hi = f->hi;
        return 0;
    }
    uint64_t extra = with_brk ? LD_BRK_RESERVE : 0;
    uint64_t slack = f->align - LD_PAGE;
    if (span > LD_USER_TOP || extra + slack > LD_USER_TOP - span) {
        ld_err(err, errlen, "%s: image too large (%#lx bytes aligned to %#lx)", f->name,
               (unsigned long)span, (unsigned long)f->align);
        return -1;
    }
    uint64_t total = span + extra + slack;
    void *got = mmap(NULL, total, PROT_NONE, RESERVE_FLAGS, -1, 0);
    if (got == MAP_FAILED && with_brk) {
        /* no room for a heap after it: settle for the image alone */
        extra = 0;
        total = span + slack;
        got = mmap(NULL, total, PROT_NONE, RESERVE_FLAGS, -1, 0);
    }
    if (got == MAP_FAILED) {
        ld_err(err, errlen, "%s: cannot reserve %#lx bytes: %s", f->name, (unsigned long)total,
               strerror(errno));
        return -1;
    }
    uint64_t base = (uint64_t)got;
    uint64_t start = (base + f->align - 1) & ~(f->align - 1);
    uint64_t end = start + span + extra;
    if (start > base)
        munmap(got, start - base);
    if (base + total > end)
        munmap((void *)end, base + total - end);
    m->bias = start - f->lo;
    m->res_lo = start;
    m->res_hi = end;
    if (with_brk) {
        m->brk_start = start + span;
        m->brk_limit = end;
    }
    return 0;
}

static int map_segment(const struct elf_file *f, const GElf_Phdr *p, uint64_t bias,
                       char *err, size_t errlen, unsigned idx)
{
    int prot = elf_prot(p->p_flags);
    uint64_t va = p->p_vaddr + bias;
    uint64_t page = LD_PAGE_DOWN(va);
    uint64_t file_end = va + p->p_filesz, mem_end = va + p->p_memsz;
    uint64_t anon_lo = page;
    if (p->p_filesz) {
        uint64_t len = LD_PAGE_UP(file_end) - page;
        bool pad = p->p_memsz > p->p_filesz && (file_end & (LD_PAGE - 1));
        int map_prot = pad ? prot | PROT_READ | PROT_WRITE : prot;
        void *got = mmap((void *)page, len, map_prot, MAP_PRIVATE | MAP_FIXED, f->fd,
                         (off_t)(p->p_offset - (va - page)));
        if (got == MAP_FAILED) {
            ld_err(err, errlen, "%s: cannot map ELF segment %u: %s", f->name, idx, strerror(errno));
            return -1;
        }
        if (pad) {
            /* the bss starts inside the last file page: those bytes are zero */
            memset((void *)file_end, 0, LD_PAGE_UP(file_end) - file_end);
            if (map_prot != prot && mprotect((void *)page, len, prot) < 0) {
                ld_err(err, errlen, "%s: cannot protect ELF segment %u: %s", f->name, idx,
                       strerror(errno));
                return -1;
            }
        }
        anon_lo = LD_PAGE_UP(file_end);
    }
    uint64_t anon_hi = LD_PAGE_UP(mem_end);
    if (anon_hi > anon_lo) {
        void *got = mmap((void *)anon_lo, anon_hi - anon_lo, prot,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        if (got == MAP_FAILED) {
            ld_err(err, errlen, "%s: cannot map the bss of ELF segment %u (%#lx bytes): %s",
                   f->name, idx, (unsigned long)(anon_hi - anon_lo), strerror(errno));
            return -1;
        }
    }
    return 0;
}

/* Give the holes between segments back, as the kernel does. */
static void unmap_holes(const struct elf_file *f, uint64_t bias)
{
    unsigned n = 0;
    struct seg_span *s = calloc(f->eh.e_phnum, sizeof *s);
    if (!s)
        return;     /* holes stay reserved: harmless */
    for (unsigned i = 0; i < f->eh.e_phnum; i++) {
        const GElf_Phdr *p = &f->ph[i];
        if (p->p_type == PT_LOAD && p->p_memsz) {
            s[n].lo = LD_PAGE_DOWN(p->p_vaddr + bias);
            s[n++].hi = LD_PAGE_UP(p->p_vaddr + p->p_memsz + bias);
        }
    }
    qsort(s, n, sizeof *s, cmp_span);
    uint64_t cur = f->lo + bias;
    for (unsigned i = 0; i < n; i++) {
        if (s[i].lo > cur)
            munmap((void *)cur, s[i].lo - cur);
        if (s[i].hi > cur)
            cur = s[i].hi;
    }
    free(s);
}

int elf_map(const struct elf_file *f, bool with_brk, struct elf_mapped *m,
            char *err, size_t errlen)
{
    memset(m, 0, sizeof *m);
    if (reserve(f, with_brk, m, err, errlen) < 0)
        return -1;
    for (unsigned i = 0; i < f->eh.e_phnum; i++) {
        const GElf_Phdr *p = &f->ph[i];
        if (p->p_type == PT_LOAD && p->p_memsz &&
            map_segment(f, p, m->bias, err, errlen, i) < 0) {
            munmap((void *)m->res_lo, m->res_hi - m->res_lo);
            return -1;
        }
    }
    unmap_holes(f, m->bias);
    if (with_brk && f->eh.e_type == ET_EXEC) {
        m->brk_start = f->hi;
        m->brk_limit = brk_reserve_after(f->hi);
    }
    return 0;
}

void elf_unmap(const struct elf_file *f, const struct elf_mapped *m)
{
    /* Segment by segment: the holes may hold someone else's mappings by now. */
    for (unsigned i = 0; i < f->eh.e_phnum; i++) {
        const GElf_Phdr *p = &f->ph[i];
        if (p->p_type == PT_LOAD && p->p_memsz) {
            uint64_t lo = LD_PAGE_DOWN(p->p_vaddr + m->bias);
            munmap((void *)lo, LD_PAGE_UP(p->p_vaddr + p->p_memsz + m->bias) - lo);
        }
    }
    if (m->brk_limit > m->brk_start)
        munmap((void *)m->brk_start, m->brk_limit - m->brk_start);
}

void elf_register(const struct elf_file *f, const struct elf_mapped *m, const char *name)
{
    for (unsigned i = 0; i < f->eh.e_phnum; i++) {
        const GElf_Phdr *p = &f->ph[i];
        if (p->p_type != PT_LOAD || !p->p_memsz)
            continue;
        int prot = elf_prot(p->p_flags);
        uint64_t va = p->p_vaddr + m->bias, page = LD_PAGE_DOWN(va);
        uint64_t anon_lo = page;
        if (p->p_filesz) {
            anon_lo = LD_PAGE_UP(va + p->p_filesz);
            vmmap_add(page, anon_lo, prot, MAP_PRIVATE, p->p_offset - (va - page),
                      f->st.st_dev, f->st.st_ino, name);
        }
        vmmap_add(anon_lo, LD_PAGE_UP(va + p->p_memsz), prot, MAP_PRIVATE | MAP_ANONYMOUS,
                  0, 0, 0, "");
    }
}
