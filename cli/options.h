/*
 * Command-line and environment options, qemu-user compatible.  Parsed once
 * by cli/options.c; execve of a guest binary passes them on (see
 * options_reexec_argv).
 */
#ifndef XEMU_CLI_OPTIONS_H
#define XEMU_CLI_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

struct xemu_options {
    const char *ld_prefix;      /* -L, QEMU_LD_PREFIX, XEMU_LD_PREFIX */
    const char *argv0;          /* -0 */
    const char *cpu;            /* -cpu */
    const char *log_items;      /* -d */
    const char *log_file;       /* -D */
    uint64_t stack_size;        /* -s */
    bool strace;                /* -strace */
    bool one_insn_per_tb;
    bool perfmap;               /* -perfmap, XEMU_PERFMAP */
    char **set_env;             /* -E, NULL-terminated */
    char **unset_env;           /* -U, NULL-terminated */
    int prog_index;             /* argv index of the guest program */
};

extern struct xemu_options xemu_options;

/* Parses argv (and QEMU_* / XEMU_* variables); exits with a message on
 * bad usage, -h or -version. */
void options_parse(int argc, char **argv);
/* Applies -d / -D / -strace / -one-insn-per-tb to xlat_opts. */
void options_apply_log(void);
/* The guest's environment: the host's with -U removed and -E added. */
char **options_guest_env(void);
/* Options to put before the program when xemu re-executes itself for a
 * guest execve: a NULL-terminated array of strings (static storage). */
char **options_reexec_argv(void);

#endif
