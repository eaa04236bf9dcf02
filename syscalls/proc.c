/*
 * Process syscalls: exit, clone (fork and vfork as a host fork; threads
 * in thread.c), execve (guest binaries re-execute xemu, #! scripts resolve
 * their interpreter through -L, host binaries run natively), uname and
 * the prctl/personality corner cases.
 */
#include <elf.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <linux/sched.h>

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/asan_interface.h>
#define UNPOISON_STACK(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define UNPOISON_STACK(p, n) ((void)(p), (void)(n))
#endif

#include "cli/options.h"
#include "loader/loader.h"
#include "procfs/procfs.h"
#include "syscalls/sys_defs.h"
#include "syscalls/thread.h"
#include "xlat/codecache.h"


static void flush_logs(void)
{
    fflush(stdout);
    fflush(stderr);
    if (xlat_opts.logf)
        fflush(xlat_opts.logf);
}

SYS(exit_group)
{
    flush_logs();
    if (sys_in_vfork_child)
        sys_thread_exit((int)a[0]);
    syscall(SYS_exit_group, (int)a[0]);
    __builtin_unreachable();
}

SYS(exit)
{
    /* ends the calling thread; the process ends with its last thread */
    flush_logs();
    sys_thread_exit((int)a[0]);
}

/* vfork (CLONE_VM|CLONE_VFORK): the child is a host vfork child on its
 * own host stack, running the guest on the parent's memory as the kernel
 * would (so posix_spawn sees the child's writes, e.g. its exec error),
 * while this thread sleeps until it execs or exits. */
struct vfork_start {
    struct xlat_env *env;
    uint64_t flags, ctid;
};

static int vfork_child(void *arg)
{
    struct vfork_start *vs = arg;
    sys_in_vfork_child = true;
    gmem_after_fork();
    if (vs->flags & CLONE_CHILD_SETTID) {
        pid_t tid = gettid();
        gmem_write(vs->ctid, &tid, sizeof tid);
    }
    xlat_run(vs->env, sys_thread_ops());
    syscall(SYS_exit_group, 0);
    return 0;
}

static int64_t clone_vfork(struct xlat_env *env, uint64_t flags, uint64_t newsp, uint64_t ptid,
                           uint64_t ctid)
{
    const struct guest_arch *g = sys_guest();
    size_t stack_size = 1u << 20;
    struct xlat_env *child = aligned_alloc(64, (g->cpu_size + 63) & ~(size_t)63);
    void *stack = mmap(NULL, stack_size, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (!child || stack == MAP_FAILED) {
        free(child);
        if (stack != MAP_FAILED)
            munmap(stack, stack_size);
        return sys_err(ENOMEM);
    }
    /* ASan: the child leaves by exec or exit, never returning through its
     * frames, so their redzones would stay poisoned for the next user of
     * these addresses */
    UNPOISON_STACK(stack, stack_size);
    sys_child_env(child, env, newsp);
    struct vfork_start vs = { child, flags, ctid };
    flush_logs();
    int exit_sig = (int)abi_value_g2h(ABI_M_signals, (int64_t)(flags & 0xff));
    pid_t pid = clone(vfork_child, (char *)stack + stack_size,
                      CLONE_VM | CLONE_VFORK | exit_sig, &vs);
    int e = errno;
    /* the child has exec'd or exited: its stack and state are ours again,
     * and what it cached in our memory (its pid) must go */
    sys_in_vfork_child = false;
    gmem_after_fork();
    UNPOISON_STACK(stack, stack_size);
    munmap(stack, stack_size);
    free(child->jump_cache);
    free(child);
    if (pid < 0)
        return sys_err(e);
    if (flags & CLONE_PARENT_SETTID)
        gmem_write(ptid, &pid, sizeof pid);
    return pid;
}

/* The guest's exit signal (CSIGNAL bits) as a host signal; 0 stays 0. */
static int host_exit_signal(uint64_t flags)
{
    int g = (int)(flags & 0xff);
    return g ? (int)abi_value_g2h(ABI_M_signals, g) : 0;
}

/* A child process that does not share our memory.  A plain fork when
 * the child reports its death with SIGCHLD; otherwise a raw clone with
 * the host exit signal (glibc's fork cannot choose it; the child then
 * has a stale cached tid, so xemu never uses raise/pthread_kill there).
 * CLONE_VFORK: the parent sleeps until a close-on-exec pipe's write end
 * closes (exec or exit).  *pidfd_out gets a pidfd (CLONE_PIDFD) or -1. */
static int64_t fork_process(struct xlat_env *env, uint64_t flags, uint64_t newsp, uint64_t ptid,
                            uint64_t tls, uint64_t ctid, int *pidfd_out)
{
    bool vfork = flags & CLONE_VFORK;
    int exit_sig = host_exit_signal(flags);
    int pipefd[2] = { -1, -1 };
    *pidfd_out = -1;
    if (vfork && pipe2(pipefd, O_CLOEXEC) < 0)
        return sys_err(errno);
    flush_logs();
    int cc_fd = codecache_fork_prepare();
    if (cc_fd == -1) {
        if (vfork) {
            close(pipefd[0]);
            close(pipefd[1]);
        }
        return sys_err(ENOMEM);
    }
    /* namespace and sharing flags the host can apply as they are */
    uint64_t host_flags = flags & (CLONE_FS | CLONE_FILES | CLONE_PARENT | CLONE_SYSVSEM |
                                   CLONE_UNTRACED | CLONE_IO | CLONE_NEWNS | CLONE_NEWCGROUP |
                                   CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER |
                                   CLONE_NEWPID | CLONE_NEWNET);
    pid_t pid;
    if (exit_sig == SIGCHLD && !host_flags)
        pid = fork();
    else
        pid = (pid_t)syscall(SYS_clone, (unsigned long)(host_flags | (unsigned)exit_sig), 0UL,
                             NULL, NULL, 0UL);
    if (pid != 0)
        codecache_fork_parent(cc_fd);
    if (pid < 0) {
        int e = errno;
        if (vfork) {
            close(pipefd[0]);
            close(pipefd[1]);
        }
        return sys_err(e);
    }
    if (pid == 0) {
        gmem_after_fork();
        sys_threads_after_fork();
        codecache_fork_child(cc_fd);
        if (vfork)
            close(pipefd[0]);   /* the write end closes at exec or exit */
        if (newsp)
            sys_arch_set_sp(env, newsp);
        if (flags & CLONE_SETTLS)
            sys_arch_set_tls(env, tls);
        if (flags & CLONE_CHILD_SETTID) {
            pid_t tid = gettid();
            gmem_write(ctid, &tid, sizeof tid);
        }
        if (flags & CLONE_CHILD_CLEARTID)
            syscall(SYS_set_tid_address, ctid);
        if (flags & CLONE_PARENT_SETTID) {
            pid_t me = getpid();
            gmem_write(ptid, &me, sizeof me);
        }
        return 0;
    }
    /* the child is not reaped before we return, so this is its pidfd */
    if (flags & CLONE_PIDFD)
        *pidfd_out = (int)syscall(SYS_pidfd_open, pid, 0);
    if (flags & CLONE_PARENT_SETTID)
        gmem_write(ptid, &pid, sizeof pid);
    if (vfork) {
        char c;
        close(pipefd[1]);
        while (read(pipefd[0], &c, 1) < 0 && errno == EINTR)
            ;
        close(pipefd[0]);
    }
    return pid;
}

/* What clone and clone3 share once their arguments are unpacked. */
static int64_t clone_common(struct xlat_env *env, uint64_t flags, uint64_t newsp, uint64_t ptid,
                            uint64_t tls, uint64_t ctid, int *pidfd_out)
{
    *pidfd_out = -1;
    procfs_sync_identity();     /* children and threads inherit the name */
    if (flags & CLONE_THREAD) {
        if (flags & CLONE_PIDFD)
            return sys_err(EINVAL);
        return sys_clone_thread(env, flags, newsp, ptid, tls, ctid);
    }
    if ((flags & CLONE_VM) && !(flags & CLONE_VFORK)) {
        /* a process sharing our memory: not something a fork can give */
        sys_unimp("clone(flags=%#llx): CLONE_VM without CLONE_THREAD or CLONE_VFORK "
                  "is not supported", (unsigned long long)flags);
        return sys_err(ENOSYS);
    }
    int64_t pid;
    if ((flags & (CLONE_VM | CLONE_VFORK)) == (CLONE_VM | CLONE_VFORK) &&
        !(flags & (CLONE_SETTLS | CLONE_CHILD_CLEARTID))) {
        pid = clone_vfork(env, flags, newsp, ptid, ctid);
        /* the child has exec'd or exited but is not reaped yet */
        if (pid > 0 && (flags & CLONE_PIDFD))
            *pidfd_out = (int)syscall(SYS_pidfd_open, (pid_t)pid, 0);
        return pid;
    }
    return fork_process(env, flags, newsp, ptid, tls, ctid, pidfd_out);
}

/* A pidfd the kernel made for CLONE_PIDFD is close-on-exec; a failed
 * pidfd_open (no fds left) fails the call as the kernel's would. */
static int64_t give_pidfd(int64_t pid, int pidfd, uint64_t where)
{
    if (pid <= 0)
        return pid;
    if (pidfd < 0)
        return sys_err(EMFILE);
    fcntl(pidfd, F_SETFD, FD_CLOEXEC);
    int32_t v = pidfd;
    if (gmem_write(where, &v, sizeof v) < 0)
        return sys_err(EFAULT);
    return pid;
}

SYS(clone)
{
    uint64_t flags = a[0], newsp = a[1], ptid = a[2], tls = a[3], ctid = a[4];
    if ((flags & CLONE_PIDFD) && (flags & (CLONE_PARENT_SETTID | CLONE_DETACHED)))
        return sys_err(EINVAL);
    int pidfd;
    int64_t pid = clone_common(env, flags, newsp, ptid, tls, ctid, &pidfd);
    if (flags & CLONE_PIDFD)
        return give_pidfd(pid, pidfd, ptid);
    return pid;
}

/* struct clone_args as of Linux 5.7 (CLONE_ARGS_SIZE_VER2): the same
 * u64 layout on every architecture. */
struct guest_clone_args {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls,
        set_tid, set_tid_size, cgroup;
};

SYS(clone3)
{
    struct guest_clone_args ca;
    uint64_t size = a[1];
    memset(&ca, 0, sizeof ca);
    if (size < 64)
        return sys_err(EINVAL);
    if (size > 4096)
        return sys_err(E2BIG);
    if (gmem_read(&ca, a[0], size < sizeof ca ? size : sizeof ca) < 0)
        return sys_err(EFAULT);
    /* a newer struct is accepted only if what we do not know is zero */
    for (uint64_t off = sizeof ca; off < size; off++) {
        uint8_t byte;
        if (gmem_read(&byte, a[0] + off, 1) < 0)
            return sys_err(EFAULT);
        if (byte)
            return sys_err(E2BIG);
    }
    if ((ca.exit_signal & ~(uint64_t)0xff) || ca.exit_signal > 64 ||
        (ca.flags & (CLONE_DETACHED | 0xff)) || ca.flags >> 32 ||
        (!ca.stack && ca.stack_size) || (ca.stack && !ca.stack_size) ||
        (ca.set_tid_size && !ca.set_tid) || (!ca.set_tid_size && ca.set_tid))
        return sys_err(EINVAL);
    if (ca.set_tid_size) {
        sys_unimp("clone3 with set_tid is not supported");
        return sys_err(EINVAL);
    }
    if (ca.flags & ((uint64_t)1 << 33))     /* CLONE_INTO_CGROUP */ {
        sys_unimp("clone3 with CLONE_INTO_CGROUP is not supported");
        return sys_err(EINVAL);
    }
    uint64_t flags = ca.flags | ca.exit_signal;
    int pidfd;
    int64_t pid = clone_common(env, flags, ca.stack ? ca.stack + ca.stack_size : 0,
                               ca.parent_tid, ca.tls, ca.child_tid, &pidfd);
    if (flags & CLONE_PIDFD)
        return give_pidfd(pid, pidfd, ca.pidfd);
    return pid;
}

/* ---- execve ---- */

/* A guest string of any length (up to 1 MiB), malloc'd. */
static char *gmem_strdup(uint64_t g)
{
    size_t cap = 256;
    for (;;) {
        char *s = malloc(cap);
        if (!s)
            return NULL;
        long n = gmem_strncpy(s, g, cap);
        if (n >= 0)
            return s;
        free(s);
        if (n != -ENAMETOOLONG || cap >= (1u << 20))
            return NULL;
        cap *= 4;
    }
}

static void free_vec(char **v)
{
    for (size_t i = 0; v && v[i]; i++)
        free(v[i]);
    free(v);
}

/* A guest NULL-terminated pointer array of strings; NULL on EFAULT/E2BIG
 * (more than 64 MiB of strings, far beyond any kernel's ARG_MAX). */
static char **gmem_strvec(uint64_t g, int *err)
{
    size_t n = 0, cap = 16, total = 0;
    char **v = calloc(cap, sizeof *v);
    *err = ENOMEM;
    if (!v)
        return NULL;
    for (; g; n++) {
        uint64_t p;
        if (n + 2 > cap) {
            char **nv = realloc(v, (cap *= 2) * sizeof *v);
            if (!nv)
                goto fail;
            v = nv;
        }
        if (n > 100000) {
            *err = E2BIG;
            goto fail;
        }
        if (gmem_read(&p, g + n * 8, 8) < 0) {
            *err = EFAULT;
            goto fail;
        }
        if (!p)
            break;
        if (!(v[n] = gmem_strdup(p))) {
            *err = EFAULT;
            goto fail;
        }
        total += strlen(v[n]) + 1;
        if (total > (64u << 20)) {
            *err = E2BIG;
            n++;
            goto fail;
        }
        v[n + 1] = NULL;
    }
    v[n] = NULL;
    return v;
fail:
    v[n] = NULL;
    free_vec(v);
    return NULL;
}

static const char *xemu_self(void)
{
    static char self[PATH_MAX];
    if (!self[0]) {
        ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
        self[n > 0 ? n : 0] = 0;
    }
    return self;
}

static bool is_guest_elf(const unsigned char *h, size_t n)
{
    if (n < sizeof(Elf64_Ehdr) || memcmp(h, ELFMAG, SELFMAG))
        return false;
    const Elf64_Ehdr *e = (const void *)h;
    return h[EI_CLASS] == ELFCLASS64 && e->e_machine == sys_guest()->elf_machine;
}

/* Run a guest program: xemu [options] -0 argv0 path args... */
/* execveat(fd, "", AT_EMPTY_PATH) names the program as /proc/self/fd/N;
 * if N is close-on-exec (fexecve's usual fd) the re-executed xemu could
 * not open it.  Use the file's own path when it still names the same
 * file, else a duplicate that survives the exec. */
static const char *exec_fd_path(const char *host_path, char *buf, size_t len)
{
    int fd;
    char tail;
    if (sscanf(host_path, "/proc/self/fd/%d%c", &fd, &tail) != 1)
        return host_path;
    int fl = fcntl(fd, F_GETFD);
    if (fl < 0 || !(fl & FD_CLOEXEC))
        return host_path;
    struct stat a, b;
    ssize_t n = readlink(host_path, buf, len - 1);
    if (n > 0 && buf[0] == '/') {
        buf[n] = 0;
        if (fstat(fd, &a) == 0 && stat(buf, &b) == 0 && a.st_dev == b.st_dev &&
            a.st_ino == b.st_ino)
            return buf;
    }
    int dup_fd = fcntl(fd, F_DUPFD, 3);
    if (dup_fd < 0)
        return host_path;
    snprintf(buf, len, "/proc/self/fd/%d", dup_fd);
    return buf;
}

static int exec_guest(const char *host_path, char **argv, char **envp)
{
    char fdbuf[PATH_MAX];
    host_path = exec_fd_path(host_path, fdbuf, sizeof fdbuf);
    char **opts = options_reexec_argv();
    size_t no = 0, na = 0;
    while (opts && opts[no])
        no++;
    while (argv[na])
        na++;
    char **v = calloc(no + na + 6, sizeof *v);
    if (!v)
        return ENOMEM;
    size_t k = 0;
    v[k++] = (char *)xemu_self();
    for (size_t i = 0; i < no; i++)
        v[k++] = opts[i];
    if (na) {
        v[k++] = "-0";
        v[k++] = argv[0];
    }
    v[k++] = (char *)host_path;
    for (size_t i = 1; i < na; i++)
        v[k++] = argv[i];
    v[k] = NULL;
    flush_logs();
    execve(v[0], v, envp);
    int e = errno;
    free(v);
    return e;
}

/* Split a "#!interp arg" line in place. */
static bool parse_shebang(char *line, char **interp, char **arg)
{
    char *nl = strchr(line, '\n');
    if (!nl)
        return false;
    *nl = 0;
    char *p = line + 2;
    while (*p == ' ' || *p == '\t')
        p++;
    if (!*p)
        return false;
    *interp = p;
    while (*p && *p != ' ' && *p != '\t')
        p++;
    *arg = NULL;
    if (*p) {
        *p++ = 0;
        while (*p == ' ' || *p == '\t')
            p++;
        char *end = p + strlen(p);
        while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
            *--end = 0;
        if (*p)
            *arg = p;
    }
    return true;
}

/* Execute host_path (guest path guest_path) with argv/envp: never returns
 * on success; returns a host errno. */
static int do_exec(const char *host_path, const char *guest_path, char **argv, char **envp,
                   int depth)
{
    unsigned char head[256];
    int fd = open(host_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno;
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return EACCES;  /* what execve says of directories and devices */
    }
    ssize_t n = read(fd, head, sizeof head - 1);
    close(fd);
    if (n < 0)
        return errno;
    head[n] = 0;
    if (access(host_path, X_OK) < 0)
        return errno;
    if (n >= 2 && head[0] == '#' && head[1] == '!') {
        char *interp, *arg, ibuf[PATH_MAX];
        if (depth > 4)
            return ELOOP;
        if (!parse_shebang((char *)head, &interp, &arg))
            return ENOEXEC;
        size_t na = 0;
        while (argv[na])
            na++;
        char **v = calloc(na + 4, sizeof *v);
        if (!v)
            return ENOMEM;
        size_t k = 0;
        v[k++] = interp;
        if (arg)
            v[k++] = arg;
        v[k++] = (char *)guest_path;
        for (size_t i = 1; i < na; i++)
            v[k++] = argv[i];
        v[k] = NULL;
        const char *ihost = interp[0] == '/' ? loader_resolve_path(interp, ibuf) : interp;
        int e = do_exec(ihost, interp, v, envp, depth + 1);
        free(v);
        return e;
    }
    if (is_guest_elf(head, (size_t)n))
        return exec_guest(host_path, argv, envp);
    /* a host program (or something the host kernel judges) */
    flush_logs();
    execve(host_path, argv, envp);
    return errno;
}

static int64_t execve_common(int dirfd, uint64_t gpath_addr, uint64_t gargv, uint64_t genvp,
                             int flags)
{
    struct gpath p;
    GET_PATH(&p, dirfd, gpath_addr, GPATH_FOLLOW);
    if (!p.raw[0] && !(flags & AT_EMPTY_PATH))
        return sys_err(ENOENT);
    char fdpath[64];
    const char *host = p.path;
    if (dirfd != AT_FDCWD && p.raw[0] != '/') {
        if (!p.raw[0])
            snprintf(fdpath, sizeof fdpath, "/proc/self/fd/%d", dirfd);
        else
            snprintf(fdpath, sizeof fdpath, "/proc/self/fd/%d/", dirfd);
        static char joined[PATH_MAX * 2];
        snprintf(joined, sizeof joined, "%s%s", fdpath, p.raw);
        host = joined;
    }
    int err;
    char **argv = gmem_strvec(gargv, &err);
    if (!argv)
        return sys_err(err);
    char **envp = gmem_strvec(genvp, &err);
    if (!envp) {
        free_vec(argv);
        return sys_err(err);
    }
    err = do_exec(host, p.is_proc_link ? p.path : p.raw, argv, envp, 0);
    free_vec(argv);
    free_vec(envp);
    return sys_err(err);
}

SYS(execve)
{
    return execve_common(AT_FDCWD, a[0], a[1], a[2], 0);
}

SYS(execveat)
{
    return execve_common(sys_fd(a[0]), a[1], a[2], a[3],
                         (int)abi_flags_g2h(ABI_M_at_flags, a[4]));
}

/* ---- identity ---- */

SYS(uname)
{
    struct utsname u;
    if (uname(&u) < 0)
        return sys_err(errno);
    snprintf(u.machine, sizeof u.machine, "%s", sys_guest()->name);
    /* struct new_utsname: six 65-byte strings on both sides */
    return gmem_write(a[0], &u, abi_layout(ABI_L_utsname)->gsize) < 0 ? sys_err(EFAULT) : 0;
}

SYS(personality)
{
    /* query or set; PER_LINUX is the only personality a guest gets */
    return sys_ret(syscall(SYS_personality, (unsigned long)(unsigned)a[0]));
}

SYS(prctl)
{
    int opt = (int)a[0];
    /* the host thread's name is the guest's (PR_GET_NAME, comm) */
    procfs_sync_identity();
    switch (opt) {
    case PR_SET_SECCOMP:
        /* a guest filter would judge xemu's host syscalls: not allowed */
        sys_unimp("prctl(PR_SET_SECCOMP) refused: guest seccomp is not implemented");
        return sys_err(EINVAL);
    case PR_SET_MM:
        return sys_err(EPERM);
    case 55: case 56:   /* PR_SET/GET_TAGGED_ADDR_CTRL: arm64 only */
    case 50: case 51:   /* PR_SVE_SET/GET_VL */
    case 54:            /* PR_PAC_RESET_KEYS */
        return sys_err(EINVAL);
    default:
        return PASS(SYS_prctl, 5);
    }
}

/* Robust futex lists go to the host kernel as they are: each guest
 * thread is one host thread and the list lives at the same addresses,
 * so the kernel walks it when the thread dies (FUTEX_OWNER_DIED, wake)
 * exactly as on arm64 (struct robust_list_head is the same on both).
 * xemu itself uses no robust mutexes. */
SYS(set_robust_list)
{
    /* glibc's start-up calls this (and rseq) in every program, static or
     * dynamic: early enough to give other processes the guest's view */
    procfs_sync_identity();
    return PASS(SYS_set_robust_list, 2);
}

SYS(get_robust_list)
{
    return PASS(SYS_get_robust_list, 3);
}

SYS(seccomp)
{
    sys_unimp("seccomp refused: guest seccomp filters are not implemented");
    return sys_err(ENOSYS);
}

SYS(rseq)
{
    procfs_sync_identity();
    /* what a kernel without rseq says; glibc carries on without it */
    return sys_err(ENOSYS);
}
