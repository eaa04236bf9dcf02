/*
 * Guest system calls: table-driven dispatch from the guest syscall number
 * (abi/<arch>/ tables) to arch-neutral handlers grouped by subsystem.
 */
#ifndef XEMU_SYSCALLS_SYSCALLS_H
#define XEMU_SYSCALLS_SYSCALLS_H

#include <stdbool.h>
#include <stdint.h>

#include "cli/guest_arch.h"

/* Run guest syscall nr with args on env's thread; returns the guest
 * result (a value or -guest_errno).  May not return (exit, exit_group,
 * successful execve).  Logs to xlat_opts.logf with -strace. */
int64_t syscall_dispatch(struct xlat_env *env, uint64_t nr, const uint64_t a[6]);

/* Let other guest threads run (the exec loop calls it on
 * XLAT_EXIT_REQUEST); a no-op while the guest has one thread. */
void syscall_thread_yield(struct xlat_env *env);

#endif
