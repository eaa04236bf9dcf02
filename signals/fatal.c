/*
 * Death by guest signal, and the host handlers that tell a guest fault in
 * translated code from a crash of xemu itself.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "signals/fatal.h"
#include "signals/signals.h"
#include "xlat/xlat.h"

_Noreturn void fatal_guest_signal(int sig, uint64_t pc, uint64_t addr)
{
    extern struct xlat_opts xlat_opts;
    if (xlat_opts.logf)
        fflush(xlat_opts.logf);
    fflush(stdout);
    if (xlat_opts.log & XLAT_LOG_UNIMP)
        fprintf(stderr, "xemu: guest signal %d (%s) at pc 0x%lx, address 0x%lx\n",
                sig, strsignal(sig), (unsigned long)pc, (unsigned long)addr);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_DFL;
    sigaction(sig, &sa, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    /* not raise(): after a raw clone (fork_process) glibc's cached tid is
     * the parent's */
    syscall(SYS_tgkill, getpid(), gettid(), sig);
    /* a signal the host ignores or that could not kill us */
    _exit(128 + sig);
}

static void on_host_fault(int sig, siginfo_t *si, void *uc_)
{
    ucontext_t *uc = uc_;
    if (si->si_code <= 0) {
        /* sent (kill, tgkill, sigqueue), not a fault: the guest's */
        signals_record(sig, si, uc_);
        return;
    }
    uint64_t hpc = (uint64_t)uc->uc_mcontext.gregs[REG_RIP];
    if (xlat_in_code(hpc))
        xlat_fault_longjmp(hpc, (uint64_t)(uintptr_t)si->si_addr, sig, si->si_code);
    /* Helpers touching guest memory fault outside the cache too; the
     * guest state is not precise there yet, but the signal is right. */
    static const char msg[] = "xemu: fault outside translated code (guest fault in a "
                              "helper, or an xemu bug)\n";
    if (xlat_opts.log & XLAT_LOG_UNIMP)
        (void)!write(2, msg, sizeof(msg) - 1);
    fatal_guest_signal(sig, 0, (uint64_t)(uintptr_t)si->si_addr);
}

void fatal_signals_init(void)
{
    static char altstack[64 * 1024];
    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_host_fault;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);
}
