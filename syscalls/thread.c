/*
 * Guest threads (clone/clone3 with CLONE_THREAD): one host thread each,
 * all running translated code in parallel (xlat/exec.c keeps the shared
 * code cache safe).  The kernel does the thread semantics itself wherever
 * it can, since guest and host addresses are the same: the new host
 * thread's clear_child_tid is the guest's (futex wake on exit for
 * pthread_join), futexes, tgkill and the robust list work on guest memory
 * directly, and exit_group ends every host thread, wherever it is.
 * Used by syscalls/proc.c (clone and clone3 call sys_clone_thread; exit,
 * fork) and signals/.
 *
 * Shared state: live_threads and threaded are atomics; everything else
 * is per thread (TLS) or belongs to the thread being created.
 */
#include <pthread.h>
#include <setjmp.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <linux/futex.h>
#include <linux/sched.h>

#include "signals/fatal.h"
#include "signals/signals.h"
#include "syscalls/sys_defs.h"
#include "syscalls/thread.h"

static atomic_bool threaded;                /* a second guest thread was ever made */
static atomic_int live_threads = 1;

/* The env this host thread created for itself (NULL on the main thread,
 * whose env cli/main.c owns): freed when the thread ends. */
static __thread struct xlat_env *own_env;
/* Per created thread: where thread_main waits to end the host thread
 * normally, and the guest's clear_child_tid word (given to the kernel
 * only at exit, see sweep_dead_threads). */
static __thread sigjmp_buf *exit_jmp;
static __thread uint64_t own_ctid;

/* Host stacks.  A guest thread's host thread ends through glibc (detached:
 * its stack goes to glibc's cache), but with the guest's clear_child_tid
 * (set_tid_address at exit), so the kernel does the guest's exit exactly:
 * robust list, then clear and wake the guest's word.  glibc's own word
 * (pd->tid, found with PR_GET_TID_ADDRESS) is then never cleared, and
 * glibc reuses a cached stack only once it is 0: sweep_dead_threads
 * clears it once the kernel has released the thread (tgkill says ESRCH,
 * long after the thread last touched its stack), before each new thread
 * is made.  dead_mu guards the list (a leaf lock). */
struct dead_thread {
    pid_t tid;
    int *glibc_tid_word;
    struct dead_thread *next;
};
static pthread_mutex_t dead_mu = PTHREAD_MUTEX_INITIALIZER;
static struct dead_thread *dead_list;   /* under dead_mu */

static void sweep_dead_threads(void)
{
    pthread_mutex_lock(&dead_mu);
    for (struct dead_thread **pp = &dead_list; *pp;) {
        struct dead_thread *d = *pp;
        if (syscall(SYS_tgkill, getpid(), d->tid, 0) < 0 && errno == ESRCH) {
            __atomic_store_n(d->glibc_tid_word, 0, __ATOMIC_RELEASE);
            *pp = d->next;
            free(d);
        } else {
            pp = &d->next;
        }
    }
    pthread_mutex_unlock(&dead_mu);
}

/* Set (in the parent thread's TLS, which a vfork child shares) while a
 * vfork child runs on our memory: it does not count as a thread. */
__thread bool sys_in_vfork_child;
/* The env sys_child_env made last on this thread, until a thread takes
 * it over (sys_clone_thread) or the vfork it was for is over. */
static __thread struct xlat_env *vfork_env;

bool sys_threaded(void)
{
    return atomic_load_explicit(&threaded, memory_order_relaxed) && !sys_in_vfork_child;
}

int sys_live_threads(void)
{
    return atomic_load(&live_threads);
}

/* Kept for signals/ (called on XLAT_EXIT_REQUEST): threads run in
 * parallel, there is nothing to yield. */
void syscall_thread_yield(struct xlat_env *env)
{
    (void)env;
}

/* After fork only the calling thread exists in the child. */
void sys_threads_after_fork(void)
{
    atomic_store(&live_threads, 1);
    /* the list may have been mid-change in a thread that is gone: drop
     * it (those stacks stay unused) */
    pthread_mutex_init(&dead_mu, NULL);
    dead_list = NULL;
}

int64_t sys_thread_set_tid_address(uint64_t tidptr)
{
    if (!own_env)   /* the main thread: the kernel's word (see park_main_thread) */
        return sys_ret(syscall(SYS_set_tid_address, tidptr));
    own_ctid = tidptr;      /* handed to the kernel at exit (sys_thread_exit) */
    return gettid();
}

/* Threads cli/main.c did not start take their exits (syscalls, faults,
 * signals) the same way as the main thread. */
static bool thread_handle_exit(struct xlat_env *env, enum xlat_exit why)
{
    return signals_handle_exit(env, why);
}

static const struct xlat_thread_ops thread_ops = { .handle_exit = thread_handle_exit };

const struct xlat_thread_ops *sys_thread_ops(void)
{
    return &thread_ops;
}

struct thread_start {
    struct xlat_env *env;
    uint64_t flags, ptid, ctid;
    pid_t tid;
    int err;                    /* unshare failure, reported by the parent */
    sem_t started;
};

static void *thread_main(void *arg)
{
    struct thread_start *st = arg;
    struct xlat_env *env = st->env;
    uint64_t flags = st->flags, ptid = st->ptid, ctid = st->ctid;
    pid_t tid = gettid();
    own_env = env;
    own_ctid = (flags & CLONE_CHILD_CLEARTID) ? ctid : 0;
    /* pthread threads share the fd table and fs info; a guest thread
     * that asked not to gets its own copies, as the kernel would give */
    if ((!(flags & CLONE_FILES) && unshare(CLONE_FILES) < 0) ||
        (!(flags & CLONE_FS) && unshare(CLONE_FS) < 0)) {
        st->err = errno;
        sem_post(&st->started);
        xlat_env_release(env);
        free(env);
        return NULL;
    }
    /* both before any guest code runs, as the kernel does: the parent
     * writing *ptid after the child could have ended would undo the
     * kernel's clear of *ctid (glibc passes the same word for both) */
    if (flags & CLONE_PARENT_SETTID)
        gmem_write(ptid, &tid, sizeof tid);
    if (flags & CLONE_CHILD_SETTID)
        gmem_write(ctid, &tid, sizeof tid);
    st->tid = tid;
    sem_post(&st->started);     /* st belongs to the parent from here on */
    sigjmp_buf out;
    if (!sigsetjmp(out, 0)) {
        exit_jmp = &out;
        xlat_run(env, &thread_ops);
        sys_thread_exit(0);
    }
    /* sys_thread_exit came back here: glibc ends the host thread */
    return NULL;
}

void sys_child_env(struct xlat_env *child, const struct xlat_env *env, uint64_t newsp)
{
    const struct guest_arch *g = sys_guest();
    memcpy(child, env, g->cpu_size);
    xlat_env_init(child);       /* fresh header and jump cache */
    child->pc = env->pc;        /* the instruction after the svc */
    child->nf = env->nf;
    child->zf = env->zf;
    child->cf = env->cf;
    child->vf = env->vf;
    g->syscall_ret(child, 0);
    if (newsp)
        sys_arch_set_sp(child, newsp);
    vfork_env = child;
}

void sys_vfork_env_done(void)
{
    if (sys_in_vfork_child || !vfork_env)
        return;
    xlat_env_release(vfork_env);
    vfork_env = NULL;
}

int64_t sys_clone_thread(struct xlat_env *env, uint64_t flags, uint64_t newsp, uint64_t ptid,
                         uint64_t tls, uint64_t ctid)
{
    const struct guest_arch *g = sys_guest();
    /* the kernel's rules: a thread shares signal handlers, which needs a
     * shared address space */
    if (!(flags & CLONE_VM) || !(flags & CLONE_SIGHAND))
        return sys_err(EINVAL);
    if (flags & (CLONE_VFORK | CLONE_PIDFD | CLONE_NEWNS | CLONE_NEWUSER | CLONE_NEWPID |
                 CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWCGROUP))
        return sys_err(EINVAL);
    struct xlat_env *child = aligned_alloc(64, (g->cpu_size + 63) & ~(size_t)63);
    if (!child)
        return sys_err(ENOMEM);
    sys_child_env(child, env, newsp);
    vfork_env = NULL;           /* the new thread owns it */
    if (flags & CLONE_SETTLS)
        sys_arch_set_tls(child, tls);

    atomic_store(&threaded, true);
    struct thread_start st = { .env = child, .flags = flags, .ptid = ptid, .ctid = ctid };
    sem_init(&st.started, 0, 0);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 8u << 20);
    pthread_t th;
    sweep_dead_threads();       /* so that glibc can reuse their stacks */
    atomic_fetch_add(&live_threads, 1);
    int e = pthread_create(&th, &attr, thread_main, &st);
    pthread_attr_destroy(&attr);
    if (e) {
        atomic_fetch_sub(&live_threads, 1);
        xlat_env_release(child);
        free(child);
        sem_destroy(&st.started);
        return sys_err(e == EAGAIN ? EAGAIN : ENOMEM);
    }
    while (sem_wait(&st.started) < 0 && errno == EINTR)
        ;
    sem_destroy(&st.started);
    if (st.err) {
        atomic_fetch_sub(&live_threads, 1);
        return sys_err(st.err);
    }
    return st.tid;
}

/* The main thread ends while others go on.  Its host thread stays, idle:
 * once the thread-group leader has exited, the kernel refuses
 * process_vm_readv on getpid() (the leader has no mm left), which xemu
 * and its guest-memory access rely on.  What the kernel would do at its
 * exit is done by hand: clear and wake the clear_child_tid word (a guest
 * may pthread_join its main thread); signals are all blocked here so the
 * kernel delivers process signals to the threads still running.  The
 * last other thread's exit ends the process (live_threads).  The one
 * visible difference: the main tid stays in /proc/self/task. */
static _Noreturn void park_main_thread(void)
{
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    int *ctid = NULL;
    if (prctl(PR_GET_TID_ADDRESS, &ctid) == 0 && ctid) {
        int zero = 0;
        if (gmem_write((uint64_t)(uintptr_t)ctid, &zero, sizeof zero) == 0)
            syscall(SYS_futex, ctid, FUTEX_WAKE, 1, NULL, NULL, 0);
    }
    for (;;)
        pause();
}

_Noreturn void sys_thread_exit(int code)
{
    if (sys_in_vfork_child) {
        /* a separate process on our memory: only it ends */
        for (;;)
            syscall(SYS_exit_group, code);
    }
    if (atomic_fetch_sub(&live_threads, 1) == 1) {
        /* the last thread: the process ends */
        fflush(NULL);
        syscall(SYS_exit_group, code);
    }
    if (!own_env && gettid() == getpid())
        park_main_thread();
    if (own_env) {
        /* no signal handler may touch the env from here on */
        sigset_t all;
        sigfillset(&all);
        pthread_sigmask(SIG_BLOCK, &all, NULL);
        xlat_env_release(own_env);
        free(own_env);
        own_env = NULL;
        /* the kernel does the guest's exit word (after the robust list);
         * glibc's is cleared by sweep_dead_threads once we are gone */
        struct dead_thread *d = malloc(sizeof *d);
        int *glibc_word = NULL;
        if (d && exit_jmp && prctl(PR_GET_TID_ADDRESS, &glibc_word) == 0 && glibc_word) {
            d->tid = gettid();
            d->glibc_tid_word = glibc_word;
            pthread_mutex_lock(&dead_mu);
            d->next = dead_list;
            dead_list = d;
            pthread_mutex_unlock(&dead_mu);
            syscall(SYS_set_tid_address, own_ctid);
            siglongjmp(*exit_jmp, 1);
        }
        free(d);
        /* cannot tell glibc: exit raw (its stack stays mapped) */
        syscall(SYS_set_tid_address, own_ctid);
    }
    for (;;)
        syscall(SYS_exit, code);
}
