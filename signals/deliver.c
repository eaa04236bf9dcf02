/*
 * Guest signal delivery.  A host handler only records a signal for the
 * guest thread it interrupted (siginfo + pending bit), blocks it on the
 * host until delivered (so further ones queue in the kernel, real-time
 * signals keep their order and values) and sets env->exit_request; the
 * exec loop then comes back through signals_handle_exit, which builds the
 * guest's rt_sigframe (signals/frame_aarch64.c) as arm64 Linux does.
 * Synchronous faults from translated code arrive as exit reasons.
 * The guest mask is per thread; the host mask mirrors it (plus recorded
 * real-time signals, minus the faults xemu needs) so the kernel picks the
 * thread a process signal goes to exactly as it would for the guest.  A
 * standard signal stays unblocked while recorded: a second one is caught
 * and merged, as the kernel merges a pending standard signal.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include "cli/guest_arch.h"
#include "loader/vmmap.h"
#include "signals/fatal.h"
#include "signals/frame.h"
#include "signals/signals.h"
#include "syscalls/sigstate.h"
#include "syscalls/sys_internal.h"

struct sig_thread {
    bool inited;
    uint64_t mask;                  /* guest blocked set */
    uint64_t host_mask;             /* what this thread's host mask was last set to */
    uint64_t pending;               /* recorded, not yet delivered (atomic) */
    bool saved_valid;               /* rt_sigsuspend's mask to put back */
    uint64_t saved_mask;
    bool force_segv;                /* rt_sigreturn found a bad frame */
    struct xlat_env *env;
    struct sig_altstack alt;
    uint64_t fault_address;         /* sigcontext.fault_address (sticky, as the kernel's) */
    siginfo_t info[GUEST_NSIG + 1];
};
static __thread struct sig_thread T;
static uint64_t trampoline;

#define UNBLOCKABLE (SIG_BIT(SIGKILL) | SIG_BIT(SIGSTOP))
#define RT_SIGS (~0ull << 31)           /* 32..64 queue, 1..31 merge */

static void host_setmask(uint64_t m)
{
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &m, NULL, 8);
}

static void ensure_init(void)
{
    if (T.inited)
        return;
    uint64_t m = 0;
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, NULL, &m, 8);
    T.mask = m & ~UNBLOCKABLE;
    T.host_mask = m;
    T.inited = true;
}

static uint64_t pending(void)
{
    return __atomic_load_n(&T.pending, __ATOMIC_SEQ_CST);
}

/* The host mask and the safe-syscall flag follow the guest state (the
 * mask syscall only when it changes: this runs after every syscall). */
static void sync_host(void)
{
    uint64_t hm = (T.mask | (pending() & RT_SIGS)) & ~SIG_OWNED;
    if (hm != T.host_mask) {
        host_setmask(hm);
        T.host_mask = hm;
    }
    signals_flag = (pending() & ~T.mask) != 0;
}

uint64_t signals_get_mask(void)
{
    ensure_init();
    return T.mask;
}

void signals_set_mask(uint64_t mask)
{
    ensure_init();
    T.mask = mask & ~UNBLOCKABLE;
    sync_host();
}

uint64_t signals_tls_pending(void)
{
    return pending();
}

struct sig_altstack *signals_altstack(void)
{
    return &T.alt;
}

bool signals_on_altstack(uint64_t sp)
{
    if (T.alt.flags & SS_AUTODISARM)
        return false;
    return T.alt.size && sp > T.alt.sp && sp - T.alt.sp <= T.alt.size;
}

void signals_record(int sig, const siginfo_t *si, void *uc_)
{
    if (sig < 1 || sig > GUEST_NSIG)
        return;
    ucontext_t *uc = uc_;
    uint64_t bit = SIG_BIT(sig);
    if (!(pending() & bit) || (bit & SIG_OWNED)) {
        T.info[sig] = *si;
        __atomic_fetch_or(&T.pending, bit, __ATOMIC_SEQ_CST);
    } else if (bit & RT_SIGS) {
        /* a second one got through while the mask was being changed:
         * back into the kernel's queue (blocked below), value and all */
        siginfo_t copy = *si;
        syscall(SYS_rt_tgsigqueueinfo, getpid(), (pid_t)syscall(SYS_gettid), sig, &copy);
    }
    if (bit & RT_SIGS)
        sigaddset(&uc->uc_sigmask, sig);   /* the next one waits in the kernel */
    signals_flag = 1;
    if (T.env)
        T.env->exit_request = 1;
    safe_syscall_rewind(uc);
}

static void on_host_signal(int sig, siginfo_t *si, void *uc)
{
    int e = errno;
    signals_record(sig, si, uc);
    errno = e;
}

/* `mov x8, #139; svc #0`: the return path of handlers without SA_RESTORER
 * (the kernel's vDSO sigtramp). */
static void map_trampoline(void)
{
    if (trampoline)
        return;
    long pg = sysconf(_SC_PAGESIZE);
    uint32_t *p = mmap(NULL, (size_t)pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                       -1, 0);
    if (p == MAP_FAILED)
        return;
    p[0] = 0xd2801168;      /* mov x8, #139 (rt_sigreturn) */
    p[1] = 0xd4000001;      /* svc #0 */
    mprotect(p, (size_t)pg, PROT_READ | PROT_EXEC);
    trampoline = (uint64_t)(uintptr_t)p;
    vmmap_add(trampoline, trampoline + (uint64_t)pg, PROT_READ | PROT_EXEC,
              MAP_PRIVATE | MAP_ANONYMOUS, 0, 0, 0, "[vdso]");
}

void signals_host_install(int sig)
{
    map_trampoline();
    if (sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE)
        return;     /* signals/fatal.c's handler records the async ones */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_host_signal;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigfillset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

static _Noreturn void die_of(struct xlat_env *env, int sig, uint64_t addr)
{
    fatal_guest_signal(sig, env->pc, addr);
}

/* Default action of a signal the guest left at SIG_DFL. */
static void default_action(struct xlat_env *env, int sig)
{
    switch (sig) {
    case SIGCHLD: case SIGCONT: case SIGURG: case SIGWINCH:
        return;
    case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
        syscall(SYS_tgkill, getpid(), gettid(), SIGSTOP);
        return;
    default:
        die_of(env, sig, 0);
    }
}

/* Run sig's action: set up the handler frame, or ignore / default. */
static void deliver_one(struct xlat_env *env, int sig, const siginfo_t *info, uint64_t esr)
{
    const struct guest_sigaction *act = guest_sigaction_get(sig);
    if (act->handler == 1)
        return;
    if (act->handler == 0) {
        default_action(env, sig);
        return;
    }
    map_trampoline();
    uint64_t sp = sig_frame_sp(env);
    struct sig_frame_args f = {
        .sig = sig, .info = info, .handler = act->handler, .flags = act->flags,
        .restorer = act->restorer, .sp = sp, .fault_address = T.fault_address, .esr = esr,
        .trampoline = trampoline, .ss_sp = T.alt.sp, .ss_size = T.alt.size,
        .ss_flags = !T.alt.size ? SS_DISABLE
                    : (signals_on_altstack(sp) ? SS_ONSTACK : 0) | (T.alt.flags & SS_AUTODISARM),
    };
    if ((act->flags & SA_ONSTACK) && T.alt.size && !signals_on_altstack(sp))
        f.sp = T.alt.sp + T.alt.size;
    f.mask = T.saved_valid ? T.saved_mask : T.mask;
    if (sig_frame_setup(env, &f) < 0)
        die_of(env, SIGSEGV, sp);       /* the kernel's force_sigsegv */
    T.saved_valid = false;
    if (T.alt.flags & SS_AUTODISARM) {
        T.alt.sp = T.alt.size = 0;
        T.alt.flags = 0;
    }
    uint64_t m = T.mask | act->mask;
    if (!(act->flags & SA_NODEFER))
        m |= SIG_BIT(sig);
    T.mask = m & ~UNBLOCKABLE;
    if (act->flags & SA_RESETHAND)
        guest_sigaction_reset(sig);
}

/* The signal the kernel would deliver next: synchronous ones first. */
static int next_signal(void)
{
    uint64_t d = pending() & ~T.mask;
    if (!d)
        return 0;
    uint64_t sync = d & SIG_OWNED;
    return __builtin_ctzll(sync ? sync : d) + 1;
}

static void deliver_pending(struct xlat_env *env)
{
    ensure_init();
    int sig;
    while ((sig = next_signal())) {
        siginfo_t info = T.info[sig];
        __atomic_fetch_and(&T.pending, ~SIG_BIT(sig), __ATOMIC_SEQ_CST);
        deliver_one(env, sig, &info, 0);
    }
    if (T.saved_valid) {        /* rt_sigsuspend woke but ran no handler */
        T.mask = T.saved_mask;
        T.saved_valid = false;
    }
    sync_host();
}

int signals_take(uint64_t set, siginfo_t *si)
{
    ensure_init();
    uint64_t d = pending() & set;
    if (!d)
        return 0;
    int sig = __builtin_ctzll(d) + 1;
    *si = T.info[sig];
    __atomic_fetch_and(&T.pending, ~SIG_BIT(sig), __ATOMIC_SEQ_CST);
    sync_host();
    return sig;
}

int64_t signals_suspend(uint64_t mask)
{
    ensure_init();
    T.saved_mask = T.mask;
    T.saved_valid = true;
    T.mask = mask & ~UNBLOCKABLE;
    uint64_t hm = (T.mask | (pending() & RT_SIGS)) & ~SIG_OWNED;
    signals_flag = (pending() & ~T.mask) != 0;
    safe_syscall(SYS_rt_sigsuspend, &hm, 8L, 0L, 0L, 0L, 0L);
    return sys_err(EINTR);
}

void signals_temp_mask_begin(uint64_t mask, uint64_t *host_mask)
{
    ensure_init();
    T.saved_mask = T.mask;
    T.saved_valid = true;
    T.mask = mask & ~UNBLOCKABLE;
    *host_mask = (T.mask | (pending() & RT_SIGS)) & ~SIG_OWNED;
    signals_flag = (pending() & ~T.mask) != 0;
}

void signals_temp_mask_end(bool interrupted)
{
    if (interrupted || !T.saved_valid)
        return;         /* deliver_pending puts the mask back */
    T.mask = T.saved_mask;
    T.saved_valid = false;
    signals_flag = (pending() & ~T.mask) != 0;
}

/* A synchronous signal from the guest's own instruction: delivered at
 * once, or fatal if blocked or not handled (the kernel's force_sig). */
static void sync_signal(struct xlat_env *env, int sig, int code, uint64_t addr,
                        uint64_t fault_address, uint64_t esr)
{
    ensure_init();
    const struct guest_sigaction *act = guest_sigaction_get(sig);
    if ((T.mask & SIG_BIT(sig)) || act->handler <= 1)
        die_of(env, sig, addr);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    si.si_signo = sig;
    si.si_code = code;
    si.si_addr = (void *)(uintptr_t)addr;
    T.fault_address = fault_address;
    deliver_one(env, sig, &si, esr);
    deliver_pending(env);
}

int64_t signals_sigreturn(struct xlat_env *env)
{
    ensure_init();
    uint64_t mask;
    if (sig_frame_restore(env, &mask) < 0) {
        T.force_segv = true;
        return 0;
    }
    T.mask = mask & ~UNBLOCKABLE;
    T.saved_valid = false;
    sync_host();
    return (int64_t)sig_frame_x0(env);
}

static bool mapped(uint64_t addr)
{
    long pg = sysconf(_SC_PAGESIZE);
    unsigned char v;
    return mincore((void *)(uintptr_t)(addr & ~(uint64_t)(pg - 1)), 1, &v) == 0;
}

#define ESR_IL (1ull << 25)
#define EC_IABT_LOW 0x20ull
#define EC_PC_ALIGN 0x22ull
#define EC_DABT_LOW 0x24ull

static void fault(struct xlat_env *env)
{
    int sig = env->fault_signal, code = env->fault_code;
    uint64_t addr = env->exit_info, esr;
    if (!sig) {
        /* the loop could not fetch the instruction at pc */
        addr = env->pc;
        if (env->pc & 3) {
            sig = SIGBUS, code = BUS_ADRALN;
            esr = EC_PC_ALIGN << 26 | ESR_IL;
        } else {
            sig = SIGSEGV, code = mapped(addr) ? SEGV_ACCERR : SEGV_MAPERR;
            esr = EC_IABT_LOW << 26 | ESR_IL | (code == SEGV_ACCERR ? 0x0f : 0x07);
        }
    } else {
        /* data abort; x86 does not tell reads from writes here (WnR 0) */
        uint64_t fsc = sig == SIGBUS ? 0x21 : code == SEGV_ACCERR ? 0x0f : 0x07;
        esr = EC_DABT_LOW << 26 | ESR_IL | fsc;
    }
    sync_signal(env, sig, code, addr, addr, esr);
}

/* Syscalls Linux restarts after a SA_RESTART handler (-ERESTARTSYS);
 * the others fail with EINTR (-ERESTARTNOHAND, restart_block). */
static bool restartable(const char *name, const uint64_t a[6])
{
    static const char *const names[] = {
        "read", "write", "readv", "writev", "pread64", "pwrite64", "preadv", "pwritev",
        "preadv2", "pwritev2", "wait4", "waitid", "openat", "accept", "accept4", "connect",
        "recvfrom", "sendto", "recvmsg", "sendmsg", "recvmmsg", "sendmmsg", "flock", "fcntl",
        "ioctl", "splice", "tee", "sendfile", "copy_file_range", "msgsnd", "msgrcv",
        "getrandom", "mq_timedsend", "mq_timedreceive",
    };
    if (!name)
        return false;
    if (!strcmp(name, "futex")) {
        int op = (int)a[1] & 0x7f;
        /* waits with a timeout use restart_block: EINTR for handlers */
        return !((op == 0 || op == 9) && a[3]);
    }
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(name, names[i]))
            return true;
    return false;
}

/* A vfork child (CLONE_VM|CLONE_VFORK) runs guest code on this thread's
 * memory and TLS: what it changes (mask, actions, altstack) is its own. */
static bool is_vfork(const char *name, const uint64_t a[6])
{
    uint64_t flags = 0;
    if (!name)
        return false;
    if (!strcmp(name, "clone"))
        flags = a[0];
    else if (!strcmp(name, "clone3"))
        (void)!gmem_read(&flags, a[0], 8);
    else
        return false;
    return (flags & (CLONE_VM | CLONE_VFORK)) == (CLONE_VM | CLONE_VFORK);
}

static int64_t dispatch_vfork(struct xlat_env *env, uint64_t nr, const uint64_t a[6])
{
    static __thread struct guest_sigaction acts[GUEST_NSIG + 1];
    static __thread struct sig_thread saved;
    guest_sigactions_save(acts);
    saved = T;
    int64_t r = syscall_dispatch(env, nr, a);
    guest_sigactions_restore(acts);
    uint64_t p = pending();
    T = saved;
    T.pending = p;
    T.env = env;
    return r;
}

static bool do_syscall(struct xlat_env *env)
{
    const struct guest_arch *g = sys_guest();
    if (pending() & ~T.mask) {
        /* arrived before the svc: the handler runs first, then the svc */
        env->pc -= 4;
        deliver_pending(env);
        return true;
    }
    uint64_t a[6];
    uint64_t nr = g->syscall_nr(env);
    g->syscall_args(env, a);
    const char *name = sys_name(nr);
    int64_t r = is_vfork(name, a) ? dispatch_vfork(env, nr, a) : syscall_dispatch(env, nr, a);
    if (name && !strcmp(name, "rt_sigreturn")) {
        g->syscall_ret(env, (uint64_t)r);
        if (T.force_segv) {
            T.force_segv = false;
            uint64_t sp = sig_frame_sp(env);
            sync_signal(env, SIGSEGV, mapped(sp) ? SEGV_ACCERR : SEGV_MAPERR, sp, sp, 0);
        }
        deliver_pending(env);
        return true;
    }
    int sig;
    if (r == sys_err(EINTR) && (sig = next_signal())) {
        const struct guest_sigaction *act = guest_sigaction_get(sig);
        if (restartable(name, a) && (act->handler <= 1 || (act->flags & SA_RESTART)))
            env->pc -= 4;       /* x0 still holds the first argument */
        else
            g->syscall_ret(env, (uint64_t)r);
    } else {
        g->syscall_ret(env, (uint64_t)r);
    }
    deliver_pending(env);
    return true;
}

bool signals_handle_exit(struct xlat_env *env, enum xlat_exit why)
{
    T.env = env;
    ensure_init();
    switch (why) {
    case XLAT_EXIT_SYSCALL:
        return do_syscall(env);
    case XLAT_EXIT_UNDEF:
        sync_signal(env, SIGILL, ILL_ILLOPC, env->pc, 0, 0);
        return true;
    case XLAT_EXIT_BRK:
        sync_signal(env, SIGTRAP, TRAP_BRKPT, env->pc, 0, 0);
        return true;
    case XLAT_EXIT_FAULT:
        fault(env);
        return true;
    case XLAT_EXIT_HALT:
        return false;
    case XLAT_EXIT_REQUEST:
        syscall_thread_yield(env);
        deliver_pending(env);
        return true;
    default:
        return true;
    }
}
