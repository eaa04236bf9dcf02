/*
 * Guest threads (clone with CLONE_THREAD), one host thread each, under one
 * global guest lock: only the thread holding it runs translated code or
 * touches the translator, and it lets go around syscalls that may block
 * (futex, read, poll...), which is where guest threads wait for each
 * other.  The lock exists only once a second thread does; a
 * single-threaded guest never takes it.  The exec loop is not yet
 * thread-aware, so each thread drops its jump cache whenever another one
 * ran in between (the other may have flushed the code cache).  A thread
 * that runs long without syscalls is asked to yield every 10 ms while
 * others wait (through exit_request; the main thread yields only once
 * cli/main.c calls syscall_thread_yield on XLAT_EXIT_REQUEST).
 */
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/sched.h>

#include "signals/fatal.h"
#include "signals/signals.h"
#include "syscalls/sys_defs.h"
#include "syscalls/thread.h"


/* The guest lock: a FIFO ticket lock, so a thread that lets go and takes
 * it back at once (a syscall, a yield) queues behind the waiting ones. */
static pthread_mutex_t gl_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gl_cv = PTHREAD_COND_INITIALIZER;
static unsigned long gl_next, gl_serving;   /* tickets, under gl_mu */
static int gl_waiters;                      /* under gl_mu */
static struct xlat_env *gl_holder;          /* under gl_mu */
static atomic_bool threaded;                /* a second guest thread was ever made */
static atomic_int live_threads = 1;

bool sys_threaded(void)
{
    return atomic_load_explicit(&threaded, memory_order_relaxed) && !sys_in_vfork_child;
}

int sys_live_threads(void)
{
    return atomic_load(&live_threads);
}

static void gl_lock(struct xlat_env *env)
{
    pthread_mutex_lock(&gl_mu);
    unsigned long me = gl_next++;
    if (me != gl_serving) {
        gl_waiters++;
        while (me != gl_serving)
            pthread_cond_wait(&gl_cv, &gl_mu);
        gl_waiters--;
    }
    gl_holder = env;
    pthread_mutex_unlock(&gl_mu);
}

static void gl_unlock(void)
{
    pthread_mutex_lock(&gl_mu);
    gl_serving++;
    gl_holder = NULL;
    pthread_cond_broadcast(&gl_cv);
    pthread_mutex_unlock(&gl_mu);
}

/* Preemption: while threads wait for the lock, ask its holder every
 * 10 ms to come back to the exec loop (exit_request), where it yields. */
static void *ticker(void *arg)
{
    (void)arg;
    for (;;) {
        usleep(10000);
        pthread_mutex_lock(&gl_mu);
        if (gl_waiters && gl_holder)
            gl_holder->exit_request = 1;
        pthread_mutex_unlock(&gl_mu);
    }
    return NULL;
}

static void start_ticker(void)
{
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);   /* it takes no signals */
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 64 << 10);
    pthread_create(&t, &attr, ticker, NULL);
    pthread_attr_destroy(&attr);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

void sys_unlock(void)
{
    gl_unlock();
}

void sys_relock(struct xlat_env *env)
{
    gl_lock(env);
}

void syscall_thread_yield(struct xlat_env *env)
{
    if (!sys_threaded())
        return;
    sys_unlock();
    sys_relock(env);
}

/* After fork only the calling thread exists in the child, holding the
 * lock; whatever other threads queued for is gone with them. */
void sys_threads_after_fork(void)
{
    atomic_store(&live_threads, 1);
    pthread_mutex_init(&gl_mu, NULL);
    pthread_cond_init(&gl_cv, NULL);
    gl_next = gl_serving + 1;
    gl_waiters = 0;
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

/* Set (in the parent thread's TLS, which a vfork child shares) while a
 * vfork child runs on our memory: it must neither let go of the guest
 * lock nor count as a thread. */
__thread bool sys_in_vfork_child;

struct thread_start {
    struct xlat_env *env;
    uint64_t flags, ctid;
    pid_t tid;
    sem_t started;
};

static void *thread_main(void *arg)
{
    struct thread_start *st = arg;
    struct xlat_env *env = st->env;
    uint64_t flags = st->flags, ctid = st->ctid;
    pid_t tid = gettid();
    if (flags & CLONE_CHILD_SETTID)
        gmem_write(ctid, &tid, sizeof tid);
    /* the kernel clears *ctid and wakes its futex when this thread ends:
     * guest pthread_join relies on it */
    if (flags & CLONE_CHILD_CLEARTID)
        syscall(SYS_set_tid_address, ctid);
    st->tid = tid;
    sem_post(&st->started);     /* st belongs to the parent from here on */
    gl_lock(env);
    xlat_run(env, &thread_ops);
    sys_thread_exit(0);
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
}

int64_t sys_clone_thread(struct xlat_env *env, uint64_t flags, uint64_t newsp, uint64_t ptid,
                         uint64_t tls, uint64_t ctid)
{
    const struct guest_arch *g = sys_guest();
    if (!(flags & CLONE_VM) || !(flags & CLONE_SIGHAND))
        return sys_err(EINVAL);
    struct xlat_env *child = aligned_alloc(64, (g->cpu_size + 63) & ~(size_t)63);
    if (!child)
        return sys_err(ENOMEM);
    sys_child_env(child, env, newsp);
    if (flags & CLONE_SETTLS)
        sys_arch_set_tls(child, tls);

    if (!sys_threaded()) {
        /* from now on the lock is real; this thread takes it first */
        gl_lock(env);
        atomic_store(&threaded, true);
        start_ticker();
    }
    struct thread_start st = { .env = child, .flags = flags, .ctid = ctid };
    sem_init(&st.started, 0, 0);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 8u << 20);
    pthread_t th;
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
    if (flags & CLONE_PARENT_SETTID)
        gmem_write(ptid, &st.tid, sizeof st.tid);
    return st.tid;
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
    if (sys_threaded())
        gl_unlock();
    /* raw exit: the kernel clears the guest's clear_child_tid word */
    for (;;)
        syscall(SYS_exit, code);
}
