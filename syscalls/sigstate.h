/*
 * The guest's signal dispositions and alternate stack as the guest set
 * them (rt_sigaction, sigaltstack in syscalls/signal.c), for the signal
 * delivery code (signals/) to read.  Host-format values.
 */
#ifndef XEMU_SYSCALLS_SIGSTATE_H
#define XEMU_SYSCALLS_SIGSTATE_H

#include <stdint.h>

#define GUEST_NSIG 64

struct guest_sigaction {
    uint64_t handler;           /* guest address, or 0 (SIG_DFL) / 1 (SIG_IGN) */
    uint64_t flags;             /* guest SA_* bits */
    uint64_t restorer;
    uint64_t mask;              /* guest sigset (64 signals) */
};

struct guest_sigaltstack {
    uint64_t sp, size;
    int flags;                  /* SS_DISABLE when none */
};

/* The recorded action of guest signal sig (1..64). */
const struct guest_sigaction *guest_sigaction_get(int sig);
const struct guest_sigaltstack *guest_sigaltstack_get(void);

#endif
