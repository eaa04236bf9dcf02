/*
 * ELF loading (libelf): maps the guest program and its interpreter at
 * their guest addresses (guest address = host address), builds the
 * initial stack (argc, argv, envp, auxv, AT_RANDOM bytes, AT_EXECFN and
 * AT_PLATFORM strings) and sets up the guest brk area.
 */
#ifndef XEMU_LOADER_LOADER_H
#define XEMU_LOADER_LOADER_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/guest_arch.h"

struct loader_opts {
    const char *ld_prefix;      /* -L / XEMU_LD_PREFIX / QEMU_LD_PREFIX, or NULL */
    uint64_t stack_size;        /* 0: default (8 MiB, as RLIMIT_STACK) */
    const char *argv0;          /* argv[0] given to the guest (NULL: argv[0]) */
};

struct image_info {
    uint64_t entry;             /* first guest pc: the interpreter's entry, or the program's */
    uint64_t prog_entry;        /* AT_ENTRY */
    uint64_t load_bias;         /* program (0 for ET_EXEC) */
    uint64_t interp_base;       /* AT_BASE (0 without interpreter) */
    uint64_t phdr, phnum, phent;
    uint64_t start_code, end_code, start_data, end_data;
    uint64_t start_brk, brk;    /* guest heap: [start_brk, brk) */
    uint64_t brk_limit;         /* end of the reserved brk area */
    uint64_t stack_low, stack_high;
    uint64_t sp;                /* initial SP, pointing at argc */
    uint64_t argv_start, argv_end;   /* guest addresses of the argv strings */
    uint64_t env_start, env_end;
    uint64_t auxv, auxv_len;    /* guest address and byte length of the auxv vector */
    char exe_path[PATH_MAX];    /* absolute host path of the program (/proc/self/exe) */
    char interp_path[PATH_MAX]; /* host path of the interpreter actually opened, or "" */
};

/* The running guest's image (filled by loader_load; read by procfs, syscalls). */
extern struct image_info guest_image;

/* Load path with argv/envp for the guest.  On failure returns -1 and
 * writes a one-line reason to err (no trailing newline). */
int loader_load(const struct guest_arch *arch, const char *path,
                char *const argv[], char *const envp[],
                const struct loader_opts *o, struct image_info *out,
                char *err, size_t errlen);

/* Resolve a guest absolute path against the -L prefix: returns prefix+path
 * if that exists, else path.  buf must hold PATH_MAX. */
const char *loader_resolve_path(const char *path, char *buf);
extern const char *loader_ld_prefix;

/* The guest's brk syscall, on guest_image: moves the break within
 * [start_brk, brk_limit) (pages become read-write or inaccessible and
 * vmmap's "[heap]" follows) and returns the new break; a request outside
 * that range (brk(0) included) changes nothing and returns the current
 * break, as Linux does.  Thread-safe. */
uint64_t loader_brk(uint64_t new_brk);

#endif
