/*
 * Tests for the ELF loader (loader/): real arm64 programs built by
 * mk/loader.mk (static, static-pie, dynamic) are loaded and the result
 * is checked against what the kernel would build: entry, AT_PHDR, the
 * mapped bytes and protections, the stack layout, auxv, brk.  Expected
 * values come from the files themselves (read here with plain pread,
 * independent of the loader) and from the layout rules of Linux's
 * create_elf_tables written out below.  Then a corpus of malformed ELF
 * files, generated here from the valid ones, must each be refused with a
 * reason and leave no mapping behind.  Criterion runs every test in its
 * own process, so guest mappings never leak between tests; the random
 * mutation test forks once more per file.
 */
#include <criterion/criterion.h>
#include <elf.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "loader/loader.h"
#include "loader/vmmap.h"

#define PG 4096ull
#define LD_PAGE_UP_TEST(x) (((x) + PG - 1) & ~(PG - 1))
#define SYSROOT "/usr/aarch64-linux-gnu"
#define SYSROOT_LDSO SYSROOT "/lib/ld-linux-aarch64.so.1"

static const struct guest_arch test_arch = {
    .name = "aarch64",
    .elf_machine = EM_AARCH64,
    .hwcap = 0x12345,
    .hwcap2 = 0x678,
    .minsigstksz = 5120,
    .interp_default = "/lib/ld-linux-aarch64.so.1",
};

static char *const default_env[] = { "A=1", "LONGER=some value", NULL };

/* ---- helpers ------------------------------------------------------------ */

static const char *corpus(const char *name)
{
    static char buf[4][PATH_MAX];
    static int next;
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    cr_assert_gt(n, 0);
    self[n] = '\0';
    char *b = buf[next++ % 4];
    snprintf(b, PATH_MAX, "%s/elf-corpus/%s", dirname(self), name);
    if (access(b, R_OK) != 0)
        cr_skip_test("%s not built (make BUILD=... loader-check builds it)", b);
    return b;
}

struct blob { unsigned char *d; size_t n; };

static struct blob slurp(const char *path)
{
    struct blob b = { 0 };
    int fd = open(path, O_RDONLY);
    cr_assert_geq(fd, 0, "open %s", path);
    struct stat st;
    fstat(fd, &st);
    b.n = (size_t)st.st_size;
    b.d = malloc(b.n ? b.n : 1);
    cr_assert_eq(pread(fd, b.d, b.n, 0), (ssize_t)b.n);
    close(fd);
    return b;
}

static Elf64_Ehdr *ehdr(struct blob b) { return (Elf64_Ehdr *)b.d; }
static Elf64_Phdr *phdr(struct blob b, int i)
{
    return (Elf64_Phdr *)(b.d + ehdr(b)->e_phoff) + i;
}
static int find_ph(struct blob b, uint32_t type, int nth)
{
    for (int i = 0; i < ehdr(b)->e_phnum; i++)
        if (phdr(b, i)->p_type == type && nth-- == 0)
            return i;
    return -1;
}

static char tmpdir[64];

static const char *write_tmp(const char *name, const void *d, size_t n, mode_t mode)
{
    static char path[4][PATH_MAX];
    static int next;
    if (!tmpdir[0]) {
        strcpy(tmpdir, "/tmp/xemu-ldr-XXXXXX");
        cr_assert_not_null(mkdtemp(tmpdir));
    }
    char *p = path[next++ % 4];
    snprintf(p, PATH_MAX, "%s/%s", tmpdir, name);
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, mode);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, d, n), (ssize_t)n);
    close(fd);
    chmod(p, mode);
    return p;
}

static void cleanup_tmp(void)
{
    if (tmpdir[0]) {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
        if (system(cmd)) {}
    }
}

/* Host mappings as text, without [heap] (malloc may move the host brk). */
static char *host_maps(void)
{
    static char buf[1 << 16];
    char line[512];
    size_t used = 0;
    FILE *f = fopen("/proc/self/maps", "r");
    cr_assert_not_null(f);
    while (fgets(line, sizeof line, f))
        if (!strstr(line, "[heap]") && used + strlen(line) < sizeof buf) {
            strcpy(buf + used, line);
            used += strlen(line);
        }
    fclose(f);
    return strdup(buf);
}

/* A failed load must leave the host mappings as they were.  Under ASan
 * the allocator itself maps memory as the loader mallocs, so the check
 * only means something in normal builds. */
static bool same_maps(const char *before, const char *after)
{
#ifdef __SANITIZE_ADDRESS__
    (void)before;
    (void)after;
    return true;
#else
    return !strcmp(before, after);
#endif
}

/* Protection string ("r-xp") of the host mapping holding addr. */
static const char *host_perms(uint64_t addr)
{
    static char perms[8];
    char line[512];
    FILE *f = fopen("/proc/self/maps", "r");
    perms[0] = '\0';
    while (f && fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        char p[8];
        if (sscanf(line, "%lx-%lx %7s", &lo, &hi, p) == 3 && lo <= addr && addr < hi) {
            strcpy(perms, p);
            break;
        }
    }
    if (f)
        fclose(f);
    return perms;
}

static int count_area(const struct vm_area *a, void *arg)
{
    (void)a;
    ++*(size_t *)arg;
    return 0;
}

static size_t guest_area_count(void)
{
    size_t n = 0;
    vmmap_foreach(count_area, &n);
    return n;
}

static int load(const char *path, char *const argv[], char *const envp[],
                const struct loader_opts *o, struct image_info *img, char *err)
{
    return loader_load(&test_arch, path, argv, envp, o, img, err, 256);
}

static struct image_info load_ok(const char *path, char *const argv[], const struct loader_opts *o)
{
    static struct image_info img;
    char err[256];
    memset(&img, 0, sizeof img);
    int rc = load(path, argv, default_env, o, &img, err);
    cr_assert_eq(rc, 0, "loading %s failed: %s", path, err);
    return img;
}

static uint64_t auxv_get(const struct image_info *img, uint64_t type, bool *found)
{
    const uint64_t *a = (const uint64_t *)img->auxv;
    for (size_t i = 0; i < img->auxv_len / 16; i++)
        if (a[2 * i] == type) {
            if (found)
                *found = true;
            return a[2 * i + 1];
        }
    if (found)
        *found = false;
    return 0;
}

/* Each PT_LOAD's bytes as in the file, bss zero, protections as flagged. */
static void expect_segments_mapped(struct blob b, uint64_t bias)
{
    for (int i = 0; i < ehdr(b)->e_phnum; i++) {
        const Elf64_Phdr *p = phdr(b, i);
        if (p->p_type != PT_LOAD)
            continue;
        const unsigned char *m = (const unsigned char *)(p->p_vaddr + bias);
        cr_expect_eq(memcmp(m, b.d + p->p_offset, p->p_filesz), 0, "segment %d bytes differ", i);
        size_t nonzero = 0;
        uint64_t zero_end = LD_PAGE_UP_TEST(p->p_vaddr + p->p_memsz + bias);
        for (uint64_t a = p->p_vaddr + bias + p->p_filesz; a < zero_end; a++)
            nonzero += *(const unsigned char *)a != 0;
        cr_expect_eq(nonzero, 0, "segment %d: %zu non-zero bss bytes", i, nonzero);
        char want[5] = "---p";
        if (p->p_flags & PF_R) want[0] = 'r';
        if (p->p_flags & PF_W) want[1] = 'w';
        if (p->p_flags & PF_X) want[2] = 'x';
        cr_expect_str_eq(host_perms(p->p_vaddr + bias), want, "segment %d", i);
        const struct vm_area *v = vmmap_find(p->p_vaddr + bias);
        cr_expect_not_null(v, "segment %d not in vmmap", i);
        if (v)
            cr_expect_eq(v->prot, ((p->p_flags & PF_R) ? PROT_READ : 0) |
                                  ((p->p_flags & PF_W) ? PROT_WRITE : 0) |
                                  ((p->p_flags & PF_X) ? PROT_EXEC : 0));
    }
}

/* ---- real programs ------------------------------------------------------ */

Test(loader, static_exec_entry_phdr_and_segments)
{
    const char *path = corpus("hello-static");
    struct blob b = slurp(path);
    char *argv[] = { "hello", NULL };
    struct image_info img = load_ok(path, argv, NULL);
    cr_expect_eq(ehdr(b)->e_type, ET_EXEC);
    cr_expect_eq(img.load_bias, 0);
    cr_expect_eq(img.entry, ehdr(b)->e_entry);
    cr_expect_eq(img.prog_entry, ehdr(b)->e_entry);
    cr_expect_eq(img.interp_base, 0);
    cr_expect_str_eq(img.interp_path, "");
    /* phdrs live in the first PT_LOAD (file offset 0): vaddr + e_phoff */
    const Elf64_Phdr *l0 = phdr(b, find_ph(b, PT_LOAD, 0));
    cr_expect_eq(img.phdr, l0->p_vaddr + ehdr(b)->e_phoff - l0->p_offset);
    cr_expect_eq(img.phnum, ehdr(b)->e_phnum);
    cr_expect_eq(img.phent, sizeof(Elf64_Phdr));
    cr_expect_eq(memcmp((void *)img.phdr, b.d + ehdr(b)->e_phoff, img.phnum * 56), 0);
    expect_segments_mapped(b, 0);
    cr_expect_not_null(memmem((void *)l0->p_vaddr, l0->p_filesz, "xemu-loader-test-marker", 23));
    /* the kernel's start/end_code: the executable segment's file range */
    cr_expect_eq(img.start_code, l0->p_vaddr);
    cr_expect_eq(img.end_code, l0->p_vaddr + l0->p_filesz);
    const Elf64_Phdr *l1 = phdr(b, find_ph(b, PT_LOAD, 1));
    cr_expect_eq(img.start_data, l1->p_vaddr);
    cr_expect_eq(img.end_data, l1->p_vaddr + l1->p_filesz);
}

Test(loader, exe_path_is_absolute_and_registered_in_vmmap)
{
    const char *path = corpus("hello-static");
    char *argv[] = { "hello", NULL };
    struct image_info img = load_ok(path, argv, NULL);
    char real[PATH_MAX];
    cr_assert_not_null(realpath(path, real));
    cr_expect_eq(img.exe_path[0], '/');
    cr_expect_str_eq(img.exe_path, real);
    const struct vm_area *v = vmmap_find(img.entry);
    cr_assert_not_null(v);
    cr_expect_str_eq(v->name, real);
    cr_expect_eq(v->prot, PROT_READ | PROT_EXEC);
    struct stat st;
    stat(path, &st);
    cr_expect_eq(v->ino, st.st_ino);
    cr_expect_eq(v->dev, st.st_dev);
    v = vmmap_find(img.sp);
    cr_assert_not_null(v);
    cr_expect_str_eq(v->name, "[stack]");
    cr_expect_eq(v->start, img.stack_low);
    cr_expect_eq(v->end, img.stack_high);
    cr_expect_not(vmmap_host_busy(img.stack_low, img.stack_high));
    cr_expect_not(vmmap_host_busy(img.start_code & ~(PG - 1), img.start_code + PG));
    /* the brk reservation is xemu's until the guest grows the heap */
    if (img.brk_limit > img.start_brk)
        cr_expect(vmmap_host_busy(img.start_brk, img.start_brk + PG));
    /* guest_image mirrors the result */
    cr_expect_eq(guest_image.entry, img.entry);
    cr_expect_eq(guest_image.sp, img.sp);
}

/* The stack as create_elf_tables lays it out for arm64 (see loader/stack.c). */
static void expect_linux_stack(const struct image_info *img, char *const argv[],
                               char *const envp[], const char *execfn)
{
    size_t argc = 0, envc = 0;
    while (argv && argv[argc])
        argc++;
    while (envp && envp[envc])
        envc++;
    const uint64_t *sp = (const uint64_t *)img->sp;
    cr_expect_eq(img->sp % 16, 0, "sp %#lx not 16-byte aligned", (unsigned long)img->sp);
    cr_expect(img->stack_low < img->sp && img->sp < img->stack_high);
    cr_assert_eq(sp[0], argc);
    /* argv strings: contiguous from argv_start, argv[0] lowest */
    uint64_t s = img->argv_start;
    for (size_t i = 0; i < argc; i++) {
        cr_expect_eq(sp[1 + i], s, "argv[%zu] pointer", i);
        cr_expect_str_eq((const char *)sp[1 + i], argv[i]);
        s += strlen(argv[i]) + 1;
    }
    cr_expect_eq(sp[1 + argc], 0);
    cr_expect_eq(s, img->argv_end);
    cr_expect_eq(img->argv_end, img->env_start);
    const uint64_t *ep = sp + 2 + argc;
    s = img->env_start;
    for (size_t i = 0; i < envc; i++) {
        cr_expect_eq(ep[i], s, "envp[%zu] pointer", i);
        cr_expect_str_eq((const char *)ep[i], envp[i]);
        s += strlen(envp[i]) + 1;
    }
    cr_expect_eq(ep[envc], 0);
    cr_expect_eq(s, img->env_end);
    /* auxv right after envp's NULL */
    cr_expect_eq(img->auxv, (uint64_t)(ep + envc + 1));
    const uint64_t *aux = (const uint64_t *)img->auxv;
    size_t naux = img->auxv_len / 16;
    cr_assert_gt(naux, 0);
    cr_expect_eq(img->auxv_len % 16, 0);
    cr_expect_eq(aux[2 * (naux - 1)], AT_NULL, "auxv must end with AT_NULL");
    /* execfn right above the env strings, then the 8-byte zero end marker */
    cr_expect_str_eq((const char *)img->env_end, execfn);
    cr_expect_eq(img->env_end + strlen(execfn) + 1, img->stack_high - 8);
    cr_expect_eq(*(const uint64_t *)(img->stack_high - 8), 0);
    bool found;
    cr_expect_eq(auxv_get(img, AT_EXECFN, &found), img->env_end);
    /* platform string just below the 16-aligned string area, random bytes below it */
    uint64_t plat = (img->argv_start & ~15ull) - strlen("aarch64") - 1;
    cr_expect_eq(auxv_get(img, AT_PLATFORM, &found), plat);
    cr_expect_str_eq((const char *)plat, "aarch64");
    uint64_t rnd = auxv_get(img, AT_RANDOM, &found);
    cr_expect_eq(rnd, plat - 16);
    /* only padding (less than 16 bytes plus alignment) between auxv and random */
    uint64_t aux_end = img->auxv + img->auxv_len;
    cr_expect_leq(aux_end, rnd);
    cr_expect_lt(rnd - aux_end, 16);
}

Test(loader, stack_layout_matches_linux)
{
    const char *path = corpus("hello-static");
    char *argv[] = { "hello", "first", "", "third argument", NULL };
    struct image_info img = load_ok(path, argv, NULL);
    expect_linux_stack(&img, argv, default_env, path);
    cr_expect_eq(img.stack_high - img.stack_low, 8ull << 20);
    cr_expect_eq(img.stack_high % PG, 0);
    cr_expect_str_eq(host_perms(img.sp), "rw-p");   /* PT_GNU_STACK is RW */
    /* a guard below the stack: inaccessible and not the guest's */
    cr_expect_str_eq(host_perms(img.stack_low - PG), "---p");
    cr_expect(vmmap_host_busy(img.stack_low - PG, img.stack_low));
}

Test(loader, auxv_contents_and_order)
{
    const char *path = corpus("hello-static");
    struct blob b = slurp(path);
    char *argv[] = { "hello", NULL };
    struct image_info img = load_ok(path, argv, NULL);
    /* binfmt_elf's order, with arm64's ARCH_DLINFO first (no vDSO yet) */
    const uint64_t order[] = {
        AT_MINSIGSTKSZ, AT_HWCAP, AT_PAGESZ, AT_CLKTCK, AT_PHDR, AT_PHENT, AT_PHNUM,
        AT_BASE, AT_FLAGS, AT_ENTRY, AT_UID, AT_EUID, AT_GID, AT_EGID, AT_SECURE,
        AT_RANDOM, AT_HWCAP2, AT_EXECFN, AT_PLATFORM, AT_NULL,
    };
    size_t n = sizeof order / sizeof order[0];
    cr_assert_eq(img.auxv_len, n * 16);
    const uint64_t *aux = (const uint64_t *)img.auxv;
    for (size_t i = 0; i < n; i++)
        cr_expect_eq(aux[2 * i], order[i], "auxv[%zu] is %lu, expected %lu", i,
                     (unsigned long)aux[2 * i], (unsigned long)order[i]);
    bool f;
    cr_expect_eq(auxv_get(&img, AT_MINSIGSTKSZ, &f), 5120);
    cr_expect_eq(auxv_get(&img, AT_HWCAP, &f), 0x12345);
    cr_expect_eq(auxv_get(&img, AT_HWCAP2, &f), 0x678);
    cr_expect_eq(auxv_get(&img, AT_PAGESZ, &f), 4096);
    cr_expect_eq(auxv_get(&img, AT_CLKTCK, &f), (uint64_t)sysconf(_SC_CLK_TCK));
    cr_expect_eq(auxv_get(&img, AT_PHDR, &f), img.phdr);
    cr_expect_eq(auxv_get(&img, AT_PHENT, &f), 56);
    cr_expect_eq(auxv_get(&img, AT_PHNUM, &f), ehdr(b)->e_phnum);
    cr_expect_eq(auxv_get(&img, AT_BASE, &f), 0);
    cr_expect_eq(auxv_get(&img, AT_FLAGS, &f), 0);
    cr_expect_eq(auxv_get(&img, AT_ENTRY, &f), ehdr(b)->e_entry);
    cr_expect_eq(auxv_get(&img, AT_UID, &f), getuid());
    cr_expect_eq(auxv_get(&img, AT_EUID, &f), geteuid());
    cr_expect_eq(auxv_get(&img, AT_GID, &f), getgid());
    cr_expect_eq(auxv_get(&img, AT_EGID, &f), getegid());
    cr_expect_eq(auxv_get(&img, AT_SECURE, &f), 0);
    auxv_get(&img, AT_SYSINFO_EHDR, &f);
    cr_expect_not(f, "no vDSO is mapped, so no AT_SYSINFO_EHDR");
}

/* The host kernel is an oracle for the arch-neutral part of the layout:
 * create_elf_tables is shared code, only ARCH_DLINFO differs (x86-64 and
 * arm64 both put AT_SYSINFO_EHDR then AT_MINSIGSTKSZ first). */
Test(loader, auxv_order_and_string_placement_match_the_host_kernel)
{
    uint64_t host[64][2];
    int fd = open("/proc/self/auxv", O_RDONLY);
    cr_assert_geq(fd, 0);
    ssize_t n = read(fd, host, sizeof host);
    close(fd);
    cr_assert_gt(n, 0);
    /* entries this loader does not produce: vDSO, rseq, newer hwcaps, execfd */
    const uint64_t skip[] = { AT_SYSINFO_EHDR, 27 /* AT_RSEQ_FEATURE_SIZE */, 28 /* AT_RSEQ_ALIGN */,
                              29 /* AT_HWCAP3 */, 30 /* AT_HWCAP4 */, AT_EXECFD, AT_BASE_PLATFORM };
    uint64_t want[64];
    size_t nw = 0;
    uint64_t plat = 0, rnd = 0, execfn = 0;
    for (size_t i = 0; i < (size_t)n / 16; i++) {
        bool skipped = false;
        for (size_t k = 0; k < sizeof skip / sizeof skip[0]; k++)
            skipped |= host[i][0] == skip[k];
        if (!skipped)
            want[nw++] = host[i][0];
        if (host[i][0] == AT_PLATFORM) plat = host[i][1];
        if (host[i][0] == AT_RANDOM) rnd = host[i][1];
        if (host[i][0] == AT_EXECFN) execfn = host[i][1];
        if (host[i][0] == AT_NULL)
            break;
    }
    /* the host's own stack obeys the rules stack.c follows */
    cr_expect_eq(rnd, plat - 16, "host: AT_RANDOM right below the platform string");
    char line[512];
    uint64_t top = 0;
    FILE *f = fopen("/proc/self/maps", "r");
    while (f && fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        if (strstr(line, "[stack]") && sscanf(line, "%lx-%lx", &lo, &hi) == 2)
            top = hi;
    }
    if (f)
        fclose(f);
    cr_expect_eq(execfn + strlen((const char *)execfn) + 1, top - 8,
                 "host: execfn string ends 8 bytes below the stack top");

    const char *path = corpus("hello-static-pie");
    char *argv[] = { "p", NULL };
    struct image_info img = load_ok(path, argv, NULL);
    const uint64_t *aux = (const uint64_t *)img.auxv;
    size_t ours = img.auxv_len / 16;
    cr_assert_eq(ours, nw, "auxv has %zu entries, the host kernel's (filtered) %zu", ours, nw);
    for (size_t i = 0; i < nw; i++)
        cr_expect_eq(aux[2 * i], want[i], "auxv[%zu]: %lu, host kernel has %lu", i,
                     (unsigned long)aux[2 * i], (unsigned long)want[i]);
}

Test(loader, random_bytes_differ_between_loads)
{
    /* two loads in one process: different stacks, fresh AT_RANDOM each */
    const char *path = corpus("hello-static-pie");
    char *argv[] = { "p", NULL };
    struct image_info a = load_ok(path, argv, NULL);
    unsigned char ra[16];
    memcpy(ra, (void *)auxv_get(&a, AT_RANDOM, NULL), 16);
    struct image_info b = load_ok(path, argv, NULL);
    cr_expect_neq(a.sp, b.sp);
    cr_expect_neq(memcmp(ra, (void *)auxv_get(&b, AT_RANDOM, NULL), 16), 0);
}

Test(loader, argv0_option_and_empty_argv)
{
    const char *path = corpus("hello-static");
    char *argv[] = { "real0", "x", NULL };
    struct loader_opts o = { .argv0 = "shown0" };
    struct image_info img = load_ok(path, argv, &o);
    char *seen[] = { "shown0", "x", NULL };
    expect_linux_stack(&img, seen, default_env, path);

    struct image_info img2;
    char err[256];
    char *none[] = { NULL };
    const char *pie = corpus("hello-static-pie");    /* ET_EXEC cannot load twice */
    cr_assert_eq(load(pie, none, NULL, NULL, &img2, err), 0, "%s", err);
    char *empty[] = { NULL };
    expect_linux_stack(&img2, empty, empty, pie);
    cr_expect_eq(img2.argv_start, img2.argv_end);
}

Test(loader, stack_size_option)
{
    const char *path = corpus("hello-static");
    char *argv[] = { "hello", NULL };
    struct loader_opts o = { .stack_size = 1 << 20 };
    struct image_info img = load_ok(path, argv, &o);
    cr_expect_eq(img.stack_high - img.stack_low, 1 << 20);
}

Test(loader, argument_list_too_long)
{
    const char *path = corpus("hello-static");
    size_t n = 300 * 1024;
    char *big = malloc(n + 1);
    memset(big, 'a', n);
    big[n] = '\0';
    char *argv[] = { "hello", big, NULL };
    struct loader_opts o = { .stack_size = 1 << 20 };
    char *before = host_maps();
    struct image_info img;
    char err[256];
    cr_expect_eq(load(path, argv, NULL, &o, &img, err), -1);
    cr_expect(strstr(err, "too long"), "%s", err);
    cr_expect(same_maps(before, host_maps()), "failed load left mappings behind");
}

Test(loader, static_pie_is_placed_and_aligned)
{
    const char *path = corpus("hello-static-pie");
    struct blob b = slurp(path);
    char *argv[] = { "pie", NULL };
    struct image_info img = load_ok(path, argv, NULL);
    cr_expect_eq(ehdr(b)->e_type, ET_DYN);
    cr_expect_neq(img.load_bias, 0);
    uint64_t align = phdr(b, find_ph(b, PT_LOAD, 0))->p_align;
    cr_expect_eq(img.load_bias % align, 0, "bias %#lx not aligned to p_align %#lx",
                 (unsigned long)img.load_bias, (unsigned long)align);
    cr_expect_eq(img.entry, ehdr(b)->e_entry + img.load_bias);
    cr_expect_eq(img.prog_entry, img.entry);
    cr_expect_eq(img.interp_base, 0);
    cr_expect_eq(img.phdr, img.load_bias + ehdr(b)->e_phoff);
    cr_expect_eq(auxv_get(&img, AT_ENTRY, NULL), img.entry);
    expect_segments_mapped(b, img.load_bias);
    expect_linux_stack(&img, argv, default_env, path);
}

Test(loader, brk_area_follows_bss)
{
    const char *path = corpus("hello-static");
    struct blob b = slurp(path);
    char *argv[] = { "hello", NULL };
    struct image_info img = load_ok(path, argv, NULL);
    uint64_t end = 0;
    for (int i = 0; i < ehdr(b)->e_phnum; i++)
        if (phdr(b, i)->p_type == PT_LOAD && phdr(b, i)->p_vaddr + phdr(b, i)->p_memsz > end)
            end = phdr(b, i)->p_vaddr + phdr(b, i)->p_memsz;
    cr_expect_eq(img.start_brk, LD_PAGE_UP_TEST(end));
    cr_expect_eq(img.brk, img.start_brk);
    cr_expect_geq(img.brk_limit, img.start_brk + (64ull << 20), "brk area only %#lx bytes",
                  (unsigned long)(img.brk_limit - img.start_brk));
    cr_expect_null(vmmap_find(img.start_brk));

    /* grow: memory becomes usable and shows as [heap] */
    uint64_t top = img.start_brk + 3 * PG + 100;
    cr_expect_eq(loader_brk(top), top);
    cr_expect_eq(guest_image.brk, top);
    memset((void *)img.start_brk, 0x5a, top - img.start_brk);
    const struct vm_area *v = vmmap_find(img.start_brk);
    cr_assert_not_null(v);
    cr_expect_str_eq(v->name, "[heap]");
    cr_expect_eq(v->end, img.start_brk + 4 * PG);
    cr_expect_str_eq(host_perms(img.start_brk), "rw-p");
    /* brk(0), below start or beyond the limit: unchanged */
    cr_expect_eq(loader_brk(0), top);
    cr_expect_eq(loader_brk(img.start_brk - 1), top);
    cr_expect_eq(loader_brk(img.brk_limit + PG), top);
    /* shrink, then grow again: the pages come back zeroed */
    cr_expect_eq(loader_brk(img.start_brk + PG), img.start_brk + PG);
    cr_expect_null(vmmap_find(img.start_brk + 2 * PG));
    cr_expect_str_eq(host_perms(img.start_brk + 2 * PG), "---p");
    cr_expect_eq(loader_brk(top), top);
    cr_expect_eq(*(unsigned char *)(img.start_brk + 2 * PG), 0);
    cr_expect_eq(*(unsigned char *)(img.start_brk + 10), 0x5a);
    /* back to empty */
    cr_expect_eq(loader_brk(img.start_brk), img.start_brk);
    cr_expect_null(vmmap_find(img.start_brk));
}

Test(loader, static_pie_gets_a_brk_area)
{
    const char *path = corpus("hello-static-pie");
    char *argv[] = { "pie", NULL };
    struct image_info img = load_ok(path, argv, NULL);
    cr_expect_eq(img.start_brk % PG, 0);
    cr_expect_gt(img.brk_limit, img.start_brk);
    uint64_t top = img.start_brk + 5 * PG;
    cr_expect_eq(loader_brk(top), top);
    memset((void *)img.start_brk, 1, 5 * PG);
}

Test(loader, dynamic_program_with_ld_prefix)
{
    const char *path = corpus("hello-dyn");
    if (access(SYSROOT_LDSO, R_OK))
        cr_skip_test("no " SYSROOT_LDSO);
    struct blob b = slurp(path);
    struct blob ld = slurp(SYSROOT_LDSO);
    char *argv[] = { "dyn", NULL };
    struct loader_opts o = { .ld_prefix = SYSROOT };
    struct image_info img = load_ok(path, argv, &o);
    cr_expect_str_eq(img.interp_path, SYSROOT_LDSO);
    cr_expect_neq(img.interp_base, 0);
    cr_expect_eq(img.interp_base % 0x10000, 0);
    cr_expect_eq(img.entry, ehdr(ld)->e_entry + img.interp_base);
    cr_expect_eq(img.prog_entry, ehdr(b)->e_entry + img.load_bias);
    cr_expect_eq(auxv_get(&img, AT_BASE, NULL), img.interp_base);
    cr_expect_eq(auxv_get(&img, AT_ENTRY, NULL), img.prog_entry);
    cr_expect_eq(auxv_get(&img, AT_PHDR, NULL), img.phdr);
    /* PIE: phdrs at PT_PHDR's address */
    int pp = find_ph(b, PT_PHDR, 0);
    if (pp >= 0)
        cr_expect_eq(img.phdr, phdr(b, pp)->p_vaddr + img.load_bias);
    expect_segments_mapped(b, img.load_bias);
    expect_segments_mapped(ld, img.interp_base);
    char real[PATH_MAX];
    cr_assert_not_null(realpath(SYSROOT_LDSO, real));
    const struct vm_area *v = vmmap_find(img.entry);
    cr_assert_not_null(v);
    cr_expect_str_eq(v->name, real);
    expect_linux_stack(&img, argv, default_env, path);
}

Test(loader, resolve_path_uses_prefix_only_when_it_exists)
{
    char buf[PATH_MAX];
    loader_ld_prefix = NULL;
    cr_expect_str_eq(loader_resolve_path("/lib/x.so", buf), "/lib/x.so");
    loader_ld_prefix = "/usr/aarch64-linux-gnu/";
    if (access(SYSROOT_LDSO, F_OK) == 0)
        cr_expect_str_eq(loader_resolve_path("/lib/ld-linux-aarch64.so.1", buf), SYSROOT_LDSO);
    cr_expect_str_eq(loader_resolve_path("/no/such/file", buf), "/no/such/file");
    cr_expect_str_eq(loader_resolve_path("relative/path", buf), "relative/path");
}

Test(loader, interpreter_run_directly_as_the_program)
{
    if (access(SYSROOT_LDSO, R_OK))
        cr_skip_test("no " SYSROOT_LDSO);
    struct blob ld = slurp(SYSROOT_LDSO);
    char *argv[] = { "ld.so", "--help", NULL };
    struct image_info img = load_ok(SYSROOT_LDSO, argv, NULL);
    cr_expect_eq(img.interp_base, 0);
    cr_expect_eq(img.entry, ehdr(ld)->e_entry + img.load_bias);
    cr_expect_str_eq(img.interp_path, "");
    expect_segments_mapped(ld, img.load_bias);
}

Test(loader, missing_interpreter_is_reported)
{
    const char *path = corpus("hello-dyn");
    if (access("/lib/ld-linux-aarch64.so.1", F_OK) == 0)
        cr_skip_test("this host has an arm64 ld.so in /lib");
    char *before = host_maps();
    char *argv[] = { "dyn", NULL };
    struct image_info img;
    char err[256];
    loader_ld_prefix = NULL;
    cr_expect_eq(load(path, argv, NULL, NULL, &img, err), -1);
    cr_expect(strstr(err, "interpreter /lib/ld-linux-aarch64.so.1") &&
              strstr(err, "No such file"), "%s", err);
    cr_expect(same_maps(before, host_maps()), "failed load left mappings behind");
}

Test(loader, exec_stack_when_gnu_stack_asks)
{
    struct blob b = slurp(corpus("hello-static"));
    phdr(b, find_ph(b, PT_GNU_STACK, 0))->p_flags |= PF_X;
    const char *path = write_tmp("xstack", b.d, b.n, 0755);
    char *argv[] = { "x", NULL };
    struct image_info img = load_ok(path, argv, NULL);
    cr_expect_str_eq(host_perms(img.sp), "rwxp");
    cr_expect_eq(vmmap_find(img.sp)->prot, PROT_READ | PROT_WRITE | PROT_EXEC);
    cleanup_tmp();
}

Test(loader, occupied_exec_address_fails_cleanly)
{
    const char *path = corpus("hello-static");
    struct blob b = slurp(path);
    uint64_t at = phdr(b, find_ph(b, PT_LOAD, 1))->p_vaddr & ~(PG - 1);
    void *m = mmap((void *)at, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    cr_assert_eq(m, (void *)at);
    char *before = host_maps();
    char *argv[] = { "x", NULL };
    struct image_info img;
    char err[256];
    cr_expect_eq(load(path, argv, NULL, NULL, &img, err), -1);
    cr_expect(strstr(err, "in use"), "%s", err);
    cr_expect(same_maps(before, host_maps()), "failed load left mappings behind");
    cr_expect_eq(guest_area_count(), 0);
}

/* ---- malformed input ---------------------------------------------------- */

/* What a forked child saw loading one file. */
struct outcome {
    int rc;
    bool maps_unchanged;        /* a failed load left no host mapping behind */
    bool vmmap_empty;           /* ... and no guest area */
    char err[256];
};

/* Load path in a child so that crashes and successful loads stay there. */
static struct outcome load_in_child(const char *path, const char *ld_prefix)
{
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        close(fds[0]);
        struct outcome o = { 0 };
        struct loader_opts opts = { .ld_prefix = ld_prefix };
        loader_ld_prefix = ld_prefix;
        char *argv[] = { "m", NULL };
        char *before = host_maps();
        struct image_info img;
        o.rc = loader_load(&test_arch, path, argv, default_env, &opts, &img, o.err, sizeof o.err);
        o.maps_unchanged = same_maps(before, host_maps());
        o.vmmap_empty = guest_area_count() == 0;
        if (write(fds[1], &o, sizeof o) != sizeof o)
            _exit(3);
        _exit(0);
    }
    close(fds[1]);
    struct outcome o;
    memset(&o, 0, sizeof o);
    ssize_t got = read(fds[0], &o, sizeof o);
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    cr_assert(!WIFSIGNALED(status), "%s: the loader crashed with signal %d", path, WTERMSIG(status));
    cr_assert_eq(got, (ssize_t)sizeof o, "%s: no result from the child", path);
    return o;
}

enum expect { MUST_FAIL, MUST_LOAD, EITHER };

static void expect_outcome(const char *what, const char *path, enum expect e, const char *reason,
                           const char *ld_prefix)
{
    struct outcome o = load_in_child(path, ld_prefix);
    if (e == MUST_LOAD)
        cr_expect_eq(o.rc, 0, "%s: should load, got: %s", what, o.err);
    if (e == MUST_FAIL)
        cr_expect_eq(o.rc, -1, "%s: should be refused", what);
    if (o.rc != 0) {
        cr_expect_eq(o.rc, -1, "%s: rc %d", what, o.rc);
        cr_expect_neq(o.err[0], '\0', "%s: refused without a reason", what);
        cr_expect_null(strchr(o.err, '\n'), "%s: reason is not one line: %s", what, o.err);
        if (reason)
            cr_expect(strstr(o.err, reason), "%s: reason \"%s\" lacks \"%s\"", what, o.err, reason);
        cr_expect(o.maps_unchanged, "%s: failed load left host mappings behind", what);
        cr_expect(o.vmmap_empty, "%s: failed load left vmmap areas behind", what);
    }
}

static void expect_refused(const char *what, struct blob b, const char *reason)
{
    expect_outcome(what, write_tmp("case", b.d, b.n, 0755), MUST_FAIL, reason, NULL);
}

static struct blob copy_of(struct blob b)
{
    struct blob c = { malloc(b.n), b.n };
    memcpy(c.d, b.d, b.n);
    return c;
}

Test(loader_malformed, truncated_at_every_header_boundary)
{
    struct blob b = slurp(corpus("hello-static"));
    char what[64];
    const size_t short_sizes[] = { 0, 1, 3 };
    for (size_t i = 0; i < 3; i++) {
        snprintf(what, sizeof what, "truncated to %zu bytes", short_sizes[i]);
        expect_refused(what, (struct blob){ b.d, short_sizes[i] }, "too short");
    }
    const size_t hdr_sizes[] = { 4, 16, 40, 63 };
    for (size_t i = 0; i < 4; i++) {
        snprintf(what, sizeof what, "truncated to %zu bytes", hdr_sizes[i]);
        expect_refused(what, (struct blob){ b.d, hdr_sizes[i] }, "truncated ELF header");
    }
    int phnum = ehdr(b)->e_phnum;
    for (int k = 0; k < phnum; k++) {
        size_t n = 64 + 56 * (size_t)k;
        snprintf(what, sizeof what, "truncated after %d program headers", k);
        expect_refused(what, (struct blob){ b.d, n }, "program headers beyond the end");
    }
    expect_refused("truncated after the program headers", (struct blob){ b.d, 64 + 56 * (size_t)phnum },
                   "beyond the end of the file");
    const Elf64_Phdr *d = phdr(b, find_ph(b, PT_LOAD, 1));
    expect_refused("truncated inside the data segment",
                   (struct blob){ b.d, d->p_offset + d->p_filesz - 1 }, "segment 1 lies beyond");
    /* the section headers are not needed to run: losing them is fine */
    expect_outcome("section headers cut off",
                   write_tmp("noshdr", b.d, d->p_offset + d->p_filesz, 0755), MUST_LOAD, NULL, NULL);
    cleanup_tmp();
}

/* One corrupted field: the base file, a patch, and what must happen. */
struct field_case {
    const char *what;
    void (*patch)(struct blob b, uint64_t v);
    uint64_t value;
    enum expect expect;
    const char *reason;
};

static void set_ident(struct blob b, uint64_t v) { b.d[v >> 8] = (unsigned char)v; }
static void set_type(struct blob b, uint64_t v) { ehdr(b)->e_type = (uint16_t)v; }
static void set_machine(struct blob b, uint64_t v) { ehdr(b)->e_machine = (uint16_t)v; }
static void set_version(struct blob b, uint64_t v) { ehdr(b)->e_version = (uint32_t)v; }
static void set_entry(struct blob b, uint64_t v) { ehdr(b)->e_entry = v; }
static void set_phoff(struct blob b, uint64_t v) { ehdr(b)->e_phoff = v == 1 ? b.n : v; }
static void set_shoff(struct blob b, uint64_t v) { ehdr(b)->e_shoff = v; }
static void set_shnum(struct blob b, uint64_t v) { ehdr(b)->e_shnum = (uint16_t)v; }
static void set_shstrndx(struct blob b, uint64_t v) { ehdr(b)->e_shstrndx = (uint16_t)v; }
static void set_flags(struct blob b, uint64_t v) { ehdr(b)->e_flags = (uint32_t)v; }
static void set_ehsize(struct blob b, uint64_t v) { ehdr(b)->e_ehsize = (uint16_t)v; }
static void set_phentsize(struct blob b, uint64_t v) { ehdr(b)->e_phentsize = (uint16_t)v; }
static void set_phnum(struct blob b, uint64_t v) { ehdr(b)->e_phnum = (uint16_t)v; }

static Elf64_Phdr *data_seg(struct blob b) { return phdr(b, find_ph(b, PT_LOAD, 1)); }
static void seg_filesz_over_memsz(struct blob b, uint64_t v) { (void)v; data_seg(b)->p_filesz = data_seg(b)->p_memsz + 1; }
static void seg_offset(struct blob b, uint64_t v)
{
    Elf64_Phdr *p = data_seg(b);
    p->p_offset = (v == 1 ? (b.n & ~0xfffull) + 0x1000 : v) | (p->p_vaddr & 0xfff);
}
static void seg_vaddr(struct blob b, uint64_t v)
{
    Elf64_Phdr *p = data_seg(b);
    p->p_vaddr = v == 1 ? p->p_vaddr + 1 : v | (p->p_offset & 0xfff);
}
static void seg_memsz(struct blob b, uint64_t v) { data_seg(b)->p_memsz = v; }
static void seg_huge(struct blob b, uint64_t v) { data_seg(b)->p_filesz = v; data_seg(b)->p_memsz = v; }
static void seg_overlap(struct blob b, uint64_t v)
{
    (void)v;
    Elf64_Phdr *t = phdr(b, find_ph(b, PT_LOAD, 0)), *p = data_seg(b);
    p->p_vaddr = t->p_vaddr + 0x10000 + (p->p_vaddr & 0xfff);
}
static void seg_swap(struct blob b, uint64_t v)
{
    (void)v;
    Elf64_Phdr *t = phdr(b, find_ph(b, PT_LOAD, 0)), *p = data_seg(b), tmp = *t;
    *t = *p;
    *p = tmp;
}
static void no_loads(struct blob b, uint64_t v)
{
    (void)v;
    for (int i = 0; i < ehdr(b)->e_phnum; i++)
        if (phdr(b, i)->p_type == PT_LOAD)
            phdr(b, i)->p_type = PT_NULL;
}
static void stack_flags(struct blob b, uint64_t v) { phdr(b, find_ph(b, PT_GNU_STACK, 0))->p_flags = (uint32_t)v; }
static void align_all(struct blob b, uint64_t v)
{
    for (int i = 0; i < ehdr(b)->e_phnum; i++)
        if (phdr(b, i)->p_type == PT_LOAD)
            phdr(b, i)->p_align = v;
}

#define ID(byte, val) (((uint64_t)(byte) << 8) | (val))

static const struct field_case static_cases[] = {
    { "magic byte 0", set_ident, ID(0, 0x7e), MUST_FAIL, "not an ELF file" },
    { "magic byte 1", set_ident, ID(1, 'e'), MUST_FAIL, "not an ELF file" },
    { "magic byte 2", set_ident, ID(2, 0), MUST_FAIL, "not an ELF file" },
    { "magic byte 3", set_ident, ID(3, 'G'), MUST_FAIL, "not an ELF file" },
    { "32-bit class", set_ident, ID(EI_CLASS, ELFCLASS32), MUST_FAIL, "class" },
    { "class 0", set_ident, ID(EI_CLASS, 0), MUST_FAIL, "class" },
    { "class 3", set_ident, ID(EI_CLASS, 3), MUST_FAIL, "class" },
    { "big-endian", set_ident, ID(EI_DATA, ELFDATA2MSB), MUST_FAIL, "big-endian" },
    { "data 0", set_ident, ID(EI_DATA, 0), MUST_FAIL, "byte order" },
    { "EI_VERSION 0", set_ident, ID(EI_VERSION, 0), MUST_LOAD, NULL },
    { "EI_OSABI 99", set_ident, ID(EI_OSABI, 99), MUST_LOAD, NULL },
    { "ET_REL", set_type, ET_REL, MUST_FAIL, "not an executable" },
    { "ET_CORE", set_type, ET_CORE, MUST_FAIL, "not an executable" },
    { "ET_NONE", set_type, ET_NONE, MUST_FAIL, "not an executable" },
    { "type 0xfe00", set_type, 0xfe00, MUST_FAIL, "not an executable" },
    { "x86-64 machine", set_machine, EM_X86_64, MUST_FAIL, "not an aarch64 program" },
    { "machine 0", set_machine, 0, MUST_FAIL, "not an aarch64 program" },
    { "e_version 0", set_version, 0, MUST_LOAD, NULL },
    { "entry 0", set_entry, 0, MUST_LOAD, NULL },
    { "phoff at end of file", set_phoff, 1, MUST_FAIL, "program headers beyond" },
    { "phoff ~0", set_phoff, ~0ull, MUST_FAIL, "program headers beyond" },
    { "phoff 3 (garbage headers)", set_phoff, 3, EITHER, NULL },
    { "phoff 0x1000 (garbage headers)", set_phoff, 0x1000, EITHER, NULL },
    { "shoff ~0", set_shoff, ~0ull, MUST_LOAD, NULL },
    { "shnum 0xffff", set_shnum, 0xffff, MUST_LOAD, NULL },
    { "shstrndx 0xffff", set_shstrndx, 0xffff, MUST_LOAD, NULL },
    { "flags ~0", set_flags, 0xffffffff, MUST_LOAD, NULL },
    { "ehsize 0", set_ehsize, 0, MUST_LOAD, NULL },
    { "phentsize 0", set_phentsize, 0, MUST_FAIL, "program header size" },
    { "phentsize 32", set_phentsize, 32, MUST_FAIL, "program header size" },
    { "phentsize 57", set_phentsize, 57, MUST_FAIL, "program header size" },
    { "phentsize 0xffff", set_phentsize, 0xffff, MUST_FAIL, "program header size" },
    { "phnum 0", set_phnum, 0, MUST_FAIL, "no program headers" },
    { "phnum 0xffff", set_phnum, 0xffff, MUST_FAIL, "too many program headers" },
    { "phnum 1170 (garbage headers)", set_phnum, 1170, EITHER, NULL },
    { "phnum 1 (text only)", set_phnum, 1, MUST_LOAD, NULL },
    { "segment filesz > memsz", seg_filesz_over_memsz, 0, MUST_FAIL, "p_filesz" },
    { "segment offset past the end", seg_offset, 1, MUST_FAIL, "segment 1 lies beyond the end" },
    { "segment offset ~0", seg_offset, ~0xfffull, MUST_FAIL, "segment 1 lies beyond the end" },
    { "segment huge file size", seg_huge, 1ull << 62, MUST_FAIL, "beyond the end of the file" },
    { "segment vaddr off by one", seg_vaddr, 1, MUST_FAIL, "modulo the page size" },
    { "segment vaddr above user space", seg_vaddr, 0x800000000000ull, MUST_FAIL, "outside the user address range" },
    { "segment vaddr wraps", seg_vaddr, 0xfffffffffffff000ull, MUST_FAIL, "outside the user address range" },
    { "segment memsz ~0", seg_memsz, ~0ull, MUST_FAIL, "outside the user address range" },
    { "segment memsz reaches the top", seg_memsz, 0x7ffffff00000ull, MUST_FAIL, "outside the user address range" },
    { "segment memsz 120 TiB", seg_memsz, 0x780000000000ull, MUST_FAIL, NULL },
    { "overlapping segments", seg_overlap, 0, MUST_FAIL, "ELF segment 1 overlaps segment 0" },
    { "segments out of order", seg_swap, 0, EITHER, NULL },
    { "no PT_LOAD", no_loads, 0, MUST_FAIL, "no loadable segments" },
    { "GNU_STACK flags 0", stack_flags, 0, MUST_LOAD, NULL },
    { "GNU_STACK flags ~0", stack_flags, 0xffffffff, MUST_LOAD, NULL },
};

static const struct field_case pie_cases[] = {
    { "p_align 3", align_all, 3, MUST_LOAD, NULL },
    { "p_align 0", align_all, 0, MUST_LOAD, NULL },
    { "p_align 2^40", align_all, 1ull << 40, EITHER, NULL },
    { "p_align 2^63", align_all, 1ull << 63, EITHER, NULL },
    { "pie segment memsz 120 TiB", seg_memsz, 0x780000000000ull, MUST_FAIL, NULL },
    { "pie overlapping segments", seg_overlap, 0, MUST_FAIL, "overlaps segment 0" },
};

static void run_field_cases(const char *base, const struct field_case *c, size_t n)
{
    struct blob b = slurp(corpus(base));
    for (size_t i = 0; i < n; i++) {
        struct blob m = copy_of(b);
        c[i].patch(m, c[i].value);
        expect_outcome(c[i].what, write_tmp("case", m.d, m.n, 0755), c[i].expect, c[i].reason, NULL);
        free(m.d);
    }
    cleanup_tmp();
}

Test(loader_malformed, corrupted_fields_of_a_static_program)
{
    run_field_cases("hello-static", static_cases, sizeof static_cases / sizeof static_cases[0]);
}

Test(loader_malformed, corrupted_fields_of_a_static_pie)
{
    run_field_cases("hello-static-pie", pie_cases, sizeof pie_cases / sizeof pie_cases[0]);
}

/* PT_INTERP cases on the dynamic program. */
static Elf64_Phdr *interp_ph(struct blob b) { return phdr(b, find_ph(b, PT_INTERP, 0)); }

static void expect_interp(const char *what, struct blob b, const char *interp, enum expect e,
                          const char *reason)
{
    struct blob m = copy_of(b);
    Elf64_Phdr *p = interp_ph(m);
    if (interp) {
        cr_assert_lt(strlen(interp), p->p_filesz, "%s: path too long for the test file", what);
        memset(m.d + p->p_offset, 0, p->p_filesz);
        memcpy(m.d + p->p_offset, interp, strlen(interp));
    }
    expect_outcome(what, write_tmp("dyn", m.d, m.n, 0755), e, reason, NULL);
    free(m.d);
}

Test(loader_malformed, bad_interpreters)
{
    struct blob b = slurp(corpus("hello-dyn"));
    cr_assert_geq(find_ph(b, PT_INTERP, 0), 0);
    struct blob m = copy_of(b);
    Elf64_Phdr *p = interp_ph(m);
    uint64_t saved = p->p_filesz;
    p->p_filesz = 0;
    expect_refused("PT_INTERP size 0", m, "bad PT_INTERP size");
    p->p_filesz = 1;
    expect_refused("PT_INTERP size 1", m, "bad PT_INTERP size");
    p->p_filesz = PATH_MAX + 1;
    expect_refused("PT_INTERP over-long", m, "bad PT_INTERP size");
    p->p_filesz = saved;
    p->p_offset = m.n;
    expect_refused("PT_INTERP past the end", m, "PT_INTERP lies beyond");
    p->p_offset = ~0ull - 4;
    expect_refused("PT_INTERP offset wraps", m, "PT_INTERP lies beyond");
    free(m.d);

    m = copy_of(b);
    p = interp_ph(m);
    m.d[p->p_offset + p->p_filesz - 1] = 'x';
    expect_refused("PT_INTERP without NUL", m, "not NUL-terminated");
    m.d[p->p_offset] = '\0';
    m.d[p->p_offset + p->p_filesz - 1] = '\0';
    expect_refused("PT_INTERP empty", m, "PT_INTERP is empty");
    free(m.d);

    expect_interp("missing interpreter", b, "/nonexistent/ld.so", MUST_FAIL,
                  "interpreter /nonexistent/ld.so: No such file");
    expect_interp("newline in PT_INTERP", b, "/no\nsuch", MUST_FAIL, "interpreter /no?such");
    expect_interp("directory interpreter", b, "/tmp", MUST_FAIL, "is a directory");
    expect_interp("device interpreter", b, "/dev/null", MUST_FAIL, "not a regular file");
    expect_interp("text interpreter", b, "/etc/passwd", MUST_FAIL, "not an ELF file");
    expect_interp("x86-64 interpreter", b, "/bin/sh", MUST_FAIL, "not an aarch64 program");

    /* an interpreter that wants an interpreter itself */
    const char *self = write_tmp("i", b.d, b.n, 0755);
    expect_interp("interpreter with PT_INTERP", b, self, MUST_FAIL, "asks for an interpreter");
    /* a truncated interpreter */
    if (access(SYSROOT_LDSO, R_OK) == 0) {
        struct blob ld = slurp(SYSROOT_LDSO);
        const char *cut = write_tmp("c", ld.d, 200, 0755);
        expect_interp("truncated interpreter", b, cut, MUST_FAIL, "interpreter");
        /* an ET_DYN interpreter that itself is broken: overlapping segments */
        struct blob bad = copy_of(ld);
        seg_overlap(bad, 0);
        const char *ov = write_tmp("o", bad.d, bad.n, 0755);
        expect_interp("overlapping interpreter", b, ov, MUST_FAIL, "overlaps");
        /* and the real one through -L, for contrast */
        expect_outcome("good interpreter", write_tmp("dyn", b.d, b.n, 0755), MUST_LOAD, NULL, SYSROOT);
    }
    cleanup_tmp();
}

Test(loader_malformed, bad_program_files)
{
    struct blob b = slurp(corpus("hello-static"));
    expect_outcome("directory", "/tmp", MUST_FAIL, "is a directory", NULL);
    expect_outcome("missing file", "/nonexistent/prog", MUST_FAIL, "No such file", NULL);
    expect_outcome("device", "/dev/null", MUST_FAIL, "not a regular file", NULL);
    expect_outcome("not executable", write_tmp("noexec", b.d, b.n, 0644), MUST_FAIL,
                   "Permission denied", NULL);
    expect_outcome("x86-64 program", "/bin/sh", MUST_FAIL, "not an aarch64 program", NULL);
    cleanup_tmp();
}

/* Random corruption of the headers: whatever happens, no crash. */
Test(loader_malformed, random_header_mutations_never_crash, .timeout = 60)
{
    const char *bases[] = { "hello-static", "hello-static-pie", "hello-dyn" };
    unsigned seed = 12345;
    for (int base = 0; base < 3; base++) {
        struct blob b = slurp(corpus(bases[base]));
        size_t span = 64 + 56 * (size_t)ehdr(b)->e_phnum;
        for (int iter = 0; iter < 100; iter++) {
            struct blob m = copy_of(b);
            int flips = 1 + rand_r(&seed) % 4;
            for (int k = 0; k < flips; k++) {
                size_t at = (size_t)rand_r(&seed) % span;
                switch (rand_r(&seed) % 3) {
                case 0: m.d[at] ^= (unsigned char)(1u << (rand_r(&seed) % 8)); break;
                case 1: m.d[at] = (unsigned char)rand_r(&seed); break;
                default:
                    if (at + 8 <= span) {
                        const uint64_t specials[] = { 0, ~0ull, 1ull << 63, 0x7ffffffff000ull,
                                                      0x400000, 0xfff, (uint64_t)b.n };
                        memcpy(m.d + at, &specials[rand_r(&seed) % 7], 8);
                    }
                }
            }
            char what[64];
            snprintf(what, sizeof what, "%s mutation %d", bases[base], iter);
            expect_outcome(what, write_tmp("fuzz", m.d, m.n, 0755), EITHER, NULL,
                           base == 2 ? SYSROOT : NULL);
            free(m.d);
        }
    }
    cleanup_tmp();
}
