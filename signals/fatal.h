/*
 * Fatal guest signals: until guest signal delivery exists, a synchronous
 * guest fault (SIGSEGV, SIGBUS, SIGILL, SIGTRAP) ends the process the way
 * Linux ends a process with no handler: killed by that signal, so the
 * parent's wait status is the same as natively.
 */
#ifndef XEMU_SIGNALS_FATAL_H
#define XEMU_SIGNALS_FATAL_H

#include <stdint.h>

/* Catch host SIGSEGV/SIGBUS/SIGILL/SIGFPE: in translated code they are
 * guest faults, elsewhere xemu bugs (reported as such). */
void fatal_signals_init(void);
/* Kill the process with sig after flushing logs; prints qemu's style of
 * "uncaught target signal" line first. */
_Noreturn void fatal_guest_signal(int sig, uint64_t pc, uint64_t addr);

#endif
