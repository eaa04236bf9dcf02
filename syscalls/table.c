/*
 * The syscall table: one row per generic Linux syscall xemu implements,
 * by name (abi/<arch>/ maps each arch's numbers to these names).
 *   H(name, args, ret): handled by sys_<name> in a subsystem file
 *   P(name, args, ret): passed to the host unchanged - arguments, structs
 *                       and constants have one meaning on both sides
 *                       (the ABI generator checks the layouts involved)
 * args/ret letters: see struct sys_row in sys_internal.h.
 */
#include "signals/signals.h"    /* safe_syscall: no lost signal before blocking */
#include "syscalls/sys_defs.h"

#define SYSCALLS(H, P) \
    /* fs: descriptors and data */ \
    P(read, "dRu", 'd') \
    P(write, "dBu", 'd') \
    P(readv, "dpd", 'd') \
    P(writev, "dpd", 'd') \
    P(pread64, "dRud", 'd') \
    P(pwrite64, "dBud", 'd') \
    P(preadv, "dpddd", 'd') \
    P(pwritev, "dpddd", 'd') \
    P(preadv2, "dpdddx", 'd') \
    P(pwritev2, "dpdddx", 'd') \
    H(close, "d", 'd') \
    H(close_range, "uux", 'd') \
    P(lseek, "ddd", 'd') \
    P(getdents64, "dpu", 'd') \
    P(dup, "d", 'd') \
    H(dup3, "ddK", 'd') \
    H(fcntl, "dFx", 'd') \
    P(ioctl, "dIx", 'd') \
    P(flock, "dd", 'd') \
    P(ftruncate, "dd", 'd') \
    P(fallocate, "ddxx", 'd') \
    P(fsync, "d", 'd') \
    P(fdatasync, "d", 'd') \
    P(sync, "", 'd') \
    P(syncfs, "d", 'd') \
    P(sync_file_range, "dxxx", 'd') \
    P(fadvise64, "dxxd", 'd') \
    P(readahead, "dxu", 'd') \
    P(sendfile, "ddpu", 'd') \
    P(splice, "dpdpux", 'd') \
    P(tee, "ddux", 'd') \
    P(copy_file_range, "dpdpux", 'd') \
    H(pipe2, "pK", 'd') \
    H(memfd_create, "sx", 'd') \
    /* fs: paths */ \
    H(openat, "fsOm", 'd') \
    H(openat2, "fspu", 'd') \
    H(newfstatat, "fsTA", 'd') \
    H(fstat, "dT", 'd') \
    H(statx, "fsAxp", 'd') \
    H(statfs, "sp", 'd') \
    H(fstatfs, "dp", 'd') \
    H(readlinkat, "fsRu", 'd') \
    H(faccessat, "fsd", 'd') \
    H(faccessat2, "fsdA", 'd') \
    H(mkdirat, "fso", 'd') \
    H(mknodat, "fsox", 'd') \
    H(unlinkat, "fsA", 'd') \
    H(renameat, "fsfs", 'd') \
    H(renameat2, "fsfsx", 'd') \
    H(linkat, "fsfsA", 'd') \
    H(symlinkat, "sfs", 'd') \
    P(fchmod, "do", 'd') \
    H(fchmodat, "fso", 'd') \
    P(fchown, "ddd", 'd') \
    H(fchownat, "fsddA", 'd') \
    H(utimensat, "fspA", 'd') \
    H(truncate, "sd", 'd') \
    H(chdir, "s", 'd') \
    P(fchdir, "d", 'd') \
    H(chroot, "s", 'd') \
    P(getcwd, "Ru", 'd') \
    P(umask, "o", 'd') \
    H(getxattr, "sspu", 'd') \
    H(lgetxattr, "sspu", 'd') \
    H(setxattr, "sspud", 'd') \
    H(lsetxattr, "sspud", 'd') \
    H(listxattr, "spu", 'd') \
    H(llistxattr, "spu", 'd') \
    H(removexattr, "ss", 'd') \
    H(lremovexattr, "ss", 'd') \
    P(fgetxattr, "dspu", 'd') \
    P(fsetxattr, "dspud", 'd') \
    P(flistxattr, "dpu", 'd') \
    P(fremovexattr, "ds", 'd') \
    H(inotify_init1, "K", 'd') \
    H(inotify_add_watch, "dsx", 'd') \
    P(inotify_rm_watch, "dd", 'd') \
    /* events */ \
    H(ppoll, "pdppu", 'd') \
    H(pselect6, "dppppp", 'd') \
    H(epoll_create1, "K", 'd') \
    H(epoll_ctl, "dddp", 'd') \
    H(epoll_pwait, "dpddpu", 'd') \
    H(epoll_pwait2, "dpdppu", 'd') \
    H(eventfd2, "uK", 'd') \
    H(timerfd_create, "dK", 'd') \
    P(timerfd_settime, "ddpp", 'd') \
    P(timerfd_gettime, "dp", 'd') \
    H(signalfd4, "dpuK", 'd') \
    /* memory */ \
    H(mmap, "puPMdx", 'x') \
    H(munmap, "xu", 'd') \
    H(mprotect, "xuP", 'd') \
    H(mremap, "xuuxx", 'x') \
    H(madvise, "xud", 'd') \
    H(brk, "x", 'x') \
    P(msync, "xud", 'd') \
    P(mincore, "xup", 'd') \
    P(mlock, "xu", 'd') \
    P(mlock2, "xux", 'd') \
    P(munlock, "xu", 'd') \
    P(mlockall, "x", 'd') \
    P(munlockall, "", 'd') \
    P(membarrier, "dxd", 'd') \
    /* processes */ \
    H(exit, "d", 'n') \
    H(exit_group, "d", 'n') \
    H(clone, "Cxppp", 'd') \
    H(clone3, "pu", 'd') \
    H(execve, "sVE", 'n') \
    H(execveat, "fsVEA", 'n') \
    P(wait4, "dpWp", 'd') \
    P(waitid, "ddpWp", 'd') \
    P(getpid, "", 'd') \
    P(getppid, "", 'd') \
    P(gettid, "", 'd') \
    P(getuid, "", 'd') \
    P(geteuid, "", 'd') \
    P(getgid, "", 'd') \
    P(getegid, "", 'd') \
    P(getresuid, "ppp", 'd') \
    P(getresgid, "ppp", 'd') \
    P(getgroups, "dp", 'd') \
    P(setgroups, "dp", 'd') \
    P(setuid, "d", 'd') \
    P(setgid, "d", 'd') \
    P(setreuid, "dd", 'd') \
    P(setregid, "dd", 'd') \
    P(setresuid, "ddd", 'd') \
    P(setresgid, "ddd", 'd') \
    P(setfsuid, "d", 'd') \
    P(setfsgid, "d", 'd') \
    P(getpgid, "d", 'd') \
    P(setpgid, "dd", 'd') \
    P(getsid, "d", 'd') \
    P(setsid, "", 'd') \
    P(getpriority, "dd", 'd') \
    P(setpriority, "ddd", 'd') \
    H(uname, "p", 'd') \
    P(sysinfo, "p", 'd') \
    P(getrlimit, "dp", 'd') \
    P(setrlimit, "dp", 'd') \
    P(prlimit64, "ddpp", 'd') \
    P(getrusage, "dp", 'd') \
    P(times, "p", 'd') \
    H(personality, "x", 'x') \
    H(prctl, "dxxxx", 'd') \
    P(capget, "pp", 'd') \
    P(capset, "pp", 'd') \
    P(set_tid_address, "p", 'd') \
    H(set_robust_list, "pu", 'd') \
    H(get_robust_list, "dpp", 'd') \
    H(rseq, "pudx", 'd') \
    H(seccomp, "dxp", 'd') \
    P(futex, "pdxpxx", 'd') \
    P(getrandom, "pux", 'd') \
    P(getcpu, "ppp", 'd') \
    P(sched_yield, "", 'd') \
    P(sched_getaffinity, "dup", 'd') \
    P(sched_setaffinity, "dup", 'd') \
    P(sched_getparam, "dp", 'd') \
    P(sched_setparam, "dp", 'd') \
    P(sched_getscheduler, "d", 'd') \
    P(sched_setscheduler, "ddp", 'd') \
    P(sched_get_priority_max, "d", 'd') \
    P(sched_get_priority_min, "d", 'd') \
    P(sched_rr_get_interval, "dp", 'd') \
    P(pidfd_open, "dx", 'd') \
    P(pidfd_send_signal, "dSpx", 'd') \
    P(pidfd_getfd, "ddx", 'd') \
    P(process_vm_readv, "dpupux", 'd') \
    P(process_vm_writev, "dpupux", 'd') \
    P(kcmp, "ddduu", 'd') \
    /* signals */ \
    H(rt_sigaction, "Sppu", 'd') \
    H(rt_sigprocmask, "dppu", 'd') \
    H(sigaltstack, "pp", 'd') \
    H(rt_sigreturn, "", 'd') \
    H(rt_sigpending, "pu", 'd') \
    H(rt_sigsuspend, "pu", 'd') \
    H(rt_sigtimedwait, "pppu", 'd') \
    P(rt_sigqueueinfo, "dSp", 'd') \
    P(rt_tgsigqueueinfo, "ddSp", 'd') \
    P(kill, "dS", 'd') \
    P(tkill, "dS", 'd') \
    P(tgkill, "ddS", 'd') \
    /* time */ \
    P(clock_gettime, "dp", 'd') \
    P(clock_settime, "dp", 'd') \
    P(clock_getres, "dp", 'd') \
    P(clock_nanosleep, "ddpp", 'd') \
    P(nanosleep, "pp", 'd') \
    P(gettimeofday, "pp", 'd') \
    P(settimeofday, "pp", 'd') \
    P(getitimer, "dp", 'd') \
    P(setitimer, "dpp", 'd') \
    P(timer_create, "dpp", 'd') \
    P(timer_settime, "ddpp", 'd') \
    P(timer_gettime, "dp", 'd') \
    P(timer_getoverrun, "d", 'd') \
    P(timer_delete, "d", 'd') \
    /* sockets: sockaddr, msghdr, cmsghdr, SO_* have one 64-bit layout */ \
    P(socket, "ddd", 'd') \
    P(socketpair, "dddp", 'd') \
    P(bind, "dpu", 'd') \
    P(connect, "dpu", 'd') \
    P(listen, "dd", 'd') \
    P(accept, "dpp", 'd') \
    P(accept4, "dppx", 'd') \
    P(getsockname, "dpp", 'd') \
    P(getpeername, "dpp", 'd') \
    P(sendto, "dBuxpu", 'd') \
    P(recvfrom, "dRuxpp", 'd') \
    P(setsockopt, "dddpu", 'd') \
    P(getsockopt, "dddpp", 'd') \
    P(shutdown, "dd", 'd') \
    P(sendmsg, "dpx", 'd') \
    P(recvmsg, "dpx", 'd') \
    P(sendmmsg, "dpux", 'd') \
    P(recvmmsg, "dpuxp", 'd') \
    /* System V and POSIX IPC, AIO */ \
    P(shmget, "xux", 'd') \
    P(shmctl, "ddp", 'd') \
    H(shmat, "dxx", 'x') \
    H(shmdt, "x", 'd') \
    P(semget, "xdx", 'd') \
    H(semctl, "dddx", 'd') \
    P(semop, "dpu", 'd') \
    P(semtimedop, "dpup", 'd') \
    P(msgget, "xx", 'd') \
    P(msgctl, "ddp", 'd') \
    P(msgsnd, "dpux", 'd') \
    P(msgrcv, "dpuxx", 'd') \
    P(mq_open, "sOmp", 'd') \
    P(mq_unlink, "s", 'd') \
    P(mq_timedsend, "dpuup", 'd') \
    P(mq_timedreceive, "dpupp", 'd') \
    P(mq_notify, "dp", 'd') \
    P(mq_getsetattr, "dpp", 'd') \
    P(io_setup, "up", 'd') \
    P(io_destroy, "x", 'd') \
    P(io_submit, "xdp", 'd') \
    P(io_cancel, "xpp", 'd') \
    P(io_getevents, "xddpp", 'd') \
    P(io_pgetevents, "xddppp", 'd') \
    /* scheduling, NUMA, namespaces, host identity */ \
    P(sched_setattr, "dpx", 'd') \
    P(sched_getattr, "dpux", 'd') \
    P(ioprio_get, "dd", 'd') \
    P(ioprio_set, "ddd", 'd') \
    P(mbind, "xuxpux", 'd') \
    P(get_mempolicy, "ppuxx", 'd') \
    P(set_mempolicy, "dpu", 'd') \
    P(migrate_pages, "dupp", 'd') \
    P(move_pages, "dupppx", 'd') \
    P(unshare, "C", 'd') \
    P(setns, "dC", 'd') \
    P(sethostname, "Bu", 'd') \
    P(setdomainname, "Bu", 'd') \
    P(syslog, "dpd", 'd') \
    P(adjtimex, "p", 'd') \
    P(clock_adjtime, "dp", 'd') \
    P(vmsplice, "dpux", 'd') \
    P(futex_waitv, "puxpd", 'd') \
    P(process_madvise, "dpudx", 'd') \
    P(restart_syscall, "", 'd')

#define DECL_H(n, args, ret) int64_t sys_##n(struct xlat_env *env, const uint64_t a[6]);
#define DECL_P(n, args, ret) \
    static int64_t sys_##n(struct xlat_env *env, const uint64_t a[6]) \
    { \
        (void)env; \
        return sys_ret(safe_syscall(SYS_##n, a[0], a[1], a[2], a[3], a[4], a[5])); \
    }
SYSCALLS(DECL_H, DECL_P)

#define ROW(n, args, ret) { #n, sys_##n, args, ret },
const struct sys_row sys_rows[] = {
    SYSCALLS(ROW, ROW)
};
const size_t sys_nrows = sizeof sys_rows / sizeof sys_rows[0];
