/*
 * Signal syscalls: the guest's dispositions (a guest handler gets xemu's
 * recording host handler, SIG_IGN/SIG_DFL go to the host as they are,
 * except for the faults xemu needs for itself), the per-thread mask and
 * waits, sigaltstack and rt_sigreturn.  Delivery itself: signals/.
 */
#include <signal.h>
#include <stdbool.h>
#include <string.h>

#include "signals/frame.h"
#include "signals/signals.h"
#include "syscalls/sigstate.h"
#include "syscalls/sys_defs.h"

static struct guest_sigaction actions[GUEST_NSIG + 1];

/* Signals ignored when we were exec'd stay ignored (the kernel keeps
 * SIG_IGN across execve; only handlers reset): the host dispositions
 * xemu inherited are the guest's starting ones. */
static void actions_init(void)
{
    static bool done;
    if (done)
        return;
    done = true;
    for (int g = 1; g <= GUEST_NSIG; g++) {
        struct sigaction h;
        int hs = (int)abi_value_g2h(ABI_M_signals, g);
        if (hs > 0 && sigaction(hs, NULL, &h) == 0 && h.sa_handler == SIG_IGN)
            actions[g].handler = 1;
    }
}

const struct guest_sigaction *guest_sigaction_get(int sig)
{
    actions_init();
    return sig >= 1 && sig <= GUEST_NSIG ? &actions[sig] : NULL;
}

/* Faults of translated code: the host handler stays xemu's. */
static bool xemu_owns(int hsig)
{
    return hsig == SIGSEGV || hsig == SIGBUS || hsig == SIGFPE;
}

/* The host action follows the guest's: xemu's recording handler for a
 * guest handler, else SIG_DFL/SIG_IGN.  For SIGCHLD the kernel itself
 * acts on SA_NOCLDSTOP (no signal for stops and continues) and
 * SA_NOCLDWAIT (children reaped at exit), so those flags go to the host
 * action too (same values on every Linux arch). */
static void host_disposition(int sig, uint64_t handler, uint64_t guest_flags)
{
    if (xemu_owns(sig))
        return;
    struct sigaction h;
    if (handler > 1) {
        signals_host_install(sig);
        if (sig != SIGCHLD)
            return;
        sigaction(sig, NULL, &h);
    } else {
        memset(&h, 0, sizeof h);
        h.sa_handler = handler ? SIG_IGN : SIG_DFL;
    }
    if (sig == SIGCHLD)
        h.sa_flags |= (int)(guest_flags & (SA_NOCLDSTOP | SA_NOCLDWAIT));
    sigaction(sig, &h, NULL);
}

void guest_sigactions_save(struct guest_sigaction *all)
{
    actions_init();
    memcpy(all, actions, sizeof actions);
}

void guest_sigactions_restore(const struct guest_sigaction *all)
{
    memcpy(actions, all, sizeof actions);
}

void guest_sigaction_reset(int sig)
{
    actions[sig].handler = 0;
    actions[sig].flags &= ~(uint64_t)SA_SIGINFO;
    host_disposition(sig, 0, 0);
}

/* struct sigaction (kernel) has one layout on arm64 and x86-64:
 * handler, flags, restorer, mask (checked by the generator). */
SYS(rt_sigaction)
{
    int gsig = (int)a[0];
    actions_init();
    if (a[3] != 8)
        return sys_err(EINVAL);
    if (gsig < 1 || gsig > GUEST_NSIG)
        return sys_err(EINVAL);
    int hsig = (int)abi_value_g2h(ABI_M_signals, gsig);
    struct guest_sigaction act;
    if (a[1]) {
        if (hsig == SIGKILL || hsig == SIGSTOP)
            return sys_err(EINVAL);
        if (gmem_read_struct(ABI_L_sigaction, &act, a[1]) < 0)
            return sys_err(EFAULT);
    }
    if (a[2] && gmem_write_struct(ABI_L_sigaction, a[2], &actions[gsig]) < 0)
        return sys_err(EFAULT);
    if (!a[1])
        return 0;
    act.mask &= ~(SIG_BIT(SIGKILL) | SIG_BIT(SIGSTOP));
    actions[gsig] = act;
    host_disposition(hsig, act.handler, act.flags);
    return 0;
}

SYS(rt_sigprocmask)
{
    if (a[3] != 8)
        return sys_err(EINVAL);
    uint64_t set = 0, old = signals_get_mask();
    if (a[1]) {
        if (gmem_read(&set, a[1], 8) < 0)
            return sys_err(EFAULT);
        switch ((int)a[0]) {
        case SIG_BLOCK: set = old | set; break;
        case SIG_UNBLOCK: set = old & ~set; break;
        case SIG_SETMASK: break;
        default: return sys_err(EINVAL);
        }
    }
    if (a[2] && gmem_write(a[2], &old, 8) < 0)
        return sys_err(EFAULT);
    if (a[1])
        signals_set_mask(set);
    return 0;
}

SYS(rt_sigpending)
{
    if (a[1] != 8)
        return sys_err(EINVAL);
    uint64_t host = 0;
    if (syscall(SYS_rt_sigpending, &host, 8) < 0)
        return sys_err(errno);
    uint64_t set = (host | signals_tls_pending()) & signals_get_mask();
    if (gmem_write(a[0], &set, 8) < 0)
        return sys_err(EFAULT);
    return 0;
}

SYS(rt_sigsuspend)
{
    if (a[1] != 8)
        return sys_err(EINVAL);
    uint64_t mask;
    if (gmem_read(&mask, a[0], 8) < 0)
        return sys_err(EFAULT);
    return signals_suspend(mask);
}

/* siginfo_t and timespec have one layout on both sides. */
SYS(rt_sigtimedwait)
{
    if (a[3] != 8)
        return sys_err(EINVAL);
    uint64_t set;
    if (gmem_read(&set, a[0], 8) < 0)
        return sys_err(EFAULT);
    set &= ~(SIG_BIT(SIGKILL) | SIG_BIT(SIGSTOP));
    siginfo_t si;
    int sig = signals_take(set, &si);
    if (sig) {
        if (a[1] && gmem_write(a[1], &si, sizeof si) < 0)
            return sys_err(EFAULT);
        return sig;
    }
    return sys_ret(safe_syscall(SYS_rt_sigtimedwait, &set, (long)a[1], (long)a[2], 8L, 0L, 0L));
}

SYS(sigaltstack)
{
    struct sig_altstack *alt = signals_altstack();
    uint64_t sp = sig_frame_sp(env);
    stack_t ns, os;
    /* read the new stack before writing the old one: they may overlap */
    if (a[0] && gmem_read_struct(ABI_L_stack_t, &ns, a[0]) < 0)
        return sys_err(EFAULT);
    if (a[1]) {
        os.ss_sp = (void *)(uintptr_t)alt->sp;
        os.ss_size = alt->size;
        os.ss_flags = !alt->size ? SS_DISABLE : signals_on_altstack(sp) ? SS_ONSTACK : 0;
        os.ss_flags |= alt->flags & SS_AUTODISARM;
        if (gmem_write_struct(ABI_L_stack_t, a[1], &os) < 0)
            return sys_err(EFAULT);
    }
    if (!a[0])
        return 0;
    if (signals_on_altstack(sp))
        return sys_err(EPERM);
    int f = ns.ss_flags & ~(int)SS_AUTODISARM;
    if (f != 0 && f != SS_DISABLE && f != SS_ONSTACK)
        return sys_err(EINVAL);
    if (f == SS_DISABLE) {
        alt->sp = alt->size = 0;
        alt->flags = 0;
        return 0;
    }
    if (ns.ss_size < sys_guest()->minsigstksz)     /* what AT_MINSIGSTKSZ says */
        return sys_err(ENOMEM);
    alt->sp = (uint64_t)(uintptr_t)ns.ss_sp;
    alt->size = ns.ss_size;
    alt->flags = ns.ss_flags & SS_AUTODISARM;
    return 0;
}

/* ppoll and pselect6 are passed through, but their temporary mask is the
 * guest's own (signals_temp_mask_*), so that a handler it lets in runs. */
SYS(ppoll)
{
    if (!a[3])
        return sys_ret(safe_syscall(SYS_ppoll, (long)a[0], (long)a[1], (long)a[2], 0L, 0L, 0L));
    if (a[4] != 8)
        return sys_err(EINVAL);
    uint64_t m, hm;
    if (gmem_read(&m, a[3], 8) < 0)
        return sys_err(EFAULT);
    signals_temp_mask_begin(m, &hm);
    long r = safe_syscall(SYS_ppoll, (long)a[0], (long)a[1], (long)a[2], &hm, 8L, 0L);
    int e = errno;
    signals_temp_mask_end(r < 0 && e == EINTR);
    errno = e;
    return sys_ret(r);
}

SYS(pselect6)
{
    uint64_t sm[2] = { 0, 0 };      /* { const sigset_t *ss; size_t ss_len } */
    if (a[5] && gmem_read(sm, a[5], sizeof sm) < 0)
        return sys_err(EFAULT);
    if (!sm[0])
        return sys_ret(safe_syscall(SYS_pselect6, (long)a[0], (long)a[1], (long)a[2],
                                    (long)a[3], (long)a[4], (long)a[5]));
    if (sm[1] != 8)
        return sys_err(EINVAL);
    uint64_t m, hm;
    if (gmem_read(&m, sm[0], 8) < 0)
        return sys_err(EFAULT);
    signals_temp_mask_begin(m, &hm);
    uint64_t hs[2] = { (uint64_t)(uintptr_t)&hm, 8 };
    long r = safe_syscall(SYS_pselect6, (long)a[0], (long)a[1], (long)a[2], (long)a[3],
                          (long)a[4], hs);
    int e = errno;
    signals_temp_mask_end(r < 0 && e == EINTR);
    errno = e;
    return sys_ret(r);
}

SYS(rt_sigreturn)
{
    return signals_sigreturn(env);
}
