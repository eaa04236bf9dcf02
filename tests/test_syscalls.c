/*
 * Tests of the syscall layer (syscalls/): syscall_dispatch is called as
 * the exec loop calls it, with aarch64 numbers and guest-format arguments,
 * on real files in a temporary directory.  Expected values come from the
 * host kernel itself (stat of the same file) and from the arm64 UAPI
 * headers (flag values, struct offsets: see abi/aarch64/abi_aarch64.h).
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <unistd.h>

#include "abi/aarch64/abi_aarch64.h"
#include "loader/loader.h"
#include "loader/vmmap.h"
#include "syscalls/syscalls.h"
#include "xlat/aarch64/cpu.h"

static struct a64_cpu cpu;
static char dir[64];
static char file[128], link_path[128];

static int64_t sc(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                  uint64_t a4, uint64_t a5)
{
    uint64_t a[6] = { a0, a1, a2, a3, a4, a5 };
    return syscall_dispatch(&cpu.hdr, nr, a);
}
#define G(p) ((uint64_t)(uintptr_t)(p))
#define AT_FDCWD_G ((uint64_t)(int64_t)-100)

static void setup_dir(void)
{
    strcpy(dir, "/tmp/xemu-sys-XXXXXX");
    cr_assert(mkdtemp(dir));
    snprintf(file, sizeof file, "%s/file", dir);
    snprintf(link_path, sizeof link_path, "%s/link", dir);
    FILE *f = fopen(file, "w");
    cr_assert(f);
    fputs("hello, xemu\n", f);
    fclose(f);
    cr_assert_eq(symlink(file, link_path), 0);
}

static void teardown_dir(void)
{
    unlink(link_path);
    unlink(file);
    rmdir(dir);
}

TestSuite(syscalls_fs, .init = setup_dir, .fini = teardown_dir);

Test(syscalls_fs, openat_translates_o_directory)
{
    /* guest O_DIRECTORY (040000) is O_DIRECT on x86-64: passed raw it
     * would open the file; translated it must refuse a non-directory */
    int64_t r = sc(A64_NR_openat, AT_FDCWD_G, G(file), A64_O_DIRECTORY, 0, 0, 0);
    cr_expect_eq(r, -A64_ENOTDIR);
    r = sc(A64_NR_openat, AT_FDCWD_G, G(dir), A64_O_DIRECTORY, 0, 0, 0);
    cr_expect_geq(r, 0);
    close((int)r);
}

Test(syscalls_fs, openat_translates_o_nofollow)
{
    int64_t r = sc(A64_NR_openat, AT_FDCWD_G, G(link_path), A64_O_NOFOLLOW, 0, 0, 0);
    cr_expect_eq(r, -A64_ELOOP);
    r = sc(A64_NR_openat, AT_FDCWD_G, G(link_path), 0, 0, 0, 0);
    cr_expect_geq(r, 0);
    char buf[16] = { 0 };
    cr_expect_eq(sc(A64_NR_read, (uint64_t)r, G(buf), 5, 0, 0, 0), 5);
    cr_expect_str_eq(buf, "hello");
    close((int)r);
}

Test(syscalls_fs, fcntl_getfl_gives_guest_flags)
{
    int64_t fd = sc(A64_NR_openat, AT_FDCWD_G, G(file), 2 /* O_RDWR */ | A64_O_APPEND, 0, 0, 0);
    cr_assert_geq(fd, 0);
    int64_t fl = sc(A64_NR_fcntl, (uint64_t)fd, A64_F_GETFL, 0, 0, 0, 0);
    cr_expect_eq(fl & 3, 2);
    cr_expect(fl & A64_O_APPEND);
    /* the x86-64 kernel reports its O_LARGEFILE (0100000): the guest must
     * see its own (0400000), not O_NOFOLLOW */
    cr_expect(fl & A64_O_LARGEFILE);
    cr_expect_not(fl & A64_O_NOFOLLOW);
    close((int)fd);
}

static void expect_guest_stat(const unsigned char *g, const struct stat *st)
{
    uint32_t mode, nlink, uid;
    uint64_t ino;
    int64_t size, mtime;
    memcpy(&mode, g + 16, 4);   /* asm-generic/stat.h: st_mode after dev, ino */
    memcpy(&nlink, g + 20, 4);
    memcpy(&uid, g + 24, 4);
    memcpy(&ino, g + 8, 8);
    memcpy(&size, g + 48, 8);
    memcpy(&mtime, g + 88, 8);
    cr_expect_eq(mode, st->st_mode);
    cr_expect_eq(nlink, st->st_nlink);
    cr_expect_eq(uid, st->st_uid);
    cr_expect_eq(ino, st->st_ino);
    cr_expect_eq(size, st->st_size);
    cr_expect_eq(mtime, st->st_mtim.tv_sec);
}

Test(syscalls_fs, newfstatat_and_fstat_convert_struct_stat)
{
    struct stat host;
    cr_assert_eq(stat(file, &host), 0);
    unsigned char g[A64_SIZEOF_stat + 16];
    memset(g, 0xaa, sizeof g);
    cr_assert_eq(sc(A64_NR_newfstatat, AT_FDCWD_G, G(file), G(g), 0, 0, 0), 0);
    expect_guest_stat(g, &host);
    cr_expect_eq(g[A64_SIZEOF_stat], 0xaa, "wrote past the 128-byte guest struct");

    int fd = open(file, O_RDONLY);
    memset(g, 0, sizeof g);
    cr_assert_eq(sc(A64_NR_fstat, (uint64_t)fd, G(g), 0, 0, 0, 0), 0);
    expect_guest_stat(g, &host);
    close(fd);

    /* AT_SYMLINK_NOFOLLOW: the link itself */
    struct stat lhost;
    cr_assert_eq(lstat(link_path, &lhost), 0);
    cr_assert_eq(sc(A64_NR_newfstatat, AT_FDCWD_G, G(link_path), G(g), A64_AT_SYMLINK_NOFOLLOW,
                    0, 0), 0);
    expect_guest_stat(g, &lhost);
}

Test(syscalls_fs, bad_pointers_give_efault)
{
    unsigned char g[A64_SIZEOF_stat];
    cr_expect_eq(sc(A64_NR_openat, AT_FDCWD_G, 8, 0, 0, 0, 0), -A64_EFAULT);
    cr_expect_eq(sc(A64_NR_newfstatat, AT_FDCWD_G, G(file), 16, 0, 0, 0), -A64_EFAULT);
    cr_expect_eq(sc(A64_NR_newfstatat, AT_FDCWD_G, 0xdead0000ull, G(g), 0, 0, 0), -A64_EFAULT);
    cr_expect_eq(sc(A64_NR_pipe2, 24, 0, 0, 0, 0, 0), -A64_EFAULT);
    cr_expect_eq(sc(A64_NR_uname, 24, 0, 0, 0, 0, 0), -A64_EFAULT);
    /* passed straight to the host kernel, which says EFAULT itself */
    int fd = open(file, O_RDONLY);
    cr_expect_eq(sc(A64_NR_read, (uint64_t)fd, 40, 10, 0, 0, 0), -A64_EFAULT);
    close(fd);
}

Test(syscalls_fs, readlinkat_and_mkdir_unlink)
{
    char buf[256] = { 0 };
    int64_t n = sc(A64_NR_readlinkat, AT_FDCWD_G, G(link_path), G(buf), sizeof buf, 0, 0);
    cr_expect_eq(n, (int64_t)strlen(file));
    cr_expect_str_eq(buf, file);
    char sub[160];
    snprintf(sub, sizeof sub, "%s/sub", dir);
    cr_expect_eq(sc(A64_NR_mkdirat, AT_FDCWD_G, G(sub), 0755, 0, 0, 0), 0);
    cr_expect_eq(sc(A64_NR_unlinkat, AT_FDCWD_G, G(sub), 0, 0, 0, 0), -A64_EISDIR);
    cr_expect_eq(sc(A64_NR_unlinkat, AT_FDCWD_G, G(sub), A64_AT_REMOVEDIR, 0, 0, 0), 0);
}

Test(syscalls_misc, unknown_numbers_give_enosys)
{
    cr_expect_eq(sc(250, 0, 0, 0, 0, 0, 0), -A64_ENOSYS);   /* arch-specific hole */
    cr_expect_eq(sc(100000, 0, 0, 0, 0, 0, 0), -A64_ENOSYS);
    cr_expect_eq(sc(A64_NR_rseq, 0, 0, 0, 0, 0, 0), -A64_ENOSYS);
}

/* clone3's argument checks, in the kernel's order (kernel/fork.c
 * copy_clone_args_from_user): size above a page E2BIG, below
 * CLONE_ARGS_SIZE_VER0 (64) EINVAL, unreadable EFAULT, unknown non-zero
 * tail E2BIG, then flag/exit_signal/stack consistency EINVAL. */
Test(syscalls_misc, clone3_rejects_bad_arguments)
{
    uint64_t args[16] = { 0 };
    cr_expect_eq(sc(A64_NR_clone3, G(args), 8192, 0, 0, 0, 0), -A64_E2BIG);
    cr_expect_eq(sc(A64_NR_clone3, G(args), 0, 0, 0, 0, 0), -A64_EINVAL);
    cr_expect_eq(sc(A64_NR_clone3, G(args), 63, 0, 0, 0, 0), -A64_EINVAL);
    cr_expect_eq(sc(A64_NR_clone3, 0, 64, 0, 0, 0, 0), -A64_EFAULT);
    args[12] = 1;       /* a field past the ones known (88 bytes) */
    cr_expect_eq(sc(A64_NR_clone3, G(args), sizeof args, 0, 0, 0, 0), -A64_E2BIG);
    args[12] = 0;
    args[4] = 65;       /* exit_signal beyond _NSIG */
    cr_expect_eq(sc(A64_NR_clone3, G(args), 64, 0, 0, 0, 0), -A64_EINVAL);
    args[4] = 17;
    args[6] = 4096;     /* stack_size without a stack */
    cr_expect_eq(sc(A64_NR_clone3, G(args), 64, 0, 0, 0, 0), -A64_EINVAL);
    args[6] = 0;
    args[0] = 17;       /* CSIGNAL bits in flags */
    cr_expect_eq(sc(A64_NR_clone3, G(args), 64, 0, 0, 0, 0), -A64_EINVAL);
}

Test(syscalls_misc, uname_reports_aarch64)
{
    char u[6 * 65];
    cr_assert_eq(sc(A64_NR_uname, G(u), 0, 0, 0, 0, 0), 0);
    cr_expect_str_eq(u + 4 * 65, "aarch64");
    cr_expect_str_eq(u, "Linux");
}

Test(syscalls_misc, getpid_passes_through)
{
    cr_expect_eq(sc(A64_NR_getpid, 0, 0, 0, 0, 0, 0), getpid());
}

Test(syscalls_io, epoll_events_are_16_bytes_for_the_guest)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    int64_t ep = sc(A64_NR_epoll_create1, A64_O_CLOEXEC, 0, 0, 0, 0, 0);
    cr_assert_geq(ep, 0);
    unsigned char ev[16] = { 0 };
    uint32_t events = 1;    /* EPOLLIN */
    uint64_t data = 0x1122334455667788ull;
    memcpy(ev, &events, 4);
    memcpy(ev + 8, &data, 8);
    cr_assert_eq(sc(A64_NR_epoll_ctl, (uint64_t)ep, 1 /* ADD */, (uint64_t)p[0], G(ev), 0, 0), 0);
    cr_assert_eq(write(p[1], "x", 1), 1);
    unsigned char out[2][16];
    memset(out, 0xcc, sizeof out);
    cr_assert_eq(sc(A64_NR_epoll_pwait, (uint64_t)ep, G(out), 2, 1000, 0, 8), 1);
    uint32_t oe;
    uint64_t od;
    memcpy(&oe, out[0], 4);
    memcpy(&od, out[0] + 8, 8);
    cr_expect_eq(oe, 1);
    cr_expect_eq(od, data);
    cr_expect_eq(out[1][0], 0xcc, "only one event written");
}

Test(syscalls_mm, brk_grows_inside_the_reserved_area)
{
    void *area = mmap(NULL, 1 << 20, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    cr_assert(area != MAP_FAILED);
    uint64_t base = G(area);
    guest_image.start_brk = guest_image.brk = base;
    guest_image.brk_limit = base + (1 << 20);
    cr_expect_eq(sc(A64_NR_brk, 0, 0, 0, 0, 0, 0), (int64_t)base);
    cr_expect_eq(sc(A64_NR_brk, base + 10000, 0, 0, 0, 0, 0), (int64_t)(base + 10000));
    memset(area, 0x5a, 10000);     /* would fault if brk had not mapped it */
    const struct vm_area *v = vmmap_find(base);
    cr_assert_not_null(v);
    cr_expect_str_eq(v->name, "[heap]");
    /* beyond the reservation: refused, brk unchanged */
    cr_expect_eq(sc(A64_NR_brk, base + (2 << 20), 0, 0, 0, 0, 0), (int64_t)(base + 10000));
    /* shrink */
    cr_expect_eq(sc(A64_NR_brk, base + 100, 0, 0, 0, 0, 0), (int64_t)(base + 100));
    cr_expect_null(vmmap_find(base + 8192));
}

Test(syscalls_mm, mmap_fixed_over_xemu_memory_is_refused)
{
    /* a host mapping the guest does not own stands for xemu's memory */
    unsigned char *mine = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
                               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert(mine != MAP_FAILED);
    mine[0] = 42;
    int64_t r = sc(A64_NR_mmap, G(mine), 8192, 3, A64_MAP_PRIVATE | A64_MAP_ANONYMOUS | A64_MAP_FIXED,
                   (uint64_t)-1, 0);
    cr_expect_eq(r, -A64_ENOMEM);
    cr_expect_eq(mine[0], 42, "xemu memory was replaced");
    cr_expect_eq(sc(A64_NR_munmap, G(mine), 8192, 0, 0, 0, 0), -A64_EINVAL);
    cr_expect_eq(sc(A64_NR_mprotect, G(mine), 8192, 0, 0, 0, 0), -A64_ENOMEM);
    cr_expect_eq(mine[0], 42);
}

Test(syscalls_mm, guest_mmap_is_tracked_and_reusable)
{
    int64_t r = sc(A64_NR_mmap, 0, 3 * 4096, 3, A64_MAP_PRIVATE | A64_MAP_ANONYMOUS,
                   (uint64_t)-1, 0);
    cr_assert_gt(r, 0);
    const struct vm_area *v = vmmap_find((uint64_t)r + 4096);
    cr_assert_not_null(v);
    cr_expect_eq(v->prot, PROT_READ | PROT_WRITE);
    /* the guest may MAP_FIXED over its own memory */
    int64_t r2 = sc(A64_NR_mmap, (uint64_t)r, 4096, 1, A64_MAP_PRIVATE | A64_MAP_ANONYMOUS | A64_MAP_FIXED,
                    (uint64_t)-1, 0);
    cr_expect_eq(r2, r);
    cr_expect_eq(sc(A64_NR_mprotect, (uint64_t)r + 4096, 4096, 1 | 0x10 /* PROT_BTI */, 0, 0, 0), 0);
    cr_expect_eq(vmmap_find((uint64_t)r + 4096)->prot, PROT_READ);
    cr_expect_eq(sc(A64_NR_munmap, (uint64_t)r, 3 * 4096, 0, 0, 0, 0), 0);
    cr_expect_null(vmmap_find((uint64_t)r));
}

Test(syscalls_signal, sigaction_records_and_returns_old)
{
    uint64_t act[4] = { 0x400123, 0x04000000 /* SA_RESTORER */ | 0x10000000 /* SA_RESTART */,
                        0x400999, 1ull << 1 };
    uint64_t old[4];
    memset(old, 0xff, sizeof old);
    cr_assert_eq(sc(A64_NR_rt_sigaction, 10 /* SIGUSR1 */, G(act), G(old), 8, 0, 0), 0);
    cr_expect_eq(old[0], 0, "initially SIG_DFL");
    cr_assert_eq(sc(A64_NR_rt_sigaction, 10, 0, G(old), 8, 0, 0), 0);
    cr_expect_eq(memcmp(old, act, sizeof act), 0);
    cr_expect_eq(sc(A64_NR_rt_sigaction, 9 /* SIGKILL */, G(act), 0, 8, 0, 0), -A64_EINVAL);
    cr_expect_eq(sc(A64_NR_rt_sigaction, 10, G(act), 0, 4, 0, 0), -A64_EINVAL);
}

Test(syscalls_signal, sig_ign_reaches_the_host)
{
    uint64_t act[4] = { 1 /* SIG_IGN */, 0, 0, 0 };
    cr_assert_eq(sc(A64_NR_rt_sigaction, 13 /* SIGPIPE */, G(act), 0, 8, 0, 0), 0);
    struct sigaction h;
    sigaction(SIGPIPE, NULL, &h);
    cr_expect(h.sa_handler == SIG_IGN);
}

Test(syscalls_ipc, semctl_ipc_stat_writes_the_arm64_layout)
{
    /* arm64 asm-generic/sembuf.h (__BITS_PER_LONG == 64): 48-byte
     * ipc64_perm, long sem_otime, long sem_ctime, then sem_nsems at 64 */
    int id = semget(IPC_PRIVATE, 3, 0600);
    cr_assert_geq(id, 0);
    unsigned char g[A64_SIZEOF_semid64_ds + 16];
    memset(g, 0xcc, sizeof g);
    int64_t r = sc(A64_NR_semctl, (uint64_t)id, 0, IPC_STAT | 0x100, G(g), 0, 0);
    semctl(id, 0, IPC_RMID);
    cr_assert_eq(r, 0);
    uint64_t nsems;
    memcpy(&nsems, g + 64, 8);
    cr_expect_eq(nsems, 3);
    uint32_t mode;
    memcpy(&mode, g + 20, 4);   /* ipc64_perm.mode */
    cr_expect_eq(mode & 0777, 0600);
    cr_expect_eq(g[A64_SIZEOF_semid64_ds], 0xcc);
}

Test(syscalls_ipc, shmat_is_tracked_in_the_guest_map)
{
    int id = shmget(IPC_PRIVATE, 8192, 0600);
    cr_assert_geq(id, 0);
    int64_t addr = sc(A64_NR_shmat, (uint64_t)id, 0, 0, 0, 0, 0);
    shmctl(id, IPC_RMID, NULL);
    cr_assert_gt(addr, 0);
    const struct vm_area *v = vmmap_find((uint64_t)addr);
    cr_assert_not_null(v);
    cr_expect_eq(v->end - v->start, 8192);
    cr_expect(v->flags & MAP_SHARED);
    cr_expect_eq(sc(A64_NR_shmdt, (uint64_t)addr, 0, 0, 0, 0, 0), 0);
    cr_expect_null(vmmap_find((uint64_t)addr));
}

Test(syscalls_strace, lines_look_like_strace)
{
    FILE *log = tmpfile();
    cr_assert_not_null(log);
    xlat_opts.log = XLAT_LOG_STRACE;
    xlat_opts.logf = log;
    char path[] = "/nonexistent/x";
    sc(A64_NR_openat, AT_FDCWD_G, G(path), A64_O_DIRECTORY | A64_O_CLOEXEC, 0, 0, 0);
    int fd = open("/etc/hostname", O_RDONLY);
    char buf[64];
    int64_t n = sc(A64_NR_read, (uint64_t)fd, G(buf), 2, 0, 0, 0);
    cr_assert_eq(n, 2);
    sc(A64_NR_mmap, 0, 4096, 1 | 2, A64_MAP_PRIVATE | A64_MAP_ANONYMOUS, (uint64_t)-1, 0);
    sc(250, 1, 2, 3, 0, 0, 0);
    xlat_opts.log = 0;
    rewind(log);
    char line[256], expect[256];
    int pid = getpid();
    cr_assert_not_null(fgets(line, sizeof line, log));
    snprintf(expect, sizeof expect, "%d openat(AT_FDCWD, \"/nonexistent/x\", "
             "O_RDONLY|O_DIRECTORY|O_CLOEXEC) = -1 ENOENT (No such file or directory)\n", pid);
    cr_expect_str_eq(line, expect);
    cr_assert_not_null(fgets(line, sizeof line, log));
    snprintf(expect, sizeof expect, "%d read(%d, \"%c%c\", 2) = 2\n", pid, fd, buf[0], buf[1]);
    cr_expect_str_eq(line, expect);
    cr_assert_not_null(fgets(line, sizeof line, log));
    snprintf(expect, sizeof expect, "%d mmap(NULL, 4096, PROT_READ|PROT_WRITE, "
             "MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x", pid);
    cr_expect(!strncmp(line, expect, strlen(expect)), "%s", line);
    cr_assert_not_null(fgets(line, sizeof line, log));
    cr_expect_str_eq(line, "xemu: unsupported syscall 250 (unknown number)\n");
    close(fd);
}

void gmem_force_pipe_copy(void);

Test(syscalls_fs, efault_without_process_vm_calls, .init = setup_dir, .fini = teardown_dir)
{
    /* the fallback a seccomp sandbox forces must keep EFAULT semantics */
    gmem_force_pipe_copy();
    unsigned char g[A64_SIZEOF_stat];
    cr_expect_eq(sc(A64_NR_openat, AT_FDCWD_G, 8, 0, 0, 0, 0), -A64_EFAULT);
    cr_expect_eq(sc(A64_NR_newfstatat, AT_FDCWD_G, G(file), 16, 0, 0, 0), -A64_EFAULT);
    struct stat host;
    cr_assert_eq(stat(file, &host), 0);
    cr_assert_eq(sc(A64_NR_newfstatat, AT_FDCWD_G, G(file), G(g), 0, 0, 0), 0);
    expect_guest_stat(g, &host);
    /* a string that runs into an unmapped page */
    char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(page + 4096, 4096);
    memset(page, 'a', 4096);
    cr_expect_eq(sc(A64_NR_openat, AT_FDCWD_G, G(page + 4000), 0, 0, 0, 0), -A64_EFAULT);
    memcpy(page + 4090, "/etc\0", 5);
    int64_t fd = sc(A64_NR_openat, AT_FDCWD_G, G(page + 4090), A64_O_DIRECTORY, 0, 0, 0);
    cr_expect_geq(fd, 0);
    close((int)fd);
}

Test(syscalls_signal, sigaltstack_records_and_reports)
{
    static char stack[65536];
    uint64_t ss[3] = { G(stack), 0, sizeof stack };   /* ss_sp, ss_flags (int + pad), ss_size */
    uint64_t old[3];
    memset(old, 0xff, sizeof old);
    cr_assert_eq(sc(A64_NR_sigaltstack, G(ss), G(old), 0, 0, 0, 0), 0);
    cr_expect_eq((int)old[1], SS_DISABLE, "no stack at first");
    /* same buffer for new and old: the old one is reported */
    uint64_t both[3] = { 0, SS_DISABLE, 0 };
    cr_assert_eq(sc(A64_NR_sigaltstack, G(both), G(both), 0, 0, 0, 0), 0);
    cr_expect_eq(both[0], G(stack));
    cr_expect_eq(both[2], sizeof stack);
    uint64_t small[3] = { G(stack), 0, 1024 };
    cr_expect_eq(sc(A64_NR_sigaltstack, G(small), 0, 0, 0, 0, 0), -A64_ENOMEM);
}

Test(syscalls_exec, execve_errors_match_the_kernel, .init = setup_dir, .fini = teardown_dir)
{
    char *argv[] = { "x", NULL };
    uint64_t gargv = G(argv);
    /* errors as the host kernel's execve gives them for the same paths
     * (a failing execve returns, so the test process can ask it) */
    const char *paths[] = { "/nonexistent/prog", dir, file /* mode 0644 */ };
    for (int i = 0; i < 3; i++) {
        char *nargv[] = { "x", NULL };
        cr_assert_eq(execve(paths[i], nargv, NULL), -1);
        int native = errno;
        cr_expect_eq(sc(A64_NR_execve, G(paths[i]), gargv, 0, 0, 0, 0), -native, "%s", paths[i]);
    }
    cr_expect_eq(sc(A64_NR_execve, 16, gargv, 0, 0, 0, 0), -A64_EFAULT);
    cr_expect_eq(sc(A64_NR_execve, G("/bin/true"), 24, 0, 0, 0, 0), -A64_EFAULT);
}
