/*
 * Guest threads (syscalls/thread.c): creation for clone(CLONE_THREAD),
 * thread exit, and the global guest lock the dispatcher lets go of
 * around blocking syscalls.  Internal to syscalls/.
 */
#ifndef XEMU_SYSCALLS_THREAD_H
#define XEMU_SYSCALLS_THREAD_H

#include <stdbool.h>
#include <stdint.h>

#include "xlat/xlat.h"

/* True once the guest has had a second thread (the lock is in use). */
bool sys_threaded(void);
int sys_live_threads(void);
/* Let go of the guest lock around a blocking call, and take it back.
 * (A code-cache flush by another thread meanwhile is noticed by the
 * execution loop itself: xlat/exec.c flush generations.) */
void sys_unlock(void);
void sys_relock(struct xlat_env *env);
/* A new thread's or vfork child's CPU state: a copy of env with its own
 * translator header, returning 0 from the clone at the same pc, on newsp
 * if given. */
void sys_child_env(struct xlat_env *child, const struct xlat_env *env, uint64_t newsp);
int64_t sys_clone_thread(struct xlat_env *env, uint64_t flags, uint64_t newsp, uint64_t ptid,
                         uint64_t tls, uint64_t ctid);
/* End the calling guest thread (the process, if it is the last one). */
_Noreturn void sys_thread_exit(int code);
void sys_threads_after_fork(void);
/* The exec-loop callbacks for guest code xemu starts itself. */
const struct xlat_thread_ops *sys_thread_ops(void);
extern __thread bool sys_in_vfork_child;

#endif
