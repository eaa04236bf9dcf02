/*
 * Signal syscalls: the guest's dispositions are recorded (signals/ will
 * deliver to guest handlers); SIG_IGN and SIG_DFL also go to the host so
 * that ignoring SIGPIPE or SIGINT works now, except for the signals xemu
 * needs for itself (synchronous faults from translated code).
 */
#include <signal.h>
#include <string.h>

#include "syscalls/sigstate.h"
#include "syscalls/sys_defs.h"

#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1u << 31)   /* linux/signal.h */
#endif

static struct guest_sigaction actions[GUEST_NSIG + 1];
static struct guest_sigaltstack altstack = { 0, 0, SS_DISABLE };

const struct guest_sigaction *guest_sigaction_get(int sig)
{
    return sig >= 1 && sig <= GUEST_NSIG ? &actions[sig] : NULL;
}

const struct guest_sigaltstack *guest_sigaltstack_get(void)
{
    return &altstack;
}

static bool xemu_owns(int hsig)
{
    return hsig == SIGSEGV || hsig == SIGBUS || hsig == SIGILL || hsig == SIGFPE ||
           hsig == SIGTRAP;
}

/* struct sigaction (kernel) has one layout on arm64 and x86-64:
 * handler, flags, restorer, mask (checked by the generator). */
SYS(rt_sigaction)
{
    int gsig = (int)a[0];
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
    actions[gsig] = act;
    if (xemu_owns(hsig))
        return 0;
    if (act.handler == (uint64_t)(uintptr_t)SIG_IGN || act.handler == (uint64_t)(uintptr_t)SIG_DFL) {
        struct sigaction h;
        memset(&h, 0, sizeof h);
        h.sa_handler = act.handler ? SIG_IGN : SIG_DFL;
        h.sa_flags = (int)(abi_flags_g2h(ABI_M_sa_flags, act.flags) & SA_RESTART);
        sigaction(hsig, &h, NULL);
    } else {
        sys_unimp("rt_sigaction: guest handler %#llx for signal %d recorded, "
                  "delivery to guest handlers is not implemented yet",
                  (unsigned long long)act.handler, gsig);
    }
    return 0;
}

SYS(rt_sigprocmask)
{
    if (a[3] != 8)
        return sys_err(EINVAL);
    uint64_t set = 0, old = 0;
    if (a[1] && gmem_read(&set, a[1], 8) < 0)
        return sys_err(EFAULT);
    /* never let the guest block the faults xemu turns into guest signals */
    set &= ~((1ull << (SIGSEGV - 1)) | (1ull << (SIGBUS - 1)) | (1ull << (SIGILL - 1)) |
             (1ull << (SIGFPE - 1)) | (1ull << (SIGTRAP - 1)));
    long r = syscall(SYS_rt_sigprocmask, (int)a[0], a[1] ? &set : NULL, a[2] ? &old : NULL, 8);
    if (r < 0)
        return sys_err(errno);
    if (a[2] && gmem_write(a[2], &old, 8) < 0)
        return sys_err(EFAULT);
    return 0;
}

SYS(sigaltstack)
{
    stack_t ns, os;
    /* read the new stack before writing the old one: they may overlap */
    if (a[0] && gmem_read_struct(ABI_L_stack_t, &ns, a[0]) < 0)
        return sys_err(EFAULT);
    if (a[1]) {
        os.ss_sp = (void *)(uintptr_t)altstack.sp;
        os.ss_size = altstack.size;
        os.ss_flags = altstack.flags;
        if (gmem_write_struct(ABI_L_stack_t, a[1], &os) < 0)
            return sys_err(EFAULT);
    }
    if (!a[0])
        return 0;
    int f = ns.ss_flags & ~SS_AUTODISARM;
    if (f != 0 && f != SS_DISABLE && f != SS_ONSTACK)
        return sys_err(EINVAL);
    if (f == SS_DISABLE) {
        altstack.sp = altstack.size = 0;
        altstack.flags = SS_DISABLE;
        return 0;
    }
    if (ns.ss_size < sys_guest()->minsigstksz)     /* what AT_MINSIGSTKSZ says */
        return sys_err(ENOMEM);
    altstack.sp = (uint64_t)(uintptr_t)ns.ss_sp;
    altstack.size = ns.ss_size;
    altstack.flags = ns.ss_flags & SS_AUTODISARM;
    return 0;
}

SYS(rt_sigreturn)
{
    sys_unimp("rt_sigreturn: guest signal delivery is not implemented yet");
    return sys_err(ENOSYS);
}
