/*
 * The guest's signal frame (arm64 rt_sigframe, as the kernel builds it):
 * written by signal delivery (signals/deliver.c), read back by
 * rt_sigreturn.
 */
#ifndef XEMU_SIGNALS_FRAME_H
#define XEMU_SIGNALS_FRAME_H

#include <signal.h>
#include <stdint.h>

#include "xlat/xlat.h"

struct sig_frame_args {
    int sig;
    const siginfo_t *info;      /* copied to the frame with SA_SIGINFO */
    uint64_t handler, flags, restorer;  /* the guest sigaction */
    uint64_t mask;              /* uc_sigmask: the mask to restore */
    uint64_t sp;                /* where the frame goes below */
    uint64_t fault_address;     /* sigcontext.fault_address */
    uint64_t esr;               /* esr_context record if non-zero */
    uint64_t trampoline;        /* x30 without SA_RESTORER */
    uint64_t ss_sp, ss_size;    /* uc_stack as saved */
    int ss_flags;
};

/* Build the frame and point env at the handler: 0, or -1 if the stack
 * cannot be written (the caller forces SIGSEGV). */
int sig_frame_setup(struct xlat_env *env, const struct sig_frame_args *f);
/* Restore env from the frame at its SP: 0, or -1 for a bad frame.
 * *mask gets uc_sigmask. */
int sig_frame_restore(struct xlat_env *env, uint64_t *mask);
/* The guest SP (the interrupted stack). */
uint64_t sig_frame_sp(struct xlat_env *env);
/* x0 (what rt_sigreturn hands back as its result). */
uint64_t sig_frame_x0(struct xlat_env *env);

#endif
