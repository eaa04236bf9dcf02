/* Process test (tests/procs/run.sh): /proc as the guest must see it -
 * self/exe, maps (own mappings, splits by mprotect, file offsets and
 * inodes, no trace of xemu), smaps (fields and sizes of a mapping),
 * auxv against getauxval, cmdline, environ, stat, status, the same under
 * /proc/<pid>/, /proc/thread-self and /proc/self/task/<tid>/ for a second
 * thread.  Prints facts that hold natively and under xemu alike. */
#define _GNU_SOURCE
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

extern char **environ;
static char exe_real[PATH_MAX];
static char comm_want[16];

static long slurp(const char *path, char *buf, size_t cap)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -errno;
    size_t len = 0;
    ssize_t n;
    while (len + 1 < cap && (n = read(fd, buf + len, cap - 1 - len)) > 0)
        len += (size_t)n;
    close(fd);
    buf[len] = 0;
    return (long)len;
}

static void check_exe(const char *label, const char *path)
{
    char t[PATH_MAX];
    ssize_t n = readlink(path, t, sizeof t - 1);
    if (n < 0) {
        printf("%s: readlink failed %s\n", label, strerror(errno));
        return;
    }
    t[n] = 0;
    printf("%s: matches=%d\n", label, !strcmp(t, exe_real));
}

/* the maps line containing addr, copied into out */
static int maps_line_for(const char *maps, uintptr_t addr, char *out, size_t cap)
{
    const char *p = maps;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        unsigned long lo, hi;
        if (sscanf(p, "%lx-%lx", &lo, &hi) == 2 && addr >= lo && addr < hi) {
            snprintf(out, cap, "%.*s", (int)len, p);
            return 1;
        }
        p += len + (nl ? 1 : 0);
    }
    return 0;
}

static int field_str(const char *line, int field, char *out, size_t cap)
{
    /* stat: "pid (comm) state ..." - fields after the last ')' */
    const char *rp = strrchr(line, ')');
    if (!rp)
        return 0;
    if (field == 2) {
        const char *lp = strchr(line, '(');
        snprintf(out, cap, "%.*s", (int)(rp - lp - 1), lp + 1);
        return 1;
    }
    if (field == 1) {
        snprintf(out, cap, "%ld", strtol(line, NULL, 10));
        return 1;
    }
    const char *p = rp + 2;
    for (int f = 3; f < field && *p; f++) {
        p = strchr(p, ' ');
        if (!p)
            return 0;
        p++;
    }
    size_t n = strcspn(p, " \n");
    snprintf(out, cap, "%.*s", (int)n, p);
    return 1;
}

static unsigned long field_ul(const char *line, int field)
{
    char b[64];
    return field_str(line, field, b, sizeof b) ? strtoul(b, NULL, 10) : 0;
}

static void status_field(const char *status, const char *key, char *out, size_t cap)
{
    const char *p = strstr(status, key);
    out[0] = 0;
    if (p) {
        p += strlen(key);
        while (*p == '\t' || *p == ' ')
            p++;
        snprintf(out, cap, "%.*s", (int)strcspn(p, "\n"), p);
    }
}

static char big[1 << 20], big2[1 << 20];

/* other_thread: the state of a thread other than the caller is racy */
static void check_stat(const char *label, const char *path, pid_t id, int other_thread)
{
    if (slurp(path, big, sizeof big) < 0) {
        printf("%s: open failed\n", label);
        return;
    }
    char comm[64], state[8];
    field_str(big, 2, comm, sizeof comm);
    field_str(big, 3, state, sizeof state);
    if (other_thread)
        strcpy(state, "?");
    printf("%s: pid=%d comm=%d state=%s ppid=%d pgrp=%d sid=%d threads=%lu\n", label,
           field_ul(big, 1) == (unsigned long)id, !strcmp(comm, comm_want), state,
           field_ul(big, 4) == (unsigned long)getppid(), field_ul(big, 5) == (unsigned long)getpgrp(),
           field_ul(big, 6) == (unsigned long)getsid(0), field_ul(big, 20));
}

static void check_status(const char *label, const char *path, pid_t id, int other_thread)
{
    if (slurp(path, big, sizeof big) < 0) {
        printf("%s: open failed\n", label);
        return;
    }
    char v[128];
    status_field(big, "Name:", v, sizeof v);
    printf("%s: Name=%d", label, !strcmp(v, comm_want));
    status_field(big, "\nPid:", v, sizeof v);
    printf(" Pid=%d", atoi(v) == id);
    status_field(big, "Tgid:", v, sizeof v);
    printf(" Tgid=%d", atoi(v) == getpid());
    status_field(big, "PPid:", v, sizeof v);
    printf(" PPid=%d", atoi(v) == getppid());
    status_field(big, "Threads:", v, sizeof v);
    printf(" Threads=%s", v);
    status_field(big, "State:", v, sizeof v);
    printf(" State=%.1s\n", other_thread ? "?" : v);
}

static int count_tasks(void)
{
    DIR *d = opendir("/proc/self/task");
    int n = 0;
    struct dirent *e;
    if (!d)
        return -1;
    while ((e = readdir(d)))
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

static pthread_barrier_t bar;
static pid_t tid2;

static void *second(void *arg)
{
    (void)arg;
    tid2 = (pid_t)syscall(SYS_gettid);
    check_stat("thread-self/stat in thread", "/proc/thread-self/stat", tid2, 0);
    check_status("thread-self/status in thread", "/proc/thread-self/status", tid2, 0);
    check_exe("thread-self/exe", "/proc/thread-self/exe");
    pthread_barrier_wait(&bar);
    pthread_barrier_wait(&bar);
    return NULL;
}

static void smaps_of(uintptr_t addr)
{
    if (slurp("/proc/self/smaps", big, sizeof big) < 0) {
        printf("smaps: open failed\n");
        return;
    }
    char *p = big;
    int in = 0;
    while (*p) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = 0;
        unsigned long lo, hi;
        char key[64];
        if (sscanf(p, "%lx-%lx ", &lo, &hi) == 2 && strchr(p, ' ') < strchr(p, ':') + 100 &&
            p[strspn(p, "0123456789abcdef")] == '-') {
            in = addr >= lo && addr < hi;
            if (in)
                printf("smaps: header size=%lu pages\n", (hi - lo) / 4096);
        } else if (in && sscanf(p, "%63[^:]:", key) == 1) {
            const char *v = strchr(p, ':') + 1;
            while (*v == ' ')
                v++;
            if (!strcmp(key, "VmFlags") || !strcmp(key, "Size") || !strcmp(key, "Rss") ||
                !strcmp(key, "Pss") || !strcmp(key, "Private_Dirty") || !strcmp(key, "Anonymous") ||
                !strcmp(key, "Shared_Clean") || !strcmp(key, "Swap") || !strcmp(key, "KernelPageSize") ||
                !strcmp(key, "Locked") || !strcmp(key, "Referenced"))
                printf("smaps: %s: %s\n", key, v);
            else
                printf("smaps: %s\n", key);
        }
        if (!nl)
            break;
        p = nl + 1;
    }
}

int main(int argc, char **argv)
{
    (void)argc;
    setvbuf(stdout, NULL, _IONBF, 0);
    if (!realpath("/proc/self/exe", exe_real) && !realpath(argv[0], exe_real))
        return 1;
    char *rp = realpath(argv[0], NULL);
    printf("exe is argv[0]: %d\n", rp && !strcmp(rp, exe_real));
    free(rp);
    const char *base = strrchr(argv[0], '/');
    snprintf(comm_want, sizeof comm_want, "%s", base ? base + 1 : argv[0]);
    char path[128];
    check_exe("self/exe", "/proc/self/exe");
    snprintf(path, sizeof path, "/proc/%d/exe", getpid());
    check_exe("pid/exe", path);
    snprintf(path, sizeof path, "/proc/self/task/%d/exe", getpid());
    check_exe("task/pid/exe", path);

    /* maps */
    long n = slurp("/proc/self/maps", big, sizeof big);
    snprintf(path, sizeof path, "/proc/%d/maps", getpid());
    long n2 = slurp(path, big2, sizeof big2);
    printf("maps read: %d, pid/maps identical: %d\n", n > 0, n == n2 && !memcmp(big, big2, (size_t)n));
    printf("maps mentions xemu: %d\n", strstr(big, "xemu") != NULL);
    char line[512];
    int local;
    if (maps_line_for(big, (uintptr_t)&local, line, sizeof line))
        printf("stack line: name=%s perms=%.4s\n", strrchr(line, ' ') + 1, strchr(line, ' ') + 1);
    if (maps_line_for(big, (uintptr_t)&main, line, sizeof line)) {
        char *name = strrchr(line, ' ') + 1;
        printf("main line: exe=%d perms=%.4s\n", !strcmp(name, exe_real), strchr(line, ' ') + 1);
    }
    long pg = sysconf(_SC_PAGESIZE);
    /* PROT_NONE guards on both sides: the kernel cannot merge it */
    char *guard = mmap(NULL, 7 * pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *m = mmap(guard + pg, 5 * pg, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    m[0] = 1;
    m[pg] = 1;
    m[3 * pg] = 1;
    smaps_of((uintptr_t)m);
    mprotect(m + 2 * pg, pg, PROT_READ);
    slurp("/proc/self/maps", big, sizeof big);
    for (int i = 0; i < 5; i++) {
        if (maps_line_for(big, (uintptr_t)(m + i * pg), line, sizeof line)) {
            unsigned long lo, hi;
            sscanf(line, "%lx-%lx", &lo, &hi);
            printf("anon page %d: [%ld,%ld) %.4s name='%s'\n", i, (long)(lo - (uintptr_t)m) / pg,
                   (long)(hi - (uintptr_t)m) / pg, strchr(line, ' ') + 1,
                   strlen(line) > 73 ? line + 73 : "");
        }
    }
    munmap(guard, 7 * pg);
    slurp("/proc/self/maps", big, sizeof big);
    printf("after munmap present: %d\n", maps_line_for(big, (uintptr_t)m + 2 * pg, line, sizeof line));
    int fd = open(exe_real, O_RDONLY);
    struct stat st;
    fstat(fd, &st);
    char *f = mmap(NULL, pg, PROT_READ, MAP_PRIVATE, fd, pg);
    slurp("/proc/self/maps", big, sizeof big);
    if (maps_line_for(big, (uintptr_t)f, line, sizeof line)) {
        unsigned long lo, hi, off, ino;
        unsigned maj, min;
        char perms[8];
        sscanf(line, "%lx-%lx %7s %lx %x:%x %lu", &lo, &hi, perms, &off, &maj, &min, &ino);
        printf("file map: perms=%s off=%#lx dev=%d ino=%d name=%d\n", perms, off,
               maj == major(st.st_dev) && min == minor(st.st_dev), ino == st.st_ino,
               !strcmp(strrchr(line, ' ') + 1, exe_real));
    }
    munmap(f, pg);
    close(fd);

    /* auxv */
    n = slurp("/proc/self/auxv", big, sizeof big);
    int bad = 0, seen = 0, last_null = 0;
    for (long i = 0; i + 16 <= n; i += 16) {
        uint64_t t, v;
        memcpy(&t, big + i, 8);
        memcpy(&v, big + i + 8, 8);
        last_null = t == AT_NULL;
        if (t == AT_PAGESZ || t == AT_ENTRY || t == AT_PHDR || t == AT_RANDOM || t == AT_EXECFN ||
            t == AT_UID || t == AT_GID || t == AT_PHNUM || t == AT_BASE) {
            seen++;
            bad += getauxval(t) != v;
        }
    }
    printf("auxv: seen=%d mismatches=%d ends-with-null=%d\n", seen, bad, last_null);

    /* cmdline and environ */
    n = slurp("/proc/self/cmdline", big, sizeof big);
    size_t want = 0;
    int same = 1;
    for (char **a = argv; *a; a++) {
        size_t l = strlen(*a) + 1;
        same &= want + l <= (size_t)n && !memcmp(big + want, *a, l);
        want += l;
    }
    printf("cmdline: same=%d len-ok=%d\n", same, (size_t)n == want);
    n = slurp("/proc/self/environ", big, sizeof big);
    want = 0;
    same = 1;
    for (char **e = environ; *e; e++) {
        size_t l = strlen(*e) + 1;
        same &= want + l <= (size_t)n && !memcmp(big + want, *e, l);
        want += l;
    }
    printf("environ: same=%d len-ok=%d\n", same, (size_t)n == want);

    /* stat and status */
    check_stat("self/stat", "/proc/self/stat", getpid(), 0);
    slurp("/proc/self/stat", big, sizeof big);
    unsigned long arg_start = field_ul(big, 48), env_start = field_ul(big, 50);
    unsigned long startstack = field_ul(big, 28);
    printf("stat: arg_start=%d env_start=%d startstack-in-stack=%d\n",
           arg_start == (uintptr_t)argv[0], env_start == (uintptr_t)environ[0],
           startstack > (uintptr_t)&local);
    snprintf(path, sizeof path, "/proc/%d/stat", getpid());
    check_stat("pid/stat", path, getpid(), 0);
    check_status("self/status", "/proc/self/status", getpid(), 0);
    printf("tasks: %d\n", count_tasks());

    pthread_barrier_init(&bar, NULL, 2);
    pthread_t t;
    pthread_create(&t, NULL, second, NULL);
    pthread_barrier_wait(&bar);
    printf("tasks with thread: %d\n", count_tasks());
    check_stat("self/stat with thread", "/proc/self/stat", getpid(), 0);
    check_status("self/status with thread", "/proc/self/status", getpid(), 0);
    snprintf(path, sizeof path, "/proc/self/task/%d/stat", tid2);
    check_stat("task/tid/stat", path, tid2, 1);
    snprintf(path, sizeof path, "/proc/self/task/%d/status", tid2);
    check_status("task/tid/status", path, tid2, 1);
    snprintf(path, sizeof path, "/proc/%d/task/%d/exe", getpid(), tid2);
    check_exe("pid/task/tid/exe", path);
    snprintf(path, sizeof path, "/proc/self/task/%d/maps", tid2);
    n = slurp(path, big2, sizeof big2);
    printf("task/tid/maps mentions xemu: %d\n", n <= 0 || strstr(big2, "xemu") != NULL);
    snprintf(path, sizeof path, "/proc/self/task/%d/cmdline", tid2);
    n = slurp(path, big2, sizeof big2);
    printf("task/tid/cmdline starts with argv[0]: %d\n", n > 0 && !strcmp(big2, argv[0]));
    pthread_barrier_wait(&bar);
    pthread_join(t, NULL);

    /* an open /proc file's fd link names it as the kernel does */
    const char *opened[] = { "/proc/self/maps", "/proc/self/status", "/proc/thread-self/stat" };
    for (int i = 0; i < 3; i++) {
        int pfd = open(opened[i], O_RDONLY);
        char want[128], link[128], got[PATH_MAX];
        if (i == 2)
            snprintf(want, sizeof want, "/proc/%d/task/%d/stat", getpid(), getpid());
        else
            snprintf(want, sizeof want, "/proc/%d/%s", getpid(), opened[i] + 11);
        snprintf(link, sizeof link, "/proc/self/fd/%d", pfd);
        ssize_t ln = readlink(link, got, sizeof got - 1);
        got[ln > 0 ? ln : 0] = 0;
        printf("fd link of %s: %d\n", opened[i], !strcmp(got, want));
        close(pfd);
    }

    /* relative to a /proc directory: a dirfd, and the cwd */
    int dfd = open("/proc/self", O_RDONLY | O_DIRECTORY);
    int mfd = openat(dfd, "maps", O_RDONLY);
    n = mfd >= 0 ? read(mfd, big, sizeof big - 1) : -1;
    big[n > 0 ? n : 0] = 0;
    printf("openat(/proc/self, maps): read %d, mentions xemu %d\n", n > 0, strstr(big, "xemu") != NULL);
    close(mfd);
    char lt[PATH_MAX];
    ssize_t ln = readlinkat(dfd, "exe", lt, sizeof lt - 1);
    lt[ln > 0 ? ln : 0] = 0;
    printf("readlinkat(/proc/self, exe): %d\n", !strcmp(lt, exe_real));
    close(dfd);
    char cwd[PATH_MAX];
    if (getcwd(cwd, sizeof cwd) && chdir("/proc/self") == 0) {
        ln = readlink("exe", lt, sizeof lt - 1);
        lt[ln > 0 ? ln : 0] = 0;
        printf("readlink(exe) in /proc/self: %d\n", !strcmp(lt, exe_real));
        n = slurp("cmdline", big, sizeof big);
        printf("cmdline in /proc/self: %d\n", n > 0 && !strcmp(big, argv[0]));
        if (chdir(cwd) != 0)
            printf("chdir back failed\n");
    }

    /* the directory itself */
    DIR *d = opendir("/proc/self");
    int found = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        found += !strcmp(e->d_name, "exe") || !strcmp(e->d_name, "maps") ||
                 !strcmp(e->d_name, "smaps") || !strcmp(e->d_name, "auxv");
    if (d)
        closedir(d);
    printf("/proc/self lists exe maps smaps auxv: %d\n", found);
    return 0;
}
