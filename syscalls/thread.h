/*
 * Guest threads (syscalls/thread.c): creation for clone/clone3 with
 * CLONE_THREAD and thread exit.  Guest threads run in parallel.
 * Internal to syscalls/.
 */
#ifndef XEMU_SYSCALLS_THREAD_H
#define XEMU_SYSCALLS_THREAD_H

#include <stdbool.h>
#include <stdint.h>

#include "xlat/xlat.h"

/* True once the guest has had a second thread. */
bool sys_threaded(void);
int sys_live_threads(void);
/* A new thread's or vfork child's CPU state: a copy of env with its own
 * translator header, returning 0 from the clone at the same pc, on newsp
 * if given. */
void sys_child_env(struct xlat_env *child, const struct xlat_env *env, uint64_t newsp);
int64_t sys_clone_thread(struct xlat_env *env, uint64_t flags, uint64_t newsp, uint64_t ptid,
                         uint64_t tls, uint64_t ctid);
/* In a vfork parent resumed after its child exec'd or exited: the env
 * sys_child_env made for that child is unregistered from the exec loop
 * (proc.c frees it).  No-op elsewhere.  Called from gmem_after_fork. */
void sys_vfork_env_done(void);
/* set_tid_address for a guest thread: kept by xemu and given to the
 * kernel when the thread exits (the host thread's own word is glibc's
 * until then); for the main thread, passed through.  dispatch.c routes
 * the syscall here. */
int64_t sys_thread_set_tid_address(uint64_t tidptr);
/* End the calling guest thread (the process, if it is the last one). */
_Noreturn void sys_thread_exit(int code);
void sys_threads_after_fork(void);
/* The exec-loop callbacks for guest code xemu starts itself. */
const struct xlat_thread_ops *sys_thread_ops(void);
extern __thread bool sys_in_vfork_child;

#endif
