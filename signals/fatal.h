/*
 * Fatal guest signals: a guest fault or signal with no guest handler (or
 * blocked, for a fault) ends the process the way Linux does: killed by
 * that signal, so the parent's wait status is the same as natively.
 * Handled ones go to signals/deliver.c instead.
 */
#ifndef XEMU_SIGNALS_FATAL_H
#define XEMU_SIGNALS_FATAL_H

#include <stdint.h>

/* Catch host SIGSEGV/SIGBUS/SIGFPE: in translated code they are guest
 * faults, sent ones (kill) are recorded for the guest, anything else is
 * an xemu bug (reported as such). */
void fatal_signals_init(void);
/* Kill the process with sig after flushing logs; prints qemu's style of
 * "uncaught target signal" line first. */
_Noreturn void fatal_guest_signal(int sig, uint64_t pc, uint64_t addr);

#endif
