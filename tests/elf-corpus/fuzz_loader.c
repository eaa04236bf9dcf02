/*
 * libFuzzer target for the ELF loader: every input is handed to
 * loader_load as a program file (through a memfd) and whatever it mapped
 * is torn down again, so inputs are independent.  Built and run by
 * `make loader-fuzz` (mk/loader.mk), seeded with the arm64 test programs.
 */
#include <elf.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "loader/loader.h"
#include "loader/vmmap.h"

static const struct guest_arch fuzz_arch = {
    .name = "aarch64",
    .elf_machine = EM_AARCH64,
    .minsigstksz = 5120,
    .interp_default = "/lib/ld-linux-aarch64.so.1",
};

static int unmap_area(const struct vm_area *a, void *arg)
{
    (void)arg;
    munmap((void *)a->start, a->end - a->start);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("fuzz-elf", 0);
    if (fd < 0)
        return 0;
    if (write(fd, data, size) != (ssize_t)size || fchmod(fd, 0755) < 0) {
        close(fd);
        return 0;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    char *argv[] = { "fuzz", "arg", NULL };
    char *envp[] = { "A=B", NULL };
    struct loader_opts o = { .ld_prefix = "/usr/aarch64-linux-gnu", .stack_size = 1 << 20 };
    struct image_info img;
    char err[256];
    if (loader_load(&fuzz_arch, path, argv, envp, &o, &img, err, sizeof err) == 0) {
        vmmap_foreach(unmap_area, NULL);
        vmmap_remove(0, UINT64_MAX);
        if (img.brk_limit > img.start_brk)
            munmap((void *)img.start_brk, img.brk_limit - img.start_brk);
        munmap((void *)(img.stack_low - (1 << 20)), 1 << 20);
    } else if (!err[0] || strchr(err, '\n')) {
        fprintf(stderr, "bad reason: [%s]\n", err);
        __builtin_trap();   /* every refusal must come with a one-line reason */
    }
    close(fd);
    return 0;
}
