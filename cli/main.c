/*
 * xemu's entry point: `xemu-aarch64 [options] program [args...]`.
 * Parses options, loads the guest ELF, sets up the CPU state and runs the
 * execution loop, handing syscalls and faults to the other layers.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/guest_arch.h"
#include "cli/options.h"
#include "loader/loader.h"
#include "signals/fatal.h"
#include "signals/signals.h"
#include "syscalls/syscalls.h"
#include "xlat/xlat.h"

/* Syscalls, faults, undefined instructions, BRK and exit requests all
 * go through signal delivery (signals/deliver.c). */
static bool handle_exit(struct xlat_env *env, enum xlat_exit why)
{
    return signals_handle_exit(env, why);
}

static const struct xlat_thread_ops thread_ops = { .handle_exit = handle_exit };

int main(int argc, char **argv)
{
    options_parse(argc, argv);
    options_apply_log();
    guest = &guest_aarch64;

    const char *prog = argv[xemu_options.prog_index];
    char **guest_argv = &argv[xemu_options.prog_index];
    if (xemu_options.argv0)
        guest_argv[0] = (char *)xemu_options.argv0;
    struct loader_opts lo = {
        .ld_prefix = xemu_options.ld_prefix,
        .stack_size = xemu_options.stack_size,
        .argv0 = xemu_options.argv0,
    };
    loader_ld_prefix = xemu_options.ld_prefix;

    fatal_signals_init();
    xlat_init(guest->frontend);

    char err[512];
    if (loader_load(guest, prog, guest_argv, options_guest_env(), &lo, &guest_image,
                    err, sizeof(err)) < 0) {
        fprintf(stderr, "xemu: %s\n", err);
        return 1;
    }

    struct xlat_env *env = aligned_alloc(64, (guest->cpu_size + 63) & ~(size_t)63);
    if (!env) {
        fprintf(stderr, "xemu: out of memory\n");
        return 1;
    }
    memset(env, 0, guest->cpu_size);
    guest->cpu_reset(env, guest_image.entry, guest_image.sp);
    xlat_run(env, &thread_ops);
    return 0;
}
