/*
 * Internals shared by the loader's files (elf_check.c validates an ELF
 * file, elf_map.c maps it, stack.c builds the initial stack, brk.c owns
 * the heap area, loader.c ties them together).  Not for use outside
 * loader/.
 */
#ifndef XEMU_LOADER_LOADER_INT_H
#define XEMU_LOADER_LOADER_INT_H

#include <gelf.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "loader/loader.h"

#define LD_PAGE 4096ull
#define LD_PAGE_DOWN(x) ((x) & ~(LD_PAGE - 1))
#define LD_PAGE_UP(x) (((x) + LD_PAGE - 1) & ~(LD_PAGE - 1))
/* End of the host's user address space (x86-64, 4-level paging); every
 * guest mapping must end at or below it. */
#define LD_USER_TOP 0x7ffffffff000ull
/* Largest program header table the kernel accepts. */
#define LD_MAX_PHDR_BYTES 65536u

/* One validated ELF file: the program or its interpreter. */
struct elf_file {
    const char *name;           /* as given, for messages */
    int fd;
    struct stat st;
    GElf_Ehdr eh;
    GElf_Phdr *ph;              /* eh.e_phnum entries */
    bool has_interp;
    char interp[PATH_MAX];      /* PT_INTERP contents (guest path) */
    bool exec_stack;            /* PT_GNU_STACK has PF_X */
    uint64_t lo, hi;            /* page-aligned span of the PT_LOADs, unbiased */
    uint64_t align;             /* largest power-of-two PT_LOAD p_align, >= page */
    uint64_t phdr_vaddr;        /* unbiased address of the phdrs, 0 if not loaded */
};

/* Open and validate; the reason for failure goes to err.  is_interp adds
 * the interpreter's own rules (no PT_INTERP of its own). */
int elf_open_check(struct elf_file *f, const char *path, const struct guest_arch *arch,
                   bool is_interp, char *err, size_t errlen);
void elf_close(struct elf_file *f);

static inline int elf_prot(uint32_t p_flags)
{
    return ((p_flags & PF_R) ? 1 : 0) | ((p_flags & PF_W) ? 2 : 0) | ((p_flags & PF_X) ? 4 : 0);
}

/* One file mapped into the guest. */
struct elf_mapped {
    uint64_t bias;              /* added to every p_vaddr */
    uint64_t res_lo, res_hi;    /* the reservation while mapping */
    uint64_t brk_start, brk_limit;  /* brk area reserved after it, if asked */
};

/* Map f's PT_LOAD segments (ET_EXEC at their addresses, ET_DYN wherever
 * the host has room).  with_brk also reserves a brk area right after the
 * image.  On failure nothing stays mapped. */
int elf_map(const struct elf_file *f, bool with_brk, struct elf_mapped *m,
            char *err, size_t errlen);
/* Undo a successful elf_map. */
void elf_unmap(const struct elf_file *f, const struct elf_mapped *m);
/* Record the mapped segments in the guest vmmap under name. */
void elf_register(const struct elf_file *f, const struct elf_mapped *m, const char *name);

/* The initial stack (stack.c). */
struct stack_args {
    const struct guest_arch *arch;
    char *const *argv;          /* argv as the guest sees it (argv0 applied) */
    char *const *envp;
    const char *execfn;         /* AT_EXECFN */
    uint64_t size;
    bool exec;                  /* PT_GNU_STACK asked for an executable stack */
    uint64_t phdr, phnum, entry, base;
};
int stack_build(const struct stack_args *a, struct image_info *out, char *err, size_t errlen);
void stack_unmap(const struct image_info *img);

/* brk area size reserved after the program (brk.c). */
#define LD_BRK_RESERVE (1ull << 30)
/* Reserve the brk area [start, start+up to LD_BRK_RESERVE) for an image
 * whose placement the loader did not choose (ET_EXEC); returns its end
 * (start itself when nothing could be reserved). */
uint64_t brk_reserve_after(uint64_t start);

/* Writes "fmt..." into err (helper for one-line reasons). */
void ld_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
