/*
 * The generated aarch64 syscall numbers (abi/aarch64/, from the cross
 * asm/unistd.h) checked against an independent oracle: libseccomp's own
 * per-arch syscall tables (loaded with dlopen, so the unit-test binary
 * needs no extra link flag; skipped where libseccomp is absent).
 */
#include <criterion/criterion.h>
#include <dlfcn.h>
#include <seccomp.h>

#include "abi/abi.h"

Test(abi_syscalls, numbers_agree_with_libseccomp)
{
    void *h = dlopen("libseccomp.so.2", RTLD_NOW);
    if (!h)
        cr_skip_test("libseccomp.so.2 not installed");
    int (*resolve)(uint32_t, const char *) =
        (int (*)(uint32_t, const char *))dlsym(h, "seccomp_syscall_resolve_name_arch");
    cr_assert_not_null(resolve);
    unsigned checked = 0;
    for (uint32_t nr = 0; nr < abi_aarch64.nr_count; nr++) {
        const char *name = abi_aarch64.syscall_names[nr];
        if (!name)
            continue;
        int want = resolve(SCMP_ARCH_AARCH64, name);
        if (want < 0)
            continue;   /* newer than this libseccomp */
        cr_expect_eq((uint32_t)want, nr, "%s: generated %u, libseccomp %d", name, nr, want);
        checked++;
    }
    cr_expect_gt(checked, 250, "only %u names known to libseccomp", checked);
    dlclose(h);
}
