/*
 * Tests of the generated ABI tables (abi/aarch64/) and the conversion
 * engine (abi/conv.c).  Oracles: the cross compiler's view of glibc's
 * own struct definitions (an independent source from the kernel UAPI
 * headers the generator reads), the native compiler for the host side,
 * and values written in the kernel headers (cited where used).
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "abi/abi.h"
#include "abi/aarch64/abi_aarch64.h"

static const struct abi_field *field(enum abi_layout_id id, const char *name)
{
    const struct abi_layout *l = abi_layout(id);
    for (uint32_t i = 0; i < l->nfields; i++)
        if (!strcmp(l->fields[i].name, name))
            return &l->fields[i];
    cr_assert_fail("no field %s in %s", name, l->name);
    return NULL;
}

/* Compile `exprs` (one C expression per entry) with the aarch64 cross
 * compiler against glibc's headers and read the values back. */
static bool cross_values(const char *includes, const char *const *exprs, int n, long *out)
{
    if (system("command -v aarch64-linux-gnu-gcc >/dev/null 2>&1") != 0)
        return false;
    char src[] = "/tmp/xemu-abi-probe-XXXXXX.c";
    int fd = mkstemps(src, 2);
    cr_assert(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fprintf(f, "#include <stddef.h>\n%s\n", includes);
    for (int i = 0; i < n; i++)
        fprintf(f, "long v_%d = (long)(%s);\n", i, exprs[i]);
    fclose(f);
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "aarch64-linux-gnu-gcc -S -O0 -fno-zero-initialized-in-bss -o - %s", src);
    FILE *p = popen(cmd, "r");
    cr_assert(p);
    char line[256];
    int cur = -1, got = 0;
    while (fgets(line, sizeof line, p)) {
        int idx;
        long v;
        if (sscanf(line, "v_%d:", &idx) == 1)
            cur = idx;
        else if (cur >= 0 && sscanf(line, " .xword %ld", &v) == 1) {
            out[cur] = v;
            cur = -1;
            got++;
        } else if (cur >= 0 && strstr(line, ".zero")) {
            out[cur] = 0;
            cur = -1;
            got++;
        }
    }
    pclose(p);
    unlink(src);
    cr_assert_eq(got, n, "probe gave %d of %d values", got, n);
    return true;
}

Test(abi_layout, stat_guest_matches_cross_glibc)
{
    static const char *const ex[] = {
        "sizeof(struct stat)", "offsetof(struct stat, st_mode)",
        "offsetof(struct stat, st_nlink)", "offsetof(struct stat, st_size)",
        "offsetof(struct stat, st_blksize)", "offsetof(struct stat, st_blocks)",
        "offsetof(struct stat, st_atim)", "offsetof(struct stat, st_mtim)",
        "offsetof(struct stat, st_ctim.tv_nsec)", "sizeof(((struct stat *)0)->st_nlink)",
    };
    long v[10];
    if (!cross_values("#include <sys/stat.h>", ex, 10, v))
        cr_skip_test("no cross compiler");
    const struct abi_layout *l = abi_layout(ABI_L_stat);
    cr_expect_eq(l->gsize, (unsigned long)v[0]);
    cr_expect_eq(field(ABI_L_stat, "st_mode")->goff, v[1]);
    cr_expect_eq(field(ABI_L_stat, "st_nlink")->goff, v[2]);
    cr_expect_eq(field(ABI_L_stat, "st_size")->goff, v[3]);
    cr_expect_eq(field(ABI_L_stat, "st_blksize")->goff, v[4]);
    cr_expect_eq(field(ABI_L_stat, "st_blocks")->goff, v[5]);
    cr_expect_eq(field(ABI_L_stat, "st_atime")->goff, v[6]);
    cr_expect_eq(field(ABI_L_stat, "st_mtime")->goff, v[7]);
    cr_expect_eq(field(ABI_L_stat, "st_ctime_nsec")->goff, v[8]);
    cr_expect_eq(field(ABI_L_stat, "st_nlink")->gsize, v[9]);
}

Test(abi_layout, epoll_statfs_guest_match_cross_glibc)
{
    static const char *const ex[] = {
        "sizeof(struct epoll_event)", "offsetof(struct epoll_event, data)",
        "sizeof(struct statfs)", "offsetof(struct statfs, f_namelen)",
        "offsetof(struct statfs, f_flags)",
    };
    long v[5];
    if (!cross_values("#include <sys/epoll.h>\n#include <sys/vfs.h>", ex, 5, v))
        cr_skip_test("no cross compiler");
    cr_expect_eq(abi_layout(ABI_L_epoll_event)->gsize, (unsigned long)v[0]);
    cr_expect_eq(field(ABI_L_epoll_event, "data")->goff, v[1]);
    cr_expect_eq(abi_layout(ABI_L_statfs)->gsize, (unsigned long)v[2]);
    cr_expect_eq(field(ABI_L_statfs, "f_namelen")->goff, v[3]);
    cr_expect_eq(field(ABI_L_statfs, "f_flags")->goff, v[4]);
}

Test(abi_layout, host_side_matches_native_glibc)
{
    cr_expect_eq(abi_layout(ABI_L_stat)->hsize, sizeof(struct stat));
    cr_expect_eq(field(ABI_L_stat, "st_nlink")->hoff, offsetof(struct stat, st_nlink));
    cr_expect_eq(field(ABI_L_stat, "st_mode")->hoff, offsetof(struct stat, st_mode));
    cr_expect_eq(field(ABI_L_stat, "st_size")->hoff, offsetof(struct stat, st_size));
    cr_expect_eq(field(ABI_L_stat, "st_mtime_nsec")->hoff, offsetof(struct stat, st_mtim.tv_nsec));
    cr_expect_eq(abi_layout(ABI_L_epoll_event)->hsize, sizeof(struct epoll_event));
    cr_expect_eq(field(ABI_L_epoll_event, "data")->hoff, offsetof(struct epoll_event, data));
    cr_expect_eq(abi_layout(ABI_L_statfs)->hsize, sizeof(struct statfs));
}

Test(abi_layout, same_flag_marks_identical_layouts)
{
    /* stat and epoll_event differ between arm64 and x86-64; statx,
     * timespec and rlimit are arch-independent in the UAPI */
    cr_expect_not(abi_layout(ABI_L_stat)->same);
    cr_expect_not(abi_layout(ABI_L_epoll_event)->same);
    cr_expect(abi_layout(ABI_L_statx)->same);
    cr_expect(abi_layout(ABI_L_timespec)->same);
    cr_expect(abi_layout(ABI_L_rlimit)->same);
    for (int i = 0; i < ABI_L_COUNT; i++) {
        const struct abi_layout *l = abi_layout(i);
        bool same = l->gsize == l->hsize;
        for (uint32_t k = 0; k < l->nfields; k++)
            same = same && l->fields[k].goff == l->fields[k].hoff &&
                   l->fields[k].gsize == l->fields[k].hsize;
        cr_expect_eq(l->same, same, "%s", l->name);
    }
}

Test(abi_conv, stat_round_trip_of_a_real_file)
{
    struct stat st, back;
    cr_assert_eq(stat("/proc/self/exe", &st), 0);
    unsigned char g[A64_SIZEOF_stat];
    abi_conv(abi_layout(ABI_L_stat), ABI_H2G, g, &st);
    uint32_t mode, nlink;
    int64_t size, mtime;
    memcpy(&mode, g + field(ABI_L_stat, "st_mode")->goff, 4);
    memcpy(&nlink, g + field(ABI_L_stat, "st_nlink")->goff, 4);
    memcpy(&size, g + field(ABI_L_stat, "st_size")->goff, 8);
    memcpy(&mtime, g + field(ABI_L_stat, "st_mtime")->goff, 8);
    cr_expect_eq(mode, st.st_mode);
    cr_expect_eq(nlink, st.st_nlink);
    cr_expect_eq(size, st.st_size);
    cr_expect_eq(mtime, st.st_mtim.tv_sec);
    abi_conv(abi_layout(ABI_L_stat), ABI_G2H, &back, g);
    cr_expect_eq(back.st_ino, st.st_ino);
    cr_expect_eq(back.st_dev, st.st_dev);
    cr_expect_eq(back.st_blocks, st.st_blocks);
    cr_expect_eq(back.st_blksize, st.st_blksize);
    cr_expect_eq(back.st_ctim.tv_nsec, st.st_ctim.tv_nsec);
}

Test(abi_conv, epoll_event_16_to_12_bytes)
{
    /* arm64: { u32 events; u64 data } = 16 bytes; x86-64 packs it to 12 */
    unsigned char g[16];
    uint32_t ev = EPOLLIN | EPOLLET;
    uint64_t data = 0x1122334455667788ull;
    memset(g, 0xee, sizeof g);
    memcpy(g, &ev, 4);
    memcpy(g + 8, &data, 8);
    struct epoll_event h;
    abi_conv(abi_layout(ABI_L_epoll_event), ABI_G2H, &h, g);
    cr_expect_eq(h.events, ev);
    cr_expect_eq(h.data.u64, data);
    unsigned char g2[16];
    abi_conv(abi_layout(ABI_L_epoll_event), ABI_H2G, g2, &h);
    cr_expect_eq(memcmp(g2, g, 4), 0);
    cr_expect_eq(memcmp(g2 + 8, g + 8, 8), 0);
    cr_expect_eq(memcmp(g2 + 4, "\0\0\0\0", 4), 0, "padding is zeroed");
}

Test(abi_flags, open_flags_that_differ)
{
    /* arm64 asm/fcntl.h: O_DIRECTORY 040000, O_NOFOLLOW 0100000,
     * O_DIRECT 0200000, O_LARGEFILE 0400000; x86-64 uses the
     * asm-generic/fcntl.h values */
    cr_expect_eq(A64_O_DIRECTORY, 040000);
    cr_expect_eq(A64_O_NOFOLLOW, 0100000);
    cr_expect_eq(A64_O_DIRECT, 0200000);
    cr_expect_eq(A64_O_LARGEFILE, 0400000);
    cr_expect_eq(abi_flags_g2h(ABI_M_open_flags, 040000), (uint64_t)O_DIRECTORY);
    cr_expect_eq(abi_flags_g2h(ABI_M_open_flags, 0100000), (uint64_t)O_NOFOLLOW);
    cr_expect_eq(abi_flags_g2h(ABI_M_open_flags, 0200000), (uint64_t)O_DIRECT);
    cr_expect_eq(abi_flags_g2h(ABI_M_open_flags, 0400000), 0100000u); /* x86-64 kernel O_LARGEFILE */
    uint64_t g = 2 | 0100 | 040000 | 02000000;  /* O_RDWR|O_CREAT|O_DIRECTORY|O_CLOEXEC */
    uint64_t h = abi_flags_g2h(ABI_M_open_flags, g);
    cr_expect_eq(h, (uint64_t)(O_RDWR | O_CREAT | O_DIRECTORY | O_CLOEXEC));
    cr_expect_eq(abi_flags_h2g(ABI_M_open_flags, h), g);
    /* every single guest bit survives a round trip */
    for (int b = 0; b < 32; b++)
        cr_expect_eq(abi_flags_h2g(ABI_M_open_flags, abi_flags_g2h(ABI_M_open_flags, 1u << b)),
                     1u << b, "bit %d", b);
}

Test(abi_flags, guest_only_prot_bits_are_dropped)
{
    /* PROT_BTI (arm64 asm/mman.h 0x10) has no x86-64 meaning */
    cr_expect_eq(A64_PROT_BTI, 0x10);
    cr_expect_eq(abi_flags_g2h(ABI_M_prot_flags, 0x1 | 0x4 | 0x10), 0x5u);
}

Test(abi_values, errno_and_signals)
{
    cr_expect(abi_map(ABI_M_errno)->same);
    cr_expect_eq(abi_value_h2g(ABI_M_errno, ENOENT), A64_ENOENT);
    cr_expect_eq(abi_value_g2h(ABI_M_signals, A64_SIGCHLD), SIGCHLD);
    cr_expect_str_eq(abi_value_name(abi_map(ABI_M_errno), 2), "ENOENT");
    cr_expect_str_eq(abi_value_name(abi_map(ABI_M_signals), 17), "SIGCHLD");
}

Test(abi_values, flag_names_for_strace)
{
    char buf[128];
    cr_expect_str_eq(abi_flags_str(abi_map(ABI_M_open_flags), 040000 | 02000000, buf, sizeof buf),
                     "O_DIRECTORY|O_CLOEXEC");
    cr_expect_str_eq(abi_flags_str(abi_map(ABI_M_prot_flags), 0x1 | 0x100000000ull, buf, sizeof buf),
                     "PROT_READ|0x100000000");
}

Test(abi_syscalls, numbers_from_asm_generic_unistd)
{
    /* asm-generic/unistd.h: __NR_openat 56, __NR_read 63, __NR_exit_group 94 */
    cr_expect_eq(A64_NR_openat, 56);
    cr_expect_eq(A64_NR_read, 63);
    cr_expect_eq(A64_NR_exit_group, 94);
    cr_expect_str_eq(abi_aarch64.syscall_names[56], "openat");
    cr_expect_str_eq(abi_aarch64.syscall_names[A64_NR_newfstatat], "newfstatat");
    cr_expect_null(abi_aarch64.syscall_names[250]);  /* arch-specific block, unused on arm64 */
}
