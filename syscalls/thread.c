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
 * normally, and the guest's clear_child_tid word. */
static __thread sigjmp_buf *exit_jmp;
static __thread uint64_t own_ctid;

/* The reaper: the guest's clear_child_tid is done by hand, since the
 * host thread's own belongs to glibc (so that glibc reclaims its stack:
 * a raw exit would leak every host stack).  A host thread that ends
 * queues itself; the reaper joins it, which returns once the kernel is
 * done with it (its robust list, the guest's, processed), then clears
 * the guest's word and wakes it as the kernel would (a shared futex
 * wake: guest pthread_join waits without FUTEX_PRIVATE).  The reaper is
 * no guest thread: it blocks every signal and the exec loop never waits
 * for it.  reap_mu guards the queue (a leaf lock). */
struct reap {
    pthread_t th;
    uint64_t ctid;
    struct reap *next;
};
static pthread_mutex_t reap_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t reap_cv = PTHREAD_COND_INITIALIZER;
static struct reap *reap_q;         /* under reap_mu */
static bool reaper_running;         /* under reap_mu */

static void *reaper(void *arg)
{
    (void)arg;
    for (;;) {
        pthread_mutex_lock(&reap_mu);
        while (!reap_q)
            pthread_cond_wait(&reap_cv, &reap_mu);
        struct reap *r = reap_q;
        reap_q = r->next;
        pthread_mutex_unlock(&reap_mu);
        pthread_join(r->th, NULL);
        if (r->ctid) {
            int zero = 0;
            if (gmem_write(r->ctid, &zero, sizeof zero) == 0)
                syscall(SYS_futex, (uintptr_t)r->ctid, FUTEX_WAKE, 1, NULL, NULL, 0);
        }
        free(r);
    }
    return NULL;
}

/* Under reap_mu, from a thread about to create the first guest thread. */
static bool start_reaper(void)
{
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);   /* inherited by the reaper */
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 64 << 10);
    pthread_t t;
    bool ok = pthread_create(&t, &attr, reaper, NULL) == 0;
    pthread_attr_destroy(&attr);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return ok;
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
    /* the reaper and the threads it had queued are gone (not freed: a
     * lock another thread held may be what guards them) */
    pthread_mutex_init(&reap_mu, NULL);
    pthread_cond_init(&reap_cv, NULL);
    reap_q = NULL;
    reaper_running = false;
}

int64_t sys_thread_set_tid_address(uint64_t tidptr)
{
    if (!own_env)   /* the main thread: the kernel's word (see park_main_thread) */
        return sys_ret(syscall(SYS_set_tid_address, tidptr));
    own_ctid = tidptr;
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
    /* sys_thread_exit came back here: glibc ends the host thread (and
     * reclaims its stack once the reaper has joined it) */
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
    pthread_attr_setstacksize(&attr, 8u << 20);    /* joinable: the reaper joins it */
    pthread_t th;
    pthread_mutex_lock(&reap_mu);
    if (!reaper_running)
        reaper_running = start_reaper();
    bool have_reaper = reaper_running;
    pthread_mutex_unlock(&reap_mu);
    if (!have_reaper) {
        pthread_attr_destroy(&attr);
        xlat_env_release(child);
        free(child);
        sem_destroy(&st.started);
        return sys_err(EAGAIN);
    }
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
        struct reap *r = malloc(sizeof *r);
        if (r && exit_jmp) {
            r->th = pthread_self();
            r->ctid = own_ctid;
            pthread_mutex_lock(&reap_mu);
            r->next = reap_q;
            reap_q = r;
            pthread_cond_signal(&reap_cv);
            pthread_mutex_unlock(&reap_mu);
            siglongjmp(*exit_jmp, 1);
        }
        free(r);
        /* out of memory: the kernel clears the word, the stack leaks */
        if (own_ctid)
            syscall(SYS_set_tid_address, own_ctid);
    }
    for (;;)
        syscall(SYS_exit, code);
}
