/*
 * The guest's signal dispositions as the guest set them (rt_sigaction in
 * syscalls/signal.c), for the signal delivery code (signals/) to read.
 * Signal numbers and SA_* bits mean the same on arm64 and x86-64.
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

/* The recorded action of guest signal sig (1..64). */
const struct guest_sigaction *guest_sigaction_get(int sig);
/* All actions (GUEST_NSIG + 1 entries): a vfork child runs on our memory
 * and must not change the parent's (its own sighand, as in the kernel). */
void guest_sigactions_save(struct guest_sigaction *all);
void guest_sigactions_restore(const struct guest_sigaction *all);
/* SA_RESETHAND: back to SIG_DFL after a delivery (host too). */
void guest_sigaction_reset(int sig);

#endif
