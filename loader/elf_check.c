/*
 * ELF validation for the loader: opens the program or interpreter and
 * checks everything the kernel's ELF loader relies on (identity, class,
 * byte order, machine, type, program header table, each PT_LOAD, the
 * PT_INTERP string, PT_GNU_STACK) before a single byte is mapped, so a
 * hostile file is refused with one clear reason and nothing to undo.
 *
 * Section headers are never needed to run a program (the kernel ignores
 * them), so libelf is given a copy of just the ELF header and program
 * header table: a file with mangled section headers loads as it would
 * natively.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loader/loader_int.h"

void ld_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || !errlen)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    /* paths from a hostile PT_INTERP may hold newlines: keep it one line */
    for (char *c = err; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = '?';
}

static bool read_exact(int fd, void *buf, size_t len, uint64_t off)
{
    size_t done = 0;
    while (done < len) {
        ssize_t n = pread(fd, (char *)buf + done, len - done, (off_t)(off + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        done += (size_t)n;
    }
    return true;
}

static bool is_pow2(uint64_t x) { return x && !(x & (x - 1)); }

/* Parse the ELF header and program headers through libelf from an image
 * holding only those two tables. */
static int parse_headers(struct elf_file *f, const Elf64_Ehdr *raw, char *err, size_t errlen)
{
    size_t phbytes = (size_t)raw->e_phnum * sizeof(Elf64_Phdr);
    char *img = malloc(sizeof *raw + phbytes);
    if (!img) {
        ld_err(err, errlen, "%s: out of memory", f->name);
        return -1;
    }
    Elf64_Ehdr eh = *raw;
    eh.e_phoff = sizeof eh;
    eh.e_shoff = 0;
    eh.e_shnum = 0;
    eh.e_shstrndx = 0;
    eh.e_ident[EI_VERSION] = EV_CURRENT;    /* libelf insists; the kernel ignores it */
    memcpy(img, &eh, sizeof eh);
    if (!read_exact(f->fd, img + sizeof eh, phbytes, raw->e_phoff)) {
        free(img);
        ld_err(err, errlen, "%s: cannot read the program headers", f->name);
        return -1;
    }
    int rc = -1;
    elf_version(EV_CURRENT);
    Elf *e = elf_memory(img, sizeof eh + phbytes);
    if (!e || elf_kind(e) != ELF_K_ELF || !gelf_getehdr(e, &f->eh)) {
        ld_err(err, errlen, "%s: bad ELF header (libelf: %s)", f->name,
               elf_errno() ? elf_errmsg(-1) : "unreadable");
        goto out;
    }
    f->ph = calloc(raw->e_phnum, sizeof *f->ph);
    if (!f->ph) {
        ld_err(err, errlen, "%s: out of memory", f->name);
        goto out;
    }
    for (unsigned i = 0; i < raw->e_phnum; i++) {
        if (!gelf_getphdr(e, (int)i, &f->ph[i])) {
            ld_err(err, errlen, "%s: bad program header %u: %s", f->name, i, elf_errmsg(-1));
            goto out;
        }
    }
    /* Keep the file's real table offset for the AT_PHDR computation. */
    f->eh.e_phoff = raw->e_phoff;
    f->eh.e_shoff = raw->e_shoff;
    f->eh.e_shnum = raw->e_shnum;
    f->eh.e_shstrndx = raw->e_shstrndx;
    rc = 0;
out:
    if (e)
        elf_end(e);
    free(img);
    return rc;
}

static int check_ident(const struct elf_file *f, const Elf64_Ehdr *h, const struct guest_arch *arch,
                       char *err, size_t errlen)
{
    const unsigned char *id = h->e_ident;
    if (memcmp(id, ELFMAG, SELFMAG)) {
        ld_err(err, errlen, "%s: not an ELF file", f->name);
        return -1;
    }
    if (id[EI_CLASS] != ELFCLASS64) {
        ld_err(err, errlen, "%s: wrong ELF class %u (%s needs 64-bit ELF)", f->name,
               id[EI_CLASS], arch->name);
        return -1;
    }
    if (id[EI_DATA] != ELFDATA2LSB) {
        ld_err(err, errlen, "%s: wrong byte order (%s); %s programs are little-endian",
               f->name, id[EI_DATA] == ELFDATA2MSB ? "big-endian" : "invalid EI_DATA",
               arch->name);
        return -1;
    }
    if (h->e_machine != arch->elf_machine) {
        ld_err(err, errlen, "%s: not an %s program (ELF machine %u, expected %u)", f->name,
               arch->name, h->e_machine, arch->elf_machine);
        return -1;
    }
    if (h->e_type != ET_EXEC && h->e_type != ET_DYN) {
        ld_err(err, errlen, "%s: not an executable (ELF type %u)", f->name, h->e_type);
        return -1;
    }
    if (h->e_phentsize != sizeof(Elf64_Phdr)) {
        ld_err(err, errlen, "%s: bad program header size %u (expected %zu)", f->name,
               h->e_phentsize, sizeof(Elf64_Phdr));
        return -1;
    }
    if (h->e_phnum == 0) {
        ld_err(err, errlen, "%s: no program headers", f->name);
        return -1;
    }
    uint64_t phbytes = (uint64_t)h->e_phnum * sizeof(Elf64_Phdr);
    if (phbytes > LD_MAX_PHDR_BYTES) {
        ld_err(err, errlen, "%s: too many program headers (%u)", f->name, h->e_phnum);
        return -1;
    }
    if (h->e_phoff > (uint64_t)f->st.st_size || phbytes > (uint64_t)f->st.st_size - h->e_phoff) {
        ld_err(err, errlen, "%s: program headers beyond the end of the file", f->name);
        return -1;
    }
    return 0;
}

static int check_load(struct elf_file *f, unsigned i, char *err, size_t errlen)
{
    const GElf_Phdr *p = &f->ph[i];
    uint64_t fsize = (uint64_t)f->st.st_size;
    if (p->p_filesz > p->p_memsz) {
        ld_err(err, errlen, "%s: ELF segment %u has p_filesz %#lx > p_memsz %#lx", f->name, i,
               (unsigned long)p->p_filesz, (unsigned long)p->p_memsz);
        return -1;
    }
    if (p->p_offset > fsize || p->p_filesz > fsize - p->p_offset) {
        ld_err(err, errlen, "%s: ELF segment %u lies beyond the end of the file", f->name, i);
        return -1;
    }
    if ((p->p_offset & (LD_PAGE - 1)) != (p->p_vaddr & (LD_PAGE - 1))) {
        ld_err(err, errlen, "%s: ELF segment %u: p_offset and p_vaddr differ modulo the page size",
               f->name, i);
        return -1;
    }
    if (p->p_vaddr >= LD_USER_TOP || p->p_memsz > LD_USER_TOP - p->p_vaddr) {
        ld_err(err, errlen, "%s: ELF segment %u (%#lx + %#lx) is outside the user address range",
               f->name, i, (unsigned long)p->p_vaddr, (unsigned long)p->p_memsz);
        return -1;
    }
    if (p->p_memsz == 0)
        return 0;
    for (unsigned j = 0; j < i; j++) {
        const GElf_Phdr *q = &f->ph[j];
        if (q->p_type != PT_LOAD || q->p_memsz == 0)
            continue;
        if (p->p_vaddr < q->p_vaddr + q->p_memsz && q->p_vaddr < p->p_vaddr + p->p_memsz) {
            ld_err(err, errlen, "%s: ELF segment %u overlaps segment %u", f->name, i, j);
            return -1;
        }
    }
    uint64_t lo = LD_PAGE_DOWN(p->p_vaddr), hi = LD_PAGE_UP(p->p_vaddr + p->p_memsz);
    if (lo < f->lo)
        f->lo = lo;
    if (hi > f->hi)
        f->hi = hi;
    if (is_pow2(p->p_align) && p->p_align > f->align)
        f->align = p->p_align;
    return 0;
}

static int check_interp(struct elf_file *f, unsigned i, char *err, size_t errlen)
{
    const GElf_Phdr *p = &f->ph[i];
    uint64_t fsize = (uint64_t)f->st.st_size;
    if (p->p_filesz < 2 || p->p_filesz > PATH_MAX) {
        ld_err(err, errlen, "%s: bad PT_INTERP size %lu", f->name, (unsigned long)p->p_filesz);
        return -1;
    }
    if (p->p_offset > fsize || p->p_filesz > fsize - p->p_offset) {
        ld_err(err, errlen, "%s: PT_INTERP lies beyond the end of the file", f->name);
        return -1;
    }
    if (!read_exact(f->fd, f->interp, p->p_filesz, p->p_offset)) {
        ld_err(err, errlen, "%s: cannot read PT_INTERP", f->name);
        return -1;
    }
    if (f->interp[p->p_filesz - 1] != '\0') {
        ld_err(err, errlen, "%s: PT_INTERP is not NUL-terminated", f->name);
        return -1;
    }
    if (f->interp[0] == '\0') {
        ld_err(err, errlen, "%s: PT_INTERP is empty", f->name);
        return -1;
    }
    f->has_interp = true;
    return 0;
}

/* Where the program headers sit in memory: inside the PT_LOAD that maps
 * file offset e_phoff (as the kernel computes AT_PHDR), else PT_PHDR's
 * address if a PT_LOAD covers it, else 0. */
static uint64_t find_phdr_vaddr(const struct elf_file *f)
{
    uint64_t off = f->eh.e_phoff;
    uint64_t phbytes = (uint64_t)f->eh.e_phnum * sizeof(Elf64_Phdr);
    for (unsigned i = 0; i < f->eh.e_phnum; i++) {
        const GElf_Phdr *p = &f->ph[i];
        if (p->p_type == PT_LOAD && p->p_offset <= off && off - p->p_offset < p->p_filesz)
            return off - p->p_offset + p->p_vaddr;
    }
    for (unsigned i = 0; i < f->eh.e_phnum; i++) {
        const GElf_Phdr *p = &f->ph[i];
        if (p->p_type != PT_PHDR)
            continue;
        for (unsigned j = 0; j < f->eh.e_phnum; j++) {
            const GElf_Phdr *l = &f->ph[j];
            if (l->p_type == PT_LOAD && l->p_vaddr <= p->p_vaddr &&
                p->p_vaddr - l->p_vaddr < l->p_memsz && phbytes <= l->p_vaddr + l->p_memsz - p->p_vaddr)
                return p->p_vaddr;
        }
    }
    return 0;
}

int elf_open_check(struct elf_file *f, const char *path, const struct guest_arch *arch,
                   bool is_interp, char *err, size_t errlen)
{
    memset(f, 0, sizeof *f);
    f->name = path;
    f->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (f->fd < 0) {
        ld_err(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (fstat(f->fd, &f->st) < 0) {
        ld_err(err, errlen, "%s: %s", path, strerror(errno));
        goto fail;
    }
    if (S_ISDIR(f->st.st_mode)) {
        ld_err(err, errlen, "%s: is a directory", path);
        goto fail;
    }
    if (!S_ISREG(f->st.st_mode)) {
        ld_err(err, errlen, "%s: not a regular file", path);
        goto fail;
    }
    if (!is_interp && !(f->st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH))) {
        ld_err(err, errlen, "%s: Permission denied (not executable)", path);
        goto fail;
    }
    Elf64_Ehdr raw;
    if ((uint64_t)f->st.st_size < SELFMAG) {
        ld_err(err, errlen, "%s: not an ELF file (too short)", path);
        goto fail;
    }
    if ((uint64_t)f->st.st_size < sizeof raw) {
        unsigned char id[SELFMAG];
        if (read_exact(f->fd, id, sizeof id, 0) && memcmp(id, ELFMAG, SELFMAG))
            ld_err(err, errlen, "%s: not an ELF file", path);
        else
            ld_err(err, errlen, "%s: truncated ELF header", path);
        goto fail;
    }
    if (!read_exact(f->fd, &raw, sizeof raw, 0)) {
        ld_err(err, errlen, "%s: cannot read the ELF header: %s", path, strerror(errno));
        goto fail;
    }
    if (check_ident(f, &raw, arch, err, errlen) < 0 || parse_headers(f, &raw, err, errlen) < 0)
        goto fail;

    f->lo = UINT64_MAX;
    f->hi = 0;
    f->align = LD_PAGE;
    bool any_load = false;
    for (unsigned i = 0; i < f->eh.e_phnum; i++) {
        switch (f->ph[i].p_type) {
        case PT_LOAD:
            if (check_load(f, i, err, errlen) < 0)
                goto fail;
            any_load |= f->ph[i].p_memsz != 0;
            break;
        case PT_INTERP:
            if (f->has_interp)
                break;      /* the kernel uses the first one */
            if (is_interp) {
                ld_err(err, errlen, "%s: the interpreter asks for an interpreter itself", path);
                goto fail;
            }
            if (check_interp(f, i, err, errlen) < 0)
                goto fail;
            break;
        case PT_GNU_STACK:
            f->exec_stack = f->ph[i].p_flags & PF_X;
            break;
        }
    }
    if (!any_load) {
        ld_err(err, errlen, "%s: no loadable segments", path);
        goto fail;
    }
    f->phdr_vaddr = find_phdr_vaddr(f);
    return 0;
fail:
    elf_close(f);
    return -1;
}

void elf_close(struct elf_file *f)
{
    if (f->fd >= 0)
        close(f->fd);
    f->fd = -1;
    free(f->ph);
    f->ph = NULL;
}
