/*
 * Tests of the guest's /proc (procfs/): path matching, /proc/self/maps in
 * the kernel's exact format (the column where names start is measured on
 * the host kernel's own /proc/self/maps), exe links, auxv and cmdline
 * bytes, and /proc/cpuinfo in the arm64 kernel's layout; also the
 * openat/readlinkat hooks through syscall_dispatch.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/prctl.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "abi/aarch64/abi_aarch64.h"
#include "loader/loader.h"
#include "loader/vmmap.h"
#include "procfs/procfs.h"
#include "syscalls/syscalls.h"
#include "xlat/aarch64/cpu.h"

static struct a64_cpu cpu;

static int64_t sc(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    uint64_t a[6] = { a0, a1, a2, a3, 0, 0 };
    return syscall_dispatch(&cpu.hdr, nr, a);
}
#define G(p) ((uint64_t)(uintptr_t)(p))
#define AT_FDCWD_G ((uint64_t)(int64_t)-100)

static char *node_text(const char *path)
{
    const struct procfs_node *n = procfs_lookup(path);
    cr_assert_not_null(n, "%s not served", path);
    char *out;
    cr_assert_geq(procfs_read(n, &out), 0);
    return out;
}

Test(procfs, lookup_matches_self_and_own_pid_only)
{
    char p[64];
    cr_expect_not_null(procfs_lookup("/proc/self/maps"));
    cr_expect_not_null(procfs_lookup("/proc/self/exe"));
    cr_expect_not_null(procfs_lookup("/proc/thread-self/maps"));
    snprintf(p, sizeof p, "/proc/%d/exe", (int)getpid());
    cr_expect_not_null(procfs_lookup(p));
    snprintf(p, sizeof p, "/proc/%d/exe", (int)getpid() + 1);
    cr_expect_null(procfs_lookup(p));
    cr_expect_not_null(procfs_lookup("/proc/cpuinfo"));
    cr_expect_not_null(procfs_lookup("/proc/self/status"));
    cr_expect_null(procfs_lookup("/proc/self/mountinfo"));
    cr_expect_null(procfs_lookup("/proc/self/fd/1"));
    cr_expect_null(procfs_lookup("/etc/passwd"));
}

/* Where the kernel starts the name column in /proc/self/maps. */
static int host_name_column(void)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[512];
    int col = -1;
    while (fgets(line, sizeof line, f)) {
        char *slash = strchr(line, '/');
        if (slash) {
            col = (int)(slash - line);
            break;
        }
    }
    fclose(f);
    return col;
}

Test(procfs, maps_has_the_kernel_format)
{
    vmmap_add(0x400000, 0x402000, PROT_READ | PROT_EXEC, MAP_PRIVATE, 0x1000, makedev(8, 1),
              1234, "/usr/bin/prog");
    vmmap_add(0x7ff000000000, 0x7ff000021000, PROT_READ | PROT_WRITE,
              MAP_PRIVATE | MAP_ANONYMOUS, 0, 0, 0, "[stack]");
    vmmap_add(0x7ff100000000, 0x7ff100001000, PROT_READ, MAP_SHARED | MAP_ANONYMOUS, 0, 0, 0, "");
    char *t = node_text("/proc/self/maps");
    char expect[512];
    int col = host_name_column();
    cr_assert_gt(col, 0);
    const char *p1 = "00400000-00402000 r-xp 00001000 08:01 1234 ";
    const char *p2 = "7ff000000000-7ff000021000 rw-p 00000000 00:00 0 ";
    snprintf(expect, sizeof expect, "%s%*s/usr/bin/prog\n%s%*s[stack]\n"
             "7ff100000000-7ff100001000 r--s 00000000 00:00 0 \n",
             p1, col - (int)strlen(p1), "", p2, col - (int)strlen(p2), "");
    cr_expect_str_eq(t, expect);
    free(t);
}

Test(procfs, exe_readlink_and_open)
{
    snprintf(guest_image.exe_path, sizeof guest_image.exe_path, "/bin/true");
    char buf[64] = { 0 };
    cr_expect_eq(sc(A64_NR_readlinkat, AT_FDCWD_G, G("/proc/self/exe"), G(buf), sizeof buf), 9);
    cr_expect_str_eq(buf, "/bin/true");
    /* truncated like the kernel: no NUL, at most bufsiz bytes */
    memset(buf, 0, sizeof buf);
    cr_expect_eq(sc(A64_NR_readlinkat, AT_FDCWD_G, G("/proc/self/exe"), G(buf), 4), 4);
    cr_expect_str_eq(buf, "/bin");
    /* open follows the link to the guest program, not to xemu */
    int64_t fd = sc(A64_NR_openat, AT_FDCWD_G, G("/proc/self/exe"), 0, 0);
    cr_assert_geq(fd, 0);
    struct stat a, b;
    fstat((int)fd, &a);
    stat("/bin/true", &b);
    cr_expect_eq(a.st_ino, b.st_ino);
    close((int)fd);
}

Test(procfs, auxv_and_cmdline_are_the_guest_bytes)
{
    static uint64_t auxv[] = { 6, 4096, 16, 0xabc, 0, 0 };   /* AT_PAGESZ, AT_HWCAP, AT_NULL */
    static const char args[] = "prog\0-x\0file name";
    guest_image.auxv = G(auxv);
    guest_image.auxv_len = sizeof auxv;
    guest_image.argv_start = G(args);
    guest_image.argv_end = G(args) + sizeof args;
    int64_t fd = sc(A64_NR_openat, AT_FDCWD_G, G("/proc/self/auxv"), A64_O_CLOEXEC, 0);
    cr_assert_geq(fd, 0);
    uint64_t got[8];
    cr_expect_eq(read((int)fd, got, sizeof got), (ssize_t)sizeof auxv);
    cr_expect_eq(memcmp(got, auxv, sizeof auxv), 0);
    close((int)fd);
    fd = sc(A64_NR_openat, AT_FDCWD_G, G("/proc/self/cmdline"), 0, 0);
    cr_assert_geq(fd, 0);
    char c[64];
    cr_expect_eq(read((int)fd, c, sizeof c), (ssize_t)sizeof args);
    cr_expect_eq(memcmp(c, args, sizeof args), 0);
    /* a real fd: seekable, read-only */
    cr_expect_eq(lseek((int)fd, 5, SEEK_SET), 5);
    cr_expect_eq(read((int)fd, c, 2), 2);
    cr_expect_eq(memcmp(c, "-x", 2), 0);
    cr_expect_lt(write((int)fd, "x", 1), 0);
    close((int)fd);
}

Test(procfs, cpuinfo_is_in_the_arm64_format)
{
    char *t = node_text("/proc/cpuinfo");
    cr_expect(!strncmp(t, "processor\t: 0\nBogoMIPS\t: ", 25), "%.60s", t);
    cr_expect_not_null(strstr(t, "\nFeatures\t:"));
    /* MIDR 0x413fd0c1 (xlat/aarch64/sysregs.c): Arm, variant 3, part d0c, r1 */
    cr_expect_not_null(strstr(t, "\nCPU implementer\t: 0x41\nCPU architecture: 8\n"
                                 "CPU variant\t: 0x3\nCPU part\t: 0xd0c\nCPU revision\t: 1\n\n"));
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    int blocks = 0;
    for (char *p = t; (p = strstr(p, "processor\t:")); p++)
        blocks++;
    cr_expect_eq(blocks, n);
    free(t);
}

Test(procfs, cpuinfo_features_follow_hwcap_bits)
{
    /* asm/hwcap.h: HWCAP_FP is bit 0, HWCAP_ASIMD bit 1 */
    cr_expect_eq(A64_HWCAP_FP, 1);
    cr_expect_eq(A64_HWCAP_ASIMD, 2);
    cr_expect_str_eq(a64_hwcap_strs[0].name, "fp");
    cr_expect_str_eq(a64_hwcap_strs[1].name, "asimd");
    char *t = node_text("/proc/cpuinfo");
    char *f = strstr(t, "Features\t:");
    cr_assert_not_null(f);
    char *eol = strchr(f, '\n');
    *eol = 0;
    uint64_t hw = 0;
    for (char *tok = strtok(f + 10, " "); tok; tok = strtok(NULL, " "))
        for (unsigned i = 0; i < a64_nhwcap_strs; i++)
            if (!strcmp(tok, a64_hwcap_strs[i].name))
                hw |= (uint64_t)a64_hwcap_strs[i].g;
    extern uint64_t a64_hwcap(void);
    cr_expect_eq(hw, a64_hwcap());
    free(t);
}

Test(procfs, stat_and_status_name_the_guest)
{
    snprintf(guest_image.exe_path, sizeof guest_image.exe_path, "/usr/bin/some-long-program-name");
    guest_image.start_code = 0x400000;
    guest_image.end_code = 0x47e000;
    prctl(PR_SET_NAME, "xemu-aarch64");
    char *t = node_text("/proc/self/stat");
    char head[64];
    snprintf(head, sizeof head, "%d (some-long-progr) ", (int)getpid());
    cr_expect(!strncmp(t, head, strlen(head)), "%s", t);
    /* proc(5): fields 26 and 27 are startcode and endcode */
    char *p = strrchr(t, ')') + 2;
    for (int f = 3; f < 26; f++)
        p = strchr(p, ' ') + 1;
    cr_expect(!strncmp(p, "4194304 4710400 ", 16), "%.40s", p);
    free(t);
    t = node_text("/proc/self/status");
    cr_expect(!strncmp(t, "Name:\tsome-long-progr\n", 22), "%.40s", t);
    free(t);
    /* once the guest names itself, that name wins; comm itself is the
     * host's file (the host thread carries the guest's name) */
    prctl(PR_SET_NAME, "worker");
    t = node_text("/proc/self/status");
    cr_expect(!strncmp(t, "Name:\tworker\n", 13), "%.40s", t);
    free(t);
    cr_expect_null(procfs_lookup("/proc/self/comm"));
}

Test(procfs, task_paths_name_our_threads_only)
{
    char p[96];
    snprintf(p, sizeof p, "/proc/self/task/%d/exe", (int)getpid());
    cr_expect_not_null(procfs_lookup(p));
    snprintf(p, sizeof p, "/proc/%d/task/%d/stat", (int)getpid(), (int)getpid());
    cr_expect_not_null(procfs_lookup(p));
    /* pid 1's task is not one of ours: the host's file */
    cr_expect_null(procfs_lookup("/proc/self/task/1/exe"));
    cr_expect_null(procfs_lookup("/proc/self/task/x/exe"));
    cr_expect_not_null(procfs_lookup("/proc/thread-self/smaps"));
}

Test(procfs, smaps_describes_guest_areas_only)
{
    long pg = sysconf(_SC_PAGESIZE);
    char *m = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert_neq(m, MAP_FAILED);
    m[0] = 1;
    m[2 * pg] = 1;
    /* the guest sees only the middle two pages, read-only */
    uint64_t lo = (uint64_t)(uintptr_t)m + pg, hi = lo + 2 * pg;
    vmmap_add(lo, hi, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, 0, 0, 0, "");
    char *t = node_text("/proc/self/smaps");
    char head[64];
    snprintf(head, sizeof head, "%08llx-%08llx r--p ", (unsigned long long)lo,
             (unsigned long long)hi);
    char *e = strstr(t, head);
    cr_assert_not_null(e, "%s", t);
    char *next = strchr(e, '\n') + 1;
    cr_expect(!strncmp(next, "Size:", 5), "%.60s", next);
    cr_expect_eq(strtoul(next + 5, NULL, 10), (unsigned long)(2 * pg / 1024));
    char *rss = strstr(next, "\nRss:");
    cr_assert_not_null(rss);
    /* one of the two pages was touched */
    cr_expect_eq(strtoul(rss + 5, NULL, 10), (unsigned long)(pg / 1024));
    char *fl = strstr(next, "\nVmFlags: rd mr");
    cr_expect_not_null(fl, "%s", next);
    vmmap_remove(lo, hi);
    munmap(m, 4 * pg);
    free(t);
}
