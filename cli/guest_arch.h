/*
 * One guest architecture as data: everything the arch-neutral parts
 * (cli, loader, syscalls, procfs, signals) need to know about it.
 * Each guest fills one of these in <area>/<arch>/; cli picks it by the
 * ELF header or by the name xemu is invoked as (xemu-aarch64).
 */
#ifndef XEMU_CLI_GUEST_ARCH_H
#define XEMU_CLI_GUEST_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xlat/xlat.h"

struct guest_arch {
    const char *name;               /* "aarch64": uname -m, AT_PLATFORM */
    uint16_t elf_machine;           /* EM_AARCH64 */
    const struct guest_frontend *frontend;
    size_t cpu_size;                /* sizeof the CPU state (starts with struct xlat_env) */
    uint64_t hwcap, hwcap2;         /* exactly what is implemented */
    uint64_t minsigstksz;           /* AT_MINSIGSTKSZ */
    const char *interp_default;     /* "/lib/ld-linux-aarch64.so.1" */
    /* CPU state set-up and the syscall calling convention */
    void (*cpu_reset)(struct xlat_env *env, uint64_t pc, uint64_t sp);
    uint64_t (*syscall_nr)(struct xlat_env *env);
    void (*syscall_args)(struct xlat_env *env, uint64_t a[6]);
    void (*syscall_ret)(struct xlat_env *env, uint64_t v);
};

extern struct guest_arch guest_aarch64;   /* hwcaps filled at start-up */
/* The arch of the running guest (set once by cli before loading). */
extern const struct guest_arch *guest;

#endif
