/*
 * Guest signal delivery (arm64 Linux semantics): host handlers that only
 * record a signal for the guest thread it hit, delivery to guest handlers
 * at block boundaries and after syscalls, the rt_sigframe, rt_sigreturn,
 * syscall restart, and the per-thread guest mask.  Used by cli/main.c and
 * syscalls/thread.c (exec-loop exits) and syscalls/signal.c (syscalls).
 */
#ifndef XEMU_SIGNALS_SIGNALS_H
#define XEMU_SIGNALS_SIGNALS_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "xlat/xlat.h"

#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1u << 31)   /* linux/signal.h */
#endif

#define SIG_BIT(s) (1ull << ((s) - 1))
/* Signals xemu needs unblocked on the host for its own faults. */
#define SIG_OWNED (SIG_BIT(SIGSEGV) | SIG_BIT(SIGBUS) | SIG_BIT(SIGILL) | SIG_BIT(SIGFPE) | \
                   SIG_BIT(SIGTRAP))

/* The exec-loop exit handler of every guest thread (syscalls, faults,
 * undefined instructions, BRK, exit requests): delivers guest signals. */
bool signals_handle_exit(struct xlat_env *env, enum xlat_exit why);

/* Host handler for signals the guest handles (installed by rt_sigaction). */
void signals_host_install(int sig);
/* A signal the host caught that is not a fault of translated code (a
 * kill of SIGSEGV, say): record it for the guest. */
void signals_record(int sig, const siginfo_t *si, void *uc);

/* The calling thread's guest mask, and setting it (host mask follows). */
uint64_t signals_get_mask(void);
void signals_set_mask(uint64_t mask);
/* Recorded signals not yet delivered to this thread's guest code. */
uint64_t signals_tls_pending(void);
/* Take a recorded signal in set (sigtimedwait): its number, 0 if none. */
int signals_take(uint64_t set, siginfo_t *si);
/* rt_sigsuspend: wait with mask, guest handlers then see the old mask. */
int64_t signals_suspend(uint64_t mask);
/* ppoll/pselect6 with a sigmask: the wait runs with mask (host mask in
 * *host_mask); a handler it let in gets the caller's mask to restore, as
 * with rt_sigsuspend.  end(): interrupted = the wait gave EINTR. */
void signals_temp_mask_begin(uint64_t mask, uint64_t *host_mask);
void signals_temp_mask_end(bool interrupted);
/* rt_sigreturn for env: restores the frame at SP; returns the new x0. */
int64_t signals_sigreturn(struct xlat_env *env);

/* Per-thread alternate stack (sigaltstack). */
struct sig_altstack {
    uint64_t sp, size;
    int flags;          /* SS_AUTODISARM, or SS_DISABLE when size is 0 */
};
struct sig_altstack *signals_altstack(void);
bool signals_on_altstack(uint64_t sp);

/* Host syscall that returns -EINTR instead of blocking if a signal was
 * recorded for this thread after the last check (see safe_syscall.c).
 * Result like syscall(2): -1 with errno on error. */
long safe_syscall(long nr, ...);
/* The thread's "recorded a signal" flag safe_syscall tests. */
extern __thread volatile int signals_flag;
/* If the host pc is inside safe_syscall before its syscall instruction,
 * move it to the -EINTR exit (called from host signal handlers). */
void safe_syscall_rewind(void *uc);

#endif
